"""CSL-JSON and CSL-YAML inputs that once crashed, hung or lost items (found by tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_deeply_nested_item_fails_alone() -> None:
    # 5,000 nested arrays in one item: json's recursive decoder raised RecursionError
    report = Report()
    items = api.read(REG / "csl-json-deep-nesting.json", report=report)
    assert [i.id for i in items] == ["before", "after"]
    assert report.records_in == 3 and report.records_failed == 1
    (error,) = report.errors
    assert error.line == 2 and "nested too deeply" in error.message


def test_many_broken_items_each_reported_with_its_line() -> None:
    # 5,000 broken items: json's error counted the lines of the whole file before each
    # one (quadratic: 200,000 took minutes)
    report = Report()
    items = api.read(REG / "csl-json-many-broken-items.json", report=report)
    assert [i.id for i in items] == ["before", "after"]
    assert report.records_in == 5002 and report.records_failed == 5000
    failed = [d for d in report.errors if d.code == "read.failed"]
    assert [d.line for d in failed] == list(range(2, 5002))
    assert all(d.column == 2 for d in failed)


def test_yaml_alias_bomb_and_self_reference_fail_alone() -> None:
    # a "billion laughs" of aliases (9^9 strings) and an alias of itself: the conversion of
    # YAML values copied every alias (exponential, or RecursionError for the loop)
    report = Report()
    items = api.read(REG / "csl-yaml-alias-bomb.yaml", report=report)
    assert [i.id for i in items] == ["before", "after"]
    assert report.records_failed == 2
    assert all("aliases expand" in d.message for d in report.errors)


def test_damaged_source_fields_are_reported_and_the_good_ones_kept() -> None:
    # atheris: custom.citeshift.source.fields holding a one-element list raised ValueError
    report = Report()
    items = api.read(REG / "csl-json-bad-source-fields.json", report=report)
    assert [i.id for i in items] == ["before", "damaged", "not-a-list", "after"]
    assert items[1].source.fields == [("N1", "kept")]
    assert items[2].source.fields == []
    problems = [d for d in report.warnings if "source.fields" in d.message]
    assert [d.item_id for d in problems] == ["damaged", "not-a-list"]
    assert "4 entries" in problems[0].message
    # and the input atheris found reads without an exception, counts adding up
    report = Report()
    found = api.read(REG / "csl-json-bad-source-fields-atheris.json", report=report)
    assert len(found) == report.records_in - report.records_failed == 1


def test_yaml_dates_are_read_as_text_even_impossible_ones() -> None:
    # atheris: "issued: 2019-03-45" made YAML's timestamp constructor raise ValueError
    # (not a YAMLError), which escaped the reader
    report = Report()
    items = api.read(REG / "csl-yaml-impossible-date.yaml", report=report)
    assert [i.id for i in items] == ["before", "impossible", "after"]
    assert items[0].vars["accessed"].parts == [[2019, 3, 5]]
    assert items[1].vars["issued"].to_json() == "2019-02-30"  # kept as written
    report = Report()
    found = api.read(REG / "csl-yaml-impossible-date-atheris.yaml", fmt="csl-yaml", report=report)
    assert len(found) == 1 and found[0].vars["issued"].literal == "2019-03-45"


def test_numbers_of_thousands_of_digits_fail_their_item_alone() -> None:
    # json raises a plain ValueError (not JSONDecodeError) for a 20,000-digit number; a
    # date part given as such a string reached int() too; YAML's int() the same
    report = Report()
    items = api.read(REG / "csl-json-huge-number.json", report=report)
    assert [i.id for i in items] == ["before", "huge-text", "after"]
    (error,) = report.errors
    assert error.line == 2 and "unreadable value" in error.message
    report = Report()
    items = api.read(REG / "csl-yaml-huge-number.yaml", report=report)
    assert [i.id for i in items] == ["before", "after"] and report.records_failed == 1


def test_many_records_sharing_one_id_are_renamed_in_linear_time(tmp_path) -> None:
    # merging inputs made ids unique by probing "-2", "-3", ... from the start for each
    # record (quadratic for a file whose 3,000 items share one id)
    report = Report()
    out = tmp_path / "out.json"
    api.convert([REG / "csl-json-many-duplicate-ids.json"], to="csl-json", output=out,
                report=report)
    import json

    ids = [item["id"] for item in json.loads(out.read_text())]
    assert ids[:3] == ["same", "same-2", "same-3"] and ids[-1] == "same-3000"
    assert len(set(ids)) == 3000
    assert sum(d.code == "duplicate-id" for d in report.warnings) == 2999
