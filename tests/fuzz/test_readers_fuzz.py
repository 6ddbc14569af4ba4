"""Property-based fuzzing of every installed reader and of format detection.

Structured mutations of the real fixtures (truncation at any byte, deleted or
doubled delimiters, invalid UTF-8, NUL and control characters, doubled or
dropped lines) and plain garbage. The invariants are in ``invariants.py``.
A longer coverage-guided run: ``python tests/fuzz/atheris_harness.py`` (see README there).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeshift import registry
from citeshift.errors import CiteshiftError
from tests.fuzz.invariants import read_checked
from tests.fuzz.seeds import seeds_by_format

READERS = sorted(registry.readers())
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_DELIMS = [b"{", b"}", b'"', b",", b"\n", b"  - ", b"<", b">", b"[", b"]", b"@", b"%", b"\\", b"="]
_NASTY = [b"\x00", b"\x1b", b"\x15", b"\x02", b"\xff", b"\xfe", b"\xc3", b"\xe2\x80", b"\r",
          b"\xef\xbb\xbf", "\u202e".encode(), "e\u0301".encode(), "\ud7ff".encode(), b"\t"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["truncate", "delete", "double", "insert", "nasty", "flip",
                                   "dup-line", "drop-line"]))
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
