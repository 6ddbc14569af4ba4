"""A big file read a piece at a time gives what reading it whole gives.

With one process, a big BibTeX, RIS or MEDLINE file is decoded a block of lines at a
time and read in pieces cut at record boundaries (``citeshift.split.stream``), never
whole. For mutated fixtures (``test_readers_fuzz.mutated``: truncations, broken
delimiters, mixed encodings, enormous lines ...) and any block and piece size, the
items (every variable, id, line and record number), the counts and the messages must
be those of the whole reading (``invariants.stream_matches_whole``). Three messages
are allowed to differ, all documented in ``docs/batch.md``: how a mixed encoding is
told (the count of bad lines is not known while streaming), a duplicate BibTeX key
in another piece (reported when ids are made unique instead), and RIS's count of
stray lines, given once per piece rather than once per file (the lines counted are
the same). A coverage-guided run of the same check: ``atheris_harness.py -stream``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeshift import split
from tests.fuzz.invariants import stream_matches_whole
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.seeds import seeds_by_format
from tests.fuzz.test_readers_fuzz import mutated

STREAMED = sorted(fmt for fmt in split.BOUNDARIES if fmt in seeds_by_format())


@pytest.mark.parametrize("fmt", STREAMED)
def test_streamed_reading_is_the_whole_reading(fmt: str, tmp_path_factory) -> None:
    seeds = seeds_by_format()[fmt]
    path = tmp_path_factory.mktemp("stream") / "in"

    @fuzz_settings(15)
    @given(st.lists(mutated(seeds), min_size=1, max_size=4), st.integers(1, 4000),
           st.integers(16, 5000))
    def check(parts: list[bytes], piece: int, block: int) -> None:
        path.write_bytes(b"\n\n".join(parts))
        stream_matches_whole(fmt, str(path), piece=piece, block=block)

    check()


def test_the_check_sees_a_difference() -> None:
    # a piece that lost its @string context would change the items: the check says so
    import citeshift.split

    bib = seeds_by_format()["bibtex"][0]
    assert b"@string" in bib.lower()
    saved = citeshift.split._BIB_STRING
    citeshift.split._BIB_STRING = __import__("re").compile("(?!)")
    try:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".bib") as fh:
            fh.write(bib)
            fh.flush()
            with pytest.raises(AssertionError):
                stream_matches_whole("bibtex", fh.name, piece=1, block=16)
    finally:
        citeshift.split._BIB_STRING = saved
