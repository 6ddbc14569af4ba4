"""LaTeX in BibTeX field values <-> Unicode text with CSL inline markup.

Reading: accents in every spelling (``{\\"u}``, ``\\"{u}``, ``\\"u``, ``{\\'\\i}``),
ligatures and specials, ``--``/``---``, ``~``, escaped characters, the
formatting commands (``\\emph``, ``\\textbf``, ``{\\it ...}``, environments) as CSL
markup, math made readable where it maps to Unicode (``$\\beta$`` -> β,
``$^{2}$`` -> ², ``$_{sub}$`` -> ``<sub>sub</sub>``) and kept verbatim otherwise, and
BibTeX's case protection (a brace group at the top level) as a nocase span.

The symbol and accent tables are pylatexenc's (its latex2text database), read
once at import; only the walk over the field is ours, because pylatexenc's own
converter is ~30x too slow for 50,000-entry files and knows nothing of case
protection. Decoded strings are cached: names, journals and macros repeat.

Writing goes the other way: markup -> commands, nocase spans -> braces,
LaTeX's special characters escaped, and (``ascii``) non-ASCII characters
encoded by pylatexenc's ``UnicodeToLatexEncoder`` as ``{\\'e}``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pylatexenc import latex2text
from pylatexenc.latexencode import UnicodeToLatexEncoder

from citeshift.model.richtext import NOCASE_OPEN, SMALLCAPS_OPEN, tokens

# --------------------------------------------------------------------------- tables


def _symbol_table() -> dict[str, str]:
    """Macros that stand for a fixed string (``\\ss`` -> ß, ``\\beta`` -> β), from pylatexenc."""
    db = latex2text.get_default_latex_context_db()
    table: dict[str, str] = {}
    for spec in db.iter_macro_specs():
        repl = getattr(spec, "simplify_repl", None)
        if isinstance(repl, str) and "%" not in repl and spec.macroname not in table:
            table[spec.macroname] = repl
    # pylatexenc renders these for plain-text documents; in a field they mean this:
    table.update({"%": "%", "\\": " ", " ": " ", "-": "", "/": "", "relax": "", "protect": "",
                  "noopsort": "", "textasciicircum": "^", "textasciitilde": "~",
                  "textquotesingle": "'", "textquotedbl": '"', "TeX": "TeX", "LaTeX": "LaTeX",
                  "textbraceleft": "{", "textbraceright": "}", "LaTeXe": "LaTeX2e",
                  "thinspace": "\u2009", "nobreakspace": "\u00a0", "enspace": "\u2002", "textbar": "|", "left": "",
                  "right": "", "limits": "", "nolimits": "", "displaystyle": "",
                  "degree": "°", "copyright": "©", "S": "§", "P": "¶", "BibTeX": "BibTeX", "XeTeX": "XeTeX", "LuaTeX": "LuaTeX"})
    return table


def _accent_table() -> dict[str, str]:
    """Accent macros -> combining character, from pylatexenc's accent list."""
    try:
        from pylatexenc.latex2text._defaultspecs import unicode_accents_list
    except ImportError:  # pragma: no cover - pylatexenc is pinned <3
        unicode_accents_list = ()
    return dict(unicode_accents_list)


#: journal macros of the AAS (aas_macros.sty) that NASA ADS exports use, as they print
AAS_JOURNALS: dict[str, str] = {
    "aj": "AJ", "actaa": "Acta Astron.", "araa": "ARA&A", "apj": "ApJ", "apjl": "ApJL",
    "apjs": "ApJS", "ao": "Appl. Opt.", "apss": "Ap&SS", "aap": "A&A", "aapr": "A&A Rv",
    "aaps": "A&AS", "azh": "AZh", "baas": "BAAS", "icarus": "Icarus", "jcap": "JCAP",
    "jrasc": "JRASC", "memras": "MmRAS", "mnras": "MNRAS", "na": "New A",
    "nar": "New A Rev.", "pra": "Phys. Rev. A", "prb": "Phys. Rev. B", "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D", "pre": "Phys. Rev. E", "prl": "Phys. Rev. Lett.", "pasa": "PASA",
    "pasp": "PASP", "pasj": "PASJ", "qjras": "QJRAS", "skytel": "S&T", "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.", "ssr": "Space Sci. Rev.", "zap": "ZAp", "nat": "Nature",
    "iaucirc": "IAU Circ.", "aplett": "Astrophys. Lett.", "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.", "jcp": "J. Chem. Phys.", "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spectrosc. Radiat. Transfer", "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A", "physrep": "Phys. Rep.", "physscr": "Phys. Scr",
    "planss": "Planet. Space Sci.", "procspie": "Proc. SPIE", "psj": "PSJ", "rnaas": "RNAAS",
}

