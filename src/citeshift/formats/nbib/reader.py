"""PubMed/MEDLINE reader (``.nbib``: PubMed's "Citation manager" export; ERIC uses it too).

Four-character tags (``PMID-``, ``TI  -``, ``FAU -``) with values wrapped onto
lines indented by six spaces; records separated by blank lines. MEDLINE's own
conventions are undone here: the full author name (``FAU``) is preferred over
the short one (``AU``), abbreviated page ranges are expanded (``913-23`` ->
``913-923``) and the period MEDLINE ends every title with is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.formats.lines import ASCII_SPACE, iter_lines, squash
from citeshift.formats.nbib.mapping import (
    CORPORATE_TAG,
    DEFAULT_TYPE,
    ERIC_JT_IS_PUBLISHER,
    ID_TAGS,
    KEYWORD_TAGS,
    NAME_TAGS,
    PLACE_TYPES,
    PUBLICATION_TYPES,
    TEXT_TAGS,
)
from citeshift.formats.ris.build import make_key
from citeshift.formats.ris.names import parse_name
from citeshift.model.dates import Date, date_or_literal, parse_date
from citeshift.model.item import Item, Origin, SourceRecord
from citeshift.model.names import Name
from citeshift.normalize.identifiers import clean_doi, clean_pmcid
from citeshift.normalize.pages import expand_range, normalize_dashes

FORMAT = "nbib"
_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
#: Tags only MEDLINE has (its two-letter tags look like RIS ones and prove nothing).
_MEDLINE_ONLY = re.compile(r"^(?:PMID|OWN |FAU |STAT|DCOM|LID |AID |PHST|JT  |MH  |OT  )- ",
                           re.MULTILINE)
_RIS_TY = re.compile(r"^[ \t]*TY {1,2}- ", re.MULTILINE)
_LOCATION_ID = re.compile(r"^(.*?)\s*\[(\w+)\]\s*$")
_ISSN = re.compile(r"\b(\d{4}-\d{3}[\dXx])\b")
_INITIALS = re.compile(r"^[A-Z]{1,4}$")
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd)\.?$")
#: a DP range whose end has a year of its own
_DATE_RANGE = re.compile(r"^\s*(\d{4}\b[^-]*?)\s*-\s*(\d{4}\b.*?)\s*$")
_SHORT = {full: short for full, short, _ in NAME_TAGS}
_ROLE = {tag: role for full, short, role in NAME_TAGS for tag in (full, short)}

Fields = list[tuple[str, str, int]]


def split_records(text: str) -> Iterator[Fields]:
    """Records as (tag, value, line) lists; blank lines and a new PMID separate records."""
    fields: Fields = []
    more: list[str] = []  # continuation lines of the last field, joined once: "+=" was quadratic

    def flush() -> None:
        if more:
            tag, value, at = fields[-1]
            fields[-1] = (tag, " ".join([value, *more]), at)
            more.clear()

    for lineno, raw in enumerate(iter_lines(text), start=1):  # not split(): see formats.lines
        line = raw.rstrip("\r")
        if not line.strip(ASCII_SPACE):
            if fields:
                flush()
                yield fields
                fields = []
            continue
        m = _LINE.match(line) if not line[:1].isspace() else None
        if m is None:
            if fields:
                more.append(line.strip(ASCII_SPACE))
            else:
                fields.append(("", line.strip(ASCII_SPACE), lineno))
            continue
        flush()
        tag, value = m.group(1), m.group(2).strip(ASCII_SPACE)
        if tag == "PMID" and any(t == "PMID" for t, _, _ in fields):
            yield fields
            fields = []
        fields.append((tag, value, lineno))
    if fields:
        flush()
        yield fields


def strip_title_period(title: str) -> str:
    """MEDLINE ends every title with a period; remove it, not an ellipsis or an abbreviation's."""
    if title.endswith(".") and not title.endswith("..") and not re.search(r"\b[A-Z]\.$", title):
        return title[:-1].rstrip()
    return title


def parse_medline_name(text: str) -> Name | None:
    """``Gout I`` / ``Wong Kee Song LM`` (AU) or ``Hiles, I D`` (FAU) or a plain name."""
    text = squash(text)
    if "," not in text:
        words = text.split(" ")
        if len(words) > 1 and _INITIALS.match(words[-1]):
            return Name(family=" ".join(words[:-1]), given=" ".join(f"{c}." for c in words[-1]))
    return parse_name(text)


