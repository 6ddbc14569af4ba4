"""BibTeX/BibLaTeX writers: dialects, keys, escaping, round trips, the loss report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citeshift import api
from citeshift.cli import app
from citeshift.diagnostics import Report
from citeshift.formats.bibtex.keys import KeyMaker, generate_key
from citeshift.model.dates import Date
from citeshift.model.item import Item, item_from_json
from citeshift.model.names import Name
from tests.paths import FIXTURES

BIB_FIXTURES = sorted((FIXTURES / "bibtex").glob("*.bib")) + sorted(
    (FIXTURES / "biblatex").glob("*.bib"))


def write(items: list[Item], fmt: str = "bibtex", report: Report | None = None,
          **options) -> str:
    out = api.write(items, fmt=fmt, report=report or Report(), options=options)
    assert isinstance(out, str)
    return out


def read(text: str) -> list[Item]:
    return api.parse(text, fmt="bibtex", report=Report())


def article() -> Item:
    return item_from_json({
        "id": "ITEM-1", "type": "article-journal",
        "title": "Resilience of <span class=\"nocase\">Arctic</span> DNA & RNA: 50% more",
        "author": [{"family": "Glette", "given": "Tore"},
                   {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"}],
        "container-title": "Nature Climate Change", "volume": "13", "issue": "2",
        "page": "913-923", "issued": {"date-parts": [[2023, 3, 5]]}, "DOI": "10.1/x_y",
        "publisher-place": "London", "URL": "https://example.org/a_b?c=d#e",
    })


def fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\S+) = (.*?),?$", entry, re.M))


def test_bibtex_dialect() -> None:
    out = write([article()])
    assert out.startswith("@article{glette2023resilience,\n")
    f = fields(out)
    assert f["journal"] == "{Nature Climate Change}"
    assert f["pages"] == "{913--923}"
    assert f["year"] == "{2023}" and f["month"] == "mar"
    assert f["date"] == "{2023-03-05}"  # the day, for biber and citeshift
    assert f["address"] == "{London}"
    assert f["title"] == r"{Resilience of {Arctic} {DNA} \& {RNA}: 50\% more}"
    assert f["author"] == "{Glette, Tore and van Beethoven, Ludwig}"
    assert f["doi"] == "{10.1/x_y}" and f["url"] == "{https://example.org/a_b?c=d#e}"


def test_biblatex_dialect() -> None:
    out = write([article()], "biblatex")
    f = fields(out)
    assert f["journaltitle"] == "{Nature Climate Change}"
    assert f["date"] == "{2023-03-05}" and "year" not in f and "month" not in f
    assert f["location"] == "{London}"


@pytest.mark.parametrize(("csl_type", "bibtex", "biblatex"), [
    ("webpage", "misc", "online"), ("dataset", "misc", "dataset"),
    ("software", "misc", "software"), ("thesis", "phdthesis", "thesis"),
    ("report", "techreport", "report"), ("paper-conference", "inproceedings", "inproceedings"),
    ("manuscript", "unpublished", "unpublished"), ("patent", "misc", "patent"),
])
def test_types_per_dialect(csl_type: str, bibtex: str, biblatex: str) -> None:
    item = Item(id="k", type=csl_type, vars={"title": "T"})
    assert write([item]).startswith(f"@{bibtex}{{k,")
    assert write([item], "biblatex").startswith(f"@{biblatex}{{k,")


def test_type_loss_is_reported() -> None:
    report = Report()
    write([Item(id="k", type="webpage", vars={"title": "T"})], report=report)
    assert any(d.code == "lossy" and "webpage" in d.message for d in report.warnings)
    report = Report()
    write([Item(id="k", type="webpage", vars={"title": "T"})], "biblatex", report=report)
    assert not any(d.code == "lossy" for d in report.warnings)


def test_generated_keys_are_stable_unique_ascii() -> None:
    items = [article(), article(), article()]
    items[2].vars["author"] = [Name(family="Ørsted-Müller", given="H.")]
    keys = re.findall(r"^@\w+\{([^,]+),", write(items), re.M)
    assert keys == ["glette2023resilience", "glette2023resiliencea", "orstedmuller2023resilience"]
    assert generate_key(article()) == "glette2023resilience"


def test_original_key_kept_and_duplicates_renamed_with_warning() -> None:
    a = Item(id="Smith2020", type="book", vars={"citation-key": "Smith2020", "title": "A"})
    b = Item(id="x", type="book", vars={"citation-key": "Smith2020", "title": "B"})
    report = Report()
    out = write([a, b], report=report)
    assert re.findall(r"^@\w+\{([^,]+),", out, re.M) == ["Smith2020", "Smith2020a"]
    assert any(d.code == "bibtex.key" for d in report.warnings)


def test_numeric_and_url_ids_are_not_keys() -> None:
    maker = KeyMaker()
    for ident in ("123", "http://zotero.org/users/1/items/AB", "ITEM-7"):
        key, _ = maker.key_for(Item(id=ident, type="book", vars={"title": "Title Here"}))
        assert key.startswith("title") or key.startswith("here")


def test_bibtex_to_bibtex_keeps_every_field() -> None:
    path = FIXTURES / "bibtex" / "unmapped-fields.bib"
    out = write(api.read(path, fmt="bibtex"))
    for name in ("file", "timestamp", "owner", "biburl", "mycustomfield"):
        assert re.search(rf"^  {name} = ", out, re.M), name
    assert out.startswith("@article{jabref2020,")


def test_preamble_and_comments_written_back() -> None:
    text = '@preamble{"\\newcommand{\\noop}[1]{}"}\n@article{a, title = {A}}\n@comment{end}\n'
    out = write(read(text))
    assert out.startswith('@preamble{"\\newcommand{\\noop}[1]{}"}\n@article{a,')
    assert out.rstrip().endswith("@comment{end}")


_PROTECTED_WORD = re.compile(r'<span class="nocase">([^\W\d_]+)</span>')


def unprotect(value: object) -> object:
    """Titles come back with words like "TeXbook" in nocase spans: the writer braces
    words with inner capitals so that BibTeX styles keep them, which is the same
    instruction CSL's nocase gives. Compare modulo that."""
    return _PROTECTED_WORD.sub(r"\1", value) if isinstance(value, str) else value


