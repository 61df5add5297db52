"""`litellm-doctor check`: exit codes, formats, settings, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cfg_helpers import write

GOOD = """
model_list:
  - model_name: gpt-4o
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
router_settings:
  timeout: 60
"""
BAD = GOOD.replace("openai/gpt-4o", "opnai/gpt-4o")


def run(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "CONFIG_FILE_PATH", "LITELLM_LOG")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "litellm_doctor", "check", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env)


def test_clean_config_exits_0(tmp_path):
    path = write(tmp_path, GOOD)
    result = run(str(path), env={"OPENAI_API_KEY": "sk-x"})
    assert result.returncode == 0, result.stdout
    assert "checks passed" in result.stdout


def test_error_exits_1_and_fail_on(tmp_path):
    path = write(tmp_path, BAD)
    assert run(str(path), env={"OPENAI_API_KEY": "sk-x"}).returncode == 1
    assert run(str(path), "--fail-on", "never").returncode == 0
    assert run(str(path), "--ignore", "LD-CFG-011", env={"OPENAI_API_KEY": "sk-x"}).returncode == 0
    # unset OPENAI_API_KEY: one info note when this run does not see the proxy's environment ...
    assert run(str(write(tmp_path / "w", GOOD)), "--fail-on", "warning").returncode == 0
    assert run(str(write(tmp_path / "w", GOOD)), "--fail-on", "info").returncode == 1
    # ... an error once --strict-env says it is the proxy's environment
    assert run(str(write(tmp_path / "w", GOOD)), "--strict-env").returncode == 1


def test_json_output_follows_contract(tmp_path):
    result = run("config.yaml", "--format", "json", cwd=write(tmp_path, BAD).parent)
    data = json.loads(result.stdout)
    assert data["command"] == "check" and data["category"] == "routing"
    finding = data["findings"][0]
    assert finding["rule_id"] == "LD-CFG-011" and finding["location"] == {"file": "config.yaml", "line": 3}
    schema = json.loads((__import__("pathlib").Path(__file__).parents[2] / "src/litellm_doctor/schemas/report.schema.json").read_text())
    import jsonschema

    jsonschema.validate(data, schema)


@pytest.mark.parametrize("text,needle", [("a: [\n", "config.yaml:2: malformed YAML"), ("- x\n", "config.yaml:1: the top level is a list")])
def test_bad_input_exits_2_with_one_line(tmp_path, text, needle):
    result = run("config.yaml", cwd=write(tmp_path, text).parent)
    assert result.returncode == 2 and needle in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_missing_config_exits_2(tmp_path):
    result = run(str(tmp_path / "nope.yaml"))
    assert result.returncode == 2 and "config file not found" in result.stderr


def test_default_config_and_settings_file(tmp_path):
    write(tmp_path, BAD)
    (tmp_path / ".litellm-doctor.yaml").write_text("ignore: [unknown-provider]\nfail-on: error\n")
    result = run(cwd=tmp_path, env={"OPENAI_API_KEY": "sk-x"})
    assert result.returncode == 0 and "settings: " in result.stdout


def test_list_and_explain():
    result = run("--list")
    from litellm_doctor.config.checks import catalog

    # Piped: one check per line, nothing else (issue 12); the count line is for terminals.
    assert result.returncode == 0 and "LD-CFG-011" in result.stdout and len(result.stdout.strip().splitlines()) == len(catalog())
    result = run("--explain", "cooldown-time-zero")
    assert "disable_cooldowns" in result.stdout


def test_sarif_and_github(tmp_path):
    path = write(tmp_path, BAD)
    assert json.loads(run(str(path), "-f", "sarif").stdout)["version"] == "2.1.0"
    assert "::error file=" in run(str(path), "-f", "github").stdout
