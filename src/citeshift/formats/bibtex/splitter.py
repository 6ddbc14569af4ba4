"""bibtexparser's block splitter, with its line count mended.

bibtexparser 2.x finds the marks of a ``.bib`` file (braces, quotes, ``=``, ``,``,
newlines) with one regex that skips a mark written after a backslash (``\\{``,
``\\"``), and newlines are marks too: it counts lines by them. So a line that ends
in a backslash (``title = {x \\ensuremath{\\`` in a damaged file, or ``\\`` as the
last character of a value) does not count, and every block after it gets a line
number one too small: citeshift's messages named the wrong line, and reading a file
whole and in pieces disagreed. Only line counting uses the newline marks, so
counting every newline changes nothing else; the patterns are replaced only while
they are the ones this was written against (``tests/formats/test_bibtex.py``
checks the count, so a bibtexparser that changes them is noticed).
"""

from __future__ import annotations

import re

from bibtexparser import splitter as _upstream
from bibtexparser.splitter import Splitter

__all__ = ["Splitter"]

_BLOCK_START = r"@[\w]*( |\t)*(?=[{(])"
_PATCHES = {
    "_MARK_PATTERN": (r"(?<!\\)[\{\}\",=\n]|" + _BLOCK_START,
                      r"(?<!\\)[\{\}\",=]|\n|" + _BLOCK_START),
    "_PAREN_BLOCK_MARK_PATTERN": (r"(?<!\\)[\{\}\",=\n)]|" + _BLOCK_START,
                                  r"(?<!\\)[\{\}\",=)]|\n|" + _BLOCK_START),
}

for _name, (_old, _new) in _PATCHES.items():
    _current = getattr(_upstream, _name, None)
    if isinstance(_current, re.Pattern) and _current.pattern == _old:
        setattr(_upstream, _name, re.compile(_new))
