"""What particular exporters put where the specification does not expect it.

Each fix is a small function over a record's (tag, value) list, run before the
tag tables; each is keyed on something the exporter leaves in the record, never
on guessing. They rename tags to *pseudo-tags* (``N1:References``) whose
meaning is in :data:`DIALECT_RULES`, so the mapping itself stays data.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from citeshift.formats.ris.mapping import R, Rule
from citeshift.normalize.identifiers import clean_doi

Fields = list[tuple[str, str]]

#: Pseudo-tags produced by the fixes below, and their meaning.
DIALECT_RULES: dict[str, Rule] = {
    "N1:References": R("references", write=False),
    "AN:PMID": R("PMID", write=False),
    "C2:PMCID": R("PMCID", write=False),
    "C5:PMID": R("PMID", write=False),
    "N1:PMID": R("PMID", write=False),
    "N1:PMCID": R("PMCID", write=False),
    "C1:issued": R("issued", write=False),
}

#: Labelled lines in notes that have a CSL home: Scopus' ``References:``, and the
#: ``PMID:``/``PMCID:`` lines Zotero (and our writer) put in notes.
NOTE_LABELS: dict[str, str] = {
    "References": "N1:References",
    "PMID": "N1:PMID",
    "PMCID": "N1:PMCID",
}
_NOTE_LABEL = re.compile(r"^(References|PMID|PMCID)\s*:\s*(\S.*)$")
#: Labels whose value may go on over the following lines.
MULTILINE_LABELS: frozenset[str] = frozenset({"References"})
#: Any "Label: value" line, which ends a multi-line labelled value.
_ANY_LABEL = re.compile(r"^[A-Z][A-Za-z /.]{2,40}\s?:\s")
#: Databases whose accession number (AN) is a PubMed id.
PUBMED_DATABASES: frozenset[str] = frozenset({"pubmed", "nlm", "medline", "pubmed central"})
#: Databases that put the MEDLINE PMID in C5 (Embase, directly or through Ovid).
C5_PMID_DATABASES: frozenset[str] = frozenset({"embase"})
_JSTOR_DATE = re.compile(r"^Full publication date:\s*(.+?)\s*$")
_DOI_NOTE = re.compile(r"^\s*doi\s*:\s*(10\.\S+)\s*$", re.IGNORECASE)
_PMC = re.compile(r"^PMC\d+$")


def labelled_notes(fields: Fields) -> Fields:
    """Move labelled note lines with a CSL home (``References: ...``, ``PMID: ...``) out of N1.

    Scopus writes each sub-field as its own N1 (``Cited By``, ``Export Date``,
    ``Correspondence Address``, ``References``); the ones without a CSL home stay notes.
    """
    if not any(t == "N1" and ":" in v for t, v in fields):
        return fields
    out: Fields = []
    for tag, value in fields:
        if tag != "N1" or ":" not in value:
            out.append((tag, value))
            continue
        rest: list[str] = []
        absorbing = False  # Scopus wraps its reference list over many lines
        for line in value.split("\n"):
            m = _NOTE_LABEL.match(line.strip())
            if m is not None:
                out.append((NOTE_LABELS[m.group(1)], m.group(2).strip()))
                absorbing = m.group(1) in MULTILINE_LABELS
            elif absorbing and not _ANY_LABEL.match(line.strip()):
                label, text = out[-1]
                out[-1] = (label, f"{text}\n{line.strip()}")
            else:
                absorbing = False
                rest.append(line)
        if rest:
            out.append(("N1", "\n".join(rest)))
    return out


def pubmed_ids(fields: Fields) -> Fields:
    """PubMed ids where databases put them.

    EndNote and PubMed-derived RIS: ``DB - PubMed``/``NLM`` makes AN the PMID; ``C2 - PMC…``
    is a PMCID; Embase (``DB - Embase``) puts the MEDLINE PMID in C5.
    """
    databases = {v.strip().lower() for t, v in fields if t == "DB"}
    is_pubmed = bool(databases & PUBMED_DATABASES)
    c5_pmid = any(d.startswith(tuple(C5_PMID_DATABASES)) for d in databases)
    if not is_pubmed and not c5_pmid and not any(t == "C2" for t, _ in fields):
        return fields
    out: Fields = []
    for tag, value in fields:
        if tag == "AN" and is_pubmed and value.strip().isdigit():
            out.append(("AN:PMID", value.strip()))
        elif tag == "C5" and c5_pmid and value.strip().isdigit():
            out.append(("C5:PMID", value.strip()))
        elif tag == "C2" and _PMC.match(value.strip()):
            out.append(("C2:PMCID", value.strip()))
        else:
            out.append((tag, value))
    return out


def jstor_dates(fields: Fields) -> Fields:
    """JSTOR gives only the year in PY and the full date as ``C1 - Full publication date: …``."""
    if not any(t == "C1" and v.startswith("Full publication date") for t, v in fields):
        return fields
    return [("C1:issued", m.group(1)) if t == "C1" and (m := _JSTOR_DATE.match(v)) else (t, v)
            for t, v in fields]


def doi_notes(fields: Fields) -> Fields:
    """Publishers repeat the DOI as ``M3 - doi: …`` or ``N1 - doi: …``: keep it once, in DO."""
    if not any(t in ("M3", "N1") and "doi" in v[:5].lower() for t, v in fields):
        return fields
    dois = {clean_doi(v).lower() for t, v in fields if t == "DO" and v.strip()}
    out: Fields = []
    for tag, value in fields:
        m = _DOI_NOTE.match(value) if tag in ("M3", "N1") else None
        if m is None:
            out.append((tag, value))
        elif clean_doi(m.group(1)).lower() in dois:
            continue  # the same DOI again
        else:
            out.append(("DO", m.group(1)))
            dois.add(clean_doi(m.group(1)).lower())
    return out


#: Applied in this order, each to the records that have one of its tags.
FIXES: tuple[tuple[Callable[[Fields], Fields], frozenset[str]], ...] = (
    (labelled_notes, frozenset({"N1"})),
    (pubmed_ids, frozenset({"DB", "C2"})),
    (jstor_dates, frozenset({"C1"})),
    (doi_notes, frozenset({"M3", "N1"})),
)


def apply(fields: Fields) -> Fields:
    present = {tag for tag, _ in fields}
    for fix, tags in FIXES:
        if not present.isdisjoint(tags):
            fields = fix(fields)
    return fields
