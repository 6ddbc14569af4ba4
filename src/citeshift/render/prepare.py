"""Items as the engines get them: the data handling that keeps both engines right.

Fixes that belong to the data, not to rendered strings:

- **article numbers** such as ``e00345-19`` are not page ranges, but both
  engines read ``X-Y`` as a range and print ``e00345–19``; CSL's escape for a
  literal hyphen (``\\-``) keeps them as they are.
- **journal titles**: ``container-title`` / ``container-title-short`` are
  filled from the journal list (:mod:`citeshift.journals`), as the style needs
  or as ``journal_titles`` asks; titles not in the list are reported once each.
- **sentence case** for titles (``sentence_case``): BibTeX files hold Title
  Case, APA and Vancouver print sentence case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from citeshift import journals
from citeshift.diagnostics import Report
from citeshift.model.item import Item

#: "e00345-19", "e0123-2020": a prefixed article number whose number has a leading zero,
#: or an electronic-article id "e12345-12" (ASM style: number, hyphen, two-digit year)
_ARTICLE_NUMBER = re.compile(r"^(?:[A-Za-z]+0\d*-\d+|e\d{4,}-\d{2})$")
#: English prepositions that style guides (Chicago 8.159, MLA) lowercase in title case however
#: long they are; CSL 1.0.2's stop-word list has only the short ones, so engines that follow
#: it (pandoc) print "Effect of Surgery After Fracture". Our own list, kept to words that are
#: prepositions in titles (no "like", "past", "since", which are often verbs or adverbs).
LONG_PREPOSITIONS = frozenset(["about", "above", "across", "after", "against", "along", "amid", "among", "amongst", "around", "before", "behind", "below", "beneath", "beside", "between", "beyond", "despite", "during", "except", "inside", "onto", "outside", "through", "throughout", "toward", "towards", "under", "underneath", "until", "upon", "versus", "within", "without"])
_WORD = re.compile(r"(?<![\w<>/-])([a-z]+)(?![\w-])")
_SENTENCE_START = re.compile(r"(?:^|[:?!.—]\s*)$")
JOURNAL_TYPES = frozenset({"article-journal", "article", "review", "review-book"})
JOURNAL_MODES = ("full", "abbreviated", "as-is")
_BIBTEX_FORMATS = frozenset({"bibtex", "biblatex"})


_ISSUE_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def issue_range(issue: str, dash: str = "\u2013") -> str:
    """An issue range (``1-2``) spelt with the range delimiter CSL prints (the style's own,
    else the en dash); citeproc-js does this, pandoc and citeproc-py leave it to the data."""
    m = _ISSUE_RANGE.match(issue)
    return f"{m[1]}{dash}{m[2]}" if m else issue


def escape_article_number(page: str) -> str:
    """``e00345-19`` -> ``e00345\\-19``; real ranges (``S63-S67``, ``913-923``) unchanged."""
    return page.replace("-", "\\-") if _ARTICLE_NUMBER.match(page.strip()) else page


_SUFFIX_PERIODS = re.compile(r"^(Jr|Sr)\.$", re.I)


def _bare_suffix(name: dict[str, Any]) -> dict[str, Any]:
    """"Jr." -> "Jr" where the style writes initials without periods: Citing Medicine (NLM)
    and AMA write "King ML Jr" (roman numerals are left alone)."""
    suffix = name.get("suffix")
    if isinstance(suffix, str) and _SUFFIX_PERIODS.match(suffix.strip()):
        return dict(name, suffix=suffix.strip().rstrip("."))
    return name


def protect_prepositions(title: str) -> str:
    """Wrap lower-case long prepositions in ``nocase`` spans so that title casing keeps them
    lower case, as Chicago and MLA want; never the first word or the first after a colon."""
    if "<" in title and "nocase" in title:
        return title  # the title already says what to protect

    def wrap(m: re.Match[str]) -> str:
        word = m[1]
        if word not in LONG_PREPOSITIONS or _SENTENCE_START.search(title[: m.start()]):
            return word
        return f'<span class="nocase">{word}</span>'

    return _WORD.sub(wrap, title)


def _origin_format(item: Item) -> str | None:
    if item.origin is not None and item.origin.format:
        return item.origin.format
    return item.source.format if item.source is not None else None


class Preparer:
    """Turns model items into engine input, collecting what it could not match."""

    def __init__(self, *, journal_titles: str | None,
                 sentence_case: bool | None, report: Report,
                 escape_article_numbers: bool = True, title_case: bool = False,
                 bare_initials: bool = False, dotted_abbreviations: bool = False) -> None:
        if journal_titles not in (None, *JOURNAL_MODES):
            raise ValueError(f"journal_titles must be one of {', '.join(JOURNAL_MODES)}")
        self.mode = journal_titles
        self.sentence_case = sentence_case
        self.report = report
        #: off only when feeding the reference processor, which reads article numbers right
        self.escape_article_numbers = escape_article_numbers
        #: the style title-cases: keep long prepositions lower case
        self.title_case = title_case
        #: the style writes initials without periods, and so name suffixes ("Jr", NLM)
        self.bare_initials = bare_initials
        #: the style prints abbreviations with periods: prefer ISO 4 ("Nat. Med.") to NLM
        self.dotted = dotted_abbreviations
        self.unmatched: dict[str, list[Item]] = defaultdict(list)

    def __call__(self, item: Item) -> dict[str, Any]:
        data = item.to_json()
        data.pop("custom", None)
        page = data.get("page")
        if isinstance(page, str) and self.escape_article_numbers:
            data["page"] = escape_article_number(page)
        for role in sorted(item.etal):
            self.report.warning(f"the source's {role} list ends in \"et al.\"; the names it left "
                                "out cannot be printed, check them against the original",
                                code="render.etal", item=item)
        if item.type in JOURNAL_TYPES and self.mode != "as-is":
            self._journal(item, data)
        if self.bare_initials:
            for key, value in data.items():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    data[key] = [_bare_suffix(n) for n in value]
        if self._wants_sentence_case(item):
            from citeshift.normalize.case import sentence_case

            for var in ("title", "title-short"):
                if isinstance(data.get(var), str):
                    data[var] = sentence_case(data[var])
        if self.title_case:
            for var in ("title", "container-title", "collection-title"):
                if isinstance(data.get(var), str):
                    data[var] = protect_prepositions(data[var])
        return data

    def _wants_sentence_case(self, item: Item) -> bool:
        if self.sentence_case is not None:
            return self.sentence_case
        return _origin_format(item) in _BIBTEX_FORMATS

    def _journal(self, item: Item, data: dict[str, Any]) -> None:
        title = data.get("container-title") or data.get("container-title-short")
        if not isinstance(title, str) or not title.strip():
            return
        journal = journals.lookup(title)
        if journal is None:
            self.unmatched[title].append(item)
            return
        if self.dotted:
            abbrev = journal.iso or journal.nlm or journal.title
        else:
            abbrev = journal.nlm or journal.iso or journal.title
        if self.mode == "abbreviated":
            data["container-title"] = abbrev
            data["container-title-short"] = abbrev
            return
        # "full", and the style's default: the full title, the abbreviation as the short form
        if not data.get("container-title") or journals.is_abbreviation(title):
            data["container-title"] = journal.title
        data.setdefault("container-title-short", abbrev)

    def finish(self) -> None:
        """Report each journal title that is not in the list, once, with how often it occurs."""
        for title, items in sorted(self.unmatched.items()):
            more = f" ({len(items)} entries)" if len(items) > 1 else ""
            self.report.warning(f"journal {title!r} is not in citeshift's journal list; "
                                f"printed as the source gives it{more}",
                                code="journal.unmatched", item=items[0])
