"""Segmentation does work linear in the size of its input, on every pathological shape.

No clock here (timings are in ``benchmarks/bench_robustness.py``): the work is counted. Every
regex call of :mod:`citeshift.formats.text.segment` is counted by the characters it is given,
every line of Python the module runs by a trace function, and every method called on a string
(or an O(n) method on a list) by the length of that string (list), with a profile function. Both counts are taken
at two sizes; linear work grows with the size (x4 here), quadratic work with its square (x16).
The quadratic cases these catch were real: the joined text searched again for each wrapped
line, each numbered line tried as the start of the list in turn, a run-on line's numbers all
rescanned for each reference, blocks popped from the front of a list.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from citeshift.formats.text import segment as seg
from tests.fuzz.pathological import KINDS, build

#: the two sizes compared (characters)
SMALL, LARGE = 10_000, 40_000
#: the most the work may grow from SMALL to LARGE: linear is 4, quadratic 16
MAX_GROWTH = 5.5


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


#: shapes beyond tests/fuzz/pathological.py that broke the segmenter (each was quadratic)
EXTRA: dict[str, Callable[[int], str]] = {
    "same-number-lines": lambda n: _repeat("1. Smith J. A title. 2020.\n", n),
    "run-on-list": lambda n: " ".join(f"{i}. Smith J. Title. 2020." for i in range(1, n // 26)),
    "many-non-references": lambda n: _repeat("hello world\n", n // 2)
    + _repeat("Smith J. A title. Lancet. 2020;1:2-3.\n", n // 2),
    "hyphenated-lines": lambda n: "Smith J. T. 2020. a" + _repeat("-\nbcdefghi", n),
    "broken-url": lambda n: "Smith J. T. 2020. https://x.org" + _repeat("\n/abcdefgh", n),
    "hanging-indent": lambda n: _repeat("Smith, J. (2020). A title.\n    continued here.\n", n),
    "link-labels": lambda n: _repeat("Smith J. T. 2020.\nFind this author on PMC PMC Crossref x\n", n),
}


@dataclass
class Work:
    #: characters given to regexes
    regex_chars: int = 0
    #: lines of Python run
    lines: int = 0
    #: characters of the strings whose methods were called, and items of lists whose O(n)
    #: methods were called (``out.rsplit()`` on a growing text, ``blocks.pop(0)``)
    method_items: int = 0


class _CountingPattern:
    """A compiled pattern that adds the length of each string it is given to ``work``."""

    def __init__(self, pattern: re.Pattern[str], work: Work) -> None:
        self._pattern = pattern
        self._work = work

    def _count(self, name: str) -> Callable[..., object]:
        method = getattr(self._pattern, name)

        def counted(string: str, *args: object, **kwargs: object) -> object:
            self._work.regex_chars += len(string)
            return method(string, *args, **kwargs)

        return counted

    def __getattr__(self, name: str) -> object:
        if name in ("match", "search", "fullmatch", "finditer", "findall", "split"):
            return self._count(name)
        if name in ("sub", "subn"):
            method = getattr(self._pattern, name)

            def counted(repl: object, string: str, *args: object, **kwargs: object) -> object:
                self._work.regex_chars += len(string)
                return method(repl, string, *args, **kwargs)

            return counted
        return getattr(self._pattern, name)


def _counting_re(work: Work) -> types.SimpleNamespace:
    """The ``re`` module as the segmenter sees it, with its calls counted too."""
    def one_off(name: str) -> Callable[..., object]:
        def call(pattern: str, *args: object, **kwargs: object) -> object:
            return getattr(_CountingPattern(re.compile(pattern), work), name)(*args, **kwargs)
        return call

    names = ("match", "search", "fullmatch", "finditer", "findall", "split", "sub", "subn")
    return types.SimpleNamespace(**{n: one_off(n) for n in names}, compile=re.compile, M=re.M,
                                 Match=re.Match, Pattern=re.Pattern)


#: list methods whose work grows with the list
_LINEAR_LIST_METHODS = ("pop", "insert", "index", "remove", "count", "copy")


def measure(text: str, monkeypatch: pytest.MonkeyPatch) -> Work:
    work = Work()
    with monkeypatch.context() as m:
        for name, value in list(vars(seg).items()):
            if isinstance(value, re.Pattern):
                m.setattr(seg, name, _CountingPattern(value, work))
        m.setattr(seg, "re", _counting_re(work))
        source = seg.__file__

        def tracer(frame: types.FrameType, event: str, arg: object) -> object:
            if frame.f_code.co_filename != source:
                return None
            if event == "line":
                work.lines += 1
            return tracer

        def profiler(frame: types.FrameType, event: str, arg: object) -> None:
            if event == "c_call" and frame.f_code.co_filename == source:
                owner = getattr(arg, "__self__", None)
                if isinstance(owner, str) or (isinstance(owner, list) and getattr(arg, "__name__", "")
                                              in _LINEAR_LIST_METHODS):
                    work.method_items += len(owner)

        previous, previous_profile = sys.gettrace(), sys.getprofile()
        sys.settrace(tracer)
        sys.setprofile(profiler)
        try:
            seg.segment(text)
        finally:
            sys.settrace(previous)
            sys.setprofile(previous_profile)
    return work


CASES = [pytest.param(lambda n, k=kind: build("text", k, n).decode("utf-8"), id=kind) for kind in KINDS]
CASES += [pytest.param(make, id=name) for name, make in EXTRA.items()]


@pytest.mark.parametrize("make", CASES)
def test_segmentation_work_grows_linearly(make, monkeypatch):
    small_text, large_text = make(SMALL), make(LARGE)
    size_ratio = len(large_text) / len(small_text)
    small, large = measure(small_text, monkeypatch), measure(large_text, monkeypatch)
    assert small.regex_chars > 0 and small.lines > 0
    limit = MAX_GROWTH * size_ratio / 4
    assert large.regex_chars / small.regex_chars <= limit, (small, large)
    assert large.lines / small.lines <= limit, (small, large)
    assert large.method_items / max(small.method_items, 1) <= limit, (small, large)
    # and each character is looked at by the regexes a bounded number of times
    assert large.regex_chars <= 100 * len(large_text), (large.regex_chars, len(large_text))


def test_the_counters_see_quadratic_work(monkeypatch):
    """The measure itself can fail: a joiner that searches the whole text per line is caught."""
    add = seg._Joiner.add

    def rescanning(self: seg._Joiner, part: str) -> None:
        seg._DOI.search(text)  # what a per-line rescan of the whole text looks like
        add(self, part)

    monkeypatch.setattr(seg._Joiner, "add", rescanning)
    text = EXTRA["hanging-indent"](SMALL // 2)
    small = measure(text, monkeypatch)
    text = EXTRA["hanging-indent"](LARGE // 2)
    large = measure(text, monkeypatch)
    assert large.regex_chars / small.regex_chars > 10


def test_joiner_keeps_a_bounded_window_of_what_it_joined():
    vocab = seg._Vocabulary("a micro-credentials course")
    joiner = seg._Joiner(vocab)
    for _ in range(5_000):
        joiner.add("a micro-")
        joiner.add("credentials course in hyphen-")
        joiner.add("ation, see https://example.org/")
        joiner.add("path")
    assert len(joiner.tail) <= seg._TAIL and len(joiner.word_start) <= 16
    one = "a micro-credentials course in hyphenation, see https://example.org/path"
    assert joiner.text() == " ".join([one] * 5_000)


def test_a_line_of_ambiguous_link_labels_is_rejected():
    # Each "Find this author on PMC PMC" reads two ways (a site "PMC" and the label PMC, or a
    # two-word site); with both allowed, rejecting 60 of them took a backtracking regex 2**60 tries.
    line = "Find this author on PMC PMC " * 60 + "x"
    assert seg._LINK_LINE.match(line) is None
    assert seg._LINK_LINE.match("Find this author on PMC PMC " * 60)
    assert seg._TRAILING_LINKS.search("Smith J. Title. 2020. " + line) is None


def test_the_longest_numbered_run_is_found_among_many_false_starts():
    lines = ["1. x"] * 3_000 + [f"{n}. Smith J. A title. 2020." for n in range(1, 6)] + ["1. y"] * 3_000
    run = seg._numbered_run(lines, 0)
    assert [n for _, n in run] == ["1", "2", "3", "4", "5"]
    assert run[0][0] == 0  # runs tie; the first start wins (as before the linear rewrite)


def test_the_end_of_a_reference_is_looked_for_in_the_last_word_only(monkeypatch):
    # _TERMINAL ends in "\S+$": searched over a whole line of "10.1234/10.1234/..." it backtracked
    # from each DOI start to the line's end (minutes for one 250 KB line)
    work = Work()
    monkeypatch.setattr(seg, "_TERMINAL", _CountingPattern(seg._TERMINAL, work))
    line = "10.1234/" * 10_000 + " word"
    assert not seg._ends_reference(line)
    assert work.regex_chars == len("word")
    assert seg._ends_reference("Smith J. A title. doi: 10.1000/xyz")
    assert seg._ends_reference("Smith J. A title. https://example.org/a")
    assert seg._ends_reference("Smith J. A title. 2020;1:2-3.  ")
    assert not seg._ends_reference("Smith J. A title that wraps") and not seg._ends_reference("   ")
