"""DOI, ISBN, ISSN, PMID and PMCID: clean-up and validity checks shared by readers and ``check``."""

from __future__ import annotations

import re
import urllib.parse

_DOI_PREFIX = re.compile(
    r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*|doi\s+|info:doi/)", re.IGNORECASE
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def clean_doi(value: str) -> str:
    """``https://doi.org/10.1/x``, ``doi:10.1/x``, ``DOI 10.1/x`` -> ``10.1/x`` (URL-decoded)."""
    text = _DOI_PREFIX.sub("", value.strip())
    if "%" in text:
        text = urllib.parse.unquote(text)
    return text.rstrip(".,;")


def is_doi(value: str) -> bool:
    return bool(_DOI.match(value))


def _isbn_digits(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value).upper()


def is_valid_isbn(value: str) -> bool:
    digits = _isbn_digits(value)
    if len(digits) == 10:
        if not digits[:9].isdigit() or not (digits[9].isdigit() or digits[9] == "X"):
            return False
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def is_valid_issn(value: str) -> bool:
    digits = re.sub(r"[^0-9Xx]", "", value).upper()
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def is_valid_pmid(value: str) -> bool:
    return bool(re.fullmatch(r"\d{1,9}", value.strip())) and int(value) > 0


def clean_pmcid(value: str) -> str:
    text = value.strip()
    return text if text.upper().startswith("PMC") else f"PMC{text}"
