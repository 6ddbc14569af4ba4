"""Finding and collapsing duplicate records (``citeshift merge``, ``convert --dedupe``).

Two records are the same work when they share a DOI, a PMID, or the same
normalised title, year and first author. Records are grouped transitively
(A~B by DOI and B~C by title puts all three together). A group collapses
into its most complete record; fields it lacks are filled from the others;
where the others say something different, the kept record wins and the other
values are kept under ``meta["merged"]`` (``custom.citeshift.merged`` in
CSL-JSON), so nothing is lost. Every merge is reported.

:func:`identity_keys` and :func:`find_duplicates` are shared with ``check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citeshift.diagnostics import Report
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.normalize.identifiers import clean_doi, is_valid_pmid
from citeshift.sort import first_author, fold, year

#: what each identity key means, for messages
REASONS: dict[str, str] = {
    "DOI": "same DOI",
    "PMID": "same PMID",
    "title": "same title, year and first author",
}

_NON_WORD = re.compile(r"[^\w]+")


def normalized_title(text: str) -> str:
    """Title reduced to its words: case, accents, markup and punctuation ignored."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def identity_keys(item: Item) -> list[tuple[str, str]]:
    """The (kind, value) pairs two records of the same work share."""
    keys: list[tuple[str, str]] = []
    doi = item.text("DOI")
    if doi:
        cleaned = clean_doi(doi).lower()
        if cleaned:
            keys.append(("DOI", cleaned))
    pmid = item.text("PMID")
    if pmid and is_valid_pmid(pmid):
        keys.append(("PMID", str(int(pmid.strip()))))
    title = normalized_title(item.text("title") or "")
    y = year(item)
    author = fold(first_author(item))
    if title and y is not None and author:
        keys.append(("title", f"{title}|{y}|{author}"))
    return keys


@dataclass(slots=True)
class DuplicateGroup:
    """Indices (input order) of records of one work, and why each joined (by index)."""

    members: list[int]
    reasons: dict[int, tuple[str, str]]


def find_duplicates(items: list[Item]) -> list[DuplicateGroup]:
    """Groups of two or more records that are the same work, in input order."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    reasons: dict[int, tuple[str, str]] = {}
    for i, item in enumerate(items):
        for key in identity_keys(item):
            j = first_with.setdefault(key, i)
            if j != i:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
                reasons.setdefault(i, key)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    return [DuplicateGroup(m, {i: reasons[i] for i in m if i in reasons})
            for m in groups.values() if len(m) > 1]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def completeness(item: Item) -> tuple[int, int]:
    """(filled variables, amount of text): the kept record is the one that says most."""
    filled = [v for v in item.vars.values() if not _empty(v)]
    size = 0
    for v in filled:
        if isinstance(v, list):
            size += len(v)
        elif isinstance(v, Date):
            size += len(v.parts[0]) if v.parts else 1
        else:
            size += len(str(v))
    return len(filled), size


#: variables compared as identifiers rather than as text
_IDENTIFIERS: dict[str, Any] = {
    "DOI": lambda v: clean_doi(v).lower(),
    "PMID": lambda v: v.strip().lstrip("0"),
    "URL": lambda v: v.strip().rstrip("/").lower(),
}


def _comparable(value: Any, key: str = "") -> Any:
    if key in _IDENTIFIERS and isinstance(value, str):
        return _IDENTIFIERS[key](value)
    if isinstance(value, list):
        return tuple(fold(n.family_full or n.literal or "") if isinstance(n, Name) else n
                     for n in value)
    if isinstance(value, Date):
        return tuple(tuple(p) for p in value.parts) or fold(value.literal or value.raw or "")
    if isinstance(value, str):
        return normalized_title(value)
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, list):
        return [n.to_json() if isinstance(n, Name) else n for n in value]
    if isinstance(value, Date):
        return value.to_json()
    return value


def _longer_name_list(mine: Any, other: Any) -> bool:
    if not (isinstance(mine, list) and isinstance(other, list) and len(other) > len(mine)):
        return False
    if not all(isinstance(n, Name) for n in (*mine, *other)):
        return False
    return _comparable(mine) == _comparable(other[: len(mine)])


def _merge_into(keeper: Item, other: Item) -> tuple[list[str], dict[str, Any]]:
    """Fill ``keeper`` from ``other``; return (filled variables, other's differing values)."""
    filled: list[str] = []
    differs: dict[str, Any] = {}
    for key, value in other.vars.items():
        if _empty(value):
            continue
        mine = keeper.vars.get(key)
        if _empty(mine):
            keeper.vars[key] = value
            filled.append(key)
            if key in other.etal:
                keeper.etal.add(key)
        elif _longer_name_list(mine, value):
            # the same names, and more of them: a truncated list ("et al.") completed
            keeper.vars[key] = value
            keeper.etal.discard(key)
            filled.append(f"{key} ({len(value) - len(mine)} more names)")
        elif _comparable(mine, key) != _comparable(value, key) and not _longer_name_list(
                value, mine):
            differs[key] = _to_json(value)
    for key, value in other.custom.items():
        if key not in keeper.custom:
            keeper.custom[key] = value
            filled.append(f"custom.{key}")
    if other.source is not None:
        if keeper.source is None:
            keeper.source = other.source
        elif keeper.source.format == other.source.format:
            have = {k for k, _ in keeper.source.fields}
            for k, v in other.source.fields:
                if k not in have:
                    keeper.source.fields.append((k, v))
                    filled.append(k)
        else:
            differs["source"] = other.source.to_json()
    return filled, differs


def merge_group(items: list[Item], group: DuplicateGroup, report: Report) -> Item:
    """Collapse one group into its most complete record, reporting each merge."""
    members = [items[i] for i in group.members]
    best = max(range(len(members)), key=lambda k: (completeness(members[k]), -k))
    keeper = members[best]
    for k, other in enumerate(members):
        if k == best:
            continue
        idx = group.members[k]
        kind, _value = group.reasons.get(idx) or group.reasons.get(group.members[best]) or (
            "title", "")
        filled, differs = _merge_into(keeper, other)
        entry: dict[str, Any] = {"id": other.id, "reason": REASONS[kind]}
        if other.origin is not None:
            entry["from"] = other.origin.where()
        if differs:
            entry["differs"] = differs
        keeper.meta.setdefault("merged", []).append(entry)
        message = f"merged duplicate {other.id!r} ({other.where()}) into {keeper.id!r}: {REASONS[kind]}"
        if filled:
            message += f"; filled {', '.join(filled)}"
        if differs:
            message += f"; kept this record's {', '.join(differs)} (the other values are kept " \
                       "under custom.citeshift.merged)"
        report.info(message, code="dedupe.merged", item=keeper)
        report.records_merged += 1
    return keeper


def dedupe(items: Iterable[Item], report: Report) -> list[Item]:
    """Items with each group of duplicates collapsed, at the place of its first member."""
    listed = list(items)
    drop: set[int] = set()
    replace: dict[int, Item] = {}
    for group in find_duplicates(listed):
        keeper = merge_group(listed, group, report)
        replace[group.members[0]] = keeper
        drop.update(group.members[1:])
    return [replace.get(i, item) for i, item in enumerate(listed) if i not in drop]
