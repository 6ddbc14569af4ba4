"""CSL-JSON writer: one JSON array, streamed item by item, UTF-8, nothing dropped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.csljson.layout import Unusual, item_text
from citeshift.model.item import Item

# Arrays of numbers (date-parts) spread over lines read badly; a match must start with
# "[\n", which cannot occur inside a JSON string, so string values are never touched.
_NUM_ARRAY = re.compile(r"\[\n\s*(-?\d+(?:,\n\s*-?\d+)*)\n\s*\]")
_ARRAY_OF_ARRAYS = re.compile(r"\[\n\s*(\[[-\d, ]*\](?:,\n\s*\[[-\d, ]*\])*)\n\s*\]")


def _compact(text: str) -> str:
    text = _NUM_ARRAY.sub(lambda m: "[" + ", ".join(re.split(r",\s*", m[1])) + "]", text)
    return _ARRAY_OF_ARRAYS.sub(lambda m: "[" + ", ".join(re.split(r",\n\s*", m[1])) + "]", text)


class CslJsonWriter(Writer):
    name = "csl-json"
    extensions = (".json",)
    aliases = ("csljson", "json", "csl")
    description = "CSL-JSON array (custom data under custom.citeshift)"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        indent = (options or {}).get("indent", 2)
        count = 0
        out.write("[")
        fast = type(indent) is int and indent > 0
        for item in items:
            data = item.to_json()
            text = None
            if fast:
                try:
                    text = item_text(data, indent)
                except Unusual:
                    text = None
            if text is None:
                text = json.dumps(data, ensure_ascii=False, indent=indent)
                if indent:
                    text = _compact(text)
                    text = "\n".join("  " + line for line in text.split("\n"))
            out.write(("," if count else "") + "\n" + text)
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count
