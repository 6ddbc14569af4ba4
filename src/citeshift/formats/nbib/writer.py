"""A small MEDLINE (``.nbib``) writer: the fields PubMed itself exports for an article or book.

Enough for reference managers that import PubMed files (EndNote, Zotero,
Mendeley) to get the record right; everything else is reported as lost.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.lines import ASCII_SPACE, SPACING, squash
from citeshift.formats.nbib.mapping import PLACE_TYPES
from citeshift.formats.nbib.reader import dot_initials, record_type, strip_title_period
from citeshift.formats.ris.names import format_name, parse_name
from citeshift.model.dates import MONTH_ABBR, Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.model.richtext import has_markup, strip_markup
from citeshift.normalize.identifiers import clean_doi

#: CSL variable -> tag for plain text values, in writing order.
TEXT_TAGS: dict[str, str] = {
    "PMID": "PMID",
    "ISSN": "IS",
    "volume": "VI",
    "issue": "IP",
    "title": "TI",
    "page": "PG",
    "DOI": "LID",
    "abstract": "AB",
    "language": "LA",
    "container-title-short": "TA",
    "container-title": "JT",
    "PMCID": "PMC",
    "publisher": "PB",
    "publisher-place": "PL",
    "ISBN": "ISBN",
    "edition": "EN",
    "license": "CI",
}
#: CSL type -> ``PT`` written; each reads back as its type (nbib.mapping.PUBLICATION_TYPES)
TYPE_PT: dict[str, str] = {"article-journal": "Journal Article", "book": "Book",
                           "chapter": "Book Chapter", "report": "Technical Report",
                           "dataset": "Dataset", "article": "Preprint",
                           "thesis": "Dissertations/Theses", "article-newspaper": "Newspaper Article",
                           "paper-conference": "Congress", "legal_case": "Legal Case",
                           "legislation": "Legislation", "patent": "Patent",
                           "broadcast": "Webcast", "motion_picture": "Video-Audio Media"}
_ISSN = re.compile(r"\d{4}-\d{3}[\dXx]")
_HANDLED = set(TEXT_TAGS) | {"author", "editor", "issued", "keyword", "available-date"}


def _medline_part(p: list[int]) -> str:
    text = str(p[0])
    if len(p) > 1:
        text += f" {MONTH_ABBR[p[1] - 1]}"
    if len(p) > 2:
        text += f" {p[2]}"
    return text


def _medline_date(date: Date) -> str | None:
    """``2016 Jul 4``; a range as MEDLINE writes one (``1998 Dec-1999 Jan``), both ends whole."""
    if not date.parts or not date.parts[0]:
        return date.literal
    text = _medline_part(date.parts[0])
    if date.is_range and len(date.parts) > 1 and date.parts[1]:
        text += f"-{_medline_part(date.parts[1])}"
    return text


def medline_title(title: str) -> str | None:
    """The title as MEDLINE writes it, ending in a period the reader takes off again; None
    when no spelling reads back as ``title`` (it ends in a period of its own)."""
    ways = [title] if title.endswith((".", "?", "!")) else [title + ".", title]
    for way in ways:  # "Vitamin A" is written without one: "Vitamin A." reads back as it is
        if strip_title_period(way) == title:
            return way
    return None


def _short(name: Name) -> str:
    if name.literal:
        return name.literal
    initials = "".join(w[0] for w in (name.given or "").replace(".", " ").replace("-", " ").split())
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    text = f"{family} {initials}".strip()
    return f"{text} {name.suffix}" if name.suffix else text


def _full(name: Name) -> str:
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    text = f"{family}, {given}" if given else family
    return f"{text}, {name.suffix}" if name.suffix else text


class NbibWriter(Writer):
    name = "nbib"
    extensions = (".nbib",)
    aliases = ("medline", "pubmed")
    description = "PubMed/MEDLINE tagged format (articles and books)"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        count = 0
        for item in items:
            if count:
                out.write("\n")
            out.write(self.record(item, report))
            count += 1
        return count

    @staticmethod
    def _tags(item: Item) -> set[str]:
        """The tags that decide the type on reading, as :meth:`record` will write them."""
        tags = {tag for var, tag in TEXT_TAGS.items() if var in item.vars}
        if item.type == "book" and "TI" in tags:
            tags = (tags - {"TI"}) | {"BTI"}  # a book's title is written as BTI
        if item.type == "chapter" and "container-title" in item.vars:
            tags.add("BTI")
        return tags

    @staticmethod
    def _title(item: Item, var: str, value: str, report: Report) -> str:
        if has_markup(value):
            report.lossy(item, var, "nbib", "MEDLINE has no markup: written as plain text")
        plain = squash(strip_markup(value))
        if plain != strip_markup(value).strip(ASCII_SPACE):
            report.lossy(item, var, "nbib", SPACING)
        written = medline_title(plain)
        if written is None:
            report.lossy(item, var, "nbib", f"MEDLINE ends every title with a period, which "
                         f"readers take off: {plain!r} has one of its own")
            return plain
        return written

    def record(self, item: Item, report: Report) -> str:
        lines: list[str] = []
        pt = TYPE_PT.get(item.type, "Journal Article")
        read_type = record_type([pt], self._tags(item))
        if read_type != item.type:
            report.lossy(item, f"type {item.type}", "nbib", f"written as PT {pt}, read back as "
                         f"{read_type}")

        said: set[tuple[str, str]] = set()  # (variable, why) reported once, not once a name

        def put(tag: str, value: str, var: str | None = None) -> None:
            """Add a field; what a reader will not give back as ``var`` is reported."""
            plain = strip_markup(value)
            text = squash(plain)
            for why, changed in (("MEDLINE has no markup: written as plain text", plain != value),
                                 (SPACING, text != plain.strip(ASCII_SPACE))):
                if var is not None and changed and (var, why) not in said:
                    said.add((var, why))
                    report.lossy(item, var, "nbib", why)
            value = text
            if value:  # wrapped at 80 columns with six-space continuation lines, as PubMed does
                lines.append("\n".join(textwrap.wrap(
                    value, width=80, initial_indent=f"{tag:<4}- ", subsequent_indent=" " * 6,
                    break_long_words=False, break_on_hyphens=False)))

        for var, tag in TEXT_TAGS.items():
            value = item.text(var)
            if value is None:
                continue
            if var == "DOI":
                doi = clean_doi(squash(value))
                if doi != value:
                    report.lossy(item, var, "nbib", f"read back as {doi!r}")
                value = f"{value} [doi]"
            if var == "ISSN":
                issns = value.split(" ")
                if not all(_ISSN.fullmatch(x) for x in issns):
                    report.lossy(item, var, "nbib", f"IS holds ISSNs: {value!r} is kept apart by "
                                 "readers, not read as one")
                for issn in issns:
                    put(tag, issn, var)
                continue
            if var == "publisher-place" and read_type not in PLACE_TYPES:
                report.lossy(item, var, "nbib", f"PL is the journal's country for a {read_type}; "
                             "readers keep it apart")
            if var == "title":
                value = self._title(item, var, value, report)
            if var == "title" and item.type == "chapter":
                put("TI", value, var)
                continue
            put(tag, value, var)
            if var == "title" and item.type == "book":
                lines[-1] = "BTI - " + lines[-1][6:]
            if var == "issue":
                issued = item.date("issued")
                if issued is not None and (dp := _medline_date(issued)):
                    put("DP", dp)
        if item.type == "chapter" and item.text("container-title"):
            lines = [ln for ln in lines if not ln.startswith("JT  - ")]
            put("BTI", self._title(item, "container-title", item.text("container-title") or "",
                                    report),
                "container-title")
        issued = item.date("issued")
        if "issue" not in item.vars and issued is not None and (dp := _medline_date(issued)):
            put("DP", dp)
        if issued is not None and (issued.circa or issued.season):
            report.lossy(item, "issued", "nbib", "DP is written without its season or circa")
        for role, (full, short) in (("author", ("FAU", "AU")), ("editor", ("FED", "ED"))):
            changed: str | None = None
            for name in item.names(role):
                if name.literal and role == "author":
                    put("CN", name.literal, role)
                    if squash(name.literal) != name.literal:
                        changed = changed or name.literal
                else:  # an organisation as editor: FED in the RIS way ("Name,"), as CN is an author
                    text = format_name(name) if name.literal else _full(name)
                    put(full, text, role)
                    put(short, _short(name))
                    if changed is None and dot_initials(parse_name(squash(text))) != name:
                        changed = text
            if changed is not None:
                report.lossy(item, role, "nbib", f"the name {changed!r} does not read back with "
                             "the same parts")
        dep = item.date("available-date")
        if dep is not None and dep.parts and len(dep.parts[0]) == 3:
            y, m, d = dep.parts[0]
            put("DEP", f"{y:04d}{m:02d}{d:02d}")
        elif dep is not None:
            report.lossy(item, "available-date", "nbib", "DEP holds a full date only")
        keyword = item.text("keyword")
        if keyword:
            for word in keyword.split(";" if ";" in keyword else ","):
                put("OT", word.strip())
        put("PT", pt)
        for var in item.vars:
            if var not in _HANDLED:
                report.lossy(item, var, "nbib", "the nbib writer writes PubMed's own fields only")
        return "\n".join(lines) + "\n"
