"""Repairs to citeproc-py 0.11.1, applied once, each narrow and tested.

Each repair replaces one method of citeproc-py's model with a version that
follows the CSL 1.0.2 specification where the original does not; the tests in
``tests/render/test_citeproc_py.py`` show each defect and its repair.

1. ``Date.render_single_date``: a localized date's parts are joined with the
   *locale's* date delimiter (NLM's in-style locale says ``delimiter=" "``);
   citeproc-py used the calling element's (none): "2019Mar4".
2. ``FormatNumber._format_last_page``: page-range formats compared digits of
   ranges whose ends differ in length ("1-12" -> "1–2"); abbreviated ranges
   ("321-8") were not expanded first.
3. ``Substitute.render``: variables rendered through ``cs:substitute`` must be
   empty for the rest of the entry (editors printed twice, a title-less item's
   title printed twice); see :class:`Bibliography` for the per-entry copy.
4. ``Label``'s ``text-case`` on the editor label ("(eds.)" for APA's "(Eds.)")
   is honoured (citeproc-py dropped it when the label came from a term).

Layout-level repairs (numbered entries' label apart from the text, punctuation
inside quotes, doubled periods across markup, typographic apostrophes, HTML
escaping of data) are in :func:`finish_entry`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from citeproc import CitationStylesBibliography
from citeproc import model as csl
from citeproc.string import NoCase

_APPLIED = False
#: variables rendered while a substitute child renders (a stack, one set per substitute)
_recording: list[set[str]] = []
#: true while rendering bibliography entries, when suppression may delete from the copy
_suppressing: list[bool] = []


def _joiner(self: Any, context: Any) -> Any:
    """The element whose delimiter joins date parts: a localized date keeps its own (only
    affixes and formatting come from the caller); never an element that cannot join."""
    if self.is_locale_date() or context is None or not isinstance(context, csl.Delimited):
        return self
    return context


def _join_locale_date(self: Any, date: Any, show_parts: Any = None, context: Any = None) -> Any:
    if context is not self:
        parts = self.parts(date, show_parts, context)
    else:
        parts = self.parts(date, show_parts)
    if not parts:
        return None
    return _joiner(self, context).join(parts)


def _render_date_range(self: Any, date_range: Any, show_parts: Any = None,
                       context: Any = None) -> Any:
    """A date range: the parts both ends share are printed once ("12–14 May 2009")."""
    show = list(show_parts or ["year", "month", "day"])
    begin, end = date_range.begin, date_range.end
    if end.is_nil():
        return self.render_single_date(begin, show, context)
    same: list[str] = []
    for part in ("year", "month", "day"):
        if part not in show:
            continue
        try:
            if getattr(begin, part) != getattr(end, part):
                break
        except (AttributeError, csl.VariableError):
            break
        same.append(part)
    if len(same) == len(show):  # identical ends
        return self.render_single_date(begin, show, context)
    diff = [p for p in show if p not in same]
    first = self.render_single_date(begin, diff, context)
    second = self.render_single_date(end, diff, context)
    if not first:
        return None
    text = first.rstrip() + self.unicode_character("EN DASH") + (second or "")
    if same:
        shared = self.render_single_date(end, same, context)
        if shared:
            text = _joiner(self, context).join([text, shared.rstrip()])
    return text


_PREFIXED = re.compile(r"^([A-Za-z]*)(\d+)$")


def format_last_page(range_format: str | None, first: str, last: str) -> str:
    """The last page of ``first``-``last`` in a CSL page-range format.

    Pages with the same letter prefix ("S12-S19") are compared by their numbers, as
    citeproc-js does ("S12–9" in minimal formats)."""
    mf, ml = _PREFIXED.match(first), _PREFIXED.match(last)
    if mf and ml and mf[1] and (ml[1] in ("", mf[1])):
        if range_format in (None, "expanded"):
            return f"{mf[1]}{format_last_page(range_format, mf[2], ml[2])}"
        return format_last_page(range_format, mf[2], ml[2])
    if not (first.isdigit() and last.isdigit()):
        return last
    if len(last) < len(first):  # "321-8" means 321-328
        last = first[: len(first) - len(last)] + last
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        n = int(first)
        if n < 100 or n % 100 == 0:
            return last
        if n % 100 < 10:
            range_format = "minimal"
        else:
            range_format = "minimal-two"
            if range_format == "chicago-15" and len(first) == 4:
                common = _common(first, last)
                if len(first) - common > 2:
                    return last
    if range_format not in ("minimal", "minimal-two") or len(first) != len(last):
        return last
    common = _common(first, last)
    keep = len(last) - common
    if range_format == "minimal-two":
        keep = max(keep, min(2, len(last)))
    return last[len(last) - max(keep, 1):]


def _common(first: str, last: str) -> int:
    n = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        n += 1
    return n


def _format_last_page(self: Any, first: str, last: str) -> str:
    return format_last_page(self.get_root().get_option("page-range-format"), first, last)


_orig_text_variable = csl.Text._variable
_orig_names_process = csl.Names.process
_orig_date_process = csl.Date.process


def _text_variable(self: Any, item: Any, context: Any) -> Any:
    text = _orig_text_variable(self, item, context)
    if text and _recording:
        _recording[-1].add(self.get("variable"))
    return text


def _names_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    text = _orig_names_process(self, item, *args, **kwargs)
    if text and _recording:
        for role in self.get("variable", "").split():
            if role in item.reference:
                _recording[-1].add(role)
    return text


def _date_process(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
    text = _orig_date_process(self, item, variable, *args, **kwargs)
    if text and _recording:
        _recording[-1].add(variable or self.get("variable"))
    return text


_orig_process_number = csl.FormatNumber._process


def _process_number(self: Any, value: Any, variable: str) -> Any:
    """``e00345\\-19``: CSL's escaped hyphen is a literal hyphen, not a range."""
    if "\\-" in str(value):
        return str(value).replace("\\-", "-")
    return _orig_process_number(self, value, variable)


