"""The CSL test-suite (bibliography fixtures) for both engines, with a known-failures ratchet.

Each engine renders all fixtures once (see :mod:`tests.render.csl_suite`); each
fixture is one test, strict-xfail when listed in
``tests/conformance/known_failures/csl-test-suite-<engine>.txt``.
"""

from __future__ import annotations

import pytest

from tests.conformance.ratchet import known_failures
from tests.render.csl_suite import SUITE, fixtures, passes

ENGINES = ("pandoc", "citeproc-py")


def _params() -> list:
    if not SUITE.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{SUITE} not found (conformance data lives in ../shared)"),
                         id="absent")]
    out = []
    for engine in ENGINES:
        known = known_failures(f"csl-test-suite-{engine}")
        for name in fixtures():
            marks = [pytest.mark.xfail(strict=True, reason=known[name])] if name in known else []
            out.append(pytest.param(engine, name, marks=marks, id=f"{engine}:{name}"))
    return out


@pytest.mark.conformance
@pytest.mark.parametrize(("engine", "name"), _params())
def test_csl_fixture(engine, name):
    if engine == "pandoc":
        from citeshift.render.pandoc import pandoc_path

        if pandoc_path() is None:
            pytest.skip("pypandoc-binary's pandoc is not installed")
    ok, detail = passes(engine, name)
    assert ok, detail


def test_known_failure_lists_name_real_fixtures():
    if not SUITE.exists():
        pytest.skip("suite absent")
    for engine in ENGINES:
        stale = set(known_failures(f"csl-test-suite-{engine}")) - set(fixtures())
        assert not stale, f"{engine}: no such fixtures: {sorted(stale)}"
