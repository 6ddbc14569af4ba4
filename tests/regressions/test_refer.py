"""Refer / EndNote tagged inputs that once hung or lost records (found by tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_many_type_lines_are_one_empty_record_reported() -> None:
    # 5,000 bare "%0" lines: the reader searched the whole block again at each one
    # (quadratic: a 1 MB file took minutes), and the block became an empty item silently
    report = Report()
    items = api.read(REG / "refer-many-type-lines.enw", report=report)
    assert [i.vars.get("title") for i in items] == ["The record before", "The record after"]
    assert report.records_in == 3 and report.records_failed == 1
    (error,) = report.errors
    assert error.line == 6 and "%0 line without a type" in error.message


def test_a_value_of_thousands_of_lines_is_joined_once() -> None:
    # each continuation line was appended with f"{value}\n{line}": quadratic (a 10 MB
    # file of untagged lines took minutes); the joined value must be the same
    items = api.read(REG / "refer-many-continuation-lines.enw")
    assert [i.vars.get("title") for i in items] == ["The record before", "The record after"]
    abstract = items[0].vars["abstract"]
    assert abstract.startswith("An abstract\nthat goes on") and abstract.count("\n") == 5000
