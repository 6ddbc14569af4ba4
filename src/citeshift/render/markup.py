"""Turning an entry's HTML fragment into plain text, Markdown or RTF.

The engines all speak the small HTML subset citeproc-js writes, so this
parser only has to know those tags; anything else keeps its text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SMALL_CAPS = "font-variant:small-caps"


def _kind(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """The formatting a tag stands for: i, b, sc, sup, sub, u, a, nocase or ''."""
    if tag in ("i", "em"):
        return "i"
    if tag in ("b", "strong"):
        return "b"
    if tag in ("sup", "sub", "u", "a"):
        return tag
    if tag == "span":
        style = (dict(attrs).get("style") or "").replace(" ", "")
        if _SMALL_CAPS in style:
            return "sc"
        if "font-style:normal" in style:
            return "roman"
        if "font-weight:normal" in style:
            return "nobold"
    return ""


class _Events(HTMLParser):
    """Flattens a fragment into (kind, payload) events: ('text', s), ('open', k), ('close', k)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, str]] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.events.append(("text", "\n", ""))
            return
        kind = _kind(tag, attrs)
        self._stack.append(kind)
        self.events.append(("open", kind, dict(attrs).get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br" or not self._stack:
            return
        self.events.append(("close", self._stack.pop(), ""))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data, ""))


def events(fragment: str) -> list[tuple[str, str, str]]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    return parser.events


def to_text(fragment: str) -> str:
    """Plain text: tags dropped, entities decoded, whitespace runs collapsed."""
    text = "".join(p for k, p, _ in events(fragment) if k == "text")
    return re.sub(r"\s+", " ", text).strip()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^])")
_MD_MARK = {"i": "*", "b": "**", "sup": "^", "sub": "~"}


def to_markdown(fragment: str) -> str:
    """Pandoc-flavoured Markdown: *italic*, **bold**, ^sup^, ~sub~, [small caps]{.smallcaps}."""
    out: list[str] = []
    links: list[str] = []
    for kind, payload, href in events(fragment):
        if kind == "text":
            out.append(_MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", payload)))
        elif kind == "open":
            if payload in ("sc", "u", "a"):
                out.append("[")
                if payload == "a":
                    links.append(href)
            else:
                out.append(_MD_MARK.get(payload, ""))
        elif payload == "sc":
            out.append("]{.smallcaps}")
        elif payload == "u":
            out.append("]{.underline}")
        elif payload == "a":
            out.append(f"]({links.pop() if links else ''})")
        else:
            out.append(_MD_MARK.get(payload, ""))
    return "".join(out).strip()


_RTF_OPEN = {"i": r"{\i ", "b": r"{\b ", "sc": r"{\scaps ", "sup": r"{\super ", "sub": r"{\sub ",
             "u": r"{\ul ", "roman": r"{\i0 ", "nobold": r"{\b0 ", "a": "{", "": "{"}


def rtf_escape(text: str) -> str:
    """RTF escapes: control characters, and \\uN? for everything outside ASCII."""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(r"\line ")
        elif code < 128:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:  # astral characters: a UTF-16 surrogate pair
            code -= 0x10000
            for unit in (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)):
                out.append(f"\\u{unit - 65536}?")
    return "".join(out)


def to_rtf(fragment: str) -> str:
    out: list[str] = []
    for kind, payload, _ in events(fragment):
        if kind == "text":
            out.append(rtf_escape(re.sub(r"[ \t\r\n]+", " ", payload)))
        elif kind == "open":
            out.append(_RTF_OPEN.get(payload, "{"))
        else:
            out.append("}")
    return "".join(out).strip()


def escape(text: str) -> str:
    """HTML-escape text the way citeproc-js does (``&#38;`` spelt ``&amp;``)."""
    return html.escape(text, quote=False)
