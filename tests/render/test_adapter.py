"""The data handling and the pandoc adapter: fixes made in data, never in output strings."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from citeshift.diagnostics import Report
from citeshift.model.item import item_from_json
from citeshift.render import get_engine, render, stylefix
from citeshift.render import pandoc as pandoc_engine
from citeshift.render.citeproc_py import CiteprocPyEngine
from citeshift.render.prepare import Preparer, escape_article_number, protect_prepositions

needs_pandoc = pytest.mark.skipif(pandoc_engine.pandoc_path() is None,
                                  reason="pypandoc-binary's pandoc is not installed")


def _item(**data):
    return item_from_json({"id": "x", "type": "article-journal", **data})


@pytest.mark.parametrize(("page", "escaped"), [
    ("e00345-19", "e00345\\-19"), ("e01234-20", "e01234\\-20"), ("A0123-4", "A0123\\-4"),
    ("913-923", "913-923"), ("S63-S67", "S63-S67"), ("e1-e10", "e1-e10"), ("e0197357", "e0197357"),
])
def test_article_numbers_are_escaped_ranges_are_not(page, escaped):
    assert escape_article_number(page) == escaped


def test_long_prepositions_are_protected_but_not_at_a_start():
    assert protect_prepositions("Care after surgery: after the storm") == (
        'Care <span class="nocase">after</span> surgery: after the storm')
    assert protect_prepositions("After surgery") == "After surgery"


@pytest.mark.parametrize(("mode", "title", "short"), [
    (None, "Journal of Clinical Epidemiology", "J Clin Epidemiol"),
    ("full", "Journal of Clinical Epidemiology", "J Clin Epidemiol"),
    ("abbreviated", "J Clin Epidemiol", "J Clin Epidemiol"),
    ("as-is", "J Clin Epidemiol", None),
])
def test_journal_title_modes(mode, title, short):
    prep = Preparer(journal_titles=mode, sentence_case=None, report=Report())
    data = prep(_item(**{"container-title": "J Clin Epidemiol"}))
    assert data["container-title"] == title
    assert data.get("container-title-short") == short


def test_unmatched_journals_reported_once_each():
    report = Report()
    prep = Preparer(journal_titles=None, sentence_case=None, report=report)
    for _ in range(3):
        prep(_item(**{"container-title": "Journal of Unlisted Things"}))
    prep.finish()
    msgs = [d.message for d in report.diagnostics if d.code == "journal.unmatched"]
    assert len(msgs) == 1 and "3 entries" in msgs[0]


def test_sentence_case_is_automatic_for_bibtex_sources_only():
    from citeshift.model.item import Origin

    prep = Preparer(journal_titles="as-is", sentence_case=None, report=Report())
    bib = _item(title="Outcomes of Surgery in the UK")
    bib.origin = Origin(file="refs.bib", format="bibtex")
    assert prep(bib)["title"] == "Outcomes of surgery in the UK"
    assert prep(_item(title="Outcomes of Surgery in the UK"))["title"] == "Outcomes of Surgery in the UK"
    forced = Preparer(journal_titles="as-is", sentence_case=True, report=Report())
    assert forced(_item(title="Outcomes of Surgery"))["title"] == "Outcomes of surgery"


def test_names_with_a_label_get_an_explicit_name_first():
    ns = stylefix.CSL_NS
    root = etree.fromstring(f'<style xmlns="{ns}"><macro name="e"><names variable="editor">'
                            f'<label prefix=", "/></names></macro></style>')
    assert stylefix.add_implicit_names(root) == 1
    names = root.find(f"{{{ns}}}macro/{{{ns}}}names")
    assert [etree.QName(c).localname for c in names] == ["name", "label"]


def test_issue_ranges_use_the_styles_range_delimiter():
    assert pandoc_engine.adapt({"id": "a", "issue": "1-2"}, 0)["issue"] == "1\u20132"
    assert pandoc_engine.adapt({"id": "a", "issue": "1-2"}, 0, "-")["issue"] == "1-2"
    assert pandoc_engine.adapt({"id": "a", "issue": "Suppl 1"}, 3) == {"id": "i3", "issue": "Suppl 1"}


def test_collision_keys_group_what_can_collide():
    items = [
        {"id": "1", "author": [{"family": "Smith", "given": "J"}], "issued": {"date-parts": [[2021]]}},
        {"id": "2", "author": [{"family": "Smith", "given": "K"}], "issued": {"date-parts": [[2021]]}},
        {"id": "3", "author": [{"family": "Smith", "given": "J"}], "issued": {"date-parts": [[2020]]}},
        {"id": "4", "author": [{"family": "Müller", "given": "J"}], "issued": {"date-parts": [[2021]]}},
        {"id": "5", "author": [{"family": "Muller", "given": "A"}], "issued": {"date-parts": [[2021]]}},
        {"id": "6", "title": "No author"},
    ]
    groups = pandoc_engine.colliding_groups(items, with_year=True)
    assert sorted(map(sorted, groups)) == [[0, 1], [3, 4], [5]]
    assert sorted(map(sorted, pandoc_engine.colliding_groups(items, with_year=False))) == [
        [0, 1, 2], [3, 4], [5]]


@needs_pandoc
def test_split_rendering_gives_the_same_list_as_one_pass(monkeypatch):
    """The fast path for long lists (no disambiguation except where citations can collide)
    must print exactly what the full style prints."""
    import random
    import sys

    from tests.paths import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from render_corpus import make_items

    data = make_items(150, seed=7)
    random.Random(1).shuffle(data)
    items = [item_from_json(d) for d in data]
    monkeypatch.setattr(pandoc_engine, "SPLIT_THRESHOLD", 10_000)
    whole = render(items, style="apa", engine="pandoc", journal_titles="as-is")
    monkeypatch.setattr(pandoc_engine, "SPLIT_THRESHOLD", 10)
    monkeypatch.setattr(pandoc_engine, "CHUNK", 20)
    split = render(items, style="apa", engine="pandoc", journal_titles="as-is")
    assert [(e.id, e.html) for e in split.entries] == [(e.id, e.html) for e in whole.entries]
    assert any("a)" in e.html for e in whole.entries), "the sample must hold year suffixes"


def test_fallback_to_citeproc_py_without_pandoc(monkeypatch):
    monkeypatch.setenv("CITESHIFT_NO_PANDOC", "1")
    pandoc_engine.pandoc_path.cache_clear()
    try:
        report = Report()
        assert isinstance(get_engine(None, report), CiteprocPyEngine)
        assert any(d.code == "render.fallback" for d in report.diagnostics)
        bib = render([_item(title="T", author=[{"family": "A", "given": "B"}],
                            issued={"date-parts": [[2020]]})], style="apa", report=report)
        assert bib.engine == "citeproc-py" and "A, B. (2020)" in bib.entries[0].html
    finally:
        monkeypatch.delenv("CITESHIFT_NO_PANDOC")
        pandoc_engine.pandoc_path.cache_clear()


@needs_pandoc
def test_pandoc_is_the_wheels_own_binary():
    import pypandoc

    assert pandoc_engine.pandoc_path() == pypandoc.get_pandoc_path()
    assert "pypandoc" in pandoc_engine.pandoc_path()


@needs_pandoc
def test_locale_option_changes_the_terms():
    item = _item(title="T", author=[{"family": "A", "given": "B"}, {"family": "C", "given": "D"}],
                 issued={"date-parts": [[2020, 3]]}, **{"container-title": "X", "volume": "1"})
    de = render([item], style="modern-language-association", locale="de-DE", engine="pandoc",
                journal_titles="as-is")
    assert "und" in de.entries[0].html and "März" in de.entries[0].html


def test_unknown_engine_is_an_error():
    from citeshift.errors import CiteshiftError

    with pytest.raises(CiteshiftError, match="unknown engine"):
        get_engine("citeproc-js")


def test_corpus_is_valid_csl_json():
    from tests.render.golden import DATA

    data = json.loads((DATA / "corpus.json").read_text("utf-8"))
    assert len(data) >= 90 and len({d["type"] for d in data}) >= 14


def test_a_pandoc_failure_falls_back_to_citeproc_py(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("pandoc failed: boom")

    monkeypatch.setattr(pandoc_engine, "run_pandoc", broken)
    report = Report()
    bib = render([_item(title="T", author=[{"family": "A", "given": "B"}])], style="apa",
                 engine="pandoc", report=report)
    assert bib.engine == "citeproc-py" and len(bib.entries) == 1
    assert any(d.code == "render.fallback" and "boom" in d.message for d in report.diagnostics)


def test_unknown_locale_is_a_warning():
    report = Report()
    render([_item(title="T")], style="apa", locale="xx-YY", engine="citeproc-py", report=report)
    assert any(d.code == "render.locale" for d in report.diagnostics)
    report = Report()
    render([_item(title="T")], style="apa", locale="de-DE", engine="citeproc-py", report=report)
    assert not any(d.code == "render.locale" for d in report.diagnostics)


@needs_pandoc
def test_render_many_runs_several_bibliographies_in_one_process(tmp_path):
    from citeshift import styles

    apa = stylefix.prepared_style(styles.resolve("apa").path)
    broken = tmp_path / "broken.csl"
    broken.write_text("<style>not csl", "utf-8")
    item = pandoc_engine.adapt({"id": "x", "type": "book", "title": "T",
                                "author": [{"family": "A", "given": "B"}]}, 0)
    out = pandoc_engine.render_many([("ok", [item], apa, "en-US"), ("bad", [item], broken, None)])
    assert out["ok"][0][0] == "ref-i0" and "A, B." in out["ok"][0][2]
    assert isinstance(out["bad"], str)


def test_a_style_without_a_bibliography_is_a_clear_error():
    from citeshift.errors import CiteshiftError

    with pytest.raises(CiteshiftError, match="has no bibliography"):
        render([_item(title="T")], style="agora", engine="citeproc-py")


def test_name_suffix_periods_follow_the_styles_initials():
    item = _item(author=[{"family": "King", "given": "Martin Luther", "suffix": "Jr."},
                         {"family": "Lee", "given": "Ann"}],
                 title="T", issued={"date-parts": [[2011]]})
    van = render([item], style="vancouver", engine="citeproc-py", journal_titles="as-is")
    apa = render([item], style="apa", engine="citeproc-py", journal_titles="as-is")
    assert van.entries[0].html.startswith("King ML Jr, Lee A.")
    assert apa.entries[0].html.startswith("King, M. L., Jr., &amp; Lee, A.")


def test_journal_abbreviation_form_follows_the_style():
    item = _item(title="T", author=[{"family": "A", "given": "B"}], issued={"date-parts": [[2016]]},
                 volume="79", **{"container-title": "Journal of Clinical Epidemiology"})
    nature = render([item], style="nature", engine="citeproc-py").entries[0].html
    vancouver = render([item], style="vancouver", engine="citeproc-py").entries[0].html
    assert "<i>J. Clin. Epidemiol.</i>" in nature
    assert "J Clin Epidemiol." in vancouver
