"""MEDLINE/PubMed (``.nbib``) tags and publication types -> CSL, as data.

The same format is exported by PubMed ("Citation manager") and by ERIC, which
uses a few tags differently (``JT`` is the publisher of a report or book,
``ISBN - ISBN-978…``); where the two differ the table says so.
"""

from __future__ import annotations

#: Simple tag -> CSL variable. Tags handled by the reader itself (names, dates, ids,
#: pages, types) are not listed; anything neither here nor handled is kept with the item.
TEXT_TAGS: dict[str, str] = {
    "TI": "title",
    "BTI": "title",  # book title; becomes container-title when TI is a chapter title
    "AB": "abstract",
    "JT": "container-title",
    "TA": "container-title-short",
    "VI": "volume",
    "IP": "issue",
    "LA": "language",
    "PB": "publisher",
    "EN": "edition",
    "CTI": "collection-title",
    "VTI": "volume-title",
    "CI": "license",
    "GN": "note",
}

#: Name tags: full form, short form (used only when the full one is missing), CSL role.
NAME_TAGS: tuple[tuple[str, str, str], ...] = (
    ("FAU", "AU", "author"),
    ("FED", "ED", "editor"),
)
#: Corporate (collective) authors.
CORPORATE_TAG = "CN"

#: Keyword tags (MeSH headings and author keywords).
KEYWORD_TAGS: tuple[str, ...] = ("OT", "MH", "KW")

#: ``PT`` values -> CSL type, most specific first: the first that matches any PT wins.
#: Matching is on the start of the value, case-insensitive (ERIC adds " - Research").
PUBLICATION_TYPES: tuple[tuple[str, str], ...] = (
    ("book chapter", "chapter"),
    ("dissertations/theses", "thesis"),
    ("dissertation", "thesis"),
    ("books", "book"),
    ("book", "book"),
    ("dataset", "dataset"),
    ("preprint", "article"),
    ("newspaper article", "article-newspaper"),
    ("congress", "paper-conference"),
    ("journal article", "article-journal"),  # before ERIC's "Reports - Research" on articles
    ("reports", "report"),
    ("technical report", "report"),
    ("guideline", "report"),
    ("legal case", "legal_case"),
    ("legislation", "legislation"),
    ("patent", "patent"),
    ("webcast", "broadcast"),
    ("video-audio media", "motion_picture"),
)
DEFAULT_TYPE = "article-journal"

#: Types whose ``PL`` is the place of publication; for a journal it is the journal's country.
PLACE_TYPES: frozenset[str] = frozenset({"book", "chapter", "report", "thesis"})

#: Location ids: ``10.1/x [doi]``, ``S0033-3506(15)00037-2 [pii]``.
ID_TAGS: tuple[str, ...] = ("LID", "AID")

#: Types for which ERIC's JT names the publisher rather than a journal.
ERIC_JT_IS_PUBLISHER: frozenset[str] = frozenset({"report", "book", "thesis", "chapter"})
