"""Grammar rules that correct the labeller where a reference's structure is unambiguous.

The CRF sees a window of a few tokens; some facts need the whole reference:

* NLM's locator ``2023;13(9):e071828`` is always date; volume(issue): pages,
  and ``2025:119`` is date: pages (online-first, no volume);
* an author span ends at a sentence end: ``Institute of Medicine Committee
  on ... Institute.`` is one organisation, not an author and half a title;
* a first sentence that names an organisation and is followed by a title
  is the author (``Humber Polytechnic. Micro-credentials [Webpage].``);
* a Vancouver chapter's editors end at ``editors.``; what follows is the
  book title.
"""

from __future__ import annotations

import re

from citeshift.formats.text.names import looks_like_organisation
from citeshift.model.dates import MONTHS

_YEAR_SEMI = re.compile(r"^[(\[]?(?:1[5-9]\d\d|20\d\d)[a-z]?[)\]]?;$")
_YEAR_COLON = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[a-z]?:$")
_YEAR = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[a-z]?$")
_DATE_PART = re.compile(
    r"(?i)^(?:\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|spring|summer|fall|"
    r"autumn|winter)\.?(?:[-–/](?:\d{1,2}|[a-z]{3,4})\.?)?[;]?$"
)
_VOLUME = re.compile(r"^(?:\d+|[IVXLC]+)(?:\s*\([^)]*\))?[.:,]?$")
_VOLUME_OPEN = re.compile(r"^(?:\d+|[IVXLC]+)\s*\([^)]*$")
_PAGES = re.compile(r"^(?:[A-Za-z]{0,3}\d+[A-Za-z]?(?:[-‐‑‒–—―−]+[A-Za-z]{0,3}\d+[A-Za-z]?)?|e\d+)[.,;]?$")
_ENDS_SENTENCE = re.compile(r"[.?!]$")
_EDITORS_END = re.compile(r"(?i)^(?:\(?eds?\.?\)?|editors?|\(editors?\)|\(ed\.?\)|hrsg\.?)[.,;:]?$")
_INITIALS_END = re.compile(r"^[A-Z]{1,3}(?:-[A-Z]{1,2})?\.$")
_VANC_INITIALS_COMMA = re.compile(r"^[A-Z]{1,3}(?:-[A-Z]{1,2})?,$")
#: Month names that are also common words never pull a word after a journal's name into the date:
#: "may" (a title run on: "... Clin Nurs may") and Portuguese "janeiro" ("Rio de Janeiro", a place
#: that ends many Brazilian journal and book entries; AnyStyle's gold set has one).
_NOT_A_MONTH_AFTER_A_JOURNAL = frozenset({"may", "janeiro"})
#: month names (every language of :data:`MONTHS`) that a journal's name is followed by
_MONTH_WORD = re.compile(
    r"(?i)^(?:" + "|".join(sorted((re.escape(name) for name in MONTHS if name not in _NOT_A_MONTH_AFTER_A_JOURNAL),
                                  key=lambda name: (-len(name), name))) + r")\.?,?$")
_PURE_YEAR = re.compile(r"^[(\[]?(?:1[5-9]\d\d|20\d\d)[a-z]?[)\]]?[.,;]?$")
_NO_DATE = re.compile(r"(?i)^\(?(?:n\.?\s?d|nd)\.?\)?[.,;]?$")
_DATEISH = re.compile(
    r"(?i)^[(\[]?(?:\d{1,4}(?:st|nd|rd|th)?|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"spring|summer|fall|autumn|winter|n\.d|nd)\.?[)\].,;:]*$"
)


