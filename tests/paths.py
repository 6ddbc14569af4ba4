"""Where the tests find the repository's fixtures and the read-only ``../shared`` folder."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = Path(os.environ.get("CITESHIFT_SHARED", REPO.parent / "shared"))
CONFORMANCE = SHARED / "conformance"
