"""CSL-JSON -> RIS -> CSL-JSON keeps every variable RIS can hold, for every CSL type;
and an independent reader (rispy) accepts what we write."""

from __future__ import annotations

import string

import pytest
import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.formats.ris.mapping import CSL_TO_RIS, RIS_TO_CSL, rule_for, write_tags
from citeshift.model import vocab
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name

WORD = st.text(alphabet=string.ascii_letters + "éøüß", min_size=1, max_size=8)
TEXT = st.lists(st.text(alphabet=string.ascii_letters + string.digits + "éü–:'()?&",
                        min_size=1, max_size=10), min_size=1, max_size=5).map(" ".join)
NUMBER = st.integers(min_value=1, max_value=9999).map(str)
PERSON = st.builds(
    lambda f, f2, g, ndp, dp, sfx: Name(
        family=f"{f.capitalize()} {f2.capitalize()}" if f2 else f.capitalize(),
        given=g.capitalize(), non_dropping_particle=ndp, dropping_particle=dp, suffix=sfx),
    WORD, st.one_of(st.none(), WORD), WORD,
    st.sampled_from([None, None, "van", "de la", "von der"]),
    st.sampled_from([None, None, None, "van", "de"]),
    st.sampled_from([None, None, None, "Jr.", "III", "Sr."]))
ORG = st.builds(lambda a, b: Name(literal=f"{a.capitalize()} {b.capitalize()} Institute"),
                WORD, WORD)
NAMES = st.lists(st.one_of(PERSON, ORG), min_size=1, max_size=4)
DATE = st.one_of(
    st.builds(lambda y: Date(parts=[[y]]), st.integers(1500, 2100)),
    st.builds(lambda y, m: Date(parts=[[y, m]]), st.integers(1500, 2100), st.integers(1, 12)),
    st.builds(lambda y, m, d: Date(parts=[[y, m, d]]), st.integers(1500, 2100),
              st.integers(1, 12), st.integers(1, 28)),
)
SPECIAL = {
    "DOI": st.builds(lambda a, b: f"10.{a}/{b}", st.integers(1000, 99999),
                     st.text(alphabet=string.ascii_lowercase + string.digits + ".-", min_size=1,
                             max_size=12).filter(lambda s: s[-1] not in ".-")),
    "URL": st.builds(lambda a: f"https://example.org/{a}",
                     st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10)),
    "ISBN": st.sampled_from(["978-0-06-297658-1", "0-306-40615-2", "9783642002304"]),
    "ISSN": st.sampled_from(["0028-0836", "1474-547X"]),
    "page": st.one_of(NUMBER, st.builds(lambda a, b: f"{a}-{a + b}", st.integers(1, 999),
                                        st.integers(1, 99))),
    "keyword": st.lists(WORD, min_size=1, max_size=4, unique=True).map(", ".join),
    "PMCID": st.integers(1, 9999999).map(lambda n: f"PMC{n}"),
}


def holdable(csl_type: str) -> list[str]:
    """Variables a record of this type can carry in RIS (what the writer has a tag for)."""
    tags = write_tags(CSL_TO_RIS[csl_type])
    out = [v for v in tags if not v.startswith("@") and v in vocab.ALL_VARIABLES]
    if "@isxn" in tags:
        out += ["ISBN", "ISSN"]
    if "@page-start" in tags:
        out.append("page")
    if "@keyword" in tags:
        out.append("keyword")
    return sorted(set(out))


def strategy_for(var: str) -> st.SearchStrategy:
    if var in SPECIAL:
        return SPECIAL[var]
    kind = vocab.variable_kind(var)
    if kind == "name":
        return NAMES
    if kind == "date":
        return DATE
    if kind == "number":
        return NUMBER
    return TEXT


@st.composite
def items(draw: st.DrawFn) -> Item:
    csl_type = draw(st.sampled_from(sorted(vocab.ITEM_TYPES)))
    chosen = draw(st.lists(st.sampled_from(holdable(csl_type)), unique=True, max_size=12))
    if "ISBN" in chosen and "ISSN" in chosen:
        chosen.remove("ISSN")
    values = {var: draw(strategy_for(var)) for var in chosen}
    key = draw(st.text(alphabet=string.ascii_lowercase + string.digits, min_size=3, max_size=10))
    return Item(id=key, type=csl_type, vars=values)


def _same(var: str, a: object, b: object) -> bool:
    if isinstance(a, list):
        return [n.display() for n in a] == [n.display() for n in b]  # type: ignore[union-attr]
    if isinstance(a, Date):
        return isinstance(b, Date) and a.parts == b.parts
    return a == b


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_csl_to_ris_to_csl_keeps_what_ris_holds(item: Item) -> None:
    report = Report()
    text = api.write([item], fmt="ris", report=report)
    assert not [d.message for d in report.diagnostics
                if d.code == "lossy" and not d.message.startswith("type ")]
    back = api.parse(text, fmt="ris", report=Report())
    assert len(back) == 1
    got = back[0]
    assert got.id == item.id
    if RIS_TO_CSL[CSL_TO_RIS[item.type]] == item.type:
        assert got.type == item.type
    for var, value in item.vars.items():
        assert _same(var, value, got.get(var)), (var, value, got.get(var), text)


@settings(max_examples=60, deadline=None)
@given(st.lists(items(), min_size=1, max_size=3))
def test_rispy_reads_our_output(batch: list[Item]) -> None:
    text = api.write(batch, fmt="ris", report=Report())
    assert isinstance(text, str)
    entries = rispy.loads(text.replace("\r\n", "\n"))
    assert len(entries) == len(batch)
    for entry, item in zip(entries, batch, strict=True):
        assert entry["type_of_reference"] == CSL_TO_RIS[item.type]
        if "title" in item.vars and write_tags(CSL_TO_RIS[item.type]).get("title") == "TI":
            assert entry["title"] == item["title"]
        authors = item.names("author")
        if authors and write_tags(CSL_TO_RIS[item.type]).get("author") == "AU":
            assert len(entry["authors"]) == len(authors)


@pytest.mark.parametrize("ty", sorted(RIS_TO_CSL))
def test_every_written_tag_reads_back_to_its_variable(ty: str) -> None:
    for var, tag in write_tags(ty).items():
        rule = rule_for(ty, tag)
        assert rule is not None and rule.var == var, (ty, tag, var)
