"""CSL-YAML, as pandoc reads it: a ``references:`` list (optionally in a ``---`` block)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

import yaml

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader, Writer
from citeshift.formats.csljson.reader import items_from_data
from citeshift.model.item import Item


class _TooBig(ValueError):
    """YAML aliases that expand past the size of the file (a "billion laughs"), or loop."""


def _plain(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """YAML turns ``2019-03-05`` into a date and ``1e3`` into a float; CSL wants text.

    ``budget`` is how many nodes may still be made: an alias shares a node, this copies
    it, so aliases of aliases would grow exponentially (and a self-alias forever).
    """
    import datetime

    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0 or depth > 200:
            raise _TooBig
    if isinstance(value, dict):
        return {str(k): _plain(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, budget, depth + 1) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


#: libyaml's safe loader where PyYAML was built with it: ~10x faster than the pure-Python
#: one (100,000 authors took 40 s), same safe subset of YAML
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, with dates left as text: CSL wants the text, and a date that is
    no date (``2019-02-30``) made the timestamp constructor raise ``ValueError``."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BASE_LOADER.construct_yaml_str)
_LOADER = _Loader


#: a list item, and a document marker (which ends the last item of a document)
_ITEM = re.compile(r"^( *)- ", re.M)
_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_DOC_MARK = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def _item_starts(text: str) -> list[tuple[int, int]]:
    """(offset, indent) of the items of the reference list: the list items indented as
    the first one after ``references:`` (or the first one of the file)."""
    refs = re.search(r"^references:[ \t]*$", text, re.M)
    first = _ITEM.search(text, refs.end() if refs else 0)
    if first is None:
        return []
    indent = len(first.group(1))
    return [(m.start(), indent) for m in _ITEM.finditer(text, first.start())
            if len(m.group(1)) == indent]


def _one_by_one(text: str, starts: list[tuple[int, int]], *, name: str,
                report: Report) -> Iterator[Item]:
    line, counted = 1, 0
    for n, (start, indent) in enumerate(starts, start=1):
        end = starts[n][0] if n < len(starts) else len(text)
        line += text.count("\n", counted, start)
        counted = start
        # the item ends where a line is indented no more than its "- " (stray text, a
        # document marker, another key): that text belongs to no item and is reported
        stop = re.compile(rf"\n {{0,{indent}}}(?=[^ \t\n])").search(text, start, end)
        chunk = text[start:stop.start() if stop else end]
        if stop is not None:
            rest = text[stop.start():end].strip()
            if rest and not _DOC_MARK.fullmatch(rest) and rest != "references:":
                report.warning(f"text outside any item skipped: {rest[:60]!r}",
                               code="yaml.stray", file=name,
                               line=line + chunk.count("\n") + 1)
        if indent:
            chunk = "\n".join(row[indent:] if row[:indent].isspace() else row
                              for row in chunk.split("\n"))
        try:
            data = _plain(yaml.load(chunk, Loader=_LOADER), [len(chunk) + 1000])
        except (yaml.YAMLError, _TooBig, ValueError) as exc:  # ValueError: int() limits
            where = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or "aliases expand too far"
            report.record_failed(f"item {n}: invalid YAML: {problem}", file=name,
                                 line=line + (where.line if where is not None else 0), record=n)
            continue
        for item in items_from_data(data, name=name, report=report):
            if item.origin is not None:
                item.origin.line, item.origin.record = line, n
            yield item


class CslYamlReader(Reader):
    name = "csl-yaml"
    extensions = (".yaml", ".yml")
    aliases = ("yaml",)
    description = "CSL-YAML (pandoc's references: list)"

    def sniff(self, head: str) -> float:
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped.startswith("---") and "\nreferences:" in head:
            return 0.9
        if stripped.startswith("references:") or stripped.startswith("- id:"):
            return 0.85
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        try:
            docs = [d for d in yaml.load_all(text, Loader=_LOADER) if d is not None]
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: a number over int()'s limit
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            col = mark.column + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            text = _BREAKS.sub("\n", text)  # YAML's line breaks, as the line numbers count them
            starts = _item_starts(text)
            if not starts:
                report.record_failed(f"invalid YAML: {problem}", file=name, line=line,
                                     column=col)
                return
            # one broken item must not lose the others: read them one by one
            report.error(f"invalid YAML: {problem}; reading the items one by one",
                         code="syntax", file=name, line=line, column=col)
            yield from _one_by_one(text, starts, name=name, report=report)
            return
        # every real node takes at least one character of the file; a document may make
        # as many nodes as the file has characters, all of them together four times that
        # (so the documents after an alias bomb are still read, in linear time)
        total = 4 * len(text) + 1000
        for doc in docs:
            budget = [min(total, len(text) + 1000)]
            start = budget[0]
            try:
                data = _plain(doc, budget)
            except _TooBig:
                report.record_failed("YAML aliases expand beyond the size of the file (or refer "
                                     "to themselves); nothing read from this document",
                                     file=name, line=1)
                continue
            finally:
                total -= start - max(0, budget[0])
            if isinstance(data, dict) and "references" in data:
                data = data["references"]
            yield from items_from_data(data, name=name, report=report)


class CslYamlWriter(Writer):
    name = "csl-yaml"
    extensions = (".yaml",)
    aliases = ("yaml",)
    description = "CSL-YAML for pandoc (a references: block)"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        count = 0
        out.write("---\nreferences:\n")
        for item in items:
            block = yaml.safe_dump([item.to_json()], allow_unicode=True, sort_keys=False,
                                   default_flow_style=False, width=1000)
            out.write(block)
            count += 1
        if not count:
            out.write("[]\n")
        out.write("...\n")
        return count
