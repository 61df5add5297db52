"""`litellm-doctor report`: the bug-report Markdown, and that no planted secret survives it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from secrets_planted import PLANTED, texts_with_secrets

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "tests" / "fixtures" / "logs" / "proxy-default.log"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    for name in ("OPENAI_API_KEY", "LITELLM_MASTER_KEY", "LITELLM_API_KEY"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], capture_output=True, timeout=120, env=env, cwd=cwd)


def _config_with_secrets() -> str:
    p = PLANTED
    return f"""model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: {p['openai']}
  - model_name: proj
    litellm_params:
      model: openai/gpt-4o-mini
      api_key: "{p['openai_project']}"
  - model_name: claude
    litellm_params:
      model: anthropic/claude-sonnet-4-20250514
      api_key: '{p['anthropic']}'
  - model_name: azure
    litellm_params:
      model: azure/gpt-4o
      api_base: https://example.openai.azure.com/
      api_key: {p['azure']}
      api_version: "2024-10-21"
  - model_name: bedrock
    litellm_params:
      model: bedrock/anthropic.claude-3
      aws_access_key_id: {p['aws_access']}
      aws_secret_access_key: {p['aws_secret']}
  - model_name: gemini
    litellm_params:
      model: gemini/gemini-1.5-pro
      api_key: {p['google']}
  - model_name: odd
    litellm_params:
      model: openai/odd
      api_base: http://localhost:8000/v1
      api_key: hunter2  # a short key of no known shape
      extra_headers: {{"Authorization": "Bearer {p['bearer_opaque']}"}}
general_settings:
  master_key: {p['litellm_master']}
  database_url: postgresql://litellm:{p['db_password']}@db:5432/litellm
  alerting_webhook_token: {p['jwt']}
litellm_settings:
  password: {p['litellm_virtual']}
"""


@pytest.fixture()
def planted(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(_config_with_secrets())
    log = tmp_path / "proxy.log"
    lines = [f"03:00:{i:02d} - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - "
             f"litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - litellm_call_id=x - {t}"
             for i, t in enumerate(texts_with_secrets())]
    log.write_bytes(LOG.read_bytes() + ("\n".join(lines) + "\n").encode())
    return config, log


def _assert_clean(text: str) -> None:
    for name, secret in PLANTED.items():
        assert secret not in text, name
    assert "hunter2" not in text


def test_report_to_stdout_has_every_section_and_no_secret(planted):
    config, log = planted
    proc = run("report", "--config", str(config), "--log", str(log))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    for heading in ("### Versions", "### Config", "### Log"):
        assert heading in out
    assert "litellm-doctor" in out and "| litellm |" in out and "Python" in out and "OS" in out
    assert "model_name: gpt-4o" in out and "api_key: ****" in out  # structure kept, values masked
    assert "G1" in out and "failures in" in out
    _assert_clean(out + proc.stderr.decode())


def test_report_output_file_is_written_atomically(planted, tmp_path):
    config, log = planted
    target = tmp_path / "out" / "report.md"
    target.parent.mkdir()
    target.write_text("old")
    proc = run("report", "--config", str(config), "--log", str(log), "--output", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    text = target.read_text()
    assert text.startswith("## litellm-doctor report")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.md"]  # no temp file left
    _assert_clean(text)


def test_report_output_to_missing_directory_is_usage_error(tmp_path):
    proc = run("report", "--output", str(tmp_path / "missing" / "r.md"))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_report_with_unreachable_proxy_still_reports(planted):
    config, _ = planted
    proc = run("report", "--config", str(config), "--proxy", "http://127.0.0.1:9", "--timeout", "5")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "### Probes" in out and "fail" in out
    _assert_clean(out)


def test_versions_come_from_metadata_without_importing_litellm():
    code = (
        "import sys; from litellm_doctor.logs.bugreport import build_bug_report, litellm_version; "
        "text = build_bug_report(); print('litellm' in sys.modules, 'httpx' in sys.modules, litellm_version() in text)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.stdout.decode().split() == ["False", "False", "True"]


def test_mask_config_text_masks_secret_keys_of_any_shape():
    from litellm_doctor.logs.bugreport import mask_config_text

    text = "api_key: x1\nmaster_key: 'abc'\nredis_password: p@ss  # note\napi_key: os.environ/OPENAI_API_KEY\nmodel: gpt-4o\n"
    out = mask_config_text(text)
    assert "x1" not in out and "abc" not in out and "p@ss" not in out
    assert "os.environ/OPENAI_API_KEY" in out and "model: gpt-4o" in out


def test_report_reads_the_project_settings_as_check_does(tmp_path):
    """`workers` in [tool.litellm-doctor]: report's check section counts what `check` counts; report's --workers (per
    replica) wins over it; no settings file: the files beside the config."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "config" / "deploy" / "compose-scaled", project / "proxy")
    config = str(project / "proxy" / "config.yaml")

    def db_lines(*args: str) -> tuple[list[str], str]:
        proc = run("report", "--config", config, *args)
        assert proc.returncode == 0, proc.stderr
        text = proc.stdout.decode()
        return [line for line in text.splitlines() if "`LD-CFG-151`" in line], text

    # none: the compose file beside the config, 3 replicas x 4 workers
    (line,), text = db_lines()
    assert "x 12 processes (3 replicas" in line and "\n_settings:" not in text
    check = run("check", config, "--select", "LD-CFG-151", "--format", "json")
    assert "x 12 processes (3 replicas" in check.stdout.decode()
    # the settings file: 30 processes in report as in check
    (project / "pyproject.toml").write_text("[tool.litellm-doctor]\nworkers = 30\n")
    (line,), text = db_lines()
    assert f"x 30 processes (the `workers` setting, {project / 'pyproject.toml'}) = 300" in line, line
    assert f"_settings: {project / 'pyproject.toml'}_" in text
    check = run("check", config, "--select", "LD-CFG-151", "--format", "json")
    assert f"x 30 processes (the `workers` setting, {project / 'pyproject.toml'}) = 300" in check.stdout.decode()
    # the command line wins: --workers 1 per replica, 3 x 1 = 3 processes, 30 connections: no finding
    lines, text = db_lines("--workers", "1")
    assert lines == [] and "--workers 1 (per replica) wins over the files' workers: 3 processes" in text
    # --settings: another file instead
    other = tmp_path / "other.yaml"
    other.write_text("workers: 20\n")
    (line,), text = db_lines("--settings", str(other))
    assert f"x 20 processes (the `workers` setting, {other})" in line
    # its findings of `check` follow the settings' selection, as `check` does
    other.write_text("workers: 20\nignore: [LD-CFG-151]\n")
    lines, text = db_lines("--settings", str(other))
    assert lines == [] and "`LD-CFG-0" in text


