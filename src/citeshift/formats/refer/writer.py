"""EndNote tagged writer (``.enw``): ``%0`` type line first, one tag a line, a blank line between records.

This is the format EndNote imports with its "EndNote Import" filter and Zotero
with its Refer/BibIX translator. The fields and their per-type meaning are
those of the EndNote XML writer (:mod:`citeshift.formats.endnote_xml.convert`);
only the spelling differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from citeshift.diagnostics import Report
from citeshift.formats.base import Options, Writer
from citeshift.formats.endnote_xml import mapping
from citeshift.formats.endnote_xml.convert import item_to_record
from citeshift.formats.lines import ASCII_SPACE
from citeshift.formats.refer import tags
from citeshift.model.item import Item
from citeshift.model.richtext import strip_markup

FORMAT = "refer"
_ORDER = {tag: i for i, tag in enumerate(tags.WRITE_ORDER)}


def _one_line(value: str) -> str:
    """Continuation lines must not look like tags; blank lines would end the record."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.strip(ASCII_SPACE) for ln in value.split("\n") if ln.strip(ASCII_SPACE)]
    return "\n".join((" " + ln) if i and ln.startswith("%") else ln for i, ln in enumerate(lines))


class ReferWriter(Writer):
    name = FORMAT
    extensions = (".enw", ".refer")
    aliases = ("enw", "endnote", "endnote-tagged")
    description = "EndNote tagged (.enw), readable by EndNote, Zotero and refer tools"

    def write(self, items: Iterable[Item], out: IO, *, report: Report,
              options: Options | None = None) -> int:
        count = 0
        if str((options or {}).get("bom", "")).lower() in ("1", "true", "yes"):
            # for importers that only recognise UTF-8 by its byte-order mark
            out.write("\ufeff")
        for item in items:
            record = item_to_record(item, report=report, target=FORMAT)
            periodical = record.type_name in mapping.PERIODICAL_TYPES
            role_tags = {per[record.type_name]: tag for tag, per in tags.TAGGED_ROLE_OVERRIDES.items()
                         if record.type_name in per}
            lines: list[tuple[str, str]] = [("%0", record.type_name or "Generic")]
            journals = {v for f, v in record.fields if f == "secondary-title"}
            marked: dict[str, None] = {}  # variables whose markup is dropped, in order
            for fld, value in record.fields:
                var = mapping.field_variable(fld, record.type_name)
                if fld == "secondary-title" and periodical:
                    tag = "%J"
                elif fld == "full-title" and periodical:
                    if value in journals:
                        continue  # the journal is written once, from secondary-title
                    tag = "%J"
                else:
                    tag = (role_tags.get(var or "") or tags.FIELD_TAGS.get(fld)
                           or tags.FIELD_TAG_FALLBACK.get(fld))
                if tag is None:
                    report.lossy(item, fld, FORMAT, "EndNote tagged has no tag for it")
                    continue
                text = value if var == "URL" else strip_markup(value)  # "<i>" in a URL is text
                if text != value:
                    marked[var or fld] = None
                lines.append((tag, _one_line(text)))
            for key, value in record.extra:
                if key.startswith("%") and len(key) == 2:
                    lines.append((key, _one_line(value)))
                else:
                    report.lossy(item, key, FORMAT, "a field of the source file with no tag")
            for var in marked:
                report.lossy(item, var, FORMAT, "markup (italics and other formatting) is "
                             "written as plain text")
            lines.sort(key=lambda p: _ORDER.get(p[0], len(_ORDER)))
            if count:
                out.write("\n")
            for tag, value in lines:
                if value or tag == "%0":
                    out.write(f"{tag} {value}\n")
            count += 1
        return count
