"""EndNote XML writer: the structure EndNote itself exports, in its DTD's element order.

EndNote validates nothing on import but expects its own element order and
``<style>``-wrapped text; the writer follows EndNote's export exactly (the
structure is checked against ``tests/data/endnote-xml.rng`` in the tests).
CSL markup becomes ``<style face="italic">`` runs, so italics survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from lxml import etree

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.endnote_xml import mapping
from citeshift.formats.endnote_xml.convert import Record, item_to_record
from citeshift.formats.endnote_xml.reader import styled_text
from citeshift.formats.lines import ASCII_SPACE
from citeshift.model.item import Item
from citeshift.model.richtext import has_markup, tokens

FORMAT = "endnote-xml"

#: the record's children in the order of EndNote's DTD
RECORD_ORDER: tuple[str, ...] = (
    "database", "source-app", "rec-number", "foreign-keys", "ref-type", "contributors",
    "auth-address", "auth-affiliaton", "titles", "periodical", "alt-periodical", "pages", "volume",
    "number", "issue", "secondary-volume", "secondary-issue", "num-vols", "edition", "section",
    "reprint-edition", "reprint-status", "keywords", "dates", "pub-location", "publisher",
    "orig-pub", "isbn", "accession-num", "call-num", "report-id", "coden",
    "electronic-resource-num", "abstract", "label", "image", "caption", "notes", "research-notes",
    "work-type", "reviewed-item", "availability", "remote-source", "meeting-place",
    "work-location", "work-extent", "pack-method", "size", "repro-ratio", "remote-database-name",
    "remote-database-provider", "language", "urls", "access-date", "modified-date",
    "custom1", "custom2", "custom3", "custom4", "custom5", "custom6", "custom7",
    "misc1", "misc2", "misc3",
)
CONTRIBUTORS = ("authors", "secondary-authors", "tertiary-authors", "subsidiary-authors",
                "translated-authors")
TITLES = ("title", "secondary-title", "tertiary-title", "alt-title", "short-title", "translated-title")
PERIODICAL = ("full-title", "abbr-1", "abbr-2", "abbr-3")
URLS = (("web-urls", "web-url"), ("pdf-urls", "pdf-url"), ("text-urls", "text-url"),
        ("related-urls", "related-url"), ("image-urls", "image-url"))
_URL_FIELDS = frozenset(fld for _group, fld in URLS)
#: characters XML 1.0 cannot hold at all; they carry no content in a reference
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FACE = {"<b>": "bold", "<i>": "italic", "<sup>": "superscript", "<sub>": "subscript"}


def add_styled(parent: etree._Element, text: str) -> None:
    """Put text into ``parent`` as EndNote does: ``<style>`` runs, one per change of face."""
    active: list[str] = []
    for kind, value in tokens(text):
        if kind == "tag":
            if value.startswith("</"):
                if active:
                    active.pop()
            else:
                active.append(_FACE.get(value, ""))
            continue
        faces = " ".join(f for f in active if f) or "normal"
        style = etree.SubElement(parent, "style", face=faces, font="default", size="100%")
        style.text = _CONTROL.sub("", value)


def _text_el(parent: etree._Element, tag: str, text: str) -> None:
    add_styled(etree.SubElement(parent, tag), text)


def build_record(record: Record, n: int, *, item: Item, report: Report) -> etree._Element:
    rec = etree.Element("record")
    by_field: dict[str, list[str]] = {}
    for fld, value in record.fields:
        by_field.setdefault(fld, []).append(value)
    type_name = record.type_name or "Generic"
    ref = mapping.BY_NAME[type_name.casefold()]
    etree.SubElement(rec, "database", name="citeshift.enl", path="citeshift.enl").text = "citeshift.enl"
    etree.SubElement(rec, "source-app", name="citeshift", version="0.1").text = "citeshift"
    etree.SubElement(rec, "rec-number").text = str(n)
    number = ref.number if ref.number is not None else mapping.BY_NAME["generic"].number
    etree.SubElement(rec, "ref-type", name=ref.name).text = str(number)
    if type_name in mapping.PERIODICAL_TYPES and "secondary-title" in by_field:
        by_field.setdefault("full-title", by_field["secondary-title"][:1])
        if "alt-title" in by_field:
            by_field.setdefault("abbr-1", by_field["alt-title"][:1])
    for tag in RECORD_ORDER[4:]:
        if tag == "ref-type":
            continue
        if tag == "contributors":
            if any(g in by_field for g in CONTRIBUTORS):
                contrib = etree.SubElement(rec, "contributors")
                for group in CONTRIBUTORS:
                    if group in by_field:
                        g = etree.SubElement(contrib, group)
                        for name in by_field[group]:
                            _text_el(g, "author", name)
        elif tag in ("titles", "periodical"):
            members = TITLES if tag == "titles" else PERIODICAL
            if any(m in by_field for m in members):
                parent = etree.SubElement(rec, tag)
                for m in members:
                    if m in by_field:
                        _single(m, by_field[m], item, report)
                        _text_el(parent, m, by_field[m][0])
        elif tag == "alt-periodical":
            subs = [(f.split("/", 1)[1], v) for f, vs in by_field.items()
                    if f.startswith("alt-periodical/") for v in vs[:1]]
            if subs:
                parent = etree.SubElement(rec, tag)
                for sub, value in sorted(subs, key=lambda p: PERIODICAL.index(p[0])
                                         if p[0] in PERIODICAL else 9):
                    _text_el(parent, sub, value)
        elif tag == "keywords":
            if "keyword" in by_field:
                kws = etree.SubElement(rec, "keywords")
                for kw in by_field["keyword"]:
                    _text_el(kws, "keyword", kw)
        elif tag == "dates":
            if any(k in by_field for k in ("year", "pub-date", "copyright-date")):
                dates = etree.SubElement(rec, "dates")
                if "year" in by_field:
                    _single("year", by_field["year"], item, report)
                    _text_el(dates, "year", by_field["year"][0])
                for group, fld in (("pub-dates", "pub-date"), ("copyright-dates", "copyright-date")):
                    if fld in by_field:
                        g = etree.SubElement(dates, group)
                        for d in by_field[fld]:
                            _text_el(g, "date", d)
        elif tag == "urls":
            if any(f in by_field for _, f in URLS):
                urls = etree.SubElement(rec, "urls")
                for group, fld in URLS:
                    if fld in by_field:
                        g = etree.SubElement(urls, group)
                        for u in by_field[fld]:
                            etree.SubElement(g, "url").text = _CONTROL.sub("", u)
        elif tag in by_field:
            _single(tag, by_field[tag], item, report)
            _text_el(rec, tag, by_field[tag][0])
    return rec


def _single(fld: str, values: list[str], item: Item, report: Report) -> None:
    """EndNote holds one value per field: say so when more than one was there to write."""
    if len(values) > 1:
        report.lossy(item, f"{fld} ({len(values) - 1} more value(s))", FORMAT,
                     "EndNote holds one value per field")


def _report_markup_changes(record: Record, item: Item, report: Report) -> None:
    """Markup that ``<style>`` runs cannot carry as written is reported: nocase and small-caps
    spans have no EndNote face, and a tag left open closes at the end of the field."""
    seen: set[str] = set()
    for fld, value in record.fields:
        if "<" not in value or fld in _URL_FIELDS or not has_markup(value):
            continue  # URLs are written as plain text
        var = mapping.field_variable(fld, record.type_name) or fld
        if var in seen:
            continue
        probe = etree.Element("probe")
        add_styled(probe, value)
        back = styled_text(probe).strip(ASCII_SPACE)
        if back != value.strip(ASCII_SPACE):
            seen.add(var)
            why = ("EndNote has no style for a nocase or small-caps span" if "<span" in value
                   else "EndNote styles are runs of text, not open and close tags")
            report.lossy(item, var, FORMAT, f"{why}: the text reads back as {back!r}")


class EndNoteXmlWriter(Writer):
    name = FORMAT
    extensions = (".xml",)
    aliases = ("endnotexml", "endnote_xml")
    description = "EndNote XML, as EndNote exports it (imports into EndNote and Zotero)"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>')
        count = 0
        for item in items:
            record = item_to_record(item, report=report, target=FORMAT)
            _report_markup_changes(record, item, report)
            rec = build_record(record, count + 1, item=item, report=report)
            for fld, _ in record.extra:
                report.lossy(item, fld, FORMAT, "a field of the source file with no EndNote XML element")
            out.write("\n" + etree.tostring(rec, encoding="unicode"))
            count += 1
        out.write("\n</records></xml>\n")
        return count
