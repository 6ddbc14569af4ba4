"""Refer / EndNote tagged: both dialects, the writer, round trips and conformance."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.formats.refer import tags
from citeshift.formats.refer.reader import ReferReader
from citeshift.formats.refer.writer import ReferWriter
from citeshift.model import vocab
from citeshift.model.item import Item
from citeshift.model.names import Name
from tests.conformance.compare import diff_items
from tests.conformance.ratchet import cases
from tests.formats import endnote_strategies as strat
from tests.formats.fixture_check import assert_reads_to_expected_csl_json
from tests.formats.roundtrip import round_trip as shared_round_trip
from tests.paths import FIXTURES

FIX = FIXTURES / "refer"
INPUTS = sorted(p for p in FIX.iterdir() if p.suffix in (".enw", ".refer"))


def read(text: str, report: Report | None = None) -> list[Item]:
    return list(ReferReader().read(text, name="t.enw", report=report or Report()))


def write(items: list[Item], report: Report | None = None) -> str:
    out = io.StringIO()
    ReferWriter().write(items, out, report=report or Report())
    return out.getvalue()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_fixture_matches_expected_csl_json(path: Path) -> None:
    assert_reads_to_expected_csl_json(path)


def test_sniffing_is_precise() -> None:
    reader = ReferReader()
    assert reader.sniff("%0 Journal Article\n%A Smith, J.\n") >= 0.9
    assert reader.sniff("%A Brian W. Kernighan\n%T The C Programming Language\n") >= 0.5
    assert reader.sniff("100% sure\n%A x") == 0
    assert reader.sniff("TY  - JOUR\nAU  - Smith\n") == 0
    assert registry.detect("%0 Book\n%T T\n", "refs.txt") == "refer"
    assert registry.get_reader("enw").name == registry.get_reader("endnote").name == "refer"


def test_r_is_a_doi_in_endnote_and_a_report_number_in_refer() -> None:
    tagged, classic = read("%0 Journal Article\n%R 10.1000/xyz\n%J J\n\n%R TR-42\n%T Report\n")
    assert tagged["DOI"] == "10.1000/xyz"
    assert classic.type == "report" and classic["number"] == "TR-42"


def test_classic_editor_marker_and_corporate_author() -> None:
    [item] = read("%A Julius Caesar\n%A Homerus, (eds)\n%Q Senatus Populusque Romanus\n%T T\n")
    assert [n.display() for n in item.names("editor")] == ["Caesar, Julius", "Homerus"]
    assert item.names("author") == [Name(literal="Senatus Populusque Romanus")]


def test_classic_type_is_guessed_from_tags() -> None:
    items = read("%J Nature\n%T a\n\n%B Book\n%T b\n\n%I Pub\n%T c\n\n%T d\n")
    assert [i.type for i in items] == ["article-journal", "chapter", "book", "document"]


def test_thesis_degree_in_volume_is_the_genre_unless_a_type_is_given() -> None:
    a, b = read("%0 Thesis\n%V PhD thesis\n\n%0 Thesis\n%9 Dissertation\n%V Ph.D.\n")
    assert a["genre"] == "PhD thesis"
    assert b["genre"] == "Dissertation" and ("volume", "Ph.D.") in b.source.fields


def test_continuation_lines_and_keywords() -> None:
    [item] = read("%0 Journal Article\n%T A long\ntitle\n%X First line.\nSecond line.\n"
                  "%K alpha\nbeta, gamma\n%K delta\n")
    assert item["title"] == "A long title"
    assert item["abstract"] == "First line.\nSecond line."
    assert item["keyword"] == "alpha; beta, gamma; delta"


def test_two_type_lines_warn_and_stray_lines_are_kept() -> None:
    report = Report()
    [item] = read("%0 Serial\n%0 Audio\n%T Podcast\n", report)
    assert item.type == "song"
    assert any(d.code == "refer.type" for d in report.warnings)
    report = Report()
    items = api.parse("just some text\n\n%0 Book\n%T T\n", fmt="refer", report=report)
    assert len(items) == 1 and report.records_failed == 1
    assert report.records_in == 2


def test_unknown_tags_are_kept_and_written_back() -> None:
    [item] = read("%0 Book\n%T T\n%Ω odd\n")
    assert ("%Ω", "odd") in item.source.fields
    assert "%Ω odd" in write([item])


# -- writer -----------------------------------------------------------------------------------

def test_writer_layout() -> None:
    items = [
        Item(id="a", type="article-journal", vars={
            "title": "On <i>Homo</i>", "container-title": "Nature", "DOI": "10.1/x",
            "author": [Name(family="Darwin", given="Charles"), Name(literal="Royal Society")],
            "keyword": "a, b", "issued": strat.Date(parts=[[1859, 11, 24]])}),
        Item(id="b", type="book", vars={"title": "B", "editor": [Name(family="Eco", given="U.")]}),
    ]
    report = Report()
    text = write(items, report)
    first, second = text.split("\n\n")
    lines = first.splitlines()
    assert lines[0] == "%0 Journal Article"
    assert "%A Darwin, Charles" in lines and "%A Royal Society," in lines
    assert "%J Nature" in lines and "%R 10.1/x" in lines
    assert "%T On Homo" in lines
    assert [ln for ln in lines if ln.startswith("%K")] == ["%K a", "%K b"]
    assert "%D 1859" in lines and "%8 1859-11-24" in lines
    assert second.splitlines()[:2] == ["%0 Book", "%E Eco, U."]
    assert any("markup" in d.message for d in report.warnings if d.code == "lossy")


def test_writer_reports_what_it_cannot_hold() -> None:
    report = Report()
    write([Item(id="a", type="article-journal", vars={"title": "T", "original-title": "O"})], report)
    assert [d.message.split(" ")[0] for d in report.warnings if d.code == "lossy"] == ["original-title"]


@pytest.mark.parametrize("csl_type", sorted(vocab.ITEM_TYPES))
def test_round_trip_keeps_every_variable_the_tagged_format_can_hold(csl_type: str) -> None:
    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strat.items_for(csl_type, markup=False,
                           fields=set(tags.FIELD_TAGS) | set(tags.FIELD_TAG_FALLBACK)))
    def run(item: Item) -> None:
        [back] = read(write([item]))
        assert back.type == strat.expected_type(csl_type)
        assert strat.comparable(back) == strat.comparable(item)

    run()


# -- conformance --------------------------------------------------------------------------------

def _check(items: list[Item], case: Path) -> None:
    expected = json.loads((case / "expected.csl.json").read_text(encoding="utf-8"))
    problems = diff_items(items, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("zotero-refer-bibix", "zotero/refer-bibix", "[0-9][0-9][0-9]"))
def test_zotero_refer_bibix_conformance(case: Path) -> None:
    _check(api.read(case / "input.txt", fmt="refer", report=Report()), case)


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("citation-js-refer", "citation-js/refer", "[0-9][0-9][0-9]-*"))
def test_citation_js_refer_conformance(case: Path) -> None:
    _check(api.read(case / "input.txt", fmt="refer", report=Report()), case)


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("citation-js-enw", "citation-js/enw", "[0-9][0-9][0-9]-*"))
def test_citation_js_enw_conformance(case: Path) -> None:
    _check(api.read(case / "input.enw", fmt="refer", report=Report()), case)


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("citation-js-refer-roundtrip", "citation-js/refer", "[0-9][0-9][0-9]-*"))
def test_citation_js_refer_survives_our_writer(case: Path) -> None:
    """The expected items, written by us and read back, are still the expected items."""
    expected = api.read(case / "expected.csl.json", fmt="csl-json", report=Report())
    _check(read(write(expected)), case)


def test_etal_and_organisations_survive_the_tagged_format() -> None:
    item = Item(id="a", type="report", vars={
        "title": "T", "author": [Name(literal="Procter, Gamble & Co."), Name(family="Li", given="Wei")]},
        etal={"author"})
    [back] = read(write([item]))
    assert back.names("author") == item.names("author")
    assert back.etal == {"author"}


def test_a_second_journal_title_is_kept_through_a_round_trip() -> None:
    [item] = read("%0 Journal Article\n%T T\n%J 现代情报\n%J JOURNAL OF MODERN INFORMATION\n")
    assert item["container-title"] == "现代情报"
    [back] = read(write([item]))
    assert back["container-title"] == "现代情报"
    assert ("full-title", "JOURNAL OF MODERN INFORMATION") in back.source.fields


def test_bom_option_for_endnote_on_windows() -> None:
    out = io.StringIO()
    ReferWriter().write([Item(id="a", type="book", vars={"title": "Ærø"})], out, report=Report(),
                        options={"bom": "true"})
    assert out.getvalue().startswith("\ufeff%0 Book\n")
    assert read(out.getvalue())[0]["title"] == "Ærø"


def test_type_names_in_any_case_and_untagged_lines_kept() -> None:
    report = Report()
    [item] = read("stray words\n%0 book\n%E Eco, Umberto\n%T T\n", report)
    assert item.type == "book" and [n.family for n in item.names("editor")] == ["Eco"]
    assert ("untagged-line", "stray words") in item.source.fields
    assert [d.line for d in report.warnings if d.code == "refer.stray"] == [1]


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases("citation-js-enw-roundtrip", "citation-js/enw", "[0-9][0-9][0-9]-*"))
def test_citation_js_enw_survives_our_writer(case: Path) -> None:
    """Each case read, written as .enw by us and read back still matches the expectation."""
    items = api.read(case / "input.enw", fmt="refer", report=Report())
    _check(read(write(items)), case)


@pytest.mark.parametrize(("text", "parts"), [
    ("July-August 1978", [[1978, 7], [1978, 8]]),
    ("2000 october 10", [[2000, 10, 10]]),
    ("32", [[32]]),
    ("June 1978", [[1978, 6]]),
])
def test_refer_dates(text: str, parts: list[list[int]]) -> None:
    [item] = read(f"%D {text}\n%T t\n")
    assert item.date("issued").parts == parts


# -- round trips the writer fuzzing found silent (issue 9) -------------------------------------

def round_trip(item: Item) -> tuple[Item, list[str], str]:
    """(item read back, variables reported lossy, the tagged text)."""
    return shared_round_trip("refer", item)


def test_no_break_spaces_and_line_separators_are_content() -> None:
    item = Item(id="x", type="book", vars={
        "title": "A\u00a0B", "publisher-place": "New\u00a0York", "language": "en\u00a0GB",
        "ISBN": "x\u00a0y", "note": "one\u2028two", "author": [Name(literal="Team\u00a0A")]})
    back, lossy, _ = round_trip(item)
    assert lossy == []
    for var in item.vars:
        assert back[var] == item[var], var


def test_markup_reported_per_variable_and_urls_written_as_they_are() -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={
        "title": "H<sub>2</sub>O", "URL": "https://x.org/<i>"}))
    assert "%T H2O\n" in text and lossy == ["title"]
    assert back["URL"] == "https://x.org/<i>"


def test_a_doi_that_is_not_one_is_reported_and_kept() -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "DOI": "see the publisher"}))
    assert "%R see the publisher\n" in text and lossy == ["DOI"]
    assert "DOI" not in back.vars
    assert back.source.fields == [("electronic-resource-num", "see the publisher")]
    report = Report()
    read("%0 Journal Article\n%T T\n%R see the publisher\n", report)
    assert [d.code for d in report.warnings] == ["endnote.identifier"]


def test_isbn_and_issn_in_one_field_reported_when_their_shape_does_not_tell() -> None:
    good = Item(id="x", type="book", vars={"title": "T", "ISBN": "978-0-306-40615-7",
                                           "ISSN": "0028-0836"})
    back, lossy, _ = round_trip(good)
    assert lossy == [] and (back["ISBN"], back["ISSN"]) == (good["ISBN"], good["ISSN"])
    _, lossy, _ = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "ISBN": ",", "ISSN": "c d"}))
    assert sorted(lossy) == ["ISBN", "ISSN"]


@pytest.mark.parametrize("name", [Name(family="Berg", non_dropping_particle="van der"),
                                  Name(family="Gogh", given="Vincent", non_dropping_particle="van")])
def test_particle_names_round_trip(name: Name) -> None:
    back, lossy, _ = round_trip(Item(id="x", type="book", vars={"title": "T", "author": [name]}))
    assert back["author"] == [name] and lossy == []


def test_a_name_that_changes_its_parts_is_reported() -> None:
    _, lossy, _ = round_trip(Item(id="x", type="book", vars={
        "title": "T", "author": [Name(family="Smith", given="John Jr.")]}))
    assert lossy == ["author"]  # "Smith, John Jr." reads back with the suffix Jr.


def test_runs_of_spaces_are_reported() -> None:
    back, lossy, _ = round_trip(Item(id="x", type="book", vars={"title": "A  b"}))
    assert back["title"] == "A b" and lossy == ["title"]
