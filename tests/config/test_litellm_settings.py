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
    ("LD-CFG-159", ls('drop_params: "True # drop unsupported"'), ls("drop_params: True # drop unsupported")),
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


# LD-CFG-159: drop_params as LiteLLM reads it (normalize_drop_params / lax_bool, pydantic's lax bool after strip()).
DEPLOY_DROP = """
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      drop_params: VALUE
"""


@pytest.mark.parametrize("value", ['"True # drop unsupported"', '"sometimes"', "2", '""', "[true]", '"1.0"', "2.0"])
def test_drop_params_not_a_flag_in_litellm_settings(tmp_path, value):
    found = findings(tmp_path, ls(f"drop_params: {value}"), "LD-CFG-159", ENV)
    assert len(found) == 1 and found[0].severity == "warning" and found[0].location.line == 5  # the key (the file starts at `model_list:`)
    assert "`litellm_settings.drop_params: " in found[0].message and "OFF for every model" in found[0].message
    assert "litellm_settings.drop_params: " in found[0].steps[0]


@pytest.mark.parametrize("value", ['"sometimes"', "2", '"on please"'])
def test_drop_params_not_a_flag_in_a_deployment(tmp_path, value):
    found = findings(tmp_path, DEPLOY_DROP.replace("VALUE", value), "LD-CFG-159", ENV)
    assert len(found) == 1 and found[0].location.line == 6
    assert "`model_list[0].litellm_params.drop_params: " in found[0].message and "UNSET for `gpt-4o`" in found[0].message
    assert "off unless" in found[0].message
    # the global setting on: the model follows it
    found = findings(tmp_path / "g", DEPLOY_DROP.replace("VALUE", value) + "litellm_settings:\n  drop_params: true\n",
                     "LD-CFG-159", ENV)
    assert len(found) == 1 and "`litellm_settings.drop_params`, on here" in found[0].message


# every value pydantic's lax bool takes, in any case and quoting, and the YAML booleans: read as meant, no finding
ACCEPTED = ["true", "false", "True # drop unsupported", "yes", '"yes"', '"True"', '"FALSE"', '" on "', '"off"', "'t'",
            '"F"', '"y"', '"N"', "1", "0", '"1"', '"0"', "1.0", "0.0", "no", "On", ""]


@pytest.mark.parametrize("value", ACCEPTED)
def test_drop_params_read_as_meant_is_not_reported(tmp_path, value):
    assert not findings(tmp_path / "s", ls(f"drop_params: {value}"), "LD-CFG-159", ENV)
    assert not findings(tmp_path / "d", DEPLOY_DROP.replace("VALUE", value), "LD-CFG-159", ENV)
    # and LD-CFG-026 no longer calls a quoted "false" true (LiteLLM reads it as false)
    assert not findings(tmp_path / "t", ls(f"drop_params: {value}"), "LD-CFG-026", ENV)


def test_drop_params_from_the_environment(tmp_path):
    text = ls("drop_params: os.environ/DROP")
    found = findings(tmp_path / "a", text, "LD-CFG-159", {**ENV, "DROP": "true # drop"})
    assert len(found) == 1 and "(from `os.environ/DROP`)" in found[0].message
    for value in ("True", " yes ", "0"):
        assert not findings(tmp_path / "b", text, "LD-CFG-159", {**ENV, "DROP": value}), value
    assert not findings(tmp_path / "c", text, "LD-CFG-159", ENV)  # not set here: LD-CFG-040's business


def test_lax_bool_and_int_agree_with_pydantic():
    pydantic = pytest.importorskip("pydantic")
    from litellm_doctor.config.checks.values import lax_bool, lax_int

    as_bool, as_int = pydantic.TypeAdapter(bool), pydantic.TypeAdapter(int)

    def parsed(adapter, value):
        try:
            return adapter.validate_python(value)
        except pydantic.ValidationError:
            return None

    values = [2, "2", " 2 ", "2 # lb", True, False, 2.0, 2.5, "2.0", "2.00", "2.", "two", "", 0, -1, "-0", "+3",
              "1_000", "1__0", "_1", "0x2", [1], "\uff12", 10**30, "1e2", float("inf"), float("nan"), "02", "\t3\n",
              "yes", "YeS", "T", "1.0", "00", 1.0, 0.0, -0.0, "True # c", "off", "none", "null", {}, "\uff59es"]
    for v in values:
        assert lax_int(v) == parsed(as_int, v), v
        expected = parsed(as_bool, v.strip() if isinstance(v, str) else v)
        assert lax_bool(v) is expected, v
