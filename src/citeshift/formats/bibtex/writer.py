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
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.bibtex import mapping
from citeshift.formats.bibtex.convert import kind_for, read_value
from citeshift.formats.bibtex.keys import KeyMaker
from citeshift.formats.bibtex.latex import encode
from citeshift.formats.bibtex.names import format_names, parse_names, plain_name
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
    """Builds the fields of one entry.

    Every value is checked against what citeshift's reader makes of it: a value that
    would come back different is reported (``report.lossy``), never changed silently.
    """

    #: field names this layout cannot use (bibtxt's ``type`` is the entry type)
    reserved: frozenset[str] = frozenset()

    def __init__(self, item: Item, dialect: str, report: Report, ascii: bool) -> None:
        self.item = item
        self.dialect = dialect
        self.report = report
        self.ascii = ascii
        self.fields: dict[str, str] = {}
        #: field -> the CSL text variable written into it (checked against reading back)
        self.written_from: dict[str, str] = {}
        self.target = dialect
        #: the CSL type the entry type written reads back as (fields mean things by type)
        self.read_type = item.type

    def as_read(self, value: str) -> str:
        """The value the reader gets for a field written as ``value``."""
        return value

    def field_ok(self, name: str) -> bool:
        return name not in self.reserved

    def lossy(self, variable: str, why: str) -> None:
        self.report.lossy(self.item, variable, self.target, why)

    def enc(self, text: str, *, protect: bool = False) -> str:
        return encode(text, protect=protect, ascii=self.ascii,
                      on_unencodable=self._unencodable if self.ascii else None)

    def _unencodable(self, chars: str) -> None:
        self.report.warning(f"no LaTeX form for {chars!r}; written as UTF-8 despite --ascii",
                            code="lossy", item=self.item)

    def put(self, name: str, value: str) -> bool:
        if name in self.fields or not value or not self.field_ok(name):
            return False
        self.fields[name] = value
        return True

    def means_other(self, name: str, var: str) -> str | None:
        """The other variable that field ``name`` reads back as for the entry type written,
        if any (BibTeX's ``number`` is an @article's issue, not its number)."""
        rule = mapping.read_rule(name, self.read_type, self.dialect)
        if rule is not None and rule.var != var:
            return rule.var
        return None

    def check(self, var: str, value: Any, kind: str, written: str) -> None:
        """Report ``var`` when the field written for it reads back as something else."""
        if written == value and kind in _READ_AS_IS and not _MAY_CHANGE.search(written) and (
                written.strip() == written) and (var != "URL" or written.isascii()):
            return  # plain text that no reader step touches (the common case)
        if kind in _DECODED and _escapes_only(value):
            return  # only & % # escaped, which LaTeX decoding undoes
        if kind == "pages" and _SIMPLE_PAGES.fullmatch(str(value)):
            return  # "244-256" written "244--256"
        back = read_value(kind, self.as_read(written), var) or None
        if back != value:
            self.lossy(var, f"written as {_short(written)}, which reads back as {_short(back)}")

    def check_title(self, var: str, text: str, written: str) -> None:
        """Titles: words with inner capitals are braced on purpose (BibTeX styles lower
        them otherwise), and such a group reads back as a nocase span; say so."""
        plain = self.enc(text) if "{" in written else written
        if plain == written:
            self.check(var, text, "title", written)
            return
        words = ", ".join(Counter(_BRACED_WORD.findall(written))
                          - Counter(_BRACED_WORD.findall(plain)))
        # a note rather than a warning: the braces tell a CSL processor what they tell a
        # BibTeX style, but the value read back is not the same (5% of real titles)
        self.report.info(f"{var} cannot be written to {self.target} as it is (written with "
                         f"{_short(words)} braced so that BibTeX styles keep their capitals; "
                         f"such braces read back as nocase spans)", code="lossy", item=self.item)
        if not _escapes_only(text) and read_value("title", self.as_read(plain), var) != text:
            self.check(var, text, "title", plain)

    # -- values
    def text_value(self, var: str, value: Any, kind: str) -> str:
        text = str(value)
        if kind == "pages":
            return normalize_dashes(text).replace("-", "--")
        if kind in ("verbatim", "doi"):
            return _verbatim(text, url=var == "URL")
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
                if self.means_other(rule.field, var):
                    continue  # the next rule, or the variable's own name
                text = self.text_value(var, value, rule.kind)
                if self.put(rule.field, text):
                    self.written_from[rule.field] = var
                    written = True
                    if rule.kind == "title":
                        self.check_title(var, str(value), text)
                    else:
                        self.check(var, value, rule.kind, text)
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
            for field in [f for f, var in self.written_from.items() if var == "genre"]:
                self.fields.pop(field, None)

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
        if self.put(field, text) and not lost and not all(map(plain_name, names)):
            back, back_etal = parse_names(self.as_read(text))
            if back_etal != etal or (back != names and [n for n in back if n.to_json()]
                                     != [n for n in names if n.to_json()]):
                self.lossy(var, f"written as {_short(text)}, which reads back as "
                                f"{_short('; '.join(_name_text(n) for n in back))}")

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
        other = self.means_other(name, var)
        if other in self.item.vars:
            self.lossy(var, f"the {name} field is the {other} of this entry type")
            return
        text = _verbatim(str(value), url=var == "URL") if var in ("URL", "DOI") else self.enc(
            str(value))
        if self.put(name, text):
            self.written_from[name] = var
            self.check(var, value, kind_for(var), text)
        elif text and not self.field_ok(name):
            self.lossy(var, f"{self.target} cannot hold a field named {name!r}")

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
            if not self.field_ok(name):
                self.lossy(key, f"{self.target} cannot hold a field named {name!r}")
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


