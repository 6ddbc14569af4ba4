"""MEDLINE (.nbib) inputs that once hung (found by benchmarks/bench_robustness.py)."""

from __future__ import annotations

from citeshift import api
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_a_value_of_thousands_of_lines_is_joined_once() -> None:
    # each continuation line was appended with f"{value} {line}": quadratic
    items = api.read(REG / "nbib-many-continuation-lines.nbib")
    assert [i.vars.get("title") for i in items] == ["The record before", "The record after"]
    abstract = items[0].vars["abstract"]
    assert abstract.startswith("An abstract that goes on")
    assert abstract.count("that goes on for many lines") == 5000
