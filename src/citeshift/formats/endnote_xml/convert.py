"""EndNote generic fields <-> items, shared by the EndNote XML and EndNote tagged formats.

A reader hands over the reference type name and the record's generic fields
in file order as ``(field, value)`` pairs; :func:`record_to_item` maps them
through :data:`~citeshift.formats.endnote_xml.mapping.FIELDS` for that type.
Whatever has no CSL home, or collides with a value already set, is kept in
``item.source.fields`` under its generic field name, so writing EndNote again
puts it back where it was. :func:`item_to_record` is the inverse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from citeshift.diagnostics import Report
from citeshift.formats.endnote_xml import mapping
from citeshift.formats.endnote_xml.names import format_name, is_etal, parse_name
from citeshift.formats.lines import ASCII_SPACE, SPACING, squash
from citeshift.model import vocab
from citeshift.model.dates import Date, parse_date
from citeshift.model.item import Item, Origin, SourceRecord
from citeshift.model.names import Name
from citeshift.model.richtext import has_markup, strip_markup
from citeshift.normalize.identifiers import clean_doi, is_doi, is_valid_pmid
from citeshift.normalize.pages import expand_range, normalize_dashes

#: the generic fields holding names, in EndNote's order
NAME_FIELDS: tuple[str, ...] = (
    "authors", "secondary-authors", "tertiary-authors", "subsidiary-authors", "translated-authors",
)
_ISSN = re.compile(r"^\s*\d{4}-?\d{3}[\dXx]\s*$")
_DOI_TAG = re.compile(r"\s*\[doi\]\s*$", re.IGNORECASE)
_ISBN = re.compile(r"^\s*(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]\s*$")
#: year values that are a publication status, not a date
STATUS_WORDS = {"in press": "in press", "forthcoming": "forthcoming", "submitted": "submitted",
                "accepted": "accepted", "in preparation": "in preparation"}
#: variables read as plain text (their markup removed): identifiers
_PLAIN_VARIABLES = frozenset({"ISBN", "ISSN", "PMCID", "PMID", "DOI"})
#: text variables whose line breaks are content; elsewhere a line break is only wrapping
MULTILINE: frozenset[str] = frozenset({"abstract", "note", "annote"})
SEASON_NAMES = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
_TRAILING_YEAR = re.compile(r"(.+?),?\s+(\d{4})")
_NO_DATE = {"n.d.", "n.d", "nd", "no date", "unknown", "s.d.", "o.j."}


@dataclass(slots=True)
class Record:
    """One EndNote record in generic fields, as both file formats hold it."""

    type_name: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)
    #: kept source fields the record has no generic field for (a writer may still place them)
    extra: list[tuple[str, str]] = field(default_factory=list)
    #: EndNote's record number (``<rec-number>``), when the file has one
    number: str | None = None


def split_keywords(text: str) -> list[str]:
    """Keywords as one CSL ``keyword`` string: "; " when a keyword has a comma, else ", "."""
    sep = ";" if ";" in text else ","
    return [k.strip() for k in text.split(sep) if k.strip()]


def join_keywords(words: list[str]) -> str:
    sep = "; " if any("," in w for w in words) else ", "
    return sep.join(words)


def _date_from(year: str | None, pub_date: str | None) -> tuple[Date | None, str | None, list[str]]:
    """Combine EndNote's ``year`` and free-text ``date``; returns (date, status, leftovers)."""
    leftovers: list[str] = []
    status = None
    y = (year or "").strip()
    if y.casefold().rstrip(".") in STATUS_WORDS:
        status, y = STATUS_WORDS[y.casefold().rstrip(".")], ""
    elif y.casefold() in _NO_DATE:
        y = ""
    full = parse_date(pub_date) if pub_date else None
    if full is not None and full.year is not None and (not y or str(full.year) == y.lstrip("0") or
                                                       f"{full.year:04d}" == y):
        return full, status, leftovers
    if pub_date and y:
        combined = parse_date(f"{pub_date} {y}") or parse_date(f"{y} {pub_date}")
        if combined is not None and combined.year is not None and str(combined.year) in y:
            return combined, status, leftovers
        leftovers.append(pub_date)
    elif pub_date:
        if full is not None:
            return full, status, leftovers
        leftovers.append(pub_date)
    if y:
        parsed = parse_date(y)
        if parsed is None and re.fullmatch(r"-?\d{1,4}", y):
            parsed = Date(parts=[[int(y)]])
        trailing_year = _TRAILING_YEAR.fullmatch(y)
        if parsed is None and trailing_year:
            # "July-August 1978" (classic refer): the month range reads with the year first
            parsed = parse_date(f"{trailing_year.group(2)} {trailing_year.group(1)}")
        return (parsed or Date(literal=y)), status, leftovers
    return None, status, leftovers


