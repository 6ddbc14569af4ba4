"""BibTeX against Zotero's BibTeX translator tests and citation-js' BibTeX tests.

- Parse cases (zotero/bibtex, citation-js/bibtex-input): our items against the
  suite's expected CSL-JSON, field by field (``compare.diff_items``).
- Output cases (citation-js/bibtex-output): citation-js spells BibTeX its own
  way (it braces every capitalised word, keys like ``Hall1957Correlation``), so
  a case passes when our output and the expected file read back (with our
  reader) to the same data.
- Mapping cases (citation-js/bibtex-mapping), one per entry: the entry read
  against its expected CSL-JSON, and the CSL-JSON written and read back.

Known failures, with reasons, are in ``known_failures/bibtex.txt``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.model.item import Item, item_from_json
from tests.conformance.compare import diff_items
from tests.conformance.ratchet import cases, known_failures, stale_entries
from tests.paths import CONFORMANCE

SUITE = "bibtex"
MAPPING = CONFORMANCE / "citation-js" / "bibtex-mapping"


def _read(text: str, name: str, fmt: str = "bibtex") -> list[Item]:
    return api.parse(text, fmt=fmt, name=name, report=Report())


def _input(case: Path) -> tuple[str, str]:
    """The input text and its format (citation-js also tests its bibtxt layout)."""
    for name, fmt in (("input.bib", "bibtex"), ("input.txt", "bibtxt"),
                      ("input.json", "citation-js entry objects")):
        path = case / name
        if path.exists():
            return path.read_text(encoding="utf-8"), fmt
    raise AssertionError(f"{case}: no input file")


PARSE_CASES = (cases(SUITE, "zotero/bibtex", "[0-9][0-9][0-9]")
               + cases(SUITE, "citation-js/bibtex-input", "[0-9][0-9][0-9]-*"))
WRITE_CASES = cases(SUITE, "citation-js/bibtex-output", "[0-9][0-9][0-9]-*")


@pytest.mark.conformance
@pytest.mark.parametrize("case", PARSE_CASES)
def test_parse(case: Path) -> None:
    text, fmt = _input(case)
    assert fmt in ("bibtex", "bibtxt"), f"{fmt} is not a file format citeshift reads"
    items = _read(text, str(case), fmt)
    expected = json.loads((case / "expected.csl.json").read_text(encoding="utf-8"))
    problems = diff_items(items, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.conformance
@pytest.mark.parametrize("case", WRITE_CASES)
def test_write(case: Path) -> None:
    data = json.loads((case / "input.csl.json").read_text(encoding="utf-8"))
    items = [item_from_json(d, fallback_id=f"item-{i}") for i, d in enumerate(data, 1)]
    dialect = next(d for d in ("biblatex", "bibtxt", "bibtex") if d in case.name)
    reader = "bibtxt" if dialect == "bibtxt" else "bibtex"
    expected_file = case / ("expected.txt" if dialect == "bibtxt" else "expected.bib")
    assert expected_file.exists(), "the expected output is a citation-js object, not a file"
    ours = api.write(items, fmt=dialect, report=Report())
    assert isinstance(ours, str)
    got = _read(ours, "ours", reader)
    want = _read(expected_file.read_text(encoding="utf-8"), "expected", reader)
    problems = diff_items(got, [w.to_json() for w in want])
    assert not problems, "\n".join(problems) + "\n--- ours:\n" + ours


def _mapping_params() -> list[Any]:
    if not MAPPING.exists():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=f"{MAPPING} not found (conformance data lives in ../shared)"),
                         id="absent")]
    known = known_failures(SUITE)
    params = []
    for dialect in ("bibtex", "biblatex"):
        expected = json.loads((MAPPING / f"{dialect}-csl.json").read_text(encoding="utf-8"))
        for index, entry in enumerate(expected):
            for mode in ("read", "roundtrip"):
                case_id = f"mapping/{dialect}-{mode}/{entry['id']}"
                marks = [pytest.mark.xfail(strict=True, reason=known[case_id])] \
                    if case_id in known else []
                params.append(pytest.param(dialect, mode, index, marks=marks, id=case_id))
    return params


MAPPING_CASES = _mapping_params()


@pytest.mark.conformance
@pytest.mark.parametrize(("dialect", "mode", "index"), MAPPING_CASES)
def test_mapping(dialect: str, mode: str, index: int) -> None:
    expected = json.loads((MAPPING / f"{dialect}-csl.json").read_text(encoding="utf-8"))
    want = expected[index]
    if mode == "read":
        items = _read((MAPPING / f"{dialect}-input.bib").read_text(encoding="utf-8"),
                      f"{dialect}-input.bib")
        by_id = {it.id: it for it in items}
        assert want["id"] in by_id, f"entry {want['id']!r} not read"
        got = [by_id[want["id"]]]
    else:
        item = item_from_json(want)
        text = api.write([item], fmt=dialect, report=Report())
        assert isinstance(text, str)
        got = _read(text, "roundtrip.bib")
    problems = diff_items(got, [want])
    assert not problems, "\n".join(problems)


def test_known_failures_name_real_cases() -> None:
    """The ratchet file lists only cases that exist, so it cannot hide a renamed case."""
    if not CONFORMANCE.exists():
        pytest.skip("conformance data not available")
    ids = [p.id for p in PARSE_CASES + WRITE_CASES + MAPPING_CASES]
    assert stale_entries(SUITE, ids) == []
