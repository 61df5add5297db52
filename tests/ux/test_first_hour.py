"""A new user's first hour (ninety-first pass): what such a user tries after the README, run as they run it
(a real subprocess, real exit codes). Each test failed before its fix."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "examples" / "config.yaml"
TIMEOUT_408 = ROOT / "examples" / "errors" / "timeout_408.json"


def cli(*args: str, stdin: bytes = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], input=stdin, capture_output=True,
                          env=env, cwd=cwd, timeout=60)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-400:], proc.stderr)
    err = proc.stderr.decode()
    assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("litellm-doctor: error:"), err
    assert proc.stdout == b""
    return err


def test_a_config_given_as_the_error_text_points_at_check():
    # Before: `--error-file config.yaml` answered "✗ quota_rate ... (last-resort match)" from the config's words,
    # exit 1: a false alarm about a file that is no error.
    for proc in (cli("diagnose", "--error-file", str(CONFIG)), cli("diagnose", "-", stdin=CONFIG.read_bytes()),
                 cli("diagnose", CONFIG.read_text())):
        err = one_line_error(proc)
        assert "is a LiteLLM config.yaml, not an error text" in err and "litellm-doctor check" in err
    # a file, by option or named as the argument: the `check` command to run is written out
    for args in (("--error-file", "examples/config.yaml"), ("examples/config.yaml",)):
        assert "`litellm-doctor check examples/config.yaml`" in one_line_error(cli("diagnose", *args))


def test_a_config_given_as_the_log_is_not_a_clean_log():
    # Before: `--log config.yaml` said "✓ no failures" (its indented lines passed for a traceback's), exit 0.
    err = one_line_error(cli("diagnose", "--log", str(CONFIG)))
    assert f"`litellm-doctor check {CONFIG}`" in err
    one_line_error(cli("diagnose", "--log", "-", stdin=CONFIG.read_bytes()))


def test_a_config_pasted_above_its_error_is_still_diagnosed():
    text = CONFIG.read_text() + "\nlitellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached\n"
    proc = cli("diagnose", "-f", "json", stdin=text.encode())
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["category"] == "quota_rate"


def test_an_argument_that_names_a_file_is_read_as_the_file():
    # Before: `diagnose examples/errors/timeout_408.json` estimated the *name* ("~ timeout? 0.35").
    by_name = cli("diagnose", "examples/errors/timeout_408.json", "-f", "json")
    by_option = cli("diagnose", "--error-file", "examples/errors/timeout_408.json", "-f", "json")
    assert by_name.returncode == by_option.returncode == 1
    named, opted = json.loads(by_name.stdout), json.loads(by_option.stdout)
    assert named["diagnosis"] == opted["diagnosis"] and named["diagnosis"]["rule_id"] == "LD-TIME-002"
    assert any("named by the argument" in note for note in named["notes"])
    # a directory (or a device) named so is one line, not a diagnosis of its name
    assert "is a directory" in one_line_error(cli("diagnose", "examples"))
    # an error text of one word is still an error text; one shaped like a file's name that is not there is no such file
    assert cli("diagnose", "ECONNREFUSED").returncode == 1 and cli("diagnose", "/v1/chat/completions").returncode in (0, 1)
    assert "no-such-file.txt: no such file" in one_line_error(cli("diagnose", "no-such-file.txt"))


def test_unknown_has_one_blank_line_before_next():
    out = cli("diagnose", "hello").stdout.decode()
    assert out.startswith("? unknown") and "\n\n\n" not in out, out


def test_watch_help_names_no_option_it_lacks():
    out = cli("watch", "--help").stdout.decode()
    assert "--log" not in out.replace("diagnose --log", ""), out


def test_ctrl_c_during_a_probe_says_interrupted_and_exits_130():
    # Before: typer turned Ctrl-C into a silent exit 130 on every command but a pasted error's.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:  # accepts and never answers
        server.settimeout(30)
        try:
            held.append(server.accept()[0])
            connected.set()
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    proc = subprocess.Popen([sys.executable, "-m", "litellm_doctor", "probe", "--proxy", f"http://127.0.0.1:{port}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert connected.wait(30), "the probe never connected"
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill() if proc.poll() is None else None
        server.close()
        for c in held:
            c.close()
    assert proc.returncode == 130, (out, err)
    assert err.decode().strip().splitlines()[-1] == "litellm-doctor: interrupted", err


def test_a_config_value_cannot_start_a_markdown_heading(tmp_path):
    # Before: `check --format markdown` (pasted into an issue or a PR comment) put a value's line breaks into its
    # `####` heading, so `routing_strategy: "x\n\n### ✓ all checks passed"` rendered a heading of its own.
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n  - model_name: g\n    litellm_params:\n      model: openai/gpt-4o\n"
        "      api_key: os.environ/OPENAI_API_KEY\n"
        'router_settings:\n  routing_strategy: "x\\n\\n### ✓ all checks passed\\n\\n- [x] reviewed"\n'
    )
    proc = cli("check", str(config), "--format", "markdown")
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert "all checks passed" in out
    assert not any(line.startswith(("### ✓", "- [x]")) for line in out.splitlines()), out


def test_a_near_miss_rule_name_or_id_gets_a_did_you_mean():
    # Before: `rules show upstream-rate-limit` (the help's name less its last letters) was only "no rule".
    assert "did you mean 'upstream-rate-limited'?" in one_line_error(cli("rules", "show", "upstream-rate-limit"))
    assert "did you mean 'LD-RATE-001'?" in one_line_error(cli("rules", "show", "LD-RATE-1"))
    assert "did you mean" not in one_line_error(cli("rules", "show", "LD-NOPE-1"))
    assert "did you mean 'plaintext-secret'?" in one_line_error(
        cli("check", str(CONFIG), "--ignore", "plaintext-secrets"))


def test_a_server_that_is_not_litellm_is_not_called_down(tmp_path):
    # Before: `probe --proxy` at another HTTP server (here python's http.server, a 404 for every path) said
    # "Nothing answers at the proxy address" and "Start the proxy" under a probe list showing `✓ proxy.http HTTP
    # 404`, and "No key was sent, and the proxy requires one" for a 404.
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
                               str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
        port = line.split(" port ")[1].split()[0]
        proc = cli("probe", "--proxy", f"http://127.0.0.1:{port}", "--timeout", "20")
    finally:
        server.terminate()
        server.wait(10)
    out = proc.stdout.decode()
    assert proc.returncode == 1, proc.stderr
    assert "Nothing answers" not in out and "Start the proxy" not in out and "requires one" not in out, out
    assert "but not as a LiteLLM proxy" in out and out.startswith("✗ 1 finding"), out
    assert "LD-PROBE-010" in out, out  # its own verdict: the steps are about the address, not the proxy's log


def test_the_check_command_for_a_config_is_quoted_for_the_shell(tmp_path):
    # (session 17) A config whose path holds a space got `litellm-doctor check /tmp/my dir/c.yaml`, which the shell
    # splits in two.
    spaced = tmp_path / "my dir" / "config.yaml"
    spaced.parent.mkdir()
    spaced.write_bytes(CONFIG.read_bytes())
    for args in (("--error-file", str(spaced)), ("--log", str(spaced))):
        assert f"`litellm-doctor check '{spaced}'`" in one_line_error(cli("diagnose", *args))


def test_a_one_line_error_pasted_indented_under_a_config_is_diagnosed():
    # (ninety-eighth pass) `litellm.Timeout: Connection timed out ...` indented under the config (as issues quote
    # it) was one of the config's `key: value` lines: "the input is a LiteLLM config.yaml", exit 2.
    text = CONFIG.read_text() + "\n  litellm.Timeout: Connection timed out after 600 seconds.\n"
    proc = cli("diagnose", "-f", "json", stdin=text.encode())
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["category"] == "timeout"
    one_line_error(cli("diagnose", "-", stdin=CONFIG.read_bytes()))  # the config alone is still refused


def test_a_document_given_as_the_error_says_first_that_it_is_no_error():
    # (ninety-eighth pass) `--error-file /etc/passwd`, `pip list | diagnose -`: the screen led with "? unknown  No rule
    # in the library matches this text." and "Next: give the whole traceback ...", the reason last as a note. Every
    # format now leads with the reason and what to paste instead, said once; JSON keeps its contract.
    document = "\n".join(f"{name:<20} {n}.{n % 7}.0" for n, name in enumerate(
        ["anyio", "certifi", "click", "httpx", "idna", "jinja2", "pydantic", "pyyaml", "rich", "typer", "urllib3", "zipp"]))
    document = "Package              Version\n-------------------- -------\n" + document + "\n"
    text = cli("diagnose", "-", stdin=document.encode())
    assert text.returncode == 0, text.stderr
    out = text.stdout.decode()
    assert out.startswith("? The text does not look like an error") and "unknown" not in out and "No rule" not in out, out
    assert "\nNext: paste the failed request's ERROR line or traceback" in out and "note:" not in out, out
    markdown = cli("diagnose", "-", "-f", "markdown", stdin=document.encode()).stdout.decode()
    assert markdown.startswith("### litellm-doctor: no failure to diagnose\n\nThe text does not look like an error"), markdown
    assert markdown.count("does not look like an error") == 1 and "No rule" not in markdown and "**Next:** paste" in markdown
    github = cli("diagnose", "-", "-f", "github", stdin=document.encode()).stdout.decode()
    assert github.startswith("::notice title=litellm-doctor::The text does not look like an error") and github.count("\n") == 1
    junit = cli("diagnose", "-", "-f", "junit", stdin=document.encode()).stdout.decode()
    assert "<system-out>The text does not look like an error" in junit and junit.count("does not look like an error") == 1
    data = json.loads(cli("diagnose", "-", "-f", "json", stdin=document.encode()).stdout)
    assert data["category"] == data["answer"] == "unknown" and data["diagnosis"] is None
    assert len(data["notes"]) == 1 and data["notes"][0].startswith("the text does not look like an error")
    # a text that is an error no rule knows is still "unknown", with its own next step
    assert cli("diagnose", "hello").stdout.decode().startswith("? unknown  No rule in the library matches this text.")
