import pytest

from citeshift.normalize.pages import expand_range, normalize_dashes, split_range


@pytest.mark.parametrize(
    ("raw", "norm"),
    [("1--10", "1-10"), ("1 – 10", "1-10"), ("1‑10", "1-10"), ("1---10", "1-10"),
     ("e071828", "e071828"), ("1-3, 7", "1-3, 7")],
)
def test_normalize_dashes(raw, norm):
    assert normalize_dashes(raw) == norm


@pytest.mark.parametrize(
    ("raw", "full"),
    [("913-23", "913-923"), ("40-6", "40-46"), ("S63-7", "S63-S67"), ("1011-9", "1011-1019"),
     ("1-12", "1-12"), ("199-201", "199-201"), ("98-2", "98-2"), ("e123", "e123")],
)
def test_expand_range(raw, full):
    assert expand_range(raw) == full


def test_split_range():
    assert split_range("913–923") == ("913", "923")
    assert split_range("e071828") == ("e071828", None)
    assert split_range("1-3, 7-9") == ("1", "3")
