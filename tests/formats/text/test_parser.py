from citeshift.formats.text.fields import ListContext
from citeshift.formats.text.parser import parse_reference, strip_number


def test_list_numbers_including_the_doubled_web_number():
    assert strip_number("1. 1Knutsen Glette M") == ("Knutsen Glette M", "1")
    assert strip_number("[12] D. W. Bates") == ("D. W. Bates", "12")
    assert strip_number("3) Smith J") == ("Smith J", "3")
    assert strip_number("Smith J") == ("Smith J", None)


def test_apa_journal_article():
    r = parse_reference("Braun, V., & Clarke, V. (2006). Using thematic analysis in psychology. "
                        "Qualitative Research in Psychology, 3(2), 77–101. https://doi.org/10.1191/1478088706qp063oa")
    v = r.parsed.vars
    assert r.type == "article-journal"
    assert [n.family for n in v["author"]] == ["Braun", "Clarke"]
    assert v["title"] == "Using thematic analysis in psychology"
    assert v["container-title"] == "Qualitative Research in Psychology"
    assert (v["volume"], v["issue"], v["page"]) == ("3", "2", "77-101")
    assert v["DOI"] == "10.1191/1478088706qp063oa"
    assert r.confidence > 0.8


def test_ieee_conference_paper():
    r = parse_reference("A. Krizhevsky, I. Sutskever, and G. E. Hinton, “ImageNet classification with deep "
                        "convolutional neural networks,” in Proc. Adv. Neural Inf. Process. Syst., 2012, "
                        "pp. 1097–1105.")
    assert r.type == "paper-conference"
    assert r.parsed.vars["page"] == "1097-1105"
    assert r.parsed.vars["title"] == "ImageNet classification with deep convolutional neural networks"


def test_vancouver_web_page_with_glued_no_date():
    r = parse_reference("Michener Institute. Micro-credentials Offered [Online]. Onlinend [cited 2024 Oct. 30]. "
                        "Available from: https://michener.ca/continuing-education/ce-courses/micro-credentials-offered/.",
                        ListContext())
    v = r.parsed.vars
    assert r.type == "webpage"
    assert v["author"][0].literal == "Michener Institute"
    assert "issued" not in v
    assert v["URL"].endswith("micro-credentials-offered/")
    assert r.parsed.repairs == ["glued words 'Onlinend' separated"]


def test_low_confidence_for_a_non_reference():
    r = parse_reference("Something from 2001 that is not really a reference at all")
    assert r.confidence < 0.8
    assert r.weak


def test_ieee_organisation_author_before_quoted_title_and_tech_report():
    r = parse_reference("National Institute of Standards and Technology, “Framework for improving critical "
                        "infrastructure cybersecurity,” NIST, Gaithersburg, MD, USA, Tech. Rep., Apr. 2018. "
                        "[Online]. Available: https://doi.org/10.6028/NIST.CSWP.04162018")
    v = r.parsed.vars
    assert v["author"][0].literal == "National Institute of Standards and Technology"
    assert v["title"] == "Framework for improving critical infrastructure cybersecurity"
    assert r.type == "report"
    assert v["DOI"] == "10.6028/NIST.CSWP.04162018"


def test_apa_bracketed_dissertation_and_place_glued_publisher():
    r = parse_reference("Zeng, H. (2019). Effects of mindfulness on anxiety in college students [Doctoral "
                        "dissertation, University of Iowa]. ProQuest Dissertations and Theses Global.")
    assert r.type == "thesis"
    assert r.parsed.vars["publisher"] == "University of Iowa"
    r = parse_reference("Kushilevitz, E., & Nisan, N. (2006). Communication complexity (2nd ed.). "
                        "Cambridge University Press.")
    assert r.parsed.vars["publisher"] == "Cambridge University Press"
    assert r.parsed.vars["edition"] == "2"
    assert r.type == "book"


def test_apa_article_number_and_website_container():
    r = parse_reference("Jerrentrup, A., Mueller, T., & Schaefer, J. R. (2018). Teaching medicine with the help of "
                        "“Dr. House.” PLoS ONE, 13(3), Article e0193972. https://doi.org/10.1371/journal.pone.0193972")
    assert r.parsed.vars["page"] == "e0193972"
    r = parse_reference("Python Software Foundation. “Python Language Reference, version 3.11.” python.org. "
                        "Accessed: Mar. 3, 2024. [Online]. Available: https://docs.python.org/3.11/reference/")
    assert r.type == "webpage"
    assert r.parsed.vars["accessed"].parts == [[2024, 3, 3]]


def test_acs_book_with_publisher_before_place_and_report_number():
    r = parse_reference("(2)Chen, M. A.; Rossi, L.; Kaur, A. Stroke and After Randomized in Climate and Life; "
                        "Report 50; Wiley: Hoboken, NJ, 2007.")
    v = r.parsed.vars
    assert v["title"] == "Stroke and After Randomized in Climate and Life"
    assert (v["publisher"], v["publisher-place"]) == ("Wiley", "Hoboken, NJ")
    assert (v.get("genre"), v.get("number")) == ("Report", "50")
    assert r.type == "report"
