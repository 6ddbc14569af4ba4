import pytest

from citeshift.normalize.identifiers import (
    clean_doi,
    clean_pmcid,
    is_doi,
    is_valid_isbn,
    is_valid_issn,
    is_valid_pmid,
)


@pytest.mark.parametrize(
    "raw",
    ["https://doi.org/10.1136/bmjopen-2023-071828", "doi:10.1136/bmjopen-2023-071828",
     "DOI: 10.1136/bmjopen-2023-071828", "http://dx.doi.org/10.1136/bmjopen-2023-071828",
     "10.1136/bmjopen-2023-071828."],
)
def test_clean_doi(raw):
    assert clean_doi(raw) == "10.1136/bmjopen-2023-071828"
    assert is_doi(clean_doi(raw))


def test_clean_doi_url_decodes():
    assert clean_doi("https://doi.org/10.1002/%28SICI%291097") == "10.1002/(SICI)1097"


def test_checksums():
    assert is_valid_isbn("978-0-306-40615-7")
    assert not is_valid_isbn("978-0-306-40615-8")
    assert is_valid_isbn("0-8044-2957-X")
    assert is_valid_issn("2044-6055")
    assert not is_valid_issn("2044-6056")
    assert is_valid_issn("1050-124X")
    assert not is_valid_issn("1050-1241")
    assert is_valid_pmid("31415926")
    assert not is_valid_pmid("PMC123")
    assert clean_pmcid("12345") == "PMC12345"
