"""Dates as CSL-JSON holds them, and the parsing every reader needs.

CSL dates are ``date-parts`` (one list, or two for a range), optionally with
a season, a circa flag, a literal ("forthcoming") or the raw source text.
Readers meet dates in many spellings (``2021 Jun 1``, ``2016/07//``,
``2019-03/2019-05``, ``Spring 2019``); :func:`parse_date` turns all of them into
one :class:`Date` so that no reader carries its own month table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

DATE_KEYS: tuple[str, ...] = ("date-parts", "season", "circa", "literal", "raw", "edtf")

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janv janvier jänner januar enero gennaio janeiro",
        "february feb febr fév février februar febrero febbraio fevereiro",
        "march mar mär märz mars marzo março",
        "april apr avr avril abril aprile",
        "may mai mayo maggio maio",
        "june jun juin juni junio giugno junho",
        "july jul juil juillet juli julio luglio julho",
        "august aug aoû août agosto",
        "september sep sept septembre septiembre settembre setembro",
        "october oct okt octobre oktober octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dez déc décembre dezember diciembre dicembre dezembro",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _i

#: CSL seasons 1-4; EDTF codes 21-24 map onto them.
SEASONS: dict[str, int] = {
    "spring": 1,
    "summer": 2,
    "autumn": 3,
    "fall": 3,
    "winter": 4,
}

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(slots=True)
class Date:
    parts: list[list[int]] = field(default_factory=list)
    season: int | str | None = None
    circa: bool | str | int | None = None
    literal: str | None = None
    raw: str | None = None
    edtf: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: the string when CSL-JSON gave the date as an EDTF string, written back as it was
    string_form: str | None = None

    @property
    def year(self) -> int | None:
        return self.parts[0][0] if self.parts and self.parts[0] else None

    @property
    def is_range(self) -> bool:
        return len(self.parts) > 1

    def to_json(self) -> dict[str, Any] | str:
        if self.string_form is not None:
            again = parse_date(self.string_form)
            if again is None and self.literal == self.string_form and not self.parts:
                return self.string_form
            if again is not None and again.parts == self.parts and again.season == self.season:
                return self.string_form
        out: dict[str, Any] = {}
        if self.parts:
            out["date-parts"] = [list(p) for p in self.parts]
        for key, value in (
            ("season", self.season),
            ("circa", self.circa),
            ("literal", self.literal),
            ("raw", self.raw),
            ("edtf", self.edtf),
        ):
            if value is not None:
                out[key] = value
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> Date:
        """Accept the object form and the EDTF string form the schema allows."""
        if isinstance(data, str):
            parsed = parse_date(data)
            if parsed is None:
                return cls(literal=data, string_form=data)
            parsed.string_form = data
            return parsed
        parts: list[list[int]] = []
        for dp in data.get("date-parts") or []:
            row: list[int] = []
            for value in dp or []:
                if isinstance(value, bool):
                    continue
                if isinstance(value, int):
                    row.append(value)
                elif isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
                    row.append(int(value.strip()))
            parts.append(row)
        extra = {k: v for k, v in data.items() if k not in DATE_KEYS}
        return cls(
            parts=parts,
            season=data.get("season"),
            circa=data.get("circa"),
            literal=data.get("literal"),
            raw=data.get("raw"),
            edtf=data.get("edtf"),
            extra=extra,
        )

    def to_iso(self) -> str | None:
        """EDTF/ISO 8601 form (``2019-03-05``, ``2019-03/2019-05``) or None when there are no parts."""
        if not self.parts or not self.parts[0]:
            return None

        def one(p: list[int]) -> str:
            text = f"{p[0]:04d}" if p[0] >= 0 else str(p[0])
            for v in p[1:3]:
                text += f"-{v:02d}"
            return text

        text = "/".join(one(p) if p else ".." for p in self.parts[:2])
        if self.circa:
            text += "~"
        return text


_ISO = re.compile(
    r"^\s*(?P<y>-?\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"
    r"(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?P<q>[~?%]?)\s*$"
)
_SLASHED = re.compile(r"^\s*(?P<y>\d{4})(?:/(?P<m>\d{0,2})(?:/(?P<d>\d{0,2})(?:/(?P<o>.*))?)?)?\s*$")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+\.?|\d+")


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    return not (d is not None and not 1 <= d <= 31)


def _row(y: int, m: int | None, d: int | None) -> list[int]:
    row = [y]
    if m:
        row.append(m)
        if d:
            row.append(d)
    return row


def _parse_single(text: str) -> tuple[list[int], int | None, bool] | None:
    """Parse one date (not a range); return (parts, season, circa)."""
    text = text.strip().strip(",.;")
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        y = int(m["y"])
        mo = int(m["m"]) if m["m"] else None
        if mo is not None and 21 <= mo <= 24:  # EDTF seasons
            return [y], mo - 20, bool(m["q"])
        d = int(m["d"]) if m["d"] else None
        if _valid(y, mo, d):
            return _row(y, mo, d), None, m["q"] in ("~", "%")
        return None
    m = _SLASHED.match(text)
    if m:  # RIS: YYYY/MM/DD/other
        y = int(m["y"])
        mo = int(m["m"]) if m["m"] else None
        d = int(m["d"]) if m["d"] else None
        if _valid(y, mo, d):
            return _row(y, mo, d), None, False
        return None
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if m:  # day-first numeric dates (European): 05.03.2019
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if _valid(y, mo, d):
            return _row(y, mo, d), None, False
        return None
    # Words: "2021 Jun 1", "June 1, 2021", "1 June 2021", "Spring 2019", "c. 1850".
    circa = False
    if re.match(r"(?i)^(c\.|ca\.|circa)\s*", text):
        circa = True
        text = re.sub(r"(?i)^(c\.|ca\.|circa)\s*", "", text)
    tokens = _WORD.findall(text)
    year = month = day = season = None
    for tok in tokens:
        low = tok.lower().rstrip(".")
        if tok.isdigit():
            if len(tok) > 4 or not tok.isdecimal():  # no date part; int() of 5,000 digits raises
                return None
            n = int(tok)
            if len(tok) == 4 and year is None:
                year = n
            elif len(tok) <= 2 and day is None and 1 <= n <= 31:
                day = n
            else:
                return None
        elif low in MONTHS and month is None:
            month = MONTHS[low]
        elif low in SEASONS and season is None:
            season = SEASONS[low]
        elif low in {"of", "the", "st", "nd", "rd", "th"}:
            continue
        else:
            return None
    if year is None:
        return None
    if month is None:
        day = None
    return _row(year, month, day), season, circa


def parse_date(text: str | None) -> Date | None:
    """Parse the date spellings readers meet; None when ``text`` holds no date.

    The original text is not stored here; readers that need exact round trips
    keep it themselves (``Date.raw``) because only they know it was not
    normalised already.
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    single = _parse_single(text)
    if single is not None:
        parts, season, circa = single
        return Date(parts=[parts], season=season, circa=circa or None)
    # Ranges: "2019-03/2019-05" (EDTF), "2010 Sep-Oct", "1999-2001", "2019/2020".
    if "/" in text and not _SLASHED.match(text):
        left, _, right = text.partition("/")
        a = _parse_single(left) if left.strip() not in ("", "..") else None
        b = _parse_single(right) if right.strip() not in ("", "..") else None
        if a or b:
            return Date(parts=[a[0] if a else [], b[0] if b else []])
    m = re.fullmatch(r"(\d{4})\s*[-–—]\s*(\d{4})", text)
    if m:
        return Date(parts=[[int(m[1])], [int(m[2])]])
    m = re.fullmatch(r"(?i)(\d{4})\s+([a-z]+)\.?\s*[-–—]\s*([a-z]+)\.?", text)
    if m and m[2].lower() in MONTHS and m[3].lower() in MONTHS:
        y = int(m[1])
        return Date(parts=[[y, MONTHS[m[2].lower()]], [y, MONTHS[m[3].lower()]]])
    m = re.fullmatch(r"(?i)(\d{4})\s+([a-z]+)\.?\s+(\d{1,2})\s*[-–—]\s*(\d{1,2})", text)
    if m and m[2].lower() in MONTHS:
        y, mo = int(m[1]), MONTHS[m[2].lower()]
        return Date(parts=[[y, mo, int(m[3])], [y, mo, int(m[4])]])
    # "20-24 May 2019" (IEEE), "May 20-24, 2019"
    m = re.fullmatch(r"(?i)(\d{1,2})\s*[-–—]\s*(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", text)
    if m and m[3].lower() in MONTHS:
        y, mo = int(m[4]), MONTHS[m[3].lower()]
        return Date(parts=[[y, mo, int(m[1])], [y, mo, int(m[2])]])
    m = re.fullmatch(r"(?i)([a-z]+)\.?\s+(\d{1,2})\s*[-–—]\s*(\d{1,2}),?\s+(\d{4})", text)
    if m and m[1].lower() in MONTHS:
        y, mo = int(m[4]), MONTHS[m[1].lower()]
        return Date(parts=[[y, mo, int(m[2])], [y, mo, int(m[3])]])
    # "July-August 1978", "Sep.-Oct. 2010"
    m = re.fullmatch(r"(?i)([a-z]+)\.?\s*[-–—/]\s*([a-z]+)\.?,?\s+(\d{4})", text)
    if m and m[1].lower() in MONTHS and m[2].lower() in MONTHS:
        y = int(m[3])
        return Date(parts=[[y, MONTHS[m[1].lower()]], [y, MONTHS[m[2].lower()]]])
    return None


def date_or_literal(text: str) -> Date:
    """Parse ``text``, or keep it as a literal date so that nothing is lost."""
    parsed = parse_date(text)
    return parsed if parsed is not None else Date(literal=text.strip())
