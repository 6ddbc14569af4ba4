"""Infer the CSL type of a parsed reference from the evidence it carries.

Every rule names its evidence; when nothing points anywhere the type is
``document`` rather than a guess. Rules are tried in order, most specific
first (a thesis with a URL is a thesis, not a web page).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citeshift.formats.text.fields import Parsed

_PROCEEDINGS = re.compile(r"(?i)\b(?:proceedings|proc|conference|conf|symposium|workshop|congress|"
                          r"meeting|colloquium|summit)\b")
_THESIS = re.compile(r"(?i)\b(?:thesis|dissertation|ph\.?\s?d|doctoral|master'?s|mphil|msc thesis|"
                     r"diplomarbeit|habilitation)\b")
_REPORT = re.compile(r"(?i)(?:\breport(?:\s+(?:19|20)\d\d)?$|\b(?:annual|final|technical|research|scan|progress|evaluation|"
                     r"status|committee|task force|consultation) report\b|technical (?:note|memorandum)|working paper|white paper|"
                     r"discussion paper|policy brief|tech\.? rep\.?|occasional paper|briefing)\b")
_PREPRINT = re.compile(r"(?i)\b(?:preprint|arxiv|biorxiv|medrxiv|ssrn|osf preprints|psyarxiv|"
                       r"research square|preprints\.org)\b")
_PREPRINT_DOI = ("10.48550/", "10.1101/", "10.2139/ssrn", "10.31219/", "10.31234/", "10.21203/",
                 "10.17605/osf")
_DATASET = re.compile(r"(?i)\[(?:data ?set|data)\]|\bdata ?set\b")
_DATASET_DOI = ("10.5061/dryad", "10.7910/dvn", "10.6084/m9.figshare")
_SOFTWARE = re.compile(r"(?i)\[(?:computer software|software|computer program)\]|\bsoftware\b|"
                       r"\(version\s+[\w.]+\)|\bR package\b|github\.com|\bversion\s+\d")
_PATENT = re.compile(r"(?i)\bpatent\b|\bpat\.\s*no\b|\b(?:US|EP|WO)\s?\d{5,}")
_NEWSPAPER = re.compile(r"(?i)\b(?:times|post|guardian|herald|tribune|gazette|daily|news|telegraph|"
                        r"chronicle|journal-constitution|independent|globe and mail|observer)\b")
_MAGAZINE = re.compile(r"(?i)\b(?:magazine|affairs|weekly|newsletter|economist|atlantic|wired|"
                       r"new yorker|time|newsweek)\b")
_WEB_MEDIUM = re.compile(r"(?i)internet|online|web ?page|wedbpage|website|homepage|web site")


def _text(parsed: Parsed, *keys: str) -> str:
    return " ".join(str(parsed.vars[k]) for k in keys if isinstance(parsed.vars.get(k), (str, int)))


def _has(parsed: Parsed, *keys: str) -> bool:
    return all(k in parsed.vars for k in keys)


def _thesis(p: Parsed) -> bool:
    return bool(_THESIS.search(_text(p, "genre", "note", "medium", "publisher"))) or (
        "container-title" not in p.vars and bool(_THESIS.search(_text(p, "title")[-80:]))
        and not _has(p, "volume"))


def _patent(p: Parsed) -> bool:
    return bool(_PATENT.search(_text(p, "genre", "note", "number", "publisher")))


def _preprint(p: Parsed) -> bool:
    doi = str(p.vars.get("DOI", "")).lower()
    return "arxiv" in p.evidence or doi.startswith(_PREPRINT_DOI) or bool(
        _PREPRINT.search(_text(p, "container-title", "publisher", "genre", "note")))


def _dataset(p: Parsed) -> bool:
    doi = str(p.vars.get("DOI", "")).lower()
    return doi.startswith(_DATASET_DOI) or bool(_DATASET.search(_text(p, "medium", "genre", "note", "title")[-200:]))


def _software(p: Parsed) -> bool:
    return bool(_SOFTWARE.search(_text(p, "medium", "genre", "note", "URL"))) or bool(
        re.search(r"(?i)\[computer software\]|\(version [\w.]+\)", _text(p, "title")))


def _conference(p: Parsed) -> bool:
    return bool(_PROCEEDINGS.search(_text(p, "container-title", "collection-title", "note", "genre")))


def _chapter(p: Parsed) -> bool:
    return _has(p, "container-title") and ("in" in p.evidence or "editor" in p.vars) and (
        "publisher" in p.vars or "editor" in p.vars or "container-title" in p.evidence
    ) and "journal" not in p.evidence


def _newspaper(p: Parsed) -> bool:
    issued = p.vars.get("issued")
    full = getattr(issued, "parts", None)
    return _has(p, "container-title") and bool(_NEWSPAPER.search(_text(p, "container-title"))) and bool(
        full and len(full[0]) >= 2) and "volume" not in p.vars


def _journal(p: Parsed) -> bool:
    if not _has(p, "container-title"):
        return False
    return "journal" in p.evidence or any(k in p.vars for k in ("volume", "issue", "page"))


def _magazine(p: Parsed) -> bool:
    return _has(p, "container-title") and bool(_MAGAZINE.search(_text(p, "container-title"))) and \
        "volume" not in p.vars


def _report(p: Parsed) -> bool:
    return "container-title" not in p.vars and any(
        _REPORT.search(_text(p, key)) for key in ("genre", "title", "note", "collection-title"))


def _webpage(p: Parsed) -> bool:
    medium = _text(p, "medium")
    return "container-title" not in p.vars or (bool(_WEB_MEDIUM.search(medium)) and not _has(p, "volume"))


def _web_evidence(p: Parsed) -> bool:
    return bool(_WEB_MEDIUM.search(_text(p, "medium"))) or (
        "URL" in p.vars and "accessed" in p.vars and "publisher-place" not in p.vars)


def _book(p: Parsed) -> bool:
    return "container-title" not in p.vars and (
        _has(p, "publisher") or "edition" in p.vars or "ISBN" in p.vars or "publisher-place" in p.vars)


RULES: tuple[tuple[str, Callable[[Parsed], bool]], ...] = (
    ("patent", _patent),
    ("thesis", _thesis),
    ("dataset", _dataset),
    ("software", _software),
    ("article", _preprint),
    ("paper-conference", _conference),
    ("chapter", _chapter),
    ("article-newspaper", _newspaper),
    ("webpage", lambda p: bool(re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}",
                                           _text(p, "container-title").lower()))),
    ("article-journal", _journal),
    ("report", _report),
    ("webpage", lambda p: _web_evidence(p) and _webpage(p)),
    ("article-magazine", _magazine),
    ("book", _book),
    ("webpage", lambda p: "URL" in p.vars and "container-title" not in p.vars and "publisher" not in p.vars),
    ("article-journal", lambda p: _has(p, "container-title")),
)


def infer_type(parsed: Parsed) -> str:
    for ctype, rule in RULES:
        try:
            if rule(parsed):
                return ctype
        except Exception:
            continue
    return "document"
