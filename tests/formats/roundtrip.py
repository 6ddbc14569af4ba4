"""Write one item and read it back: the check the tagged formats' round-trip tests share."""

from __future__ import annotations

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.model.item import Item


def round_trip(fmt: str, item: Item) -> tuple[Item, list[str], str]:
    """(the item read back, the variables the writer reported lossy, the text written,
    with ``\\n`` line ends) for ``item`` written as ``fmt`` and read by citeshift."""
    report = Report()
    text = api.write([item], fmt=fmt, report=report)
    assert isinstance(text, str)
    text = text.replace("\r\n", "\n")
    lossy = [d.message.split(" ", 1)[0] for d in report.diagnostics if d.code == "lossy"]
    back = api.parse(text, fmt=fmt, report=Report())
    assert len(back) == 1
    return back[0], lossy, text
