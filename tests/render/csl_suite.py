"""Running the CSL test-suite's bibliography fixtures through an engine, in one batch.

Only ``bibliography`` fixtures are run (citeshift renders bibliographies; the
citation fixtures test in-text citations, which it does not produce), and not
those that need CITATIONS (pre/post citation context). The suite lives in
``../shared/conformance/csl-test-suite`` and is never copied into the repository.
Each engine renders every fixture once per test session: citeproc-py in this
process, pandoc in a handful of concurrent processes.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeshift.diagnostics import Report
from citeshift.render.engine import StyleSpec
from tests.paths import CONFORMANCE

SUITE = CONFORMANCE / "csl-test-suite" / "processor-tests" / "humans"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n(.*?)\n<<=+ \1 =+<<", re.S)
_ENTRY = re.compile(r'<div class="csl-entry">(.*?)</div>\s*(?=<div class="csl-entry">|</div>\s*$)', re.S)


@dataclass(frozen=True, slots=True)
class Fixture:
    name: str
    csl: str
    items: list[dict[str, Any]]
    expected: list[str]


def parse(path: Path) -> Fixture | None:
    text = path.read_text("utf-8-sig")
    sections = {m[1]: m[2] for m in _SECTION.finditer(text)}
    if sections.get("MODE", "").strip() != "bibliography" or "CITATIONS" in sections:
        return None
    items = json.loads(sections["INPUT"])
    if "CITATION-ITEMS" in sections:
        order: list[str] = []
        for cluster in json.loads(sections["CITATION-ITEMS"]):
            for cite in cluster:
                if str(cite["id"]) not in order:
                    order.append(str(cite["id"]))
        by_id = {str(i["id"]): i for i in items}
        items = [by_id[i] for i in order if i in by_id]
    result = sections["RESULT"].strip()
    entries = _ENTRY.findall(result) if "csl-bib-body" in result else [result]
    return Fixture(path.stem, sections["CSL"], items, [normalise(e) for e in entries])


def normalise(fragment: str) -> str:
    text = re.sub(r'<div class="csl-(?:left-margin|right-inline|block|indent)">', " ", fragment)
    text = re.sub(r"</?div[^>]*>|</?a\b[^>]*>", " ", text)
    text = text.replace('<span style="font-variant:small-caps;">', "<sc>")
    text = html.unescape(text).replace("&", "&amp;")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def fixtures() -> dict[str, Fixture]:
    out = {}
    for path in sorted(SUITE.glob("*.txt")):
        fx = parse(path)
        if fx is not None:
            out[fx.name] = fx
    return out


def _render_one(engine: Any, fx: Fixture, tmp: Path) -> list[str] | str:
    style = tmp / f"{fx.name}.csl"
    style.write_text(fx.csl, "utf-8")
    try:
        bib = engine.render([dict(i) for i in fx.items], StyleSpec(style, fx.name),
                            locale="en-US", report=Report())
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return [normalise(f"{e.label} {e.html}" if e.label else e.html) for e in bib.entries]


@lru_cache(maxsize=2)
def results(engine_name: str) -> dict[str, list[str] | str]:
    """Every fixture's entries (or the error text) as ``engine_name`` renders them."""
    from citeshift.render import get_engine

    tmp = Path(tempfile.mkdtemp(prefix=f"csl-suite-{engine_name}-"))
    fxs = list(fixtures().values())
    if engine_name == "pandoc":
        return _pandoc_batch(fxs, tmp)
    engine = get_engine(engine_name)
    rendered = [_render_one(engine, fx, tmp) for fx in fxs]
    return {fx.name: r for fx, r in zip(fxs, rendered, strict=True)}


def _pandoc_batch(fxs: list[Fixture], tmp: Path) -> dict[str, list[str] | str]:
    """All fixtures in one ``pandoc lua`` process, through the same adapter as the engine."""
    from citeshift.render import pandoc, stylefix

    jobs = []
    ids: dict[str, list[str]] = {}
    for fx in fxs:
        style = tmp / f"{fx.name}.csl"
        style.write_text(fx.csl, "utf-8")
        try:
            prepared = stylefix.prepared_style(style, disambiguate=True)
            dash = stylefix.facts(style).range_delimiter
        except Exception:  # a fixture style lxml cannot read: pandoc reports it
            prepared, dash = style, "\u2013"
        jobs.append((fx.name, [pandoc.adapt(dict(i), n, dash) for n, i in enumerate(fx.items)],
                     prepared, "en-US"))
        ids[fx.name] = [str(i.get("id")) for i in fx.items]
    out: dict[str, list[str] | str] = {}
    for name, result in pandoc.render_many(jobs).items():
        out[name] = result if isinstance(result, str) else [
            normalise(f"{label} {body}" if label else body) for _, label, body in result]
    return out


def passes(engine_name: str, name: str) -> tuple[bool, str]:
    fx = fixtures()[name]
    got = results(engine_name)[name]
    if isinstance(got, str):
        return False, got
    return got == fx.expected, f"expected {fx.expected!r}\n     got {got!r}"


if __name__ == "__main__":
    import sys

    engine = sys.argv[1] if len(sys.argv) > 1 else "pandoc"
    failing = [n for n in fixtures() if not passes(engine, n)[0]]
    print(f"{engine}: {len(fixtures()) - len(failing)}/{len(fixtures())} pass")
    for n in failing:
        print(n)
