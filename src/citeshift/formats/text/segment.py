"""Find the reference list in a page of text and cut it into references.

Input is whatever a person copied: a whole web page (banner, article title,
"References" heading, the list, then the page footer with the citing
article's own DOI and licence), a PDF extract (references wrapped over
lines, words hyphenated at line ends, ligatures), or a bare list.

* The list starts after the last heading that names it ("References",
  "Bibliography", "Works Cited"...) when there is one.
* Numbered lists (``1.``, ``[1]``, ``1)``, and web copies' doubled ``1. 1``)
  are cut at the numbers, which must run in sequence; lines between numbers
  belong to the reference above.
* Unnumbered lists are cut at blank lines when every paragraph is a
  reference, at hanging indents, or line by line, joining a line to the one
  before when that one stops mid-sentence.
* Text before and after the list is skipped and described, never turned
  into references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citeshift.formats.text.repairs import undo_ligatures

_HEADING = re.compile(
    r"(?i)^\s*(?:\d+\.?\s*)?(?:references?(?:\s+(?:list|cited))?|bibliography|works\s+cited|"
    r"literature\s+cited|cited\s+literature|sources|literatur(?:verzeichnis)?|références|"
    r"bibliographie|referencias|bibliografía|bibliografia|riferimenti|notes\s+and\s+references)"
    r"\s*:?\s*$"
)
#: "1." "[1]" "(1)" "1)" and, from renderers that drop the space, "1Nguyen" (only counted in sequence)
_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,5})\]|\((\d{1,5})\)|(\d{1,5})[.)]|(\d{1,3})(?=[A-Z\u00C0-\u00DE][\w'’]|(?:van|von|de|der|del|da|di|du|le|la|ten|ter)\s))\s*(?=\S)")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
_FOOTER = re.compile(
    r"(?i)(?:^\s*(?:doi|issn|eissn|isbn|language|submitted|accepted|published|received|revised|"
    r"copyright|licen[cs]e|keywords|cite this|how to cite|journal eissn|publication frequency|"
    r"in partnership with|page \d+|downloaded from)\b.*(?::|\|)|©|\bcreative commons\b|"
    r"\ball rights reserved\b|^\s*\d{1,4}\s*$|^\s*page \d+( of \d+)?\s*$)"
)
_TERMINAL = re.compile(r"(?:[.)\]>]|\b10\.\d{4,9}/\S+|https?://\S+|\d)$")
_AUTHOR_START = re.compile(
    r"^\s*(?:(?:van|von|de|der|den|del|della|di|da|du|le|la|dos|das|ten|ter|al|el)\s)*(?:[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,?\s(?:[A-Z]\.|[A-Z]{1,3}(?:-[A-Z]{1,2})?(?:,\s(?=[A-Z\u00C0-\u00DE]|et\s|and\s|&|(?:van|von|de|der|den|del|da|di|du|le|la|ten|ter)\s)|\.?(?:\s|$)))|[A-Z][\w'’\-]+,\s[A-Z](?:[a-z]+|\.)|"
    r"[A-Z]\.\s?(?:[A-Z]\.\s?)?[A-Z][\w'’\-]+|—+|–+|_+)"
)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s|]+")
#: the link labels web pages print after each reference ("Google Scholar", "Crossref", "PubMed")
_LINK_LABELS = (r"(?:Google\s+Scholar|Crossref|CrossRef|PubMed(?:\s+Central)?|PMC|CAS|Web\s+of\s+Science®?|"
                r"Scopus|View\s+in\s+(?:article|Scopus)|Full\s+Text|Free\s+Full\s+Text|Article|Abstract|"
                r"View\s+PDF|Download\s+PDF|Open\s+in\s+a?\s*new\s+tab|Cited\s+by\s*\d*|Medline|ADS|"
                r"Find\s+this\s+author\s+on\s+\S+(?:\s+\S+)?|Search\s+for\s+this\s+author\s+in\s+\S+)")
_LINK_LINE = re.compile(rf"^\s*{_LINK_LABELS}(?:[\s|,;·•]+{_LINK_LABELS})*\s*$")
_TRAILING_LINKS = re.compile(rf"(?:[\s|·•]+(?:{_LINK_LABELS}))+\s*$")
#: a line that starts with the date ("(2005). Title") continues the authors above it
_YEAR_FIRST = re.compile(r"^\s*\(?(?:1[5-9]|20)\d\d[a-z]?\b")
_DATE_FIRST = re.compile(r"^\s*\((?:1[5-9]|20)\d\d[a-z]?\)[.,]?\s")
_ORG_START = re.compile(r"^\s*[A-Z][\w&'’-]+(?:\s(?:[A-Z&][\w&'’-]*|of|for|and|the|on)){0,8}[.,]?\s\(?(?:1[5-9]|20)\d\d\b")


@dataclass(slots=True)
class Segment:
    text: str
    #: 1-based line of the first line of this reference in the input
    line: int
    number: str | None = None


@dataclass
class Segmentation:
    references: list[Segment] = field(default_factory=list)
    #: (first line, last line, description) of text that was not taken as references
    skipped: list[tuple[int, int, str]] = field(default_factory=list)
    mode: str = "lines"
    #: web pages' link labels ("Google Scholar", "Crossref") removed from the references
    links_removed: int = 0


class _Vocabulary:
    """The words of the whole text, to decide whether a hyphen at a line end is real.

    ``micro-\ncredentials`` keeps its hyphen when ``micro-credentials`` occurs elsewhere in the
    text; otherwise the hyphen was the line break's. Built once per text, lazily.
    """

    def __init__(self, doc: str) -> None:
        self.doc = doc
        self._hyphenated: set[str] | None = None

    def hyphenated(self, word: str) -> bool:
        if self._hyphenated is None:
            flat = re.sub(r"-\n\s*", "\x00", self.doc)  # line-end hyphens are not evidence
            self._hyphenated = {w.lower() for w in re.findall(r"\w+-\w+", flat)}
        return word.lower() in self._hyphenated


def _join(parts: list[str], vocab: _Vocabulary) -> str:
    """Join wrapped lines: repair line-end hyphenation, keep URLs and DOIs unbroken."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        last_word = out.rsplit(None, 1)[-1]
        if out.endswith("-") and part[:1].islower():
            head = re.search(r"(\w+)-$", out)
            tail = re.match(r"(\w+)", part)
            if head and tail and vocab.hyphenated(f"{head[1]}-{tail[1]}"):
                out += part  # a real hyphen: "micro-\ncredentials"
            else:
                out = out[:-1] + part  # "hyphen-\nation" -> "hyphenation"
        elif re.match(r"(?i)^(?:https?://|www\.|10\.\d)", last_word) and not re.search(r"[.,;]$", last_word) \
                and re.match(r"^[^\s,;]*[/.%#?=&_\d-][^\s,;]*(?:\s|$)", part) and not re.match(r"^[A-Z][a-z]+\s", part):
            out += part  # a URL or DOI broken at the line end
        elif out.endswith(("/", "-")) and re.match(r"(?i)^(?:https?://|www\.|10\.)", last_word):
            out += part
        else:
            out += " " + part
    return out


