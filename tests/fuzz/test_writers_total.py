"""Every writer is total: any item the model can hold is written without an exception,
and where citeshift also reads the format, the output reads back to as many items."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeshift import registry
from citeshift.diagnostics import Report
from tests.fuzz.profiles import fuzz_settings
from tests.strategies import items

WRITERS = sorted(registry.writers())
#: a formatted bibliography runs a CSL engine (pandoc's citeproc, a process per call):
#: fewer examples in CI, where 25 cost a minute for the five of them
SETTINGS = fuzz_settings(25)
RENDER_SETTINGS = fuzz_settings(6)


@pytest.mark.parametrize("fmt", WRITERS)
def test_writer_is_total_and_readable_back(fmt):
    writer = registry.get_writer(fmt)
    readers = registry.readers()

    @(RENDER_SETTINGS if getattr(writer, "renders", False) else SETTINGS)
    @given(st.lists(items(), min_size=1, max_size=3, unique_by=lambda i: i.id))
    def check(batch):
        report = Report()
        out = io.BytesIO() if writer.binary else io.StringIO()
        count = writer.write(iter(batch), out, report=report, options={})
        assert count + report.records_failed == len(batch)
        # A formatted bibliography is output for people: reading it back is the text
        # parser's job, measured by its own benchmarks, not an invariant of the writer.
        if fmt in readers and not writer.binary and not getattr(writer, "renders", False):
            back_report = Report()
            reader = registry.get_reader(fmt)
            back = list(reader.read(out.getvalue(), name="rt", report=back_report, options={}))
            assert len(back) == count, back_report.diagnostics

    check()
