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


#: messages whose wording may differ between reading a file whole and in pieces (see
#: ``test_streaming.py`` and ``docs/batch.md``)
WORDED_APART = frozenset({"encoding", "bibtex.duplicate-key", "ris.stray-text"})


def _reading(path: str, fmt: str, *, stream: bool, piece: int, block: int) -> tuple:
    """Items (id, line, record, CSL-JSON), counts and messages of one reading of ``path``."""
    import re

    import citeshift.io
    from citeshift import batch

    saved = batch.STREAM_BYTES, batch.PIECE_BYTES, citeshift.io.STREAM_BLOCK
    batch.STREAM_BYTES = 0 if stream else 1 << 60
    batch.PIECE_BYTES, citeshift.io.STREAM_BLOCK = piece, block
    try:
        report = Report()
        plan = [(batch.InputFile(path, "in"), fmt)]
        items = [(i.id, i.origin.line if i.origin else None,
                  i.origin.record if i.origin else None, i.to_json())
                 for i in batch.Reading(plan, report=report, jobs=1, options={},
                                        encoding=None).items()]
    finally:
        batch.STREAM_BYTES, batch.PIECE_BYTES, citeshift.io.STREAM_BLOCK = saved
    messages = sorted(d.format() for d in report.diagnostics if d.code not in WORDED_APART)
    # whether a mixed encoding was told at all (a duplicate key in another piece is told
    # as a renamed id when ids are made unique, after reading)
    told_apart = {d.code for d in report.diagnostics if d.code == "encoding"}
    stray = sum(int(re.search(r"ignored (\d+)", d.message).group(1))
                for d in report.diagnostics if d.code == "ris.stray-text")
    counts = (report.records_in, report.records_read, report.records_failed, stray)
    return items, counts, messages, told_apart


def stream_matches_whole(fmt: str, path: str, *, piece: int, block: int) -> None:
    """Reading ``path`` a piece at a time gives what reading it whole gives: the same
    items (every variable, id, line and record number), counts and messages."""
    whole = _reading(path, fmt, stream=False, piece=piece, block=block)
    streamed = _reading(path, fmt, stream=True, piece=piece, block=block)
    assert streamed[0] == whole[0], "items differ"
    assert streamed[1] == whole[1], "counts differ"
    assert streamed[2] == whole[2], "messages differ"
    assert streamed[3] == whole[3], "messages told apart differ"