SYMBOLS: dict[str, str] = {**AAS_JOURNALS, **_symbol_table()}
# upgreek's upright letters (\upmu, \upbeta) print as the letters themselves
SYMBOLS.update({"up" + k: v for k, v in list(SYMBOLS.items())
                if len(v) == 1 and "\u0370" <= v <= "\u03ff" and k.isalpha() and k.islower()})

#: siunitx unit macros -> symbols (\SI{5}{\milli\second} -> "5 ms")
SI_UNITS: dict[str, str] = {
    "metre": "m", "meter": "m", "second": "s", "kilogram": "kg", "gram": "g", "ampere": "A",
    "kelvin": "K", "mole": "mol", "candela": "cd", "hertz": "Hz", "newton": "N",
    "pascal": "Pa", "joule": "J", "watt": "W", "coulomb": "C", "volt": "V", "farad": "F",
    "ohm": "Ω", "siemens": "S", "weber": "Wb", "tesla": "T", "henry": "H", "celsius": "°C",
    "degreeCelsius": "°C", "lumen": "lm", "lux": "lx", "becquerel": "Bq", "gray": "Gy",
    "sievert": "Sv", "electronvolt": "eV", "angstrom": "Å", "bar": "bar", "litre": "L",
    "liter": "L", "minute": "min", "hour": "h", "day": "d", "degree": "°", "percent": "%",
    "gauss": "G", "molar": "M", "dalton": "Da", "atomicmassunit": "u", "barn": "b",
    "arcminute": "′", "arcsecond": "″", "hectare": "ha", "tonne": "t", "bohr": "a₀",
    "yocto": "y", "zepto": "z", "atto": "a", "femto": "f", "pico": "p", "nano": "n",
    "micro": "µ", "milli": "m", "centi": "c", "deci": "d", "deca": "da", "hecto": "h",
    "kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E",
    "per": "/", "squared": "²", "cubed": "³", "cdot": "·", "times": "×",
}
#: siunitx number-and-unit commands and how many (number, unit) arguments they take
SIUNITX = {"SI": "nu", "qty": "nu", "SIrange": "nnu", "qtyrange": "nnu", "si": "u", "unit": "u",
           "num": "n", "numrange": "nn", "SIlist": "nu", "qtylist": "nu", "ang": "n"}
ACCENTS: dict[str, str] = _accent_table()
for _name in ACCENTS:
    SYMBOLS.pop(_name, None)

#: one-argument commands -> CSL markup tag ("" = just the content)
FORMAT: dict[str, str] = {
    "textit": "i", "emph": "i", "textsl": "i", "mathit": "i",
    "textbf": "b", "mathbf": "b", "boldsymbol": "b",
    "textsc": "sc",
    "textsuperscript": "sup", "textsubscript": "sub",
    "textrm": "", "textnormal": "", "textup": "", "textsf": "", "texttt": "", "textmd": "",
    "mbox": "", "hbox": "", "text": "", "mathrm": "", "mathsf": "", "mathtt": "",
    "NoCaseChange": "", "nocase": "", "textin": "", "mathup": "",
    "uppercase": "", "MakeUppercase": "", "lowercase": "", "MakeLowercase": "",
}
#: declarations that switch a style on for the rest of the group
SWITCHES: dict[str, str] = {
    "it": "i", "itshape": "i", "em": "i", "sl": "i", "slshape": "i",
    "bf": "b", "bfseries": "b", "sc": "sc", "scshape": "sc",
    "rm": "", "normalfont": "", "upshape": "", "sffamily": "", "ttfamily": "", "tt": "", "sf": "",
    "mdseries": "", "small": "", "footnotesize": "", "large": "", "Large": "", "tiny": "",
}
#: commands whose argument is taken verbatim
VERBATIM_ARG = {"url", "path", "doi", "nolinkurl"}

_OPEN = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>", "sc": SMALLCAPS_OPEN,
         "nc": NOCASE_OPEN}
_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>",
          "nc": "</span>"}

