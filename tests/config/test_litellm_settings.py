"""litellm_settings (LD-CFG-060..065)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test", "REDIS_HOST": "redis", "REDIS_PORT": "6379"}
BASE = """
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
"""


def ls(body: str) -> str:
    return BASE + "litellm_settings:\n" + "".join(f"  {line}\n" for line in body.strip().splitlines())


CASES = [
    ("LD-CFG-060", ls("drop_param: true"), ls("drop_params: true")),
    ("LD-CFG-061", ls("cooldown_time: 30"), ls("num_retries: 2")),
    ("LD-CFG-062", ls("timeout: 600"), ls("request_timeout: 600")),
    ("LD-CFG-064", ls("callbacks: [langfuze]"), ls("callbacks: [langfuse, custom_callbacks.proxy_handler_instance]")),
    ("LD-CFG-065", ls("set_verbose: true"), ls("set_verbose: false")),
    ("LD-CFG-158", ls("audit_log_callbacks: [s3_v2]\nstore_audit_logs: false"), ls("audit_log_callbacks: [s3_v2]\nstore_audit_logs: true")),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


def test_cache_without_redis(tmp_path):
    text = ls("cache: true")
    assert findings(tmp_path, text, "LD-CFG-063", {"OPENAI_API_KEY": "x"})
    assert not findings(tmp_path, text, "LD-CFG-063", ENV)
    assert not findings(tmp_path, ls("cache: true\ncache_params: {type: local}"), "LD-CFG-063", {"OPENAI_API_KEY": "x"})


def test_did_you_mean(tmp_path):
    found = findings(tmp_path, ls("num_retry: 3"), "LD-CFG-060", ENV)
    assert "did you mean `num_retries`" in found[0].message


def test_unknown_and_router_key_do_not_double_report(tmp_path):
    text = ls("routing_strategy: least-busy")
    assert [f.rule_id for f in findings(tmp_path, text, None, ENV) if f.rule_id in ("LD-CFG-060", "LD-CFG-061")] == ["LD-CFG-061"]


def test_audit_log_callbacks_with_audit_logging_off(tmp_path):
    found = findings(tmp_path / "a", ls("audit_log_callbacks: [s3_v2, custom_callbacks.audit_logger]\nstore_audit_logs: false"), "LD-CFG-158", ENV)
    assert len(found) == 1 and "`s3_v2`, `custom_callbacks.audit_logger`" in found[0].message
    assert found[0].location.line == 6 and found[0].severity == "warning"
    assert "(`s3_v2`, `custom_callbacks.audit_logger`)" in found[0].steps[1]
    # unset: LITELLM_STORE_AUDIT_LOGS or the license decide (audit_logs.py:34-40), not known from the config
    assert not findings(tmp_path / "b", ls("audit_log_callbacks: [s3_v2]"), "LD-CFG-158", ENV)
    # no callbacks, or store_audit_logs from a variable
    assert not findings(tmp_path / "c", ls("audit_log_callbacks: []\nstore_audit_logs: false"), "LD-CFG-158", ENV)
    assert not findings(tmp_path / "d", ls("store_audit_logs: false"), "LD-CFG-158", ENV)
    assert not findings(tmp_path / "e", ls("audit_log_callbacks: [s3_v2]\nstore_audit_logs: os.environ/STORE_AUDIT"), "LD-CFG-158", ENV)
