"""The report: counts that add up, and a log of diagnostics that does not grow in memory."""

from __future__ import annotations

import pickle

import pytest

from citeshift import lossreport
from citeshift.diagnostics import Diagnostic, DiagnosticLog, Report, Severity


def _diag(n: int) -> Diagnostic:
    return Diagnostic(Severity.ERROR if n % 3 == 0 else Severity.WARNING, f"message {n} – é",
                      code=f"code.{n % 4}", file="refs.bib", line=n, record=n,
                      item_id=f"k{n}" if n % 2 else None)


def test_log_spills_past_its_limit_and_reads_back_in_order() -> None:
    log = DiagnosticLog(limit=3)
    want = [_diag(n) for n in range(10)]
    log.extend(want)
    assert len(log._memory) == 3 and log._spilled == 7  # the rest is on disk
    assert list(log) == want and log == want
    assert list(log) == want  # can be read more than once
    assert log[0] == want[0] and log[5] == want[5] and log[-1] == want[-1]
    assert log[:2] == want[:2] and log[2:6] == want[2:6] and log[::3] == want[::3]
    with pytest.raises(IndexError):
        log[10]
    log.append(_diag(10))  # appending after reading
    assert log[-1] == _diag(10) and len(log) == 11


def test_log_crosses_processes_as_its_contents() -> None:
    log = DiagnosticLog(limit=2)
    log.extend(_diag(n) for n in range(5))
    back = pickle.loads(pickle.dumps(log))
    assert back == log and len(back) == 5


def test_report_with_a_small_log_still_reports_everything() -> None:
    report = Report()
    report.diagnostics = DiagnosticLog(limit=2)
    for n in range(6):
        report.record_failed(f"record {n} broken", file="big.ris", line=n * 10, record=n)
    report.warning("odd", code="w", file="big.ris", line=99)
    assert len(report.errors) == 6 and len(report.warnings) == 1
    assert report.records_failed == 6
    data = report.to_json()
    assert [d["line"] for d in data["diagnostics"]] == [0, 10, 20, 30, 40, 50, 99]
    loss = lossreport.build(report)
    assert loss["counts"]["failed"] == 6


def test_log_spills_any_text_a_message_can_hold() -> None:
    log = DiagnosticLog(limit=0)
    odd = Diagnostic(Severity.WARNING, "lone \ud800 surrogate, NUL \x00, RTL \u202e", "x")
    log.append(odd)
    assert list(log) == [odd]


def test_appending_while_reading_keeps_every_diagnostic() -> None:
    n = 2000  # far more than a file buffer: a reading stops in the middle of the file
    log = DiagnosticLog(limit=1)
    log.extend(_diag(k) for k in range(n))
    assert log[2] == _diag(2)  # a partial reading...
    reading = iter(log)
    assert [next(reading), next(reading)] == [_diag(0), _diag(1)]
    log.append(_diag(n))  # ...then an append
    assert list(reading) == [_diag(k) for k in range(2, n)]  # goes on where it was
    assert list(log) == [_diag(k) for k in range(n + 1)]
