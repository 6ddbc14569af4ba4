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

import bisect
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


def _ends_reference(line: str) -> bool:
    """Whether ``line`` ends as a reference does (a full stop, a DOI or URL, a number).

    Only the last word is searched: :data:`_TERMINAL` searched over a whole line backtracks from
    every "10.1234/" or "http://" in it to the line's end, quadratic on a line of them.
    """
    words = line.rsplit(None, 1)
    return bool(words) and bool(_TERMINAL.search(words[-1]))
_AUTHOR_START = re.compile(
    r"^\s*(?:(?:van|von|de|der|den|del|della|di|da|du|le|la|dos|das|ten|ter|al|el)\s)*(?:[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,?\s(?:[A-Z]\.|[A-Z]{1,3}(?:-[A-Z]{1,2})?(?:,\s(?=[A-Z\u00C0-\u00DE]|et\s|and\s|&|(?:van|von|de|der|den|del|da|di|du|le|la|ten|ter)\s)|\.?(?:\s|$)))|[A-Z][\w'’\-]+,\s[A-Z](?:[a-z]+|\.)|"
    r"[A-Z]\.\s?(?:[A-Z]\.\s?)?[A-Z][\w'’\-]+|—+|–+|_+)"
)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s|]+")
#: the link labels web pages print after each reference ("Google Scholar", "Crossref", "PubMed")
_FIXED_LINK_LABELS = (r"Google\s+Scholar|Crossref|CrossRef|PubMed(?:\s+Central)?|PMC|CAS|Web\s+of\s+Science®?|"
                      r"Scopus|View\s+in\s+(?:article|Scopus)|Full\s+Text|Free\s+Full\s+Text|Article|Abstract|"
                      r"View\s+PDF|Download\s+PDF|Open\s+in\s+(?:a\s+)?new\s+tab|Cited\s+by\s*\d*|Medline|ADS")
#: what may stand between labels on a line of their own, and after a reference
_LINK_SEPARATORS = r"\s|,;·•"
_TRAILING_SEPARATORS = r"\s|·•"
#: a site's name: one whole word, up to a space; it cannot end inside the word, so it has one reading
_LINK_WORD = r"\S+(?=\s|$)"


def _link_labels(separators: str) -> str:
    """Any one link label, as a regex that reads a line of labels in one way only.

    With two readings ("Find this author on PMC PMC": a site name and the label PMC, or a
    two-word site name) a line of n such labels has 2**n, and a backtracking regex tries them all
    before it fails (minutes for one 700-character line). So a label's inner spaces are fixed, and
    the site name's optional second word is never a label that the ``separators`` could follow.
    """
    return (rf"(?:{_FIXED_LINK_LABELS}|"
            rf"Find\s+this\s+author\s+on\s+{_LINK_WORD}"
            rf"(?:\s+(?!(?:{_FIXED_LINK_LABELS})(?![^{separators}])){_LINK_WORD})?|"
            rf"Search\s+for\s+this\s+author\s+in\s+{_LINK_WORD})")


_LINK_LINE = re.compile(rf"^\s*{_link_labels(_LINK_SEPARATORS)}(?:[{_LINK_SEPARATORS}]+"
                        rf"{_link_labels(_LINK_SEPARATORS)})*\s*$")
# (entered only at the start of a run of separators: a search from each space of a long run was quadratic)
_TRAILING_LINKS = re.compile(rf"(?<![{_TRAILING_SEPARATORS}])"
                             rf"(?:[{_TRAILING_SEPARATORS}]+(?:{_link_labels(_TRAILING_SEPARATORS)}))+\s*$")
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


#: longest hyphenated word the vocabulary keeps; longer runs are no words ("a-b-c-..." noise)
_MAX_HYPHENATED = 100
#: characters of the joined text's end that :class:`_Joiner` keeps at hand
_TAIL = _MAX_HYPHENATED + 2
_URL_START = re.compile(r"(?i)^(?:https?://|www\.|10\.\d)")
_URL_CONTINUES = re.compile(r"^[^\s,;]*[/.%#?=&_\d-][^\s,;]*(?:\s|$)")
_CAPITALISED_WORD = re.compile(r"^[A-Z][a-z]+\s")
_HEAD_WORD = re.compile(r"(?<!\w)(\w+)-$")
_TAIL_WORD = re.compile(r"(\w+)")
_URL_OR_DOI_START = re.compile(r"(?i)^(?:https?://|www\.|10\.)")


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
            self._hyphenated = {w.lower() for w in re.findall(r"\w+-\w+", flat)
                                if len(w) <= _MAX_HYPHENATED}
        return len(word) <= _MAX_HYPHENATED and word.lower() in self._hyphenated


