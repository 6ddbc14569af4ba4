"""RIS writer: strict output that both EndNote and Zotero import without loss.

``TY`` first, ``ER  - `` last and a blank line after, ``XX  - value`` with
exactly two spaces, one value a line (one ``AU`` per person, one ``KW`` per
keyword), pages split into ``SP``/``EP``, ``PY`` (year) plus ``DA``
(``YYYY/MM/DD/``), bare DOI in ``DO``, UTF-8, CRLF (``Writer.newline``; the
writer itself writes ``\\n``). Tags come from the same type-conditional tables
the reader uses, so whatever we write reads back to the same variables; a
variable with no home in the record's type is reported, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.lines import ASCII_SPACE, SPACING, squash
from citeshift.formats.ris.build import settle_isxn
from citeshift.formats.ris.mapping import (
    CSL_TO_RIS,
    RIS_TO_CSL,
    SERIAL_TYPES,
    TYPE_IMPLIES,
    WRITE_ALSO,
    WRITE_FALLBACK,
    WRITE_ORDER,
    normalize_type,
    write_tags,
)
from citeshift.formats.ris.names import format_name, parse_name_line
from citeshift.formats.ris.records import KNOWN_TAGS
from citeshift.model import vocab
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.model.richtext import strip_markup
from citeshift.normalize.identifiers import clean_doi, is_doi
from citeshift.normalize.pages import split_range

_ORDER = {tag: i for i, tag in enumerate(WRITE_ORDER)}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TAG_LIKE = re.compile(r"^\s*[A-Z][A-Z0-9] {0,3}-")
_MULTILINE_OK = frozenset({"AB", "N1", "RN"})
_KEEP_MARKUP = frozenset({"N1", "RN"})
#: identifiers are written as they are: "<i>" in a URL is not markup
_VERBATIM = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})
#: Variables that describe the item rather than hold data; never reported as lost.
_SILENT = frozenset({"citation-key", "citation-number", "first-reference-note-number", "locator",
                     "year-suffix", "citation-label"})


def _clean(value: object, tag: str, *, markup: bool = False) -> str:
    # notes are HTML in Zotero and EndNote; elsewhere RIS has no markup
    text = str(value) if markup or tag in _KEEP_MARKUP else strip_markup(str(value))
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [squash(part) for part in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if tag in _MULTILINE_OK and not any(_TAG_LIKE.match(ln) for ln in lines[1:]):
        return "\n".join(lines)
    return " ".join(lines)


def format_date(date: Date) -> str | None:
    """``YYYY/MM/DD/other`` (the other part carries a season); a literal as it is."""
    if date.parts and date.parts[0]:
        p = date.parts[0]
        text = f"{p[0]:04d}/" + (f"{p[1]:02d}" if len(p) > 1 else "") + "/" + (
            f"{p[2]:02d}" if len(p) > 2 else "") + "/"
        if date.season is not None:
            text += str(date.season if isinstance(date.season, str)
                        else ("Spring", "Summer", "Autumn", "Winter")[int(date.season) - 1]
                        if str(date.season).isdigit() and 1 <= int(date.season) <= 4
                        else date.season)
        return text
    if date.literal:
        return date.literal
    if date.raw:
        return date.raw
    return None


def choose_type(item: Item) -> str:
    """The record's ``TY``: the source's own when it still means the item's type."""
    if item.source is not None and item.source.format == "ris" and item.source.type:
        own = normalize_type(item.source.type)
        if own is not None and RIS_TO_CSL[own] == item.type:
            return own
    for ty, implied in TYPE_IMPLIES.items():  # an article in press is INPR
        if RIS_TO_CSL[ty] == item.type and all(item.get(k) == v for k, v in implied.items()):
            return ty
    return CSL_TO_RIS.get(item.type, "GEN")


