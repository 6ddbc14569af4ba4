"""Cutting big inputs at record boundaries: every record in exactly one piece, context kept."""

from __future__ import annotations

import pytest

from citeshift import split

BIB = """@string{jbc = {Journal of Biological Chemistry}}

@article{a1,
  title = {First},
  journal = jbc,
}

@article{a2,
  title = {Second with a {nested {brace}}
@ line that looks like an entry},
  crossref = {proc1},
}

@string{nat = {Nature}}

@article{a3,
  title = {Third},
  journal = nat,
}

@proceedings{proc1,
  title = {Proceedings of Something},
}

@article{a4,
  title = {Fourth},
}
"""


def test_bibtex_pieces_cover_the_file_once_in_order() -> None:
    pieces = split.split_bibtex(BIB, 3)
    assert pieces is not None and len(pieces) >= 2
    assert "".join(p.body for p in pieces) == BIB
    for p in pieces:
        assert BIB.splitlines()[p.first_line - 1] == p.body.splitlines()[0]


def test_bibtex_never_cuts_inside_an_entry() -> None:
    # the "@ line" inside a2's title is not a record start: braces are open there
    pieces = split.split_bibtex(BIB, 4)
    assert pieces is not None
    for p in pieces:
        assert not p.body.startswith("@ line")


def test_bibtex_context_has_earlier_strings_and_crossref_targets() -> None:
    pieces = split.split_bibtex(BIB, 4)
    assert pieces is not None
    last = pieces[-1]
    assert "@string{jbc" in last.before and "@string{nat" not in pieces[0].before
    with_a2 = next(p for p in pieces if "@article{a2" in p.body)
    if "@proceedings{proc1" not in with_a2.body:
        assert "@proceedings{proc1" in with_a2.after


def test_piece_lines_map_back_to_the_file() -> None:
    pieces = split.split_bibtex(BIB, 4)
    assert pieces is not None
    lines = BIB.splitlines()
    for p in pieces:
        text = p.text.splitlines()
        mapped = [n for n in range(1, len(text) + 1) if p.file_line(n) is not None]
        assert len(mapped) == p.body_lines
        for n in mapped:
            assert text[n - 1] == lines[p.file_line(n) - 1]
        # context lines (before and after) map to nothing
        assert all(p.file_line(n) is None for n in range(1, p.before_lines + 1))


def test_bibtex_cuts_where_bibtexparser_starts_a_block() -> None:
    # an entry whose brace never closes ends where the next line starts "@type{", in the
    # reader as in bibtexparser: so the file can still be cut after it
    broken = "@article{x1,\n title = {open\n}\n\n" + "".join(
        f"@article{{k{i},\n title = {{T{i}}},\n}}\n\n" for i in range(20))
    pieces = split.split_bibtex(broken, 4)
    assert pieces is not None and len(pieces) == 4
    assert all(p.body.startswith("@article{") for p in pieces)
    # "@ line" and "@{" inside a value are not block starts
    assert split._BIB_START.search("x\n@ line that looks like one\n") is None
    assert split._BIB_START.search("x\n  @Book (k,\n") is not None


def test_ris_cuts_after_end_of_record() -> None:
    text = "".join(f"TY  - JOUR\nTI  - Title {i}\nER  - \n\n" for i in range(10))
    pieces = split.split_ris(text, 3)
    assert pieces is not None and len(pieces) == 3
    assert "".join(p.body for p in pieces) == text
    assert all(p.body.startswith("\nTY  -") or p.body.startswith("TY  -") for p in pieces)


def test_small_or_unknown_inputs_are_not_split() -> None:
    assert split.split("TY  - JOUR\nER  - \n", "ris", 4) is None
    assert split.split('[{"id": "a"}]', "csl-json", 4) is None
    assert split.split(BIB, "bibtex", 1) is None


# --- streaming: the same cuts, made while the text flows past ------------------------------

