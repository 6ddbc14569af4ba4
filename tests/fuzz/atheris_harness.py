"""Coverage-guided fuzzing of the readers with atheris (a long run, outside CI).

    python tests/fuzz/atheris_harness.py -max_total_time=600                  # every reader
    python tests/fuzz/atheris_harness.py -format=bibtex -max_total_time=600   # one reader
    python tests/fuzz/atheris_harness.py -format=ris crash-1234abcd           # replay a crash
    python tests/fuzz/atheris_harness.py -stream -max_total_time=600          # streamed == whole

(``pip install '.[fuzz]'`` installs atheris.)

With ``-format=NAME`` the whole input is a file for that reader and the corpus is
``.fuzz-corpus/NAME/``, seeded from every fixture that reader detects. Without it,
the first byte of each input picks the reader (in the sorted order of the installed
readers) and the corpus is ``.fuzz-corpus/all/``. Both folders are git-ignored and
seeded from ``fixtures/`` on first use. ``-max_len`` defaults to 16384 so that the
fixtures are not cut. Any other libFuzzer flag passes through (``-jobs``,
``-rss_limit_mb``, ``-timeout`` ...).

With ``-stream`` each input is a BibTeX, RIS or MEDLINE file (its first byte picks
which, the next two the piece and block sizes) read whole and a piece at a time, as
``citeshift convert`` reads big files; any difference in items, counts or messages
is a crash (``invariants.stream_matches_whole``; corpus ``.fuzz-corpus/stream/``).

A crash (an exception escaping a reader, a broken invariant from ``invariants.py``,
or a timeout, which is a hang) stops the run and leaves a ``crash-*`` /
``timeout-*`` file: copy it to ``fixtures/regressions/<format>-<what>.<ext>``, add a
test in ``tests/regressions/test_<format>.py`` asserting the right behaviour, and
fix the reader.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from citeshift import registry, split
    from tests.fuzz.invariants import read_checked, stream_matches_whole
    from tests.fuzz.seeds import seeds_by_format

    READERS = sorted(registry.readers())  # loads (and so instruments) every reader plugin
    STREAMED = sorted(fmt for fmt in split.BOUNDARIES if fmt in READERS)

#: the reader being fuzzed alone (``-format=NAME``), or None for all of them
ONLY: str | None = None
#: ``-stream``: compare streamed and whole readings instead
STREAM = False
#: where a streamed input is written (the streaming path reads files)
_STREAM_FILE = Path(tempfile.gettempdir()) / "citeshift-atheris-stream.in"


def seed_corpus(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return
    for fmt, seeds in seeds_by_format().items():
        if (ONLY is not None and fmt != ONLY) or (STREAM and fmt not in STREAMED):
            continue
        for n, data in enumerate(seeds):
            if STREAM:
                prefix = bytes([STREAMED.index(fmt), 20, 40])
            else:
                prefix = b"" if ONLY is not None else bytes([READERS.index(fmt)])
            (folder / f"seed-{fmt}-{n}").write_bytes(prefix + data)


def one_input(data: bytes) -> None:
    if STREAM:
        if len(data) < 3:
            return
        _STREAM_FILE.write_bytes(data[3:])
        stream_matches_whole(STREAMED[data[0] % len(STREAMED)], str(_STREAM_FILE),
                             piece=1 + data[1] * 16, block=16 + data[2] * 16)
        return
    if ONLY is not None:
        read_checked(ONLY, data)
        return
    if not data:
        return
    read_checked(READERS[data[0] % len(READERS)], data[1:])


def main() -> None:
    global ONLY, STREAM
    args = [sys.argv[0]]
    for arg in sys.argv[1:]:
        if arg.startswith("-format="):
            ONLY = registry.get_reader(arg.split("=", 1)[1]).name
        elif arg == "-stream":
            STREAM = True
        else:
            args.append(arg)
    if not any(a.startswith("-max_len=") for a in args):
        args.append("-max_len=16384")
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = REPO / ".fuzz-corpus" / ("stream" if STREAM else ONLY or "all")
        seed_corpus(corpus)
        args.append(str(corpus))
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
