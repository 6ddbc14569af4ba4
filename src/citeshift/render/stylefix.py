"""Style files as the engines need them: repaired, and a fast variant for long lists.

These are edits to the *style's data*, made once per style and cached, never
edits of rendered strings:

- ``<names>`` with a ``<label>`` but no ``<name>`` child: CSL says an implied
  ``<name/>`` comes first, but pandoc's citeproc puts the label first
  (Vancouver/AMA chapters printed "In, editorsAromataris E" instead of
  "In: Aromataris E, editors."). We make the ``<name/>`` explicit.
- the *no-disambiguation* variant drops the ``disambiguate-*`` and
  ``givenname-disambiguation-rule`` attributes of ``<citation>``; the pandoc
  engine renders items whose citations cannot collide with it (see
  :mod:`citeshift.render.pandoc`).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = f"{{{CSL_NS}}}"
DISAMBIGUATION_ATTRS = ("disambiguate-add-names", "disambiguate-add-givenname",
                        "disambiguate-add-year-suffix", "givenname-disambiguation-rule")


@dataclass(frozen=True, slots=True)
class StyleFacts:
    """What the adapters need to know about a style without rendering."""

    disambiguates: bool
    year_suffix: bool
    subsequent_author_substitute: bool
    second_field_align: str | None
    hanging_indent: bool
    numeric: bool
    default_locale: str | None
    title: str
    #: the style prints journal abbreviations with their periods (ISO 4: Nature, IEEE);
    #: NLM styles strip them ("J Clin Epidemiol")
    dotted_abbreviations: bool = False
    #: the bibliography writes initials without periods (NLM, AMA: "King ML Jr")
    bare_initials: bool = False
    #: the style defines a bibliography (some note styles only format footnotes)
    has_bibliography: bool = True
    #: the citation adds given names to tell authors apart (disambiguate-add-givenname)
    givenname: bool = False
    #: the style title-cases some text (text-case="title": Chicago, MLA, AMA journal titles)
    title_case: bool = False
    #: the style's own "page-range-delimiter" term (AMA: "-"), else the en dash
    range_delimiter: str = "\u2013"


def _parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser)


def add_implicit_names(root: etree._Element) -> int:
    """Give every ``<names>`` that has a ``<label>`` an explicit leading ``<name/>``."""
    fixed = 0
    for names in root.iter(_NS + "names"):
        kids = [c for c in names if isinstance(c.tag, str)]
        if any(c.tag == _NS + "label" for c in kids) and not any(c.tag == _NS + "name" for c in kids):
            names.insert(0, etree.Element(_NS + "name"))
            fixed += 1
    return fixed


def strip_disambiguation(root: etree._Element) -> None:
    citation = root.find(_NS + "citation")
    if citation is not None:
        for attr in DISAMBIGUATION_ATTRS:
            citation.attrib.pop(attr, None)


_CACHE_DIR: Path | None = None


def _cache_dir() -> Path:
    global _CACHE_DIR
    if _CACHE_DIR is None:
        _CACHE_DIR = Path(tempfile.mkdtemp(prefix="citeshift-styles-"))
    return _CACHE_DIR


@lru_cache(maxsize=64)
def prepared_style(path: Path, *, disambiguate: bool = True) -> Path:
    """A repaired copy of ``path`` (cached per process), optionally without disambiguation."""
    tree = _parse(path)
    root = tree.getroot()
    add_implicit_names(root)
    if not disambiguate:
        strip_disambiguation(root)
    digest = hashlib.sha1(f"{path}|{disambiguate}".encode()).hexdigest()[:16]
    out = _cache_dir() / f"{path.stem}-{digest}.csl"
    tree.write(str(out), xml_declaration=True, encoding="utf-8")
    return out


def _dotted(root: etree._Element) -> bool:
    """Whether the style prints the short container title with its periods."""
    shorts = [el for el in root.iter(_NS + "text")
              if el.get("variable") in ("container-title", "container-title-short")
              and (el.get("form") == "short" or el.get("variable") == "container-title-short")]
    return bool(shorts) and not any(el.get("strip-periods") == "true" for el in shorts)


def _bare_initials(root: etree._Element, bib: etree._Element | None) -> bool:
    """Whether the bibliography's names are initialised without periods: every
    ``initialize-with`` it can use (its own, the style's, its names') lacks a period."""
    if bib is None:
        return False
    values = [el.get("initialize-with") for el in (bib, root) if el.get("initialize-with") is not None]
    inherited = values[0] if values else None
    if inherited is None or "." in inherited:
        return False
    return all("." not in (el.get("initialize-with") or "") for el in root.iter(_NS + "name"))


@lru_cache(maxsize=256)
def facts(path: Path) -> StyleFacts:
    root = _parse(path).getroot()
    citation = root.find(_NS + "citation")
    bib = root.find(_NS + "bibliography")
    cattrs = citation.attrib if citation is not None else {}
    battrs = bib.attrib if bib is not None else {}
    numeric = False
    if bib is not None:
        numeric = any(el.get("variable") == "citation-number" for el in bib.iter(_NS + "text"))
    year_suffix = any(el.get("variable") == "year-suffix" for el in root.iter(_NS + "text")) or (
        cattrs.get("disambiguate-add-year-suffix") == "true")
    title_el = root.find(f"{_NS}info/{_NS}title")
    delimiter = "\u2013"
    for term in root.iter(_NS + "term"):
        if term.get("name") == "page-range-delimiter" and term.text is not None:
            delimiter = term.text
    return StyleFacts(
        disambiguates=any(a in cattrs for a in DISAMBIGUATION_ATTRS[:3]),
        year_suffix=year_suffix,
        subsequent_author_substitute="subsequent-author-substitute" in battrs,
        second_field_align=battrs.get("second-field-align"),
        hanging_indent=battrs.get("hanging-indent") == "true",
        numeric=numeric,
        default_locale=root.get("default-locale"),
        title=(title_el.text or "").strip() if title_el is not None else path.stem,
        range_delimiter=delimiter,
        title_case=any(el.get("text-case") == "title" for el in root.iter()),
        givenname=cattrs.get("disambiguate-add-givenname") == "true",
        has_bibliography=bib is not None,
        bare_initials=_bare_initials(root, bib),
        dotted_abbreviations=_dotted(root),
    )
