from __future__ import annotations

from citeshift.model import Date, Item, Name, SourceRecord
from citeshift.model.item import item_from_json


def test_citeshift_data_travels_under_custom():
    item = Item(id="a", type="book", vars={"title": "T", "author": [Name(family="X")]})
    item.etal.add("author")
    item.source = SourceRecord(format="bibtex", type="phdthesis", fields=[("file", "a.pdf")])
    item.meta["confidence"] = 0.8
    data = item.to_json()
    assert data["custom"]["citeshift"] == {
        "etal": ["author"],
        "source": {"format": "bibtex", "type": "phdthesis", "fields": [["file", "a.pdf"]]},
        "confidence": 0.8,
    }
    again = item_from_json(data)
    assert again.etal == {"author"}
    assert again.source == item.source
    assert again.meta == {"confidence": 0.8}
    assert again.to_json() == data


def test_validation_keeps_everything_and_explains():
    problems: list[str] = []
    item = item_from_json(
        {"id": "v", "type": "journal-article", "author": "Smith, J", "issued": 2019,
         "volume": ["1"], "foo": 1},
        problems=problems,
    )
    assert item.type == "document"
    assert item.source is not None and item.source.type == "journal-article"
    assert item.names("author")[0].literal == "Smith, J"
    assert item.date("issued").parts == [[2019]]
    assert item.custom == {"volume": ["1"], "foo": 1}
    assert len(problems) == 5


def test_numeric_id_round_trips_as_number():
    item = item_from_json({"id": 42, "type": "book"})
    assert item.id == "42"
    assert item.to_json()["id"] == 42


def test_accessors():
    item = Item(id="a", type="book", vars={"title": "T", "volume": 3, "issued": Date(parts=[[1]])})
    assert item.text("volume") == "3"
    assert item.text("issued") is None
    assert item.names("author") == []
    assert "title" in item


def test_misspelt_type_is_repaired_and_original_kept():
    problems: list[str] = []
    item = item_from_json({"id": "a", "type": "Article-Journal"}, problems=problems)
    assert item.type == "article-journal"
    assert item.source.type == "Article-Journal"
    assert problems == ["CSL type 'Article-Journal' read as 'article-journal'"]
