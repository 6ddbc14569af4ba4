"""EndNote XML inputs that once hung or lost records (found by tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_unclosed_records_fail_one_by_one_and_neighbours_are_kept() -> None:
    # 2,000 "<record>" without "</record>": recovery searched to the end of the file for
    # each one ("<record>.*?</record>") and counted lines from the start (quadratic)
    report = Report()
    items = api.read(REG / "endnote-xml-many-unclosed-records.xml", report=report)
    assert [i.vars.get("title") for i in items] == ["The record before", "The record after"]
    assert report.records_in == 2002 and report.records_failed == 2000
    failed = [d for d in report.errors if d.code == "read.failed"]
    assert len(failed) == 2000
    # each failure names its record and the line where its piece breaks: record 2 starts
    # on line 4 and breaks at its end (line 5), record 2001 starts on line 2003
    assert (failed[0].record, failed[0].line) == (2, 5)
    assert (failed[-1].record, failed[-1].line) == (2001, 2004)
    assert items[1].origin.line == 2004
