"""The check every format's fixtures share: ``<name>.<ext>`` reads to ``<name>.csl.json``."""

from __future__ import annotations

import json
from pathlib import Path

from citeshift import api
from citeshift.diagnostics import Report


def assert_reads_to_expected_csl_json(path: Path) -> None:
    """Read ``path`` with its format detected from content, compare with the expected
    CSL-JSON beside it, and check that the counts add up."""
    report = Report()
    items = api.read(path, report=report)
    expected = json.loads(path.with_suffix(".csl.json").read_text(encoding="utf-8"))
    assert [i.to_json() for i in items] == expected
    assert report.records_in == len(items) + report.records_failed
