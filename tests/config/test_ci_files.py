"""The CI preflight files: the composite action, the pre-commit hook and the worked examples."""

from __future__ import annotations

from pathlib import Path

import yaml

from cfg_helpers import write
from litellm_doctor.config.precommit import main as precommit_main

ROOT = Path(__file__).parents[2]


def test_action_runs_check_with_sarif_and_uploads_it():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert any("--format sarif" in s.get("run", "") for s in steps)
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    assert {"config", "fail-on", "args"} <= set(action["inputs"])


def test_pre_commit_hook(tmp_path, capsys):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = hooks[0]
    assert hook["id"] == "litellm-doctor-check" and "litellm_doctor.config.precommit" in hook["entry"]
    good = write(tmp_path, "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: none}\nrouter_settings: {timeout: 60}\n", "a/config.yaml")
    bad = write(tmp_path, "model_list:\n  - model_name: m\n    litellm_params: {model: opnai/gpt-4o}\n", "b/config.yaml")
    assert precommit_main(["--no-color", str(good)]) == 0
    assert precommit_main(["--no-color", str(good), str(bad)]) == 1
    assert precommit_main([str(write(tmp_path, "- x\n", "c/config.yaml"))]) == 2
    capsys.readouterr()


def test_worked_examples_parse():
    for name in ("github-workflow.yml", "gitlab-ci.yml", "pre-commit-config.yaml"):
        assert yaml.safe_load((ROOT / "examples" / "ci" / name).read_text())
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-workflow.yml").read_text())
    assert workflow["permissions"]["security-events"] == "write"


def test_pre_commit_error_line_is_sanitised(tmp_path, capsys):
    """pre-commit passes the repository's file names: one holding an escape sequence or a runner command
    is shown harmless in the one-line error, as the CLI's own errors are."""
    assert precommit_main([str(tmp_path / "nope\x1b[2J\x1b]0;pwned\x07\n::error::x.yaml")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "::error" not in err


def test_pre_commit_file_named_like_an_option_is_checked_as_a_config(tmp_path, monkeypatch, capsys):
    """pre-commit appends the staged file names after the hook's args with no `--`: a staged config in a directory
    named `--deploy=x` (or `--settings=x`) is a config to check, not an option that hides it (the old hook checked
    nothing and passed) or swaps the settings. An option's value (`--deploy deploy.yaml`) stays the option's."""
    monkeypatch.chdir(tmp_path)
    bad = "model_list:\n  - model_name: m\n    litellm_params: {model: opnai/gpt-4o}\n"
    write(tmp_path, bad, "--deploy=x/config.yaml")
    write(tmp_path, bad, "--settings=y/config.yaml")
    assert precommit_main(["--format", "json", "--no-color", "--deploy=x/config.yaml"]) == 1
    out = capsys.readouterr().out
    assert "--deploy=x/config.yaml" in out and "LD-CFG-011" in out
    assert precommit_main(["--format", "json", "--fail-on", "error", "--settings=y/config.yaml"]) == 1
    assert "--settings=y/config.yaml" in capsys.readouterr().out
    write(tmp_path, "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main-v1.103.0\n", "deploy.yaml")
    assert precommit_main(["--deploy", "deploy.yaml", "--no-color"]) == 0  # no file staged: nothing checked
    capsys.readouterr()
