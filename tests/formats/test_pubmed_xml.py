"""PubMed XML: fixtures, MEDLINE conventions undone, types, safety, broken downloads, conformance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.formats.pubmed_xml.reader import PubmedXmlReader, strip_title, title_case_journal
from citeshift.model.item import Item
from citeshift.model.names import Name
from tests.conformance.compare import diff_items
from tests.conformance.ratchet import cases
from tests.formats.fixture_check import assert_reads_to_expected_csl_json
from tests.paths import FIXTURES

FIX = FIXTURES / "pubmed-xml"


def read(text: str, report: Report | None = None, **options: str) -> list[Item]:
    return list(PubmedXmlReader().read(text, name="p.xml", report=report or Report(), options=options))


def article(inner: str, pub_types: str = "Journal Article", journal: str = "") -> str:
    return ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
            f"<Journal>{journal}</Journal>{inner}<PublicationTypeList>"
            + "".join(f"<PublicationType>{p}</PublicationType>" for p in pub_types.split("|"))
            + "</PublicationTypeList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")


@pytest.mark.parametrize("path", sorted(FIX.glob("*.xml")), ids=lambda p: p.name)
def test_fixture_matches_expected_csl_json(path: Path) -> None:
    assert_reads_to_expected_csl_json(path)


def test_sniffing() -> None:
    reader = PubmedXmlReader()
    head = (FIX / "efetch-collective-author-equal-contrib.xml").read_text()[:500]
    assert reader.sniff(head) >= 0.9
    assert reader.sniff("<xml><records><record/></records></xml>") == 0
    assert registry.detect(head, "download.xml") == "pubmed-xml"


def test_collective_name_equal_contrib_orcid_and_initials() -> None:
    [item] = api.read(FIX / "efetch-collective-author-equal-contrib.xml", report=Report())
    assert item.names("author")[3] == Name(literal="C4591001 Clinical Trial Group")
    assert item.names("author")[0].given == "Fernando P."  # MEDLINE strips the period; put back
    assert item.names("author")[2].given == "N."  # initials only
    assert item.meta["equal-contrib"] == ["Polack, Fernando P.", "Thomas, Stephen J., Jr"]
    assert item.meta["orcid"] == {"Polack, Fernando P.": "0000-0001-2345-6789"}


def test_ids_come_from_the_article_not_its_references() -> None:
    [item] = api.read(FIX / "efetch-collective-author-equal-contrib.xml", report=Report())
    assert item["DOI"] == "10.1056/NEJMoa2034577"
    assert item["PMCID"] == "PMC7745181" and item["PMID"] == "33205991"


def test_titles_lose_medline_period_and_translation_brackets() -> None:
    assert strip_title("High-content screening.") == "High-content screening"
    assert strip_title("[Diagnosis of hypertension].") == "Diagnosis of hypertension"
    assert strip_title("Is it safe?") == "Is it safe?"
    assert strip_title("Vitamin D and the U.S.") == "Vitamin D and the U.S."
    [item] = read(article("<ArticleTitle/><VernacularTitle>Psykisk ohälsa.</VernacularTitle>"))
    assert item["title"] == "Psykisk ohälsa"


def test_journal_titles_are_title_cased_and_lose_place_qualifiers() -> None:
    assert title_case_journal("Nature chemical biology") == "Nature Chemical Biology"
    assert title_case_journal("bioRxiv : the preprint server for biology") == \
        "bioRxiv: The Preprint Server for Biology"
    assert title_case_journal("Journal of the Royal Statistical Society. Series C, Applied statistics") \
        == "Journal of the Royal Statistical Society. Series C, Applied Statistics"
    assert title_case_journal("eLife") == "eLife"
    journal = "<Title>Arthritis &amp; rheumatology (Hoboken, N.J.)</Title>"
    [item] = read(article("<ArticleTitle>T</ArticleTitle>", journal=journal))
    assert item["container-title"] == "Arthritis & Rheumatology"
    assert item["publisher-place"] == "Hoboken, N.J."
    [kept] = read(article("<ArticleTitle>T</ArticleTitle>", journal=journal),
                  **{"pubmed-journal-case": "as-is"})
    assert kept["container-title"] == "Arthritis & rheumatology"


def test_pages_expand_nlm_ranges() -> None:
    def pages(pgn: str) -> str:
        [item] = read(article(f"<ArticleTitle>T</ArticleTitle><Pagination><MedlinePgn>{pgn}</MedlinePgn>"
                              "</Pagination>"))
        return item["page"]
    assert pages("132-42") == "132-142"
    assert pages("S63-7; discussion S68") == "S63-S67; discussion S68"
    assert pages("e12516") == "e12516"
    [item] = read(article("<ArticleTitle>T</ArticleTitle><ELocationID EIdType=\"pii\">e42692</ELocationID>"))
    assert item["page"] == "e42692"  # an article number stands in for pages


@pytest.mark.parametrize(("types", "csl"), [
    ("Journal Article", "article-journal"),
    ("Preprint|Journal Article", "article"),
    ("Review|Journal Article", "article-journal"),
    ("Dataset", "dataset"),
    ("Congress", "paper-conference"),
    ("Comment", "article-journal"),
])
def test_publication_types_choose_the_csl_type(types: str, csl: str) -> None:
    [item] = read(article("<ArticleTitle>T</ArticleTitle>", pub_types=types))
    assert item.type == csl


def test_preprint_server_is_the_publisher() -> None:
    items = api.read(FIX / "preprint-biorxiv-and-bookshelf-chapter.xml", report=Report())
    preprint, chapter = items
    assert preprint["publisher"] == "bioRxiv: The Preprint Server for Biology"
    assert "container-title" not in preprint and preprint["number"] == "2023.02.07.527548"
    assert chapter.type == "chapter" and chapter["container-title"] == "GeneReviews<sup>®</sup>"
    assert [n.family for n in chapter.names("editor")] == ["Adam", "Feldman"]
    assert chapter["URL"] == "https://www.ncbi.nlm.nih.gov/books/NBK1116/"


def test_dates_medline_ranges_seasons_and_electronic_only() -> None:
    a, b = api.read(FIX / "medline-date-translated-title-incomplete-authors.xml", report=Report())
    assert a.date("issued").parts == [[1998, 12], [1999, 1]]
    assert a.etal == {"author"}  # AuthorList CompleteYN="N"
    assert b.date("issued").season == 1
    [c] = read(article("<ArticleTitle>T</ArticleTitle><ArticleDate><Year>2021</Year><Month>08</Month>"
                       "<Day>06</Day></ArticleDate>"))
    assert c.date("issued").parts == [[2021, 8, 6]]


def test_entities_and_external_dtd_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "s.txt"
    secret.write_text("SECRET-PUBMED")
    text = (f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file://{secret}">]>'
            + article("<ArticleTitle>A &x; B</ArticleTitle>"))
    [item] = read(text)
    assert "SECRET" not in json.dumps(item.to_json())


def test_truncated_download_reports_the_cut_article() -> None:
    report = Report()
    items = api.read(FIX / "truncated-download.xml", report=report)
    assert len(items) == 1 and report.records_failed == 1
    failed = [d for d in report.errors if d.code == "read.failed"]
    assert failed[0].line == 21 and "cut off" in failed[0].message
    assert report.records_in == 2


def test_other_xml_is_refused_clearly() -> None:
    report = Report()
    assert read("<root/>", report) == []
    assert report.records_failed == 1 and "not PubMed XML" in report.errors[0].message


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("zotero-pubmed-xml", "zotero/pubmed-xml", "[0-9][0-9][0-9]"))
def test_zotero_pubmed_xml_conformance(case: Path) -> None:
    items = api.read(case / "input.xml", fmt="pubmed-xml", report=Report())
    expected = json.loads((case / "expected.csl.json").read_text(encoding="utf-8"))
    problems = diff_items(items, expected)
    assert not problems, "\n".join(problems)
