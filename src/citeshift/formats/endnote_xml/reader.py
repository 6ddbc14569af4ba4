"""EndNote XML reader (``<xml><records><record>``), safe and tolerant.

The file is parsed whole with a strict, safe parser. When that fails (a
truncated export, a stray ``&``), the error is reported with its line and
each ``<record>`` is parsed on its own, so one broken record does not lose the
others; a broken record is given a second chance with lxml's ``recover``
mode, and kept with a warning naming what the parser had to drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from citeshift.diagnostics import Report
from citeshift.formats import xmlsafe
from citeshift.formats.base import Options, Reader
from citeshift.formats.endnote_xml.convert import Record, record_to_item
from citeshift.formats.lines import ASCII_SPACE
from citeshift.model.item import Item, Origin

FORMAT = "endnote-xml"
_SNIFF = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<xml>\s*<records>", re.S)
def _record_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each record of a broken file: up to its ``</record>``, or up to the
    next record (or ``</records>``, or the end). Never searching past the next record: a
    regex that looked for ``</record>`` to the end of the file for each record was
    quadratic on a file of unclosed records."""
    start = text.find("<record>")
    while start >= 0:
        following = text.find("<record>", start + 8)
        bound = len(text) if following < 0 else following
        tail = text.find("</records>", start, bound)
        if tail >= 0:
            bound = tail
        close = text.find("</record>", start, bound)
        yield start, (close + 9 if close >= 0 else bound)
        start = following

#: container children flattened into generic fields: element -> (child name -> field)
_FLAT_PARENTS = {"titles", "periodical", "alt-periodical"}
_URL_GROUPS = {"web-urls": "web-url", "pdf-urls": "pdf-url", "text-urls": "text-url",
               "related-urls": "related-url", "image-urls": "image-url"}
_DATE_GROUPS = {"pub-dates": "pub-date", "copyright-dates": "copyright-date"}
#: the library's bookkeeping (which .enl file, which program): not reference data; the record
#: number becomes the item's id (``endnote-412``)
_BOOKKEEPING = {"database", "source-app", "rec-number", "foreign-keys"}

#: ``<style face="...">`` words -> CSL markup tags (outermost first); underline has no CSL form
_FACES = (("bold", "b"), ("italic", "i"), ("superscript", "sup"), ("subscript", "sub"))


def styled_text(el: etree._Element) -> str:
    """The text of a field, ``<style>`` runs unwrapped into CSL markup (``<i>``, ``<b>``, ...)."""
    out: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            out.append(child.tail or "")
            continue
        if not isinstance(child.tag, str):
            out.append(child.tail or "")
            continue
        inner = styled_text(child)
        if child.tag == "style" and inner.strip():
            faces = (child.get("face") or "").split()
            for word, tag in reversed(_FACES):
                if word in faces:
                    inner = f"<{tag}>{inner}</{tag}>"
        out.append(inner)
        out.append(child.tail or "")
    return "".join(out)


def _plain(el: etree._Element) -> str:
    return "".join(t for t in el.itertext())


def record_fields(rec: etree._Element) -> Record:
    """Flatten one ``<record>`` into its EndNote type and generic ``(field, value)`` pairs."""
    type_name: str | None = None
    type_number: str | None = None
    number: str | None = None
    fields: list[tuple[str, str]] = []
    for child in rec:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag == "ref-type":
            type_name = child.get("name")
            type_number = (child.text or "").strip()
        elif tag == "contributors":
            for group in child:
                if not isinstance(group.tag, str):
                    continue
                for author in group:
                    if isinstance(author.tag, str):
                        fields.append((group.tag, _author_text(author)))
        elif tag in _FLAT_PARENTS:
            prefix = "alt-" if tag == "alt-periodical" else ""
            for sub in child:
                if isinstance(sub.tag, str):
                    key = sub.tag if not prefix else f"alt-periodical/{sub.tag}"
                    fields.append((key, styled_text(sub).strip(ASCII_SPACE)))
        elif tag == "keywords":
            for kw in child:
                if isinstance(kw.tag, str):
                    fields.append(("keyword", _plain(kw).strip(ASCII_SPACE)))
        elif tag == "dates":
            for sub in child:
                if not isinstance(sub.tag, str):
                    continue
                if sub.tag in _DATE_GROUPS:
                    for d in sub:
                        if isinstance(d.tag, str):
                            fields.append((_DATE_GROUPS[sub.tag], _plain(d).strip(ASCII_SPACE)))
                else:
                    fields.append((sub.tag, _plain(sub).strip(ASCII_SPACE)))
        elif tag == "urls":
            for group in child:
                if not isinstance(group.tag, str):
                    continue
                key = _URL_GROUPS.get(group.tag, group.tag)
                for url in group:
                    if isinstance(url.tag, str):
                        fields.append((key, _plain(url).strip(ASCII_SPACE)))
        elif tag in _BOOKKEEPING:
            if tag == "rec-number":
                number = _plain(child).strip()
        else:
            fields.append((tag, styled_text(child).strip(ASCII_SPACE)))
    if type_name is None and type_number:
        from citeshift.formats.endnote_xml.mapping import BY_NUMBER
        ref = (BY_NUMBER.get(int(type_number))
               if type_number.isdecimal() and len(type_number) <= 4 else None)
        type_name = ref.name if ref else None
    return Record(type_name=type_name, fields=fields, number=number)