#: digits and signs have Unicode super/subscript forms; anything else becomes a tag
_SUPERSCRIPT = dict(zip("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾", strict=False))
_SUBSCRIPT = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=False))

# --------------------------------------------------------------------------- tokenizer

_TOKEN = re.compile(
    r"\\(?:[A-Za-z@]+\*?|[^A-Za-z@])"  # control word / symbol
    r"|[{}]|\$\$?|---?|``|''|~|[ \t\n\r\f\v]+|[\^_]"  # (Unicode spaces are text)
    r"|[^\\{}$\-`'~ \t\n\r\f\v^_]+|[-`']"
)
#: what makes a value need decoding at all
_NEEDS = re.compile(r"[\\{}$~^_]|--|``|''|  |\n|\t|\r")
_WS = re.compile(r"[ \t\n\r\f\v]+")
_LETTER = re.compile(r"[^\W\d_]")


class _Parser:
    """A small recursive walk over the tokens of one value."""

    __slots__ = ("math", "nesting", "nocase", "pos", "toks")

    def __init__(self, text: str, nocase: bool) -> None:
        self.toks = _TOKEN.findall(text)
        self.pos = 0
        self.nocase = nocase
        self.math = False
        self.nesting = 0

    def _nested(self, body: Callable[..., str], *args: Any) -> Any:
        """Run one level of the recursive walk; deeper than ``_MAX_NESTING`` is not TeX
        anyone wrote (fuzzed or broken input) and would exhaust Python's stack."""
        self.nesting += 1
        try:
            if self.nesting > _MAX_NESTING:
                raise _TooDeep
            return body(*args)
        finally:
            self.nesting -= 1

    # -- argument handling
    def _skip_spaces(self) -> None:
        toks = self.toks
        while self.pos < len(toks) and toks[self.pos][0] in " \t\n\r\f\v":
            self.pos += 1

    def _raw_group(self) -> str:
        """The raw text of the group starting at the current ``{`` (braces excluded)."""
        toks = self.toks
        depth = 0
        out: list[str] = []
        while self.pos < len(toks):
            t = toks[self.pos]
            self.pos += 1
            if t == "{":
                depth += 1
                if depth == 1:
                    continue
            elif t == "}":
                depth -= 1
                if depth == 0:
                    break
            out.append(t)
        return "".join(out)

    def _arg(self, raw: bool = False) -> str | None:
        return self._nested(self._arg_body, raw)

    def _arg_body(self, raw: bool = False) -> str | None:
        """Render the next argument: a group, a control sequence or one character."""
        self._skip_spaces()
        toks = self.toks
        if self.pos >= len(toks):
            return None
        t = toks[self.pos]
        if t == "{":
            if raw:
                return self._raw_group()
            self.pos += 1
            return self._seq(depth=2, until_close=True)
        if t == "}":
            return None
        if t.startswith("\\"):
            self.pos += 1
            return self._macro(t[1:], depth=2)
        self.pos += 1
        if len(t) > 1 and not t.startswith("$"):
            # one character is the argument; the rest goes back
            self.toks[self.pos - 1] = t[1:]
            self.pos -= 1
            return t[0]
        return t

    def _raw_arg_text(self) -> str:
        """Raw text of one argument (for verbatim fallbacks)."""
        self._skip_spaces()
        if self.pos < len(self.toks) and self.toks[self.pos] == "{":
            return "{" + self._raw_group() + "}"
        if self.pos < len(self.toks):
            self.pos += 1
            return self.toks[self.pos - 1]
        return ""

    # -- main loop
    def _seq(self, depth: int, until_close: bool, switch_tags: list[str] | None = None) -> str:
        return self._nested(self._seq_body, depth, until_close, switch_tags)

    def _seq_body(self, depth: int, until_close: bool, switch_tags: list[str] | None = None
                  ) -> str:
        out: list[str] = []
        opened: list[str] = []  # switch tags opened in this group
        toks = self.toks
        n = len(toks)
        while self.pos < n:
            t = toks[self.pos]
            self.pos += 1
            c = t[0]
            if c == "}":
                if until_close:
                    break
                continue  # stray closing brace: dropped
            if c == "{":
                first = toks[self.pos] if self.pos < n else ""
                inner = self._seq(depth + 1, until_close=True)
                if (self.nocase and depth == 1 and not self.math and not first.startswith("\\")
                        and inner and _LETTER.search(inner) and not _one_span(inner)):
                    out.append(_OPEN["nc"] + _without_nocase(inner) + _CLOSE["nc"])
                else:
                    out.append(inner)
            elif c == "\\":
                name = t[1:]
                if name in SWITCHES:
                    self._skip_spaces()
                    tag = SWITCHES[name]
                    if tag:
                        out.append(_OPEN[tag])
                        opened.append(tag)
                elif name == "begin" or name == "end":
                    env = self._raw_arg_text().strip("{}")
                    tag = SWITCHES.get(env, "")
                    if tag and name == "begin":
                        out.append(_OPEN[tag])
                        opened.append(tag)
                    elif tag and opened and opened[-1] == tag:
                        out.append(_CLOSE[opened.pop()])
                else:
                    out.append(self._macro(name, depth))
            elif c == "$":
                out.append(self._math(t))
            elif self.math and (c == "^" or c == "_"):
                out.append(self._script("sup" if c == "^" else "sub"))
            elif c == "-" and len(t) > 1:
                out.append("—" if len(t) == 3 else "–")
            elif c == "~":
                out.append(_TIE)
            elif t == "``":
                out.append("“")
            elif t == "''":
                out.append("”")
            elif c in " \t\n\r\f\v":
                if not self.math:
                    out.append(" ")
            else:
                out.append(t)
        while opened:
            out.append(_CLOSE[opened.pop()])
        return "".join(out)

    def _script(self, tag: str) -> str:
        arg = self._arg()
        if not arg:
            return ""
        table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
        if all(ch in table for ch in arg):
            return "".join(table[ch] for ch in arg)
        return _OPEN[tag] + arg + _CLOSE[tag]

    def _math(self, delim: str) -> str:
        """Math: readable Unicode where every part maps, else the source kept verbatim."""
        start = self.pos
        toks = self.toks
        end = start
        while end < len(toks) and toks[end] != delim:
            end += 1
        raw = "".join(toks[start:end])
        self.pos = min(end + 1, len(toks))
        sub = _Parser(raw, nocase=False)
        sub.math = True
        try:
            text = sub._seq(depth=2, until_close=False)
        except _Unknown:
            return _OPEN["nc"] + delim + raw + delim + _CLOSE["nc"]
        return text

    def _siunitx(self, spec: str, degrees: bool = False) -> str:
        """``\\SI{5}{\\milli\\second}`` -> "5 ms", ``\\SIrange{1}{5}{\\K}`` -> "1–5 K"."""
        self._skip_spaces()
        toks = self.toks
        if self.pos < len(toks) and toks[self.pos].startswith("["):  # options: ignored
            while self.pos < len(toks) and "]" not in toks[self.pos]:
                self.pos += 1
            if self.pos < len(toks):
                rest = toks[self.pos].split("]", 1)[1]
                if rest:
                    toks[self.pos] = rest
                else:
                    self.pos += 1
        numbers: list[str] = []
        unit = ""
        for kind in spec:
            raw = self._arg(raw=True) or ""
            if kind == "n":
                numbers.append(_si_number(raw))
            else:
                unit = _si_unit(raw)
        text = "–".join(numbers) if len(numbers) > 1 else "".join(numbers)
        if degrees:
            return text + "°"
        if text and unit:
            return text + ("" if unit in ("°", "%", "′", "″") else "\u00a0") + unit
        return text or unit

    def _macro(self, name: str, depth: int) -> str:
        if name.endswith("*") and len(name) > 1:
            name = name[:-1]  # starred variants (\enquote*) print alike
        if name in ACCENTS:
            arg = self._arg()
            return _accent(ACCENTS[name], arg if arg is not None else "")
        if name == "ensuremath":
            if self.math:
                return self._arg() or ""
            start = self.pos
            self.math = True
            try:
                arg = self._arg()
            except _Unknown:
                # math with a command that has no Unicode form: kept verbatim as $...$ math
                # (as pandoc does), the form unreadable $...$ keeps
                self.pos = start
                raw = self._raw_arg_text()
                if raw.startswith("{") and raw.endswith("}"):
                    raw = raw[1:-1]
                return _OPEN["nc"] + "$" + raw + "$" + _CLOSE["nc"]
            finally:
                self.math = False
            return arg or ""
        if name in FORMAT:
            tag = FORMAT[name]
            math, self.math = self.math, self.math and not name.startswith("text")
            arg = self._arg()
            self.math = math
            if not arg:
                return ""
            return (_OPEN[tag] + arg + _CLOSE[tag]) if tag else arg
        if name in VERBATIM_ARG:
            return self._arg(raw=True) or ""
        if name == "href":
            url = self._arg(raw=True) or ""
            self._arg()
            return url
        if name == "sp" and self.math:
            return self._script("sup")
        if name == "sb" and self.math:
            return self._script("sub")
        if name in SIUNITX:
            return self._siunitx(SIUNITX[name], degrees=name == "ang")
        if name in ("ch", "ce"):
            return _mhchem(self._arg(raw=True) or "")
        if name in ("enquote", "mkbibquote", "textquote"):
            arg = self._arg()
            return f"“{arg}”" if arg else ""
        if name == "(" and not self.math:
            return self._math("\\)")
        if name == "[" and not self.math:
            return self._math("\\]")
        if name == "ElsevierGlyph":
            code = self._arg(raw=True) or ""
            try:
                return chr(int(code, 16))
            except ValueError:
                return f"\\ElsevierGlyph{{{code}}}"
        if name in SYMBOLS:
            if name[0].isalpha():
                # TeX ignores the spaces after a control word; "\textasciitilde{}" / "\ss{}":
                # an empty group only ends the command name
                self._skip_spaces()
                toks = self.toks
                if self.pos + 1 < len(toks) and toks[self.pos] == "{" and toks[self.pos + 1] == "}":
                    self.pos += 2
            return SYMBOLS[name]
        if self.math:
            raise _Unknown(name)
        # An unknown command: kept verbatim with its arguments, so that nothing is lost
        # and the BibTeX writer can put it back as it was.
        parts = ["\\" + name]
        toks = self.toks
        while self.pos < len(toks) and toks[self.pos] == "{":
            parts.append("{" + self._raw_group() + "}")
        return "".join(parts)


