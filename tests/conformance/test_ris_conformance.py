"""RIS against the Zotero translator tests and citation-js' RIS tests (../shared/conformance).

Parse cases compare our items with the suite's expected CSL-JSON field by field.
citation-js' output cases expect citation-js' own spelling of RIS (unsplit page
ranges, unpadded dates), which is not ours; so an output case passes when our
RIS and the expected RIS read back (with our reader) to the same data.

citation-js leaves a full date in ``PY`` unparsed (``{"raw": "2023-10-24"}``);
CSL processors parse a raw date themselves, so expected raw dates are compared
in their parsed form.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.model.dates import parse_date
from citeshift.model.item import item_from_json
from tests.conformance.compare import diff_items
from tests.conformance.ratchet import cases, stale_entries
from tests.paths import CONFORMANCE

SUITE = "ris"


def _record_to_ris(record: dict) -> str:
    """citation-js' parsed-record form ({"TY": ..., "AU": [...]}) back to RIS text."""
    lines = [f"TY  - {record['TY']}"]
    for tag, value in record.items():
        if tag == "TY":
            continue
        for v in value if isinstance(value, list) else [value]:
            lines.append(f"{tag}  - {v}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def _parse(text: str, name: str) -> list:
    report = Report()
    items = api.parse(text, fmt="ris", name=name, report=report)
    assert report.records_failed == 0, [d.format() for d in report.errors]
    return items


def _input_text(case: Path) -> str:
    ris = case / "input.ris"
    if ris.exists():
        return ris.read_text(encoding="utf-8")
    return _record_to_ris(json.loads((case / "input.json").read_text(encoding="utf-8")))


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases(SUITE, "zotero/ris", "[0-9][0-9][0-9]")
                         + cases(SUITE, "citation-js/ris-input", "[0-9][0-9][0-9]-*"))
def test_parse(case: Path) -> None:
    items = _parse(_input_text(case), str(case))
    expected = json.loads((case / "expected.csl.json").read_text(encoding="utf-8"))
    for exp in expected:
        for key, value in exp.items():
            if isinstance(value, dict) and set(value) == {"raw"}:
                parsed = parse_date(value["raw"])
                if parsed is not None:
                    exp[key] = parsed.to_json()
    problems = diff_items(items, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.conformance
@pytest.mark.parametrize("case", cases(SUITE, "citation-js/ris-output", "[0-9][0-9][0-9]-*"))
def test_write(case: Path) -> None:
    data = json.loads((case / "input.csl.json").read_text(encoding="utf-8"))
    items = [item_from_json(d, fallback_id=f"item-{i}") for i, d in enumerate(data, 1)]
    ours = api.write(items, fmt="ris")
    assert isinstance(ours, str)
    got = _parse(ours, "ours.ris")
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    expected_path = case / meta["expected_file"]
    if expected_path.suffix == ".json":
        records = json.loads(expected_path.read_text(encoding="utf-8"))
        text = "".join(_record_to_ris(r) for r in records)
    else:
        text = expected_path.read_text(encoding="utf-8")
    expected = [i.to_json() for i in _parse(text, str(expected_path))]
    problems = diff_items(got, expected)
    assert not problems, "\n".join(problems)


def _ris_inputs() -> list:
    """Every RIS input file of the suites (no known-failure marks: detection is a separate test)."""
    found = [p for folder in ("zotero/ris", "citation-js/ris-input")
             for p in sorted((CONFORMANCE / folder).glob("[0-9]*/input.ris"))]
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{CONFORMANCE} not found"))]
    return [pytest.param(p.parent, id=p.parent.name) for p in found]


@pytest.mark.conformance
@pytest.mark.parametrize("case", _ris_inputs())
def test_detected_as_ris(case: Path) -> None:
    from citeshift import registry

    text = (case / "input.ris").read_text(encoding="utf-8")
    assert registry.detect(text[:api.SNIFF_BYTES], None) == "ris"


def test_known_failures_name_real_cases() -> None:
    base = CONFORMANCE
    if not base.exists():
        pytest.skip(f"{base} not found")
    ids = [p.name for folder in ("zotero/ris", "citation-js/ris-input", "citation-js/ris-output")
           for p in (base / folder).glob("[0-9]*")]
    assert stale_entries(SUITE, ids) == []
