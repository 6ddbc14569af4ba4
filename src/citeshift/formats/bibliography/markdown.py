"""Markdown (pandoc's flavour): one paragraph per entry, numbered styles as an ordered list."""

from __future__ import annotations

import re
from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.bibliography.base import BibliographyWriter
from citeshift.render import Bibliography
from citeshift.render.markup import to_markdown, to_text

_LIST_LABEL = re.compile(r"^\d+\.$")


class MarkdownWriter(BibliographyWriter):
    name = "markdown"
    extensions = (".md", ".markdown")
    aliases = ("md",)
    description = "Formatted bibliography as Markdown (*italics*, numbered lists)"

    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        for n, entry in enumerate(bib.entries):
            label = to_text(entry.label)
            body = to_markdown(entry.html)
            if not label:
                line = body
            elif _LIST_LABEL.match(label):
                line = f"{label} {body}"  # an ordered list, numbered as the style numbers
            else:
                line = f"{to_markdown(entry.label)} {body}"
            out.write(("\n" if n else "") + line + "\n")
