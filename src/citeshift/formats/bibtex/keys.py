"""Citation keys: keep the one an item has; make stable, readable, unique ones otherwise.

A generated key is ``<first author's family name><year><first significant
title word>`` in lower-case ASCII (``glette2023resilience``), so the same item
always gets the same key; collisions within one output get ``a``, ``b``, ...
"""

from __future__ import annotations

import re
import unicodedata

from citeshift.model.item import Item
from citeshift.model.richtext import strip_markup

#: what BibTeX and biber accept in a key without quoting trouble
_VALID_KEY = re.compile(r"^[A-Za-z0-9_:.+/@'!?*&<>;|-]+$")
_GENERATED_ID = re.compile(r"(?i)^(?:item|ref|entry|cite|reference)[-_ ]?\d+$")
_STOP = frozenset(["a", "an", "the", "on", "of", "in", "and", "for", "to", "from", "with", "at", "by", "as", "is", "are", "be", "or", "its", "it", "via", "into", "over", "under", "about", "der", "die", "das", "ein", "eine", "und", "von", "zur", "zum", "le", "la", "les", "un", "une", "des", "du", "et", "el", "los", "las", "y", "del"])
_WORD = re.compile(r"[A-Za-z0-9]+")


def ascii_fold(text: str) -> str:
    """``Glétte Ørsted ß`` -> ``Glette Orsted ss``: letters without their accents."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l") \
        .replace("Ł", "L").replace("æ", "ae").replace("Æ", "AE").replace("œ", "oe") \
        .replace("đ", "d").replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def usable_key(item: Item) -> str | None:
    """The key the item already has, if it can be used as a BibTeX key."""
    for candidate in (item.get("citation-key"), item.id if _id_is_key(item) else None):
        if isinstance(candidate, str) and candidate and _VALID_KEY.match(candidate):
            return candidate
    return None


def _id_is_key(item: Item) -> bool:
    """Ids that were chosen by a person or a reference manager, not counters or URLs."""
    if item.source is not None and item.source.format in ("bibtex", "biblatex"):
        return True
    if item.meta.get("id-type") == "number":
        return False
    ident = item.id
    return not (ident.isdigit() or "//" in ident or _GENERATED_ID.match(ident))


def generate_key(item: Item) -> str:
    """``glette2023resilience``: author, year, first significant title word."""
    who = ""
    for role in ("author", "editor", "translator"):
        names = item.names(role)
        if names:
            first = names[0]
            who = first.literal if first.literal is not None else (first.family or first.given or "")
            if first.literal is not None:
                words = _WORD.findall(ascii_fold(who))
                who = words[0] if words else ""
            break
    date = item.date("issued")
    year = str(date.year) if date is not None and date.year is not None else ""
    title_word = ""
    title = item.text("title")
    if title:
        for word in _WORD.findall(ascii_fold(strip_markup(title))):
            if word.lower() not in _STOP:
                title_word = word
                break
    who = "".join(_WORD.findall(ascii_fold(who)))
    key = f"{who}{year}{title_word}".lower()
    return key or "ref"


class KeyMaker:
    """Keys for one output file, unique within it."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        #: the next suffix to try for each base (from "a" each time was quadratic)
        self.next_suffix: dict[str, int] = {}

    def key_for(self, item: Item) -> tuple[str, str | None]:
        """(key, why it differs from the item's own key or None)."""
        own = usable_key(item)
        base = own or generate_key(item)
        key = base
        if key.lower() in self.used:
            n = self.next_suffix.get(base.lower(), 0)
            while key.lower() in self.used:
                key = base + _suffix(n)
                n += 1
            self.next_suffix[base.lower()] = n
        self.used.add(key.lower())
        if own is not None and key != own:
            return key, f"citation key {own!r} is used twice in this output; written as {key!r}"
        if own is None:
            original = item.get("citation-key") or item.id
            if _id_is_key(item) and original:
                return key, f"citation key {original!r} is not a valid BibTeX key; " \
                            f"written as {key!r}"
        return key, None


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out
