"""Batch conversion: inputs, --out-dir names, no overwriting, atomic writes, --jobs, progress."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pytest

from citeshift import api, batch, registry, sources, split
from citeshift.diagnostics import Report
from citeshift.errors import InputError
from citeshift.formats.base import Options, Reader, Writer
from citeshift.model.item import Item, Origin
from tests.paths import FIXTURES

THESIS = FIXTURES / "batch" / "thesis"
MERGE = FIXTURES / "batch" / "merge"
BROKEN = FIXTURES / "csljson" / "broken-second-item.json"


# --- a tiny line-based format, to exercise pieces and context without other formats ---------

class LinesReader(Reader):
    """``key|title`` per line; ``=name=value`` defines a macro that ``key|@name`` uses."""

    name = "test-lines"
    extensions = (".lines",)

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        macros: dict[str, str] = {}
        record = 0
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if line.startswith("="):
                _, key, value = line.split("=", 2)
                macros[key] = value
                continue
            record += 1
            key, sep, title = line.partition("|")
            if not sep:
                report.record_failed(f"no '|' in {line!r}", file=name, line=n, record=record)
                continue
            if title.startswith("@"):
                if title[1:] not in macros:
                    report.warning(f"unknown macro {title}", file=name, line=n)
                title = macros.get(title[1:], title)
            item = Item(id=key, type="article", vars={"title": title},
                        origin=Origin(file=name, line=n, record=record, format=self.name))
            if "?" in title:
                report.warning("question in title", code="test.question", item=item)
            yield item


def split_lines(text: str, pieces: int) -> list[split.Piece] | None:
    starts = [m.end() for m in re.finditer(r"\n", text)][:-1]
    cuts = split._cut_points(text, starts, pieces, lambda a, b: True)
    return split._pieces(text, cuts, lambda a, b: ("".join(
        line + "\n" for line in text[:a].splitlines() if line.startswith("=")), ""))


@pytest.fixture
def lines_format(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    registry.register_reader(LinesReader)
    monkeypatch.setitem(split.SPLITTERS, "test-lines", split_lines)
    monkeypatch.setattr(batch, "SPLIT_BYTES", 100)
    monkeypatch.setattr(batch, "PIECE_BYTES", 200)
    yield
    registry.unregister("test-lines")


@pytest.fixture
def always_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the processes even where they would not pay, to test that path."""
    monkeypatch.setattr(batch, "effective_jobs", lambda writer, formats, *, jobs, dedupe, sort:
                        jobs)


def _lines_file(tmp_path: Path, n: int = 300) -> Path:
    rows = ["=j=Journal of Tests"]
    for i in range(1, n + 1):
        if i % 50 == 0:
            rows.append(f"broken line {i}")
        elif i % 7 == 0:
            rows.append(f"k{i}|@j")
        elif i % 11 == 0:
            rows.append(f"k{i}|Why {i}?")
        else:
            rows.append(f"k{i}|Title {i}")
        if i == 150:
            rows.append("=j=Journal of Later Tests")
    path = tmp_path / "big.lines"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _convert(inputs: list[str | Path], **kw) -> tuple[Report, str]:
    report = Report()
    out = kw.pop("out")
    api.convert(inputs, report=report, output=out, **kw)
    return report, Path(out).read_text(encoding="utf-8")


# --- inputs ---------------------------------------------------------------------------------

def test_directories_are_walked_keeping_relative_paths() -> None:
    files = batch.expand([THESIS])
    assert [f.rel for f in files] == ["ch1/refs.json", "ch2/refs.json"]


def test_glob_on_names_and_on_paths(tmp_path: Path) -> None:
    shutil.copytree(THESIS, tmp_path / "t")
    (tmp_path / "t" / "ch1" / "notes.txt").write_text("not references", encoding="utf-8")
    (tmp_path / "t" / ".hidden").mkdir()
    shutil.copy(THESIS / "ch1" / "refs.json", tmp_path / "t" / ".hidden" / "refs.json")
    assert [f.rel for f in batch.expand([tmp_path / "t"], glob="*.json")] == [
        "ch1/refs.json", "ch2/refs.json"]
    assert [f.rel for f in batch.expand([tmp_path / "t"], glob="ch2/*.json")] == ["ch2/refs.json"]
    assert [f.rel for f in batch.expand([tmp_path / "t"], glob="**/*.json")] == [
        "ch1/refs.json", "ch2/refs.json"]
    with pytest.raises(InputError, match=r"no files matching '\*\.ris'"):
        batch.expand([tmp_path / "t"], glob="*.ris")


