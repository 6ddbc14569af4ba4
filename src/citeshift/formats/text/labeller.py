"""Label the tokens of one reference: a CRF for the fields, rules for what is certain.

The CRF (trained by ``scripts/train_text_crf.py`` on AnyStyle's data) decides
where the authors end and the title begins; rules then take over the tokens
whose meaning is not a matter of statistics: URLs and DOIs, ``PMID:``,
``[cited 2024 Dec. 19]``, ``Accessed May 3, 2020``, ``Available from:``.
The CRF's marginal probabilities give each label a confidence, so the reader
can say which references a person should check.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources

import pycrfsuite

from citeshift.formats.text.features import sequence_features
from citeshift.formats.text.tokens import Token

MODEL_NAME = "references.crfsuite"

_local = threading.local()

_URL = re.compile(r"(?i)^[(<\[]?(?:https?://|ftp://|www\.)\S+")
_DOI_TOKEN = re.compile(r"(?i)^[(\[<]?(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:)?10\.\d{4,9}/\S+")
_DOI_WORD = re.compile(r"(?i)^(?:doi|https?://(?:dx\.)?doi\.org/?)[:.]?$")
_PMID_WORD = re.compile(r"(?i)^\[?PMID:?$")
_PMCID_WORD = re.compile(r"(?i)^\[?PMCID:?$")
_PMCID = re.compile(r"(?i)^\[?PMC\d+\]?[.;,]?$")
_ARXIV = re.compile(r"(?i)^arxiv:\d{4}\.\d{4,5}(v\d+)?[.,;]?$")
_OPEN_ACCESS = re.compile(r"(?i)^[\[(](?:cited|accessed|consulted|viewed|retrieved)$")
_ACCESS_WORD = re.compile(r"(?i)^[\[(]?(?:accessed|retrieved|viewed|consulted|cited)(?:\s+on)?[:,]?$")
_DATE_WORD = re.compile(r"(?i)^(?:\d{1,4}(?:st|nd|rd|th)?|[a-z]{3,9}\.?)[,.;:]?$")
_MONTHS_OR_NUM = re.compile(
    r"(?i)^(?:\d{1,4}(?:st|nd|rd|th)?|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december)\.?[,.;:)\]]*$"
)
_AVAILABLE = re.compile(r"(?i)^(?:available|retrieved|accessible)$")
_MEDIUM = re.compile(r"(?i)^\[(?:internet|online|webpage|wedbpage|web page|website|serial|"
                     r"cd-rom|database|e-?book|podcast|video|audio|monograph on the internet)\][.,;:]?$")


@dataclass(slots=True)
class Labelled:
    token: Token
    label: str
    confidence: float


def _tagger() -> pycrfsuite.Tagger:
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = pycrfsuite.Tagger()
        path = resources.files("citeshift.formats.text").joinpath("data", MODEL_NAME)
        with resources.as_file(path) as real:
            tagger.open(str(real))
        _local.tagger = tagger
    return tagger


def crf_labels(words: list[str]) -> tuple[list[str], list[float]]:
    tagger = _tagger()
    tagger.set(sequence_features(words))
    labels = tagger.tag()
    probs = [tagger.marginal(lab, i) for i, lab in enumerate(labels)]
    return labels, probs


def apply_rules(words: list[str], labels: list[str]) -> list[str]:
    """Overwrite the CRF where a rule is certain; returns a new list."""
    out = list(labels)
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        if _DOI_WORD.match(w) and i + 1 < n and _DOI_TOKEN.match(words[i + 1]):
            out[i] = "skip"
            out[i + 1] = "doi"
            i += 2
            continue
        if re.match(r"(?i)^(?:available|url|online|from)[:.]?$", w) and i + 1 < n and (
                _URL.match(words[i + 1]) or _DOI_TOKEN.match(words[i + 1])):
            out[i] = "skip"
            i += 1
            continue
        if _DOI_TOKEN.match(w):
            out[i] = "doi"
        elif _URL.match(w):
            out[i] = "url"
        elif _PMID_WORD.match(w) and i + 1 < n and re.match(r"^\d{1,9}\]?[.;,]?$", words[i + 1]):
            out[i], out[i + 1] = "skip", "pmid"
            i += 2
            continue
        elif _PMCID_WORD.match(w) and i + 1 < n and _PMCID.match(words[i + 1]):
            out[i], out[i + 1] = "skip", "pmcid"
            i += 2
            continue
        elif _PMCID.match(w) and i > 0 and out[i - 1] in ("pmid", "skip"):
            out[i] = "pmcid"
        elif _ARXIV.match(w):
            out[i] = "arxiv"
        elif _MEDIUM.match(w):
            out[i] = "medium"
        elif _OPEN_ACCESS.match(w):
            # "[cited 2024 Dec. 19]" up to the closing bracket
            j = i
            while j < n:
                out[j] = "accessed"
                if words[j].rstrip(".,;:").endswith((")", "]")):
                    break
                j += 1
            i = j + 1
            continue
        elif _ACCESS_WORD.match(w) and i + 1 < n and _MONTHS_OR_NUM.match(words[i + 1]):
            # "Accessed May 3, 2020" / "Retrieved June 5, 2019, from"
            j = i + 1
            out[i] = "accessed"
            while j < n and _MONTHS_OR_NUM.match(words[j]) and j - i <= 4:
                out[j] = "accessed"
                j += 1
            if j < n and words[j].lower().rstrip(":") == "from":
                out[j] = "skip"
                j += 1
            i = j
            continue
        elif _AVAILABLE.match(w) and i + 1 < n and words[i + 1].lower().rstrip(":") in ("from", "at", "online"):
            out[i] = out[i + 1] = "skip"
            i += 2
            continue
        i += 1
    return out


def label(tokens: list[Token]) -> list[Labelled]:
    words = [t.text for t in tokens]
    if not words:
        return []
    labels, probs = crf_labels(words)
    ruled = apply_rules(words, labels)
    return [
        Labelled(tok, lab, 1.0 if lab != crf_lab else prob)
        for tok, lab, crf_lab, prob in zip(tokens, ruled, labels, probs, strict=True)
    ]
