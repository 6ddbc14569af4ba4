"""Known-failures ratchet for the external conformance suites in ``../shared/conformance``.

Each suite has a data file ``known_failures/<suite>.txt``: one case id a line,
``#`` starts a comment giving the reason. Listed cases run as
``xfail(strict=True)``, so a case that starts passing fails the run until it is
taken off the list: the list can only shrink. Cases whose folder is absent are
skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tests.paths import CONFORMANCE

KNOWN_DIR = Path(__file__).parent / "known_failures"


def known_failures(suite: str) -> dict[str, str]:
    path = KNOWN_DIR / f"{suite}.txt"
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        case, _, reason = line.partition("#")
        out[case.strip()] = reason.strip() or "known failure"
    return out


def cases(suite: str, folder: str | Path, pattern: str = "*") -> list[Any]:
    """pytest params for every case folder/file under ``CONFORMANCE/folder`` matching ``pattern``.

    Returns a single skipped param when the shared folder is missing, so that the
    test still shows up (as skipped, with the reason) on machines without it.
    """
    base = CONFORMANCE / folder
    if not base.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{base} not found (conformance data lives in ../shared)"),
                         id="absent")]
    known = known_failures(suite)
    params = []
    for path in sorted(base.glob(pattern)):
        case_id = path.name if path.parent == base else str(path.relative_to(base))
        marks = []
        if case_id in known:
            marks.append(pytest.mark.xfail(strict=True, reason=known[case_id]))
        params.append(pytest.param(path, marks=marks, id=case_id))
    return params


def stale_entries(suite: str, ids: Iterable[str]) -> list[str]:
    """Known-failure ids that no longer name a case (so the list stays honest)."""
    present = set(ids)
    return [k for k in known_failures(suite) if k not in present]
