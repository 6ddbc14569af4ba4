"""The default engine: pandoc's citeproc, from the ``pypandoc-binary`` wheel.

Output changes between pandoc releases, so citeshift pins the wheel and calls
*its* binary (``pypandoc.get_pandoc_path()`` of the installed wheel), never a
``pandoc`` found on the PATH. A bibliography is one pandoc process (JSON AST
out, one ``Div`` per entry), plus, for long lists in styles that disambiguate,
a second process for the items whose citations could collide:

pandoc 3.9 disambiguates every item against every other, which is superlinear
(APA: 1,000 items 5.8 s, 3,000 items 43 s). Only items whose citations could
look alike ("Smith, 2020") can ever get a year suffix, so the whole list is
rendered with a copy of the style whose ``<citation>`` has no
``disambiguate-*`` attributes (fast; it also fixes the order), and the
possibly-colliding items, grouped so that every group holds all items sharing
a key, are rendered with the full style; their entries replace the fast ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeshift.diagnostics import Report
from citeshift.render import stylefix
from citeshift.render.engine import (
    Bibliography,
    Engine,
    EngineUnavailable,
    Entry,
    StyleSpec,
)
from citeshift.render.markup import escape
from citeshift.render.prepare import issue_range

#: lists at least this long take the two-pass path in disambiguating styles
SPLIT_THRESHOLD = 60
#: the full-style pass is cut into chunks of whole collision groups of about this size
CHUNK = 250
_NAME_ROLES = ("author", "composer", "director", "editor", "editorial-director",
               "collection-editor", "translator", "interviewer", "illustrator")
_DOC = '---\nnocite: "@*"\n---\n'


@lru_cache(maxsize=1)
def pandoc_path() -> str | None:
    """The wheel's own pandoc binary, or None when the wheel or its binary is missing."""
    if os.environ.get("CITESHIFT_NO_PANDOC"):
        return None
    try:
        import pypandoc
    except ImportError:
        return None
    try:
        path = pypandoc.get_pandoc_path()
    except OSError:
        return None
    bundled = Path(pypandoc.__file__).parent / "files"
    if not path or not Path(path).is_file() or not Path(path).resolve().is_relative_to(
            bundled.resolve()):
        return None
    return str(path)


# ---- pandoc AST -> citeproc-js-style HTML -------------------------------------------------

_WRAP = {"Emph": ("<i>", "</i>"), "Strong": ("<b>", "</b>"),
         "SmallCaps": ('<span style="font-variant:small-caps;">', "</span>"),
         "Superscript": ("<sup>", "</sup>"), "Subscript": ("<sub>", "</sub>"),
         "Underline": ('<span style="text-decoration:underline;">', "</span>")}
_CLASS_WRAP = {"csl-no-emph": ('<span style="font-style:normal;">', "</span>"),
               "csl-no-strong": ('<span style="font-weight:normal;">', "</span>"),
               "csl-no-smallcaps": ('<span style="font-variant:normal;">', "</span>")}


def inlines_html(nodes: Iterable[dict[str, Any]], out: list[str]) -> None:
    for node in nodes:
        t = node["t"]
        c = node.get("c")
        if t == "Str":
            out.append(escape(c))
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("<br/>")
        elif t in _WRAP:
            out.append(_WRAP[t][0])
            inlines_html(c, out)
            out.append(_WRAP[t][1])
        elif t == "Strikeout":
            inlines_html(c, out)
        elif t == "Span":
            classes = c[0][1]
            wrap = next((_CLASS_WRAP[k] for k in classes if k in _CLASS_WRAP), None)
            if wrap:
                out.append(wrap[0])
            inlines_html(c[1], out)
            if wrap:
                out.append(wrap[1])
        elif t == "Link":
            out.append(f'<a href="{escape(c[2][0])}">')
            inlines_html(c[1], out)
            out.append("</a>")
        elif t == "Quoted":
            open_, close = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(open_)
            inlines_html(c[1], out)
            out.append(close)
        elif t in ("Code", "Math"):
            out.append(escape(c[-1]))
        elif t == "Cite":
            inlines_html(c[1], out)
        # RawInline, Note, Image: nothing a bibliography entry should carry


