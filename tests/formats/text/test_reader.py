import json

import pytest
from typer.testing import CliRunner

from citeshift import api, registry
from citeshift.cli import app
from citeshift.diagnostics import Report
from citeshift.formats.text.reader import TextReader
from tests.paths import FIXTURES

TEXT = FIXTURES / "text"
SEED = TEXT / "seed-vancouver-page.txt"


@pytest.fixture(scope="module")
def seed_items():
    report = Report()
    items = api.read(SEED, fmt="text", report=report)
    return items, report


def test_seed_page_end_to_end(seed_items):
    items, report = seed_items
    assert len(items) == 82
    assert report.records_in == 82 and report.records_failed == 0
    first = items[0].to_json()
    assert first["type"] == "article-journal"
    assert first["author"][0] == {"family": "Knutsen Glette", "given": "M."}
    assert first["container-title"] == "BMJ Open"
    assert (first["volume"], first["issue"], first["page"]) == ("13", "9", "e071828")
    assert first["DOI"] == "10.1136/bmjopen-2023-071828"
    meta = first["custom"]["citeshift"]
    assert meta["original-text"].startswith("Knutsen Glette M, Ludlow K")
    assert 0.0 < meta["confidence"] <= 1.0


def test_seed_page_repairs_are_reported_on_their_items(seed_items):
    items, report = seed_items
    by_id = {it.id: it for it in items}
    assert by_id["ref4"]["page"] == "913-923"
    assert by_id["ref40"]["page"] == "40-46"
    assert by_id["ref47"]["page"] == "S63-S67"
    assert by_id["ref9"]["page"] == "106"  # BMC article number kept
    repairs = [d for d in report.diagnostics if d.code.startswith("repair")]
    assert any(d.item_id == "ref4" and "91323" in d.message for d in repairs)
    assert not any(d.item_id == "ref9" for d in repairs)
    skipped = [d for d in report.diagnostics if d.code == "text.skipped"]
    assert len(skipped) == 2 and "10.5334/pme.2038" in skipped[1].message


def test_seed_page_types_and_special_references(seed_items):
    items, _ = seed_items
    by_id = {it.id: it.to_json() for it in items}
    web = by_id["ref2"]
    assert web["type"] == "webpage"
    assert web["author"] == [{"literal": "The College of Physicians and Surgeons of Ontario"}]
    assert web["accessed"]["date-parts"] == [[2024, 12, 19]]
    assert web["URL"].startswith("https://www.cpso.on.ca/")
    chapter = by_id["ref35"]
    assert chapter["type"] == "chapter"
    assert chapter["container-title"] == "JBI Manual for Evidence Synthesis"
    assert [e["family"] for e in chapter["editor"]] == ["Aromataris", "Lockwood", "Porritt", "Pilla", "Jordan"]
    assert by_id["ref6"]["custom"]["citeshift"]["etal"] == ["author"]
    assert by_id["ref63"]["type"] == "book" and by_id["ref63"]["edition"] == "2"
    assert by_id["ref58"]["issue"] == "Suppl 1"


def test_sniff_claims_reference_lists_but_not_other_formats():
    reader = TextReader()
    page = SEED.read_text("utf-8")
    assert 0.5 <= reader.sniff(page[:16384]) <= 0.6
    for other in ["TY  - JOUR\nAU  - Smith, J\nPY  - 2001\nER  - \n",
                  "@article{x, title={A 2001 title}, year={2001}}\n",
                  "PMID- 123\nTI  - A title 2001.\nDP  - 2001\n",
                  '[{"id": "a", "type": "book", "issued": {"date-parts": [[2001]]}}]',
                  "<?xml version='1.0'?><xml><records/></xml>",
                  "%A Smith, J\n%T A title\n%D 2001\n"]:
        assert reader.sniff(other) == 0.0
    assert registry.detect(page[:16384], "refs.txt") == "text"


def test_other_formats_do_not_claim_a_reference_list():
    page = SEED.read_text("utf-8")
    scores = registry.sniff_scores(page[:16384])
    assert max(scores, key=scores.get) == "text"
    assert all(s < 0.5 for name, s in scores.items() if name != "text")


