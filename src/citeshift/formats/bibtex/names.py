"""BibTeX name lists: splitting them as BibTeX does, and writing them so they split back.

A list is split on ``and`` at brace depth 0. Each name takes one of BibTeX's
three forms, "First von Last", "von Last, First" and "von Last, Jr, First",
where the "von" words are those that start with a lower-case letter (looking
inside ``{\\"o}``-style special characters, not inside other brace groups).
A name that is one brace group (``{World Health Organization}``) is an
organisation (a literal), BibLaTeX's ``family=..., given=...`` form is
understood, and ``and others`` becomes the et-al flag rather than a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from citeshift.formats.bibtex.latex import decode_plain
from citeshift.model.names import Name

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_EXTENDED = re.compile(r"^\s*(?:family|given|prefix|suffix|useprefix|sortingnamekeytemplate)\s*=",
                       re.IGNORECASE)
_OTHERS = {"others", "et al.", "et al", "et~al."}


def _split_depth0(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split ``text`` on ``sep`` matches that lie at brace depth 0."""
    if "{" not in text:
        return sep.split(text)
    parts: list[str] = []
    start = 0
    depth = 0
    scanned = 0
    for m in sep.finditer(text):
        chunk = text[scanned : m.start()]
        depth += chunk.count("{") - chunk.count("}")
        if "\\" in chunk:  # \begin{...} ... \end{...} holds its "and" like a group
            depth += chunk.count("\\begin{") - chunk.count("\\end{")
        scanned = m.start()
        if depth <= 0 and m.end() > m.start():
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


_COMMA = re.compile(r"\s*,\s*")
_SPACE = re.compile(r"(?:\s|(?<!\\)~)+")


def split_list(value: str) -> tuple[list[str], bool]:
    """The raw names of a list, and whether it ended in "and others"."""
    value = value.strip()
    if not value:
        return [], False
    names = [n.strip() for n in _split_depth0(value, _AND)]
    etal = False
    while names and names[-1].lower() in _OTHERS:
        names.pop()
        etal = True
    return names, etal


def _word_case(word: str) -> str | None:
    """"l" or "u" by BibTeX's rule, or None for a caseless word."""
    depth = 0
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch == "{":
            if depth == 0 and i + 1 < n and word[i + 1] == "\\":
                # a special character: its case is that of the letter it makes
                j = i + 2
                while j < n and not word[j].isalpha():
                    j += 1
                if j < n:
                    # a control word such as \o or \ss: its own first letter decides
                    return "l" if word[j].islower() else "u"
                return None
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isalpha():
            return "l" if ch.islower() else "u"
        i += 1
    return None


def _is_von(word: str, hyphen_parts: bool = False) -> bool:
    if _word_case(word) == "l":
        return True
    if hyphen_parts and "-" in word:
        return any(_word_case(p) == "l" for p in word.split("-")[1:] if p)
    return False


def _decode(words: list[str]) -> str | None:
    if not words:
        return None
    text = decode_plain(" ".join(words))
    return text or None


def _parse_extended(raw: str) -> Name:
    """BibLaTeX's ``family=Montclos, given=Henri, prefix=de, useprefix=false``."""
    parts: dict[str, str] = {}
    for chunk in _split_depth0(raw, _COMMA):
        key, sep, value = chunk.partition("=")
        if not sep:
            continue
        value = value.strip()
        if value.startswith("{") and value.endswith("}"):
            value = value[1:-1]
        parts[key.strip().lower()] = value
    name = Name()
    if "family" in parts:
        name.family = decode_plain(parts["family"]) or None
    if "given" in parts:
        name.given = decode_plain(parts["given"]) or None
    if "suffix" in parts:
        name.suffix = decode_plain(parts["suffix"]) or None
    if "prefix" in parts:
        prefix = decode_plain(parts["prefix"]) or None
        if parts.get("useprefix", "").strip().lower() == "false":
            name.dropping_particle = prefix
        else:
            name.non_dropping_particle = prefix
    return name


#: what needs the general rules (or LaTeX decoding: ``--`` is an en dash)
_PLAIN = re.compile(r"[{}\\~=$]|--|``|''")


def _fast(raw: str) -> Name | None:
    """The common cases without braces or commands: "Last, First" and "First Last" with
    every word capitalised (so no von part). None when the general rules are needed."""
    if _PLAIN.search(raw):
        return None
    if "," in raw:
        parts = raw.split(",")
        if len(parts) != 2:
            return None
        head = parts[0].split()
        if not head or "-" in parts[0] or not all(w[0].isupper() for w in head):
            return None
        given = " ".join(parts[1].split())
        return Name(family=" ".join(head), given=given or None)
    words = raw.split()
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return Name(family=words[-1], given=" ".join(words[:-1]))


