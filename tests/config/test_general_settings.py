"""general_settings, master key and database (LD-CFG-050..059)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test", "LITELLM_MASTER_KEY": "sk-master-123456", "DB": "postgresql://u:p@db/l"}
BASE = """
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
"""


def gs(body: str) -> str:
    return BASE + "general_settings:\n" + "".join(f"  {line}\n" for line in body.strip().splitlines())


def rs(body: str) -> str:
    return BASE + "router_settings:\n" + "".join(f"  {line}\n" for line in body.strip().splitlines())


CASES = [
    ("LD-CFG-050", gs("master_keys: os.environ/LITELLM_MASTER_KEY"), gs("master_key: os.environ/LITELLM_MASTER_KEY")),
    ("LD-CFG-051", gs("master_key: os.environ/UNSET_MASTER"), gs("master_key: os.environ/LITELLM_MASTER_KEY")),
    ("LD-CFG-053", gs("master_key: 1234"), gs("master_key: os.environ/LITELLM_MASTER_KEY")),
    ("LD-CFG-054", gs("database_url: mysql://u:p@db/l"), gs("database_url: os.environ/DB")),
    ("LD-CFG-055", gs("store_model_in_db: true"), gs("store_model_in_db: true\ndatabase_url: os.environ/DB")),
    ("LD-CFG-056", gs("background_health_checks: true\nhealth_check_interval: \"300\""),
     gs("background_health_checks: true\nhealth_check_interval: 300")),
    ("LD-CFG-057", rs("health_check_interval: 300"), gs("health_check_interval: 300")),
    ("LD-CFG-058", gs("background_health_check_model_groups: gpt-4o"), gs("background_health_check_model_groups: [gpt-4o]")),
    ("LD-CFG-059", gs("allowed_ips: [10.0.0.1]"), gs("max_request_size_mb: 10")),
    ("LD-CFG-160", gs("mcp_xff_num_trusted_hops: two"), gs("mcp_xff_num_trusted_hops: 2")),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


def test_no_master_key_with_database(tmp_path):
    env = {"OPENAI_API_KEY": "x", "DB": "postgresql://u:p@db/l"}
    assert findings(tmp_path, gs("database_url: os.environ/DB"), "LD-CFG-052", env)
    assert not findings(tmp_path, gs("database_url: os.environ/DB"), "LD-CFG-052", {**env, "LITELLM_MASTER_KEY": "sk-1"})


def test_master_key_unset_overrides_env(tmp_path):
    found = findings(tmp_path, gs("master_key: os.environ/UNSET_MASTER"), "LD-CFG-051", ENV)
    assert "overrides LITELLM_MASTER_KEY" in found[0].message
    assert findings(tmp_path, gs("master_key: os.environ/UNSET_MASTER"), "LD-CFG-051", ENV, strict_env=True)[0].severity == "error"


def test_health_check_interval_from_env(tmp_path):
    found = findings(tmp_path, gs("background_health_checks: true\nhealth_check_interval: os.environ/HCI"), "LD-CFG-056", {**ENV, "HCI": "60"})
    assert "env values are strings" in found[0].message and "60" in found[0].steps[0]


def test_database_url_from_env(tmp_path):
    assert findings(tmp_path, BASE, "LD-CFG-054", {**ENV, "DATABASE_URL": "sqlite:///db.sqlite"})
    assert not findings(tmp_path, BASE, "LD-CFG-054", {**ENV, "DATABASE_URL": "postgres://u:p@h/d"})


# LD-CFG-160: mcp_xff_num_trusted_hops as IPAddressUtils._resolve_num_trusted_hops reads it (pydantic's lax int, >= 1).
XFF = "use_x_forwarded_for: true\nmcp_trusted_proxy_ranges: [10.0.0.0/8]\n"


@pytest.mark.parametrize(("value", "said"), [("two", "is not an integer"), ('"2 # lb"', "is not an integer"),
                                             ("2.5", "is not an integer"), ("[2]", "is not an integer"),
                                             ("0", "is 0, below the minimum of 1"), ("-1", "is -1, below the minimum of 1"),
                                             ("false", "is 0, below the minimum of 1")])
def test_mcp_xff_num_trusted_hops_invalid(tmp_path, value, said):
    found = findings(tmp_path / "on", gs(XFF + f"mcp_xff_num_trusted_hops: {value}"), "LD-CFG-160", ENV)
    assert len(found) == 1 and said in found[0].message and found[0].severity == "warning"
    assert "`general_settings.mcp_xff_num_trusted_hops: " in found[0].message and "treated as external" in found[0].message
    assert found[0].location.line == 7 and "general_settings.mcp_xff_num_trusted_hops" in found[0].steps[0]
    # not read without use_x_forwarded_for and mcp_trusted_proxy_ranges: info
    for extra in ("", "use_x_forwarded_for: true\n", "use_x_forwarded_for: false\nmcp_trusted_proxy_ranges: [10.0.0.0/8]\n"):
        found = findings(tmp_path / "off", gs(extra + f"mcp_xff_num_trusted_hops: {value}"), "LD-CFG-160", ENV)
        assert len(found) == 1 and found[0].severity == "info" and "no effect yet" in found[0].message


@pytest.mark.parametrize("value", ["1", "2", '"2"', '" 3 "', "2.0", '"2.0"', "true", "+2", "1_0", "", "null"])
def test_mcp_xff_num_trusted_hops_read_as_a_count(tmp_path, value):
    assert not findings(tmp_path, gs(XFF + f"mcp_xff_num_trusted_hops: {value}"), "LD-CFG-160", ENV)


def test_mcp_xff_num_trusted_hops_from_the_environment(tmp_path):
    text = gs(XFF + "mcp_xff_num_trusted_hops: os.environ/HOPS")
    found = findings(tmp_path / "a", text, "LD-CFG-160", {**ENV, "HOPS": "two"})
    assert len(found) == 1 and "(from `os.environ/HOPS`)" in found[0].message
    assert not findings(tmp_path / "b", text, "LD-CFG-160", {**ENV, "HOPS": "2"})
    assert not findings(tmp_path / "c", text, "LD-CFG-160", ENV)  # not set here: LD-CFG-040's business


def test_unknown_key_steps_say_what_to_do(tmp_path):
    """Without a close known key the step is to remove it (not "Rename `x` to `(remove it)`"); a key of
    another section is moved there (not renamed to a sentence in backticks)."""
    text = "model_list: []\ngeneral_settings:\n  alerting_webhook: https://hooks.example/x\n  num_retries: 3\n"
    by_key = {f.message.split("`")[1]: f for f in findings(tmp_path, text, "LD-CFG-050")}
    unknown = by_key["general_settings.alerting_webhook"].steps[0]
    assert "(remove it)" not in unknown and unknown.startswith("Remove `general_settings.alerting_webhook`")
    moved = by_key["general_settings.num_retries"].steps[0]
    assert moved.startswith("Move `num_retries` from `general_settings` to `") and "(move it" not in moved
