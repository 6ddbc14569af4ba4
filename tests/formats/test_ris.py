"""RIS reader and writer: the quirks one by one, the writer's strict form, and what it reports."""

from __future__ import annotations

import re

import pytest

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.formats.ris.mapping import CSL_TO_RIS, RIS_TO_CSL, normalize_type, write_tags
from citeshift.formats.ris.names import format_name, parse_name
from citeshift.model import vocab
from citeshift.model.dates import Date
from citeshift.model.item import Item, SourceRecord
from citeshift.model.names import Name
from tests.formats.roundtrip import round_trip as shared_round_trip


def read(text: str, report: Report | None = None) -> list[Item]:
    return api.parse(text, fmt="ris", report=report or Report())


def one(text: str) -> Item:
    items = read(text)
    assert len(items) == 1
    return items[0]


def write(items: list[Item], report: Report | None = None) -> str:
    out = api.write(items, fmt="ris", report=report or Report())
    assert isinstance(out, str)
    return out


# -- reader -----------------------------------------------------------------------------------

def test_type_conditional_t2_and_a2() -> None:
    chap = one("TY  - CHAP\nT2  - Book title\nA2  - Ed, Itor\nER  - \n")
    assert chap.type == "chapter" and chap["container-title"] == "Book title"
    assert chap.names("editor")[0].family == "Ed"
    book = one("TY  - BOOK\nT2  - Series title\nA2  - Series, Editor\nA3  - Vol, Editor\nER  - \n")
    assert book["collection-title"] == "Series title"
    assert book.names("collection-editor")[0].family == "Series"
    assert book.names("editor")[0].family == "Vol"
    conf = one("TY  - CONF\nT2  - Conference name\nC3  - Proceedings title\nCY  - Rome\nER  - \n")
    assert conf["event-title"] == "Conference name"
    assert conf["container-title"] == "Proceedings title"
    assert conf["event-place"] == "Rome"


@pytest.mark.parametrize(("raw", "ty"), [("JOUR", "JOUR"), ("jour", "JOUR"), ("Journ", "JOUR"),
                                         ("Chap", "CHAP"), ("ELEC", "ELEC"), ("nonsense", None)])
def test_type_spellings(raw: str, ty: str | None) -> None:
    assert normalize_type(raw) == ty


def test_unknown_type_is_generic_with_warning_and_kept() -> None:
    report = Report()
    item = read("TY  - WHATEVER\nTI  - x\nER  - \n", report)[0]
    assert item.type == "document"
    assert item.source is not None and item.source.type == "WHATEVER"
    assert any(d.code == "ris.type" for d in report.diagnostics)


def test_dates_prefer_da_over_y1_whatever_the_order() -> None:
    item = one("TY  - JOUR\nY1  - 1900/01/01\nDA  - 1950/01/01\nER  - \n")
    assert item["issued"].parts == [[1950, 1, 1]]
    item = one("TY  - JOUR\nPY  - 2014\nY1  - 2014/06/01\nER  - \n")
    assert item["issued"].parts == [[2014, 6, 1]]


def test_ris_date_with_season_in_other_part_and_zero_year() -> None:
    assert one("TY  - JOUR\nDA  - 2022///Summer\nER  - \n")["issued"].season == 2
    item = one("TY  - JOUR\nTI  - t\nPY  - 0000\nER  - \n")
    assert "issued" not in item


def test_corporate_and_particles_and_suffix_names() -> None:
    assert parse_name("World Health Organization,") == Name(literal="World Health Organization")
    assert parse_name("Sony,, Inc.,") == Name(literal="Sony, Inc.")
    assert parse_name("van Gogh, Vincent") == Name(family="Gogh", given="Vincent",
                                                   non_dropping_particle="van")
    assert parse_name("Doe, John, Jr.") == Name(family="Doe", given="John", suffix="Jr.")
    assert parse_name("Smith JA") == Name(family="Smith", given="J. A.")
    assert parse_name("Homerus") == Name(family="Homerus")


@pytest.mark.parametrize("name", [
    Name(family="Gogh", given="Vincent", non_dropping_particle="van"),
    Name(family="Beethoven", given="Ludwig", dropping_particle="van"),
    Name(family="Doe", given="John", suffix="Jr."),
    Name(literal="Sony, Inc."),
    Name(literal="World Health Organization"),
    Name(family="Plato"),
])
def test_names_round_trip(name: Name) -> None:
    assert parse_name(format_name(name)) == name


