"""The progress display on stderr (rich): files and records done, rate, time left.

Time left is estimated from input *bytes* (known up front from the file
sizes), so it works before the number of records is known. The display is
transient (gone when the run ends) and never drawn when stderr is not a
terminal: logs and pipes get only the diagnostics and the summary.
"""

from __future__ import annotations

import sys
import time
from typing import Any


class RichProgress:
    """A :class:`citeshift.batch.ProgressHook` drawn with rich."""

    #: do not draw anything for runs shorter than this (seconds)
    DELAY = 0.3

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._files = 0
        self._started = 0.0
        self._records = 0

    @staticmethod
    def wanted(quiet: bool) -> bool:
        return not quiet and sys.stderr.isatty()

    def begin(self, files: int, total_bytes: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._files = files
        self._started = time.monotonic()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.fields[files]}"),
            BarColumn(),
            TextColumn("{task.fields[records]} records"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("convert", total=max(1, total_bytes),
                                             files=f"0/{files} files", records="0", rate="")
        self._progress.start()

    def update(self, *, files_done: int, records: int, bytes_done: float) -> None:
        if self._progress is None:
            return
        elapsed = time.monotonic() - self._started
        rate = f"{records / elapsed:,.0f}/s" if elapsed > self.DELAY and records else ""
        self._records = records
        self._progress.update(self._task, completed=bytes_done,
                              files=f"{files_done}/{self._files} files",
                              records=f"{records:,}", rate=rate)

    def print(self, text: str) -> bool:
        """Print a line above the bar; False when no bar is shown."""
        if self._progress is None:
            return False
        self._progress.console.print(text, markup=False, highlight=False)
        return True

    def end(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