_SI_TOKEN = re.compile(r"\\([A-Za-z]+)|\^\{?([^}\s]*)\}?|([^\\^]+)")


def _si_unit(raw: str) -> str:
    """A siunitx unit (``\\kilo\\gram\\per\\metre\\squared`` or literal ``kg/m^2``) as text."""
    out: list[str] = []
    for m in _SI_TOKEN.finditer(raw):
        if m.group(1):
            out.append(SI_UNITS.get(m.group(1), SYMBOLS.get(m.group(1), "\\" + m.group(1))))
        elif m.group(2) is not None:
            sup = m.group(2)
            out.append("".join(_SUPERSCRIPT.get(c, c) for c in sup))
        else:
            out.append(decode_plain(m.group(3)).replace(".", "·").replace("~", "\u00a0"))
    return "".join(out).strip()


def _si_number(raw: str) -> str:
    text = decode_plain(raw).replace(" ", "")
    text = re.sub(r"(?i)e([-+]?\d+)$", lambda m: "×10" + "".join(
        _SUPERSCRIPT.get(c, c) for c in m.group(1).lstrip("+")), text)
    return text.replace("+-", "±").replace("-", "−") if re.match(r"^[-+\d.,±×⁰-⁹−]+$", text) \
        else text


_CHEM = re.compile(r"\^\{([^}]*)\}|\^(\S)|_\{([^}]*)\}|_(\S)|(?<=[A-Za-z)\]])(\d+)"
                   r"|<=>|<->|->|<-|(\\[A-Za-z]+(?:\{[^{}]*\})*)|([^\^_\\<>\-\d]+|.)")


