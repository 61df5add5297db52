"""Bad logs: binary, a giant single line, truncated JSON, mixed encodings. No traceback, bounded memory."""

from __future__ import annotations

import io
import subprocess
import sys
import tracemalloc

import pytest

from litellm_doctor.errors import InputError
from litellm_doctor.logs import triage_stream
from litellm_doctor.logs.reader import LogReader

from .conftest import FIXTURES, MANIFEST, failures_by_category

FAILURE = (FIXTURES / "proxy-default.log").read_bytes()


class _Endless(io.RawIOBase):
    """`size` bytes of one line (no newline) produced on the fly, then `tail`: nothing is held in memory."""

    def __init__(self, size: int, tail: bytes) -> None:
        self.left = size
        self.tail = tail

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.left > 0:
            k = min(n if n > 0 else 1 << 20, self.left)
            self.left -= k
            return b"x" * k
        out, self.tail = self.tail[: n if n > 0 else None], self.tail[n if n > 0 else len(self.tail):]
        return out


def test_over_long_line_is_cut_while_streaming_in_bounded_memory():
    # 64 MiB on one line: the reader keeps a 16 KiB head, skips the rest as it streams, and still finds
    # every failure after it. Memory stays a few chunks whatever the line's length (1 GB works alike).
    stream = _Endless(64 * 1024 * 1024, b"\n" + FAILURE)
    tracemalloc.start()
    report = triage_stream(stream)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 24 * 1024 * 1024, peak
    assert failures_by_category(report) == MANIFEST["proxy-default"]["failures_by_category"]
    assert any("longer than 256 KiB were cut" in n for n in report.notes)


def test_reader_buffers_never_exceed_chunk_plus_caps():
    reader = LogReader(_Endless(8 * 1024 * 1024, b"\n" + FAILURE), chunk_size=64 * 1024)
    biggest = 0
    for buf, _start, _end in reader._pieces():
        biggest = max(biggest, len(buf))
    assert biggest <= 64 * 1024 + 256 * 1024 + 16 * 1024 + 64 * 1024


def test_binary_log_is_refused_with_a_clear_message():
    with pytest.raises(InputError, match="binary"):
        triage_stream(io.BytesIO(bytes(range(256)) * 400))


def test_binary_chunk_inside_a_log_is_skipped():
    data = FAILURE + b"\x00" * 200_000 + FAILURE
    report = triage_stream(io.BytesIO(data))
    expected = {k: 2 * v for k, v in MANIFEST["proxy-default"]["failures_by_category"].items()}
    assert failures_by_category(report) == expected


def test_truncated_json_lines_are_read_as_far_as_possible():
    lines = (FIXTURES / "proxy-json.log").read_bytes().split(b"\n")
    cut = [line[: len(line) * 2 // 3] if line.startswith(b'{"message": "litellm.proxy') else line for line in lines]
    report = triage_stream(io.BytesIO(b"\n".join(cut)))
    assert any("truncated or malformed" in n for n in report.notes)
    expected = MANIFEST["proxy-json"]["failures_by_category"]
    assert sum(failures_by_category(report).values()) == sum(expected.values())


def test_mixed_encodings():
    latin1 = "03:00:00 - LiteLLM Proxy:ERROR: x.py:1 - Échec de connexion à l'hôte: Connection error.\n".encode("latin-1")
    data = FAILURE + latin1 + "03:00:01 - LiteLLM Proxy:ERROR: x.py:1 - 接続エラー Connection error.\n".encode("utf-8") + b"\xff\xfe\n"
    report = triage_stream(io.BytesIO(data))
    assert any("Latin-1" in n for n in report.notes)
    assert sum(failures_by_category(report).values()) == sum(MANIFEST["proxy-default"]["failures_by_category"].values()) + 2


@pytest.mark.parametrize(
    "content, message",
    [
        (bytes(range(256)) * 100, "binary"),
        (b"", "empty"),
    ],
)
def test_cli_bad_log_is_one_line_exit_2(tmp_path, content, message):
    log = tmp_path / "bad.log"
    log.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "diagnose", "--log", str(log)], capture_output=True, timeout=60)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_missing_log_and_directory(tmp_path):
    for target in (str(tmp_path / "nope.log"), str(tmp_path)):
        proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "diagnose", "--log", target], capture_output=True, timeout=60)
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr
