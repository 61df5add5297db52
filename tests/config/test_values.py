"""Values of the wrong type (LD-CFG-026)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test", "TIMEOUT": "600"}


def dep(extra: str = "") -> str:
    return f"""
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
{extra}"""


CASES = [
    ("LD-CFG-026", dep('      timeout: "600s"\n'), dep("      timeout: 600\n")),
    # unquoted, YAML reads a date; LiteLLM's pydantic params refuse it and drop the deployment
    ("LD-CFG-026", dep("      api_version: 2024-02-01\n"), dep('      api_version: "2024-02-01"\n')),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=["timeout-string", "api-version-date"])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


@pytest.mark.parametrize(
    "snippet,severity",
    [
        ("router_settings:\n  timeout: 30s\n", "error"),
        ("router_settings:\n  num_retries: three\n", "error"),
        ("router_settings:\n  disable_cooldowns: \"false\"\n", "error"),
        ("router_settings:\n  enable_pre_call_checks: \"true\"\n", "warning"),
        ("litellm_settings:\n  request_timeout: 0\n", "warning"),
        ("general_settings:\n  max_parallel_requests: [1]\n", "error"),
    ],
)
def test_wrong_types_anywhere(tmp_path, snippet, severity):
    found = findings(tmp_path, dep() + snippet, "LD-CFG-026", ENV)
    assert [f.severity for f in found] == [severity]


@pytest.mark.parametrize(
    "snippet",
    [
        "router_settings:\n  timeout: \"600\"\n",  # float() accepts it
        "router_settings:\n  disable_cooldowns: false\n",
        "router_settings:\n  timeout: os.environ/TIMEOUT\n",
        "router_settings:\n  timeout: 12.5\n",
    ],
)
def test_accepted_values(tmp_path, snippet):
    assert not findings(tmp_path, dep() + snippet, "LD-CFG-026", ENV)


def test_env_value_that_is_not_a_number(tmp_path):
    found = findings(tmp_path, dep("      timeout: os.environ/T\n"), "LD-CFG-026", {**ENV, "T": "10m"})
    assert found and "from `os.environ/T`" in found[0].message and "600" in found[0].steps[0]
