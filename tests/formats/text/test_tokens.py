from citeshift.formats.text.tokens import tokenize, words


def test_compact_nlm_locator_is_split_into_fields():
    assert words("BMJ Open. 2023;13(9):e071828.") == ["BMJ", "Open.", "2023;", "13(9):", "e071828."]


def test_online_first_year_colon_pages():
    assert words("2025:119.") == ["2025:", "119."]


def test_urls_and_dois_are_never_split():
    url = "https://www.uoc.edu/en/news/x#:~:text=a;b:c"
    assert words(f"from: {url} doi:10.1000/a;b:1") == ["from:", url, "doi:10.1000/a;b:1"]


def test_offsets_point_into_the_text():
    text = "Acad Med. 2021;96(6):91323."
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text


def test_title_colon_is_not_a_locator():
    assert words("Education: a review") == ["Education:", "a", "review"]


def test_features_canonical_and_shape():
    from citeshift.formats.text.features import canonical, sequence_features, shape

    assert canonical("“Knutsen,") == "knutsen"
    assert canonical("|||") == ""
    assert shape("13(9):") == "0(0):"
    assert shape("Knutsen,") == "Aa,"
    feats = sequence_features(["Bates", "DW,", "2023;"])
    assert "vinit" in feats[1] and "year" in feats[2] and "BOS" in feats[0] and "EOS" in feats[2]
