"""Hypothesis strategies for items the model can hold (shared by round-trip and fuzz tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from citeshift.model import vocab
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name

#: characters that are special in at least one format, plus scripts and marks that break naive code
SPECIAL = [*"{}[]\\$%&#_^~\"'<>@,;:=-–—|*`/",
    "\u0301", "\u202e", "\u05d0", "\u0627", "é", "ß", "ø", "ł", "毛", "\u00a0", "…", "“", "”",
]

_word = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x2FF,
                                     blacklist_categories=("Cs", "Cc")),
                       st.sampled_from(SPECIAL)),
    min_size=1, max_size=12,
).map(str.strip).filter(bool)

plain_words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1,
                      max_size=10)
text_value = st.lists(_word, min_size=1, max_size=6).map(" ".join)


@st.composite
def marked_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(plain_words, min_size=1, max_size=6))
    if draw(st.booleans()) and len(words) > 1:
        i = draw(st.integers(0, len(words) - 1))
        tag = draw(st.sampled_from(["i", "b", "sup", "sub", "nocase"]))
        words[i] = (f'<span class="nocase">{words[i]}</span>' if tag == "nocase"
                    else f"<{tag}>{words[i]}</{tag}>")
    return " ".join(words)


@st.composite
def names(draw: st.DrawFn) -> Name:
    if draw(st.integers(0, 5)) == 0:
        return Name(literal=draw(text_value))
    name = Name(family=draw(plain_words).capitalize(),
                given=draw(st.one_of(st.none(), plain_words.map(str.capitalize))))
    if draw(st.integers(0, 4)) == 0:
        name.non_dropping_particle = draw(st.sampled_from(["van", "de", "von", "van der", "di"]))
    if draw(st.integers(0, 6)) == 0:
        name.suffix = draw(st.sampled_from(["Jr.", "III", "Sr."]))
    return name


@st.composite
def dates(draw: st.DrawFn) -> Date:
    year = draw(st.integers(1500, 2030))
    parts = [year]
    if draw(st.booleans()):
        parts.append(draw(st.integers(1, 12)))
        if draw(st.booleans()):
            parts.append(draw(st.integers(1, 28)))
    date = Date(parts=[parts])
    if draw(st.integers(0, 5)) == 0:
        date.parts.append([year + draw(st.integers(0, 3))])
    return date


TEXT_VARS = ["title", "container-title", "publisher", "publisher-place", "abstract", "note",
             "collection-title", "URL", "DOI", "ISBN", "ISSN", "genre", "medium", "language"]
NUMBER_VARS = ["volume", "issue", "page", "edition", "number", "chapter-number", "number-of-pages"]


@st.composite
def items(draw: st.DrawFn, types: list[str] | None = None) -> Item:
    ctype = draw(st.sampled_from(types or sorted(vocab.ITEM_TYPES)))
    item = Item(id=draw(st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)), type=ctype)
    item["title"] = draw(marked_text())
    for var in draw(st.lists(st.sampled_from(TEXT_VARS), max_size=5, unique=True)):
        item[var] = draw(text_value)
    for var in draw(st.lists(st.sampled_from(NUMBER_VARS), max_size=3, unique=True)):
        item[var] = str(draw(st.integers(1, 2000)))
    for role in draw(st.lists(st.sampled_from(["author", "editor", "translator"]), max_size=2,
                              unique=True)):
        item[role] = draw(st.lists(names(), min_size=1, max_size=5))
    if draw(st.booleans()):
        item["issued"] = draw(dates())
    if draw(st.integers(0, 4)) == 0:
        item["accessed"] = draw(dates())
    return item
