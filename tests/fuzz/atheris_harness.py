"""Coverage-guided fuzzing of every reader with atheris (a long run, outside CI).

    pip install atheris
    python tests/fuzz/atheris_harness.py -atheris_runs=200000          # all readers
    python tests/fuzz/atheris_harness.py -max_total_time=600 .fuzz-corpus

The first byte of each input picks the reader, the rest is the file. The corpus
is seeded from ``fixtures/`` (written to ``.fuzz-corpus/`` on first use). A crash
(any exception escaping a reader, or a broken invariant from ``invariants.py``)
stops the run and leaves ``crash-*`` files: copy each into
``fixtures/regressions/`` with a test before fixing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from citeshift import registry
    from tests.fuzz.invariants import read_checked
    from tests.fuzz.seeds import seeds_by_format

    READERS = sorted(registry.readers())  # loads (and so instruments) every reader plugin


def seed_corpus(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    if any(folder.iterdir()):
        return
    for fmt, seeds in seeds_by_format().items():
        index = READERS.index(fmt)
        for n, data in enumerate(seeds):
            (folder / f"{fmt}-{n}").write_bytes(bytes([index]) + data)


def one_input(data: bytes) -> None:
    if not data:
        return
    fmt = READERS[data[0] % len(READERS)]
    read_checked(fmt, data[1:])


def main() -> None:
    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = REPO / ".fuzz-corpus"
        seed_corpus(corpus)
        args.append(str(corpus))
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
