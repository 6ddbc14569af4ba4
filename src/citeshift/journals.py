"""Journal titles: full names and abbreviations from the CC0 JabRef lists.

APA and most author-date styles print full journal titles, Vancouver/NLM
styles print MEDLINE abbreviations (``J Clin Epidemiol``); sources hold either.
The table (``data/journals/journals.tsv.gz``, built by
``tools/build_journals.py``) maps each full title to its NLM (dotless) and ISO 4
(dotted) abbreviation; lookups fold case, accents, punctuation, ``&``/``and``
and a leading "The", so "the lancet", "Lancet" and "LANCET" are one journal.

API for other modules: :func:`lookup`, :func:`abbreviate`, :func:`expand`.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_DATA = "data/journals/journals.tsv.gz"
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_SMALL = frozenset(["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "the", "to", "upon", "via", "with", "de", "des", "du", "la", "le", "les", "und", "für", "der", "die", "das", "et"])


@dataclass(frozen=True, slots=True)
class Journal:
    #: the full title, in title case
    title: str
    #: the NLM/MEDLINE abbreviation without dots ("J Clin Epidemiol"), or ""
    nlm: str = ""
    #: the ISO 4 abbreviation with dots ("J. Clin. Epidemiol."), or ""
    iso: str = ""

    @property
    def abbreviation(self) -> str:
        """The abbreviation styles print as ``container-title-short``: NLM first, else ISO 4."""
        return self.nlm or self.iso


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _abbr_key(text: str) -> str:
    return _fold(text.replace(".", " "))


def title_case(title: str) -> str:
    """Title case for the sentence-case titles of the NLM list ("Journal of clinical epidemiology").

    Words with capitals inside (``PLoS``, ``BMJ``) and short function words keep their case.
    """
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        bare = word.strip("([").casefold()
        if word and word[0].islower() and (i == 0 or bare not in _SMALL) and not any(
                ch.isupper() for ch in word[1:]):
            j = len(word) - len(word.lstrip("(["))
            word = word[:j] + word[j:j + 1].upper() + word[j + 1:]
        out.append(word)
    return " ".join(out)


def _looks_sentence_case(title: str) -> bool:
    words = [w for w in title.split() if w[:1].isalpha() and w.casefold() not in _SMALL]
    return len(words) > 1 and sum(w[0].islower() for w in words[1:]) >= len(words[1:]) / 2


class _Table:
    def __init__(self) -> None:
        self.by_title: dict[str, Journal] = {}
        self.by_abbr: dict[str, Journal] = {}
        raw = resources.files("citeshift").joinpath(_DATA).read_bytes()
        for line in gzip.decompress(raw).decode("utf-8").splitlines():
            full, nlm, iso = ([*line.split("\t"), "", ""])[:3]
            title = title_case(full) if _looks_sentence_case(full) else full
            # NLM tells journals apart with a qualifier ("BMJ (Clinical research ed.)",
            # "Lancet (London, England)"); styles print the title without it
            shown = _QUALIFIER.sub("", title) or title
            journal = Journal(shown, nlm, iso)
            self.by_title.setdefault(_fold(full), journal)
            if shown != title:
                self.by_title.setdefault(_fold(shown), journal)
        for journal in self.by_title.values():
            for abbr in (journal.nlm, journal.iso):
                if abbr:
                    # an abbreviation shared by several journals stays with the first (sorted) one
                    self.by_abbr.setdefault(_abbr_key(abbr), journal)


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


@lru_cache(maxsize=4096)
def lookup(title: str) -> Journal | None:
    """The journal ``title`` names, as a full title or an abbreviation; None when unknown."""
    if not title or not title.strip():
        return None
    table = _table()
    key = _fold(title)
    found = table.by_title.get(key)
    if found is None:
        found = table.by_abbr.get(_abbr_key(title))
    return found


def abbreviate(title: str) -> str | None:
    """The abbreviation of a journal (NLM, else ISO 4), or None when unknown."""
    journal = lookup(title)
    return journal.abbreviation or None if journal else None


def expand(abbrev: str) -> str | None:
    """The full title for an abbreviation (or a full title in other spelling), or None."""
    journal = lookup(abbrev)
    return journal.title if journal else None


def is_abbreviation(title: str) -> bool:
    """Whether ``title`` is a known abbreviation rather than the journal's full title."""
    journal = lookup(title)
    return journal is not None and _fold(title) != _fold(journal.title) and (
        _abbr_key(title) in (_abbr_key(journal.nlm), _abbr_key(journal.iso)))