class RisWriter(Writer):
    name = "ris"
    extensions = (".ris",)
    aliases = ("refman", "endnote-ris")
    description = "RIS for EndNote and Zotero (2011 tags, CRLF, UTF-8)"
    newline = "\r\n"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        count = 0
        for item in items:
            out.write(self.record(item, report))
            count += 1
        return count

    def record(self, item: Item, report: Report) -> str:
        """One record as text with ``\\n`` line ends."""
        ty = choose_type(item)
        if item.type not in vocab.ITEM_TYPES:
            report.warning(f"unknown CSL type {item.type!r} written as TY GEN", code="lossy",
                           item=item)
        elif RIS_TO_CSL[ty] != item.type:
            report.lossy(item, f"type {item.type}", "RIS",
                         f"RIS has no such type; written as TY {ty}, read back as "
                         f"{RIS_TO_CSL[ty]}")
        tags = write_tags(ty)
        implied = TYPE_IMPLIES.get(ty, {})
        lines: list[tuple[str, str]] = []

        said: set[tuple[str, str]] = set()  # (variable, why) reported once, not once a name

        def lost_once(var: str, why: str) -> None:
            if (var, why) not in said:
                said.add((var, why))
                lost(var, why)

        def put(tag: str, value: object, var: str | None = None) -> None:
            """Add a line; what a reader will not give back as ``var`` is reported."""
            verbatim = var in _VERBATIM
            text = _clean(value, tag, markup=verbatim)
            if var is not None:
                plain = str(value) if verbatim or tag in _KEEP_MARKUP else strip_markup(str(value))
                if plain != str(value):
                    lost_once(var, "RIS has no markup: written as plain text")
                if text != plain.replace("\r\n", "\n").replace("\r", "\n").strip(ASCII_SPACE):
                    lost_once(var, SPACING)
            if text:
                lines.append((tag, text))

        def lost(var: str, why: str = "") -> None:
            report.lossy(item, var, f"RIS {ty}", why or "no RIS tag holds it for this type")

        for var, why in self._isxn_changes(item, tags, ty):
            lost(var, why)

        for var, value in item.vars.items():
            if implied.get(var) == value or var in _SILENT:
                continue
            if var == "page":
                self._pages(str(value), tags, put, lost)
                continue
            if var in ("ISBN", "ISSN"):
                if "@isxn" in tags:
                    put(tags["@isxn"], value, var)
                elif var in tags:
                    put(tags[var], value, var)
                else:
                    lost(var)
                continue
            if var == "keyword":
                self._keywords(str(value), tags, put, lost)
                continue
            tag = tags.get(var)
            if tag is None and var == "PMID" and "archive_location" not in item.vars:
                put("AN", value)  # EndNote's convention, read back through DB
                if "archive" not in item.vars:
                    put("DB", "PubMed")
                continue
            if tag is None and var in WRITE_FALLBACK:
                fallback_tag, prefix = WRITE_FALLBACK[var]
                put(fallback_tag, f"{prefix}{value}", var)
                continue
            if tag is None:
                lost(var)
                continue
            if isinstance(value, list):
                changed = None
                for name in value:
                    if isinstance(name, Name):
                        text = format_name(name)
                        put(tag, text, var)
                        if changed is None and parse_name_line(_clean(text, tag)) != [name]:
                            changed = text
                if changed is not None:
                    lost(var, f"the name {changed!r} does not read back with the same parts")
                if item.etal and var in item.etal:
                    lost(f"{var} et al.", "RIS has no way to say a name list is incomplete")
                continue
            if isinstance(value, Date):
                self._date(var, value, tag, tags, put, lost)
                also = WRITE_ALSO.get((ty, var))
                if also and (text := format_date(value)):
                    put(also, text)
                continue
            if var == "DOI":
                doi = clean_doi(str(value))
                if not is_doi(doi):
                    lost(var, f"{value!r} is not a DOI: written to {tag} as it is, but readers "
                              "do not take it for one")
                elif doi != value:
                    lost(var, f"written in its plain form {doi!r}")
                    value = doi
            put(tag, value, var)

        for role in sorted(item.etal - {r for r, _ in item.name_roles()}):
            lost(f"{role} et al.", "RIS has no way to say a name list is incomplete")
        self._source_fields(item, report, lines, lost)
        if item.id and not any(t == "ID" for t, _ in lines):
            put("ID", item.id)
        for key in item.custom:
            lost(f"custom.{key}", "RIS has no place for custom data")

        lines.sort(key=lambda tv: _ORDER.get(tv[0], len(_ORDER)))
        body = "".join(f"{tag}  - {value}\n" for tag, value in lines)
        return f"TY  - {ty}\n{body}ER  - \n\n"

    # -- pieces -------------------------------------------------------------------------

    @staticmethod
    def _isxn_changes(item: Item, tags: dict[str, str], ty: str) -> list[tuple[str, str]]:
        """ISBN and ISSN share ``SN``: a reader tells them apart by their shape alone, so
        say which of them will not read back as written."""
        if "@isxn" not in tags:
            return []
        values = [str(v) for var, v in item.vars.items() if var in ("ISBN", "ISSN")]
        if not values:
            return []
        issn, isbn, _kept = settle_isxn([_clean(v, "SN", markup=True) for v in values],
                                        RIS_TO_CSL[ty] in SERIAL_TYPES)
        out = []
        for var, back in (("ISSN", issn), ("ISBN", isbn)):
            if var in item.vars and back != item.vars[var]:
                out.append((var, f"ISBN and ISSN share the SN tag: {item.vars[var]!r} reads back "
                                 f"as {var} {back!r}, told apart by its shape"))
        return out

    @staticmethod
    def _pages(value: str, tags: dict[str, str], put, lost) -> None:
        if "@page-start" not in tags:
            lost("page")
            return
        first, last = split_range(value)
        if "," in value:
            put(tags["@page-start"], value)  # a list of ranges: keep it whole in SP
            return
        put(tags["@page-start"], first)
        if last:
            put(tags.get("@page-end", "EP"), last)

    @staticmethod
    def _keywords(value: str, tags: dict[str, str], put, lost) -> None:
        if "@keyword" not in tags:
            lost("keyword")
            return
        sep = ";" if ";" in value else ","
        for word in value.split(sep):
            if word.strip():
                put(tags["@keyword"], word.strip(), "keyword")

    @staticmethod
    def _date(var: str, value: Date, tag: str, tags: dict[str, str], put, lost) -> None:
        if value.is_range:
            lost(f"{var} (end of range)", "RIS dates hold one date")
        if value.circa:
            lost(f"{var} (circa)", "RIS dates cannot be approximate")
        text = format_date(value)
        if text is None:
            lost(var, "empty date")
            return
        if var == "issued" and value.year is not None and value.parts and value.parts[0]:
            put("PY", f"{value.year:04d}")
        year_only = (value.parts and len(value.parts[0]) == 1 and value.season is None
                     and not value.is_range)
        if var == "issued" and year_only:
            return  # PY holds it
        if not (var == "issued" and tag == "PY"):
            put(tag, text)

    @staticmethod
    def _source_fields(item: Item, report: Report, lines: list[tuple[str, str]], lost) -> None:
        """Unknown tags read from RIS go back out; other formats' leftovers are reported."""
        source = item.source
        if source is None or not source.fields:
            return
        if source.format != "ris":
            for key, _value in source.fields:
                lost(f"{source.format} field {key}", "no RIS tag holds it")
            return
        for tag, value in source.fields:
            if tag in KNOWN_TAGS or re.fullmatch(r"[A-Z][A-Z0-9]", tag):
                text = _clean(value, tag)
                if text:
                    lines.append((tag, text))
            else:
                lost(f"ris field {tag}")
