from citeshift.formats.text.fields import (
    PIPELINE,
    ListContext,
    Span,
    normalize,
    parse_loose_date,
    strip_punct,
)


def spans(*pairs):
    out, pos = [], 0
    for label, text in pairs:
        out.append(Span(label, text, pos, pos + len(text), 1.0))
        pos += len(text) + 1
    return out


def test_pipeline_order_is_declared_and_pages_come_after_their_evidence():
    names = [name for name, _ in PIPELINE]
    assert names.index("identifiers") < names.index("pages")
    assert names.index("containers") < names.index("pages")
    assert names.index("volume") < names.index("pages")


def test_volume_span_yields_issue_and_pages():
    p = normalize(spans(("title", "A title."), ("journal", "J Electromyogr Kinesiol."),
                        ("volume", "20(5):813-22.")))
    assert (p.vars["volume"], p.vars["issue"], p.vars["page"]) == ("20", "5", "813-822")
    assert any("813-22" in r for r in p.repairs)


def test_supplement_issue_and_year_inside_volume():
    p = normalize(spans(("title", "T."), ("journal", "Cancer Epidemiol."), ("volume", "86 Suppl 1:"),
                        ("pages", "102400.")))
    assert p.vars["issue"] == "Suppl 1"
    assert p.vars["page"] == "102400"
    p = normalize(spans(("title", "T."), ("journal", "J."), ("volume", "1994;2(4):")))
    assert p.vars["issued"].parts == [[1994]] and p.vars["volume"] == "2" and p.vars["issue"] == "4"


def test_lost_dash_repair_only_when_the_list_lost_its_dashes():
    args = spans(("title", "T."), ("journal", "Acad Med."), ("volume", "96(6):"), ("pages", "91323."))
    assert normalize(args, ListContext(dashes_lost=True)).vars["page"] == "913-923"
    assert normalize(args, ListContext(dashes_lost=False)).vars["page"] == "91323"


def test_article_number_is_kept_even_when_dashes_were_lost():
    p = normalize(spans(("title", "T."), ("journal", "BMC Med Educ."), ("volume", "24(1):"), ("pages", "106."),
                        ("doi", "10.1186/s12909-024-05038-5")), ListContext(dashes_lost=True))
    assert p.vars["page"] == "106" and not p.repairs


def test_identifiers():
    p = normalize(spans(("title", "T."), ("doi", "https://doi.org/10.1000/XYZ.1."), ("pmid", "123456."),
                        ("pmcid", "PMC99."), ("url", "<https://example.org/a>.")))
    assert p.vars["DOI"] == "10.1000/XYZ.1"
    assert (p.vars["PMID"], p.vars["PMCID"]) == ("123456", "PMC99")
    assert p.vars["URL"] == "https://example.org/a"


def test_dates_and_access_dates():
    p = normalize(spans(("title", "T."), ("date", "2021 Jun 1;"), ("accessed", "[cited 2024 Dec. 19].")))
    assert p.vars["issued"].parts == [[2021, 6, 1]]
    assert p.vars["accessed"].parts == [[2024, 12, 19]]
    assert parse_loose_date("(2011a).").parts == [[2011]]
    assert parse_loose_date("Retrieved May 3, 2020,").parts == [[2020, 5, 3]]
    p = normalize(spans(("title", "T."), ("date", "nd.")))
    assert "issued" not in p.vars and "no-date" in p.evidence


def test_publisher_place_edition_and_medium():
    p = normalize(spans(("title", "T."), ("edition", "2nd ed."), ("location", "Thousand Oaks, CA:"),
                        ("publisher", "Corwin Press;"), ("medium", "[Webpage].")))
    assert p.vars["edition"] == "2"
    assert p.vars["publisher-place"] == "Thousand Oaks, CA"
    assert p.vars["publisher"] == "Corwin Press"
    assert p.vars["medium"] == "Webpage"


def test_title_after_editors_is_the_book():
    p = normalize(spans(("author", "Peters M."), ("title", "Scoping Reviews."),
                        ("editor", "In: Aromataris, E, editors."), ("title", "JBI Manual;")))
    assert p.vars["title"] == "Scoping Reviews"
    assert p.vars["container-title"] == "JBI Manual"
    assert "in" in p.evidence


def test_a_failing_normalizer_is_isolated(monkeypatch):
    import citeshift.formats.text.fields as fields

    def boom(parsed, spans, ctx):
        raise ValueError("bad rule")

    monkeypatch.setattr(fields, "PIPELINE", (("names", boom), *fields.PIPELINE[1:]))
    p = fields.normalize(spans(("author", "Smith J."), ("title", "A title.")))
    assert p.vars["title"] == "A title"
    assert p.problems and "names" in p.problems[0]


def test_strip_punct_keeps_inner_brackets_and_question_marks():
    assert strip_punct("“Quoted title,”") == "Quoted title"
    assert strip_punct("Clin Med (Lond).") == "Clin Med (Lond)"
    assert strip_punct("(Belmont, CA:") == "Belmont, CA"