def _locator(words: list[str], labels: list[str]) -> None:
    n = len(words)
    for i, w in enumerate(words):
        if _YEAR_COLON.match(w) and i + 1 < n and _PAGES.match(words[i + 1]) and i > 0:
            labels[i] = "date"
            labels[i + 1] = "pages"
            continue
        if not w.endswith(";"):
            continue
        # the date: "2023;" or "2021 Jun 1;" or "2010 Sep-Oct;"
        j = i
        while j > 0 and _DATE_PART.match(words[j]) and not _YEAR.match(words[j].rstrip(";")):
            j -= 1
        if not (_YEAR_SEMI.match(words[j]) or (_YEAR.match(words[j]) and j < i)):
            continue
        for k in range(j, i + 1):
            labels[k] = "date"
        # words before the date that the labeller took for it belong to the journal ("Lancet.")
        k = j - 1
        while k >= 0 and labels[k] == "date" and not _DATEISH.match(words[k]):
            labels[k] = "journal"
            k -= 1
        # the volume and issue: "13(9):" / "86 Suppl 1:" / "20(Suppl 2):" / "75:" / "9(4)."
        k = i + 1
        if k >= n or not (_VOLUME.match(words[k]) or _VOLUME_OPEN.match(words[k])):
            continue
        start = k
        while k < n and not re.search(r"[:.,]$", words[k]) and k - start < 4:
            k += 1
        if k >= n:
            continue
        for m in range(start, k + 1):
            labels[m] = "volume"
        if words[k].endswith(":") and k + 1 < n and _PAGES.match(words[k + 1]):
            labels[k + 1] = "pages"


def _author_to_sentence_end(words: list[str], labels: list[str]) -> None:
    """Extend a first author span that stops mid-sentence up to the sentence's end."""
    if not labels or labels[0] not in ("author", "citation-number"):
        return
    i = 0
    while i < len(labels) and labels[i] == "citation-number":
        i += 1
    end = i
    while end < len(labels) and labels[end] == "author":
        end += 1
    if end == i or end >= len(labels):
        return
    if re.search(r"[.,;:)\]]$", words[end - 1]):
        return
    # the authors stopped mid-sentence: extend them through the title to the sentence end
    k = end
    while k < len(labels) and k - end < 12 and labels[k] == "title":
        if _ENDS_SENTENCE.search(words[k]):
            if k + 1 < len(labels) and labels[k + 1] == "title":
                for m in range(end, k + 1):
                    labels[m] = "author"
            return
        k += 1


def _organisation_first(words: list[str], labels: list[str]) -> None:
    """No author, and the title starts with a sentence naming an organisation: that is the author."""
    start = 0
    while start < len(labels) and labels[start] == "citation-number":
        start += 1
    if start >= len(labels) or labels[start] != "title" or "author" in labels:
        return
    k = start
    while k < len(labels) and labels[k] == "title" and k - start < 10:
        if words[k].endswith("."):
            if k + 1 < len(labels) and labels[k + 1] == "title":
                sentence = " ".join(words[start:k + 1])
                if looks_like_organisation(sentence.rstrip(".")):
                    for m in range(start, k + 1):
                        labels[m] = "author"
            return
        k += 1


def _editors_end(words: list[str], labels: list[str]) -> None:
    """After ``editors.`` in an editor span the book title begins."""
    for i, w in enumerate(words):
        if labels[i] == "editor" and _EDITORS_END.match(w) and w.endswith((".", ")", ").", ":")):
            k = i + 1
            while k < len(labels) and labels[k] == "editor":
                labels[k] = "container-title"
                k += 1
            while k < len(labels) and labels[k] == "title":
                labels[k] = "container-title"
                k += 1


def _span_bounds(labels: list[str], label: str) -> tuple[int, int] | None:
    """First run of ``label``: (start, end) with end exclusive."""
    try:
        i = labels.index(label)
    except ValueError:
        return None
    j = i
    while j < len(labels) and labels[j] == label:
        j += 1
    return i, j


