"""Style search for the page's "format as" box: short names first, then styles and journals.

:mod:`citeshift.styles` is the one source of truth (the names ``--style``
accepts); this only shapes its answers for the page: the short aliases (APA,
Vancouver, ...) for an empty query or an exact alias, then whatever the
style search ranks, journals marked as such with the style they follow.
"""

from __future__ import annotations

from typing import Any

from citeshift import styles

#: the short names offered first, in this order, when nothing has been typed yet
FAVOURITES: tuple[str, ...] = ("apa", "vancouver", "ama", "harvard", "ieee", "chicago", "mla",
                               "nature")


def _alias_entry(alias: str, target: str, index: dict[str, Any]) -> dict[str, Any]:
    info = index.get(target)
    title = info.title if info is not None else target
    return {"id": alias, "title": title, "kind": "short name", "style": target}


def _entry(info: Any) -> dict[str, Any]:
    out = {"id": info.id, "title": info.title,
           "kind": "journal" if info.dependent else "style", "style": info.id}
    if info.dependent and info.parent:
        out["parent"] = info.parent
    if getattr(info, "format", None):
        out["format"] = info.format
    return out


def search(query: str, limit: int = 20) -> list[dict[str, Any]]:
    names = styles.aliases()
    index = styles.index()
    q = query.strip().lower()
    if not q:
        return [_alias_entry(a, names[a], index) for a in FAVOURITES if a in names][:limit]
    out: list[dict[str, Any]] = []
    if q in names:
        out.append(_alias_entry(q, names[q], index))
    seen = {e["style"] for e in out}
    for info in styles.search(query, limit=limit):
        if info.id not in seen:
            out.append(_entry(info))
            seen.add(info.id)
    return out[:limit]
