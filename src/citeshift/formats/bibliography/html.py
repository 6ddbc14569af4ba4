"""HTML: a fragment in the markup citeproc-js writes, or a whole page (``--standalone``)."""

from __future__ import annotations

from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.bibliography.base import BibliographyWriter, standalone
from citeshift.render import Bibliography
from citeshift.render.markup import escape

_CSS = """body { font-family: Georgia, 'Times New Roman', serif; max-width: 50em; margin: 2em auto;
  line-height: 1.5; }
.csl-entry { margin-bottom: 0.6em; }
.hanging-indent .csl-entry { padding-left: 2em; text-indent: -2em; }
.csl-left-margin { float: left; min-width: 2.5em; }
.csl-right-inline { margin-left: 2.5em; }
"""


def fragment(bib: Bibliography) -> str:
    classes = "csl-bib-body" + (" hanging-indent" if bib.hanging_indent else "")
    lines = [f'<div class="{classes}">']
    for entry in bib.entries:
        if entry.label:
            lines.append(f'  <div class="csl-entry" id="ref-{escape(entry.id)}">'
                         f'<div class="csl-left-margin">{entry.label}</div>'
                         f'<div class="csl-right-inline">{entry.html}</div></div>')
        else:
            lines.append(f'  <div class="csl-entry" id="ref-{escape(entry.id)}">{entry.html}</div>')
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def page(bib: Bibliography, title: str = "References") -> str:
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{escape(title)}</h1>\n{fragment(bib)}</body>\n</html>\n")


class HtmlWriter(BibliographyWriter):
    name = "html"
    extensions = (".html", ".htm")
    description = "Formatted bibliography as HTML (a fragment; a page with --standalone)"

    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        out.write(page(bib) if standalone(options) else fragment(bib))
