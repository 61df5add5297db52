"""Hardening review 21 (HOLDOUT_EVAL.md, "Hundred-and-twenty-second pass"): each test failed before its fix."""

from __future__ import annotations

import json
import re

from hardening_helpers import run_cli

CONFIG = ("model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n"
          "      api_key: os.environ/OPENAI_API_KEY\n")
COMMAND_NAME = "::error file=a::x.yaml"


def _no_runner_command_starts_a_line(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##vso[" not in line and "##[" not in line, line


def test_a_config_named_like_a_runner_command_keeps_its_name_in_json_and_sarif(tmp_path):
    """review20's leftover: `::error file=a::x.yaml` was written `: :error …` in JSON's `config` / `file` and in the
    SARIF URI (the value breaker runs on every value), so the location named no file. JSON never starts a line with a
    value and a SARIF URI percent-encodes `:`: both keep the name; text still breaks it (a wrap can start a line)."""
    (tmp_path / COMMAND_NAME).write_text(CONFIG)
    run = run_cli(["check", COMMAND_NAME, "-f", "json"], cwd=str(tmp_path))
    assert run.returncode == 0, run.output
    data = json.loads(run.stdout)
    assert data["facts"]["config"] == COMMAND_NAME
    assert {f["location"]["file"] for f in data["findings"] if f.get("location")} == {COMMAND_NAME}
    _no_runner_command_starts_a_line(run.stdout)

    run = run_cli(["check", COMMAND_NAME, "-f", "sarif"], cwd=str(tmp_path))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(run.stdout)["runs"][0]["results"] for loc in result["locations"]}
    assert uris == {"%3A%3Aerror%20file%3Da%3A%3Ax.yaml"}
    _no_runner_command_starts_a_line(run.stdout)

    (tmp_path / "b.yaml").write_text(CONFIG)
    run = run_cli(["check", COMMAND_NAME, "b.yaml", "-f", "json"], cwd=str(tmp_path))
    assert [c["path"] for c in json.loads(run.stdout)["configs"]] == [COMMAND_NAME, "b.yaml"]
    _no_runner_command_starts_a_line(run.stdout)

    run = run_cli(["check", COMMAND_NAME], cwd=str(tmp_path))
    assert "::error" not in run.stdout


def test_a_config_named_with_an_anywhere_command_stays_broken_in_json(tmp_path):
    """`##vso[…]` is read anywhere in a line (Azure Pipelines): a name holding it stays broken in every format."""
    name = "##vso[task.setvariable variable=x]y.yaml"
    (tmp_path / name).write_text(CONFIG)
    for fmt in ("json", "sarif", "text"):
        run = run_cli(["check", name, "-f", fmt], cwd=str(tmp_path))
        assert run.returncode == 0, run.output
        assert not re.search(r"##(vso|teamcity)?\[", run.stdout), fmt


def _commands(text: str) -> list[str]:
    return [span for span in re.findall(r"`([^`\n]+)`", text) if span.split()[0] in ("curl", "docker", "ollama", "kubectl")]


def _run_in_bash(command: str, tmp_path) -> list[str]:
    """`command` as a user's shell runs it when they paste it, with `curl`, `docker`, … printing their arguments."""
    import subprocess

    fake = "; ".join(f'{name}() {{ printf "%s\\n" "$@"; }}' for name in ("curl", "docker", "ollama", "kubectl"))
    done = subprocess.run(["bash", "-c", f"{fake}; {command}"], capture_output=True, text=True, cwd=tmp_path, timeout=10)
    return done.stdout.splitlines()


def test_a_command_offered_to_copy_quotes_the_values_it_quotes_from_the_error(tmp_path):
    """A step's command (`curl -sv {api_base}/models`, `ollama pull {model}`) took the value from the pasted error
    raw: an api_base of `http://evil.example/;touch${IFS}pwned;#` ran `touch pwned` in the shell of whoever copied
    the command. Values are quoted for where they stand (bare, in double or in single quotes)."""
    hostile = "http://evil.example/;touch${IFS}pwned;#/v1"
    text = f"litellm.APIConnectionError: OpenAIException - Connection error. api_base: {hostile}"
    run = run_cli(["diagnose", text, "-f", "json"])
    steps = [s for f in json.loads(run.stdout)["findings"] for s in f["steps"]]
    commands = [c for s in steps for c in _commands(s) if "evil" in c]
    assert commands, steps
    for command in commands:
        args = _run_in_bash(command, tmp_path)
        assert not (tmp_path / "pwned").exists(), command
        assert any(a.startswith("http://evil.example/;touch${IFS}pwned;#") for a in args), (command, args)


def test_fill_quotes_a_value_for_its_place_in_a_shell_command(tmp_path):
    from litellm_doctor.diagnosis.classify import fill

    value = "a'b\"c$(touch pwned);touch pwned3 d\\e!&x=1"
    for template in ("Run `curl -s {api_base}/models` now", "Run `curl -sv {api_base}`",
                     "Run `curl \"$PROXY/health?model={model_group}\" -H \"Authorization: Bearer $KEY\"`",
                     "Run `curl -s $X/v1 -d '{\"model\": \"{model_group}\"}'`", "Run `ollama pull {model}`"):
        filled = fill(template, {"api_base": "http://h.example/" + value, "model_group": value, "model": value})
        (command,) = _commands(filled)
        args = _run_in_bash(command, tmp_path)
        assert not list(tmp_path.iterdir()), (template, command)
        if " -d '" in template:  # (review25) inside the JSON body, the value is that JSON's string: read as JSON
            assert json.loads(args[args.index("-d") + 1])["model"] == value, (command, args)
            continue
        assert any(value in a for a in args), (template, command, args)


