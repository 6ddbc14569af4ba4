"""How hard the property tests fuzz: a ``ci`` default and a ``long`` profile.

The default run must keep the whole ``tests/fuzz`` folder within about two
minutes on a shared two-core machine, so each test states its example count
for CI and the ``long`` profile multiplies it::

    CITESHIFT_FUZZ=long python -m pytest tests/fuzz        # 25x the examples, random seeds
    CITESHIFT_FUZZ=long CITESHIFT_FUZZ_SCALE=200 python -m pytest tests/fuzz

CI is derandomized (the same examples every run, so a red build is
reproducible); the long profile draws fresh examples each run and keeps
hypothesis's example database, so a failure it finds is replayed first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("CITESHIFT_FUZZ", "ci").strip().lower() or "ci"
if PROFILE not in ("ci", "long"):
    raise RuntimeError(f"CITESHIFT_FUZZ={PROFILE!r}: use 'ci' (default) or 'long'")
LONG = PROFILE == "long"
SCALE = int(os.environ.get("CITESHIFT_FUZZ_SCALE", "25")) if LONG else 1

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
           HealthCheck.large_base_example]


def fuzz_settings(examples: int) -> settings:
    """Settings for a property test that runs ``examples`` examples in CI."""
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=not LONG,
                    database=None if not LONG else settings.default.database,
                    suppress_health_check=_HEALTH)
