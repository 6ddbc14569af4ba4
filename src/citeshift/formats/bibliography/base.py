"""What every bibliography writer shares: render the whole list once, then lay it out.

A bibliography cannot stream: sorting, numbering and year suffixes (2021a/b)
depend on every entry, so the writer collects the items, renders them in one
engine call and writes the entries in the style's order.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable
from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.formats.base import Options, Writer
from citeshift.model.item import Item
from citeshift.render import Bibliography, render, render_options
from citeshift.render.markup import to_text


def entry_text(label: str, html: str) -> str:
    """One entry as plain text, the label joined as the style numbers it ("1. ", "[1] ")."""
    text = to_text(html)
    return f"{to_text(label)} {text}" if label else text


class BibliographyWriter(Writer):
    """Base for the writers of formatted bibliographies."""

    renders = True

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        opts = render_options(options)
        items = list(items)
        try:
            bib = render(items, style=opts["style"], locale=opts["locale"], engine=opts["engine"],
                         journal_titles=opts["journal_titles"],
                         sentence_case=opts["sentence_case"], report=report)
        except CiteshiftError:
            raise
        except (RuntimeError, OSError, ValueError) as exc:
            raise CiteshiftError(f"rendering failed: {exc}") from exc
        done = {e.id for e in bib.entries}
        for item in items:
            if item.id not in done:
                report.record_failed("the style produced no bibliography entry for this item",
                                     stage="write", item=item)
        self.emit(bib, out, options=dict(options or {}), report=report)
        return len(bib.entries)

    @abstractmethod
    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        """Lay the rendered entries out in this writer's format."""


def standalone(options: dict[str, Any]) -> bool:
    value = options.get("standalone")
    return value is True or str(value).strip().lower() in ("1", "true", "yes", "on")
