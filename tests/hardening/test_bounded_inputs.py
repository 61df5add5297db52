"""Every input path goes through the bounded reader (issue 15): devices, FIFOs, loops, huge files,
idle pipes and compressed bodies are refused or bounded with one line, never a hang or a MemoryError."""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import pytest

from hardening_helpers import run_cli
from litellm_doctor.boundedio import decompress, join_windows, read_windows

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "examples" / "config.yaml"


@pytest.fixture()
def fifo(tmp_path):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return str(path)


def _inputs(tmp_path: Path, bad: str) -> list[list[str]]:
    """Every command-line input path, each given `bad`."""
    include = tmp_path / "inc.yaml"
    include.write_text(f"include:\n  - {bad}\nmodel_list: []\n", encoding="utf-8")
    settings = tmp_path / "s"
    settings.mkdir(exist_ok=True)
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    link = rules / "LD-USER-001.yaml"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(bad)
    return [
        ["diagnose", "--error-file", bad],
        ["diagnose", "--log", bad],
        ["check", bad],
        ["check", str(include)],
        ["check", str(CONFIG), "--env-file", bad],
        ["check", str(CONFIG), "--settings", bad],
        ["diagnose", "x", "--rules-dir", str(rules)],
        ["diagnose", "x", "--config", bad],
        ["report", "--config", bad],
        ["report", "--log", bad],
        ["probe", "--proxy", "http://127.0.0.1:9", "--ca-bundle", bad, "--timeout", "2"],
    ]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_devices_and_fifos_are_refused_on_every_input_path(tmp_path, device, fifo):
    bad = fifo if device == "fifo" else device
    # A named pipe given as the error text or the log waits the idle timeout for a writer (tests/ux/test_blocking_inputs.py)
    env = {"LITELLM_DOCTOR_STDIN_TIMEOUT": "2"}
    for args in _inputs(tmp_path, bad):
        result = run_cli(args, timeout=30, env=env)
        assert result.returncode in (0, 1, 2), (args, result.returncode, result.stderr[-500:])
        assert result.elapsed < 20 and result.peak_rss_mb < 300, (args, result.elapsed, result.peak_rss_mb)
        assert "Traceback" not in result.output and "internal error" not in result.output, (args, result.stderr)


def test_symlink_loops_nul_bytes_and_long_names_are_one_line_errors(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for bad in (str(loop), "a" * 300 + ".yaml", str(tmp_path / ("b" * 300)), "/nonexistent/\u202e.yaml"):
        for args in _inputs(tmp_path, bad):
            result = run_cli(args, timeout=30)
            assert result.returncode in (0, 1, 2), (args, result.stderr[-500:])
            assert "Traceback" not in result.output and "internal error" not in result.output, (args, result.stderr)
    inc = tmp_path / "nul.yaml"
    inc.write_text('include: ["a\\0b.yaml"]\nmodel_list: []\n', encoding="utf-8")
    result = run_cli(["check", str(inc)])
    assert result.returncode == 2 and "NUL" in result.stderr or "cannot be read" in result.stderr, result.stderr


def test_a_huge_env_file_is_refused_not_read_whole(tmp_path):
    env = tmp_path / "big.env"
    with open(env, "wb") as fh:
        fh.truncate(3 * 1024**3)  # sparse: 3 GB that take no disk
    result = run_cli(["check", str(CONFIG), "--env-file", str(env)], timeout=60)
    assert result.returncode == 2 and "larger than" in result.stderr, result.stderr
    assert result.peak_rss_mb < 200


def test_an_idle_pipe_ends_the_read_at_the_timeout():
    import subprocess
    import sys
    import time

    # The writer sends an error, then keeps the pipe open for a minute without writing.
    writer = subprocess.Popen(["sh", "-c", "echo 'litellm.RateLimitError: RateLimitError: rate limit reached'; exec sleep 60"],
                              stdout=subprocess.PIPE)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "litellm_doctor", "diagnose", "-", "--format", "json"], stdin=writer.stdout,
            capture_output=True, timeout=30, env={**os.environ, "LITELLM_DOCTOR_STDIN_TIMEOUT": "1.5", "NO_COLOR": "1"},
        )
    finally:
        writer.kill()
        writer.wait()
    assert time.monotonic() - started < 20
    assert proc.returncode in (0, 1), proc.stderr
    assert b"quota_rate" in proc.stdout and b"sent nothing for 1.5 s" in proc.stdout


