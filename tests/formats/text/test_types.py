import pytest

from citeshift.formats.text.fields import Parsed
from citeshift.formats.text.types import infer_type
from citeshift.model.dates import Date


def parsed(evidence=(), **vars_):
    p = Parsed()
    p.vars.update({k.replace("_", "-"): v for k, v in vars_.items()})
    p.evidence.update(evidence)
    return p


@pytest.mark.parametrize(("p", "ctype"), [
    (parsed(["journal"], container_title="BMJ Open", volume="13"), "article-journal"),
    (parsed(publisher="Corwin Press", publisher_place="Thousand Oaks"), "book"),
    (parsed(["in", "container-title"], container_title="Handbook", editor=[1], publisher="X"), "chapter"),
    (parsed(container_title="Proceedings of the ACM Conference", page="1-2"), "paper-conference"),
    (parsed(genre="PhD thesis", publisher="University of Oxford"), "thesis"),
    (parsed(title="Global tuberculosis report 2023", publisher="WHO"), "report"),
    (parsed(medium="Webpage", URL="https://x.org", accessed=Date(parts=[[2024]])), "webpage"),
    (parsed(["arxiv"], number="arXiv:2101.00001"), "article"),
    (parsed(DOI="10.17605/OSF.IO/GCRD6", title="A protocol"), "article"),
    (parsed(DOI="10.5061/dryad.abc", title="Data from: x"), "dataset"),
    (parsed(title="ggplot2 (Version 3.4.0) [Computer software]"), "software"),
    (parsed(genre="US Patent 6206324"), "patent"),
    (parsed(container_title="The New York Times", issued=Date(parts=[[1969, 3, 27]])), "article-newspaper"),
    (parsed(title="Something"), "document"),
])
def test_type_from_evidence(p, ctype):
    assert infer_type(p) == ctype


def test_a_title_that_mentions_a_report_is_not_a_report():
    assert infer_type(parsed(title="New HEQCO report on microcredentials reveals they won't save universities",
                             publisher="University Affairs")) == "book"
