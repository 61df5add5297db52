"""router_settings, fallbacks, aliases, cooldowns, timeouts and retries (LD-CFG-070..083)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test", "REDIS_HOST": "redis"}
BASE = """
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY, rpm: 100}
  - model_name: gpt-4o-mini
    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
"""


def rs(body: str, extra: str = "") -> str:
    return BASE + extra + "router_settings:\n" + "".join(f"  {line}\n" for line in body.strip().splitlines())


CASES = [
    ("LD-CFG-070", rs("num_retry: 2"), rs("num_retries: 2")),
    ("LD-CFG-071", rs("routing_strategy: least_busy"), rs("routing_strategy: least-busy")),
    ("LD-CFG-072", rs("fallbacks: [gpt-4o-mini]"), rs("fallbacks: [{gpt-4o: [gpt-4o-mini]}]")),
    ("LD-CFG-073", rs("fallbacks: [{gpt-4o: [gpt-4-mini]}]"), rs("fallbacks: [{gpt-4o: [gpt-4o-mini]}]")),
    ("LD-CFG-074", rs("model_group_alias: {fast: gpt4o-mini}"), rs("model_group_alias: {fast: gpt-4o-mini}")),
    ("LD-CFG-075", rs("cooldown_time: 0"), rs("disable_cooldowns: true")),
    ("LD-CFG-076", rs("allowed_fails: 0"), rs("allowed_fails: 5")),
    ("LD-CFG-077", rs("timeout: 30", "litellm_settings:\n  request_timeout: 120\n"), rs("timeout: 30")),
    ("LD-CFG-078", BASE, rs("timeout: 60")),
    ("LD-CFG-079", rs("timeout: 300\nnum_retries: 3"), rs("timeout: 60\nnum_retries: 2")),
    ("LD-CFG-080", rs("timeout: 60"), rs("timeout: 60\nredis_host: os.environ/REDIS_HOST")),
    ("LD-CFG-082", rs("enable_tag_filtering: true"), rs("enable_tag_filtering: false")),
    ("LD-CFG-083", rs("model_group_alias: {gpt-4o: gpt-4o-mini}"), rs("model_group_alias: {gpt4: gpt-4o}")),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV, workers=4)


def test_fallbacks_wildcard_alias_and_db(tmp_path):
    wildcard = BASE + '  - model_name: "anthropic/*"\n    litellm_params: {model: "anthropic/*"}\n'
    assert not findings(tmp_path, wildcard + "router_settings:\n  fallbacks: [{gpt-4o: [anthropic/claude-3-5-sonnet]}]\n", "LD-CFG-073", ENV)
    db = rs("fallbacks: [{gpt-4o: [from-db]}]", "general_settings:\n  store_model_in_db: true\n")
    assert findings(tmp_path, db, "LD-CFG-073", ENV)[0].severity == "warning"


def test_context_window_fallbacks_in_litellm_settings(tmp_path):
    text = BASE + "litellm_settings:\n  context_window_fallbacks: [{gpt-4o: [gpt-4o-128k]}]\n"
    found = findings(tmp_path, text, "LD-CFG-073", ENV)
    assert found and found[0].location.line == 7


def test_timeout_precedence_names_both(tmp_path):
    found = findings(tmp_path, rs("timeout: 30", "litellm_settings:\n  request_timeout: 120\n"), "LD-CFG-077", ENV)
    assert "120" in found[0].message and "30" in found[0].steps[0]


def test_retries_use_client_timeout_option(tmp_path):
    text = rs("timeout: 60\nnum_retries: 2")
    assert not findings(tmp_path, text, "LD-CFG-079", ENV)
    found = findings(tmp_path, text, "LD-CFG-079", ENV, client_timeout=100)
    assert found and "180" in found[0].message


def test_rate_limits_single_worker_is_fine(tmp_path):
    assert not findings(tmp_path, rs("timeout: 60"), "LD-CFG-080", ENV)
    assert findings(tmp_path, rs("timeout: 60"), "LD-CFG-080", {**ENV, "NUM_WORKERS": "4"})


def test_allowed_fails_default_is_info(tmp_path):
    assert findings(tmp_path, rs("allowed_fails: 3"), "LD-CFG-076", ENV)[0].severity == "info"


def test_a_string_fallback_target_is_described_for_the_version_in_use(tmp_path):
    """1.103.0 starts and never runs the fallback; 1.108.14 refuses to start (its wheel says so)."""
    text = """
        model_list:
          - {model_name: a, litellm_params: {model: openai/gpt-4o, api_key: k}}
          - {model_name: b, litellm_params: {model: openai/gpt-4o-mini, api_key: k}}
        router_settings:
          fallbacks: [{a: b}]
    """
    old = [f.message for f in findings(tmp_path / "old", text, "LD-CFG-072", litellm_version="1.103.0")]
    new = [f.message for f in findings(tmp_path / "new", text, "LD-CFG-072", litellm_version="1.108.14")]
    assert len(old) == 1 and "never runs" in old[0] and "stops at start-up" not in old[0]
    assert len(new) == 1 and "stops at start-up" in new[0]
