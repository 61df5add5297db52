"""A false-alarm guard: realistic working configs (docker-compose and Kubernetes setups, Azure / Bedrock /
Vertex / Ollama / OpenAI-compatible mixes, os.environ/ everywhere) checked as CI checks them, with no
environment: no error-level finding, and at most 2 warnings per config on average."""

from __future__ import annotations

from pathlib import Path

import pytest

from litellm_doctor.config import load_config
from litellm_doctor.config.engine import run_checks

WORKING = Path(__file__).with_name("working")
CONFIGS = sorted([*WORKING.glob("plain/*.yaml"), *WORKING.glob("*/config.yaml")])
CORRECT = sorted((Path(__file__).parents[2] / "examples" / "configs" / "correct").glob("*.yaml"))


def _findings(path: Path):
    # use_dotenv: read what the repository declares beside the config (compose, manifests), as the CLI does.
    return run_checks(load_config(path, environ={}, use_dotenv=True)).findings


@pytest.mark.parametrize("path", CONFIGS + CORRECT, ids=[f"{p.parent.name}/{p.name}" for p in CONFIGS + CORRECT])
def test_no_error_on_a_working_config(path):
    assert [f"{f.rule_id} {f.message}" for f in _findings(path) if f.severity == "error"] == []


def test_few_warnings_on_average():
    paths = CONFIGS + CORRECT
    warnings = [f"{p.name}: {f.rule_id} {f.message}" for p in paths for f in _findings(p) if f.severity == "warning"]
    assert len(paths) >= 12
    assert len(warnings) / len(paths) <= 2, "\n".join(warnings)


def test_unset_references_are_one_summary_not_one_warning_each():
    findings = _findings(WORKING / "plain" / "loadbalance-fallbacks.yaml")
    unset = [f for f in findings if f.rule_id == "LD-CFG-040"]
    assert len(unset) == 1 and unset[0].severity == "info"
    assert "OPENAI_API_KEY" in unset[0].message and "--env-file" in unset[0].message


def test_names_declared_by_compose_and_kubernetes_count_as_set():
    compose = run_checks(load_config(WORKING / "compose-openai-anthropic" / "config.yaml", environ={}))
    assert not any(f.rule_id in ("LD-CFG-040", "LD-CFG-051") for f in compose.findings)
    assert any("docker-compose.yml (service litellm)" in n for n in compose.notes)
    k8s = load_config(WORKING / "k8s-azure" / "config.yaml", environ={})
    assert {"LITELLM_MASTER_KEY", "DATABASE_URL", "REDIS_HOST"} <= set(k8s.env.declared)
    # envFrom a Secret that is not in the repository: its names stay unknown (and nothing is invented)
    assert "AZURE_API_KEY" not in k8s.env.declared