def _mhchem(raw: str) -> str:
    """mhchem/chemformula ``\\ch{Mg^{2+}}``, ``\\ce{H2O}`` -> "Mg²⁺", "H₂O" (case-protected)."""
    out: list[str] = []
    for m in _CHEM.finditer(raw.strip()):
        sup = m.group(1) if m.group(1) is not None else m.group(2)
        sub = m.group(3) if m.group(3) is not None else m.group(4) or m.group(5)
        if sup is not None:
            out.append(_script_text(decode_plain(sup), "sup"))
        elif sub:
            out.append(_script_text(decode_plain(sub), "sub"))
        elif m.group(0) in ("->", "<-", "<->", "<=>"):
            out.append({"->": " → ", "<-": " ← ", "<->": " ↔ ", "<=>": " ⇌ "}[m.group(0)])
        else:
            out.append(decode_plain(m.group(0)) if "\\" in m.group(0) else m.group(0))
    text = "".join(out).strip()
    return _OPEN["nc"] + text + _CLOSE["nc"] if text and _LETTER.search(text) else text


def _script_text(text: str, tag: str) -> str:
    table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return _OPEN[tag] + text + _CLOSE[tag] if text else ""


_SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")


def _without_nocase(text: str) -> str:
    """Nocase spans inside a nocase span say nothing more: left out, the text reads the
    same and writes back as one brace group (``{2H-\\ce{MoTe2}}``)."""
    if NOCASE_OPEN not in text:
        return text
    out: list[str] = []
    pos = 0
    stack: list[bool] = []  # per open span: is it a nocase span (dropped)?
    for m in _SPAN_TAG.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        tag = m.group(0)
        if tag == "</span>":
            if not (stack and stack.pop()):
                out.append(tag)
        else:
            stack.append(tag == NOCASE_OPEN)
            if not stack[-1]:
                out.append(tag)
    out.append(text[pos:])
    return "".join(out)


