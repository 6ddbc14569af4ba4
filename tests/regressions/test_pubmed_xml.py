"""PubMed XML inputs that once hung or lost records (found by tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_unclosed_articles_fail_one_by_one_and_neighbours_are_kept() -> None:
    # 2,000 "<PubmedArticle>" without a close: recovery counted lines from the start of the
    # file for each (quadratic)
    report = Report()
    items = api.read(REG / "pubmed-xml-many-unclosed-articles.xml", report=report)
    assert [i.vars.get("title") for i in items] == ["The article before", "The article after"]
    assert report.records_in == 2002 and report.records_failed == 2000
    failed = [d for d in report.errors if d.code == "read.failed"]
    assert (failed[0].record, failed[0].line) == (2, 4)
    assert (failed[-1].record, failed[-1].line) == (2001, 2003)
    assert "cut off" in failed[0].message


def test_dates_of_thousands_of_digits_are_no_dates() -> None:
    # a 20,000-digit <Year>, <Month> or <Day> reached int() (ValueError past 4,300 digits)
    report = Report()
    items = api.read(REG / "pubmed-xml-huge-number.xml", report=report)
    assert [i.vars.get("title") for i in items] == ["The article before", "Huge numbers",
                                                    "The article after"]
    assert "issued" not in items[1].vars
    assert report.records_failed == 0
