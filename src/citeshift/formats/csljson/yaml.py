"""CSL-YAML, as pandoc reads it: a ``references:`` list (optionally in a ``---`` block)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import yaml

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader, Writer
from citeshift.formats.csljson.reader import items_from_data
from citeshift.model.item import Item


def _plain(value: Any) -> Any:
    """YAML turns ``2019-03-05`` into a date and ``1e3`` into a float; CSL wants text."""
    import datetime

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


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
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            col = mark.column + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            report.record_failed(f"invalid YAML: {problem}", file=name, line=line, column=col)
            return
        for doc in docs:
            data = _plain(doc)
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
