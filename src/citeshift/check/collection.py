"""Checks across records: duplicate keys, likely duplicate records, journal titles.

They stream: each record is looked at once and only small keys are kept
(ids, identity keys, journal titles with a count), so checking a 50,000-entry
library does not hold the records themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citeshift.dedupe import REASONS, identity_keys
from citeshift.diagnostics import Report
from citeshift.model.item import Item
from citeshift.sort import fold

#: journal-title types (the container is a journal, magazine or newspaper)
JOURNAL_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "review"})

_PUNCT = re.compile(r"[^\w\s]+")
_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span)\b[^>]*>")
_STOP = re.compile(r"^the\s+")


def journal_key(title: str) -> str:
    """What two spellings of one journal share: case, dots, '&'/'and', a leading 'The'."""
    text = fold(title).replace("&", " and ")
    text = _PUNCT.sub(" ", text)
    return _STOP.sub("", " ".join(text.split()))


def _load_lookup() -> Callable[[str], Any] | None:
    try:
        from citeshift.journals import lookup  # built by the journals work; optional here
    except ImportError:
        return None
    return lookup


def _canonical(found: Any) -> str | None:
    """The full title a journal lookup returned, whatever shape it has."""
    if found is None or found is False:
        return None
    if isinstance(found, str):
        return found
    for attr in ("title", "full", "full_title", "name"):
        value = getattr(found, attr, None)
        if isinstance(value, str) and value:
            return value
    if isinstance(found, dict):
        for attr in ("title", "full", "full_title", "name"):
            if isinstance(found.get(attr), str):
                return found[attr]
    if isinstance(found, (tuple, list)) and found and isinstance(found[0], str):
        return found[0]
    return str(found)


def _records(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


@dataclass
class _Where:
    id: str
    place: str
    file: str | None
    line: int | None
    record: int | None


def _where(item: Item) -> _Where:
    o = item.origin
    return _Where(item.id, item.where(), o.file if o else None, o.line if o else None,
                  o.record if o else None)


@dataclass
class CollectionChecks:
    """Feed records with :meth:`see`; call :meth:`finish` to report what spans records."""

    report: Report
    ignore: frozenset[str] = frozenset()
    lookup: Callable[[str], Any] | None = field(default_factory=_load_lookup)
    _keys: dict[str, _Where] = field(default_factory=dict)
    _identities: dict[tuple[str, str], _Where] = field(default_factory=dict)
    #: journal key -> spelling -> (count, first place)
    _journals: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _known: dict[str, str | None] = field(default_factory=dict)

    def _emit(self, severity: str, code: str, message: str, item: Item) -> None:
        if code in self.ignore:
            return
        getattr(self.report, severity)(message, code=code, item=item)

    def see(self, item: Item) -> None:
        here = _where(item)
        first = self._keys.get(item.id)
        if first is None:
            self._keys[item.id] = here
        elif first.file == here.file:
            self._emit("error", "check.key.duplicate",
                       f"citation key {item.id!r} is already used at {first.place}", item)
        else:
            self._emit("warning", "check.key.duplicate",
                       f"citation key {item.id!r} is also used in {first.place}", item)
        for key in identity_keys(item):
            other = self._identities.setdefault(key, here)
            if other is not here:
                self._emit("warning", "check.duplicate",
                           f"likely duplicate of {other.id!r} ({other.place}): {REASONS[key[0]]}",
                           item)
                break
        title = item.text("container-title")
        if title and item.type in JOURNAL_TYPES:
            # markup (<span class="nocase">, <i>) is not spelling: compare the plain text
            title = " ".join(_MARKUP.sub("", title).split())
            key = self._journal_identity(title)
            spellings = self._journals.setdefault(key, {})
            entry = spellings.get(title)
            if entry is None:
                spellings[title] = [1, here, item]
            else:
                entry[0] += 1

    def _journal_identity(self, title: str) -> str:
        if self.lookup is not None:
            canonical = self._lookup(title)
            if canonical:
                return journal_key(canonical)
        return journal_key(title)

    def _lookup(self, title: str) -> str | None:
        if title not in self._known:
            try:
                self._known[title] = _canonical(self.lookup(title)) if self.lookup else None
            except Exception:  # a broken journal list must not stop the check
                self._known[title] = None
        return self._known[title]

    def finish(self) -> None:
        for spellings in self._journals.values():
            if len(spellings) > 1:
                ranked = sorted(spellings.items(), key=lambda kv: -kv[1][0])
                listing = "; ".join(f"{t!r} ({_records(n[0])}, first at {n[1].place})"
                                    for t, n in ranked)
                for title, (_count, _place, item) in ranked[1:]:
                    self._emit("warning", "check.journal.variants",
                               f"journal {title!r} is spelled several ways: {listing}", item)
            if self.lookup is not None:
                for title, (count, _place, item) in spellings.items():
                    if self._lookup(title) is None:
                        self._emit("warning", "check.journal.unknown",
                                   f"journal {title!r} is not a known journal title or "
                                   f"abbreviation ({_records(count)})", item)
        # free the first records kept for messages
        self._journals.clear()


COLLECTION_CODES = ("check.key.duplicate", "check.duplicate", "check.journal.variants",
                    "check.journal.unknown")
