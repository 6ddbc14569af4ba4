"""The BibTeX value grammar: ``{...}``, ``"..."``, numbers and macros joined by ``#``.

bibtexparser's splitter hands us the raw text between ``=`` and the next
``,``; we parse it ourselves because its middleware neither reports what is
wrong with a value nor notices a missing comma (the next field then hides
inside this value: ``{A B}\\n keywords = {x}``), which we detect and repair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: BibTeX's predefined month macros (on by default, as in BibTeX itself)
MONTH_MACROS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}

_BRACE = re.compile(r"(?<!\\)[{}]")
_QUOTE_OR_BRACE = re.compile(r'(?<!\\)[{}"]')
_BARE = re.compile(r"[^\s#,{}\"=]+")
_WS = re.compile(r"\s*")
#: the start of a field hidden in a value after a missing comma
_HIDDEN_FIELD = re.compile(r"\s*([A-Za-z][\w:+.-]*)\s*=\s*", re.S)


@dataclass(slots=True)
class Value:
    text: str
    #: macros used that are not defined (BibTeX warns and uses an empty string)
    undefined: list[str]
    #: text after the value that is not part of it (a missing comma), or None
    rest: str | None = None
    error: str | None = None


def _match_brace(text: str, start: int) -> int:
    """Index just after the ``}`` closing the ``{`` at ``start``; -1 when unbalanced."""
    depth = 0
    for m in _BRACE.finditer(text, start):
        if m.group(0) == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return m.end()
    return -1


def _match_quote(text: str, start: int) -> int:
    """Index just after the ``"`` closing the one at ``start`` (quotes inside braces don't count)."""
    depth = 0
    for m in _QUOTE_OR_BRACE.finditer(text, start + 1):
        ch = m.group(0)
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            return m.end()
    return -1


def parse_value(raw: str, macros: dict[str, str]) -> Value:
    """Parse one field value, expanding macros and ``#`` concatenation."""
    raw = raw.strip()
    n = len(raw)
    # the common case, a single braced value without inner braces
    if n >= 2 and raw[0] == "{" and raw[-1] == "}":
        inner = raw[1:-1]
        if "{" not in inner and "}" not in inner:
            return Value(inner, [])
    parts: list[str] = []
    undefined: list[str] = []
    pos = 0
    while True:
        pos = _WS.match(raw, pos).end()
        if pos >= n:
            if not parts:
                return Value("", undefined, error="empty value")
            return Value("".join(parts), undefined, error="value ends with '#'")
        ch = raw[pos]
        if ch == "{":
            end = _match_brace(raw, pos)
            if end < 0:
                return Value("".join(parts) + raw[pos + 1 :], undefined,
                             error="unbalanced braces in value")
            parts.append(raw[pos + 1 : end - 1])
        elif ch == '"':
            end = _match_quote(raw, pos)
            if end < 0:
                return Value("".join(parts) + raw[pos + 1 :], undefined,
                             error='missing closing \'"\' in value')
            parts.append(raw[pos + 1 : end - 1])
        else:
            m = _BARE.match(raw, pos)
            if m is None:
                return Value("".join(parts), undefined, error=f"unexpected {ch!r} in value")
            word = m.group(0)
            end = m.end()
            if word.isdigit():
                parts.append(word)
            else:
                key = word.lower()
                if key in macros:
                    parts.append(macros[key])
                elif key in MONTH_MACROS:
                    parts.append(MONTH_MACROS[key])
                else:
                    undefined.append(word)
        pos = _WS.match(raw, end).end()
        if pos >= n:
            return Value("".join(parts), undefined)
        if raw[pos] == "#":
            pos += 1
            continue
        # Something follows the value without '#': most often a missing comma.
        rest = raw[pos:]
        return Value("".join(parts), undefined, rest=rest)


def split_hidden_field(rest: str) -> tuple[str, str] | None:
    """``keywords = {x}`` left over after a missing comma -> ("keywords", "{x}")."""
    m = _HIDDEN_FIELD.match(rest)
    if not m:
        return None
    return m.group(1), rest[m.end() :]
