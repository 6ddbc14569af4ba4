"""Inputs: a file, standard input or a string, decoded once and with its format settled.

Shared by :mod:`citeshift.api` (the library calls) and :mod:`citeshift.batch` (many
inputs, pieces, processes), which both need it and neither should import the other
for it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from citeshift import registry
from citeshift.diagnostics import Report
from citeshift.errors import InputError
from citeshift.io import decode, detect_encoding

STDIN = "-"
#: how much of an input the sniffers see
SNIFF_BYTES = 16384


@dataclass(slots=True)
class Source:
    """One decoded input, ready for a reader."""

    name: str
    text: str
    format: str


def _read_bytes(path: str | Path) -> bytes:
    if str(path) == STDIN:
        if STDIN in _stdin_cache:
            return _stdin_cache.pop(STDIN)
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def open_source(path: str | Path, *, fmt: str | None = None, report: Report,
                encoding: str | None = None) -> Source:
    """Read and decode one input file (``-`` for stdin) and settle its format."""
    name = "<stdin>" if str(path) == STDIN else str(path)
    text = decode(_read_bytes(path), name=name, report=report, encoding=encoding)
    return text_source(text, name=name, fmt=fmt)


def text_source(text: str, *, name: str = "<string>", fmt: str | None = None) -> Source:
    if fmt is None:
        fmt = registry.detect(text[:SNIFF_BYTES], None if name.startswith("<") else name)
    else:
        fmt = registry.get_reader(fmt).name
    return Source(name=name, text=text, format=fmt)


_stdin_cache: dict[str, bytes] = {}


def detect_format(path: str, fmt: str | None = None) -> str:
    """The format of ``path`` (``-`` for stdin), from ``fmt`` or by sniffing its head.

    Only the first few KiB are read, so every input's format is settled before any
    output is written (a usage error never leaves half an output behind)."""
    if fmt is not None:
        return registry.get_reader(fmt).name
    if path == STDIN:
        head_bytes = _read_bytes(STDIN)
        _stdin_cache[STDIN] = head_bytes
    else:
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory")
        try:
            with open(path, "rb") as fh:
                head_bytes = fh.read(SNIFF_BYTES)
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
    enc, skip = detect_encoding(head_bytes)
    head = head_bytes[skip:SNIFF_BYTES].decode(enc, errors="ignore")
    name = None if path == STDIN else path
    return registry.detect(head, name)


