"""The fault kinds of checks/faults.py (LD-CFG-090..095): each fires on its fault and not on the working shape."""

from __future__ import annotations

import pytest

from cfg_helpers import assert_case, findings
from test_model_list import one

CASES = [
    ("LD-CFG-090", one("model: openai/gpt-4o\napi_key: <your-openai-key>"),
     one("model: openai/gpt-4o\napi_key: os.environ/OPENAI_API_KEY")),
    ("LD-CFG-091", one("model: ollama/llama3\napi_base: http://ollama:11434/v1"),
     one("model: ollama/llama3\napi_base: http://ollama:11434")),
    ("LD-CFG-092", "environment_variables:\n  LITELLM_SALT_KEY: {value: abc}\n",
     "environment_variables:\n  LITELLM_SALT_KEY: sk-salt-value\n"),
    ("LD-CFG-093", "litellm_settings:\n  cache: true\n  cache_params: {type: local, supported_call_types: [acompletion, chat_completion]}\n",
     "litellm_settings:\n  cache: true\n  cache_params: {type: local, supported_call_types: [acompletion, aembedding]}\n"),
    ("LD-CFG-094", "general_settings:\n  health_check_interval: 300\n",
     "general_settings:\n  background_health_checks: true\n  health_check_interval: 300\n"),
    ("LD-CFG-096", one("model: openai/gpt-4o\napi_key: os.environ/OPENAI_API_KEY")
     + "router_settings:\n  retry_policy: {RateLimitErrorRetrys: 3}\n  model_group_retry_policy:\n    gpt4o: {TimeoutErrorRetries: 1}\n",
     one("model: openai/gpt-4o\napi_key: os.environ/OPENAI_API_KEY")
     + "router_settings:\n  retry_policy: {RateLimitErrorRetries: 3}\n  model_group_retry_policy:\n    gpt-4o: {TimeoutErrorRetries: 1}\n"),
    ("LD-CFG-095", one("model: openai/gpt-4o-mni\napi_key: os.environ/OPENAI_API_KEY"),
     one("model: openai/gpt-4o-mini\napi_key: os.environ/OPENAI_API_KEY")),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(tmp_path, check_id, failing, passing):
    assert_case(tmp_path, check_id, failing, passing)


@pytest.mark.parametrize(
    "params,severity,fixed",
    [
        ("model: ollama_chat/llama3\napi_base: http://o:11434/api/generate", "error", "http://o:11434"),
        ("model: openai/llama3\napi_base: http://o:11434", "error", "http://o:11434/v1"),
        ("model: openai/llama3\napi_base: http://vllm:8000", "warning", "http://vllm:8000/v1"),
        ("model: anthropic/claude-sonnet-4-20250514\napi_base: https://gateway.example.com/anthropic/v1", "error",
         "https://gateway.example.com/anthropic"),
        ("model: azure/gpt-4o\napi_base: https://r.openai.azure.com/?api-version=2024-10-21\napi_version: '2024-10-21'",
         "warning", "https://r.openai.azure.com/"),
    ],
)
def test_api_base_shapes(tmp_path, params, severity, fixed):
    found = findings(tmp_path, one(params), "LD-CFG-091")
    assert found and found[0].severity == severity and fixed in found[0].steps[0]


def test_ollama_api_base_that_litellm_accepts_is_not_flagged(tmp_path):
    # ollama/completion/transformation.py:453: an api_base already ending in /api/generate is used as is
    assert not findings(tmp_path, one("model: ollama/llama3\napi_base: http://o:11434/api/generate"), "LD-CFG-091")


def test_placeholder_for_a_local_server_is_fine(tmp_path):
    text = one("model: openai/mistral\napi_base: http://tgi:8080/v1\napi_key: <your-key>")
    assert not findings(tmp_path, text, "LD-CFG-090") and not findings(tmp_path, text, "LD-CFG-044")


def test_azure_deployment_url_works_unless_it_names_another_deployment(tmp_path):
    # llms/azure/common_utils.py:291 uses an endpoint with /openai/deployments as the client's base_url
    same = one("model: azure/gpt4o\napi_base: https://r.openai.azure.com/openai/deployments/gpt4o\napi_version: '2024-10-21'")
    assert not findings(tmp_path / "a", same, "LD-CFG-020")
    other = one("model: azure/gpt4o\napi_base: https://r.openai.azure.com/openai/deployments/gpt35\napi_version: '2024-10-21'")
    assert findings(tmp_path / "b", other, "LD-CFG-020")[0].severity == "warning"
    full = one("model: azure/gpt4o\napi_base: https://r.openai.azure.com/openai/deployments/gpt4o/chat/completions")
    assert findings(tmp_path / "c", full, "LD-CFG-020")[0].severity == "error"
