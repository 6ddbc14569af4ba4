"""PubMed XML reader (``<PubmedArticleSet>`` from PubMed's "XML" download or E-utilities efetch).

Reads ``PubmedArticle`` (journal articles and preprints) and
``PubmedBookArticle`` (NCBI Bookshelf books and chapters). MEDLINE's data
conventions are undone where they would show in a bibliography: the period
MEDLINE adds to every title is dropped, abbreviated page ranges are expanded
(``132-42`` -> ``132-142``), the periods MEDLINE strips from initials are put
back (``Peter O`` -> ``Peter O.``), and the NLM catalogue's sentence-case
journal names are title-cased (``Nature chemical biology`` -> ``Nature
Chemical Biology``, the form CSL styles expect; ``-O pubmed-journal-case=as-is``
keeps them) with the place qualifier moved out (``Arthritis & rheumatology
(Hoboken, N.J.)``). Parsing is safe: no network, no DTD, no entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from citeshift.diagnostics import Report
from citeshift.formats import xmlsafe
from citeshift.formats.base import Options, Reader
from citeshift.formats.pubmed_xml import mapping
from citeshift.model.dates import MONTHS, SEASONS, Date, parse_date
from citeshift.model.item import Item, Origin, SourceRecord
from citeshift.model.names import Name
from citeshift.normalize.identifiers import clean_doi, clean_pmcid, is_doi
from citeshift.normalize.pages import expand_range, normalize_dashes

FORMAT = "pubmed-xml"
_SNIFF = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?(?:<!--.*?-->\s*)*<Pubmed(?:Article|BookArticle)?Set\b",
                    re.S)
_RANGE_TOKEN = re.compile(r"[A-Za-z]*\d+[A-Za-z]*-[A-Za-z]*\d+[A-Za-z]*")
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")
ROOT_TAGS = ("PubmedArticleSet", "PubmedBookArticleSet")
_OPENING = re.compile(r"<(PubmedArticle|PubmedBookArticle)>")
_INLINE = {"i": "i", "b": "b", "sup": "sup", "sub": "sub"}
_QUALIFIER = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_INITIAL = re.compile(r"^[A-Z](?:-[A-Z])*$")


def inline_text(el: etree._Element | None) -> str:
    """Element text with PubMed's inline tags (``<i>``, ``<sup>``, ...) as CSL markup."""
    if el is None:
        return ""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            inner = inline_text(child)
            tag = _INLINE.get(child.tag)
            out.append(f"<{tag}>{inner}</{tag}>" if tag and inner else inner)
        out.append(child.tail or "")
    return " ".join("".join(out).split())


def _text(el: etree._Element | None, path: str) -> str:
    found = el.find(path) if el is not None else None
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def strip_title(title: str) -> str:
    """Drop MEDLINE's added final period and the brackets around translated titles."""
    title = title.strip()
    if title.endswith(".") and not title.endswith("..") and not re.search(r"\b[A-Za-z]\.$", title[-3:]):
        title = title[:-1]
    if title.startswith("[") and title.endswith("]") and title.count("[") == 1:
        title = title[1:-1]
    return title.strip()


def title_case_journal(title: str) -> str:
    """NLM's sentence-case journal name in title case; words with capitals are left alone."""
    title = re.sub(r"\s+:\s*", ": ", title)
    words = title.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip("(),.;:&'\"")
        lead = i == 0 or (out and out[-1].endswith((":", ".")))
        keep = not bare or any(c.isupper() for c in bare) or not bare[0].isalpha()
        if keep or (bare.casefold() in mapping.SMALL_WORDS and not lead):
            out.append(word)
        else:
            k = word.index(bare[0])
            out.append(word[:k] + word[k].upper() + word[k + 1:])
    return " ".join(out)


def _given(fore: str, initials: str) -> str | None:
    """ForeName with periods put back after bare initials (``Peter O`` -> ``Peter O.``)."""
    if not fore and initials:
        return " ".join(f"{c}." for c in initials if c.isalpha()) or None
    words = [w.replace("-", ".-") + "." if _INITIAL.match(w) else w for w in fore.split()]
    return " ".join(words) or None


