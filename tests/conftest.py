"""Shared fixtures. The lab (real LiteLLM proxy + fault-injecting upstream) lives in tests/lab/."""

from __future__ import annotations

import pytest

from litellm_doctor.rulebook import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()

import sys
from pathlib import Path

# Plain helper modules in tests/ (planted secrets, …) import by name.
sys.path.insert(0, str(Path(__file__).parent))
