"""Pathological inputs for every reader, built to a requested size.

Shared by the fuzz tests (small sizes: must not crash) and by
``benchmarks/bench_robustness.py`` (1 MB and 10 MB: must finish in seconds, in
time linear in the size). Each *kind* is a shape that breaks naive parsers:

- ``long-line``    one record whose title is a single line of the whole size;
- ``deep``         delimiters nested as deep as the size allows (braces, elements, brackets);
- ``unclosed``     openers that are never closed (``{``, ``<title>``, ``"``, ``(``);
- ``many-starts``  record starts with nothing after them (``@``, ``TY  -``, ``<record>``);
- ``many-tags``    one record with a huge number of short fields;
- ``many-authors`` one record with as many authors as the size allows (100,000 at ~2 MB);
- ``regex-trap``   runs that make backtracking regexes explode (spaces, dots, dashes,
                   digits and commas that almost but not quite match);
- ``many-records`` ordinary valid records repeated (the baseline).
"""

from __future__ import annotations

import json
from collections.abc import Callable

KINDS = ("long-line", "deep", "unclosed", "many-starts", "many-tags", "many-authors",
         "regex-trap", "many-records")


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // max(1, len(unit)))


# --- one valid record per format, with hooks for title, authors and extra fields -----------

def _bibtex(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    return (f"@article{{key{n},\n  author = {{{' and '.join(authors)}}},\n  title = {{{title}}},\n"
            f"  journal = {{J}},\n  year = {{2020}},{extra}\n}}\n\n")


def _bibtxt(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    return (f"[key{n}]\n    type: article\n    author: {' and '.join(authors)}\n"
            f"    title: {title}\n    year: 2020\n{extra}\n")


def _ris(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    aus = "".join(f"AU  - {a}\n" for a in authors)
    return f"TY  - JOUR\n{aus}TI  - {title}\nPY  - 2020\n{extra}ER  - \n\n"


def _nbib(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    aus = "".join(f"FAU - {a}\n" for a in authors)
    return f"PMID- {10000 + n}\nTI  - {title}\nDP  - 2020 Jun\n{aus}{extra}\n"


def _refer(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    aus = "".join(f"%A {a}\n" for a in authors)
    return f"%0 Journal Article\n{aus}%T {title}\n%D 2020\n{extra}\n"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;")


def _endnote(title: str, authors: list[str], extra: str = "", n: int = 0, raw: bool = False) -> str:
    t = title if raw else _esc(title)
    aus = "".join(f"<author>{_esc(a)}</author>" for a in authors)
    return (f"<record><ref-type name=\"Journal Article\">17</ref-type><contributors><authors>{aus}"
            f"</authors></contributors><titles><title>{t}</title></titles>"
            f"<dates><year>2020</year></dates>{extra}</record>\n")


def _pubmed(title: str, authors: list[str], extra: str = "", n: int = 0, raw: bool = False) -> str:
    t = title if raw else _esc(title)
    aus = "".join(f"<Author><LastName>{_esc(a.split(',')[0])}</LastName><ForeName>A</ForeName>"
                  f"</Author>" for a in authors)
    return (f"<PubmedArticle><MedlineCitation><PMID>{10000 + n}</PMID><Article><Journal>"
            f"<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue><Title>J</Title>"
            f"</Journal><ArticleTitle>{t}</ArticleTitle><AuthorList>{aus}</AuthorList>{extra}"
            f"</Article></MedlineCitation></PubmedArticle>\n")


def _csljson(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    item = {"id": f"k{n}", "type": "article-journal", "title": title,
            "author": [{"family": a.split(",")[0], "given": "A"} for a in authors],
            "issued": {"date-parts": [[2020]]}}
    text = json.dumps(item, ensure_ascii=False)
    return text[:-1] + extra + "}" if extra else text


def _cslyaml(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    aus = "".join(f"    - family: {json.dumps(a.split(',')[0])}\n" for a in authors)
    return (f"- id: k{n}\n  type: article-journal\n  title: {json.dumps(title, ensure_ascii=False)}\n"
            f"  author:\n{aus}  issued: 2020\n{extra}")


def _text(title: str, authors: list[str], extra: str = "", n: int = 0) -> str:
    return f"{n + 1}. {', '.join(authors)}. {title}. J Example. 2020;12(3):45-67.{extra}\n"


RECORD: dict[str, Callable[..., str]] = {
    "bibtex": _bibtex, "bibtxt": _bibtxt, "ris": _ris, "nbib": _nbib, "refer": _refer,
    "endnote-xml": _endnote, "pubmed-xml": _pubmed, "csl-json": _csljson,
    "csl-yaml": _cslyaml, "text": _text,
}


def wrap(fmt: str, records: list[str]) -> str:
    """A whole file of ``fmt`` holding ``records`` (as built by :data:`RECORD`)."""
    body = "".join(records)
    if fmt == "endnote-xml":
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>\n{body}</records></xml>\n'
    if fmt == "pubmed-xml":
        return f'<?xml version="1.0"?>\n<PubmedArticleSet>\n{body}</PubmedArticleSet>\n'
    if fmt == "csl-json":
        return "[" + ",\n".join(records) + "]\n"
    if fmt == "csl-yaml":
        return "---\nreferences:\n" + body + "...\n"
    return body


def _author(i: int) -> str:
    return f"Name{i}, A"


# --- the kinds -------------------------------------------------------------------------------

_DEEP = {  # (open, close) nested inside a title
    "bibtex": ("{", "}"), "bibtxt": ("{", "}"), "endnote-xml": ("<style>", "</style>"),
    "pubmed-xml": ("<i>", "</i>"), "csl-json": ("<i>", "</i>"), "csl-yaml": ("<i>", "</i>"),
    "text": ("(", ")"), "ris": ("<i>", "</i>"), "nbib": ("(", ")"), "refer": ("{", "}"),
}

_STARTS = {
    "bibtex": "@", "bibtxt": "[k]\n", "ris": "TY  - \n", "nbib": "PMID- \n", "refer": "%0 \n",
    "endnote-xml": "<record>", "pubmed-xml": "<PubmedArticle>", "csl-json": "{",
    "csl-yaml": "- ", "text": "1. ",
}

_TAG = {
    "bibtex": "  f{i} = {{v}},\n", "bibtxt": "    f{i}: v\n", "ris": "N1  - v{i}\n",
    "nbib": "OT  - v{i}\n", "refer": "%K v{i}\n", "endnote-xml": "<keywords><keyword>v{i}</keyword></keywords>",
    "pubmed-xml": "<ELocationID EIdType=\"x\">v{i}</ELocationID>", "csl-json": ", \"note{i}\": \"v\"",
    "csl-yaml": "  note{i}: v\n", "text": " v{i},",
}

_TRAPS = [" " * 64 + "x", "." * 64 + "x", "- " * 32 + "x", "1" * 64 + "x", ", " * 32 + "x",
          "A. " * 21 + "x", "\\" * 64 + "x", "=" * 64 + "x", "(" * 30 + "x", "'" * 64]


def build(fmt: str, kind: str, size: int) -> bytes:
    """A file of ``fmt`` about ``size`` bytes long, of the given pathological ``kind``."""
    rec = RECORD[fmt]
    xml = fmt in ("endnote-xml", "pubmed-xml")
    if kind == "long-line":
        text = wrap(fmt, [rec(_repeat("word ", size), [_author(1)])])
    elif kind == "deep":
        o, c = _DEEP[fmt]
        depth = max(1, size // (len(o) + len(c)))
        title = o * depth + "x" + c * depth
        text = wrap(fmt, [rec(title, [_author(1)], raw=True) if xml else rec(title, [_author(1)])])
    elif kind == "unclosed":
        opener = {"bibtex": "{", "bibtxt": "{", "csl-json": "\"", "csl-yaml": "\"",
                  "text": "(", "endnote-xml": "<title>", "pubmed-xml": "<i>"}.get(fmt, "{")
        head = wrap(fmt, [rec("ok", [_author(1)])])
        text = head + _repeat(opener + "a ", size)
    elif kind == "many-starts":
        text = wrap(fmt, [rec("ok", [_author(1)])]) + _repeat(_STARTS[fmt], size)
    elif kind == "many-tags":
        unit = _TAG[fmt]
        count = max(1, size // len(unit.format(i=10000)))
        extra = "".join(unit.format(i=i) for i in range(count))
        text = wrap(fmt, [rec("t", [_author(1)], extra)])
    elif kind == "many-authors":
        count = max(1, size // len(_author(100000)) // 2)
        text = wrap(fmt, [rec("t", [_author(i) for i in range(count)])])
    elif kind == "regex-trap":
        unit = "".join(_TRAPS) + "\n"
        text = wrap(fmt, [rec("t", [_author(1)])]) + _repeat(unit, size)
    elif kind == "many-records":
        one = len(rec("A title of a paper", [_author(1), _author(2)], n=0))
        text = wrap(fmt, [rec("A title of a paper", [_author(1), _author(2)], n=i)
                          for i in range(max(1, size // one))])
    else:
        raise ValueError(kind)
    return text.encode("utf-8")


def authors_file(fmt: str, count: int) -> bytes:
    """One record with exactly ``count`` authors."""
    return wrap(fmt, [RECORD[fmt]("t", [_author(i) for i in range(count)])]).encode("utf-8")
