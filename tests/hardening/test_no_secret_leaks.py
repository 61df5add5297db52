"""No planted secret survives any output of any command (issue 6, part 4).

Secrets of every common shape (tests/secrets_planted.py: OpenAI sk-/sk-proj-, Anthropic sk-ant-, Azure
32-hex, AWS access and secret keys, Google AIza, Bearer JWTs and opaque tokens, LiteLLM master and
virtual keys, `postgresql://user:pass@` URLs) are planted in a config, an error text, a log, a user
rule, the command line and the probe key, and a hostile upstream echoes them back in its error bodies
and headers. Every command runs as a subprocess in every format; stdout, stderr and any file written
are searched for each secret and for every 12-character piece of it (a secret cut in two by line
wrapping is a leak too). The --direct probe (litellm's own exception texts) is checked by
tests/hardening/test_hostile_servers.py, whose redirect target echoes the same secrets.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hardening_helpers import leaks, run_cli
from hostile_servers import HostileServer
from secrets_planted import PLANTED, texts_with_secrets

FORMATS = ["text", "json", "markdown", "sarif", "github", "junit"]
@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    p = PLANTED
    d = tmp_path_factory.mktemp("planted")
    rules = d / "rules"
    rules.mkdir()
    (rules / "LD-USER-001.yaml").write_text(
        f"""id: LD-USER-001
name: user-secret-rule
category: auth
title: "Key {p['openai']} refused"
why: "The key {p['anthropic']} and postgresql://u:{p['db_password']}@h/db and {p['aws_secret']}"
match:
  any: ['Incorrect API key provided']
