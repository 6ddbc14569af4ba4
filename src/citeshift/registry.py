"""Finding readers and writers: entry points, aliases, extensions and sniffing.

Built-in formats are registered through the same ``citeshift.readers`` and
``citeshift.writers`` entry-point groups as third-party ones, and loaded only
when first needed so that start-up stays fast. ``register_*`` adds a class at
run time (tests, notebooks) and takes precedence over installed plugins.
"""

from __future__ import annotations

import difflib
import os
from importlib.metadata import entry_points

from citeshift.errors import DetectionError, UnknownFormatError
from citeshift.formats.base import Reader, Writer

READERS_GROUP = "citeshift.readers"
WRITERS_GROUP = "citeshift.writers"

_loaded: dict[str, dict[str, type]] = {}
_runtime: dict[str, dict[str, type]] = {READERS_GROUP: {}, WRITERS_GROUP: {}}
_broken: dict[str, dict[str, str]] = {READERS_GROUP: {}, WRITERS_GROUP: {}}


def _load(group: str) -> dict[str, type]:
    if group not in _loaded:
        found: dict[str, type] = {}
        for ep in entry_points(group=group):
            if ep.name in found:
                continue
            try:
                cls = ep.load()
            except Exception as exc:  # a broken plugin must not break the others
                _broken[group][ep.name] = f"{type(exc).__name__}: {exc}"
                continue
            found[ep.name] = cls
        _loaded[group] = found
    merged = dict(_loaded[group])
    merged.update(_runtime[group])
    return merged


def readers() -> dict[str, type[Reader]]:
    return _load(READERS_GROUP)  # type: ignore[return-value]


def writers() -> dict[str, type[Writer]]:
    return _load(WRITERS_GROUP)  # type: ignore[return-value]


def broken_plugins() -> dict[str, dict[str, str]]:
    """Plugins whose import failed, by group, with the error (shown by ``citeshift formats``)."""
    readers()
    writers()
    return {g: dict(v) for g, v in _broken.items()}


def register_reader(cls: type[Reader]) -> None:
    _runtime[READERS_GROUP][cls.name] = cls


def register_writer(cls: type[Writer]) -> None:
    _runtime[WRITERS_GROUP][cls.name] = cls


def unregister(name: str) -> None:
    for table in _runtime.values():
        table.pop(name, None)


def _resolve(table: dict[str, type], name: str, role: str) -> type:
    key = name.strip().lower()
    if key in table:
        return table[key]
    for cls in table.values():
        if key in getattr(cls, "aliases", ()):
            return cls
    known = sorted(table)
    close = difflib.get_close_matches(key, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownFormatError(
        f"unknown {role} format {name!r}{hint} (available: {', '.join(known)})"
    )


_single: dict[tuple[str, str], type] = {}


def _load_one(group: str, name: str) -> type | None:
    """Load just the plugin called ``name``, so that ``--from ris --to bibtex`` does not
    import every other format (start-up time matters for a command-line tool)."""
    key = name.strip().lower()
    if key in _runtime[group]:
        return _runtime[group][key]
    if group in _loaded:
        return _loaded[group].get(key)
    if (group, key) not in _single:
        for ep in entry_points(group=group, name=key):
            try:
                _single[(group, key)] = ep.load()
            except Exception:
                return None  # reported by the full load in _resolve
            break
        else:
            return None
    return _single[(group, key)]


def get_reader(name: str) -> Reader:
    cls = _load_one(READERS_GROUP, name)
    return (cls or _resolve(readers(), name, "input"))()


def get_writer(name: str) -> Writer:
    cls = _load_one(WRITERS_GROUP, name)
    return (cls or _resolve(writers(), name, "output"))()


def writer_for_extension(path: str) -> str | None:
    """The output format a file name asks for (``refs.ris`` -> ``ris``), if exactly one claims it."""
    ext = os.path.splitext(path)[1].lower()
    if not ext:
        return None
    names = [n for n, cls in writers().items() if ext in cls.extensions]
    return names[0] if len(names) == 1 else None


def extension_for(fmt: str) -> str:
    cls = type(get_writer(fmt))
    return cls.extensions[0] if cls.extensions else f".{fmt}"


#: scores closer than this are a tie
TIE_MARGIN = 0.1
#: a sniff must reach this to count
THRESHOLD = 0.5


def sniff_scores(head: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, cls in readers().items():
        try:
            score = float(cls().sniff(head))
        except Exception:  # a sniffer bug must not stop detection
            score = 0.0
        scores[name] = score
    return scores


def detect(head: str, filename: str | None = None) -> str:
    """Name the input format: content first, then the file extension to break ties.

    Raises :class:`DetectionError` naming the candidates when it cannot decide.
    """
    scores = sniff_scores(head)
    ext = os.path.splitext(filename or "")[1].lower()
    by_ext = [n for n, cls in readers().items() if ext and ext in cls.extensions]
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= THRESHOLD:
        best = ranked[0][1]
        tied = [n for n, s in ranked if s >= THRESHOLD and best - s < TIE_MARGIN]
        if len(tied) == 1:
            return tied[0]
        among = [n for n in tied if n in by_ext]
        if len(among) == 1:
            return among[0]
        where = f" {filename}" if filename else ""
        raise DetectionError(
            f"cannot tell the format of{where}: it could be {' or '.join(sorted(tied))}; "
            "say which with --from"
        )
    if len(by_ext) == 1:
        return by_ext[0]
    where = filename or "the input"
    raise DetectionError(f"cannot tell the format of {where}; say which with --from")
