"""Siblings of the issue-15 attacks, found by trying new variants of each class (each broke before).

- Bounds: an alias bomb in a Kubernetes manifest next to the config (read to detect env names) hung
  `check`; in a settings file or a rule file it is now refused like in the config.
- Values: LITELLM_DOCTOR_STDIN_TIMEOUT=abc was an internal error; --interval / --client-timeout nan
  or inf were accepted.
- Untrusted text: a config line "```" closed the bug report's code block; CI runner commands
  (`::error::`, `##vso[`) in a config or log reached the report's output as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hardening_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "examples" / "config.yaml"
BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)])


def test_an_alias_bomb_in_a_manifest_next_to_the_config_does_not_hang_check(tmp_path):
    (tmp_path / "config.yaml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "deploy.yaml").write_text("kind: Deployment\n" + BOMB + "\nspec: *a8\n", encoding="utf-8")
    result = run_cli(["check", str(tmp_path / "config.yaml")], timeout=60)
    assert result.returncode in (0, 1) and result.elapsed < 10, (result.returncode, result.elapsed, result.stderr[-400:])


@pytest.mark.parametrize("where", ["settings", "rule"])
def test_an_alias_bomb_in_settings_or_a_rule_file_is_refused(tmp_path, where):
    if where == "settings":
        (tmp_path / "s.yaml").write_text(BOMB + "\nselect: *a8\n", encoding="utf-8")
        args = ["check", str(CONFIG), "--settings", str(tmp_path / "s.yaml")]
    else:
        (tmp_path / "LD-USER-001.yaml").write_text(BOMB.replace("a", "x_") + "\n", encoding="utf-8")
        args = ["rules", "list", "--rules-dir", str(tmp_path)]
    result = run_cli(args, timeout=60)
    assert result.returncode == 2 and "alias bomb" in result.stderr and result.elapsed < 10, result.stderr[-400:]


@pytest.mark.parametrize("args,env", [
    (["diagnose"], {"LITELLM_DOCTOR_STDIN_TIMEOUT": "abc"}),  # the error text on stdin
    (["check", str(CONFIG), "--client-timeout", "nan"], {}),
    (["check", str(CONFIG), "--client-timeout", "inf"], {}),
    (["diagnose", "--log", str(ROOT / "examples" / "errors" / "cooldown_after_401.log"), "--follow", "--interval", "inf"], {}),
    (["diagnose", "--log", str(ROOT / "examples" / "errors" / "cooldown_after_401.log"), "--follow", "--interval", "nan"], {}),
])
def test_seconds_from_options_and_environment_are_checked(args, env):
    result = run_cli(args, env=env, stdin=b"litellm.Timeout: x\n", timeout=30)
    assert result.returncode == 2 and "must be a number of seconds" in result.stderr, (result.returncode, result.stderr[-300:])


def test_the_bug_report_keeps_hostile_config_lines_inside_its_code_block(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("model_list:\n  - model_name: g\n    litellm_params: {model: openai/x}\n"
                      "x: |\n  ```\n  <img src=x onerror=alert(1)>\n  ::error::pwned\n  ##vso[task.setvariable variable=A]1\n",
                      encoding="utf-8")
    result = run_cli(["report", "--config", str(config)], timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "````yaml" in out  # a fence longer than the config's own ``` line
    assert "::error::" not in out and "##vso[" not in out


def test_over_long_paths_from_the_environment_and_settings_are_not_internal_errors(tmp_path):
    """Found by the long hypothesis run: CONFIG_FILE_PATH of 401 digits was exit 3 (pathlib's is_file
    raises ENAMETOOLONG); so was a settings file's `env-files` entry of 300 characters."""
    long_name = "n" * 300
    result = run_cli(["check"], env={"CONFIG_FILE_PATH": long_name}, cwd=str(tmp_path), timeout=30)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    settings = tmp_path / "s.yaml"
    settings.write_text(f"env-files: ['{long_name}']\n", encoding="utf-8")
    result = run_cli(["check", str(CONFIG), "--settings", str(settings)], timeout=30)
    # (review21: says why, as every other input does, instead of "env file not found")
    assert result.returncode == 2 and "cannot read the env file: the file name is too long" in result.stderr, result.stderr


@pytest.mark.parametrize("value", [".inf", ".nan", "5", "10000000000000000000", "-1", "[1]", "true"])
def test_a_model_that_is_a_number_in_the_config_is_not_an_internal_error_of_probe(tmp_path, value):
    """Found by a generated config x value sweep: `model: .inf` (or any number) made probe exit 3."""
    config = tmp_path / "config.yaml"
    config.write_text(f"model_list:\n  - model_name: g\n    litellm_params: {{model: {value}, api_base: 'http://127.0.0.1:9/v1'}}\n",
                      encoding="utf-8")
    result = run_cli(["probe", "--proxy", "http://127.0.0.1:9", "--config", str(config), "--timeout", "1", "--deep"], timeout=30)
    assert result.returncode in (1, 2) and "internal error" not in result.stderr, result.stderr[-300:]
