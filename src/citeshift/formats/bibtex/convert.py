"""One parsed BibTeX entry -> one item, following the tables in :mod:`mapping`.

Every field ends up somewhere: in a CSL variable, or (unmapped, or the loser
of two fields competing for one variable) in ``item.source.fields`` so that
the BibTeX writer puts it back.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from citeshift.diagnostics import Report
from citeshift.formats.bibtex import mapping
from citeshift.formats.bibtex.latex import decode, decode_plain, decode_verbatim
from citeshift.formats.bibtex.names import parse_names
from citeshift.model.dates import MONTHS, Date, parse_date
from citeshift.model.item import Item, Origin, SourceRecord
from citeshift.normalize.identifiers import clean_doi
from citeshift.normalize.pages import normalize_dashes

if TYPE_CHECKING:
    from citeshift.formats.bibtex.reader import RawEntry

_YEAR = re.compile(r"^\s*(-?\d{1,4})\s*$")
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-{1,3}|–|—|/)\s*(\d{4})\s*$")
_URLISH = re.compile(r"^\s*(?:\\url\{)?\s*(https?://|www\.)", re.I)
_MONTH_WORD = re.compile(r"[A-Za-zÀ-ÿ]+|\d+")


def _month_day(text: str) -> tuple[int | None, int | None]:
    """``mar``, ``March``, ``3``, ``jan 1``, ``{Jun}`` -> (month, day)."""
    month = day = None
    numbers: list[int] = []
    for tok in _MONTH_WORD.findall(decode_plain(text)):
        if tok.isdigit():
            numbers.append(int(tok))
        elif month is None:
            month = MONTHS.get(tok.lower().rstrip("."))
    if month is None and numbers and 1 <= numbers[0] <= 12:
        month = numbers.pop(0)
    if numbers and 1 <= numbers[0] <= 31:
        day = numbers[0]
    return month, day


def _date_text(text: str) -> str:
    """Dates are EDTF, not LaTeX ("1850~" is circa 1850, not a tie)."""
    return text.replace("{", "").replace("}", "").strip()


def _issued(fields: dict[str, str], item: Item, report: Report) -> None:
    date_text = fields.get("date")
    year = fields.get("year")
    if date_text:
        parsed = parse_date(_date_text(date_text))
        if parsed is not None:
            item["issued"] = parsed
            return
        if not year:
            report.warning(f"date {date_text!r} is not an ISO/EDTF date; kept as text",
                           code="bibtex.date", item=item)
            item["issued"] = Date(literal=decode_plain(date_text))
            return
        report.warning(f"date {date_text!r} is not an ISO/EDTF date; the year field is used "
                       f"and the date kept as an unmapped field", code="bibtex.date", item=item)
        item.add_source_field("bibtex", "date", date_text)
    if not year:
        return
    m = _YEAR.match(year)
    if not m:
        r = _YEAR_RANGE.match(year)
        if r:
            item["issued"] = Date(parts=[[int(r.group(1))], [int(r.group(2))]])
            return
        text = decode_plain(year)
        parsed = parse_date(text)
        item["issued"] = parsed if parsed is not None else Date(literal=text)
        return
    row = [int(m.group(1))]
    month_text = fields.get("month")
    day_text = fields.get("day")
    if month_text:
        month, day = _month_day(month_text)
        if month is None:
            report.warning(f"month {month_text!r} not understood; kept as an unmapped field",
                           code="bibtex.date", item=item)
            item.add_source_field("bibtex", "month", month_text)
        else:
            row.append(month)
            if day_text and day_text.strip().isdigit():
                day = int(day_text)
            if day is not None and 1 <= day <= 31:
                row.append(day)
    item["issued"] = Date(parts=[row])


def _eprint(fields: dict[str, str], item: Item) -> None:
    eprint = fields.get("eprint")
    if not eprint:
        return
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    value = decode_verbatim(eprint)
    if kind in ("pubmed", "pmid") and "PMID" not in item:
        item["PMID"] = value
    elif kind in ("pmc", "pmcid") and "PMCID" not in item:
        item["PMCID"] = value
    elif kind in ("doi",) and "DOI" not in item:
        item["DOI"] = clean_doi(value)
    elif kind:
        item["archive"] = "arXiv" if kind == "arxiv" else decode_plain(
            fields.get("eprinttype") or fields.get("archiveprefix") or kind)
        item["archive_location"] = value
    else:
        item.add_source_field("bibtex", "eprint", eprint)
        return
    klass = fields.get("eprintclass") or fields.get("primaryclass")
    if klass:
        item.add_source_field("bibtex", "eprintclass", klass)


_DASH_RUN = re.compile(r"\s*[-‐‑‒–—―−]{2,}\s*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _url(url: str) -> str:
    """A URL as a URI: non-ASCII characters and stray ``%`` percent-encoded (RFC 3986)."""
    if url.isascii() and "%" not in url:
        return url
    url = _BAD_PERCENT.sub("%25", url)
    if not url.isascii():
        url = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    return url


def _value(kind: str, text: str, item: Item | None, var: str):
    if kind in ("text", "title"):
        return decode(text)
    if kind == "plain":
        return decode_plain(text)
    if kind == "verbatim":
        return _url(decode_verbatim(text)) if var == "URL" else decode_verbatim(text)
    if kind == "doi":
        return clean_doi(decode_verbatim(text))
    if kind == "pages":
        # "271–-297" (an en dash and a hyphen) is one range dash, as is "1 -- 10"
        text = _DASH_RUN.sub("-", decode_plain(text).replace("\u2009", ""))
        return normalize_dashes(text)
    if kind == "keywords":
        return decode_plain(text)
    if kind == "date":
        plain = _date_text(text)
        parsed = parse_date(plain)
        return parsed if parsed is not None else Date(literal=plain)
    raise ValueError(kind)  # pragma: no cover - the table only names known kinds


def read_value(kind: str, text: str, var: str) -> object:
    """What the reader makes of one field's text (the writers check their output with it)."""
    if not text.strip():
        return None
    value = _value(kind, text, None, var)
    if var == "genre" and isinstance(value, str) and value.lower() in mapping.GENRE_KEYS:
        return mapping.GENRE_KEYS[value.lower()]
    return value


