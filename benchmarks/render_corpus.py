"""Realistic synthetic reference lists for the rendering benchmark.

Seeded, so every engine renders the same list. Real lists have clashes: the
same first author publishing several papers in one year (APA then needs
2021a/2021b), shared surnames with different initials, organisations as
authors, long author lists, article numbers and supplements; the generator
puts those in at rates seen in published reference lists.
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

FAMILIES = ["Andersson", "Berg", "Chen", "Dubois", "Eriksson", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen", "Kim", "Larsen", "Müller", "Nguyen", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Umar", "Varga", "Wang", "Xu", "Yamamoto", "Zhang", "O'Brien", "Kowalski", "Novak", "Silva", "Santos", "Costa", "Ali", "Khan", "Singh", "Patel", "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall"]
GIVEN = ["Anna", "Karl", "Li", "Marie", "Erik", "Hans", "Lucia", "Mette", "Olga", "Jonas", "Min-jun", "Søren", "Eva", "Thi", "Ola", "Ivan", "Sean", "Paolo", "Jürgen", "Hiroshi", "Amina", "Zoltán", "Wei", "Jun", "Yuki", "Jie", "Patrick", "Agnieszka", "Tomáš", "João", "Ana", "Rita", "Fatima", "Imran", "Priya", "Raj", "John", "Mary", "Emma", "Oliver", "Sophie", "Mark", "Laura"]
JOURNALS = ["The Lancet", "BMJ Open", "Journal of Clinical Epidemiology", "PLoS ONE", "Nature Medicine", "Annals of Internal Medicine", "Medical Education", "Perspectives on Medical Education", "Journal of the American Medical Association", "Psychological Science", "Journal of Personality and Social Psychology", "Social Science & Medicine", "American Journal of Public Health", "Health Affairs", "BMC Medical Education"]
WORDS = ["effect", "of", "early", "intervention", "on", "outcomes", "in", "patients", "with", "chronic", "disease", "a", "randomized", "trial", "cohort", "study", "systematic", "review", "and", "meta-analysis", "of", "risk", "factors", "for", "mortality", "among", "older", "adults", "in", "primary", "care", "settings", "qualitative", "evaluation", "learning"]
PUBLISHERS = (("Oxford University Press", "Oxford"), ("Springer", "Cham"),
              ("Wiley", "Hoboken, NJ"), ("Elsevier", "Amsterdam"), ("Routledge", "New York"))


_SYLLABLES = ["ba", "ber", "cal", "dan", "el", "fen", "gar", "hol", "in", "jo", "kel", "lin", "mar", "nor", "os", "pe", "quist", "ro", "san", "ter", "ul", "vik", "wen", "yam", "zor", "ak", "bru", "chi", "dor"]


def _surname(rng: random.Random) -> str:
    """Common surnames a third of the time (Wang, Smith, Kim collide in real lists too),
    otherwise one of ~27,000 made-up ones."""
    if rng.random() < 0.33:
        return rng.choice(FAMILIES)
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def _name(rng: random.Random) -> dict[str, str]:
    return {"family": _surname(rng), "given": rng.choice(GIVEN)}


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 14))]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def make_items(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` CSL-JSON items; about one in eight shares first author and year with another."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    for i in range(n):
        kind = rng.random()
        authors = [_name(rng) for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 8, 12, 25)))]
        year = rng.randint(1995, 2025)
        if items and rng.random() < 0.12:
            # a clash: same leading author(s) and year as an earlier item
            prev = rng.choice(items)
            if "author" in prev and "issued" in prev:
                authors = [dict(a) for a in prev["author"][: rng.choice((1, len(prev["author"])))]]
                authors += [_name(rng) for _ in range(rng.randint(0, 2))]
                year = prev["issued"]["date-parts"][0][0]
        item: dict[str, Any] = {"id": f"r{i}", "author": authors, "title": _title(rng),
                                "issued": {"date-parts": [[year]]}}
        if rng.random() < 0.03:
            item["author"] = [{"literal": rng.choice(("World Health Organization",
                                                      "National Institute for Health and Care Excellence",
                                                      "Centers for Disease Control and Prevention"))}]
        if kind < 0.72:
            item["type"] = "article-journal"
            item["container-title"] = rng.choice(JOURNALS)
            item["volume"] = str(rng.randint(1, 400))
            if rng.random() < 0.8:
                item["issue"] = str(rng.randint(1, 12))
            if rng.random() < 0.15:
                item["page"] = f"e{rng.randint(10000, 99999)}"
            else:
                first = rng.randint(1, 2000)
                item["page"] = f"{first}-{first + rng.randint(1, 30)}"
            item["issued"]["date-parts"][0] += [rng.randint(1, 12)]
            if rng.random() < 0.7:
                item["DOI"] = f"10.{rng.randint(1000, 9999)}/{rng.randint(10**5, 10**7)}"
        elif kind < 0.84:
            item["type"] = "book"
            pub, place = rng.choice(PUBLISHERS)
            item["publisher"], item["publisher-place"] = pub, place
            if rng.random() < 0.3:
                item["edition"] = str(rng.randint(2, 5))
        elif kind < 0.94:
            item["type"] = "chapter"
            pub, place = rng.choice(PUBLISHERS)
            item["publisher"], item["publisher-place"] = pub, place
            item["container-title"] = _title(rng)
            item["editor"] = [_name(rng) for _ in range(rng.randint(1, 3))]
            first = rng.randint(1, 400)
            item["page"] = f"{first}-{first + rng.randint(5, 40)}"
        else:
            item["type"] = "webpage"
            item["container-title"] = rng.choice(("WHO", "CDC", "NHS"))
            item["URL"] = f"https://example.org/page/{i}"
            item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
        items.append(item)
    return items


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    json.dump(make_items(count), sys.stdout, ensure_ascii=False)
