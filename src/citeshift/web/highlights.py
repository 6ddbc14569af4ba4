"""Which field a diagnostic is about, and which records need a person's look.

Diagnostics name an item, not a field, so the page would otherwise only be
able to flag whole rows. The field is read from the diagnostic's code
(``repair.page``, ``text.doi``) or its message (``lost dash in page range``)
through the table below: data, kept in one place, so a new reader's wording
is taught here once.
"""

from __future__ import annotations

import re
from typing import Any

from citeshift.model import vocab
from citeshift.model.item import Item

#: words in codes and messages -> the CSL variable they are about (first match wins)
FIELD_WORDS: dict[str, str] = {
    "page": "page", "pages": "page", "page-range": "page", "dash": "page", "dashes": "page",
    "article-number": "number",
    "doi": "DOI", "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID", "pmcid": "PMCID",
    "url": "URL", "link": "URL",
    "author": "author", "authors": "author", "editor": "editor", "editors": "editor",
    "title": "title", "journal": "container-title", "container": "container-title",
    "container-title": "container-title",
    "year": "issued", "date": "issued", "issued": "issued",
    "volume": "volume", "issue": "issue", "edition": "edition",
    "publisher": "publisher", "place": "publisher-place",
    "accessed": "accessed", "cited": "accessed",
    "type": "type",
}

_VARS_LOWER = {v.lower(): v for v in vocab.ALL_VARIABLES}
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
#: a record whose parser confidence is below this is flagged for review
LOW_CONFIDENCE = 0.8


def field_of(code: str, message: str) -> str | None:
    """The variable a diagnostic is about, or None when it concerns the whole record."""
    for part in re.split(r"[.:/]", code.lower()):
        if part in FIELD_WORDS:
            return FIELD_WORDS[part]
        if part in _VARS_LOWER and part not in {"repair", "warning", "lossy"}:
            return _VARS_LOWER[part]
    quoted = re.findall(r"[`'\"]([A-Za-z][\w-]*)[`'\"]", message)
    for word in quoted:
        if word.lower() in _VARS_LOWER:
            return _VARS_LOWER[word.lower()]
    for word in _WORD.findall(message):
        low = word.lower().rstrip("-")
        if low in FIELD_WORDS:
            return FIELD_WORDS[low]
    return None


def confidence(item: Item) -> float | None:
    value = item.meta.get("confidence")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def flags(item: Item, diagnostics: list[dict[str, Any]]) -> tuple[dict[str, list[str]], list[str]]:
    """Reasons by field, and reasons about the whole record, for one item."""
    by_field: dict[str, list[str]] = {}
    record: list[str] = []
    for d in diagnostics:
        if d.get("severity") == "info":
            continue
        where = field_of(str(d.get("code", "")), str(d.get("message", "")))
        if where is not None and (where in item.vars or where == "type"):
            by_field.setdefault(where, []).append(d["message"])
        else:
            record.append(d["message"])
    score = confidence(item)
    if score is not None and score < LOW_CONFIDENCE:
        record.insert(0, f"low parser confidence ({score:.2f}): check this record against the original")
    return by_field, record
