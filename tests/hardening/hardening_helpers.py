"""Run the real CLI as a subprocess and measure it: exit code, output, wall time and peak RSS.

Peak RSS comes from wait4(2) on the CLI process (ru_maxrss of that process only), which is what
"memory stays under 300 MB" means for a user running the command. A small wrapper process starts
the CLI and measures it: on Linux a process forked straight from pytest (hundreds of MB once the
lab has imported litellm) inherits pytest's high-water mark through exec, so its own ru_maxrss would
be pytest's, not its own.
"""

from __future__ import annotations

import os
import re
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
        measured = tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False)
        measured.close()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, measured.name, sys.executable, "-m", "litellm_doctor", *args],
            stdin=inp, stdout=out, stderr=err, env=cli_env(env), cwd=cwd, start_new_session=True,
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
        try:
            with open(measured.name) as fh:
                kib, inner = fh.read().split()
            peak, elapsed = int(kib) / 1024, float(inner)
        except (OSError, ValueError):  # killed at the timeout: the wrapper wrote nothing
            peak = rusage.ru_maxrss / 1024
        finally:
            os.unlink(measured.name)
        out.seek(0)
        err.seek(0)
        return CliRun(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            elapsed=elapsed,
            peak_rss_mb=peak,
        )


# argv: result-file command...; runs the command, writes "<peak RSS KiB> <seconds>", exits with its code.
_WRAPPER = """
import os, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:])
_, status, ru = os.wait4(p.pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(f"{ru.ru_maxrss} {time.monotonic() - t0}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


# -- planted secrets: did one leak? ------------------------------------------------------------------
_KNOWN_PREFIX = re.compile(r"^(?:sk-(?:ant-api\d\d-|proj-)?|AKIA|AIza)")


def pieces(secret: str) -> set[str]:
    """The secret, and every 12-character piece of it after its well-known prefix (masking keeps the
    prefix and the last four characters on purpose: `sk-proj-****CdEf`). Pieces made only of
    lower-case letters and dashes (`-master-key-`) are words that legitimately occur in the output."""
    start = len(_KNOWN_PREFIX.match(secret).group(0)) if _KNOWN_PREFIX.match(secret) else 0
    rest = secret[start:]
    windows = {rest[i:i + 12] for i in range(max(1, len(rest) - 11))}
    return {secret} | {w for w in windows if not re.fullmatch(r"[a-z\-]+", w)}


def leaks(output: str) -> list[str]:
    """Names of the planted secrets (tests/secrets_planted.py) found in `output`, whole or in pieces."""
    from secrets_planted import PLANTED

    return [name for name, secret in PLANTED.items() if any(p in output for p in pieces(secret))]
