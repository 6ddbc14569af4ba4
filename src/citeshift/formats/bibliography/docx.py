"""Word (.docx): the formatted list, as authors paste it into a manuscript.

Written by pandoc (the wheel's binary) from HTML, each entry a paragraph in
Word's own "Bibliography" style, which gets a hanging indent; italics, bold and
small caps come through as Word formatting. Needs pandoc: with citeproc-py
alone there is no .docx writer, and the error says so.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from typing import IO, Any

from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.formats.bibliography.base import BibliographyWriter
from citeshift.render import Bibliography
from citeshift.render.pandoc import pandoc_path

#: Word's own "Bibliography" paragraph style, given a hanging indent and space after
_BIB_STYLE = '<w:style w:styleId="Bibliography" w:type="paragraph">'
_BIB_PPR = '<w:pPr><w:spacing w:after="120"/><w:ind w:left="720" w:hanging="720"/></w:pPr>'


def _document(bib: Bibliography) -> str:
    """HTML whose entries pandoc writes as paragraphs in Word's "Bibliography" style."""
    paras = []
    for entry in bib.entries:
        label = f"{entry.label} " if entry.label else ""
        paras.append(f'<div custom-style="Bibliography"><p>{label}{entry.html}</p></div>')
    return ("<html><head><meta charset=\"utf-8\"><title>References</title></head><body>"
            + "\n".join(paras) + "</body></html>")


def _hanging_indent(docx: bytes) -> bytes:
    """Give the Bibliography style its hanging indent (pandoc's template leaves it plain)."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/styles.xml":
                text = data.decode("utf-8")
                start = text.find(_BIB_STYLE)
                if start >= 0:
                    end = text.find("</w:style>", start)
                    block = text[start:end]
                    block = block.replace("<w:pPr />", _BIB_PPR).replace("<w:pPr/>", _BIB_PPR)
                    text = text[:start] + block + text[end:]
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


class DocxWriter(BibliographyWriter):
    name = "docx"
    extensions = (".docx",)
    aliases = ("word",)
    description = "Formatted bibliography as a Word document (needs pypandoc-binary)"
    binary = True

    def emit(self, bib: Bibliography, out: IO, *, options: dict[str, Any],
             report: Report) -> None:
        binary = pandoc_path()
        if binary is None:
            raise CiteshiftError("--to docx needs the pandoc binary of the pypandoc-binary "
                                 "package, which is not installed; use --to rtf or --to html")
        proc = subprocess.run([binary, "-f", "html", "-t", "docx", "-o", "-"],
                              input=_document(bib).encode("utf-8"), capture_output=True,
                              check=False)
        if proc.returncode != 0:
            raise CiteshiftError("pandoc could not write the Word document: "
                                 + proc.stderr.decode("utf-8", "replace").strip())
        out.write(_hanging_indent(proc.stdout))