def test_report_exit_code_follows_fail_on_of_the_settings_and_the_command_line(tmp_path):
    """A report is for pasting: exit 0 whatever it holds, unless `fail-on` (the setting, or --fail-on, which wins) asks
    for an exit code: then 1 when its findings of `check` reach it, as `check` exits. A probe verdict in the settings'
    ignore is no error (the file is probe's too); a value naming no rule makes the check section say so."""
    config = tmp_path / "config.yaml"
    config.write_text("model_list:\n  - model_name: m\n    litellm_params: {model: anthropc/x}\n")  # LD-CFG-011, an error
    assert run("report", "--config", str(config)).returncode == 0
    settings = tmp_path / ".litellm-doctor.yaml"
    settings.write_text("fail-on: error\nignore: [LD-FLEET-005]\n")
    proc = run("report", "--config", str(config))
    assert proc.returncode == 1 and b"`LD-CFG-011`" in proc.stdout, proc.stderr
    assert run("report", "--config", str(config), "--fail-on", "never").returncode == 0
    assert run("check", str(config)).returncode == 1  # check reads the same file: the probe verdict is no error there
    settings.write_text("fail-on: error\nignore: [unknown-provider]\n")
    proc = run("report", "--config", str(config))
    assert proc.returncode == 0 and b"`LD-CFG-011`" not in proc.stdout
    settings.write_text("fail-on: error\nignore: [LD-NOPE-9]\n")
    proc = run("report", "--config", str(config))
    assert proc.returncode == 0 and b"no check 'LD-NOPE-9'" in proc.stdout
    assert run("check", str(config)).returncode == 2


def test_mask_config_text_knows_every_secret_name_the_loader_knows():
    """One list of secret names (secret_sources): a misspelled or less common secret key's value is masked however it
    looks, a value of words included, which no shape finds (review19: report kept a shorter list of its own)."""
    from litellm_doctor.logs.bugreport import mask_config_text

    text = "api_kye: my shapeless words\nsigning_key: two words\nconnection_string: Server=x y\nmax_tokens: 500\n"
    out = mask_config_text(text)
    assert "shapeless" not in out and "two words" not in out and "Server=x" not in out
    assert "max_tokens: 500" in out


def test_mask_config_text_is_linear_in_a_line_of_spaces():
    """A config line with a long run of spaces inside its value is masked in linear time (review19: a minute for
    50,000 spaces)."""
    import time

    from litellm_doctor.logs.bugreport import mask_config_text

    started = time.monotonic()
    out = mask_config_text("api_key: x" + " " * 50_000 + "y\nmodel: a" + " " * 50_000 + "b\n")
    assert time.monotonic() - started < 2.0
    assert "x " not in out and "model: a " in out
