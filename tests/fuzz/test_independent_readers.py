"""What citeshift writes is accepted by readers that are not citeshift's.

The format tests already check, per format: rispy on RIS (``tests/formats/test_ris_*``)
and EndNote's structure as a RelaxNG schema on EndNote XML (``test_endnote_xml``), on
random items. Here, for random items *and* for every record of every fixture (read by
its own reader, so real-world data with all its oddities):

- BibTeX and BibLaTeX: bibtexparser 2 parses every entry, with no failed block, under the
  key we wrote; pandoc (``-f bibtex`` / ``-f biblatex``) reads as many references, with the
  same ids, titles, volumes, pages and DOIs;
- RIS: rispy reads as many records, with the same titles; so does pandoc (``-f ris``) for
  the records without a multi-line value (see ``_one_line_values``);
- EndNote XML: the EndNote structure (RelaxNG) holds and pandoc (``-f endnotexml``) reads
  as many records, with the same titles.

One pandoc process per batch of items, so this stays fast.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import unicodedata
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeshift import api, registry
from citeshift.batch import unique_ids
from citeshift.diagnostics import Report
from citeshift.model.item import Item
from citeshift.normalize.identifiers import clean_doi
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.seeds import seed_files
from tests.paths import REPO
from tests.strategies import items

#: our writer -> pandoc's reader of the same format
PANDOC_FORMAT = {"bibtex": "bibtex", "biblatex": "biblatex", "ris": "ris",
                 "endnote-xml": "endnotexml"}
#: variables pandoc must read as we do, per format (beyond the count and the ids)
SAME = {"bibtex": ("title", "volume", "page", "DOI"), "biblatex": ("title", "volume", "page", "DOI"),
        "ris": ("title",), "endnote-xml": ("title",)}


@cache
def _pandoc() -> str:
    pypandoc = pytest.importorskip("pypandoc")
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        pytest.skip("pandoc (pypandoc-binary) is not installed")


def _norm(value: object) -> str:
    """Text as both readers should agree on it: no markup, no case, letters and digits."""
    text = unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", str(value)))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _write(fmt: str, batch: list[Item]) -> tuple[str, int]:
    out = io.StringIO()
    count = registry.get_writer(fmt).write(iter(batch), out, report=Report(), options={})
    return out.getvalue(), count


def _ours(fmt: str, text: str) -> list[Item]:
    reader = "bibtex" if fmt == "biblatex" else fmt
    return api.parse(text, fmt=reader, report=Report())


def _check_pandoc(fmt: str, text: str, count: int) -> None:
    proc = subprocess.run([_pandoc(), "-f", PANDOC_FORMAT[fmt], "-t", "csljson"], input=text,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout or "[]")
    ours = _ours(fmt, text)
    assert len(theirs) == count == len(ours), (len(theirs), count, len(ours))
    for mine, other in zip(ours, theirs, strict=True):
        if fmt in ("bibtex", "biblatex"):
            assert other["id"] == mine.id
        for var in SAME[fmt]:
            a, b = mine.vars.get(var), other.get(var)
            if var == "DOI":  # "https://doi.org/10.1/x" and "10.1/x" are one DOI
                a, b = clean_doi(str(a or "")), clean_doi(str(b or ""))
            assert _norm(a or "") == _norm(b or ""), (fmt, mine.id, var, a, b)


def _check_bibtexparser(text: str, count: int) -> None:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks][:3]
    keys = [e.key for e in library.entries]
    assert len(keys) == count and len(set(keys)) == count
    ours = [i.id for i in _ours("bibtex", text)]
    assert keys == ours


def _check_rispy(text: str, count: int) -> None:
    import rispy

    entries = rispy.loads(text.replace("\r\n", "\n"))
    assert len(entries) == count
    for entry, mine in zip(entries, _ours("ris", text), strict=True):
        title = entry.get("title") or entry.get("primary_title") or ""
        assert _norm(title) == _norm(mine.vars.get("title", "")), (title, mine.vars.get("title"))


def _check_endnote_structure(text: str, count: int) -> None:
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(REPO / "tests" / "data" / "endnote-xml.rng")))
    doc = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    assert len(doc.findall("records/record")) == count


_RIS_LINE = re.compile(r"^(?:[A-Z][A-Z0-9]  - |ER  -|$)")


def _one_line_values(batch: list[Item]) -> list[Item]:
    """The items whose RIS has no continuation line. Our RIS writer continues a multi-line
    value (a note, an abstract) on untagged lines, as EndNote does and as rispy and
    citeshift read; pandoc's RIS reader refuses such lines (the whole file), so pandoc is
    asked about the other items only."""
    keep = []
    for item in batch:
        text, _ = _write("ris", [item])
        if all(_RIS_LINE.match(line) for line in text.replace("\r\n", "\n").split("\n")):
            keep.append(item)
    return keep


def check_all(fmt: str, batch: list[Item]) -> None:
    text, count = _write(fmt, batch)
    assert count == len(batch)
    if fmt in ("bibtex", "biblatex"):
        _check_bibtexparser(text, count)
    elif fmt == "ris":
        _check_rispy(text, count)
        batch = _one_line_values(batch)
        text, count = _write(fmt, batch)
    elif fmt == "endnote-xml":
        _check_endnote_structure(text, count)
    _check_pandoc(fmt, text, count)


@pytest.mark.parametrize("fmt", sorted(PANDOC_FORMAT))
def test_random_items_are_accepted_by_independent_readers(fmt: str) -> None:
    @fuzz_settings(3)
    @given(st.lists(items(), min_size=1, max_size=25, unique_by=lambda i: i.id))
    def check(batch: list[Item]) -> None:
        check_all(fmt, batch)

    check()


@cache
def _fixture_items() -> list[Item]:
    """Every record of every fixture that some reader detects, ids made unique."""
    out: list[Item] = []
    for path in seed_files():
        if path.suffix == ".json" and path.name.endswith(".csl.json"):
            continue  # expected outputs, not inputs
        try:
            out.extend(api.read(path, report=Report()))
        except Exception:  # an undetectable file is no fixture of a reader
            continue
    return list(unique_ids(out, Report()))


@pytest.mark.parametrize("fmt", sorted(PANDOC_FORMAT))
def test_every_fixture_record_is_accepted_by_independent_readers(fmt: str) -> None:
    batch = _fixture_items()
    assert len(batch) > 150  # the fixtures of every format are in it
    check_all(fmt, batch)
    if fmt == "ris":  # most records are asked of pandoc too
        assert len(_one_line_values(batch)) > 0.8 * len(batch)


def test_every_writer_with_an_independent_reader_is_checked() -> None:
    assert set(PANDOC_FORMAT) <= set(registry.writers())
