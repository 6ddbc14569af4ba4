"""What must hold for every input a reader is given, however broken."""

from __future__ import annotations

import json

from citeshift import api, registry
from citeshift.diagnostics import Report
from citeshift.io import decode
from citeshift.model import vocab
from citeshift.model.item import Item


def read_checked(fmt: str, data: bytes) -> tuple[list[Item], Report]:
    """Read ``data`` as ``fmt`` and check the invariants; return the items and report.

    - no exception escapes the reader (problems become diagnostics);
    - every yielded item is well formed (string id, CSL type) and its CSL-JSON is
      valid JSON that the CSL-JSON reader takes back unchanged: the pivot is lossless
      for anything any reader produces;
    - the counts add up: records in = items read + records that failed.
    """
    report = Report()
    text = decode(data, name="fuzz", report=report)
    reader = registry.get_reader(fmt)
    items = list(reader.read(text, name="fuzz", report=report, options={}))
    report.records_read = len(items)
    for item in items:
        assert isinstance(item, Item)
        assert isinstance(item.id, str) and item.id
        assert item.type in vocab.ITEM_TYPES, item.type
        data_json = item.to_json()
        encoded = json.dumps([data_json], ensure_ascii=False)
        back = api.parse(encoded, fmt="csl-json", report=Report())
        assert len(back) == 1
        assert back[0].to_json() == data_json
    assert report.records_in == len(items) + report._read_failures
    return items, report
