from hypothesis import given, settings
from hypothesis import strategies as st

from citeshift.formats.lines import ASCII_SPACE, iter_lines, squash


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\r", " ", "é", "\u2028"]), max_size=40))
def test_iter_lines_is_split_on_newline_one_at_a_time(text: str) -> None:
    assert list(iter_lines(text)) == text.split("\n")


def test_iter_lines_is_lazy() -> None:
    lines = iter_lines("a\nb\n" * 1000)
    assert next(lines) == "a" and next(lines) == "b"


def test_squash_undoes_ascii_wrapping_only() -> None:
    assert squash(" a \t b\r\n  c ") == "a b c"
    # no-break, em and ideographic spaces, line and paragraph separators are content
    for space in ("\u00a0", "\u2003", "\u3000", "\u2028", "\u2029", "\x85"):
        assert squash(f"{space}a{space}b{space}") == f"{space}a{space}b{space}"
    assert "x\u00a0 ".strip(ASCII_SPACE) == "x\u00a0"
