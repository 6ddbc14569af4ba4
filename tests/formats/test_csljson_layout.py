"""The CSL-JSON writer's direct layout gives exactly the text json.dumps + compaction gave."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from citeshift import api
from citeshift.formats.csljson.layout import Unusual, item_text
from citeshift.formats.csljson.writer import _compact
from tests.paths import FIXTURES


def _reference(data: object, indent: int = 2) -> str:
    text = _compact(json.dumps(data, ensure_ascii=False, indent=indent))
    return "\n".join("  " + line for line in text.split("\n"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**12)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6),
       st.sampled_from([1, 2, 4]))
def test_same_text_as_json_dumps(data: dict, indent: int) -> None:
    assert item_text(data, indent) == _reference(data, indent)


def test_date_parts_and_numbers_on_one_line() -> None:
    data = {"id": "a", "issued": {"date-parts": [[2020, 3], [2020, 5]]}, "n": [1, -2],
            "flags": [True, 1], "empty": [[], []]}
    text = item_text(data)
    assert '"date-parts": [[2020, 3], [2020, 5]]' in text and '"n": [1, -2]' in text
    assert '"empty": [[], []]' in text
    assert text == _reference(data)


def test_line_separators_inside_strings_are_not_indented() -> None:
    data = {"id": "a", "title": "one\u2028two\x85three"}
    assert json.loads(item_text(data)) == data


def test_non_string_keys_fall_back() -> None:
    try:
        item_text({"custom": {1: "x"}})
    except Unusual:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected Unusual")
    text = api.write([api.parse('[{"id": "a", "type": "book"}]')[0]], fmt="csl-json")
    assert json.loads(text) == [{"id": "a", "type": "book"}]


def test_fixtures_round_trip_unchanged() -> None:
    for path in (FIXTURES / "csljson").glob("*.json"):
        items = api.read(path)
        text = api.write(items, fmt="csl-json")
        body = json.loads(text)
        assert [item_text(d) for d in body] == [_reference(d) for d in body]
