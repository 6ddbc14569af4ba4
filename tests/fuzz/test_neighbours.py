"""A record that parsed is never dropped because a neighbour is broken.

For every reader: a table of broken-record snippets, each put between valid records
(and at the start and the end of the file). The valid records around it must all be
read, with their own title and author, and the counts must add up (``read_checked``).
Hypothesis then places random garbage between valid records of every format.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeshift import registry
from tests.fuzz.invariants import read_checked
from tests.fuzz.pathological import RECORD, wrap
from tests.fuzz.profiles import fuzz_settings

#: broken records, as they occur in real files (truncated exports, hand edits, bad tools)
BROKEN: dict[str, list[str]] = {
    "bibtex": [
        "@article{nokey,\n  title = {A title} year = 2020\n}\n\n",      # missing comma
        "@article{unclosed,\n  title = {An unclosed brace,\n  year = 2020,\n}\n\n",
        "@article{quote,\n  title = \"An unclosed quote,\n  year = 2020\n}\n\n",
        "@article{\n  title = {No key},\n}\n\n",
        "@article{paren,\n  title = {Mismatched}}\n)\n\n",
        "@misc{empty,\n  = {no field name},\n}\n\n",
        "@@@@\n\n",
        "@article{truncated,\n  title = {Cut off in the mid\n\n",  # cat of a cut file
        "\x00\x01\x02 binary junk \x7f\n\n",
        "@string{x = \n\n",
        "@comment{never closed\n\n",
        "@article{dup, title={a}, title={b}, author={and and}, year={-}}\n\n",
    ],
    "bibtxt": [
        "[broken\n    type: article\n\n",
        "[]\n    : no name\n    title\n\n",
        "    stray: field before any key\n\n",
        "[k]\n    type: article\n    title: {unbalanced\n\n",
    ],
    "ris": [
        "TY  - \nER  - \n\n",
        "TY  - JOUR\nTI  - A record without ER\n\n",
        "AU  - Tagless, A\nTI  - no TY line\nER  - \n\n",
        "TY  - ZZZZ\nTI  - unknown type\nER  - \n\n",
        "\x00\x00\x00 junk line\n\n",
        "TY  - JOUR\nXX\n--\nER\n\n",
        "ER  - \nER  - \n\n",
    ],
    "nbib": [
        "PMID- \nTI  - \n\n",
        "junk line without tag\nmore junk\n\n",
        "TI  - a title without PMID\n\n",
        "PMID- 123\nFAU - \nDP  - not a date\nPG  - ---\n\n",
        "PMID-\n\n",
    ],
    "refer": [
        "%0 \n\n",
        "junk line\nmore junk\n\n",
        "%0 Journal Article\n%\n%%\n%A\n\n",
        "%0 Book\n%D 99999999999\n%P ---\n\n",
    ],
    "endnote-xml": [
        "<record><titles><title>Unclosed title</record>\n",
        "<record><titles><title>&bogus; entity</title></titles></record>\n",
        "<record><ref-type>notanumber</ref-type><titles><title>a</titles></record>\n",
        "<record>\n",
        "<record></record>\n",
        "</record>\n",
        "<record><contributors><authors><author><style>x</author></authors></contributors></record>\n",
    ],
    "pubmed-xml": [
        "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article>\n",
        "<PubmedArticle></PubmedArticle>\n",
        "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article><ArticleTitle>a &nbsp; b"
        "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n",
        "<PubmedArticle><MedlineCitation><PMID>3</PMID><Article><ArticleTitle>unclosed"
        "</Article></MedlineCitation></PubmedArticle>\n",
    ],
    "csl-json": [
        '{"id": "x", "type": }',
        "{x}",
        '"a string, not an item"',
        '{"id": 1, "type": 42, "author": "not a list", "issued": "2020"}',
        '{"id": "unclosed", "title": "never ends',
        "[[[[",
        "null",
    ],
    "csl-yaml": [
        "- id: x\n  title: [unclosed\n",
        "- id: y\n  title: \"unclosed quote\n",
        "- just a string\n",
        "- id: z\n  author: 42\n  issued: not a date\n",
        "- id: t\n\ttitle: tab indented\n",
    ],
    "text": [
        "@@@@ #### %%%% &&&&\n",
        "\n\n\n",
        "3. \n",
        "()()()()()..;;;;,,,,\n",
        "Figure 1. A caption that is not a reference.\n",
    ],
}

PLACES = ["between", "first", "last"]


def _valid(fmt: str, n: int) -> str:
    return RECORD[fmt](f"Valid record number {n}", [f"Keeper{n}, Anna"], n=n)


def _assemble(fmt: str, broken: list[str], place: str) -> str:
    good = [_valid(fmt, 1), _valid(fmt, 2), _valid(fmt, 3)]
    if fmt == "text":  # numbered list: keep the numbering running through the broken ones
        good = [r.split(" ", 1)[1] for r in good]
        broken = [re.sub(r"^\d+\. ?", "", b) for b in broken]
        parts = ([*broken, *good] if place == "first" else
                 [*good, *broken] if place == "last" else [good[0], *broken, good[1], good[2]])
        out, number = [], 0
        for part in parts:
            if part.strip():
                number += 1
                part = f"{number}. {part}"
            out.append(part)
        return "".join(out)
    parts = ([*broken, *good] if place == "first" else
             [*good, *broken] if place == "last" else [good[0], *broken, good[1], good[2]])
    return wrap(fmt, parts)


def _check(fmt: str, text: str) -> None:
    items, report = read_checked(fmt, text.encode("utf-8"))
    titles = {str(i.vars.get("title", "")) for i in items}
    for n in (1, 2, 3):
        title = f"Valid record number {n}"
        assert title in titles, (title, sorted(titles), [d.format() for d in report.diagnostics])
        item = next(i for i in items if i.vars.get("title") == title)
        names = item.vars.get("author") or []
        assert any(f"Keeper{n}" in (a.family or a.literal or "") for a in names), (title, names)


CASES = [(fmt, i, place) for fmt, snippets in BROKEN.items()
         for i in range(len(snippets)) for place in PLACES]


@pytest.mark.parametrize(("fmt", "index", "place"), CASES,
                         ids=[f"{f}-{i}-{p}" for f, i, p in CASES])
def test_valid_records_survive_a_broken_neighbour(fmt: str, index: int, place: str) -> None:
    _check(fmt, _assemble(fmt, [BROKEN[fmt][index]], place))


@pytest.mark.parametrize("fmt", sorted(BROKEN))
def test_valid_records_survive_every_broken_neighbour_at_once(fmt: str) -> None:
    _check(fmt, _assemble(fmt, BROKEN[fmt], "between"))


def test_every_reader_has_a_table() -> None:
    assert set(BROKEN) == set(registry.readers())


_junk = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@pytest.mark.parametrize("fmt", sorted(BROKEN))
def test_random_broken_neighbours(fmt: str) -> None:
    """Garbage built from the format's own delimiters, between valid records."""

    @fuzz_settings(15)
    @given(st.lists(st.one_of(st.sampled_from(BROKEN[fmt]), _junk), min_size=1, max_size=3))
    def check(broken: list[str]) -> None:
        # garbage that opens a delimiter is closed by a blank line, as a record would be
        snippets = [b if b.endswith("\n\n") else b + "\n\n" for b in broken]
        _check(fmt, _assemble(fmt, snippets, "between"))

    check()


def test_text_entries_of_junk_do_not_merge_the_valid_references_after_them() -> None:
    # found by the long profile: entries holding only "0" made the segmenter read the list
    # as wrapped lines and merge references 4 and 5 (fixed in formats/text/segment.py)
    _check("text", _assemble("text", ["\n0\n\n", "\n0\n\n"], "between"))
