"""Diagnostics and the conversion report.

Readers and writers never raise on a bad record: they tell a :class:`Report`,
which keeps every message with its file, line and record, and the counts that
must add up (records in = records out + records failed). There is no global
error mode; each conversion gets its own report.
"""

from __future__ import annotations

import enum
import itertools
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from citeshift.model.item import Item


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    message: str
    code: str = "general"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    record: int | None = None
    item_id: str | None = None

    def location(self) -> str:
        place = self.file or "<input>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        elif self.record is not None:
            place += f": record {self.record}"
        return place

    def format(self) -> str:
        """``file:line: warning: message [id]`` — the form editors and grep understand."""
        text = f"{self.location()}: {self.severity.value}: {self.message}"
        if self.item_id:
            text += f" [{self.item_id}]"
        return text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"severity": self.severity.value, "code": self.code, "message": self.message}
        for key in ("file", "line", "column", "record", "item_id"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnostic:
        return cls(Severity(data["severity"]), data["message"], data.get("code", "general"),
                   data.get("file"), data.get("line"), data.get("column"), data.get("record"),
                   data.get("item_id"))


class DiagnosticLog:
    """The diagnostics of a run, in order: the first :attr:`limit` in memory, the rest in
    a temporary file (JSON lines), so that a file of a million broken records does not
    hold a million messages in memory. Reads as a sequence; appends only.
    """

    #: diagnostics kept in memory before the rest goes to disk
    LIMIT = 50_000

    def __init__(self, items: Iterable[Diagnostic] = (), *, limit: int | None = None) -> None:
        self.limit = self.LIMIT if limit is None else limit
        self._memory: list[Diagnostic] = []
        self._spill: IO[str] | None = None
        self._spilled = 0
        for d in items:
            self.append(d)

    def append(self, diagnostic: Diagnostic) -> None:
        if len(self._memory) < self.limit:
            self._memory.append(diagnostic)
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._spill.write(json.dumps(diagnostic.to_json()) + "\n")  # ASCII: lone surrogates too
        self._spilled += 1

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            self.append(d)

    def __len__(self) -> int:
        return len(self._memory) + self._spilled

    def __iter__(self) -> Iterator[Diagnostic]:
        yield from self._memory
        if self._spill is None:
            return
        spill = self._spill
        pos = 0
        for _ in range(self._spilled):
            # one file for reading and appending: read where this reading is, then go
            # back to the end, so an append between two steps lands after the last line
            spill.seek(pos)
            line = spill.readline()
            pos = spill.tell()
            spill.seek(0, 2)
            yield Diagnostic.from_json(json.loads(line))

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Diagnostic]: ...

    def __getitem__(self, index: int | slice) -> Diagnostic | list[Diagnostic]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if stop <= len(self._memory):
                return self._memory[index]
            return list(itertools.islice(self, start, stop, step))
        if index < 0:
            index += len(self)
        if 0 <= index < len(self._memory):
            return self._memory[index]
        if not 0 <= index < len(self):
            raise IndexError("diagnostic index out of range")
        return next(itertools.islice(self, index, None))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (DiagnosticLog, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DiagnosticLog({len(self)} diagnostics, {self._spilled} on disk)"

    def __reduce__(self) -> tuple[Any, ...]:
        # crossing to another process (batch pieces): as the plain list it reads as
        return (DiagnosticLog, (list(self),))


Sink = Callable[[Diagnostic], None]


@dataclass
class Report:
    """Collects diagnostics and counts for one conversion."""

    sink: Sink | None = None
    #: called with the number of records read so far, every few hundred records
    progress: Callable[[int], None] | None = None
    diagnostics: DiagnosticLog = field(default_factory=DiagnosticLog)
    records_read: int = 0
    records_written: int = 0
    records_failed: int = 0
    #: records folded into another by duplicate merging (``--dedupe``, ``merge``)
    records_merged: int = 0
    #: ids of items that received at least one warning
    warned_items: set[str] = field(default_factory=set)

    @property
    def records_in(self) -> int:
        """Every record the readers saw: those that parsed and those that failed to."""
        return self.records_read + self._read_failures

    _read_failures: int = 0

    def emit(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)
        if diagnostic.item_id and diagnostic.severity is not Severity.INFO:
            self.warned_items.add(diagnostic.item_id)
        if self.sink is not None:
            self.sink(diagnostic)

    def _make(
        self,
        severity: Severity,
        message: str,
        *,
        code: str,
        item: Item | None,
        file: str | None,
        line: int | None,
        column: int | None,
        record: int | None,
    ) -> Diagnostic:
        item_id = None
        if item is not None:
            item_id = item.id
            if item.origin is not None:
                file = file or item.origin.file
                line = line if line is not None else item.origin.line
                record = record if record is not None else item.origin.record
        return Diagnostic(severity, message, code, file, line, column, record, item_id)

    def error(self, message: str, *, code: str = "error", item: Item | None = None,
              file: str | None = None, line: int | None = None, column: int | None = None,
              record: int | None = None) -> None:
        self.emit(self._make(Severity.ERROR, message, code=code, item=item, file=file,
                             line=line, column=column, record=record))

    def warning(self, message: str, *, code: str = "warning", item: Item | None = None,
                file: str | None = None, line: int | None = None, column: int | None = None,
                record: int | None = None) -> None:
        self.emit(self._make(Severity.WARNING, message, code=code, item=item, file=file,
                             line=line, column=column, record=record))

    def info(self, message: str, *, code: str = "info", item: Item | None = None,
             file: str | None = None, line: int | None = None, record: int | None = None) -> None:
        self.emit(self._make(Severity.INFO, message, code=code, item=item, file=file,
                             line=line, column=None, record=record))

    def repair(self, item: Item, message: str, *, code: str = "repair") -> None:
        """A change made to repair the source (e.g. a lost page-range dash); a warning on the item."""
        self.warning(message, code=code if code.startswith("repair") else f"repair.{code}", item=item)

    def lossy(self, item: Item, variable: str, target: str, why: str = "") -> None:
        """A variable the target format cannot hold."""
        message = f"{variable} cannot be written to {target}"
        if why:
            message += f" ({why})"
        self.warning(message, code="lossy", item=item)

    def record_failed(self, message: str, *, stage: str = "read", item: Item | None = None,
                      file: str | None = None, line: int | None = None, column: int | None = None,
                      record: int | None = None) -> None:
        """A record that could not be converted at all: an error, and a count."""
        self.records_failed += 1
        if stage == "read":
            self._read_failures += 1
        self.error(message, code=f"{stage}.failed", item=item, file=file, line=line,
                   column=column, record=record)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def summary(self) -> str:
        merged = f"{self.records_merged} merged as duplicates, " if self.records_merged else ""
        return (
            f"{self.records_in} records in: {self.records_written} written, {merged}"
            f"{len(self.warned_items)} with warnings, {self.records_failed} failed"
        )

    def to_json(self) -> dict[str, Any]:
        per_record: dict[str, list[dict[str, Any]]] = {}
        general: list[dict[str, Any]] = []
        for d in self.diagnostics:
            if d.item_id:
                per_record.setdefault(d.item_id, []).append(d.to_json())
            else:
                general.append(d.to_json())
        return {
            "counts": {
                "in": self.records_in,
                "read": self.records_read,
                "written": self.records_written,
                "failed": self.records_failed,
                "merged": self.records_merged,
                "with_warnings": len(self.warned_items),
            },
            "records": per_record,
            "diagnostics": general,
        }
