"""A small MEDLINE (``.nbib``) writer: the fields PubMed itself exports for an article or book.

Enough for reference managers that import PubMed files (EndNote, Zotero,
Mendeley) to get the record right; everything else is reported as lost.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.model.dates import MONTH_ABBR, Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.model.richtext import strip_markup

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
TYPE_PT: dict[str, str] = {"article-journal": "Journal Article", "book": "Book",
                           "chapter": "Book Chapter", "report": "Technical Report",
                           "dataset": "Dataset", "article": "Preprint"}
_HANDLED = set(TEXT_TAGS) | {"author", "editor", "issued", "keyword", "available-date"}


def _medline_date(date: Date) -> str | None:
    if not date.parts or not date.parts[0]:
        return date.literal
    p = date.parts[0]
    text = str(p[0])
    if len(p) > 1:
        text += f" {MONTH_ABBR[p[1] - 1]}"
    if len(p) > 2:
        text += f" {p[2]}"
    return text


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

    def record(self, item: Item, report: Report) -> str:
        lines: list[str] = []

        def put(tag: str, value: str) -> None:
            value = " ".join(strip_markup(value).split())
            if value:  # wrapped at 80 columns with six-space continuation lines, as PubMed does
                lines.append("\n".join(textwrap.wrap(
                    value, width=80, initial_indent=f"{tag:<4}- ", subsequent_indent=" " * 6,
                    break_long_words=False, break_on_hyphens=False)))

        for var, tag in TEXT_TAGS.items():
            value = item.text(var)
            if value is None:
                continue
            if var == "DOI":
                value = f"{value} [doi]"
            if var == "ISSN":
                for issn in value.split():
                    put(tag, issn)
                continue
            if var == "title" and not value.rstrip().endswith((".", "?", "!")):
                value = value.rstrip() + "."  # MEDLINE ends titles with a period (the reader removes it)
            if var == "title" and item.type == "chapter":
                put("TI", value)
                continue
            put(tag, value)
            if var == "title" and item.type == "book":
                lines[-1] = "BTI - " + lines[-1][6:]
            if var == "issue":
                issued = item.date("issued")
                if issued is not None and (dp := _medline_date(issued)):
                    put("DP", dp)
        if item.type == "chapter" and item.text("container-title"):
            lines = [ln for ln in lines if not ln.startswith("JT  - ")]
            put("BTI", (item.text("container-title") or "") + ".")
        issued = item.date("issued")
        if "issue" not in item.vars and issued is not None and (dp := _medline_date(issued)):
            put("DP", dp)
        for role, (full, short) in (("author", ("FAU", "AU")), ("editor", ("FED", "ED"))):
            for name in item.names(role):
                if name.literal:
                    put("CN", name.literal)
                else:
                    put(full, _full(name))
                    put(short, _short(name))
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
        put("PT", TYPE_PT.get(item.type, "Journal Article"))
        for var in item.vars:
            if var not in _HANDLED:
                report.lossy(item, var, "nbib", "the nbib writer writes PubMed's own fields only")
        return "\n".join(lines) + "\n"