def test_review_lists_low_confidence_items():
    report = Report()
    text = "Smith J, Jones K. Effect of aspirin on stroke recurrence. Lancet. 2001;357(9255):1234-40.\nSomething from 2001 that is not really a reference at all\n"
    items = api.parse(text, fmt="text", report=report, options={"review": True})
    assert len(items) == 2
    reviews = [d for d in report.diagnostics if d.code == "text.review"]
    assert [d.item_id for d in reviews] == [items[1].id]
    assert "not really a reference" in reviews[0].message


def test_unknown_input_style_is_reported_and_ignored():
    report = Report()
    api.parse("Smith J. A title. Lancet. 2001;1:1-2.\n", fmt="text", report=report,
              options={"input_style": "klingon"})
    assert any("klingon" in d.message for d in report.warnings)


def test_cli_convert_with_review_and_input_style(tmp_path):
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["convert", str(TEXT / "vancouver-short.txt"), "--from", "text",
                                      "--to", "csl-json", "-o", str(out), "--input-style", "vancouver",
                                      "--review"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert [d["type"] for d in data] == ["article-journal", "report", "chapter"]  # WHO report [Internet]
    assert data[0]["PMID"] == "30797593"
    assert data[0]["custom"]["citeshift"]["input-style"] == "vancouver"


def test_no_references_is_a_warning_not_a_crash():
    report = Report()
    assert api.parse("\n\n", fmt="text", report=report) == []
    assert any(d.code == "text.empty" for d in report.diagnostics)


def test_mixed_styles_list_types_and_fields():
    items = {it.id: it.to_json() for it in api.read(TEXT / "mixed-styles.txt", fmt="text", report=Report())}
    thesis = items["ref1"]
    assert thesis["type"] == "thesis"
    assert (thesis["genre"], thesis["publisher"]) == ("Doctoral dissertation", "University of Toronto")
    report = items["ref2"]
    assert report["type"] == "report" and report["number"] == "15-0049"
    assert report["publisher"] == "Agency for Healthcare Research and Quality"
    assert report["publisher-place"] == "Rockville, MD"
    chicago = items["ref3"]
    assert chicago["author"] == [{"family": "Harari", "given": "Yuval Noah"}]
    assert chicago["title"] == "Sapiens: A Brief History of Humankind"
    mla = items["ref4"]
    assert mla["type"] == "chapter" and mla["editor"] == [{"family": "Zinsser", "given": "William"}]
    assert mla["container-title"] == "Inventing the Truth"
    assert items["ref5"]["type"] == "article-newspaper"
    assert items["ref5"]["issued"]["date-parts"] == [[1969, 3, 27]]
    assert items["ref6"]["accessed"]["date-parts"] == [[2021, 5, 12]]
    assert items["ref7"]["type"] == "article"
    assert items["ref8"]["number-of-pages"] == "260"
    lancet = items["ref9"]
    assert lancet["page"] == "1569-1578" and lancet["custom"]["citeshift"]["etal"] == ["author"]


def test_stdin_and_other_writers(tmp_path):
    page = SEED.read_text("utf-8")
    result = CliRunner().invoke(app, ["convert", "-", "--from", "text", "--to", "ris", "-q"], input=page)
    assert result.exit_code == 0, result.output
    assert result.output.count("ER  -") == 82


OTHER_FORMAT_DIRS = ("ris", "bibtex", "biblatex", "nbib", "refer", "csljson", "endnote-xml", "pubmed-xml")


def test_text_sniffer_never_claims_another_formats_fixtures():
    checked = 0
    for folder in OTHER_FORMAT_DIRS:
        for path in sorted((FIXTURES / folder).rglob("*")) if (FIXTURES / folder).exists() else []:
            if not path.is_file():
                continue
            try:
                head = path.read_text("utf-8")[:16384]
            except UnicodeDecodeError:
                continue
            checked += 1
            assert TextReader().sniff(head) == 0.0, path
    assert checked > 0


def test_every_reference_list_fixture_is_detected_as_text():
    for path in sorted(TEXT.glob("*.txt")):
        head = path.read_text("utf-8")[:16384]
        assert registry.detect(head, path.name) == "text", path


def _by_id(name):
    return {it.id: it.to_json() for it in api.read(TEXT / name, fmt="text", report=Report())}


def test_vancouver_nlm_variants():
    items = _by_id("vancouver-nlm-variants.txt")
    assert items["ref1"]["DOI"] == "10.1056/NEJMoa2007016"  # "Epub 2020 Apr 10." is not part of it
    assert items["ref1"]["issued"]["date-parts"] == [[2020, 6, 11]]
    assert items["ref2"]["page"] == "m1985" and items["ref2"]["volume"] == "369"
    assert items["ref3"]["issue"] == "1 Suppl" and items["ref3"]["page"] == "e15000"
    assert items["ref4"]["page"] == "1054-1062"
    assert (items["ref5"]["PMID"], items["ref5"]["PMCID"]) == ("29355907", "PMC6491176")
    assert items["ref6"]["author"] == [{"literal": "American Diabetes Association"}]
    assert items["ref6"]["container-title"] == "Clin Diabetes"
    assert items["ref7"]["author"][-1] == {"literal": "GRADE Working Group"}
    assert len(items["ref7"]["author"]) == 8
    assert items["ref9"]["number-of-pages"] == "262"
    assert items["ref10"]["type"] == "thesis" and items["ref10"]["publisher"] == "Johns Hopkins University"


def test_apa7_mixed_types():
    items = _by_id("apa7-mixed-types.txt")
    types = [items[f"ref{n}"]["type"] for n in range(1, 11)]
    assert types[1:6] == ["article-journal", "article-journal", "book", "chapter", "thesis"]
    assert types[9] == "dataset"
    assert items["ref5"]["editor"][0] == {"family": "Oliver", "given": "M. B."}
    assert items["ref5"]["page"] == "115-129" and items["ref5"]["edition"] == "4"
    assert items["ref9"]["publisher"] == "Cambridge University Press"


def test_ieee_mixed_types():
    items = _by_id("ieee-mixed-types.txt")
    assert items["ref1"]["type"] == "paper-conference" and items["ref1"]["page"] == "770-778"
    assert items["ref2"]["custom"]["citeshift"]["etal"] == ["author"]
    assert items["ref3"]["type"] == "article"
    assert items["ref4"]["type"] == "thesis"
    assert items["ref5"]["type"] == "report"
    assert items["ref6"]["DOI"] == "10.1162/neco.2006.18.7.1527"
    assert items["ref7"]["type"] == "webpage"


def test_a_reference_that_breaks_the_parser_fails_alone(monkeypatch):
    import citeshift.formats.text.reader as reader_mod

    real = reader_mod.parse_reference

    def flaky(text, ctx, number=None):
        if text.startswith("Lee"):
            raise RuntimeError("boom")
        return real(text, ctx, number=number)

    monkeypatch.setattr(reader_mod, "parse_reference", flaky)
    report = Report()
    text = "1. Smith J. A title. Lancet. 2001;1:1-2.\n2. Lee K. Another. BMJ. 2002;2:3-4.\n3. Brown A. Third. JAMA. 2003;3:5-6.\n"
    items = api.parse(text, fmt="text", report=report, name="refs.txt")
    assert [it.id for it in items] == ["ref1", "ref3"]
    assert report.records_failed == 1 and report.records_in == 3
    failure = report.errors[0]
    assert failure.line == 2 and "boom" in failure.message and failure.file == "refs.txt"


def test_a_reference_too_long_to_be_one_is_reported_not_parsed():
    from citeshift import api
    from citeshift.diagnostics import Report
    from citeshift.formats.text.reader import MAX_REFERENCE_CHARS

    ref = "Smith J, Jones K. A title of a paper. J Med. 2020;1(2):3-4. "
    huge = (ref * (MAX_REFERENCE_CHARS // len(ref) + 2))
    text = f"References\n\n1. {huge}\n2. Smith J. Second paper. BMJ. 2019;3:5-9.\n"
    report = Report()
    items = api.parse(text, fmt="text", report=report)
    assert [i.id for i in items] == ["ref2"]
    assert report.records_failed == 1
    assert "too long to be one reference" in report.errors[0].message
    assert report.errors[0].line == 3
