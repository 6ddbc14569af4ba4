from functools import partial

from citeshift.formats.text.structure import apply_structure as _apply
from citeshift.formats.text.tokens import words

apply_structure = partial(_apply, raise_errors=True)


def run(text, labels):
    w = words(text)
    assert len(w) == len(labels), list(zip(w, labels, strict=False))
    return dict(zip(range(len(w)), apply_structure(w, labels), strict=False)), w


def test_nlm_locator_is_labelled_whatever_the_crf_said():
    text = "Title. Int J Learn. 2023;9(4):328."
    labels = ["title", "journal", "journal", "journal", "journal", "journal", "date"]
    out, w = run(text, labels)
    got = [out[i] for i in range(len(w))]
    assert got == ["title", "journal", "journal", "journal", "date", "volume", "pages"]


def test_organisation_author_extends_to_the_sentence_end():
    text = "Institute of Medicine Committee on Planning. A Title. Washington: Press; 2010."
    labels = ["author"] * 3 + ["title"] * 5 + ["location", "publisher", "date"]
    w = words(text)
    assert len(w) == len(labels)
    out = apply_structure(w, labels)
    assert out[:6] == ["author"] * 6
    assert out[6:8] == ["title"] * 2


def test_et_al_ends_the_authors():
    text = "Higgins J, Page M, et al. Cochrane Handbook: Cochrane; 2024."
    w = words(text)
    labels = ["author"] * 7 + ["title", "publisher", "date"]
    assert len(w) == len(labels)
    out = apply_structure(w, labels)
    assert out[:6] == ["author"] * 6
    assert out[6] == "title"


def test_editors_end_at_editors_and_the_book_follows():
    text = "Scoping Reviews. In: Aromataris, E, editors. JBI Manual; 2020."
    w = words(text)
    labels = ["title", "title", "editor", "editor", "editor", "editor", "editor", "title", "date"]
    out = apply_structure(w, labels)
    assert out[6:8] == ["container-title", "container-title"]


def test_in_starts_the_container():
    text = "Gray J. Third Generation Monitors. In ACM SIGMOD Conference, 1993."
    w = words(text)
    labels = ["author", "author"] + ["container-title"] * 7 + ["date"]
    out = apply_structure(w, labels)
    assert out[2:5] == ["title"] * 3
    assert out[5:9] == ["container-title"] * 4


def test_quoted_title_ends_at_the_closing_quote():
    text = "Smith, J. “A Quoted Title”. Handbook of Things, edited by A. Lee, 2005."
    w = words(text)
    labels = ["author", "author"] + ["title"] * 10 + ["date"]
    assert len(w) == len(labels)
    out = apply_structure(w, labels)
    assert out[2:5] == ["title"] * 3 and out[5] == "container-title"


def test_no_date_and_lone_year():
    w = words("Michener Institute. Micro-credentials [Webpage]. nd. [cited 2024]")
    labels = ["author", "author", "title", "medium", "volume", "accessed", "accessed"]
    assert apply_structure(w, labels)[4] == "date"
    w = words("Cudney E. Micro Credentials. Transnational Journal of Business; 2022.")
    labels = ["author", "author", "title", "title"] + ["journal"] * 5
    assert apply_structure(w, labels)[-1] == "date"


def test_technical_report_is_a_genre():
    w = words("Cleveland W. Computational methods. Technical Report 11, AT&T Bell Laboratories.")
    labels = ["author", "author", "title", "title"] + ["journal"] * 6
    out = apply_structure(w, labels)
    assert out[4:7] == ["genre"] * 3


def test_nature_book_block():
    w = words("in Handbook of X (eds García, C. & Brennan, F.) 120–143 (SAGE, Thousand Oaks, CA, 2005).")
    labels = ["journal"] * 9 + ["volume"] * 3 + ["location"] * 3 + ["date"]
    assert len(labels) == len(w)
    out = apply_structure(w, labels)
    assert out[:4] == ["container-title"] * 4
    assert out[4:10] == ["editor"] * 6
    assert out[10] == "pages"
    assert out[11:] == ["publisher", "location", "location", "location", "date"]


