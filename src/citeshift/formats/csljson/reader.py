"""CSL-JSON reader.

Accepts an array of items, a single item, or an object of items keyed by id.
A syntax error does not lose the whole file: the items before and after the
broken one are recovered, and the error names its line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.model.item import Item, Origin, item_from_json

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[\s,]*")
_NEXT_ITEM = re.compile(r",\s*\{")
_SNIFF = re.compile(r'^\s*(\[\s*)?\{\s*"(id|type|author|title|issued)"\s*:', re.S)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _decode_at(text: str, pos: int) -> tuple[Any, int]:
    """``raw_decode`` of the value at ``pos``, in a window of the text that grows as needed.

    json's error counts the lines of the whole text before the error, so a file of many
    broken items decoded in place was quadratic. An error well inside the window is the
    item's own; one at the window's edge (or an unterminated string) may be the window's,
    so the window doubles and the item is decoded again.
    """
    size = 16384
    end = len(text)
    while True:
        chunk = text[pos:pos + size]
        try:
            value, used = _DECODER.raw_decode(chunk)
            if pos + size >= end or used < len(chunk):
                return value, pos + used
        except json.JSONDecodeError as exc:
            if pos + size >= end or (exc.pos < len(chunk) - 16
                                     and not exc.msg.startswith("Unterminated string")):
                raise json.JSONDecodeError(exc.msg, chunk, exc.pos) from None
        except ValueError as exc:  # a number of thousands of digits (Python's int limit)
            raise json.JSONDecodeError(f"unreadable value ({exc})", chunk, 0) from None
        size *= 4


class _Where:
    """Line and column of positions met mostly in increasing order, counted from the last
    one (from the start each time was quadratic in a file of many broken items)."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line, self.line_start = text, 0, 1, 0

    def __call__(self, pos: int) -> tuple[int, int]:
        if pos < self.pos:
            self.pos, self.line, self.line_start = 0, 1, 0
        text = self.text
        newlines = text.count("\n", self.pos, pos)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", self.pos, pos) + 1
        self.pos = pos
        return self.line, pos - self.line_start + 1


def items_from_data(data: Any, *, name: str, report: Report, text: str = "",
                    positions: list[int] | None = None) -> Iterator[Item]:
    """Turn decoded JSON/YAML data into items, one diagnostic per problem."""
    if isinstance(data, dict) and "type" not in data and data and all(
        isinstance(v, dict) for v in data.values()
    ):
        # {"id1": {...}, "id2": {...}}: citeproc-js' items object
        records: list[Any] = [dict(v, id=v.get("id", k)) for k, v in data.items()]
    elif isinstance(data, dict):
        records = [data]
    elif isinstance(data, list):
        records = data
    else:
        report.record_failed(f"expected a list of CSL-JSON items, got {type(data).__name__}",
                             file=name, line=1)
        return
    # count lines incrementally: counting from the start for every item is quadratic
    seen_pos, seen_line = 0, 1
    for n, record in enumerate(records, start=1):
        line = None
        if positions is not None and n - 1 < len(positions):
            pos = positions[n - 1]
            if pos >= seen_pos:
                seen_line += text.count("\n", seen_pos, pos)
            else:
                seen_line = _line_col(text, pos)[0]
            seen_pos = pos
            line = seen_line
        if not isinstance(record, dict):
            report.record_failed(f"item {n} is a {type(record).__name__}, not an object",
                                 file=name, line=line, record=n)
            continue
        problems: list[str] = []
        item = item_from_json(record, problems=problems, fallback_id=f"item-{n}")
        item.origin = Origin(file=name, line=line, record=n, format="csl-json")
        for problem in problems:
            report.warning(problem, code="csl-json.validate", item=item)
        yield item


def _scan_array(text: str, start: int, name: str, report: Report
                ) -> tuple[list[Any], list[int]]:
    """Decode an array item by item, skipping (and reporting) items that do not parse."""
    values: list[Any] = []
    positions: list[int] = []
    where = _Where(text)
    pos = start
    n = 0
    end = len(text)
    closed = False
    while pos < end:
        pos = _WS.match(text, pos).end()
        if pos >= end:
            break
        if text[pos] == "]":
            after = _WS.match(text, pos + 1).end()
            if after < end and text[after] == "{" and text[pos + 1:after].count(","):
                # "}, ] , {": a stray "]" inside the list, items follow: keep reading them
                line, col = where(pos)
                report.error(f"invalid JSON: stray ']' inside the list (line {line}, column "
                             f"{col}); the items after it are read", code="syntax", file=name,
                             line=line, column=col)
                pos = after
                continue
            closed = True
            break
        n += 1
        try:
            value, new_pos = _decode_at(text, pos)
        except json.JSONDecodeError as exc:
            line, col = where(pos + exc.pos)
            report.record_failed(f"invalid JSON in item {n}: {exc.msg} (line {line}, column {col})",
                                 file=name, line=line, column=col, record=n)
            resume = pos + max(exc.pos, 1)
            if exc.msg.startswith("Invalid control character") and text[resume] in "\r\n":
                # a string left open ran to the end of its line: the next item may begin
                # right there, after the comma that ends this line
                resume = pos + len(text[pos:resume].rstrip(" \t\r,"))
            nxt = _NEXT_ITEM.search(text, resume)
            if nxt is None:
                break
            pos = nxt.start() + 1
            continue
        except RecursionError:  # json nests by recursion: thousands of "[" exhaust the stack
            line, col = where(pos)
            report.record_failed(f"item {n} is nested too deeply to read (line {line}, "
                                 f"column {col})", file=name, line=line, column=col, record=n)
            nxt = _NEXT_ITEM.search(text, pos + 1)
            if nxt is None:
                break
            pos = nxt.start() + 1
            continue
        values.append(value)
        positions.append(pos)
        pos = new_pos
    if not closed:
        line, col = _line_col(text, min(pos, end))
        report.error(f"invalid JSON: the array is not closed with ']' (line {line}, column {col})",
                     code="syntax", file=name, line=line, column=col)
    elif text[pos + 1 :].strip():
        line, col = _line_col(text, pos + 1)
        report.error(f"invalid JSON: extra data after the array (line {line}, column {col})",
                     code="syntax", file=name, line=line, column=col)
    return values, positions


class CslJsonReader(Reader):
    name = "csl-json"
    extensions = (".json", ".csljson")
    aliases = ("csljson", "json", "csl")
    description = "CSL-JSON, the citation data format of Zotero, pandoc and citeproc"

    def sniff(self, head: str) -> float:
        if _SNIFF.match(head):
            return 0.95
        stripped = head.lstrip("\ufeff \t\r\n")
        if stripped.startswith("[") and '"type"' in head:
            return 0.7
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        body = text.lstrip("\ufeff \t\r\n")
        offset = len(text) - len(body)
        if not body:
            report.warning("empty file: no items", code="empty", file=name)
            return
        if body.startswith("["):
            # item by item, so one broken item does not lose the others
            values, positions = _scan_array(text, offset + 1, name, report)
            yield from items_from_data(values, name=name, report=report, text=text,
                                       positions=positions)
            return
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            line, col = _line_col(text.lstrip("\ufeff"), exc.pos)
            report.record_failed(f"invalid JSON: {exc.msg} (line {line}, column {col})",
                                 file=name, line=line, column=col)
            return
        except RecursionError:
            report.record_failed("invalid JSON: nested too deeply to read", file=name, line=1)
            return
        yield from items_from_data(data, name=name, report=report)