def entry_to_item(raw: RawEntry, *, name: str, report: Report, record: int) -> Item:
    fields = raw.fields
    csl_type = mapping.read_type(raw.type, fields)
    item = Item(id=raw.key or f"entry-{record}", type=csl_type or "document")
    item.origin = Origin(file=name, line=raw.line, record=record, format="bibtex")
    item.source = SourceRecord(format="bibtex", type=raw.type)
    if raw.key:
        item["citation-key"] = raw.key
    if csl_type is None:
        report.info(f"entry type @{raw.type} is not a BibTeX/BibLaTeX type; read as "
                    f"'document' (the type is kept)", item=item)
    if raw.before:
        item.meta["bibtex"] = {"before": list(raw.before)}
    for message, code, line in raw.notes:
        report.warning(message, code=code, item=item, line=line)

    # candidates: var -> (priority, field name, rule, text)
    chosen: dict[str, tuple[int, str, mapping.FieldRule, str]] = {}
    unmapped: list[tuple[str, str]] = []
    special = False
    ctype = item.type
    for fname, text in raw.order:
        low = fname.lower()
        rule = _RULES.get((low, ctype), _MISSING)
        if rule is _MISSING:
            rule = _rule_for(low, ctype)
        if rule is _SPECIAL:
            special = True
            continue
        if rule is _SKIP:
            continue
        if rule is None:
            unmapped.append((fname, text))
            continue
        if low == "howpublished" and _URLISH.match(text):
            rule = mapping.FieldRule("howpublished", "URL", "verbatim", priority=1)
        if not text.strip():
            continue
        prev = chosen.get(rule.var)
        if prev is None or rule.priority < prev[0]:
            if prev is not None:
                _lose(prev, chosen, unmapped)
            chosen[rule.var] = (rule.priority, fname, rule, text)
        else:
            _lose((rule.priority, fname, rule, text), chosen, unmapped)

    for var, (_prio, fname, rule, text) in chosen.items():
        if rule.kind == "names":
            names, etal = parse_names(text)
            names = [n for n in names if n.to_json()]
            if names:
                item[var] = names
            if etal:
                item.etal.add(var)
            if not names and not etal:
                unmapped.append((fname, text))
            continue
        value = _value(rule.kind, text, item, var)
        if value == "" or value is None:
            continue
        item[var] = value

    for part, var in mapping.TITLE_PARTS.items():
        extra = fields.get(part)
        if extra and extra.strip():
            main = item.text(var)
            item[var] = (main + ": " if main else "") + decode(extra)

    if special:
        _issued(fields, item, report)
        _eprint(fields, item)
    genre = item.text("genre")
    if genre and genre.lower() in mapping.GENRE_KEYS:
        # BibLaTeX's localisation keys ("phdthesis", "techreport") -> words
        item["genre"] = mapping.GENRE_KEYS[genre.lower()]
    if item.type == "thesis" and "genre" not in item and raw.type in mapping.THESIS_GENRES:
        item["genre"] = mapping.THESIS_GENRES[raw.type]
        item.meta["bibtex-genre-default"] = True
    if "DOI" in item and not str(item["DOI"]).startswith("10."):
        report.warning(f"doi {item['DOI']!r} does not look like a DOI", code="bibtex.doi",
                       item=item)
    for fname, text in raw.repeats:
        unmapped.append((fname, text))
    item.source.fields.extend(unmapped)
    return item


_MISSING = object()
_SPECIAL = object()  # dates and e-prints, handled together
_SKIP = object()  # subtitles, joined to their titles
_RULES: dict[tuple[str, str], object] = {}


def _rule_for(low: str, csl_type: str) -> object:
    """How a field is read for an item of this type (cached: there are few combinations)."""
    if low in mapping.DATE_FIELDS or low in mapping.EPRINT_FIELDS:
        rule: object = _SPECIAL
    elif low in mapping.TITLE_PARTS:
        rule = _SKIP
    else:
        rule = mapping.read_rule(low, csl_type, "bibtex")
        if rule is None:
            var = mapping.CSL_FIELD_NAMES.get(low)
            if var is not None and low not in mapping.LINK_FIELDS and var not in (
                    "citation-key", "id", "type"):
                rule = mapping.FieldRule(low, var, kind_for(var))
    if len(_RULES) > 20000:
        _RULES.clear()
    _RULES[(low, csl_type)] = rule
    return rule


def _lose(cand: tuple[int, str, mapping.FieldRule, str],
          chosen: dict[str, tuple[int, str, mapping.FieldRule, str]],
          unmapped: list[tuple[str, str]]) -> None:
    """A field that lost its variable to another goes to its fallback, or stays unmapped."""
    prio, fname, rule, text = cand
    if rule.fallback and rule.fallback not in chosen:
        chosen[rule.fallback] = (prio, fname, mapping.FieldRule(fname, rule.fallback, rule.kind),
                                 text)
    else:
        unmapped.append((fname, text))


def kind_for(var: str) -> str:
    """How a field named after a CSL variable is read."""
    from citeshift.model import vocab

    kind = vocab.variable_kind(var)
    if kind == "name":
        return "names"
    if kind == "date":
        return "date"
    if var in ("URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"):
        return "verbatim"
    return "text" if kind == "text" else "plain"