steps: ["Replace {p['google']} with a new key; Authorization: Bearer {p['jwt']}"]
docs: [https://docs.litellm.ai/]
examples:
  - {{expect: match, text: "Incorrect API key provided: {p['openai_project']}"}}
""", encoding="utf-8")
    (d / "error.txt").write_text("\n".join(texts_with_secrets()), encoding="utf-8")
    (d / "proxy.log").write_text("".join(
        f"12:00:0{i % 10} - LiteLLM Proxy:ERROR: proxy_server.py:3500 - {t}\n" for i, t in enumerate(texts_with_secrets())
    ) + '{"message": "' + texts_with_secrets()[0] + '", "level": "ERROR"}\n', encoding="utf-8")
    return d


def _config(d: Path, api_base: str) -> Path:
    p = PLANTED
    path = d / "config.yaml"
    path.write_text(f"""# the old key was {p['openai_project']}
model_list:
  - model_name: gpt
    litellm_params: {{model: openai/gpt-4o, api_key: {p['openai']}, api_base: {api_base}}}
  - model_name: claude
    litellm_params: {{model: anthropic/claude-3-5-sonnet-20240620, api_key: {p['anthropic']}}}
  - model_name: azure-gpt
    litellm_params: {{model: azure/gpt4, api_base: https://x.openai.azure.com, api_key: {p['azure']}, api_version: "2024-02-01"}}
  - model_name: bedrock
    litellm_params: {{model: bedrock/anthropic.claude-v2, aws_access_key_id: {p['aws_access']}, aws_secret_access_key: {p['aws_secret']}, aws_region_name: us-east-1}}
  - model_name: gemini
    litellm_params: {{model: gemini/gemini-pro, api_key: {p['google']}}}
general_settings:
  master_key: {p['litellm_master']}
  database_url: postgresql://llm:{p['db_password']}@db:5432/litellm
environment_variables:
  SOME_TOKEN: {p['jwt']}
  OTHER_HEADER: "Authorization: Bearer {p['bearer_opaque']}"
""", encoding="utf-8")
    return path


def _runs(d: Path, cfg: Path, proxy: str) -> list[list[str]]:
    err, log, rules = str(d / "error.txt"), str(d / "proxy.log"), str(d / "rules")
    p = PLANTED
    runs = [["diagnose", "--error-file", err, "--verbose"]]  # everything the text format can show
    for fmt in FORMATS:
        f = ["--format", fmt]
        runs += [
            ["diagnose", "--error-file", err, *f],
            ["diagnose", "--log", log, *f],
            ["diagnose", "--error-file", err, "--config", str(cfg), "--rules-dir", rules, *f],
            ["check", str(cfg), *f],
            ["probe", "--proxy", proxy, "--config", str(cfg), "--deep", "--timeout", "5", *f],
            ["diagnose", "--error-file", err, "--config", str(cfg), "--proxy", proxy, "--deep", "--timeout", "5", *f],
        ]
    runs += [
        ["diagnose", texts_with_secrets()[0]],
        ["report", "--config", str(cfg), "--log", log, "--proxy", proxy, "--timeout", "5"],
        ["report", "--config", str(cfg), "--log", log, "--output", str(d / "out" / "report.md")],
        ["rules", "list", "--rules-dir", rules], ["rules", "list", "--rules-dir", rules, "--format", "json"],
        ["rules", "show", "LD-USER-001", "--rules-dir", rules], ["rules", "show", "LD-USER-001", "--rules-dir", rules, "--format", "json"],
        # error messages on stderr: values echoed by the option parser, paths, URLs
        ["diagnose", "--format", p["openai"], "x"], ["diagnose", "x", "--fail-on", p["azure"]],
        ["diagnose", "--error-file", f"/nonexistent/{p['anthropic']}"], ["check", f"/nonexistent/{p['google']}.yaml"],
        ["probe", "--proxy", f"ftp://{p['openai_project']}@host", "--timeout", "1"],
        ["probe", "--proxy", f"http://llm:{p['db_password']}@127.0.0.1:1", "--timeout", "2"],
        ["diagnose", "x", f"--{p['litellm_master']}"],
    ]
    return runs


def test_no_secret_survives_any_output_of_any_command(planted):
    with HostileServer("echo", echo=texts_with_secrets()) as echo:
        cfg = _config(planted, f"{echo.url}/v1")
        (planted / "out").mkdir(exist_ok=True)
        runs = _runs(planted, cfg, echo.url)
        env = {"LITELLM_API_KEY": PLANTED["litellm_virtual"]}
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda args: run_cli(args, env=env, timeout=60), runs))
    written = (planted / "out" / "report.md").read_text(encoding="utf-8")
    problems = []
    for args, result in zip(runs, results):
        if result.returncode not in (0, 1, 2):
            problems.append(f"exit {result.returncode}: {args}: {result.stderr[-300:]}")
        found = leaks(result.output + (written if "--output" in args else ""))
        if found:
            problems.append(f"{found} leaked by {' '.join(a[:30] for a in args)}")
    assert not problems, "\n".join(problems)
    # the outputs did carry the planted places (masked), so the search looked at real text
    assert "sk-proj-****" in written and any("****" in r.stdout for r in results[:6])


def test_the_probe_progress_display_is_masked():
    from litellm_doctor.model import ProbeResult
    from litellm_doctor.probe.progress import ProbeProgress

    shown = []

    class Progress:
        def update(self, task, advance=0, description="", total=None):
            shown.append(description)

    display = ProbeProgress(enabled=False)
    display._progress, display._task = Progress(), 0
    display.on_result(ProbeResult("proxy.key", f"http://h/v1/models ({PLANTED['openai']})", "fail", 1.0, "x"))
    assert shown and not leaks(shown[0])


# (session 24) `diagnose` of a paste without --config printed the environment's own secrets when the paste held them
# and they had no key shape: `check` registers the environment's secret-named values (secret_sources), the paste path
# did not. Short and word-like values stay printed (masking.MIN_KNOWN_LENGTH, `_a_word`).
_ENV_SECRETS = {"AZURE_API_KEY": "shortkey1", "OPENAI_API_KEY": "9f8e7d6c5b4a", "ANTHROPIC_API_KEY": "Zq8.ab_c1",
                "LITELLM_MASTER_KEY": "mymasterpass42"}


@pytest.mark.parametrize("how", ["argument", "stdin", "error-file", "log"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_paste_is_masked_by_the_environments_secret_values(tmp_path, how, fmt):
    text = ("litellm.AuthenticationError: AzureException - Access denied due to invalid subscription key. "
            "AZURE_API_KEY=shortkey1 api_version=2024-02-01 also 9f8e7d6c5b4a, Zq8.ab_c1 and mymasterpass42; "
            "SOME_TOKEN=true VERBOSE_PASSWORD=abc")
    env = {**_ENV_SECRETS, "SOME_TOKEN": "true", "VERBOSE_PASSWORD": "abc", "MY_DB_PASSWORD": "postgres"}
    path = tmp_path / "error.txt"
    path.write_text(text, encoding="utf-8")
    args, stdin = {"argument": (["diagnose", text], None), "stdin": (["diagnose", "-"], text.encode()),
                   "error-file": (["diagnose", "--error-file", str(path)], None),
                   "log": (["diagnose", "--log", str(path)], None)}[how]
    run = run_cli([*args, "--format", fmt, "--verbose"] if fmt == "text" else [*args, "--format", fmt], env=env, stdin=stdin)
    assert run.returncode in (0, 1), run.output
    for secret in _ENV_SECRETS.values():
        assert secret not in run.output, (secret, run.output[:2000])
    if fmt == "json" and how != "log":  # the paste is shown: what is no secret's value stays (too short, a word)
        assert "AzureException" in run.output and "2024-02-01" in run.output and "SOME_TOKEN=true" in run.output


def test_a_missing_files_message_is_masked_by_the_environments_secret_values():
    run = run_cli(["diagnose", "--error-file", "shortkey1.log"], env=_ENV_SECRETS)
    assert run.returncode == 2 and "shortkey1" not in run.output, run.output


@pytest.mark.parametrize("command", ["diagnose", "check"])
def test_an_environment_secret_that_is_not_utf8_is_registered_without_a_crash(tmp_path, command):
    # (masking.register percent-encodes a value: a lone surrogate, a non-UTF-8 byte of the environment, raised
    # UnicodeEncodeError, an internal error of `check`, and now of every command)
    config = tmp_path / "config.yaml"
    config.write_text("model_list: []\n", encoding="utf-8")
    args = ["check", str(config)] if command == "check" else ["diagnose", "litellm.RateLimitError: 429"]
    run = run_cli(args, env={"BAD_API_KEY": os.fsdecode(b"\xff\xfeabcdefgh")})
    assert run.returncode in (0, 1) and "internal error" not in run.output and "Traceback" not in run.output, run.output


def test_a_credentials_files_path_in_the_environment_is_not_masked():
    """GOOGLE_APPLICATION_CREDENTIALS names a file: its path is no secret (a config's `vertex_credentials: sa.json` is
    not masked either), and masked it hid the path the error names. An inline JSON value still is a secret."""
    text = "google.auth.exceptions.DefaultCredentialsError: File /srv/keys/vertex-sa-prod.json was not found."
    run = run_cli(["diagnose", text, "-f", "json"], env={"GOOGLE_APPLICATION_CREDENTIALS": "/srv/keys/vertex-sa-prod.json"})
    assert "/srv/keys/vertex-sa-prod.json" in run.stdout, run.output
    run = run_cli(["diagnose", "litellm.APIError: creds were Zq8vN3kP1wX7yR4tL9mB2cF6hJ0sD5gAxx", "-f", "json"],
                  env={"VERTEX_CREDENTIALS": '{"type": "service_account", "private_key": "Zq8vN3kP1wX7yR4tL9mB2cF6hJ0sD5gAxx"}'})
    assert "Zq8vN3kP1wX7yR4tL9mB2cF6hJ0sD5gAxx" not in run.output
