"""Hardening review 24 (session 24's harden24): each test failed before its fix."""

from __future__ import annotations

import os

import pytest

from hardening_helpers import run_cli

CONFIG = ("model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n"
          "      api_key: os.environ/OPENAI_API_KEY\n")
OUTSIDE = "auths:\n  registry.example.com:\n    auth: dXNlcjpwYXNzd29yZA==\nrunner_private_key_name: x\n"
NOT_CI = {"CI": "", "GITHUB_ACTIONS": "", "GITHUB_WORKSPACE": "", "CI_PROJECT_DIR": ""}
CI = {**NOT_CI, "CI": "true"}
ERROR = "litellm.AuthenticationError: OpenAIException - Incorrect API key provided"

# Every command that reads a config, with the config named `config.yaml` in the working directory.
COMMANDS = {
    "diagnose": ["diagnose", ERROR, "--config", "config.yaml"],
    "diagnose-log": ["diagnose", "--log", "proxy.log", "--config", "config.yaml"],
    "report": ["report", "--config", "config.yaml"],
    "probe": ["probe", "--proxy", "http://127.0.0.1:9", "--config", "config.yaml", "--timeout", "2"],
}


def _repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "secret.yaml").write_text(OUTSIDE)
    (repo / "proxy.log").write_text(f"12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:3500 - {ERROR}\n")
    return repo


def _refused(run) -> None:
    assert run.returncode == 2, run.output
    assert "runner_private_key_name" not in run.output and "auths" not in run.output and "dXNlcjpw" not in run.output
    assert "outside the workspace" in run.stderr and "Traceback" not in run.output, run.output
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_ci_refuses_a_config_linked_outside_the_workspace_in_every_command(tmp_path, command):
    """`check` refused, in CI, a config whose real path leaves the workspace (config/confine.py); `report --config`
    printed the linked file itself (its lines masked, its keys and values not), and `diagnose --config` and `probe
    --config` read it. Now every command that reads a config refuses it in CI: one line, exit 2."""
    repo = _repo(tmp_path)
    (repo / "config.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    _refused(run_cli(COMMANDS[command], cwd=str(repo), env=CI))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_ci_refuses_an_include_a_dotenv_or_a_settings_file_reaching_outside_in_every_command(tmp_path, command):
    repo = _repo(tmp_path)
    (repo / "config.yaml").write_text(CONFIG + "include:\n  - ../home/secret.yaml\n")
    _refused(run_cli(COMMANDS[command], cwd=str(repo), env=CI))
    (repo / "config.yaml").write_text(CONFIG)
    (tmp_path / "home" / "env").write_text("OPENAI_API_KEY=sk-not-for-you\nrunner_private_key_name=x\n")
    os.symlink(tmp_path / "home" / "env", repo / ".env")
    run = run_cli(COMMANDS[command], cwd=str(repo), env=CI)
    assert run.returncode == 2 and ".env" in run.stderr and "sk-not-for-you" not in run.output, run.output
    (repo / ".env").unlink()
    (repo / ".litellm-doctor.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    if command.startswith("diagnose"):
        return  # (diagnose reads no project settings)
    _refused(run_cli(COMMANDS[command], cwd=str(repo), env=CI))


@pytest.mark.parametrize("command", ["diagnose", "diagnose-log", "report"])
def test_interactive_runs_still_read_a_linked_config(tmp_path, command):
    repo = _repo(tmp_path)
    (tmp_path / "home" / "secret.yaml").write_text(CONFIG)
    (repo / "config.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    run = run_cli(COMMANDS[command], cwd=str(repo), env=NOT_CI)
    assert run.returncode in (0, 1), run.output
    # and in CI, a config the workflow names outside the workspace on the command line is read
    run = run_cli([a if a != "config.yaml" else str(tmp_path / "home" / "secret.yaml") for a in COMMANDS[command]],
                  cwd=str(repo), env=CI)
    assert run.returncode in (0, 1), run.output


def test_sarif_gives_no_help_link_that_is_not_a_web_page(tmp_path):
    """A user rule (a repository's --rules-dir, written by whoever opens the pull request) with `docs:
    ['javascript:alert(1)']` became the SARIF rule's `helpUri`, which code scanning shows as the rule's link. Only an
    http(s) URL is a help link; the docs stay in the text formats, as text."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "LD-USER-801.yaml").write_text(
        "id: LD-USER-801\nname: x\ncategory: auth\ntitle: t\nwhy: w\nmatch: {any: ['Incorrect API key']}\nsteps: [s]\n"
        "docs: ['javascript:alert(document.cookie)', 'https://docs.litellm.ai/']\n"
        "examples: [{expect: match, text: Incorrect API key}]\n")
    run = run_cli(["diagnose", "--rules-dir", str(rules), "Incorrect API key", "-f", "sarif"])
    assert run.returncode in (0, 1), run.output
    import json

    uris = [r.get("helpUri") for r in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]]
    assert "LD-USER-801" in run.stdout and not any(u and not u.startswith(("https://", "http://")) for u in uris), uris


def test_ci_refuses_an_env_file_linked_outside_the_workspace_for_diagnose(tmp_path):
    repo = _repo(tmp_path)
    (repo / "config.yaml").write_text(CONFIG)
    (tmp_path / "home" / "env").write_text("OPENAI_API_KEY=sk-not-for-you\n")
    os.symlink(tmp_path / "home" / "env", repo / "proxy.env")
    run = run_cli([*COMMANDS["diagnose"], "--env-file", "proxy.env"], cwd=str(repo), env=CI)
    assert run.returncode == 2 and "proxy.env (env file)" in run.stderr and "outside the workspace" in run.stderr, run.output
    run = run_cli([*COMMANDS["diagnose"], "--env-file", "proxy.env"], cwd=str(repo), env=NOT_CI)
    assert run.returncode in (0, 1), run.output


@pytest.mark.parametrize("placeholder", ["        ", "********", "--------"])
def test_a_secret_without_letters_or_digits_does_not_break_the_output(tmp_path, placeholder):
    """`api_key: "        "` in a config (or OPENAI_API_KEY set to spaces) was registered as a known secret: every
    run of 8 spaces in the output became `****`, and `--format sarif` / `json` were no longer JSON."""
    import json

    config = tmp_path / "config.yaml"
    config.write_text(f'model_list:\n  - model_name: a\n    litellm_params: {{model: openai/gpt-4o, api_key: "{placeholder}"}}\n')
    for args in (["check", str(config), "-f", "sarif"], ["diagnose", "litellm.RateLimitError: 429", "-f", "sarif"],
                 ["diagnose", "litellm.RateLimitError: 429", "-f", "json"]):
        run = run_cli(args, env={"OPENAI_API_KEY": placeholder})
        assert run.returncode in (0, 1), run.output
        json.loads(run.stdout)


def test_ci_refuses_a_user_rule_file_linked_outside_the_workspace(tmp_path):
    """`diagnose --rules-dir rules` in CI, a pull request's `rules/LD-USER-001.yaml -> ~/.docker/config.json`: the error
    named the linked file's first key (`auths: unknown field`). Refused as `check` refuses such a config."""
    repo = _repo(tmp_path)
    (repo / "rules").mkdir()
    (repo / "rules" / "LD-USER-001.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    for args in (["diagnose", "--rules-dir", "rules", ERROR], ["rules", "list", "--rules-dir", "rules"]):
        _refused(run_cli(args, cwd=str(repo), env=CI))
        run = run_cli(args, cwd=str(repo), env=NOT_CI)
        assert run.returncode == 2 and "auths" in run.stderr  # interactive: read (and refused as no rule)