def spaced_as_read(var: str, text: str, target: str) -> str:
    """``text`` with its spacing as a reader gives it back: a line break is only wrapping
    except in notes and abstracts, and the tagged format drops blank and padded lines."""
    if var not in MULTILINE:
        return squash(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if target == "refer":
        return "\n".join(ln.strip(ASCII_SPACE) for ln in text.split("\n") if ln.strip(ASCII_SPACE))
    return text.strip(ASCII_SPACE)


def isxn_variable(value: str, default: str) -> str:
    """EndNote's one "ISBN/ISSN" field: the shape of a single number beats the type's label."""
    plain = strip_markup(value)
    return "ISSN" if _ISSN.match(plain) else "ISBN" if _ISBN.match(plain) else default


def _set_text(item: Item, var: str, value: str, fld: str, fmt: str) -> None:
    """Set a text variable unless it already holds something else; then keep the value too."""
    have = item.vars.get(var)
    if have is None:
        item.vars[var] = value
    elif strip_markup(str(have)).casefold() != strip_markup(value).casefold():
        item.add_source_field(fmt, fld, value)


def _clean(var: str, value: str) -> str | None:
    """Normalise a value for its variable; None when it does not belong there."""
    if var == "DOI":
        # "10.1/x [doi]" as PubMed-derived records have it; several lines: the first DOI
        for line in strip_markup(value).split("\n"):
            doi = clean_doi(_DOI_TAG.sub("", line))
            if is_doi(doi):
                return doi
        return None
    if var == "page":
        return ", ".join(expand_range(p) for p in normalize_dashes(value).split(", "))
    if var == "PMID":
        pmid = strip_markup(value).strip(ASCII_SPACE)
        return pmid if is_valid_pmid(pmid) else None
    if var in ("ISBN", "ISSN", "PMCID"):
        return strip_markup(value).strip(ASCII_SPACE)
    return value


def record_to_item(record: Record, *, fmt: str, item_id: str, origin: Origin | None,
                   report: Report) -> Item:
    ref = mapping.lookup_type(record.type_name)
    type_name = ref.name if ref else None
    item = Item(id=item_id, type=ref.csl if ref else "document", origin=origin)
    item.source = SourceRecord(format=fmt, type=record.type_name)
    if record.type_name and ref is None:
        report.warning(f"unknown EndNote reference type {record.type_name!r}; read as 'document'",
                       code="endnote.type", item=item)
    elif ref is None:
        item.source.type = None
    years: list[str] = []
    pub_dates: list[str] = []
    keywords: list[str] = []
    order = {f: i for i, f in enumerate(mapping.READ_ORDER)}
    ordered = sorted(enumerate(record.fields), key=lambda p: (order.get(p[1][0], len(order)), p[0]))
    for _, (fld, raw) in ordered:
        value = raw.replace("\r\n", "\n").replace("\r", "\n").strip(ASCII_SPACE)
        if not value:
            continue
        if fld == "year":
            years.append(value)
            continue
        if fld == "pub-date":
            pub_dates.append(value)
            continue
        if fld == "keyword":
            keywords.extend(k.strip(ASCII_SPACE) for k in strip_markup(value).split("\n")
                            if k.strip(ASCII_SPACE))
            continue
        # a reader may name the CSL variable itself where its dialect departs from EndNote's table
        var = fld[4:] if fld.startswith("csl:") else mapping.field_variable(fld, type_name)
        if var is None:
            item.add_source_field(fmt, fld, value)
            continue
        kind = vocab.variable_kind(var)
        if kind == "name":
            plain = strip_markup(value)
            if is_etal(plain):
                item.etal.add(var)
                continue
            name = parse_name(plain)
            if name is not None:
                names = item.vars.setdefault(var, [])
                assert isinstance(names, list)
                names.append(name)
            continue
        if kind == "date":
            if var in item.vars:
                item.add_source_field(fmt, fld, value)
                continue
            parsed = parse_date(strip_markup(value))
            item.vars[var] = parsed if parsed is not None else Date(literal=strip_markup(value))
            continue
        if var in ("ISBN", "ISSN"):
            var = isxn_variable(value, var)
        if var not in MULTILINE and var != "DOI":  # a DOI field may list one id a line
            value = squash(value)
        cleaned = _clean(var, value)
        if cleaned is None:
            item.add_source_field(fmt, fld, value)
            report.warning(f"{fld} {value!r} is not a valid {var}; kept with the record as "
                           "it is", code="endnote.identifier", item=item)
            continue
        _set_text(item, var, cleaned, fld, fmt)
    if years or pub_dates:
        date, status, leftovers = _date_from(years[0] if years else None,
                                             pub_dates[0] if pub_dates else None)
        if date is not None:
            item.vars["issued"] = date
        if status is not None:
            item.vars.setdefault("status", status)
        for extra in years[1:]:
            item.add_source_field(fmt, "year", extra)
        for extra in leftovers + pub_dates[1:]:
            item.add_source_field(fmt, "pub-date", extra)
    if keywords:
        item.vars["keyword"] = join_keywords(keywords)
    if not item.source.fields and item.source.type is None:
        item.source = None
    return item


# -- writing ------------------------------------------------------------------------------

def endnote_type(item: Item) -> str:
    """The EndNote type to write: the source's own when it came from EndNote and still fits."""
    if item.source is not None and item.source.format in ("endnote-xml", "refer") and item.source.type:
        ref = mapping.lookup_type(item.source.type)
        if ref is not None and ref.csl == item.type and ref.number is not None:
            return ref.name
    return mapping.CSL_TO_ENDNOTE.get(item.type, "Generic")


def _date_text(date: Date) -> tuple[str | None, str | None]:
    """(year, date) as EndNote writes them; the date is ISO so that any reader parses it."""
    if date.parts and date.parts[0]:
        year = str(date.parts[0][0])
        season = SEASON_NAMES.get(int(date.season)) if str(date.season or "").isdigit() else None
        if season and len(date.parts[0]) == 1 and not date.is_range:
            return year, f"{season} {year}"
        iso = date.to_iso()
        if len(date.parts[0]) > 1 or date.is_range or date.circa:
            return year, iso
        return year, None
    if date.literal:
        return date.literal, None
    if date.raw:
        return date.raw, None
    return None, None


def item_to_record(item: Item, *, report: Report, target: str) -> Record:
    """The generic fields for an item; every variable with no place is reported as lossy."""
    type_name = endnote_type(item)
    if item.type in mapping.INEXACT_TYPES and type_name == mapping.CSL_TO_ENDNOTE.get(item.type):
        report.lossy(item, f"type {item.type}", target, f"written as {type_name!r}")
    places = mapping.variable_fields(type_name)
    fields: list[tuple[str, str]] = []
    isxn_claimed: dict[str, str] = {}  # variable read back -> the field written to
    for var, value in item.vars.items():
        if var == "keyword":
            fields.extend(("keyword", k) for k in split_keywords(str(value)))
            continue
        if var == "issued" and isinstance(value, Date):
            year, date = _date_text(value)
            if year:
                fields.append(("year", year))
            if date:
                fields.append(("pub-date", date))
            continue
        if var == "status" and "issued" not in item.vars and str(value).casefold() in STATUS_WORDS:
            fields.append(("year", str(value)))
            continue
        fld = places.get(var)
        if fld is None and var in ("ISBN", "ISSN"):
            # EndNote has one "ISBN/ISSN" field; the reader tells the two apart by their shape
            fld = places.get("ISSN" if var == "ISBN" else "ISBN")
        if fld is None:
            report.lossy(item, var, target, f"EndNote type {type_name!r} has no field for it")
            continue
        if isinstance(value, list):
            changed = None
            for n in value:
                if isinstance(n, Name):
                    text = format_name(n)
                    fields.append((fld, text))
                    if changed is None and parse_name(strip_markup(text)) != n:
                        changed = text
            if changed is not None:
                report.lossy(item, var, target,
                             f"the name {changed!r} does not read back with the same parts")
            continue
        if isinstance(value, Date):
            text = value.to_iso() or value.literal or value.raw
            if text:
                fields.append((fld, text))
            continue
        text = str(value)
        if text.strip(ASCII_SPACE) != spaced_as_read(var, text, target):
            report.lossy(item, var, target, SPACING)
        if var == "DOI":
            doi = clean_doi(strip_markup(text).split("\n")[0])
            if not is_doi(doi):
                report.lossy(item, var, target, f"{text!r} is not a DOI: written as it is, "
                             "but readers do not take it for one")
            elif doi != text:
                report.lossy(item, var, target, f"written in its plain form {doi!r}")
                text = doi
        elif var in ("ISBN", "ISSN"):
            back = isxn_variable(squash(text), mapping.field_variable(fld, type_name) or var)
            if target == "endnote-xml" and fld in isxn_claimed.values():
                report.lossy(item, var, target, f"EndNote XML holds one value in {fld}, taken "
                             "by the other of ISBN and ISSN")
            elif back != var or back in isxn_claimed:
                report.lossy(item, var, target, f"EndNote has one ISBN/ISSN field: {text!r} reads "
                             f"back as {back}, told apart by its shape")
            isxn_claimed.setdefault(back, fld)
        if var in _PLAIN_VARIABLES and has_markup(text):
            report.lossy(item, var, target, "an identifier is read as plain text: markup dropped")
        fields.append((fld, text))
    for role in item.etal:
        fld = places.get(role)
        if fld in NAME_FIELDS:
            fields.append((fld, "et al."))
    extra: list[tuple[str, str]] = []
    if item.source is not None and item.source.format in ("endnote-xml", "refer"):
        for fld, value in item.source.fields:
            if fld in mapping.FIELDS:
                fields.append((fld, value))
            else:
                extra.append((fld, value))
    elif item.source is not None and item.source.fields:
        report.lossy(item, "source fields", target,
                     f"{len(item.source.fields)} {item.source.format} field(s) with no EndNote place")
    return Record(type_name=type_name, fields=fields, extra=extra)


def names_of(fields: Iterable[tuple[str, str]], fld: str) -> list[str]:
    return [v for f, v in fields if f == fld]
