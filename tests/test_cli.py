"""The CLI as a user runs it: a real subprocess, real stdin/stdout, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from secrets_planted import PLANTED, texts_with_secrets

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src" / "litellm_doctor" / "schemas" / "report.schema.json").read_text()
)
RATE = (
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization "
    "org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 6s."
)


def run(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_COLOR": "", **(env or {})}
    full_env.pop("NO_COLOR") if not full_env.get("NO_COLOR") else None
    return subprocess.run(
        [sys.executable, "-m", "litellm_doctor", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=full_env,
        timeout=60,
    )


def assert_clean_usage_error(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err
    assert err.startswith("litellm-doctor: error:")


def test_argument_stdin_dash_pipe_and_file_agree(tmp_path):
    f = tmp_path / "err.txt"
    f.write_text(RATE)
    outs = [
        run("diagnose", RATE, "-f", "json"),
        run("diagnose", "-", "-f", "json", stdin=RATE.encode()),
        run("diagnose", "-f", "json", stdin=RATE.encode()),
        run("diagnose", "--error-file", str(f), "-f", "json"),
        run("diagnose", "--error-file", "-", "-f", "json", stdin=RATE.encode()),
    ]
    categories = {json.loads(p.stdout)["category"] for p in outs}
    assert categories == {"quota_rate"}
    assert all(p.returncode == 1 for p in outs)


def test_json_output_follows_the_schema():
    proc = run("diagnose", RATE, "--format", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["diagnosis"]["rule_id"].startswith("LD-RATE-")
    assert data["facts"]["status"] == 429  # typed: a number
    assert data["findings"][0]["steps"]


def test_unknown_text_is_unknown_and_exits_0():
    proc = run("diagnose", "the coffee machine is out of beans", "-f", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["category"] == "unknown" and data["diagnosis"] is None


def test_fail_on_never_exits_0():
    assert run("diagnose", RATE, "--fail-on", "never").returncode == 0


def test_markdown_is_issue_ready():
    out = run("diagnose", RATE, "--format", "markdown").stdout.decode()
    assert out.startswith("### litellm-doctor: quota_rate")
    assert "| fact | value |" in out and "\n1. " in out


def test_text_has_no_colour_when_piped_or_no_color():
    assert b"\x1b[" not in run("diagnose", RATE).stdout
    assert b"\x1b[" not in run("diagnose", RATE, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert b"\x1b[" in run("diagnose", RATE, env={"FORCE_COLOR": "1"}).stdout


@pytest.mark.parametrize(
    "args, stdin",
    [
        (("diagnose",), b""),
        (("diagnose", "   "), b""),
        (("diagnose", "-"), b"\x00\x01\x02\x03" * 5000),
        (("diagnose", "--error-file", "/nonexistent/file.txt"), b""),
        (("diagnose", "--error-file", "/"), b""),
        (("diagnose", "x", "--error-file", "/etc/hostname"), b""),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, stdin):
    assert_clean_usage_error(run(*args, stdin=stdin))


def test_bad_option_is_exit_2_without_traceback():
    proc = run("diagnose", RATE, "--format", "yaml")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


def test_huge_input_is_answered(tmp_path):
    big = tmp_path / "big.log"
    with big.open("w") as fh:
        fh.write(RATE + "\n")
        line = "12:00:00 - LiteLLM Proxy:INFO: proxy_server.py:1 - request ok\n"
        fh.write(line * (50 * 1024 * 1024 // len(line)))
    proc = run("diagnose", "--error-file", str(big), "-f", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["category"] == "quota_rate"
    assert data["notes"]


def test_long_single_line_is_answered():
    proc = run("diagnose", "-", "-f", "json", stdin=(("z" * 200_000) + " " + RATE).encode())
    assert json.loads(proc.stdout)["category"] == "quota_rate"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_no_planted_secret_survives_any_format(fmt):
    text = "\n".join(texts_with_secrets())
    proc = run("diagnose", "-", "-f", fmt, stdin=text.encode())
    out = proc.stdout.decode() + proc.stderr.decode()
    for secret in PLANTED.values():
        assert secret not in out


def test_secret_in_error_message_is_masked():
    proc = run("diagnose", "--error-file", f"/nonexistent/{PLANTED['openai']}")
    assert PLANTED["openai"] not in proc.stderr.decode()


def test_paste_prompt_on_a_terminal():
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "litellm_doctor", "diagnose", "-f", "json"],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    os.close(slave)
    os.write(master, RATE.encode() + b"\n\x04")
    out, err = proc.communicate(timeout=60)
    os.close(master)
    assert b"Paste the error text" in err
    assert json.loads(out)["category"] == "quota_rate"


def test_rules_list_and_show():
    listing = run("rules", "list").stdout.decode()
    assert "LD-RATE-001" in listing and "LD-CFG-040" in listing and "rules (" in listing
    shown = run("rules", "show", "upstream-rate-limited")
    assert shown.returncode == 0
    assert "How to fix" in shown.stdout.decode()
    data = json.loads(run("rules", "list", "--format", "json").stdout)
    assert {r["id"] for r in data} >= {"LD-RATE-001"}
    assert_clean_usage_error(run("rules", "show", "LD-NOPE-999"))
    assert_clean_usage_error(run("rules", "list", "--category", "weather"))


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("litellm-doctor ")
    help_text = run("diagnose", "--help").stdout.decode()
    assert "--error-file" in help_text and "Examples" in help_text


def test_offline_is_accepted_everywhere_and_blocks_the_network():
    assert run("diagnose", RATE, "--offline", "-f", "json").returncode == 1
    assert run("rules", "list", "--offline").returncode == 0
    assert run("rules", "show", "LD-RATE-001", "--offline").returncode == 0
    code = (
        "import socket, sys\n"
        "from litellm_doctor.offline import forbid_network, OfflineError\n"
        "forbid_network()\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OfflineError:\n    print('refused')\n"
        "try:\n    socket.socket().connect(('127.0.0.1', 9))\nexcept OfflineError:\n    print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60).stdout.decode()
    assert out.split() == ["refused", "refused"]


@pytest.mark.parametrize("rule_id, kind", [("LD-CFG-040", "config check"), ("LD-PROBE-002", "probe verdict"), ("LD-AUTH-001", "text rule")])
def test_rules_show_finds_every_kind_of_id_a_report_can_name(rule_id, kind):
    proc = run("rules", "show", rule_id, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["kind"] == kind


def test_diagnose_config_reads_the_proxys_env_file(tmp_path):
    env_file = tmp_path / "proxy.env"
    env_file.write_text("ANTHROPIC_API_KEY=sk-ant-not-a-real-key-0123456789\n")
    args = ("diagnose", "--config", "examples/config.yaml", "--error-file", "examples/errors/timeout_408.json", "-f", "json")
    env = {k: v for k, v in os.environ.items() if k != "ANTHROPIC_API_KEY"}

    def report(*extra):
        proc = subprocess.run([sys.executable, "-m", "litellm_doctor", *args, *extra], capture_output=True, env=env, timeout=60)
        return json.loads(proc.stdout)

    unset, with_env = report(), report("--env-file", str(env_file))
    def unset_warnings(report):
        return [f for f in report["findings"] if f["rule_id"] == "LD-CFG-040" and "ANTHROPIC_API_KEY" in f["message"]]
    assert unset_warnings(unset) and not unset_warnings(with_env)


def test_rules_dir_naming_the_builtin_library_adds_nothing():
    # A checkout's own rules/ passed as --rules-dir used to load every rule twice and exit 2 ("LD-AUTH-001 is
    # already used by" the same file); it is the built-in library, so it is read once.
    from litellm_doctor.diagnosis.rulebook import default_rules_dir

    same = run("diagnose", "--rules-dir", str(default_rules_dir()), "--format", "json", stdin=RATE.encode())
    plain = run("diagnose", "--format", "json", stdin=RATE.encode())
    assert same.returncode == plain.returncode == 1, same.stderr
    assert json.loads(same.stdout)["diagnosis"]["rule_id"] == json.loads(plain.stdout)["diagnosis"]["rule_id"]
