"""PubMed XML data tables: publication types, journal-title casing words, article id types.

Kept apart from the reader so that the decisions (which PubMed publication
type wins, which words stay lower case in a journal name) are data, changed
in one place.
"""

from __future__ import annotations

#: PublicationType -> CSL type, in priority order: the first listed type that
#: the record has wins ("Preprint" beats "Journal Article", which PubMed adds to preprints too).
PUBLICATION_TYPES: tuple[tuple[str, str], ...] = (
    ("Preprint", "article"),
    ("Dataset", "dataset"),
    ("Newspaper Article", "article-newspaper"),
    ("Congress", "paper-conference"),
    ("Patent", "patent"),
    ("Legal Case", "legal_case"),
    ("Legislation", "legislation"),
    ("Technical Report", "report"),
    ("Guideline", "article-journal"),
    ("Practice Guideline", "article-journal"),
    ("Review", "article-journal"),
    ("Journal Article", "article-journal"),
)
DEFAULT_TYPE = "article-journal"

#: ArticleId/@IdType -> CSL variable (the rest are kept with the item under their id type)
ARTICLE_IDS: dict[str, str] = {"doi": "DOI", "pmc": "PMCID", "pubmed": "PMID"}

#: words written lower case inside a title-cased journal name (unless first, or after ":" / ".")
SMALL_WORDS: frozenset[str] = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over", "the", "to", "upon", "via", "with", "de", "del", "della", "der", "des", "di", "du", "e", "el", "en", "et", "für", "la", "las", "le", "les", "los", "og", "och", "per", "och", "und", "y", "zur"]
)

#: MEDLINE abstract section labels are upper case; they are kept as written
ABSTRACT_LABEL_SEPARATOR = ": "
