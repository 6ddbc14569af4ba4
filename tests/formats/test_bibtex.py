"""BibTeX/BibLaTeX reader: every fixture against its expected CSL-JSON, and the diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.model.item import Item
from tests.paths import FIXTURES

BIB_FIXTURES = sorted((FIXTURES / "bibtex").glob("*.bib")) + sorted(
    (FIXTURES / "biblatex").glob("*.bib"))


def read(text: str, report: Report | None = None, name: str = "test.bib") -> list[Item]:
    return api.parse(text, fmt="bibtex", name=name, report=report or Report())


def read_fixture(path: Path, report: Report) -> list[Item]:
    return api.read(path, fmt="bibtex", report=report)


@pytest.mark.parametrize("path", BIB_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_matches_expected_csl_json(path: Path) -> None:
    expected = json.loads(path.with_suffix(".csl.json").read_text(encoding="utf-8"))
    items = read_fixture(path, Report())
    assert [it.to_json() for it in items] == expected


@pytest.mark.parametrize("path", BIB_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_is_detected_as_bibtex(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert registry.detect(text[:16384], str(path)) == "bibtex"


def test_counts_add_up_and_broken_entries_are_located() -> None:
    report = Report()
    items = read_fixture(FIXTURES / "bibtex" / "broken-entry.bib", report)
    assert [it.id for it in items] == ["good1", "good2", "good3"]
    assert report.records_failed == 2
    assert report.records_in == report.records_read + report.records_failed == 5
    errors = {d.line: d.message for d in report.errors}
    assert set(errors) == {7, 18}
    assert "@article{broken}" in errors[7] and "closing brace" in errors[7]
    assert "@article{nofield}" in errors[18] and "'='" in errors[18]
    assert all(d.file and d.file.endswith("broken-entry.bib") for d in report.errors)


def test_item_origin_is_the_entry_line() -> None:
    items = read_fixture(FIXTURES / "bibtex" / "broken-entry.bib", Report())
    assert [it.origin.line for it in items] == [1, 12, 24]


def test_commented_fields_do_not_break_entries() -> None:
    report = Report()
    items = read_fixture(FIXTURES / "bibtex" / "comments-in-entries.bib", report)
    assert len(items) == 2 and report.records_failed == 0
    assert "note" not in items[0] and "abstract" not in items[0]
    assert items[0]["volume"] == "95" and items[0]["page"] == "1"


def test_repeated_field_keeps_entry_and_reports() -> None:
    report = Report()
    (item,) = read_fixture(FIXTURES / "bibtex" / "repeated-fields.bib", report)
    assert item["keyword"] == "muon, spin"
    assert [n.family for n in item.names("editor")] == ["Roe"]
    assert ("Editor", "Poe, Edgar") in item.source.fields
    repeated = [d for d in report.warnings if d.code == "bibtex.repeated-field"]
    assert {d.line for d in repeated} == {8, 10}
    assert all(d.item_id == "repeat2010" for d in repeated)


def test_missing_comma_is_repaired_and_reported() -> None:
    report = Report()
    (item,) = read_fixture(FIXTURES / "bibtex" / "missing-comma.bib", report)
    assert [n.family for n in item.names("author")] == ["Huddart", "Lancaster"]
    assert item["keyword"].startswith("Muon-spin")
    (warning,) = [d for d in report.warnings if d.code == "repair.missing-comma"]
    assert warning.line == 4 and warning.item_id == "nocomma"


def test_duplicate_keys_are_reported_both_kept() -> None:
    report = Report()
    items = read_fixture(FIXTURES / "bibtex" / "duplicate-keys.bib", report)
    assert [it.id for it in items] == ["same", "Same"]
    (dup,) = [d for d in report.warnings if d.code == "bibtex.duplicate-key"]
    assert dup.line == 7 and "line 1" in dup.message


def test_crossref_to_missing_entry_is_reported() -> None:
    report = Report()
    items = read_fixture(FIXTURES / "bibtex" / "crossref.bib", report)
    assert items[0]["container-title"].startswith("Proceedings of the Seventh")
    assert items[0].date("issued").parts == [[1978, 10]]
    assert any(d.code == "bibtex.crossref" and "nowhere" in d.message for d in report.warnings)


def test_crossref_parent_before_child_and_chains() -> None:
    text = """@proceedings{conf, title = {Conf Proc}, year = 1999, publisher = {P}}
@inproceedings{paper, author = {A, B}, title = {T}, crossref = {conf}}"""
    items = read(text)
    assert items[1]["container-title"] == "Conf Proc"
    assert items[1]["publisher"] == "P"


def test_preamble_and_comments_travel_with_items() -> None:
    text = """@preamble{"\\newcommand{\\noop}[1]{}"}
