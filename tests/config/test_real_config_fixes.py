"""Each logic change made for the false alarms of tests/config/real/ (JUDGED.md), with a case that still fires."""

from __future__ import annotations

import pytest

from cfg_helpers import findings
from test_model_list import OPENAI, one

ENV = {"OPENAI_API_KEY": "sk-test"}


def _levels(found, check_id):
    return [f.severity for f in found if f.rule_id == check_id]


# LD-CFG-060: litellm_settings keys LiteLLM reads from the settings dict itself, not as `litellm.<key>`
@pytest.mark.parametrize("key", ["websearch_interception_params", "code_interpreter_interception_params",
                                 "mcp_semantic_tool_filter", "prompt_injection_params", "scim_upsert_user"])
def test_litellm_settings_read_from_the_dict_are_known(tmp_path, key):
    assert not findings(tmp_path, one(OPENAI) + f"litellm_settings:\n  {key}: {{enabled: true}}\n", "LD-CFG-060", ENV)


def test_a_misspelled_dict_setting_still_fires(tmp_path):
    (found,) = findings(tmp_path, one(OPENAI) + "litellm_settings:\n  websearch_interception_param: {}\n", "LD-CFG-060", ENV)
    assert found.severity == "error" and "websearch_interception_params" in found.message


# LD-CFG-060: a misplaced key whose value is the very variable LiteLLM falls back to
def test_misplaced_master_key_naming_litellms_own_fallback_is_info(tmp_path):
    text = one(OPENAI) + "litellm_settings:\n  master_key: os.environ/LITELLM_MASTER_KEY\n"
    (found,) = findings(tmp_path, text, "LD-CFG-060", ENV)
    assert found.severity == "info" and "reads LITELLM_MASTER_KEY itself" in found.message


@pytest.mark.parametrize("value", ["os.environ/PROXY_ADMIN_KEY", "sk-abcdefgh12345678"])
def test_misplaced_master_key_with_another_value_is_still_an_error(tmp_path, value):
    (found,) = findings(tmp_path, one(OPENAI) + f"litellm_settings:\n  master_key: {value}\n", "LD-CFG-060", ENV)
    assert found.severity == "error" and "general_settings" in found.message


# LD-CFG-012: deployment-level keys the Router reads; another tool's own annotations
def test_deployment_level_tpm_rpm_are_read_by_the_router(tmp_path):
    assert not findings(tmp_path, one(OPENAI) + "    tpm: 20000\n    rpm: 3\n", "LD-CFG-012", ENV)


def test_another_tools_deployment_key_is_info(tmp_path):
    assert _levels(findings(tmp_path, one(OPENAI) + "    airlock_embeddings: true\n", "LD-CFG-012", ENV), "LD-CFG-012") == ["info"]


@pytest.mark.parametrize("extra", ["    api_base: http://vllm:8000/v1\n", "    litellm_param: {}\n"])
def test_a_param_one_level_too_high_or_a_misspelled_part_still_warns(tmp_path, extra):
    assert _levels(findings(tmp_path, one(OPENAI) + extra, "LD-CFG-012", ENV), "LD-CFG-012") == ["warning"]


# LD-CFG-001: a top-level section no known key is close to
def test_another_tools_top_level_section_is_info(tmp_path):
    assert _levels(findings(tmp_path, one(OPENAI) + "cost_tiers:\n  cheap: [gpt-4o]\n", "LD-CFG-001", ENV), "LD-CFG-001") == ["info"]


def test_a_misspelled_section_is_still_an_error(tmp_path):
    assert _levels(findings(tmp_path, one(OPENAI) + "router_setting:\n  num_retries: 2\n", "LD-CFG-001", ENV), "LD-CFG-001") == ["error"]


# LD-CFG-021 / LD-CFG-022: a container only when a container file beside the config runs this config
def test_ollama_without_api_base_on_a_host_is_info_and_in_a_container_a_warning(tmp_path):
    text = one("model: ollama/llama3")
    assert _levels(findings(tmp_path, text, "LD-CFG-021", ENV), "LD-CFG-021") == ["info"]
    (tmp_path / "docker-compose.yml").write_text("services:\n  litellm:\n    image: litellm\n")
    assert _levels(findings(tmp_path, text, "LD-CFG-021", ENV), "LD-CFG-021") == ["warning"]


