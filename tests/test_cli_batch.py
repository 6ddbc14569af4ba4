"""The batch side of the CLI: --out-dir, --jobs, --report, --dedupe, --sort, merge, check."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner

from citeshift import registry
from citeshift.cli import app
from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.model.item import Item
from tests.paths import FIXTURES

runner = CliRunner()
THESIS = FIXTURES / "batch" / "thesis"
MERGE = FIXTURES / "batch" / "merge"
CHECK = FIXTURES / "check"
BROKEN = FIXTURES / "csljson" / "broken-second-item.json"


def run(*args: str | Path, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


class LossyWriter(Writer):
    """Writes ids only; reports the rest as lost, and one repair, like a real writer would."""

    name = "test-lossy"
    extensions = (".lossy",)

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        n = 0
        for item in items:
            if "page" in item:
                report.repair(item, "page range dash normalised", code="repair.pages")
            for key in item.vars:
                if key != "title":
                    report.lossy(item, key, "test-lossy", "ids only")
            out.write(item.id + "\n")
            n += 1
        return n


@pytest.fixture
def lossy_writer():
    registry.register_writer(LossyWriter)
    yield
    registry.unregister("test-lossy")


def test_out_dir_walks_and_summarises(tmp_path: Path) -> None:
    result = run("convert", THESIS, "--to", "csl-yaml", "--out-dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ch1" / "refs.yaml").exists() and (tmp_path / "ch2" / "refs.yaml").exists()
    assert "6 records in: 6 written" in result.stderr
    # stderr is not a terminal here: no progress bar drawn
    assert "━" not in result.stderr and "records/s" not in result.stderr


def test_jobs_output_identical(tmp_path: Path) -> None:
    one = run("convert", THESIS, MERGE, "--to", "csl-json", "-o", tmp_path / "1.json")
    two = run("convert", THESIS, MERGE, "--to", "csl-json", "-o", tmp_path / "2.json", "-j", "2")
    assert one.exit_code == two.exit_code == 0
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert one.stderr == two.stderr


def test_refusing_to_overwrite_an_input_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_bytes((THESIS / "ch1" / "refs.json").read_bytes())
    result = run("convert", src, "--to", "csl-json", "--out-dir", tmp_path)
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr and "Traceback" not in result.output


def test_report_lists_every_loss_and_repair_per_record(tmp_path: Path, lossy_writer) -> None:
    rep = tmp_path / "report.json"
    result = run("convert", THESIS / "ch1" / "refs.json", BROKEN, "--to", "test-lossy",
                 "-o", tmp_path / "out.lossy", "--report", rep)
    assert result.exit_code == 1  # one record of BROKEN could not be read
    data = json.loads(rep.read_text(encoding="utf-8"))
    counts = data["counts"]
    assert counts["in"] == counts["written"] + counts["failed"] + counts["merged"]
    assert counts["adds_up"] is True and counts["failed"] == 1
    arksey = data["records"]["arksey2005"]
    lost = {entry["variable"] for entry in arksey["lossy"]}
    assert lost == {"container-title", "author", "issued", "volume", "issue", "page", "DOI",
                    "ISSN"}
    assert arksey["lossy"][0]["target"] == "test-lossy" and arksey["lossy"][0]["why"] == "ids only"
    assert arksey["repairs"][0]["code"] == "repair.pages"
    assert arksey["file"].endswith("refs.json") and arksey["record"] == 1
    failed = [d for d in data["diagnostics"] if d["code"] == "read.failed"]
    assert len(failed) == 1 and failed[0]["file"].endswith("broken-second-item.json")
    assert data["summary"]["lossy_fields"]["author -> test-lossy"] >= 3
    # the short summary on stderr
    assert "fields in" in result.stderr and "could not be written: " in result.stderr
    assert "repairs in" in result.stderr


def test_dedupe_and_sort(tmp_path: Path) -> None:
    out = tmp_path / "m.json"
    result = run("convert", MERGE, "--to", "csl-json", "-o", out, "--dedupe", "--sort", "author")
    assert result.exit_code == 0, result.output
    ids = [x["id"] for x in json.loads(out.read_text(encoding="utf-8"))]
    assert ids == ["egger1997", "higgins2003", "Moher2009", "Page_2021", "tricco_prisma_scr"]
    assert result.stderr.count("merged duplicate") == 3
    assert "8 records in: 5 written, 3 merged as duplicates" in result.stderr


def test_bad_sort_is_a_usage_error() -> None:
    result = run("convert", MERGE, "--to", "csl-json", "--sort", "colour")
    assert result.exit_code == 2 and "unknown sort order 'colour'" in result.stderr


def test_merge_command(tmp_path: Path) -> None:
    out = tmp_path / "library.yaml"
    result = run("merge", MERGE / "library-a.json", MERGE / "library-b.json", "-o", out,
                 "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n- id:") == 5
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["counts"]["merged"] == 3 and data["summary"]["merges"] == 3
    assert len([r for r in data["records"].values() if "merges" in r]) == 3


def test_merge_needs_a_format() -> None:
    result = run("merge", MERGE)
    assert result.exit_code == 2 and "no output format" in result.stderr


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    result = run("convert", MERGE, BROKEN, "--to", "csl-json", "-o", tmp_path / "o.json",
                 "--dedupe", "-q")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines and all(": error: " in line for line in lines)


def test_check_exit_codes_and_json() -> None:
    clean = run("check", CHECK / "clean-library.json", "--ignore", "check.journal")
    assert clean.exit_code == 0 and clean.stdout == ""
    assert "4 records checked: 0 errors" in clean.stderr
    bad = run("check", CHECK / "one-problem-per-record.json", "--format", "json",
              "--ignore", "check.journal.unknown")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data["counts"]["errors"] == 8
    assert {f["code"] for f in data["findings"]} >= {"check.doi", "check.isbn", "check.issn",
                                                     "check.pmid", "check.pages.backwards",
                                                     "check.year.future", "check.required"}


def test_check_strict_ignore_and_usage_errors() -> None:
    path = CHECK / "journal-spelled-several-ways.json"
    assert run("check", path, "--ignore", "check.journal.unknown").exit_code == 0
    assert run("check", path, "--strict", "--ignore", "check.journal.unknown").exit_code == 1
    assert run("check", path, "--ignore", "check.journal").exit_code == 0
    unknown = run("check", path, "--ignore", "check.spelling")
    assert unknown.exit_code == 2 and "unknown check 'check.spelling'" in unknown.stderr
    assert run("check", path, "--format", "xml").exit_code == 2
    missing = run("check", CHECK / "nope.json")
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_the_report_never_overwrites_an_input(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    src.write_bytes((THESIS / "ch1" / "refs.json").read_bytes())
    before = src.read_bytes()
    result = run("convert", src, "--to", "csl-yaml", "-o", tmp_path / "o.yaml", "--report", src)
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert src.read_bytes() == before and not (tmp_path / "o.yaml").exists()
