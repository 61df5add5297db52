"""Shared state across workers and replicas (config/checks/fleet.py): what needs Redis, and DB connections."""

from __future__ import annotations

from cfg_helpers import findings, write

from litellm_doctor.config import load_config
from litellm_doctor.config.checks.fleet import db_connections_hit, shared_state_hit

BUDGETS = """
model_list:
  - model_name: gpt
    litellm_params: {model: openai/gpt-4o, api_key: sk-x, rpm: 100, tpm: 20000}
router_settings:
  provider_budget_config:
    openai: {budget_limit: 50, time_period: 1d}
litellm_settings:
  max_budget: 200
"""
WITH_REDIS = BUDGETS + """
  cache: true
  cache_params: {type: redis, host: 127.0.0.1, port: 6379}
"""
DB = """
model_list:
  - model_name: gpt
    litellm_params: {model: openai/gpt-4o, api_key: sk-x}
general_settings:
  database_url: postgresql://u:p@db:5432/litellm
  database_connection_pool_limit: 20
"""


def test_shared_state_without_redis(tmp_path):
    found = findings(tmp_path / "a", BUDGETS, "LD-CFG-150", workers=4)
    assert len(found) == 1
    message = found[0].message
    # rpm/tpm are LD-CFG-080's in `check`; budgets are this check's, with the effective value
    assert "provider budget `openai` $50/1d acts as up to $200" in message
    assert "`litellm_settings.max_budget` $200 acts as up to $800" in message
    assert "rpm" not in message
    assert "divide each limit by 4" in found[0].steps[1]
    assert not findings(tmp_path / "b", BUDGETS, "LD-CFG-150", workers=1)
    assert not findings(tmp_path / "c", BUDGETS, "LD-CFG-150")
    assert not findings(tmp_path / "d", WITH_REDIS, "LD-CFG-150", workers=4)
    # REDIS_HOST in the proxy's environment feeds the coordination cache
    assert not findings(tmp_path / "e", BUDGETS, "LD-CFG-150", {"REDIS_HOST": "redis"}, workers=4)


def test_shared_state_for_a_fleet_lists_every_limit(tmp_path):
    config = load_config(write(tmp_path, BUDGETS), environ={}, use_dotenv=False)
    hit = shared_state_hit(config, 3, "3 replicas")
    assert "`gpt` rpm 100 acts as up to 300" in hit.message and "`gpt` tpm 20000 acts as up to 60000" in hit.message
    # what the replicas report wins over the config
    config = load_config(write(tmp_path, WITH_REDIS, "r.yaml"), environ={}, use_dotenv=False)
    assert shared_state_hit(config, 3, "3 replicas") is None
    hit = shared_state_hit(config, 3, "3 replicas", has_redis=False, without=["10.0.0.7:4000"])
    assert hit is not None and "10.0.0.7:4000 without Redis" in hit.message


def test_db_connections_over_max(tmp_path):
    found = findings(tmp_path / "a", DB, "LD-CFG-151", workers=6, db_max_connections=100)
    assert len(found) == 1 and "20 database connections per process" in found[0].message and "= 120" in found[0].message
    assert "database_connection_pool_limit: 16" in found[0].steps[0]
    assert found[0].location is not None and found[0].location.line == 6
    assert not findings(tmp_path / "b", DB, "LD-CFG-151", workers=4, db_max_connections=100)
    assert not findings(tmp_path / "c", DB, "LD-CFG-151", workers=6)  # max_connections unknown: no guess
    no_db = DB.replace("  database_url: postgresql://u:p@db:5432/litellm\n", "")
    assert not findings(tmp_path / "d", no_db, "LD-CFG-151", workers=6, db_max_connections=100)


def test_db_default_pool_is_ten(tmp_path):
    config = load_config(write(tmp_path, "model_list: []\ngeneral_settings: {}\n"), environ={"DATABASE_URL": "postgresql://x"}, use_dotenv=False)
    hit = db_connections_hit(config, 12, "4 replicas x 3 workers", 100)
    assert hit is not None and "10 database connections per process (the default) x 12 processes" in hit.message
    assert db_connections_hit(config, 9, "9", 100) is None


