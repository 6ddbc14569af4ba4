"""Parse one reference string into CSL variables, a type and a confidence.

The steps, each in its own module: text repairs -> tokens -> CRF labels ->
rules for certain tokens -> structural grammar -> spans -> normalizers ->
type inference. Nothing here knows about files or lists; the reader adds
the list context (:class:`~citeshift.formats.text.fields.ListContext`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citeshift.formats.text import labeller
from citeshift.formats.text.fields import ListContext, Parsed, Span, normalize
from citeshift.formats.text.repairs import repair_reference
from citeshift.formats.text.structure import apply_structure
from citeshift.formats.text.tokens import tokenize
from citeshift.formats.text.types import infer_type

#: below this confidence a reference is listed by ``--review``
REVIEW_THRESHOLD = 0.8

_NUMBER = re.compile(r"^\s*(?:\[(\d{1,5})\]|\((\d{1,5})\)|(\d{1,5})[.)]\s*(?:\d{1,5}(?=[A-Z\[]))?)\s*")


@dataclass
class ParseResult:
    text: str
    type: str
    parsed: Parsed
    spans: list[Span]
    confidence: float
    citation_number: str | None = None
    weak: list[str] = field(default_factory=list)


def strip_number(text: str) -> tuple[str, str | None]:
    """``1. 1Knutsen`` / ``[12]`` / ``3)`` at the start -> (rest, number)."""
    m = _NUMBER.match(text)
    if not m:
        return text, None
    number = m[1] or m[2] or m[3]
    rest = text[m.end():]
    # the doubled number of web copies: "1. 1Knutsen" -> the second "1" glued to the name
    if m[3] and rest[:len(number)] == number and rest[len(number):len(number) + 1].isalpha():
        rest = rest[len(number):]
    return rest, number


def to_spans(text: str, labelled: list[labeller.Labelled], labels: list[str]) -> list[Span]:
    spans: list[Span] = []
    for lab, lt in zip(labels, labelled, strict=True):
        tok = lt.token
        if spans and spans[-1].label == lab:
            last = spans[-1]
            last.end = tok.end
            last.text = text[last.start:tok.end]
            last.confidence = min(last.confidence, lt.confidence)
        else:
            spans.append(Span(lab, tok.text, tok.start, tok.end, lt.confidence))
    return spans


def parse_reference(text: str, ctx: ListContext | None = None, *,
                    number: str | None = None) -> ParseResult:
    """Parse one reference; ``number`` given means the list number was already cut off."""
    original = text
    body = text
    if number is None:
        body, number = strip_number(text)
    body = re.sub(r"\s+", " ", body).strip()  # also bounds every regex's work on odd input
    body, repairs = repair_reference(body)
    tokens = tokenize(body)
    labelled = labeller.label(tokens)
    words = [t.text for t in tokens]
    labels = apply_structure(words, [lt.label for lt in labelled])
    for lt, lab in zip(labelled, labels, strict=True):
        if lab != lt.label:
            lt.confidence = max(lt.confidence, 0.9)
    spans = to_spans(body, labelled, labels)
    parsed = normalize(spans, ctx)
    parsed.repairs[:0] = repairs
    ctype = infer_type(parsed)
    weak: list[str] = []
    for span in spans:
        if span.confidence < 0.6 and span.label not in ("skip", "citation-number"):
            weak.append(f"{span.label} {span.text!r} ({span.confidence:.2f})")
    conf = sum(lt.confidence for lt in labelled) / len(labelled) if labelled else 0.0
    if "title" not in parsed.vars:
        conf *= 0.6
        weak.append("no title found")
    if "issued" not in parsed.vars and "no-date" not in parsed.evidence:
        conf *= 0.85
        weak.append("no date found")
    if "author" not in parsed.vars and "editor" not in parsed.vars and ctype != "webpage":
        conf *= 0.85
        weak.append("no author found")
    if parsed.problems:
        conf *= 0.7
    return ParseResult(original, ctype, parsed, spans, round(conf, 3), number, weak)