def test_jo_is_the_abbreviation_when_a_full_title_exists() -> None:
    item = one("TY  - JOUR\nJO  - Augment Altern Commun\nT2  - Augmentative and Alternative "
               "Communication\nJ2  - AAC\nER  - \n")
    assert item["container-title"] == "Augmentative and Alternative Communication"
    assert item["container-title-short"] == "AAC"
    assert item.source is not None and ("JO", "Augment Altern Commun") in item.source.fields
    item = one("TY  - JOUR\nJO  - J.Neurosurg.\nER  - \n")
    assert item["container-title"] == "J.Neurosurg."


def test_bad_doi_kept_with_warning() -> None:
    report = Report()
    item = read("TY  - JOUR\nDO  - n/a\nER  - \n", report)[0]
    assert "DOI" not in item and item.source is not None and ("DO", "n/a") in item.source.fields
    assert [d.code for d in report.diagnostics] == ["ris.doi"]


def test_isbn_issn_classified() -> None:
    item = one("TY  - BOOK\nSN  - 978-0-06-297658-1\nER  - \n")
    assert item["ISBN"] == "978-0-06-297658-1" and "ISSN" not in item
    item = one("TY  - JOUR\nSN  - 1474-547X (Electronic)\n0140-6736 (Linking)\nER  - \n")
    assert item["ISSN"] == "1474-547X 0140-6736"


def test_unknown_tags_kept_and_written_back() -> None:
    text = "TY  - JOUR\nTI  - t\nZZ  - strange\nLB  - label\nER  - \n"
    item = one(text)
    assert item.source is not None and ("ZZ", "strange") in item.source.fields
    out = write([item])
    assert "ZZ  - strange\r\n" in out and "LB  - label\r\n" in out


def test_counts_add_up_with_broken_records() -> None:
    report = Report()
    items = read("TY  - JOUR\nTI  - a\nER  - \nTY  - JOUR\nER  - \nTY  - JOUR\nTI  - b\n"
                 "ER  - \nTY  - JOUR\nER  - \n", report)
    assert [i["title"] for i in items] == ["a", "b"]
    assert report.records_failed == 2
    assert report.records_in == 4
    lines = sorted(d.line for d in report.errors)
    assert lines == [4, 9]


def test_tag_lines_after_the_last_record() -> None:
    report = Report()
    items = read("TY  - JOUR\nTI  - a\nER  - \nC1  - Database: Embase\n", report)
    assert len(items) == 1 and report.records_failed == 0
    assert [(d.code, d.line) for d in report.diagnostics] == [("ris.stray-tags", 4)]
    report = Report()
    items = read("TY  - JOUR\nTI  - a\nER  - \nAU  - Orphan, A\nTI  - b\n", report)
    assert [i["title"] for i in items] == ["a", "b"]
    assert [(d.code, d.line) for d in report.diagnostics] == [("ris.no-ty", 4)]


def test_record_without_ty_is_read_as_generic() -> None:
    report = Report()
    items = read("TI  - no type here\nPY  - 2001\nER  - \n", report)
    assert items[0].type == "document" and items[0]["title"] == "no type here"
    assert any(d.code == "ris.no-ty" for d in report.diagnostics)


def test_missing_er_between_records() -> None:
    report = Report()
    items = read("TY  - JOUR\nTI  - a\nTY  - BOOK\nTI  - b\nER  - \n", report)
    assert [i["title"] for i in items] == ["a", "b"]
    assert [d.line for d in report.diagnostics if d.code == "ris.no-er"] == [3]


def test_cr_only_line_ends_and_empty_ty() -> None:
    report = Report()
    items = read("TY  - JOUR\rTI  - old Mac file\rER  - \r\rTY  - \rTI  - no type\rER  - \r",
                 report)
    assert [i["title"] for i in items] == ["old Mac file", "no type"]
    assert items[1].type == "document"
    assert [d.line for d in report.diagnostics if d.code == "ris.type"] == [5]


def test_several_authors_on_one_line() -> None:
    item = one("TY  - JOUR\nAU  - Smith, J.; Doe, A.\nAU  - Roe, R.\nER  - \n")
    assert [n.display() for n in item.names("author")] == ["Smith, J.", "Doe, A.", "Roe, R."]
    item = one("TY  - JOUR\nAU  - Research; Development Unit,\nER  - \n")
    assert item.names("author") == [Name(literal="Research; Development Unit")]


def test_sniff() -> None:
    from citeshift.formats.ris.reader import RisReader

    assert RisReader().sniff("\n\nTY  - JOUR\nAU  - x\n") >= 0.9
    assert RisReader().sniff("TY - JOUR\n") >= 0.9
    assert RisReader().sniff("@article{x,\n}") == 0


# -- writer -----------------------------------------------------------------------------------

LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


