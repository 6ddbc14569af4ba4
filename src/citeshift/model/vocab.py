"""The CSL 1.0.2 vocabulary: item types and variables, grouped by value kind.

The kind of a variable decides how its value is held in the model (text,
names, date or number), so every reader and writer looks it up here instead
of keeping its own lists.
"""

from __future__ import annotations

ITEM_TYPES: frozenset[str] = frozenset(
    ["article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage"]
)

NAME_VARIABLES: frozenset[str] = frozenset(
    ["author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor", "curator", "director", "editor", "editorial-director", "editor-translator", "executive-producer", "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator", "translator"]
)

DATE_VARIABLES: frozenset[str] = frozenset(
    ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"]
)

NUMBER_VARIABLES: frozenset[str] = frozenset(
    ["chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number", "issue", "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first", "part-number", "printing-number", "section", "supplement-number", "version", "volume"]
)

STANDARD_VARIABLES: frozenset[str] = frozenset(
    ["abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority", "call-number", "citation-key", "citation-label", "collection-title", "container-title", "container-title-short", "dimensions", "division", "DOI", "event", "event-title", "event-place", "genre", "ISBN", "ISSN", "jurisdiction", "keyword", "language", "license", "medium", "note", "original-publisher", "original-publisher-place", "original-title", "part-title", "PMCID", "PMID", "publisher", "publisher-place", "references", "reviewed-genre", "reviewed-title", "scale", "source", "status", "title", "title-short", "URL", "volume-title", "year-suffix"]
)

#: Keys the CSL-JSON schema accepts on an item besides the variables.
#: ``journalAbbreviation`` and ``shortTitle`` are legacy spellings Zotero still writes.
ITEM_KEYS: frozenset[str] = frozenset(
    ["id", "type", "categories", "custom", "journalAbbreviation", "shortTitle"]
)

TEXT_VARIABLES: frozenset[str] = STANDARD_VARIABLES | NUMBER_VARIABLES
ALL_VARIABLES: frozenset[str] = NAME_VARIABLES | DATE_VARIABLES | TEXT_VARIABLES

#: Legacy keys and the variable they stand for.
LEGACY_ALIASES: dict[str, str] = {
    "journalAbbreviation": "container-title-short",
    "shortTitle": "title-short",
}


def variable_kind(name: str) -> str | None:
    """Return ``"name"``, ``"date"``, ``"number"``, ``"text"`` or None for an unknown key."""
    if name in NAME_VARIABLES:
        return "name"
    if name in DATE_VARIABLES:
        return "date"
    if name in NUMBER_VARIABLES:
        return "number"
    if name in STANDARD_VARIABLES:
        return "text"
    return None