def test_a_cut_never_leaves_the_tail_of_a_key(tmp_path):
    key = "sk-proj-" + "Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nMq9wEr1tYu3i"
    filler = b"x " * (1024 * 1024)
    for offset in range(0, len(key), 7):
        data = filler[: 256 * 1024 - offset] + f" {key} ".encode() + filler
        path = tmp_path / "err.txt"
        path.write_bytes(b"litellm.AuthenticationError: bad key\n" + data + b"\nlitellm.Timeout: end\n")
        got, cut = read_windows(str(path))
        assert cut
        tail = key[-12:].encode()
        assert tail not in got, offset
        result = run_cli(["diagnose", "--error-file", str(path), "--format", "json"])
        assert key[-12:] not in result.output and key[8:20] not in result.output
    assert join_windows(b"abc def", b"ghi jkl") == b"abc \n...\n jkl"


def test_a_body_gzipped_twice_decodes_to_the_cap_not_to_gigabytes():
    inflater = zlib.compressobj(9, zlib.DEFLATED, 31)
    layer = b"".join(inflater.compress(b"\0" * (1 << 20)) for _ in range(1024)) + inflater.flush()  # 1 GiB of zeros
    body = gzip.compress(layer)
    assert len(body) < 10_000
    decoded, cut = decompress(body, "gzip, gzip", 1 << 20)
    assert cut and len(decoded) == 1 << 20
    plain, cut = decompress(gzip.compress(b'{"ok": true}'), "gzip", 1 << 20)
    assert plain == b'{"ok": true}' and not cut
    assert decompress(b"not gzip", "gzip", 100) == (b"not gzip", False)


def test_the_probe_reads_the_ca_bundle_bounded(tmp_path, fifo, monkeypatch):
    """The probe's TLS context and litellm's combined bundle read `--ca-bundle` through boundedio, not by path
    (review19: OpenSSL and a plain open() read a FIFO or a file of any size whole; the command line's check before
    them does not cover the library's callers, nor a file that changed between the two)."""
    from litellm_doctor import boundedio
    from litellm_doctor.errors import InputError
    from litellm_doctor.probe.engine import combined_ca_bundle
    from litellm_doctor.probe.net import ssl_context

    big = tmp_path / "big.pem"
    big.write_bytes(b"-----BEGIN CERTIFICATE-----\n" + b"A" * 4096 + b"\n-----END CERTIFICATE-----\n")
    monkeypatch.setitem(boundedio.CAPS, "CA bundle", 1024)
    for path in (str(big), fifo, "/dev/zero"):
        with pytest.raises(InputError):
            ssl_context(path)
        with pytest.raises(InputError):
            combined_ca_bundle(path)


def test_an_error_is_one_bounded_line_whatever_its_path_or_value(tmp_path):
    """A path holding a line break, a config value 100,000 digits long: the error is one line, of bounded length
    (review19: the path printed a spoofed second line; the int a 100 KB line)."""
    huge = tmp_path / "huge.yaml"
    huge.write_text("model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/x\n      rpm: " + "9" * 100_000 + "\n")
    for args in (["diagnose", "--error-file", str(tmp_path / "none\n✓ all checks passed")], ["check", str(huge)]):
        run = run_cli(args, timeout=60)
        assert run.returncode == 2, run.stderr
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("litellm-doctor: error: ") and len(lines[0]) <= 2100, lines


def test_a_symlink_loop_is_called_one_by_every_command(tmp_path):
    """review20 (the last review's leftover): `report --log`, `report --config` and `check` said "no such file" /
    "config file not found" of a symlink loop, where diagnose and watch said what it is; a missing file is still one."""
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for args in (["report", "--log", str(loop)], ["report", "--config", str(loop)], ["check", str(loop)],
                 ["diagnose", "--log", str(loop)]):
        result = run_cli(args, timeout=60)
        assert result.returncode == 2 and "symlink loop" in result.stderr and result.stderr.count("\n") == 1, (args, result.stderr)
    gone = tmp_path / "gone.yaml"
    for args in (["report", "--log", str(gone)], ["check", str(gone)]):
        result = run_cli(args, timeout=60)
        assert result.returncode == 2 and ("no such file" in result.stderr or "not found" in result.stderr), result.stderr
    result = run_cli(["report", "--log", str(tmp_path)], timeout=60)
    assert result.returncode == 2 and "not a file (a directory)" in result.stderr
