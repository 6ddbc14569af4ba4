from __future__ import annotations

import pytest

from citeshift.diagnostics import Report
from citeshift.io import atomic_output, decode, iter_text, stream_encoding

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


# --- streaming: a file decoded a block of whole lines at a time ----------------------------

STREAM_CASES = {
    "utf8": "Müller, “x”\n".encode() * 300,
    "utf8-bom": b"\xef\xbb\xbf" + "Ærø – y\r\n".encode() * 900,
    "no-final-newline": b"a\n" * 3000 + "last line é".encode(),
    "line-longer-than-a-block": b"x" * 5000 + "é\n".encode() + b"y\n" * 10,
    "mixed": ("Müller, “UTF-8”\n".encode() + "Résumé – cp1252\n".encode("cp1252")) * 200,
    "empty": b"",
}


@pytest.mark.parametrize("case", sorted(STREAM_CASES))
def test_streamed_text_is_the_decoded_text(tmp_path, case):
    data = STREAM_CASES[case]
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    blocks = list(iter_text(path, name="in.txt", report=Report(), block=64))
    assert "".join(blocks) == decode(data, name="in.txt", report=Report())
    assert all(b.endswith("\n") for b in blocks[:-1])  # whole lines only
    # the first read is the 4 KiB the encoding is settled on, then blocks of 64 bytes
    assert len(blocks) > 1 or len(data) <= 4096 or case == "line-longer-than-a-block"


def test_streamed_mixed_encoding_warns_once_at_the_first_bad_line(tmp_path):
    path = tmp_path / "mixed.ris"
    path.write_bytes(b"ok\n" * 50 + STREAM_CASES["mixed"])
    report = Report()
    text = "".join(iter_text(path, name="mixed.ris", report=report, block=64))
    assert "Résumé – cp1252" in text
    (warning,) = report.warnings
    assert warning.line == 52 and "Windows-1252" in warning.message


def test_streamed_explicit_encoding(tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes("@book{k, title={Résumé}}\n".encode("latin-1") * 40)
    text = "".join(iter_text(path, name="latin.bib", report=Report(), encoding="latin-1",
                             block=50))
    assert text == "@book{k, title={Résumé}}\n" * 40


def test_utf16_is_not_streamed():
    assert stream_encoding("TY  - JOUR\n".encode("utf-16"), None) is None
    assert stream_encoding(b"T\x00Y\x00 \x00 \x00", None) is None
    assert stream_encoding(b"TY  - JOUR", "utf-16-le") is None
    assert stream_encoding(b"TY  - JOUR", "cp1252") == ("cp1252", 0)
    assert stream_encoding(b"\xef\xbb\xbfTY", None) == ("utf-8", 3)


def test_streamed_encoding_is_settled_on_the_same_bytes_as_a_whole_read(tmp_path):
    # 16-byte blocks: the first block alone looks like UTF-16 (NULs), the file does not
    path = tmp_path / "nul.ris"
    path.write_bytes(b"\x00\x00\x00\x00\x00\x00\x00\x00TY  - JOUR\n" + b"TI  - x\nER  - \n" * 300)
    assert stream_encoding(path.read_bytes()[:4096], None) == ("utf-8", 0)
    text = "".join(iter_text(path, name="nul.ris", report=Report(), block=16))
    assert text == decode(path.read_bytes(), name="nul.ris", report=Report())
