"""BibTeX inputs that once crashed, hung or lost records (found by tests/fuzz)."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

REG = FIXTURES / "regressions"


def test_deep_nesting_is_read_flat_and_neighbours_kept() -> None:
    # 3,000 nested braces and 3,000 chained accent macros used to raise RecursionError
    report = Report()
    items = api.read(REG / "bibtex-deep-nesting.bib", report=report)
    assert [i.id for i in items] == ["before", "deep", "after"]
    deep = items[1]
    assert deep.vars["title"] == "Deep"
    assert deep.vars["note"].startswith("\\'\\'") and deep.vars["note"].endswith("e")
    assert items[0].vars["title"] == "The record before"
    assert items[2].vars["title"] == "The record after"
    assert report.records_in == 3 and report.records_failed == 0


def test_text_after_a_value_is_a_warning_not_a_crash() -> None:
    # "year = {2021}%" raised TypeError (a diagnostic helper called with wrong arguments)
    report = Report()
    items = api.read(REG / "bibtex-text-after-value.bib", report=report)
    assert [i.id for i in items] == ["before", "stray", "after"]
    assert items[1].vars["issued"].to_json() == {"date-parts": [[2021]]}
    (warning,) = report.warnings
    assert warning.line == 12 and "text after the value ('%')" in warning.message
    assert report.records_failed == 0


def test_atheris_crash_input_reads_every_entry() -> None:
    # the input atheris found (binary bytes in a field name, then the stray "%")
    report = Report()
    items = api.read(REG / "bibtex-text-after-value-atheris.bib", fmt="bibtex", report=report)
    assert len(items) == report.records_in - report.records_failed >= 3
    assert any("text after the value" in d.message for d in report.warnings)


def test_writer_url_ending_in_a_backslash_does_not_swallow_the_entry() -> None:
    # the long fuzz profile: URL "\" was written "url = {\}", which bibtexparser (and so
    # our own reader) reads as an escaped brace: the entry never ended and was lost
    import bibtexparser

    items = api.read(REG / "bibtex-writer-url-backslash.json")
    for dialect in ("bibtex", "biblatex"):
        report = Report()
        text = api.write(items, fmt=dialect, report=report)
        assert "{http://example.org/a\\%5C}" in text  # the % escaped, as every %
        back = api.parse(text, fmt="bibtex")
        assert [i.id for i in back] == ["before", "slash", "after"]
        assert back[1].vars["URL"] == "http://example.org/a%5C"
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks and len(library.entries) == 3


def test_numbers_of_thousands_of_digits_do_not_crash() -> None:
    # the long fuzz profile: a 20,000-digit year reached int(), which raises ValueError
    # past Python's 4,300-digit limit (in model/dates.py, shared by every reader)
    report = Report()
    items = api.read(REG / "bibtex-huge-number.bib", report=report)
    assert [i.id for i in items] == ["before", "huge", "after"]
    assert "issued" not in items[1].vars or items[1].vars["issued"].literal
    assert report.records_failed == 0


def test_unknown_command_in_ensuremath_is_kept_verbatim_not_a_crash() -> None:
    # \ensuremath{\mathscr{I}} (pylatexenc's spelling of U+2110) raised out of the decoder
    # and stopped the whole file; it is kept verbatim as $...$ math, as pandoc does
    report = Report()
    items = api.read(REG / "bibtex-ensuremath-unknown-command.bib", report=report)
    assert [i.id for i in items] == ["before", "ensuremath", "after"]
    nc = '<span class="nocase">'
    assert items[1].vars["title"] == f"Sets {nc}$\\mathscr{{I}}$</span> and α"
    assert items[1].vars["note"] == f"{nc}$\\foo{{x}}$</span> kept"
    assert report.records_failed == 0
    # written back as the math it is
    out = api.write(items[1:2], fmt="bibtex")
    assert "{$\\mathscr{I}$}" in out
    assert api.parse(out, fmt="bibtex")[0].vars["title"] == items[1].vars["title"]