def _author_ends(words: list[str], labels: list[str]) -> None:
    """Vancouver authors end at ``et al.`` or at ``Family AB.``; an author list that ends in a comma goes on."""
    bounds = _span_bounds(labels, "author")
    if bounds is None:
        return
    a, b = bounds
    # "..., et al. Cochrane Handbook" -> cut after "al."
    for k in range(a, b - 1):
        if words[k].lower() in ("al.", "al.,", "others.") and k > a and words[k - 1].lower() in ("et", "and"):
            follower = "title" if "title" not in labels[b:] else labels[b] if b < len(labels) else "title"
            for m in range(k + 1, b):
                labels[m] = follower
            return
    # Chicago/MLA "Harari, Yuval Noah. Sapiens: ..." -> the authors end at the given name's period
    if "," in words[a]:
        for k in range(a + 1, b - 1):
            w = words[k]
            if re.fullmatch(r"[A-Z][a-z\u00E0-\u00FF'’-]+\.", w) and w.lower() not in ("al.", "jr.", "sr.") \
                    and words[k + 1].lower() not in ("and", "&") and "," in " ".join(words[a:k]):
                follower = "title" if "title" not in labels[:a] else labels[b] if b < len(labels) else "title"
                for m in range(k + 1, b):
                    labels[m] = follower
                return
    # the rest only for Vancouver names ("Bates DW,"): initials after the family name
    if not any(_VANC_INITIALS_COMMA.match(w) for w in words[a:b + 4]):
        return
    # "Harden SM. Health Educator ..." inside the authors -> cut after the initials
    names_like = all(re.search(r"[,.]$", words[k]) or words[k][:1].isupper() for k in range(a, b))
    for k in range(a + 1, b - 2):
        if (_INITIALS_END.match(words[k]) and words[k - 1][:1].isupper() and "title" in labels[b:]
                and not words[k - 1].endswith(",") and "," in " ".join(words[a:k])):
            rest = words[k + 1:b]
            if not names_like or any(w[:1].islower() for w in rest):
                for m in range(k + 1, b):
                    labels[m] = "title"
                return
    # "Thomas A, Lubarsky S, Durning SJ, | Young ME. Knowledge ..." -> extend to "ME."
    if b < len(labels) and words[b - 1].endswith(",") and labels[b] == "title":
        for k in range(b, min(b + 4, len(labels))):
            if _INITIALS_END.match(words[k]) or words[k].lower() == "al.":
                if all(w[:1].isupper() or w.lower() in ("et", "al.") for w in words[b:k + 1]):
                    for m in range(b, k + 1):
                        labels[m] = "author"
                return


def _title_end(word: str) -> bool:
    """A sentence end that is not an abbreviation of a journal name ("J." "Am." "Chem.")."""
    if re.search(r"[?!][”\"’']?[.,]?$|[”\"’'][.,]$|\.[”\"’']$", word):
        return True
    if not word.endswith("."):
        return False
    core = re.sub(r"\W", "", word)
    return len(core) >= 5 or (core.islower() and len(core) > 1)


def _title_and_journal(words: list[str], labels: list[str]) -> None:
    """Before an NLM locator the last sentence is the journal and the sentences before it the title."""
    # the anchor: NLM's "2021;" or the first volume ("BMJ Open 31, 122", "PLOS ONE 2003, 71 (3)")
    anchors = [i for i, w in enumerate(words)
               if (w.endswith(";") and labels[i] == "date") or labels[i] == "volume"]
    if not anchors:
        return
    j = anchors[0]
    # the date may start a word or two earlier ("2021 Jun 1;", "PLOS ONE 2003, 71")
    while j > 0 and labels[j - 1] == "date":
        j -= 1
    a = j
    while a > 0 and (labels[a - 1] in ("title", "journal", "container-title", "note", "publisher") or (
            labels[a - 1] == "author" and "title" in labels[:a - 1])):
        a -= 1
    if j - a < 2:
        return
    region = labels[a:j]
    ends = [k for k in range(a, j - 1) if _title_end(words[k])]
    if not ends:
        return
    # fine as it is: titles then journal, switching right after a sentence end
    if "title" in region and "journal" in region:
        first_j = a + region.index("journal")
        if all(lab == "title" for lab in labels[a:first_j]) and all(
                lab == "journal" for lab in labels[first_j:j]) and _ENDS_SENTENCE.search(words[first_j - 1]):
            return
    cut = ends[-1] + 1
    if "journal" in region:
        # the labeller saw a journal but started it mid-sentence: move its start to the nearest
        # sentence end ("... for Higher Ed. The Journal of ..."), abbreviations included
        crf_start = a + region.index("journal")
        stops = [k + 1 for k in range(a, j - 1) if re.search(r"[.?!][”\"’']?$", words[k])]
        if stops:
            cut = min(stops, key=lambda c: (abs(c - crf_start), -c))
    for m in range(a, cut):
        labels[m] = "title"
    for m in range(cut, j):
        labels[m] = "journal"