def _names(author_list: etree._Element | None, item: Item) -> list[Name]:
    names: list[Name] = []
    if author_list is None:
        return names
    for au in author_list.findall("Author"):
        if au.get("ValidYN") == "N":
            item.add_source_field(FORMAT, "invalid-author", " ".join("".join(au.itertext()).split()))
            continue
        collective = inline_text(au.find("CollectiveName"))
        if collective:
            names.append(Name(literal=collective))
        else:
            last = _text(au, "LastName")
            if not last:
                continue
            names.append(Name(family=last, given=_given(_text(au, "ForeName"), _text(au, "Initials")),
                              suffix=_text(au, "Suffix") or None))
        display = names[-1].display()
        if au.get("EqualContrib") == "Y":
            item.meta.setdefault("equal-contrib", []).append(display)
        for ident in au.findall("Identifier"):
            if (ident.get("Source") or "").upper() == "ORCID" and ident.text:
                item.meta.setdefault("orcid", {})[display] = ident.text.strip()
        for aff in au.findall("AffiliationInfo/Affiliation"):
            item.add_source_field(FORMAT, "AD", f"{display}: {' '.join(''.join(aff.itertext()).split())}")
    return names


_MEDLINE_RANGE = re.compile(r"^(\d{4})\s+([A-Za-z]{3})[a-z]*\s*-\s*(\d{4})\s+([A-Za-z]{3})[a-z]*$")


def _month(text: str) -> int | None:
    mo = int(text) if text.isdecimal() and len(text) <= 2 else MONTHS.get(text.casefold().rstrip("."))
    return mo if mo and 1 <= mo <= 12 else None


def _medline_date(text: str) -> Date | None:
    """MedlineDate spellings :func:`parse_date` does not know: ``1998 Dec-1999 Jan``."""
    m = _MEDLINE_RANGE.match(text)
    if m:
        a, b = _month(m.group(2)), _month(m.group(4))
        if a and b:
            return Date(parts=[[int(m.group(1)), a], [int(m.group(3)), b]])
    return parse_date(text)


def _date(pub: etree._Element | None) -> Date | None:
    """PubDate: Year/Month/Day, a Season, or a MedlineDate such as ``1998 Dec-1999 Jan``."""
    if pub is None:
        return None
    medline = _text(pub, "MedlineDate")
    if medline:
        parsed = _medline_date(medline)
        if parsed is None:
            m = re.match(r"\s*(\d{4})", medline)
            parsed = Date(parts=[[int(m.group(1))]], raw=medline) if m else Date(literal=medline)
        return parsed
    year = _text(pub, "Year")
    if not year.isdecimal() or len(year) > 4:  # int() of thousands of digits raises
        return None
    row = [int(year)]
    month = _text(pub, "Month")
    if "-" in month:  # "Sep-Oct": a range within the year
        a, b = (_month(p.strip()) for p in month.split("-", 1))
        if a and b:
            return Date(parts=[[int(year), a], [int(year), b]])
    mo = _month(month)
    if mo:
        row.append(mo)
        day = _text(pub, "Day")
        if day.isdecimal() and len(day) <= 2 and 1 <= int(day) <= 31:
            row.append(int(day))
    date = Date(parts=[row])
    season = _text(pub, "Season")
    if season and season.casefold() in SEASONS:
        date.season = SEASONS[season.casefold()]
    return date


def _pages(pagination: etree._Element | None) -> str | None:
    if pagination is None:
        return None
    pgn = _text(pagination, "MedlinePgn")
    if pgn:
        # each range of a list ("S63-7; discussion S68") is expanded where it stands
        return _RANGE_TOKEN.sub(lambda m: expand_range(m.group(0)), normalize_dashes(pgn))
    start, end = _text(pagination, "StartPage"), _text(pagination, "EndPage")
    if start:
        return f"{start}-{end}" if end and end != start else start
    return None


