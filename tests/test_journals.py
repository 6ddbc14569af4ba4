"""Journal titles: lookup, abbreviate, expand, from the shipped CC0 list."""

from __future__ import annotations

import pytest

from citeshift import journals


@pytest.mark.parametrize("title", ["Journal of Clinical Epidemiology", "journal of clinical epidemiology",
                                   "J Clin Epidemiol", "J. Clin. Epidemiol."])
def test_lookup_any_spelling(title):
    j = journals.lookup(title)
    assert j is not None
    assert (j.title, j.nlm, j.iso) == ("Journal of Clinical Epidemiology", "J Clin Epidemiol",
                                       "J. Clin. Epidemiol.")


def test_leading_the_and_ampersand_fold():
    assert journals.lookup("The Lancet").title == "Lancet"
    assert journals.abbreviate("Social Science and Medicine") == "Soc Sci Med"


def test_abbreviate_and_expand():
    assert journals.abbreviate("New England Journal of Medicine") == "N Engl J Med"
    assert journals.expand("N Engl J Med") == "New England Journal of Medicine"
    assert journals.expand("Acad Med") == "Academic Medicine"


def test_unknown_is_none():
    assert journals.lookup("Journal of Things Nobody Publishes") is None
    assert journals.abbreviate("") is None and journals.expand("   ") is None


def test_is_abbreviation():
    assert journals.is_abbreviation("J Clin Epidemiol")
    assert not journals.is_abbreviation("Journal of Clinical Epidemiology")
    assert not journals.is_abbreviation("BMJ")  # the abbreviation is the title


def test_sentence_case_list_titles_come_out_in_title_case():
    assert journals.title_case("Journal of clinical epidemiology") == "Journal of Clinical Epidemiology"
    assert journals.title_case("PLoS medicine") == "PLoS Medicine"
