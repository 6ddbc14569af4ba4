"""Plain text: one entry a line, numbered as the style numbers them."""

from __future__ import annotations

from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.bibliography.base import BibliographyWriter, entry_text
from citeshift.render import Bibliography


class TextWriter(BibliographyWriter):
    name = "text"
    extensions = (".txt",)
    aliases = ("txt", "plain")
    description = "Formatted bibliography as plain text, one entry a line (--style)"

    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        for entry in bib.entries:
            out.write(entry_text(entry.label, entry.html) + "\n")