def _author_text(author: etree._Element) -> str:
    """An ``<author>``'s name; the DTD's attribute form (``last-name=`` ...) is read as well."""
    text = _plain(author).strip(ASCII_SPACE)
    if text:
        return text
    corp = author.get("corp-name")
    if corp:
        return corp.rstrip(",") + ","
    last, first = author.get("last-name"), author.get("first-name")
    parts = [p for p in (last, first, author.get("suffix")) if p]
    return ", ".join(parts)


class EndNoteXmlReader(Reader):
    name = FORMAT
    extensions = (".xml",)
    aliases = ("endnotexml", "enl-xml", "endnote_xml")
    description = "EndNote XML export (<xml><records><record>)"

    def sniff(self, head: str) -> float:
        return 0.95 if _SNIFF.match(head.lstrip("\ufeff")) else 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        if not text.strip():
            report.warning("empty file: no records", code="empty", file=name)
            return
        n = 0
        try:
            for rec in xmlsafe.iter_records(text, ("record",), ("xml", "records")):
                n += 1
                yield self._item(rec, n, name=name, report=report, line=rec.sourceline)
        except xmlsafe.NotThisFormat as exc:
            report.record_failed(f"not EndNote XML: the root element is <{exc.tag}>, not <xml>",
                                 file=name, line=exc.line)
            return
        except etree.XMLSyntaxError as exc:
            report.error(f"invalid XML: {exc.msg}; reading the records one by one",
                         code="syntax", file=name, line=exc.lineno or None)
            yield from self._read_pieces(text, name=name, report=report, skip=n)
            return
        if n == 0:
            report.warning("no <record> in the file", code="empty", file=name)

    def _item(self, rec: etree._Element, n: int, *, name: str, report: Report,
              line: int | None) -> Item:
        record = record_fields(rec)
        number = record.number if record.number and record.number.isdigit() else None
        item_id = f"endnote-{number}" if number else f"record-{n}"
        origin = Origin(file=name, line=line, record=n, format=FORMAT)
        item = record_to_item(record, fmt=FORMAT, item_id=item_id, origin=origin, report=report)
        refs = xmlsafe.has_entity_refs(rec)
        if refs:
            report.warning(f"entity reference(s) {', '.join(sorted(set(refs)))} not expanded "
                           "(entities are never resolved, for safety)", code="xml.entity", item=item)
        return item

    def _read_pieces(self, text: str, *, name: str, report: Report, skip: int = 0) -> Iterator[Item]:
        """Records one by one, after the ``skip`` records the streaming parse already gave."""
        n = 0
        line, counted = 1, 0  # lines counted so far (from the start each time was quadratic)
        for start, end in _record_spans(text):
            n += 1
            if n <= skip:
                continue
            line += text.count("\n", counted, start)
            counted = start
            piece = text[start:end]
            try:
                rec = xmlsafe.parse(piece)
            except etree.XMLSyntaxError as exc:
                where = line + (exc.lineno or 1) - 1
                rec = None
                try:
                    p = xmlsafe.parser(recover=True)
                    rec = etree.fromstring(piece.encode("utf-8"), p)
                    lost = "; ".join(f"line {line + e.line - 1}: {e.message.strip()}"
                                     for e in p.error_log)
                except etree.XMLSyntaxError:
                    rec = None
                if rec is None or not len(rec):
                    report.record_failed(f"record {n} is not well-formed XML: {exc.msg}",
                                         file=name, line=where, record=n)
                    continue
                item = self._item(rec, n, name=name, report=report, line=line)
                report.warning(f"record {n} was repaired; text after the error may be lost ({lost})",
                               code="repair.xml", item=item)
                yield item
                continue
            yield self._item(rec, n, name=name, report=report, line=line)
        if n == 0:
            report.record_failed("no <record> element found", file=name, line=1)
        elif n == skip:
            report.warning("the file breaks after its last complete record; nothing was lost",
                           code="syntax.tail", file=name)