# --- outputs --------------------------------------------------------------------------------

def test_out_dir_keeps_names_and_sub_folders(tmp_path: Path) -> None:
    report = Report()
    api.convert([THESIS], to="csl-yaml", out_dir=tmp_path / "out", report=report)
    assert sorted(p.relative_to(tmp_path / "out").as_posix()
                  for p in (tmp_path / "out").rglob("*")
                  if p.is_file()) == ["ch1/refs.yaml", "ch2/refs.yaml"]
    assert "levac2010" in (tmp_path / "out" / "ch2" / "refs.yaml").read_text(encoding="utf-8")
    assert report.records_in == 6 == report.records_written


def test_two_inputs_with_one_name_get_numbered_with_a_warning(tmp_path: Path) -> None:
    report = Report()
    api.convert([THESIS / "ch1" / "refs.json", THESIS / "ch2" / "refs.json"], to="csl-json",
                out_dir=tmp_path, report=report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs-2.json", "refs.json"]
    assert [d.code for d in report.warnings] == ["out-dir.renamed"]


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    src = tmp_path / "refs.json"
    shutil.copy(THESIS / "ch1" / "refs.json", src)
    before = src.read_bytes()
    with pytest.raises(InputError, match="refusing to overwrite"):
        api.convert([src], to="csl-json", out_dir=tmp_path)
    with pytest.raises(InputError, match="refusing to overwrite"):
        api.convert([src], to="csl-json", output=src)
    assert src.read_bytes() == before
    # nor an input other than the one being converted
    other = tmp_path / "other.yaml"
    other.write_text("---\nreferences: []\n...\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.yaml"):
        api.convert([src, tmp_path / "other.yaml"], to="csl-yaml", out_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.yaml", "refs.json"]


class ExplodingWriter(Writer):
    name = "test-exploding"
    extensions = (".boom",)

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        for n, item in enumerate(items):
            out.write(item.id + "\n")
            if n == 1:
                raise RuntimeError("disk on fire")
        return 0


def test_no_half_written_file_when_the_writer_fails(tmp_path: Path) -> None:
    registry.register_writer(ExplodingWriter)
    try:
        target = tmp_path / "out.boom"
        target.write_text("the previous good output\n", encoding="utf-8")
        with pytest.raises(RuntimeError):
            api.convert([THESIS], to="test-exploding", output=target)
        assert target.read_text(encoding="utf-8") == "the previous good output\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.boom"]  # no temporary left
    finally:
        registry.unregister("test-exploding")


# --- mixed formats, merged output, counts ---------------------------------------------------

def test_mixed_input_formats_in_one_run(tmp_path: Path) -> None:
    yaml_copy = tmp_path / "ch2.yaml"
    api.convert([THESIS / "ch2" / "refs.json"], to="csl-yaml", output=yaml_copy)
    report, text = _convert([THESIS / "ch1" / "refs.json", yaml_copy, BROKEN], to="csl-json",
                            out=tmp_path / "all.json")
    ids = [x["id"] for x in json.loads(text)]
    assert ids[:6] == ["arksey2005", "levac2010", "peters2020", "tricco2018", "levac2010-2",
                       "munn2018"]
    assert report.records_failed == 1
    assert report.records_in == report.records_written + report.records_failed


# --- several processes ----------------------------------------------------------------------

def test_jobs_give_the_same_output_and_messages(tmp_path: Path) -> None:
    inputs = [THESIS, MERGE, BROKEN]
    r1, one = _convert(inputs, to="csl-json", out=tmp_path / "one.json")
    r2, two = _convert(inputs, to="csl-json", out=tmp_path / "two.json", jobs=2)
    assert one == two
    assert [d.format() for d in r1.diagnostics] == [d.format() for d in r2.diagnostics]
    assert (r1.records_in, r1.records_written, r1.records_failed) == (
        r2.records_in, r2.records_written, r2.records_failed)


def test_big_file_read_in_pieces_matches_one_process(tmp_path: Path, lines_format: None,
                                                     always_processes: None) -> None:
    path = _lines_file(tmp_path)
    r1, one = _convert([path], to="csl-json", out=tmp_path / "one.json")
    r2, two = _convert([path], to="csl-json", out=tmp_path / "two.json", jobs=3)
    tasks = list(batch._tasks_for(batch.InputFile(str(path), "big.lines"), "test-lines",
                                  jobs=3, options={}, encoding=None, report=Report()))
    assert len(tasks) > 3  # really cut into pieces
    assert one == two
    assert [d.format() for d in r1.diagnostics] == [d.format() for d in r2.diagnostics]
    assert r2.records_failed == 6 and r2.records_in == 300
    assert r2.records_in == r2.records_written + r2.records_failed
    items = json.loads(two)
    # macros defined before a piece reach it through the context; redefinitions still apply
    titles = {x["id"]: x["title"] for x in items}
    assert titles["k7"] == "Journal of Tests" and titles["k154"] == "Journal of Later Tests"
    # lines name the place in the whole file, not in the piece
    fails = [d for d in r2.diagnostics if d.code == "read.failed"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(lines[d.line - 1].startswith("broken line") for d in fails)
    assert [d.record for d in fails] == [50, 100, 150, 200, 250, 300]


def test_pieces_number_records_as_the_whole_file(tmp_path: Path, lines_format: None) -> None:
    path = _lines_file(tmp_path)
    plan = [(batch.InputFile(str(path), "big.lines"), "test-lines")]
    origins = {}
    for jobs in (1, 3):
        reading = batch.Reading(plan, report=Report(), jobs=jobs, options={}, encoding=None)
        origins[jobs] = [(i.id, i.origin.line, i.origin.record) for i in reading.items()]
    assert origins[1] == origins[3]
    assert origins[3][-1] == ("k299", 301, 299)


def test_jobs_with_out_dir(tmp_path: Path) -> None:
    r1 = Report()
    api.convert([THESIS], to="csl-json", out_dir=tmp_path / "a", report=r1)
    r2 = Report()
    api.convert([THESIS], to="csl-json", out_dir=tmp_path / "b", report=r2, jobs=2)
    for rel in ("ch1/refs.json", "ch2/refs.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert r2.records_written == 6


def test_missing_input_in_out_dir_mode_is_an_error_others_convert(tmp_path: Path) -> None:
    report = Report()
    api.convert([THESIS / "ch1" / "refs.json", tmp_path / "gone.json"], to="csl-json",
                out_dir=tmp_path / "out", report=report, jobs=2)
    assert (tmp_path / "out" / "refs.json").exists()
    assert [d.code for d in report.errors] == ["input"]
    assert "gone.json" in report.errors[0].message


# --- progress -------------------------------------------------------------------------------

class RecordingProgress:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def begin(self, files: int, total_bytes: int) -> None:
        self.events.append(("begin", files, total_bytes))

    def update(self, *, files_done: int, records: int, bytes_done: float) -> None:
        self.events.append(("update", files_done, records, bytes_done))

    def end(self) -> None:
        self.events.append(("end",))


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_files_records_and_bytes(tmp_path: Path, jobs: int) -> None:
    hook = RecordingProgress()
    api.convert([THESIS, MERGE], to="csl-json", output=tmp_path / "o.json", jobs=jobs,
                progress=hook)
    total = sum(os.path.getsize(p) for p in [*THESIS.rglob("*.json"), *MERGE.glob("*.json")])
    assert hook.events[0] == ("begin", 4, total)
    assert hook.events[-1] == ("end",)
    last = hook.events[-2]
    assert last[1:] == (4, 14, pytest.approx(total))


# --- real formats mixed (RIS, MEDLINE, CSL-JSON) --------------------------------------------

MIXED = FIXTURES / "batch" / "mixed"


def test_mixed_directory_converts_every_format(tmp_path: Path) -> None:
    report, text = _convert([MIXED], to="csl-json", out=tmp_path / "all.json")
    items = json.loads(text)
    formats = [i.get("custom", {}).get("citeshift", {}).get("source", {}).get("format")
               for i in items]
    assert len(items) == 8 == report.records_written == report.records_in
    titles = [i["title"] for i in items]
    assert titles[0].startswith("Scoping studies")  # chapter-refs.json comes first
    assert any(t.startswith("The PRISMA 2020 statement") for t in titles)  # from .nbib
    assert any(t.startswith("Cochrane Handbook") for t in titles)  # from .ris
    assert formats.count(None) >= 3  # the CSL-JSON records carry no source record


def test_dedupe_across_formats(tmp_path: Path) -> None:
    report, _text = _convert([MIXED, MERGE], to="csl-json", out=tmp_path / "all.json",
                            dedupe=True)
    assert report.records_in == 16
    assert report.records_merged == 7
    assert report.records_written == 9
    merges = [d for d in report.diagnostics if d.code == "dedupe.merged"]
    assert any("zotero-export.ris" in d.message for d in merges)
    assert any("pubmed-export.nbib" in (d.file or "") for d in merges)


def _many(src: Path, tmp_path: Path, copies: int, sep: str) -> Path:
    text = src.read_text(encoding="utf-8")
    out = tmp_path / f"many{src.suffix}"
    out.write_text(sep.join(text.strip("\r\n") for _ in range(copies)) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize(("name", "sep"), [("zotero-export.ris", "\n\n"),
                                           ("pubmed-export.nbib", "\n\n")])
def test_big_ris_and_nbib_read_in_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         name: str, sep: str, always_processes: None) -> None:
    monkeypatch.setattr(batch, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(batch, "PIECE_BYTES", 2000)
    path = _many(MIXED / name, tmp_path, 60, sep)
    fmt = api.detect_format(str(path), None)
    tasks = list(batch._tasks_for(batch.InputFile(str(path), path.name), fmt, jobs=2,
                                  options={}, encoding=None, report=Report()))
    assert len(tasks) > 2
    r1, one = _convert([path], to="csl-json", out=tmp_path / "one.json")
    r2, two = _convert([path], to="csl-json", out=tmp_path / "two.json", jobs=2)
    assert one == two and r1.records_in == r2.records_in > 60
    assert [d.format() for d in r1.diagnostics] == [d.format() for d in r2.diagnostics]


# --- BibTeX: macros and crossref reach every piece -------------------------------------------

BIB = FIXTURES / "batch" / "bibtex" / "strings-crossref-and-a-broken-entry.bib"


def test_bibtex_read_in_pieces_matches_one_process(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(batch, "PIECE_BYTES", 1500)
    tasks = list(batch._tasks_for(batch.InputFile(str(BIB), BIB.name), "bibtex", jobs=2,
                                  options={}, encoding=None, report=Report()))
    assert len(tasks) >= 4 and tasks[-1].last and not any(t.last for t in tasks[:-1])
    # the crossref target, at the end of the file, rides along with the pieces that need it
    needing = [t for t in tasks[:-1] if "crossref = {proc2015}" in (t.text or "")]
    assert needing and all("@proceedings{proc2015" in (t.text or "") for t in needing)
    r1, one = _convert([BIB], to="csl-json", out=tmp_path / "one.json")
    r2, two = _convert([BIB], to="csl-json", out=tmp_path / "two.json", jobs=2)
    assert one == two
    assert [d.format() for d in r1.diagnostics] == [d.format() for d in r2.diagnostics]
    assert (r2.records_in, r2.records_written, r2.records_failed) == (41, 40, 1)
    items = {x["id"]: x for x in json.loads(two)}
    # the @string defined half-way reached the pieces after it
    assert items["key29"]["container-title"] == "Nature"
    # the crossref parent at the end of the file reached the pieces citing it
    assert all(items[k].get("container-title") == "Proceedings of the 12th Conference on Glasses"
               for k in ("conf9", "conf18", "conf27", "conf36"))
    plan = [(batch.InputFile(str(BIB), BIB.name), "bibtex")]
    origins = []
    for jobs in (1, 2):
        reading = batch.Reading(plan, report=Report(), jobs=jobs, options={}, encoding=None)
        origins.append([(i.id, i.origin.line, i.origin.record) for i in reading.items()])
    assert origins[0] == origins[1]


# --- processes that write: outputs of pieces join into the output of the whole -------------

def _sample_items() -> list[Item]:
    items = api.read(BIB) + api.read(MIXED / "zotero-export.ris") + api.read(
        MIXED / "pubmed-export.nbib") + api.read(MIXED / "chapter-refs.json")
    # twice: what a writer keeps across records (keys it has written) shows across a cut
    twice = items + [dataclasses.replace(i, vars=dict(i.vars)) for i in items]
    return list(batch.unique_ids(twice, Report()))


@pytest.mark.parametrize("writer", sorted(batch.FRAMES))
def test_writer_outputs_join_as_their_frame_says(writer: str) -> None:
    if writer not in registry.writers():
        pytest.skip(f"no {writer} writer installed")
    items = _sample_items()
    whole = api.write(items, fmt=writer)
    for cut in (1, 7, len(items) // 2 + 3, len(items) - 1):
        parts = [api.write(items[:cut], fmt=writer), api.write(items[cut:], fmt=writer)]
        buf = io.StringIO()
        batch.join_fragments(parts, buf, batch.FRAMES[writer])
        assert buf.getvalue() == whole, f"{writer} cut at {cut}"
    empty = io.StringIO()
    batch.join_fragments([], empty, batch.FRAMES[writer])
    assert empty.getvalue() == api.write([], fmt=writer)


@pytest.mark.parametrize("to", ["csl-json", "ris", "csl-yaml", "bibtex"])
def test_processes_that_write_give_the_same_file(tmp_path: Path, to: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(batch, "PIECE_BYTES", 1500)
    # BibTeX output is written here (its writer keeps state across records); the others
    # are written by the processes
    assert batch.writes_in_workers(to, ["bibtex"], jobs=2, dedupe=False, sort=None) is (
        to != "bibtex")
    assert not batch.writes_in_workers(to, ["bibtex", "ris"], jobs=2, dedupe=False, sort=None)
    assert not batch.writes_in_workers(to, ["bibtex"], jobs=2, dedupe=True, sort=None)
    # the same key in both copies: the second file's pieces clash and are redone here
    copy = tmp_path / "copy.bib"
    copy.write_text(BIB.read_text(encoding="utf-8"), encoding="utf-8")
    r1, one = _convert([BIB, copy], to=to, out=tmp_path / f"one.{to}")
    r2, two = _convert([BIB, copy], to=to, out=tmp_path / f"two.{to}", jobs=2)
    assert one == two
    # the same messages; their order may differ where the reader holds entries back (here
    # the ones waiting for their crossref parent at the end of the file)
    assert sorted(d.format() for d in r1.diagnostics) == sorted(d.format() for d in r2.diagnostics)
    assert (r1.records_in, r1.records_written, r1.records_failed) == (
        r2.records_in, r2.records_written, r2.records_failed) == (82, 80, 2)
    assert sum(d.code == "duplicate-id" for d in r2.diagnostics) == 40


def test_processes_only_where_they_pay() -> None:
    # the processes write: always worth it
    assert batch.effective_jobs("csl-json", ["bibtex"], jobs=4, dedupe=False, sort=None) == 4
    # records come back: only for readers slower than moving a record
    assert batch.effective_jobs("bibtex", ["bibtex"], jobs=4, dedupe=False, sort=None) == 4
    assert batch.effective_jobs("bibtex", ["ris"], jobs=4, dedupe=False, sort=None) == 1
    assert batch.effective_jobs("csl-json", ["ris", "nbib"], jobs=4, dedupe=True, sort=None) == 1
    assert batch.effective_jobs("csl-json", ["bibtex"], jobs=1, dedupe=False, sort=None) == 1


# --- one process, big files: read a piece at a time, never whole -----------------------------

@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stream every file, in small pieces decoded from small blocks."""
    import citeshift.io

    monkeypatch.setattr(batch, "STREAM_BYTES", 1)
    monkeypatch.setattr(batch, "PIECE_BYTES", 700)
    monkeypatch.setattr(citeshift.io, "STREAM_BLOCK", 300)


def _whole_and_streamed(path: Path, to: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                        ) -> tuple[tuple[Report, str], tuple[Report, str]]:
    with monkeypatch.context() as m:
        m.setattr(batch, "STREAM_BYTES", 1 << 40)
        whole = _convert([path], to=to, out=tmp_path / f"whole.{to}")
    opened = []
    real_open_source = sources.open_source
    monkeypatch.setattr(sources, "open_source", lambda *a, **k: opened.append(a) or
                        real_open_source(*a, **k))
    streamed = _convert([path], to=to, out=tmp_path / f"streamed.{to}")
    assert opened == []  # never read whole
    return whole, streamed


@pytest.mark.parametrize(("path", "to"), [
    (BIB, "csl-json"), (BIB, "bibtex"), (MIXED / "zotero-export.ris", "csl-json"),
    (MIXED / "pubmed-export.nbib", "ris")])
def test_one_process_streams_a_big_file_to_the_same_output(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, path: Path,
        to: str) -> None:
    if path.suffix != ".bib":
        path = _many(path, tmp_path, 30, "\n\n")
    (r1, one), (r2, two) = _whole_and_streamed(path, to, tmp_path, monkeypatch)
    assert one == two
    assert (r1.records_in, r1.records_written, r1.records_failed) == (
        r2.records_in, r2.records_written, r2.records_failed)
    assert sorted(d.format() for d in r1.diagnostics) == sorted(
        d.format() for d in r2.diagnostics)


def test_streaming_reads_ahead_only_a_few_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 streaming: None) -> None:
    import citeshift.io

    path = _many(MIXED / "zotero-export.ris", tmp_path, 200, "\n\n")
    real = citeshift.io.iter_text
    blocks_read = []

    def counting(*a, **k):
        for block in real(*a, **k):
            blocks_read.append(len(block))
            yield block

    monkeypatch.setattr(citeshift.io, "iter_text", counting)
    plan = [(batch.InputFile(str(path), path.name), "ris")]
    items = batch.Reading(plan, report=Report(), jobs=1, options={}, encoding=None).items()
    next(items)
    assert 0 < sum(blocks_read) < path.stat().st_size / 20  # the first item came early
    per_copy = len(api.read(MIXED / "zotero-export.ris"))
    assert sum(1 for _ in items) + 1 == 200 * per_copy


def test_streamed_file_with_mixed_encodings_is_read_and_told(tmp_path: Path,
                                                            streaming: None) -> None:
    path = tmp_path / "old.ris"
    good = "TY  - JOUR\nAU  - Müller, J\nTI  - Good {}\nER  - \n\n"
    bad = "TY  - JOUR\nAU  - Dupré, A\nTI  - Résumé {}\nER  - \n\n"
    path.write_bytes(b"".join(good.format(i).encode() if i % 9 else bad.format(i).encode(
        "cp1252") for i in range(60)))
    report, text = _convert([path], to="csl-json", out=tmp_path / "o.json")
    items = json.loads(text)
    assert len(items) == 60 and items[9]["title"] == "Résumé 9"
    assert items[1]["author"][0]["family"] == "Müller"
    (warning,) = [d for d in report.diagnostics if d.code == "encoding"]
    assert warning.line == 2 and "Windows-1252" in warning.message  # Dupré's line


class CountingSet(set):
    """A set that counts membership tests (to show work is linear, without timing it)."""

    probes = 0

    def __contains__(self, key: object) -> bool:
        CountingSet.probes += 1
        return super().__contains__(key)


def test_ids_across_pieces_are_numbered_on_without_probing_from_two() -> None:
    ids = batch._FileIds()
    ids.seen = CountingSet()
    CountingSet.probes = 0
    pieces = 200
    for p in range(pieces):
        # what a reader gives one piece of many records by one author and year
        local = [Item(id="smith2020" if k == 0 else f"smith2020-{k + 1}", type="book",
                      origin=Origin(file="f", line=k + 1, record=k + 1)) for k in range(10)]
        ids.rekey(local, offset=p * 10, first=p == 0)
        assert [i.id for i in local][-1] == f"smith2020-{(p + 1) * 10}"
    assert CountingSet.probes < 10 * pieces * 10  # linear; probing from 2 made it ~1,000x more


def test_ids_made_from_record_numbers_get_the_file_numbers() -> None:
    ids = batch._FileIds()
    first = [Item(id="item1", type="book", origin=Origin(file="f", line=1, record=1))]
    second = [Item(id="item1", type="book", origin=Origin(file="f", line=9, record=1)),
              Item(id="smith2020", type="book", origin=Origin(file="f", line=12, record=2))]
    assert ids.rekey(first, offset=0, first=True) == {}
    assert ids.rekey(second, offset=3, first=False) == {"item1": "item4"}
    assert [i.id for i in second] == ["item4", "smith2020"]


def test_processes_that_write_number_keyless_entries_as_the_whole_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # an entry without a key is named entry-N by its record number, which a piece counts
    # from its own start: such a piece is written again here, where its offset is known
    monkeypatch.setattr(batch, "SPLIT_BYTES", 100)
    monkeypatch.setattr(batch, "PIECE_BYTES", 300)
    path = tmp_path / "keyless.bib"
    path.write_text("".join(f"@article{{,\n  title = {{T{i}}},\n}}\n\n" if i % 3 == 0 else
                            f"@article{{k{i},\n  title = {{T{i}}},\n}}\n\n" for i in range(60)),
                    encoding="utf-8")
    assert batch.writes_in_workers("csl-json", ["bibtex"], jobs=2, dedupe=False, sort=None)
    r1, one = _convert([path], to="csl-json", out=tmp_path / "one.json")
    r2, two = _convert([path], to="csl-json", out=tmp_path / "two.json", jobs=2)
    assert one == two
    ids = [x["id"] for x in json.loads(two)]
    assert ids[:4] == ["entry-1", "k1", "k2", "entry-4"] and "entry-58" in ids
    assert sorted(d.format() for d in r1.diagnostics) == sorted(d.format() for d in r2.diagnostics)
