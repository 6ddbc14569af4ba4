from hypothesis import given, settings
from hypothesis import strategies as st

from citeshift.formats.lines import iter_lines


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "\n", "\r", " ", "é", "\u2028"]), max_size=40))
def test_iter_lines_is_split_on_newline_one_at_a_time(text: str) -> None:
    assert list(iter_lines(text)) == text.split("\n")


def test_iter_lines_is_lazy() -> None:
    lines = iter_lines("a\nb\n" * 1000)
    assert next(lines) == "a" and next(lines) == "b"
