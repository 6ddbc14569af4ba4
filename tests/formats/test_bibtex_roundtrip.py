"""Property: CSL-JSON -> BibTeX/BibLaTeX -> CSL-JSON keeps every mapped variable.

Names with particles and suffixes, organisations, Unicode, inline markup and
date ranges are generated; what comes back must be the same, in both dialects.
The one normalisation allowed is documented in docs/bibtex.md: words with inner
capitals come back inside nocase spans (the writer braces them).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.model.item import item_from_json

WORDS = ["resilience", "Arctic", "DNA", "über", "São", "naïve", "Ångström", "β-decay", "model",
         "Zürich", "iPhone", "café", "X-ray", "data", "Łódź", "the", "of", "1999", "Müller's",
         "a&b", "50%", "C#", "x_1", "“quoted”", "–", "Straße", "Ελληνικά", "日本語"]
FAMILIES = ["Glette", "Müller", "Ørsted", "Beethoven", "Nguyễn", "O'Brien", "Smith-Jones",
            "Fontaine", "Hicks", "Łukasiewicz", "García Márquez"]
GIVENS = ["Tore", "Jürgen", "A. B.", "Jean-Paul", "Zoë", "María José", None]
PARTICLES = [None, None, "van", "de la", "von der", "d'"]
SUFFIXES = [None, None, "Jr.", "III"]
ORGS = ["World Health Organization", "Organizations and Institutions Ltd.", "CERN"]
TYPES = ["article-journal", "book", "chapter", "paper-conference", "report", "thesis"]


@st.composite
def names(draw):
    if draw(st.integers(0, 5)) == 0:
        return {"literal": draw(st.sampled_from(ORGS))}
    name = {"family": draw(st.sampled_from(FAMILIES))}
    for key, pool in (("given", GIVENS), ("non-dropping-particle", PARTICLES),
                      ("suffix", SUFFIXES)):
        value = draw(st.sampled_from(pool))
        if value:
            name[key] = value
    if "suffix" in name and "given" not in name:
        name["given"] = "Ann"
    return name


@st.composite
def marked_text(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    out = []
    for word in words:
        wrap = draw(st.sampled_from([None, None, None, "i", "b", "sup", "nocase"]))
        if wrap == "nocase":
            word = f'<span class="nocase">{word}</span>'
        elif wrap:
            word = f"<{wrap}>{word}</{wrap}>"
        out.append(word)
    return " ".join(out)


@st.composite
def dates(draw):
    year = draw(st.integers(1500, 2099))
    first = [year]
    if draw(st.booleans()):
        first.append(draw(st.integers(1, 12)))
        if draw(st.booleans()):
            first.append(draw(st.integers(1, 28)))
    parts = [first]
    if draw(st.integers(0, 3)) == 0:
        parts.append([year + draw(st.integers(0, 5)), *first[1:]])
    return {"date-parts": parts}


@st.composite
def items(draw):
    data = {"id": "k", "type": draw(st.sampled_from(TYPES)), "title": draw(marked_text()),
            "author": draw(st.lists(names(), min_size=1, max_size=4)),
            "issued": draw(dates())}
    if draw(st.booleans()):
        data["editor"] = draw(st.lists(names(), min_size=1, max_size=2))
    if draw(st.booleans()):
        data["container-title"] = draw(marked_text())
    if draw(st.booleans()):
        data["publisher"] = draw(marked_text())
    if draw(st.booleans()):
        first = draw(st.integers(1, 5000))
        data["page"] = f"{first}-{first + draw(st.integers(0, 99))}"
    if draw(st.booleans()):
        data["volume"] = str(draw(st.integers(1, 300)))
    if draw(st.booleans()):
        data["DOI"] = f"10.{draw(st.integers(1000, 99999))}/abc_{draw(st.integers(0, 9))}"
    if draw(st.booleans()):
        data["URL"] = "https://example.org/a_b?c=1&d=%20#frag"
    if draw(st.booleans()):
        data["note"] = draw(marked_text())
    return data


_PROTECTED_WORD = re.compile(r'<span class="nocase">([^\W\d_]+)</span>')
_NO_LETTERS = re.compile(r'<span class="nocase">([\W\d_]*)</span>')


def norm(value):
    """Allowed normalisations: words with inner capitals come back protected, and a
    nocase span around text without letters (nothing to protect) is dropped."""
    if isinstance(value, str):
        return _NO_LETTERS.sub(r"\1", _PROTECTED_WORD.sub(r"\1", value))
    return value


def round_trip(data: dict, dialect: str, ascii: bool = False) -> dict:
    item = item_from_json(data)
    text = api.write([item], fmt=dialect, report=Report(), options={"ascii": ascii})
    (back,) = api.parse(text, fmt="bibtex", report=Report())
    return back.to_json()


def assert_kept(data: dict, back: dict) -> None:
    for key, value in data.items():
        if key in ("id",):
            continue
        assert norm(back.get(key)) == norm(value), (key, value, back.get(key))


@settings(max_examples=60, deadline=None)
@given(items())
def test_bibtex_round_trip(data: dict) -> None:
    assert_kept(data, round_trip(data, "bibtex"))


@settings(max_examples=60, deadline=None)
@given(items())
def test_biblatex_round_trip(data: dict) -> None:
    assert_kept(data, round_trip(data, "biblatex"))


@settings(max_examples=30, deadline=None)
@given(items())
def test_ascii_round_trip(data: dict) -> None:
    assert_kept(data, round_trip(data, "biblatex", ascii=True))
