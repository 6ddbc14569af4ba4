"""BibTeX/BibLaTeX <-> CSL: entry types and fields, as data, conditional on type.

Both directions are read from the same tables. A field rule applies when the
item's CSL type is in ``types`` (None = any) and the dialect is in ``dialects``.
When reading, several source fields may compete for one CSL variable
(``address`` and ``location`` -> publisher-place): the lowest ``priority`` wins
and a loser goes to ``fallback`` or, failing that, stays with the item as an
unmapped source field. When writing, the first rule whose conditions hold
gives the field name; a variable whose field is already taken tries the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from citeshift.model import vocab

DIALECTS = ("bibtex", "biblatex")
BOTH = frozenset(DIALECTS)
BIBTEX = frozenset({"bibtex"})
BIBLATEX = frozenset({"biblatex"})

ARTICLE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper",
                           "article", "review", "review-book", "periodical", "post-weblog"})
BOOK_TYPES = frozenset({"book", "chapter", "classic", "collection", "entry-encyclopedia",
                        "entry-dictionary", "entry"})
#: CSL types that all read back from one entry type (writing one of them loses nothing more)
SAME_ENTRY = {"entry-encyclopedia": "entry", "entry-dictionary": "entry"}
PAPER_TYPES = frozenset({"paper-conference"})

# --------------------------------------------------------------------------- entry types

#: BibTeX/BibLaTeX entry type -> CSL type (reading). Types not listed read as "document".
READ_TYPES: dict[str, str] = {
    "article": "article-journal", "suppperiodical": "article-journal",
    "book": "book", "mvbook": "book", "bookinbook": "book", "booklet": "book", "collection": "book",
    "mvcollection": "book", "proceedings": "book", "mvproceedings": "book",
    "reference": "book", "mvreference": "book", "commentary": "book",
    "inbook": "chapter", "incollection": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter",
    "inreference": "entry",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "manual": "report", "techreport": "report", "report": "report",
    "mastersthesis": "thesis", "phdthesis": "thesis", "thesis": "thesis",
    "misc": "document", "unpublished": "manuscript",
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "dataset": "dataset", "software": "software", "patent": "patent",
    "periodical": "periodical", "standard": "standard",
    "artwork": "graphic", "image": "graphic", "audio": "song", "music": "song",
    "video": "motion_picture", "movie": "motion_picture", "performance": "performance",
    "letter": "personal_communication", "legislation": "legislation", "legal": "legislation",
    "jurisdiction": "legal_case", "review": "review", "map": "map",
}

#: BibLaTeX ``entrysubtype`` refinements of an article
ARTICLE_SUBTYPES: dict[str, str] = {"magazine": "article-magazine",
                                    "newspaper": "article-newspaper"}

#: and back: the ``entrysubtype`` that keeps a magazine or newspaper article one
SUBTYPE_OF: dict[str, str] = {v: k for k, v in ARTICLE_SUBTYPES.items()}

#: default thesis genres, by entry type (a ``type`` field overrides them)
THESIS_GENRES: dict[str, str] = {"mastersthesis": "Master's thesis", "phdthesis": "PhD thesis"}

#: BibLaTeX's localisation keys for ``type`` -> the words they print (and back, for BibLaTeX)
GENRE_KEYS: dict[str, str] = {
    "phdthesis": "PhD thesis", "mathesis": "Master's thesis", "candthesis": "Candidate thesis",
    "bathesis": "Bachelor's thesis", "techreport": "Technical report",
    "resreport": "Research report", "datacd": "CD-ROM", "audiocd": "Audio CD",
}
GENRE_WORDS: dict[str, str] = {v.lower(): k for k, v in GENRE_KEYS.items()}

#: the entry types each dialect defines (a source type outside it is translated)
DIALECT_TYPES: dict[str, frozenset[str]] = {
    "bibtex": frozenset(["article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"]),
    "biblatex": frozenset(["article", "book", "mvbook", "inbook", "bookinbook", "suppbook", "booklet", "collection", "mvcollection", "incollection", "suppcollection", "dataset", "manual", "misc", "online", "patent", "periodical", "suppperiodical", "proceedings", "mvproceedings", "inproceedings", "reference", "mvreference", "inreference", "report", "set", "software", "thesis", "unpublished", "xdata", "artwork", "audio", "bibnote", "commentary", "image", "jurisdiction", "legislation", "legal", "letter", "movie", "music", "performance", "review", "standard", "video", "conference", "electronic", "mastersthesis", "phdthesis", "techreport", "www"]),
}

#: CSL type -> entry type (writing), per dialect; "*" is the default
WRITE_TYPES: dict[str, dict[str, str]] = {
    "bibtex": {
        "article-journal": "article", "article-magazine": "article",
        "article-newspaper": "article", "article": "article", "review": "article",
        "review-book": "article", "book": "book", "classic": "book", "collection": "book",
        "chapter": "incollection", "entry-encyclopedia": "incollection",
        "entry-dictionary": "incollection", "entry": "incollection", "paper-conference": "inproceedings",
        "thesis": "phdthesis", "report": "techreport", "manuscript": "unpublished",
        "pamphlet": "booklet", "*": "misc",
    },
    "biblatex": {
        "article-journal": "article", "article-magazine": "article",
        "article-newspaper": "article", "article": "article", "review": "review",
        "review-book": "review", "book": "book", "classic": "book", "collection": "collection",
        "chapter": "incollection", "entry-encyclopedia": "inreference",
        "entry-dictionary": "inreference", "entry": "inreference",
        "paper-conference": "inproceedings", "thesis": "thesis", "report": "report", "manuscript": "unpublished",
        "webpage": "online", "post": "online", "post-weblog": "online", "dataset": "dataset",
        "software": "software", "patent": "patent", "periodical": "periodical",
        "standard": "standard", "graphic": "artwork", "song": "audio",
        "motion_picture": "video", "legislation": "legislation", "bill": "legislation",
        "legal_case": "jurisdiction", "personal_communication": "letter",
        "pamphlet": "booklet", "performance": "performance", "*": "misc",
    },
}

# --------------------------------------------------------------------------- fields

#: how a field's text is turned into a value (and back)
KINDS = ("text", "title", "plain", "verbatim", "names", "pages", "date", "doi", "keywords")


@dataclass(frozen=True, slots=True)
class FieldRule:
    field: str
    var: str
    kind: str = "text"
    types: frozenset[str] | None = None
    dialects: frozenset[str] = BOTH
    priority: int = 0
    #: where a losing candidate goes when reading (another CSL variable)
    fallback: str | None = None
    read: bool = True
    write: bool = True


R = FieldRule
FIELD_RULES: tuple[FieldRule, ...] = (
    # names
    R("author", "author", "names"),
    R("editor", "editor", "names"),
    R("translator", "translator", "names"),
    R("bookauthor", "container-author", "names"),
    # titles
    R("title", "title", "title"),
    R("shorttitle", "title-short", "title"),
    R("fjournal", "container-title", priority=-1, fallback="container-title-short", write=False),
    R("journal", "container-title", types=ARTICLE_TYPES, dialects=BIBTEX,
      fallback="container-title-short"),
    R("journaltitle", "container-title", types=ARTICLE_TYPES, dialects=BIBLATEX,
      fallback="container-title-short"),
    R("journal", "container-title", fallback="container-title-short", write=False),
    R("journaltitle", "container-title", fallback="container-title-short", write=False),
    R("booktitle", "container-title"),
    R("maintitle", "container-title", priority=1, write=False),
    R("eventtitle", "event-title"),
    R("series", "collection-title"),
    R("shortjournal", "container-title-short"),
    R("journalabbreviation", "container-title-short", write=False),
    R("origtitle", "original-title"),
    # numbers
    R("volume", "volume", "plain"),
    R("volumes", "number-of-volumes", "plain"),
    R("number", "issue", "plain", types=ARTICLE_TYPES | PAPER_TYPES),
    R("number", "collection-number", "plain", types=BOOK_TYPES),
    R("number", "number", "plain"),
    R("issue", "issue", "plain"),
    R("pages", "page", "pages"),
    R("pagetotal", "number-of-pages", "plain"),
    R("numpages", "number-of-pages", "plain", write=False),
    R("chapter", "chapter-number", "plain"),
    R("edition", "edition", "plain"),
    R("version", "version", "plain"),
    # publication
    R("publisher", "publisher", "text", types=frozenset(vocab.ITEM_TYPES) - {"thesis", "report"}),
    R("school", "publisher", types=frozenset({"thesis"}), dialects=BIBTEX, priority=1),
    R("institution", "publisher", types=frozenset({"thesis", "report"}), priority=1),
    R("publisher", "publisher"),
    R("school", "publisher", priority=1, write=False),
    R("institution", "publisher", priority=1, write=False),
    R("organization", "publisher", priority=2, write=False),
    R("howpublished", "publisher", priority=3, write=False),
    R("address", "publisher-place", "plain", dialects=BIBTEX),
    R("location", "publisher-place", "plain", dialects=BIBLATEX, priority=1,
      fallback="event-place"),
    R("address", "publisher-place", "plain", write=False),
    R("location", "publisher-place", "plain", priority=1, fallback="event-place", write=False),
    R("venue", "event-place", "plain"),
    R("type", "genre", "plain"),
    # dates
    R("urldate", "accessed", "date"),
    R("eventdate", "event-date", "date"),
    R("origdate", "original-date", "date"),
    # identifiers and links
    R("doi", "DOI", "doi"),
    R("url", "URL", "verbatim"),
    R("isbn", "ISBN", "verbatim"),
    R("issn", "ISSN", "verbatim"),
    R("pmid", "PMID", "verbatim"),
    R("pmcid", "PMCID", "verbatim"),
    # notes
    R("note", "note"),
    R("annote", "annote"),
    R("annotation", "annote", priority=1, write=False),
    R("abstract", "abstract"),
    R("keywords", "keyword", "keywords"),
    R("language", "language", "plain"),
    R("langid", "language", "plain", priority=1, write=False),
    R("copyright", "license", "plain"),
    R("addendum", "note", priority=1, write=False),
)

#: fields that build the issued date (handled together)
DATE_FIELDS = frozenset({"date", "year", "month", "day"})
#: arXiv and other e-prints (handled together)
EPRINT_FIELDS = frozenset({"eprint", "eprinttype", "archiveprefix", "eprintclass",
                           "primaryclass"})
#: subtitles, joined to their title with ": " (BibLaTeX prints them so)
TITLE_PARTS: dict[str, str] = {"subtitle": "title", "booksubtitle": "container-title",
                               "journalsubtitle": "container-title",
                               "mainsubtitle": "container-title"}
#: fields used for inheritance (kept with the item, never mapped)
LINK_FIELDS = frozenset({"crossref", "xdata", "xref"})

#: how CSL variables are ordered in written entries
FIELD_ORDER: tuple[str, ...] = (
    "author", "editor", "translator", "bookauthor", "title", "shorttitle", "journal",
    "journaltitle", "shortjournal", "booktitle", "eventtitle", "series", "edition", "volume",
    "volumes", "number", "issue", "pages", "pagetotal", "chapter", "type", "publisher", "school",
    "institution", "organization", "address", "location", "venue", "year", "month", "day",
    "date", "eventdate", "origdate", "doi", "isbn", "issn", "pmid", "pmcid", "eprint",
    "eprinttype", "archiveprefix", "url", "urldate", "language", "langid", "copyright",
    "keywords", "note", "annote", "abstract",
)

_READ_INDEX: dict[str, list[FieldRule]] = {}
_WRITE_INDEX: dict[str, list[FieldRule]] = {}
for _rule in FIELD_RULES:
    if _rule.read:
        _READ_INDEX.setdefault(_rule.field, []).append(_rule)
    if _rule.write:
        _WRITE_INDEX.setdefault(_rule.var, []).append(_rule)

#: CSL variables that any field named like them maps to (what the writer emits for the rest)
CSL_FIELD_NAMES: dict[str, str] = {v.lower(): v for v in vocab.ALL_VARIABLES}


def read_rule(field: str, csl_type: str, dialect: str) -> FieldRule | None:
    """The rule that maps ``field`` for an item of ``csl_type``, or None."""
    for rule in _READ_INDEX.get(field, ()):
        if rule.types is not None and csl_type not in rule.types:
            continue
        return rule
    return None


def write_rules(var: str, csl_type: str, dialect: str) -> list[FieldRule]:
    """Rules that can write ``var`` for this type and dialect, best first."""
    return [r for r in _WRITE_INDEX.get(var, ())
            if dialect in r.dialects and (r.types is None or csl_type in r.types)]


def read_type(entry_type: str, fields: dict[str, str]) -> str | None:
    """The CSL type of an entry, or None when the entry type is unknown."""
    csl = READ_TYPES.get(entry_type)
    if csl == "article-journal":
        sub = fields.get("entrysubtype", "").strip().lower()
        csl = ARTICLE_SUBTYPES.get(sub, csl)
    return csl


def write_type(csl_type: str, dialect: str, *, source_type: str | None = None,
               genre: str | None = None, has_container: bool = True) -> str:
    """The entry type to write; the source's own type when it still fits."""
    if (source_type and source_type in DIALECT_TYPES[dialect]
            and READ_TYPES.get(source_type, "document") == csl_type):
        return source_type
    table = WRITE_TYPES[dialect]
    entry = table.get(csl_type, table["*"])
    if csl_type == "chapter" and not has_container:
        entry = "inbook"
    if dialect == "bibtex" and entry == "phdthesis" and genre:
        low = genre.lower()
        if any(w in low for w in ("master", "msc", "m.sc", "diplom", "magister", "ma thesis")):
            entry = "mastersthesis"
    return entry


