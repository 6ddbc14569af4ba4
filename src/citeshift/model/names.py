"""Personal and organisational names as CSL-JSON holds them.

A name is either structured (family, given and the particles and suffix) or a
``literal`` (organisations, names that must never be split). Keys the CSL
schema does not know are kept in ``extra`` so that a round trip loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: CSL-JSON name keys in the order we write them.
NAME_KEYS: tuple[str, ...] = (
    "family",
    "given",
    "dropping-particle",
    "non-dropping-particle",
    "suffix",
    "comma-suffix",
    "static-ordering",
    "literal",
    "parse-names",
)

_ATTRS = {k: k.replace("-", "_") for k in NAME_KEYS}


@dataclass(slots=True)
class Name:
    family: str | None = None
    given: str | None = None
    dropping_particle: str | None = None
    non_dropping_particle: str | None = None
    suffix: str | None = None
    comma_suffix: bool | str | int | None = None
    static_ordering: bool | str | int | None = None
    literal: str | None = None
    parse_names: bool | str | int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_literal(self) -> bool:
        return self.literal is not None

    @property
    def family_full(self) -> str:
        """Family name with its non-dropping particle, as sorted and cited ("van Gogh")."""
        if self.literal is not None:
            return self.literal
        parts = [self.non_dropping_particle, self.family]
        return " ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in NAME_KEYS:
            value = getattr(self, _ATTRS[key])
            if value is not None:
                out[key] = value
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Name:
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key in _ATTRS:
                kwargs[_ATTRS[key]] = value
            else:
                extra[key] = value
        return cls(**kwargs, extra=extra)

    def display(self) -> str:
        """A readable one-line form for messages and reports ("van Gogh, Vincent, Jr.")."""
        if self.literal is not None:
            return self.literal
        head = " ".join(p for p in (self.non_dropping_particle, self.family) if p)
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        parts = [head or "?"]
        if given:
            parts.append(given)
        if self.suffix:
            parts.append(self.suffix)
        return ", ".join(parts)


def literal(text: str) -> Name:
    """An organisation or any name that must never be split."""
    return Name(literal=text)
