"""Train the plain-text reference labeller (a linear-chain CRF) on AnyStyle's labelled references.

Usage::

    python scripts/train_text_crf.py [--data ../shared/conformance/anystyle/parser.jsonl]
                                     [--out src/citeshift/formats/text/data/references.crfsuite]

Trains only on the ``good``, ``ugly`` and ``bad`` sets; ``gold`` and ``core``
are the evaluation sets (``benchmarks/bench_text.py``) and are never seen.
AnyStyle's data is BSD-2-Clause (c) Sylvester Keil; the shipped model is
derived from it, see ``src/citeshift/formats/text/data/LICENSE.anystyle-data``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import pycrfsuite

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from citeshift.formats.text.features import sequence_features  # noqa: E402
from citeshift.formats.text.labels import training_label  # noqa: E402
from citeshift.formats.text.tokens import tokenize  # noqa: E402

TRAIN_SETS = ("good", "ugly", "bad")
_YEAR_PIECE = re.compile(r"^[(\[]?(1[5-9]\d\d|20\d\d)[a-z]?[)\]]?;$")


def labelled_tokens(sequence: list[list[str]]) -> tuple[list[str], list[str]]:
    """Tokens and labels of one AnyStyle reference, tokenized exactly as the reader does."""
    words: list[str] = []
    labels: list[str] = []
    for label, segment in sequence:
        lab = training_label(label)
        for tok in tokenize(segment):
            # AnyStyle labels a compact "1994;2(4):" as volume; the year in it is a date
            labels.append("date" if lab == "volume" and _YEAR_PIECE.match(tok.text) else lab)
            words.append(tok.text)
    return words, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared/conformance/anystyle/parser.jsonl"))
    ap.add_argument("--out", default=str(REPO / "src/citeshift/formats/text/data/references.crfsuite"))
    ap.add_argument("--iterations", type=int, default=60)
    ap.add_argument("--c1", type=float, default=0.05, help="L1 penalty (sparser, smaller model)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--extra", action="append", default=[],
                    help="more training data: JSONL with the same 'sequence' layout")
    args = ap.parse_args()

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    sources = [(args.data, True), *[(p, False) for p in args.extra]]
    for path, filter_sets in sources:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if filter_sets and rec.get("set") not in TRAIN_SETS:
                    continue
                words, labels = labelled_tokens(rec["sequence"])
                if not words:
                    continue
                trainer.append(sequence_features(words), labels)
                n += 1
    trainer.set_params({
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": 2,
    })
    t0 = time.perf_counter()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(args.out)
    size = Path(args.out).stat().st_size
    print(f"trained on {n} references in {time.perf_counter() - t0:.0f} s -> {args.out} "
          f"({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