def _abstract(abstract: etree._Element | None) -> str | None:
    if abstract is None:
        return None
    parts = []
    for at in abstract.findall("AbstractText"):
        text = inline_text(at)
        label = at.get("Label")
        if label and label.upper() != "UNLABELLED":
            text = f"{label}{mapping.ABSTRACT_LABEL_SEPARATOR}{text}"
        if text:
            parts.append(text)
    return "\n".join(parts) or None


def _csl_type(pub_types: list[str]) -> str:
    have = {p.casefold() for p in pub_types}
    for name, csl in mapping.PUBLICATION_TYPES:
        if name.casefold() in have:
            return csl
    return mapping.DEFAULT_TYPE


def _ids(item: Item, id_list: etree._Element | None) -> None:
    if id_list is None:
        return
    for aid in id_list.findall("ArticleId"):
        kind, value = (aid.get("IdType") or "").lower(), (aid.text or "").strip()
        if not value or kind == "bookaccession":  # the call number, read with the book
            continue
        var = mapping.ARTICLE_IDS.get(kind)
        if var == "DOI":
            value = clean_doi(value)
        elif var == "PMCID":
            value = clean_pmcid(value)
        if var and var not in item.vars:
            item.vars[var] = value
        elif not var:
            item.add_source_field(FORMAT, f"id-{kind}", value)


def _keywords(root: etree._Element) -> list[str]:
    words = [" ".join("".join(k.itertext()).split()) for k in root.iterfind(".//KeywordList/Keyword")]
    words += [" ".join("".join(d.itertext()).split())
              for d in root.iterfind(".//MeshHeadingList/MeshHeading/DescriptorName")]
    seen: dict[str, None] = {}
    for w in words:
        if w:
            seen.setdefault(w, None)
    return list(seen)


def _set(item: Item, var: str, value: str | None) -> None:
    if value:
        item.vars[var] = value


def article_item(el: etree._Element, n: int, *, name: str, line: int | None,
                 options: Options) -> Item:
    """One ``PubmedArticle``."""
    citation = el.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    pmid = _text(citation, "PMID")
    item = Item(id=f"pmid-{pmid}" if pmid else f"record-{n}", type=mapping.DEFAULT_TYPE,
                origin=Origin(file=name, line=line, record=n, format=FORMAT))
    item.source = SourceRecord(format=FORMAT, type="PubmedArticle")
    if article is None:
        return item
    pub_types = [" ".join("".join(p.itertext()).split()) for p in article.iterfind("PublicationTypeList/PublicationType")]
    item.type = _csl_type(pub_types)
    for p in pub_types:
        item.add_source_field(FORMAT, "PT", p)
    title = strip_title(inline_text(article.find("ArticleTitle")))
    vernacular = strip_title(inline_text(article.find("VernacularTitle")))
    _set(item, "title", title or vernacular)
    if title and vernacular:
        item.add_source_field(FORMAT, "TT", vernacular)
    names = _names(article.find("AuthorList"), item)
    if names:
        item.vars["author"] = names
    if (article.find("AuthorList") is not None
            and article.find("AuthorList").get("CompleteYN") == "N"):
        item.etal.add("author")
    journal = article.find("Journal")
    jtitle = _text(journal, "Title")
    place = None
    if jtitle:
        m = _QUALIFIER.match(jtitle)
        if m:
            jtitle, place = m.group(1), m.group(2)
        if (options or {}).get("pubmed-journal-case", "title") != "as-is":
            jtitle = title_case_journal(jtitle)
    if item.type == "article":  # a preprint: the server is its publisher, the pii its number
        _set(item, "publisher", jtitle)
    else:
        _set(item, "container-title", jtitle)
        _set(item, "publisher-place", place)
    _set(item, "container-title-short", _text(journal, "ISOAbbreviation"))
    issns = [i for i in (journal.findall("ISSN") if journal is not None else []) if i.text]
    if issns:
        item.vars["ISSN"] = issns[0].text.strip()
    issue = journal.find("JournalIssue") if journal is not None else None
    _set(item, "volume", _text(issue, "Volume"))
    _set(item, "issue", _text(issue, "Issue"))
    date = _date(issue.find("PubDate") if issue is not None else None)
    if date is not None:
        item.vars["issued"] = date
    for ad in article.findall("ArticleDate"):
        adate = _date(ad)
        if adate is not None and "available-date" not in item.vars:
            item.vars["available-date"] = adate
    if "issued" not in item.vars and "available-date" in item.vars:
        item.vars["issued"] = item.vars["available-date"]
    pii = None
    for loc in article.findall("ELocationID"):
        kind, value = (loc.get("EIdType") or "").lower(), (loc.text or "").strip()
        if kind == "doi" and is_doi(clean_doi(value)) and loc.get("ValidYN") != "N":
            item.vars.setdefault("DOI", clean_doi(value))
        elif kind == "pii" and value:
            pii = pii or value
    pages = _pages(article.find("Pagination"))
    if item.type == "article":
        _set(item, "number", pii)
        _set(item, "page", pages)
    else:
        _set(item, "page", pages or pii)
    _set(item, "abstract", _abstract(article.find("Abstract")))
    copyright_ = _text(article, "Abstract/CopyrightInformation")
    _set(item, "license", copyright_)
    langs = [(lang.text or "").strip() for lang in article.findall("Language") if lang.text]
    _set(item, "language", langs[0] if langs else None)
    for other in langs[1:]:
        item.add_source_field(FORMAT, "LA", other)
    _set(item, "PMID", pmid)
    _ids(item, el.find("PubmedData/ArticleIdList"))
    info = citation.find("MedlineJournalInfo")
    for tag, key in (("MedlineTA", "TA"), ("NlmUniqueID", "JID"), ("ISSNLinking", "IS")):
        value = _text(info, tag)
        if value:
            item.add_source_field(FORMAT, key, value)
    for grant in article.iterfind("GrantList/Grant"):
        parts = [_text(grant, t) for t in ("GrantID", "Agency", "Country")]
        item.add_source_field(FORMAT, "GR", "/".join(p for p in parts if p))
    keywords = _keywords(citation)
    if keywords:
        item.vars["keyword"] = "; ".join(keywords) if any("," in k for k in keywords) else ", ".join(keywords)
    return item


