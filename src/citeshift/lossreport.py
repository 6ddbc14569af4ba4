"""The loss report: what happened to every record, as JSON (``--report``) and in short on stderr.

Built from a :class:`~citeshift.diagnostics.Report` after the run. Per record
it lists every warning, every repair (``repair*`` codes), every field the
target could not hold (``lossy``), errors and duplicate merges; the counts
are checked to add up: records in = written + failed + merged.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from citeshift.diagnostics import Diagnostic, Report, Severity

_LOSSY = re.compile(
    r"^(?P<variable>.+?) cannot be written to (?P<target>.+?)(?: \((?P<why>.*)\))?$", re.S)


def kind(d: Diagnostic) -> str:
    """Which list of a record's entry a diagnostic belongs in."""
    if (d.code == "lossy" or d.code.startswith("lossy.")) and d.severity is not Severity.INFO:
        return "lossy"  # (a lossy note, such as BibTeX's braced title words, is a note)
    if d.code.startswith("repair"):
        return "repairs"
    if d.code.startswith("dedupe."):
        return "merges"
    if d.severity is Severity.ERROR:
        return "errors"
    if d.severity is Severity.WARNING:
        return "warnings"
    return "notes"


def _entry(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "message": d.message}
    if d.line is not None:
        out["line"] = d.line
    if kind(d) == "lossy":
        m = _LOSSY.match(d.message)
        if m:
            out["variable"] = m["variable"]
            out["target"] = m["target"]
            if m["why"]:
                out["why"] = m["why"]
    return out


def _record_key(d: Diagnostic) -> tuple[str, str]:
    where = str(d.record) if d.record is not None else f"id:{d.item_id}"
    return (d.file or "", where)


def build(report: Report) -> dict[str, Any]:
    """The JSON document for ``--report``."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    general: list[dict[str, Any]] = []
    totals: Counter[str] = Counter()
    lossy_fields: Counter[str] = Counter()
    lossy_variables: Counter[str] = Counter()
    repairs: Counter[str] = Counter()
    for d in report.diagnostics:
        k = kind(d)
        totals[k] += 1
        if d.item_id is None:
            general.append(d.to_json())
            continue
        rec = records.get(_record_key(d))
        if rec is None:
            rec = {"id": d.item_id}
            if d.file:
                rec["file"] = d.file
            if d.record is not None:
                rec["record"] = d.record
            if d.line is not None:
                rec["line"] = d.line
            records[_record_key(d)] = rec
        elif d.item_id != rec["id"]:
            rec.setdefault("also_known_as", [])
            if d.item_id not in rec["also_known_as"]:
                rec["also_known_as"].append(d.item_id)
        entry = _entry(d)
        rec.setdefault(k, []).append(entry)
        if k == "lossy":
            lossy_fields[f"{entry.get('variable', d.message)} -> {entry.get('target', '?')}"] += 1
            lossy_variables[entry.get("variable", d.message)] += 1
        elif k == "repairs":
            repairs[d.code] += 1
    counts = {
        "in": report.records_in,
        "read": report.records_read,
        "written": report.records_written,
        "failed": report.records_failed,
        "merged": report.records_merged,
        "with_warnings": len(report.warned_items),
    }
    counts["adds_up"] = counts["in"] == counts["written"] + counts["failed"] + counts["merged"]
    return {
        "counts": counts,
        "summary": {
            "errors": totals["errors"],
            "warnings": totals["warnings"],
            "repairs": totals["repairs"],
            "lossy": totals["lossy"],
            "merges": totals["merges"],
            "records_with_lossy_fields": sum(1 for r in records.values() if "lossy" in r),
            "records_repaired": sum(1 for r in records.values() if "repairs" in r),
            "lossy_fields": dict(lossy_fields.most_common()),
            "lossy_variables": dict(lossy_variables.most_common()),
            "repairs_by_code": dict(repairs.most_common()),
        },
        "records": _by_label(records),
        "diagnostics": general,
    }


def _by_label(records: dict[tuple[str, str], dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by id; an id two records share gets its place added to the second."""
    out: dict[str, dict[str, Any]] = {}
    for rec in records.values():
        label = rec["id"]
        if label in out:
            place = rec.get("file", "")
            place += f": record {rec['record']}" if "record" in rec else ""
            label = f"{label} ({place})"
            n = 2
            while label in out:
                label = f"{rec['id']} ({place}) #{n}"
                n += 1
        out[label] = rec
    return out


def _top(counter: dict[str, int], n: int = 4) -> str:
    items = list(counter.items())
    text = ", ".join(f"{k} ({v})" for k, v in items[:n])
    if len(items) > n:
        text += f", {len(items) - n} more"
    return text


def summary_lines(report: Report, data: dict[str, Any] | None = None) -> list[str]:
    """A few lines for stderr after the counts: what could not be carried, what was repaired."""
    data = data if data is not None else build(report)
    s = data["summary"]
    lines: list[str] = []
    if s["lossy"]:
        lines.append(f"{s['lossy']} fields in {s['records_with_lossy_fields']} records could not "
                     f"be written: {_top(s['lossy_variables'])}")
    if s["repairs"]:
        lines.append(f"{s['repairs']} repairs in {s['records_repaired']} records: "
                     f"{_top(s['repairs_by_code'])}")
    if s["merges"]:
        lines.append(f"{s['merges']} duplicate records merged")
    if not data["counts"]["adds_up"]:
        c = data["counts"]
        lines.append(f"counts do not add up: {c['in']} in, {c['written']} written, "
                     f"{c['failed']} failed, {c['merged']} merged (please report this)")
    return lines
