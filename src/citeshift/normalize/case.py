"""Sentence case for titles held in Title Case (BibTeX files, most databases).

APA and Vancouver print article titles in sentence case; citeproc can lower-case
nothing by itself (CSL has no reliable "sentence" text-case), so citeshift
converts the data. What must survive: acronyms and words with inner capitals
(``HIV``, ``GaN``, ``iPhone``, ``COVID-19``), single capital letters
(``Type B``, ``X-ray``), ``<span class="nocase">`` spans and other markup,
proper nouns on citeshift's list (countries, languages, months, eponyms such as
``Parkinson``), and the capital after a sentence end (``Chapter 3. Putting``).
After a colon the subtitle keeps its capital by default (APA 7);
``keep_subtitle=False`` lower-cases it as Zotero does.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: proper nouns kept capitalised (a word's lower-case form); citeshift's own list
PROPER_NOUNS = frozenset(["africa", "african", "america", "american", "americans", "arab", "arabic", "asia", "asian", "atlantic", "australia", "australian", "austria", "austrian", "bayesian", "belgium", "brazil", "brazilian", "britain", "british", "canada", "canadian", "chile", "china", "chinese", "christian", "christianity", "colombia", "croatia", "cuba", "czech", "danish", "denmark", "dutch", "egypt", "england", "english", "estonia", "ethiopia", "europe", "european", "finland", "finnish", "france", "french", "gaussian", "german", "germany", "ghana", "greece", "greek", "hindu", "hungarian", "hungary", "iceland", "india", "indian", "indonesia", "iran", "iraq", "ireland", "irish", "islam", "islamic", "israel", "italian", "italy", "jamaica", "japan", "japanese", "jewish", "kenya", "korea", "korean", "latin", "latino", "mexican", "mexico", "muslim", "nepal", "netherlands", "nigeria", "nordic", "norway", "norwegian", "pacific", "pakistan", "peru", "poland", "polish", "portugal", "portuguese", "russia", "russian", "scandinavian", "scotland", "scottish", "serbia", "singapore", "spain", "spanish", "sweden", "swedish", "swiss", "switzerland", "taiwan", "thai", "thailand", "turkey", "turkish", "uganda", "ukraine", "ukrainian", "uruguay", "venezuela", "vietnam", "vietnamese", "wales", "welsh", "zambia", "zimbabwe", "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "alzheimer", "alzheimer's", "parkinson", "parkinson's", "crohn", "crohn's", "hodgkin", "hodgkin's", "huntington", "huntington's", "cushing", "cushing's", "graves'", "hashimoto", "hashimoto's", "kaposi", "kaposi's", "down's", "gram", "markov", "fourier", "newton", "newtonian", "euler", "einstein", "darwin", "darwinian", "freud", "freudian", "marx", "marxist", "bayes", "gauss", "laplace", "poisson", "bernoulli", "monte", "carlo", "kalman", "hilbert", "riemann", "lagrangian", "hamiltonian", "boltzmann", "maxwell", "schrödinger", "heisenberg", "dirac", "fermi", "bose", "weibull", "kaplan", "meier", "cox"])

_TAG = re.compile(r"(<[^>]+>)")
_NOCASE = re.compile(r'(<span class="nocase">.*?</span>)', re.S)
_WORD_CHARS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.U)


def _letters(token: str) -> str:
    return "".join(ch for ch in _TAG.sub("", token) if ch.isalpha())


def _keep(part: str) -> bool:
    """Whether a word (or one part of a hyphenated word) keeps its capitals."""
    letters = "".join(ch for ch in part if ch.isalpha())
    if not letters:
        return True
    if len(letters) == 1:
        return letters not in "A"  # "Type B", "X-ray"; the article "A" is a word like others
    if any(ch.isupper() for ch in letters[1:]):
        return True  # HIV, GaN, iPhone, McDonald, COVID
    if any(ch.isdigit() for ch in part):
        return True
    return _fold(part) in PROPER_NOUNS


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    return re.sub(r"[^\w']", "", word.replace("’", "'")).casefold()


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a token's text, leaving tags alone."""
    parts = _TAG.split(text)
    for n in range(0, len(parts), 2):
        for i, ch in enumerate(parts[n]):
            if ch.isalpha():
                parts[n] = parts[n][:i] + ch.lower() + parts[n][i + 1:]
                return "".join(parts)
    return text


def _convert_token(token: str, shouting: bool) -> str:
    """One whitespace-separated token (it may hold markup and hyphens)."""
    if "<" in token:
        bare = _TAG.sub("", token)
        if any(ch.isupper() for ch in _letters(token)[1:]) and not shouting:
            return token  # In<sub>x</sub>Ga...: inner capitals across markup
        if _keep(bare) and not shouting:
            return token
        return _lower_first(token) if bare[:1].isupper() or not bare[:1].isalpha() else token
    pieces = re.split(r"([-/–])", token)
    out = []
    for piece in pieces:
        if piece in ("-", "/", "–") or not piece:
            out.append(piece)
            continue
        if shouting:
            word = piece.lower()
            out.append(word[:1].upper() + word[1:] if _fold(piece) in PROPER_NOUNS else word)
        elif _keep(piece):
            out.append(piece)
        else:
            out.append(re.sub(r"[^\W\d_]", lambda m: m[0].lower(), piece, count=1))
    return "".join(out)


def _is_shouting(text: str) -> bool:
    letters = [ch for ch in _TAG.sub("", text) if ch.isalpha()]
    return len(letters) > 3 and all(not ch.islower() for ch in letters)


def sentence_case(title: str, *, keep_subtitle: bool = True) -> str:
    """``title`` in sentence case (see the module docstring for what is kept)."""
    if not title or not title.strip():
        return title
    shouting = _is_shouting(title)
    chunks = _NOCASE.split(title)
    out: list[str] = []
    first = True  # the next word starts the title or a sentence: keep its capital
    for n, chunk in enumerate(chunks):
        if n % 2:
            out.append(chunk)  # a nocase span: untouched
            first = False
            continue
        tokens = re.split(r"(\s+)", chunk)
        for token in tokens:
            if not token or token.isspace():
                out.append(token)
                continue
            bare = _TAG.sub("", token)
            if not any(ch.isalpha() for ch in bare):
                out.append(token)
                if re.search(r"[.?!]$", bare):
                    first = True
                continue
            if first:
                converted = _convert_token(token, shouting)
                starts_upper = next((ch.isupper() for ch in bare if ch.isalpha()), False)
                if starts_upper or shouting:
                    converted = _capitalise_first(converted)  # a sentence keeps its capital
                out.append(converted)
            else:
                out.append(_convert_token(token, shouting))
            stripped = bare.rstrip("”’\"')]")
            if (stripped.endswith((".", "?", "!")) and not _abbreviation(stripped)) or (stripped.endswith(":") and keep_subtitle):
                first = True
            else:
                first = False
    return "".join(out)


def _abbreviation(word: str) -> bool:
    """"e.g.", "vs.", "Dr." and initials end in a period without ending a sentence."""
    core = word.rstrip(".")
    return len(core) <= 3 or "." in core


def _capitalise_first(text: str) -> str:
    parts = _TAG.split(text)
    for n in range(0, len(parts), 2):
        for i, ch in enumerate(parts[n]):
            if ch.isalpha():
                parts[n] = parts[n][:i] + ch.upper() + parts[n][i + 1:]
                return "".join(parts)
    return text
