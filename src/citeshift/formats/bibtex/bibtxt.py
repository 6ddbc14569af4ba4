"""bibtxt: BibTeX's fields in a plain "[key]" / "field: value" layout (citation-js' format).

::

    [Steinbeck2003]
        type: article
        author: Christoph Steinbeck and Yongquan Han
        title: The Chemistry Development Kit

Values are BibTeX values without the braces, so the BibTeX mapping and LaTeX
decoding apply unchanged; an entry without ``type`` is a book.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader, Writer
from citeshift.formats.bibtex.convert import entry_to_item
from citeshift.formats.bibtex.keys import KeyMaker
from citeshift.formats.bibtex.reader import RawEntry
from citeshift.formats.bibtex.writer import _ORDER, _EntryWriter, prepare
from citeshift.model.item import Item

_HEAD = re.compile(r"^\s*\[([^\]\n]*)\]\s*$")
#: the name ends at the first colon: a value may start with one (``note: :x``)
_FIELD = re.compile(r"^\s*([A-Za-z][\w:+.-]*?)\s*:\s?(.*)$")
#: a name the reader takes back whole (no colon, which would end it)
_NAME = re.compile(r"[A-Za-z][\w+.-]*")
#: what ``str.splitlines`` (and so the reader) ends a line at
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


class BibtxtReader(Reader):
    name = "bibtxt"
    extensions = (".bibtxt",)
    description = "bibtxt: '[key]' then 'field: value' lines (citation-js)"

    def sniff(self, head: str) -> float:
        lines = [ln for ln in head.splitlines() if ln.strip()][:3]
        if lines and _HEAD.match(lines[0]) and (len(lines) == 1 or _FIELD.match(lines[1])):
            return 0.6
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        current: RawEntry | None = None
        record = 0
        for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
            if not line.strip():
                continue
            head = _HEAD.match(line)
            if head:
                if current is not None:
                    record += 1
                    yield _finish(current, name, report, record)
                current = RawEntry("book", head.group(1).strip(), lineno, {})
                continue
            field = _FIELD.match(line)
            if field is None or current is None:
                report.warning(f"line not understood: {line.strip()[:60]!r}",
                               code="bibtxt.line", file=name, line=lineno)
                continue
            key, value = field.group(1).lower(), field.group(2).strip()
            if key == "type":
                current.type = value.lower()
            elif key in current.fields:
                report.warning(f"field {key!r} repeated; the first value is used",
                               code="bibtxt.repeated-field", file=name, line=lineno)
                current.repeats.append((key, value))
            else:
                current.fields[key] = value
                current.order.append((key, value))
        if current is not None:
            record += 1
            yield _finish(current, name, report, record)


def _finish(raw: RawEntry, name: str, report: Report, record: int) -> Item:
    item = entry_to_item(raw, name=name, report=report, record=record)
    if item.origin is not None:
        item.origin.format = "bibtxt"
    return item


def _one_line(value: str) -> str:
    """A value on one line: line breaks are spaces to LaTeX (other whitespace is kept)."""
    return _LINE_BREAK.sub(" ", value).strip()


class _BibtxtEntry(_EntryWriter):
    """BibTeX fields for bibtxt: one line each, and ``type`` is the entry type (BibTeX's
    ``type`` field, the genre, goes under its CSL name)."""

    reserved = frozenset({"type"})

    def as_read(self, value: str) -> str:
        return _one_line(value)

    def field_ok(self, name: str) -> bool:
        return name not in self.reserved and _NAME.fullmatch(name) is not None


class BibtxtWriter(Writer):
    name = "bibtxt"
    extensions = (".bibtxt",)
    description = "bibtxt: '[key]' then 'field: value' lines (citation-js)"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        keys = KeyMaker()
        count = 0
        for item in items:
            w = _BibtxtEntry(item, "bibtex", report, ascii=False)
            w.target = "bibtxt"
            entry_type, key = prepare(w, keys)
            lines = [f"[{key}]"]
            ordered = sorted(w.fields.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
            lines.extend(f"\t{k}: {_one_line(v)}" for k, v in ordered)
            lines.append(f"\ttype: {entry_type}")
            out.write(("\n" if count else "") + "\n".join(lines) + "\n")
            count += 1
        return count
