"""--sort key|author|year|none."""

from __future__ import annotations

import pytest

from citeshift.errors import CiteshiftError
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.sort import fold, sort_items


def _item(id: str, family: str | None = None, y: int | None = None, title: str = "",
          literal_date: str | None = None) -> Item:
    item = Item(id=id, type="article-journal", vars={"title": title})
    if family is not None:
        item["author"] = [Name(family=family, given="A.")]
    if y is not None:
        item["issued"] = Date(parts=[[y]])
    if literal_date is not None:
        item["issued"] = Date(literal=literal_date)
    return item


ITEMS = [
    _item("ref10", "Zhang", 2001, "Zeta"),
    _item("ref2", "Ångström", 2019, "Alpha"),
    _item("Ref1", "angstrom", 2003, "Beta"),
    _item("ref3", None, 1999, "Anonymous works"),
    _item("ref4", "Müller", None, "Undated"),
    _item("ref5", "Brown", None, "In press", literal_date="in press 2024"),
]


def ids(items: list[Item]) -> list[str]:
    return [i.id for i in items]


def test_key_sorts_naturally_and_ignores_case() -> None:
    assert ids(sort_items(ITEMS, "key")) == ["Ref1", "ref2", "ref3", "ref4", "ref5", "ref10"]


def test_author_folds_accents_then_year() -> None:
    # Ångström and angstrom are one name: ordered by year; no author sorts by title
    assert ids(sort_items(ITEMS, "author")) == ["Ref1", "ref2", "ref3", "ref5", "ref4", "ref10"]


def test_year_puts_undated_last_and_reads_literal_years() -> None:
    assert ids(sort_items(ITEMS, "year")) == ["ref3", "ref10", "Ref1", "ref2", "ref5", "ref4"]


def test_none_keeps_input_order_and_sort_is_stable() -> None:
    assert ids(sort_items(ITEMS, "none")) == ids(ITEMS)
    twins = [_item("b", "Same", 2000, "T"), _item("a", "Same", 2000, "T")]
    assert ids(sort_items(twins, "year")) == ["a", "b"]  # id breaks the tie


def test_unknown_order_is_a_usage_error() -> None:
    with pytest.raises(CiteshiftError, match="unknown sort order 'title'"):
        sort_items(ITEMS, "title")


def test_fold_drops_markup_braces_and_accents() -> None:
    assert fold("<i>The</i> {Élan}  Vital") == "the elan vital"