def _one_span(text: str) -> bool:
    """True when ``text`` is exactly one nocase span already (no double wrapping)."""
    return (text.startswith(NOCASE_OPEN) and text.endswith("</span>")
            and text.count("<span") == 1)


#: a tie (``~``) while decoding: a space next to one is part of it ("Smith,~ J."), but not
#: next to a no-break space that is a character of the value
_TIE = "\x00"
_TIE_SPACES = re.compile(" ?\x00 ?")


class _Unknown(Exception):
    """An unknown command inside math: the math is kept verbatim."""


#: groups and macro arguments nested deeper than this are read as flat text
_MAX_NESTING = 64


class _TooDeep(Exception):
    """Nesting beyond ``_MAX_NESTING``: the value is decoded flat (see :func:`_flat`)."""


def _flat(text: str) -> str:
    """A value too deeply nested to walk: its text with the braces dropped, commands kept."""
    return text.replace("{", "").replace("}", "")


#: an accent command with nothing to accent ("\\~{}") stands for the character itself
_BARE_ACCENT = {"\u0303": "~", "\u0302": "^", "\u0301": "´", "\u0300": "`", "\u0308": "¨"}


def _accent(combining: str, arg: str) -> str:
    if not arg:
        return _BARE_ACCENT.get(combining, combining)
    ch = arg[0]
    if ch == "ı":
        ch = "i"
    elif ch == "ȷ":
        ch = "j"
    return unicodedata.normalize("NFC", ch + combining) + arg[1:]


# --------------------------------------------------------------------------- decoding


@lru_cache(maxsize=65536)
def _decode_cached(text: str, nocase: bool) -> str:
    parser = _Parser(text, nocase)
    try:
        out = parser._seq(depth=1, until_close=False)
    except _TooDeep:
        out = _flat(text)
    out = _WS.sub(" ", out)
    if _TIE in text:  # not ours: the character itself was in the value
        return out.replace(_TIE, "\u00a0").strip()
    return _TIE_SPACES.sub("\u00a0", out).strip() if _TIE in out else out.strip()


def decode(text: str, *, nocase: bool = True) -> str:
    """BibTeX field text -> Unicode with CSL markup (nocase spans for protected groups)."""
    if not _NEEDS.search(text):
        return text.strip()
    if len(text) > 512:  # long abstracts: not worth a cache slot
        return _decode_cached.__wrapped__(text, nocase)
    return _decode_cached(text, nocase)


def decode_plain(text: str) -> str:
    """Decode without case protection (names, keywords, places)."""
    return decode(text, nocase=False)


_VERBATIM_ESCAPES = re.compile(r"\\([_%&#$~{}])|\\textbackslash(?:\{\}|(?![A-Za-z]))")
_URL_WRAP = re.compile(r"^\s*\\(?:url|path|nolinkurl)\s*\{(.*)\}\s*$", re.S)


def decode_verbatim(text: str) -> str:
    """URLs, DOIs, file paths: only ``\\url{}`` and escaped specials are undone."""
    m = _URL_WRAP.match(text)
    if m:
        text = m.group(1)
    if "\\" in text:
        text = _VERBATIM_ESCAPES.sub(lambda m: m.group(1) or "\\", text)
    return text.strip()


# --------------------------------------------------------------------------- encoding

