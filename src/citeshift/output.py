"""Output: items written in a format to a file (atomically), an open file or a string.

Used by :mod:`citeshift.api` and :mod:`citeshift.batch` alike.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.io import atomic_output
from citeshift.model.item import Item


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