@comment{a comment}
@article{a, title = {A}}
@comment{jabref-meta: databaseType:bibtex;}"""
    (item,) = read(text)
    assert item.meta["bibtex"]["before"] == ['@preamble{"\\newcommand{\\noop}[1]{}"}',
                                             "@comment{a comment}"]
    assert item.meta["bibtex"]["after"] == ["@comment{jabref-meta: databaseType:bibtex;}"]


def test_undefined_macro_is_reported() -> None:
    report = Report()
    (item,) = read("@article{a, journal = nosuchmacro, title = {T}}", report)
    assert "container-title" not in item
    assert any(d.code == "bibtex.undefined-macro" and "nosuchmacro" in d.message
               for d in report.warnings)


def test_field_names_any_case_and_parenthesised_entries() -> None:
    (item,) = read('@ARTICLE(x, TITLE = "Upper", JOURNAL = {J}, YEAR = 2001)')
    assert item["title"] == "Upper" and item["container-title"] == "J"
    assert item.source.type == "article"


def test_mismatched_delimiters_repaired() -> None:
    report = Report()
    items = read("@book{b,\n  title = {T},\n  year = 2021\n)\n\n@book{c, title={x}}\n", report)
    assert [it.id for it in items] == ["b", "c"]
    assert any(d.code == "repair.delimiter" for d in report.warnings)


def test_unknown_type_reads_as_document_keeping_type() -> None:
    (item,) = read("@whitepaper{w, title = {W}}")
    assert item.type == "document" and item.source.type == "whitepaper"


def test_doi_url_prefix_stripped_and_url_kept_verbatim() -> None:
    (item,) = read(r"@misc{d, doi = {https://doi.org/10.1000/A_B}, url = {http://x.org/a\_b%20c}}")
    assert item["DOI"] == "10.1000/A_B"
    assert item["URL"] == "http://x.org/a_b%20c"


def test_number_maps_by_type() -> None:
    items = read("""@article{a, number = 3}
@book{b, number = 4, series = {S}}
@techreport{c, number = {TR-5}}""")
    assert items[0]["issue"] == "3"
    assert items[1]["collection-number"] == "4"
    assert items[2]["number"] == "TR-5"


def test_competing_fields_loser_is_kept() -> None:
    (item,) = read("@inproceedings{a, publisher = {ACM}, organization = {SIGPLAN}, "
                   "address = {New York}, location = {Paris}}")
    assert item["publisher"] == "ACM"
    assert item["publisher-place"] == "New York"
    assert item["event-place"] == "Paris"
    assert ("organization", "SIGPLAN") in item.source.fields


def test_fjournal_is_the_full_title() -> None:
    (item,) = read("@article{a, journal = {Adv. Math.}, fjournal = {Advances in Mathematics}}")
    assert item["container-title"] == "Advances in Mathematics"
    assert item["container-title-short"] == "Adv. Math."


def test_year_forms() -> None:
    items = read("""@misc{a, year = {2019--2020}}
@misc{b, year = {forthcoming}}
@misc{c, year = 2001, month = {2 sep}}
@misc{d, date = {2016/2017}}""")
    assert items[0].date("issued").parts == [[2019], [2020]]
    assert items[1].date("issued").literal == "forthcoming"
    assert items[2].date("issued").parts == [[2001, 9, 2]]
    assert items[3].date("issued").parts == [[2016], [2017]]


def test_empty_and_whitespace_files() -> None:
    report = Report()
    assert read("", report) == []
    assert read("% just a comment\n\n", report) == []
    assert report.records_failed == 0


def test_real_corpus_reads_without_losing_entries(shared_dir: Path) -> None:
    path = shared_dir / "corpus" / "real.bib"
    if not path.exists():
        pytest.skip("corpus not available")
    report = Report()
    items = read_fixture(path, report)
    # 14,418 entries are in the file; the two whose closing brace is commented out fail,
    # with their line; every other entry converts
    assert report.records_in == 14418
    assert len(items) == 14416 and report.records_failed == 2
    assert sorted(d.line for d in report.errors) == [61553, 83165]


def test_small_chunks_give_the_same_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is split in chunks of whole entries; strings, crossrefs (parent in a later
    chunk), lines and comments must not notice where the cuts are."""
    from citeshift.formats.bibtex import reader

    paths = [FIXTURES / "bibtex" / name for name in
             ("crossref.bib", "string-concatenation.bib", "broken-entry.bib",
              "comments-in-entries.bib")] + [FIXTURES / "biblatex" / "xdata.bib"]
    whole = {p: [(it.to_json(), it.origin.line) for it in read_fixture(p, Report())]
             for p in paths}
    monkeypatch.setattr(reader, "CHUNK", 64)
    for path in paths:
        report = Report()
        got = [(it.to_json(), it.origin.line) for it in read_fixture(path, report)]
        assert got == whole[path], path.name