def _parse_one(raw: str) -> Name:
    raw = raw.strip()
    fast = _fast(raw)
    if fast is not None:
        return fast
    if _EXTENDED.match(raw):
        return _parse_extended(raw)
    if raw.startswith("{") and raw.endswith("}") and _closes_at_end(raw):
        return Name(literal=decode_plain(raw[1:-1]))
    parts = _split_depth0(raw, _COMMA)
    parts = [p for p in (x.strip() for x in parts)]
    if len(parts) == 1:
        words = [w for w in _split_depth0(parts[0], _SPACE) if w]
        if not words:
            return Name()
        if len(words) == 1:
            return Name(family=_decode(words))
        last_idx = len(words) - 1
        von_start = next((i for i in range(last_idx) if _is_von(words[i])), None)
        if von_start is None:
            return Name(given=_decode(words[:-1]), family=_decode(words[-1:]))
        von_end = von_start
        for i in range(von_start, last_idx):
            if _is_von(words[i]):
                von_end = i
        return Name(given=_decode(words[:von_start]),
                    non_dropping_particle=_decode(words[von_start : von_end + 1]),
                    family=_decode(words[von_end + 1 :]))
    head = [w for w in _split_depth0(parts[0], _SPACE) if w]
    if len(parts) == 2:
        jr: list[str] = []
        first = parts[1]
    else:
        jr = [w for w in _split_depth0(parts[1], _SPACE) if w]
        first = ", ".join(parts[2:])
    von_end = -1
    for i in range(len(head) - 1):
        if _is_von(head[i], hyphen_parts=True):
            von_end = i
    name = Name(family=_decode(head[von_end + 1 :]),
                non_dropping_particle=_decode(head[: von_end + 1]),
                given=_decode([w for w in _split_depth0(first, _SPACE) if w]),
                suffix=_decode(jr))
    return name


def _closes_at_end(text: str) -> bool:
    """True when the ``{`` at position 0 is closed by the last character."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i == len(text) - 1
    return False


_Parts = tuple[str | None, str | None, str | None, str | None, str | None, str | None]


@lru_cache(maxsize=65536)
def _parse_one_cached(raw: str) -> _Parts:
    n = _parse_one(raw)
    return (n.family, n.given, n.dropping_particle, n.non_dropping_particle, n.suffix, n.literal)


@lru_cache(maxsize=16384)
def _split_cached(value: str) -> tuple[tuple[str, ...], bool]:
    raws, etal = split_list(value)
    return tuple(raws), etal


def parse_names(value: str) -> tuple[list[Name], bool]:
    """A BibTeX name list -> (names, ended in "and others")."""
    raws, etal = _split_cached(value) if len(value) < 400 else split_list(value)
    names = []
    for raw in raws:
        f, g, dp, ndp, sfx, lit = _parse_one_cached(raw)
        names.append(Name(family=f, given=g, dropping_particle=dp, non_dropping_particle=ndp,
                          suffix=sfx, literal=lit))
    return names, etal


# --------------------------------------------------------------------------- writing

#: a part that would split the list or the name if written bare
_SPLITS = re.compile(r",|(?i:\band\b)")


#: a tie (a no-break space), not the accent ``\~``
_TIE = re.compile(r"(?<!\\)~")
#: what makes a name part more than plain words for the writer or the reader
_NOT_PLAIN_PART = re.compile(r"[,{}\\~=$&%#_^<\u00a0-]|``|''|(?i:\band\b)|\s\s|^\s|\s$")


def plain_name(name: Name) -> bool:
    """Is ``name`` one that is written "Family, Given" untouched and read back by the fast
    path as the same parts (the writer need not read it back to know)?"""
    family, given = name.family, name.given
    return (name.literal is None and not name.non_dropping_particle and not name.suffix
            and not name.dropping_particle and not name.extra and bool(family) and bool(given)
            and family[0].isupper() and not any(ch.isspace() for ch in family)
            and not _NOT_PLAIN_PART.search(family) and not _NOT_PLAIN_PART.search(given))


def format_name(name: Name, encode_text: Callable[[str], str]) -> tuple[str, list[str]]:
    """One name in a form BibTeX splits back into the same parts.

    Returns the text and the parts that could not be kept (for the loss report).
    ``encode_text`` escapes a plain string for LaTeX.
    """
    lost: list[str] = []

    def enc(text: str) -> str:
        # "~" (a no-break space) separates the words of a name like a space: in a group
        # it is kept as the character
        return _TIE.sub("{~}", encode_text(text))

    if name.literal is not None:
        return "{" + encode_text(name.literal) + "}", lost
    family = name.family or ""
    given = name.given or ""
    particle = name.non_dropping_particle or ""
    if name.dropping_particle:
        lost.append("dropping-particle")
        particle = " ".join(p for p in (name.dropping_particle, particle) if p)
    suffix = name.suffix or ""
    fam = enc(family)
    # a family name that BibTeX would split (spaces, commas, a word that reads as lower-case,
    # "\\textbraceright{}" too, or has a lower-case part after a hyphen) is braced
    fam_words = fam.split()
    if (_SPLITS.search(family) or (len(fam_words) > 1 and (
            any(_is_von(w, hyphen_parts=True) for w in fam_words) or not particle))
            or (fam_words and _is_von(fam_words[0]) and not particle)):
        fam = "{" + fam + "}"
    if particle:
        words = particle.split()
        if not all(_is_von(w) for w in words):
            # "De Leo": an upper-case particle reads back as part of the family name
            lost.append("non-dropping-particle")
        fam = enc(particle) + " " + fam
    if not fam.strip():
        fam = "{}"
    giv = enc(given)
    if _SPLITS.search(given):
        giv = "{" + giv + "}"
    if suffix:
        suf = enc(suffix)
        if _SPLITS.search(suffix):
            suf = "{" + suf + "}"
        return f"{fam}, {suf}, {giv}", lost
    if given:
        return f"{fam}, {giv}", lost
    if fam.startswith("{") or len(family.split()) > 1 or family != family.strip():
        # "{Smith Jones}" alone would read back as an organisation: "{Smith Jones}," does not
        return fam + ",", lost
    return fam, lost


def format_names(names: list[Name], etal: bool,
                 encode_text: Callable[[str], str]) -> tuple[str, list[str]]:
    parts: list[str] = []
    lost: list[str] = []
    for n in names:
        text, why = format_name(n, encode_text)
        parts.append(text)
        lost.extend(why)
    if etal:
        parts.append("others")
    return " and ".join(parts), lost
