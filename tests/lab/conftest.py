"""The lab's pytest fixtures: one real LiteLLM proxy per test session, in front of the fault upstream.

The proxy is started lazily by the first test that asks for `lab` and stopped (with the upstream) at
the end of the session. Tests that need it are marked `lab`; `pytest -m "not lab"` skips them.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from .lab import LAB_VERSIONS, VERSION_ENV, Lab, new_litellm


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lab: needs the real LiteLLM proxy started by tests/lab (a few seconds, once per session)")


def _proxy_available() -> bool:
    return importlib.util.find_spec("litellm") is not None and importlib.util.find_spec("fastapi") is not None


# Every lab test runs once per LiteLLM version: the pinned 1.103.0 of the test extra, the newest 1.108.x that
# LITELLM_DOCTOR_LAB_NEW_LITELLM points at and the newest release (1.110.2) that LITELLM_DOCTOR_LAB_NEWEST_LITELLM
# points at (.ci/run installs both). pytest finishes one version's tests before starting the next proxy, so
# only one proxy runs at a time.
@pytest.fixture(scope="session", params=LAB_VERSIONS)
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    which = request.param
    if which in VERSION_ENV:
        if not new_litellm(which):
            if os.environ.get("CI"):
                pytest.fail(f"the lab's {which} LiteLLM is not installed: {VERSION_ENV[which]} is unset (see .ci/run)")
            pytest.skip(f"{VERSION_ENV[which]} is unset: the lab does not run that LiteLLM")
    elif not _proxy_available():
        if os.environ.get("CI"):
            pytest.fail("the lab needs litellm[proxy] (pip install -e '.[test]')")
        pytest.skip("litellm[proxy] is not installed")
    with Lab(workdir=tmp_path_factory.mktemp(f"lab-{which}"), which=which) as running:
        yield running


def load_lab_config(path, environ):
    try:
        from litellm_doctor.config import load_config  # type: ignore[attr-defined]
    except ImportError:
        from litellm_doctor.config.loader import load_config
    return load_config(path, environ=environ)


@pytest.fixture(scope="session")
def lab_config(lab):
    return load_lab_config(lab.config_path, lab.env())
