import pytest

from citeshift.formats.text.pages import is_article_number, normalize_pages, split_lost_dash


@pytest.mark.parametrize(("printed", "pages"), [
    ("91323", "913-923"), ("406", "40-46"), ("S637", "S63-S67"), ("51520", "515-520"),
    ("198207", "198-207"), ("127995", "1279-1295"), ("1932", "19-32"), ("1616", "161-166"),
    ("83101", "83-101"), ("119", "1-19"), ("17", "1-7"), ("1350540", "13505-13540"),
])
def test_lost_dash_is_restored(printed, pages):
    assert split_lost_dash(printed) == pages


@pytest.mark.parametrize("printed", ["62", "80", "100660", "102400"])
def test_no_plausible_split_keeps_the_number(printed):
    assert split_lost_dash(printed) is None


def test_apa_style_end_pages_are_printed_whole():
    assert split_lost_dash("913923", abbreviated=False) == "913-923"
    assert split_lost_dash("91323", abbreviated=False) is None


@pytest.mark.parametrize(("pages", "doi", "journal"), [
    ("e071828", None, None), ("CD011736", None, None), ("106", "10.1186/s12909-024-05038-5", None),
    ("8461", "10.34172/ijhpm.2024.8461", None), ("143", None, "BMC Med Res Methodol"),
    ("1380954", "10.3389/fphar.2024.1380954", None), ("100660", None, None),
])
def test_article_numbers_are_recognised(pages, doi, journal):
    assert is_article_number(pages, doi=doi, journal=journal)


def test_paginated_journal_is_not_an_article_number():
    assert not is_article_number("91323", doi="10.1097/ACM.0000000000003899", journal="Acad Med")


def test_nlm_abbreviated_range_expanded_and_reported():
    pages, message = normalize_pages("913-23.")
    assert pages == "913-923"
    assert message and "913-23" in message
    assert normalize_pages("pp. 77–101")[0] == "77-101"
    assert normalize_pages("e138")[1] is None
