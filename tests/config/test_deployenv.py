"""Variable names declared by the deployment beside the config (deployenv.py): names only, bounded reads."""

from __future__ import annotations

from cfg_helpers import write
from litellm_doctor.config import load_config
from litellm_doctor.config.deployenv import MAX_BYTES, aws_region_source, declared_names
from litellm_doctor.config.engine import run_checks

CONFIG = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}\n"


def test_compose_list_environment_and_env_file_fallback_to_example(tmp_path):
    config = write(tmp_path, CONFIG)
    write(tmp_path, "services:\n  proxy:\n    image: ghcr.io/berriai/litellm:main-stable\n    environment:\n"
          "      - OPENAI_API_KEY\n      - LITELLM_LOG=INFO\n    env_file: [.env.prod]\n  other:\n    image: redis\n"
          "    environment: [REDIS_ONLY=1]\n", "docker-compose.yml")
    write(tmp_path, "ANTHROPIC_API_KEY=\n", ".env.example")
    names = declared_names(config, {})
    assert {"OPENAI_API_KEY", "LITELLM_LOG", "ANTHROPIC_API_KEY"} <= set(names) and "REDIS_ONLY" not in names
    assert names["OPENAI_API_KEY"].endswith("docker-compose.yml (service proxy)")


def test_kubernetes_env_from_a_configmap_and_secret_beside_it_by_key_name(tmp_path):
    config = write(tmp_path, CONFIG)
    write(tmp_path, "apiVersion: v1\nkind: Secret\nmetadata: {name: keys}\nstringData:\n  OPENAI_API_KEY: sk-real-secret-value\n"
          "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: litellm}\nspec:\n  template:\n    spec:\n"
          "      containers:\n        - name: proxy\n          image: ghcr.io/berriai/litellm:v1\n"
          "          envFrom: [{secretRef: {name: keys}}, {configMapRef: {name: missing}}]\n", "k8s/litellm.yaml")
    names = declared_names(config, {})
    assert "OPENAI_API_KEY" in names and "Secret keys" in names["OPENAI_API_KEY"]
    report = run_checks(load_config(config, environ={}))
    assert not any(f.rule_id == "LD-CFG-040" for f in report.findings)
    assert "sk-real-secret-value" not in repr(report) and "sk-real-secret-value" not in repr(load_config(config, environ={}).env)


def test_aws_region_from_the_profile_boto3_would_use(tmp_path):
    write(tmp_path, "[default]\nregion = eu-west-1\n[profile ci]\noutput = json\n", ".aws/config")
    assert aws_region_source({"HOME": str(tmp_path)}).endswith("[default]")
    assert aws_region_source({"HOME": str(tmp_path), "AWS_PROFILE": "ci"}) is None
    assert aws_region_source({}) is None  # no HOME, no AWS_CONFIG_FILE: nothing is guessed
    bedrock = write(tmp_path / "cfg", "model_list:\n  - model_name: b\n    litellm_params: {model: bedrock/anthropic.claude-3-haiku-20240307-v1:0}\n")
    assert not [f for f in run_checks(load_config(bedrock, environ={"HOME": str(tmp_path)})).findings if f.rule_id == "LD-CFG-018"]
    assert [f for f in run_checks(load_config(bedrock, environ={})).findings if f.rule_id == "LD-CFG-018"]


def test_unreadable_malformed_or_huge_neighbours_are_skipped(tmp_path):
    config = write(tmp_path, CONFIG)
    write(tmp_path, "services: [\n", "compose.yaml")
    write(tmp_path, "kind: Deployment\n" + "#" * (MAX_BYTES + 10) + "\n", "big.yaml")
    assert declared_names(config, {}) == {}


def test_env_file_option_means_the_declared_names_are_not_used(tmp_path):
    config = write(tmp_path, CONFIG)
    write(tmp_path, "services:\n  litellm:\n    image: litellm\n    environment: [OPENAI_API_KEY]\n", "compose.yaml")
    env_file = write(tmp_path, "OTHER=1\n", "proxy.env")
    loaded = load_config(config, environ={}, env_files=(env_file,))
    assert loaded.env.declared == {}
    assert [f.severity for f in run_checks(loaded).findings if f.rule_id == "LD-CFG-040"] == ["warning"]
