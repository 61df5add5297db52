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
