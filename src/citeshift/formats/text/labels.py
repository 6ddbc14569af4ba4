"""The labeller's label set, and how AnyStyle's training labels map onto it.

Labels name *spans* of a reference (``author``, ``date``, ``volume``...); the
normalizers in :mod:`citeshift.formats.text.fields` turn spans into CSL
variables. A few labels never come from the model but from deterministic
rules that are surer than any statistics (``accessed``, ``pmid``, ``pmcid``,
``skip`` for "Available from:"), see :mod:`citeshift.formats.text.labeller`.
"""

from __future__ import annotations

#: AnyStyle labels folded into ours (rare roles are authors for our purpose; "source" is a note)
_TRAINING_MAP: dict[str, str] = {
    "director": "author",
    "producer": "author",
    "source": "note",
}

LABELS: tuple[str, ...] = (
    "citation-number", "author", "editor", "translator", "title", "journal", "container-title",
    "collection-title", "edition", "volume", "pages", "date", "publisher", "location", "genre",
    "medium", "note", "url", "doi", "isbn",
    # rule-only labels
    "accessed", "pmid", "pmcid", "arxiv", "skip",
)


def training_label(label: str) -> str:
    return _TRAINING_MAP.get(label, label)