def dot_initials(name: Name | None) -> Name | None:
    """``Hiles, I D`` -> given ``I. D.``: MEDLINE's full names leave initials without periods."""
    if name is not None and name.given:
        words = name.given.split(" ")
        if len(words) > 1 and not name.suffix and _SUFFIX.match(words[-1]):
            name.suffix = words.pop()  # "Smith, J Robert Jr"
        name.given = " ".join(f"{w}." if len(w) == 1 and w.isupper() else w for w in words)
    return name


def publication_type(values: list[str]) -> str:
    lowered = [v.lower() for v in values]
    for prefix, csl_type in PUBLICATION_TYPES:
        if any(v.startswith(prefix) for v in lowered):
            return csl_type
    return DEFAULT_TYPE


def parse_medline_date(text: str) -> Date | None:
    """``DP``: ``2016 Jul``, ``1999 Jan-Feb``, and ranges across years (``1998 Dec-1999 Jan``,
    ``1844 Nov 28-1847``), whose two ends are dates of their own."""
    date = parse_date(text)
    if date is not None or "-" not in text:
        return date
    m = _DATE_RANGE.match(text)
    if m is None:
        return None
    start, end = parse_date(m.group(1)), parse_date(m.group(2))
    if (start is None or end is None or start.is_range or end.is_range or not start.parts
            or not end.parts or start.season or end.season):
        return None
    return Date(parts=[start.parts[0], end.parts[0]])


def record_type(pts: list[str], tags: set[str]) -> str:
    """The CSL type of a record with these ``PT`` values and tags (the writer asks too)."""
    csl_type = publication_type(pts)
    if csl_type == "report" and "VI" in tags and tags & {"IS", "ISSN", "IP"}:
        csl_type = "article-journal"  # ERIC tags journal articles "Reports - Research" too
    if "BTI" in tags:
        csl_type = "chapter" if "TI" in tags else "book"
    return csl_type


def _compact_date(text: str) -> Date | None:
    """``20211227`` (DEP, PHST) -> 2021-12-27."""
    m = re.match(r"^(\d{4})(\d{2})(\d{2})", text.strip())
    return parse_date(f"{m[1]}-{m[2]}-{m[3]}") if m else None


