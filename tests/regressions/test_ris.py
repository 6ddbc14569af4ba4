"""RIS inputs that once hung (found by benchmarks/bench_robustness.py and tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_many_records_by_one_author_in_one_year_get_numbered_ids() -> None:
    # 3,000 records keyed "smith2020": each new id was probed from "-2" up (quadratic; a
    # 1 MB file took 17 s and 1,000,000 records would never have finished), and the
    # BibTeX writer probed its key suffixes "a", "b", ... from the start the same way
    report = Report()
    items = api.read(REG / "ris-many-records-same-author-year.ris", report=report)
    assert len(items) == 3000 and report.records_failed == 0
    ids = [i.id for i in items]
    assert ids[:3] == ["smith2020", "smith2020-2", "smith2020-3"]
    assert ids[-1] == "smith2020-3000" and len(set(ids)) == 3000
    text = api.write(items, fmt="bibtex")
    keys = [line.split("{", 1)[1].rstrip(",") for line in text.splitlines()
            if line.startswith("@")]
    assert len(set(k.lower() for k in keys)) == 3000
    assert [i.id for i in api.parse(text, fmt="bibtex")] == keys