def book_item(el: etree._Element, n: int, *, name: str, line: int | None,
              options: Options) -> Item:
    """One ``PubmedBookArticle``: a whole book, or a chapter when it has its own title."""
    doc = el.find("BookDocument")
    pmid = _text(doc, "PMID")
    item = Item(id=f"pmid-{pmid}" if pmid else f"record-{n}", type="book",
                origin=Origin(file=name, line=line, record=n, format=FORMAT))
    item.source = SourceRecord(format=FORMAT, type="PubmedBookArticle")
    if doc is None:
        return item
    book = doc.find("Book")
    book_title = strip_title(inline_text(book.find("BookTitle") if book is not None else None))
    chapter = strip_title(inline_text(doc.find("ArticleTitle")))
    book_people: dict[str, list[Name]] = {}
    for alist in (book.findall("AuthorList") if book is not None else []):
        role = "editor" if (alist.get("Type") or "").lower() == "editors" else "author"
        book_people.setdefault(role, []).extend(_names(alist, item))
    if chapter:
        item.type = "chapter"
        item.vars["title"] = chapter
        _set(item, "container-title", book_title)
        chapter_authors = []
        for alist in doc.findall("AuthorList"):
            chapter_authors.extend(_names(alist, item))
        if chapter_authors:
            item.vars["author"] = chapter_authors
        editors = book_people.get("editor", []) or book_people.get("author", [])
        if editors:
            item.vars["editor" if chapter_authors else "author"] = editors
        _set(item, "chapter-number", _text(doc, "LocationLabel"))
    else:
        _set(item, "title", book_title)
        for role, people in book_people.items():
            item.vars[role] = people
    if book is not None:
        _set(item, "publisher", _text(book, "Publisher/PublisherName"))
        _set(item, "publisher-place", _text(book, "Publisher/PublisherLocation"))
        date = _date(book.find("PubDate"))
        if date is not None:
            item.vars["issued"] = date
        isbns = [(i.text or "").strip() for i in book.findall("Isbn") if i.text]
        _set(item, "ISBN", isbns[0] if isbns else None)
        _set(item, "edition", _text(book, "Edition"))
        _set(item, "volume", _text(book, "Volume"))
        _set(item, "collection-title", _text(book, "CollectionTitle"))
        _set(item, "medium", _text(book, "Medium"))
    _set(item, "abstract", _abstract(doc.find("Abstract")))
    _set(item, "license", _text(doc, "Abstract/CopyrightInformation"))
    langs = [(lang.text or "").strip() for lang in doc.findall("Language") if lang.text]
    _set(item, "language", langs[0] if langs else None)
    _set(item, "PMID", pmid)
    for aid in doc.iterfind("ArticleIdList/ArticleId"):
        if (aid.get("IdType") or "").lower() == "bookaccession" and aid.text:
            acc = aid.text.strip()
            item.vars["call-number"] = acc
            item.vars.setdefault("URL", f"https://www.ncbi.nlm.nih.gov/books/{acc}/")
    _ids(item, doc.find("ArticleIdList"))
    _ids(item, el.find("PubmedBookData/ArticleIdList"))
    return item


