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
