"""Rendering speed: entries per second for each engine, side by side with citeproc-js.

    python benchmarks/bench_render.py [--sizes 1000,10000] [--styles apa,vancouver]
                                      [--engines pandoc,citeproc-py,citeproc-js] [--repeat 1]

Lists come from benchmarks/render_corpus.py (seeded; about one item in eight shares
first author and year with another, as real lists do). Times are for the whole render
of the list (for citeproc-js: engine set-up, updateItems and makeBibliography, in one
Node process per style and size, start-up excluded); the best of --repeat runs.
citeproc-js needs ``npm install`` in benchmarks/citeproc-js and is skipped without Node.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from render_corpus import make_items  # noqa: E402

from citeshift import styles  # noqa: E402
from citeshift.diagnostics import Report  # noqa: E402
from citeshift.model.item import item_from_json  # noqa: E402
from citeshift.render import render  # noqa: E402


def _python(engine: str, data: list[dict], style: str) -> tuple[float, int]:
    items = [item_from_json(d) for d in data]
    t0 = time.perf_counter()
    bib = render(items, style=style, engine=engine, journal_titles="as-is", report=Report())
    return time.perf_counter() - t0, len(bib.entries)


def _citeproc_js(data: list[dict], style: str) -> tuple[float, int] | None:
    script = HERE / "citeproc-js" / "render.js"
    if shutil.which("node") is None or not (HERE / "citeproc-js" / "node_modules").exists():
        return None
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(data, fh)
    try:
        out = subprocess.run(["node", "--max-old-space-size=4096", str(script), "--items", fh.name,
                              "--locales", str(locales), "--bench",
                              f"{style}={styles.resolve(style).path}"],
                             capture_output=True, text=True, check=True)
    finally:
        Path(fh.name).unlink()
    row = json.loads(out.stdout.strip().splitlines()[-1])
    return row["seconds"], row["entries"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--styles", default="apa,vancouver")
    ap.add_argument("--engines", default="pandoc,citeproc-py,citeproc-js")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    engines = args.engines.split(",")
    print("| items | style | " + " | ".join(f"{e} (s) | {e} entries/s" for e in engines) + " |")
    print("|---|---|" + "---|---|" * len(engines))
    for size in (int(s) for s in args.sizes.split(",")):
        data = make_items(size)
        for style in args.styles.split(","):
            cells = []
            for engine in engines:
                best = None
                for _ in range(args.repeat):
                    got = _citeproc_js(data, style) if engine == "citeproc-js" else _python(
                        engine, data, style)
                    if got is not None and (best is None or got[0] < best[0]):
                        best = got
                if best is None:
                    cells += ["n/a", "n/a"]
                else:
                    cells += [f"{best[0]:.2f}", f"{best[1] / best[0]:,.0f}"]
            print(f"| {size:,} | {style} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
