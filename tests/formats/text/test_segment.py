from citeshift.formats.text.segment import segment
from tests.paths import FIXTURES

TEXT = FIXTURES / "text"


def test_seed_page_finds_exactly_the_82_references():
    seg = segment((TEXT / "seed-vancouver-page.txt").read_text("utf-8"))
    assert seg.mode == "numbered"
    assert [r.number for r in seg.references] == [str(n) for n in range(1, 83)]
    # the doubled web-page number ("1. 1Knutsen") is gone
    assert seg.references[0].text.startswith("Knutsen Glette M, ")
    assert seg.references[-1].text.endswith("DOI: 10.1080/0309877X.2025.2509578")
    assert seg.references[0].line == 11


def test_seed_page_header_and_footer_are_skipped_and_described():
    seg = segment((TEXT / "seed-vancouver-page.txt").read_text("utf-8"))
    assert [(a, b) for a, b, _ in seg.skipped] == [(1, 10), (93, 103)]
    assert "Click to login" in seg.skipped[0][2]
    assert "10.5334/pme.2038" in seg.skipped[1][2]  # the citing article's own DOI


def test_pdf_wrapped_lines_are_joined_with_hyphenation_repaired():
    seg = segment((TEXT / "ieee-pdf-wrapped.txt").read_text("utf-8"))
    assert len(seg.references) == 3
    second = seg.references[1].text
    assert "classification with deep convolutional neural networks" in second  # ligature + "convolu-"
    assert "doi: 10.1109/TBME.2019.2938411." in seg.references[0].text


def test_hanging_indent_list():
    seg = segment((TEXT / "apa-hanging-indent.txt").read_text("utf-8"))
    assert seg.mode == "hanging"
    assert len(seg.references) == 4
    assert seg.references[1].text.endswith("https://doi.org/10.1191/1478088706qp063oa")
    assert seg.skipped and "References" in seg.skipped[0][2]


def test_paragraphs_separated_by_blank_lines():
    seg = segment((TEXT / "harvard-paragraphs.txt").read_text("utf-8"))
    assert seg.mode == "paragraphs"
    assert len(seg.references) == 2
    assert "'Nurse staffing and patient outcomes: a longitudinal study'" in seg.references[0].text


def test_one_reference_per_line_and_bracketed_numbers():
    text = "[1] Smith J. A title. Lancet. 2001;1:1-2.\n[2] Jones K. Another. BMJ. 2002;2:3-4.\n"
    seg = segment(text)
    assert [r.number for r in seg.references] == ["1", "2"]
    assert seg.references[1].text.startswith("Jones K.")


def test_unnumbered_lines_join_when_a_line_stops_mid_sentence():
    text = ("Smith J, Jones K. A long title that wraps\nonto the next line. Lancet. 2001;1:1-2.\n"
            "Brown A. Second. BMJ. 2002;2:3-4.\n")
    seg = segment(text)
    assert len(seg.references) == 2
    assert "wraps onto the next line" in seg.references[0].text


def test_a_year_at_a_line_start_is_not_a_list_number():
    text = "2020. Not numbered at all.\nSmith J. A title. 2001.\n"
    seg = segment(text)
    assert seg.mode != "numbered"


def test_wrapped_author_date_list_without_indents_or_blank_lines():
    text = (
        "Costa, J., Bianchi, W. and de Souza, J.-P. (1986) “A climate effects of teacher\n"
        "surveillance”, in L. Johansson (ed.) Handbook of education achievement.\n"
        "Hoboken, NJ: Wiley, pp. 315–326.\n"
        "Lindqvist, A., Rossi, T., van der Berg, W., Müller, K. and Nguyen, H.\n"
        "(2020) Cardiovascular student data. Medical Education, 4(2), pp. 1–9.\n"
        "World Health Organization (2021) Global patient safety action plan. Geneva:\n"
        "WHO.\n"
    )
    seg = segment(text)
    assert len(seg.references) == 3, [r.text for r in seg.references]
    assert seg.references[0].text.endswith("Hoboken, NJ: Wiley, pp. 315–326.")
    assert seg.references[1].text.startswith("Lindqvist, A.")
    assert seg.references[2].text.endswith("Geneva: WHO.")


