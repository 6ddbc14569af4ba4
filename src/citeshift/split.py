"""Cutting one big input into pieces at record boundaries, so that it can be read a piece
at a time (:func:`stream`, never holding the file) or by several processes.

A piece is the text of whole records plus *context*: what a reader needs to
understand those records but that belongs to another piece. For BibTeX that is
the ``@string`` macros and the entries its ``crossref``/``xref``/``xdata`` fields
name, placed in file order: what comes before the piece goes before its records,
what comes after goes after them. Whatever a reader yields from the context is
dropped by the caller, and
the lines it reports for the piece's own records are mapped back to lines of
the whole file (:meth:`Piece.file_line`), so every record is read exactly once
and named where it is. (Padding the piece with blank lines instead would make
the line numbers right by themselves, but bibtexparser steps through every
newline in Python: the padding cost grew with the square of the file.)

A cut is only made where the reader itself would start a new block whatever
came before: for BibTeX, a line that starts with ``@type{`` or ``@type(``
(bibtexparser 2 ends any open block there, even inside braces, and
citeshift's reader cuts its own work at the same places); for RIS, after an
``ER`` line; for MEDLINE, between a blank line and a ``PMID-`` line. So reading
the pieces gives what reading the whole file gives (``tests/fuzz/test_streaming.py``
checks it on broken files). Splitters are a table keyed by reader name; a reader
with no entry is read whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
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
    #: the first line of the next piece, read right after the body (before ``after``):
    #: a record left open at the end of the body then ends where it ends in the whole
    #: file, with the same message (BibTeX: "unexpected block start '@article'")
    peek: str = ""
    #: whether the reader counts a lone carriage return as a line end (RIS does, as
    #: editors do for old Macintosh files), so lines are counted as it counts them
    lone_cr: bool = False

    @property
    def before_lines(self) -> int:
        return self.before.count("\n") + (1 if self.before and not self.before.endswith("\n")
                                           else 0)

    @property
    def body_lines(self) -> int:
        return count_lines(self.body, self.lone_cr) + (0 if self.body.endswith("\n") else 1)

    @property
    def peek_lines(self) -> int:
        return count_lines(self.peek, self.lone_cr)

    @property
    def text(self) -> str:
        """``before``, ``body``, ``peek``, then ``after``, each starting on a line of its own."""
        head = self.before if self.before.endswith("\n") or not self.before else self.before + "\n"
        tail = self.peek + self.after
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


def count_lines(text: str, lone_cr: bool = False) -> int:
    """Line ends in ``text``: newlines, and carriage returns not before one if ``lone_cr``."""
    n = text.count("\n")
    if lone_cr and "\r" in text:
        n += text.count("\r") - text.count("\r\n")
    return n


def first_line_of(text: str) -> str:
    """The first line of ``text``, ending in a newline (what a piece peeks at)."""
    end = text.find("\n")
    return text + "\n" if end < 0 else text[:end + 1]


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
    """Pieces of ``text`` cut at ``cuts``, with their context (for a plug-in's splitter)."""
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
#: an ``@string`` anywhere: a run without one needs no look at its blocks for macros
_BIB_STRING = re.compile(r"@[ \t]*string[ \t]*[{(]", re.I)
#: ``\b(crossref|xref|xdata)\s*=\s*...`` case-insensitively, spelled so that the regex
#: engine can skip ahead to a c or an x (with ``\b`` and ``re.I`` it tries every
#: position: five times slower, seconds on a 200 MB file)
_BIB_XREF = re.compile(r"[cCxX](?<!\w[cCxX])(?:(?<=[cC])[rR][oO][sS][sS][rR][eE][fF]|"
                       r"(?<=[xX])[rR][eE][fF]|(?<=[xX])[dD][aA][tT][aA])"
                       r"\s*=\s*[{\"]?\s*([^,}\"\s]+)")
#: what may be an entry's key, anywhere: a run without a wanted one needs no look at
#: its blocks for parents
_BIB_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")


def _definitions(body: str, targets: set[str] | frozenset[str] = frozenset()
                 ) -> tuple[list[tuple[int, str]], dict[str, list[tuple[int, str]]]]:
    """The ``@string`` blocks of a run and its entries whose keys are in ``targets``,
    each (place in the run, text), as the BibTeX reader itself reads the run.

    Which text is a block is bibtexparser's call (an ``@string`` after a NUL on its line
    is one, an ``@string{`` inside a field's braces or on a %-comment line is not), so
    the reader's own splitting is asked, and only for runs where a regex finds a
    candidate. Runs are cut where blocks start, so a run splits as the file does there.
    """
    want_strings = _BIB_STRING.search(body) is not None
    want_parents = bool(targets) and any(
        m.group(1).lower() in targets for m in _BIB_KEY.finditer(body))
    strings: list[tuple[int, str]] = []
    parents: dict[str, list[tuple[int, str]]] = {}
    if not (want_strings or want_parents):
        return strings, parents
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, String

    from citeshift.formats.bibtex.reader import blocks_of

    line_starts = [0, *(m.end() for m in re.finditer("\n", body))]
    last_line, k = -1, 0
    for block in blocks_of(body):
        line = min(block.start_line or 0, len(line_starts) - 1)
        k = k + 1 if line == last_line else 0  # blocks sharing a line keep their order
        last_line = line
        inner = (block.ignore_error_block
                 if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)) else block)
        place = line_starts[line] + k
        if isinstance(inner, String) and want_strings:
            strings.append((place, block.raw))
        elif isinstance(inner, Entry) and want_parents and inner.key.strip().lower() in targets:
            parents.setdefault(inner.key.strip().lower(), []).append((place, block.raw))
    return strings, parents


