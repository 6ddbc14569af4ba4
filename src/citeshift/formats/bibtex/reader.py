"""BibTeX and BibLaTeX reader.

bibtexparser 2.x splits the file into blocks (entries, ``@string``,
``@preamble``, ``@comment``, and failed blocks with their line); everything
after that is ours: macro expansion and ``#``, crossref/xdata inheritance,
LaTeX decoding and the type-conditional mapping to CSL.

Robustness, because ``.bib`` files are old and precious:
- lines starting with ``%`` are comments everywhere (as biber reads them), so a
  commented-out field inside an entry no longer breaks it;
- a broken entry is reported with its file and line and the others still convert;
- a repeated field (which bibtexparser turns into a failed block) keeps the
  entry: the first value is used, as BibTeX does, and the repeat is reported;
- a missing comma between two fields is detected and repaired;
- field names are case-insensitive (``Author =``), duplicate keys reported.

The file is split in chunks of whole entries, so memory stays proportional to
a chunk, not to the file, and items stream out in source order.
"""

from __future__ import annotations

import gc
import logging
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.formats.bibtex import mapping
from citeshift.formats.bibtex.convert import entry_to_item
from citeshift.formats.bibtex.splitter import Splitter
from citeshift.formats.bibtex.values import parse_value, split_hidden_field
from citeshift.model.item import Item

# bibtexparser logs every failed block; we report them ourselves, with the file name
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

#: a whole line that is a comment (biber's reading; BibTeX would choke inside entries)
_COMMENT_LINE = re.compile(r"^[ \t]*%[^\n]*", re.M)
_SNIFF = re.compile(r"^\s*@\s*(?:article|book|inproceedings|incollection|inbook|misc|string|"
                    r"preamble|comment|techreport|phdthesis|mastersthesis|online|report|"
                    r"thesis|proceedings|unpublished|manual|booklet|conference|[a-z]+)\s*[{(]",
                    re.I | re.M)
#: ``(crossref|xdata)\s*=\s*...`` case-insensitively, spelled so that the regex engine can
#: skip ahead to a c or an x (``re.I`` with an alternation tries every position)
_CROSSREF = re.compile(r"[cCxX](?:(?<=[cC])[rR][oO][sS][sS][rR][eE][fF]|(?<=[xX])[dD][aA][tT][aA])"
                       r"\s*=\s*[{\"]?\s*([^,}\"\s]+)")
_BAD_NAME = re.compile(r'[\s{}"=#]')
#: chunk size for splitting (characters); cut only before a line starting with "@"
CHUNK = 1 << 20


@dataclass(slots=True)
class RawEntry:
    """An entry after value parsing, before mapping: lower-case field names -> LaTeX text."""

    type: str
    key: str
    line: int
    fields: dict[str, str]
    #: fields in source order as (name as written, LaTeX text), repeats included
    order: list[tuple[str, str]] = field(default_factory=list)
    repeats: list[tuple[str, str]] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    #: (message, code, line) found while reading; reported on the item once it exists
    notes: list[tuple[str, str, int]] = field(default_factory=list)


