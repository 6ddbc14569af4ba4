"""The checks on one record: required fields, identifiers, page ranges, years.

Each rule is a function ``(item, context) -> iterable of (severity, code, message)``,
listed in :data:`RECORD_RULES` with the codes it can emit (for ``--ignore``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from citeshift.check.required import requirements
from citeshift.diagnostics import Severity
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.normalize.identifiers import (
    clean_doi,
    is_doi,
    is_valid_isbn,
    is_valid_issn,
    is_valid_pmid,
)
from citeshift.normalize.pages import expand_range, normalize_dashes

Finding = tuple[Severity, str, str]


@dataclass(frozen=True, slots=True)
class Context:
    today: date


def _present(item: Item, key: str) -> bool:
    value = item.vars.get(key)
    if value is None or value == "" or value == []:
        return False
    return not (isinstance(value, Date) and not value.parts and not value.literal)


def required_fields(item: Item, ctx: Context) -> Iterable[Finding]:
    for alternatives, severity in requirements(item.type):
        if not any(_present(item, k) for k in alternatives):
            what = " or ".join(alternatives)
            yield severity, "check.required", f"{item.type} has no {what}"


def doi(item: Item, ctx: Context) -> Iterable[Finding]:
    value = item.text("DOI")
    if value and not is_doi(clean_doi(value)):
        yield Severity.ERROR, "check.doi", f"invalid DOI {value!r} (a DOI is 10.NNNN/suffix)"


_ISBN = re.compile(r"(?<![\dXx])(?:97[89][- ]?)?\d(?:[- ]?\d){8}[- ]?[\dXx](?![\dXx])")
_ISSN = re.compile(r"(?<![\dXx])\d{4}-?\d{3}[\dXx](?![\dXx])")


def isbn(item: Item, ctx: Context) -> Iterable[Finding]:
    value = item.text("ISBN")
    if not value:
        return
    found = _ISBN.findall(value)
    if not found:
        yield Severity.ERROR, "check.isbn", f"ISBN {value!r} is not an ISBN-10 or ISBN-13"
    for candidate in found:
        if not is_valid_isbn(candidate):
            yield Severity.ERROR, "check.isbn", f"ISBN {candidate!r}: wrong check digit"


def issn(item: Item, ctx: Context) -> Iterable[Finding]:
    value = item.text("ISSN")
    if not value:
        return
    found = _ISSN.findall(value)
    if not found:
        yield Severity.ERROR, "check.issn", f"ISSN {value!r} is not an ISSN (NNNN-NNNC)"
    for candidate in found:
        if not is_valid_issn(candidate):
            yield Severity.ERROR, "check.issn", f"ISSN {candidate!r}: wrong check digit"


def pmid(item: Item, ctx: Context) -> Iterable[Finding]:
    value = item.text("PMID")
    if value and not is_valid_pmid(value):
        yield Severity.ERROR, "check.pmid", f"invalid PMID {value!r} (a PMID is a number)"
    pmcid = item.text("PMCID")
    if pmcid and not re.fullmatch(r"(?i:pmc)?\d+", pmcid.strip()):
        yield Severity.ERROR, "check.pmcid", f"invalid PMCID {pmcid!r} (PMC followed by digits)"


_RANGE = re.compile(r"^([A-Za-z]*)(\d+)[A-Za-z]*-([A-Za-z]*)(\d+)[A-Za-z]*$")


def pages(item: Item, ctx: Context) -> Iterable[Finding]:
    value = item.text("page")
    if not value:
        return
    for part in normalize_dashes(value).split(","):
        part = part.strip()
        m = _RANGE.match(part)
        if not m or (m[3] and m[1] != m[3]):
            continue
        full = expand_range(part)
        m = _RANGE.match(full)
        if m and int(m[4]) < int(m[2]):
            yield (Severity.ERROR, "check.pages.backwards",
                   f"page range {part!r} goes backwards")


def year(item: Item, ctx: Context) -> Iterable[Finding]:
    issued = item.date("issued")
    if issued is None or not issued.parts:
        return
    years = [p[0] for p in issued.parts if p]
    this = ctx.today.year
    for y in years:
        if y > this + 1:
            yield Severity.ERROR, "check.year.future", f"year {y} is in the future"
        elif y == this + 1:
            yield (Severity.WARNING, "check.year.future",
                   f"year {y} is next year (fine for an article in press)")
        elif y < 1450:
            yield Severity.WARNING, "check.year.implausible", f"year {y} looks wrong"


RecordRule = Callable[[Item, Context], Iterable[Finding]]

#: rule -> the codes it emits
RECORD_RULES: dict[RecordRule, tuple[str, ...]] = {
    required_fields: ("check.required",),
    doi: ("check.doi",),
    isbn: ("check.isbn",),
    issn: ("check.issn",),
    pmid: ("check.pmid", "check.pmcid"),
    pages: ("check.pages.backwards",),
    year: ("check.year.future", "check.year.implausible"),
}