#: field kinds the reader decodes (or not) without changing plain text
_READ_AS_IS = frozenset({"text", "title", "plain", "keywords", "verbatim"})
#: what a reader step may change: LaTeX, ligatures, runs of spaces, percent signs
_MAY_CHANGE = re.compile(r"[\\{}$~^_%]|--|``|''|\s\s|[\n\t\r\v\f\x1c-\x1e\x85\u2028\u2029]")
#: a page or range the pages field gives back as it is
_SIMPLE_PAGES = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?")
#: field kinds read with LaTeX decoding
_DECODED = frozenset({"text", "title", "plain", "keywords"})
#: what the LaTeX writing of a text does more than escape ``& % #`` (or what decoding
#: changes): commands, groups, math, markup, ties, dash and quote ligatures, whitespace
_MORE_THAN_ESCAPES = re.compile(r"[\\{}$~^_<\u00a0]|[-–—][-–—]|``|''|\s\s"
                                r"|[\n\t\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _escapes_only(value: object) -> bool:
    return (isinstance(value, str) and not _MORE_THAN_ESCAPES.search(value)
            and value.strip() == value and value != "")


#: a word the title protection braced
_BRACED_WORD = re.compile(r"\{([^\W\d_]+)\}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:76] + "...'"


def _name_text(name: Name) -> str:
    if name.literal is not None:
        return name.literal
    return ", ".join(p for p in (" ".join(x for x in (name.non_dropping_particle, name.family)
                                          if x), name.given) if p)


def _field_name(key: str) -> str:
    name = "".join(ch if ch.isalnum() or ch in "-_:+" else "-" for ch in key.strip().lower())
    return re.sub(r"-{2,}", "-", name).strip("-")


#: a backslash the reader of verbatim fields would take for an escape (or that would
#: escape the closing brace), and the characters that must be escaped themselves
_VERBATIM_SPECIAL = re.compile(r"\\(?=[_%&#$~{}]|textbackslash|$)|[{}%]")


def _verbatim(text: str, *, url: bool = False) -> str:
    """URLs and identifiers: only characters that would break the braced value are touched.

    A backslash stays as it is (other tools read these fields verbatim) unless the reader
    would take it for an escape (``\\_``) or it would escape the closing brace
    (``{...\\}``): then in a URL it is written percent-encoded, as a URL must have it
    anyway (the reader's URI form keeps it so), elsewhere as ``\\textbackslash{}``.
    """
    if "\\" not in text and "{" not in text and "}" not in text and "%" not in text:
        return text
    if url:
        text = _VERBATIM_SPECIAL.sub(lambda m: "%5C" if m.group(0) == "\\" else m.group(0),
                                     text)
    return _VERBATIM_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(0) == "\\"
                                 else "\\" + m.group(0), text)


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


def prepare(w: _EntryWriter, keys: KeyMaker) -> tuple[str, str]:
    """Fill ``w.fields`` for its item; the entry type and key to write them under."""
    item, report, dialect = w.item, w.report, w.dialect
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
    w.read_type = read_back or "document"
    w.build()
    w.source_fields()
    if read_back != item.type and not (source_type and source_type == entry_type):
        w.lossy("type", f"CSL type {item.type!r} is written as @{entry_type}, "
                        f"which reads back as {read_back or 'document'!r}")
    # A field can mean another variable for the entry type it ends up in (BibTeX's
    # ``number`` is the issue of an @article): say so rather than change it silently.
    for field, var in w.written_from.items():
        rule = mapping.read_rule(field, read_back or "document", dialect)
        if rule is not None and rule.var != var and field in w.fields:
            w.lossy(var, f"written as the {field} field, which reads back as {rule.var}")
    key, why = keys.key_for(item)
    if why:
        report.warning(why, code="bibtex.key", item=item)
    return entry_type, key


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
        w = _EntryWriter(item, self.dialect, report, ascii)
        entry_type, key = prepare(w, keys)
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
