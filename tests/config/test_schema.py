"""`litellm-doctor schema`: a JSON Schema of config.yaml from the checks' knowledge, shipped in the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from litellm_doctor.config.schema import SCHEMA_FILE, build_schema, schema_text

ROOT = Path(__file__).parents[2]
CORRECT = sorted([*(ROOT / "examples" / "configs" / "correct").glob("*.yaml"), ROOT / "examples" / "config.yaml",
                  *(Path(__file__).with_name("working")).glob("plain/*.yaml"),
                  *(Path(__file__).with_name("working")).glob("*/config.yaml")])
VALIDATOR = jsonschema.Draft7Validator(build_schema())


def test_shipped_schema_is_current_and_valid():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: python -m litellm_doctor.config.schema --write"
    jsonschema.Draft7Validator.check_schema(json.loads(schema_text()))


@pytest.mark.parametrize("path", CORRECT, ids=[f"{p.parent.name}/{p.name}" for p in CORRECT])
def test_correct_configs_validate(path):
    errors = [f"{list(e.path)}: {e.message[:100]}" for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


@pytest.mark.parametrize(
    "text,where",
    [
        ("router_settings:\n  cooldown_tme: 30\n", ["router_settings"]),
        ("router_settings:\n  routing_strategy: least_busy\n", ["router_settings", "routing_strategy"]),
        ("general_setting:\n  master_key: x\n", []),
        ("model_list:\n  - model_name: m\n", ["model_list", 0]),
        ("environment_variables:\n  LITELLM_SALT_KEY: {a: 1}\n", ["environment_variables", "LITELLM_SALT_KEY"]),
        ("litellm_settings:\n  cache_params: {supported_call_types: [chat]}\n", ["litellm_settings", "cache_params", "supported_call_types", 0]),
        ("router_settings:\n  timeout: 60s\n", ["router_settings", "timeout"]),
    ],
)
def test_mistakes_are_underlined_where_they_are(text, where):
    errors = list(VALIDATOR.iter_errors(yaml.safe_load(text)))
    assert errors and any(list(e.path) == where for e in errors)


def test_cli_prints_it():
    out = subprocess.run([sys.executable, "-m", "litellm_doctor", "schema"], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == build_schema()
