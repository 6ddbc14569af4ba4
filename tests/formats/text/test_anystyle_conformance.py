"""AnyStyle's held-out gold references (never trained on), a sample kept fast; skipped when absent.

The full measure is ``python benchmarks/bench_text.py anystyle``; this guards against regressions.
"""

import json

import pytest

from citeshift.formats.text.fields import ListContext, Span, normalize
from citeshift.formats.text.labels import training_label
from citeshift.formats.text.parser import parse_reference
from citeshift.formats.text.score import Scores
from citeshift.formats.text.types import infer_type
from citeshift.model.item import Item
from tests.paths import CONFORMANCE

PARSER = CONFORMANCE / "anystyle" / "parser.jsonl"
FIELDS = ("author", "title", "container", "volume", "issue", "page", "year", "DOI", "URL", "publisher")


def _as_json(ctype, vars_):
    item = Item(id="x", type=ctype)
    item.vars.update(vars_)
    return item.to_json()


@pytest.mark.conformance
def test_anystyle_gold_sample_micro_f1():
    if not PARSER.exists():
        pytest.skip(f"{PARSER} not found")
    scores = Scores()
    n = 0
    with PARSER.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["set"] != "gold":
                continue
            spans, pos = [], 0
            for label, text in rec["sequence"]:
                spans.append(Span(training_label(label), text, pos, pos + len(text), 1.0))
                pos += len(text) + 1
            gold = normalize(spans, ListContext())
            got = parse_reference(rec["text"], ListContext())
            scores.add(rec["id"], _as_json(infer_type(gold), gold.vars), _as_json(got.type, got.parsed.vars),
                       FIELDS)
            n += 1
            if n == 400:
                break
    assert n == 400
    assert scores.micro.f1 >= 0.92, scores.table()
