"""The ``text`` reader: a plain-text reference list in any common style -> items.

Each item keeps the reference as printed (``meta["original-text"]``) and a
confidence in 0..1 (``meta["confidence"]``); with the ``review`` option the
references below :data:`~citeshift.formats.text.parser.REVIEW_THRESHOLD`
are listed as warnings so a person can check them. Every repair made to the
source (a lost page-range dash, glued words) is a warning on its item.

Options: ``input_style`` (a hint: vancouver, nlm, ama, apa, harvard, ieee,
chicago, mla) and ``review`` (true/false).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.formats.text.fields import ListContext
from citeshift.formats.text.parser import REVIEW_THRESHOLD, parse_reference
from citeshift.formats.text.segment import segment
from citeshift.model.item import Item, Origin

#: styles ``input_style`` accepts, and whether they abbreviate page ranges the NLM way
STYLES: dict[str, bool] = {
    "vancouver": True, "nlm": True, "icmje": True, "ama": True,
    "apa": False, "harvard": False, "ieee": False, "chicago": False, "mla": False,
    "nature": False, "elsevier": False, "springer": False,
}

# Formats that must never be taken for a reference list (and that never claim one).
_OTHER_FORMATS = re.compile(
    r"^\s*(?:[\[{<@]|%[A-Z0-9] |TY\s{1,2}-|PMID-|FN |PT |<\?xml)", re.M)
_TAGGED_LINE = re.compile(r"^(?:[A-Z][A-Z0-9]{1,3}\s{0,3}-\s|%[A-Z0-9]\s|[A-Z]{2}\s\S)")
_REFLIKE = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)")
_NAMEISH = re.compile(r"(?:^|\s)[A-Z][\w'’-]+,?\s(?:[A-Z]{1,3}\b|[A-Z]\.)")
_PAGE_RANGE = re.compile(r"(?:[:,]\s?|\bpp?\.\s?)[A-Za-z]?\d+\s?[-–—‐‑]\s?[A-Za-z]?\d+\b")
_URLS = re.compile(r"(?:https?://|www\.|doi:|\b10\.\d{4,9}/)\S+")


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("1", "true", "yes", "on")


#: longest text read as one reference
MAX_REFERENCE_CHARS = 5000


class TextReader(Reader):
    name = "text"
    extensions = (".txt",)
    aliases = ("txt", "references", "reference-list")
    description = "Plain-text reference list (Vancouver, APA, Harvard, IEEE, ...)"

    def sniff(self, head: str) -> float:
        """At most 0.6: any structured format that recognises itself outranks a plain list."""
        stripped = head.lstrip("\ufeff \t\r\n")
        if not stripped or stripped[0] in "[{<@%":
            return 0.0
        lines = [line for line in head.splitlines() if line.strip()]
        if not lines:
            return 0.0
        tagged = sum(1 for line in lines if _TAGGED_LINE.match(line))
        if tagged / len(lines) > 0.2 or _OTHER_FORMATS.match(stripped):
            return 0.0
        reflike = sum(1 for line in lines if _REFLIKE.search(line) and len(line) > 30)
        if reflike == 0:
            return 0.0
        names = sum(1 for line in lines if _NAMEISH.search(line))
        share = reflike / len(lines)
        score = 0.3 + 0.2 * min(1.0, share * 2) + 0.1 * min(1.0, names / max(reflike, 1))
        return round(min(score, 0.6), 3)

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        options = options or {}
        style = str(options.get("input_style") or "").strip().lower() or None
        if style is not None and style not in STYLES:
            report.warning(f"unknown input style {style!r} ignored; known: {', '.join(sorted(STYLES))}",
                           file=name)
            style = None
        review = _truthy(options.get("review", False))
        seg = segment(text)
        for first, last, what in seg.skipped:
            where = f"lines {first}-{last}" if last > first else f"line {first}"
            report.warning(f"{where} skipped, not part of the reference list: {what}",
                           code="text.skipped", file=name, line=first)
        if seg.links_removed:
            report.warning(f"{seg.links_removed} web link labels (\"Google Scholar\", \"Crossref\", ...) "
                           "removed from the references", code="text.skipped", file=name)
        if not seg.references:
            report.warning("no references found in the text", code="text.empty", file=name)
            return
        bare = [_URLS.sub(" ", ref.text) for ref in seg.references]
        dashes_lost = not any(_PAGE_RANGE.search(t) for t in bare)
        ctx = ListContext(dashes_lost=dashes_lost,
                          nlm_ranges=STYLES.get(style, True) if style else True)
        for n, ref in enumerate(seg.references, start=1):
            if len(ref.text) > MAX_REFERENCE_CHARS:
                # No real reference is this long (30 authors and a long title stay under
                # 2,000 characters); labelling it would cost time and memory for nothing.
                report.record_failed(
                    f"a reference of {len(ref.text):,} characters is too long to be one reference "
                    f"(a list pasted without line breaks?); not parsed: {ref.text[:80]!r}",
                    file=name, line=ref.line, record=n)
                continue
            try:
                result = parse_reference(ref.text, ctx, number=ref.number)
            except Exception as exc:  # never lose the list to one reference
                report.record_failed(f"reference could not be parsed ({exc.__class__.__name__}: {exc}): "
                                     f"{ref.text[:80]!r}", file=name, line=ref.line, record=n)
                continue
            number = ref.number or result.citation_number
            item = Item(id=f"ref{number}" if number else f"ref{n}", type=result.type)
            item.origin = Origin(file=name, line=ref.line, record=n, format=self.name)
            for key, value in result.parsed.vars.items():
                item.vars[key] = value  # type: ignore[assignment]
            item.etal = set(result.parsed.etal)
            item.meta["original-text"] = ref.text
            item.meta["confidence"] = result.confidence
            if number:
                item.meta["list-number"] = number
            if style:
                item.meta["input-style"] = style
            for message in result.parsed.repairs:
                report.repair(item, message, code="repair.text")
            for problem in result.parsed.problems:
                report.warning(problem, code="text.normalize", item=item)
            if review and result.confidence < REVIEW_THRESHOLD:
                why = "; ".join(result.weak) or "uncertain labels"
                report.warning(f"review: confidence {result.confidence:.2f} ({why}): {ref.text}",
                               code="text.review", item=item)
            yield item