class PubmedXmlReader(Reader):
    name = FORMAT
    extensions = (".xml",)
    aliases = ("pubmedxml", "medline-xml", "pubmed_xml")
    description = "PubMed XML (PubmedArticleSet, from PubMed or E-utilities efetch)"

    def sniff(self, head: str) -> float:
        return 0.95 if _SNIFF.match(head.lstrip("\ufeff")) else 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        opts = options or {}
        if not text.strip():
            report.warning("empty file: no records", code="empty", file=name)
            return
        n = 0
        try:
            for el in xmlsafe.iter_records(text, RECORD_TAGS, ROOT_TAGS):
                n += 1
                yield self._item(el, n, name=name, report=report, line=el.sourceline, options=opts)
        except xmlsafe.NotThisFormat as exc:
            report.record_failed(f"not PubMed XML: the root element is <{exc.tag}>", file=name,
                                 line=exc.line)
            return
        except etree.XMLSyntaxError as exc:
            report.error(f"invalid XML: {exc.msg}; reading the articles one by one",
                         code="syntax", file=name, line=exc.lineno or None)
            yield from self._pieces(text, name=name, report=report, options=opts, skip=n)
            return
        if n == 0:
            report.warning("no PubmedArticle or PubmedBookArticle in the file", code="empty", file=name)

    def _item(self, el: etree._Element, n: int, *, name: str, report: Report,
              line: int | None, options: Options) -> Item:
        build = article_item if el.tag == "PubmedArticle" else book_item
        item = build(el, n, name=name, line=line, options=options)
        if "title" not in item.vars:
            report.warning("record has no title", code="pubmed.no-title", item=item)
        return item

    def _pieces(self, text: str, *, name: str, report: Report, options: Options,
                skip: int = 0) -> Iterator[Item]:
        """Articles one by one, after the ``skip`` the streaming parse already gave."""
        starts = list(_OPENING.finditer(text))
        line, counted = 1, 0  # lines counted so far (from the start each time was quadratic)
        for n, m in enumerate(starts, start=1):
            if n <= skip:
                continue
            line += text.count("\n", counted, m.start())
            counted = m.start()
            end = starts[n].start() if n < len(starts) else len(text)
            close = text.find(f"</{m.group(1)}>", m.start(), end)
            if close < 0:
                report.record_failed(f"article {n} is cut off: no </{m.group(1)}> before "
                                     + ("the next article" if n < len(starts) else "the end of the file"),
                                     file=name, line=line, record=n)
                continue
            try:
                el = xmlsafe.parse(text[m.start():close + len(m.group(1)) + 3])
            except etree.XMLSyntaxError as exc:
                report.record_failed(f"article {n} is not well-formed XML: {exc.msg}", file=name,
                                     line=line + (exc.lineno or 1) - 1, record=n)
                continue
            yield self._item(el, n, name=name, report=report, line=line, options=options)
        if not starts:
            report.record_failed("no <PubmedArticle> element found", file=name, line=1)
