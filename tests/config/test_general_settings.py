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
