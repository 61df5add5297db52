"""Run the real CLI as a subprocess and measure it: exit code, output, wall time and peak RSS.

Peak RSS comes from wait4(2) on the child itself (ru_maxrss of that process only), which is what
"memory stays under 300 MB" means for a user running the command.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    peak_rss_mb: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "LITELLM_DOCTOR_DEBUG")}
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def run_cli(
    args: list[str], *, timeout: float = 60, env: dict[str, str] | None = None, stdin: bytes | None = None,
    cwd: str | None = None,
) -> CliRun:
    """`python -m litellm_doctor *args`; killed (and reported as exit -9) after `timeout` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "litellm_doctor", *args], stdin=inp, stdout=out, stderr=err,
            env=cli_env(env), cwd=cwd, start_new_session=True,
        )
        status = rusage = None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        elapsed = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        return CliRun(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            elapsed=elapsed,
            peak_rss_mb=rusage.ru_maxrss / 1024,
        )
