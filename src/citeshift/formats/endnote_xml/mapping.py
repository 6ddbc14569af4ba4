"""EndNote's data model as tables: reference types and what each generic field means per type.

EndNote stores every reference in the same set of *generic* fields (``title``,
``secondary-title``, ``authors``, ``secondary-authors``, ``isbn``, ``number``,
...) and gives them a different label for each reference type: ``isbn`` is
the ISBN of a Book, the ISSN of a Journal Article, the Report Number of a
Report; ``secondary-authors`` are the editors of a Book Section but the
series editors of a Book. Both EndNote XML and EndNote tagged (``.enw``)
files carry the generic fields, so the two readers and writers share these
tables and the conversion in :mod:`citeshift.formats.endnote_xml.convert`.

Field keys are the EndNote XML element names; children of ``<titles>``,
``<periodical>``, ``<contributors>`` and ``<urls>`` are flattened to one key
(``"title"``, ``"full-title"``, ``"authors"``, ``"related-url"``), dates to
``"year"``, ``"pub-date"`` and ``"copyright-date"``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RefType:
    name: str
    #: the number EndNote X-20 writes in ``<ref-type>``; None where it is not known for certain
    number: int | None
    csl: str


#: EndNote reference types: name, number, CSL type. Names are what EndNote
#: writes (and what a reader trusts first: other programs write their own numbers).
REF_TYPES: tuple[RefType, ...] = (
    RefType("Aggregated Database", 55, "dataset"),
    RefType("Ancient Text", 51, "classic"),
    RefType("Artwork", 2, "graphic"),
    RefType("Audiovisual Material", 3, "motion_picture"),
    RefType("Bill", 4, "bill"),
    RefType("Blog", 56, "post-weblog"),
    RefType("Book", 6, "book"),
    RefType("Book Section", 5, "chapter"),
    RefType("Case", 7, "legal_case"),
    RefType("Catalog", 8, "document"),
    RefType("Chart or Table", 38, "figure"),
    RefType("Classical Work", 49, "classic"),
    RefType("Computer Program", 9, "software"),
    RefType("Conference Paper", 47, "speech"),
    RefType("Conference Proceedings", 10, "paper-conference"),
    RefType("Dataset", 59, "dataset"),
    RefType("Dictionary", 52, "entry-dictionary"),
    RefType("Edited Book", 28, "book"),
    RefType("Electronic Article", 43, "article-journal"),
    RefType("Electronic Book", 44, "book"),
    RefType("Electronic Book Section", 60, "chapter"),
    RefType("Encyclopedia", 53, "entry-encyclopedia"),
    RefType("Equation", 39, "document"),
    RefType("Figure", 37, "figure"),
    RefType("Film or Broadcast", 21, "motion_picture"),
    RefType("Generic", 13, "document"),
    RefType("Government Document", 46, "report"),
    RefType("Grant", 54, "document"),
    RefType("Hearing", 14, "hearing"),
    RefType("Interview", None, "interview"),
    RefType("Journal Article", 17, "article-journal"),
    RefType("Legal Rule or Regulation", 50, "regulation"),
    RefType("Magazine Article", 19, "article-magazine"),
    RefType("Manuscript", 36, "manuscript"),
    RefType("Map", 20, "map"),
    RefType("Music", 61, "song"),
    RefType("Newspaper Article", 23, "article-newspaper"),
    RefType("Online Database", 45, "dataset"),
    RefType("Online Multimedia", 48, "webpage"),
    RefType("Pamphlet", 24, "pamphlet"),
    RefType("Patent", 25, "patent"),
    RefType("Personal Communication", 26, "personal_communication"),
    RefType("Podcast", None, "broadcast"),
    RefType("Press Release", None, "report"),
    RefType("Report", 27, "report"),
    RefType("Serial", 57, "periodical"),
    RefType("Standard", 58, "standard"),
    RefType("Statute", 31, "legislation"),
    RefType("Thesis", 32, "thesis"),
    RefType("Unpublished Work", 34, "article"),
    RefType("Web Page", 12, "webpage"),
)

BY_NAME: dict[str, RefType] = {t.name.casefold(): t for t in REF_TYPES}
#: other spellings met in the wild (citation-js, HAL, older EndNote versions)
NAME_ALIASES: dict[str, str] = {
    "electronic source": "Web Page",
    "electronic citation": "Web Page",
    "computer program": "Computer Program",
    "audio": "Music",
    "film": "Film or Broadcast",
    "broadcast": "Film or Broadcast",
    "conference proceeding": "Conference Proceedings",
    "edited book": "Edited Book",
    "unpublished": "Unpublished Work",
    "web page": "Web Page",
    "webpage": "Web Page",
    "thesis/dissertation": "Thesis",
    "dissertation": "Thesis",
    "journal": "Journal Article",
    "article": "Journal Article",
}
BY_NUMBER: dict[int, RefType] = {t.number: t for t in REF_TYPES if t.number is not None}

#: The EndNote type written for each CSL type. Where EndNote has no exact
#: match the writer reports the type as lossy (:data:`INEXACT_TYPES`).
CSL_TO_ENDNOTE: dict[str, str] = {
    "article": "Unpublished Work",
    "article-journal": "Journal Article",
    "article-magazine": "Magazine Article",
    "article-newspaper": "Newspaper Article",
    "bill": "Bill",
    "book": "Book",
    "broadcast": "Film or Broadcast",
    "chapter": "Book Section",
    "classic": "Classical Work",
    "collection": "Generic",
    "dataset": "Dataset",
    "document": "Generic",
    "entry": "Generic",
    "entry-dictionary": "Dictionary",
    "entry-encyclopedia": "Encyclopedia",
    "event": "Generic",
    "figure": "Figure",
    "graphic": "Artwork",
    "hearing": "Hearing",
    "interview": "Personal Communication",
    "legal_case": "Case",
    "legislation": "Statute",
    "manuscript": "Manuscript",
    "map": "Map",
    "motion_picture": "Film or Broadcast",
    "musical_score": "Music",
    "pamphlet": "Pamphlet",
    "paper-conference": "Conference Proceedings",
    "patent": "Patent",
    "performance": "Generic",
    "periodical": "Serial",
    "personal_communication": "Personal Communication",
    "post": "Web Page",
    "post-weblog": "Blog",
    "regulation": "Legal Rule or Regulation",
    "report": "Report",
    "review": "Journal Article",
    "review-book": "Journal Article",
    "software": "Computer Program",
    "song": "Music",
    "speech": "Conference Paper",
    "standard": "Standard",
    "thesis": "Thesis",
    "treaty": "Generic",
    "webpage": "Web Page",
}

#: CSL types that do not come back as themselves after a trip through EndNote.
INEXACT_TYPES: frozenset[str] = frozenset(
    csl for csl, name in CSL_TO_ENDNOTE.items() if BY_NAME[name.casefold()].csl != csl
)


def lookup_type(name: str | None, number: str | None = None) -> RefType | None:
    """The reference type for a ``ref-type`` name (trusted first) or number."""
    if name:
        key = " ".join(name.split()).casefold()
        if key in BY_NAME:
            return BY_NAME[key]
        if key in NAME_ALIASES:
            return BY_NAME[NAME_ALIASES[key].casefold()]
    if number is not None and number.strip().isdecimal() and len(number.strip()) <= 4:
        return BY_NUMBER.get(int(number))
    return None


# -- generic fields -----------------------------------------------------------------------

#: Sets of EndNote types used by the field table below.
PERIODICAL_TYPES = ("Journal Article", "Magazine Article", "Newspaper Article", "Electronic Article")
BOOK_TYPES = ("Book", "Edited Book", "Electronic Book")
SECTION_TYPES = ("Book Section", "Electronic Book Section")
CONFERENCE_TYPES = ("Conference Paper", "Conference Proceedings")


def _for(types: tuple[str, ...] | list[str], var: str | None) -> dict[str, str | None]:
    return dict.fromkeys(types, var)


#: generic field -> {"*": default CSL variable, "<EndNote type>": variable for that type}.
#: None means "no CSL home": the value is kept with the item (``source.fields``) and
#: written back when the target is EndNote again.
FIELDS: dict[str, dict[str, str | None]] = {
    # contributors
    "authors": {"*": "author", "Edited Book": "editor", "Film or Broadcast": "director",
                "Audiovisual Material": "director", "Music": "composer"},
    "secondary-authors": {"*": "editor", **_for(BOOK_TYPES, "collection-editor"),
                          "Report": "collection-editor", "Thesis": None,
                          "Personal Communication": "recipient", "Interview": "interviewer",
                          "Music": "performer", "Film or Broadcast": "producer",
                          "Patent": None, "Bill": None},
    "tertiary-authors": {"*": None, "Book": "editor", **_for(SECTION_TYPES, "collection-editor"),
                         **_for(CONFERENCE_TYPES, "collection-editor"),
                         "Film or Broadcast": "executive-producer"},
    "subsidiary-authors": {"*": "translator", "Film or Broadcast": "performer", "Case": None},
    "translated-authors": {"*": None},
    # titles
    "title": {"*": "title"},
    "secondary-title": {"*": "container-title", **_for(BOOK_TYPES, "collection-title"),
                        "Report": "collection-title", "Government Document": "collection-title",
                        "Computer Program": "collection-title", "Map": "collection-title",
                        "Serial": "collection-title", "Thesis": None,
                        "Conference Paper": "event-title"},
    "tertiary-title": {"*": None, **_for(SECTION_TYPES, "collection-title"),
                       **_for(CONFERENCE_TYPES, "collection-title"),
                       "Bill": "authority", "Hearing": "authority"},
    "alt-title": {"*": None, **_for(PERIODICAL_TYPES, "container-title-short")},
    "short-title": {"*": "title-short"},
    "translated-title": {"*": None},
    "full-title": {"*": None, **_for(PERIODICAL_TYPES, "container-title"),
                   **_for(SECTION_TYPES, "container-title"), "Conference Proceedings": "container-title",
                   "Web Page": "container-title", "Blog": "container-title"},
    "abbr-1": {"*": None, **_for(PERIODICAL_TYPES, "container-title-short")},
    "abbr-2": {"*": None},
    "abbr-3": {"*": None},
    "alt-periodical/full-title": {"*": None},
    "alt-periodical/abbr-1": {"*": None},
    "alt-periodical/abbr-2": {"*": None},
    "alt-periodical/abbr-3": {"*": None},
    # numbers and places
    "pages": {"*": "page", **_for(BOOK_TYPES, "number-of-pages"), "Thesis": "number-of-pages",
              "Manuscript": "number-of-pages", "Unpublished Work": "number-of-pages"},
    "volume": {"*": "volume", "Thesis": "genre"},
    "number": {"*": "number", **_for(PERIODICAL_TYPES, "issue"), "Conference Proceedings": "issue",
               **_for(BOOK_TYPES, "collection-number"), **_for(SECTION_TYPES, "collection-number"),
               "Report": None, "Patent": None, "Thesis": None},
    "issue": {"*": "issue", **_for(SECTION_TYPES, "number-of-volumes")},
    "secondary-volume": {"*": None},
    "secondary-issue": {"*": None},
    "num-vols": {"*": "number-of-volumes", **_for(SECTION_TYPES, None)},
    "edition": {"*": "edition", "Computer Program": "version", "Journal Article": None,
                "Bill": None, "Hearing": None, "Statute": None},
    "section": {"*": "section"},
    "reprint-edition": {"*": None},
    "reprint-status": {"*": None},
    "keyword": {"*": "keyword"},
    # dates
    "year": {"*": "issued"},
    "pub-date": {"*": "issued"},
    "copyright-date": {"*": None},
    "access-date": {"*": "accessed"},
    "modified-date": {"*": None},
    # publication
    "pub-location": {"*": "publisher-place", **_for(CONFERENCE_TYPES, "event-place")},
    "publisher": {"*": "publisher", "Case": "authority"},
    "orig-pub": {"*": None},
    "isbn": {"*": "ISBN", **_for(PERIODICAL_TYPES, "ISSN"), "Serial": "ISSN",
             "Report": "number", "Patent": "number"},
    # EndNote's PubMed import files the PMID as the accession number (kept as-is when not a PMID)
    "accession-num": {"*": None, "Journal Article": "PMID", "Electronic Article": "PMID"},
    "call-num": {"*": "call-number"},
    "report-id": {"*": None},
    "coden": {"*": None},
    "electronic-resource-num": {"*": "DOI"},
    "abstract": {"*": "abstract"},
    # EndNote's BibTeX output style takes the key from Label, and Zotero reads it as the citation key
    "label": {"*": "citation-key"},
    "image": {"*": None},
    "caption": {"*": None},
    "notes": {"*": "note"},
    "research-notes": {"*": "annote"},
    "work-type": {"*": "genre"},
    "reviewed-item": {"*": "reviewed-title"},
    "availability": {"*": None},
    "remote-source": {"*": None},
    "meeting-place": {"*": None},
    "work-location": {"*": None},
    "work-extent": {"*": None},
    "pack-method": {"*": None},
    "size": {"*": "dimensions"},
    "repro-ratio": {"*": None},
    "remote-database-name": {"*": "source"},
    "remote-database-provider": {"*": None},
    "language": {"*": "language"},
    "auth-address": {"*": None},
    "auth-affiliaton": {"*": None},
    # urls
    "related-url": {"*": "URL"},
    "web-url": {"*": "URL"},
    "pdf-url": {"*": None},
    "text-url": {"*": None},
    "image-url": {"*": None},
    # the custom fields EndNote labels per type
    "custom1": {"*": None, "Conference Proceedings": "publisher-place", "Map": "scale"},
    "custom2": {"*": None, "Journal Article": "PMCID"},
    "custom3": {"*": None},
    "custom4": {"*": None},
    "custom5": {"*": None},
    "custom6": {"*": None},
    "custom7": {"*": None},
    "misc1": {"*": None},
    "misc2": {"*": None},
    "misc3": {"*": None},
}

#: Fields a reader fills in this order, whatever order the file has, so that a
#: field that only stands in for another (``full-title`` for ``secondary-title``,
#: ``volume`` "Degree" for a thesis type) never wins over it.
READ_ORDER: tuple[str, ...] = (
    "secondary-title", "full-title", "alt-title", "abbr-1", "work-type", "volume",
    "number", "issue", "related-url", "web-url",
)

def variable_fields(type_name: str) -> dict[str, str]:
    """CSL variable -> the generic field that holds it for ``type_name``.

    The first field (with :data:`READ_ORDER` first) that maps to a variable is
    where the writer puts it, so reading back finds it in the same place.
    """
    out: dict[str, str] = {}
    order = list(READ_ORDER) + [f for f in FIELDS if f not in READ_ORDER]
    for field in order:
        var = field_variable(field, type_name)
        if var is not None and var not in out:
            out[var] = field
    return out


def field_variable(field: str, type_name: str | None) -> str | None:
    """The CSL variable a generic field holds for an EndNote type (None: no CSL home)."""
    table = FIELDS.get(field)
    if table is None:
        return None
    if type_name is not None and type_name in table:
        return table[type_name]
    return table.get("*")

