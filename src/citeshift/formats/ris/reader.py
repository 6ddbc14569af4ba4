"""RIS reader: tolerant of every dialect we have met, strict in what it reports."""

from __future__ import annotations

import re
from collections.abc import Iterator

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Reader
from citeshift.formats.ris.build import RecordBuilder
from citeshift.formats.ris.records import split_records
from citeshift.model.item import Item

_SNIFF_TY = re.compile(r"^[ \t]*TY {1,2}- ", re.MULTILINE)
_SNIFF_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ", re.MULTILINE)
#: Tags only MEDLINE (.nbib) has: its two-letter tags look like RIS, these do not.
_MEDLINE_TAG = re.compile(r"^(?:PMID|OWN |FAU |STAT|DCOM|LID |AID |PHST)- ", re.MULTILINE)


class RisReader(Reader):
    name = "ris"
    extensions = (".ris",)
    aliases = ("refman", "endnote-ris")
    description = "RIS (EndNote, Zotero, Mendeley, Scopus, Web of Science, Ovid, EBSCO, ...)"

    def sniff(self, head: str) -> float:
        if _SNIFF_TY.search(head):
            return 0.95 if not _MEDLINE_TAG.search(head) else 0.6
        if _MEDLINE_TAG.search(head):
            return 0.0
        tags = len(_SNIFF_TAG.findall(head))
        if tags >= 3 and re.search(r"^[ \t]*(ER|PT)  -", head, re.MULTILINE):
            return 0.8
        return 0.0

    def read(self, text: str, *, name: str, report: Report,
             options: Options | None = None) -> Iterator[Item]:
        builder = RecordBuilder(name=name, report=report)
        index = 0
        for raw in split_records(text.lstrip("\ufeff"), name=name, report=report):
            index += 1
            if not any(value.strip() for _tag, value, _ in raw.fields):
                report.record_failed(
                    f"record {index} (lines {raw.line}-{raw.end_line}) has no fields, "
                    "only its TY line", file=name, line=raw.line, record=index)
                continue
            try:
                item = builder.build(raw, index)
            except Exception as exc:  # one bad record must never stop the others
                report.record_failed(f"record {index} could not be read: "
                                     f"{type(exc).__name__}: {exc}",
                                     file=name, line=raw.line, record=index)
                continue
            yield item