def _blocks(text: str, size: int) -> list[str]:
    """``text`` as blocks of whole lines of about ``size`` characters (as io.iter_text)."""
    out: list[str] = []
    lines = text.splitlines(keepends=True)
    while lines:
        block = ""
        while lines and (not block or len(block) + len(lines[0]) <= size):
            block += lines.pop(0)
        out.append(block)
    return out


RIS = "".join(f"TY  - JOUR\nTI  - Title {i}\nER  - \n\n" for i in range(40))


@pytest.mark.parametrize("block", [7, 40, 333, 10_000])
@pytest.mark.parametrize("size", [1, 50, 400, 100_000])
def test_streamed_runs_cover_the_text_once_and_cut_only_at_boundaries(block: int,
                                                                      size: int) -> None:
    for fmt, text in (("bibtex", BIB), ("ris", RIS)):
        runs = list(split.cut_stream(_blocks(text, block), fmt, size))
        assert "".join(body for _line, body in runs) == text
        line = 1
        for first_line, body in runs:
            assert first_line == line
            line += body.count("\n")
        runs = [(line, body) for line, body in runs if body.strip()]  # a blank tail may be a run
        for _line, body in runs[1:]:
            if fmt == "bibtex":
                assert split._BIB_START.match(body)
            else:
                assert body.startswith("\nTY  -") or body.startswith("TY  -")
        if size == 1:  # every record on its own
            starts = len(list(split._BIB_START.finditer(text)))
            assert len(runs) == (starts if fmt == "bibtex" else 40)


def test_streamed_bibtex_pieces_carry_the_context_of_the_whole_file_split() -> None:
    reads = []

    def blocks():
        reads.append(1)
        return iter(_blocks(BIB, 30))

    pieces = list(split.stream(blocks, "bibtex", 1))
    assert "".join(p.body for p in pieces) == BIB
    assert len(reads) == 3  # crossref targets, their entries, then the pieces
    with_a2 = next(p for p in pieces if "@article{a2" in p.body)
    # the parent comes after, with the macros defined on the way to it, in file order
    assert with_a2.after.index("@string{nat") < with_a2.after.index("@proceedings{proc1")
    last = pieces[-1]
    assert "@string{jbc" in last.before and "@string{nat" in last.before
    assert pieces[0].before == ""
    for p in pieces:
        text = p.text.splitlines()
        lines = BIB.splitlines()
        for n in range(1, len(text) + 1):
            if p.file_line(n) is not None:
                assert text[n - 1] == lines[p.file_line(n) - 1]


def test_streamed_bibtex_without_crossref_reads_the_input_twice_at_most() -> None:
    reads = []
    plain = BIB.replace("crossref = {proc1},", "")

    def blocks():
        reads.append(1)
        return iter(_blocks(plain, 50))

    pieces = list(split.stream(blocks, "bibtex", 100))
    assert len(reads) == 2 and all(p.after == "" for p in pieces)
    assert split.stream(blocks, "csl-json", 100) is None


def test_bibtex_context_follows_what_the_reader_takes_as_a_definition() -> None:
    text = ("% old: @string{jcp = {Commented Out}}\n"
            "\x00@string{prl = {Physical Review Letters}}\n"
            "@xdata{springer,\n"  # broken: the next line starts a block
            "@xdata{springer,\n  publisher = {Springer},\n}\n\n"
            + "".join(f"@book{{b{i},\n  xdata = {{springer}},\n  journal = prl,\n}}\n\n"
                      for i in range(6)))
    for pieces in (split.split_bibtex(text, 4),
                   list(split.stream(lambda: iter(_blocks(text, 40)), "bibtex", 1))):
        assert pieces is not None
        last = pieces[-1]
        # a @string after a NUL is one, in a comment line it is not
        assert "@string{prl" in last.before and "Commented Out" not in last.before
        # the parent's definition the reader can read (the broken first one defines nothing)
        assert last.before.count("@xdata{springer,") == 1
        assert "publisher = {Springer}" in last.before
