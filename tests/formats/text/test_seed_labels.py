"""The seed page against its hand-checked labels: the measure the issue sets (>= 0.97 micro-F1)."""

import json

from citeshift import api
from citeshift.diagnostics import Report
from citeshift.formats.text.score import Scores
from tests.paths import FIXTURES


def test_seed_page_scores_at_least_097_against_hand_labels():
    labels = json.loads((FIXTURES / "text/seed-vancouver.labels.json").read_text("utf-8"))["references"]
    items = api.read(FIXTURES / "text/seed-vancouver-page.txt", fmt="text", report=Report())
    assert [int(it.meta["list-number"]) for it in items] == [lab["number"] for lab in labels]
    scores = Scores()
    for lab, item in zip(labels, items, strict=False):
        assert item.meta["original-text"] == lab["printed"]
        scores.add(str(lab["number"]), lab, item.to_json())
    assert scores.micro.f1 >= 0.97, scores.errors


def test_hand_labels_only_hold_what_is_printed():
    labels = json.loads((FIXTURES / "text/seed-vancouver.labels.json").read_text("utf-8"))["references"]
    for lab in labels:
        printed = lab["printed"]
        for key in ("title", "container-title", "volume", "DOI", "publisher"):
            if key in lab:
                assert lab[key] in printed, (lab["number"], key)
        for name in lab.get("author", []):
            assert (name.get("literal") or name["family"]) in printed, lab["number"]
