"""``citeshift check``: a linter for reference files.

Reads any supported format and reports, per record, what would embarrass its
author in print or break an import: required fields missing for the type,
invalid DOI/ISBN/ISSN/PMID (checksums checked), page ranges that go
backwards, years in the future, duplicate citation keys, likely duplicate
records and journal titles that are unknown or spelled several ways. Problems
the readers find (unparseable records) are part of the result.

Findings are ordinary :class:`~citeshift.diagnostics.Diagnostic` objects with
``check.*`` codes, so the CLI prints them like every other message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from citeshift.check.collection import COLLECTION_CODES, CollectionChecks
from citeshift.check.rules import RECORD_RULES, Context
from citeshift.diagnostics import Diagnostic, Report, Severity
from citeshift.model.item import Item

__all__ = ["ALL_CODES", "CheckResult", "check_files", "check_items", "render_text"]

ALL_CODES: tuple[str, ...] = tuple(
    code for codes in RECORD_RULES.values() for code in codes) + COLLECTION_CODES


#: reader diagnostics that a check reports itself (with its own code and severity), so
#: that one problem is listed once
SUPERSEDED = frozenset({"bibtex.duplicate-key"})


@dataclass
class CheckResult:
    report: Report
    files: list[str] = field(default_factory=list)
    strict: bool = False

    @property
    def findings(self) -> list[Diagnostic]:
        return [d for d in self.report.diagnostics
                if d.severity is not Severity.INFO and d.code not in SUPERSEDED]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.findings if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.findings if d.severity is Severity.WARNING)

    @property
    def failed(self) -> bool:
        return bool(self.errors or (self.strict and self.warnings))

    def ordered(self) -> list[Diagnostic]:
        """Findings by file (in input order), then line; checks across records come last
        in the run but belong with their record."""
        rank = {f: i for i, f in enumerate(self.files)}
        return sorted(self.findings, key=lambda d: (rank.get(d.file or "", len(rank)),
                                                     d.line if d.line is not None else 0))

    def summary(self) -> str:
        r = self.report
        files = f" in {len(self.files)} files" if len(self.files) != 1 else ""
        return (f"{r.records_in} records checked{files}: {self.errors} errors, "
                f"{self.warnings} warnings, {len(r.warned_items)} records with findings")

    def to_json(self) -> dict[str, Any]:
        r = self.report
        by_code: dict[str, int] = {}
        for d in self.findings:
            by_code[d.code] = by_code.get(d.code, 0) + 1
        return {
            "files": self.files,
            "counts": {"records": r.records_in, "read": r.records_read,
                       "unreadable": r.records_failed, "errors": self.errors,
                       "warnings": self.warnings, "records_with_findings": len(r.warned_items)},
            "by_code": dict(sorted(by_code.items())),
            "findings": [d.to_json() for d in self.ordered()],
        }


def _check_stream(items: Iterable[Item], report: Report, *, today: date,
                  ignore: frozenset[str], journals: Any) -> None:
    ctx = Context(today=today)
    rules = [rule for rule, codes in RECORD_RULES.items() if not set(codes) <= ignore]
    if journals is True:
        cross = CollectionChecks(report, ignore)
    else:
        cross = CollectionChecks(report, ignore, lookup=journals or None)
    emit = {Severity.ERROR: report.error, Severity.WARNING: report.warning}
    for item in items:
        for rule in rules:
            for severity, code, message in rule(item, ctx):
                if code not in ignore:
                    emit[severity](message, code=code, item=item)
        cross.see(item)
    cross.finish()


def check_items(items: Iterable[Item], *, report: Report | None = None,
                today: date | None = None, ignore: Iterable[str] = (),
                journals: Any = True) -> Report:
    """Check items already read; findings go to ``report``.

    ``journals``: True checks titles against :mod:`citeshift.journals` when it is
    installed, False skips the known-journal check, a callable ``title -> match or None``
    is used as the list.
    """
    report = report if report is not None else Report()
    _check_stream(items, report, today=today or date.today(), ignore=frozenset(ignore),
                  journals=journals)
    return report


def check_files(inputs: Sequence[str | Path], *, report: Report | None = None,
                from_format: str | None = None, encoding: str | None = None,
                glob: str | None = None, jobs: int = 1, today: date | None = None,
                ignore: Iterable[str] = (), strict: bool = False, journals: Any = True,
                progress: Any = None) -> CheckResult:
    """Read and check files (directories are walked as by ``convert``)."""
    from citeshift import api, batch

    report = report if report is not None else Report()
    files = batch.expand(inputs, glob=glob)
    plan = [(f, api.detect_format(f.path, from_format)) for f in files]
    reading = batch.Reading(plan, report=report, jobs=jobs, options={}, encoding=encoding,
                            progress=progress)
    _check_stream(reading.items(), report, today=today or date.today(),
                  ignore=frozenset(ignore), journals=journals)
    return CheckResult(report, [f.path for f in files], strict)


def render_text(result: CheckResult) -> str:
    """One line per finding, ``file:line: severity: message [key] (code)``, in input order."""
    return "".join(f"{d.format()} ({d.code})\n" for d in result.ordered())
