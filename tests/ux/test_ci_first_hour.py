"""A CI user's first hour (ninety-eighth pass): `check` and `diagnose` run as a preflight job runs them (no terminal,
NO_COLOR, every --format, the exit code is what fails the job). Each test failed before its fix."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORRECT = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "configs" / "correct").glob("*.yaml"))
BROKEN = "examples/configs/broken/typos-and-providers.yaml"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], capture_output=True, env=env, cwd=ROOT, timeout=120)


def test_several_configs_to_check_are_one_line_with_the_loop_that_checks_each(tmp_path):
    # Before: `check configs/*.yaml` was click's "Got unexpected extra argument(s) (…)", no way forward.
    proc = cli("check", *CORRECT, BROKEN)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b"" and err.count("\n") == 1, err
    assert f"check reads one config a run and {len(CORRECT) + 1} were given" in err, err
    loop = err.split("`")[1]
    assert loop.startswith("for f in ") and BROKEN in loop
    # The loop runs as printed (with `litellm-doctor` being this tree's) and fails the job: one config is broken.
    shim = tmp_path / "litellm-doctor"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m litellm_doctor "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    ran = subprocess.run(["sh", "-c", loop], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert ran.returncode == 1 and BROKEN.encode() in ran.stdout, ran.stderr[-500:]
    ok = subprocess.run(["sh", "-c", cli("check", *CORRECT).stderr.decode().split("`")[1]], cwd=ROOT, env=env,
                        capture_output=True, timeout=300)
    assert ok.returncode == 0, ok.stdout[-800:]
    # one config is read as before
    assert cli("check", CORRECT[0]).returncode == 0


def test_a_missing_file_named_as_the_argument_is_no_such_file():
    # Before: `diagnose build/proxy-error.log` (a CI step whose log was never written) estimated the name's words:
    # "~ other? 0.35", exit 1; `./errors/timeout.json` "~ timeout?". A file's name by its shape (a text file's
    # extension, ./ ../ ~/) that is not there is now one line, exit 2.
    for name in ("build/proxy-error.log", "./errors/timeout.json", "proxy.log", "~/litellm/config.yaml", "out.JSONL"):
        proc = cli("diagnose", name)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and proc.stdout == b"" and err.count("\n") == 1, (name, err)
        assert err.startswith(f"litellm-doctor: error: {name}: no such file") and "| litellm-doctor diagnose -`" in err
    # No-match: one-word error texts and API paths are still diagnosed as text; an existing file is read.
    for text in ("ECONNREFUSED", "litellm.Timeout", "/v1/chat/completions", "gpt-4o.mini"):
        assert cli("diagnose", text).returncode in (0, 1), text
    assert cli("diagnose", "examples/errors/timeout_408.json").returncode == 1
    # The printed way to diagnose the name as text works.
    piped = subprocess.run([sys.executable, "-m", "litellm_doctor", "diagnose", "-"], input=b"proxy.log\n", capture_output=True,
                           cwd=ROOT, timeout=60)
    assert piped.returncode in (0, 1), piped.stderr
