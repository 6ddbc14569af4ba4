"""The web page's big inputs: a 50,000-entry file and a 5 MB pasted reference list.

Usage (from the repository root; needs the ``web`` extra)::

    python benchmarks/bench_web.py               # 50,000-entry .bib and a 5 MB paste
    python benchmarks/bench_web.py --quick       # 5,000 entries and 0.5 MB (while developing)
    python benchmarks/bench_web.py --write       # ... and updates benchmarks/RESULTS.md

Through the same JSON API the page uses (starlette's test client, in process):
upload without waiting, poll progress as the page does (every 0.3 s) until the
document is ready, then list the first page of records, edit one field, and
export (preview and download). The file is ``../shared/corpus/real.bib`` scaled
to N entries (``scaled_corpus.py``); the paste is the 82 references of the seed
page, renumbered and repeated to the size asked. Peak memory is the process's
maximum resident set. The machine is shared and noisy: read ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import re
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))

from starlette.testclient import TestClient  # noqa: E402

from citeshift import api  # noqa: E402
from citeshift.web.app import create_app  # noqa: E402

ORIGIN = "http://127.0.0.1:8765"


def bib_file(n: int) -> bytes:
    import scaled_corpus

    header, entries = scaled_corpus.split_blocks(
        (SHARED / "corpus" / "real.bib").read_text(encoding="utf-8"))
    return scaled_corpus.scaled(header, entries, n).encode("utf-8")


def bib_paste(size: int) -> bytes:
    """The first entries of the scaled corpus, up to ``size`` bytes: what a person pastes."""
    data = bib_file(max(1000, size // 300))
    cut = data.rfind(b"\n@", 0, size)
    return data[:cut + 1] if cut > 0 else data


def text_paste(size: int) -> bytes:
    page = (SHARED / "seed" / "references-page.txt").read_text(encoding="utf-8")
    refs = [re.sub(r"^\s*\d+\.\s*\d+", "", line) for line in page.splitlines()
            if re.match(r"^\s+\d+\.\s", line)]
    out: list[str] = []
    total = 0
    n = 0
    while total < size:
        line = f"{n + 1}. {refs[n % len(refs)]}"
        out.append(line)
        total += len(line.encode("utf-8")) + 1
        n += 1
    return ("References\n\n" + "\n".join(out) + "\n").encode("utf-8")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(client: TestClient, label: str, data: bytes, name: str, to: str) -> dict:
    # the same reading through the library alone, first (so both run with warm caches):
    # the page's overhead is the ratio of the two
    t4 = time.perf_counter()
    len_library = len(api.parse(data.decode("utf-8"), name=name or "<pasted text>"))
    t_library = time.perf_counter() - t4
    t0 = time.perf_counter()
    r = client.post("/api/documents", params={"name": name}, content=data)
    assert r.status_code == 202, r.text
    doc = r.json()
    polls = 0
    seen_progress: list[int] = []
    while doc["status"] == "parsing":
        time.sleep(0.3)
        doc = client.get(f"/api/documents/{doc['id']}").json()
        polls += 1
        seen_progress.append(doc["progress"])
    t_ready = time.perf_counter() - t0
    assert doc["status"] == "ready", doc["error"]
    t1 = time.perf_counter()
    page = client.get(f"/api/documents/{doc['id']}/records", params={"limit": 100}).json()
    t_page = time.perf_counter() - t1
    t2 = time.perf_counter()
    edited = client.patch(f"/api/documents/{doc['id']}/records/0",
                          json={"field": "title", "value": "Edited title"})
    assert edited.status_code == 200
    t_edit = time.perf_counter() - t2
    t3 = time.perf_counter()
    dl = client.get(f"/api/documents/{doc['id']}/download", params={"to": to})
    assert dl.status_code == 200
    t_export = time.perf_counter() - t3
    c = doc["counts"]
    assert c["read"] == c["converted"] + c["failed"]
    assert len_library == c["converted"]
    intermediate = sorted({p for p in seen_progress if 0 < p < c["converted"]})
    return {
        "label": label, "bytes": len(data), "records": c["converted"], "failed": c["failed"],
        "ready_s": t_ready, "rate": c["converted"] / t_ready if t_ready else 0,
        "library_s": t_library,
        "progress_updates": len(intermediate), "page_s": t_page, "edit_s": t_edit,
        "export_s": t_export, "export_bytes": len(dl.content), "to": to,
        "first_page": len(page["records"]), "rss_mb": rss_mb(),
        "notes": [m["message"][:160] for m in doc["messages"] if "skipped" in m["message"]],
    }


def table(rows: list[dict]) -> str:
    head = ("| input | size | records (failed) | ready after | api.parse alone | records/s "
            "| progress updates seen | first page | edit | export | peak RSS |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n")
    body = "".join(
        f"| {r['label']} | {r['bytes'] / 1048576:.1f} MB | {r['records']:,} ({r['failed']}) "
        f"| {r['ready_s']:.1f} s | {r['library_s']:.1f} s | {r['rate']:,.0f} "
        f"| {r['progress_updates']} "
        f"| {r['page_s'] * 1000:.0f} ms | {r['edit_s'] * 1000:.0f} ms "
        f"| {r['export_s']:.1f} s to {r['to']} ({r['export_bytes'] / 1048576:.1f} MB) "
        f"| {r['rss_mb']:.0f} MB |\n" for r in rows)
    return head + body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="5,000 entries and a 0.5 MB paste")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    entries, paste = (5_000, 512 * 1024) if args.quick else (50_000, 5 * 1024 * 1024)
    app = create_app(host="127.0.0.1", port=8765)
    client = TestClient(app, base_url=ORIGIN)
    client.headers.update({"x-citeshift-token": app.token, "origin": ORIGIN})
    rows = [
        run(client, f"{entries:,}-entry BibTeX file (real.bib scaled)", bib_file(entries),
            "library.bib", "ris"),
        run(client, f"{paste / 1048576:.1f} MB pasted BibTeX (real.bib scaled)",
            bib_paste(paste), "", "ris"),
        run(client, f"{paste / 1048576:.1f} MB pasted Vancouver list (seed refs renumbered)",
            text_paste(paste), "", "ris"),
    ]
    big = client.post("/api/documents", content=b"x" * (app_limit := 100 * 1024 * 1024 + 1))
    assert big.status_code == 413 and "the limit is 100 MB" in big.json()["error"], app_limit
    out = table(rows)
    notes = [f"- {r['label']}: {n}" for r in rows for n in r["notes"]]
    if notes:
        out += "\nWhat the readers skipped (shown in the page's Messages):\n\n" + "\n".join(notes) + "\n"
    print(out)
    if args.write:
        results = HERE / "RESULTS.md"
        text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
        cmd = "python benchmarks/bench_web.py" + (" --quick" if args.quick else "") + " --write"
        section = (f"## Web page (bench_web.py)\n\n`{cmd}` — {datetime.date.today()}, "
                   f"{platform.python_implementation()} {platform.python_version()}, "
                   "in-process through the JSON API, polling every 0.3 s as the page does. "
                   "A 100 MB + 1 byte upload is refused with 413 at once.\n\n" + out + "\n")
        pattern = re.compile(r"## Web page \(bench_web\.py\)\n.*?(?=\n## |\Z)", re.S)
        text = pattern.sub(section.rstrip("\n") + "\n", text) if pattern.search(text) \
            else text.rstrip("\n") + "\n\n" + section
        results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
