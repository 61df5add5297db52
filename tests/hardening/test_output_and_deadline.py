"""`report --output` writes only regular files or new paths, atomically, keeping the mode; --direct
sends no configured header across origins; a hung name lookup does not outlive the deadline."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


from hardening_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
CONFIG = str(ROOT / "examples" / "config.yaml")


def test_output_refuses_symlinks_devices_and_fifos(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (link, fifo, Path("/dev/null"), Path("/dev/stdout"), tmp_path):
        result = run_cli(["report", "--config", CONFIG, "--output", str(target)], timeout=30)
        assert result.returncode == 2 and "cannot write" in result.stderr, (target, result.stderr)
    assert real.read_text(encoding="utf-8") == "mine\n" and link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_keeps_the_mode_of_an_existing_file_and_writes_new_ones(tmp_path):
    existing = tmp_path / "report.md"
    existing.write_text("old\n", encoding="utf-8")
    existing.chmod(0o640)
    result = run_cli(["report", "--config", CONFIG, "--output", str(existing)])
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640 and "## litellm-doctor report" in existing.read_text(encoding="utf-8")
    new = tmp_path / "new.md"
    result = run_cli(["report", "--config", CONFIG, "--output", str(new)])
    assert result.returncode == 0 and new.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "report.md"]  # no temporary file left


def test_a_cross_origin_redirect_keeps_no_configured_header():
    import httpx

    from litellm_doctor.probe.redirects import strip_credentials

    headers = httpx.Headers({"x-tenant": "acme-private", "x-custom-auth": "s3cret", "OpenAI-Organization": "org-1",
                             "anthropic-version": "2023-06-01", "accept": "*/*", "user-agent": "u", "content-type": "application/json"})
    strip_credentials(headers)
    assert sorted(headers.keys()) == ["accept", "content-type", "user-agent"]


def test_a_hung_name_lookup_does_not_outlive_the_deadline(tmp_path):
    # sitecustomize makes every lookup of *.hang.test take 30 s, as a dead DNS server would.
    (tmp_path / "sitecustomize.py").write_text(
        "import socket, time\n_orig = socket.getaddrinfo\n"
        "def slow(host, *a, **k):\n"
        "    if isinstance(host, str) and host.endswith('.hang.test'):\n        time.sleep(30)\n"
        "    return _orig(host, *a, **k)\nsocket.getaddrinfo = slow\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    result = run_cli(["probe", "--proxy", "http://llm.hang.test:4000", "--timeout", "3", "--format", "json"], env=env, timeout=40)
    assert result.returncode in (0, 1), result.stderr
    assert result.elapsed < 12, result.elapsed  # 3 s deadline + start-up, not the 30 s lookup
    assert "deadline" in result.stdout
