"""The --report document: per-record lists, labels for shared ids, counts that add up."""

from __future__ import annotations

import io

from citeshift import lossreport
from citeshift.diagnostics import Report
from citeshift.model.item import Item, Origin
from citeshift.progress import RichProgress


def _item(id: str, file: str, record: int) -> Item:
    return Item(id=id, type="book", origin=Origin(file=file, line=record * 10, record=record))


def test_records_grouped_and_kinds_sorted() -> None:
    report = Report()
    a = _item("smith", "a.bib", 1)
    b = _item("smith", "b.bib", 1)
    report.records_read = 2
    report.lossy(a, "abstract", "ris", "no tag")
    report.repair(a, "page range 913-23 expanded", code="repair.pages")
    report.warning("odd month", item=a)
    report.lossy(b, "note", "ris")
    report.error("cannot write", item=b)
    report.records_written = 2
    data = lossreport.build(report)
    assert set(data["records"]) == {"smith", "smith (b.bib: record 1)"}
    first = data["records"]["smith"]
    assert first["lossy"] == [{"code": "lossy", "message": "abstract cannot be written to ris "
                               "(no tag)", "line": 10, "variable": "abstract", "target": "ris",
                               "why": "no tag"}]
    assert [e["code"] for e in first["repairs"]] == ["repair.pages"]
    assert [e["message"] for e in first["warnings"]] == ["odd month"]
    assert [e["message"] for e in data["records"]["smith (b.bib: record 1)"]["errors"]] == [
        "cannot write"]
    assert data["summary"]["lossy_fields"] == {"abstract -> ris": 1, "note -> ris": 1}
    assert data["summary"]["records_with_lossy_fields"] == 2
    assert data["counts"]["adds_up"]
    lines = lossreport.summary_lines(report, data)
    assert lines[0] == "2 fields in 2 records could not be written: abstract (1), note (1)"
    assert data["summary"]["lossy_variables"] == {"abstract": 1, "note": 1}
    assert lines[1] == "1 repairs in 1 records: repair.pages (1)"


def test_counts_that_do_not_add_up_are_said() -> None:
    report = Report()
    report.records_read = 3
    report.records_written = 2
    data = lossreport.build(report)
    assert data["counts"]["adds_up"] is False
    assert "counts do not add up" in lossreport.summary_lines(report, data)[-1]


def test_progress_is_silent_off_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert RichProgress.wanted(quiet=False) is False
    assert RichProgress.wanted(quiet=True) is False


def test_progress_draws_files_and_records(monkeypatch) -> None:
    from rich.console import Console

    buf = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda **kw: Console(
        file=buf, force_terminal=True, width=120))
    hook = RichProgress()
    hook.begin(3, 3000)
    hook.update(files_done=1, records=500, bytes_done=1000.0)
    assert hook.print("refs.bib:3: warning: something")
    hook._progress.refresh()
    hook.end()
    text = buf.getvalue()
    assert "1/3 files" in text and "500 records" in text
    assert "refs.bib:3: warning: something" in text
    assert not hook.print("after the end")
