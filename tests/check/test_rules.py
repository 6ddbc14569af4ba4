"""Per-record checks: required fields, identifiers with checksums, pages, years."""

from __future__ import annotations

from datetime import date

import pytest

from citeshift.check.required import REQUIRED
from citeshift.check.rules import Context, doi, isbn, issn, pages, pmid, required_fields, year
from citeshift.diagnostics import Severity
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.model.vocab import ITEM_TYPES

CTX = Context(today=date(2026, 11, 28))


def _codes(findings) -> list[tuple[str, str]]:
    return [(sev.value, code) for sev, code, _ in findings]


def test_required_table_uses_only_csl_types() -> None:
    assert set(REQUIRED) <= set(ITEM_TYPES)


def test_required_alternatives_and_severities() -> None:
    book = Item(id="b", type="book", vars={"title": "T", "editor": [Name(family="E")],
                                           "issued": Date(parts=[[2000]])})
    # editors stand in for authors; a missing publisher is only a warning
    assert [(s, m) for s, _, m in required_fields(book, CTX)] == [
        (Severity.WARNING, "book has no publisher")]
    empty_date = Item(id="x", type="article-journal", vars={
        "title": "T", "author": [Name(family="A")], "container-title": "J",
        "issued": Date(), "volume": "1", "page": ""})
    msgs = [m for _, _, m in required_fields(empty_date, CTX)]
    assert msgs == ["article-journal has no issued", "article-journal has no page or number"]
    other = Item(id="y", type="map", vars={})
    assert [m for _, _, m in required_fields(other, CTX)] == ["map has no title"]


@pytest.mark.parametrize(("value", "ok"), [
    ("10.1038/171737a0", True),
    ("https://doi.org/10.1038/171737a0", True),
    ("doi:10.1093/sleep/zsz123", True),
    ("10.1000", False),
    ("1038/171737a0", False),
])
def test_doi(value: str, ok: bool) -> None:
    item = Item(id="x", type="article", vars={"DOI": value})
    assert (list(doi(item, CTX)) == []) is ok


@pytest.mark.parametrize(("value", "errors"), [
    ("0-201-13447-0", 0),
    ("978-92-4-001313-1 (pbk.)", 0),
    ("0-201-13447-0; 978-0-306-40615-7", 0),
    ("978-0-306-40615-6", 1),  # last digit typed wrong
    ("0-201-13447-1 (hardback); 978-0-306-40615-7", 1),
    ("not given", 1),
])
def test_isbn_checksum(value: str, errors: int) -> None:
    item = Item(id="x", type="book", vars={"ISBN": value})
    assert len(list(isbn(item, CTX))) == errors


@pytest.mark.parametrize(("value", "errors"), [
    ("0028-0836", 0), ("0028-0836, 1476-4687", 0), ("2434-561X", 0),
    ("0028-0837", 1), ("28-836", 1),
])
def test_issn_checksum(value: str, errors: int) -> None:
    item = Item(id="x", type="article-journal", vars={"ISSN": value})
    assert len(list(issn(item, CTX))) == errors


def test_pmid_and_pmcid() -> None:
    good = Item(id="x", type="article", vars={"PMID": "13054692", "PMCID": "PMC1234567"})
    assert list(pmid(good, CTX)) == []
    bad = Item(id="x", type="article", vars={"PMID": "PMID 29395269", "PMCID": "PMC12a"})
    assert _codes(pmid(bad, CTX)) == [("error", "check.pmid"), ("error", "check.pmcid")]


@pytest.mark.parametrize(("value", "backwards"), [
    ("913-923", False), ("913-23", False), ("913–12", True), ("45--3", True),
    ("S63-7", False), ("S67-S63", True), ("e071828", False), ("xii-xv", False),
    ("1-3, 9-7", True), ("A5-B2", False),
])
def test_backwards_pages(value: str, backwards: bool) -> None:
    item = Item(id="x", type="article", vars={"page": value})
    assert bool(list(pages(item, CTX))) is backwards


def test_years() -> None:
    def at(y: int) -> list[tuple[str, str]]:
        return _codes(year(Item(id="x", type="article", vars={"issued": Date(parts=[[y]])}), CTX))

    assert at(2026) == []
    assert at(2027) == [("warning", "check.year.future")]  # in press
    assert at(2036) == [("error", "check.year.future")]
    assert at(1066) == [("warning", "check.year.implausible")]
