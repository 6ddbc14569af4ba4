"""Duplicate records: found by DOI, PMID or title + year + first author; merged losslessly."""

from __future__ import annotations

import json
from pathlib import Path

from citeshift import api
from citeshift.dedupe import dedupe, find_duplicates, identity_keys, normalized_title
from citeshift.diagnostics import Report
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from tests.paths import FIXTURES

MERGE = FIXTURES / "batch" / "merge"


def _read_both() -> list[Item]:
    return api.read(MERGE / "library-a.json") + api.read(MERGE / "library-b.json")


def test_identity_keys_normalise_doi_pmid_and_title() -> None:
    item = Item(id="x", type="article-journal", vars={
        "DOI": "https://doi.org/10.7326/M18-0850", "PMID": "030178033",
        "title": "PRISMA <i>Extension</i>: for {Scoping} Reviews!",
        "author": [Name(family="Tricco", given="A. C.")], "issued": Date(parts=[[2018, 9]])})
    assert identity_keys(item) == [
        ("DOI", "10.7326/m18-0850"), ("PMID", "30178033"),
        ("title", "prisma extension for scoping reviews|2018|tricco")]
    assert normalized_title("Ångström’s  law — revisited") == "angstrom s law revisited"


def test_no_title_key_without_year_or_author() -> None:
    item = Item(id="x", type="book", vars={"title": "Untitled notes"})
    assert identity_keys(item) == []


def test_groups_in_fixture_libraries() -> None:
    items = _read_both()
    groups = find_duplicates(items)
    by_ids = sorted(sorted(items[i].id for i in g.members) for g in groups)
    assert by_ids == [["Moher2009", "moher2009"], ["Page_2021", "page2021"],
                      ["Tricco2018", "tricco_prisma_scr"]]
    kinds = {items[g.members[1]].id: g.reasons[g.members[1]][0] for g in groups}
    assert kinds == {"tricco_prisma_scr": "DOI", "Page_2021": "PMID", "Moher2009": "title"}


def test_groups_are_transitive() -> None:
    a = Item(id="a", type="article-journal", vars={"DOI": "10.1/x"})
    b = Item(id="b", type="article-journal", vars={"DOI": "10.1/X", "PMID": "5"})
    c = Item(id="c", type="article-journal", vars={"PMID": "5"})
    d = Item(id="d", type="article-journal", vars={"PMID": "6"})
    groups = find_duplicates([a, b, c, d])
    assert [g.members for g in groups] == [[0, 1, 2]]


def test_merge_keeps_most_complete_fills_gaps_and_keeps_differences() -> None:
    report = Report()
    items = _read_both()
    out = dedupe(items, report)
    assert [i.id for i in out] == ["tricco_prisma_scr", "Page_2021", "Moher2009", "higgins2003",
                                   "egger1997"]
    assert report.records_merged == 3
    tricco = out[0]
    # the kept record (it has the abstract and PMID) got the longer author list
    assert [n.family for n in tricco.names("author")] == ["Tricco", "Lillie", "Zarin"]
    assert tricco["abstract"].startswith("Scoping reviews")
    merged = tricco.meta["merged"]
    assert merged[0]["id"] == "Tricco2018" and merged[0]["reason"] == "same DOI"
    # the differing journal spelling is kept, not lost; the DOI spellings are the same DOI
    assert merged[0]["differs"] == {"container-title": "Annals of Internal Medicine"}
    page = out[1]
    assert page["DOI"] == "10.1136/bmj.n71" and len(page.names("author")) == 3
    moher = out[2]
    assert len(moher.names("author")) == 4 and "differs" not in moher.meta["merged"][0]
    messages = [d.message for d in report.diagnostics if d.code == "dedupe.merged"]
    assert len(messages) == 3
    assert "merged duplicate 'Tricco2018'" in messages[0] and "same DOI" in messages[0]


def test_merged_values_survive_in_csl_json(tmp_path: Path) -> None:
    report = Report()
    api.convert([MERGE], to="csl-json", output=tmp_path / "m.json", dedupe=True, report=report)
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert len(data) == 5
    assert data[0]["custom"]["citeshift"]["merged"][0]["differs"]["container-title"] == \
        "Annals of Internal Medicine"
    assert report.records_in == report.records_written + report.records_failed + \
        report.records_merged


def test_no_duplicates_nothing_changes() -> None:
    report = Report()
    items = api.read(MERGE / "library-a.json")
    assert [i.id for i in dedupe(items, report)] == [i.id for i in items]
    assert report.records_merged == 0 and not report.diagnostics