def test_a_compose_that_mounts_another_config_is_no_container_for_this_one(tmp_path):
    text = one("model: openai/fake\napi_key: fake-key\napi_base: http://127.0.0.1:8000/v1")
    compose = "services:\n  litellm:\n    volumes:\n      - ./{}:/app/config.yaml:ro\n"
    (tmp_path / "docker-compose.yml").write_text(compose.format("other-config.yaml"))
    assert not findings(tmp_path, text, "LD-CFG-022", ENV)
    (tmp_path / "docker-compose.yml").write_text(compose.format("config.yaml"))
    assert findings(tmp_path, text, "LD-CFG-022", ENV)
    long_form = "services:\n  litellm:\n    volumes:\n      - type: bind\n        source: ${CFG:-./config.yaml}\n        target: /app/config.yaml\n"
    (tmp_path / "docker-compose.yml").write_text(long_form)
    assert findings(tmp_path, text, "LD-CFG-022", ENV)


# LD-CFG-044: placeholder credentials are not secrets
@pytest.mark.parametrize("params", [
    "model: openai/gpt-4o\napi_key: my-fake-key",
    "model: openai/llama\napi_base: http://optillm:8000/v1\napi_key: sk-optillm",
])
def test_placeholder_keys_are_not_secrets(tmp_path, params):
    assert not findings(tmp_path, one(params), "LD-CFG-044", ENV)


@pytest.mark.parametrize("url", ["postgresql://user:password@localhost:5432/litellm", "postgresql://postgres:postgres@db:5432/litellm"])
def test_placeholder_database_credentials_are_not_secrets(tmp_path, url):
    assert not findings(tmp_path, one(OPENAI) + f"general_settings:\n  database_url: {url}\n", "LD-CFG-044", ENV)


@pytest.mark.parametrize("text", [
    one("model: openai/gpt-4o\napi_key: sk-proj-abcdefgh12345678"),
    one(OPENAI) + "general_settings:\n  database_url: postgresql://litellm:Zq8v2LpX@db:5432/litellm\n",
    one(OPENAI) + "general_settings:\n  master_key: sk-1234\n",
])
def test_real_secrets_still_fire(tmp_path, text):
    assert findings(tmp_path, text, "LD-CFG-044", ENV)


# LD-CFG-091: a pathless base is a likely mistake only when something says the server serves under /v1
@pytest.mark.parametrize("params", [
    "model: openai/fake\napi_key: fake-key\napi_base: http://127.0.0.1:8000",
    "model: openai/fake\napi_key: fake-key\napi_base: https://exampleopenaiendpoint-production.up.railway.app/",
])
def test_a_pathless_base_of_an_unknown_server_is_info(tmp_path, params):
    assert _levels(findings(tmp_path, one(params), "LD-CFG-091"), "LD-CFG-091") == ["info"]


@pytest.mark.parametrize("params", [
    "model: openai/llava-hf/llava-v1.6-vicuna-7b-hf\napi_key: fake-key\napi_base: http://localhost:8000",
    "model: openai/qwen2.5-7b-instruct\napi_key: lm-studio\napi_base: http://localhost:1234",
    "model: openai/llama3\napi_base: http://llamacpp:9000/",
])
def test_a_pathless_base_of_a_v1_server_still_warns(tmp_path, params):
    assert _levels(findings(tmp_path, one(params), "LD-CFG-091"), "LD-CFG-091") == ["warning"]


def test_only_the_litellm_services_mounts_count(tmp_path):
    """Another service's mounted YAML (Prometheus') says nothing about where this config runs; a short-syntax
    source with a `${VAR:-default}` is read up to its target."""
    text = one("model: openai/fake\napi_key: fake-key\napi_base: http://127.0.0.1:8000/v1")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main-stable\n    volumes:\n      - ./:/app\n"
        "  prometheus:\n    image: prom/prometheus\n    volumes:\n      - ./prometheus.yml:/etc/prometheus/prometheus.yml\n")
    assert findings(tmp_path, text, "LD-CFG-022", ENV)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  litellm:\n    image: litellm\n    volumes:\n      - ${CFG:-./other.yaml}:/app/config.yaml:ro\n")
    assert not findings(tmp_path, text, "LD-CFG-022", ENV)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  litellm:\n    image: litellm\n    volumes:\n      - ${CFG:-./config.yaml}:/app/config.yaml:ro\n")
    assert findings(tmp_path, text, "LD-CFG-022", ENV)
