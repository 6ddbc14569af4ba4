"""Fields as a person sees and types them in the review table, and back.

The table shows every variable as one line of text; an edit comes back as one
line of text and must land in the model with the right kind (names, date,
number or text, from :mod:`citeshift.model.vocab`). Names are written
``Family, Given; Family, Given`` with organisations as a name without a comma
and a trailing ``et al.`` setting the et-al flag, the same convention the
reference lists themselves use, so a person can type what they read.
"""

from __future__ import annotations

import re
from typing import Any

from citeshift.model import vocab
from citeshift.model.dates import Date, date_or_literal
from citeshift.model.item import Item, Value
from citeshift.model.names import Name

#: columns the table always shows, in order; every other variable appears in the row's details
TABLE_COLUMNS: tuple[str, ...] = (
    "author", "title", "container-title", "issued", "volume", "issue", "page", "DOI",
)

_ETAL = re.compile(r"(?:;|,)?\s*(?:et\s+al\.?|and\s+others)\s*$", re.I)


class FieldError(ValueError):
    """An edit that cannot be stored (unknown variable, bad type); the message is for the page."""


def name_text(name: Name) -> str:
    if name.literal is not None:
        return name.literal
    family = name.family_full or ""
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    text = f"{family}, {given}" if given else family
    if name.suffix:
        text += f", {name.suffix}"
    return text


def names_text(names: list[Name], etal: bool) -> str:
    text = "; ".join(name_text(n) for n in names)
    if etal:
        text = f"{text}; et al." if text else "et al."
    return text


def date_text(date: Date) -> str:
    if date.parts and date.parts[0]:
        iso = date.to_iso() or ""
        if date.season:
            iso += f" (season {date.season})"
        return iso
    return date.literal or date.raw or ""


def value_text(item: Item, key: str) -> str:
    """One line of text for a variable, as the table shows it and the editor starts from."""
    value = item.vars.get(key)
    if value is None:
        return ""
    if isinstance(value, Date):
        return date_text(value)
    if isinstance(value, list):
        return names_text([n for n in value if isinstance(n, Name)], key in item.etal)
    return str(value)


def _parse_name(text: str) -> Name:
    family, sep, rest = text.partition(",")
    if not sep:
        return Name(literal=text.strip())
    given, _, suffix = rest.partition(",")
    return Name(family=family.strip() or None, given=given.strip() or None,
                suffix=suffix.strip() or None)


def parse_names(text: str, previous: list[Name] | None = None) -> tuple[list[Name], bool]:
    """Names from ``Family, Given; ...``; names typed exactly as shown keep their particles."""
    etal = bool(_ETAL.search(text))
    text = _ETAL.sub("", text).strip()
    kept = {name_text(n): n for n in previous or []}
    names = []
    for part in text.split(";"):
        part = part.strip()
        if part:
            names.append(kept.get(part) or _parse_name(part))
    return names, etal


def set_field(item: Item, key: str, text: str) -> None:
    """Store the text a person typed for ``key``; empty text removes the variable."""
    key = key.strip()
    text = text.strip()
    if key == "type":
        if text not in vocab.ITEM_TYPES:
            raise FieldError(f"{text!r} is not a CSL item type")
        item.type = text
        return
    if key == "id":
        if not text:
            raise FieldError("the id cannot be empty")
        item.id = text
        return
    kind = vocab.variable_kind(key)
    if kind is None:
        raise FieldError(f"{key!r} is not a CSL variable")
    if not text:
        item.vars.pop(key, None)
        item.etal.discard(key)
        return
    value: Value
    if kind == "name":
        names, etal = parse_names(text, item.names(key))
        if etal:
            item.etal.add(key)
        else:
            item.etal.discard(key)
        if not names:
            item.vars.pop(key, None)
            return
        value = names
    elif kind == "date":
        value = date_or_literal(text)
    else:
        value = text
    item.vars[key] = value


def field_kinds() -> dict[str, Any]:
    """The variables a person may add, by kind, for the page's "add a field" list."""
    return {
        "types": sorted(vocab.ITEM_TYPES),
        "variables": {name: vocab.variable_kind(name) for name in sorted(vocab.ALL_VARIABLES)},
    }
