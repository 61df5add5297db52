"""Files that block (ninety-eighth pass): `diagnose FILE`, `--error-file` and `--log` on a named pipe, a
terminal, a device or /proc/kmsg never hang. A pipe someone writes to is a way to pipe (`<(kubectl logs …)`,
/dev/stdin on a pipe) and is read as stdin is; one nobody writes to is refused after the idle timeout; a
device or a terminal is refused at once; a file of size 0 that waits for data (/proc/kmsg) after a second.
Real FIFOs, a real pseudo-terminal and real devices. The pipe, terminal and /proc/kmsg tests failed before
(every FIFO refused, a terminal's ENXIO or "is a device", a hang on /proc/kmsg); the device ones guard what held."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ERRORS = ROOT / "examples" / "errors"
RATE = (ERRORS / "rate_limit_tpm.txt").read_bytes()
LOG = ROOT / "tests" / "fixtures" / "logs" / "proxy-info-faults.log"  # a whole log (read as one by --error-file too)


def run(*args: str, stdin=subprocess.DEVNULL, env: dict[str, str] | None = None, timeout: float = 30):
    full = {**{k: v for k, v in os.environ.items() if k != "LITELLM_DOCTOR_STDIN_TIMEOUT"}, "NO_COLOR": "1", **(env or {})}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", *args], stdin=stdin, capture_output=True, env=full,
                          cwd=ROOT, timeout=timeout)
    return proc, time.monotonic() - started


def one_line(proc) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b"", (proc.returncode, proc.stdout[-300:], err)
    assert err.count("\n") == 1 and err.startswith("litellm-doctor: error:") and "Traceback" not in err, err
    return err


def write_later(path: Path, data: bytes, delay: float = 0.3) -> threading.Thread:
    def writer() -> None:
        time.sleep(delay)
        with open(path, "wb") as fh:  # blocks until the doctor has the pipe open for reading
            fh.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("how", [("--error-file",), ()])
def test_a_named_pipe_someone_writes_to_is_diagnosed(tmp_path, how):
    fifo = tmp_path / "err.fifo"
    os.mkfifo(fifo)
    writer = write_later(fifo, RATE)
    proc, _ = run("diagnose", *how, str(fifo), "-f", "json")
    writer.join(5)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["category"] == "quota_rate"


def test_a_log_through_a_named_pipe_is_triaged_as_the_file_is(tmp_path):
    fifo = tmp_path / "proxy.fifo"
    os.mkfifo(fifo)
    for option in ("--log", "--error-file"):  # a whole log given as the error text is triaged too
        by_file, _ = run("diagnose", option, str(LOG), "-f", "json")
        writer = write_later(fifo, LOG.read_bytes())
        proc, _ = run("diagnose", option, str(fifo), "-f", "json")
        writer.join(5)
        assert proc.returncode == by_file.returncode, proc.stderr
        piped, filed = json.loads(proc.stdout), json.loads(by_file.stdout)
        assert piped["diagnosis"]["rule_id"] == filed["diagnosis"]["rule_id"]
        assert piped["facts"]["log_failures"] == filed["facts"]["log_failures"] and piped["facts"]["log_file"] == str(fifo)


def test_dev_stdin_on_a_pipe_is_read_as_stdin(tmp_path):
    # `cat err | litellm-doctor diagnose --error-file /dev/stdin` (tools that want a path): /dev/stdin is the pipe.
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "diagnose", "--error-file", "/dev/stdin", "-f", "json"],
                          input=RATE, capture_output=True, cwd=ROOT, timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["category"] == "quota_rate"


@pytest.mark.parametrize("how", [("--error-file",), ("--log",), ()])
def test_a_named_pipe_nobody_writes_to_ends_after_the_idle_timeout(tmp_path, how):
    fifo = tmp_path / "idle.fifo"
    os.mkfifo(fifo)
    proc, elapsed = run("diagnose", *how, str(fifo), env={"LITELLM_DOCTOR_STDIN_TIMEOUT": "1"})
    err = one_line(proc)
    assert "nothing was written to this named pipe in 1 s" in err and "LITELLM_DOCTOR_STDIN_TIMEOUT" in err
    assert elapsed < 15


@pytest.mark.parametrize("how", [("--error-file",), ("--log",), ()])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_at_once(device, how):
    proc, elapsed = run("diagnose", *how, device)
    assert "is a device, not a file" in one_line(proc) and elapsed < 15


@pytest.mark.parametrize("how", [("--error-file",), ("--log",), ()])
def test_a_terminal_is_refused_with_what_to_do_instead(how):
    leader, follower = pty.openpty()
    try:
        for path in (os.ttyname(follower), "/dev/stdin"):  # a terminal by its name, and stdin when it is one
            proc, elapsed = run("diagnose", *how, path, stdin=follower)
            err = one_line(proc)
            assert f"{path}: is a terminal, not a file" in err and elapsed < 15
            assert ("| litellm-doctor diagnose --log -`" if how == ("--log",) else "run `litellm-doctor diagnose` with no text and paste it") in err
    finally:
        os.close(leader)
        os.close(follower)


def test_a_file_of_size_zero_that_waits_for_data_is_refused():
    # /proc/kmsg as root: a "regular file" of size 0 whose read waits for the kernel's next message (a hang before).
    if not os.access("/proc/kmsg", os.R_OK):
        pytest.skip("/proc/kmsg is not readable here (not root)")
    fd = os.open("/proc/kmsg", os.O_RDONLY | os.O_NONBLOCK)
    try:
        waiting = not select.select([fd], [], [], 0)[0]
    finally:
        os.close(fd)
    if not waiting:
        pytest.skip("/proc/kmsg has messages waiting: reading them would take them from the system's log")
    for how in (("--error-file",), ("--log",), ()):
        proc, elapsed = run("diagnose", *how, "/proc/kmsg")
        assert "has nothing to read and waits for data" in one_line(proc) and elapsed < 15


def test_a_file_of_size_zero_with_content_is_still_read():
    # /proc/self/environ reports size 0 yet has content: read (bounded), never refused as empty.
    proc, _ = run("diagnose", "--error-file", "/proc/self/environ", "-f", "json", env={"LD_TEST_ERROR": "litellm.Timeout: x"})
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["category"]
