"""The fault upstream on its own (fast, no LiteLLM): the fault table and the TLS/reset plumbing."""

from __future__ import annotations

import http.client
import json
import ssl
import subprocess
import sys

import pytest

from .upstream import GOOD_KEY, SilentServer, Upstream, closed_port, decide, make_self_signed

AUTH = {"authorization": f"Bearer {GOOD_KEY}"}


def chat(model: str, content: str = "ping") -> dict:
    return {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 1}


@pytest.mark.parametrize(
    "model, status, code",
    [
        ("healthy", 200, None),
        ("auth-401", 401, "invalid_api_key"),
        ("rate-429", 429, "rate_limit_exceeded"),
        ("quota-429", 429, "insufficient_quota"),
        ("err-500", 500, None),
        ("err-503", 503, None),
        ("missing-404", 404, "model_not_found"),
    ],
)
def test_fault_table(model, status, code):
    reply = decide("POST", "/v1/chat/completions", AUTH, chat(model))
    assert reply.status == status
    if code:
        assert reply.body["error"]["code"] == code


def test_wrong_key_is_refused_and_rate_limit_has_retry_after():
    assert decide("POST", "/v1/chat/completions", {"authorization": "Bearer sk-nope"}, chat("healthy")).status == 401
    reply = decide("POST", "/v1/chat/completions", AUTH, chat("rate-429"))
    assert reply.headers["retry-after"] == "7"


def test_tiny_context_only_fails_long_prompts():
    assert decide("POST", "/v1/chat/completions", AUTH, chat("tiny-context")).status == 200
    long = decide("POST", "/v1/chat/completions", AUTH, chat("tiny-context", "one two three four five six seven eight nine"))
    assert long.status == 400 and long.body["error"]["code"] == "context_length_exceeded"


def test_slow_and_sleep_models_delay():
    assert decide("POST", "/v1/chat/completions", AUTH, chat("slow")).delay > 1
    assert decide("POST", "/v1/chat/completions", AUTH, chat("sleep-0.25")).delay == 0.25


def test_server_speaks_http_and_tls_and_resets(tmp_path):
    cert, key = make_self_signed(tmp_path)
    with Upstream(tls_cert=cert, tls_key=key) as up:
        conn = http.client.HTTPConnection("127.0.0.1", up.port, timeout=5)
        conn.request("POST", "/v1/chat/completions", json.dumps(chat("healthy")), {**AUTH, "content-type": "application/json"})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("x-ratelimit-remaining-requests") == "499"
        resp.read()
        # keep-alive: a second request on the same connection
        conn.request("GET", "/v1/models")
        assert conn.getresponse().status == 200
        conn.close()

        ctx = ssl.create_default_context(cafile=str(cert))
        tls = http.client.HTTPSConnection("127.0.0.1", up.tls_port, timeout=5, context=ctx)
        tls.request("GET", "/v1/models")
        assert tls.getresponse().status == 200
        tls.close()

        with pytest.raises(ssl.SSLCertVerificationError):
            bad = http.client.HTTPSConnection("127.0.0.1", up.tls_port, timeout=5, context=ssl.create_default_context())
            bad.request("GET", "/v1/models")

        reset = http.client.HTTPConnection("127.0.0.1", up.port, timeout=5)
        reset.request("POST", "/v1/chat/completions", json.dumps(chat("reset")), {**AUTH, "content-type": "application/json"})
        with pytest.raises((ConnectionError, http.client.IncompleteRead, http.client.RemoteDisconnected)):
            reset.getresponse().read()


def test_silent_server_accepts_and_never_answers():
    import socket

    with SilentServer() as silent:
        s = socket.create_connection(("127.0.0.1", silent.port), timeout=2)
        s.settimeout(0.3)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        with pytest.raises(socket.timeout):
            s.recv(10)
        s.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port()), timeout=2)


def test_probe_package_import_is_light():
    """Pasting an error must not import httpx or litellm; importing the probe API must not either."""
    code = "import sys, litellm_doctor.probe, litellm_doctor.probe.verdict; print('httpx' in sys.modules, 'litellm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
