from citeshift.formats.text import labeller
from citeshift.formats.text.tokens import tokenize


def test_rules_override_the_crf_for_certain_tokens():
    w = ["DOI:", "10.1000/x", "PMID:", "123.", "PMCID:", "PMC9.", "[cited", "2024", "Dec.", "19].",
         "Available", "from:", "https://a.b/c", "[Internet].", "Accessed", "May", "3,", "2020."]
    out = labeller.apply_rules(w, ["title"] * len(w))
    assert out == ["skip", "doi", "skip", "pmid", "skip", "pmcid", "accessed", "accessed", "accessed",
                   "accessed", "skip", "skip", "url", "medium", "accessed", "accessed", "accessed", "accessed"]


def test_retrieved_from():
    w = ["Retrieved", "June", "5,", "2019,", "from", "https://x.org"]
    assert labeller.apply_rules(w, ["note"] * 6) == ["accessed"] * 4 + ["skip", "url"]


def test_crf_labels_a_vancouver_reference_with_confidences():
    toks = tokenize("Mlambo M, Silen C, McGrath C. Lifelong learning and nurses. BMC Nurs. 2021;20(1):62.")
    out = labeller.label(toks)
    labels = [x.label for x in out]
    assert labels[:6] == ["author"] * 6
    assert "title" in labels and "journal" in labels
    assert all(0.0 <= x.confidence <= 1.0 for x in out)


def test_doi_spellings():
    for w in ["doi:10.1000/x.1", "DOI:10.1000/x.1", "https://doi.org/10.1000/x.1", "doi.org/10.1000/x.1",
              "http://dx.doi.org/10.1000/x.1", "10.1000/x.1."]:
        assert labeller.apply_rules([w], ["title"]) == ["doi"], w
