"""A CI user's first hour (ninety-eighth pass): `check` and `diagnose` run as a preflight job runs them (no terminal,
NO_COLOR, every --format, the exit code is what fails the job). Each test failed before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORRECT = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "configs" / "correct").glob("*.yaml"))
BROKEN = "examples/configs/broken/typos-and-providers.yaml"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], capture_output=True, env=env, cwd=ROOT, timeout=120)


def test_several_configs_are_checked_in_one_run_each_under_its_own_header():
    # Before (ninety-eighth pass): `check configs/*.yaml` was one line giving a shell loop. Now (hundred-and-sixth
    # pass) every config is checked on its own, one report, the exit code the worst of theirs (tests/ux/test_check_many.py).
    proc = cli("check", *CORRECT, BROKEN)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and proc.stderr == b"", proc.stderr
    assert [line.split()[1] for line in out.splitlines() if line.startswith("── ")] == [*CORRECT, BROKEN]
    assert f"{BROKEN}:10: LD-CFG-011" in out
    assert out.rstrip().endswith(f"{len(CORRECT) + 1} configs checked: {len(CORRECT)} passed, 1 failed (findings at or above --fail-on)")
    assert cli("check", *CORRECT).returncode == 0
    # one config is read as before: no header, no summary
    single = cli("check", CORRECT[0])
    assert single.returncode == 0 and "── " not in single.stdout.decode() and "configs checked" not in single.stdout.decode()


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
