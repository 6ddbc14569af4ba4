"""PubMed/MEDLINE (.nbib) reader and the small writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.formats.nbib.reader import parse_medline_name, publication_type, strip_title_period
from citeshift.model.names import Name
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
