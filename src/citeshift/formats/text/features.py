"""Token features for the sequence labeller.

A reference's fields are recognised less by the words than by their shape:
capitalised initials (``DW,``), four-digit years, ``13(9):``, a ``.`` that
closes a title, the keywords that open a container (``In:``) or a publisher
(``Press``). Each token becomes a list of string features about itself and
its neighbours; the same function serves training and labelling, so the model
and the reader can never disagree about what a feature means.
"""

from __future__ import annotations

import re
import unicodedata

from citeshift.model.dates import MONTHS

_YEAR = re.compile(r"^[(\[]?(1[5-9]\d\d|20\d\d)[a-z]?[)\].,;:]*$")
_RANGE = re.compile(r"^[(\[]?[A-Za-z]?\d+[A-Za-z]?\s*[-‐‑‒–—―−]+\s*[A-Za-z]?\d+[A-Za-z]?[)\].,;:]*$")
_VOLISS = re.compile(r"^\d+\s*\(\s*[\w/–-]+\s*\)[:.,;]*$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,3}[,.;]?$")
_VANC_INIT = re.compile(r"^[A-Z]{1,3}[,.]?$")
_ELOC = re.compile(r"^e\d{3,}[.,;]?$")

KEYWORDS: dict[str, str] = {}
for _kind, _words in {
    "in": "in",
    "ed": "ed eds editor editors editor(s) hrsg hg dir coord comp",
    "trans": "trans transl translated translator",
    "vol": "vol vols volume volumes bd band tome t",
    "no": "no nos nr number issue heft",
    "pp": "pp p page pages s",
    "edn": "edn edition ed. aufl auflage",
    "etal": "et al al. others",
    "and": "and & und et y",
    "pub": "press publisher publishers publishing verlag books university univ inc ltd co",
    "conf": "proceedings proc conference conf symposium workshop congress meeting",
    "jour": "journal j review rev bulletin bull annals ann transactions trans letters lett",
    "thesis": "thesis dissertation phd ph.d diss master's masters",
    "report": "report technical tech memorandum working paper",
    "web": "internet online webpage web available accessed retrieved cited",
    "url": "http https www doi pmid pmcid isbn issn arxiv",
}.items():
    for _w in _words.split():
        KEYWORDS.setdefault(_w, _kind)


def canonical(word: str) -> str:
    """The word without surrounding punctuation, lower-cased (a loop: linear on any input)."""
    i, j = 0, len(word)
    while i < j and not (word[i].isalnum()):
        i += 1
    while j > i and not (word[j - 1].isalnum()):
        j -= 1
    return word[i:j].lower()


def shape(word: str) -> str:
    """A compressed character-class pattern: ``Knutsen,`` -> ``Aa,``; ``13(9):`` -> ``0(0):``."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "A"
        elif ch.isalpha():
            c = "a"
        elif ch.isdigit():
            c = "0"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def _token_feats(word: str) -> list[str]:
    if len(word) > 100:  # no field is one 100-character word; keep both ends, bound the work
        word = word[:50] + word[-50:]
    canon = canonical(word)
    feats = [f"w={canon[:20]}", f"sh={shape(word)}"]
    if canon:
        feats.append(f"p3={canon[:3]}")
        feats.append(f"s3={canon[-3:]}")
        feats.append(f"s2={canon[-2:]}")
    first, last = word[0], word[-1]
    feats.append(f"first={first if not first.isalnum() else ('A' if first.isupper() else 'a' if first.isalpha() else '0')}")
    feats.append(f"last={last if not last.isalnum() else 'x'}")
    if len(canon) == 1:
        feats.append("len1")
    if _YEAR.match(word):
        feats.append("year")
    if canon.isdigit():
        feats.append(f"digits={min(len(canon), 6)}")
    elif any(c.isdigit() for c in canon):
        feats.append("hasdigit")
    if _RANGE.match(word):
        feats.append("range")
    if _VOLISS.match(word):
        feats.append("voliss")
    if _ELOC.match(word):
        feats.append("eloc")
    if _VANC_INIT.match(word):
        feats.append("vinit")
    elif _INITIALS.match(word):
        feats.append("init")
    if word.isupper() and len(canon) > 3:
        feats.append("allcaps")
    if canon in MONTHS:
        feats.append("month")
    kind = KEYWORDS.get(canon)
    if kind:
        feats.append(f"kw={kind}")
    if word.startswith(("http", "www.")) or "://" in word:
        feats.append("url")
    if "10." in word and "/" in word:
        feats.append("doi")
    if word[0] in "([{":
        feats.append("open")
    if word.rstrip(".,;:")[-1:] in ")]}":
        feats.append("close")
    if word[0] in "\"“‘'«" or word.rstrip(".,;:")[-1:] in "\"”’'»":
        feats.append("quote")
    if unicodedata.category(first) == "Pd" or word in {"&", "and"}:
        feats.append("conj")
    return feats


def sequence_features(words: list[str]) -> list[list[str]]:
    """Features for every token of one reference, with a window of two on each side."""
    base = [_token_feats(w) for w in words]
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = list(base[i])
        feats.append(f"pos={min(9, i * 10 // max(n, 1))}")
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                for f in base[j][:2]:
                    feats.append(f"{off}:{f}")
                if off in (-1, 1):
                    for f in base[j][2:]:
                        if not f.startswith(("p3=", "s3=", "s2=")):
                            feats.append(f"{off}:{f}")
        if i > 0:
            prev_last = words[i - 1][-1]
            feats.append(f"prevend={prev_last if not prev_last.isalnum() else 'x'}")
        out.append(feats)
    return out
