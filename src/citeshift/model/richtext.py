"""CSL-JSON inline markup: ``<i> <b> <sup> <sub> <span class="nocase">``.

Text values in the model may carry this markup (the subset citeproc-js,
citeproc-py and pandoc all accept). Writers for formats without markup call
:func:`strip_markup`; BibTeX turns nocase spans into braces.
"""

from __future__ import annotations

import html
import re

TAGS: tuple[str, ...] = ("i", "b", "sup", "sub", "span")
NOCASE_OPEN = '<span class="nocase">'
SMALLCAPS_OPEN = '<span style="font-variant:small-caps;">'

_TAG = re.compile(
    r"</?(?:i|b|sup|sub)>|<span\s+class=\"nocase\">|<span\s+style=\"font-variant:\s*small-caps;?\">|</span>"
)


def has_markup(text: str) -> bool:
    return "<" in text and _TAG.search(text) is not None


def strip_markup(text: str) -> str:
    """Remove CSL inline markup tags, keeping their content."""
    if "<" not in text:
        return text
    return _TAG.sub("", text)


def nocase(text: str) -> str:
    return f"{NOCASE_OPEN}{text}</span>"


def escape(text: str) -> str:
    """Escape characters that would read as markup when text is put into a markup value."""
    return html.escape(text, quote=False)


def tokens(text: str) -> list[tuple[str, str]]:
    """Split marked-up text into ("tag", "<i>") and ("text", "...") tokens."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _TAG.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos : m.start()]))
        out.append(("tag", m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out
