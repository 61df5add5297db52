"""The check catalog: metadata and registry agree, ids are stable, every check has a failing and a passing example."""

from __future__ import annotations

import importlib
import re

from litellm_doctor.config.checks import catalog, registry
from litellm_doctor.model import CATEGORIES, SEVERITIES

GROUP_MODULES = ("test_top", "test_model_list", "test_values", "test_environment", "test_general_settings",
                 "test_litellm_settings", "test_router_settings", "test_faults")
# Checks whose failing/passing pair lives in a dedicated test (environment-, option- or file-dependent).
DEDICATED = {
    "LD-CFG-022": "test_model_list.test_localhost_in_container",
    "LD-CFG-047": "test_environment.test_invalid_litellm_log",
    "LD-CFG-048": "test_environment.test_config_file_path_ignored",
    "LD-CFG-052": "test_general_settings.test_no_master_key_with_database",
    "LD-CFG-063": "test_litellm_settings.test_cache_without_redis",
    "LD-CFG-150": "test_fleet_checks.test_shared_state_without_redis",
    "LD-CFG-151": "test_fleet_checks.test_db_connections_over_max",
    "LD-CFG-152": "test_deploy_services.test_a_service_in_front_of_two_litellm_versions_with_other_configs_and_keys",
    "LD-CFG-153": "test_deploy_services.test_a_service_whose_selector_has_a_typo",
    "LD-CFG-154": "test_deploy_services.test_a_service_selecting_litellm_and_redis_by_a_shared_label",
    "LD-CFG-155": "test_deploy_services.test_a_service_targeting_4000_in_front_of_litellm_on_port_8000",
    "LD-CFG-156": "test_fleet_checks.test_fail_closed_and_search_free_tier_without_redis",
    "LD-CFG-157": "test_fleet_checks.test_fail_closed_and_search_free_tier_without_redis",
}


def test_catalog_and_registry_agree():
    ids = [c.id for c in catalog()]
    assert len(ids) == len(set(ids)) >= 35
    assert set(ids) == set(registry())


def test_metadata_is_complete():
    names = set()
    for c in catalog():
        assert re.fullmatch(r"LD-CFG-\d{3}", c.id)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", c.name) and c.name not in names
        names.add(c.name)
        assert c.category in CATEGORIES and c.severity in SEVERITIES
        assert c.title and len(c.why) > 60 and c.steps
        assert c.docs and all(d.startswith("https://") for d in c.docs)


def test_every_check_has_a_failing_and_a_passing_example():
    covered = set(DEDICATED)
    for name in GROUP_MODULES:
        covered |= {case[0] for case in importlib.import_module(name).CASES}
    for target in DEDICATED.values():
        module, function = target.split(".")
        assert hasattr(importlib.import_module(module), function)
    assert {c.id for c in catalog()} - covered == set()
