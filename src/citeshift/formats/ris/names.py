"""Person and organisation names as RIS spells them: one per line, ``Family, Given[, Suffix]``.

RIS has no structure for particles or organisations, so the conventions of
the programs that exchange it are the format: a trailing comma marks a
corporate author (EndNote: ``World Health Organization,``), a doubled comma
is a comma inside one (``Sony,, Inc.,``), leading lower-case words of the
family name are its particle (``van Gogh``, Zotero's convention), and a name
without a comma is a family name (one word), a Vancouver name (``Smith JA``) or
an organisation.
"""

from __future__ import annotations

import re

from citeshift.formats.lines import ASCII_SPACE, squash
from citeshift.model.names import Name

_SUFFIX = re.compile(r"^(?:jr|sr|jnr|snr|[ivx]{1,5}|\d(?:st|nd|rd|th)|esq|phd|md)\.?$",
                     re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]{1,3}|(?:[A-Z]\.){1,3})$")


#: the particles a family name written without a comma may start with (``van der Berg``):
#: such a name is a person, not an organisation
PARTICLE_WORDS: frozenset[str] = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "la", "le", "dos",
    "das", "ter", "ten", "bin", "al", "zu", "af", "av", "op",
})


def _split_particle(family: str) -> tuple[str | None, str]:
    """``van der Berg`` -> ("van der", "Berg"); names with no lower-case lead word unchanged."""
    words = family.split(" ")
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():
        lead += 1
    if lead == 0:
        return None, family
    return " ".join(words[:lead]), " ".join(words[lead:])


def _split_dropping(given: str) -> tuple[str, str | None]:
    """``Ludwig van`` -> ("Ludwig", "van"): trailing lower-case words of the given name."""
    words = given.split(" ")
    cut = len(words)
    while cut > 1 and words[cut - 1][:1].islower() and not words[cut - 1].endswith("."):
        cut -= 1
    if cut == len(words):
        return given, None
    return " ".join(words[:cut]), " ".join(words[cut:])


def _spaced_initials(text: str) -> str:
    letters = text.replace(".", "")
    return " ".join(f"{c}." for c in letters)


def parse_name(text: str) -> Name | None:
    text = squash(text)
    if not text:
        return None
    family, comma, given = text.partition(",")
    if (comma and given and "," not in given and family[:1].isupper() and " " not in family
            and given[-1] != "," and not given.lstrip(ASCII_SPACE)[:1].islower()
            and " " not in given.strip(ASCII_SPACE)):
        return Name(family=family, given=given.strip(ASCII_SPACE))  # the common "Smith, John"
    if text.endswith(",") or ",," in text:
        return Name(literal=text.rstrip(",").replace(",,", ",").strip(ASCII_SPACE))
    if "," not in text:
        words = text.split(" ")
        if len(words) == 1:
            return Name(family=text)
        if len(words) == 2 and _INITIALS.match(words[1]) and words[0][:1].isupper():
            return Name(family=words[0], given=_spaced_initials(words[1]))
        if all(w in PARTICLE_WORDS for w in words[:-1]) and not words[-1][:1].islower():
            # "van der Berg": a family name with its particle (and no given name)
            return Name(family=words[-1], non_dropping_particle=" ".join(words[:-1]))
        return Name(literal=text)
    family, _, rest = text.partition(",")
    family = family.strip(ASCII_SPACE)
    parts = [p.strip(ASCII_SPACE) for p in rest.split(",")]
    given = parts[0]
    suffix = None
    if len(parts) > 1 and parts[-1] and _SUFFIX.match(parts[-1]):
        suffix = parts[-1]
        given = ", ".join(parts[:-1]).strip(ASCII_SPACE)
    elif len(parts) > 1:
        given = ", ".join(parts)
    elif _SUFFIX.match(given) and given.lower().rstrip(".") in {"jr", "sr", "ii", "iii", "iv"}:
        suffix, given = given, ""
    if not family:
        return Name(literal=rest.strip(ASCII_SPACE)) if rest.strip(ASCII_SPACE) else None
    particle, family = _split_particle(family)
    dropping = None
    if given:
        given, dropping = _split_dropping(given)
    return Name(family=family, given=given or None, non_dropping_particle=particle,
                dropping_particle=dropping, suffix=suffix)


def parse_name_line(text: str) -> list[Name]:
    """The names on one line: one name, or a whole list as some exporters write it
    (``Smith, J.; Doe, A.``) unless it is an organisation with a semicolon in its name."""
    parts = text.split(";") if ";" in text else [text]
    if len(parts) > 1 and (text.rstrip(ASCII_SPACE).endswith(",")
                           or not all("," in p for p in parts)):
        parts = [text]
    return [name for part in parts if (name := parse_name(part)) is not None]


def format_name(name: Name) -> str:
    """The RIS spelling; round-trips through :func:`parse_name` for names RIS can hold."""
    if name.literal is not None:
        return name.literal.replace(",", ",,") + ","
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping_particle) if p)
    if not given:
        if name.suffix:
            return f"{family}, , {name.suffix}"
        return family
    text = f"{family}, {given}"
    if name.suffix:
        text += f", {name.suffix}"
    return text
