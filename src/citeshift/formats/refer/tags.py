"""Refer / EndNote tagged: which ``%``-tag holds which EndNote generic field.

EndNote's tagged format (``%0 Journal Article`` first) and classic Unix
``refer`` files (no ``%0``) share most tags but not all: ``%R`` is EndNote's
Electronic Resource Number (the DOI) but refer's report number, ``%Q`` is a
translated title in EndNote but refer's corporate author. Both dialects map
their tags onto the generic fields of EndNote's model, and from there the
per-type table in :mod:`citeshift.formats.endnote_xml.mapping` decides the
CSL variable, exactly as for EndNote XML.
"""

from __future__ import annotations

#: EndNote tagged: tag -> generic field (EndNote's own export table)
ENDNOTE_TAGS: dict[str, str] = {
    "%A": "authors",
    "%B": "secondary-title",
    "%C": "pub-location",
    "%D": "year",
    "%E": "secondary-authors",
    "%F": "label",
    "%G": "language",
    "%H": "translated-authors",
    "%I": "publisher",
    "%J": "full-title",
    "%K": "keyword",
    "%L": "call-num",
    "%M": "accession-num",
    "%N": "number",
    "%O": "alt-title",
    "%P": "pages",
    "%Q": "translated-title",
    "%R": "electronic-resource-num",
    "%S": "tertiary-title",
    "%T": "title",
    "%U": "related-url",
    "%V": "volume",
    "%W": "remote-database-provider",
    "%X": "abstract",
    "%Y": "tertiary-authors",
    "%Z": "notes",
    "%1": "custom1",
    "%2": "custom2",
    "%3": "custom3",
    "%4": "custom4",
    "%#": "custom5",
    "%$": "custom6",
    "%]": "custom7",
    "%6": "num-vols",
    "%7": "edition",
    "%8": "pub-date",
    "%9": "work-type",
    "%?": "subsidiary-authors",
    "%@": "isbn",
    "%!": "short-title",
    "%&": "section",
    "%(": "orig-pub",
    "%)": "reprint-edition",
    "%*": "reviewed-item",
    "%+": "auth-address",
    "%^": "caption",
    "%>": "pdf-url",
    "%<": "research-notes",
    "%[": "access-date",
    "%=": "modified-date",
    "%~": "remote-database-name",
}

#: classic refer (no ``%0``): tags whose meaning differs from EndNote's
CLASSIC_TAGS: dict[str, str] = {
    **ENDNOTE_TAGS,
    "%B": "secondary-title",
    "%G": "report-id",
    "%H": "notes",
    "%O": "notes",
    "%Q": "authors",  # corporate author, read as an organisation
    "%R": "isbn",  # report number: the Report type's "Report Number" field
    "%S": "secondary-title",
}

#: classic refer has no type line: the first of these tags present decides the type
CLASSIC_TYPE_HINTS: tuple[tuple[str, str], ...] = (
    ("%J", "Journal Article"),
    ("%B", "Book Section"),
    ("%R", "Report"),
    ("%I", "Book"),
)

#: classic refer: a tag whose generic field depends on the type found
CLASSIC_TYPE_TAGS: dict[str, dict[str, str]] = {
    "%S": {"Book Section": "tertiary-title", "Journal Article": "tertiary-title"},
    "%B": {"Journal Article": "full-title"},
}

#: EndNote tagged as web sites and catalogues write it: ``%E`` is the editor of a
#: book or report (EndNote's own table calls that field "Series Editor" and puts
#: the editor in ``%Y``). tag -> {EndNote type: CSL name variable}; the writer
#: uses the same table, so reading back finds each role where it was written.
TAGGED_ROLE_OVERRIDES: dict[str, dict[str, str]] = {
    "%E": {"Book": "editor", "Electronic Book": "editor", "Report": "editor"},
    "%Y": {"Book": "collection-editor", "Electronic Book": "collection-editor",
           "Report": "collection-editor"},
}

#: tags whose value is one of many (a continuation line starts another value)
LIST_TAGS: frozenset[str] = frozenset({"%K"})

#: the writer's tag for each generic field (the reverse of ENDNOTE_TAGS, one tag per field)
FIELD_TAGS: dict[str, str] = {field: tag for tag, field in ENDNOTE_TAGS.items()}
#: fields the tagged format has no tag for, written under the nearest tag
FIELD_TAG_FALLBACK: dict[str, str] = {"web-url": "%U", "text-url": "%U", "image-url": "%>",
                                      "alt-periodical/full-title": "%O", "abbr-1": "%O"}

#: the order EndNote writes tags in (type, names, titles, then the rest)
WRITE_ORDER: tuple[str, ...] = (
    "%0", "%A", "%E", "%Y", "%?", "%H", "%T", "%B", "%J", "%S", "%O", "%!", "%Q", "%D", "%8",
    "%V", "%N", "%P", "%7", "%6", "%&", "%I", "%C", "%@", "%R", "%U", "%>", "%[", "%=", "%K",
    "%X", "%Z", "%<", "%9", "%F", "%G", "%L", "%M", "%W", "%~", "%+", "%(", "%)", "%*", "%^",
    "%1", "%2", "%3", "%4", "%#", "%$", "%]",
)
