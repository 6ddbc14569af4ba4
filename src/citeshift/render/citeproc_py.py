"""The pure-Python engine: citeproc-py, with its worst defects repaired.

Used with ``--engine citeproc-py`` and automatically where pandoc's binary is
missing. The repairs live in :mod:`citeshift.render.citeproc_patches` (each a
subclass or a narrow patch of citeproc-py, each with a test).
"""

from __future__ import annotations

import html
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeshift.diagnostics import Report
from citeshift.render import stylefix
from citeshift.render.engine import Bibliography, Engine, Entry, StyleSpec
from citeshift.render.prepare import issue_range


@lru_cache(maxsize=32)
def _style(path: str, locale: str) -> Any:
    from citeproc import CitationStylesStyle

    from citeshift.render import citeproc_patches

    citeproc_patches.apply()
    fixed = stylefix.prepared_style(Path(path), disambiguate=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return CitationStylesStyle(str(fixed), locale=locale, validate=False)
        except ValueError:
            return CitationStylesStyle(str(fixed), locale="en-US", validate=False)


_MARKUP = re.compile(r"(</?(?:i|b|sup|sub|sc)>|<span\b[^>]*>|</span>)")


def escape_text(value: str) -> str:
    """HTML-escape a string's text but keep CSL's inline markup: citeproc-py copies data
    into its HTML output unescaped ("Diet & exercise <1 h" broke the page)."""
    parts = _MARKUP.split(value)
    for n in range(0, len(parts), 2):
        parts[n] = html.escape(html.unescape(parts[n]), quote=False)
    return "".join(parts)


def _escaped(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, str) and key not in ("id", "type", "URL", "DOI"):
            value = escape_text(value)
        elif isinstance(value, list):
            value = [{k: escape_text(v) if isinstance(v, str) else v for k, v in n.items()}
                     if isinstance(n, dict) else n for n in value]
        out[key] = value
    return out


class CiteprocPyEngine(Engine):
    name = "citeproc-py"

    def render(self, items: list[dict[str, Any]], style: StyleSpec, *, locale: str | None,
               report: Report) -> Bibliography:
        from citeproc import Citation, CitationItem
        from citeproc.source.json import CiteProcJSON

        from citeshift.render import citeproc_patches

        facts = stylefix.facts(style.path)
        keyed = []
        for n, item in enumerate(items):
            data = dict(_escaped(item), id=f"i{n}")
            if isinstance(data.get("issue"), str):
                data["issue"] = issue_range(data["issue"], facts.range_delimiter)
            keyed.append(data)
        ids = [str(item["id"]) for item in items]
        csl_style = _style(str(style.path), locale or "en-US")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            source = CiteProcJSON(keyed)
            bib = citeproc_patches.Bibliography(csl_style, source)
            citations = {}
            for item in keyed:
                citation = Citation([CitationItem(item["id"])])
                bib.register(citation)
                citations[item["id"]] = citation
            bib.sort()
            if facts.disambiguates and facts.year_suffix:
                bib.add_year_suffixes(citations, givenname=facts.givenname)
            failed: list[tuple[str, Exception]] = []
            rendered = bib.entries(on_error=lambda key, exc: failed.append((key, exc)))
        for key, exc in failed:
            report.warning(f"citeproc-py could not render entry {ids[int(key[1:])]!r}: "
                           f"{type(exc).__name__}: {exc}", code="render.entry")
        entries = []
        for key, label, body in rendered:
            entries.append(Entry(id=ids[int(key[1:])], html=body, label=label))
        return Bibliography(entries=entries, hanging_indent=facts.hanging_indent,
                            second_field_align=facts.second_field_align, engine=self.name)
