from citeshift.model.richtext import has_markup, nocase, strip_markup, tokens


def test_strip_markup_keeps_text():
    text = 'The <i>in vivo</i> role of <span class="nocase">mRNA</span> H<sub>2</sub>O'
    assert strip_markup(text) == "The in vivo role of mRNA H2O"
    assert has_markup(text)
    assert not has_markup("a < b and c > d")
    assert strip_markup("a < b") == "a < b"


def test_tokens_split_tags_and_text():
    assert tokens("a <b>bold</b>") == [("text", "a "), ("tag", "<b>"), ("text", "bold"),
                                       ("tag", "</b>")]
    assert nocase("DNA") == '<span class="nocase">DNA</span>'