def _dates(words: list[str], labels: list[str]) -> None:
    """``nd`` is a (missing) date; a lone year outside the title is the date when none was found."""
    for i, w in enumerate(words):
        if _NO_DATE.match(w) and labels[i] not in ("title", "url", "doi"):
            labels[i] = "date"
    # a date span that starts with words which are not a date ("Ontario; 2024.") gives them back
    for i, lab in enumerate(labels):
        if lab == "date" and (i == 0 or labels[i - 1] != "date") and i > 0:
            k = i
            while k < len(labels) and labels[k] == "date" and not _DATEISH.match(words[k]):
                k += 1
            if k > i and k < len(labels) and labels[k] == "date":
                for m in range(i, k):
                    labels[m] = labels[i - 1]
    # "Soins Psychiatrie, juillet 2011": month names trailing a journal belong to the date
    for i in range(1, len(words)):
        if labels[i] in ("journal", "container-title") and _MONTH_WORD.match(words[i]) and (
                i + 1 >= len(words) or labels[i + 1] != labels[i]) and labels[i - 1] == labels[i]:
            labels[i] = "date"
    if "date" in labels:
        return
    for i in range(len(words) - 1, -1, -1):
        if _PURE_YEAR.match(words[i]) and labels[i] not in ("title", "url", "doi", "accessed", "pages"):
            labels[i] = "date"
            return


def _in_starts_container(words: list[str], labels: list[str]) -> None:
    """``Title. In Handbook ...`` labelled as one title or container: ``In`` starts the container."""
    for i in range(1, len(words)):
        if words[i] not in ("In", "in", "In:", "in:") or labels[i] not in ("title", "container-title", "journal"):
            continue
        prev = words[i - 1]
        if not (re.search(r"[.?!,][”\"’']?$|[”\"’'][.,]?$", prev) and labels[i - 1] == labels[i]):
            continue
        lab = labels[i]
        k = i
        while k < len(labels) and labels[k] == lab:
            labels[k] = "container-title"
            k += 1
        k = i - 1
        while k >= 0 and labels[k] == lab:
            labels[k] = "title"
            k -= 1
        return


def _quoted_title(words: list[str], labels: list[str]) -> None:
    """A title in quotes ends at the closing quote; what follows in the same span is the container."""
    try:
        a = labels.index("title")
    except ValueError:
        return
    if words[a][:1] not in "\"“‘'«":
        return
    b = a
    while b < len(labels) and labels[b] == "title":
        b += 1
    for k in range(a, b - 1):
        if re.search(r"[”\"’'»][.,:]?$|[.,?!][”\"’'»]$", words[k]):
            for m in range(k + 1, b):
                labels[m] = "container-title"
            return


def _organisation_before_date(words: list[str], labels: list[str]) -> None:
    """Harvard/APA ``Centers for Disease Control (1988) Title``: the words before the date are the author."""
    if "author" in labels or not labels or labels[0] != "title":
        return
    for k, lab in enumerate(labels):
        if lab == "date":
            if 0 < k <= 12 and all(x == "title" for x in labels[:k]) and k + 1 < len(labels) and \
                    labels[k + 1] == "title" and looks_like_organisation(" ".join(words[:k]).rstrip(".,")):
                for m in range(k):
                    labels[m] = "author"
            return
        if lab != "title":
            return


_PAREN_GENRE = re.compile(r"(?i)^[(\[](?:doctoral|master'?s|ph\.?d\.?|unpublished|bachelor'?s|honours|mphil)?\s*"
                          r"(?:thesis|dissertation|report|technical|working|policy|research|nber|issue)")


