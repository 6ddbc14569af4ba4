"""BibTeX and BibLaTeX writers.

The dialects differ in entry types (``@online``, ``@dataset`` exist only in
BibLaTeX), field names (``journal``/``journaltitle``, ``address``/``location``,
``school``/``institution``) and dates (``year`` + ``month`` vs ISO ``date``).

Output is deterministic (fields in one fixed order, unmapped source fields
after them in their original order), UTF-8 unless ``ascii`` is set, and every
step that loses something goes to ``report.lossy``. Names are written so that
BibTeX splits them back into the same parts; titles get braces only around
nocase spans and words whose capitals a style must not lower.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.bibtex import mapping
from citeshift.formats.bibtex.keys import KeyMaker
from citeshift.formats.bibtex.latex import encode
from citeshift.formats.bibtex.names import format_names
from citeshift.model.dates import Date
from citeshift.model.item import Item
from citeshift.model.names import Name
from citeshift.normalize.pages import normalize_dashes

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
#: variables the writer handles itself (not through the field table)
_SPECIAL_VARS = frozenset({"issued", "citation-key", "archive", "archive_location"})
#: fields written verbatim (no LaTeX escaping beyond what breaks the value)
_VERBATIM_FIELDS = frozenset({"url", "doi", "file", "eprint", "isbn", "issn", "pmid", "pmcid"})
_ORDER = {name: i for i, name in enumerate(mapping.FIELD_ORDER)}


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on", "")
    return bool(value)


class _EntryWriter:
    """Builds the fields of one entry."""

    def __init__(self, item: Item, dialect: str, report: Report, ascii: bool) -> None:
        self.item = item
        self.dialect = dialect
        self.report = report
        self.ascii = ascii
        self.fields: dict[str, str] = {}
        #: field -> the CSL text variable written into it (checked against reading back)
        self.written_from: dict[str, str] = {}
        self.target = dialect

    def lossy(self, variable: str, why: str) -> None:
        self.report.lossy(self.item, variable, self.target, why)

    def enc(self, text: str, *, protect: bool = False) -> str:
        return encode(text, protect=protect, ascii=self.ascii,
                      on_unencodable=self._unencodable if self.ascii else None)

    def _unencodable(self, chars: str) -> None:
        self.report.warning(f"no LaTeX form for {chars!r}; written as UTF-8 despite --ascii",
                            code="lossy", item=self.item)

    def put(self, name: str, value: str) -> bool:
        if name in self.fields or not value:
            return False
        self.fields[name] = value
        return True

    # -- values
    def text_value(self, var: str, value: Any, kind: str) -> str:
        text = str(value)
        if kind == "pages":
            return normalize_dashes(text).replace("-", "--")
        if kind in ("verbatim", "doi"):
            return _verbatim(text)
        if kind == "title":
            return self.enc(text, protect=True)
        if (var == "genre" and self.dialect == "biblatex" and text.lower() in mapping.GENRE_WORDS
                and mapping.GENRE_KEYS[mapping.GENRE_WORDS[text.lower()]] == text):
            return mapping.GENRE_WORDS[text.lower()]
        return self.enc(text)

    def date_value(self, date: Date) -> str:
        iso = date.to_iso()
        if iso is None:
            return self.enc(date.literal or date.raw or "")
        if date.season and len(date.parts) == 1 and len(date.parts[0]) == 1:
            with contextlib.suppress(TypeError, ValueError):
                iso = f"{date.parts[0][0]:04d}-{20 + int(date.season)}"
        return iso

    def issued(self) -> None:
        date = self.item.date("issued")
        if date is None:
            return
        if not date.parts or not date.parts[0]:
            text = date.literal or date.raw
            if text:
                self.put("year", self.enc(text))
            return
        if self.dialect == "biblatex":
            self.put("date", self.date_value(date))
            return
        first = date.parts[0]
        self.put("year", str(first[0]))
        if len(first) > 1 and 1 <= first[1] <= 12:
            self.fields["month"] = MONTH_MACROS[first[1] - 1]  # a macro: written unbraced
        precise = date.is_range or len(first) > 2 or date.circa or date.season
        if precise:
            # BibTeX has no field for these; biber and citeshift read ``date``
            self.put("date", self.date_value(date))

    def eprint(self) -> None:
        archive = self.item.text("archive")
        location = self.item.text("archive_location")
        if archive and location and archive.lower() in ("arxiv", "pubmed", "jstor", "hdl",
                                                         "googlebooks"):
            self.put("eprint", _verbatim(location))
            if self.dialect == "biblatex" or archive.lower() != "arxiv":
                self.put("eprinttype", archive.lower())
            else:
                self.put("archiveprefix", "arXiv")
            return
        if archive:
            self.put("archive", self.enc(archive))
        if location:
            self.put("archive_location", self.enc(location))

    # -- the entry
    def build(self) -> None:
        item = self.item
        csl_type = item.type
        for var, value in item.vars.items():
            if var in _SPECIAL_VARS:
                continue
            if isinstance(value, list):
                self.names(var, value)
                continue
            rules = mapping.write_rules(var, csl_type, self.dialect)
            if isinstance(value, Date):
                if rules:
                    self.put(rules[0].field, self.date_value(value))
                else:
                    self.put(var.lower(), self.date_value(value))
                continue
            written = False
            for rule in rules:
                if rule.kind == "names":
                    continue
                if self.put(rule.field, self.text_value(var, value, rule.kind)):
                    self.written_from[rule.field] = var
                    written = True
                    break
            if not written:
                self.extra_field(var, value)
        self.issued()
        self.eprint()
        if item.type in mapping.SUBTYPE_OF:
            self.put("entrysubtype", mapping.SUBTYPE_OF[item.type])
        for key in item.custom:
            self.lossy(f"custom.{key}", "BibTeX has no place for custom data")
        for var, names in item.name_roles():
            extras = sorted({k for n in names for k in n.extra})
            if extras:
                self.lossy(f"{var} ({', '.join(extras)})", "BibTeX names have no such parts")
        if (item.type == "thesis" and item.meta.get("bibtex-genre-default") and item.source
                and item.source.type in mapping.THESIS_GENRES):
            # the genre came from @phdthesis/@mastersthesis: the entry type says it
            self.fields.pop("type", None)

    def names(self, var: str, names: list[Name]) -> None:
        rules = [r for r in mapping.write_rules(var, self.item.type, self.dialect)
                 if r.kind == "names"]
        field = rules[0].field if rules else var.lower()
        if field in self.fields:
            self.lossy(var, f"the {field} field is already used")
            return
        etal = var in self.item.etal
        text, lost = format_names(names, etal, self.enc)
        if self.dialect == "biblatex" and lost:
            text, lost = self._extended_names(names, etal)
        for part in sorted(set(lost)):
            self.lossy(f"{var} ({part})", "BibTeX's name syntax cannot hold it apart from the "
                                          "family name")
        self.put(field, text)

    def _extended_names(self, names: list[Name], etal: bool) -> tuple[str, list[str]]:
        """BibLaTeX's ``family=..., given=..., prefix=..., useprefix=...`` for what BibTeX can't."""
        parts: list[str] = []
        for n in names:
            text, lost = format_names([n], False, self.enc)
            if lost:
                bits = []
                if n.family:
                    bits.append(f"family={{{self.enc(n.family)}}}")
                if n.given:
                    bits.append(f"given={{{self.enc(n.given)}}}")
                prefix = n.non_dropping_particle or n.dropping_particle
                if prefix:
                    bits.append(f"prefix={{{self.enc(prefix)}}}")
                    bits.append("useprefix=" + ("true" if n.non_dropping_particle else "false"))
                if n.suffix:
                    bits.append(f"suffix={{{self.enc(n.suffix)}}}")
                text = ", ".join(bits)
            parts.append(text)
        if etal:
            parts.append("others")
        return " and ".join(parts), []

    def extra_field(self, var: str, value: Any) -> None:
        """A CSL variable with no BibTeX field: written under its CSL name, which we read back."""
        name = var.lower()
        if name in self.fields:
            self.lossy(var, f"the {name} field is already used")
            return
        text = _verbatim(str(value)) if var in ("URL", "DOI") else self.enc(str(value))
        self.put(name, text)

    def source_fields(self) -> None:
        """Unmapped fields read from a .bib file (or kept by another reader), in their order."""
        source = self.item.source
        if source is None or not source.fields:
            return
        from_bib = source.format in ("bibtex", "biblatex")
        for key, value in source.fields:
            name = key.strip().lower() if from_bib else _field_name(key)
            if from_bib and not _SAFE_NAME.fullmatch(name):
                # a name other tools refuse (pandoc stops at the first one): made readable
                name = _field_name(key)
                self.lossy(key, f"not a field name other tools read; written as {name!r}")
            if not name:
                continue
            if name in self.fields:
                if self.fields[name] != value:
                    self.lossy(f"{key}", "a field of that name is already written; "
                                         "the value read second is dropped")
                continue
            # values read from BibTeX are still LaTeX; others are plain text
            self.fields[name] = value if from_bib else self.enc(value)


#: field names every BibTeX tool reads (letters, digits and ``_:+-``; pandoc refuses more)
_SAFE_NAME = re.compile(r"[\w:+-]+")


def _field_name(key: str) -> str:
    name = "".join(ch if ch.isalnum() or ch in "-_:+" else "-" for ch in key.strip().lower())
    return re.sub(r"-{2,}", "-", name).strip("-")


def _verbatim(text: str) -> str:
    """URLs and identifiers: only characters that would break the braced value are touched.

    A backslash is written percent-encoded (as a URL must have it anyway): ``{...\\}``
    would escape the closing brace for bibtexparser, and the entry would never end.
    """
    if "\\" in text:
        text = text.replace("\\", "%5C")
    if "{" in text or "}" in text or "%" in text:
        text = text.replace("{", "\\{").replace("}", "\\}").replace("%", "\\%")
    return text


def _brace(value: str) -> str:
    return "{" + value + "}"


_BRACE_OR_ESCAPE = re.compile(r"\\.|[{}]", re.S)


def _balanced(value: str) -> bool:
    """Do the unescaped braces of a value balance (else BibTeX would misread the file)?"""
    if "{" not in value and "}" not in value:
        return True
    depth = 0
    for m in _BRACE_OR_ESCAPE.finditer(value):
        token = m.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


class BibtexWriter(Writer):
    name = "bibtex"
    extensions = (".bib",)
    aliases = ("bib",)
    description = "BibTeX (.bib): classic entry types and fields, year/month dates"
    dialect = "bibtex"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        opts = options or {}
        ascii = _truthy(opts.get("ascii", False)) if "ascii" in opts else False
        keys = KeyMaker()
        count = 0
        for item in items:
            entry = self.entry(item, keys, report, ascii)
            out.write(("\n" if count else "") + entry)
            count += 1
        return count

    def entry(self, item: Item, keys: KeyMaker, report: Report, ascii: bool) -> str:
        dialect = self.dialect
        w = _EntryWriter(item, dialect, report, ascii)
        w.build()
        w.source_fields()
        source_type = item.source.type if item.source and item.source.format in (
            "bibtex", "biblatex") else None
        entry_type = mapping.write_type(item.type, dialect, source_type=source_type,
                                        genre=item.text("genre"),
                                        has_container="container-title" in item)
        if source_type and source_type != entry_type:
            report.info(f"@{source_type} written as @{entry_type} ({dialect} has no @{source_type})",
                        item=item)
        subtype = mapping.SUBTYPE_OF.get(item.type)
        read_back = mapping.read_type(entry_type, {"entrysubtype": subtype} if subtype else {})
        if read_back != item.type and not (source_type and source_type == entry_type):
            report.lossy(item, "type", dialect,
                         f"CSL type {item.type!r} is written as @{entry_type}, "
                         f"which reads back as {read_back or 'document'!r}")
        # A field can mean another variable for the entry type it ends up in (BibTeX's
        # ``number`` is the issue of an @article): say so rather than change it silently.
        for field, var in w.written_from.items():
            rule = mapping.read_rule(field, read_back or "document", dialect)
            if rule is not None and rule.var != var and field in w.fields:
                report.lossy(item, var, dialect,
                             f"written as the {field} field, which reads back as {rule.var}")
        key, why = keys.key_for(item)
        if why:
            report.warning(why, code="bibtex.key", item=item)
        lines = []
        meta = item.meta.get("bibtex") if isinstance(item.meta.get("bibtex"), dict) else {}
        for block in meta.get("before", []) if meta else []:
            lines.append(str(block) + "\n")
        lines.append(f"@{entry_type}{{{key}")
        ordered = sorted(w.fields.items(), key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))
        for name, value in ordered:
            if name == "month" and value in MONTH_MACROS:
                rendered = value
            else:
                if not _balanced(value):
                    # BibTeX counts every brace, escaped or not: write them as commands
                    report.warning(f"field {name!r} has unbalanced braces; they were written "
                                   f"as \\textbraceleft/\\textbraceright", code="bibtex.escape",
                                   item=item)
                    value = value.replace("\\{", "{").replace("\\}", "}").replace(
                        "{", "\\textbraceleft<>").replace("}", "\\textbraceright<>").replace(
                        "<>", "{}")
                rendered = _brace(value)
            lines.append(f",\n  {name} = {rendered}")
        # "@book{key}" with no field: pandoc wants the comma after the key even then
        lines.append("\n}\n" if ordered else ",\n}\n")
        for block in meta.get("after", []) if meta else []:
            lines.append("\n" + str(block).rstrip("\n") + "\n")
        return "".join(lines)


class BiblatexWriter(BibtexWriter):
    name = "biblatex"
    extensions = (".bib",)
    aliases = ("bib-latex",)
    description = "BibLaTeX (.bib): ISO dates, journaltitle/location, @online, @dataset, ..."
    dialect = "biblatex"
