"""Refer / EndNote tagged reader (``%0 Journal Article``, ``%A``, ``%T``, ...).

Records are blocks of ``%X value`` lines separated by blank lines; a line
that does not start with a tag continues the previous value. A file whose
records have no ``%0`` line is classic Unix refer: its own tag meanings
apply (``%Q`` corporate author, ``%R`` report number) and the type is
guessed from the tags present, as refer's own tools do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.formats.endnote_xml.convert import Record, record_to_item
from citeshift.formats.endnote_xml.mapping import lookup_type
from citeshift.formats.lines import ASCII_SPACE, iter_lines
from citeshift.formats.refer import tags
from citeshift.model.item import Item, Origin
from citeshift.normalize.identifiers import clean_doi, is_doi

FORMAT = "refer"
_TAG = re.compile(r"^(%\S)(?:[ \t]+(.*)|[ \t]*)$")
_SNIFF_TYPE = re.compile(r"^\s*%0 \S")
_SNIFF_TAGS = re.compile(r"^(?:%[A-Z0-9@!#$&()*+<>?\[\]^~=] .*\n?){2,}")
#: "%A Homerus, (eds)": the person list is a list of editors
_EDITOR_MARK = re.compile(r",?\s*\((?:eds?|hrsg|dir)\.?\)\s*$|,\s*eds\.\s*$", re.IGNORECASE)


def _blocks(text: str) -> Iterator[tuple[int, list[tuple[int, str, str]]]]:
    """Yield (first line, [(line, tag, value)]) per record."""
    current: list[tuple[int, str, str]] = []
    has_fields = False  # whether ``current`` holds a tag other than %0 (kept, not searched:
    start = 0           # a file of many %0 lines made the search quadratic)
    more: list[str] = []  # continuation lines of the last value, joined once ("+=": quadratic)

    def flush() -> None:
        if more:
            ln, tag, value = current[-1]
            current[-1] = (ln, tag, "\n".join([value, *more] if value else more))
            more.clear()

    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # only line feeds end lines: str.splitlines() would also cut at U+2028, U+0085, ...
    for n, line in enumerate(iter_lines(text), start=1):
        if not line.strip(ASCII_SPACE):
            if current:
                flush()
                yield start, current
                current = []
                has_fields = False
            continue
        m = _TAG.match(line)
        if m:
            flush()
            tag, value = m.group(1), (m.group(2) or "").strip(ASCII_SPACE)
            if tag == "%0" and current and has_fields:
                # a new type line after fields starts a record even without a blank line
                yield start, current
                current = []
                has_fields = False
            if not current:
                start = n
            current.append((n, tag, value))
            has_fields = has_fields or tag != "%0"
        elif current:
            tag = current[-1][1]
            if tag in tags.LIST_TAGS:
                current.append((n, tag, line.strip(ASCII_SPACE)))
                has_fields = has_fields or tag not in ("%0", "")
            else:
                more.append(line.strip(ASCII_SPACE))
        else:
            current.append((n, "", line.strip(ASCII_SPACE)))
            start = n
    if current:
        flush()
        yield start, current


class ReferReader(Reader):
    name = FORMAT
    extensions = (".enw", ".refer", ".ref")
    aliases = ("enw", "endnote", "endnote-tagged", "bibix", "refer-bibix")
    description = "EndNote tagged (.enw) and classic Refer (%A, %T, ...)"

    def sniff(self, head: str) -> float:
        head = head.lstrip("\ufeff")
        if _SNIFF_TYPE.match(head):
            return 0.95
        if _SNIFF_TAGS.match(head.lstrip()):
            return 0.75
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        n = 0
        for start, lines in _blocks(text.lstrip("\ufeff")):
            n += 1
            stray = [(ln, v) for ln, t, v in lines if not t]
            if stray and len(stray) == len(lines):
                report.record_failed(f"record {n}: no %-tag lines (starts with {stray[0][1][:40]!r})",
                                     file=name, line=start, record=n)
                continue
            if all(t == "%0" and not v for _, t, v in lines):
                # nothing at all, not even a type: reported, not made into an empty item
                report.record_failed(f"record {n} (lines {start}-{lines[-1][0]}) is empty: "
                                     "a %0 line without a type and no fields", file=name,
                                     line=start, record=n)
                continue
            item = self._item(lines, n, start, name=name, report=report)
            for ln, value in stray:
                item.add_source_field(FORMAT, "untagged-line", value)
                report.warning(f"line without a tag (kept with the record): {value[:60]!r}",
                               code="refer.stray", item=item, line=ln)
            yield item
        if n == 0:
            report.warning("empty file: no records", code="empty", file=name)

    def _item(self, lines: list[tuple[int, str, str]], n: int, start: int, *, name: str,
              report: Report) -> Item:
        types = [v for _, t, v in lines if t == "%0" and v]
        classic = not any(t == "%0" for _, t, _ in lines)
        present = {t for _, t, _ in lines}
        if classic:
            type_name = next((ty for tag, ty in tags.CLASSIC_TYPE_HINTS if tag in present), None)
            table = tags.CLASSIC_TAGS
        else:
            type_name = types[-1] if types else None
            table = tags.ENDNOTE_TAGS
        ref = lookup_type(type_name)
        canonical = ref.name if ref else None
        fields: list[tuple[str, str]] = []
        unknown: list[tuple[str, str]] = []
        authors = [v for _, t, v in lines if t == "%A"]
        editors_mark = classic and any(_EDITOR_MARK.search(a) for a in authors)
        for _, tag, value in lines:
            if not tag or tag == "%0":
                continue
            fld = table.get(tag)
            if classic and type_name and tag in tags.CLASSIC_TYPE_TAGS:
                fld = tags.CLASSIC_TYPE_TAGS[tag].get(type_name, fld)
            if fld is None:
                unknown.append((tag, value))
                continue
            if tag == "%A" and classic:
                value = _EDITOR_MARK.sub("", value)
                if editors_mark:
                    fld = "csl:editor"
            if tag == "%Q" and classic:
                value = value.rstrip(",") + ","
            if not classic and canonical in tags.TAGGED_ROLE_OVERRIDES.get(tag, {}):
                fld = "csl:" + tags.TAGGED_ROLE_OVERRIDES[tag][canonical]
            if tag == "%R" and is_doi(clean_doi(value)):
                fld = "electronic-resource-num"
            fields.append((fld, value))
        item_id = f"record-{n}"
        origin = Origin(file=name, line=start, record=n, format=FORMAT)
        item = record_to_item(Record(type_name=type_name, fields=fields), fmt=FORMAT,
                              item_id=item_id, origin=origin, report=report)
        if len(types) > 1:
            report.warning(f"record has {len(types)} type lines ({', '.join(types)}); "
                           f"using the last, {types[-1]!r}", code="refer.type", item=item)
        for tag, value in unknown:
            item.add_source_field(FORMAT, tag, value)
        return item
