"""Cut one reference into word tokens that keep their offsets.

Tokens are whitespace-separated words, as AnyStyle's training data labels
them, with one exception: NLM's compact locator ``2023;13(9):e071828`` is
written without spaces but holds three fields (year, volume/issue, pages), so
it is split after ``;`` and after a ``:`` that follows a number. URLs and DOIs
are never split. Offsets let the labeller map labels back onto the original
text for ``--review`` and diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
#: split points inside a compact locator: after ";" or after "digit:"/"):" before a word char
_SPLIT = re.compile(r"(?<=;)(?=[^\s;])|(?<=[\d)\]]:)(?=[\w(])")
_URLISH = re.compile(r"(?i)^(?:\(?<?(?:https?|ftp)://|\(?www\.|\(?doi:|\(?10\.\d{4,9}/|urn:)|doi\.org/")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def is_urlish(word: str) -> bool:
    """URLs and DOIs contain ``;`` and ``:`` that are not field separators."""
    return bool(_URLISH.search(word))


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if (";" in word or ":" in word) and not is_urlish(word):
            pos = 0
            for cut in _SPLIT.finditer(word):
                if cut.start() > pos:
                    tokens.append(Token(word[pos:cut.start()], m.start() + pos, m.start() + cut.start()))
                    pos = cut.start()
            tokens.append(Token(word[pos:], m.start() + pos, m.end()))
        else:
            tokens.append(Token(word, m.start(), m.end()))
    return tokens


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]
