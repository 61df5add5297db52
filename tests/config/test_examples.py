"""examples/configs: the correct configs stay free of errors, the broken ones give the findings they name.

Each broken config lists what it must produce in a `# expect: ID:line ...` comment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litellm_doctor.config import load_config
from litellm_doctor.config.checks import Options
from litellm_doctor.config.engine import run_checks

EXAMPLES = Path(__file__).parents[2] / "examples" / "configs"
CORRECT = sorted((EXAMPLES / "correct").glob("*.yaml"))
BROKEN = sorted((EXAMPLES / "broken").glob("*.yaml"))
ENV_FILE = EXAMPLES / "correct" / ".env.example"


@pytest.mark.parametrize("path", CORRECT, ids=[p.name for p in CORRECT])
def test_correct_configs_have_no_errors_even_without_their_environment(path):
    report = run_checks(load_config(path, environ={}, use_dotenv=False))
    assert [f.message for f in report.findings if f.severity == "error"] == []


@pytest.mark.parametrize("path", CORRECT, ids=[p.name for p in CORRECT])
def test_correct_configs_are_clean_with_their_environment(path):
    config = load_config(path, environ={}, env_files=(ENV_FILE,), use_dotenv=False)
    report = run_checks(config, options=Options(strict_env=True))
    assert [f"{f.rule_id} {f.message}" for f in report.findings] == []


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_configs_give_their_findings(path):
    expected = set(re.search(r"# expect: (.*)", path.read_text()).group(1).split())
    report = run_checks(load_config(path, environ={}, use_dotenv=False))
    got = {f"{f.rule_id}:{f.location.line}" for f in report.findings if f.location}
    assert expected <= got, f"missing: {sorted(expected - got)}"


def test_examples_cover_the_shapes_people_write():
    text = "".join(p.read_text() for p in CORRECT)
    for needle in ("api_version", "aws_region_name", "vertex_project", "vertex_location", "host.docker.internal",
                   "rpm:", "tpm:", "fallbacks", "redis_host", '"anthropic/*"', "include:"):
        assert needle in text


# Sixteen faults real users made in public issues, as they sit in the broken examples (file, line, check).
KNOWN_FAULTS = [
    ("api-base-shapes.yaml", 6, "LD-CFG-091"),  # ollama/ route on Ollama's OpenAI-compatible /v1
    ("api-base-shapes.yaml", 10, "LD-CFG-091"),  # openai/ route on Ollama without /v1
    ("api-base-shapes.yaml", 14, "LD-CFG-020"),  # api_base ending in /chat/completions
    ("api-base-shapes.yaml", 18, "LD-CFG-020"),  # Azure deployment URL pasted from the portal
    ("api-base-shapes.yaml", 24, "LD-CFG-091"),  # ollama_chat/ with /api/generate
    ("placeholders-and-exports.yaml", 6, "LD-CFG-090"),  # <your-openai-api-key>
    ("placeholders-and-exports.yaml", 10, "LD-CFG-090"),  # YOUR_RESOURCE_NAME endpoint
    ("placeholders-and-exports.yaml", 16, "LD-CFG-041"),  # reference to a name only environment_variables defines
    ("placeholders-and-exports.yaml", 19, "LD-CFG-092"),  # LITELLM_SALT_KEY as a mapping
    ("placeholders-and-exports.yaml", 25, "LD-CFG-093"),  # supported_call_types typo
    ("placeholders-and-exports.yaml", 27, "LD-CFG-094"),  # health_check_interval alone
    ("model-list-fragment.yaml", 4, "LD-CFG-011"),  # provider typo in a pasted model_list
    ("model-list-fragment.yaml", 10, "LD-CFG-026"),  # unquoted api_version read as a date
    ("typos-and-providers.yaml", 20, "LD-CFG-060"),  # num_retry
    ("typos-and-providers.yaml", 23, "LD-CFG-070"),  # cooldown_tme
    ("typos-and-providers.yaml", 25, "LD-CFG-001"),  # general_setting: the master key is dropped
]


def test_known_faults_are_found_at_a_severity_that_fails_ci():
    found, failing = 0, 0
    for name, line, check_id in KNOWN_FAULTS:
        report = run_checks(load_config(EXAMPLES / "broken" / name, environ={}, use_dotenv=False))
        hits = [f for f in report.findings if f.rule_id == check_id and f.location and f.location.line == line]
        found += bool(hits)
        failing += any(f.severity == "error" for f in hits)
    assert len(KNOWN_FAULTS) == 16 and found == 16
    assert failing >= 14
