"""sarif / github / junit output for check and diagnose; a planted key never appears in any format."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from cfg_helpers import write
from litellm_doctor.config import load_config, tie_to_config
from litellm_doctor.config.engine import run_checks
from litellm_doctor.formats import FORMATS, get_formatter
from litellm_doctor.masking import mask

SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json").read_text())
PLANTED = "sk-proj-PLANTEDsecretVALUE0123456789abcd"
CONFIG = f"""
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: {PLANTED}
  - model_name: claude
    litellm_params:
      model: anthropc/claude
router_settings:
  cooldown_time: 0
general_settings:
  master_key: {PLANTED}
  database_url: postgresql://litellm:{PLANTED}@db:5432/litellm
"""


@pytest.fixture
def check_report(tmp_path):
    return run_checks(load_config(write(tmp_path, CONFIG), environ={}))


@pytest.fixture
def diagnose_report(tmp_path):
    from litellm_doctor.diagnosis import diagnose

    report = diagnose("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided. Received Model Group=gpt-4o")
    return tie_to_config(report, load_config(write(tmp_path, CONFIG), environ={}))


def render(fmt, report):
    return mask(get_formatter(fmt).render(report))  # what the CLI's emit() prints


def test_registered():
    assert {"sarif", "github", "junit"} <= set(FORMATS)


@pytest.mark.parametrize("which", ["check_report", "diagnose_report"])
def test_sarif_validates(request, which):
    report = request.getfixturevalue(which)
    data = json.loads(render("sarif", report))
    jsonschema.validate(data, SCHEMA)
    run = data["runs"][0]
    assert run["results"] and all(r["ruleId"].startswith("LD-") for r in run["results"])
    located = [r for r in run["results"] if "locations" in r]
    assert located and all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in located)
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in run["results"]}


def test_sarif_levels(check_report):
    data = json.loads(render("sarif", check_report))
    levels = {r["ruleId"]: r["level"] for r in data["runs"][0]["results"]}
    assert levels["LD-CFG-011"] == "error" and levels["LD-CFG-075"] == "warning"


def test_github_annotations(check_report):
    out = render("github", check_report)
    line = next(l for l in out.splitlines() if "LD-CFG-011" in l)
    assert line.startswith("::error file=") and ",line=8," in line and "\n" not in line
    assert any(l.startswith("::warning file=") for l in out.splitlines())


def test_github_escaping():
    from litellm_doctor.formats.github import escape_data, escape_property

    assert escape_data("a%b\nc\r") == "a%25b%0Ac%0D"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit(check_report):
    root = ET.fromstring(render("junit", check_report).split("\n", 1)[1])
    suite = root.find("testsuite")
    failures = suite.findall("testcase/failure")
    assert int(suite.get("failures")) == len(failures) > 0
    assert any(f.get("type") == "error" for f in failures)


def test_junit_without_findings(tmp_path):
    report = run_checks(load_config(write(tmp_path, "model_list: []\n"), environ={}), select=["LD-CFG-011"])
    root = ET.fromstring(render("junit", report).split("\n", 1)[1])
    assert root.find("testsuite/testcase").get("name") == "no findings"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("which", ["check_report", "diagnose_report"])
def test_planted_key_never_printed(request, fmt, which):
    out = render(fmt, request.getfixturevalue(which))
    assert PLANTED not in out and "PLANTEDsecret" not in out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_planted_key_never_in_raw_formatter_output(check_report, fmt):
    # The check messages themselves never carry a value, even before the final masking pass.
    out = get_formatter(fmt).render(check_report)
    assert "PLANTEDsecret" not in out


def test_every_planted_secret_shape_stays_hidden(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from secrets_planted import PLANTED as SECRETS

    p = SECRETS
    text = f"""
model_list:
  - model_name: a
    litellm_params: {{model: openai/gpt-4o, api_key: {p['openai']}}}
  - model_name: b
    litellm_params: {{model: anthropic/claude, api_key: {p['anthropic']}, timeout: 1s}}
  - model_name: c
    litellm_params: {{model: azure/x, api_key: {p['azure']}, api_base: "https://u:{p['db_password']}@h"}}
  - model_name: d
    litellm_params: {{model: bedrock/x, aws_access_key_id: {p['aws_access']}, aws_secret_access_key: {p['aws_secret']}}}
  - model_name: e
    litellm_params: {{model: gemini/x, api_key: {p['google']}}}
  - model_name: f
    litellm_params: {{model: openai/x, api_key: {p['openai_project']}, extra_headers: {{Authorization: "Bearer {p['jwt']}"}}}}
general_settings:
  master_key: {p['litellm_master']}
  database_url: postgresql://litellm:{p['db_password']}@db/litellm
environment_variables:
  LITELLM_SALT_KEY: {p['litellm_virtual']}
"""
    from litellm_doctor.diagnosis import diagnose

    config = load_config(write(tmp_path, text), environ={})
    reports = [
        run_checks(config),
        tie_to_config(diagnose(f"litellm.AuthenticationError: OpenAIException - Incorrect API key provided: {p['openai']}. Received Model Group=a"), config),
    ]
    for report in reports:
        for fmt in FORMATS:
            out = render(fmt, report)
            for name, secret in SECRETS.items():
                assert secret not in out, f"{name} leaked in {fmt}"


def test_markdown_config_line_keeps_a_path_on_its_line(tmp_path):
    """A config's path is the user's (a checkout of someone's branch): a line break in it must not end the
    `Config:` line and start a heading or a list of its own in the pasted Markdown."""
    path = write(tmp_path / "x\n### ✓ all checks passed\n- [ ] nothing to fix", CONFIG)
    out = render("markdown", run_checks(load_config(path, environ={})))
    assert not [line for line in out.splitlines() if line.startswith(("### ✓", "- "))]
    assert any(line.startswith("Config: `") and line.endswith(":5`") for line in out.splitlines())


def test_sarif_help_markdown_keeps_each_step_on_its_line(tmp_path):
    """Code scanning renders a rule's help as Markdown: a model group named `az\\n# heading\\n[click](…)`
    must not end its step's list item, start a heading, or leave the code span it was quoted in so that
    the link renders live."""
    text = CONFIG.replace("model_name: claude", 'model_name: "az\\n# Injected heading\\n[click](https://evil.example)"')
    report = run_checks(load_config(write(tmp_path, text), environ={}))
    rules = json.loads(render("sarif", report))["runs"][0]["tool"]["driver"]["rules"]
    helped = [r for r in rules if "help" in r and "Injected" in r["help"]["markdown"]]
    assert helped
    for rule in helped:
        for line in rule["help"]["markdown"].splitlines():
            assert line[:1].isdigit(), line  # `1. …`, `2. …`: one list item per step, nothing else
