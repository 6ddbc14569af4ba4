"""Build citeshift's compact journal table from the CC0 JabRef lists.

Usage: python tools/build_journals.py [SHARED_JOURNALS_DIR]
Writes src/citeshift/data/journals/journals.tsv.gz: one journal a line,
``full title<TAB>NLM abbreviation<TAB>ISO 4 abbreviation`` (empty when unknown).
NLM (MEDLINE) lists win for the dotless abbreviation Vancouver prints; the
ISO lists add dotted forms, so that "J. Clin. Epidemiol." expands as well.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NLM = ("journal_abbreviations_entrez.csv", "journal_abbreviations_medicus.csv")
ISO = ("journal_abbreviations_general.csv", "journal_abbreviations_lifescience.csv",
       "journal_abbreviations_ieee.csv", "journal_abbreviations_acs.csv",
       "journal_abbreviations_mathematics.csv", "journal_abbreviations_ubc.csv")


def _rows(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 2 and row[0].strip() and row[1].strip():
                yield row[0].strip(), row[1].strip()


def _key(title: str) -> str:
    return " ".join(title.casefold().replace("&", "and").split())


def main(src: Path) -> None:
    table: dict[str, list[str]] = {}
    for name in NLM:
        for full, abbr in _rows(src / name):
            if "." in abbr:
                continue
            row = table.setdefault(_key(full), [full, "", ""])
            if not row[1]:
                row[1] = abbr
            if row[0].isupper() or any(w[1:].isupper() and len(w) > 3 for w in row[0].split()):
                row[0] = full
    for name in ISO:
        for full, abbr in _rows(src / name):
            row = table.setdefault(_key(full), [full, "", ""])
            if not row[2] and "." in abbr:
                row[2] = abbr
            elif not row[1] and "." not in abbr and abbr != full:
                row[2] = row[2] or abbr
    out = REPO / "src/citeshift/data/journals/journals.tsv.gz"
    lines = sorted("\t".join(r) for r in table.values() if "\t" not in "".join(r))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{out}: {len(lines)} journals")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "journals")
