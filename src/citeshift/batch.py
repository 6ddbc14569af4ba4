"""Batch conversion: many inputs, one merged output or one output per input, several processes.

The unit of work is a *task*: a whole small file, or one piece of a big file
(see :mod:`citeshift.split`). With ``jobs == 1`` tasks run in this process
and items stream from reader to writer one at a time. With ``jobs > 1`` a pool
of processes reads a bounded window of tasks ahead; results come back in input
order, each with its own report, which is merged into the caller's report in
that order, so the output and the messages are the same as with one process.

Writers always run here, in input order. Only ``--dedupe`` and ``--sort``
hold every item (they must see them all before writing the first).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import io
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from citeshift import registry, sources, split
from citeshift.diagnostics import Diagnostic, Report
from citeshift.errors import CiteshiftError, InputError
from citeshift.io import atomic_output
from citeshift.model.item import Item
from citeshift.output import write
from citeshift.split import file_line as split_file_line

STDIN = sources.STDIN
#: a file at least this big (bytes) is cut into pieces when several processes are used
SPLIT_BYTES = 512 * 1024
#: with one process, a file at least this big (bytes) is read a piece at a time, so that
#: memory follows the size of a piece, not of the file
STREAM_BYTES = 8 * 1024 * 1024
#: target size of one piece (bytes); smaller pieces give smoother progress, more overhead
PIECE_BYTES = 1024 * 1024


# --- inputs --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class InputFile:
    """One input and where it sits under the directory it was found in (for ``--out-dir``)."""

    path: str
    #: path relative to the walked directory; the bare file name for inputs named directly
    rel: str


def _glob_match(rel: str, name: str, glob: str) -> bool:
    # patterns with a "/" match the path under the directory ("ch*/refs.bib", "**/*.ris");
    # others the file name alone
    if "/" in glob:
        return fnmatch.fnmatch(rel, glob) or (glob.startswith("**/") and fnmatch.fnmatch(rel, glob[3:]))
    return fnmatch.fnmatch(name, glob)


def expand(inputs: Sequence[str | Path], *, glob: str | None = None) -> list[InputFile]:
    """The files to read, in a stable order: named files as given, directories walked
    recursively (hidden entries skipped) for files matching ``glob`` or, without one,
    files whose extension some reader claims."""
    claimed: set[str] = set()
    out: list[InputFile] = []
    for raw in inputs:
        path = str(raw)
        if path != STDIN and os.path.isdir(path):
            if not claimed:  # only now: loading every reader costs start-up time
                claimed = {ext for cls in registry.readers().values() for ext in cls.extensions}
            found: list[InputFile] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, path).replace(os.sep, "/")
                    if glob is not None:
                        if _glob_match(rel, name, glob):
                            found.append(InputFile(full, rel))
                    elif os.path.splitext(name)[1].lower() in claimed:
                        found.append(InputFile(full, rel))
            if not found:
                what = f"files matching {glob!r}" if glob else "input files"
                raise InputError(f"{path}: no {what} found in this directory")
            out.extend(found)
        else:
            out.append(InputFile(path, "stdin" if path == STDIN else os.path.basename(path)))
    return out


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def refuse_overwriting_inputs(target: str | Path, inputs: Iterable[InputFile]) -> None:
    """An output may never replace an input: a library may be the only copy someone has."""
    if not os.path.exists(target):
        return
    for f in inputs:
        if f.path != STDIN and _same_file(str(target), f.path):
            raise InputError(f"{target}: refusing to overwrite the input file {f.path}")


def plan_targets(files: Sequence[InputFile], out_dir: str | Path, ext: str,
                 report: Report) -> dict[str, str]:
    """One output per input under ``out_dir``: ``refs.bib`` -> ``refs.ris``, keeping the
    sub-folders of walked directories. Two inputs that would land on the same name get
    ``-2``, ``-3``... with a warning; a name that is one of the inputs is an error."""
    root = Path(out_dir)
    taken: set[str] = set()
    targets: dict[str, str] = {}
    for f in files:
        rel = Path(f.rel)
        base = rel.with_suffix("") if rel.suffix else rel
        target = root / f"{base}{ext}"
        n = 2
        while str(target) in taken:
            target = root / f"{base}-{n}{ext}"
            n += 1
        if n > 2:
            report.warning(f"output name already used by another input; writing {target}",
                           code="out-dir.renamed", file=f.path)
        taken.add(str(target))
        refuse_overwriting_inputs(target, files)
        targets[f.path] = str(target)
    return targets


# --- progress ------------------------------------------------------------------------------

class ProgressHook(Protocol):
    """What the batch layer tells a progress display (the CLI draws it with rich)."""

    def begin(self, files: int, total_bytes: int) -> None: ...

    def update(self, *, files_done: int, records: int, bytes_done: float) -> None: ...

    def end(self) -> None: ...


class _Tracker:
    """Turns per-item and per-task events into (files, records, bytes) for a hook."""

    EVERY = 256

    def __init__(self, hook: ProgressHook | None, files: Sequence[InputFile]) -> None:
        self.hook = hook
        self.sizes = {f.path: _size(f.path) for f in files}
        self.files_done = 0
        self.records = 0
        self.bytes_done = 0.0
        self._since = 0
        if hook is not None:
            hook.begin(len(files), sum(self.sizes.values()))

    def _push(self, partial: float = 0.0) -> None:
        if self.hook is not None:
            self.hook.update(files_done=self.files_done, records=self.records,
                             bytes_done=self.bytes_done + partial)

    def item(self, path: str, fraction: float) -> None:
        self.records += 1
        self._since += 1
        if self._since >= self.EVERY:
            self._since = 0
            self._push(self.sizes.get(path, 0) * min(1.0, fraction))

    def task_done(self, path: str, records: int, share: float, last: bool) -> None:
        self.records += records
        self.bytes_done += self.sizes.get(path, 0) * share
        if last:
            self.files_done += 1
        self._push()

    def file_done(self, path: str) -> None:
        self.files_done += 1
        self.bytes_done += self.sizes.get(path, 0)
        self._push()

    def end(self) -> None:
        if self.hook is not None:
            self.hook.end()


# --- tasks and their results ---------------------------------------------------------------

@dataclass(slots=True)
class Task:
    path: str
    fmt: str
    options: dict[str, Any]
    encoding: str | None = None
    #: text to read instead of the file (a piece of a big file, see citeshift.split)
    text: str | None = None
    #: where the piece's own lines are: lines before_lines+1 .. before_lines+body_lines of
    #: its text, which are lines first_line.. of the file; the others are context
    first_line: int = 1
    before_lines: int = 0
    body_lines: int | None = None
    #: lines of the next piece read after the body (see :attr:`citeshift.split.Piece.peek`):
    #: context, but a message may name them
    peek_lines: int = 0
    #: share of the file's bytes this task covers (for progress)
    share: float = 1.0
    last: bool = True
    #: a problem found while planning (the file could not be read)
    error: str | None = None

    @classmethod
    def of_piece(cls, path: str, fmt: str, options: dict[str, Any], encoding: str | None,
                 piece: split.Piece, share: float, last: bool) -> Task:
        """The task of reading one piece of ``path`` (its lines mapped to the file's)."""
        return cls(path, fmt, options, encoding, piece.text, piece.first_line,
                   piece.before_lines, piece.body_lines, piece.peek_lines, share, last)


@dataclass(slots=True)
class TaskResult:
    items: list[Item] = field(default_factory=list)
    #: with a writer: the task's output text, its records' ids, and how many were written
    fragment: str | None = None
    ids: list[str] = field(default_factory=list)
    written: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    read: int = 0
    failed: int = 0
    read_failures: int = 0
    #: records this piece holds, by the reader's numbering (to number the next piece's)
    records: int = 0
    #: records the reader numbered ahead of the piece's own (its context before them)
    context_records: int = 0
    #: a problem that stopped the whole task (missing file, undetectable format)
    error: str | None = None


_LINE_IN_MESSAGE = re.compile(r"\b(lines?) (\d+)(?:-(\d+))?")


class _PieceReport(Report):
    """The report a reader gets for a piece: the lines it names (in messages too) become
    lines of the whole file, and what it says about the context is dropped.

    Only while the reader runs (``state["reading"]``): a writer's messages name the
    items, whose lines are already the file's.
    """

    def __init__(self, task: Task, state: dict[str, Any]) -> None:
        super().__init__()
        self.task = task
        self.state = state
        #: a piece's messages stay in memory (a piece is small) so they can be renumbered
        self.diagnostics: list[Diagnostic] = []  # type: ignore[assignment]
        #: where the reader's messages that name a record are in ``diagnostics``
        self.numbered: list[int] = []
        #: where the reader's messages about an item are in ``diagnostics``
        self.from_reader: list[int] = []

    def file_line(self, line: int) -> int | None:
        t = self.task
        if t.body_lines is None:
            return line
        return split_file_line(line, t.first_line, t.before_lines, t.body_lines)

    def emit(self, diagnostic: Diagnostic) -> None:
        if not self.state["reading"] or self.task.body_lines is None:
            super().emit(diagnostic)
            return
        d = diagnostic
        if d.line is not None:
            line = self.file_line(d.line)
            if line is None:  # about the context: said (or to be said) by its own piece
                if d.line <= self.task.before_lines:
                    self.state["context_max"] = max(self.state["context_max"], d.record or 0)
                if d.code == "read.failed":
                    self.records_failed -= 1
                    self._read_failures -= 1
                return
            message = _LINE_IN_MESSAGE.sub(self._message_line, d.message)
            d = dataclasses.replace(d, line=line, message=message)
        if d.record is not None:
            # renumbered once the piece is read: a reader may speak of a record before it
            # has yielded the context records numbered ahead of it
            self.numbered.append(len(self.diagnostics))
        if d.item_id is not None:
            self.from_reader.append(len(self.diagnostics))
        super().emit(d)

    def rename_items(self, renamed: dict[str, str]) -> None:
        """The reader's messages about items whose ids changed, under the new ids (the
        writer's already use them)."""
        for i in self.from_reader:
            d = self.diagnostics[i]
            if d.item_id in renamed:
                self.diagnostics[i] = dataclasses.replace(d, item_id=renamed[d.item_id])

    def renumber_records(self) -> None:
        """Shift the record numbers the reader gave down by the context records before
        the body (known only once everything has been read); note the highest."""
        shift = self.state["context_max"]
        for i in self.numbered:
            d = self.diagnostics[i]
            if shift:
                d = self.diagnostics[i] = renumber(d, d.record - shift)
            self.state["max_record"] = max(self.state["max_record"], d.record)

    def _message_line(self, m: re.Match[str]) -> str:
        """``line N`` or ``lines N-M`` of the piece as lines of the file (left as they are
        when they point outside the piece's own lines)."""
        t = self.task
        numbers = [int(g) for g in m.groups()[1:] if g is not None]
        if t.body_lines is None:
            return m.group(0)
        # the line after the body is the file's next line (the peeked one, or the end of
        # the file after the last piece, whose context all comes before it)
        mapped = [split_file_line(n, t.first_line, t.before_lines,
                                  t.body_lines + max(t.peek_lines, 1)) for n in numbers]
        if any(n is None for n in mapped):
            return m.group(0)
        return f"{m.group(1)} " + "-".join(str(n) for n in mapped)


def _body_items(task: Task, part: _PieceReport, state: dict[str, Any]) -> Iterator[Item]:
    """The items of a task's own records (context dropped, lines the file's), streamed."""
    state["reading"] = True
    if task.text is None:
        source = sources.open_source(task.path, fmt=task.fmt, report=part,
                                     encoding=task.encoding)
    else:
        source = sources.Source(name=task.path, text=task.text, format=task.fmt)
    reader = iter(registry.get_reader(source.format).read(
        source.text, name=source.name, report=part, options=task.options))
    while True:
        state["reading"] = True
        item = next(reader, None)
        state["reading"] = False
        if item is None:
            return
        origin = item.origin
        if origin is not None and origin.line is not None and task.body_lines is not None:
            line = part.file_line(origin.line)
            if line is None:  # a context record: another piece's
                if origin.line <= task.before_lines:
                    state["context_max"] = max(state["context_max"], origin.record or 0)
                continue
            origin.line = line
        if origin is not None and origin.record is not None:
            origin.record -= state["context_max"]
            state["max_record"] = max(state["max_record"], origin.record)
        state["read"] += 1
        yield item


def run_task(task: Task, writer: str | None = None, seen: set[str] | None = None,
             record_offset: int | None = None) -> TaskResult:
    """Read one task; runs in a worker process (or here).

    Without ``writer`` the items come back. With one, the items go through
    :class:`UniqueIds` (starting from ``seen``) into that writer, and the text comes
    back instead: moving records between processes costs about as much as reading
    them, moving text costs nothing. ``record_offset`` (the records of the file's
    pieces before this one, known only here) gives ids made from a record number the
    number the record has in the whole file before they are written.
    """
    result = TaskResult(error=task.error)
    if task.error is not None:
        return result
    # records read from the context before the body are numbered first by the reader, so
    # the body's numbers are shifted down by the highest of them
    state: dict[str, Any] = {"context_max": 0, "read": 0, "max_record": 0, "reading": False}
    part = _PieceReport(task, state)
    try:
        flow = _body_items(task, part, state)
        renamed: dict[str, str] = {}
        if record_offset is not None:
            flow = _file_record_ids(flow, record_offset, state, renamed)
        if writer is None:
            result.items = list(flow)
        else:
            uniq = UniqueIds(part, seen if seen is not None else set())
            buf = io.StringIO()
            result.written = registry.get_writer(writer).write(
                uniq.track(flow, result.ids), buf, report=part, options=task.options)
            result.fragment = buf.getvalue()
    except CiteshiftError as exc:
        result.error = str(exc)
    part.renumber_records()
    if renamed:  # what the reader said of those items, under their new ids
        part.rename_items(renamed)
    result.diagnostics = part.diagnostics
    result.records = state["max_record"]
    result.context_records = state["context_max"]
    result.read = state["read"]
    result.failed = part.records_failed
    result.read_failures = part._read_failures
    return result


def _file_record_ids(items: Iterator[Item], offset: int, state: dict[str, Any],
                     renamed: dict[str, str]) -> Iterator[Item]:
    """Items whose ids were made from their record number, renumbered for the file."""
    ids = _FileIds()
    for item in items:
        renamed.update(ids.rekey([item], offset, False, unique=False,
                                 context=state["context_max"]))
        yield item


def renumber(d: Diagnostic, record: int) -> Diagnostic:
    """``d`` about record ``record`` of the whole file, in its message too ("record 3:")."""
    message = re.sub(rf"\brecord {d.record}\b", f"record {record}", d.message)
    return dataclasses.replace(d, record=record, message=message)


def absorb(report: Report, result: TaskResult, record_offset: int = 0,
           renamed: dict[str, str] | None = None) -> None:
    """Merge one task's report into the run's report (in input order); a piece's record
    numbers are shifted by the records of the file's earlier pieces, and the ids its
    items were given across pieces (``renamed``) replace the ones it knew them by."""
    if record_offset:
        for item in result.items:
            if item.origin is not None and item.origin.record is not None:
                item.origin.record += record_offset
    for d in result.diagnostics:
        if record_offset and d.record is not None:
            d = renumber(d, d.record + record_offset)
        if renamed and d.item_id in renamed:
            d = dataclasses.replace(d, item_id=renamed[d.item_id])
        report.emit(d)
    report.records_read += result.read
    report.records_written += result.written
    report.records_failed += result.failed
    report._read_failures += result.read_failures


# --- the pipeline --------------------------------------------------------------------------

def _pool(jobs: int) -> Executor:
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


def _tasks_for(f: InputFile, fmt: str, *, jobs: int, options: dict[str, Any],
               encoding: str | None, report: Report) -> Iterator[Task]:
    """A small file is one task (read in the worker); a big one is cut into pieces,
    streamed from the file where its format and encoding allow it (:func:`_piece_tasks`)."""
    if jobs > 1 and f.path != STDIN and fmt in split.SPLITTERS:
        size = _size(f.path)
        if size >= SPLIT_BYTES:
            streamed = _piece_tasks(f, fmt, piece=max(1, min(PIECE_BYTES, size // jobs)),
                                    size=size, options=options, encoding=encoding,
                                    report=report)
            if streamed is not None:
                yield from streamed
                return
            source = sources.open_source(f.path, fmt=fmt, report=report, encoding=encoding)
            n = max(jobs, min(64, size // PIECE_BYTES))
            pieces = split.split(source.text, fmt, n)
            if pieces:
                total = len(source.text) or 1
                for i, p in enumerate(pieces):
                    yield Task.of_piece(f.path, fmt, options, encoding, p,
                                        len(p.body) / total, i == len(pieces) - 1)
                return
            yield Task(f.path, fmt, options, encoding, source.text)
            return
    yield Task(f.path, fmt, options, encoding)


def _size(path: str) -> int:
    try:
        return 0 if path == STDIN else os.path.getsize(path)
    except OSError:
        return 0


def _piece_tasks(f: InputFile, fmt: str, *, piece: int, size: int, options: dict[str, Any],
                 encoding: str | None, report: Report) -> Iterator[Task] | None:
    """Tasks for the pieces of a file cut while it is read (:func:`citeshift.split.stream`),
    so that neither the file nor its text is ever held whole; None when the format has
    no streaming cut or the encoding cannot be decoded a block at a time (UTF-16/32)."""
    from citeshift.io import iter_text, stream_encoding

    if f.path == STDIN or fmt not in split.BOUNDARIES:
        return None
    try:
        with open(f.path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(f"{f.path}: {exc.strerror or exc}") from None
    if stream_encoding(head, encoding) is None:
        return None
    passes = 0

    def blocks() -> Iterator[str]:
        # the input may be read more than once (BibTeX looks for crossref targets first):
        # what decoding has to say is said by the first reading only
        nonlocal passes
        passes += 1
        told = report if passes == 1 else Report()
        try:
            yield from iter_text(f.path, name=f.path, report=told, encoding=encoding)
        except OSError as exc:
            raise InputError(f"{f.path}: {exc.strerror or exc}") from None

    def tasks() -> Iterator[Task]:
        pieces = split.stream(blocks, fmt, piece)
        assert pieces is not None
        done = 0.0
        held: split.Piece | None = None
        for p in pieces:
            if held is not None:
                share = min(len(held.body) / max(size, 1), 1.0 - done)
                done += share
                yield Task.of_piece(f.path, fmt, options, encoding, held, share, False)
            held = p
        if held is None:  # an empty file
            yield Task(f.path, fmt, options, encoding, "")
            return
        yield Task.of_piece(f.path, fmt, options, encoding, held, max(0.0, 1.0 - done), True)

    return tasks()


class Reading:
    """The items of every planned input, file by file, in order, read by ``jobs`` processes."""

    def __init__(self, plan: Sequence[tuple[InputFile, str]], *, report: Report, jobs: int,
                 options: dict[str, Any], encoding: str | None,
                 progress: ProgressHook | None = None) -> None:
        self.plan = plan
        self.report = report
        self.jobs = max(1, jobs)
        self.options = options
        self.encoding = encoding
        self.tracker = _Tracker(progress, [f for f, _ in plan])
        self._executor: Executor | None = None
        #: with a writer, the processes write too (see :meth:`fragment_files`)
        self._writer: str | None = None
        self._window: deque[tuple[Task, Future[TaskResult]]] = deque()
        self._pending: Iterator[Task] | None = None

    # sequential: stream straight from the reader, nothing held
    def _stream(self, f: InputFile, fmt: str) -> Iterator[Item]:
        try:
            source = sources.open_source(f.path, fmt=fmt, report=self.report,
                                         encoding=self.encoding)
        except CiteshiftError as exc:
            self.report.error(str(exc), code="input", file=f.path)
            self.tracker.file_done(f.path)
            return
        lines = source.text.count("\n") + 1
        reader = registry.get_reader(source.format)
        for item in reader.read(source.text, name=source.name, report=self.report,
                                options=self.options):
            self.report.records_read += 1
            line = item.origin.line if item.origin and item.origin.line else 0
            self.tracker.item(f.path, line / lines)
            yield item
        self.tracker.file_done(f.path)

    # parallel: a bounded window of tasks ahead, consumed in order
    def _all_tasks(self) -> Iterator[Task]:
        for f, fmt in self.plan:
            try:
                yield from _tasks_for(f, fmt, jobs=self.jobs, options=self.options,
                                      encoding=self.encoding, report=self.report)
            except CiteshiftError as exc:
                yield Task(f.path, fmt, self.options, self.encoding, error=str(exc))

    def _fill(self) -> None:
        assert self._executor is not None and self._pending is not None
        while len(self._window) < self.jobs * 2:
            task = next(self._pending, None)
            if task is None:
                return
            self._window.append((task, self._executor.submit(run_task, task, self._writer)))

    def _next_result(self) -> tuple[Task, TaskResult] | None:
        self._fill()
        if not self._window:
            return None
        task, fut = self._window.popleft()
        result = fut.result()
        self._fill()
        return task, result

    def files(self) -> Iterator[tuple[InputFile, Iterator[Item]]]:
        """Each input with an iterator of its items; consume each before the next."""
        if self.jobs == 1:
            try:
                for f, fmt in self.plan:
                    yield f, self._stream_file(f, fmt)
            finally:
                self.tracker.end()
            return
        self._executor = _pool(self.jobs)
        self._pending = self._all_tasks()
        try:
            for f, fmt in self.plan:
                yield f, self._parallel_file(f, fmt)
        finally:
            self._close_pool()

    def _close_pool(self) -> None:
        for _task, fut in self._window:
            fut.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.tracker.end()

    def _stream_file(self, f: InputFile, fmt: str) -> Iterator[Item]:
        """One process: a big file a piece at a time (as the processes read it), else whole."""
        tasks = None
        if _size(f.path) >= STREAM_BYTES:
            try:
                tasks = _piece_tasks(f, fmt, piece=PIECE_BYTES, size=_size(f.path),
                                     options=self.options, encoding=self.encoding,
                                     report=self.report)
            except CiteshiftError:
                tasks = None  # _stream says it
        if tasks is None:
            yield from self._stream(f, fmt)
            return

        def results() -> Iterator[tuple[Task, TaskResult]]:
            try:
                for task in tasks:
                    yield task, run_task(task)
            except CiteshiftError as exc:
                yield Task(f.path, fmt, self.options, self.encoding), TaskResult(error=str(exc))

        yield from self._file_items(f, fmt, results())

    def _parallel_file(self, f: InputFile, fmt: str) -> Iterator[Item]:
        def results() -> Iterator[tuple[Task, TaskResult]]:
            while (got := self._next_result()) is not None:
                yield got
                if got[0].last:
                    return

        yield from self._file_items(f, fmt, results())

    def _file_items(self, f: InputFile, fmt: str,
                    results: Iterator[tuple[Task, TaskResult]]) -> Iterator[Item]:
        """The items of one file's pieces, in order, renumbered as one reading would."""
        offset = 0
        ids = _FileIds()
        rekey = fmt in GENERATED_IDS
        first = True
        for task, result in results:
            if task.path != f.path:  # pragma: no cover - tasks are planned in file order
                raise RuntimeError("task order lost")
            renamed = (None if first and task.last else
                       ids.rekey(result.items, offset, first, unique=rekey,
                                 context=result.context_records))
            absorb(self.report, result, offset, renamed)
            offset += result.records
            if result.error is not None:
                self.report.error(result.error, code="input", file=f.path)
            self.tracker.task_done(f.path, len(result.items), task.share, task.last)
            yield from result.items
            first = False
            if task.last:
                return

    def items(self) -> Iterator[Item]:
        for _f, items in self.files():
            yield from items

    def fragment_files(self, writer: str, *, ids_per_file: bool = False
                       ) -> Iterator[tuple[InputFile, Iterator[str]]]:
        """Each input with the output text of its pieces, read *and written* by the
        processes (``jobs > 1``); ids are made unique across the whole output (or, with
        ``ids_per_file``, within each input's output)."""
        self._writer = writer
        self._executor = _pool(self.jobs)
        self._pending = self._all_tasks()
        seen: set[str] = set()
        try:
            for f, _fmt in self.plan:
                if ids_per_file:
                    seen = set()
                yield f, self._parallel_fragments(f, seen)
        finally:
            self._close_pool()

    def _parallel_fragments(self, f: InputFile, seen: set[str]) -> Iterator[str]:
        offset = 0
        while True:
            got = self._next_result()
            if got is None:
                return
            task, result = got
            if result.error is None and (
                    result.fragment is None or not seen.isdisjoint(result.ids)
                    or (offset and any(_RECORD_ID.fullmatch(i) for i in result.ids))):
                # the piece made its ids unique without knowing the ids before it (some
                # clash), or made ids from record numbers it counted from its own start:
                # it is done again here, where those are known
                result = run_task(task, self._writer, seen, record_offset=offset)
            else:
                seen.update(result.ids)
            absorb(self.report, result, offset)
            offset += result.records
            if result.error is not None:
                self.report.error(result.error, code="input", file=f.path)
            self.tracker.task_done(f.path, result.read, task.share, task.last)
            if result.written and result.fragment:
                yield result.fragment
            if task.last:
                return


_SUFFIX = re.compile(r"^(.*)-(\d+)$")

#: formats whose readers make ids up (from author and year) and number repeats: across
#: the pieces of one file they are renumbered as the reader would have. Other formats'
#: ids are the source's own keys; a repeat is left to :func:`unique_ids`, which warns.
GENERATED_IDS = frozenset({"ris", "nbib", "refer", "endnote-xml", "pubmed-xml", "text"})


#: the ids readers give a record with nothing to make a key from (RIS and MEDLINE
#: ``item12``, BibTeX ``entry-12`` for an entry without a key): its record number,
#: which a piece counts from its own start
_RECORD_ID = re.compile(r"(item|entry-)(\d+)")


class _FileIds:
    """Ids unique across the pieces of one file, numbered as the reader numbers them.

    A reader keeps ids unique within what it reads; a piece does not see the ids of
    the pieces before it, so the ids it made unique by itself are made unique again
    here, the same way, and an id made from a record number gets the number the
    record has in the whole file, so that reading in pieces changes nothing.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()
        #: the last suffix given per base id: probing from 2 each time would be
        #: quadratic in a file of many records by one author and year
        self.last: dict[str, int] = {}

    def next_free(self, item_id: str) -> str:
        """The id a reader would have given: ``key-N`` continues ``key``'s numbering."""
        m = _SUFFIX.match(item_id)
        base = m.group(1) if m and m.group(1) in self.seen else item_id
        n = self.last.get(base, 1) + 1
        while f"{base}-{n}" in self.seen:
            n += 1
        self.last[base] = n
        return f"{base}-{n}"

    def rekey(self, items: list[Item], offset: int, first: bool, *, unique: bool = True,
              context: int = 0) -> dict[str, str]:
        """Give a piece's items their ids in the whole file; the ids changed, old -> new
        (so that the piece's messages follow). ``unique``: the reader numbers repeated
        ids (formats whose ids it makes up); others keep a repeat for
        :class:`UniqueIds` to rename and report. ``context``: records the reader
        numbered before the piece's own (an id made from a record number counts them)."""
        renamed: dict[str, str] = {}
        for item in items:
            old = item.id
            if (offset or context) and item.origin is not None and item.origin.record is not None:
                m = _RECORD_ID.fullmatch(_SUFFIX.sub(r"\1", old) if unique else old)
                if m and int(m.group(2)) == item.origin.record + context:
                    item.id = f"{m.group(1)}{item.origin.record + offset}"
            if not unique:
                if item.id != old:
                    renamed[old] = item.id
                continue
            if not first and item.id in self.seen:
                item.id = self.next_free(item.id)
            self.seen.add(item.id)
            if item.id != old:
                renamed[old] = item.id
        return renamed


# --- writing the output of pieces ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Frame:
    """How a writer's outputs for consecutive runs of records join into its output for all.

    ``writer(A + B) == head + body(writer(A)) + sep + body(writer(B)) + tail``, where
    ``body`` strips ``head`` and ``tail``; ``empty`` is the output for no records.
    ``tests/test_batch.py`` checks this for every writer listed here; a writer not
    listed is always run in one process.
    """

    sep: str = ""
    head: str = ""
    tail: str = ""
    empty: str = ""


#: Not here: BibTeX/BibLaTeX (the writer keeps the keys it has written, to make citation
#: keys unique: a piece cannot know the keys of the pieces before it), EndNote XML (record
#: numbers run across the file), bibliographies (sorted and disambiguated as a whole).
FRAMES: dict[str, Frame] = {
    "csl-json": Frame(sep=",", head="[", tail="\n]\n", empty="[]\n"),
    "csl-yaml": Frame(head="---\nreferences:\n", tail="...\n", empty="---\nreferences:\n[]\n...\n"),
    "ris": Frame(),
    "nbib": Frame(sep="\n"),
    "refer": Frame(sep="\n"),
}


def join_fragments(fragments: Iterable[str], out: IO, frame: Frame) -> None:
    """Write the joined output of pieces (each non-empty) to ``out``."""
    n = 0
    for text in fragments:
        if not (text.startswith(frame.head) and text.endswith(frame.tail)):
            raise RuntimeError("a piece's output does not have the writer's frame")
        body = text[len(frame.head): len(text) - len(frame.tail)]
        out.write((frame.head if n == 0 else frame.sep) + body)
        n += 1
    out.write(frame.tail if n else frame.empty)


#: readers slow enough (per record) that reading in other processes pays even when the
#: records must come back to this one (which costs about as much as a fast reader takes)
SLOW_READERS = frozenset({"bibtex", "biblatex", "text", "endnote-xml", "pubmed-xml"})


def effective_jobs(writer: str, formats: Sequence[str], *, jobs: int, dedupe: bool,
                   sort: str | None) -> int:
    """``jobs``, or 1 where more processes would only add the cost of moving records."""
    if jobs <= 1:
        return 1
    if writes_in_workers(writer, formats, jobs=jobs, dedupe=dedupe, sort=sort):
        return jobs
    return jobs if any(fmt in SLOW_READERS for fmt in formats) else 1


def writes_in_workers(writer: str, formats: Iterable[str], *, jobs: int, dedupe: bool,
                      sort: str | None) -> bool:
    """Whether the processes can write as well as read: only when nothing needs every
    record at once, the writer's outputs join (:data:`FRAMES`), and no reader makes ids
    up (those are renumbered across pieces as the reader would, which needs the items)."""
    return (jobs > 1 and not dedupe and sort in (None, "none") and writer in FRAMES
            and not registry.get_writer(writer).binary
            and not any(fmt in GENERATED_IDS for fmt in formats))


# --- post-processing between reader and writer ---------------------------------------------

class UniqueIds:
    """Make item ids unique across merged inputs (CSL-JSON and BibTeX need that): a repeat
    becomes ``id-2``, ``id-3``... with a warning."""

    def __init__(self, report: Report, seen: set[str] | None = None) -> None:
        self.report = report
        self.seen = seen if seen is not None else set()
        #: the last suffix given per id (probing from 2 each time was quadratic in a
        #: merge of many records that share one id)
        self.last_suffix: dict[str, int] = {}

    def __call__(self, items: Iterable[Item]) -> Iterator[Item]:
        seen = self.seen
        for item in items:
            if item.id in seen:
                n = self.last_suffix.get(item.id, 1) + 1
                while f"{item.id}-{n}" in seen:
                    n += 1
                self.last_suffix[item.id] = n
                new = f"{item.id}-{n}"
                self.report.warning(f"duplicate id {item.id!r} renamed to {new!r}",
                                    code="duplicate-id", item=item)
                item.id = new
            seen.add(item.id)
            yield item

    def track(self, items: Iterable[Item], ids: list[str]) -> Iterator[Item]:
        """As calling it, also listing the final ids in ``ids``."""
        for item in self(items):
            ids.append(item.id)
            yield item


def unique_ids(items: Iterable[Item], report: Report) -> Iterator[Item]:
    """Make item ids unique across merged inputs; CSL-JSON and BibTeX need that."""
    return UniqueIds(report)(items)


def pipeline(items: Iterable[Item], report: Report, *, dedupe: bool = False,
             sort: str | None = None) -> Iterable[Item]:
    """What happens between reading and writing: merge duplicates, unique ids, sort."""
    if dedupe:
        from citeshift.dedupe import dedupe as collapse

        items = collapse(items, report)
    items = unique_ids(items, report)
    if sort and sort != "none":
        from citeshift.sort import sort_items

        items = sort_items(items, sort)
    return items


# --- convert -------------------------------------------------------------------------------

def run_convert(inputs: Sequence[str | Path], *, to: str, output: str | Path | IO | None = None,
                out_dir: str | Path | None = None, from_format: str | None = None,
                report: Report, options: dict[str, Any] | None = None,
                encoding: str | None = None, glob: str | None = None, jobs: int = 1,
                dedupe: bool = False, sort: str | None = None,
                progress: ProgressHook | None = None) -> Report:
    """See :func:`citeshift.api.convert`."""
    if sort is not None:
        from citeshift.sort import check_sort_key

        check_sort_key(sort)
    writer_name = registry.get_writer(to).name
    files = expand(inputs, glob=glob)
    opts = dict(options or {})
    plan_format = sources.detect_format

    if out_dir is not None:
        targets = plan_targets(files, out_dir, registry.extension_for(writer_name), report)
        plan: list[tuple[InputFile, str]] = []
        for f in files:
            try:
                plan.append((f, plan_format(f.path, from_format)))
            except CiteshiftError as exc:
                report.error(str(exc), code="input", file=f.path)
        jobs = effective_jobs(writer_name, [fmt for _f, fmt in plan], jobs=jobs, dedupe=dedupe,
                              sort=sort)
        reading = Reading(plan, report=report, jobs=jobs, options=opts, encoding=encoding,
                          progress=progress)
        if writes_in_workers(writer_name, [fmt for _f, fmt in plan], jobs=jobs, dedupe=dedupe,
                             sort=sort):
            writer = registry.get_writer(writer_name)
            for f, fragments in reading.fragment_files(writer_name, ids_per_file=True):
                with atomic_output(targets[f.path], newline=writer.newline or "\n") as fh:
                    join_fragments(fragments, fh, FRAMES[writer_name])
            return report
        for f, items in reading.files():
            flow = pipeline(items, report, dedupe=dedupe, sort=sort)
            write(flow, targets[f.path], fmt=writer_name, report=report, options=opts)
        return report

    if isinstance(output, (str, Path)):
        refuse_overwriting_inputs(output, files)
    # Settle every input's format before writing anything, so that a missing file or an
    # undetectable format is a clean usage error rather than a half-written output.
    plan = [(f, plan_format(f.path, from_format)) for f in files]
    jobs = effective_jobs(writer_name, [fmt for _f, fmt in plan], jobs=jobs, dedupe=dedupe,
                          sort=sort)
    reading = Reading(plan, report=report, jobs=jobs, options=opts, encoding=encoding,
                      progress=progress)
    if writes_in_workers(writer_name, [fmt for _f, fmt in plan], jobs=jobs, dedupe=dedupe,
                         sort=sort):
        fragments = (text for _f, texts in reading.fragment_files(writer_name) for text in texts)
        _write_joined(fragments, output, writer_name)
        return report
    flow = pipeline(reading.items(), report, dedupe=dedupe, sort=sort)
    crlf_stdout = None
    if output is None:
        writer = registry.get_writer(writer_name)
        output = sys.stdout.buffer if writer.binary else sys.stdout
        if writer.newline and not writer.binary and hasattr(sys.stdout, "buffer"):
            # RIS wants CRLF on standard output too: a wrapper with the writer's newline
            sys.stdout.flush()
            output = crlf_stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                                                    newline=writer.newline, write_through=True)
    try:
        write(flow, output, fmt=writer_name, report=report, options=opts)
    finally:
        if crlf_stdout is not None:
            crlf_stdout.flush()
            crlf_stdout.detach()  # leave sys.stdout's buffer open
    return report


def _write_joined(fragments: Iterable[str], output: str | Path | IO | None, writer_name: str
                  ) -> None:
    writer = registry.get_writer(writer_name)
    frame = FRAMES[writer_name]
    if isinstance(output, (str, Path)):
        with atomic_output(output, newline=writer.newline or "\n") as fh:
            join_fragments(fragments, fh, frame)
        return
    if output is not None:
        join_fragments(fragments, output, frame)
        return
    if writer.newline and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline=writer.newline,
                               write_through=True)
        try:
            join_fragments(fragments, out, frame)
        finally:
            out.flush()
            out.detach()
        return
    join_fragments(fragments, sys.stdout, frame)