#: crossref inheritance (BibLaTeX's defaults): (parent types, child types) -> field renames
INHERIT_RENAMES: tuple[tuple[frozenset[str], frozenset[str], dict[str, str]], ...] = (
    (frozenset({"mvbook", "book", "collection", "mvcollection", "proceedings", "mvproceedings",
                "reference", "mvreference"}),
     frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
                "inproceedings", "inreference", "conference"}),
     {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon",
      "author": "bookauthor", "shorttitle": ""}),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}),
     {"title": "journaltitle", "subtitle": "journalsubtitle", "shorttitle": ""}),
)
#: fields a child never inherits
NOT_INHERITED = frozenset({"crossref", "xref", "xdata", "ids", "entryset", "related",
                           "shorthand", "sortkey", "label", "options", "key"})


def inherit(parent_type: str, child_type: str, parent: dict[str, str],
            child: dict[str, str]) -> list[str]:
    """Copy the parent's fields the child lacks; return the names added."""
    renames: dict[str, str] = {}
    for parents, children, table in INHERIT_RENAMES:
        if parent_type in parents and child_type in children:
            renames = table
            break
    added: list[str] = []
    for key, value in parent.items():
        if key in NOT_INHERITED:
            continue
        target = renames.get(key, key)
        if not target or target in child:
            continue
        if target == "journaltitle" and "journal" in child:
            continue
        child[target] = value
        added.append(target)
    return added
