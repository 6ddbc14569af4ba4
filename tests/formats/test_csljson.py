from __future__ import annotations

import json

import pytest

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.formats.csljson.reader import CslJsonReader
from tests.paths import FIXTURES

CSL = FIXTURES / "csljson"


def _round_trip(path):
    report = Report()
    items = api.read(path, report=report)
    text = api.write(items, fmt="csl-json", report=report)
    return json.loads(text), report


def test_round_trip_is_exact_with_unknown_keys_under_custom():
    original = json.loads((CSL / "zotero-export-unicode.json").read_text(encoding="utf-8"))
    written, report = _round_trip(CSL / "zotero-export-unicode.json")
    assert len(written) == len(original)
    for before, after in zip(original, written, strict=False):
        unknown = {k: v for k, v in before.items() if k == "x-unknown-field"}
        expected = {k: v for k, v in before.items() if k not in unknown}
        if unknown:
            expected["custom"] = {**before.get("custom", {}), **unknown}
        assert after == expected
    assert [d.message for d in report.warnings] == ["unknown variable 'x-unknown-field' kept under custom"]


def test_written_output_reads_back_to_the_same_json():
    first, _ = _round_trip(CSL / "zotero-export-unicode.json")
    items = api.parse(json.dumps(first), fmt="csl-json")
    assert json.loads(api.write(items, fmt="csl-json")) == first


def test_non_ascii_is_written_as_utf8_not_escaped():
    text = api.write(api.read(CSL / "zotero-export-unicode.json"), fmt="csl-json")
    assert "Résilience" in text and "毛" in text and "\\u" not in text


def test_broken_item_is_reported_with_line_and_column_and_others_survive():
    report = Report()
    items = api.read(CSL / "broken-second-item.json", report=report)
    assert [i.id for i in items] == ["ok-1", "ok-3"]
    assert report.records_failed == 1
    (err,) = report.errors
    assert err.line == 3 and err.column == 35
    assert "item 2" in err.message
    assert report.records_in == 3


def test_items_carry_their_line_for_messages():
    items = api.read(CSL / "broken-second-item.json")
    assert [i.origin.line for i in items] == [2, 4]


def test_invalid_values_are_kept_and_reported():
    report = Report()
    items = api.read(CSL / "invalid-values.json", report=report)
    assert [i.id for i in items] == ["v1", "item-2"]
    assert items[0].custom == {"volume": ["12"], "foo": "bar"}
    assert report.records_failed == 1  # the string
    codes = {d.code for d in report.warnings}
    assert codes == {"csl-json.validate"}


def test_single_object_and_id_keyed_object_are_accepted():
    one = api.parse('{"id": "x", "type": "book"}', fmt="csl-json")
    assert [i.id for i in one] == ["x"]
    keyed = api.parse('{"a": {"type": "book"}, "b": {"type": "report"}}', fmt="csl-json")
    assert [(i.id, i.type) for i in keyed] == [("a", "book"), ("b", "report")]


def test_unclosed_array_is_an_error_but_items_are_kept():
    report = Report()
    items = api.parse('[{"id": "x", "type": "book"}', fmt="csl-json", report=report)
    assert [i.id for i in items] == ["x"]
    assert "not closed" in report.errors[0].message


def test_empty_input_warns():
    report = Report()
    assert api.parse("   ", fmt="csl-json", report=report) == []
    assert report.warnings[0].code == "empty"


@pytest.mark.parametrize(
    ("head", "confident"),
    [('[\n  {\n    "id": "a"', True), ('{"type": "book"}', True), ("@article{x,", False),
     ("TY  - JOUR", False), ('["just", "strings"]', False)],
)
def test_sniff(head, confident):
    assert (CslJsonReader().sniff(head) >= 0.5) is confident


def test_csl_yaml_reads_pandoc_references():
    items = api.read(CSL / "pandoc-references.yaml")
    assert len(items) == 1
    item = items[0]
    assert item.id == "doe2019"
    assert item.date("issued").parts == [[2019, 3, 5]]
    assert item.names("author")[0].family == "Doe"


def test_csl_yaml_round_trip():
    items = api.read(CSL / "zotero-export-unicode.json")
    text = api.write(items, fmt="csl-yaml")
    back = api.parse(text, fmt="csl-yaml")
    assert [i.to_json() for i in back] == [i.to_json() for i in items]
