from __future__ import annotations

import pytest

from citeshift.model.names import Name, literal


@pytest.mark.parametrize(
    "data",
    [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"family": "Gaulle", "given": "Charles", "dropping-particle": "de", "suffix": "Jr.",
         "comma-suffix": True},
        {"literal": "World Health Organization"},
        {"family": "毛", "given": "泽东", "static-ordering": True},
        {"family": "Smith", "given": "J.", "x-orcid": "0000-0002-1825-0097"},
    ],
    ids=["particle", "suffix", "organisation", "cjk", "unknown-key"],
)
def test_json_round_trip_is_exact(data):
    assert Name.from_json(data).to_json() == data


def test_unknown_keys_are_kept_in_extra():
    name = Name.from_json({"family": "Smith", "orcid": "x"})
    assert name.extra == {"orcid": "x"}
    assert name.family == "Smith"


def test_family_full_includes_non_dropping_particle():
    assert Name(family="Gogh", non_dropping_particle="van").family_full == "van Gogh"
    assert literal("WHO").family_full == "WHO"


def test_display_orders_parts_for_messages():
    name = Name(family="Gaulle", given="Charles", dropping_particle="de", suffix="Jr.")
    assert name.display() == "Gaulle, Charles de, Jr."
    assert literal("World Health Organization").is_literal
