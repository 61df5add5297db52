"""(hundred-and-sixth pass) `watch FIFO` / `--log FIFO --follow` no longer wait forever for a writer, and every
SARIF result of `diagnose` has a location (GitHub code scanning refuses an upload with a result without one).
Real FIFOs, the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "examples/errors/cooldown_after_401.log"
SARIF_SCHEMA = json.loads((ROOT / "tests/schemas/sarif-schema-2.1.0.json").read_text())
ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src"), "LITELLM_DOCTOR_STDIN_TIMEOUT": "1"}
pipes = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], capture_output=True, text=True, env=ENV,
                          cwd=ROOT, timeout=timeout)


@pipes
@pytest.mark.parametrize("args", [("watch", "{p}"), ("diagnose", "--log", "{p}", "--follow")])
def test_a_pipe_nobody_writes_to_is_one_line_exit_2_after_the_wait(tmp_path, args):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    started = time.monotonic()
    proc = cli(*(a.format(p=fifo) for a in args), timeout=30)  # before: blocked in open() forever
    assert proc.returncode == 2 and time.monotonic() - started < 20
    assert proc.stderr.count("\n") == 1 and "nothing was written to this named pipe in 1 s" in proc.stderr, proc.stderr


@pipes
def test_a_pipe_written_to_is_followed_through_pauses_longer_than_the_wait_until_its_writer_closes(tmp_path):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    lines = LOG.read_bytes().splitlines(keepends=True)

    def writer():
        with open(fifo, "wb") as out:
            out.write(b"".join(lines[:3]))
            out.flush()
            time.sleep(2.5)  # longer than the 1 s wait for the first bytes: a live log's pause, not its end
            out.write(b"".join(lines[3:]))

    thread = threading.Thread(target=writer)
    thread.start()
    proc = cli("watch", str(fifo), "--format", "json", timeout=60)
    thread.join()
    data = json.loads(proc.stdout)
    assert int(data["facts"]["log_bytes"]) == LOG.stat().st_size and data["groups"], proc.stderr


def test_a_device_is_refused_not_followed():
    proc = cli("watch", "/dev/zero", timeout=30)  # before: read zeros forever
    assert proc.returncode == 2 and "not a file" in proc.stderr, proc.stderr


def _locations(proc: subprocess.CompletedProcess) -> list:
    log = json.loads(proc.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    results = log["runs"][0]["results"]
    assert results and all(r.get("locations") for r in results)  # GitHub refuses a result without one
    return [r["locations"][0]["physicalLocation"] for r in results]


def test_sarif_of_an_error_file_points_at_the_file_and_the_line_naming_the_exception(tmp_path):
    err = tmp_path / "ci-step.log"
    err.write_text("step 3 of the deploy\nretrying\n"
                   "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests\n")
    where = _locations(cli("diagnose", "--error-file", str(err), "--format", "sarif"))
    assert where[0]["artifactLocation"]["uri"] == f"file://{err}" and where[0]["region"] == {"startLine": 3}


def test_sarif_of_a_pasted_error_says_there_is_no_file_and_how_to_give_one():
    where = _locations(cli("diagnose", "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached",
                           "--format", "sarif"))
    artifact = where[0]["artifactLocation"]
    assert artifact["uri"] == "error-text" and "--error-file" in artifact["description"]["text"]
    assert "region" not in where[0]  # no line is claimed


def test_sarif_of_a_pasted_error_with_its_config_points_at_the_config():
    where = _locations(cli("diagnose", "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached",
                           "--config", "examples/config.yaml", "--format", "sarif"))
    assert where[0]["artifactLocation"] == {"uri": "examples/config.yaml", "uriBaseId": "%SRCROOT%"}
