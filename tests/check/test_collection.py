"""Checks across records: duplicate keys, likely duplicates, journal titles."""

from __future__ import annotations

from citeshift.check.collection import CollectionChecks, journal_key
from citeshift.diagnostics import Report
from citeshift.model.dates import Date
from citeshift.model.item import Item, Origin
from citeshift.model.names import Name


def _art(id: str, journal: str, file: str = "a.bib", line: int = 1, **vars) -> Item:
    return Item(id=id, type="article-journal", vars={"container-title": journal, **vars},
                origin=Origin(file=file, line=line))


def _run(items: list[Item], **kw) -> Report:
    report = Report()
    checks = CollectionChecks(report, **kw)
    for item in items:
        checks.see(item)
    checks.finish()
    return report


def test_journal_key_ignores_dots_case_ampersand_and_the() -> None:
    assert journal_key("J. Biol. Chem.") == journal_key("J Biol Chem") == "j biol chem"
    assert journal_key("The Lancet") == journal_key("Lancet")
    assert journal_key("Science & Society") == journal_key("Science and Society")


def test_duplicate_keys_same_file_error_other_file_warning() -> None:
    report = _run([_art("k", "J", line=1), _art("k", "J", line=9), _art("k", "J", "b.bib", 3)],
                  lookup=None)
    found = [(d.severity.value, d.code, d.line) for d in report.diagnostics]
    assert found == [("error", "check.key.duplicate", 9), ("warning", "check.key.duplicate", 3)]
    assert "already used at a.bib:1" in report.diagnostics[0].message


def test_likely_duplicates_by_title_year_first_author() -> None:
    who = [Name(family="Doe", given="J.")]
    a = _art("a", "J", title="Reading in the dark", issued=Date(parts=[[2019]]), author=who)
    b = _art("b", "J", line=5, title="Reading in the Dark!", issued=Date(parts=[[2019, 3]]),
             author=who)
    c = _art("c", "J", line=9, title="Reading in the dark", issued=Date(parts=[[2020]]),
             author=who)
    report = _run([a, b, c], lookup=None)
    assert [(d.item_id, d.code) for d in report.diagnostics] == [("b", "check.duplicate")]


def test_journal_variants_reported_once_per_minority_spelling() -> None:
    items = [_art("1", "J Biol Chem"), _art("2", "J. Biol. Chem.", line=2),
             _art("3", "J Biol Chem", line=3), _art("4", "Nature", line=4)]
    report = _run(items, lookup=None)
    assert [(d.item_id, d.code) for d in report.diagnostics] == [("2", "check.journal.variants")]
    assert "'J Biol Chem' (2 records" in report.diagnostics[0].message


def test_known_journal_lookup_groups_abbreviations_and_flags_unknown() -> None:
    table = {"j biol chem": "Journal of Biological Chemistry",
             "journal of biological chemistry": "Journal of Biological Chemistry"}

    def lookup(title: str) -> str | None:
        return table.get(journal_key(title))

    items = [_art("1", "J Biol Chem"), _art("2", "Journal of Biological Chemistry", line=2),
             _art("3", "Proc Roy Soc Nowhere", line=3)]
    report = _run(items, lookup=lookup)
    found = [(d.item_id, d.code) for d in report.diagnostics]
    assert found == [("2", "check.journal.variants"), ("3", "check.journal.unknown")]


def test_lookup_objects_and_failures() -> None:
    class Journal:
        title = "Nature"

    def lookup(title: str):
        if title == "boom":
            raise RuntimeError("broken list")
        return Journal() if title.lower().startswith("nat") else None

    report = _run([_art("1", "Nature"), _art("2", "Nat.", line=2), _art("3", "boom", line=3)],
                  lookup=lookup)
    found = [(d.item_id, d.code) for d in report.diagnostics]
    assert found == [("2", "check.journal.variants"), ("3", "check.journal.unknown")]


def test_ignored_codes_are_not_reported() -> None:
    report = _run([_art("k", "J"), _art("k", "J", line=2)], lookup=None,
                  ignore=frozenset({"check.key.duplicate"}))
    assert report.diagnostics == []


def test_markup_is_not_a_spelling() -> None:
    items = [_art("1", "arXiv"), _art("2", '<span class="nocase">arXiv</span>', line=2),
             _art("3", "<i>Nature</i>", line=3), _art("4", "Nature", line=4)]
    assert _run(items, lookup=None).diagnostics == []
