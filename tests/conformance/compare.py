"""Field-by-field comparison of parsed items with a conformance suite's expected CSL-JSON.

The suites record what a peer tool produces, which is not a spec; so we
compare a chosen set of variables that matter to users, and report every
difference at once (one assertion message per case lists them all).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from citeshift.model.item import Item
from citeshift.model.richtext import strip_markup
from citeshift.normalize.identifiers import clean_doi

TEXT_FIELDS = (
    "title", "container-title", "volume", "issue", "page", "DOI", "ISBN", "ISSN", "URL",
    "publisher", "publisher-place", "abstract", "edition", "number", "collection-title",
)
NAME_FIELDS = ("author", "editor")
DATE_FIELDS = ("issued",)


def norm_text(value: Any) -> str:
    text = strip_markup(str(value))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def name_key(n: dict[str, Any]) -> str:
    if n.get("literal"):
        return norm_text(n["literal"])
    family = " ".join(p for p in (n.get("non-dropping-particle"), n.get("family")) if p)
    given = " ".join(p for p in (n.get("given"), n.get("dropping-particle")) if p)
    # "John S." and "John S" are the same name: peers differ only in whether they add
    # the period after a bare initial, so periods in given names are not compared.
    given = re.sub(r"\.\s*", " ", given).strip()
    if n.get("suffix"):  # "Jr.", "III" are part of the name, wherever a source keeps them
        given = f"{given}, {n['suffix']}" if given else str(n["suffix"])
    return norm_text(f"{family}, {given}" if given else family)


def date_key(d: Any) -> list[int] | str | None:
    if isinstance(d, dict):
        parts = d.get("date-parts")
        if parts and parts[0]:
            return [int(x) for x in parts[0]]
        if d.get("literal"):
            return norm_text(d["literal"])
        if d.get("raw"):
            return norm_text(d["raw"])
    return None


def diff_item(got: Item | dict[str, Any], expected: dict[str, Any],
              fields: tuple[str, ...] | None = None) -> list[str]:
    """Differences between one parsed item and its expected CSL-JSON, as readable lines."""
    data = got.to_json() if isinstance(got, Item) else got
    problems: list[str] = []
    wanted = fields or ("type", *TEXT_FIELDS, *NAME_FIELDS, *DATE_FIELDS)
    for field in wanted:
        if field not in expected:
            continue
        exp = expected[field]
        have = data.get(field)
        if field == "type":
            ok = have == exp
        elif field in NAME_FIELDS:
            exp_names = [name_key(n) for n in exp]
            have_names = [name_key(n) for n in have or []]
            ok = exp_names == have_names
            exp, have = exp_names, have_names
        elif field in DATE_FIELDS:
            exp, have = date_key(exp), date_key(have)
            ok = exp == have
        elif field == "DOI":
            # "https://doi.org/10.1/x" and "10.1/x" name the same DOI; DOIs are case-insensitive
            ok = have is not None and clean_doi(str(have)).lower() == clean_doi(str(exp)).lower()
        else:
            ok = have is not None and norm_text(have) == norm_text(exp)
        if not ok:
            problems.append(f"{field}: expected {exp!r}, got {have!r}")
    return problems


def diff_items(got: list[Item], expected: list[dict[str, Any]],
               fields: tuple[str, ...] | None = None) -> list[str]:
    problems: list[str] = []
    if len(got) != len(expected):
        problems.append(f"item count: expected {len(expected)}, got {len(got)}")
    for i, (g, e) in enumerate(zip(got, expected, strict=False), start=1):
        problems.extend(f"item {i}: {p}" for p in diff_item(g, e, fields))
    return problems