def _chunks(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """(line offset, chunk) pieces cut just before a line that starts a block."""
    size = size or CHUNK
    n = len(text)
    start = 0
    line = 0
    while start < n:
        end = start + size
        if end < n:
            cut = text.find("\n@", end)
            end = n if cut < 0 else cut + 1
        else:
            end = n
        piece = text[start:end]
        yield line, piece
        line += piece.count("\n")
        start = end


def blocks_of(chunk: str) -> list[Block]:
    """The blocks the reader reads in ``chunk``: bibtexparser's, once the lines that start
    with ``%`` are dropped (comments everywhere, as biber reads them). Also what
    :mod:`citeshift.split` asks when it gathers the macros and parents a piece needs."""
    if "%" in chunk:
        chunk = _COMMENT_LINE.sub("", chunk)
    return Splitter(chunk).split().blocks


class BibtexReader(Reader):
    name = "bibtex"
    extensions = (".bib", ".bibtex", ".biblatex")
    aliases = ("biblatex", "bib", "bibtex-file")
    description = "BibTeX and BibLaTeX (.bib)"

    def sniff(self, head: str) -> float:
        m = _SNIFF.search(head)
        if not m:
            return 0.0
        return 0.9 if re.search(r"=\s*[{\"\d\w]", head) or "@string" in head.lower() else 0.6

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        yield from _Run(text, name, report, options or {}).items()


class _Run:
    """One pass over one file."""

    def __init__(self, text: str, name: str, report: Report, options: Options) -> None:
        self.text = text.lstrip("\ufeff")
        self.name = name
        self.report = report
        self.options = options
        self.macros: dict[str, str] = {}
        self.pending: list[str] = []  # @preamble/@comment text waiting for the next entry
        self.seen_keys: dict[str, int] = {}
        self.targets: set[str] = set()
        self.parents: dict[str, RawEntry] = {}
        self.defined_later: dict[str, int] = {}
        self.scanned_to = 0  # text before this offset has been split
        self.record = 0

    # -- the stream
    def items(self) -> Iterator[Item]:
        text = self.text
        if _CROSSREF.search(text):
            self.targets = {m.group(1).lower() for m in _CROSSREF.finditer(text)}
        queue: deque[RawEntry] = deque()
        last: Item | None = None
        for offset, chunk in _chunks(text):
            start = self.scanned_to
            self.scanned_to += len(chunk)
            with _gc_paused():
                # the cyclic garbage collector would walk every object of the chunk again
                # and again while we allocate; nothing we make here holds a cycle
                ready: list[Item] = []
                for raw in self._entries(offset, chunk):
                    queue.append(raw)
                    while queue and self._ready(queue[0], start):
                        ready.append(self._convert(queue.popleft()))
                # a parent defined in this chunk that failed to parse is not waited for
                while queue and self._ready(queue[0], self.scanned_to):
                    ready.append(self._convert(queue.popleft()))
            for item in ready:
                if last is not None:
                    yield last
                last = item
        while queue:
            if last is not None:
                yield last
            last = self._convert(queue.popleft())
        if last is not None:
            if self.pending:
                last.meta.setdefault("bibtex", {})["after"] = self.pending
                self.pending = []
            yield last
        elif self.pending:
            self.report.info("file has no entries; its @preamble/@comment blocks are not converted",
                             file=self.name)

    def _ready(self, raw: RawEntry, horizon: int) -> bool:
        """An entry can go once the entries it inherits from have been read (those whose
        definition starts before ``horizon`` have been, or have failed)."""
        return all(key in self.parents or self._defined_at(key, horizon) < horizon
                   for _link, key in _parent_links(raw))

    def _defined_at(self, key: str, start: int) -> int:
        """Where the entry ``key`` may be defined at or after ``start`` (-1: nowhere).

        Anywhere on a line, not only at its start: bibtexparser also reads an entry that
        follows other text (``}@proceedings{key,``). A match inside a value only makes
        the children wait a little longer for a parent that does not come."""
        known = self.defined_later.get(key)
        if known is None or (0 <= known < start):
            pattern = re.compile(r"@[ \t]*\w+[ \t]*[{(][ \t]*" + re.escape(key)
                                 + r"[ \t]*,", re.I)
            m = pattern.search(self.text, start)
            known = m.start() if m else -1
            self.defined_later[key] = known
        return known

    # -- blocks
    def _entries(self, offset: int, chunk: str) -> Iterator[RawEntry]:
        report = self.report
        for block in blocks_of(chunk):
            line = offset + (block.start_line or 0) + 1
            if isinstance(block, DuplicateFieldKeyBlock):
                entry = block.ignore_error_block
                raw = self._raw_entry(entry, line)
                if raw is not None:
                    yield raw
                continue
            if isinstance(block, DuplicateBlockKeyBlock):
                inner = block.ignore_error_block
                if isinstance(inner, String):
                    report.warning(f"@string {inner.key!r} defined again; the new value is used",
                                   code="bibtex.duplicate-string", file=self.name, line=line)
                    self._string(inner, line)
                elif isinstance(inner, Entry):
                    raw = self._raw_entry(inner, line)
                    if raw is not None:
                        yield raw
                continue
            if isinstance(block, ParsingFailedBlock):
                yield from self._failed(block, line, offset)
                continue
            if isinstance(block, Entry):
                raw = self._raw_entry(block, line)
                if raw is not None:
                    yield raw
            elif isinstance(block, String):
                self._string(block, line)
            elif isinstance(block, (Preamble, ExplicitComment)):
                self.pending.append(block.raw.strip() if block.raw else "")

    def _failed(self, block: ParsingFailedBlock, line: int, offset: int) -> Iterator[RawEntry]:
        raw = block.raw or ""
        repaired = self._repair_delimiters(raw, line)
        if repaired is not None:
            yield repaired
            return
        error = block.error
        reason = getattr(error, "abort_reason", None) or str(error) or "syntax error"
        reason = reason.replace("`", "'").strip()
        if "'@" in reason or "block start" in reason:
            reason += "; is a closing brace missing?"
        m = re.match(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw)
        what = f"@{m.group(1)}{{{m.group(2)}}}" if m and m.group(2) else "block"
        where = line + raw.count("\n")
        self.report.record_failed(
            f"{what} could not be read: {reason} (the entry starts on line {line}, "
            f"the problem is near line {where})",
            file=self.name, line=line)

    def _repair_delimiters(self, raw: str, line: int) -> RawEntry | None:
        """``@book{key, ... )``: an entry opened with one delimiter and closed with the other."""
        body = raw.rstrip()
        m = re.match(r"@\s*\w+\s*([{(])", body)
        if not m or not body or body[-1] not in "})" or body[-1] == ("}" if m.group(1) == "{"
                                                                     else ")"):
            return None
        fixed = body[:-1] + ("}" if m.group(1) == "{" else ")")
        blocks = Splitter(fixed).split().blocks
        if len(blocks) != 1 or not isinstance(blocks[0], Entry):
            return None
        self.report.warning(f"entry {blocks[0].key!r} opens with {m.group(1)!r} but closes with "
                            f"{body[-1]!r}; read as if they matched", code="repair.delimiter",
                            file=self.name, line=line)
        return self._raw_entry(blocks[0], line)

    def _string(self, block: String, line: int) -> None:
        value = parse_value(block.value, self.macros)
        if value.error:
            self.report.warning(f"@string {block.key!r}: {value.error}",
                                code="bibtex.string", file=self.name, line=line)
        for macro in value.undefined:
            self.report.warning(f"@string {block.key!r} uses undefined macro {macro!r}",
                                code="bibtex.undefined-macro", file=self.name, line=line)
        self.macros[block.key.strip().lower()] = value.text

    def _raw_entry(self, entry: Entry, line: int) -> RawEntry | None:
        etype = entry.entry_type.strip().lower()
        key = entry.key.strip()
        fields: dict[str, str] = {}
        order: list[tuple[str, str]] = []
        repeats: list[tuple[str, str]] = []
        notes: list[tuple[str, str, int]] = []

        def note(message: str, code: str, at: int) -> None:
            notes.append((message, code, at))
        estart = entry.start_line or 0
        work = [(f.key, f.value, f.start_line) for f in entry.fields]
        i = 0
        while i < len(work):
            fname, fvalue, fline = work[i]
            i += 1
            fline = line + (fline - estart) if fline is not None else line
            fname = fname.strip()
            low = fname.lower()
            if not fname or _BAD_NAME.search(fname):
                note(f"entry {key!r}: field name {fname!r} is not valid; field skipped "
                               f"(value {fvalue[:40]!r})", "bibtex.bad-field", fline)
                continue
            value = parse_value(fvalue, self.macros)
            if value.rest is not None:
                hidden = split_hidden_field(value.rest)
                if hidden is not None:
                    note(f"entry {key!r}: missing comma after field {fname!r}; read "
                                   f"{hidden[0]!r} as the next field", "repair.missing-comma", fline)
                    work.insert(i, (hidden[0], hidden[1], None))
                else:
                    note(f"entry {key!r}, field {fname!r}: text after the value "
                                   f"({value.rest[:30]!r}) ignored; is a '#' or a comma missing?",
                                   "bibtex.value", fline)
            if value.error:
                note(f"entry {key!r}, field {fname!r}: {value.error}", "bibtex.value", fline)
            for macro in value.undefined:
                note(f"entry {key!r}, field {fname!r}: undefined macro {macro!r} "
                     f"(read as empty, as BibTeX does)", "bibtex.undefined-macro", fline)
            if low in fields:
                if low == "keywords":
                    fields[low] = f"{fields[low]}, {value.text}"
                    order = [(n, fields[low] if n.lower() == low else v) for n, v in order]
                    note(f"entry {key!r}: field {fname!r} repeated; the values were merged",
                         "bibtex.repeated-field", fline)
                elif value.text.strip() != fields[low].strip():
                    repeats.append((fname, value.text))
                    note(f"entry {key!r}: field {fname!r} repeated; the first value is used (as "
                         f"BibTeX does), the repeat {_short(value.text)!r} is kept as an "
                         f"unmapped field", "bibtex.repeated-field", fline)
                else:
                    note(f"entry {key!r}: field {fname!r} repeated with the same value",
                         "bibtex.repeated-field", fline)
                continue
            fields[low] = value.text
            order.append((fname, value.text))
        if not key:
            note(f"@{etype} entry has no citation key", "bibtex.no-key", line)
        else:
            low_key = key.lower()
            if low_key in self.seen_keys:
                note(f"duplicate citation key {key!r} (first seen on line "
                     f"{self.seen_keys[low_key]}); both entries are kept",
                     "bibtex.duplicate-key", line)
            else:
                self.seen_keys[low_key] = line
        # a key defined twice: children inherit from the first definition, as BibTeX and
        # biber do (not from whichever was read last when a child happened to be converted)
        if etype == "xdata":
            # a container of fields for other entries (BibLaTeX); not an entry itself
            self.parents.setdefault(key.lower(), RawEntry(etype, key, line, fields, order))
            return None
        raw = RawEntry(etype, key, line, fields, order, repeats, self.pending, notes)
        self.pending = []
        if key and key.lower() in self.targets:
            self.parents.setdefault(key.lower(), raw)
        return raw

    # -- mapping
    def _convert(self, raw: RawEntry) -> Item:
        for link, key in _parent_links(raw):
            parent = self.parents.get(key)
            if parent is None:
                self.report.warning(f"entry {raw.key!r}: {link} {key!r} names no entry in "
                                    f"this file", code="bibtex.crossref", file=self.name,
                                    line=raw.line)
                continue
            if parent is raw:
                continue
            for added in mapping.inherit(parent.type, raw.type, parent.fields, raw.fields):
                raw.order.append((added, raw.fields[added]))
        self.record += 1
        return entry_to_item(raw, name=self.name, report=self.report, record=self.record)


def _parent_links(raw: RawEntry) -> Iterator[tuple[str, str]]:
    """(link field, lower-cased key) of every entry ``raw`` inherits from (crossref, xdata)."""
    for link in ("crossref", "xdata"):
        for key in (raw.fields.get(link) or "").split(","):
            key = key.strip().lower()
            if key:
                yield link, key


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
