"""The citation item: an id, a CSL type and an open map of typed CSL variables.

Following the CSL-JSON data model keeps every format one mapping away from
every other. What a source holds that CSL cannot (its own entry type, fields
with no CSL home, "et al." markers, the parser's confidence) rides along in
``source``, ``etal`` and ``meta`` and is written under ``custom.citeshift`` in
CSL-JSON, so a round trip through the pivot loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from citeshift.model.dates import Date
from citeshift.model.names import Name

Value = str | int | float | list[Name] | Date

#: The key under ``custom`` where citeshift keeps its own data.
CUSTOM_NS = "citeshift"


@dataclass(slots=True)
class Origin:
    """Where an item came from, for messages ("refs.bib:12: ...")."""

    file: str | None = None
    line: int | None = None
    record: int | None = None
    format: str | None = None

    def where(self) -> str:
        place = self.file or "<input>"
        if self.line is not None:
            return f"{place}:{self.line}"
        if self.record is not None:
            return f"{place}: record {self.record}"
        return place


@dataclass(slots=True)
class SourceRecord:
    """The source's own view of a record: its type and the fields CSL had no place for.

    ``fields`` is a list (not a dict) because formats such as RIS repeat tags,
    and their order matters when writing the same format back.
    """

    format: str
    type: str | None = None
    fields: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": self.format}
        if self.type is not None:
            out["type"] = self.type
        if self.fields:
            out["fields"] = [[k, v] for k, v in self.fields]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], problems: list[str] | None = None) -> SourceRecord:
        raw = data.get("fields", [])
        pairs = raw if isinstance(raw, list) else []
        good = [p for p in pairs if isinstance(p, (list, tuple)) and len(p) == 2
                and p[0] is not None]
        if problems is not None and (len(good) != len(pairs) or pairs is not raw):
            # hand-edited or damaged CSL-JSON: a [key, value] pair is the only shape
            problems.append(f"custom.citeshift.source.fields: {len(pairs) - len(good) or 1} "
                            "entries are not [key, value] pairs; skipped")
        fields = [(str(k), str(v)) for k, v in good]
        return cls(format=str(data.get("format", "")), type=data.get("type"), fields=fields)


@dataclass(slots=True)
class Item:
    id: str
    type: str
    vars: dict[str, Value] = field(default_factory=dict)
    custom: dict[str, Any] = field(default_factory=dict)
    #: Name roles whose source list ended in "et al." / "and others".
    etal: set[str] = field(default_factory=set)
    source: SourceRecord | None = None
    #: citeshift's annotations (original text, confidence, ...), written under custom.citeshift.
    meta: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None

    # Mapping-like access to variables keeps reader and writer code short.
    def __getitem__(self, key: str) -> Value:
        return self.vars[key]

    def __setitem__(self, key: str, value: Value) -> None:
        self.vars[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self.vars

    def get(self, key: str, default: Any = None) -> Any:
        return self.vars.get(key, default)

    def text(self, key: str) -> str | None:
        """A text or number variable as a string, or None."""
        value = self.vars.get(key)
        if value is None or isinstance(value, (list, Date)):
            return None
        return str(value)

    def names(self, role: str) -> list[Name]:
        value = self.vars.get(role)
        if isinstance(value, list) and all(isinstance(n, Name) for n in value):
            return value
        return []

    def date(self, key: str) -> Date | None:
        value = self.vars.get(key)
        return value if isinstance(value, Date) else None

    def name_roles(self) -> Iterator[tuple[str, list[Name]]]:
        for key, value in self.vars.items():
            if isinstance(value, list) and value and isinstance(value[0], Name):
                yield key, value

    def where(self) -> str:
        return self.origin.where() if self.origin else self.id

    def add_source_field(self, fmt: str, key: str, value: str) -> None:
        """Keep a field that has no CSL home, so that it can be written back."""
        if self.source is None:
            self.source = SourceRecord(format=fmt)
        self.source.fields.append((key, value))

    def to_json(self) -> dict[str, Any]:
        """CSL-JSON for this item (schema 1.0.2), with citeshift's own data under custom."""
        item_id: Any = self.id
        if self.meta.get("id-type") == "number":
            try:
                item_id = int(self.id)
            except ValueError:
                item_id = self.id
        out: dict[str, Any] = {"id": item_id, "type": self.type}
        for key, value in self.vars.items():
            if isinstance(value, list):
                out[key] = [n.to_json() if isinstance(n, Name) else n for n in value]
            elif isinstance(value, Date):
                out[key] = value.to_json()
            else:
                out[key] = value
        custom = dict(self.custom)
        ours: dict[str, Any] = dict(custom.get(CUSTOM_NS) or {})
        if self.etal:
            ours["etal"] = sorted(self.etal)
        if self.source is not None:
            ours["source"] = self.source.to_json()
        ours.update({k: v for k, v in self.meta.items() if k != "id-type"})
        if ours:
            custom[CUSTOM_NS] = ours
        else:
            custom.pop(CUSTOM_NS, None)
        if custom:
            out["custom"] = custom
        return out