def _parenthesised_genre(words: list[str], labels: list[str]) -> None:
    """APA ``(Doctoral dissertation, University of Toronto)``, ``[Doctoral dissertation, X]``
    and ``(Report No. 15-0049)``."""
    for i, w in enumerate(words):
        if not w.startswith(("(", "[")):
            continue
        close = ")" if w.startswith("(") else "]"
        j = i
        while j < len(words) and not re.search(rf"\{close}[.,;:]?$", words[j]) and j - i < 12:
            j += 1
        if j >= len(words):
            return
        inner = " ".join(words[i:j + 1])
        if not (_PAREN_GENRE.match(inner) or re.match(r"(?i)^[(\[](?:doctoral|master)", inner)):
            continue
        comma = next((k for k in range(i, j) if words[k].endswith(",")), None)
        for m in range(i, j + 1):
            labels[m] = "genre"
        if comma is not None and re.search(r"(?i)thesis|dissertation", inner):
            for m in range(comma + 1, j + 1):
                labels[m] = "publisher"
            # what follows in the same span is the archive ("ProQuest Dissertations"), a note
            m = j + 1
            while m < len(labels) and labels[m] == "publisher":
                labels[m] = "note"
                m += 1
        return


_REPORT_WORDS = re.compile(r"(?i)^(?:technical|tech\.?|research|working|internal)$")


def _genre(words: list[str], labels: list[str]) -> None:
    """``Technical Report 11,`` / ``Tech. Rep. TR-93-3`` is the genre and number, not title or journal."""
    for i in range(len(words) - 1):
        if _REPORT_WORDS.match(words[i]) and re.match(r"(?i)^(?:report|rep\.?|paper|memo|note)[.,]?$",
                                                       words[i + 1]) and labels[i] != "genre":
            if i > 0 and labels[i - 1] == labels[i] and not _ENDS_SENTENCE.search(words[i - 1]):
                continue  # inside a title ("A technical report on ...")
            k = i + 2
            end = k
            if k < len(words) and re.match(r"(?i)^(?:no\.?|nr\.?)$", words[k]):
                k += 1
            if k < len(words) and re.search(r"\d", words[k]) and len(words[k]) < 15:
                end = k + 1
            for m in range(i, max(end, i + 2)):
                labels[m] = "genre"
            return
    # "...; Report 50; Wiley" / "Title. Report No. 16. Routledge."
    for i in range(1, len(words) - 1):
        if re.fullmatch(r"Report|Memorandum|Memo", words[i]) and re.search(r"[.;,]$", words[i - 1]) and \
                labels[i] != "genre":
            k = i + 1
            if re.fullmatch(r"(?i)no\.?|nr\.?", words[k]) and k + 1 < len(words):
                k += 1
            if re.fullmatch(r"[A-Z]*-?\d[\w./-]*[.,;]?", words[k]):
                for m in range(i, k + 1):
                    labels[m] = "genre"
                return


def _publisher_after_book(words: list[str], labels: list[str]) -> None:
    """After a chapter's book title or page range, the words left are the publisher.

    ``Handbook of X. SAGE; 2005`` and ``Handbook of X (pp. 120–143). SAGE.`` arrive as one
    container or one pages span.
    """
    if "editor" not in labels or "publisher" in labels:
        return
    n = len(words)
    # "(pp. 120–143). SAGE."
    for i in range(n - 1):
        if labels[i] == "pages" and re.search(r"\)[.,]$", words[i]) and labels[i + 1] == "pages":
            k = i + 1
            while k < n and labels[k] == "pages" and not re.search(r"\d", words[k]):
                labels[k] = "publisher"
                k += 1
            return
    # "Handbook of Readmission Achievement After. SAGE;"
    e = max(i for i, lab in enumerate(labels) if lab == "editor")
    if e + 1 >= n or labels[e + 1] != "container-title":
        return
    b = e + 1
    while b < n and labels[b] == "container-title":
        b += 1
    ends = [k for k in range(e + 1, b - 1) if _title_end(words[k])]
    if ends and b - ends[-1] - 1 <= 5 and re.search(r"[;,:]$", words[b - 1]):
        for m in range(ends[-1] + 1, b):
            labels[m] = "publisher" if not words[m].endswith(":") else "location"