def test_years_in_parentheses_at_line_starts_are_not_list_numbers():
    text = ("Smith, J., & Lee, K.\n(2005). A title that wraps. Journal, 1, 2-3.\n"
            "Brown, A., & Clark, P.\n(2006). Another title. Journal, 4, 5-6.\n")
    seg = segment(text)
    assert seg.mode != "numbered"
    assert len(seg.references) == 2


def test_renderer_glued_numbers_in_sequence():
    text = "1Nguyen W, Walker I. A title. BMJ 1994; 31: 122–43.\n2van der Berg C. Another. Lancet 2001; 1: 2–3.\n"
    seg = segment(text)
    assert [r.number for r in seg.references] == ["1", "2"]
    assert seg.references[1].text.startswith("van der Berg C.")


def test_a_missing_number_does_not_split_the_list():
    text = "\n".join(f"{n}. Author{n} A. Title {n}. J. 2001;1:{n}-9." for n in (1, 2, 3, 5, 6, 7))
    seg = segment(text)
    assert [r.number for r in seg.references] == ["1", "2", "3", "5", "6", "7"]
    assert not seg.skipped


def test_lists_longer_than_9999_references_are_not_cut():
    text = "\n".join(f"{n}. Author{n} A. Title {n}. J Abbr. 2001;1:{n}." for n in range(1, 10006))
    seg = segment(text)
    assert len(seg.references) == 10005
    assert seg.references[-1].number == "10005"
    assert not seg.skipped


def test_real_hyphens_at_line_ends_are_kept_when_the_text_uses_them():
    text = ("1. Smith J. Micro-credentials in higher education. J. 2020;1:1-2.\n"
            "2. Lee K. Stackable micro-\ncredentials and hyphen-\nation. J. 2021;2:3-4.\n")
    seg = segment(text)
    assert "Stackable micro-credentials and hyphenation." in seg.references[1].text


def test_web_link_labels_are_removed_and_counted():
    text = ("References\n1. Smith J, Lee K. A title. Acad Med. 2021;96(6):913-23. Google Scholar\nCrossref\n"
            "PubMed\n2. Brown A. Another title. BMJ. 2020;1:1-2.\nGoogle Scholar | Crossref | PubMed\n")
    seg = segment(text)
    assert [r.text for r in seg.references] == ["Smith J, Lee K. A title. Acad Med. 2021;96(6):913-23.",
                                                "Brown A. Another title. BMJ. 2020;1:1-2."]
    assert seg.links_removed == 4
    seg = segment("Smith, J. (2020). A title. Journal, 1(2), 3–4.\nGoogle Scholar\n"
                  "Brown, A. (2019). Another title. Journal, 5, 6–7. Crossref\n")
    assert len(seg.references) == 2 and seg.links_removed == 2


def test_a_list_pasted_as_one_line_is_cut_at_its_numbers():
    refs = [f"{n}. Author{n} A, Other B. A title about topic {n}. Vol. 2. J Abbr. 20{10 + n};{n}:1-9."
            for n in range(1, 6)]
    seg = segment("References\n" + " ".join(refs) + "\n")
    assert [r.number for r in seg.references] == ["1", "2", "3", "4", "5"]
    assert seg.references[1].text == refs[1][3:]


def test_invisible_characters_and_odd_spaces_are_cleaned():
    seg = segment("Smith\u200b J,\u2009Lee\u00a0K. A ti\u00adtle. Lancet. 2001;1:1-2.\n")
    assert seg.references[0].text == "Smith J, Lee K. A title. Lancet. 2001;1:1-2."


def test_list_numbers_on_lines_of_their_own():
    text = "References\n1.\nSmith J. A title. Lancet. 2001;1:1-2.\n2.\n\nLee K. Another. BMJ. 2002;2:3-4.\n[3]\nBrown A. Third. JAMA. 2003;3:5-6.\n"
    seg = segment(text)
    assert [r.number for r in seg.references] == ["1", "2", "3"]
    assert seg.references[1].text == "Lee K. Another. BMJ. 2002;2:3-4."


def test_link_labels_stripped_from_the_end_of_a_long_reference():
    from citeshift.formats.text.segment import _strip_links

    long_ref = "Smith J. " + "word " * 200 + "Lancet. 2001;1:1-2."
    assert _strip_links(long_ref + " Google Scholar Crossref") == (long_ref, 1)
    assert _strip_links(long_ref) == (long_ref, 0)
