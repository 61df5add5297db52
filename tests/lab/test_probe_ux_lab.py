"""Issue 12 against the real lab proxy: the key verdict is deterministic, a down proxy gets advice
about the proxy, and the progress line names what is still running."""

from __future__ import annotations

import pytest

from litellm_doctor.probe import ProbeOptions, probe
from litellm_doctor.probe.progress import ProbeProgress

from .lab import MASTER_KEY
from .upstream import closed_port

pytestmark = pytest.mark.lab


def test_key_verdict_is_the_same_in_20_runs(lab):
    """The DB-less proxy: the key's kind waits for /health/readiness (it used to race it)."""
    verdicts = set()
    for _ in range(20):
        report = probe(lab.url, None, ProbeOptions(key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=20))
        key = next(p for p in report.probes if p.id == "proxy.key")
        verdicts.add((key.status, key.detail))
    assert verdicts == {("pass", "accepted (key)")}, verdicts


def test_progress_line_shows_what_is_in_flight(lab):
    seen: list[str] = []
    display = ProbeProgress(enabled=False)
    original = display.on_start

    def on_start(index, probe_id, target):
        original(index, probe_id, target)
        seen.append(display.in_flight())

    probe(lab.url, None, ProbeOptions(key=MASTER_KEY, deadline=20, on_start=on_start, on_result=display.on_result))
    assert seen and all(line.startswith("waiting for ") for line in seen)
    assert display.in_flight().startswith("finishing")  # nothing left running at the end


def test_a_down_proxy_gets_advice_about_the_proxy():
    port = closed_port()
    report = probe(f"http://127.0.0.1:{port}", None, ProbeOptions(key=MASTER_KEY, deadline=10))
    assert report.findings
    text = " ".join([report.findings[0].title, report.findings[0].message, *report.findings[0].steps])
    assert "OLLAMA_HOST" not in text and "botocore" not in text, text
    assert "proxy" in text.lower() and str(port) in text, text
