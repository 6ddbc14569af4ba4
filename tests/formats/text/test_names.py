import pytest

from citeshift.formats.text.names import expand_initials, looks_like_organisation, parse_names


def _j(span):
    parsed = parse_names(span)
    return [n.to_json() for n in parsed.names], parsed.etal


@pytest.mark.parametrize(("span", "expected"), [
    ("Knutsen Glette M, Bates DW.", [{"family": "Knutsen Glette", "given": "M."},
                                      {"family": "Bates", "given": "D. W."}]),
    ("Bates, D. W., & Smith, J.", [{"family": "Bates", "given": "D. W."},
                                   {"family": "Smith", "given": "J."}]),
    ("D. W. Bates, J. Smith, and K. Lee", [{"family": "Bates", "given": "D. W."},
                                           {"family": "Smith", "given": "J."},
                                           {"family": "Lee", "given": "K."}]),
    ("Stravinsky, Igor, and Robert Craft,", [{"family": "Stravinsky", "given": "Igor"},
                                            {"family": "Craft", "given": "Robert"}]),
    ("Goodman, Judith C.; McDonough, Laraine", [{"family": "Goodman", "given": "Judith C."},
                                               {"family": "McDonough", "given": "Laraine"}]),
    ("de Albuquerque Melo Nogueira F, Ten Cate O", [
        {"family": "Albuquerque Melo Nogueira", "given": "F.", "non-dropping-particle": "de"},
        {"family": "Ten Cate", "given": "O."}]),
    ("Abdulrahman MD-A.", [{"family": "Abdulrahman", "given": "M. D.-A."}]),
    ("Smith-Windsor T, Oaks-Garcia CT", [{"family": "Smith-Windsor", "given": "T."},
                                         {"family": "Oaks-Garcia", "given": "C. T."}]),
    ("Hershey, Robert D., Jr.", [{"family": "Hershey", "given": "Robert D.", "suffix": "Jr"}]),
])
def test_name_styles(span, expected):
    names, etal = _j(span)
    assert names == expected
    assert etal is False


def test_et_al_sets_the_flag_and_is_not_a_name():
    names, etal = _j("Hosseini S, Allen L, Howard M, et al.")
    assert etal is True
    assert [n["family"] for n in names] == ["Hosseini", "Allen", "Howard"]


def test_organisations_are_literal():
    names, _ = _j("The College of Physicians and Surgeons of Ontario.")
    assert names == [{"literal": "The College of Physicians and Surgeons of Ontario"}]
    assert looks_like_organisation("Colleges & Institutes Canada")
    assert not looks_like_organisation("Bates DW")


def test_editor_markers_are_removed():
    names, _ = _j("In: Aromataris, E, Lockwood, C, editors.")
    assert names == [{"family": "Aromataris", "given": "E."}, {"family": "Lockwood", "given": "C."}]
    names, _ = _j("J. Smith (Eds.)")
    assert names == [{"family": "Smith", "given": "J."}]


def test_initials_are_written_out_so_styles_keep_them():
    assert expand_initials("DW") == "D. W."
    assert expand_initials("D.W.") == "D. W."
    assert expand_initials("Robert") == "Robert"
