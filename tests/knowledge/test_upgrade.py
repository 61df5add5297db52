"""`check --upgrade-to`, the version note and the version findings of `check`, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from litellm_doctor.config.loader import load_config
from litellm_doctor.config.upgrade import upgrade_findings

CONFIG = """\
model_list:
  - model_name: gpt-a
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      rpm: 60
router_settings:
  fallbacks: [{"gpt-a": "gpt-b"}]
litellm_settings:
  max_budget: 10
  cache: true
  cache_params:
    type: disk
general_settings:
  master_key: sk-1234
  disable_model_info_refresh: true
  litellm_license: abc
"""


@pytest.fixture()
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG)
    return path


def _by_line(findings):
    return {(f.rule_id, f.location.line if f.location else None) for f in findings}


def test_every_kind_of_change_with_its_line(config_file):
    cfg = load_config(str(config_file), environ={"OPENAI_API_KEY": "x"})
    found = upgrade_findings(cfg, "1.103.0", "1.110.2")
    assert _by_line(found) == {
        ("LD-VER-010", 8),   # string fallback target: refused at start-up
        ("LD-VER-010", 13),  # disk cache: gone
        ("LD-VER-010", 15),  # sk-1234: refused at start-up
        ("LD-VER-011", 6),   # rpm no longer a hard cap (1.109.0)
        ("LD-VER-011", 10),  # budgets answer 422
        ("LD-VER-012", 17),  # litellm_license no longer read
        ("LD-VER-013", 16),  # disable_model_info_refresh starts working
    }
    messages = " ".join(f.message for f in found)
    assert "Fallbacks for 'gpt-a' must be a list" in messages and "422" in messages and "1.109.0" in messages


def test_to_the_lts_line_the_disk_cache_and_rpm_still_work(config_file):
    cfg = load_config(str(config_file), environ={"OPENAI_API_KEY": "x"})
    ids = _by_line(upgrade_findings(cfg, "1.103.0", "1.108.14"))
    assert ("LD-VER-010", 13) not in ids and ("LD-VER-011", 6) not in ids
    assert ("LD-VER-010", 15) in ids and ("LD-VER-010", 8) in ids


def test_fixed_config_has_no_startup_finding(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text(
        "model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o, api_key: os.environ/K, rpm: 5}\n"
        "router_settings:\n  fallbacks: [{a: [b]}]\n  optional_pre_call_checks: [enforce_model_rate_limits]\n"
        "litellm_settings:\n  max_budget: 1\n  budget_exceeded_status_code: 429\n"
        "general_settings:\n  master_key: os.environ/MK\n"
    )
    cfg = load_config(str(path), environ={"K": "x", "MK": "sk-a-long-random-master-key-0123456789"})
    # nothing breaks or changes meaning; the setting that keeps 429 is new in the target (1.103.0 ignores it)
    assert [(f.rule_id, f.location.line) for f in upgrade_findings(cfg, "1.103.0", "1.110.2")] == [("LD-VER-013", 9)]
    assert upgrade_findings(cfg, "1.108.14", "1.110.2") == []
    unset = load_config(str(path), environ={"K": "x"})
    (only,) = [f for f in upgrade_findings(unset, "1.103.0", "1.110.2") if f.rule_id != "LD-VER-013"]
    assert only.rule_id == "LD-VER-010" and "MK is not set" in only.message


def _check(*args, cwd=None):
    env = {**os.environ, "NO_COLOR": "1", "OPENAI_API_KEY": "x"}
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "check", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def test_check_cli_upgrade_to_json(config_file):
    code, out, err = _check(str(config_file), "--litellm-version", "1.103.0", "--upgrade-to", "1.110.2", "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["facts"]["litellm_version"] == "1.103.0" and report["facts"]["upgrade_to"] == "1.110.2"
    ids = [f["rule_id"] for f in report["findings"]]
    assert ids.count("LD-VER-010") == 3
    assert any("LiteLLM version: 1.103.0 (--litellm-version); knowledge of LiteLLM 1.103.0" in n for n in report["notes"])
    # a key of a newer release is not a typo
    newer = next(f for f in report["findings"] if f["rule_id"] == "LD-CFG-050")
    assert "needs LiteLLM >= 1.108.14" in newer["message"] and "does not know it" in newer["message"] and "did you mean" not in newer["message"]


def test_check_cli_reads_the_image_tag_and_reports_advisories(tmp_path):
    (tmp_path / "config.yaml").write_text("model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\n")
    (tmp_path / "compose.yaml").write_text("services:\n  proxy:\n    image: ghcr.io/berriai/litellm:v1.82.8\n")
    code, out, err = _check("config.yaml", "--format", "json", cwd=tmp_path)
    report = json.loads(out)
    assert report["facts"]["litellm_version"] == "1.82.8"
    assert any("image tag in compose.yaml:3" in n for n in report["notes"])
    assert report["findings"][0]["rule_id"] == "LD-VER-001" and "PYSEC-2026-2" in report["findings"][0]["message"]
    assert code == 1


@pytest.mark.parametrize("args", [("--upgrade-to", "soon"), ("--litellm-version", "1.108.14", "--upgrade-to", "1.103.0"),
                                  ("--litellm-version", "v1")])
def test_check_cli_bad_versions_exit_2(config_file, args):
    code, out, err = _check(str(config_file), *args)
    assert code == 2 and "Traceback" not in err and err.strip().count("\n") == 0, err


def test_check_with_version_never_imports_litellm(config_file):
    code = (
        "import sys; from litellm_doctor.config.loader import load_config; from litellm_doctor.config.engine import run_checks;"
        "from litellm_doctor.config.checks import Options; from litellm_doctor.config.upgrade import with_version;"
        "from litellm_doctor.knowledge.detect import detect;"
        f"cfg=load_config({str(config_file)!r}, environ={{}}); d=detect(config_path={str(config_file)!r});"
        "r=with_version(run_checks(cfg, options=Options(litellm_version=d.version)), cfg, d, '1.110.2');"
        "bad=[m for m in ('litellm','httpx') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_version_in_use_refuses_the_config(config_file, tmp_path):
    from litellm_doctor.config.upgrade import startup_findings

    cfg = load_config(str(config_file), environ={"OPENAI_API_KEY": "x"})
    assert _by_line(startup_findings(cfg, "1.108.14")) == {("LD-VER-004", 8), ("LD-VER-004", 15)}
    assert _by_line(startup_findings(cfg, "1.110.2")) == {("LD-VER-004", 8), ("LD-VER-004", 13), ("LD-VER-004", 15)}
    assert startup_findings(cfg, "1.103.0") == []
    # an unset os.environ/ master key: CI rarely has the proxy's secrets, so info unless --env-file (as LD-CFG-040)
    env_ref = tmp_path / "env.yaml"
    env_ref.write_text("model_list: []\ngeneral_settings:\n  master_key: os.environ/MY_MASTER_KEY\n")
    (found,) = startup_findings(load_config(str(env_ref), environ={}), "1.108.14")
    assert found.severity == "info" and "MY_MASTER_KEY is not set" in found.message
    assert startup_findings(load_config(str(env_ref), environ={"MY_MASTER_KEY": "sk-x-long-random"}), "1.108.14") == []
    code, out, _ = _check(str(config_file), "--litellm-version", "1.108.14", "--format", "json")
    assert [f["rule_id"] for f in json.loads(out)["findings"]].count("LD-VER-004") == 2 and code == 1
