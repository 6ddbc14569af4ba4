from __future__ import annotations

import pytest

from citeshift.diagnostics import Report
from tests.paths import FIXTURES, SHARED


@pytest.fixture
def report() -> Report:
    return Report()


@pytest.fixture
def fixtures_dir():
    return FIXTURES


@pytest.fixture
def shared_dir():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not found")
    return SHARED
