"""`litellm-doctor diagnose --log` as a user runs it (subprocess), and secrets planted in a log."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from secrets_planted import PLANTED, texts_with_secrets

from .conftest import FIXTURES, MANIFEST


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], input=stdin, capture_output=True, timeout=120, env=env)


def _counts(data: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for g in data["groups"]:
        if g["kind"] in ("request", "log", "http"):
            out[g["category"]] = out.get(g["category"], 0) + g["count"]
    return out


def test_log_file_json():
    proc = run("diagnose", "--log", str(FIXTURES / "proxy-default.log"), "-f", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert _counts(data) == MANIFEST["proxy-default"]["failures_by_category"]
    assert data["category"] != "unknown" and data["diagnosis"]["symptom"] is False


def test_log_stdin_dash_and_text_and_markdown():
    raw = (FIXTURES / "proxy-json.log").read_bytes()
    text = run("diagnose", "--log", "-", stdin=raw)
    assert text.returncode == 1 and text.stdout.decode().startswith("✗ 14 failures in 8 groups") and "G1" in text.stdout.decode()
    md = run("diagnose", "--log", "-", "-f", "markdown", stdin=raw)
    assert "#### Log: failure groups" in md.stdout.decode()
    assert not text.stderr  # no progress bar off a terminal


def test_big_log_piped_without_log_option_is_triaged():
    raw = (FIXTURES / "proxy-default.log").read_bytes() * 15  # > 1 MiB
    proc = run("diagnose", "-f", "json", stdin=raw)
    data = json.loads(proc.stdout)
    assert _counts(data) == {k: 15 * v for k, v in MANIFEST["proxy-default"]["failures_by_category"].items()}


def test_small_pipe_that_is_a_log_is_triaged_too():
    """Any size: a log's shape (20 lines or more led by a time, a level, a prefix) decides, not 1 MiB."""
    proc = run("diagnose", "-f", "json", stdin=(FIXTURES / "proxy-info-fallbacks.log").read_bytes())
    data = json.loads(proc.stdout)
    assert _counts(data) == MANIFEST["proxy-info-fallbacks"]["failures_by_category"]
    assert data["notes"][-1] == "read as a log (401 lines); --log FILE does the same for a file"


def test_a_few_log_lines_on_a_pipe_are_still_a_pasted_error():
    lines = (FIXTURES / "proxy-default.log").read_bytes().splitlines(keepends=True)
    record = next(i for i, line in enumerate(lines) if b"Exception occured" in line)
    proc = run("diagnose", "-f", "json", stdin=b"".join(lines[record: record + 15]))
    data = json.loads(proc.stdout)
    assert data["groups"] == [] and data["diagnosis"] is not None


def test_log_and_text_together_is_usage_error():
    proc = run("diagnose", "some text", "--log", str(FIXTURES / "proxy-json.log"))
    assert proc.returncode == 2 and b"not both" in proc.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_no_planted_secret_survives_a_log(tmp_path, fmt):
    lines = [f"03:00:{i:02d} - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - "
             f"litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - litellm_call_id=x - {t}"
             for i, t in enumerate(texts_with_secrets())]
    lines += [f'{{"message": "Exception occured - {t}", "level": "ERROR", "timestamp": "2026-01-01T00:00:00"}}'
              for t in texts_with_secrets() if '"' not in t]
    log = tmp_path / "secrets.log"
    log.write_text("\n".join(lines) + "\n")
    proc = run("diagnose", "--log", str(log), "-f", fmt)
    out = proc.stdout.decode() + proc.stderr.decode()
    assert "G1" in out
    for name, secret in PLANTED.items():
        assert secret not in out, name