class _Joiner:
    """Wrapped lines joined into one reference, in time linear in their length.

    Each decision looks only at the end of what is joined so far: its last characters
    (:data:`_TAIL`) and the start of its last word. Keeping those at hand, instead of searching
    the whole joined text again for each line, is what keeps a "reference" of 100,000 lines (a
    pathological file) from taking quadratic time.
    """

    def __init__(self, vocab: _Vocabulary) -> None:
        self.vocab = vocab
        self.pieces: list[str] = []
        #: the last ``_TAIL`` characters of the joined text
        self.tail = ""
        #: the first characters of the joined text's last word (enough for :data:`_URL_START`)
        self.word_start = ""
        self.word_len = 0

    def _append(self, part: str, *, space: bool) -> None:
        if space:
            self.pieces.append(" ")
        self.pieces.append(part)
        last_word = part.rsplit(None, 1)[-1]
        if space or len(last_word) < len(part):
            self.word_start, self.word_len = last_word[:16], len(last_word)
        else:  # glued on: the last word goes on
            self.word_start = (self.word_start + part[:16])[:16]
            self.word_len += len(part)
        self.tail = (self.tail + (" " if space else "") + part[-_TAIL:])[-_TAIL:]

    def _drop_last_char(self) -> None:
        self.pieces[-1] = self.pieces[-1][:-1]
        self.tail = self.tail[:-1]
        self.word_len -= 1
        self.word_start = self.word_start[:self.word_len]

    def add(self, part: str) -> None:
        part = part.strip()
        if not part:
            return
        if not self.pieces:
            self._append(part, space=False)
            return
        end = self.tail[-1]
        if end == "-" and part[:1].islower():
            # a word run filling the whole tail makes a word longer than the vocabulary keeps
            head = _HEAD_WORD.search(self.tail)
            tail = _TAIL_WORD.match(part)
            if not (head and tail and self.vocab.hyphenated(f"{head[1]}-{tail[1]}")):
                self._drop_last_char()  # "hyphen-\nation" -> "hyphenation"
            self._append(part, space=False)  # else a real hyphen: "micro-\ncredentials"
        elif _URL_START.match(self.word_start) and end not in ".,;" and _URL_CONTINUES.match(part) \
                and not _CAPITALISED_WORD.match(part):
            self._append(part, space=False)  # a URL or DOI broken at the line end
        elif end in "/-" and _URL_OR_DOI_START.match(self.word_start):
            self._append(part, space=False)
        else:
            self._append(part, space=True)

    def text(self) -> str:
        return "".join(self.pieces)


def _join(parts: list[str], vocab: _Vocabulary) -> str:
    """Join wrapped lines: repair line-end hyphenation, keep URLs and DOIs unbroken."""
    joiner = _Joiner(vocab)
    for part in parts:
        joiner.add(part)
    return joiner.text()


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
    # The run from each numbered line takes, after each member, the first later line numbered one
    # or two more (a number may be missing from a copy, never out of order). Those successors,
    # found from the end backwards, give every run's length at once: the longest run, the first
    # one on a tie, in linear time (trying each start in turn was quadratic on 10,000s of "1.").
    successor: list[int | None] = [None] * len(found)
    length = [1] * len(found)
    first_at: dict[int, int] = {}
    for k in range(len(found) - 1, -1, -1):
        num = found[k][1]
        after = [first_at[n] for n in (num + 1, num + 2) if n in first_at]
        if after:
            successor[k] = min(after)
            length[k] = 1 + length[successor[k]]
        first_at[num] = k
    top = max(length)
    at: int | None = length.index(top)
    best: list[tuple[int, int]] = []
    while at is not None:
        best.append(found[at])
        at = successor[at]
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


#: characters after an inline number in which a reference's start (its authors) is looked for
_LOOKAHEAD = 300


