"""Page ranges: one spelling in the model, whatever the source wrote.

The model holds ranges with a plain hyphen (``913-923``), as Zotero and
citeproc expect; BibTeX's ``--``, en/em dashes and the non-breaking hyphen all
map onto it. Article numbers (``e071828``) and roman or lettered pages
(``S63-S67``, ``xii-xv``) are left alone except for the dash.
"""

from __future__ import annotations

import re

_DASHES = re.compile(r"\s*(?:-{1,3}|[‐‑‒–—―−])\s*")
_RANGE = re.compile(r"^([A-Za-z]*)(\d+)([A-Za-z]*)-([A-Za-z]*)(\d+)([A-Za-z]*)$")


def normalize_dashes(pages: str) -> str:
    """``1--10``, ``1 – 10``, ``1‑10`` -> ``1-10``; lists (``1-3, 7``) keep their commas."""
    return _DASHES.sub("-", pages.strip())


def expand_range(pages: str) -> str:
    """Expand an abbreviated range as NLM writes it: ``913-23`` -> ``913-923``.

    Only when the second number is shorter and smaller than the first would
    read literally (``1-12`` stays as it is; ``S63-7`` -> ``S63-S67``).
    """
    m = _RANGE.match(pages)
    if not m:
        return pages
    pre1, first, post1, pre2, last, post2 = m.groups()
    if len(last) < len(first):
        full = first[: len(first) - len(last)] + last
        if int(full) >= int(first):
            return f"{pre1}{first}{post1}-{pre2 or pre1}{full}{post2}"
    return pages


def split_range(pages: str) -> tuple[str, str | None]:
    """(first, last) of a simple range; last is None for a single page or article number."""
    norm = normalize_dashes(pages)
    if "," in norm:
        norm = norm.split(",", 1)[0].strip()
    first, sep, last = norm.partition("-")
    return first.strip(), (last.strip() or None) if sep else None


def first_page(pages: str) -> str:
    return split_range(pages)[0]
