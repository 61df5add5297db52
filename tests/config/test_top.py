"""Checks on the file and its top-level keys (LD-CFG-001..005)."""

from __future__ import annotations

import pytest

ENV = {"OPENAI_API_KEY": "sk-test"}
OK = """
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
"""

CASES = [
    ("LD-CFG-001", OK + "router_setting:\n  num_retries: 2\n", OK + "router_settings:\n  num_retries: 2\n"),
    ("LD-CFG-002", OK + "litellm_settings:\n  drop_params: true\nlitellm_settings:\n  num_retries: 1\n",
     OK + "litellm_settings:\n  drop_params: true\n  num_retries: 1\n"),
    ("LD-CFG-003", OK + "enable_jwt_auth: true\n", OK + "general_settings:\n  enable_jwt_auth: true\n"),
    ("LD-CFG-004", OK + "general_settings:\n  - master_key: x\n", OK + "general_settings:\n  store_prompts_in_spend_logs: false\n"),
    ("LD-CFG-005", "model_list: []\n", OK),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


def test_duplicate_key_names_both_lines(tmp_path):
    from cfg_helpers import findings

    found = findings(tmp_path, OK + "litellm_settings:\n  a: 1\nlitellm_settings:\n  b: 2\n", "LD-CFG-002", ENV)
    assert found[0].location.line == 6 and "lines 4 and 6" in found[0].message


def test_unknown_top_level_key_suggests(tmp_path):
    from cfg_helpers import findings

    found = findings(tmp_path, OK + "litellm-settings:\n  drop_params: true\n", "LD-CFG-001", ENV)
    assert "did you mean `litellm_settings`" in found[0].message


def test_model_list_entry_not_mapping(tmp_path):
    from cfg_helpers import findings

    found = findings(tmp_path, "model_list:\n  - gpt-4o\n", "LD-CFG-004", ENV)
    assert found and "model_list[0]" in found[0].message
