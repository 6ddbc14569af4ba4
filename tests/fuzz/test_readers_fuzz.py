"""Property-based fuzzing of every installed reader and of format detection.

Structured mutations of the real fixtures (truncation at any byte, deleted or
doubled delimiters, invalid UTF-8 and mixed encodings, NUL and control characters,
doubled or dropped lines, enormous fields and lines, deeply nested delimiters),
plain garbage, degenerate files, and the pathological shapes of ``pathological.py``
(100,000 authors, thousands of nested braces, record starts with nothing after
them ...). The invariants are in ``invariants.py``; example counts in
``profiles.py`` (``CITESHIFT_FUZZ=long`` for a longer run). A coverage-guided run:
``python tests/fuzz/atheris_harness.py`` (see the README here).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeshift import registry
from citeshift.errors import CiteshiftError
from tests.fuzz import pathological
from tests.fuzz.invariants import read_checked
from tests.fuzz.profiles import LONG, fuzz_settings
from tests.fuzz.seeds import seeds_by_format

READERS = sorted(registry.readers())
SETTINGS = fuzz_settings(40)

_DELIMS = [b"{", b"}", b'"', b",", b"\n", b"  - ", b"<", b">", b"[", b"]", b"@", b"%", b"\\", b"="]
_NESTING = [(b"{", b"}"), (b"[", b"]"), (b"(", b")"), (b"<i>", b"</i>"), (b"<b>", b"</b>"),
            (b"<record>", b"</record>"), (b"\\textbf{", b"}"), (b"\\'", b""), (b'"', b'"'),
            (b"- ", b"")]
_NASTY = [b"\x00", b"\x1b", b"\x15", b"\x02", b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\r",
          b"\xef\xbb\xbf", "\u202e".encode(), "e\u0301".encode(), "\ud7ff".encode(), b"\t"]


#: text in another encoding dropped into a UTF-8 file (what concatenated exports look like)
_FOREIGN = ["Müller, Jürgen – Ærø".encode("cp1252"), "Müller".encode("latin-1"),
            "Zoë".encode("utf-16-le"), "Łódź".encode("iso-8859-2"), "日本語".encode("shift_jis"),
            "Straße".encode().decode("latin-1").encode("utf-8")]  # double-encoded


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["truncate", "delete", "double", "insert", "nasty", "flip",
                                   "dup-line", "drop-line", "foreign", "huge", "deep"]))
        pos = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[pos:]
        elif op == "delete":
            end = min(len(data), pos + draw(st.integers(1, 40)))
            del data[pos:end]
        elif op == "double":
            delim = draw(st.sampled_from(_DELIMS))
            data[pos:pos] = delim * draw(st.integers(1, 3))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=20))
        elif op == "nasty":
            data[pos:pos] = draw(st.sampled_from(_NASTY))
        elif op == "flip" and pos < len(data):
            data[pos] ^= 0x80
        elif op == "foreign":
            data[pos:pos] = draw(st.sampled_from(_FOREIGN))
        elif op == "huge":  # an enormous field or line: a stretch of the file, repeated
            end = min(len(data), pos + draw(st.integers(1, 80)))
            unit = bytes(data[pos:end]) or b"x"
            if draw(st.booleans()):
                unit = unit.replace(b"\n", b" ")  # one enormous line
            data[pos:pos] = unit * (draw(st.integers(20_000, 200_000)) // len(unit))
        elif op == "deep":  # deeply nested delimiters, closed or not
            opener, closer = draw(st.sampled_from(_NESTING))
            depth = draw(st.integers(100, 5_000))
            data[pos:pos] = opener * depth + (closer * depth if draw(st.booleans()) else b"")
        elif op in ("dup-line", "drop-line"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@pytest.mark.parametrize("fmt", READERS)
def test_reader_survives_mutated_fixtures(fmt):
    seeds = seeds_by_format().get(fmt)
    if not seeds:
        pytest.skip(f"no fixture detected as {fmt} to seed the fuzzer")

    @SETTINGS
    @given(mutated(seeds))
    def check(data: bytes) -> None:
        read_checked(fmt, data)

    check()


@pytest.mark.parametrize("fmt", READERS)
def test_reader_survives_garbage(fmt):
    @SETTINGS
    @given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
    def check(data: bytes) -> None:
        read_checked(fmt, data)

    check()


@pytest.mark.parametrize("fmt", READERS)
@pytest.mark.parametrize("data", [b"", b"\n\n", b"\x00" * 100, bytes(range(256)) * 4],
                         ids=["empty", "blank", "nul", "binary"])
def test_reader_survives_degenerate_files(fmt, data):
    read_checked(fmt, data)


@SETTINGS
@given(st.text(max_size=2000), st.sampled_from([None, "x.bib", "x.ris", "x.json", "x.txt", "x.xml"]))
def test_detection_only_raises_its_own_error(text, filename):
    try:
        fmt = registry.detect(text, filename)
    except CiteshiftError:
        return
    assert fmt in registry.readers()


#: sizes of the pathological files: enough to expose recursion and quadratic loops
#: (their timing is measured by benchmarks/bench_robustness.py, not here)
_PATHOLOGICAL_SIZE = 60_000 if not LONG else 1_000_000


@pytest.mark.parametrize("kind", pathological.KINDS)
@pytest.mark.parametrize("fmt", sorted(pathological.RECORD))
def test_reader_survives_pathological_files(fmt, kind):
    read_checked(fmt, pathological.build(fmt, kind, _PATHOLOGICAL_SIZE))


@pytest.mark.parametrize("fmt", sorted(pathological.RECORD))
def test_reader_reads_100000_authors(fmt):
    items, report = read_checked(fmt, pathological.authors_file(fmt, 100_000))
    if fmt == "text":
        # 1.4 million characters is no printed reference: the text reader reports it as a
        # failed record (never drops it silently) instead of spending minutes labelling it
        assert len(items) + report.records_failed == 1
        if report.records_failed:
            assert "too long to be one reference" in report.errors[0].message
        return
    assert len(items) == 1, report.diagnostics[:5]
    authors = items[0].vars.get("author", [])
    assert len(authors) == 100_000, (len(authors), report.diagnostics[:5])


def test_pathological_formats_cover_every_reader():
    assert set(pathological.RECORD) == set(READERS)