# LD-CFG-156 / -157: settings that do nothing without the proxy's shared Redis (HOLDOUT_EVAL.md, fifty-first pass).
NEEDS_REDIS = """
model_list:
  - model_name: gemini
    litellm_params: {model: gemini/gemini-2.5-flash, api_key: sk-x}
general_settings:
  fail_closed_rate_limit_enforcement: FAIL_CLOSED
litellm_settings:
  apply_search_free_tier: FREE_TIER
"""
REDIS_CONFIGS = {
    "coordination_redis": "general_settings:\n  coordination_redis: {host: redis, port: 6379}\n",
    "redis cache": "litellm_settings:\n  cache: true\n  cache_params: {type: redis, host: redis, port: 6379}\n",
    "router redis": "router_settings:\n  redis_host: redis\n  redis_port: 6379\n",
}
NEW = {"litellm_version": "1.110.2"}


def _needs_redis(fail_closed="true", free_tier="true", extra=""):
    text = NEEDS_REDIS.replace("FAIL_CLOSED", fail_closed).replace("FREE_TIER", free_tier)
    if not extra:
        return text
    # merge the extra section's keys into the one already written (a second `general_settings:` would replace it)
    head, _, body = extra.partition("\n")
    return text.replace(head + "\n", head + "\n" + body, 1) if head + "\n" in text else text + extra


def test_fail_closed_and_search_free_tier_without_redis(tmp_path):
    for check_id, key in (("LD-CFG-156", "general_settings.fail_closed_rate_limit_enforcement"),
                          ("LD-CFG-157", "litellm_settings.apply_search_free_tier")):
        found = findings(tmp_path / check_id, _needs_redis(), check_id, **NEW)
        assert len(found) == 1 and f"`{key}" in found[0].message and "no shared Redis" in found[0].message
        assert found[0].severity == "info"  # REDIS_HOST may be set where the proxy runs
        assert found[0].location is not None and found[0].location.line == (5 if check_id == "LD-CFG-156" else 7)
        # the proxy's environment given (--env-file): a warning
        assert findings(tmp_path / f"{check_id}-s", _needs_redis(), check_id, strict_env=True, **NEW)[0].severity == "error"
    # pydantic's lax bool: "yes" turns fail-closed on
    assert findings(tmp_path / "yes", _needs_redis(fail_closed='"yes"'), "LD-CFG-156", **NEW)


def test_fail_closed_and_search_free_tier_silent_with_redis_or_unset(tmp_path):
    for check_id in ("LD-CFG-156", "LD-CFG-157"):
        for name, extra in REDIS_CONFIGS.items():
            assert not findings(tmp_path / f"{check_id}-{name}", _needs_redis(extra=extra), check_id, **NEW), name
        # REDIS_* in the proxy's environment feed the shared Redis
        for env in ({"REDIS_HOST": "redis"}, {"REDIS_URL": "redis://redis:6379"}, {"REDIS_CLUSTER_NODES": "[]"}):
            assert not findings(tmp_path / f"{check_id}-env", _needs_redis(), check_id, env, **NEW)
        # off, or unset
        assert not findings(tmp_path / f"{check_id}-off", _needs_redis("false", "false"), check_id, **NEW)
        unset = "model_list:\n  - model_name: g\n    litellm_params: {model: gemini/gemini-2.5-flash, api_key: sk-x}\n"
        assert not findings(tmp_path / f"{check_id}-unset", unset, check_id, **NEW)
        # a LiteLLM that does not read the key: LD-CFG-050/060 say so instead
        assert not findings(tmp_path / f"{check_id}-old", _needs_redis(), check_id, litellm_version="1.103.0")
        assert not findings(tmp_path / f"{check_id}-none", _needs_redis(), check_id)
