"""The resubmission job end to end: a Vancouver list (as parsed CSL-JSON) in, APA out, and back."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from citeshift import api
from citeshift.cli import app
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

VANCOUVER = FIXTURES / "render" / "vancouver-list-parsed.json"


@pytest.fixture(params=["pandoc", "citeproc-py"])
def engine(request):
    from citeshift.render.pandoc import pandoc_path

    if request.param == "pandoc" and pandoc_path() is None:
        pytest.skip("pandoc binary missing")
    return request.param


def _apa(engine: str, report: Report) -> list[str]:
    items = api.read(VANCOUVER, report=report)
    text = api.write(items, fmt="text", report=report, options={"style": "apa", "engine": engine})
    return text.splitlines()


def test_vancouver_list_comes_out_as_apa(engine):
    report = Report()
    lines = _apa(engine, report)
    assert len(lines) == 8
    text = "\n".join(lines)
    # full journal titles for APA, page ranges expanded, the article number left alone
    assert "New England Journal of Medicine, 378(22), 2101–2111" in text
    assert "Journal of Clinical Epidemiology, 79, 112–118" in text
    assert "e00345-19" in text and "e00345–19" not in text
    # alphabetical, with year suffixes for the two Smith (2021) papers
    assert lines[0].startswith("Abbott, R., Bergström, L.")
    assert "Smith, J. (2021a). Adherence to statins" in text
    assert "Smith, J. (2021b). Beta-blockers" in text
    # editors once, in APA's form
    assert "In E. Aromataris & Z. Munn (Eds.), JBI manual for evidence synthesis (pp. 71–133)" in text


def test_unmatched_journal_and_et_al_are_reported(engine):
    report = Report()
    _apa(engine, report)
    codes = {(d.code, d.item_id) for d in report.diagnostics}
    assert ("journal.unmatched", "ref8") in codes
    assert ("render.etal", "ref8") in codes
    assert report.records_written == 8 and report.records_failed == 0


def test_apa_list_back_to_vancouver_abbreviates_journals():
    report = Report()
    items = api.read(VANCOUVER, report=report)
    apa_items = json.loads(api.write(items, fmt="csl-json", report=report))
    for data in apa_items:
        if data.get("container-title") == "J Clin Epidemiol":
            data["container-title"] = "Journal of Clinical Epidemiology"
    back = api.parse(json.dumps(apa_items), fmt="csl-json", report=report)
    text = api.write(back, fmt="text", report=report, options={"style": "vancouver"})
    assert "Quinn S, Rossi P. Reporting of adverse events in surgical trials. J Clin Epidemiol. 2016 Nov;79:112–8." in text
    assert text.splitlines()[0].startswith("1. Greenhalgh T.")


def test_cli_vancouver_to_apa_html_standalone(tmp_path):
    out = tmp_path / "refs.html"
    result = CliRunner().invoke(app, ["convert", str(VANCOUVER), "--to", "html", "--style", "apa",
                                      "--standalone", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<i>Journal of Clinical Epidemiology</i>" in page
