"""One raw RIS record -> one :class:`~citeshift.model.item.Item`, through the tag tables.

Tags are first gathered by the variable they fill, then each variable is
settled at once: that is how ``DA`` beats ``Y1`` whatever their order, how
``SP`` and ``EP`` become one page range, and how a second, different value is
kept rather than overwritten.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from citeshift.diagnostics import Report
from citeshift.formats.lines import ASCII_SPACE, squash
from citeshift.formats.ris import dialects
from citeshift.formats.ris.mapping import (
    DEFAULT,
    RIS_TO_CSL,
    SERIAL_TYPES,
    TYPE_IMPLIES,
    WOS_PT,
    Rule,
    normalize_type,
    rule_for,
)
from citeshift.formats.ris.names import parse_name_line
from citeshift.formats.ris.records import RawRecord
from citeshift.model import vocab
from citeshift.model.dates import Date, parse_date
from citeshift.model.item import Item, Origin, SourceRecord
from citeshift.model.names import Name
from citeshift.normalize.identifiers import clean_doi, is_doi
from citeshift.normalize.pages import normalize_dashes

FORMAT = "ris"

_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^[\dXx][\dXx -]{8,15}[\dXx]$")
_SN_SPLIT = re.compile(r"[;,\s]+")
_SN_QUALIFIER = re.compile(r"\((?:print|electronic|linking|online|paper|pbk|hbk|ebook|cloth)\)",
                           re.IGNORECASE)
_RIS_DATE = re.compile(r"^(\d{4})?/(\d{0,2})/(\d{0,2})/(.*)$")
_KEY_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class _Cand:
    rank: int
    order: int
    tag: str
    value: str
    overflow: str | None


def _isbn_digits(token: str) -> int:
    return len(re.sub(r"[^\dXx]", "", token))


def classify_sn(value: str) -> tuple[list[str], list[str], list[str]]:
    """Split an SN value into (ISSNs, ISBNs, unclassified) tokens; qualifiers dropped."""
    whole = value.strip()
    if _ISSN.match(whole):  # the common case, quickly
        return [whole.upper() if "-" in whole else f"{whole[:4]}-{whole[4:]}".upper()], [], []
    text = _SN_QUALIFIER.sub(" ", value) if "(" in value else value
    issns: list[str] = []
    isbns: list[str] = []
    other: list[str] = []
    # ISBNs may contain spaces ("978 0 06 297658 1"): try the whole value first
    whole = text.strip()
    if _ISBN.match(whole) and _isbn_digits(whole) in (10, 13) and not _ISSN.match(whole):
        return issns, [whole], other
    for token in _SN_SPLIT.split(text):
        if not token:
            continue
        if _ISSN.match(token):
            issns.append(token.upper() if "-" in token else f"{token[:4]}-{token[4:]}".upper())
        elif _ISBN.match(token) and _isbn_digits(token) in (10, 13):
            isbns.append(token)
        else:
            other.append(token)
    return issns, isbns, other


def settle_isxn(values: list[str], serial: bool) -> tuple[str | None, str | None, list[str]]:
    """The SN values of one record -> (ISSN, ISBN, values kept as written).

    RIS has one tag for both numbers, so each is told by its shape; values of no known shape
    are the type's own number (ISSN for a serial, else ISBN) when nothing else was found,
    and kept with the item otherwise. The writer runs this too, to know what reads back.
    """
    issns: list[str] = []
    isbns: list[str] = []
    other: list[str] = []
    for value in values:
        a, b, c = classify_sn(value)
        issns += [x for x in a if x not in issns]
        isbns += [x for x in b if x not in isbns]
        if c or not (a or b):  # "," is no number at all, but it was there: never dropped
            other.append(value.strip(ASCII_SPACE))
    other = [v for v in other if v]
    if other and not issns and not isbns:
        if serial:
            issns = other
        else:
            isbns = other
        other = []
    return " ".join(issns) or None, " ".join(isbns) or None, other


def make_key(item: Item, fallback: str) -> str:
    """A readable id (``smith2019``) for records without an ``ID`` tag."""
    family = ""
    for _role, names in item.name_roles():
        first = names[0]
        family = first.family or first.literal or ""
        break
    base = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
    base = _KEY_CHARS.sub("", base)[:20]
    issued = item.date("issued")
    year = str(issued.year) if issued is not None and issued.year else ""
    return f"{base}{year}" if base else fallback


def _parse_ris_date(text: str, year_hint: str | None) -> Date | None:
    """``2019/05/17/other``, ISO, words; a date with no year takes the year from PY (WoS ``MAR 15``)."""
    text = text.strip()
    m = _RIS_DATE.match(text)
    if m:
        year, month, day, other = m.groups()
        if not year:
            return None
        base = parse_date("/".join(p for p in (year, month, day) if p))
        if base is not None and other.strip():
            season = parse_date(f"{other.strip()} {year}")
            if season is not None and season.season and len(base.parts[0]) == 1:
                base.season = season.season
        return base
    parsed = parse_date(text)
    if parsed is None and year_hint and not re.search(r"\d{4}", text):
        parsed = parse_date(f"{text} {year_hint}")
    return parsed


#: CSL variable -> its kind, looked up once
_KINDS: dict[str, str] = {}

#: (type -> tag -> rule) looked up once per type and tag
_RULES: dict[str, dict[str, Rule | None]] = {}


def _rule(ty: str, tag: str) -> Rule | None:
    rule = dialects.DIALECT_RULES.get(tag) or rule_for(ty, tag)
    _RULES.setdefault(ty, {})[tag] = rule
    return rule


def _year_hint(fields: list[tuple[str, str]]) -> str | None:
    for tag, value in fields:
        if tag in ("PY", "Y1") and re.match(r"^\d{4}", value.strip()):
            return value.strip()[:4]
    return None


class RecordBuilder:
    """Turns raw records of one file into items; holds what must be unique across them."""

    def __init__(self, *, name: str, report: Report) -> None:
        self.name = name
        self.report = report
        self.ids: set[str] = set()
        #: the last suffix given to each base id (probing from 2 each time was quadratic
        #: in a file of many records by the same author in the same year)
        self.last_suffix: dict[str, int] = {}

    def build(self, raw: RawRecord, index: int) -> Item:
        report = self.report
        fields = [(t, v) for t, v, _ in raw.fields]
        ty_raw = raw.type
        if ty_raw is None:
            pt = next((v for t, v in fields if t == "PT"), None)
            ty_raw = WOS_PT.get((pt or "").strip().upper()[:1]) if pt else None
            fields = [(t, v) for t, v in fields if t != "PT"]
        ty = normalize_type(ty_raw) if ty_raw else None
        item = Item(id="", type="document",
                    origin=Origin(file=self.name, line=raw.line, record=index, format=FORMAT))
        item.source = SourceRecord(format=FORMAT, type=(ty_raw or "").strip() or None)
        if ty is None:
            if raw.type is not None and not raw.type.strip():
                report.warning("TY line without a type; read as GEN (generic)", code="ris.type",
                               item=item)
            if ty_raw:
                report.warning(f"unknown RIS type {ty_raw.strip()!r}; read as GEN (generic)",
                               code="ris.type", item=item)
            ty = "GEN"
        item.type = RIS_TO_CSL[ty]
        for var, value in TYPE_IMPLIES.get(ty, {}).items():
            item.vars[var] = value
        if raw.control_chars:
            report.repair(item, f"removed {raw.control_chars} control character(s)",
                          code="ris.control")

        fields = dialects.apply(fields)
        year_hint = _year_hint(fields)
        groups: dict[str, list[_Cand]] = {}
        rules = _RULES.setdefault(ty, {})
        self._kept: list[tuple[int, str, str]] = []
        for order, (tag, value) in enumerate(fields):
            value = value.strip(ASCII_SPACE)
            if not value:
                continue
            rule: Rule | None = rules[tag] if tag in rules else _rule(ty, tag)
            if rule is None:
                self._kept.append((order, tag, value))
                continue
            groups.setdefault(rule.var, []).append(
                _Cand(rule.rank, order, tag, value, rule.overflow))

        self._overflow: list[tuple[str, _Cand]] = []
        self._pages(item, groups)
        for var, cands in groups.items():
            self._settle(item, ty, var, cands, year_hint)
        for var, cand in self._overflow:  # after every tag of the variable itself had its turn
            if var not in item.vars:
                item.vars[var] = squash(cand.value)
            else:
                self._keep(item, cand)

        item.source.fields.extend((tag, value) for _o, tag, value in sorted(self._kept))
        item.id = self._unique(item, index)
        return item

    # -- per-variable settlement ----------------------------------------------------------

    def _keep(self, item: Item, cand: _Cand) -> None:
        """A value with no CSL place (or a losing duplicate): kept, in file order, for RIS."""
        self._kept.append((cand.order, cand.tag.split(":")[0], cand.value))

    def _settle(self, item: Item, ty: str, var: str, cands: list[_Cand],
                year_hint: str | None) -> None:
        if var == "@id":
            item.meta["ris-id"] = cands[0].value
            for extra in cands[1:]:
                self._keep(item, extra)
            return
        if var == "@keyword":
            words = [c.value for c in cands]
            sep = "; " if any("," in w for w in words) else ", "
            item.vars["keyword"] = sep.join(words)
            return
        if var == "@isxn":
            self._isxn(item, cands)
            return
        kind = _KINDS.get(var) or _KINDS.setdefault(var, vocab.variable_kind(var) or "")
        if kind == "name":
            names: list[Name] = list(item.names(var))
            for cand in cands:  # every tag, in file order (A1 and AU mixed)
                names.extend(parse_name_line(cand.value))
            if names:
                item.vars[var] = names
            return
        if kind == "date":
            self._date(item, ty, var, cands, year_hint)
            return
        if len(cands) == 1 and var not in ("note", "annote", "references", "DOI") and not (
                cands[0].overflow):
            value = cands[0].value  # the common case: one tag for the variable
            item.vars[var] = value if cands[0].tag in ("AB", "N2") else squash(value)
            return
        ordered = sorted(cands, key=lambda c: (c.rank, c.order))
        if var in ("note", "annote", "references"):
            values = [c.value for c in sorted(cands, key=lambda c: c.order)]
            existing = item.text(var)
            item.vars[var] = "\n".join(([existing] if existing else []) + values)
            return
        if var == "DOI":
            ordered = self._dois(item, ordered)
            if not ordered:
                return
        best = ordered[0]
        value = best.value if best.tag in ("AB", "N2", "N1", "RN") else squash(best.value)
        if var == "DOI":
            value = clean_doi(value)
        item.vars[var] = value
        flat = squash(value)
        for other in ordered[1:]:
            text = squash(other.value)
            if text == flat or (var == "DOI" and clean_doi(text) == value):
                continue
            if other.overflow:
                self._overflow.append((other.overflow, other))
            else:
                self._keep(item, other)

    def _dois(self, item: Item, cands: list[_Cand]) -> list[_Cand]:
        """Only DOIs go to ``DOI``; anything else in DO is kept as written, with a warning."""
        good = []
        for cand in cands:
            if is_doi(clean_doi(cand.value)):
                good.append(cand)
            else:
                self.report.warning(f"DO {cand.value!r} is not a DOI; kept as it is",
                                    code="ris.doi", item=item)
                self._keep(item, cand)
        return good

    def _date(self, item: Item, ty: str, var: str, cands: list[_Cand],
              year_hint: str | None) -> None:
        chosen: Date | None = None
        literal_from: _Cand | None = None  # the candidate a literal date came from
        for cand in sorted(cands, key=lambda c: (c.rank, c.order)):
            parsed = _parse_ris_date(cand.value, year_hint)
            if parsed is not None and parsed.year == 0:
                parsed = None  # "0000": no date (Reference Manager's placeholder)
            if parsed is None:
                fallback = DEFAULT.get(cand.tag)
                fallback_var = fallback.var if fallback is not None else None
                if fallback_var and vocab.variable_kind(fallback_var) not in ("date", None):
                    if fallback_var not in item.vars:
                        item.vars[fallback_var] = cand.value
                    else:
                        self._keep(item, cand)
                elif chosen is None and not re.fullmatch(r"0+", cand.value.strip()):
                    chosen = Date(literal=cand.value)
                    literal_from = cand
                else:
                    self._keep(item, cand)
                continue
            if chosen is None or chosen.literal is not None:
                if literal_from is not None:
                    self._keep(item, literal_from)  # a real date beats text; the text is kept
                    literal_from = None
                chosen = parsed
            elif (not chosen.is_range and not parsed.is_range and parsed.year == chosen.year
                  and len(parsed.parts[0]) > len(chosen.parts[0])
                  and parsed.parts[0][:len(chosen.parts[0])] == chosen.parts[0]):
                chosen = parsed  # PY 2014 + Y1 2014/06/01: the same date, more precisely
            elif parsed.year != chosen.year or (
                    len(parsed.parts[0]) > 1 and parsed.parts[0] != chosen.parts[0][:len(
                        parsed.parts[0])]):
                self._keep(item, cand)  # a different date (Y1 online date vs DA issue date)
        if chosen is not None:
            item.vars[var] = chosen

    def _pages(self, item: Item, groups: dict[str, list[_Cand]]) -> None:
        """SP + EP -> page; an EP turns a book's SP (its page count) back into a start page."""
        ends = groups.pop("@page-end", [])
        starts = groups.pop("@page-start", [])
        if ends and not starts and "number-of-pages" in groups:
            starts = [c for c in groups.pop("number-of-pages") if c.tag == "SP"]
        start = starts[0].value if starts else ""
        end = ends[0].value if ends else ""
        for extra in starts[1:] + ends[1:]:
            self._keep(item, extra)
        if not start and not end:
            return
        start = normalize_dashes(start)
        end = normalize_dashes(end)
        if start and end and "-" not in start and start != end:
            page = f"{start}-{end}"
        elif start:
            page = start
            if end and "-" in start and not start.endswith(f"-{end}"):
                self._keep(item, ends[0])
        else:
            page = end
        item.vars["page"] = page

    def _isxn(self, item: Item, cands: list[_Cand]) -> None:
        issns, isbns, kept = settle_isxn([c.value for c in cands], item.type in SERIAL_TYPES)
        for value in kept:
            self._keep(item, _Cand(0, 0, "SN", value, None))
        if issns:
            item.vars["ISSN"] = issns
        if isbns:
            item.vars["ISBN"] = isbns

    def _unique(self, item: Item, index: int) -> str:
        base = item.meta.pop("ris-id", None) or make_key(item, f"item{index}")
        n = self.last_suffix.get(base, 1)
        key = base if n == 1 else f"{base}-{n}"
        while key in self.ids:
            n += 1
            key = f"{base}-{n}"
        self.last_suffix[base] = n
        self.ids.add(key)
        return key