def _entry_from_div(div: dict[str, Any]) -> tuple[str, str, str]:
    """(pandoc id, label html, body html) of one ``csl-entry`` Div."""
    attr, blocks = div["c"]
    label: list[str] = []
    body: list[str] = []
    for block in blocks:
        if block["t"] not in ("Para", "Plain"):
            continue
        for node in block["c"]:
            if node["t"] == "Span" and "csl-left-margin" in node["c"][0][1]:
                inlines_html(node["c"][1], label)
            elif node["t"] == "Span" and "csl-right-inline" in node["c"][0][1]:
                inlines_html(node["c"][1], body)
            else:
                inlines_html([node], body)
        if body and block is not blocks[-1]:
            body.append(" ")
    return attr[0], "".join(label).strip(), "".join(body).strip()


def _find_refs(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            return [b for b in block["c"][1] if b["t"] == "Div"]
    return []


# ---- running pandoc --------------------------------------------------------------------------

def run_pandoc(items: list[dict[str, Any]], style: Path, locale: str | None) -> list[tuple[str, str, str]]:
    """Render ``items`` (whose ids are already pandoc-safe) in one pandoc process."""
    binary = pandoc_path()
    if binary is None:
        raise EngineUnavailable("the pypandoc-binary wheel's pandoc is not installed")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(items, fh, ensure_ascii=False)
        bib = fh.name
    try:
        args = [binary, "-f", "markdown", "-t", "json", "--citeproc", "--bibliography", bib,
                "--csl", str(style)]
        if locale:
            args += ["-M", f"lang={locale}"]
        proc = subprocess.run(args, input=_DOC.encode(), capture_output=True, check=False)
    finally:
        os.unlink(bib)
    if proc.returncode != 0:
        raise RuntimeError(f"pandoc failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    doc = json.loads(proc.stdout)
    return [_entry_from_div(div) for div in _find_refs(doc["blocks"])]


def adapt(item: dict[str, Any], n: int, dash: str = "\u2013") -> dict[str, Any]:
    """One item as pandoc gets it: an id its citation syntax accepts, and an issue range
    (``1-2``) spelt with the range delimiter CSL prints (the style's own, else the en dash),
    which pandoc leaves to the data."""
    out = dict(item, id=f"i{n}")
    if isinstance(out.get("issue"), str):
        out["issue"] = issue_range(out["issue"], dash)
    return out


def render_many(jobs: list[tuple[str, list[dict[str, Any]], Path, str | None]],
                ) -> dict[str, list[tuple[str, str, str]] | str]:
    """Many small bibliographies in one pandoc process (``pandoc lua``): name -> entries as
    :func:`run_pandoc` gives them, or an error message. For batches such as the CSL
    test-suite, where a process per bibliography would cost more than the rendering.
    Items must already be adapted (:func:`adapt`) and styles prepared."""
    binary = pandoc_path()
    if binary is None:
        raise EngineUnavailable("the pypandoc-binary wheel's pandoc is not installed")
    from importlib import resources

    with tempfile.TemporaryDirectory(prefix="citeshift-batch-") as tmp:
        manifest = []
        for n, (name, items, style, locale) in enumerate(jobs):
            bib = Path(tmp) / f"{n}.json"
            bib.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
            manifest.append({"name": name, "csl": str(style), "bibliography": str(bib),
                             "lang": locale or "en-US"})
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        script = resources.files("citeshift").joinpath("data/pandoc/batch.lua")
        with resources.as_file(script) as lua:
            proc = subprocess.run([binary, "lua", str(lua), str(Path(tmp) / "manifest.json")],
                                  capture_output=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"pandoc failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    out: dict[str, list[tuple[str, str, str]] | str] = {}
    for name, result in json.loads(proc.stdout).items():
        if result.startswith("ERROR: "):
            out[name] = result[7:]
        else:
            out[name] = [_entry_from_div(d) for d in _find_refs(json.loads(result)["blocks"])]
    return out


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


def collision_key(item: dict[str, Any], *, with_year: bool = True) -> str | None:
    """What an author-date citation of ``item`` starts with; None: collides with anything.

    Two items can only get year suffixes (or added names) if their citations
    share the first name (or, without names, the title) and the year.
    """
    head: str | None = None
    for role in _NAME_ROLES:
        names = item.get(role)
        if isinstance(names, list) and names and isinstance(names[0], dict):
            first = names[0]
            head = first.get("family") or first.get("literal")
            if head:
                head = " ".join(p for p in (first.get("non-dropping-particle"), head) if p)
            break
    if not head:
        return None
    key = _fold(head)
    if with_year:
        issued = item.get("issued")
        year = ""
        if isinstance(issued, dict):
            parts = issued.get("date-parts") or []
            if parts and parts[0]:
                year = str(parts[0][0])
            else:
                year = str(issued.get("literal") or issued.get("raw") or "")
        key += "|" + year
    return key


def colliding_groups(items: list[dict[str, Any]], *, with_year: bool) -> list[list[int]]:
    """Indexes of items that need disambiguating together, grouped; singletons left out."""
    groups: dict[str, list[int]] = defaultdict(list)
    loose: list[int] = []
    for i, item in enumerate(items):
        key = collision_key(item, with_year=with_year)
        if key is None:
            loose.append(i)
        else:
            groups[key].append(i)
    out = [g for g in groups.values() if len(g) > 1]
    if loose:
        # items without names are cited by title: group them all, they are few
        out.append(loose)
    return out


def _chunks(groups: list[list[int]]) -> list[list[int]]:
    chunks: list[list[int]] = []
    current: list[int] = []
    for group in groups:
        if current and len(current) + len(group) > CHUNK:
            chunks.append(current)
            current = []
        current.extend(group)
    if current:
        chunks.append(current)
    return chunks


class PandocEngine(Engine):
    name = "pandoc"

    @classmethod
    def available(cls) -> bool:
        return pandoc_path() is not None

    def render(self, items: list[dict[str, Any]], style: StyleSpec, *, locale: str | None,
               report: Report) -> Bibliography:
        facts = stylefix.facts(style.path)
        # pandoc ids must survive its citation-key syntax: use our own and map back.
        keyed = [adapt(item, n, facts.range_delimiter) for n, item in enumerate(items)]
        ids = [str(item["id"]) for item in items]
        split = facts.disambiguates and len(keyed) >= SPLIT_THRESHOLD
        full = stylefix.prepared_style(style.path, disambiguate=True)
        if not split:
            rendered = run_pandoc(keyed, full, locale)
        else:
            fast = stylefix.prepared_style(style.path, disambiguate=False)
            groups = colliding_groups(keyed, with_year=not facts.subsequent_author_substitute)
            chunks = _chunks(groups)
            with ThreadPoolExecutor(max_workers=min(4, 1 + len(chunks))) as pool:
                main = pool.submit(run_pandoc, keyed, fast, locale)
                parts = [pool.submit(run_pandoc, [keyed[i] for i in chunk], full, locale)
                         for chunk in chunks]
                rendered = main.result()
                better = {pid: (label, body) for part in parts for pid, label, body in part.result()}
            rendered = [(pid, *better.get(pid, (label, body))) for pid, label, body in rendered]
        entries = []
        for pid, label, body in rendered:
            n = int(pid.removeprefix("ref-i"))
            entries.append(Entry(id=ids[n], html=body, label=label))
        if len(entries) != len(items):
            report.warning(f"pandoc rendered {len(entries)} of {len(items)} entries",
                           code="render.count")
        return Bibliography(entries=entries, hanging_indent=facts.hanging_indent,
                            second_field_align=facts.second_field_align, engine=self.name)