def test_acs_book_block():
    w = words("In Handbook of Y; Zhang, F., ed.; Routledge: London, 1998; pp 5–17.")
    labels = ["journal"] * 9 + ["date", "pages", "pages"]
    out = apply_structure(w, labels)
    assert out[:4] == ["container-title"] * 4
    assert out[4:7] == ["editor"] * 3
    assert out[7:9] == ["publisher", "location"]


def test_chicago_edited_by_then_publisher():
    w = words("In Handbook, edited by C. García and F. Brennan. SAGE.")
    labels = ["container-title", "container-title"] + ["editor"] * 8
    assert len(labels) == len(w)
    out = apply_structure(w, labels)
    assert out[-1] == "publisher"
    assert out[-2] == "editor"


def test_publisher_after_the_book_of_a_chapter():
    w = words("Title. In: Tanaka J, eds. Handbook of Teacher. Wiley; 2014:498-514.")
    labels = ["title", "editor", "editor", "editor", "editor", "container-title", "container-title",
              "container-title", "location", "date", "pages"]
    assert apply_structure(w, labels)[8] == "publisher"
    w = words("Title. In C. Smith (eds.), Handbook (pp. 120–143). SAGE.")
    labels = ["title"] + ["editor"] * 4 + ["container-title", "pages", "pages", "pages"]
    assert apply_structure(w, labels)[-1] == "publisher"


def test_parenthesised_thesis_and_report_number():
    w = words("Title (Doctoral dissertation, University of Toronto). Retrieved from")
    labels = ["title"] * 6 + ["note", "note"]
    out = apply_structure(w, labels)
    assert out[1:3] == ["genre", "genre"] and out[3:6] == ["publisher"] * 3
    w = words("A survey (Report No. 15-0049). Rockville")
    out = apply_structure(w, ["title"] * 5 + ["location"])
    assert out[2:5] == ["genre"] * 3


def test_chicago_author_ends_at_the_given_name():
    w = words("Harari, Yuval Noah. Sapiens: A Brief History. New York: Harper, 2015.")
    labels = ["author"] * 4 + ["title"] * 3 + ["location", "location", "publisher", "date"]
    out = apply_structure(w, labels)
    assert out[:3] == ["author"] * 3 and out[3] == "title"


def test_nlm_publisher_semicolon_versus_journal_period():
    w = words("Zaccagnini M. A protocol. OSF; 2024. DOI: 10.17605/OSF.IO/GCRD6")
    labels = ["author", "author", "title", "title", "journal", "date", "skip", "doi"]
    assert len(w) == len(labels)
    assert apply_structure(w, labels)[4] == "publisher"
    w = words("Cudney E. Micro Credentials. Transnational Journal of Business; 2022.")
    labels = ["author", "author", "title", "title"] + ["journal"] * 4 + ["date"]
    assert len(w) == len(labels)
    assert apply_structure(w, labels)[4:8] == ["journal"] * 4  # a journal by its name
    w = words("Macdonald MT. Are microcredentials the future? University Affairs. 2022.")
    labels = ["author", "author"] + ["title"] * 4 + ["publisher", "publisher", "date"]
    assert len(w) == len(labels)
    assert apply_structure(w, labels)[6:8] == ["container-title"] * 2
    w = words("Oliver B. Towards a definition. Paris: UNESCO; 2022.")
    labels = ["author", "author", "title", "title", "title", "location", "publisher", "date"]
    assert len(w) == len(labels)
    assert apply_structure(w, labels)[6] == "publisher"


def test_a_month_name_trailing_a_journal_joins_the_date_in_every_language_of_the_month_table():
    for month in ("juillet", "luglio", "Dezembro.", "janvier"):
        text = f"Title. Soins Psychiatrie, {month} 2011."
        labels = ["title", "journal", "journal", "journal", "date"]
        out, w = run(text, labels)
        assert [out[i] for i in range(len(w))] == ["title", "journal", "journal", "date", "date"], month


def test_may_after_a_journal_name_stays_in_the_journal():
    # "may" is the one month name left out there: far more often a word than a month
    text = "Title. Nurses Today may 2011."
    labels = ["title", "journal", "journal", "journal", "date"]
    out, w = run(text, labels)
    assert [out[i] for i in range(len(w))][:4] == ["title", "journal", "journal", "journal"]
