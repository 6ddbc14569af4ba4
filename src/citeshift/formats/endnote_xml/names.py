"""Names as EndNote writes them: ``Family, Given, Suffix``; organisations end in a comma.

EndNote (XML and tagged) keeps one name per field, inverted, and marks a
corporate author with a trailing comma (``World Health Organization,``) so
that it is never split. Names without a comma are taken as EndNote takes
them: ``Given Family``. Classic Refer files use the same rules, so the Refer
reader shares this module.
"""

from __future__ import annotations

import re

from citeshift.formats.lines import ASCII_SPACE, squash
from citeshift.formats.ris.names import PARTICLE_WORDS
from citeshift.model.names import Name

SUFFIXES: frozenset[str] = frozenset(
    s.casefold() for s in ("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V", "VI", "2nd", "3rd", "Jnr", "Snr")
)
#: a list that ended in "et al." is marked on the item, never kept as a person
ETAL = re.compile(r"^(?:et\.?\s*al\.?|and others|u\.\s*a\.|\.\.\.)$", re.IGNORECASE)
_PARTICLE = re.compile(r"^(?:(?:" + "|".join(sorted(PARTICLE_WORDS)) + r")\s+)+", re.IGNORECASE)


def is_etal(text: str) -> bool:
    return bool(ETAL.match(text.strip()))


def _split_particle(family: str) -> tuple[str | None, str]:
    """``van der Berg`` -> ("van der", "Berg"): lower-case particles sort with the name."""
    m = _PARTICLE.match(family)
    if m and m.end() < len(family) and family[0].islower():
        return family[: m.end()].strip(ASCII_SPACE), family[m.end():].strip(ASCII_SPACE)
    return None, family


def parse_name(text: str) -> Name | None:
    """One EndNote name; None for an empty one."""
    text = squash(text)
    if not text:
        return None
    if text.endswith(","):
        # EndNote's mark of an organisation; its name may hold commas of its own
        return Name(literal=text[:-1].strip(ASCII_SPACE))
    if "," in text:
        parts = [p.strip(ASCII_SPACE) for p in text.split(",")]
        family = parts[0]
        rest = [p for p in parts[1:] if p]
        given = rest[0] if rest else None
        suffix = ", ".join(rest[1:]) or None
        if given and suffix is None:
            # "Author, Test Jr." -> suffix Jr.
            words = given.split(" ")
            if len(words) > 1 and words[-1].casefold() in SUFFIXES:
                given, suffix = " ".join(words[:-1]), words[-1]
            elif given.casefold() in SUFFIXES and " " in family:
                # "Julius Caesar, Jr." is "Given Family, Suffix"
                suffix = given
                words = family.split(" ")
                given, family = " ".join(words[:-1]), words[-1]
        particle, family = _split_particle(family)
        return Name(family=family or None, given=given, non_dropping_particle=particle, suffix=suffix)
    words = text.split(" ")
    if len(words) == 1:
        return Name(family=words[0])
    if all(w in PARTICLE_WORDS for w in words[:-1]) and not words[-1][:1].islower():
        # "van der Berg": a family name with its particle and no given name
        return Name(family=words[-1], non_dropping_particle=" ".join(words[:-1]))
    # "Given Family" as EndNote reads a name without a comma; keep particles with the family
    i = len(words) - 1
    while i > 1 and words[i - 1][0].islower():
        i -= 1
    given = " ".join(words[:i])
    particle, family = _split_particle(" ".join(words[i:]))
    return Name(family=family, given=given, non_dropping_particle=particle)


def format_name(name: Name) -> str:
    """The EndNote form of a name: ``Family, Given, Suffix``; organisations get a trailing comma."""
    if name.literal is not None:
        return name.literal.rstrip(",") + ","
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    if not given and not name.suffix:
        return family
    out = f"{family}, {given}"
    if name.suffix:
        out += f", {name.suffix}"
    return out
