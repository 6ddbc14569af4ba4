"""The benchmark's scaled corpus: unique keys, crossrefs follow their copies, peer-safe filter."""

from __future__ import annotations

import re
import sys

from tests.paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import scaled_corpus

BIB = """@string{jcp = {J. Chem. Phys.}}
%% ---- source: x ----
@article{a, title = {A}, journal = jcp}

@inproceedings{b, title = {B}, crossref = {p}}

@proceedings{p, title = {P}}

@comment{ignored}
@article{bad, title = {50% off},
  % note = {commented out},
}
@article{nocomma, title = {X}
  year = {2001}}
"""


def test_blocks_and_scaling_keep_keys_unique() -> None:
    header, entries = scaled_corpus.split_blocks(BIB)
    assert [h.split("{")[0] for h in header] == ["@string"]
    assert [k for k, _ in entries] == ["a", "b", "p", "bad", "nocomma"]
    text = scaled_corpus.scaled(header, entries, 12)
    keys = re.findall(r"^@(?!string)\w+\{([^,\s]+),", text, re.M)
    assert len(keys) == 12 == len(set(keys))
    assert text.count("@string") == 1
    assert "crossref = {p-c1}" in text and "@proceedings{p-c1," in text


def test_peer_safe_drops_entries_that_abort_peers() -> None:
    _, entries = scaled_corpus.split_blocks(BIB)
    safe = scaled_corpus.peer_safe(entries, {"p"})
    assert [k for k, _ in safe] == ["a", "b"]