def _article() -> Item:
    return Item(id="hall1957", type="article-journal", vars={
        "title": "Correlation of the <i>Base</i> Strengths",
        "author": [Name(family="Hall", given="H. K."), Name(literal="ACME Lab")],
        "container-title": "Journal of the American Chemical Society",
        "issued": Date(parts=[[1957, 1, 1]]),
        "volume": "79", "issue": "20", "page": "5441–5444",
        "DOI": "https://doi.org/10.1021/ja01577a030",
        "keyword": "amines, bases",
    })


def test_writer_strict_form() -> None:
    out = write([_article(), _article()])
    assert "\n" not in out.replace("\r\n", "")
    records = out.split("\r\n\r\n")
    assert records[-1] == ""
    for record in records[:-1]:
        lines = record.split("\r\n")
        assert lines[0] == "TY  - JOUR"
        assert lines[-1] == "ER  - "
        assert all(LINE.match(ln) for ln in lines)
    first = records[0].split("\r\n")
    assert "AU  - Hall, H. K." in first and "AU  - ACME Lab," in first
    assert "SP  - 5441" in first and "EP  - 5444" in first
    assert "DO  - 10.1021/ja01577a030" in first
    assert "TI  - Correlation of the Base Strengths" in first
    assert "PY  - 1957" in first and "DA  - 1957/01/01/" in first
    assert first.count("KW  - amines") == 1 and "KW  - bases" in first


@pytest.mark.parametrize(("csl_type", "vars_", "expect"), [
    ("chapter", {"container-title": "Book", "editor": [Name(family="Ed", given="A")]},
     ["TY  - CHAP", "T2  - Book", "A2  - Ed, A"]),
    ("book", {"collection-title": "Series", "editor": [Name(family="Ed", given="A")]},
     ["TY  - BOOK", "T2  - Series", "A3  - Ed, A"]),
    ("paper-conference", {"container-title": "Proc", "event-title": "Conf"},
     ["TY  - CONF", "C3  - Proc", "T2  - Conf"]),
    ("report", {"number": "TR-7", "publisher": "MIT"}, ["TY  - RPRT", "SN  - TR-7", "PB  - MIT"]),
    ("thesis", {"publisher": "Uni", "genre": "PhD thesis"},
     ["TY  - THES", "PB  - Uni", "M3  - PhD thesis"]),
    ("webpage", {"URL": "https://x.org", "accessed": Date(parts=[[2024, 2, 3]])},
     ["TY  - ELEC", "UR  - https://x.org", "Y2  - 2024/02/03/", "M1  - 2024/02/03/"]),
    ("dataset", {"version": "2.1", "publisher": "Zenodo"}, ["TY  - DATA", "ET  - 2.1"]),
    ("software", {"version": "0.5.0"}, ["TY  - COMP", "ET  - 0.5.0"]),
    ("patent", {"number": "US 123", "authority": "USPTO"}, ["TY  - PAT", "SN  - US 123",
                                                            "A2  - USPTO"]),
])
def test_type_correct_tags(csl_type: str, vars_: dict, expect: list[str]) -> None:
    item = Item(id="x", type=csl_type, vars={"title": "T", **vars_})
    report = Report()
    lines = write([item], report).split("\r\n")
    for line in expect:
        assert line in lines
    assert not [d for d in report.diagnostics if d.code == "lossy"]
    back = one(write([item]).replace("\r\n", "\n"))
    assert back.type == csl_type
    for key, value in vars_.items():
        got = back.get(key)
        if isinstance(value, list):
            assert [n.display() for n in got] == [n.display() for n in value]
        else:
            assert got == value, key


def test_every_csl_type_has_a_ris_type() -> None:
    assert set(CSL_TO_RIS) == set(vocab.ITEM_TYPES)
    assert set(CSL_TO_RIS.values()) <= set(RIS_TO_CSL)


def test_lossy_variables_are_reported() -> None:
    item = Item(id="x", type="article-journal", vars={
        "title": "T", "dimensions": "3 cm", "author": [Name(family="A", given="B")]})
    item.etal.add("author")
    item.custom["mine"] = 1
    item.source = SourceRecord(format="bibtex", fields=[("eprinttype", "arxiv")])
    report = Report()
    write([item], report)
    lost = sorted(d.message for d in report.diagnostics if d.code == "lossy")
    assert any("dimensions" in m for m in lost)
    assert any("author et al." in m for m in lost)
    assert any("custom.mine" in m for m in lost)
    assert any("bibtex field eprinttype" in m for m in lost)


