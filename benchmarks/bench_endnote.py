"""EndNote XML, EndNote tagged (.enw) and PubMed XML: read and write speed, peak memory.

Usage (from the repository root)::

    python benchmarks/bench_endnote.py                # 5,000 records, best of 3
    python benchmarks/bench_endnote.py -n 1000 -r 1   # a quick look
    python benchmarks/bench_endnote.py --write        # also update benchmarks/RESULTS.md

The corpora are generated (seeded) in the shape EndNote 20 and PubMed's
efetch write them: ``<style>``-wrapped EndNote fields, 1-12 authors, abstracts,
keywords, DOIs; PubMed articles with affiliations, MeSH and a reference list.
Each step runs in this process (no start-up cost) and the best of the repeats
is reported, because the machine is shared and noisy; compare the ratios in
one run. When pandoc is installed (``pypandoc-binary``), EndNote XML ->
CSL-JSON is also timed with pandoc as a separate process, start-up included.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "RESULTS.md"
SECTION = "## EndNote XML, EndNote tagged, PubMed XML (bench_endnote.py)"

FAMILIES = ["Smith", "García", "Müller", "Nguyen", "van der Berg", "O'Neil", "Kowalski", "Chen",
            "Okafor", "Rossi", "Ångström", "Park", "Ivanova", "Haddad"]
GIVENS = ["John A.", "María", "Jürgen", "T.", "Anna", "Sean", "Jan", "Li", "Chidi", "Paolo"]
WORDS = ["analysis", "of", "the", "effect", "model", "patients", "study", "clinical", "cohort",
         "randomized", "trial", "data", "learning", "network", "protein", "expression", "cell"]
JOURNALS = ["Nature Medicine", "The Lancet", "Journal of Applied Physics", "PLOS ONE"]
STYLE = '<style face="normal" font="default" size="100%">{}</style>'


def _title(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def endnote_record(rng: random.Random, i: int) -> str:
    kind = rng.choices([("Journal Article", 17), ("Book Section", 5), ("Book", 6), ("Report", 27)],
                       [75, 10, 10, 5])[0]
    authors = "".join(f"<author>{STYLE.format(f'{rng.choice(FAMILIES)}, {rng.choice(GIVENS)}')}</author>"
                      for _ in range(rng.randint(1, 12)))
    year = rng.randint(1950, 2025)
    start = rng.randint(1, 2000)
    kw = "".join(f"<keyword>{STYLE.format(rng.choice(WORDS))}</keyword>" for _ in range(rng.randint(0, 6)))
    return (
        f'<record><rec-number>{i}</rec-number><ref-type name="{kind[0]}">{kind[1]}</ref-type>'
        f"<contributors><authors>{authors}</authors></contributors>"
        f"<titles><title>{STYLE.format(_title(rng, rng.randint(6, 16)))}</title>"
        f"<secondary-title>{STYLE.format(rng.choice(JOURNALS))}</secondary-title></titles>"
        f"<pages>{STYLE.format(f'{start}-{start + rng.randint(1, 30)}')}</pages>"
        f"<volume>{STYLE.format(rng.randint(1, 400))}</volume><number>{STYLE.format(rng.randint(1, 12))}</number>"
        f"<keywords>{kw}</keywords><dates><year>{STYLE.format(year)}</year>"
        f"<pub-dates><date>{STYLE.format('Mar 5')}</date></pub-dates></dates>"
        f"<isbn>{STYLE.format('1474-547X')}</isbn>"
        f"<electronic-resource-num>{STYLE.format(f'10.{rng.randint(1000, 9999)}/x.{i}')}</electronic-resource-num>"
        f"<abstract>{STYLE.format(_title(rng, rng.randint(40, 120)))}</abstract>"
        f"<urls><related-urls><url>https://example.org/{i}</url></related-urls></urls></record>"
    )


def pubmed_article(rng: random.Random, i: int) -> str:
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>{rng.choice(FAMILIES)}</LastName><ForeName>{rng.choice(GIVENS)}'
        f"</ForeName><Initials>X</Initials><AffiliationInfo><Affiliation>Dept {j}, University</Affiliation>"
        f"</AffiliationInfo></Author>" for j in range(rng.randint(1, 12)))
    mesh = "".join(f'<MeshHeading><DescriptorName UI="D0">{rng.choice(WORDS)}</DescriptorName></MeshHeading>'
                   for _ in range(rng.randint(0, 12)))
    refs = "".join(f"<Reference><Citation>{_title(rng, 12)}.</Citation></Reference>" for _ in range(20))
    start = rng.randint(100, 999)
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{10000000 + i}</PMID>'
        f'<Article PubModel="Print"><Journal><ISSN IssnType="Print">0028-0836</ISSN><JournalIssue>'
        f"<Volume>{rng.randint(1, 400)}</Volume><Issue>{rng.randint(1, 12)}</Issue><PubDate><Year>"
        f"{rng.randint(1950, 2025)}</Year><Month>Mar</Month></PubDate></JournalIssue>"
        f"<Title>{rng.choice(JOURNALS).lower()}</Title><ISOAbbreviation>J</ISOAbbreviation></Journal>"
        f"<ArticleTitle>{_title(rng, 12)}.</ArticleTitle><Pagination><MedlinePgn>{start}-{start % 100 + 5}"
        f'</MedlinePgn></Pagination><ELocationID EIdType="doi" ValidYN="Y">10.1000/p.{i}</ELocationID>'
        f"<Abstract><AbstractText>{_title(rng, 100)}</AbstractText></Abstract>"
        f'<AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language><PublicationTypeList>'
        f"<PublicationType>Journal Article</PublicationType></PublicationTypeList></Article>"
        f"<MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation><PubmedData><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{10000000 + i}</ArticleId></ArticleIdList><ReferenceList>{refs}'
        f"</ReferenceList></PubmedData></PubmedArticle>"
    )


def corpora(n: int) -> dict[str, str]:
    rng = random.Random(20261128)
    enx = ('<?xml version="1.0" encoding="UTF-8"?><xml><records>'
           + "\n".join(endnote_record(rng, i) for i in range(n)) + "</records></xml>")
    pub = ("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n"
           + "\n".join(pubmed_article(rng, i) for i in range(n)) + "\n</PubmedArticleSet>\n")
    from citeshift import api
    items = api.parse(enx, fmt="endnote-xml")
    enw = api.write(items, fmt="refer")
    assert isinstance(enw, str)
    return {"endnote-xml": enx, "refer": enw, "pubmed-xml": pub}


def best(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(best seconds of untraced runs, peak MiB of one more run under tracemalloc)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return min(times), peak


def run(n: int, repeats: int) -> list[tuple[str, float, float, float]]:
    from citeshift import api
    from citeshift.diagnostics import Report

    texts = corpora(n)
    items = api.parse(texts["endnote-xml"], fmt="endnote-xml")
    rows = []
    for fmt, text in texts.items():
        mib = len(text.encode()) / 2**20
        secs, peak = best(lambda t=text, f=fmt: api.parse(t, fmt=f, report=Report()), repeats)
        rows.append((f"read {fmt} ({mib:.1f} MB)", secs, n / secs, peak))
    for fmt in ("endnote-xml", "refer", "csl-json"):
        secs, peak = best(lambda f=fmt: api.write(items, io.StringIO(), fmt=f, report=Report()), repeats)
        rows.append((f"write {fmt}", secs, n / secs, peak))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("endnote-xml", "pubmed-xml"):
            src = Path(tmp) / f"{fmt}.xml"
            src.write_text(texts[fmt], encoding="utf-8")
            rss = _rss_mib(src, fmt)
            mib = src.stat().st_size / 2**20
            rows.append((f"read {fmt}: peak RSS of a process, {mib:.1f} MB file -> {rss:.0f} MiB",
                         float("nan"), float("nan"), rss))
    pandoc = _pandoc()
    if pandoc:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.xml"
            src.write_text(texts["endnote-xml"], encoding="utf-8")
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                subprocess.run([pandoc, "-f", "endnotexml", "-t", "csljson", str(src), "-o",
                                str(Path(tmp) / "out.json")], check=True)
                times.append(time.perf_counter() - t0)
            secs = min(times)
            rows.append(("pandoc: endnote-xml -> csl-json (process)", secs, n / secs, float("nan")))
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-m", "citeshift", "convert", str(src), "--to",
                                "csl-json", "-o", str(Path(tmp) / "cs.json"), "-q"], check=False,
                               stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            secs = min(times)
            rows.append(("citeshift: endnote-xml -> csl-json (process)", secs, n / secs, float("nan")))
    return rows


# VmHWM, not getrusage: ru_maxrss survives fork/exec and would report the (large) parent's peak
_RSS = """
import sys
from citeshift import api
from citeshift.diagnostics import Report
n = sum(1 for _ in api.iter_items(api.open_source(sys.argv[1], fmt=sys.argv[2], report=Report()),
                                  report=Report()))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(hwm.split()[1]) / 1024)
