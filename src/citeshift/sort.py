"""Ordering an output (``--sort key|author|year|none``).

Sorting holds every item (the last one read may sort first). Comparisons are
on folded text (case, accents and LaTeX/markup braces ignored) so that
"Ångström" sorts with "Angstrom" and "{van} Dijk" with "van Dijk"; keys sort
naturally ("ref2" before "ref10"). Ties keep input order (the sort is stable).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from citeshift.errors import CiteshiftError
from citeshift.model.item import Item

SORT_KEYS = ("key", "author", "year", "none")

_MARKUP = re.compile(r"<[^>]+>|[{}\\]")
_DIGITS = re.compile(r"(\d+)")


def fold(text: str) -> str:
    """Lower case, no accents, no markup: the form two spellings of one word share."""
    text = _MARKUP.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(fold(text)))


def first_author(item: Item) -> str:
    """Family name (with particle) of the first author, else editor, else ''."""
    for role in ("author", "editor", "translator", "composer", "director"):
        names = item.names(role)
        if names:
            return names[0].family_full or names[0].given or ""
    return ""


def _author_string(item: Item) -> str:
    for role in ("author", "editor"):
        names = item.names(role)
        if names:
            return " ".join(f"{n.family_full} {n.given or ''}" for n in names)
    return ""


_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")


def year(item: Item) -> int | None:
    """Year of ``issued``, also from a literal date such as "in press 2021"."""
    date = item.date("issued")
    if date is None:
        return None
    if date.year is not None:
        return date.year
    m = _YEAR.search(date.literal or date.raw or "")
    return int(m.group(1)) if m else None


_MISSING_YEAR = 10**6  # items without a year go last


def _title(item: Item) -> str:
    return fold(item.text("title") or "")


def _by_key(item: Item) -> tuple[Any, ...]:
    return _natural(item.id)


def _by_author(item: Item) -> tuple[Any, ...]:
    who = fold(_author_string(item))
    y = year(item)
    # no author: sort by title, as bibliographies do
    return (who or _title(item), _MISSING_YEAR if y is None else y, _title(item), _natural(item.id))


def _by_year(item: Item) -> tuple[Any, ...]:
    y = year(item)
    return (_MISSING_YEAR if y is None else y, fold(_author_string(item)), _title(item),
            _natural(item.id))


SORTERS: dict[str, Callable[[Item], tuple[Any, ...]]] = {
    "key": _by_key,
    "author": _by_author,
    "year": _by_year,
}


def check_sort_key(name: str) -> None:
    if name not in SORT_KEYS:
        raise CiteshiftError(f"unknown sort order {name!r} (use one of: {', '.join(SORT_KEYS)})")


def sort_items(items: Iterable[Item], by: str) -> list[Item]:
    """Items in the order ``by`` asks for (``none`` keeps input order)."""
    check_sort_key(by)
    listed = list(items)
    if by == "none":
        return listed
    return sorted(listed, key=SORTERS[by])
