"""From labelled spans to CSL variables: small, keyed, error-isolated normalizers.

Spans arrive dirty (``2023;``, ``13(9):``, ``(Eds.)``, ``BMJ Open.``); each
normalizer owns a few labels, cleans them and may move data into another
variable (a volume span ``20(5):813-22`` also yields issue and pages). A
normalizer that fails is reported and skipped: one bad rule never loses the
reference. The order is a declared list (:data:`PIPELINE`), tested as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from citeshift.formats.text.names import parse_names
from citeshift.formats.text.pages import (
    has_dash,
    is_article_number,
    normalize_pages,
    split_lost_dash,
)
from citeshift.model.dates import MONTHS, Date, parse_date
from citeshift.model.names import Name
from citeshift.normalize.identifiers import clean_doi

_TRAIL = " \t.,;:"
_QUOTES = "\"“”‘’'«»„"


@dataclass(slots=True)
class Span:
    label: str
    text: str
    start: int
    end: int
    confidence: float


@dataclass
class Parsed:
    """What the normalizers build: CSL variables plus evidence for type inference."""

    vars: dict[str, object] = field(default_factory=dict)
    etal: set[str] = field(default_factory=set)
    repairs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: labels seen, and other clues (e.g. "in" before a container) for type inference
    evidence: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ListContext:
    """Facts about the whole list that single references cannot show."""

    #: True when no page field in the list kept its dash: dash-less numbers are damaged ranges
    dashes_lost: bool = False
    #: the style abbreviates end pages the NLM way (913-23); APA and most others print them whole
    nlm_ranges: bool = True


def strip_punct(text: str) -> str:
    text = text.strip().strip(_TRAIL)
    # balanced quotes around the whole
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip(_TRAIL)
    elif text and text[0] in _QUOTES and not any(q in text[1:] for q in _QUOTES):
        text = text[1:]
    elif text and text[-1] in _QUOTES and not any(q in text[:-1] for q in _QUOTES):
        text = text[:-1]
    text = text.strip(_TRAIL)
    # unbalanced brackets at the ends
    if text.startswith(("(", "[")) and not re.search(r"[)\]]", text):
        text = text[1:]
    if text.endswith((")", "]")) and not re.search(r"[(\[]", text):
        text = text[:-1]
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    if text.startswith("[") and text.endswith("]") and text.count("[") == 1:
        text = text[1:-1]
    return text.strip(_TRAIL)


def _title_text(text: str) -> str:
    text = text.strip()
    # keep a final "?" or "!" which belongs to the title
    text = re.sub(r"\s*[.,;:]+$", "", text)
    text = strip_punct(text) if not text.endswith(("?", "!")) else text.strip(_QUOTES + " ")
    return re.sub(r"\s+", " ", text)


def _names(parsed: Parsed, spans: list[Span], label: str, role: str) -> None:
    for span in spans:
        if span.label != label:
            continue
        if re.match(r"(?i)^\s*in\b", span.text):
            parsed.evidence.add("in")
        result = parse_names(span.text)
        if result.names:
            existing = parsed.vars.setdefault(role, [])
            assert isinstance(existing, list)
            existing.extend(result.names)
        if result.etal:
            parsed.etal.add(role)


def norm_authors(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    _names(parsed, spans, "author", "author")
    _names(parsed, spans, "editor", "editor")
    _names(parsed, spans, "translator", "translator")


def norm_titles(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    titles: list[str] = []
    seen_editor = False
    for span in spans:
        if span.label == "editor":
            seen_editor = True
        elif span.label == "title":
            text = _title_text(span.text)
            if not text:
                continue
            if seen_editor and titles and "container-title" not in parsed.vars:
                parsed.vars["container-title"] = text
                parsed.evidence.add("container")
            else:
                titles.append(text)
    if titles:
        parsed.vars["title"] = ". ".join(titles) if len(titles) > 1 else titles[0]


def norm_containers(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    for span in spans:
        if span.label in ("journal", "container-title"):
            text = span.text.strip()
            if re.match(r"(?i)^in\s*:?\s+", text):
                parsed.evidence.add("in")
                text = re.sub(r"(?i)^in\s*:?\s+", "", text)
            text = strip_punct(text)
            if not text:
                continue
            edited = re.search(r"(?i),?\s*\b(?:edited|ed\.|eds\.|hrsg\.)\s+(?:by|von)\s+(.+)$", text)
            if edited:
                # MLA: "Inventing the Truth, edited by William Zinsser"
                result = parse_names(edited[1])
                if result.names and "editor" not in parsed.vars:
                    parsed.vars["editor"] = result.names
                    parsed.evidence.add("in")
                text = strip_punct(text[:edited.start()])
            parsed.evidence.add(span.label)
            if "container-title" in parsed.vars:
                if span.label == "container-title" and "collection-title" not in parsed.vars:
                    parsed.vars["collection-title"] = text
                continue
            parsed.vars["container-title"] = text
        elif span.label == "collection-title":
            text = strip_punct(re.sub(r"(?i)^of\s+", "", span.text))
            if text:
                parsed.vars.setdefault("collection-title", text)


_VOL_ISSUE = re.compile(
    r"^(?:vol(?:ume)?\.?\s*)?(?P<vol>\d+[A-Z]?|[IVXLC]+)\s*"
    r"(?:\((?P<iss>[^)]+)\)|,?\s*(?:no\.?|nr\.?|issue|heft)\s*(?P<iss2>[\w/–-]+)|"
    r"\s+(?P<supp>Suppl\.?\s*\w*|Pt\.?\s*\w+|Spec(?:ial)? No\.?\s*\w*))?\s*"
    r"(?:(?::\s*|\s+)(?P<pages>[A-Za-z]{0,2}\d[\w–-]*))?$",
    re.I,
)


def norm_volume(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    for span in spans:
        if span.label != "volume" or "volume" in parsed.vars:
            continue
        text = span.text.strip().strip(" .,;")
        text = re.sub(r"^[(\[]|[)\]]$", "", text) if text.count("(") != text.count(")") else text
        text = text.rstrip(":")
        year = re.match(r"^((?:1[5-9]|20)\d\d)[a-z]?\s*;\s*", text)
        if year:  # "1994;2(4)" labelled as one volume
            parsed.evidence.add("year-in-volume")
            if "issued" not in parsed.vars:
                parsed.vars["issued"] = Date(parts=[[int(year[1])]])
            text = text[year.end():]
        m = _VOL_ISSUE.match(text)
        if not m:
            cleaned = strip_punct(re.sub(r"(?i)^(?:vol(?:ume)?|bd|band|t|tome)\.?\s*", "", text))
            if cleaned:
                parsed.vars["volume"] = cleaned
            continue
        parsed.vars["volume"] = m["vol"]
        issue = m["iss"] or m["iss2"] or m["supp"]
        if issue:
            parsed.vars["issue"] = re.sub(r"\s+", " ", issue.strip())
        if m["pages"] and "page" not in parsed.vars:
            parsed.vars["page-raw"] = m["pages"]


def norm_issue_span(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    """An issue span the labeller left apart from the volume ("(9)")."""
    for span in spans:
        if span.label == "issue" and "issue" not in parsed.vars:
            text = strip_punct(re.sub(r"(?i)^(?:no|nr|issue|heft)\.?\s*", "", span.text))
            if text:
                parsed.vars["issue"] = text


def norm_pages(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    raw = None
    for span in spans:
        if span.label == "pages":
            raw = span.text
            break
    if raw is None:
        raw = parsed.vars.pop("page-raw", None)
    else:
        parsed.vars.pop("page-raw", None)
    if not raw:
        return
    text = str(raw).strip()
    count = re.fullmatch(r"(?i)\s*(\d+)\s*(?:p|pp|pages|s|Seiten)\.?[.,;]?\s*", text)
    if count and "container-title" not in parsed.vars:
        # Vancouver books: "260 p." is the number of pages
        parsed.vars["number-of-pages"] = count[1]
        return
    text = re.sub(r"(?i)^(?:pp?\.?|pages?|s\.|article(?:\s+no\.?)?|art\.?\s*no\.?)\s*", "", text)
    text = re.sub(r"(?i)\s*(?:pp?\.?|pages?)$", "", text.strip(_TRAIL))
    text = text.strip("()[] " + _TRAIL)
    if not text:
        return
    if not has_dash(text) and ctx.dashes_lost:
        doi = parsed.vars.get("DOI")
        journal = parsed.vars.get("container-title")
        if not is_article_number(text, doi=doi if isinstance(doi, str) else None,
                                 journal=journal if isinstance(journal, str) else None):
            fixed = split_lost_dash(text, abbreviated=ctx.nlm_ranges)
            if fixed is not None:
                parsed.repairs.append(
                    f"page range {text!r} had lost its dash; read as {fixed!r}")
                parsed.vars["page"] = fixed
                return
    pages, message = normalize_pages(text)
    if message:
        parsed.repairs.append(message)
    parsed.vars["page"] = pages


_ND = re.compile(r"(?i)^\(?(?:n\.?\s?d|nd|s\.?\s?f|o\.?\s?j|no date|undated|forthcoming|in press)\.?\)?[.,;]*$")


def parse_loose_date(text: str) -> Date | None:
    """A date inside a span that may carry brackets, ``;``, ``Published``, ``(2011a)``..."""
    text = text.strip()
    cleaned = re.sub(r"[()\[\];,]", " ", text)
    cleaned = re.sub(r"(?<=\d)[a-z]\b", "", cleaned)  # 2011a
    cleaned = re.sub(r"(?i)\b(?:published|updated|cited|accessed|retrieved|viewed|on|from|"
                     r"consulted|last|modified|copyright|c)\b", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .:")
    date = parse_date(cleaned)
    if date is not None and date.parts and date.parts[0]:
        return date
    years = re.findall(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", cleaned)
    if not years:
        return None
    year = int(years[0])
    month = day = None
    for word in re.findall(r"[A-Za-z]+|\d{1,2}(?!\d)", cleaned):
        low = word.lower()
        if low in MONTHS and month is None:
            month = MONTHS[low]
        elif word.isdigit() and month is not None and day is None and 1 <= int(word) <= 31:
            day = int(word)
    row = [year]
    if month:
        row.append(month)
        if day:
            row.append(day)
    return Date(parts=[row])


def norm_dates(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    for span in spans:
        if span.label == "date":
            if _ND.match(span.text.strip()):
                parsed.evidence.add("no-date")
                continue
            date = parse_loose_date(span.text)
            if date is None:
                continue
            if "issued" not in parsed.vars:
                parsed.vars["issued"] = date
            else:
                issued = parsed.vars["issued"]
                if isinstance(issued, Date) and issued.year == date.year and len(date.parts[0]) > len(
                        issued.parts[0]):
                    parsed.vars["issued"] = date
        elif span.label == "accessed":
            date = parse_loose_date(span.text)
            if date is not None:
                parsed.vars["accessed"] = date
                parsed.evidence.add("accessed")


_CITY_STATE = re.compile(r"^[A-Z][\w .'’-]+,\s*(?:[A-Z]{2}|[A-Z][a-z]+\.?)(?:,\s*[A-Z][\w .]+)?$")


def _swap_publisher_place(parsed: Parsed) -> None:
    """ACS writes ``Wiley: Hoboken, NJ`` (publisher first): the side that reads ``City, ST`` is the place."""
    pub, place = parsed.vars.get("publisher"), parsed.vars.get("publisher-place")
    if isinstance(pub, str) and isinstance(place, str) and _CITY_STATE.match(pub) and not _CITY_STATE.match(place):
        parsed.vars["publisher"], parsed.vars["publisher-place"] = place, pub


def norm_publisher(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    _publisher_spans(parsed, spans)
    _swap_publisher_place(parsed)


def _publisher_spans(parsed: Parsed, spans: list[Span]) -> None:
    for span in spans:
        if span.label == "publisher" and "publisher" not in parsed.vars:
            text = strip_punct(span.text)
            if ":" in text and "publisher-place" not in parsed.vars:
                place, _, pub = text.partition(":")
                if place.strip() and pub.strip():
                    parsed.vars["publisher-place"] = place.strip()
                    text = pub.strip()
            text = re.sub(r"(?i)^(?:published by|publisher)\s*:?\s*", "", text)
            if text:
                parsed.vars["publisher"] = text
        elif span.label == "location" and "publisher-place" not in parsed.vars:
            text = strip_punct(span.text)
            if ":" in text and "publisher" not in parsed.vars:
                place, _, pub = text.partition(":")
                if pub.strip():
                    parsed.vars["publisher"] = pub.strip()
                text = place
            if text.strip():
                parsed.vars["publisher-place"] = text.strip()


#: a digit run is only entered at its start, and the spaces on either side of "th" are one run when
#: it is absent: linear on a reference of digits or spaces (the plain pattern was quadratic)
_EDITION = re.compile(r"(?i)(?<!\d)(\d+)\s*(?:(?:st|nd|rd|th|e|\.|ª|\.ª)\s*)?(?:ed|edn|edition|aufl|éd)")
_WORD_EDITIONS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "revised": None}


def norm_edition(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    for span in spans:
        if span.label != "edition":
            continue
        m = _EDITION.search(span.text)
        if m:
            parsed.vars["edition"] = m[1]
            continue
        word = re.match(r"(?i)\W*([a-z]+)", span.text)
        if word and _WORD_EDITIONS.get(word[1].lower()):
            parsed.vars["edition"] = str(_WORD_EDITIONS[word[1].lower()])
        else:
            text = strip_punct(span.text)
            if text:
                parsed.vars["edition"] = text


def norm_identifiers(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    for span in spans:
        text = span.text.strip()
        if span.label == "doi" and "DOI" not in parsed.vars:
            found = re.search(r"10\.\d{4,9}/\S+", text)
            doi = clean_doi(found.group() if found else text.strip("()[]<>"))
            doi = doi.rstrip(".,;)]>")
            if doi.startswith("10."):
                parsed.vars["DOI"] = doi
        elif span.label == "url" and "URL" not in parsed.vars:
            url = text.strip("<>()[]").rstrip(".,;")
            url = url.rstrip(">)]")
            m = re.match(r"(?i)(?:https?://)?(?:dx\.)?doi\.org/(10\..+)", url)
            if m and "DOI" not in parsed.vars:
                parsed.vars["DOI"] = clean_doi(m[1])
                continue
            parsed.vars["URL"] = url
        elif span.label == "pmid":
            digits = re.sub(r"\D", "", text)
            if digits:
                parsed.vars["PMID"] = digits
        elif span.label == "pmcid":
            m = re.search(r"(?i)PMC\d+", text)
            if m:
                parsed.vars["PMCID"] = m[0].upper()
        elif span.label == "isbn":
            m = re.search(r"[\dXx][\d\-Xx ]{8,}[\dXx]", text)
            if m:
                parsed.vars["ISBN"] = m[0].strip()
        elif span.label == "arxiv":
            parsed.vars.setdefault("number", text.rstrip(".,;"))
            parsed.evidence.add("arxiv")


def norm_misc(parsed: Parsed, spans: list[Span], ctx: ListContext) -> None:
    notes: list[str] = []
    for span in spans:
        if span.label == "genre":
            text = strip_punct(span.text)
            number = re.search(r"(?i)\b(?:no\.?|nr\.?|number)\s*([\w./-]*\d[\w./-]*)$", text) or \
                re.search(r"\s([A-Z]*-?\d[\w./-]*)$", text)
            if number:
                parsed.vars.setdefault("number", number[1])
                text = text[:number.start()].strip(" ,")
            if text:
                parsed.vars.setdefault("genre", text)
        elif span.label == "medium":
            bracketed = re.search(r"\[([^\]]+)\]", span.text)
            text = bracketed[1].strip() if bracketed else strip_punct(span.text)
            if text:
                parsed.vars.setdefault("medium", text)
                parsed.evidence.add("medium:" + text.lower())
        elif span.label == "note":
            text = strip_punct(span.text)
            if text:
                notes.append(text)
    if notes:
        parsed.vars["note"] = "; ".join(notes)


Normalizer = Callable[[Parsed, list[Span], ListContext], None]

#: the order matters where one step reads another's result: identifiers (DOI)
#: and containers (journal) come before pages, whose repair looks at both
PIPELINE: tuple[tuple[str, Normalizer], ...] = (
    ("names", norm_authors),
    ("titles", norm_titles),
    ("containers", norm_containers),
    ("dates", norm_dates),
    ("volume", norm_volume),
    ("issue", norm_issue_span),
    ("identifiers", norm_identifiers),
    ("pages", norm_pages),
    ("publisher", norm_publisher),
    ("edition", norm_edition),
    ("misc", norm_misc),
)


def normalize(spans: list[Span], ctx: ListContext | None = None) -> Parsed:
    ctx = ctx or ListContext()
    parsed = Parsed()
    parsed.evidence.update(s.label for s in spans)
    for name, step in PIPELINE:
        try:
            step(parsed, spans, ctx)
        except Exception as exc:  # isolate: report and carry on with the other fields
            parsed.problems.append(f"the {name} normalizer failed ({exc.__class__.__name__}: {exc})")
    parsed.vars.pop("page-raw", None)
    if "title" not in parsed.vars and "container-title" in parsed.vars:
        # every reference has a title; a lone "container" is the labeller's mistake
        parsed.vars["title"] = parsed.vars.pop("container-title")
        parsed.evidence.discard("journal")
        parsed.evidence.discard("container-title")
    container = parsed.vars.get("container-title")
    authors = {n.literal for n in names_of(parsed, "author") if n.literal}
    no_locator = not any(k in parsed.vars for k in ("volume", "page", "issue"))
    if container is not None and no_locator and "publisher" not in parsed.vars and (
            container in authors or "publisher-place" in parsed.vars) and "in" not in parsed.evidence:
        # APA: "Rockville, MD: Agency for Healthcare Research" -- a publisher, not a container
        parsed.vars["publisher"] = parsed.vars.pop("container-title")
        parsed.evidence.discard("journal")
    elif container in authors and no_locator:
        # APA: "Title. World Health Organization." -- the author publishing its own work
        parsed.vars.setdefault("publisher", parsed.vars.pop("container-title"))
        parsed.evidence.discard("journal")
    for key in list(parsed.vars):
        if parsed.vars[key] in ("", [], None):
            del parsed.vars[key]
    return parsed


def names_of(parsed: Parsed, role: str) -> list[Name]:
    value = parsed.vars.get(role)
    return value if isinstance(value, list) else []
