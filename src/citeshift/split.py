"""Cutting one big input into pieces at record boundaries, so several processes can read it.

A piece is the text of whole records plus *context*: what a reader needs to
understand those records but that belongs to another piece. Context that must
come first (BibTeX ``@string`` definitions made earlier in the file) goes
before the records; context that may come after (entries named by
``crossref``/``xref``, which BibTeX wants after the entries citing them) goes
after. Whatever a reader yields from the context is dropped by the caller, and
the lines it reports for the piece's own records are mapped back to lines of
the whole file (:meth:`Piece.file_line`), so every record is read exactly once
and named where it is. (Padding the piece with blank lines instead would make
the line numbers right by themselves, but bibtexparser steps through every
newline in Python: the padding cost grew with the square of the file.)

A cut is only made where the reader itself would start a new block whatever
came before: for BibTeX, a line that starts with ``@type{`` or ``@type(``
(bibtexparser 2 ends any open block there, even inside braces, and
citeshift's reader cuts its own work at the same places); for RIS, after an
``ER`` line; for MEDLINE, before a ``PMID-`` line. So reading the pieces gives
what reading the whole file gives. Splitters are a table keyed by reader name;
a reader with no entry is read whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    """Records of one input, with the context read around them but not kept."""

    body: str
    #: line of the input on which ``body`` starts (1-based)
    first_line: int
    #: context read before the body (its lines all come before ``first_line``)
    before: str = ""
    #: context read after the body
    after: str = ""

    @property
    def before_lines(self) -> int:
        return self.before.count("\n") + (1 if self.before and not self.before.endswith("\n")
                                           else 0)

    @property
    def body_lines(self) -> int:
        return self.body.count("\n") + (0 if self.body.endswith("\n") else 1)

    @property
    def text(self) -> str:
        """``before``, ``body``, then ``after``, each starting on a line of its own."""
        head = self.before if self.before.endswith("\n") or not self.before else self.before + "\n"
        tail = self.after
        if tail and not self.body.endswith("\n"):
            tail = "\n" + tail
        return head + self.body + tail

    def file_line(self, line: int) -> int | None:
        """The line of the whole file that ``line`` of :attr:`text` is; None for context."""
        return file_line(line, self.first_line, self.before_lines, self.body_lines)


def file_line(line: int, first_line: int, before_lines: int, body_lines: int) -> int | None:
    """Line ``line`` of a piece's text as a line of the whole file (None: context)."""
    k = line - before_lines
    return first_line + k - 1 if 1 <= k <= body_lines else None


Context = Callable[[int, int], "tuple[str, str]"]
Splitter = Callable[[str, int], "list[Piece] | None"]


def _cut_points(text: str, candidates: list[int], pieces: int,
                safe: Callable[[int, int], bool]) -> list[int]:
    """Offsets near equal shares of ``text`` where a cut is safe (given the previous cut)."""
    size = len(text)
    cuts: list[int] = []
    prev = 0
    i = 0
    for k in range(1, pieces):
        want = size * k // pieces
        while i < len(candidates) and candidates[i] < want:
            i += 1
        while i < len(candidates):
            pos = candidates[i]
            i += 1
            if pos > prev and safe(prev, pos):
                cuts.append(pos)
                prev = pos
                break
        else:
            break
    return cuts


def _no_context(start: int, end: int) -> tuple[str, str]:
    return "", ""


def _pieces(text: str, cuts: list[int], context: Context = _no_context) -> list[Piece]:
    bounds = [0, *cuts, len(text)]
    out: list[Piece] = []
    line = 1
    for start, end in itertools.pairwise(bounds):
        body = text[start:end]
        before, after = context(start, end)
        out.append(Piece(body=body, first_line=line, before=before, after=after))
        line += body.count("\n")
    return out


# --- BibTeX -------------------------------------------------------------------------------

#: where bibtexparser 2 starts a block (its ``_BLOCK_START``), at the start of a line
_BIB_START = re.compile(r"^[ \t]*@\w*[ \t]*(?=[{(])", re.M)
_BIB_STRING = re.compile(r"^[ \t]*@string[ \t]*[{(]", re.M | re.I)
_BIB_XREF = re.compile(r"\b(?:crossref|xref|xdata)\s*=\s*[{\"]?\s*([^,}\"\s]+)", re.I)
_BIB_KEY = re.compile(r"^[ \t]*@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", re.M)


def split_bibtex(text: str, pieces: int) -> list[Piece] | None:
    starts = [m.start() for m in _BIB_START.finditer(text)]
    if len(starts) < pieces:
        return None
    cuts = _cut_points(text, starts, pieces, lambda a, b: True)
    if not cuts:
        return None
    strings = [m.start() for m in _BIB_STRING.finditer(text)]
    # each @string block runs to the next line starting with "@"
    string_blocks: list[tuple[int, str]] = []
    for pos in strings:
        nxt = _BIB_START.search(text, pos + 1)
        end = nxt.start() if nxt else len(text)
        string_blocks.append((pos, text[pos:end]))
    entries: dict[str, tuple[int, int]] = {}
    if _BIB_XREF.search(text):
        for m in _BIB_KEY.finditer(text):
            nxt = _BIB_START.search(text, m.end())
            entries.setdefault(m.group(1).lower(), (m.start(), nxt.start() if nxt else len(text)))

    def whole_lines(parts: list[str]) -> str:
        return "".join(p if p.endswith("\n") else p + "\n" for p in parts)

    def context(start: int, end: int) -> tuple[str, str]:
        # the @string blocks before the piece fit in the lines before it (they are among them)
        before = whole_lines([block for pos, block in string_blocks if pos < start])
        after: list[str] = []
        if entries:
            wanted: dict[int, int] = {}
            for m in _BIB_XREF.finditer(text, start, end):
                span = entries.get(m.group(1).lower())
                if span is not None and not (start <= span[0] < end):
                    wanted[span[0]] = span[1]
            after = [text[a:b] for a, b in sorted(wanted.items())]
        return before, whole_lines(after)

    return _pieces(text, cuts, context)


# --- RIS and MEDLINE (nbib) ------------------------------------------------------------------

_RIS_END = re.compile(r"^ER  -[^\n]*\n", re.M)
_NBIB_START = re.compile(r"^PMID-", re.M)


def split_ris(text: str, pieces: int) -> list[Piece] | None:
    ends = [m.end() for m in _RIS_END.finditer(text)]
    if len(ends) < pieces:
        return None
    cuts = _cut_points(text, ends, pieces, lambda a, b: True)
    return _pieces(text, cuts) if cuts else None


def split_nbib(text: str, pieces: int) -> list[Piece] | None:
    starts = [m.start() for m in _NBIB_START.finditer(text)]
    if len(starts) < pieces:
        return None
    cuts = _cut_points(text, starts, pieces, lambda a, b: True)
    return _pieces(text, cuts) if cuts else None


#: reader name -> splitter. Formats read whole (CSL-JSON: json is fast; XML: one document).
SPLITTERS: dict[str, Splitter] = {
    "bibtex": split_bibtex,
    "biblatex": split_bibtex,
    "ris": split_ris,
    "nbib": split_nbib,
}


def split(text: str, fmt: str, pieces: int) -> list[Piece] | None:
    """Pieces of ``text`` (read as ``fmt``), or None when it cannot (or need not) be split."""
    splitter = SPLITTERS.get(fmt)
    if splitter is None or pieces < 2:
        return None
    return splitter(text, pieces)