def test_an_invisible_character_in_a_name_is_shown(tmp_path):
    """A model group named `gpt\\u200b-4o` (a zero-width space, pasted from a chat or a wiki) printed as `gpt-4o`: the
    finding read "`gpt-4o` is not a model group (did you mean `gpt-4o`?)". Zero-width and other invisible characters
    are written as `<U+200B>` in every format; joiners (emoji, Persian, Indic scripts) are kept."""
    from litellm_doctor.formats.sanitize import name, terminal, value

    assert terminal("gpt\u200b-4o") == "gpt<U+200B>-4o"
    assert name("con\u200bfig.yaml") == "con\u200bfig.yaml"  # (a location in JSON / SARIF names the file as it is)
    assert value("a\u2060b\ufeffc\u00add\u180ee") == "a<U+2060>b<U+FEFF>c<U+00AD>d<U+180E>e"
    assert terminal("\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
    (tmp_path / "config.yaml").write_text(
        'model_list:\n  - model_name: "gpt\u200b-4o"\n    litellm_params:\n      model: openai/gpt-4o\n'
        '      api_key: os.environ/OPENAI_API_KEY\nrouter_settings:\n  fallbacks: [{"gpt-4o": ["gpt\u200b-4o"]}]\n',
        encoding="utf-8")
    for fmt in ("text", "json"):
        run = run_cli(["check", "config.yaml", "-f", fmt], cwd=str(tmp_path))
        assert "\u200b" not in run.stdout and "gpt<U+200B>-4o" in run.stdout, run.stdout


def test_a_fleet_name_the_resolver_cannot_encode_is_a_one_line_error():
    """`probe --fleet NAME:PORT` with a DNS label over 63 characters: the lookup thread died with a UnicodeError
    traceback on stderr (idna), then "has no address". Now one line: it cannot be resolved, and why; exit 2."""
    run = run_cli(["probe", "--fleet", "a" * 300 + ":4000", "--timeout", "5"])
    assert run.returncode == 2, run.output
    assert "Traceback" not in run.output and "Error" not in run.stderr.split("error:", 1)[0], run.stderr
    assert run.stderr.count("\n") == 1 and "cannot resolve" in run.stderr, run.stderr


def test_an_env_file_that_is_no_file_says_what_it_is(tmp_path):
    """`check --env-file X`: a FIFO, a directory or an unreadable file was "env file not found" (it is there); now
    what every other input says of it. A missing one is still "env file not found"."""
    import os

    (tmp_path / "config.yaml").write_text(CONFIG)
    os.mkfifo(tmp_path / "fifo.env")
    (tmp_path / "dir.env").mkdir()
    for name, says in (("fifo.env", "not a file (a named pipe (FIFO))"), ("dir.env", "not a file (a directory)"),
                       ("missing.env", "env file not found")):
        run = run_cli(["check", "config.yaml", "--env-file", name], cwd=str(tmp_path), timeout=30)
        assert run.returncode == 2 and says in run.stderr, (name, run.stderr)


def test_the_action_takes_a_file_its_glob_finds_for_a_config_not_an_option(tmp_path):
    """action.yml expanded `config: "*.yaml"` before the options: a file in the repository named
    `--settings=evil.yaml` was read as `--settings evil.yaml` (whose `ignore:` can hide every finding). The configs now
    follow `--`."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    step = next(s for s in yaml.safe_load((root / "action.yml").read_text())["runs"]["steps"] if s.get("id") == "check")
    (tmp_path / "config.yaml").write_text(CONFIG)
    (tmp_path / "--settings=evil.yaml").write_text("ignore: [LD-CFG-078, LD-CFG-040]\n")
    (tmp_path / "evil.yaml").write_text("ignore: [LD-CFG-078, LD-CFG-040]\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "litellm-doctor").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m litellm_doctor "$@"\n')
    (bin_dir / "litellm-doctor").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(root / "src"), "NO_COLOR": "1",
           "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "out"), "LD_CONFIG": "*.yaml",
           "LD_FAIL_ON": "never", "LD_ARGS": "", "LD_ANNOTATIONS": "true"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert "settings file not found" not in done.stderr, done.stderr
    assert "::notice file=config.yaml,line=2,title=LD-CFG-078" in done.stdout, done.stdout + done.stderr
    sarif = json.loads((tmp_path / "litellm-doctor.sarif").read_text())
    assert any(r["ruleId"] == "LD-CFG-078" for r in sarif["runs"][0]["results"])


def test_check_diff_breaks_the_runner_commands_of_the_config_lines_it_prints(tmp_path):
    """`check --diff` in a CI log printed a config's block-scalar line `::error file=README.md,line=1::…` (or
    `::add-mask::`, `::stop-commands::`) as a context line: the runner trims the leading space and runs it. Broken as
    in every other output (`: :error`); the text of a fix is otherwise as before."""
    (tmp_path / "config.yaml").write_text(
        "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n      max_token: 100\n"
        "    model_info:\n      description: |\n        ::error file=README.md,line=1::Spoofed\n        ##vso[task.complete]x\n")
    run = run_cli(["check", "config.yaml", "--diff"], cwd=str(tmp_path))
    assert "+      max_tokens: 100" in run.stdout, run.output
    _no_runner_command_starts_a_line(run.stdout)
    assert ": :error file=README.md" in run.stdout