def _whole_lines(parts: Iterable[str]) -> str:
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def _bibtex_context(start: int, end: int, strings: list[tuple[int, str]],
                    parents: list[tuple[int, str]]) -> tuple[str, str]:
    """(before, after) for the piece ``start:end`` of a BibTeX file.

    ``parents`` are the entries the piece's entries inherit from but does not hold, and
    ``strings`` the ``@string`` blocks of the file (each with its place). Everything is
    read in file order, so each macro and parent means what it means there: before the
    body, the strings and parents that come before it; after it, the parents that come
    after it with the strings defined on the way to them. (The last piece so ends
    where the file ends: an entry left open there is told as in the whole file.)
    """
    earlier = [(pos, t) for pos, t in strings if pos < start]
    earlier += [(pos, t) for pos, t in parents if pos < start]
    later = [(pos, t) for pos, t in parents if pos >= end]
    if later:
        last = max(pos for pos, _t in later)
        later += [(pos, t) for pos, t in strings if end <= pos < last]
    return (_whole_lines(t for _pos, t in sorted(earlier)),
            _whole_lines(t for _pos, t in sorted(later)))


def _whole_text_splitter(fmt: str) -> Splitter:
    """A splitter for a text held whole: the streaming cuts, over one block."""
    def splitter(text: str, pieces: int) -> list[Piece] | None:
        size = max(1, -(-len(text) // pieces))  # at most ``pieces`` runs
        made = stream(lambda: iter([text]), fmt, size)
        out = list(made) if made is not None else []
        return out if len(out) > 1 else None
    return splitter


split_bibtex = _whole_text_splitter("bibtex")


# --- RIS and MEDLINE (nbib) ------------------------------------------------------------------

#: an ER line as the RIS reader reads one (``ER  -x`` is text), ending in a newline (one
#: ending in a lone CR is no cut: its next "line" may be the next record's TY, which the
#: regex would see as the rest of the ER line)
_RIS_END = re.compile(r"^ER  -(?:[ \t][^\n\r]*)?\r?\n", re.M)
#: a blank line before a ``PMID-`` line (the cut goes after the blank line): the
#: MEDLINE reader ends a record at any blank line, but at a PMID line only when the
#: record it is reading already has a PMID, which a regex cannot know
_NBIB_START = re.compile(r"^[ \t\r\x0b\x0c]*\n(?=PMID-)", re.M)


split_ris = _whole_text_splitter("ris")
split_nbib = _whole_text_splitter("nbib")


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


# --- streaming: pieces of a file that is never held whole -----------------------------------
#
# The same cuts as above, made while the text flows past: a piece ends at the last place
# a cut is safe once it holds ``size`` characters. Context is gathered on the way
# (``@string`` blocks seen so far) or by an earlier pass over the file (crossref
# targets), so only the pieces, the macros and the entries others inherit from are held.

#: reader name -> (where a cut may be made, whether at the end of the match)
BOUNDARIES: dict[str, tuple[re.Pattern[str], bool]] = {
    "bibtex": (_BIB_START, False),
    "biblatex": (_BIB_START, False),
    "ris": (_RIS_END, True),
    "nbib": (_NBIB_START, True),
}

#: readers that count a lone carriage return as a line end
LONE_CR = frozenset({"ris"})

#: a function giving the text of the input as blocks of whole lines, from its start,
#: each time it is called (so that it can be read more than once)
TextBlocks = Callable[[], Iterator[str]]


def cut_stream(blocks: Iterable[str], fmt: str, size: int) -> Iterator[tuple[int, str]]:
    """(first line, text) of runs of whole records of about ``size`` characters or more.

    A run ends at the first safe cut after its first ``size`` characters. ``blocks``
    must each end at the end of a line, so that a cut found in one block is one that
    the next cannot change. Joined, the runs are the whole text."""
    pattern, at_end = BOUNDARIES[fmt]
    lone_cr = fmt in LONE_CR
    parts: list[str] = []
    held = 0  # characters of the current run held in parts
    line = 1
    for block in blocks:
        start = 0  # what of the block is not yet in a finished run
        while True:
            m = pattern.search(block, max(start, start + size - held))
            if m is not None and held == 0 and (m.end() if at_end else m.start()) == start:
                m = pattern.search(block, m.start() + 1)  # no cut before the first record
            if m is None:
                break
            pos = m.end() if at_end else m.start()
            parts.append(block[start:pos])
            body = "".join(parts)
            yield line, body
            line += count_lines(body, lone_cr)
            parts, held, start = [], 0, pos
        if start < len(block):
            parts.append(block[start:])
            held += len(block) - start
    if held:
        yield line, "".join(parts)


def stream(blocks: TextBlocks, fmt: str, size: int) -> Iterator[Piece] | None:
    """Pieces of the input, made while reading it; None for a format that is read whole."""
    if fmt not in BOUNDARIES:
        return None
    if fmt in ("bibtex", "biblatex"):
        return _stream_bibtex(blocks, fmt, size)
    return (Piece(body=body, first_line=line, lone_cr=fmt in LONE_CR)
            for line, body in cut_stream(blocks(), fmt, size))


def _bibtex_parents(blocks: TextBlocks, fmt: str, size: int
                    ) -> tuple[dict[str, list[tuple[int, str]]], list[tuple[int, str]] | None]:
    """Every definition (place, text) of every entry named by a crossref/xref/xdata
    anywhere in the input and, when there are any, every ``@string`` block with its
    place.

    Two passes over the input, the second only when the first found such a link."""
    targets: set[str] = set()
    for _line, body in cut_stream(blocks(), fmt, size):
        targets.update(m.group(1).lower() for m in _BIB_XREF.finditer(body))
    parents: dict[str, list[tuple[int, str]]] = {}
    if not targets:
        return parents, None
    strings: list[tuple[int, str]] = []
    offset = 0
    for _line, body in cut_stream(blocks(), fmt, size):
        found, defined = _definitions(body, targets)
        strings.extend((offset + pos, text) for pos, text in found)
        for key, places in defined.items():
            parents.setdefault(key, []).extend((offset + pos, text) for pos, text in places)
        offset += len(body)
    return parents, strings


def _stream_bibtex(blocks: TextBlocks, fmt: str, size: int) -> Iterator[Piece]:
    parents, all_strings = _bibtex_parents(blocks, fmt, size)
    seen_strings: list[tuple[int, str]] = []  # without a second pass: those read so far

    def piece(line: int, start: int, body: str, peek: str) -> Piece:
        end = start + len(body)
        wanted: dict[int, str] = {}
        if parents:
            for m in _BIB_XREF.finditer(body):
                for pos, text in parents.get(m.group(1).lower(), ()):
                    if not start <= pos < end:
                        wanted[pos] = text
        strings = all_strings if all_strings is not None else seen_strings
        before, after = _bibtex_context(start, end, strings, list(wanted.items()))
        if all_strings is None:
            seen_strings.extend((start + pos, text) for pos, text in _definitions(body)[0])
        return Piece(body=body, first_line=line, before=before, peek=peek, after=after)

    held: tuple[int, int, str] | None = None
    offset = 0
    for line, body in cut_stream(blocks(), fmt, size):
        if held is not None:
            yield piece(*held, first_line_of(body[:4096]))
        held = (line, offset, body)
        offset += len(body)
    if held is not None:
        yield piece(*held, "")
