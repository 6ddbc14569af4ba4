"""RIS <-> CSL mapping tables: types, and tags whose meaning depends on ``TY``.

Everything here is data. The reader and the writer run the same tables in
opposite directions: a tag's meaning is looked up in the table of its record's
``TY`` first and in :data:`DEFAULT` second, and the writer inverts the merged
table of the ``TY`` it writes. The per-type meanings follow the 2011 RIS
specification (as EndNote labels its fields), with the older 2001 tags
(``T1``, ``A1``, ``Y1``, ``N2``, ``JF``/``JO``/``JA``, ...) accepted on input only.

Conventions:

* A :class:`Rule` names a CSL variable, or a special target starting with ``@``
  that the reader and writer treat specially (pages, ISBN/ISSN, keywords, id).
* ``None`` in a per-type table means "this tag has no CSL home for this type":
  the value is kept with the item (``source.fields``) and written back to RIS.
* When several tags fill one variable the lowest ``rank`` wins; a different
  value from a losing tag goes to ``overflow`` when there is one, or is kept with
  the item, so nothing is lost.
* ``write=False`` marks tags we read but never write (old-spec and dialect tags).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    var: str
    rank: int = 0
    overflow: str | None = None
    write: bool = True


def R(var: str, rank: int = 0, overflow: str | None = None, write: bool = True) -> Rule:
    return Rule(var, rank, overflow, write)


def OLD(var: str, rank: int = 5, overflow: str | None = None) -> Rule:
    """A tag we accept but do not write (old spec, dialects)."""
    return Rule(var, rank, overflow, write=False)


# ---------------------------------------------------------------------------------------------
# Types

#: ``TY`` -> CSL type. Every type of the 2011 specification, plus the 2001 ones.
RIS_TO_CSL: dict[str, str] = {
    "ABST": "article-journal",
    "ADVS": "motion_picture",
    "AGGR": "dataset",
    "ANCIENT": "classic",
    "ART": "graphic",
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "graphic",
    "CLSWK": "classic",
    "COMP": "software",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "CTLG": "book",
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "entry-dictionary",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "EQUA": "document",
    "FIGURE": "figure",
    "GEN": "document",
    "GOVDOC": "report",
    "GRANT": "document",
    "HEAR": "hearing",
    "ICOMM": "personal_communication",
    "INPR": "article-journal",
    "JFULL": "periodical",
    "JOUR": "article-journal",
    "LEGAL": "regulation",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MULTI": "motion_picture",
    "MUSIC": "musical_score",
    "NEWS": "article-newspaper",
    "PAMP": "pamphlet",
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "book",
    "SLIDE": "speech",
    "SOUND": "song",
    "STAND": "standard",
    "STAT": "legislation",
    "THES": "thesis",
    "UNBILL": "bill",
    "UNPB": "manuscript",
    "VIDEO": "motion_picture",
    "WEB": "webpage",
}

#: Types some exporters write that are not in either specification.
TYPE_ALIASES: dict[str, str] = {
    "JOURNAL": "JOUR",
    "ARTICLE": "JOUR",
    "CHAPTER": "CHAP",
    "THESIS": "THES",
    "REPORT": "RPRT",
    "WEBPAGE": "ELEC",
    "CONFERENCE": "CONF",
    "PATENT": "PAT",
    "NEWSPAPER": "NEWS",
    "MAGAZINE": "MGZN",
    "DATASET": "DATA",
    "SOFTWARE": "COMP",
    "PREPRINT": "UNPB",
}

#: Web of Science writes ``PT`` (publication type, one letter) where others write ``TY``.
WOS_PT: dict[str, str] = {"J": "JOUR", "B": "BOOK", "S": "SER", "P": "PAT", "C": "CONF"}

#: Extra CSL fields a type implies (``INPR`` is an article in press).
TYPE_IMPLIES: dict[str, dict[str, str]] = {"INPR": {"status": "in press"}}

#: CSL type -> ``TY`` written. Types RIS has no own ``TY`` for get the nearest one;
#: :data:`RIS_TO_CSL` tells whether it reads back as the same CSL type.
CSL_TO_RIS: dict[str, str] = {
    "article": "UNPB",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "bill": "BILL",
    "book": "BOOK",
    "broadcast": "MPCT",
    "chapter": "CHAP",
    "classic": "CLSWK",
    "collection": "GEN",
    "dataset": "DATA",
    "document": "GEN",
    "entry": "GEN",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "event": "GEN",
    "figure": "FIGURE",
    "graphic": "ART",
    "hearing": "HEAR",
    "interview": "PCOMM",
    "legal_case": "CASE",
    "legislation": "STAT",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "motion_picture": "MPCT",
    "musical_score": "MUSIC",
    "pamphlet": "PAMP",
    "paper-conference": "CONF",
    "patent": "PAT",
    "performance": "GEN",
    "periodical": "JFULL",
    "personal_communication": "PCOMM",
    "post": "BLOG",
    "post-weblog": "BLOG",
    "regulation": "LEGAL",
    "report": "RPRT",
    "review": "JOUR",
    "review-book": "JOUR",
    "software": "COMP",
    "song": "SOUND",
    "speech": "SLIDE",
    "standard": "STAND",
    "thesis": "THES",
    "treaty": "GEN",
    "webpage": "ELEC",
}

#: Types whose container is a serial (an unclassified ``SN`` is then an ISSN, else an ISBN).
SERIAL_TYPES: frozenset[str] = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "periodical", "review",
     "review-book"}
)


# ---------------------------------------------------------------------------------------------
# Tags

#: Meaning of each tag when the type's own table says nothing. Order = writing order.
DEFAULT: dict[str, Rule] = {
    "ID": R("@id"),
    "AU": R("author"),
    "A1": OLD("author", rank=0),
    "A2": R("editor"),
    "ED": OLD("editor"),
    "A3": R("collection-editor"),
    "A4": R("translator"),
    "TI": R("title"),
    "T1": OLD("title", rank=1),
    "CT": OLD("title", rank=2),
    "ST": R("title-short"),
    "T2": R("container-title"),
    "JF": OLD("container-title", rank=1),
    "JO": OLD("container-title", rank=2, overflow="container-title-short"),
    "BT": OLD("container-title", rank=3),
    "J2": R("container-title-short"),
    "JA": OLD("container-title-short", rank=1),
    "J1": OLD("container-title-short", rank=2),
    "JI": OLD("container-title-short", rank=3),  # Web of Science
    "J9": OLD("container-title-short", rank=4),  # Web of Science
    "T3": R("collection-title"),
    "PY": R("issued", rank=1),
    "DA": R("issued", rank=0),
    "Y1": OLD("issued", rank=2),
    "Y2": R("accessed"),
    "ET": R("edition"),
    "VL": R("volume"),
    "IS": R("issue"),
    "M1": R("number"),
    "SE": R("section"),
    "SP": R("@page-start"),
    "EP": R("@page-end"),
    "NV": R("number-of-volumes"),
    "PB": R("publisher"),
    "CY": R("publisher-place"),
    "PP": OLD("publisher-place", rank=1),
    "SN": R("@isxn"),
    "BN": OLD("@isxn"),
    "EI": OLD("@isxn"),  # Web of Science: electronic ISSN
    "DO": R("DOI"),
    "UR": R("URL"),
    "AB": R("abstract"),
    "N2": OLD("abstract", rank=1),
    "KW": R("@keyword"),
    "LA": R("language"),
    "M3": R("genre"),
    "N1": R("note"),
    "RN": R("annote"),
    "OP": R("original-title"),
    "RI": R("reviewed-title"),
    "CN": R("call-number"),
    "DB": R("archive"),
    "AN": R("archive_location"),
    "DP": R("source"),
    "H1": OLD("source", rank=5),  # Citavi: library
    "H2": OLD("call-number", rank=5),  # Citavi: call number in that library
}

# The custom tags C1-C8 and tags such as AD, CA, LB, L1-L4, RP, TT have no default meaning:
# they are kept with the item and written back to RIS.

_NOTHING = None  # readability in the tables below: "kept with the item"

# Groups shared by several types -------------------------------------------------------------

_JOURNAL: dict[str, Rule | None] = {
    "T2": R("container-title"),
    "M1": OLD("issue", rank=1),  # EndNote writes the issue to M1
    "ET": R("available-date"),  # "Epub Date"
    "SE": _NOTHING,  # "Start Page"
    "C2": R("PMCID"),
    "C7": R("number"),  # "Article Number"
    "NV": _NOTHING,
    "OP": R("original-title"),
}

_BOOK: dict[str, Rule | None] = {
    "A2": R("collection-editor"),
    "A3": R("editor"),
    "ED": OLD("editor"),
    "T2": R("collection-title"),
    "T3": OLD("collection-title", rank=1),
    "M1": R("collection-number"),
    "SE": _NOTHING,  # "Pages"
    "SP": R("number-of-pages"),
    "BT": OLD("title", rank=3),
}

_CHAPTER: dict[str, Rule | None] = {
    "A2": R("editor"),
    "A3": R("collection-editor"),
    "T2": R("container-title"),
    "BT": OLD("container-title", rank=1),
    "T3": R("collection-title"),
    "SE": R("chapter-number"),
    "SV": R("collection-number"),
    "M1": OLD("number-of-volumes", rank=1),
    "C1": _NOTHING,  # "Section"
}

_IMAGE: dict[str, Rule | None] = {
    "A2": _NOTHING,  # "Name of File"
    "ET": R("version"),
    "SP": _NOTHING,  # "Description"
    "M3": R("medium"),
    "T2": _NOTHING,  # "Image Source Program"
    "VL": R("dimensions"),
    "M1": R("number"),
}

_FILM: dict[str, Rule | None] = {
    "AU": R("director"),
    "A1": OLD("director", rank=0),
    "A3": R("producer"),
    "A4": R("performer"),
    "T2": R("collection-title"),
    "T3": OLD("collection-title", rank=1),
    "M3": R("medium"),
    "SP": R("dimensions"),  # "Running Time"
    "C1": _NOTHING,  # "Cast"
    "C2": _NOTHING,  # "Credits"
    "C4": R("genre"),
    "C5": OLD("medium", rank=1),  # "Format"
    "PB": R("publisher"),
}

_LEGAL_HISTORY: dict[str, Rule | None] = {"OP": R("references")}

#: Per-type meanings (2011 specification). A type missing here uses DEFAULT only.
BY_TYPE: dict[str, dict[str, Rule | None]] = {
    "JOUR": _JOURNAL,
    "EJOUR": {**_JOURNAL, "M1": R("issue", rank=1), "T3": _NOTHING, "SE": R("available-date"),
              "C3": OLD("PMCID"), "C2": _NOTHING, "C5": _NOTHING},
    "ABST": _JOURNAL,
    "INPR": _JOURNAL,
    "JFULL": {"T2": R("container-title"), "TI": R("title")},
    "MGZN": {"M1": OLD("issue", rank=1), "SE": _NOTHING, "NV": _NOTHING},
    "NEWS": {"M1": _NOTHING, "C1": _NOTHING, "C2": OLD("issue", rank=1), "NV": _NOTHING},
    "BOOK": _BOOK,
    "EBOOK": {**_BOOK, "A2": R("editor"), "A3": R("collection-editor"),
              "T2": R("container-title"), "T3": R("collection-title"), "C7": OLD("PMCID"),
              "NV": R("version")},
    "EDBOOK": {**_BOOK, "AU": R("editor"), "A1": OLD("editor", rank=0)},
    "SER": {**_BOOK, "A2": R("editor"), "A3": R("collection-editor"),
            "T2": R("container-title"), "T3": R("collection-title"),
            "SE": R("chapter-number"), "SP": R("@page-start"), "C2": OLD("number")},
    "CTLG": {**_BOOK, "A2": _NOTHING, "NV": R("number"), "SE": R("number-of-pages"),
             "SP": R("@page-start")},
    "CLSWK": {**_BOOK, "A3": _NOTHING},
    "CHAP": _CHAPTER,
    "ECHAP": {**_CHAPTER, "M1": R("collection-number"), "C7": OLD("PMCID")},
    "DICT": {"T2": R("container-title"), "C1": _NOTHING, "SE": R("version"), "M1": R("number")},
    "ENCYC": {"T2": R("container-title"), "C1": _NOTHING},
    "CONF": {"T2": R("event-title"), "C3": R("container-title"), "BT": OLD("container-title"),
             "CY": R("event-place"), "C1": R("publisher-place"), "C2": _NOTHING,
             "A2": R("editor"), "A3": R("collection-editor"), "A4": R("contributor"),
             "M1": R("issue"), "OP": _NOTHING, "T3": R("collection-title")},
    "CPAPER": {"T2": R("event-title"), "CY": R("event-place"), "C1": R("publisher-place"),
               "A2": R("editor"), "M1": R("issue"), "C3": OLD("container-title")},
    "THES": {"PB": R("publisher"), "A3": R("contributor"), "M3": R("genre"),
             "SP": R("number-of-pages"), "T2": _NOTHING, "VL": _NOTHING, "M1": R("number")},
    "RPRT": {"T2": R("collection-title"), "A2": R("collection-editor"), "A3": _NOTHING,
             "A4": _NOTHING, "SN": R("number"), "M1": OLD("number", rank=1),
             "NV": R("collection-number"), "RP": _NOTHING, "OP": _NOTHING,
             "C6": OLD("issue")},
    "GOVDOC": {"A2": R("collection-editor"), "C1": R("authority"), "SN": R("@isxn"),
               "M1": R("number"), "T3": R("collection-title")},
    "ELEC": {"T2": R("container-title"), "Y2": R("accessed"), "M1": OLD("accessed", rank=1),
             "SP": _NOTHING, "OP": _NOTHING, "VL": _NOTHING, "C1": _NOTHING, "C2": _NOTHING},
    "WEB": {"T2": R("container-title"), "M1": OLD("accessed", rank=1), "SP": _NOTHING,
            "OP": _NOTHING, "VL": _NOTHING, "C1": _NOTHING, "C2": _NOTHING},
    "BLOG": {"T2": R("container-title"), "T3": _NOTHING, "SE": R("number"), "SP": _NOTHING,
             "OP": _NOTHING, "VL": _NOTHING, "A3": R("illustrator"), "C1": _NOTHING},
    "DATA": {"ET": R("version"), "PB": R("publisher"), "A2": R("producer"),
             "A4": R("contributor"), "NV": R("number"), "T3": R("collection-title"),
             "SE": _NOTHING, "OP": _NOTHING, "RI": _NOTHING, "C1": _NOTHING, "C2": _NOTHING,
             "C3": R("medium"), "C4": _NOTHING, "SN": R("@isxn")},
    "DBASE": {"ET": _NOTHING, "SN": R("number"), "T2": R("container-title")},
    "AGGR": {"ET": _NOTHING, "M1": R("number"), "SE": _NOTHING, "T2": R("container-title"),
             "OP": _NOTHING},
    "COMP": {"ET": R("version"), "VL": OLD("version", rank=1), "T2": R("collection-title"),
             "C1": _NOTHING, "SP": _NOTHING, "OP": _NOTHING, "M3": R("genre")},
    "PAT": {"SN": R("number"), "M1": R("call-number"), "A2": R("authority"),
            "A3": _NOTHING, "PB": _NOTHING, "ET": _NOTHING,
            "NV": _NOTHING, "SE": _NOTHING, "VL": _NOTHING, "C2": _NOTHING, "C3": _NOTHING,
            "C4": _NOTHING, "C5": R("references"), "C6": R("status"), "T2": _NOTHING,
            "T3": _NOTHING, "OP": _NOTHING, "IS": OLD("number", rank=2), "Y2": _NOTHING},
    "CASE": {"A2": _NOTHING, "A3": _NOTHING, "A4": _NOTHING, "PB": R("authority"),
             "SV": R("number"), "NV": _NOTHING, "ET": _NOTHING, "SE": _NOTHING,
             "T3": _NOTHING, "M3": _NOTHING, "J2": _NOTHING, "T2": R("container-title"),
             "DA": R("issued"), **_LEGAL_HISTORY},
    "BILL": {"A2": _NOTHING, "M1": R("number"), "T2": R("container-title"),
             "T3": R("authority"), "SE": R("section"), "ET": R("chapter-number"),
             **_LEGAL_HISTORY},
    "UNBILL": {"A2": _NOTHING, "M1": R("number"), "T3": R("authority"), **_LEGAL_HISTORY},
    "HEAR": {"T2": R("section"), "T3": R("authority"), "ET": R("chapter-number"),
             "M1": R("number"), "C2": _NOTHING, **_LEGAL_HISTORY},
    "STAT": {"M1": R("number"), "T2": R("container-title"), "SE": R("section"),
             "ET": R("chapter-number"), "NV": _NOTHING, "RI": _NOTHING, "CY": R("jurisdiction"),
             "T3": _NOTHING, "C5": _NOTHING, "C6": _NOTHING, "PB": _NOTHING, **_LEGAL_HISTORY},
    "LEGAL": {"A2": R("authority"), "M1": _NOTHING, "NV": _NOTHING, "SE": R("section"),
              "T2": R("container-title"), "T3": _NOTHING, "VL": R("number"), **_LEGAL_HISTORY},
    "STAND": {"SN": R("number"), "M1": _NOTHING, "NV": _NOTHING, "SE": R("section"),
              "T2": R("container-title"), "T3": _NOTHING, "VL": _NOTHING},
    "GRANT": {"M1": R("status"), "C1": _NOTHING, "C2": _NOTHING, "C3": _NOTHING,
              "C4": _NOTHING, "C5": R("number"), "C6": _NOTHING, "ET": _NOTHING,
              "NV": _NOTHING, "OP": _NOTHING, "RP": _NOTHING, "SE": _NOTHING, "VL": _NOTHING,
              "M3": R("genre"), "DA": R("issued")},
    "ART": _IMAGE | {"C3": _NOTHING, "M1": _NOTHING, "SP": _NOTHING},
    "CHART": _IMAGE,
    "FIGURE": _IMAGE,
    "EQUA": _IMAGE,
    "SLIDE": {"T2": R("event-title"), "CY": R("event-place")},
    "ADVS": {**_FILM, "AU": R("author"), "A1": OLD("author", rank=0), "A2": R("performer"),
             "A3": R("collection-editor"), "A4": _NOTHING, "T3": R("collection-title"),
             "T2": _NOTHING, "C3": R("dimensions"), "SP": _NOTHING, "NV": _NOTHING,
             "OP": _NOTHING},
    "MPCT": {**_FILM, "A2": R("collection-editor")},
    "VIDEO": _FILM,
    "MULTI": {**_FILM, "AU": R("author"), "A1": OLD("author", rank=0), "A2": R("director"),
              "A4": _NOTHING, "M1": _NOTHING, "C1": _NOTHING, "C2": _NOTHING,
              "C5": R("medium")},
    "SOUND": {"AU": R("composer"), "A1": OLD("composer", rank=0), "A2": R("performer"),
              "T2": R("container-title"), "T3": R("collection-title"), "M3": R("medium"),
              "CY": R("publisher-place")},
    "MUSIC": {"AU": R("composer"), "A1": OLD("composer", rank=0), "A2": R("editor"),
              "A3": R("collection-editor"), "A4": R("producer"), "T2": R("container-title"),
              "T3": R("collection-title"), "C1": _NOTHING, "C2": _NOTHING, "C3": _NOTHING,
              "C4": _NOTHING, "C5": _NOTHING, "M3": R("medium")},
    "MAP": {"AU": R("author"), "A2": R("collection-editor"), "T2": R("collection-title"),
            "C1": R("scale"), "C2": _NOTHING, "C3": R("dimensions"), "C5": _NOTHING,
            "SP": _NOTHING, "M3": R("genre")},
    "MANSCPT": {"T2": R("collection-title"), "M1": _NOTHING, "NV": R("number"),
                "SE": _NOTHING, "ET": _NOTHING, "PB": R("archive"), "VL": _NOTHING},
    "PAMP": {"A2": _NOTHING, "T2": R("container-title"), "M1": _NOTHING, "M2": OLD(
        "number-of-pages"), "VL": R("number")},
    "PCOMM": {"A2": R("recipient"), "C1": _NOTHING, "C2": _NOTHING, "ET": _NOTHING,
              "M1": _NOTHING, "NV": R("number"), "M3": R("genre")},
    "ICOMM": {"A2": R("recipient"), "M3": R("genre")},
    "GEN": {"A2": R("editor"), "A3": R("collection-editor"), "A4": R("translator"),
            "T2": R("container-title"), "T3": R("collection-title"), "M1": R("number"),
            "C1": _NOTHING},
    "UNPB": {"A2": R("collection-editor"), "T2": R("collection-title"), "T3": _NOTHING,
             "M1": R("number"), "PB": R("publisher")},
}

#: Variables written under a second tag too, because Zotero and EndNote read them from
#: different places: EndNote's Web Page keeps its access date in M1, Zotero reads Y2.
#: The reader sees the same value twice and keeps one.
WRITE_ALSO: dict[tuple[str, str], str] = {
    ("ELEC", "accessed"): "M1",
    ("WEB", "accessed"): "M1",
}

#: Where the writer puts a variable the record's type has no tag for, in a form the reader
#: (see dialects.py) turns back into that variable: (tag, prefix of the value).
WRITE_FALLBACK: dict[str, tuple[str, str]] = {
    "references": ("N1", "References: "),  # Scopus' labelled note
    "PMID": ("N1", "PMID: "),  # Zotero's convention (when AN is taken, see the writer)
    "PMCID": ("N1", "PMCID: "),
}

#: Continuation lines of these tags start a new line in the value (others join with a space);
#: a continuation of a list tag (KW, L1-L4) is another value.
MULTILINE_TAGS: frozenset[str] = frozenset({"AB", "N1", "N2", "RN"})
LIST_TAGS: frozenset[str] = frozenset({"KW", "L1", "L2", "L3", "L4"})

#: The order tags are written in (after TY); tags not listed follow, then ER.
WRITE_ORDER: tuple[str, ...] = (
    "AU", "A2", "A3", "A4", "TI", "ST", "T2", "J2", "T3", "C3", "PY", "DA", "Y2", "ET", "VL",
    "IS", "M1", "SE", "SV", "NV", "SP", "EP", "CY", "C1", "PB", "SN", "DO", "UR", "AB", "KW",
    "LA", "M3", "C4", "C5", "C6", "N1", "RN", "OP", "RI", "CN", "DB", "AN", "DP", "ID",
)


def normalize_type(raw: str) -> str | None:
    """The 2011 ``TY`` for whatever an exporter wrote (``Journ``, ``chap``), or None."""
    ty = raw.strip().upper()
    if ty in RIS_TO_CSL:
        return ty
    if ty in TYPE_ALIASES:
        return TYPE_ALIASES[ty]
    for known in RIS_TO_CSL:  # EndNote-ish abbreviations: "Journ" -> JOUR, "Chap" -> CHAP
        if len(ty) >= 4 and (known.startswith(ty[:4]) and ty.startswith(known[:4])):
            return known
    return None


def rule_for(ty: str | None, tag: str) -> Rule | None:
    """The meaning of ``tag`` in a record of type ``ty``; None: kept with the item."""
    own = BY_TYPE.get(ty or "", {})
    if tag in own:
        return own[tag]
    return DEFAULT.get(tag)


_WRITE_CACHE: dict[str, dict[str, str]] = {}


def write_tags(ty: str) -> dict[str, str]:
    """CSL variable (or ``@`` target) -> the tag the writer uses for it in a ``ty`` record."""
    cached = _WRITE_CACHE.get(ty)
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    own = BY_TYPE.get(ty, {})
    masked = {tag for tag, rule in own.items() if rule is None}
    candidates: list[tuple[str, Rule]] = [(t, r) for t, r in own.items() if r is not None]
    candidates += [(t, r) for t, r in DEFAULT.items() if t not in own and t not in masked]
    for tag, rule in sorted(candidates, key=lambda tr: tr[1].rank):
        if rule.write and rule.var not in out:
            out[rule.var] = tag
    _WRITE_CACHE[ty] = out
    return out


def holds(ty: str) -> dict[str, str]:
    """CSL variable -> the tag(s) a ``ty`` record writes it to (for the documentation)."""
    out: dict[str, str] = {}
    for var, tag in write_tags(ty).items():
        if var == "@isxn":
            out["ISBN"] = out["ISSN"] = tag
        elif var == "@page-start":
            out["page"] = f"{tag}/{write_tags(ty).get('@page-end', 'EP')}"
        elif var == "@keyword":
            out["keyword"] = tag
        elif var == "@id":
            out["id"] = tag
        elif not var.startswith("@"):
            out[var] = tag
    if "issued" in out:
        out["issued"] = f"PY+{out['issued']}"
    return dict(sorted(out.items()))


def markdown_table() -> str:
    """The per-type table in docs/ris.md (a test keeps the two equal)."""
    lines = ["| CSL type | TY | variables and their tags |", "|---|---|---|"]
    for csl_type in sorted(CSL_TO_RIS):
        ty = CSL_TO_RIS[csl_type]
        cells = ", ".join(f"{var} `{tag}`" for var, tag in holds(ty).items() if var != "id")
        lines.append(f"| {csl_type} | {ty} | {cells} |")
    return "\n".join(lines) + "\n"
