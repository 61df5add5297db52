"""Probe safety without LiteLLM: deadline, redirects, key handling, rate-limit headers."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from litellm_doctor.masking import mask
from litellm_doctor.probe import ProbeOptions, ProbeUsageError, probe, resolve_key
from litellm_doctor.probe import headers as rl
from litellm_doctor.probe.engine import proxy_base

from .upstream import SilentServer, closed_port

SECRET = "sk-doctor-test-secret-key-0123456789"


def test_overall_deadline_holds_against_a_server_that_never_answers():
    with SilentServer() as silent:
        started = time.monotonic()
        report = probe(f"http://127.0.0.1:{silent.port}", None, ProbeOptions(deadline=1.5, probe_timeout=30, key=SECRET, key_source="test"))
        elapsed = time.monotonic() - started
    assert elapsed < 2.6, elapsed
    http = next(p for p in report.probes if p.id == "proxy.http")
    assert http.status == "fail"
    assert report.diagnosis is not None and report.category in ("timeout", "deployment")
    assert SECRET not in repr(report)


def test_per_probe_timeout_is_shorter_than_the_deadline():
    with SilentServer() as silent:
        started = time.monotonic()
        report = probe(f"http://127.0.0.1:{silent.port}", None, ProbeOptions(deadline=10, probe_timeout=0.5))
        elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert any(p.id == "proxy.http" and p.status == "fail" for p in report.probes)
    assert report.category == "timeout"


def test_proxy_down_is_a_deployment_failure():
    report = probe(f"http://127.0.0.1:{closed_port()}", None, ProbeOptions(deadline=5))
    assert report.category == "deployment"
    assert [p.status for p in report.probes if p.id in ("proxy.dns", "proxy.tcp")] == ["pass", "fail"]


class _Recorder(BaseHTTPRequestHandler):
    hits: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802
        type(self).hits.append((self.path, self.headers.get("authorization")))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"data": []}')

    def log_message(self, *args):
        pass


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_redirects_are_not_followed_with_credentials():
    _Recorder.hits = []
    elsewhere = _serve(_Recorder)

    class Redirector(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(307)
            self.send_header("location", f"http://127.0.0.1:{elsewhere.server_port}{self.path}")
            self.end_headers()

        def log_message(self, *args):
            pass

    proxy = _serve(Redirector)
    try:
        report = probe(f"http://127.0.0.1:{proxy.server_port}", None, ProbeOptions(deadline=5, key=SECRET, key_source="test"))
    finally:
        proxy.shutdown()
        elsewhere.shutdown()
    assert _Recorder.hits == []  # nothing (and no key) ever reached the redirect target
    live = next(p for p in report.probes if p.id == "proxy.liveliness")
    assert live.status == "fail" and "not followed" in live.detail
    assert SECRET not in repr(report)


def test_key_resolution_order_and_errors():
    assert resolve_key(None, {}) == (None, None)
    assert resolve_key(None, {"LITELLM_MASTER_KEY": "sk-m", "LITELLM_API_KEY": "sk-a"}) == ("sk-a", "LITELLM_API_KEY")
    assert resolve_key("MY_KEY", {"MY_KEY": "sk-x", "LITELLM_API_KEY": "sk-a"}) == ("sk-x", "--key-env MY_KEY")
    with pytest.raises(ProbeUsageError):
        resolve_key("MISSING_VAR", {})


def test_options_never_show_the_key_and_direct_implies_deep():
    options = ProbeOptions(key=SECRET, direct=True)
    assert SECRET not in repr(options)
    assert options.deep
    with pytest.raises(ProbeUsageError):
        ProbeOptions(deadline=0)
    with pytest.raises(ProbeUsageError):
        ProbeOptions(ca_bundle="/nonexistent/ca.pem")


def test_proxy_base_drops_credentials_and_v1():
    assert proxy_base("http://user:pw@localhost:4000/v1/") == "http://localhost:4000"
    assert proxy_base("https://gw.example.com/litellm/") == "https://gw.example.com/litellm"
    with pytest.raises(ValueError):
        proxy_base("localhost:4000")


def test_rate_limit_headers():
    h = {
        "x-ratelimit-remaining-requests": "0", "x-ratelimit-limit-requests": "3", "x-ratelimit-reset-requests": "7s",
        "llm_provider-x-ratelimit-remaining-tokens": "100", "llm_provider-retry-after": "7",
    }
    assert rl.budget(h) == {"requests": "0/3 (resets in 7s)", "tokens": "100"}
    assert rl.exhausted(h)
    assert rl.retry_after_seconds(h) == 7
    assert rl.retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert rl.retry_after_seconds({}) is None
    assert rl.parse_duration("1m30s") == 90 and rl.parse_duration("120ms") == 0.12


def test_mask_covers_the_lab_keys():
    assert SECRET not in mask(f"Authorization: Bearer {SECRET}")
