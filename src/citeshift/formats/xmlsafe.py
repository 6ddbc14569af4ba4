"""Parsing untrusted XML with lxml: no network, no DTD, no entity expansion.

Reference files come from anywhere (e-mail, web downloads), so an XML
reader must not fetch URLs, read local files named by an external entity or
expand an entity bomb. lxml's parser does all three unless told not to; every
XML reader in citeshift builds its parser here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from lxml import etree

_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_ENCODING = re.compile(r"""\s+encoding\s*=\s*(["'])[^"']*\1""")


#: the parser options every XML reader uses; see the module docstring
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}


class NotThisFormat(ValueError):
    """The document's root element is not one the reader expects."""

    def __init__(self, tag: str, line: int | None) -> None:
        super().__init__(tag)
        self.tag = tag
        self.line = line


def iter_records(text: str, record_tags: tuple[str, ...], root_tags: tuple[str, ...]
                 ) -> Iterator[etree._Element]:
    """Stream the record elements of a document, freeing each once it has been read.

    A library export can hold tens of thousands of records; building the whole
    tree would take several times the file's size in memory. Raises
    :class:`NotThisFormat` for a foreign root and ``etree.XMLSyntaxError``
    where the document breaks (after yielding every record before that point).
    """
    events = etree.iterparse(io.BytesIO(to_bytes(text)), events=("start", "end"), **SAFE_OPTIONS)
    depth_root = True
    for event, el in events:
        if event == "start":
            if depth_root:
                depth_root = False
                if el.tag not in root_tags and el.tag not in record_tags:
                    raise NotThisFormat(str(el.tag), el.sourceline)
            continue
        if el.tag in record_tags:
            parent = el.getparent()
            if parent is not None:  # records read before this one (already cleared) go
                while el.getprevious() is not None:
                    del parent[0]
            yield el
            el.clear(keep_tail=True)


def parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(recover=recover, **SAFE_OPTIONS)


def to_bytes(text: str) -> bytes:
    """UTF-8 bytes for lxml; the text is decoded already, so its declared encoding no longer holds."""
    text = text.lstrip("\ufeff")
    m = _DECL.match(text)
    if m:
        decl = _ENCODING.sub("", m.group(0))
        text = decl + text[m.end():]
    return text.encode("utf-8")


def parse(text: str, *, recover: bool = False) -> etree._Element:
    """Parse a document; raises ``etree.XMLSyntaxError`` (with ``lineno``) when it is broken."""
    root = etree.fromstring(to_bytes(text), parser(recover=recover))
    if root is None:
        raise etree.XMLSyntaxError("no element found", None, 1, 1)
    return root


def has_entity_refs(el: etree._Element) -> list[str]:
    """Entity references left unexpanded under ``el`` (their text is not trusted, so not read)."""
    return [f"&{e.name};" for e in el.iter() if isinstance(e, etree._Entity)]
