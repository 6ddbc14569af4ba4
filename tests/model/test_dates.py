from __future__ import annotations

import pytest

from citeshift.model.dates import Date, date_or_literal, parse_date


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2019", [[2019]]),
        ("2019-03", [[2019, 3]]),
        ("2019-03-05", [[2019, 3, 5]]),
        ("2019-03-05T10:00:00Z", [[2019, 3, 5]]),
        ("2016/07/05/", [[2016, 7, 5]]),
        ("2016/07//", [[2016, 7]]),
        ("2016///Spring", [[2016]]),
        ("2021 Jun 1", [[2021, 6, 1]]),
        ("2016 Jul", [[2016, 7]]),
        ("June 1, 2021", [[2021, 6, 1]]),
        ("1 June 2021", [[2021, 6, 1]]),
        ("Dec. 19, 2024", [[2024, 12, 19]]),
        ("05.03.2019", [[2019, 3, 5]]),
        ("2019-03/2019-05", [[2019, 3], [2019, 5]]),
        ("1999-2001", [[1999], [2001]]),
        ("2010 Sep-Oct", [[2010, 9], [2010, 10]]),
        ("2010 Sep 3-5", [[2010, 9, 3], [2010, 9, 5]]),
        ("März 2020", [[2020, 3]]),
    ],
)
def test_parse_date_spellings(text, parts):
    date = parse_date(text)
    assert date is not None, text
    assert date.parts == parts


def test_season_and_circa():
    assert parse_date("Spring 2019").season == 1
    assert parse_date("2019-22").season == 2  # EDTF season code
    assert parse_date("c. 1850").circa is True
    assert parse_date("1850~").circa is True


@pytest.mark.parametrize("text", ["", "forthcoming", "n.d.", "2019-13-01", "in press"])
def test_not_a_date(text):
    assert parse_date(text) is None


def test_date_or_literal_keeps_text():
    assert date_or_literal("in press").literal == "in press"


def test_object_form_round_trip_and_numeric_strings():
    data = {"date-parts": [[2020, 3], [2020, 5]], "circa": True, "season": 2, "raw": "x"}
    assert Date.from_json(data).to_json() == data
    assert Date.from_json({"date-parts": [["2019", "03"]]}).parts == [[2019, 3]]


def test_edtf_string_form_is_written_back_as_a_string():
    date = Date.from_json("2024-03-05")
    assert date.parts == [[2024, 3, 5]]
    assert date.to_json() == "2024-03-05"
    date.parts = [[2025]]
    assert date.to_json() == {"date-parts": [[2025]]}


def test_to_iso():
    assert Date(parts=[[2019, 3, 5]]).to_iso() == "2019-03-05"
    assert Date(parts=[[2019, 3], [2019, 5]]).to_iso() == "2019-03/2019-05"
    assert Date(literal="x").to_iso() is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [("20-24 May 2019", [[2019, 5, 20], [2019, 5, 24]]),
     ("May 20-24, 2019", [[2019, 5, 20], [2019, 5, 24]]),
     ("July-August 1978", [[1978, 7], [1978, 8]]),
     ("Sep.-Oct. 2010", [[2010, 9], [2010, 10]])],
)
def test_day_and_month_ranges(text, parts):
    assert parse_date(text).parts == parts


def test_french_month_names_are_months():
    # "janvier" was missing from the table: "janvier 2011" did not parse
    assert parse_date("janvier 2011").parts == [[2011, 1]]
    assert parse_date("juillet 2011").parts == [[2011, 7]]
