"""--style resolution: aliases, ids, dependent styles, journals, ISSNs, files, errors."""

from __future__ import annotations

import pytest

from citeshift import styles
from citeshift.diagnostics import Report


@pytest.mark.parametrize(("name", "style_id"), [
    ("apa", "apa"), ("APA", "apa"), ("vancouver", "nlm-citation-sequence"),
    ("ama", "american-medical-association"), ("ieee", "ieee"),
    ("harvard", "harvard-cite-them-right"), ("chicago", "chicago-author-date"),
    ("mla", "modern-language-association"), ("nature", "nature"),
])
def test_aliases(name, style_id):
    assert styles.resolve(name).id == style_id


def test_every_alias_names_an_installed_style():
    for alias, style_id in styles.aliases().items():
        assert style_id in styles.index(), alias


def test_dependent_style_id_resolves_to_its_parent_and_says_so():
    report = Report()
    spec = styles.resolve("bmj-open", report=report)
    assert spec.id == "bmj" and spec.path.name == "bmj.csl"
    assert any(d.code == "style.chosen" and "BMJ Open" in d.message for d in report.diagnostics)


@pytest.mark.parametrize(("journal", "parent"), [
    ("BMJ Open", "bmj"),
    ("Perspectives on Medical Education", "springer-vancouver-brackets"),
    ("perspectives on medical education", "springer-vancouver-brackets"),
])
def test_journal_names(journal, parent):
    report = Report()
    assert styles.resolve(journal, report=report).id == parent
    assert report.diagnostics, "the chosen style is reported"


def test_issn_with_or_without_hyphen():
    assert styles.resolve("2044-6055").id == "bmj"
    assert styles.resolve("20446055").id == "bmj"


def test_fuzzy_journal_match_is_a_warning():
    report = Report()
    spec = styles.resolve("Journl of Clinical Epidemiology", report=report)
    assert spec.requested == "Journl of Clinical Epidemiology"
    assert any(d.code == "style.fuzzy" for d in report.diagnostics)


def test_unknown_style_lists_the_closest_matches():
    with pytest.raises(styles.StyleError) as exc:
        styles.resolve("bmj opne x")
    assert "BMJ Open" in str(exc.value) and "citeshift styles" in str(exc.value)


def test_csl_file_path(tmp_path):
    src = styles.resolve("apa").path
    copy = tmp_path / "my-style.csl"
    copy.write_bytes(src.read_bytes())
    spec = styles.resolve(str(copy))
    assert spec.path == copy and "APA" in spec.title
    with pytest.raises(styles.StyleError, match="no such style file"):
        styles.resolve(str(tmp_path / "missing.csl"))


def test_dependent_style_default_locale_is_kept():
    # nature's parent says en-GB; a journal style's own default-locale wins over the parent's
    assert styles.default_locale(styles.resolve("nature")) == "en-GB"


def test_search_finds_by_words_and_issn():
    ids = [s.id for s in styles.search("bmj open")]
    assert ids[0] == "bmj-open"
    assert [s.id for s in styles.search("2044-6055")] == ["bmj-open"]


def test_search_lists_the_style_an_alias_names_first():
    from citeshift.styles import aliases, search

    assert search("vancouver")[0].id == aliases()["vancouver"]
