"""Robustness benchmark: pathological files in linear time, big files in bounded memory.

Usage (from the repository root)::

    python benchmarks/bench_robustness.py                       # everything (~30 min)
    python benchmarks/bench_robustness.py --part pathological --sizes 1,10
    python benchmarks/bench_robustness.py --part large --bib-mb 200 --ris-records 1000000
    python benchmarks/bench_robustness.py --write               # ... and update RESULTS.md

1. **Pathological files** (``tests/fuzz/pathological.py``: long lines, deep nesting,
   unclosed delimiters, many record starts, many tags, many authors, regex traps, many
   records) for every reader, at 1 MB and 10 MB. Each is read in a fresh process; the
   table gives the seconds at each size and the ratio 10 MB / 1 MB (linear: about 10;
   quadratic: about 100). A run longer than ``--timeout`` is stopped and shown as such.
2. **Large inputs**: a 200 MB BibTeX file and a 1,000,000-record RIS file, generated in a
   temporary folder (never committed), converted by ``citeshift.api.convert`` (the code
   path of ``citeshift convert``) in a fresh process (``--jobs N`` for more): wall time,
   peak RSS of that process (``wait4`` rusage), and how many progress updates it gave.
   The same at a quarter of the size shows how memory grows with the input.

The machine is shared and noisy: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
SECTION = "## Robustness (bench_robustness.py)"
MB = 1_000_000


# --- children ------------------------------------------------------------------------------

def child_read(fmt: str, kind: str, size: int) -> None:
    """Build one pathological file and read it; print seconds, items, failures, peak RSS."""
    import resource

    sys.path.insert(0, str(REPO))
    from tests.fuzz.pathological import build

    from citeshift import registry
    from citeshift.diagnostics import Report
    from citeshift.io import decode

    data = build(fmt, kind, size)
    report = Report()
    reader = registry.get_reader(fmt)
    started = time.perf_counter()
    text = decode(data, name="bench", report=report)
    items = sum(1 for _ in reader.read(text, name="bench", report=report, options={}))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "items": items, "failed": report.records_failed,
                      "bytes": len(data),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def child_convert(path: str, to: str, out: str, jobs: int = 1) -> None:
    """Convert one file as ``citeshift convert`` does; count the progress updates."""
    from citeshift import api
    from citeshift.diagnostics import Report

    class Hook:
        updates = 0
        last_records = 0

        def begin(self, files: int, total_bytes: int) -> None:
            pass

        def update(self, *, files_done: int, records: int, bytes_done: float) -> None:
            Hook.updates += 1
            Hook.last_records = records

        def end(self) -> None:
            pass

    report = Report()
    started = time.perf_counter()
    api.convert([path], to=to, output=out, report=report, progress=Hook(), jobs=jobs)
    print(json.dumps({"seconds": time.perf_counter() - started, "read": report.records_read,
                      "written": report.records_written, "failed": report.records_failed,
                      "progress_updates": Hook.updates, "progress_records": Hook.last_records}))


# --- the parent ----------------------------------------------------------------------------

def run_child(args: list[str], timeout: float) -> tuple[dict | None, float, float]:
    """Run this file as a child; (its JSON line or None on timeout, wall s, peak RSS MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return None, time.perf_counter() - started, usage.ru_maxrss / 1024
        time.sleep(0.05)
    wall = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def pathological(sizes: list[float], readers: list[str], kinds: list[str], timeout: float
                 ) -> list[str]:
    lines = ["| reader | kind | " + " | ".join(f"{s:g} MB s" for s in sizes)
             + f" | ratio {sizes[-1]:g}/{sizes[0]:g} MB | items (failed) at {sizes[-1]:g} MB"
             " | peak RSS MiB |", "|---|---|" + "---|" * (len(sizes) + 3)]
    for fmt in readers:
        for kind in kinds:
            times: list[float | None] = []
            last: dict | None = None
            rss = 0.0
            for size in sizes:
                if times and times[-1] is None:
                    times.append(None)
                    continue
                got, _wall, rss = run_child(["--child-read", fmt, kind, str(int(size * MB))],
                                            timeout)
                times.append(got["seconds"] if got else None)
                last = got or last
            cells = [f"{t:.2f}" if t is not None else f">{timeout:.0f} (stopped)" for t in times]
            ratio = (f"{times[-1] / max(times[0], 1e-3):.1f}"
                     if times[0] is not None and times[-1] is not None else "-")
            count = f"{last['items']:,} ({last['failed']:,})" if last else "-"
            line = f"| {fmt} | {kind} | " + " | ".join(cells) + f" | {ratio} | {count} | {rss:.0f} |"
            print(line, flush=True)
            lines.append(line)
    return lines


def write_bib(path: Path, target: int) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < target:
            fh.write(f"@article{{key{n},\n  author = {{Müller, Jürgen and O'Brien, Siobhán and "
                     f"van der Berg, Anna}},\n  title = {{A {{DNA}} study of case {n}: "
                     f"$\\alpha$-helices in {{\\'E}}cole}},\n  journal = {{Journal of "
                     f"Examples}},\n  year = {{{1950 + n % 70}}},\n  volume = {{{n % 300}}},\n"
                     f"  pages = {{{n % 900}--{n % 900 + 12}}},\n  doi = {{10.1000/ex.{n}}},\n"
                     f"  abstract = {{{'An abstract sentence that goes on. ' * 4}}},\n}}\n\n")
            n += 1
    return n


def write_ris(path: Path, records: int) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for n in range(records):
            fh.write(f"TY  - JOUR\nAU  - Müller, Jürgen\nAU  - O'Brien, S\nTI  - A study of "
                     f"case {n}\nT2  - Journal of Examples\nPY  - {1950 + n % 70}\nVL  - "
                     f"{n % 300}\nSP  - {n % 900}\nEP  - {n % 900 + 12}\nDO  - 10.1000/ex.{n}\n"
                     f"ER  - \n\n")
    return records


def large(bib_mb: float, ris_records: int, timeout: float, jobs: int = 1) -> list[str]:
    lines = ["| input | size | records | to | jobs | seconds | records/s | peak RSS MiB "
             "| RSS / input | progress updates |", "|---|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="citeshift-bench-") as tmp:
        cases = []
        for frac in (0.25, 1.0) if bib_mb > 0 else ():
            bib = Path(tmp) / f"big-{frac}.bib"
            n = write_bib(bib, int(bib_mb * frac * MB))
            cases.append((bib, n, "csl-json"))
        for frac in (0.25, 1.0) if ris_records > 0 else ():
            ris = Path(tmp) / f"big-{frac}.ris"
            n = write_ris(ris, int(ris_records * frac))
            cases.append((ris, n, "bibtex"))
        for path, n, to in cases:
            out = Path(tmp) / f"out-{path.stem}.{to}"
            got, wall, rss = run_child(["--child-convert", str(path), to, str(out), str(jobs)],
                                       timeout)
            size = path.stat().st_size / MB
            if got is None:
                line = (f"| {path.suffix[1:]} | {size:,.1f} MB | {n:,} | {to} | {jobs} | "
                        f">{timeout:.0f} (stopped) | - | {rss:,.0f} | - | - |")
            else:
                line = (f"| {path.suffix[1:]} | {size:,.1f} MB | {got['read']:,} | {to} | "
                        f"{jobs} | {wall:.0f} | {got['read'] / wall:,.0f} | {rss:,.0f} | "
                        f"{rss / size:.1f}x | {got['progress_updates']:,} |")
            print(line, flush=True)
            lines.append(line)
            out.unlink(missing_ok=True)
            path.unlink()
    return lines


def write_results(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = current.find(SECTION)
    if start < 0:
        current = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + len(SECTION))
        current = current[:start] + text + (current[end + 1:] if end >= 0 else "")
    RESULTS.write_text(current if current.endswith("\n") else current + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-read":
        child_read(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--child-convert":
        child_convert(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    sys.path.insert(0, str(REPO))
    from tests.fuzz.pathological import KINDS

    from citeshift import registry

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["all", "pathological", "large"], default="all")
    ap.add_argument("--sizes", default="1,10", help="MB, comma-separated (default 1,10)")
    ap.add_argument("--readers", default=",".join(sorted(registry.readers())))
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--timeout", type=float, default=120, help="seconds per pathological run")
    ap.add_argument("--bib-mb", type=float, default=200)
    ap.add_argument("--ris-records", type=int, default=1_000_000)
    ap.add_argument("--large-timeout", type=float, default=1800)
    ap.add_argument("--jobs", type=int, default=1, help="--jobs of the large conversions")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    command = "python benchmarks/bench_robustness.py " + " ".join(sys.argv[1:])
    out = [SECTION, "", f"Command: `{command.strip()}` ({datetime.date.today()}, "
           f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, shared machine).", ""]
    if args.part in ("all", "pathological"):
        sizes = [float(s) for s in args.sizes.split(",")]
        out += ["Pathological files, read in a fresh process each (seconds of reading; "
                "ratio: linear is about the size ratio):", ""]
        out += pathological(sizes, args.readers.split(","), args.kinds.split(","), args.timeout)
        out.append("")
    if args.part in ("all", "large"):
        out += [f"Large inputs converted by `citeshift.api.convert` (`--jobs {args.jobs}`):", ""]
        out += large(args.bib_mb, args.ris_records, args.large_timeout, args.jobs)
        out.append("")
    text = "\n".join(out) + "\n"
    print(text)
    if args.write:
        write_results(text)


if __name__ == "__main__":
    main()
