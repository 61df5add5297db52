"""Shared fixtures. The lab (real LiteLLM proxy + fault-injecting upstream) lives in tests/lab/."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis.rulebook import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()

import sys
from pathlib import Path

# Tests run with --import-mode=importlib (so two folders may both hold a test_cli.py), which does not
# put test folders on sys.path; plain helper modules (tests/secrets_planted.py, tests/config/cfg_helpers.py)
# import by name, so their folders are added here.
_HERE = Path(__file__).parent
for _folder in [_HERE, *(d for d in _HERE.iterdir() if d.is_dir() and not (d / "__init__.py").exists())]:
    sys.path.insert(0, str(_folder))
