import pytest

from citeshift.formats.text.score import Scores, fold, values


def test_fold_ignores_case_punctuation_and_dash_kind():
    assert fold("BMJ Open.") == fold("bmj open")
    assert fold("913–923") == fold("913-923")


def test_values_per_field():
    v = values({"type": "article-journal", "author": [{"family": "Bates", "given": "D. W."},
                                                      {"literal": "WHO"}],
                "issued": {"date-parts": [[2020, 1]]}, "container-title": "J", "URL": "https://www.x.org/a"})
    assert v["author"] == ["bates|d", "who"]
    assert v["year"] == ["2020"]
    assert v["URL"] == ["xorga"]


def test_counts_and_micro_average():
    s = Scores()
    s.add("1", {"title": "A", "volume": "1", "author": [{"family": "X"}, {"family": "Y"}]},
          {"title": "a.", "volume": "2", "page": "5", "author": [{"family": "X"}]},
          fields=("title", "volume", "page", "author"))
    assert (s.fields["title"].tp, s.fields["title"].fp, s.fields["title"].fn) == (1, 0, 0)
    assert (s.fields["volume"].tp, s.fields["volume"].fp, s.fields["volume"].fn) == (0, 1, 1)
    assert (s.fields["page"].fp, s.fields["author"].fn) == (1, 1)
    m = s.micro
    assert (m.tp, m.fp, m.fn) == (2, 2, 2)
    assert m.f1 == pytest.approx(0.5)
    assert "| **micro** |" in s.table()
    assert ("1", "volume", ["1"], ["2"]) in s.errors
