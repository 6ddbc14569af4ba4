"""The engine interface: CSL-JSON items + a style in, one formatted entry per item out.

Every engine returns entries as an HTML fragment in the markup citeproc-js
writes (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, small caps as a styled span,
``&amp;`` escapes). One markup for all engines lets the writers
(text, HTML, Markdown, RTF, Word) and the golden tests treat engines alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from citeshift.diagnostics import Report


@dataclass(slots=True)
class Entry:
    """One bibliography entry."""

    id: str
    #: the entry's text as an HTML fragment (without the citation number)
    html: str
    #: the left-margin part of numbered layouts ("1."/"[1]"), as HTML; "" when none
    label: str = ""


@dataclass(slots=True)
class Bibliography:
    entries: list[Entry] = field(default_factory=list)
    #: layout hints from the style's <bibliography> element
    hanging_indent: bool = False
    second_field_align: str | None = None
    line_spacing: int = 1
    entry_spacing: int = 1
    engine: str = ""


@dataclass(slots=True)
class StyleSpec:
    """A resolved style: the file to render with and what the user asked for."""

    path: Path
    #: the style id (file stem) and title, for messages
    id: str
    title: str = ""
    #: what the user typed, when it differs from id (an alias, a journal, an ISSN)
    requested: str = ""
    #: the default-locale of the (dependent) style asked for, if it names one
    locale: str | None = None


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (e.g. no pandoc binary); the caller may fall back."""


class Engine(ABC):
    name: ClassVar[str]

    @classmethod
    def available(cls) -> bool:
        return True

    @abstractmethod
    def render(self, items: list[dict[str, Any]], style: StyleSpec, *, locale: str,
               report: Report) -> Bibliography:
        """Render every item (already prepared CSL-JSON dicts) in the style's order."""