def test_approximate_and_range_dates_reported() -> None:
    item = Item(id="x", type="book", vars={"title": "T", "issued": Date(parts=[[1850]],
                                                                         circa=True)})
    other = Item(id="y", type="book", vars={"title": "T", "issued": Date(parts=[[2019], [2020]])})
    report = Report()
    out = write([item, other], report)
    assert "PY  - 1850\r\n" in out and "PY  - 2019\r\n" in out
    lost = [d.message for d in report.diagnostics if d.code == "lossy"]
    assert any("issued (circa)" in m for m in lost) and any("end of range" in m for m in lost)


def test_type_without_ris_twin_reported() -> None:
    report = Report()
    out = write([Item(id="x", type="interview", vars={"title": "T"})], report)
    assert out.startswith("TY  - PCOMM")
    assert any("type interview" in d.message for d in report.diagnostics)


def test_ris_to_ris_keeps_source_type_and_unknown_tags() -> None:
    text = "TY  - EJOUR\nTI  - t\nC5  - issue title\nER  - \n"
    out = write([one(text)])
    assert out.startswith("TY  - EJOUR\r\n")
    assert "C5  - issue title\r\n" in out


def test_in_press_article_is_inpr_both_ways() -> None:
    item = one("TY  - INPR\nTI  - t\nER  - \n")
    assert item.type == "article-journal" and item["status"] == "in press"
    report = Report()
    assert write([item], report).startswith("TY  - INPR\r\n")
    assert not report.diagnostics
    fresh = Item(id="x", type="article-journal", vars={"title": "t", "status": "in press"})
    assert write([fresh]).startswith("TY  - INPR\r\n")


def test_write_tags_follow_the_type() -> None:
    assert write_tags("JOUR")["container-title"] == "T2"
    assert write_tags("BOOK")["collection-title"] == "T2"
    assert write_tags("CHAP")["editor"] == "A2"
    assert write_tags("BOOK")["editor"] == "A3"
    assert "A1" not in write_tags("JOUR").values()  # old tags are read, never written


def test_crlf_in_files_and_on_stdout(tmp_path) -> None:
    import subprocess
    import sys

    src = tmp_path / "in.ris"
    src.write_text("TY  - JOUR\nTI  - t\nER  - \n", encoding="utf-8")
    dest = tmp_path / "out.ris"
    api.convert([str(src)], to="ris", output=str(dest))
    data = dest.read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    proc = subprocess.run([sys.executable, "-m", "citeshift", "convert", str(src), "--to", "ris",
                           "-q"], capture_output=True, check=True)
    assert proc.stdout.startswith(b"TY  - JOUR\r\n")
    assert b"\n" not in proc.stdout.replace(b"\r\n", b"")


def test_scopus_reference_list_over_several_lines() -> None:
    item = one("TY  - JOUR\nN1  - Cited By :3\nN1  - References: Avakyan, A.B., (1987) One; \n"
               "Alekseyev, V.R., (1987) Two; \nAndreyuk, Ye.I., (1990) Three\n"
               "N1  - Export Date: 1 May 2020\nER  - \n")
    assert item["references"] == ("Avakyan, A.B., (1987) One;\nAlekseyev, V.R., (1987) Two;\n"
                                  "Andreyuk, Ye.I., (1990) Three")
    assert item["note"] == "Cited By :3\nExport Date: 1 May 2020"


def test_pubmed_ids_where_databases_put_them() -> None:
    item = one("TY  - JOUR\nDB  - Embase\nAN  - 2010123456\nC5  - 20012345\nER  - \n")
    assert item["PMID"] == "20012345" and item["archive_location"] == "2010123456"
    item = one("TY  - JOUR\nN1  - PMID: 12345\nPMCID: PMC999\nOther note\nER  - \n")
    assert (item["PMID"], item["PMCID"], item["note"]) == ("12345", "PMC999", "Other note")
    # written back where they read back from: AN + DB when AN is free, else a labelled note
    out = write([Item(id="x", type="article-journal", vars={"PMID": "1", "PMCID": "PMC2"})])
    assert "AN  - 1\r\n" in out and "DB  - PubMed\r\n" in out and "C2  - PMC2\r\n" in out
    taken = Item(id="x", type="book", vars={"PMID": "1", "archive_location": "A-7"})
    out = write([taken])
    assert "N1  - PMID: 1\r\n" in out
    assert one(out.replace("\r\n", "\n"))["PMID"] == "1"


