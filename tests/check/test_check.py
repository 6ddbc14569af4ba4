"""check_files on real-shaped fixtures: every problem found once, clean files stay clean."""

from __future__ import annotations

from datetime import date

from citeshift.check import ALL_CODES, check_files, render_text
from tests.paths import FIXTURES

CHECK = FIXTURES / "check"
TODAY = date(2026, 11, 28)


def _found(result) -> list[tuple[str | None, str, str]]:
    return [(d.item_id, d.severity.value, d.code) for d in result.ordered()]


def test_clean_library_has_no_findings() -> None:
    result = check_files([CHECK / "clean-library.json"], today=TODAY, journals=False)
    assert _found(result) == [] and not result.failed
    assert result.report.records_in == 4


def test_one_problem_per_record() -> None:
    result = check_files([CHECK / "one-problem-per-record.json"], today=TODAY,
                         journals=False)
    assert _found(result) == [
        ("doi-invalid", "error", "check.doi"),
        ("isbn-bad-checksum", "error", "check.isbn"),
        ("issn-bad-checksum", "error", "check.issn"),
        ("pmid-not-a-number", "error", "check.pmid"),
        ("pages-backwards", "error", "check.pages.backwards"),
        ("year-future", "error", "check.year.future"),
        ("missing-journal-and-author", "error", "check.required"),
        ("missing-journal-and-author", "error", "check.required"),
        ("book-no-publisher", "warning", "check.required"),
    ]
    assert result.failed and result.errors == 8 and result.warnings == 1


def test_duplicates_fixture() -> None:
    result = check_files([CHECK / "duplicate-keys-and-records.json"], today=TODAY,
                         journals=False)
    assert _found(result) == [("smith2020", "error", "check.key.duplicate"),
                              ("smith2020a", "warning", "check.duplicate"),
                              ("doe2019b", "warning", "check.duplicate")]


def test_warnings_only_fail_in_strict_mode() -> None:
    path = CHECK / "journal-spelled-several-ways.json"
    assert not check_files([path], today=TODAY, journals=False).failed
    assert check_files([path], today=TODAY, journals=False, strict=True).failed


def test_ignore_and_text_output_and_json() -> None:
    result = check_files([CHECK], today=TODAY, journals=False,
                         ignore=[c for c in ALL_CODES if c.startswith("check.required")])
    text = render_text(result)
    assert "check.required" not in text
    first = text.splitlines()[0]
    assert first.endswith("[smith2020] (check.key.duplicate)")
    assert first.startswith(str(CHECK / "duplicate-keys-and-records.json") + ":24: error:")
    data = result.to_json()
    assert data["counts"]["records"] == 22
    assert data["by_code"]["check.duplicate"] == 2
    assert len(data["findings"]) == data["counts"]["errors"] + data["counts"]["warnings"]


def test_unreadable_records_are_findings(tmp_path) -> None:
    broken = FIXTURES / "csljson" / "broken-second-item.json"
    result = check_files([broken], today=TODAY, journals=False)
    assert result.report.records_failed == 1
    assert any(d.code == "read.failed" for d in result.findings) and result.failed


def test_with_the_journal_list() -> None:
    try:
        import citeshift.journals  # noqa: F401
    except ImportError:  # pragma: no cover - the list is part of the package
        import pytest

        pytest.skip("citeshift.journals is not installed")
    result = check_files([CHECK / "journal-spelled-several-ways.json"], today=TODAY)
    found = _found(result)
    # the abbreviation and the full title are one journal spelled two ways
    assert ("a2", "warning", "check.journal.variants") in found
    assert ("a4", "warning", "check.journal.variants") in found
    assert ("a5", "warning", "check.journal.unknown") in found
    clean = check_files([CHECK / "clean-library.json"], today=TODAY)
    assert _found(clean) == []


def test_a_duplicate_bibtex_key_is_listed_once(tmp_path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{smith2020, author = {Smith, Jane}, title = {One}, journal = {BMJ},"
                   " year = {2020}}\n\n@book{smith2020, author = {Smith, John}, title = {Two},"
                   " publisher = {OUP}, year = {2020}}\n", encoding="utf-8")
    result = check_files([bib], today=TODAY, journals=False)
    codes = [d.code for d in result.ordered()]
    assert codes.count("check.key.duplicate") == 1
    assert "bibtex.duplicate-key" not in codes
    assert result.failed
