"""The lines of a text, one at a time; and the ASCII whitespace that wraps them.

``text.split("\\n")`` builds a list of every line first: for a 200 MB file of short
tagged lines (RIS, MEDLINE) that list is several times the size of the text itself, and
a reader that streams its records would still hold the whole file twice over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def iter_lines(text: str) -> Iterator[str]:
    """The same strings as ``text.split("\\n")``, made one at a time."""
    start = 0
    find = text.find
    while True:
        end = find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


#: the whitespace tagged formats wrap and pad values with; a no-break space (or any other
#: Unicode space) in a value is content, and ``str.split()``/``str.strip()`` would eat it
ASCII_SPACE = " \t\n\r\x0b\x0c"
_SPACE_RUN = re.compile(r" {2,}")
_TO_SPACE = str.maketrans("\t\n\r\x0b\x0c", "     ")


#: why a writer reports a value with runs of spaces or line breaks inside it (spaces at its
#: ends are padding, taken off without a word)
SPACING = "runs of spaces, tabs and line breaks read back as one space"


def squash(text: str) -> str:
    """``" ".join(text.split())`` for ASCII whitespace only: wrapping undone, NBSP kept.

    As fast as ``split``/``join`` on the common value (printable, single spaces): readers
    call it for every field of a million-record file."""
    if not text.isprintable():
        text = text.translate(_TO_SPACE)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip(" ")