@pytest.mark.parametrize("path", BIB_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_fixture_round_trip_keeps_every_variable(path: Path, dialect: str) -> None:
    first = api.read(path, fmt="bibtex", report=Report())
    report = Report()
    again = read(write(first, dialect, report=report))
    assert len(again) == len(first)
    lossy = {(d.item_id, d.message.split(" ")[0]) for d in report.warnings if d.code == "lossy"}
    renamed = {d.item_id for d in report.warnings if d.code == "bibtex.key"}
    for a, b in zip(first, again, strict=True):
        assert a.id == b.id or a.id in renamed
        for var, value in a.vars.items():
            if any(item == a.id and v.startswith(var) for item, v in lossy):
                continue
            if var == "citation-key" and a.id in renamed:
                continue
            assert unprotect(b.vars.get(var)) == unprotect(value), (a.id, var)
        assert a.etal == b.etal


def test_output_is_deterministic() -> None:
    items = api.read(FIXTURES / "bibtex" / "names.bib", fmt="bibtex")
    assert write(items) == write(items)


def test_dropping_particle_reported_in_bibtex_kept_in_biblatex() -> None:
    item = Item(id="k", type="book", vars={"author": [
        Name(family="Montclos", given="Henri", dropping_particle="de")]})
    report = Report()
    write([item], report=report)
    assert any("dropping-particle" in d.message for d in report.warnings)
    out = write([item], "biblatex")
    assert "family={Montclos}, given={Henri}, prefix={de}, useprefix=false" in out
    (back,) = read(out)
    assert back.names("author")[0].dropping_particle == "de"


def test_dates_literal_range_and_season() -> None:
    items = [Item(id="a", type="book", vars={"issued": Date(literal="forthcoming")}),
             Item(id="b", type="book", vars={"issued": Date(parts=[[2019, 3], [2019, 5]])}),
             Item(id="c", type="book", vars={"issued": Date(parts=[[2019]], season=1)})]
    for dialect in ("bibtex", "biblatex"):
        back = read(write(items, dialect))
        assert back[0].date("issued").literal == "forthcoming"
        assert back[1].date("issued").parts == [[2019, 3], [2019, 5]]
        assert back[2].date("issued").season == 1


def test_unmapped_csl_variables_written_under_their_name() -> None:
    item = Item(id="k", type="book", vars={"call-number": "QA76", "medium": "CD"})
    out = write([item])
    assert "call-number = {QA76}" in out
    (back,) = read(out)
    assert back["call-number"] == "QA76" and back["medium"] == "CD"


def test_cli_ascii_flag(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text('[{"id": "k", "type": "book", "title": "Café Müller"}]', encoding="utf-8")
    runner = CliRunner()
    plain = runner.invoke(app, ["convert", str(src), "--to", "bibtex", "-q"])
    ascii_ = runner.invoke(app, ["convert", str(src), "--to", "bibtex", "--ascii", "-q"])
    assert plain.exit_code == 0 and ascii_.exit_code == 0
    assert "Café Müller" in plain.stdout
    assert r"Caf{\'e} M{\"u}ller" in ascii_.stdout and ascii_.stdout.isascii()


def test_custom_data_and_name_extras_are_reported_lossy() -> None:
    item = item_from_json({"id": "k", "type": "book", "title": "T",
                           "author": [{"family": "W", "given": "L", "_orcid": "0000-0002"}],
                           "custom": {"zotero-tags": ["a"]}})
    report = Report()
    write([item], report=report)
    lossy = [d.message for d in report.warnings if d.code == "lossy"]
    assert any("custom.zotero-tags" in m for m in lossy)
    assert any("_orcid" in m for m in lossy)


def test_unbalanced_source_field_is_written_so_the_file_stays_valid() -> None:
    item = Item(id="k", type="book", vars={"title": "T"})
    item.add_source_field("bibtex", "note2", "a { b")
    report = Report()
    out = write([item], report=report)
    assert out.count("{") == out.count("}")
    assert any(d.code == "bibtex.escape" for d in report.warnings)
    (back,) = read(out)
    assert ("note2", r"a \textbraceleft{} b") in back.source.fields


# --------------------------------------------------------------------------- round trips
# Regression tests for silent changes the writer round-trip fuzzing found
# (tests/fuzz/test_writers_roundtrip.py): each value must come back as written, or the
# writer must say it does not.

DIALECTS = ["bibtex", "biblatex", "bibtxt"]


def round_trip(item: Item, fmt: str) -> tuple[Item, dict[str, str]]:
    """The item read back by citeshift's own reader, and the lossy reports by variable."""
    report = Report()
    out = write([item], fmt, report)
    (back,) = api.parse(out, fmt="bibtxt" if fmt == "bibtxt" else "bibtex", report=Report())
    lossy = {d.message.split(" ", 1)[0]: d.message for d in report.diagnostics
             if d.code == "lossy"}
    return back, lossy


def assert_round_trips(item: Item, fmt: str) -> None:
    back, lossy = round_trip(item, fmt)
    assert not lossy, lossy
    assert {k: back.vars.get(k) for k in item.vars} == item.vars


@pytest.mark.parametrize("fmt", DIALECTS)
@pytest.mark.parametrize(("var", "value"), [
    ("note", "ªď©|ĽĀØ\\vÙ Əļă"),  # \v is not a caron accent here
    ("medium", "cÊ\\oģ \\P \\i \\H"),  # nor ø, ¶, ı or a double acute
    ("language", "Øʀ< \\s*,\\s*"),  # an unknown command's star was dropped
    ("container-title", "ľÔ¨Pþʳʚ ``"),  # not an opening quote
    ("collection-title", "a -- b ---c '' d"),  # not dashes, not a closing quote
    ("abstract", "E$°÷» 4 ^ì-u{Ú $ğ"),  # not math
    ("publisher", "ìɵĶ ǜ <i>"),  # a tag without its end is text
    ("note", "ĿÂĆ N¼I¹¤ <span>"),
    ("note", "a}b{c"),  # literal braces in an order BibTeX cannot count
])
def test_text_that_looks_like_latex_or_markup_round_trips(fmt: str, var: str,
                                                          value: str) -> None:
    assert_round_trips(Item(id="k", type="book", vars={"title": "T", var: value}), fmt)


@pytest.mark.parametrize("fmt", DIALECTS)
def test_identifiers_with_backslashes_and_nbsp_round_trip(fmt: str) -> None:
    item = Item(id="k", type="book", vars={
        "title": "T", "ISBN": "¯ ʕø ĠȄ\\", "ISSN": "c ĂÎ*í\u00a0GěĀ\\%x}", "DOI": "10.1/a\\b{c}"})
    assert_round_trips(item, fmt)


@pytest.mark.parametrize("fmt", DIALECTS)
def test_names_with_braces_round_trip(fmt: str) -> None:
    item = Item(id="k", type="book", vars={"title": "T", "author": [
        Name(literal="ĐĿõĺÿː$ ]b/\\ĉ®yUhõ G´ı;˃}{ÖÄĬĐ ė`"),
        Name(literal="¶ƇƜʨ ɼ}êƖ ÊvĨ ]6*u` ĶʤĐ)ĩZ{îFĤĞø"),
        Name(family="Glette", given="Tore")]})
    assert_round_trips(item, fmt)


def test_bibtxt_values_starting_with_a_colon_and_keeping_nbsp() -> None:
    item = Item(id="k", type="book", vars={
        "title": "T", "note": ":X", "container-title": ":º~ő$p", "ISSN": ":ĸÁ\u00a0ö#/"})
    assert_round_trips(item, "bibtxt")


def test_bibtxt_genre_is_not_taken_for_the_entry_type() -> None:
    # bibtxt's "type" line is the entry type: BibTeX's type field (the genre) goes under
    # its CSL name
    item = Item(id="k", type="report", vars={"title": "T", "genre": "Working paper",
                                             "number": "7"})
    out = write([item], "bibtxt")
    assert "\tgenre: Working paper\n" in out and out.count("\ttype:") == 1
    assert_round_trips(item, "bibtxt")


@pytest.mark.parametrize("fmt", DIALECTS)
@pytest.mark.parametrize("csl_type", ["article-magazine", "article-newspaper", "periodical",
                                      "review-book"])
def test_issue_keeps_its_field_when_number_competes_for_it(fmt: str, csl_type: str) -> None:
    # @article's number field is the issue: the issue keeps it, the number is reported
    item = Item(id="k", type=csl_type, vars={"title": "T", "number": "34", "issue": "12"})
    back, lossy = round_trip(item, fmt)
    assert back.vars.get("issue") == "12"
    assert back.vars.get("number") == "34" or "number" in lossy


@pytest.mark.parametrize("fmt", DIALECTS)
def test_bibtxt_and_bibtex_agree_on_issue_and_number(fmt: str) -> None:
    item = Item(id="k", type="periodical", vars={"title": "T", "issue": "143"})
    back, lossy = round_trip(item, fmt)
    assert back.vars.get("issue") == "143" or "issue" in lossy


@pytest.mark.parametrize("fmt", DIALECTS)
def test_normalisations_the_reader_makes_are_reported(fmt: str) -> None:
    # the reader takes a URL as a URI (percent-encoded, like biber) and cleans DOIs
    item = Item(id="k", type="webpage", vars={
        "title": "T", "URL": "https://de.wikipedia.org/wiki/Köln", "DOI": "10.1000/x,"})
    back, lossy = round_trip(item, fmt)
    assert back.vars["URL"] == "https://de.wikipedia.org/wiki/K%C3%B6ln"
    assert "K%C3%B6ln" in lossy["URL"]
    assert back.vars["DOI"] == "10.1000/x" and "'10.1000/x'" in lossy["DOI"]
    # the URL itself is written as it was
    assert "https://de.wikipedia.org/wiki/Köln" in write([item], fmt)


@pytest.mark.parametrize("fmt", DIALECTS)
def test_title_protection_is_reported_with_the_words(fmt: str) -> None:
    item = Item(id="k", type="book", vars={"title": "The DNA of iPhone users",
                                           "container-title": "Not DNA"})
    back, lossy = round_trip(item, fmt)
    assert back.vars["title"] == ('The <span class="nocase">DNA</span> of '
                                  '<span class="nocase">iPhone</span> users')
    assert "'DNA, iPhone' braced" in lossy["title"]
    # a note, not a warning: 5% of real titles have such a word
    report = Report()
    write([item], fmt, report)
    assert not report.warnings
    assert back.vars["container-title"] == "Not DNA" and "container-title" not in lossy
    plain = Item(id="k", type="book", vars={"title": 'A <span class="nocase">DNA</span> b'})
    assert_round_trips(plain, fmt)


def test_title_protection_is_a_note_in_the_loss_report() -> None:
    from citeshift import lossreport

    item = Item(id="k", type="book", vars={"title": "The DNA of iPhone users"})
    report = Report()
    write([item], "bibtex", report)
    data = lossreport.build(report)
    assert data["summary"]["lossy"] == 0
    assert "braced" in data["records"]["k"]["notes"][0]["message"]
    assert not any("could not be written" in line
                   for line in lossreport.summary_lines(report, data))


def test_ascii_output_of_a_character_pylatexenc_writes_as_unknown_math() -> None:
    # pylatexenc writes U+2110 as \ensuremath{\mathscr{I}}, which the decoder could not
    # read (it raised); the character is kept as UTF-8, with a warning
    item = Item(id="k", type="book", vars={"title": "ℐ and é"})
    report = Report()
    out = write([item], "bibtex", report, ascii="1")
    assert "ℐ and {\\'e}" in out
    assert any("ℐ" in d.message for d in report.warnings if d.code == "lossy")
    assert read(out)[0].vars["title"] == "ℐ and é"