def _find_start(lines: list[str]) -> int:
    """Index of the first line after the last list heading that has references after it."""
    start = 0
    for i, line in enumerate(lines):
        if _HEADING.match(line):
            rest = "\n".join(lines[i + 1:i + 8])
            if _YEAR.search(rest):
                start = i + 1
    return start


def _numbered_run(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(line index, number) of the list's numbered lines, in sequence from the first."""
    found: list[tuple[int, int]] = []
    for i in range(start, len(lines)):
        m = _NUMBERED.match(lines[i])
        if m:
            found.append((i, int(m[1] or m[2] or m[3] or m[4])))
    if len(found) < 2:
        return []
    best: list[tuple[int, int]] = []
    for k in range(len(found)):
        run = [found[k]]
        for idx, num in found[k + 1:]:
            # a number may be missing from a copy (k+2), never out of order
            if num in (run[-1][1] + 1, run[-1][1] + 2):
                run.append((idx, num))
        if len(run) > len(best):
            best = run
        if len(best) >= len(found) - k:
            break
    # "(2005)." and "2019." at line starts are years, not a list: a list has 3+ small numbers
    if len(best) < 2 or (len(best) < 3 and len(found) > 2) or all(1500 <= n <= 2100 for _, n in best):
        return []
    return [(i, str(n)) for i, n in best]


def _strip_links(text: str) -> tuple[str, int]:
    """Trailing link labels off a reference; only its tail is searched (linear on any input)."""
    if len(text) <= 300:
        tail, cut = _TRAILING_LINKS.subn("", text)
        return tail, cut
    tail, cut = _TRAILING_LINKS.subn("", text[-300:])
    return text[:-300] + tail, cut


def _starts_reference(line: str) -> bool:
    if re.match(r"\s*(?:In|in)[:\s]", line):
        return False
    return bool(_AUTHOR_START.match(line) or _ORG_START.match(line))


def _looks_like_reference(text: str) -> bool:
    return bool(_YEAR.search(text) or _DOI.search(text) or re.search(r"https?://|\bn\.?d\.", text)) and len(text) >= 20


def _describe(lines: list[str]) -> str:
    text = " / ".join(line.strip() for line in lines if line.strip())
    doi = _DOI.search(text)
    short = text if len(text) <= 100 else text[:97] + "..."
    extra = f"; it holds the DOI {doi.group().rstrip('.,;|')}, taken as the citing document's own" if doi else ""
    return f"{short!r}{extra}"


_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(?:\[(\d{1,5})\]|(\d{1,5})\.)\s+(?=\S)")


def _split_run_on(line: str) -> list[str]:
    """A list pasted as one line (``1. Smith ... 2. Jones ...``) cut at its own numbers.

    Only numbers that run in sequence (n, n+1, n+2, ...) from the start of the line count, so
    "Vol. 2." or a page "12." inside a reference never cuts it.
    """
    if len(line) < 200:
        return [line]
    marks = list(_INLINE_NUMBER.finditer(line))
    if not marks or marks[0].start() > len(line) - len(line.lstrip()):
        return [line]
    first = marks[0]
    bracketed = first[1] is not None
    expected = int(first[1] or first[2]) + 1
    cuts = [first.start()]
    rest = [m for m in marks[1:] if (m[1] is not None) == bracketed]
    while True:
        candidates = [m for m in rest if int(m[1] or m[2]) == expected and m.start() > cuts[-1]]
        if not candidates:
            break
        # "Vol. 2. J Abbr." is not number 2: prefer the one followed by an author
        best = next((m for m in candidates if _starts_reference(line[m.end():])), candidates[0])
        cuts.append(best.start())
        expected += 1
    if len(cuts) < 3:
        return [line]
    return [line[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)]


_BARE_NUMBER = re.compile(r"^\s*(?:\[(\d{1,5})\]|\((\d{1,5})\)|(\d{1,5})[.)])\s*$")


def _number_lines_joined(lines: list[str]) -> list[str]:
    """Web pages that print the list number on a line of its own: ``1.`` then the reference.

    Only numbers that continue the list (1, then 2, ...) count, so a wrapped ``2015.`` or ``12.``
    stays where it is.
    """
    out: list[str] = []
    pending: str | None = None
    last = 0
    for line in lines:
        bare = _BARE_NUMBER.match(line)
        if bare and pending is None and int(bare[1] or bare[2] or bare[3]) == last + 1:
            pending = line.strip()
            last += 1
            continue
        if pending is not None:
            if not line.strip():
                continue
            line = f"{pending} {line.strip()}"
            pending = None
        else:
            numbered = _NUMBERED.match(line)
            if numbered and int(numbered[1] or numbered[2] or numbered[3] or numbered[4]) == last + 1:
                last += 1
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


def segment(text: str) -> Segmentation:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = undo_ligatures(_INVISIBLE.sub("", _SPACES.sub(" ", text)))
    lines = _number_lines_joined([part for line in text.split("\n") for part in _split_run_on(line)])
    vocab = _Vocabulary(text)
    result = Segmentation()
    start = _find_start(lines)
    numbered = _numbered_run(lines, start)
    if numbered:
        result.mode = "numbered"
        first = numbered[0][0]
        if first > 0 and any(line.strip() for line in lines[:first]):
            result.skipped.append((1, first, _describe(lines[:first])))
        bounds = [i for i, _ in numbered] + [len(lines)]
        for k, (i, number) in enumerate(numbered):
            end = bounds[k + 1]
            first_line = lines[i][_NUMBERED.match(lines[i]).end():]
            # web copies double the number: "1. 1Knutsen Glette M"
            if first_line.startswith(number) and first_line[len(number):len(number) + 1].isalpha():
                first_line = first_line[len(number):]
            body = [first_line]
            j = i + 1
            last = k == len(numbered) - 1
            while j < end:
                line = lines[j]
                if not line.strip():
                    if last:
                        break
                    j += 1
                    continue
                if _LINK_LINE.match(line):
                    result.links_removed += 1
                    j += 1
                    continue
                if _FOOTER.search(line):
                    if last:
                        break
                    result.skipped.append((j + 1, j + 1, _describe([line])))
                    j += 1
                    continue
                if last and _TERMINAL.search(body[-1].rstrip()) and not body[-1].rstrip().endswith("-") and \
                        not (line[:1].isspace() and not lines[i][:1].isspace()):
                    break
                body.append(line)
                j += 1
            joined, cut = _strip_links(_join(body, vocab))
            result.links_removed += cut
            result.references.append(Segment(joined, i + 1, number))
            if last and j < len(lines) and any(line.strip() for line in lines[j:]):
                result.skipped.append((j + 1, len(lines), _describe(lines[j:])))
        return result
    # unnumbered
    region = list(range(start, len(lines)))
    if start > 0 and any(line.strip() for line in lines[:start]):
        result.skipped.append((1, start, _describe(lines[:start])))
    links = [i for i in region if _LINK_LINE.match(lines[i])]
    result.links_removed += len(links)
    nonblank = [i for i in region if lines[i].strip() and not _LINK_LINE.match(lines[i])]
    if not nonblank:
        return result
    blocks: list[list[int]] = []
    has_blank_gaps = any(not lines[i].strip() for i in range(nonblank[0], nonblank[-1]))
    indents = [len(lines[i]) - len(lines[i].lstrip()) for i in nonblank]
    hanging = len(set(indents)) > 1 and sum(1 for x in indents if x == min(indents)) >= 2
    paragraphs: list[list[int]] = []
    for i in nonblank:
        if paragraphs and i - 1 >= 0 and paragraphs[-1][-1] == i - 1:
            paragraphs[-1].append(i)
        else:
            paragraphs.append([i])
    if has_blank_gaps and any(len(p) > 1 for p in paragraphs) and all(
            len(p) == 1 or not _AUTHOR_START.match(lines[p[1]]) for p in paragraphs):
        result.mode = "paragraphs"
        blocks = paragraphs
    elif hanging:
        result.mode = "hanging"
        base = min(indents)
        for i in nonblank:
            indent = len(lines[i]) - len(lines[i].lstrip())
            if indent == base or not blocks:
                blocks.append([i])
            else:
                blocks[-1].append(i)
    else:
        result.mode = "lines"
        # when references visibly start with their authors, a line that does not is a wrapped line
        # (only when lines were visibly wrapped: many stop mid-sentence)
        wrapped = sum(1 for i in nonblank if not _TERMINAL.search(lines[i].rstrip())) >= max(2, len(nonblank) // 5)
        strict = wrapped and sum(1 for i in nonblank if _starts_reference(lines[i])) >= max(2, len(nonblank) // 5)
        for i in nonblank:
            prev = lines[blocks[-1][-1]].rstrip() if blocks else ""
            starts_ref = bool((_AUTHOR_START.match(lines[i]) or _ORG_START.match(lines[i]))
                              and _YEAR.search(lines[i]))
            continues = bool(blocks) and blocks[-1][-1] == i - 1 and (
                prev.endswith("-") or bool(_DATE_FIRST.match(lines[i])) or
                (strict and not (_starts_reference(lines[i]) and (
                    _YEAR.search(lines[i]) or (i + 1 < len(lines) and _YEAR_FIRST.match(lines[i + 1]))
                    or not _TERMINAL.search(lines[i].rstrip())))) or
                (not _TERMINAL.search(prev) and not (starts_ref and _YEAR.search(prev))) or
                (lines[i].lstrip()[:1].islower() and not _AUTHOR_START.match(lines[i])))
            if continues:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    # trim what is around the list: leading and trailing blocks that are not references
    def block_text(b: list[int]) -> str:
        return _join([lines[i] for i in b if not _LINK_LINE.match(lines[i])], vocab)

    while blocks and (not _looks_like_reference(block_text(blocks[0])) or _FOOTER.search(lines[blocks[0][0]])):
        b = blocks.pop(0)
        result.skipped.append((b[0] + 1, b[-1] + 1, _describe([lines[i] for i in b])))
    tail: list[list[int]] = []
    while blocks and (not _looks_like_reference(block_text(blocks[-1])) or _FOOTER.search(lines[blocks[-1][0]])):
        tail.insert(0, blocks.pop())
    for b in blocks:
        if _FOOTER.search(lines[b[0]]) and not _looks_like_reference(block_text(b)):
            result.skipped.append((b[0] + 1, b[-1] + 1, _describe([lines[i] for i in b])))
            continue
        joined, cut = _strip_links(block_text(b))
        result.links_removed += cut
        result.references.append(Segment(joined, b[0] + 1, None))
    if tail:
        result.skipped.append((tail[0][0] + 1, tail[-1][-1] + 1,
                               _describe([lines[i] for b in tail for i in b])))
    return result
