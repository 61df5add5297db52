"""Shared fixtures. The lab (real LiteLLM proxy + fault-injecting upstream) lives in tests/lab/."""

from __future__ import annotations

import pytest

from litellm_doctor.rulebook import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()
