"""The plugin interface every reader and writer implements.

A reader turns decoded text into items and reports problems without raising;
a writer turns items into a file and reports every lossy step. Both are
discovered through the ``citeshift.readers`` / ``citeshift.writers`` entry
points (see :mod:`citeshift.registry`), built-ins included, so a third-party
package plugs in a format exactly as citeshift's own ones do.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, ClassVar

from citeshift.diagnostics import Report
from citeshift.model.item import Item

Options = Mapping[str, Any]


class Reader(ABC):
    #: the public format name (``--from``)
    name: ClassVar[str]
    #: file name endings this reader claims (".bib")
    extensions: ClassVar[tuple[str, ...]] = ()
    #: other names accepted for ``--from``
    aliases: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""

    def sniff(self, head: str) -> float:
        """Confidence 0..1 that ``head`` (the first few KiB of decoded text) is this format.

        Must be cheap: it runs for every reader on every input whose format was not given.
        """
        return 0.0

    @abstractmethod
    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        """Yield items in source order; bad records go to ``report.record_failed``."""


class Writer(ABC):
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    aliases: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    #: True for formats written as bytes (e.g. .docx)
    binary: ClassVar[bool] = False
    #: newline to use when writing a text file (RIS wants CRLF); None = "\n"
    newline: ClassVar[str | None] = None
    #: True for formatted bibliographies (text, html, ...): output for people, not data
    renders: ClassVar[bool] = False

    @abstractmethod
    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        """Write ``items`` to ``out``; return how many were written."""