def test_bibtxt_read_and_write() -> None:
    text = """[Fau86]
    author:    J.W. Goethe
    title:     Faust. Der Trag{\\"o}die Erster Teil
    year:      1986

[lowe2004]
    type: article
    author: David G. Lowe
    journal: IJCV
    pages: 91--110
"""
    report = Report()
    items = api.parse(text, fmt="bibtxt", report=report)
    assert [(it.id, it.type) for it in items] == [("Fau86", "book"), ("lowe2004", "article-journal")]
    assert items[0]["title"] == "Faust. Der Tragödie Erster Teil"
    assert items[1]["page"] == "91-110"
    out = api.write(items, fmt="bibtxt")
    assert out.startswith("[Fau86]\n\tauthor: Goethe, J.W.\n")
    again = api.parse(out, fmt="bibtxt", report=Report())
    assert [it.get("title") for it in again] == [it.get("title") for it in items]


@pytest.mark.parametrize("chunk", [None, 40])
def test_crossref_parent_that_fails_does_not_hold_the_rest(
        chunk: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from citeshift.formats.bibtex import reader

    if chunk:
        monkeypatch.setattr(reader, "CHUNK", chunk)
    text = """@inproceedings{child, title = {C}, crossref = {parent}}

@proceedings{parent, title = {never closed,

@article{after, title = {A}}
"""
    report = Report()
    items = read(text, report)
    assert [it.id for it in items] == ["child", "after"]
    assert report.records_failed == 1


def test_bibtxt_fixture_matches_expected_csl_json() -> None:
    path = FIXTURES / "bibtxt" / "two-entries.bibtxt"
    assert registry.detect(path.read_text(encoding="utf-8"), str(path)) == "bibtxt"
    expected = json.loads(path.with_suffix(".csl.json").read_text(encoding="utf-8"))
    assert [it.to_json() for it in api.read(path)] == expected


def test_mixed_dash_runs_in_pages() -> None:
    items = read("@article{a, pages = {271\u2013-297}}\n@article{b, pages = {1 -- 10}}")
    assert [it["page"] for it in items] == ["271-297", "1-10"]


def test_a_line_ending_in_a_backslash_still_counts() -> None:
    # bibtexparser skipped the newline after a backslash when counting lines, so every
    # entry after such a line was named one line too early (formats/bibtex/splitter.py)
    text = ("@article{broken,\n  title = {Sets \\ensuremath{\\\n\n"
            "@article{next,\n  title = {Next},\n}\n\n"
            "@article{last,\n  abstract = {A LaTeX line break ends this line\\\\\n  and the "
            "next},\n  title = {Last},\n}\n\n"
            "@article{after,\n  title = {After},\n}\n")
    report = Report()
    items = {i.id: i for i in api.parse(text, fmt="bibtex", report=report)}
    lines = text.split("\n")
    for key in ("next", "last", "after"):
        assert lines[items[key].origin.line - 1].startswith(f"@article{{{key},")
    (failed,) = report.errors
    assert failed.line == 1


def test_a_parent_after_other_text_on_its_line_is_waited_for() -> None:
    # bibtexparser reads "}@proceedings{p1," as an entry; the reader only looked for
    # parents at the start of a line, so the child was converted before its parent came
    text = ("@inproceedings{c1,\n  title = {Talk},\n  crossref = {p1},\n}\n\n"
            "@misc{junk, note = {x}}@proceedings{p1,\n  title = {Proceedings of Things},\n"
            "  year = {2015},\n}\n")
    report = Report()
    items = {i.id: i for i in api.parse(text, fmt="bibtex", report=report)}
    assert items["c1"].vars["container-title"] == "Proceedings of Things"
    assert not [d for d in report.diagnostics if d.code == "bibtex.crossref"]


def test_a_parent_defined_twice_gives_its_first_definition() -> None:
    # BibTeX and biber keep the first entry of a repeated key; the reader used whichever
    # definition it had read last when the child was converted
    text = ("@misc{waits,\n  crossref = {late},\n}\n\n"
            "@inproceedings{child,\n  title = {Talk},\n  crossref = {p1},\n}\n\n"
            "@proceedings{p1,\n  title = {First},\n  year = {2001},\n}\n\n"
            "@proceedings{p1,\n  title = {Second},\n}\n\n"
            "@proceedings{late,\n  title = {Late},\n}\n")
    items = {i.id: i for i in api.parse(text, fmt="bibtex")}
    assert items["child"].vars["container-title"] == "First"
    assert items["child"].vars["issued"].parts == [[2001]]
