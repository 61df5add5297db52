"""The stored knowledge about LiteLLM (`_litellm_data.py`) matches the installed litellm.

Skipped when litellm is not installed. Regenerate with `python -m litellm_doctor.config._generate`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from litellm_doctor.config import _litellm_data as data

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
litellm = pytest.importorskip("litellm")


def test_version_matches():
    from importlib.metadata import version

    if version("litellm") != data.LITELLM_VERSION:
        pytest.skip(f"installed litellm {version('litellm')} != {data.LITELLM_VERSION}: regenerate the data")


def test_router_settings_keys_match_router_signature():
    from litellm.constants import ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG

    expected = set(litellm.Router.get_valid_args()) - set(ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG)
    assert set(data.ROUTER_SETTINGS_KEYS) == expected


def test_litellm_settings_keys_match_module_attributes():
    # In a fresh interpreter, as `_generate` runs: in this process `dir(litellm)` also holds whatever
    # submodules earlier tests imported (tests/hardening imports the proxy's, which adds `provider_list`
    # and others), so the same check passed or failed by test order.
    code = (
        "import json, litellm; from litellm._lazy_imports import _get_lazy_import_registry;"
        "print(json.dumps(sorted(n for n in set(dir(litellm)) | set(_get_lazy_import_registry())"
        " if not n.startswith('_'))))"
    )
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    public = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert set(data.LITELLM_ATTRS) == public
    assert data.LITELLM_ATTRS["timeout"] == "function" and data.LITELLM_ATTRS["request_timeout"] == "value"


def test_providers_match():
    from litellm_doctor.providers import PROVIDERS

    assert set(PROVIDERS) == {getattr(p, "value", p) for p in litellm.provider_list}


def test_check_never_imports_litellm(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o}\n")
    code = (
        "import sys; from litellm_doctor.config.engine import check_file; from litellm_doctor.config import tie_to_config;"
        f"check_file({str(cfg)!r}, environ={{}}); import litellm_doctor.config.tie;"
        "from litellm_doctor.formats import get_formatter;"
        "bad=[m for m in ('litellm','httpx') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 0, result.stdout + result.stderr


def test_model_orgs_match_the_model_map():
    """LD-CFG-011 tells `mistralai/…` (an organisation of `org/model` ids) from a misspelled provider by MODEL_ORGS."""
    from litellm_doctor.config._generate import model_orgs

    assert data.MODEL_ORGS == model_orgs(litellm.model_cost)
    assert "openrouter" in data.MODEL_ORGS["mistralai"] and "mistral" not in data.MODEL_ORGS.get("anthropc", ())
