"""Batch conversion benchmarks: citeshift against pandoc, citation-js and bibutils, in one run.

Usage (from the repository root)::

    python benchmarks/run_all.py                    # 1k, 10k, 50k entries; prints a table
    python benchmarks/run_all.py --write            # ... and updates benchmarks/RESULTS.md
    python benchmarks/run_all.py --sizes 1000,10000 --jobs 2 --timeout 300

What is measured, per size (``../shared/corpus/real.bib`` scaled to N entries in a
temporary folder, see ``scaled_corpus.py``):

* BibTeX -> CSL-JSON and BibTeX -> RIS, RIS -> BibTeX;
* wall time of the whole process (start-up included), entries per second, and the
  peak resident memory of the child process (``wait4`` rusage, which includes the
  processes of a pipeline and citeshift's worker processes);
* growth: the cost of each extra entry between 10k and 50k against 1k..10k.

Two inputs: ``real`` (the corpus as it is: pandoc and citation-js abort on it) and
``safe`` (entries that make a peer abort the whole file removed), so that the peers
can be timed at all. Peers are optional and skipped with a note when missing:
pandoc from ``pypandoc-binary``; citation-js from npm, installed into
``benchmarks/.peers`` (git-ignored) on first use; bibutils from Debian
(``apt-get install bibutils``). The machine is shared and noisy: compare ratios
within one run, not figures across runs.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = Path(os.environ.get("CITESHIFT_SHARED", REPO.parent / "shared"))
REAL = SHARED / "corpus" / "real.bib"
PEERS = HERE / ".peers"
CACHE = HERE / ".work"
RESULTS = HERE / "RESULTS.md"
SECTION = "## Batch conversion at scale (issue 7)"

sys.path.insert(0, str(HERE))
import scaled_corpus  # noqa: E402


@dataclass
class Run:
    task: str
    corpus: str
    size: int
    tool: str
    seconds: float | None = None
    cpu: float | None = None
    peak_mb: float | None = None
    records_out: int | None = None
    note: str = ""

    @property
    def rate(self) -> float | None:
        return self.size / self.seconds if self.seconds else None


# --- peers ----------------------------------------------------------------------------------

def pandoc_path() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:
        return shutil.which("pandoc")


def citationjs_ready(install: bool) -> str | None:
    """NODE_PATH for citation-js, installing it into benchmarks/.peers when asked; or None."""
    modules = PEERS / "node_modules"
    if (modules / "@citation-js" / "plugin-ris").exists():
        return str(modules)
    if not install or not shutil.which("npm"):
        return None
    PEERS.mkdir(exist_ok=True)
    (PEERS / ".gitignore").write_text("*\n", encoding="utf-8")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(PEERS),
         "@citation-js/core", "@citation-js/plugin-bibtex", "@citation-js/plugin-ris",
         "@citation-js/plugin-csl"], capture_output=True, text=True, timeout=600)
    return str(modules) if done.returncode == 0 else None


def bibutils_ready() -> bool:
    return all(shutil.which(t) for t in ("bib2xml", "xml2ris", "ris2xml", "xml2bib"))


def citeshift_formats() -> tuple[set[str], set[str]]:
    from citeshift import registry

    return set(registry.readers()), set(registry.writers())


# --- measuring ------------------------------------------------------------------------------

# A child forked from this (large) process starts with this process's resident size as
# its high-water mark, so the measured command is started by a tiny launcher instead,
# which times it and reports its rusage (the command's own peak, and its children's).
_LAUNCHER = """
import os, subprocess, sys, time, json
out, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
json.dump({"seconds": time.perf_counter() - start, "rc": os.waitstatus_to_exitcode(status),
           "maxrss_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime},
          open(out, "w"))
"""


_LAST_CPU: list[float | None] = [None]


def measure(cmd: list[str], *, timeout: float, env: dict[str, str] | None = None
            ) -> tuple[float | None, float | None, str]:
    """(seconds, peak RSS in MB, error text) of one command (and its children); the CPU
    seconds it used are left in ``_LAST_CPU[0]``."""
    _LAST_CPU[0] = None
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(suffix=".json") as res:
        proc = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, res.name, *cmd],
                                stdout=subprocess.DEVNULL, stderr=err,
                                env={**os.environ, **(env or {})}, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            return None, None, f"timed out after {timeout:.0f} s"
        data = json.loads(Path(res.name).read_text() or "{}")
        seconds = data.get("seconds")
        _LAST_CPU[0] = data.get("cpu")
        peak = data["maxrss_kb"] / 1024 if "maxrss_kb" in data else None
        proc.returncode = data.get("rc", proc.returncode)
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace").strip().splitlines()
            first = next((t for t in text if "rror" in t), text[0] if text else "")
            return seconds, peak, f"exit {proc.returncode}: {first.strip()[:90]}"
    return seconds, peak, ""


def count_records(path: Path, fmt: str) -> int | None:
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if fmt == "csl-json":
        try:
            return len(json.loads(text))
        except ValueError:
            return None
    if fmt == "ris":
        return len(re.findall(r"^ER  -", text, re.M))
    return len(re.findall(r"^\s*@(?!string|preamble|comment)\w+\s*[{(]", text, re.M | re.I))


# --- the benchmark --------------------------------------------------------------------------

def corpora(work: Path, sizes: list[int], node_path: str | None) -> dict[str, dict[int, Path]]:
    header, entries = scaled_corpus.split_blocks(REAL.read_text(encoding="utf-8"))
    bad: set[str] = set()
    if node_path:
        bad = citationjs_rejects(header, scaled_corpus.peer_safe(entries), node_path)
    return {
        "real": scaled_corpus.build(REAL, work, sizes),
        "safe": scaled_corpus.build(REAL, work, sizes, safe=True, bad_keys=bad),
    }


def citationjs_rejects(header: list[str], entries: list[tuple[str, str]], node_path: str
                       ) -> set[str]:
    """Keys citation-js cannot parse, cached by corpus content (it takes half a minute)."""
    digest = hashlib.sha256(REAL.read_bytes()).hexdigest()[:16]
    cache = CACHE / f"citationjs-rejects-{digest}.txt"
    if cache.exists():
        return set(cache.read_text(encoding="utf-8").split())
    CACHE.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".bib", delete=False) as fh:
        fh.write("".join(header))
    done = subprocess.run(["node", str(HERE / "peers" / "citationjs_rejects.js"), fh.name],
                          input=json.dumps(entries), capture_output=True, text=True,
                          env={**os.environ, "NODE_PATH": node_path}, timeout=900)
    os.unlink(fh.name)
    keys = set(done.stdout.split())
    cache.write_text("\n".join(sorted(keys)) + "\n", encoding="utf-8")
    return keys


def tools(task: str, jobs: int, pandoc: str | None, node_path: str | None, bibutils: bool,
          have: tuple[set[str], set[str]]) -> dict[str, object]:
    """tool name -> function(in, out) -> argv, or a note why it is skipped."""
    src, dst = {"bib-csl": ("bibtex", "csl-json"), "bib-ris": ("bibtex", "ris"),
                "ris-bib": ("ris", "bibtex")}[task]
    out: dict[str, object] = {}
    if src in have[0] and dst in have[1]:
        for j in sorted({1, jobs}):
            out[f"citeshift -j{j}"] = (lambda i, o, j=j: [
                sys.executable, "-m", "citeshift", "convert", str(i), "--from", src, "--to", dst,
                "-o", str(o), "-q", "--jobs", str(j)])
    else:
        out["citeshift"] = f"no {src} reader or {dst} writer registered yet"
    if pandoc is None:
        out["pandoc"] = "pandoc not found"
    elif task == "bib-ris":
        out["pandoc"] = "pandoc has no RIS writer"
    else:
        pf, pt = {"bib-csl": ("bibtex", "csljson"), "ris-bib": ("ris", "bibtex")}[task]
        out["pandoc"] = lambda i, o: [pandoc, "-f", pf, "-t", pt, str(i), "-o", str(o)]
    if node_path is None:
        out["citation-js"] = "citation-js not installed (npm missing or offline)"
    else:
        fmt = {"bib-csl": "data", "bib-ris": "ris", "ris-bib": "bibtex"}[task]
        out["citation-js"] = lambda i, o: [
            "node", str(HERE / "peers" / "citationjs_convert.js"), str(i), str(o), fmt]
    if not bibutils:
        out["bibutils"] = "bibutils not installed (apt-get install bibutils)"
    elif task == "bib-csl":
        out["bibutils"] = "bibutils has no CSL-JSON writer"
    else:
        a, b = {"bib-ris": ("bib2xml", "xml2ris"), "ris-bib": ("ris2xml", "xml2bib")}[task]
        out["bibutils"] = lambda i, o: ["sh", "-c", f'{a} "$0" 2>/dev/null | {b} > "$1" '
                                        "2>/dev/null", str(i), str(o)]
    return out


TASKS = {"bib-csl": "BibTeX -> CSL-JSON", "bib-ris": "BibTeX -> RIS", "ris-bib": "RIS -> BibTeX"}
OUT_FMT = {"bib-csl": "csl-json", "bib-ris": "ris", "ris-bib": "bibtex"}
EXT = {"bib-csl": ".json", "bib-ris": ".ris", "ris-bib": ".bib"}


def ris_inputs(work: Path, safe: dict[int, Path], have: tuple[set[str], set[str]],
               bibutils: bool) -> tuple[dict[int, Path], str]:
    """RIS files of each size, written by citeshift (or bibutils) from the safe corpus."""
    out: dict[int, Path] = {}
    maker = ""
    for n, bib in safe.items():
        ris = work / f"input-{n}.ris"
        if "bibtex" in have[0] and "ris" in have[1]:
            subprocess.run([sys.executable, "-m", "citeshift", "convert", str(bib), "--to", "ris",
                            "-o", str(ris), "-q", "--jobs", "2"], check=False)
            maker = "citeshift"
        elif bibutils:
            subprocess.run(["sh", "-c", f'bib2xml "{bib}" 2>/dev/null | xml2ris > "{ris}" '
                            "2>/dev/null"], check=False)
            maker = "bibutils"
        if ris.exists() and ris.stat().st_size:
            out[n] = ris
    return out, maker


def run_all(sizes: list[int], jobs: int, timeout: float, install: bool, only: set[str]
            ) -> tuple[list[Run], list[str]]:
    notes: list[str] = []
    pandoc = pandoc_path()
    node_path = citationjs_ready(install) if shutil.which("node") else None
    bibutils = bibutils_ready()
    have = citeshift_formats()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="citeshift-bench-") as tmp:
        work = Path(tmp)
        inputs = corpora(work, sizes, node_path)
        ris, maker = ris_inputs(work, inputs["safe"], have, bibutils)
        if maker:
            notes.append(f"RIS inputs were written by {maker} from the safe corpus.")
        for task in TASKS:
            if only and task not in only:
                continue
            table = tools(task, jobs, pandoc, node_path, bibutils, have)
            for tool, how in table.items():
                if isinstance(how, str):
                    notes.append(f"{TASKS[task]}: {tool} skipped: {how}.")
            for n in sizes:
                sources = ({"safe": ris.get(n)} if task == "ris-bib"
                           else {"real": inputs["real"][n], "safe": inputs["safe"][n]})
                for corpus, path in sources.items():
                    if path is None:
                        continue
                    for tool, how in table.items():
                        if isinstance(how, str):
                            continue
                        if corpus == "real" and not tool.startswith("citeshift"):
                            continue  # the peers abort on the real corpus; measured once below
                        out = work / f"out-{task}-{corpus}-{n}-{tool.replace(' ', '')}{EXT[task]}"
                        env = {"NODE_PATH": node_path} if tool == "citation-js" else None
                        secs, peak, err = measure(how(path, out), timeout=timeout, env=env)
                        got = count_records(out, OUT_FMT[task])
                        if tool.startswith("citeshift") and err.startswith("exit 1") and got:
                            err = f"{n - got} bad entries reported, the rest converted"
                        run = Run(task, corpus, n, tool, secs, _LAST_CPU[0], peak, got, err)
                        if err and "timed out" not in err and not (out.exists()
                                                                   and out.stat().st_size):
                            run.seconds = None
                        runs.append(run)
                        print(f"{TASKS[task]:20} {corpus:4} {n:>6} {tool:14} "
                              f"{fmt_rate(run):>10} {fmt_mb(run.peak_mb):>8} {run.note}",
                              file=sys.stderr, flush=True)
            # every tool on the whole real corpus, once: does it survive the mess?
            if task != "ris-bib":
                n = len(scaled_corpus.split_blocks(REAL.read_text(encoding="utf-8"))[1])
                for tool, how in table.items():
                    if isinstance(how, str) or tool == f"citeshift -j{jobs}":
                        continue
                    out = work / f"real-{task}-{tool.replace(' ', '')}{EXT[task]}"
                    env = {"NODE_PATH": node_path} if tool == "citation-js" else None
                    secs, peak, err = measure(how(REAL, out), timeout=timeout, env=env)
                    got = count_records(out, OUT_FMT[task])
                    if tool.startswith("citeshift") and err.startswith("exit 1") and got:
                        err = ""  # bad entries reported, the others converted
                    what = err or f"{got:,} of {n:,} entries out in {secs:.1f} s"
                    notes.append(f"{TASKS[task]}, all of real.bib, {tool}: {what}")
    return runs, notes


def fmt_rate(run: Run) -> str:
    return f"{run.rate:,.0f}/s" if run.rate else "-"


def fmt_mb(mb: float | None) -> str:
    return f"{mb:,.0f} MB" if mb else "-"


def growth(runs: list[Run], sizes: list[int]) -> list[str]:
    """Marginal CPU cost per entry between the two largest sizes against the smaller ones
    (CPU time: on a shared machine the wall clock says more about the neighbours)."""
    lines: list[str] = []
    if len(sizes) < 3:
        return lines
    a, b, c = sizes[-3], sizes[-2], sizes[-1]
    keys = sorted({(r.task, r.corpus, r.tool) for r in runs})
    for task, corpus, tool in keys:
        t = {r.size: r.cpu or r.seconds for r in runs
             if (r.task, r.corpus, r.tool) == (task, corpus, tool) and r.seconds}
        if not all(s in t for s in (a, b, c)):
            continue
        low = (t[b] - t[a]) / (b - a) * 1e6
        high = (t[c] - t[b]) / (c - b) * 1e6
        verdict = "linear" if high <= low * 1.3 + 5 else "GROWS FASTER THAN LINEAR"
        lines.append(f"| {TASKS[task]} | {corpus} | {tool} | {low:,.0f} µs | {high:,.0f} µs | "
                     f"{high / low if low > 0 else float('nan'):.2f} | {verdict} |")
    return lines


def markdown(runs: list[Run], notes: list[str], sizes: list[int], command: str) -> str:
    host = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    out = [SECTION, "",
           f"Measured {datetime.date.today().isoformat()} on {host} (shared, noisy: compare "
           "ratios within this table), with:", "", f"    {command}", "",
           "Whole process, wall clock (start-up included); CPU time = user + system of the "
           "process and its children (less sensitive to the machine's load; for `-j2` it is "
           "the sum over processes); peak = the largest peak RSS in the process tree. `real` = the corpus as it is; `safe` = entries that make a peer "
           "abort the whole file removed (see `benchmarks/scaled_corpus.py`).", ""]
    for task, title in TASKS.items():
        rows = [r for r in runs if r.task == task]
        if not rows:
            continue
        out += [f"### {title}", "", "| input | entries | tool | time | entries/s | CPU time | "
                "entries/CPU-s | peak | records out | note |",
                "|---|---:|---|---:|---:|---:|---:|---:|---:|---|"]
        for r in sorted(rows, key=lambda r: (r.size, r.corpus, r.tool)):
            secs = f"{r.seconds:.2f} s" if r.seconds else "-"
            cpu = f"{r.cpu:.2f} s" if r.cpu else "-"
            rec = "-" if r.records_out is None else f"{r.records_out:,}"
            per_cpu = f"{r.size / r.cpu:,.0f}" if r.cpu and r.seconds else "-"
            out.append(f"| {r.corpus} | {r.size:,} | {r.tool} | {secs} | {fmt_rate(r)} | {cpu} | "
                       f"{per_cpu} | {fmt_mb(r.peak_mb)} | {rec} | {r.note} |")
        out.append("")
    g = growth(runs, sizes)
    if g:
        out += ["### Growth (CPU cost of one more entry)", "",
                f"| task | input | tool | {sizes[-3]:,}->{sizes[-2]:,} | "
                f"{sizes[-2]:,}->{sizes[-1]:,} | ratio | verdict |",
                "|---|---|---|---:|---:|---:|---|", *g, ""]
    if notes:
        out += ["### Notes", "", *[f"- {n}" for n in notes], ""]
    return "\n".join(out) + "\n"


def write_section(text: str) -> None:
    """Replace (or add) this benchmark's section of RESULTS.md, leaving the others alone."""
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    start = old.find(SECTION)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        nxt = re.search(r"^## ", old[start + len(SECTION):], re.M)
        end = start + len(SECTION) + nxt.start() if nxt else len(old)
        new = old[:start] + text + ("\n" + old[end:] if nxt else "")
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                    help="processes for citeshift's parallel run (also timed with 1)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run")
    ap.add_argument("--only", default="", help="tasks: bib-csl,bib-ris,ris-bib")
    ap.add_argument("--no-install", action="store_true", help="do not npm-install citation-js")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    ap.add_argument("--render", metavar="JSON",
                    help="only re-render the tables from a saved run "
                         "(benchmarks/.work/batch-last-run.json)")
    args = ap.parse_args()
    if not REAL.exists():
        sys.exit(f"{REAL} not found (set CITESHIFT_SHARED)")
    sizes = [int(s) for s in args.sizes.split(",")]
    only = {t for t in args.only.split(",") if t}
    if args.render:
        data = json.loads(Path(args.render).read_text(encoding="utf-8"))
        runs = [Run(**r) for r in data["runs"]]
        notes, sizes = data["notes"], data["sizes"]
    else:
        runs, notes = run_all(sizes, args.jobs, args.timeout, not args.no_install, only)
        CACHE.mkdir(exist_ok=True)
        (CACHE / "batch-last-run.json").write_text(json.dumps(
            {"runs": [r.__dict__ for r in runs], "notes": notes, "sizes": sizes}, indent=1),
            encoding="utf-8")
    skip = {"--write", "--render", args.render}
    command = "python benchmarks/run_all.py " + " ".join(a for a in sys.argv[1:] if a not in skip)
    text = markdown(runs, notes, sizes, command.strip())
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