def _book_block(words: list[str], labels: list[str]) -> None:
    """A chapter's book part in the forms the labeller mixes up.

    * Nature: ``in Book (eds García, C. & Brennan, F.) 120–143 (SAGE, Thousand Oaks, CA, 2005).``
    * ACS: ``In Book; Zhang, F., ed.; Routledge: London, 1998; pp 5–17.``
    * Chicago: ``In Book, edited by C. García and F. Brennan. SAGE.``
    """
    n = len(words)
    # Nature
    for i, w in enumerate(words):
        if re.fullmatch(r"\((?:eds?|Hrsg|dir|coord)\.?", w):
            j = i
            while j < n and not re.search(r"\)[.,;:]?$", words[j]):
                j += 1
            if j >= n:
                return
            k = i - 1
            while k >= 0 and labels[k] in ("journal", "container-title", "title") and words[k] not in ("in", "In", "In:"):
                labels[k] = "container-title"
                k -= 1
            if k >= 0 and words[k] in ("in", "In", "In:"):
                labels[k] = "container-title"
            for m in range(i, j + 1):
                labels[m] = "editor"
            m = j + 1
            if m < n and _PAGES.match(words[m].rstrip(",")):
                labels[m] = "pages"
                m += 1
            if m < n and words[m].startswith("("):
                e = m
                while e < n and not re.search(r"\)[.,;:]?$", words[e]):
                    e += 1
                if e < n and _PURE_YEAR.match(words[e].strip("().,")):
                    first_comma = next((q for q in range(m, e) if words[q].endswith(",")), e - 1)
                    for q in range(m, first_comma + 1):
                        labels[q] = "publisher"
                    for q in range(first_comma + 1, e):
                        labels[q] = "location"
                    labels[e] = "date"
            return
    # ACS: a container span that starts with "In" and holds "; editors, ed.; Publisher: Place,"
    for i, w in enumerate(words):
        if w != "In" or labels[i] not in ("journal", "container-title"):
            continue
        lab = labels[i]
        b = i
        while b < n and labels[b] == lab:
            b += 1
        semis = [k for k in range(i, b) if words[k].endswith(";")]
        if not semis:
            break
        for m in range(i, semis[0] + 1):
            labels[m] = "container-title"
        start = semis[0] + 1
        for cut in [*semis[1:], b - 1]:
            part = words[start:cut + 1]
            if part and re.fullmatch(r"(?i)eds?\.;?|editors?;?", part[-1].rstrip(",")):
                for m in range(start, cut + 1):
                    labels[m] = "editor"
            elif part:
                colon = next((q for q in range(start, cut + 1) if words[q].endswith(":")), None)
                if colon is not None:
                    for m in range(start, colon + 1):
                        labels[m] = "publisher"
                    for m in range(colon + 1, cut + 1):
                        labels[m] = "location"
                else:
                    for m in range(start, cut + 1):
                        labels[m] = "publisher"
            start = cut + 1
        return
    # Chicago: "edited by C. García and F. Brennan. SAGE."
    for i in range(n - 2):
        if words[i].lower() == "edited" and words[i + 1].lower() == "by":
            for k in range(i + 2, n - 1):
                if re.fullmatch(r"[A-Z][\w'’-]{2,}\.", words[k]) and labels[k + 1] in ("editor", "title", "container-title"):
                    m = k + 1
                    while m < n and labels[m] in ("editor", "title", "container-title") and not re.search(
                            r"\d", words[m]):
                        labels[m] = "publisher"
                        m += 1
                    return
            return