_SPECIALS = {
    "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}",
    "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "\\": "\\textbackslash{}",
    "\u00a0": "~", "–": "--", "—": "---",
}
#: a dash or hyphen before another, and doubled quotes, would read back as one ligature
#: (``--`` is an en dash, two backquotes an opening quote): an empty group keeps them apart
#: a no-break space next to a space is not written as a tie, whose spaces LaTeX joins
_SPECIAL_RE = re.compile(r"([-–—])(?=[-–—])|([`'])(?=\2)|(\u00a0(?=\s)|(?<=\s)\u00a0)"
                         r"|[&%$#_{}~^\\\u00a0–—]")
#: a LaTeX command the reader kept verbatim, with its brace arguments
_VERBATIM_CMD = re.compile(r"\\[A-Za-z]+\*?(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*")
#: math the reader kept verbatim
_VERBATIM_MATH = re.compile(r"\$\$[^$]*\$\$|\$[^$]*[\\^_][^$]*\$")
#: a word for case protection: letters only (digits and sub/superscripts end it)
_INNER_CAPITAL = re.compile(r"[^\W\d_][A-Z]")
_PROTECT_WORD = re.compile(r"(?<![\\\w])([^\W\d_]+)(?![\w])")

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=True, replacement_latex_protection="braces-all", unknown_char_policy="keep"
)
logging.getLogger("pylatexenc.latexencode").setLevel(logging.ERROR)
logging.getLogger("pylatexenc.latexencode._unicode_to_latex_encoder").setLevel(logging.ERROR)


#: a quick test for text that needs any of that (the full pattern is ~8x slower to search)
_NEEDS_ESCAPE = re.compile(r"[&%$#_{}~^\\\u00a0–—]|--|``|''")


