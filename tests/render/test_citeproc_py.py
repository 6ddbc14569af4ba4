"""One test per repair of citeproc-py (see citeshift.render.citeproc_patches)."""

from __future__ import annotations

import pytest

from citeshift.diagnostics import Report
from citeshift.model.item import item_from_json
from citeshift.render import render
from citeshift.render.citeproc_patches import _suffix, finish_entry, format_last_page


def _render(style: str, *items: dict) -> list[tuple[str, str]]:
    objs = [item_from_json({"type": "article-journal", **d}) for d in items]
    bib = render(objs, style=style, engine="citeproc-py", journal_titles="as-is", report=Report())
    return [(e.label, e.html) for e in bib.entries]


ART = {"id": "a", "author": [{"family": "Andersson", "given": "Karl"}], "title": "Things",
       "container-title": "Lancet", "volume": "12", "issue": "3", "page": "1-12",
       "issued": {"date-parts": [[2019, 3, 4]]}}


def test_vancouver_date_parts_keep_the_locale_delimiter():
    ((_label, html),) = _render("vancouver", ART)
    assert "2019 Mar 4;12(3)" in html


def test_numbered_layout_gives_the_label_apart():
    ((label, html),) = _render("vancouver", ART)
    assert label == "1." and html.startswith("Andersson K.")


@pytest.mark.parametrize(("fmt", "first", "last", "want"), [
    ("minimal", "1", "12", "12"), ("minimal", "243", "246", "6"), ("minimal", "321", "8", "8"),
    ("minimal-two", "1127", "1135", "35"), ("minimal-two", "2964", "2970", "70"),
    ("expanded", "321", "8", "328"), ("chicago", "71", "133", "133"), ("chicago", "1103", "1112", "12"),
    ("minimal", "S12", "S19", "9"), ("expanded", "S12", "S19", "S19"),
])
def test_page_range_formats(fmt, first, last, want):
    assert format_last_page(fmt, first, last) == want


def test_page_range_one_to_twelve_is_not_one_to_two():
    ((_, html),) = _render("vancouver", ART)
    assert ":1–12." in html


def test_year_suffixes_for_same_author_same_year():
    a = dict(ART, id="s1", title="Alpha")
    b = dict(ART, id="s2", title="Beta")
    out = [html for _, html in _render("apa", b, a)]
    assert out[0].startswith("Andersson, K. (2019a). Alpha") and "(2019b). Beta" in out[1]
    assert _suffix(0) == "a" and _suffix(25) == "z" and _suffix(26) == "aa"


def test_substituted_editors_are_not_printed_twice():
    book = {"id": "b", "type": "book", "editor": [{"family": "Aromataris", "given": "Edoardo"}],
            "title": "JBI manual", "publisher": "JBI", "issued": {"date-parts": [[2020]]}}
    ((_, html),) = _render("apa", book)
    assert html.count("Aromataris") == 1 and "(Ed.)" in html


def test_punctuation_goes_inside_quotes_and_periods_are_not_doubled():
    assert finish_entry("“Title”, <i>J</i>", punctuation_in_quote=True,
                        close_quotes=("”",)) == "“Title,” <i>J</i>"
    assert finish_entry("Abbott <i>et al.</i>. Title", punctuation_in_quote=False,
                        close_quotes=()) == "Abbott <i>et al.</i> Title"
    assert finish_entry("useful?. X", punctuation_in_quote=False, close_quotes=()) == "useful? X"
    ((_, html),) = _render("ieee", ART)
    assert "“Things,”" in html


def test_apostrophes_and_quotes_in_text_become_typographic_but_tags_do_not():
    out = finish_entry("<span class='x'>O'Brien's \"laws\"</span>", punctuation_in_quote=False,
                       close_quotes=())
    assert out == "<span class='x'>O’Brien’s “laws”</span>"


def test_data_is_html_escaped():
    ((_, html),) = _render("apa", dict(ART, title="Diet & exercise <1 h"))
    assert "Diet &amp; exercise &lt;1 h" in html


def test_initialize_false_keeps_given_names():
    ((_, html),) = _render("modern-language-association", ART)
    assert html.startswith("Andersson, Karl.")


def test_article_number_escape_is_read_as_a_literal_hyphen():
    ((_, html),) = _render("vancouver", dict(ART, page="e00345-19"))
    assert ":e00345-19." in html


def test_a_failing_entry_does_not_sink_the_list():
    report = Report()
    items = [item_from_json({"type": "article-journal", **ART}),
             item_from_json({"id": "bad", "type": "article-journal", "title": "Range",
                             "issued": {"date-parts": [[2009, 5, 12], [2009, 5, 14]]}})]
    bib = render(items, style="chicago", engine="citeproc-py", report=report)
    assert {e.id for e in bib.entries} >= {"a"}


def test_title_case_reaches_inside_hyphenated_words():
    ((_, html),) = _render("chicago-author-date", dict(ART, title="Long-term outcomes in low-income countries"))
    assert "“Long-Term Outcomes in Low-Income Countries.”" in html


def test_hyphenated_given_names_and_issue_ranges():
    item = dict(ART, author=[{"family": "Kim", "given": "Min-jun"}], issue="1-2")
    ((_, apa),) = _render("apa", item)
    assert apa.startswith("Kim, M. (2019).") and "<i>12</i>(1–2)" in apa
    ((_, ama),) = _render("ama", item)
    assert "12(1-2)" in ama  # AMA's own range delimiter
