"""Bytes in, text out, once, at the edge; and output files that are never half-written.

Readers only ever see ``str``. Encodings are settled here: a BOM wins, then
UTF-16 without BOM (many NULs), then strict UTF-8, and Windows-1252 as the
fallback with a warning, because files from Windows reference managers are
still cp1252 more often than anything else.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from citeshift.diagnostics import Report

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def detect_encoding(data: bytes) -> tuple[str, int]:
    """Return (encoding, bytes of BOM to skip) for the likely encoding of ``data``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        return ("utf-16-be" if even_nuls > odd_nuls else "utf-16-le"), 0
    return "utf-8", 0


def decode(data: bytes, *, name: str, report: Report, encoding: str | None = None) -> str:
    """Decode ``data`` to text; warn (naming the file) when a fallback was needed."""
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            report.warning(f"cannot decode as {encoding} ({exc}); guessing the encoding",
                           code="encoding", file=name)
    enc, skip = detect_encoding(data)
    body = data[skip:]
    try:
        return body.decode(enc)
    except UnicodeDecodeError as exc:
        if enc != "utf-8":
            report.warning(f"invalid {enc} at byte {exc.start}; undecodable bytes replaced",
                           code="encoding", file=name)
            return body.decode(enc, errors="replace")
        return _decode_mixed(body, name=name, report=report, first_bad=exc.start)


def _decode_mixed(body: bytes, *, name: str, report: Report, first_bad: int) -> str:
    """UTF-8 where a line is valid UTF-8, Windows-1252 where it is not.

    Files edited over the years often mix the two; decoding the whole file as
    cp1252 would garble every correct UTF-8 character in it.
    """
    line_no = body[:first_bad].count(b"\n") + 1
    lines = body.split(b"\n")
    out: list[str] = []
    fallback = 0
    utf8_nonascii = 0
    for raw in lines:
        try:
            text = raw.decode("utf-8")
            if not raw.isascii():
                utf8_nonascii += 1
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            fallback += 1
        out.append(text)
    if utf8_nonascii:
        report.warning(
            f"mixed encodings: {fallback} line(s) are not valid UTF-8 (first at line {line_no}); "
            "those lines read as Windows-1252",
            code="encoding", file=name, line=line_no,
        )
    else:
        report.warning(
            f"not valid UTF-8 (first bad byte at line {line_no}); read as Windows-1252",
            code="encoding", file=name, line=line_no,
        )
    return "\n".join(out)


#: bytes read at a time when a file is streamed (:func:`iter_text`)
STREAM_BLOCK = 1 << 20


def line_safe(encoding: str) -> bool:
    """Whether bytes of ``encoding`` can be cut after any ``\\n`` byte (ASCII-compatible
    encodings, UTF-8 and the East Asian multi-byte ones, whose trail bytes are never
    0x0A), so a file can be decoded a block of whole lines at a time."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return False
    return "\n".encode(info.name) == b"\n" and not info.name.startswith(("utf-16", "utf-32"))


def stream_encoding(head: bytes, encoding: str | None) -> tuple[str, int] | None:
    """(encoding, BOM bytes to skip) when a file starting with ``head`` can be decoded a
    block of lines at a time; None when it must be decoded whole (UTF-16/32)."""
    if encoding:
        return (codecs.lookup(encoding).name, 0) if line_safe(encoding) else None
    enc, skip = detect_encoding(head)
    return (enc, skip) if enc == "utf-8" else None


def iter_text(path: str | Path, *, name: str, report: Report, encoding: str | None = None,
              block: int | None = None) -> Iterator[str]:
    """The decoded text of a file as blocks of whole lines, without holding the file.

    Joined, the blocks are what :func:`decode` gives, with one difference in how a
    problem is told: a mixed-encoding file gets one warning at its first bad line (the
    count of such lines is not known yet). Callers check :func:`stream_encoding` first.
    """
    block = block or STREAM_BLOCK
    with open(path, "rb") as fh:
        head = fh.read(max(block, 4096))  # the bytes detect_encoding looks at, whole
        plan = stream_encoding(head, encoding)
        if plan is None:
            raise ValueError(f"{name}: cannot be decoded a block at a time")
        enc, skip = plan
        parts = [head[skip:]]
        line = 1
        warned = False
        while True:
            more = fh.read(block)
            if more:
                nl = more.rfind(b"\n")
                if nl < 0:  # a line longer than a block: read on
                    parts.append(more)
                    continue
                parts.append(more[:nl + 1])
                chunk = b"".join(parts)
                parts = [more[nl + 1:]]
            else:
                chunk = b"".join(parts)
            if chunk:
                try:
                    text = chunk.decode(enc)
                except UnicodeDecodeError as exc:
                    text, warned = _decode_block(chunk, enc, exc, name=name, report=report,
                                                 line=line, warned=warned)
                line += text.count("\n")
                yield text
            if not more:
                return


def _decode_block(chunk: bytes, enc: str, exc: UnicodeDecodeError, *, name: str,
                  report: Report, line: int, warned: bool) -> tuple[str, bool]:
    """A block that is not valid ``enc``: UTF-8 falls back to Windows-1252 line by line
    (as :func:`_decode_mixed`), any other encoding gets its bad bytes replaced."""
    first = line + chunk[:exc.start].count(b"\n")
    if enc != "utf-8":
        if not warned:
            report.warning(f"invalid {enc} on line {first}; undecodable bytes replaced",
                           code="encoding", file=name, line=first)
        return chunk.decode(enc, errors="replace"), True
    out: list[str] = []
    for raw in chunk.split(b"\n"):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("cp1252", errors="replace"))
    if not warned:
        report.warning(f"not valid UTF-8 (first bad byte at line {first}); lines that are not "
                       "valid UTF-8 are read as Windows-1252", code="encoding", file=name,
                       line=first)
    return "\n".join(out), True


def read_path(path: str | Path, *, report: Report, encoding: str | None = None) -> str:
    data = Path(path).read_bytes()
    return decode(data, name=str(path), report=report, encoding=encoding)


def _final_mode(target: Path) -> int:
    """The mode an ordinary ``open(target, "w")`` would give (mkstemp makes files 0600)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: str | Path, *, binary: bool = False, newline: str | None = None
                  ) -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    An interrupted run leaves the old file (or none), never a truncated one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if binary:
            fh: IO = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with fh:
            yield fh
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
