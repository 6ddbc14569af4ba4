"""Every fixture under fixtures/ris reads (through the CLI's decoding) to its expected CSL-JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citeshift import api, registry
from citeshift.cli import app
from citeshift.diagnostics import Report
from tests.paths import FIXTURES

RIS = sorted((FIXTURES / "ris").glob("*.ris"))

#: Diagnostics each fixture must produce (code -> count); others must produce none.
EXPECTED_DIAGNOSTICS: dict[str, dict[str, int]] = {
    "generic-control-characters.ris": {"repair.ris.control": 1},
    "generic-empty-record-between-good-ones.ris": {"read.failed": 1},
    "generic-missing-final-er.ris": {"ris.no-er": 1},
    "generic-windows-1252.ris": {"encoding": 1},
    "ovid-stray-lines-between-records.ris": {"ris.stray-text": 1},
}


def _expected(path: Path) -> list[dict]:
    return json.loads(path.with_suffix(".csl.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", RIS, ids=[p.name for p in RIS])
def test_fixture_reads_to_expected_csl_json(path: Path) -> None:
    report = Report()
    items = api.read(path, report=report)
    assert [i.to_json() for i in items] == _expected(path)
    codes: dict[str, int] = {}
    for d in report.diagnostics:
        codes[d.code] = codes.get(d.code, 0) + 1
    assert codes == EXPECTED_DIAGNOSTICS.get(path.name, {})
    for d in report.diagnostics:
        assert d.file == str(path) and d.line is not None, d.format()
    # counts add up: records in = records read + records failed
    assert report.records_in == len(items) + report.records_failed


@pytest.mark.parametrize("path", RIS, ids=[p.name for p in RIS])
def test_fixture_is_detected_as_ris(path: Path) -> None:
    text = api.open_source(path, report=Report()).text
    assert registry.detect(text[:4096], None) == "ris"


@pytest.mark.parametrize("name", ["generic-utf8-bom.ris", "generic-utf16-le-bom.ris",
                                  "generic-utf16-be-no-bom.ris",
                                  "generic-windows-1252.ris"])
def test_encodings_through_the_cli(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["convert", str(FIXTURES / "ris" / name), "--to", "csl-json",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["author"][0] == {"family": "Müller", "given": "Jürgen"}
    assert data[0]["title"] == "Encodings: naïve café “quotes” – dash"
    if name == "generic-windows-1252.ris":
        assert "read as Windows-1252" in result.output


def test_broken_record_reported_with_file_and_line_others_convert(tmp_path: Path) -> None:
    path = FIXTURES / "ris" / "generic-empty-record-between-good-ones.ris"
    out = tmp_path / "out.json"
    result = CliRunner().invoke(app, ["convert", str(path), "--to", "csl-json", "-o", str(out)])
    assert result.exit_code == 1
    assert f"{path}:6: error: record 2" in result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 2


@pytest.mark.parametrize("path", RIS, ids=[p.name for p in RIS])
def test_ris_to_ris_loses_nothing(path: Path) -> None:
    """Read, write RIS, read again: the same items, unknown tags and source types included."""
    items = api.read(path, report=Report())
    report = Report()
    text = api.write(items, fmt="ris", report=report)
    assert not [d.format() for d in report.diagnostics if d.code == "lossy"]
    back = api.parse(text, fmt="ris", report=Report())
    assert [i.to_json() for i in back] == [i.to_json() for i in items]


def test_rispy_reads_what_we_write_for_every_fixture() -> None:
    """An independent reader accepts our RIS, unknown tags and all."""
    import rispy

    for path in RIS:
        items = api.read(path, report=Report())
        text = api.write(items, fmt="ris", report=Report())
        assert isinstance(text, str)
        entries = rispy.loads(text.replace("\r\n", "\n"))
        assert len(entries) == len(items), path.name
        for entry, item in zip(entries, items, strict=True):
            if "title" in item.vars and item.type in ("article-journal", "book", "report"):
                assert entry.get("title") == item["title"], path.name
