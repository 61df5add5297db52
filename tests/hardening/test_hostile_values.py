"""Values validated where they enter (issue 15): no config number, option, settings file or server
answer makes an internal error (exit 3)."""

from __future__ import annotations

import json

import pytest

from hardening_helpers import run_cli
from scripted_server import ScriptedServer

NUMERIC_KEYS = {
    "litellm_params": ["rpm", "tpm", "timeout", "stream_timeout", "max_retries", "order", "weight", "max_budget", "input_cost_per_token"],
    "router_settings": ["num_retries", "timeout", "cooldown_time", "allowed_fails", "retry_after", "redis_port"],
    "litellm_settings": ["request_timeout", "num_retries", "max_budget"],
    "general_settings": ["max_parallel_requests", "health_check_interval", "database_connection_pool_limit", "proxy_batch_write_at"],
}
VALUES = ["9" * 401, "-" + "9" * 401, ".inf", "-.inf", ".nan", '"inf"', '"1e999"', '"nan"', "1e999", "0x" + "f" * 300, "[]", "{}", "null", '"abc"', "-1", "0"]


@pytest.mark.parametrize("value", VALUES)
def test_hostile_numbers_in_numeric_config_keys(tmp_path, value):
    p = ", ".join(f"{k}: {value}" for k in NUMERIC_KEYS["litellm_params"])
    sections = "".join(f"{s}: {{{', '.join(f'{k}: {value}' for k in keys)}}}\n" for s, keys in NUMERIC_KEYS.items() if s != "litellm_params")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"model_list:\n  - model_name: g\n    litellm_params: {{model: openai/gpt-4o, api_key: os.environ/K, {p}}}\n{sections}", encoding="utf-8")
    for args in (["check", str(cfg)], ["diagnose", "x", "--config", str(cfg)], ["report", "--config", str(cfg)]):
        result = run_cli(args)
        assert result.returncode in (0, 1, 2), (args, result.stderr[-400:])


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "0", "1e400"])
def test_hostile_timeouts(value):
    for args in (["probe", "--proxy", "http://127.0.0.1:9"], ["report", "--proxy", "http://127.0.0.1:9"],
                 ["diagnose", "x", "--proxy", "http://127.0.0.1:9"]):
        result = run_cli([*args, "--timeout", value])
        assert result.returncode == 2 and "--timeout" in result.stderr, (args, result.stderr)
    result = run_cli(["check", "examples/config.yaml", "--client-timeout", value])
    assert result.returncode in (0, 1, 2), result.stderr


def test_settings_nested_deep_and_env_files_with_nul(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model_list: []\n", encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("select: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    nul = tmp_path / "nul.yaml"
    nul.write_text('env-files: ["a\\0b"]\n', encoding="utf-8")
    toml = tmp_path / "pyproject.toml"
    toml.write_text("[tool.litellm-doctor]\nselect = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    for settings in (deep, nul, toml):
        result = run_cli(["check", str(cfg), "--settings", str(settings)])
        assert result.returncode == 2 and result.stderr.startswith("litellm-doctor: error:"), (settings.name, result.stderr)


def test_a_non_pem_ca_bundle_is_a_usage_error(tmp_path):
    for text in ("hello", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"):
        bundle = tmp_path / "ca.pem"
        bundle.write_text(text, encoding="utf-8")
        result = run_cli(["probe", "--proxy", "http://127.0.0.1:9", "--ca-bundle", str(bundle)])
        assert result.returncode == 2 and "--ca-bundle" in result.stderr, result.stderr


@pytest.mark.parametrize("models", ['{"data": null}', '{"data": "x"}', '{"data": [1, null, {"id": null}]}', "[]", "null", '"x"', "1e999"])
def test_hostile_server_answers(models):
    def handler(method, path, headers, body):
        extra = {"retry-after": "inf", "llm_provider-retry-after": "inf", "x-ratelimit-remaining-requests": "nan"}
        if path.startswith("/v1/models"):
            return 200, {"content-type": "application/json", **extra}, models
        if path.startswith("/health"):
            return 200, {"content-type": "application/json", **extra}, json.dumps(
                {"status": "healthy", "db": None, "healthy_endpoints": None, "unhealthy_endpoints": {"a": 1}})
        return 429, {"content-type": "application/json", **extra}, '{"error": {"message": "rate limited"}}'

    with ScriptedServer(handler) as server:
        cfg_args = []
        for args in (["probe", "--proxy", server.url, "--deep", "--timeout", "10"],
                     ["diagnose", "litellm.RateLimitError: x", "--proxy", server.url, "--timeout", "10"]):
            result = run_cli([*args, *cfg_args, "--format", "json"], env={"LITELLM_API_KEY": "sk-test-key-123456"})
            assert result.returncode in (0, 1), (args, result.stderr[-600:])


def test_deep_does_not_health_check_an_image_group_in_cooldown(tmp_path):
    """After a cooldown, --deep asks /health?model=GROUP for the cause, which calls each deployment as its mode says:
    for an image model that is an image, billed. Such a group's health check is skipped, and the output says why
    (review19); a chat group's is still asked."""
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: pictures\n    litellm_params:\n      model: openai/dall-e-3\n"
        "  - model_name: drawn\n    litellm_params:\n      model: openai/my-own\n    model_info:\n      mode: image_generation\n"
        "  - model_name: chat\n    litellm_params:\n      model: openai/gpt-4o-mini\n",
        encoding="utf-8",
    )

    def handler(method, path, headers, body):
        if path.startswith("/v1/models"):
            return 200, {"content-type": "application/json"}, json.dumps({"data": [{"id": g} for g in ("pictures", "drawn", "chat")]})
        if path.startswith("/health?"):
            return 200, {"content-type": "application/json"}, json.dumps({"healthy_endpoints": [], "unhealthy_endpoints": [
                {"model": "x", "error": "AuthenticationError: bad key", "exception_status": 401}]})
        if path.startswith("/health"):
            return 200, {"content-type": "application/json"}, json.dumps({"status": "healthy"})
        return 429, {"content-type": "application/json"}, json.dumps({"error": {"message": (
            "No deployments available for selected model, Try again in 5 seconds. Passed model=x. pre-call-checks=False, "
            "cooldown_list=['abc']")}})

    with ScriptedServer(handler) as server:
        result = run_cli(["probe", "--proxy", server.url, "--config", str(config), "--deep", "--timeout", "20", "--format", "json"],
                         env={"LITELLM_API_KEY": "sk-test-key-123456"})
        asked = sorted(path for _, path, _ in server.requests if path.startswith("/health?"))
    assert result.returncode in (0, 1), result.stderr[-600:]
    assert asked == ["/health?model=chat"], asked
    probes = {(p["id"], p["target"]): p for p in json.loads(result.stdout)["probes"]}
    for group in ("pictures", "drawn"):
        health = probes[("group.health", group)]
        assert health["status"] == "skip" and "image" in health["detail"], health
