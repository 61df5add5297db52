"""Hypothesis profiles shared by the property-based tests (imported by name: tests/ is on sys.path).

`default` fits the suite's ~45 s on a 2-core CI machine; `long` is a fuzzing session:

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py tests/hardening/test_fuzz_inputs.py

`LONG` also makes the generated inputs bigger (see tests/hardening/test_fuzz_inputs.py).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
LONG = PROFILE == "long"

settings.register_profile("default", max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=20000, deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(PROFILE)


def examples(default: int, long: int | None = None) -> int:
    """A test's own example budget: `default` normally, `long` (or the profile's) in a fuzzing session."""
    return (long or settings.get_profile("long").max_examples) if LONG else default