def _escape_plain(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _SPECIAL_RE.sub(_escape_one, text)


def _escape_one(m: re.Match[str]) -> str:
    ch = m.group(0)
    if m.group(3):
        return "\\nobreakspace{}"
    if m.group(1) or m.group(2):
        return _SPECIALS.get(ch, ch) + "{}"
    return _SPECIALS[ch]


_KEPT = re.compile(f"{_VERBATIM_MATH.pattern}|{_VERBATIM_CMD.pattern}")


def _kept_verbatim(latex: str, in_nocase: bool) -> bool:
    """Would the reader give ``latex`` back as it is (a command it does not know, math it
    cannot make Unicode of)? Only then is it written unescaped: ``\\v`` or ``$x^2$`` in
    text are characters, which LaTeX must not read as an accent or math."""
    back = decode_plain(latex)
    # unreadable math ($...$, \ensuremath{...}) reads back as a nocase span of itself:
    # right only inside one
    return back == latex or (in_nocase and back == NOCASE_OPEN + latex + "</span>")


def escape_text(text: str, *, in_nocase: bool = False) -> str:
    """Escape LaTeX's specials, passing through commands and math the reader kept verbatim.

    ``in_nocase``: ``text`` is the whole content of a nocase span (math the reader kept
    came back as one).
    """
    if "\\" not in text and "$" not in text:
        return _escape_plain(text)
    out: list[str] = []
    pos = 0
    for m in _KEPT.finditer(text):
        kept = m.group(0)
        if not _kept_verbatim(kept, in_nocase and m.start() == 0 and m.end() == len(text)):
            continue
        out.append(_escape_plain(text[pos : m.start()]))
        out.append(kept)
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _protect_words(latex: str) -> str:
    """Brace words whose capitals a BibTeX style must not lower (DNA, iPhone, TeV)."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        if word.isalpha() and any(ch.isupper() for ch in word[1:]):
            return "{" + word + "}"
        return word

    if not _INNER_CAPITAL.search(latex):
        return latex
    return _PROTECT_WORD.sub(repl, latex)


@lru_cache(maxsize=4096)
def _char_to_latex(ch: str) -> str:
    """One character as LaTeX, or itself when pylatexenc's form would not read back as it
    (pylatexenc writes Greek capital epsilon as a Latin "E", for one)."""
    latex = _encoder.unicode_to_latex(ch)
    if latex != ch and decode(latex) == ch:
        return latex
    return ch


@lru_cache(maxsize=16384)
def _to_ascii(latex: str) -> str:
    return "".join(ch if ch.isascii() else _char_to_latex(ch) for ch in latex)


_SC = re.compile(r"<(/?)sc>")
#: a span that is not CSL markup (dropped with its end tag)
_OTHER_SPAN = re.compile(r"<span\b[^>]*>")
_NOCASE_MARK = "\x00nc\x00"
_TAG_TO_CMD = {"<i>": "\\textit{", "<b>": "\\textbf{", "<sup>": "\\textsuperscript{",
               "<sub>": "\\textsubscript{", NOCASE_OPEN: "{", SMALLCAPS_OPEN: "\\textsc{"}


def _paired(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tags without their other half are text ("a <i> b" is not italic), as CSL processors
    read them; written as commands they would swallow or lose characters."""
    out = list(toks)
    open_at: list[int] = []
    for i, (kind, value) in enumerate(out):
        if kind == "text":
            continue
        if not value.startswith("</"):
            open_at.append(i)
        elif open_at and _closes(out[open_at[-1]][1], value):
            open_at.pop()
        else:
            out[i] = ("text", value)
    for i in open_at:
        out[i] = ("text", out[i][1])
    return out


def _markup_tokens(text: str) -> list[tuple[str, str]]:
    """CSL markup ("tag"), other spans ("other") and text."""
    out: list[tuple[str, str]] = []
    for kind, value in tokens(text):
        if kind == "tag" or "<span" not in value:
            out.append((kind, value))
            continue
        pos = 0
        for m in _OTHER_SPAN.finditer(value):
            if m.start() > pos:
                out.append(("text", value[pos : m.start()]))
            out.append(("other", m.group(0)))
            pos = m.end()
        if pos < len(value):
            out.append(("text", value[pos:]))
    return out


def _braces_nest(latex: str) -> bool:
    """BibTeX counts every brace, escaped or not: do they nest?"""
    depth = 0
    for ch in latex:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _closes(opening: str, closing: str) -> bool:
    name = closing[2:-1]
    return opening[1:].startswith(name) and not opening[1 + len(name)].isalnum()


def encode(text: str, *, protect: bool = False, ascii: bool = False,
           on_unencodable: Callable[[str], None] | None = None) -> str:
    """Model text (Unicode + CSL markup) -> BibTeX field text.

    ``protect`` braces words with inner capitals (for titles, which BibTeX styles
    re-case); ``ascii`` writes non-ASCII characters as LaTeX commands.
    """
    if ("<" not in text and not _NEEDS_ESCAPE.search(text)
            and not (protect and _INNER_CAPITAL.search(text)) and not (ascii and not text.isascii())):
        return text  # most values: nothing to escape, mark up or protect
    out: list[str] = []
    stack: list[str] = []
    if "<" in text:
        # citation-js writes small caps as <sc>; other spans are not CSL markup (dropped)
        text = _SC.sub(lambda m: "</span>" if m.group(1) else SMALLCAPS_OPEN, text)
    for kind, value in _paired(_markup_tokens(text)) if "<" in text else [("text", text)]:
        if kind == "other":
            stack.append("")  # not CSL markup: left out, with its end tag
            continue
        if kind == "tag":
            if value.startswith("</"):
                if stack and stack.pop():
                    out.append("}")
                continue
            cmd = _TAG_TO_CMD.get(value.replace("  ", " "))
            if cmd is None:
                cmd = "{" if "nocase" in value else "\\textsc{"
            stack.append(cmd)
            out.append(cmd)
            if cmd == "{":
                out.append(_NOCASE_MARK)
            continue
        piece = escape_text(value, in_nocase=bool(stack) and stack[-1] == "{")
        if protect and not stack:
            piece = _protect_words(piece)
        out.append(piece)
    out.extend("}" for cmd in stack if cmd)
    latex = "".join(out)
    if _NOCASE_MARK in latex:
        # a protected group that starts with a command would read as a special character
        # (unprotected), so such a group starts with an empty group instead: {{}\textit{x}}
        latex = latex.replace(_NOCASE_MARK + "\\", "{}\\").replace(_NOCASE_MARK, "")
    if ("\\{" in latex or "\\}" in latex) and not _braces_nest(latex):
        # BibTeX counts every brace, escaped or not: a lone literal brace needs a command
        latex = latex.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")
    if ascii and not latex.isascii():
        latex = _to_ascii(latex)
        if on_unencodable is not None and not latex.isascii():
            on_unencodable("".join(ch for ch in latex if not ch.isascii()))
    return latex