"""


def _rss_mib(path: Path, fmt: str) -> float:
    """Peak resident memory (MiB) of a fresh process that streams every item of ``path``."""
    out = subprocess.run([sys.executable, "-c", _RSS, str(path), fmt], capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip())


def _pandoc() -> str | None:
    try:
        import pypandoc
        return pypandoc.get_pandoc_path()
    except Exception:
        return shutil.which("pandoc")


def table(rows: list[tuple[str, float, float, float]]) -> str:
    out = ["| step | seconds | records/s | peak MiB |", "|---|---|---|---|"]
    for name, secs, rate, peak in rows:
        cells = ["" if v != v else f"{v:.2f}" if i == 0 else f"{v:,.0f}"
                 for i, v in enumerate((secs, rate, peak))]
        out.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="records per corpus")
    ap.add_argument("-r", type=int, default=3, help="repeats (best is reported)")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    rows = run(args.n, args.r)
    text = table(rows)
    print(text)
    if args.write:
        cmd = f"python benchmarks/bench_endnote.py -n {args.n} -r {args.r}"
        body = (f"{SECTION}\n\nCommand: `{cmd}` ({args.n:,} generated records per format, best of "
                f"{args.r}, in-process; {time.strftime('%Y-%m-%d')}; load average "
                f"{load:.1f} on {os.cpu_count()} CPUs at the start). Peak memory is what tracemalloc "
                "saw during one run (Python allocations; lxml's C heap is not traced), and for the RSS rows the "
                "peak resident size of a fresh process that streams the file (start-up included).\n\n" + text + "\n")
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
        if SECTION in old:
            start = old.index(SECTION)
            nxt = old.find("\n## ", start + len(SECTION))
            old = old[:start] + body + (old[nxt + 1:] if nxt >= 0 else "")
            RESULTS.write_text(old, encoding="utf-8")
        else:
            RESULTS.write_text(old.rstrip("\n") + "\n\n" + body, encoding="utf-8")


if __name__ == "__main__":
    main()
