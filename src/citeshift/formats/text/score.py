"""Field-level precision, recall and F1 of parsed references against labelled ones.

Both sides are CSL-JSON items. Fields compared: author names (one unit per
name: family with particle, plus the first initial), title, container,
volume, issue, page, year, DOI, URL, publisher and type. Values are compared
after folding case, dashes, quotes and punctuation, so ``BMJ Open.`` equals
``BMJ Open``; anything else that differs is both a false positive and a
false negative. A field missing on the labelled side but produced by the
parser counts as a false positive (the parser invented it).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FIELDS: tuple[str, ...] = ("author", "title", "container", "volume", "issue", "page", "year",
                           "DOI", "URL", "publisher", "type")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"<[^>]+>", "", text)  # CSL rich-text markup
    return re.sub(r"[^\w]+", "", text)


def _name_key(name: Mapping[str, Any]) -> str:
    if name.get("literal"):
        return fold(name["literal"])
    family = " ".join(str(name.get(k) or "") for k in ("non-dropping-particle", "family")).strip()
    given = str(name.get("given") or "").strip()
    return fold(family) + "|" + fold(given[:1])


def values(item: Mapping[str, Any], fields: Iterable[str] = FIELDS) -> dict[str, list[str]]:
    """The comparable values of one CSL-JSON item, one list per field."""
    out: dict[str, list[str]] = {}
    for f in fields:
        vals: list[str] = []
        if f == "author":
            vals = [_name_key(n) for n in item.get("author") or [] if isinstance(n, Mapping)]
        elif f == "container":
            if item.get("container-title"):
                vals = [fold(item["container-title"])]
        elif f == "year":
            issued = item.get("issued")
            if isinstance(issued, Mapping):
                parts = issued.get("date-parts") or []
                if parts and parts[0]:
                    vals = [str(parts[0][0])]
                elif issued.get("literal"):
                    m = re.search(r"\d{4}", str(issued["literal"]))
                    vals = [m.group()] if m else []
        elif f == "page":
            if item.get("page"):
                vals = [fold(str(item["page"]))]
        elif f == "DOI":
            if item.get("DOI"):
                vals = [fold(str(item["DOI"]))]
        elif f == "URL":
            if item.get("URL"):
                vals = [fold(re.sub(r"^(?:https?://)?(?:www\.)?", "", str(item["URL"]).strip()))]
        elif f == "type":
            if item.get("type"):
                vals = [str(item["type"])]
        else:
            if item.get(f) not in (None, ""):
                vals = [fold(str(item[f]))]
        out[f] = [v for v in vals if v]
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    fields: dict[str, Counts] = field(default_factory=dict)
    #: (reference id, field, expected, got) for every disagreement
    errors: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.fields.values():
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
        return total

    def add(self, ref_id: str, expected: Mapping[str, Any], got: Mapping[str, Any],
            fields: Iterable[str] = FIELDS) -> None:
        fields = tuple(fields)
        exp, out = values(expected, fields), values(got, fields)
        for f in fields:
            c = self.fields.setdefault(f, Counts())
            e, g = Counter(exp[f]), Counter(out[f])
            tp = sum((e & g).values())
            c.tp += tp
            c.fp += sum(g.values()) - tp
            c.fn += sum(e.values()) - tp
            if e != g:
                self.errors.append((ref_id, f, exp[f], out[f]))

    def table(self) -> str:
        """A Markdown table: one row per field, then the micro average."""
        rows = ["| field | precision | recall | F1 | n (labelled) |", "|---|---:|---:|---:|---:|"]
        for f, c in self.fields.items():
            rows.append(f"| {f} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp + c.fn} |")
        m = self.micro
        rows.append(f"| **micro** | **{m.precision:.3f}** | **{m.recall:.3f}** | **{m.f1:.3f}** | {m.tp + m.fn} |")
        return "\n".join(rows)