def test_nbib_to_ris_keeps_pubmed_data(fixtures_dir) -> None:
    items = api.read(fixtures_dir / "nbib" / "pubmed-article-fau-pages-doi.nbib")
    report = Report()
    back = read(write(items, report).replace("\r\n", "\n"))
    for a, b in zip(items, back, strict=True):
        for var in ("PMID", "PMCID", "DOI", "page", "title", "container-title",
                    "container-title-short", "ISSN", "volume", "issue"):
            assert a.get(var) == b.get(var), var
        assert [n.display() for n in a.names("author")] == [n.display() for n in b.names("author")]


def test_docs_table_is_current() -> None:
    from citeshift.formats.ris.mapping import markdown_table
    from tests.paths import REPO

    doc = (REPO / "docs" / "ris.md").read_text(encoding="utf-8")
    start = doc.index("<!-- ris-table:start -->\n") + len("<!-- ris-table:start -->\n")
    end = doc.index("<!-- ris-table:end -->")
    assert doc[start:end] == markdown_table()


# -- round trips the writer fuzzing found silent (issue 9) -------------------------------------

def round_trip(item: Item) -> tuple[Item, list[str], str]:
    """(item read back, variables reported lossy, the RIS text)."""
    return shared_round_trip("ris", item)


def test_no_break_spaces_are_content_not_wrapping() -> None:
    nbsp = "10\u00a0km"
    item = Item(id="x", type="article-journal", vars={
        "title": f"Run {nbsp}", "container-title": "J\u00a0Run", "language": "en\u00a0GB",
        "note": "a\u00a0b", "URL": f"https://x.org/{nbsp}", "ISSN": "c\u00a0d",
        "author": [Name(literal="Team\u00a0A")]})
    back, lossy, _ = round_trip(item)
    assert lossy == []
    for var in ("title", "container-title", "language", "note", "URL", "ISSN", "author"):
        assert back[var] == item[var], var
    # a reader only undoes ASCII wrapping; a value's own no-break space at its end stays too
    assert one("TY  - JOUR\nTI  - A\u00a0\nER  - \n")["title"] == "A\u00a0"


def test_markup_is_reported_and_identifiers_are_written_as_they_are() -> None:
    item = Item(id="x", type="article-journal", vars={  # names first: a later check still runs
        "author": [Name(family="Doe", given="Jo")], "title": "H<sub>2</sub>O",
        "URL": "https://x.org/<i>"})
    back, lossy, text = round_trip(item)
    assert "TI  - H2O\n" in text and lossy == ["title"]
    assert back["URL"] == "https://x.org/<i>"


def test_a_doi_that_is_not_one_is_reported_and_kept() -> None:
    back, lossy, text = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "DOI": "see the publisher"}))
    assert "DO  - see the publisher\n" in text and lossy == ["DOI"]
    assert "DOI" not in back.vars and back.source.fields == [("DO", "see the publisher")]
    back, lossy, _ = round_trip(Item(id="x", type="article-journal", vars={
        "title": "T", "DOI": "10.1000/xyz,"}))
    assert back["DOI"] == "10.1000/xyz" and lossy == ["DOI"]


def test_isbn_and_issn_share_sn_reported_when_their_shape_does_not_tell() -> None:
    both = Item(id="x", type="chapter", vars={"title": "T", "ISBN": "978-0-306-40615-7",
                                              "ISSN": "0028-0836"})
    back, lossy, _ = round_trip(both)
    assert lossy == [] and (back["ISBN"], back["ISSN"]) == (both["ISBN"], both["ISSN"])
    odd = Item(id="x", type="article-journal", vars={"title": "T", "ISBN": ",", "ISSN": "c d"})
    back, lossy, _ = round_trip(odd)
    assert sorted(lossy) == ["ISBN", "ISSN"]
    # a value of no number's shape is never dropped: "," was silently lost by the reader
    item = one("TY  - BOOK\nSN  - ,\nSN  - 978-0-306-40615-7\nER  - \n")
    assert item["ISBN"] == "978-0-306-40615-7" and item.source.fields == [("SN", ",")]


def test_particle_family_without_given_name_is_a_person() -> None:
    name = Name(family="Berg", non_dropping_particle="van der")
    assert format_name(name) == "van der Berg" and parse_name("van der Berg") == name
    back, lossy, _ = round_trip(Item(id="x", type="book", vars={
        "title": "T", "translator": [name], "author": [Name(literal="Ends with a comma,")]}))
    assert back["translator"] == [name]
    assert lossy == ["author"]  # "Ends with a comma,,," cannot say where the name ends


def test_runs_of_spaces_are_reported() -> None:
    back, lossy, _ = round_trip(Item(id="x", type="book", vars={"title": "A  b", "note": "x\ny"}))
    assert back["title"] == "A b" and lossy == ["title"]
    assert back["note"] == "x\ny"  # notes keep their lines
