"""BibTeX name lists (formats/bibtex/names.py): BibTeX's rules, table-driven as pybtex tests them."""

from __future__ import annotations

import pytest

from citeshift.formats.bibtex.latex import encode
from citeshift.formats.bibtex.names import format_names, parse_names
from citeshift.model.names import Name


def one(text: str) -> dict:
    names, _ = parse_names(text)
    assert len(names) == 1
    return names[0].to_json()


@pytest.mark.parametrize(("text", "parts"), [
    ("Donald E. Knuth", {"given": "Donald E.", "family": "Knuth"}),
    ("Knuth, Donald E.", {"given": "Donald E.", "family": "Knuth"}),
    ("Ludwig van Beethoven", {"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"}),
    ("van Beethoven, Ludwig", {"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"}),
    ("de la Fontaine, Jean", {"given": "Jean", "non-dropping-particle": "de la", "family": "Fontaine"}),
    ("von Hicks, III, Michael", {"given": "Michael", "non-dropping-particle": "von", "family": "Hicks", "suffix": "III"}),
    ("Smith, Jr., John", {"given": "John", "family": "Smith", "suffix": "Jr."}),
    ("Charles {de Gaulle}", {"given": "Charles", "family": "de Gaulle"}),
    ("{Della Porta}, Donatella", {"given": "Donatella", "family": "Della Porta"}),
    ("{World Health Organization}", {"literal": "World Health Organization"}),
    ("Erd{\\H o}s, Paul", {"given": "Paul", "family": "Erdős"}),
    ("{\\'E}mile Zola", {"given": "Émile", "family": "Zola"}),
    ("Jean-Paul Sartre", {"given": "Jean-Paul", "family": "Sartre"}),
    ("A-b C, D", {"given": "D", "non-dropping-particle": "A-b", "family": "C"}),
    ("Plato", {"family": "Plato"}),
    ("family=Montclos, given=Henri, prefix=de, useprefix=false",
     {"family": "Montclos", "given": "Henri", "dropping-particle": "de"}),
    ("given=Vincent, family=Gogh, prefix=van, useprefix=true",
     {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}),
    ("Herm{\\\"a}n{\\~n} Helm", {"given": "Hermänñ", "family": "Helm"}),
])
def test_parse_name(text: str, parts: dict) -> None:
    assert one(text) == parts


def test_list_split_and_others() -> None:
    names, etal = parse_names("A, B and {C and D} AND E F and others")
    assert [n.to_json() for n in names] == [
        {"family": "A", "given": "B"}, {"literal": "C and D"}, {"family": "F", "given": "E"}]
    assert etal is True


def test_and_inside_environment_is_not_a_separator() -> None:
    names, _ = parse_names(r"A\begin{center} and \end{center}B")
    assert len(names) == 1


def test_parsed_names_are_fresh_objects() -> None:
    a, _ = parse_names("Knuth, Donald")
    a[0].family = "changed"
    b, _ = parse_names("Knuth, Donald")
    assert b[0].family == "Knuth"


@pytest.mark.parametrize("name", [
    Name(family="Knuth", given="Donald E."),
    Name(family="Beethoven", given="Ludwig", non_dropping_particle="van"),
    Name(family="Fontaine", given="Jean", non_dropping_particle="de la"),
    Name(family="Hicks", given="Michael", non_dropping_particle="von", suffix="III"),
    Name(family="de Gaulle", given="Charles"),
    Name(family="Della Porta", given="Donatella"),
    Name(family="Smith Jones", given=None),
    Name(literal="World Health Organization"),
    Name(literal="Organizations and Institutions"),
    Name(family="Müller", given="Jürgen"),
    Name(family="Doe, Esq", given="John"),
    Name(family="Smith", given="Ann and Bob"),
    Name(family="Band", given="Andy"),
    Name(family="Plato"),
])
def test_written_names_parse_back_identically(name: Name) -> None:
    text, lost = format_names([name], False, encode)
    assert lost == []
    (back,), etal = parse_names(text)
    assert back.to_json() == name.to_json() and etal is False


def test_what_bibtex_cannot_hold_is_reported() -> None:
    _, lost = format_names([Name(family="Leo", given="Rossana", non_dropping_particle="De")],
                           False, encode)
    assert lost == ["non-dropping-particle"]
    _, lost = format_names([Name(family="Beethoven", given="L.", dropping_particle="van")],
                           False, encode)
    assert lost == ["dropping-particle"]


@pytest.mark.parametrize("name", [
    # a no-break space is not a word break: written {~}, it stays a character
    Name(family="Āü", given="w x\u00a0y", suffix="III"),
    Name(family="A\u00a0B", given="C\u00a0D"),
    # a family word that reads as lower-case once escaped (\textbraceright{}) or has a
    # lower-case part after a hyphen would join the particle: the family is braced
    Name(family="0 }~ 0", non_dropping_particle="van", suffix="Jr."),
    Name(family="Xy-ab Cd", non_dropping_particle="van", given="A"),
    # "--" is an en dash also on the fast path for plain "Last, First"
    Name(family="Ͽ", given="Ĺg G`tƂ–Ƙ du Ķ"),
    Name(literal="ĐĿõ$ ]b/\\ĉ G´ı;˃}{ÖÄĬĐ ė`"),
])
def test_names_with_special_characters_parse_back_identically(name: Name) -> None:
    text, lost = format_names([name], False, encode)
    assert not lost
    assert parse_names(text) == ([name], False), text


def test_en_dash_in_a_plain_name_is_decoded() -> None:
    assert one("Smith--Jones, Anna") == {"family": "Smith–Jones", "given": "Anna"}


def test_names_written_in_ascii_keep_tilde_accents_apart_from_ties() -> None:
    name = Name(family="Õlafsson", given="Ũna\u00a0B")
    text, _ = format_names([name], False, lambda t: encode(t, ascii=True))
    assert text.isascii() and "{~}" in text and "\\~" in text
    assert parse_names(text) == ([name], False), text
