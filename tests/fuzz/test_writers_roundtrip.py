"""Every writer round-trips what it does not report as lost.

For random items (``tests/strategies.py``: every CSL type, names, dates, markup, RTL and
combining marks, characters special to each format), each writer that citeshift also
reads is asked to write one item, and its own reader reads it back. Every variable must
come back *equal*, unless the writer reported it lossy (``Report.lossy``): that is the
contract "nothing is dropped or changed silently".

Known silent changes are listed, per writer and variable, in
``tests/fuzz/known_roundtrip_changes.txt``, collected with the long profile
(``CITESHIFT_FUZZ=long``): a change not listed fails the test. The list only shrinks:
each line is a bug or an undocumented normalisation for the writer's owner to settle.
(Which examples hypothesis draws depends on the modules loaded, so a listed change
that a CI run does not meet is not an error.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.model.item import Item
from tests.fuzz.profiles import fuzz_settings
from tests.strategies import items

KNOWN_FILE = Path(__file__).with_name("known_roundtrip_changes.txt")
#: writer -> the reader of the same format
READER = {"bibtex": "bibtex", "biblatex": "bibtex", "bibtxt": "bibtxt", "ris": "ris",
          "endnote-xml": "endnote-xml", "refer": "refer", "nbib": "nbib",
          "csl-json": "csl-json", "csl-yaml": "csl-yaml"}


def _known() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in KNOWN_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            fmt, var = line.split()
            out.setdefault(fmt, set()).add(var)
    return out


def changed_silently(fmt: str, item: Item) -> dict[str, tuple[object, object]]:
    """The variables of ``item`` that come back different without a lossy report."""
    report = Report()
    out = io.StringIO()
    registry.get_writer(fmt).write([item], out, report=report, options={})
    lossy = {d.message.split(" ", 1)[0] for d in report.diagnostics if d.code == "lossy"}
    if report.records_failed:
        return {}
    back = list(registry.get_reader(READER[fmt]).read(out.getvalue(), name="rt",
                                                      report=Report(), options={}))
    assert len(back) == 1, out.getvalue()
    return {var: (value, back[0].vars.get(var)) for var, value in item.vars.items()
            if var not in lossy and back[0].vars.get(var) != value}


@pytest.mark.parametrize("fmt", sorted(READER))
def test_writer_round_trips_every_variable_it_does_not_report(fmt: str) -> None:
    known = _known().get(fmt, set())
    seen: dict[str, tuple[object, object]] = {}

    @fuzz_settings(25)
    @given(items())
    def check(item: Item) -> None:
        for var, pair in changed_silently(fmt, item).items():
            seen.setdefault(var, pair)

    check()
    new = {var: pair for var, pair in seen.items() if var not in known}
    assert not new, "\n".join(
        f"{fmt} {var}  # e.g. {pair[0]!r:.60} -> {pair[1]!r:.60}" for var, pair in new.items())


def test_every_writer_with_a_reader_is_checked() -> None:
    both = {name for name, cls in registry.writers().items() if not cls.renders
            and (name in registry.readers() or name == "biblatex")}
    assert both == set(READER)