def _publisher_before_year(words: list[str], labels: list[str]) -> None:
    """AMA chapters: ``Handbook. Wiley; 2014`` -- a lone place before ``;`` and the year is the publisher.

    Only for chapters (editors present), which always name a publisher; a report's ``Luxembourg;
    2020`` stays a place.
    """
    if "editor" not in labels:
        return
    for i in range(1, len(words) - 1):
        if labels[i] == "location" and words[i].endswith(";") and labels[i - 1] != "location" and \
                labels[i + 1] == "date" and "publisher" not in labels:
            labels[i] = "publisher"


def _place_in_publisher(words: list[str], labels: list[str]) -> None:
    """``Cambridge University Press``: a place word glued to the publisher without ``:`` is part of it."""
    for i in range(len(words) - 1):
        if labels[i] == "location" and labels[i + 1] == "publisher" and re.fullmatch(r"[\w'’-]+", words[i]) and \
                (i == 0 or labels[i - 1] != "location"):
            labels[i] = "publisher"


def _organisation_before_quote(words: list[str], labels: list[str]) -> None:
    """IEEE ``National Institute of Standards and Technology, “Framework ...,”``: the words
    before the quoted title are its (organisation) author."""
    if "author" in labels:
        return
    start = 0
    while start < len(labels) and labels[start] == "citation-number":
        start += 1
    for k in range(start + 1, min(len(words), start + 15)):
        if words[k][:1] in "“\"" and words[k - 1].endswith(","):
            if all(lab in ("title", "container-title", "journal", "publisher") for lab in labels[start:k]) and \
                    looks_like_organisation(" ".join(words[start:k]).rstrip(",")):
                for m in range(start, k):
                    labels[m] = "author"
            return


_JOURNAL_WORDS = re.compile(r"(?i)\b(?:journal|j|review|rev|annals|ann|bulletin|bull|proceedings|proc|"
                            r"transactions|trans|letters|lett|quarterly|magazine|gazette)\b")


def _nlm_publisher_or_container(words: list[str], labels: list[str]) -> None:
    """NLM punctuation tells a publisher from a journal when there is no volume.

    ``OSF; 2024.`` -- a publisher takes ``;`` before the year; ``University Affairs. 2022.`` -- a
    journal (or magazine) takes ``.``. Only at the end of a reference, with a bare year after.
    """
    n = len(words)
    while n > 0 and labels[n - 1] in ("doi", "url", "skip", "pmid", "pmcid", "accessed", "medium"):
        n -= 1  # identifiers after the year do not change what the year follows
    if n < 3 or not _PURE_YEAR.match(words[n - 1]) or labels[n - 1] != "date" or "volume" in labels \
            or "editor" in labels:
        return
    k = n - 2
    lab = labels[k]
    if lab not in ("journal", "container-title", "publisher"):
        return
    a = k
    while a > 0 and labels[a - 1] == lab:
        a -= 1
    if any(labels[m] == "location" for m in range(max(0, a - 3), a)):
        return  # "Place: Publisher; Year" -- a real publisher, leave it
    span = " ".join(words[a:k + 1])
    if words[k].endswith(";") and lab != "publisher" and not _JOURNAL_WORDS.search(span):
        for m in range(a, k + 1):
            labels[m] = "publisher"
    elif words[k].endswith(".") and lab == "publisher" and a > 0 and labels[a - 1] == "title":
        for m in range(a, k + 1):
            labels[m] = "container-title"


def apply_structure(words: list[str], labels: list[str], *, raise_errors: bool = False) -> list[str]:
    """Apply every rule in order; a failing rule is skipped (``raise_errors`` for tests)."""
    out = list(labels)
    for rule in (_locator, _author_to_sentence_end, _organisation_first, _author_ends,
                 _organisation_before_date, _quoted_title, _in_starts_container,
                 _title_and_journal, _editors_end, _genre, _parenthesised_genre,
                 _publisher_after_book, _book_block, _publisher_before_year, _place_in_publisher,
                 _organisation_before_quote, _dates, _nlm_publisher_or_container):
        try:
            rule(words, out)
        except Exception:  # a rule bug must never lose the reference; the CRF labels stand
            if raise_errors:
                raise
            continue
    return out
