"""Big files read a piece at a time: inputs on which that once differed from a whole reading.

Found by ``tests/fuzz/test_streaming.py`` (hypothesis) and ``atheris_harness.py
-stream``; each is read whole and in pieces of the size that showed the difference
(``invariants.stream_matches_whole``), and the right behaviour is asserted too.
"""

from __future__ import annotations

import pytest

from citeshift import api
from citeshift.diagnostics import Report
from tests.fuzz.invariants import stream_matches_whole
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"

#: file, reader, piece size, block size, what went wrong
CASES = [
    ("stream-ris-text-after-er.ris", "ris", 321, 656,
     "'ER  -her ...' is text to the RIS reader but was taken for a record end"),
    ("stream-bibtex-record-numbers-after-context.bib", "bibtex", 157, 16,
     "records numbered before the context records ahead of them were known"),
    ("stream-bibtex-nul-and-repeated-xdata.bib", "bibtex", 1, 16,
     "only the first (broken) definition of a repeated xdata parent was carried"),
    ("stream-nbib-pmid-without-blank-line.nbib", "nbib", 1, 16,
     "a PMID line ends a MEDLINE record only after a blank line or another PMID"),
    ("stream-bibtex-unclosed-entry-at-end.bib", "bibtex", 1, 16,
     "'near line N' after the last line of the file was left unmapped"),
    ("stream-nbib-nul-head.nbib", "nbib", 1, 16,
     "the encoding was settled on the first block instead of the first 4 KiB"),
    ("stream-bibtex-string-in-comment.bib", "bibtex", 1, 16,
     "an @string in a %-comment line was carried as a macro"),
    ("stream-bibtex-string-after-nul.bib", "bibtex", 1, 16,
     "an @string after other text on its line was not carried"),
    ("stream-bibtex-string-inside-open-value.bib", "bibtex", 321, 656,
     "an @string inside an unclosed value (text to bibtexparser) was carried as a macro"),
    ("stream-bibtex-parent-after-text-on-its-line.bib", "bibtex", 321, 656,
     "the whole reading did not wait for a parent written after other text on its line"),
    ("stream-bibtex-parent-defined-three-times.bib", "bibtex", 321, 656,
     "children inherited from whichever definition was read last, not the first"),
    ("stream-bibtex-entries-without-keys.bib", "bibtex", 321, 656,
     "an entry without a key is named entry-N by its record number, counted per piece"),
    ("stream-bibtex-keyless-entry-after-context.bib", "bibtex", 321, 656,
     "... and the reader's number counts the context records before the piece's own"),
]


@pytest.mark.parametrize(("name", "fmt", "piece", "block", "why"), CASES,
                         ids=[c[0] for c in CASES])
def test_streamed_reading_matches_the_whole_reading(name: str, fmt: str, piece: int,
                                                    block: int, why: str) -> None:
    stream_matches_whole(fmt, str(REG / name), piece=piece, block=block)


def test_macros_mean_what_they_mean_in_the_file() -> None:
    items = {i.id: i for i in api.read(REG / "stream-bibtex-string-after-nul.bib")}
    assert items["lowe2004"].vars["container-title"] == "IEEE Transactions on Pattern Analysis"
    report = Report()
    items = {i.id: i for i in api.read(REG / "stream-bibtex-string-in-comment.bib",
                                       report=report)}
    assert "container-title" not in items["a1"].vars  # the commented macro defines nothing
    assert items["a2"].vars["container-title"] == "The Journal of Chemical Physics"
