"""The documents a person is reviewing: parsed records, their diagnostics and edits, in memory.

Nothing here touches the file system: the uploaded bytes are decoded in memory,
parsed on a worker thread (so the page can poll progress while a 50,000-entry
file is read), and forgotten when the document is deleted, evicted or the
server stops. A document keeps, for each record, the diagnostics the reader
gave it, so the page can say why a field is highlighted.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from citeshift import api, registry
from citeshift.diagnostics import Diagnostic, Report
from citeshift.errors import CiteshiftError
from citeshift.io import decode
from citeshift.model.item import Item
from citeshift.web import fields as fieldtext
from citeshift.web import highlights


@dataclass
class Row:
    """One parsed record and what the page needs to review it."""

    item: Item
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    edited: set[str] = field(default_factory=set)
    checked: bool = False
    _flags: tuple[dict[str, list[str]], list[str]] | None = None
    _haystack: str | None = None

    def flags(self) -> tuple[dict[str, list[str]], list[str]]:
        if self._flags is None:
            self._flags = highlights.flags(self.item, self.diagnostics)
        return self._flags

    def needs_review(self) -> bool:
        """Flagged and not yet dealt with: an open field flag, or record flags not marked checked."""
        by_field, record = self.flags()
        if self.checked:
            return False
        return bool(record) or any(f not in self.edited for f in by_field)

    def haystack(self) -> str:
        if self._haystack is None:
            item = self.item
            parts = [item.id, item.type] + [fieldtext.value_text(item, k) for k in item.vars]
            self._haystack = " ".join(parts).lower()
        return self._haystack

    def changed(self) -> None:
        self._haystack = None

    def to_json(self, index: int) -> dict[str, Any]:
        item = self.item
        by_field, record = self.flags()
        origin = item.origin
        return {
            "index": index,
            "id": item.id,
            "type": item.type,
            "fields": {k: fieldtext.value_text(item, k) for k in item.vars},
            "flags": {k: v for k, v in by_field.items() if k not in self.edited},
            "resolved": {k: v for k, v in by_field.items() if k in self.edited},
            "record_flags": record,
            "needs_review": self.needs_review(),
            "checked": self.checked,
            "edited": sorted(self.edited),
            "confidence": highlights.confidence(item),
            "original": item.meta.get("original-text"),
            "line": origin.line if origin else None,
            "record": origin.record if origin else None,
        }


class Document:
    """One paste or file: parsed on a thread, then reviewed and exported."""

    def __init__(self, name: str, size: int) -> None:
        self.id = secrets.token_urlsafe(9)
        self.name = name
        self.size = size
        self.status = "parsing"
        self.format: str | None = None
        self.error: str | None = None
        self.rows: list[Row] = []
        self.messages: list[dict[str, Any]] = []
        self.report = Report(sink=self._on_diagnostic)
        self.started = time.monotonic()
        self.finished: float | None = None
        self.lock = threading.RLock()
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._last_row: dict[str, Row] = {}
        self._ids: set[str] = set()

    # -- parsing ----------------------------------------------------------------------------
    def _on_diagnostic(self, d: Diagnostic) -> None:
        if d.item_id:
            self._pending.setdefault(d.item_id, []).append(d.to_json())
        else:
            self.messages.append(d.to_json())

    def _add(self, item: Item) -> None:
        row = Row(item, diagnostics=self._pending.pop(item.id, []))
        if item.id in self._ids:
            n = 2
            while f"{item.id}-{n}" in self._ids:
                n += 1
            old, item.id = item.id, f"{item.id}-{n}"
            row.diagnostics.append({"severity": "warning", "code": "duplicate-id",
                                    "message": f"duplicate id {old!r} renamed to {item.id!r}"})
            self.report.warned_items.add(item.id)
            self._last_row[old] = row
        self._ids.add(item.id)
        self._last_row[item.id] = row
        with self.lock:
            self.rows.append(row)

    def parse(self, data: bytes, *, fmt: str | None, encoding: str | None,
              options: dict[str, Any] | None = None) -> None:
        """Decode and read ``data``; every problem ends up in the document, never raised."""
        try:
            text = decode(data, name=self.name, report=self.report, encoding=encoding)
            del data
            if not text.strip():
                raise CiteshiftError("the input is empty")
            source = api.text_source(text, name=self.name, fmt=fmt)
            self.format = source.format
            for item in api.iter_items(source, report=self.report, options=options or {}):
                self._add(item)
            for item_id, diags in self._pending.items():
                row = self._last_row.get(item_id)
                if row is not None:
                    row.diagnostics.extend(diags)
                else:
                    self.messages.extend(diags)
            self._pending.clear()
            self.status = "ready"
        except CiteshiftError as exc:
            # the library words its advice for the command line; the page has a menu instead
            self.error = str(exc).replace("with --from", "in the Input format menu")
            self.status = "failed"
        except Exception as exc:  # a reader bug must reach the page as a message, not a hung poll
            self.error = f"internal error while reading: {type(exc).__name__}: {exc}"
            self.status = "failed"
        finally:
            self.finished = time.monotonic()

    # -- review -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.lock:
            rows = list(self.rows)
        return {
            "read": self.report.records_in,
            "converted": len(rows),
            "with_warnings": sum(1 for r in rows if r.needs_review()),
            "failed": self.report.records_failed,
            "edited": sum(1 for r in rows if r.edited),
        }

    def summary(self) -> dict[str, Any]:
        end = self.finished if self.finished is not None else time.monotonic()
        return {
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "status": self.status,
            "format": self.format,
            "error": self.error,
            "progress": len(self.rows),
            "elapsed_s": round(end - self.started, 2),
            "counts": self.counts(),
            "messages": self.messages[:500],
            "messages_total": len(self.messages),
        }

    def select(self, *, show: str = "all", query: str = "") -> list[int]:
        with self.lock:
            rows = list(self.rows)
        query = query.strip().lower()
        out = []
        for i, row in enumerate(rows):
            if show == "flagged" and not row.needs_review():
                continue
            if show == "edited" and not row.edited:
                continue
            if query and query not in row.haystack():
                continue
            out.append(i)
        return out

    def row(self, index: int) -> Row:
        with self.lock:
            if not 0 <= index < len(self.rows):
                raise IndexError(index)
            return self.rows[index]

    def edit(self, index: int, key: str, value: str) -> Row:
        row = self.row(index)
        with self.lock:
            before = row.item.id
            fieldtext.set_field(row.item, key, value)
            if key == "id" and row.item.id != before:
                if row.item.id in self._ids:
                    row.item.id = before
                    raise fieldtext.FieldError(f"another record already has the id {value!r}")
                self._ids.discard(before)
                self._ids.add(row.item.id)
            row.edited.add(key)
            row.changed()
        return row

    def items(self) -> list[Item]:
        with self.lock:
            return [r.item for r in self.rows]


#: bibliography writers: they need a style (and take a locale)
STYLE_WRITERS: frozenset[str] = frozenset({"text", "html", "markdown", "rtf", "docx"})


def is_style_writer(name: str) -> bool:
    """Does this writer format a bibliography (and so need a style)?"""
    cls = registry.writers().get(name)
    try:
        from citeshift.formats.bibliography.base import BibliographyWriter
    except ImportError:
        BibliographyWriter = None  # type: ignore[assignment,misc]
    if cls is not None and BibliographyWriter is not None and issubclass(cls, BibliographyWriter):
        return True
    return name in STYLE_WRITERS


def export(items: Iterable[Item], *, to: str, style: str | None = None,
           locale: str | None = None) -> tuple[str | bytes, Report, str]:
    """Write ``items`` in ``to``; returns (content, report, writer name). Raises CiteshiftError."""
    writer = registry.get_writer(to)
    options: dict[str, Any] = {}
    if is_style_writer(writer.name):
        options["style"] = style or "apa"
    if locale:
        options["locale"] = locale
    report = Report()
    content = api.write(list(items), fmt=writer.name, report=report, options=options)
    assert content is not None
    return content, report, writer.name


class Store:
    """The documents of this server, newest last; the oldest is forgotten past ``max_documents``."""

    def __init__(self, max_documents: int = 8) -> None:
        self.max_documents = max_documents
        self._docs: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, doc: Document) -> None:
        with self._lock:
            self._docs[doc.id] = doc
            while len(self._docs) > self.max_documents:
                self._docs.popitem(last=False)

    def get(self, doc_id: str) -> Document | None:
        with self._lock:
            doc = self._docs.get(doc_id)
            if doc is not None:
                self._docs.move_to_end(doc_id)
            return doc

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            return self._docs.pop(doc_id, None) is not None
