from citeshift.formats.text.repairs import repair_reference, undo_ligatures


def test_ligatures_are_undone():
    assert undo_ligatures("classiﬁcation ﬂow eﬀect") == "classification flow effect"


def test_glued_words_are_separated_and_reported():
    text, messages = repair_reference("Offered [Online]. Onlinend [cited 2024]. Online2024 x")
    assert "Online nd" in text and "Online 2024" in text
    assert len(messages) == 2 and "Onlinend" in messages[0]


def test_doubled_punctuation_is_reduced_but_ellipsis_kept():
    text, messages = repair_reference("Smith J,, Jones K. Title.. Journal... end")
    assert text == "Smith J, Jones K. Title. Journal... end"
    assert len(messages) == 2
