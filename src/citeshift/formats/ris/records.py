"""Cutting RIS text into records, tolerantly.

What real files do, and what this accepts: ``TY - `` with one space, ``ER  -``
with no trailing space (or a bare ``ER``), a missing final ``ER``, blank lines
inside records, values wrapped onto continuation lines, tag lines before
``TY`` (Scopus' ``DB``), free text between records (Ovid's search strategy,
record numbers), Web of Science's ``PT`` where others write ``TY``, and control
characters left by Reference Manager. Every repair is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from citeshift.diagnostics import Report
from citeshift.formats.lines import ASCII_SPACE, iter_lines
from citeshift.formats.ris.mapping import BY_TYPE, DEFAULT, LIST_TAGS, MULTILINE_TAGS

#: ``XX  - value``: two spaces is the specification; anything else only for known tags.
_TAG_LINE = re.compile(r"^[ \t]*([A-Z][A-Z0-9])([ \t]*)-(?:[ \t](.*)|[ \t]*)$")
_BARE_END = re.compile(r"^[ \t]*ER[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Tags that make a run of tag lines a record (rather than a stray line or two).
_RECORD_TAGS = frozenset({"TI", "T1", "AU", "A1", "PY", "Y1", "DA"})

#: Tags accepted even when not written with exactly two spaces before the dash.
KNOWN_TAGS: frozenset[str] = frozenset(
    set(DEFAULT) | {t for table in BY_TYPE.values() for t in table}
    | {"TY", "ER", "PT", "AD", "CA", "LB", "RP", "TT", "TA", "M2", "M4", "SV", "H1", "H2", "TS"}
    | {f"C{i}" for i in range(1, 9)} | {f"L{i}" for i in range(1, 5)}
    | {f"U{i}" for i in range(1, 6)}
)


@dataclass(slots=True)
class RawRecord:
    """One record as written: its ``TY`` value and its (tag, value, line) fields in order."""

    line: int
    type: str | None
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    end_line: int | None = None
    control_chars: int = 0


_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_UPPER_DIGIT = _UPPER | frozenset("0123456789")


def _tag_of(line: str) -> tuple[str, str] | None:
    m = _TAG_LINE.match(line)
    if m is None:
        return None
    tag, spaces, value = m.group(1), m.group(2), m.group(3)
    if spaces != "  " and tag not in KNOWN_TAGS:
        return None
    return tag, (value or "").strip(ASCII_SPACE)


def split_records(text: str, *, name: str, report: Report) -> Iterator[RawRecord]:
    """Yield raw records in order; stray text and structural repairs become diagnostics."""
    current: RawRecord | None = None
    pending: list[tuple[str, str, int]] = []  # tag lines seen before a TY
    stray_count = 0
    stray_first = 0
    lineno = 0
    if "\r" in text:  # CRLF, and the CR-only line ends of old Macintosh exports
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_control = _CONTROL.search(text) is not None
    for line in iter_lines(text):  # not split(): that list of lines is bigger than the file
        lineno += 1
        removed = 0
        if has_control and _CONTROL.search(line):
            cleaned = _CONTROL.sub(" ", line.replace("\t", " "))
            removed = sum(1 for c in line if _CONTROL.match(c) and c != "\t")
            line = cleaned
        if line[2:6] == "  - " and line[0] in _UPPER and line[1] in _UPPER_DIGIT:
            tagged: tuple[str, str] | None = (line[:2], line[6:].strip(ASCII_SPACE))  # the usual form
        elif not line.strip():
            continue
        else:
            tagged = _tag_of(line)
        if tagged is None and _BARE_END.match(line):
            tagged = ("ER", "")
        if tagged is None:
            if current is not None and current.fields:
                tag, value, at = current.fields[-1]
                extra = line.strip(ASCII_SPACE)
                if tag in LIST_TAGS:
                    current.fields.append((tag, extra, lineno))
                else:
                    sep = "\n" if tag in MULTILINE_TAGS else " "
                    current.fields[-1] = (tag, f"{value}{sep}{extra}" if value else extra, at)
                current.control_chars += removed
            else:
                if stray_count == 0:
                    stray_first = lineno
                stray_count += 1
            continue
        tag, value = tagged
        if tag == "TY" and current is not None and current.type is None and all(
                t == "PT" for t, _, _ in current.fields):
            current.type = value  # Web of Science: PT, then TY
            continue
        if tag == "TY" or (tag == "PT" and current is None):
            if current is not None:
                report.warning(f"record starting at line {current.line} has no ER line; "
                               f"it ends where the next record starts", code="ris.no-er",
                               file=name, line=lineno)
                current.end_line = lineno - 1
                yield current
            current = RawRecord(line=lineno, type=value if tag == "TY" else None,
                                fields=pending, control_chars=removed)
            if tag == "PT":
                current.fields.append(("PT", value, lineno))
            pending = []
            continue
        if tag == "ER":
            if current is not None:
                current.end_line = lineno
                yield current
                current = None
            elif pending:
                first = pending[0][2]
                report.warning("record has no TY line; read as a generic record",
                               code="ris.no-ty", file=name, line=first)
                yield RawRecord(line=first, type=None, fields=pending, end_line=lineno)
                pending = []
            else:
                report.warning("ER line outside any record ignored", code="ris.stray-er",
                               file=name, line=lineno)
            continue
        if current is None:
            pending.append((tag, value, lineno))
        else:
            current.fields.append((tag, value, lineno))
            current.control_chars += removed
    if current is not None:
        report.warning(f"the last record (line {current.line}) has no ER line",
                       code="ris.no-er", file=name, line=current.line)
        current.end_line = lineno
        yield current
    if pending:
        tags = ", ".join(sorted({t for t, _, _ in pending}))
        first = pending[0][2]
        if any(t in _RECORD_TAGS for t, _, _ in pending):
            report.warning("record at the end of the file has neither TY nor ER; read as a "
                           "generic record", code="ris.no-ty", file=name, line=first)
            yield RawRecord(line=first, type=None, fields=pending, end_line=lineno)
        else:  # Ovid's trailing "C1 - Database: ..." and the like
            report.warning(f"ignored {len(pending)} tag line(s) ({tags}) after the last record",
                           code="ris.stray-tags", file=name, line=first)
    if stray_count:
        report.warning(f"ignored {stray_count} line(s) of text outside records "
                       f"(first at line {stray_first})", code="ris.stray-text",
                       file=name, line=stray_first)
