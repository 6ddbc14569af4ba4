from __future__ import annotations

import pytest

from citeshift.diagnostics import Report
from citeshift.io import atomic_output, decode

TEXT = "Ünïcödé — “quotes”"


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT.encode("utf-16"),
     TEXT.encode("utf-16-le"), TEXT.encode("utf-16-be")],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be"],
)
def test_decode_without_warnings(data):
    report = Report()
    assert decode(data, name="f", report=report) == TEXT
    assert report.diagnostics == []


def test_cp1252_fallback_warns_with_line():
    report = Report()
    data = "line one\nRésumé – “x”".encode("cp1252")
    assert decode(data, name="old.ris", report=report) == "line one\nRésumé – “x”"
    (warning,) = report.warnings
    assert warning.file == "old.ris" and warning.line == 2
    assert "Windows-1252" in warning.message


def test_atomic_output_leaves_no_partial_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target) as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    with atomic_output(target) as fh:
        fh.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_mixed_utf8_and_cp1252_lines_keep_the_good_utf8():
    report = Report()
    data = "Müller, “UTF-8”\n".encode() + "Résumé – cp1252\n".encode("cp1252")
    assert decode(data, name="mixed.ris", report=report) == "Müller, “UTF-8”\nRésumé – cp1252\n"
    (warning,) = report.warnings
    assert "mixed encodings" in warning.message and warning.line == 2


def test_atomic_output_gives_normal_permissions(tmp_path):
    import os

    target = tmp_path / "new.ris"
    with atomic_output(target) as fh:
        fh.write("x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    with atomic_output(target) as fh:
        fh.write("y")
    assert target.stat().st_mode & 0o777 == 0o640