class NbibReader(Reader):
    name = "nbib"
    extensions = (".nbib", ".medline")
    aliases = ("medline", "pubmed")
    description = "PubMed/MEDLINE tagged format (.nbib, PubMed's citation manager export)"

    def sniff(self, head: str) -> float:
        body = head.lstrip("\ufeff \r\n")
        if body.startswith("PMID- "):
            return 0.95
        if _RIS_TY.search(head):
            return 0.0
        if len(_MEDLINE_ONLY.findall(head)) >= 2:
            return 0.85
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        ids: set[str] = set()
        last_suffix: dict[str, int] = {}  # per base id (probing from 2 each time: quadratic)
        for index, fields in enumerate(split_records(text.lstrip("\ufeff")), start=1):
            line = fields[0][2]
            if fields[0][0] == "":
                report.record_failed(
                    f"record {index}: text that is not a MEDLINE field ({fields[0][1][:40]!r})",
                    file=name, line=line, record=index)
                continue
            try:
                item = self.build(fields, name=name, index=index, report=report)
            except Exception as exc:  # one bad record must never stop the others
                report.record_failed(f"record {index} could not be read: "
                                     f"{type(exc).__name__}: {exc}",
                                     file=name, line=line, record=index)
                continue
            base = item.id
            n = last_suffix.get(base, 1)
            if n > 1:
                item.id = f"{base}-{n}"
            while item.id in ids:
                n += 1
                item.id = f"{base}-{n}"
            last_suffix[base] = n
            ids.add(item.id)
            yield item

    def build(self, fields: Fields, *, name: str, index: int, report: Report) -> Item:
        pts = [v for t, v, _ in fields if t == "PT"]
        csl_type = record_type(pts, {t for t, _, _ in fields})
        item = Item(id="", type=csl_type,
                    origin=Origin(file=name, line=fields[0][2], record=index, format=FORMAT))
        item.source = SourceRecord(format=FORMAT, type="; ".join(pts) or None)
        owner = next((v for t, v, _ in fields if t == "OWN"), "")
        keep = item.source.fields

        names: dict[str, list[Name]] = {}
        open_full: str | None = None  # a FAU/FED waiting for its short AU/ED twin
        keywords: list[str] = []
        issns: list[str] = []
        url: str | None = None
        article_number: str | None = None
        for tag, value, _line in fields:
            if not value:
                continue
            if tag in _ROLE:
                role = _ROLE[tag]
                if re.fullmatch(r"(?i)et\.? al\.?", value.strip()):
                    item.etal.add(role)
                    continue
                if tag in _SHORT:  # the full form
                    parsed = dot_initials(parse_name(value))
                    open_full = tag
                elif open_full is not None and _SHORT.get(open_full) == tag:
                    open_full = None
                    continue  # the short twin of the name just read
                else:
                    parsed = parse_medline_name(value)
                if parsed is not None:
                    names.setdefault(role, []).append(parsed)
                continue
            if tag not in ("AD", "AUID"):
                open_full = None
            if tag == CORPORATE_TAG:
                names.setdefault("author", []).append(Name(literal=value))
            elif tag in TEXT_TAGS:
                var = TEXT_TAGS[tag]
                if tag == "BTI" and csl_type == "chapter":
                    var = "container-title"
                if tag in ("TI", "BTI"):
                    value = strip_title_period(value)
                if var == "note" and var in item.vars:
                    item.vars[var] = f"{item.vars[var]}\n{value}"
                elif var not in item.vars:
                    item.vars[var] = value
                else:
                    keep.append((tag, value))
            elif tag in KEYWORD_TAGS:
                keywords.append(value)
            elif tag == "DP":
                issued = parse_medline_date(value)
                year = re.search(r"\b(1[5-9]|20)\d\d\b", value)
                if issued is None and year is not None:
                    issued = Date(parts=[[int(year.group(0))]])
                    report.warning(f"DP {value!r} is not a date; read the year {year.group(0)}",
                                   code="nbib.date", item=item)
                    keep.append((tag, value))
                item.vars["issued"] = issued if issued is not None else date_or_literal(value)
            elif tag == "DEP" and (dep := _compact_date(value)) is not None:
                item.vars.setdefault("available-date", dep)
            elif tag == "PG":
                item.vars["page"] = expand_range(normalize_dashes(value))
            elif tag in ID_TAGS:
                m = _LOCATION_ID.match(value)
                kind = m.group(2).lower() if m else None
                if kind == "pii":  # NLM cites an article without pages by its PII
                    article_number = article_number or m.group(1)  # type: ignore[union-attr]
                if kind == "doi" and "DOI" not in item.vars:
                    item.vars["DOI"] = clean_doi(m.group(1))  # type: ignore[union-attr]
                elif m is None and value.startswith(("http://", "https://")):
                    url = url or value
                    keep.append((tag, value))
                elif not (kind == "doi" and clean_doi(m.group(1)) == item.vars.get("DOI")):  # type: ignore[union-attr]
                    keep.append((tag, value))
            elif tag == "PMID":
                item.vars["PMID"] = value
            elif tag == "PMC":
                item.vars["PMCID"] = clean_pmcid(value)
            elif tag in ("IS", "ISSN"):
                for issn in _ISSN.findall(value):
                    if issn.upper() not in issns:
                        issns.append(issn.upper())
                if not _ISSN.search(value) and value.strip("EISN- "):
                    keep.append((tag, value))
            elif tag == "ISBN":
                isbn = re.sub(r"^ISBN-?\s*", "", value, flags=re.IGNORECASE)
                if isbn:
                    item.vars.setdefault("ISBN", isbn)
            elif tag == "PT":
                continue  # kept as the source type
            elif tag == "PL" and csl_type in PLACE_TYPES:
                item.vars.setdefault("publisher-place", value)
            else:
                keep.append((tag, value))

        if owner == "ERIC" and csl_type in ERIC_JT_IS_PUBLISHER:
            jt = item.vars.pop("container-title", None)
            if jt and "publisher" not in item.vars:
                item.vars["publisher"] = jt
        for role, people in names.items():
            item.vars[role] = people
        if keywords:
            item.vars["keyword"] = ("; " if any("," in k for k in keywords) else ", ").join(keywords)
        if issns:
            item.vars["ISSN"] = " ".join(issns)
        if article_number and "page" not in item.vars:
            item.vars["page"] = article_number  # as NLM's own citation (SO) gives it
        if url and "URL" not in item.vars:
            item.vars["URL"] = url
        if "title" not in item.vars:
            report.warning("record has no title (TI)", code="nbib.no-title", item=item)
        item.id = make_key(item, f"pmid{item.vars['PMID']}" if "PMID" in item.vars
                           else f"item{index}")
        return item
