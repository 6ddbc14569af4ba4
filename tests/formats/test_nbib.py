"""PubMed/MEDLINE (.nbib) reader and the small writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.formats.nbib.reader import parse_medline_name, publication_type, strip_title_period
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from tests.formats.roundtrip import round_trip as shared_round_trip
from tests.paths import FIXTURES

FILES = sorted(p for p in (FIXTURES / "nbib").iterdir() if p.suffix in (".nbib", ".txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fixture_reads_to_expected_csl_json(path: Path) -> None:
    report = Report()
    items = api.read(path, report=report)
    expected = json.loads(path.with_suffix(".csl.json").read_text(encoding="utf-8"))
    assert [i.to_json() for i in items] == expected
    assert report.records_failed == 0 and not report.warnings


def test_txt_export_detected_by_content() -> None:
    path = FIXTURES / "nbib" / "pubmed-saved-as-txt.txt"
    assert registry.detect(path.read_text(encoding="utf-8"), str(path)) == "nbib"


def test_medline_without_pmid_first_is_not_ris() -> None:
    text = "\nOWN - ERIC\nTI  - A report\nAU  - Doe, Jane\nJT  - Publisher\nPT  - Books\n"
    assert registry.detect(text, "export.txt") == "nbib"


def test_article_fields() -> None:
    item = api.read(FIXTURES / "nbib" / "pubmed-article-fau-pages-doi.nbib")[0]
    assert item["page"] == "913-923"  # NLM's abbreviated range expanded
    assert item["DOI"] == "10.1038/s41586-019-1234-5"
    assert item["title"].endswith("ends with a period")  # MEDLINE's final period removed
    assert item["container-title"] == "Nature" and item["container-title-short"] == "Nature"
    assert item["issued"].parts == [[2019, 6, 1]]
    assert item["PMID"] == "31234567" and item["PMCID"] == "PMC6543210"
    assert item["ISSN"] == "1476-4687 0028-0836"
    first, _, third, org = item.names("author")
    assert (first.non_dropping_particle, first.family, first.given) == ("van der", "Berg",
                                                                        "Anna M.")
    assert (third.given, third.suffix) == ("J. Robert", "Jr")
    assert org == Name(literal="Example Consortium")


def test_au_used_when_fau_missing_and_et_al() -> None:
    text = ("PMID- 1\nTI  - T.\nFAU - Lee, Min-Jun\nAU  - Lee MJ\nAU  - Park JY\n"
            "AU  - et al.\nDP  - 2016 Jul\n")
    item = api.parse(text, fmt="nbib")[0]
    assert [n.display() for n in item.names("author")] == ["Lee, Min-Jun", "Park, J. Y."]
    assert item.etal == {"author"}
    assert item["issued"].parts == [[2016, 7]]


def test_book_chapter() -> None:
    item = api.read(FIXTURES / "nbib" / "pubmed-book-chapter.nbib")[0]
    assert item.type == "chapter"
    assert item["container-title"] == "Cancer Syndromes"
    assert [n.family for n in item.names("editor")] == ["Riegert-Johnson", "Boardman"]
    assert item["publisher-place"] == "Bethesda (MD)"


@pytest.mark.parametrize(("title", "clean"), [("A title.", "A title"), ("Why?", "Why?"),
                                              ("Wait...", "Wait..."), ("Vitamin D.", "Vitamin D.")])
def test_title_period(title: str, clean: str) -> None:
    assert strip_title_period(title) == clean


def test_names_and_types() -> None:
    assert parse_medline_name("Wong Kee Song LM") == Name(family="Wong Kee Song", given="L. M.")
    assert publication_type(["Review", "Book Chapter"]) == "chapter"
    assert publication_type(["Journal Articles", "Reports - Research"]) == "article-journal"
    assert publication_type(["Comment"]) == "article-journal"


def test_bad_record_reported_others_read() -> None:
    report = Report()
    text = "PMID- 1\nTI  - Good.\n\nthis is not a field\n\nPMID- 2\nTI  - Also good.\n"
    items = api.parse(text, fmt="nbib", name="x.nbib", report=report)
    assert [i["title"] for i in items] == ["Good", "Also good"]
    assert report.records_failed == 1 and report.errors[0].line == 4


def test_writer_round_trip() -> None:
    items = api.read(FIXTURES / "nbib" / "pubmed-article-fau-pages-doi.nbib")
    report = Report()
    text = api.write(items, fmt="nbib", report=report)
    assert isinstance(text, str)
    assert "FAU - van der Berg, Anna M.\n" in text and "AU  - van der Berg AM\n" in text
    back = api.parse(text, fmt="nbib")
    for a, b in zip(items, back, strict=True):
        for var in ("title", "page", "DOI", "PMID", "volume", "issue", "container-title",
                    "ISSN", "PMCID"):
            assert a.get(var) == b.get(var), var
        assert [n.display() for n in a.names("author")] == [n.display() for n in b.names("author")]
        assert a["issued"].parts == b["issued"].parts
        assert a.get("available-date") == b.get("available-date")
    assert not [d.message for d in report.diagnostics if d.code == "lossy"]


def test_writer_reports_what_it_cannot_write_and_wraps_long_lines() -> None:
    from citeshift.model.item import Item

    item = Item(id="x", type="article-journal", vars={
        "title": "A title " + "that goes on " * 12, "dimensions": "3 cm", "ISSN": "0028-0836 1476-4687"})
    report = Report()
    text = api.write([item], fmt="nbib", report=report)
    assert isinstance(text, str)
    assert [d.message for d in report.diagnostics if d.code == "lossy"] == [
        "dimensions cannot be written to nbib (the nbib writer writes PubMed's own fields only)"]
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "IS  - 0028-0836\nIS  - 1476-4687\n" in text
    back = api.parse(text, fmt="nbib")[0]
    assert back["title"] == " ".join(item["title"].split())


# -- round trips the writer fuzzing found silent (issue 9) -------------------------------------

def round_trip(item: Item) -> tuple[Item, list[str], str]:
    """(item read back, variables reported lossy, the MEDLINE text)."""
    return shared_round_trip("nbib", item)


def test_no_break_spaces_are_content() -> None:
    item = Item(id="x", type="book", vars={
        "title": "A\u00a0B", "abstract": "x\u00a0y", "container-title": "J\u00a0K",
        "language": "en\u00a0GB", "ISBN": "1\u00a02", "publisher-place": "New\u00a0York",
        "author": [Name(literal="Team\u00a0A")]})
    back, lossy, _ = round_trip(item)
    assert lossy == []
    for var in item.vars:
        assert back[var] == item[var], var


@pytest.mark.parametrize(("parts", "dp"), [
    ([[1844, 11, 28], [1847]], "1844 Nov 28-1847"),
    ([[1998, 12], [1999, 1]], "1998 Dec-1999 Jan"),
    ([[1999, 1], [1999, 2]], "1999 Jan-1999 Feb"),
])
def test_date_ranges_keep_their_end(parts: list[list[int]], dp: str) -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "issued": Date(parts=parts)}))
    assert f"DP  - {dp}\n" in text and lossy == []
    assert back["issued"].parts == parts


@pytest.mark.parametrize(("title", "written"), [
    ("A title", "A title."), ("Vitamin A", "Vitamin A"), ("Why?", "Why?"), ("U.S.", "U.S.")])
def test_titles_gain_no_period_they_keep(title: str, written: str) -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={"title": title}))
    assert f"TI  - {written}\n" in text
    assert back["title"] == title and lossy == []


def test_a_title_with_a_period_of_its_own_is_reported() -> None:
    back, lossy, _ = round_trip(Item(id="x", type="article-journal", vars={"title": "Ends."}))
    assert back["title"] == "Ends" and lossy == ["title"]


def test_what_readers_take_apart_is_reported() -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "ISSN": "not an issn", "publisher-place": "Paris",
        "DOI": "10.1000/xyz,", "abstract": "H<sub>2</sub>O"}))
    assert sorted(lossy) == ["DOI", "ISSN", "abstract", "publisher-place"]
    assert "PL  - Paris\n" in text and back.source.fields[-1] == ("PL", "Paris")
    assert back["DOI"] == "10.1000/xyz" and back["abstract"] == "H2O"


def test_types_and_editors_read_back_as_written() -> None:
    back, lossy, _ = round_trip(Item(id="x", type="thesis", vars={
        "title": "T", "publisher-place": "Paris", "editor": [Name(literal="Board, The")],
        "author": [Name(family="Berg", non_dropping_particle="van der")]}))
    assert lossy == [] and back.type == "thesis" and back["publisher-place"] == "Paris"
    assert back["editor"] == [Name(literal="Board, The")] and "author" in back.vars
    assert back["author"] == [Name(family="Berg", non_dropping_particle="van der")]
    _, lossy, _ = round_trip(Item(id="x", type="map", vars={"title": "T"}))
    assert lossy == ["type"]
