"""Pages as printed in a reference list, including the damage copies do to them.

Copying from a web page or PDF often drops the en dash of a range:
``2021;96(6):913–23`` arrives as ``91323``. The split is inferred, not
guessed blindly:

* NLM abbreviates the end page to the digits that change (``913-23``), so
  the end part is never longer than the start part by more than one digit
  (``83-101``) and expands to a page after the start page;
* a journal article spans a plausible number of pages (at most
  :data:`MAX_SPAN`); among the splits left, a start at page 1 (online-first
  articles) wins, then a start under 1000, then an abbreviated end, then the
  smallest start page;
* article numbers are kept: ``e071828``, ``CD011736``, six-digit ``10xxxx``
  (Elsevier), numbers that appear in the DOI (``ijhpm.2024.8461``), and
  publishers that number articles instead of paginating them (BMC, PLoS,
  Frontiers, MDPI, JMIR ... recognised by DOI prefix or journal name).

The repair only runs when the list shows that dashes were lost (no page
field in the whole list kept its dash); each repair is reported.
"""

from __future__ import annotations

import re

from citeshift.normalize.pages import expand_range, normalize_dashes

MAX_SPAN = 50

#: DOI prefixes of publishers whose journals use article numbers
ARTICLE_NUMBER_DOI_PREFIXES: tuple[str, ...] = (
    "10.1186/",  # BioMed Central, SpringerOpen
    "10.1371/",  # PLoS
    "10.3389/",  # Frontiers
    "10.3390/",  # MDPI
    "10.2196/",  # JMIR
    "10.7717/",  # PeerJ
    "10.7554/",  # eLife
    "10.7759/",  # Cureus
    "10.1038/s41598",  # Scientific Reports
    "10.1038/s41467",  # Nature Communications
    "10.1136/bmjopen",
    "10.12688/",  # F1000Research
)
_ARTICLE_NUMBER_JOURNALS = re.compile(
    r"(?i)^(?:BMC\b|PLoS\b|Front\b|Frontiers\b|JMIR\b|Sci Rep\b|Scientific Reports|Nat Commun\b|"
    r"Nature Communications|eLife\b|PeerJ\b|Cureus\b|BMJ Open\b|F1000Res|Int J Environ Res Public Health|"
    r"Sensors\b|Molecules\b|Nutrients\b|Cancers\b|Sustainability\b|Healthcare\b|J Clin Med\b)"
)
_DIGITS = re.compile(r"^([A-Za-z]{0,2})(\d+)$")


def is_article_number(pages: str, *, doi: str | None = None, journal: str | None = None) -> bool:
    """True when a dash-less page value is an article number, not a damaged range."""
    m = _DIGITS.match(pages)
    if not m:
        return True  # e071828-like forms with letters in them, or anything unusual
    prefix, digits = m.groups()
    if prefix.lower() in ("e", "cd", "ar"):
        return True
    if len(digits) >= 6 and digits.startswith("10"):
        return True
    if doi:
        low = doi.lower()
        if low.startswith(ARTICLE_NUMBER_DOI_PREFIXES):
            return True
        if re.search(rf"(?<!\d){re.escape(digits)}(?!\d)", low):
            return True
    return bool(journal and _ARTICLE_NUMBER_JOURNALS.match(journal.strip()))


def split_lost_dash(pages: str, *, abbreviated: bool = True) -> str | None:
    """``91323`` -> ``913-923``; ``S637`` -> ``S63-S67``; None when no split is plausible.

    ``abbreviated=False`` for styles that print the end page whole (APA: ``913-923``).
    """
    m = _DIGITS.match(pages)
    if not m:
        return None
    prefix, digits = m.groups()
    best: tuple[tuple[bool, bool, bool, int], str] | None = None
    for k in range(1, len(digits)):
        first, last = digits[:k], digits[k:]
        if last.startswith("0") or len(last) > len(first) + 1:
            continue
        if not abbreviated and len(last) < len(first):
            continue
        full = first[:len(first) - len(last)] + last if len(last) <= len(first) else last
        start, end = int(first), int(full)
        if start == 0 or end <= start or end - start > MAX_SPAN:
            continue
        # online-first articles start at page 1; pages under 1000 are the common case;
        # then NLM's abbreviated form wins, then the smaller start
        rank = (start != 1, start >= 1000, len(last) > len(first), start)
        if best is None or rank < best[0]:
            best = (rank, f"{prefix}{start}-{prefix}{end}")
    return best[1] if best else None


def has_dash(pages: str) -> bool:
    return bool(re.search(r"[-‐‑‒–—―−]", pages))


def normalize_pages(pages: str) -> tuple[str, str | None]:
    """Dashes normalised and NLM ranges expanded; returns (pages, message-or-None)."""
    text = normalize_dashes(pages.strip().strip(".,;:"))
    text = re.sub(r"^(?:pp?\.|pages?|S\.)\s*", "", text, flags=re.I)
    expanded = ",".join(expand_range(part.strip()) for part in text.split(","))
    if expanded != text:
        return expanded, f"abbreviated page range {text!r} expanded to {expanded!r}"
    return text, None
