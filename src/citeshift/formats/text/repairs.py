"""Repairs to the text of one reference before it is labelled, each one described.

Copy-paste damage that changes how a reference tokenizes is undone here:
ligature characters from PDFs (``ﬁ``), words glued to the date that follows
them when a web page drops a space (``Onlinend``, ``Online2024``) and doubled
punctuation (``,,`` ``..``). Dashes lost inside page ranges are repaired
later, by :mod:`citeshift.formats.text.pages`, where the field is known.
"""

from __future__ import annotations

import re

LIGATURES: dict[str, str] = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u00ad": "",
}
_LIGATURE_RE = re.compile("[" + "".join(LIGATURES) + "]")
_GLUED = re.compile(r"\b(Online|Internet|Webpage|Available|Accessed|Published|Updated)(nd|n\.d\.|(?:19|20)\d\d)\b")
_DOUBLED = re.compile(r"(?<![.])([,;:])\1+|(?<![.])\.\.(?!\.)|\.\s\.(?=\s|$)|,\s*,")


def undo_ligatures(text: str) -> str:
    return _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)


def repair_reference(text: str) -> tuple[str, list[str]]:
    """Return the repaired text and a message per repair."""
    messages: list[str] = []

    def glued(m: re.Match[str]) -> str:
        messages.append(f"glued words {m.group()!r} separated")
        return f"{m[1]} {m[2]}"

    text = _GLUED.sub(glued, text)

    def doubled(m: re.Match[str]) -> str:
        messages.append(f"doubled punctuation {m.group()!r} reduced")
        return m.group()[0]

    text = _DOUBLED.sub(doubled, text)
    return text, messages
