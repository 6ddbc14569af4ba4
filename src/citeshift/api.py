"""The library API: read, parse, write and convert.

The CLI is a thin layer over these functions. The data path is one-way and
streaming: input bytes -> decoded text -> reader -> items -> writer -> output,
with one :class:`~citeshift.diagnostics.Report` collecting what happened.
Opening inputs lives in :mod:`citeshift.sources`, writing in :mod:`citeshift.output`
and many inputs at once in :mod:`citeshift.batch`; all are gathered here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.model.item import Item
from citeshift.output import write
from citeshift.sources import SNIFF_BYTES, STDIN, Source, detect_format, open_source, text_source

if TYPE_CHECKING:
    from citeshift.batch import ProgressHook

__all__ = ["SNIFF_BYTES", "STDIN", "Source", "convert", "detect_format", "expand_inputs",
           "iter_items", "open_source", "parse", "read", "text_source", "write"]


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


def expand_inputs(inputs: Sequence[str | Path], *, glob: str | None = None) -> list[str]:
    """Files to read: directories are walked (recursively, hidden entries skipped) for
    files matching ``glob`` or, without one, files some reader claims by extension."""
    from citeshift.batch import expand

    return [f.path for f in expand(inputs, glob=glob)]


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
