"""The bibliography writers (text, html, markdown, rtf, docx) and their CLI options."""

from __future__ import annotations

import io
import zipfile

import pytest
from typer.testing import CliRunner

from citeshift import api, registry
from citeshift.cli import app
from citeshift.diagnostics import Report
from citeshift.render import markup
from citeshift.render.pandoc import pandoc_path
from tests.paths import FIXTURES

LIST = FIXTURES / "render" / "vancouver-list-parsed.json"
needs_pandoc = pytest.mark.skipif(pandoc_path() is None, reason="pandoc binary missing")


def _items():
    return api.read(LIST, report=Report())


def test_writers_are_registered():
    for name in ("text", "html", "markdown", "rtf", "docx"):
        assert name in registry.writers()
    assert registry.get_writer("docx").binary


def test_text_is_one_entry_a_line_numbered_as_the_style_numbers():
    out = api.write(_items(), fmt="text", options={"style": "vancouver"})
    lines = out.splitlines()
    assert len(lines) == 8 and lines[0].startswith("1. Greenhalgh T.")
    ieee = api.write(_items(), fmt="text", options={"style": "ieee"})
    assert ieee.splitlines()[0].startswith("[1] T. Greenhalgh,")


def test_html_fragment_and_standalone_page():
    frag = api.write(_items(), fmt="html", options={"style": "apa"})
    assert frag.startswith('<div class="csl-bib-body hanging-indent">')
    assert frag.count('<div class="csl-entry"') == 8 and "<i>" in frag
    page = api.write(_items(), fmt="html", options={"style": "apa", "standalone": "true"})
    assert page.startswith("<!DOCTYPE html>") and "<title>References</title>" in page


def test_markdown_keeps_italics_and_numbers_as_a_list():
    out = api.write(_items(), fmt="markdown", options={"style": "ama"})
    first = out.split("\n\n")[0]
    assert first.startswith("1. Greenhalgh T.") and "*BMJ*" in first


def test_rtf_is_a_document_with_formatting_and_unicode():
    out = api.write(_items(), fmt="rtf", options={"style": "apa"})
    assert out.startswith(r"{\rtf1") and out.rstrip().endswith("}")
    assert r"{\i " in out and r"\u246?" in out  # ö of Bergström
    assert out.count(r"\par}") == 8


@needs_pandoc
def test_docx_is_a_word_document_holding_the_list():
    data = api.write(_items(), fmt="docx", options={"style": "apa"})
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        styles_xml = z.read("word/styles.xml").decode("utf-8")
    assert "Greenhalgh" in body and "<w:i" in body
    assert body.count('<w:pStyle w:val="Bibliography"') == 8
    bib_style = styles_xml[styles_xml.find('w:styleId="Bibliography"'):]
    assert '<w:ind w:left="720" w:hanging="720"/>' in bib_style[:bib_style.find("</w:style>")]


def test_markup_conversions():
    frag = 'A &amp; B <i>J*</i> <span style="font-variant:small-caps;">Sc</span> H<sub>2</sub>O'
    assert markup.to_text(frag) == "A & B J* Sc H2O"
    assert markup.to_markdown(frag) == r"A & B *J\** [Sc]{.smallcaps} H~2~O"
    assert markup.to_rtf(frag) == r"A & B {\i J*} {\scaps Sc} H{\sub 2}O"
    assert markup.rtf_escape("{é}\U0001F600") == r"\{\u233?\}\u-10179?\u-8704?"


def test_cli_options_reach_the_renderer(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["convert", str(LIST), "--to", "text", "--style", "apa",
                              "--journal-titles", "abbreviated", "--engine", "citeproc-py"])
    assert res.exit_code == 0, res.output
    assert "N Engl J Med" in res.stdout
    res = runner.invoke(app, ["convert", str(LIST), "--to", "text", "--journal-titles", "short"])
    assert res.exit_code == 2 and "--journal-titles" in res.output
    res = runner.invoke(app, ["convert", str(LIST), "--to", "text", "--style", "no such style xyz"])
    assert res.exit_code == 2 and "unknown style" in res.output


def test_cli_reports_the_chosen_journal_style():
    res = CliRunner().invoke(app, ["convert", str(LIST), "--to", "text", "--style", "BMJ Open"])
    assert res.exit_code == 0
    assert "BMJ Open -> BMJ (bmj)" in res.output


def test_cli_styles_lists_and_searches():
    runner = CliRunner()
    res = runner.invoke(app, ["styles"])
    assert res.exit_code == 0 and "vancouver" in res.stdout and "nlm-citation-sequence" in res.stdout
    res = runner.invoke(app, ["styles", "perspectives medical education"])
    assert res.exit_code == 0 and "perspectives-on-medical-education" in res.stdout
    res = runner.invoke(app, ["styles", "zzzz qqqq"])
    assert res.exit_code == 1


def test_docx_without_pandoc_is_a_clear_error(monkeypatch):
    from citeshift.errors import CiteshiftError
    from citeshift.formats.bibliography import docx

    monkeypatch.setattr(docx, "pandoc_path", lambda: None)
    with pytest.raises(CiteshiftError, match="--to docx needs the pandoc binary"):
        api.write(_items(), fmt="docx", options={"style": "apa", "engine": "citeproc-py"})
