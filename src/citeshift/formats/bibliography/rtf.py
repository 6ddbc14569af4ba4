"""RTF: opens in Word, LibreOffice and TextEdit with italics, bold and small caps kept."""

from __future__ import annotations

from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.bibliography.base import BibliographyWriter
from citeshift.render import Bibliography
from citeshift.render.markup import to_rtf

_HEAD = (r"{\rtf1\ansi\ansicpg1252\deff0\uc1" "\n"
         r"{\fonttbl{\f0\froman\fcharset0 Times New Roman;}}" "\n"
         r"\f0\fs24" "\n")


class RtfWriter(BibliographyWriter):
    name = "rtf"
    extensions = (".rtf",)
    description = "Formatted bibliography as RTF (for word processors)"

    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        out.write(_HEAD)
        indent = r"\fi-720\li720" if bib.hanging_indent or any(e.label for e in bib.entries) else ""
        for entry in bib.entries:
            label = (to_rtf(entry.label) + r"\tab ") if entry.label else ""
            out.write(r"{\pard" + indent + r"\sa120 " + label + to_rtf(entry.html) + r"\par}" + "\n")
        out.write("}\n")
