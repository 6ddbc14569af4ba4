"""Fields as typed in the table, back into the model; and which field a diagnostic is about."""

from __future__ import annotations

import pytest

from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.web.fields import FieldError, set_field, value_text
from citeshift.web.highlights import field_of, flags


def _item() -> Item:
    return Item(id="x", type="article-journal", vars={
        "author": [Name(family="Gogh", given="Vincent", non_dropping_particle="van"),
                   Name(literal="WHO")],
        "issued": Date(parts=[[2019, 3]]), "page": "913-923"})


def test_values_shown_as_one_line():
    item = _item()
    item.etal.add("author")
    assert value_text(item, "author") == "van Gogh, Vincent; WHO; et al."
    assert value_text(item, "issued") == "2019-03"
    assert value_text(item, "page") == "913-923"
    assert value_text(item, "title") == ""


def test_names_typed_as_shown_keep_their_parts():
    item = _item()
    set_field(item, "author", "van Gogh, Vincent; WHO; Bates, David W., Jr.; et al")
    gogh, who, bates = item.names("author")
    assert gogh.non_dropping_particle == "van" and gogh.family == "Gogh"
    assert who.literal == "WHO"
    assert (bates.family, bates.given, bates.suffix) == ("Bates", "David W.", "Jr.")
    assert "author" in item.etal
    set_field(item, "author", "Bates, D")
    assert "author" not in item.etal and len(item.names("author")) == 1


def test_dates_numbers_and_removal():
    item = _item()
    set_field(item, "issued", "2021 Jun 1")
    assert item.date("issued").parts == [[2021, 6, 1]]
    set_field(item, "issued", "in press")
    assert item.date("issued").literal == "in press"
    set_field(item, "volume", " 12 ")
    assert item["volume"] == "12"
    set_field(item, "page", "")
    assert "page" not in item


@pytest.mark.parametrize(("key", "value", "why"), [
    ("type", "journal", "not a CSL item type"), ("colour", "x", "not a CSL variable"),
    ("id", "", "cannot be empty")])
def test_bad_edits(key, value, why):
    with pytest.raises(FieldError, match=why):
        set_field(_item(), key, value)


@pytest.mark.parametrize(("code", "message", "field"), [
    ("repair.page", "lost dash restored", "page"),
    ("repair", "lost en dash in page range 91323 read as 913-923", "page"),
    ("text.doi", "DOI looks truncated", "DOI"),
    ("warning", "unknown CSL type 'journal'; using 'document'", "type"),
    ("csl-json.validate", "'container-title' should be a string", "container-title"),
    ("repair.glued", "glued tokens split: Onlinend -> Online nd", None),
])
def test_field_of_diagnostic(code, message, field):
    assert field_of(code, message) == field


def test_flags_split_field_and_record_reasons():
    item = _item()
    item.meta["confidence"] = 0.55
    by_field, record = flags(item, [
        {"severity": "warning", "code": "repair.page", "message": "lost dash"},
        {"severity": "warning", "code": "warning", "message": "something odd"},
        {"severity": "info", "code": "info", "message": "skipped heading"},
        {"severity": "warning", "code": "text.doi", "message": "DOI truncated"},  # no DOI field
    ])
    assert by_field == {"page": ["lost dash"]}
    assert record[0].startswith("low parser confidence (0.55)")
    assert record[1:] == ["something odd", "DOI truncated"]
