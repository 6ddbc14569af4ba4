"""LaTeX <-> Unicode and CSL markup (formats/bibtex/latex.py)."""

from __future__ import annotations

import pytest

from citeshift.formats.bibtex.latex import decode, decode_plain, decode_verbatim, encode

NC = '<span class="nocase">'
SC = '<span style="font-variant:small-caps;">'


@pytest.mark.parametrize(("latex", "text"), [
    # accents in all their spellings
    (r'{\"u}ber \"{u}ber \"uber', "über über über"),
    (r"{\'\i} \'{\i} {\'{\i}}", "í í í"),
    (r"{\ss} {\o} {\O} {\aa} {\l} {\ae}", "ß ø Ø å ł æ"),
    (r"\v{r} \v r \c{c} {\c c} \H{o} \k{e} \~n", "ř ř ç ç ő ę ñ"),
    (r"Trag{\" o}die", "Tragödie"),
    # dashes, ties, quotes, escapes
    ("pages 1--2 and---so", "pages 1–2 and—so"),
    ("a~b", "a\u00a0b"),
    ("``quoted''", "“quoted”"),
    (r"a\&b\%c\$d\#e\_f\{g\}", "a&b%c$d#e_f{g}"),
    (r"\textasciitilde{}\textasciicircum{}\textbackslash{}", "~^\\"),
    # formatting -> CSL markup
    (r"\emph{x} \textit{y} \textbf{z}", "<i>x</i> <i>y</i> <b>z</b>"),
    (r"{\em x} y", "<i>x</i> y"),
    (r"a\it b{\bf c}", "a<i>b<b>c</b></i>"),
    (r"a\begin{it}b\end{it}c", "a<i>b</i>c"),
    (r"\textsc{Sc} H\textsubscript{2}O x\textsuperscript{th}", f"{SC}Sc</span> H<sub>2</sub>O x<sup>th</sup>"),
    # case protection
    ("The {DNA} of {Bayes}", f"The {NC}DNA</span> of {NC}Bayes</span>"),
    ("{{Whole Title}}", f"{NC}Whole Title</span>"),
    (r"{\"U}ber", "Über"),  # a special character is not a protected group
    ("{2020}", "2020"),  # nothing to protect
    # math
    (r"$\beta$-decay", "β-decay"),
    (r"$^{8}$Li H$_2$O $x^{ab}$", "⁸Li H₂O x<sup>ab</sup>"),
    (r"$\Sigma^{0}$", "Σ⁰"),
    (r"$\frac{1}{2}$", f"{NC}$\\frac{{1}}{{2}}$</span>"),
    # commands kept verbatim when unknown, known ones mapped
    (r"\unknown{x}", r"\unknown{x}"),
    (r"\url{http://a.b/c_d}", "http://a.b/c_d"),
    (r"\apj", "ApJ"),
    (r"\LaTeX\ rocks", "LaTeX rocks"),
    # whitespace
    ("  a\n   b\t c ", "a b c"),
    # siunitx, mhchem/chemformula, csquotes, upgreek, \( \) math
    (r"\SI{20}{\milli\second} \SIrange{1}{5}{\kelvin} \si{\kilo\gram\per\metre\squared}",
     "20\u00a0ms 1–5\u00a0K kg/m²"),
    (r"\qty{3e-5}{\electronvolt} \SI{300}{\celsius} \ang{45} \num{12}", "3×10⁻⁵\u00a0eV 300\u00a0°C 45° 12"),
    (r"\ch{Mg^{2+}} \ce{H2O} \ch{2 H2 + O2 -> 2 H2O}",
     f"{NC}Mg²⁺</span> {NC}H₂O</span> {NC}2 H₂ + O₂ → 2 H₂O</span>"),
    (r"\SIrange[range-units=single,range-phrase=--]{295}{975}{\kelvin} \enquote*{s}",
     "295–975\u00a0K “s”"),
    (r"\enquote{q} \textbar{} \upmu m I\thinspace=\thinspace5 \(\theta\)", "“q” | μm I\u2009=\u20095 θ"),
])
def test_decode(latex: str, text: str) -> None:
    assert decode(latex) == text


def test_decode_plain_has_no_nocase_spans() -> None:
    assert decode_plain("{von Helmholtz}") == "von Helmholtz"


def test_decode_verbatim_only_unescapes() -> None:
    assert decode_verbatim(r"\url{http://x.org/a\_b%20c}") == "http://x.org/a_b%20c"
    assert decode_verbatim("10.1000/{x}") == "10.1000/{x}"