def item_from_json(data: dict[str, Any], *, problems: list[str] | None = None,
                   fallback_id: str = "item") -> Item:
    """Build an item from one CSL-JSON object, validating as it goes.

    Nothing is dropped: keys the schema does not know and values of the wrong
    shape are kept under ``custom`` and described in ``problems``.
    """
    from citeshift.model import vocab

    problems = problems if problems is not None else []
    raw_id = data.get("id")
    if raw_id is None or raw_id == "":
        item_id = fallback_id
        problems.append(f"item has no id; using {item_id!r}")
    else:
        item_id = str(raw_id)
        if not isinstance(raw_id, str):
            # numbers are valid ids in CSL-JSON; remember the type for an exact round trip
            pass
    ctype = data.get("type")
    item = Item(id=item_id, type="document")
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        item.meta["id-type"] = "number"
    if not isinstance(ctype, str) or not ctype:
        problems.append("item has no type; using 'document'")
    elif ctype not in vocab.ITEM_TYPES:
        fixed = ctype.strip().lower().replace(" ", "-")
        fixed = {"legal-case": "legal_case", "motion-picture": "motion_picture",
                 "musical-score": "musical_score",
                 "personal-communication": "personal_communication"}.get(fixed, fixed)
        if fixed in vocab.ITEM_TYPES:
            problems.append(f"CSL type {ctype!r} read as {fixed!r}")
            item.type = fixed
        else:
            problems.append(f"unknown CSL type {ctype!r}; using 'document' (original kept)")
        item.source = SourceRecord(format="csl-json", type=ctype)
    else:
        item.type = ctype

    custom = data.get("custom")
    if isinstance(custom, dict):
        custom = dict(custom)
        ours = custom.pop(CUSTOM_NS, None)
        if isinstance(ours, dict):
            ours = dict(ours)
            etal = ours.pop("etal", None)
            if isinstance(etal, list):
                item.etal = {str(r) for r in etal}
            source = ours.pop("source", None)
            if isinstance(source, dict):
                item.source = SourceRecord.from_json(source, problems)
            item.meta.update(ours)
        elif ours is not None:
            custom[CUSTOM_NS] = ours
        item.custom = custom
    elif custom is not None:
        problems.append("'custom' is not an object; kept as custom.value")
        item.custom = {"value": custom}

    for key, value in data.items():
        if key in ("id", "type", "custom"):
            continue
        kind = vocab.variable_kind(key)
        if kind is None:
            if key in vocab.ITEM_KEYS:
                item.vars[key] = value
                continue
            problems.append(f"unknown variable {key!r} kept under custom")
            item.custom[key] = value
            continue
        if value is None:
            continue
        if kind == "name":
            if isinstance(value, list) and all(isinstance(n, dict) for n in value):
                item.vars[key] = [Name.from_json(n) for n in value]
            elif isinstance(value, str):
                problems.append(f"{key} is a string, not a list of names; read as one literal name")
                item.vars[key] = [Name(literal=value)]
            else:
                problems.append(f"{key} is not a list of names; kept under custom")
                item.custom[key] = value
        elif kind == "date":
            if isinstance(value, (dict, str)):
                item.vars[key] = Date.from_json(value)
            elif isinstance(value, (int,)) and not isinstance(value, bool):
                problems.append(f"{key} is a number; read as a year")
                item.vars[key] = Date(parts=[[value]])
            else:
                problems.append(f"{key} is not a date; kept under custom")
                item.custom[key] = value
        else:
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                item.vars[key] = value
            else:
                problems.append(f"{key} should be text, got {type(value).__name__}; kept under custom")
                item.custom[key] = value
    return item