def _split_run_on(line: str) -> list[str]:
    """A list pasted as one line (``1. Smith ... 2. Jones ...``) cut at its own numbers.

    Only numbers that run in sequence (n, n+1, n+2, ...) from the start of the line count, so
    "Vol. 2." or a page "12." inside a reference never cuts it.
    """
    if len(line) < 200:
        return [line]
    marks = _INLINE_NUMBER.finditer(line)
    first = next(marks, None)
    if first is None or first.start() > len(line) - len(line.lstrip()):
        return [line]
    bracketed = first[1] is not None
    expected = int(first[1] or first[2]) + 1
    cuts = [first.start()]
    # only later numbers can continue the list: a line of 3 million "1. " keeps none of them
    by_number: dict[int, list[re.Match[str]]] = {}
    for m in marks:
        if (m[1] is not None) == bracketed and (number := int(m[1] or m[2])) >= expected:
            by_number.setdefault(number, []).append(m)
    # each number is looked up once, each mark tried once: linear in the marks
    while True:
        same = by_number.get(expected, [])
        candidates = same[bisect.bisect_right([m.start() for m in same], cuts[-1]):]
        if not candidates:
            break
        # "Vol. 2. J Abbr." is not number 2: prefer the one followed by an author
        best = next((m for m in candidates if _starts_reference(line[m.end():m.end() + _LOOKAHEAD])),
                    candidates[0])
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
                if last and _ends_reference(body[-1].rstrip()) and not body[-1].rstrip().endswith("-") and \
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
    links = {i for i in region if _LINK_LINE.match(lines[i])}
    result.links_removed += len(links)
    nonblank = [i for i in region if lines[i].strip() and i not in links]
    if not nonblank:
        return result
    blocks: list[list[int]] = []
    has_blank_gaps = any(not lines[i].strip() for i in range(nonblank[0], nonblank[-1]))
    indents = [len(lines[i]) - len(lines[i].lstrip()) for i in nonblank]
    base = min(indents)
    hanging = len(set(indents)) > 1 and indents.count(base) >= 2
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
        wrapped = sum(1 for i in nonblank if not _ends_reference(lines[i].rstrip())) >= max(2, len(nonblank) // 5)
        strict = wrapped and sum(1 for i in nonblank if _starts_reference(lines[i])) >= max(2, len(nonblank) // 5)
        for i in nonblank:
            prev = lines[blocks[-1][-1]].rstrip() if blocks else ""
            starts_ref = bool((_AUTHOR_START.match(lines[i]) or _ORG_START.match(lines[i]))
                              and _YEAR.search(lines[i]))
            continues = bool(blocks) and blocks[-1][-1] == i - 1 and (
                prev.endswith("-") or bool(_DATE_FIRST.match(lines[i])) or
                (strict and not (_starts_reference(lines[i]) and (
                    _YEAR.search(lines[i]) or (i + 1 < len(lines) and _YEAR_FIRST.match(lines[i + 1]))
                    or not _ends_reference(lines[i].rstrip())))) or
                (not _ends_reference(prev) and not (starts_ref and _YEAR.search(prev))) or
                (lines[i].lstrip()[:1].islower() and not _AUTHOR_START.match(lines[i])))
            if continues:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    # trim what is around the list: leading and trailing blocks that are not references
    joined_blocks: dict[int, str] = {}  # each block joined once (a 10 MB block was joined 3 times)

    def block_text(b: list[int]) -> str:
        if b[0] not in joined_blocks:
            joined_blocks[b[0]] = _join([lines[i] for i in b], vocab)
        return joined_blocks[b[0]]

    def around(b: list[int]) -> bool:
        return not _looks_like_reference(block_text(b)) or bool(_FOOTER.search(lines[b[0]]))

    first, stop = 0, len(blocks)  # indices, not pop(0): thousands of blocks stay linear
    while first < stop and around(blocks[first]):
        b = blocks[first]
        result.skipped.append((b[0] + 1, b[-1] + 1, _describe([lines[i] for i in b])))
        first += 1
    while stop > first and around(blocks[stop - 1]):
        stop -= 1
    tail = blocks[stop:]
    for b in blocks[first:stop]:
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
