"""Seed inputs for fuzzing: every fixture file, grouped by the reader that detects it."""

from __future__ import annotations

import functools
from pathlib import Path

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.io import decode
from tests.paths import FIXTURES

#: files larger than this are not used as seeds (keeps each example fast)
MAX_SEED = 64 * 1024


@functools.cache
def seeds_by_format() -> dict[str, list[bytes]]:
    out: dict[str, list[bytes]] = {}
    for path in sorted(FIXTURES.rglob("*")):
        if not path.is_file() or path.stat().st_size > MAX_SEED:
            continue
        data = path.read_bytes()
        text = decode(data, name=str(path), report=Report())
        try:
            fmt = registry.detect(text[:16384], str(path))
        except CiteshiftError:
            continue
        out.setdefault(fmt, []).append(data)
    # a reader without fixtures (yet) is seeded with generated records, never left unfuzzed
    from tests.fuzz import pathological

    for fmt in registry.readers():
        if fmt not in out and fmt in pathological.RECORD:
            out[fmt] = [pathological.build(fmt, "many-records", 2000),
                        pathological.authors_file(fmt, 3)]
    return out


def seed_files() -> list[Path]:
    return [p for p in sorted(FIXTURES.rglob("*")) if p.is_file() and p.stat().st_size <= MAX_SEED]
