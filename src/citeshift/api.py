"""The library API: read, parse, write and convert.

The CLI is a thin layer over these functions. The data path is one-way and
streaming: input bytes -> decoded text -> reader -> items -> writer -> output,
with one :class:`~citeshift.diagnostics.Report` collecting what happened.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError, InputError
from citeshift.io import atomic_output, decode
from citeshift.model.item import Item

if TYPE_CHECKING:
    from citeshift.batch import ProgressHook

STDIN = "-"
#: how much of an input the sniffers see
SNIFF_BYTES = 16384


@dataclass(slots=True)
class Source:
    """One decoded input, ready for a reader."""

    name: str
    text: str
    format: str


def _read_bytes(path: str | Path) -> bytes:
    if str(path) == STDIN:
        if STDIN in _stdin_cache:
            return _stdin_cache.pop(STDIN)
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def open_source(path: str | Path, *, fmt: str | None = None, report: Report,
                encoding: str | None = None) -> Source:
    """Read and decode one input file (``-`` for stdin) and settle its format."""
    name = "<stdin>" if str(path) == STDIN else str(path)
    text = decode(_read_bytes(path), name=name, report=report, encoding=encoding)
    return text_source(text, name=name, fmt=fmt)


def text_source(text: str, *, name: str = "<string>", fmt: str | None = None) -> Source:
    if fmt is None:
        fmt = registry.detect(text[:SNIFF_BYTES], None if name.startswith("<") else name)
    else:
        fmt = registry.get_reader(fmt).name
    return Source(name=name, text=text, format=fmt)


def iter_items(source: Source, *, report: Report,
               options: dict[str, Any] | None = None) -> Iterator[Item]:
    """Stream the items of one source, counting them in ``report``."""
    reader = registry.get_reader(source.format)
    for item in reader.read(source.text, name=source.name, report=report, options=options or {}):
        report.records_read += 1
        if report.progress is not None and report.records_read % 256 == 0:
            report.progress(report.records_read)
        yield item


def read(path: str | Path, *, fmt: str | None = None, report: Report | None = None,
         options: dict[str, Any] | None = None, encoding: str | None = None) -> list[Item]:
    """Read every item of a file (``-`` for stdin)."""
    report = report if report is not None else Report()
    source = open_source(path, fmt=fmt, report=report, encoding=encoding)
    return list(iter_items(source, report=report, options=options))


def parse(text: str, *, fmt: str | None = None, name: str = "<string>",
          report: Report | None = None, options: dict[str, Any] | None = None) -> list[Item]:
    """Read every item of a string."""
    report = report if report is not None else Report()
    source = text_source(text, name=name, fmt=fmt)
    return list(iter_items(source, report=report, options=options))


def write(items: Iterable[Item], dest: str | Path | IO | None = None, *, fmt: str | None = None,
          report: Report | None = None, options: dict[str, Any] | None = None) -> str | bytes | None:
    """Write items in ``fmt``; to ``dest`` (a path, written atomically, or an open file),
    or return the text (bytes for binary formats) when ``dest`` is None."""
    report = report if report is not None else Report()
    if fmt is None:
        if isinstance(dest, (str, Path)):
            fmt = registry.writer_for_extension(str(dest))
        if fmt is None:
            raise CiteshiftError("no output format given (use --to)")
    writer = registry.get_writer(fmt)
    opts = options or {}
    if dest is None:
        buf: IO = io.BytesIO() if writer.binary else io.StringIO()
        report.records_written += writer.write(items, buf, report=report, options=opts)
        if writer.newline and not writer.binary:  # the same text a file would hold (RIS: CRLF)
            return buf.getvalue().replace("\n", writer.newline)
        return buf.getvalue()
    if isinstance(dest, (str, Path)):
        with atomic_output(dest, binary=writer.binary, newline=writer.newline or "\n") as fh:
            report.records_written += writer.write(items, fh, report=report, options=opts)
        return None
    report.records_written += writer.write(items, dest, report=report, options=opts)
    return None


def expand_inputs(inputs: Sequence[str | Path], *, glob: str | None = None) -> list[str]:
    """Files to read: directories are walked (recursively, hidden entries skipped) for
    files matching ``glob`` or, without one, files some reader claims by extension."""
    from citeshift.batch import expand

    return [f.path for f in expand(inputs, glob=glob)]


_stdin_cache: dict[str, bytes] = {}


def detect_format(path: str, fmt: str | None = None) -> str:
    """The format of ``path`` (``-`` for stdin), from ``fmt`` or by sniffing its head.

    Only the first few KiB are read, so every input's format is settled before any
    output is written (a usage error never leaves half an output behind)."""
    if fmt is not None:
        return registry.get_reader(fmt).name
    if path == STDIN:
        head_bytes = _read_bytes(STDIN)
        _stdin_cache[STDIN] = head_bytes
    else:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory")
        try:
            with open(path, "rb") as fh:
                head_bytes = fh.read(SNIFF_BYTES)
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
    from citeshift.io import detect_encoding

    enc, skip = detect_encoding(head_bytes)
    head = head_bytes[skip:SNIFF_BYTES].decode(enc, errors="ignore")
    name = None if path == STDIN else path
    return registry.detect(head, name)


def convert(inputs: Sequence[str | Path], *, to: str, output: str | Path | IO | None = None,
            out_dir: str | Path | None = None, from_format: str | None = None,
            report: Report | None = None, options: dict[str, Any] | None = None,
            encoding: str | None = None, glob: str | None = None, jobs: int = 1,
            dedupe: bool = False, sort: str | None = None,
            progress: ProgressHook | None = None) -> Report:
    """Convert ``inputs`` (files, directories or ``-``) to format ``to``.

    All inputs are merged into one output, unless ``out_dir`` is given: then
    each input gets its own file there, named after it with the new extension
    (sub-folders of walked directories are kept). No input is ever overwritten.
    ``jobs`` > 1 reads with that many processes (big files are cut at record
    boundaries); ``dedupe`` collapses duplicate records (:mod:`citeshift.dedupe`);
    ``sort`` is ``key``, ``author``, ``year`` or ``none``.
    """
    from citeshift.batch import run_convert

    report = report if report is not None else Report()
    return run_convert(inputs, to=to, output=output, out_dir=out_dir, from_format=from_format,
                       report=report, options=options, encoding=encoding, glob=glob, jobs=jobs,
                       dedupe=dedupe, sort=sort, progress=progress)
