"""Build scaled copies of ../shared/corpus/real.bib for the batch benchmarks (never committed).

``real.bib`` holds 14,418 entries from 7 public bibliographies (see its SOURCES.md).
A scaled file keeps every ``@string``/``@preamble`` block once, at the top, then
cycles through the entries; copies after the first get ``-cN`` appended to their
keys (and to ``crossref``/``xref`` values) so keys stay unique.

``peer_safe`` drops the entries that make pandoc or citation-js abort the *whole*
file (``%``-commented fields inside an entry, unbalanced ``$``, entries citation-js
rejects), so that the peers can be timed at all. citeshift is timed on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

_START = re.compile(r"^[ \t]*@", re.M)
_HEAD = re.compile(r"^[ \t]*@\s*(\w+)\s*([{(])\s*([^,\s]*)", re.S)
_XREF = re.compile(r"(\b(?:crossref|xref)\s*=\s*[{\"]\s*)([^}\"]+?)(\s*[}\"])", re.I)


def split_blocks(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(``@string``/``@preamble`` blocks, [(key, entry text)]); comments are dropped."""
    starts = [m.start() for m in _START.finditer(text)]
    header: list[str] = []
    entries: list[tuple[str, str]] = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        block = text[a:b]
        m = _HEAD.match(block)
        if not m:
            continue
        kind = m.group(1).lower()
        if kind in ("string", "preamble"):
            header.append(block.rstrip() + "\n\n")
        elif kind != "comment":
            entries.append((m.group(3), block.rstrip() + "\n\n"))
    return header, entries


def _rekey(block: str, key: str, copy: int) -> str:
    if copy == 0:
        return block
    suffix = f"-c{copy}"
    m = _HEAD.match(block)
    if m:
        block = block[: m.end(3)] + suffix + block[m.end(3):]
    return _XREF.sub(lambda m: m.group(1) + m.group(2) + suffix + m.group(3), block)


def scaled(header: list[str], entries: list[tuple[str, str]], n: int) -> str:
    parts = list(header)
    for i in range(n):
        key, block = entries[i % len(entries)]
        parts.append(_rekey(block, key, i // len(entries)))
    return "".join(parts)


def _comment_line_inside(block: str) -> bool:
    return any(line.lstrip().startswith("%") for line in block.splitlines()[1:])


def _odd_dollars(block: str) -> bool:
    return (block.count("$") - block.count("\\$")) % 2 == 1


def _closes_early(block: str) -> bool:
    """Braces that close the entry before its last field (``Year = {2012}}`` then more)."""
    body = block.replace("\\{", "").replace("\\}", "").rstrip()
    depth = 0
    for i, c in enumerate(body):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth <= 0:
                return i != len(body) - 1 or depth < 0
    return depth != 0


_NO_COMMA = re.compile(r"[}\"]\s*\n\s*[\w-]+\s*=")


def _missing_comma(block: str) -> bool:
    return bool(_NO_COMMA.search(block))


HEURISTICS: tuple[Callable[[str], bool], ...] = (_comment_line_inside, _odd_dollars,
                                                 _closes_early, _missing_comma)


def peer_safe(entries: Iterable[tuple[str, str]],
              also_bad: set[str] = frozenset()) -> list[tuple[str, str]]:
    return [(k, b) for k, b in entries
            if k not in also_bad and not any(h(b) for h in HEURISTICS)]


def build(real: Path, out_dir: Path, sizes: Iterable[int], *, safe: bool = False,
          bad_keys: set[str] = frozenset()) -> dict[int, Path]:
    header, entries = split_blocks(real.read_text(encoding="utf-8"))
    if safe:
        entries = peer_safe(entries, bad_keys)
    out: dict[int, Path] = {}
    for n in sizes:
        path = out_dir / f"{'safe' if safe else 'real'}-{n}.bib"
        path.write_text(scaled(header, entries, n), encoding="utf-8")
        out[n] = path
    return out
