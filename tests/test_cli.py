from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from citeshift.cli import app
from tests.paths import FIXTURES

runner = CliRunner()
CSL = FIXTURES / "csljson"


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_formats_lists_readers_and_writers():
    result = run("formats")
    assert result.exit_code == 0
    assert "Input formats" in result.stdout and "Output formats" in result.stdout
    assert "csl-json" in result.stdout and ".json" in result.stdout


def test_convert_stdin_to_stdout_is_one_json_array():
    data = json.dumps([{"id": "a", "type": "book", "title": "Ünï"}])
    result = run("convert", "-", "--to", "csl-json", input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"id": "a", "type": "book", "title": "Ünï"}]
    assert "1 records in: 1 written" in result.stderr


def test_several_inputs_merge_into_one_array_with_unique_ids(tmp_path):
    result = run("convert", str(CSL / "zotero-export-unicode.json"),
                 str(CSL / "zotero-export-unicode.json"), "--to", "csl-json")
    assert result.exit_code == 0
    ids = [i["id"] for i in json.loads(result.stdout)]
    assert len(ids) == 6 and len(set(map(str, ids))) == 6
    assert "duplicate id" in result.stderr


def test_output_file_and_format_from_extension(tmp_path):
    out = tmp_path / "out.yaml"
    result = run("convert", str(CSL / "pandoc-references.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "references:" in out.read_text(encoding="utf-8")


def test_out_dir_keeps_names_and_refuses_to_overwrite_inputs(tmp_path):
    src = tmp_path / "refs.json"
    src.write_text((CSL / "zotero-export-unicode.json").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("convert", str(src), "--to", "csl-yaml", "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "refs.yaml").exists()
    result = run("convert", str(src), "--to", "csl-json", "--out-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr


def test_missing_file_is_one_line_error_exit_2():
    result = run("convert", "no-such-file.bib", "--to", "csl-json")
    assert result.exit_code == 2
    assert result.stderr.strip() == "citeshift: error: no-such-file.bib: no such file"
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error():
    result = run("convert", str(CSL / "pandoc-references.yaml"), "--to", "nosuchformat")
    assert result.exit_code == 2
    assert "unknown output format 'nosuchformat'" in result.stderr
    result = run("convert", str(CSL / "pandoc-references.yaml"), "--from", "nosuch", "--to", "csl-json")
    assert result.exit_code == 2
    assert "unknown input format 'nosuch'" in result.stderr


def test_missing_to_is_a_usage_error():
    result = run("convert", str(CSL / "pandoc-references.yaml"))
    assert result.exit_code == 2
    assert "use --to" in result.stderr


def test_malformed_json_names_line_and_column_and_exits_1():
    result = run("convert", str(CSL / "broken-second-item.json"), "--to", "csl-json")
    assert result.exit_code == 1
    assert "broken-second-item.json:3:35: error: invalid JSON in item 2" in result.stderr
    assert [i["id"] for i in json.loads(result.stdout)] == ["ok-1", "ok-3"]
    assert "3 records in: 2 written, 0 with warnings, 1 failed" in result.stderr


def test_undetectable_input_names_the_file(tmp_path):
    path = tmp_path / "mystery.dat"
    path.write_text("nothing to see", encoding="utf-8")
    result = run("convert", str(path), "--to", "csl-json")
    assert result.exit_code == 2
    assert "mystery.dat" in result.stderr and "--from" in result.stderr


def test_report_file_counts_add_up(tmp_path):
    out = tmp_path / "report.json"
    result = run("convert", str(CSL / "invalid-values.json"), "--to", "csl-json",
                 "--report", str(out))
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    counts = data["counts"]
    assert counts["in"] == counts["written"] + counts["failed"] == 3
    assert "v1" in data["records"]


def test_quiet_hides_warnings_and_summary():
    result = run("convert", str(CSL / "invalid-values.json"), "--to", "csl-json", "-q")
    assert "warning" not in result.stderr
    assert "records in" not in result.stderr
    assert "error" in result.stderr


def test_detect_command():
    result = run("detect", str(CSL / "pandoc-references.yaml"))
    assert result.exit_code == 0
    assert "csl-yaml" in result.stdout


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "citeshift", "formats"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert "csl-json" in proc.stdout


def test_sentence_case_can_be_switched_either_way(tmp_path):
    bib = tmp_path / "t.bib"
    bib.write_text("@article{k,\n  author = {Smith, Anna},\n  title = {A Study of Things},\n"
                   "  journal = {Journal of Tests},\n  year = {2020},\n}\n", encoding="utf-8")
    default = run("convert", str(bib), "--to", "text", "--style", "apa")
    kept = run("convert", str(bib), "--to", "text", "--style", "apa", "--no-sentence-case")
    assert default.exit_code == 0 and kept.exit_code == 0
    assert "A study of things" in default.stdout  # BibTeX titles are Title Case: lowered
    assert "A Study of Things" in kept.stdout  # --no-sentence-case: left as written