@pytest.mark.parametrize(("text", "latex"), [
    ("a & b 50% $5 #1 x_y {z} ~ ^ \\", r"a \& b 50\% \$5 \#1 x\_y \{z\} \textasciitilde{} \textasciicircum{} \textbackslash{}"),
    ("1–2 and—so", "1--2 and---so"),
    ("a\u00a0b", "a~b"),
    ("<i>x</i> <b>y</b> <sup>2</sup><sub>3</sub>", r"\textit{x} \textbf{y} \textsuperscript{2}\textsubscript{3}"),
    (f"{NC}DNA</span> {SC}sc</span>", r"{DNA} \textsc{sc}"),
    ("<sc>x</sc>", r"\textsc{x}"),
    ('<span class="other">x</span>', "x"),
    (f"{NC}$\\frac{{1}}{{2}}$</span> \\mycmd{{5}}", r"{$\frac{1}{2}$} \mycmd{5}"),
])
def test_encode(text: str, latex: str) -> None:
    assert encode(text) == latex


def test_encode_protects_only_words_with_inner_capitals() -> None:
    assert encode("The DNA of iPhone Users in Paris", protect=True) == \
        "The {DNA} of {iPhone} Users in Paris"
    assert encode(f"A {NC}Nocase Span</span>", protect=True) == "A {Nocase Span}"


def test_encode_ascii() -> None:
    assert encode("Café Müller ß", ascii=True) == r"Caf{\'e} M{\"u}ller {\ss}"
    missing: list[str] = []
    assert encode("smile 🙂", ascii=True, on_unencodable=missing.append) == "smile 🙂"
    assert missing == ["🙂"]


@pytest.mark.parametrize("text", [
    "Über β-decay of ⁸Li", "a & b % c", f"The {NC}DNA</span> <i>in vivo</i>", "São Paulo — 1–2",
])
def test_encode_then_decode_round_trips(text: str) -> None:
    assert decode(encode(text)) == text
    assert decode(encode(text, ascii=True)) == text


def test_lone_literal_brace_is_written_so_bibtex_can_count_braces() -> None:
    latex = encode("a { b")
    assert latex == r"a \textbraceleft{} b"
    assert latex.count("{") == latex.count("}")
    assert decode(latex) == "a { b"
    assert encode("set {x}") == r"set \{x\}"


@pytest.mark.parametrize(("text", "latex"), [
    # characters, not LaTeX: the reader would make an accent, a symbol or units of them
    ("Ø\\vÙ", r"Ø\textbackslash{}vÙ"),
    ("a\\o b \\P", r"a\textbackslash{}o b \textbackslash{}P"),
    ("\\SI{5}{K}", r"\textbackslash{}SI\{5\}\{K\}"),
    ("x \\s*,\\s*", r"x \textbackslash{}s*,\textbackslash{}s*"),
    ("E$ 4 ^x $y", r"E\$ 4 \textasciicircum{}x \$y"),
    # math the reader keeps verbatim only comes back as such inside a nocase span
    ("$\\frac{1}{2}$", r"\$\textbackslash{}frac\{1\}\{2\}\$"),
    # ligatures: two hyphens are an en dash, two backquotes a quote
    ("a -- b ``c'' d---", "a -{}- b `{}`c'{}' d-{}-{}-"),
    ("1–-2 —–", "1--{}-2 ---{}--"),
    # a tag without its other half is text
    ("ǜ <i>", "ǜ <i>"),
    ("a </b> <i>b</i>", r"a </b> \textit{b}"),
])
def test_encode_writes_characters_that_read_back_as_themselves(text: str, latex: str) -> None:
    assert encode(text) == latex
    assert decode(latex) == text


def test_a_tie_takes_its_spaces_but_a_no_break_space_character_keeps_them() -> None:
    assert decode("Smith,~ J. a ~b") == "Smith,\u00a0J. a\u00a0b"
    # a no-break space that is a character of the value, next to a space
    assert decode(": \u00a0the \\& x") == ": \u00a0the & x"
    assert decode(r"a \nobreakspace{} b") == "a \u00a0 b"
    for text in (": \u00a0the & x", "a \u00a0 b", "a\u00a0b", "a \u00a0\u00a0b"):
        assert decode(encode(text)) == text
    assert encode("a \u00a0 b") == r"a \nobreakspace{} b" and encode("a\u00a0b") == "a~b"


def test_nocase_spans_inside_a_protected_group_are_left_out() -> None:
    # {\ce{MoTe2}} inside a protected group would read as a span in a span, which writes
    # back as one group: the inner span says nothing more
    text = decode(r"in {2H-{\ce{MoTe2}}} and {A \textsc{b} {C}}")
    assert text == (f"in {NC}2H-MoTe₂</span> and "
                    f"{NC}A <span style=\"font-variant:small-caps;\">b</span> C</span>")
    assert decode(encode(text)) == text
