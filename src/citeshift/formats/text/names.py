"""Split an author or editor span into CSL names, whatever the style wrote.

The shapes met in reference lists:

* Vancouver/NLM ``Knutsen Glette M, Bates DW`` (family first, initials glued),
* APA/Harvard ``Bates, D. W., & Smith, J.`` (family, comma, initials),
* IEEE ``D. W. Bates, J. Smith, and K. Lee`` (initials first),
* MLA/Chicago ``Stravinsky, Igor, and Robert Craft`` (first name inverted only),
* ``Goodman, Judith C.; McDonough, Laraine`` (semicolons between names),
* organisations ``The College of Physicians and Surgeons of Ontario``.

Initials are written out with periods (``DW`` -> ``D. W.``) because CSL
styles initialise given names word by word: a given name ``DW`` would print
as ``D.`` and lose the second initial. ``et al.`` is reported, never made a
name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citeshift.model.names import Name

# A run of spaces or commas is only entered at its start ("(?<!\s)\s+"), and two optional runs never
# stand side by side: otherwise a search tries every position of a long run, each to the run's end
# (quadratic on a 5,000-character reference of spaces). Same matches as the plain patterns.
_ETAL = re.compile(r"(?i)(?:[,;]\s*|(?:(?<!\s)\s+)?)(?:\bet\.?\s*al\b\.?|\band\s+others\b|\bu\.\s?a\.|…|\.\.\.)"
                   r"\s*(?:[.,;]\s*)?$")
_ROLE_PREFIX = re.compile(r"(?i)^\s*(?:in\s*:?|\(\s*eds?\.?|\(\s*hrsg\.?|edited\s+by|ed\.\s+by|eds?\.\s+by|hrsg\.\s+von|"
                          r"translated\s+by|trans\.\s+by|transl\.\s+by|by)\s+")
_ROLE_SUFFIX = re.compile(
    r"(?i)(?:(?<![\s,])[\s,]+)?[(\[]?\b(?:editors?|eds?|ed|hrsg|hg|\(?eds?\.?\)?|trans|transl|translators?|"
    r"coords?|dirs?|comps?|compilers?)\b\.?[)\]]?[.,:;]?\s*$"
)
_AND = re.compile(r"(?:(?<!\s)\s+)?(?:,\s*)?(?:\band\b|&|\bund\b|\bet\b(?!\s*al)|\by\b)\s+")
#: initials: "DW", "D.W.", "D. W.", "D.-W.", "J.-P."; at most four letters
_INITIALS = re.compile(r"^(?:[A-Z\u00C0-\u00DE](?:\.|\b)\s*-?\s*){1,4}$")
_GLUED_INITIALS = re.compile(r"^[A-Z\u00C0-\u00DE]{1,4}$|^[A-Z]{1,3}-[A-Z]{1,2}$")
_DOTTED = re.compile(r"^(?:[A-Z\u00C0-\u00DE][a-z]?\.\s*-?\s*)+$")
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la",
              "dos", "das", "do", "ter", "ten", "van't", "vander", "st", "al", "el", "bin", "ibn"}
_ORG_WORDS = re.compile(
    r"(?i)\b(?:institutes?|institut|society|commission|college|colleges|universit\w*|univeristy|"
    r"organi[sz]ation|association|group|committee|council|department|ministry|agency|centre|"
    r"center|foundation|inc|ltd|llc|gmbh|polytechnic|school|office|board|bureau|service|services|"
    r"network|consortium|collaboration|collaborators|alliance|federation|academy|academies|"
    r"trust|fund|program|programme|administration|authority|corporation|company|world|national|"
    r"international|government|press|team|working|panel|hospital|clinic|library|unesco|who|oecd)\b"
)
_FUNCTION_WORDS = {"of", "for", "the", "and", "on", "in", "&", "to", "at"}


@dataclass(slots=True)
class ParsedNames:
    names: list[Name] = field(default_factory=list)
    etal: bool = False


def clean_role_span(text: str) -> str:
    """Drop the role markers around a name list ("In:", "editors", "(Eds.)", "ed. by")."""
    text = text.strip()
    text = _ROLE_PREFIX.sub("", text)
    if text.count(")") > text.count("("):
        text = text.replace(")", "", text.count(")") - text.count("("))
    prev = None
    while prev != text:
        prev = text
        text = _ROLE_SUFFIX.sub("", text).strip()
    return text.strip(" ,;:")


def expand_initials(text: str) -> str:
    """``DW`` -> ``D. W.``; ``D.W.`` -> ``D. W.``; ``J.-P.`` stays; ``Jr`` is not initials."""
    text = text.strip()
    if _GLUED_INITIALS.match(text.rstrip(".")):
        text = text.rstrip(".")
        return " ".join(f"{c}." for c in text).replace(" -. ", "-")
    if _DOTTED.match(text) or _INITIALS.match(text):
        out = re.sub(r"([A-Z\u00C0-\u00DE][a-z]?)\.?\s*(-?)\s*", lambda m: f"{m[1]}.{m[2] or ' '}", text)
        return out.replace(". -", ".-").strip()
    return text


def is_initials(text: str) -> bool:
    t = text.strip().rstrip(",;")
    return bool(t) and (bool(_GLUED_INITIALS.match(t.rstrip("."))) or bool(_DOTTED.match(t)) or bool(_INITIALS.match(t)))


def _split_family(family: str) -> Name:
    """``de Albuquerque Melo`` -> particle ``de`` + family; capitalised ``Ten Cate`` stays whole."""
    words = family.split()
    k = 0
    while k < len(words) - 1 and words[k] in _PARTICLES:
        k += 1
    if k:
        return Name(family=" ".join(words[k:]), non_dropping_particle=" ".join(words[:k]))
    return Name(family=family)


def _suffix(words: list[str]) -> tuple[list[str], str | None]:
    if words and re.fullmatch(r"(?i)(jr|sr|ii|iii|iv|2nd|3rd)\.?", words[-1].rstrip(",")):
        return words[:-1], words[-1].rstrip(",")
    return words, None


def _family_first(words: list[str]) -> Name | None:
    """``Knutsen Glette M`` / ``Bykov A.M.`` / ``Bates D. W.``: family words then initials."""
    words, suffix = _suffix(words)
    # initials may be split over words ("Bates D. W.")
    k = len(words)
    while k > 1 and is_initials(words[k - 1]):
        k -= 1
    if k == len(words) or k == 0:
        return None
    name = _split_family(" ".join(words[:k]))
    name.given = expand_initials(" ".join(words[k:]))
    name.suffix = suffix
    return name


def _given_first(words: list[str]) -> Name:
    """``D. W. Bates`` / ``Robert Craft`` / ``Vincent van Gogh``."""
    words, suffix = _suffix(words)
    if len(words) == 1:
        return Name(family=words[0], suffix=suffix)
    k = len(words) - 1
    while k > 1 and words[k - 1] in _PARTICLES:
        k -= 1
    given = " ".join(words[:k])
    name = Name(family=words[-1] if k == len(words) - 1 else " ".join(words[k:]), given=None)
    if k < len(words) - 1:
        name = Name(family=" ".join(words[len(words) - 1:]),
                    non_dropping_particle=" ".join(words[k:len(words) - 1]))
    name.given = expand_initials(given) if is_initials(given) else given
    name.suffix = suffix
    return name


def looks_like_organisation(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    if _ORG_WORDS.search(text):
        return True
    lowered = [w.lower() for w in words]
    if any(w in _FUNCTION_WORDS for w in lowered[1:]) and not any(is_initials(w) for w in words):
        return True
    return len(words) >= 4 and not any(is_initials(w) for w in words)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word.lower() in _PARTICLES


def parse_names(span: str) -> ParsedNames:
    """Parse one author/editor span; never raises (unparseable parts become literal names)."""
    out = ParsedNames()
    text = clean_role_span(span)
    m = _ETAL.search(text)
    if m:
        out.etal = True
        text = text[: m.start()]
        text = clean_role_span(text)
    text = re.sub(r"\s+", " ", text).strip(" ,;:")
    text = re.sub(r"(?<=\w\w)\.$", "", text)
    if not text:
        return out
    # a whole span without commas that reads as an organisation is one literal name
    if "," not in text and ";" not in text and looks_like_organisation(text):
        out.names.append(Name(literal=text.rstrip(".")))
        return out
    if ";" in text:
        chunks = [c.strip() for c in text.split(";")]
        if any(c.count(",") > 1 or (c.count(",") == 1 and _family_first_list(c)) for c in chunks):
            # "Guyatt GH, Oxman AD, Schünemann HJ; GRADE Working Group": lists joined by ";"
            for chunk in chunks:
                sub = parse_names(chunk)
                out.names.extend(sub.names)
                out.etal = out.etal or sub.etal
            return out
    else:
        chunks = [c.strip() for c in text.split(",")]
    parts: list[str] = []
    for chunk in chunks:
        for piece in _AND.split(" " + chunk + " "):
            piece = re.sub(r"(?<=\w\w)\.$", "", piece.strip(" ,&"))
            if piece:
                parts.append(piece)
    i = 0
    while i < len(parts):
        part = parts[i]
        words = part.split()
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if ";" in text and "," in part:
            fam, _, given = part.partition(",")
            name = _split_family(fam.strip())
            given = given.strip()
            name.given = expand_initials(given) if is_initials(given) else given or None
            out.names.append(name)
            i += 1
            continue
        if len(words) > 1 and is_initials(words[-1]) and not is_initials(words[0]):
            ff = _family_first(words)
            if ff is not None:
                out.names.append(ff)
                i += 1
                continue
        single_family = len(words) == 1 or (
            len(words) > 1 and all(w.lower() in _PARTICLES for w in words[:-1])
        ) or ("-" in part and len(words) == 1)
        if nxt is not None and not is_initials(part) and (
            is_initials(nxt) or (single_family and _given_like(nxt))
        ):
            name = _split_family(part)
            name.given = expand_initials(nxt) if is_initials(nxt) else nxt
            nxt_words, suffix = _suffix(name.given.split())
            if suffix:
                name.given, name.suffix = " ".join(nxt_words), suffix
            if i + 2 < len(parts) and re.fullmatch(r"(?i)(jr|sr|ii|iii|iv)\.?", parts[i + 2]):
                name.suffix = parts[i + 2]
                i += 1
            out.names.append(name)
            i += 2
            continue
        if looks_like_organisation(part):
            out.names.append(Name(literal=part))
        elif len(words) == 1:
            out.names.append(Name(family=part))
        else:
            out.names.append(_given_first(words))
        i += 1
    return out


def _family_first_list(text: str) -> bool:
    """``Bates DW, Smith J``: every comma part is a family name followed by initials."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return len(parts) > 1 and all(len(p.split()) > 1 and is_initials(p.split()[-1]) for p in parts)


def _given_like(text: str) -> bool:
    """A given name as written after an inverted family name: "Igor", "Judith C.", "Mary-Ann"."""
    words = text.split()
    return 1 <= len(words) <= 3 and all(_capitalised(w) for w in words) and not looks_like_organisation(text)
