"""--since/--until (window.py) and the live view (watch.py, `litellm-doctor watch`)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from litellm_doctor.errors import InputError
from litellm_doctor.logs import triage_log, triage_stream
from litellm_doctor.logs.watch import KEEP_BUCKETS, Watch, run_watch
from litellm_doctor.logs.window import TimeWindow, parse_bound

from .conftest import FIXTURES, MANIFEST, failures_by_category

ROOT = Path(__file__).resolve().parents[2]


def test_bounds_iso_clock_and_relative():
    now = datetime(2026, 12, 5, 4, 0, 0, tzinfo=timezone.utc)
    assert parse_bound("30m", now=now).when == datetime(2026, 12, 5, 3, 30)
    assert parse_bound("2h", now=now).seconds == 2 * 3600
    assert parse_bound("03:15", now=now).when is None and parse_bound("03:15").seconds == 3 * 3600 + 15 * 60
    assert parse_bound("2026-12-05T05:00:00+02:00").when == datetime(2026, 12, 5, 3, 0)
    assert parse_bound("2026-12-05 03:00Z").when == datetime(2026, 12, 5, 3, 0)
    with pytest.raises(InputError, match="not a time"):
        parse_bound("yesterday-ish")


def test_window_keeps_whole_records_by_inheritance():
    text = (
        "03:00:00 - LiteLLM Proxy:ERROR: x.py:1 - litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - "
        "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-*****1111.\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "litellm.exceptions.AuthenticationError: litellm.AuthenticationError: boom\n"
        'INFO:     127.0.0.1:1 - "POST /chat/completions HTTP/1.1" 401 Unauthorized\n'
        "03:10:00 - LiteLLM Proxy:ERROR: x.py:1 - litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - "
        "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "litellm.exceptions.RateLimitError: litellm.RateLimitError: boom\n"
        'INFO:     127.0.0.1:2 - "POST /chat/completions HTTP/1.1" 429 Too Many Requests\n'
    )
    window = TimeWindow.parse("03:05", None)
    report = triage_stream(io.BytesIO(text.encode()), window=window)
    assert failures_by_category(report) == {"quota_rate": 1}
    (g,) = report.groups
    assert g.statuses == (("429", 1),)  # the untimed access line went with its record
    assert any("outside the --since/--until window" in n for n in report.notes)
    report = triage_stream(io.BytesIO(text.encode()), window=TimeWindow.parse(None, "03:05"))
    assert failures_by_category(report) == {"auth": 1}


def test_window_on_the_real_json_log_and_a_shipped_log():
    whole = triage_log(str(FIXTURES / "proxy-json.log"))
    none = triage_log(str(FIXTURES / "proxy-json.log"), since="2099-01-01T00:00")
    everything = triage_log(str(FIXTURES / "proxy-json.log"), since="2000-01-01T00:00", until="2099-01-01")
    assert none.groups == ()
    assert failures_by_category(everything) == failures_by_category(whole) == MANIFEST["proxy-json"]["failures_by_category"]


def test_watch_counts_like_the_batch_triage_and_shows_cooldowns():
    data = (FIXTURES / "proxy-default.log").read_bytes()
    out = io.StringIO()
    report = run_watch(io.BytesIO(data), tty=False, interval=3600, out=out)
    assert failures_by_category(report) == MANIFEST["proxy-default"]["failures_by_category"]
    watch = Watch(io.BytesIO(data))
    watch.feed()
    text = watch.plain()
    assert "27 failure(s) in 15 signature(s)" in text
    assert "in cooldown: cooldown-401" in text and "The provider refused the API key" in text
    rows = watch.rows()
    assert rows and all(r.total >= 1 for r in rows) and sum(r.total for r in rows) == 27


def test_watch_counts_a_failed_request_once_with_the_routers_line_about_its_call():
    # (ninety-first pass) The README's example log has the Router's INFO line about the failed call and the proxy's
    # ERROR about the request, one failure: the live view said "3 failure(s)" and `auth ×2`, the final summary (and
    # `diagnose --log`) 2 and 1.
    data = (ROOT / "examples" / "errors" / "cooldown_after_401.log").read_bytes()
    batch = triage_stream(io.BytesIO(data))
    watch = Watch(io.BytesIO(data))
    watch.feed()
    assert "2 failure(s) in 2 signature(s)" in watch.headline()
    assert sorted((r.category, r.total) for r in watch.rows()) == sorted(
        (g.category, g.count) for g in batch.groups) == [("auth", 1), ("routing", 1)]
    assert "claude-sonnet: 1 request(s) refused in 5 min" in watch.plain()


def test_watch_memory_is_bounded_per_signature():
    clock = [0.0]
    watch = Watch(io.BytesIO(b""), clock=lambda: clock[0])
    line = ("03:00:00 - LiteLLM Proxy:ERROR: x.py:1 - litellm.proxy.proxy_server._handle_llm_api_exception(): "
            "Exception occured - litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached\n").encode()
    for step in range(500):
        clock[0] = step * 7.0
        watch.reader = watch.reader.__class__(io.BytesIO(line))
        watch.feed()
    (tally,) = watch.tally.values()
    assert tally.total == 500 and len(tally.buckets) <= KEEP_BUCKETS
    assert tally.within(clock[0], 60) <= 10


def _cli(*args: str, stdin: bytes = b"", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], input=stdin, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", **(env or {})}, timeout=120)


def test_cli_watch_reads_stdin_to_eof_and_prints_the_summary():
    data = (FIXTURES / "proxy-default.log").read_bytes()
    proc = _cli("watch", "--interval", "3600", stdin=data)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().startswith("✗ 27 failures in 15 groups") and not proc.stderr.strip()
    # The summary is `diagnose --log`'s report, the same first screen
    assert proc.stdout == _cli("diagnose", "--log", "-", stdin=data).stdout
    proc = _cli("diagnose", "--log", "-", "--follow", "--format", "json", "--fail-on", "never", stdin=data)
    assert proc.returncode == 0 and b'"log_failures": "27"' in proc.stdout


def test_cli_bad_window_and_follow_without_log_are_one_line_errors():
    proc = _cli("diagnose", "--log", str(FIXTURES / "proxy-default.log"), "--since", "not-a-time")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1 and "not a time" in proc.stderr.decode()
    proc = _cli("diagnose", "--follow")
    assert proc.returncode == 2 and "--log" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()


def test_cli_since_until_cut_the_log():
    proc = _cli("diagnose", "--log", str(FIXTURES / "proxy-default.log"), "--since", "03:57:55", "--until", "03:57:55",
                "--format", "json", "--fail-on", "never")
    assert proc.returncode == 0
    assert b'"log_failures": "7"' in proc.stdout


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (("watch",), b"", "stdin is empty"),
        (("watch",), bytes(range(256)) * 400, "binary data"),
        # the same words as `diagnose --log` (both open it through boundedio now; before: "cannot read (No such …)")
        (("watch", "/nonexistent/proxy.log"), b"", "/nonexistent/proxy.log: no such file"),
        (("diagnose", "--log", str(ROOT), "--follow"), b"", "is a directory"),
    ],
)
def test_cli_watch_bad_input_is_one_line_and_exit_2(args, stdin, message):
    proc = _cli(*args, stdin=stdin)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_live_view_shows_a_logs_text_as_text_not_markup_nor_escapes():
    """review20: the live view read a log's text as Rich markup (`[link=http://…]click[/link]` was a live hyperlink of
    the terminal, `[bold red]` a style) and let its escape sequences through (an OSC set the window's title); the
    periodic summary off a terminal (a CI job's log) printed them too, and a bidi override."""
    from rich.console import Console

    from litellm_doctor.logs.watch import Watch

    line = ("12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:100 - weird failure \x1b]0;PWNED\x07 "
            "[link=http://evil.example]click[/link] [bold red]RED[/] \x1b[2J\r\u202eevil api_key=\u200bplainvalue99\n"
            "12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:1 - ok\n")
    watch = Watch(io.BytesIO(line.encode()))
    watch.feed()
    plain = watch.plain()
    assert "weird failure" in plain and "[link=http://evil.example]click[/link]" in plain
    assert not any(c in plain for c in "\x1b\x07\r\u202e") and "PWNED" not in plain and "plainvalue99" not in plain
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=200).print(watch.renderable(color=True))
    shown = out.getvalue()
    assert "[link=http://evil.example]click[/link]" in shown and "[bold red]RED[/]" in shown
    assert "\x1b]8;" not in shown and "\x1b]0;" not in shown and "\u202e" not in shown and "PWNED" not in shown