def _label_markup(self: Any, text: Any) -> Any:
    """Labels honour text-case="title" in English ("(Eds.)"); citeproc-py passed no language."""
    if not text:
        return None
    language = (self.get_root().get("default-locale") or "en-US")[:2]
    return self.wrap(self.format(self.case(self.strip_periods(text), language)))


_orig_name_option = csl.Name.get_option


def _name_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
    """``initialize="false"`` (CSL 1.0.1) keeps given names whole: MLA, Chicago print
    "Abbott, Rachel"; citeproc-py ignored the attribute and printed "Abbott, R."."""
    if name == "initialize-with" and self.get("initialize") == "false":
        return None
    return _orig_name_option(self, name, context, sort_options)


_orig_initialize = csl.Name.initialize


def _initialize(self: Any, given: str, mark: str, context: Any) -> str:
    """Hyphenated given names whose later part is lower case ("Min-jun"), initialised with
    hyphens (APA): only the capitalised parts ("M."), as pandoc and citeproc-js do;
    citeproc-py took the lower-case part for a particle and printed "M.-. jun .". """
    if "-" in given and self.get_option("initialize-with-hyphen", context):
        parts = [p for p in given.split("-") if p[:1].isupper()]
        if parts and len(parts) < len(given.split("-")):
            given = "-".join(parts)
    return _orig_initialize(self, given, mark, context)


_orig_case = csl.TextCased.case


def _title_hyphens(segment: Any) -> Any:
    """Title case inside hyphenated words too ("Low-Income", "Long-Term"), as CSL processors
    do; citeproc-py capitalised only the first part ("Low-income")."""
    if isinstance(segment, NoCase) or "-" not in segment:
        return segment

    def fix(m: re.Match[str]) -> str:
        part = m[1]
        return "-" + (part[:1].upper() + part[1:] if part not in csl.TextCased._stop_words else part)

    return segment.__class__(re.sub(r"(?<=\w)-([a-z][\w']*)", fix, str(segment)))


def _case(self: Any, text: Any, language: Any = None) -> Any:
    result = _orig_case(self, text, language)
    if self.get("text-case") != "title" or language != "en":
        return result
    if isinstance(result, list):  # a MixedString: fix each plain segment
        return result.__class__([_title_hyphens(seg) for seg in result])
    return _title_hyphens(result)


def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    text = None
    for child in self.getchildren():
        _recording.append(set())
        try:
            if isinstance(child, csl.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except csl.VariableError:
            text = None
        finally:
            used = _recording.pop()
        if _recording:
            _recording[-1].update(used)
        if text:
            if _suppressing and _suppressing[-1]:
                for variable in used:
                    if variable:
                        item.reference.pop(variable.replace("-", "_"), None)
            break
    return text


_orig_xpath_search = csl.CitationStylesElement.xpath_search
_orig_calls_variable = csl.Parent.calls_variable
#: (element, expression) -> result; a style's tree does not change while it renders
_XPATH: dict[tuple[Any, str], Any] = {}
_CALLS: dict[Any, bool] = {}


def _xpath_search(self: Any, expression: str) -> Any:
    """citeproc-py runs the same XPath (macro look-ups, ancestor searches) for every
    variable of every entry: 40 % of its time. The answers depend only on the style."""
    key = (self, expression)
    try:
        return _XPATH[key]
    except KeyError:
        result = _XPATH[key] = _orig_xpath_search(self, expression)
        return result


def _calls_variable(self: Any) -> bool:
    try:
        return _CALLS[self]
    except KeyError:
        result = _CALLS[self] = _orig_calls_variable(self)
        return result


def apply() -> None:
    """Install the repairs (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    csl.Date.render_single_date = _join_locale_date
    csl.FormatNumber._format_last_page = _format_last_page
    csl.Text._variable = _text_variable
    csl.Names.process = _names_process
    csl.Date.process = _date_process
    csl.Substitute.render = _substitute_render
    csl.Date.render_date_range = _render_date_range
    csl.FormatNumber._process = _process_number
    csl.Label.markup = _label_markup
    csl.Name.get_option = _name_option
    csl.TextCased.case = _case
    csl.Name.initialize = _initialize
    csl.CitationStylesElement.xpath_search = _xpath_search
    csl.Parent.calls_variable = _calls_variable
    _APPLIED = True


# ---- entry-level finishing -----------------------------------------------------------------

_TAG = re.compile(r"(<[^>]+>)")
_CLOSE_TAGS = r"((?:</[a-z]+>)*)"


def _curly_quotes(text: str, open_quote: str, close_quote: str) -> str:
    """Straight double quotes in the data, in pairs, as the locale's quotation marks."""
    return re.sub(r'"([^"<>]*)"', lambda m: open_quote + m[1] + close_quote, text)


def finish_entry(fragment: str, *, punctuation_in_quote: bool, close_quotes: tuple[str, ...],
                 open_quote: str = "\u201c", close_quote: str = "\u201d") -> str:
    """CSL's output rules citeproc-py leaves out, applied to one rendered entry:
    punctuation moved inside closing quotes (en-US), a period not doubled across
    markup ("<i>et al.</i>."), typographic apostrophes in text (not in tags)."""
    parts = _TAG.split(fragment)
    for n in range(0, len(parts), 2):
        parts[n] = re.sub(r"(?<=\w)'(?=\w)|(?<=\w)'(?=\s|$)", "\u2019", parts[n])
        parts[n] = _curly_quotes(parts[n], open_quote, close_quote)
    text = "".join(parts)
    text = re.sub(r"([.?!])" + _CLOSE_TAGS + r"\.", r"\1\2", text)
    if punctuation_in_quote:
        for quote in close_quotes:
            text = re.sub(re.escape(quote) + _CLOSE_TAGS + r"([.,])", r"\2" + quote + r"\1", text)
    return text


@contextmanager
def _own_reference(bib: Any, key: str) -> Iterator[None]:
    """Render an entry on a copy of its reference, so that suppressed variables stay put."""
    original = bib.source[key]
    copy = type(original).__new__(type(original))
    dict.update(copy, original)
    bib.source[key] = copy
    _suppressing.append(True)
    try:
        yield
    finally:
        _suppressing.pop()
        bib.source[key] = original


def _suffix(n: int) -> str:
    """a..z, then aa, ab, ... as CSL year suffixes run."""
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(97 + rem) + out
    return out


class Bibliography(CitationStylesBibliography):
    """citeproc-py's bibliography, entry by entry: a failing entry does not sink the list,
    a numbered entry's label comes apart from its text, and substitution suppresses."""

    def __init__(self, style: Any, source: Any) -> None:
        from citeproc import formatter

        super().__init__(style, source, formatter.html)

    def add_year_suffixes(self, citations: dict[str, Any], *, givenname: bool) -> int:
        """Year suffixes (2021a, 2021b), which citeproc-py does not assign: items whose
        citations read the same get letters in bibliography order. With
        ``disambiguate-add-givenname`` the first author's initials tell citations apart first."""
        groups: dict[str, list[Any]] = {}
        for item in self.items:
            try:
                text = str(self.cite(citations[item.key], lambda _i: None))
            except Exception:  # an item citeproc-py cannot cite cannot collide either
                continue
            if givenname:
                names = item.reference.get("author") or item.reference.get("editor") or []
                if names:
                    given = str(names[0].get("given") or "")
                    text += "|" + "".join(w[:1] for w in given.replace("-", " ").split())
            groups.setdefault(text, []).append(item)
        count = 0
        for members in groups.values():
            if len(members) > 1:
                for n, item in enumerate(members):
                    item.reference["year_suffix"] = _suffix(n)
                    count += 1
        return count

    def entries(self, on_error: Any = None) -> list[tuple[str, str, str]]:
        bib_el = self.style.root.bibliography
        layout = bib_el.layout
        split = bib_el.get("second-field-align") is not None
        children = [c for c in layout.iterchildren() if isinstance(c.tag, str)]
        piq = layout.get_locale_option("punctuation-in-quote").lower() == "true"
        oq = str(layout.get_single_term(name="open-quote") or "\u201c")
        cq = str(layout.get_single_term(name="close-quote") or "\u201d")
        quotes = tuple({str(layout.get_single_term(name="close-quote")),
                        str(layout.get_single_term(name="close-inner-quote"))} - {""})
        out = []
        for item in self.items:
            try:
                with _own_reference(self, item.key):
                    layout.repressed = {}
                    if split and len(children) > 1:
                        label = children[0].render(item) or ""
                        rest = [c.render(item) for c in children[1:]]
                        body = layout.format(layout.wrap(csl.join(
                            [r for r in rest if r is not None], layout.get("delimiter", ""))))
                    else:
                        label = ""
                        body = layout.format(layout.wrap(layout.render_children(item)))
            except Exception as exc:  # one bad entry must not sink the list
                if on_error is not None:
                    on_error(item.key, exc)
                continue
            text = finish_entry(str(body or ""), punctuation_in_quote=piq, close_quotes=quotes,
                                open_quote=oq, close_quote=cq)
            out.append((item.key, str(label).strip(), text.strip()))
        return out


def unescape(text: str) -> str:
    return html.unescape(text)
