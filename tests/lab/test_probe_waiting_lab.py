"""The run's `on_waiting` hook against the real proxy: once, when every deep completion is sent and the
proxy has passed them on (its first answer)."""

from __future__ import annotations

import time

from litellm_doctor.probe import ProbeOptions, probe
from litellm_doctor.probe.engine import SETTLE_MAX, SETTLE_PER_COMPLETION

from .lab import MASTER_KEY


def test_on_waiting_fires_once_when_the_proxy_has_passed_the_completions_on(lab, lab_config):
    """Once every completion is sent, and then at the proxy's first answer or once it has had the time to
    pass them on (10 ms a completion, SETTLE_MAX at most): work kept for the wait must not compete with a
    proxy on the same machine still taking the completions in."""
    events: list[tuple[float, str]] = []
    options = ProbeOptions(
        deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30,
        on_start=lambda index, probe_id, target: events.append((time.monotonic(), f"start {probe_id}")),
        on_result=lambda result: events.append((time.monotonic(), f"result {result.id}")),
        on_waiting=lambda: events.append((time.monotonic(), "waiting")),
    )
    report = probe(lab.url, lab_config, options)
    completions = [p for p in report.probes if p.id == "group.completion"]
    waiting = [t for t, what in events if what == "waiting"]
    assert len(waiting) == 1
    started = [t for t, what in events if what == "start group.completion"]
    assert len(started) == len(completions) > 0 and max(started) <= waiting[0]
    first_answer = min(t for t, what in events if what == "result group.completion")
    settle = min(SETTLE_MAX, SETTLE_PER_COMPLETION * len(completions))
    assert waiting[0] >= min(first_answer, max(started) + settle) - 0.01


def test_on_waiting_is_not_called_without_deep(lab, lab_config):
    fired: list[bool] = []
    probe(lab.url, lab_config, ProbeOptions(key=MASTER_KEY, key_source="x", deadline=30, on_waiting=lambda: fired.append(True)))
    assert fired == []


def test_readiness_and_upstream_stages_wait_for_the_completions_to_be_sent(lab, lab_config):
    """They decide nothing the completions need: they start once every completion is out."""
    order: list[str] = []
    options = ProbeOptions(
        deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30,
        on_start=lambda index, probe_id, target: order.append(probe_id),
        on_waiting=lambda: order.append("all sent"),
    )
    report = probe(lab.url, lab_config, options)
    last_completion = max(i for i, probe_id in enumerate(order) if probe_id == "group.completion")
    assert order.index("proxy.readiness") > last_completion and order.index("upstream.dns") > last_completion
    assert last_completion < order.index("all sent")
    assert next(p for p in report.probes if p.id == "proxy.readiness").status == "pass"


def _shape(report) -> tuple:
    """What a reader sees, without the timings (latencies, 'Probed in', rate-limit reset times)."""
    notes = tuple(n for n in report.notes if not n.startswith(("Probed in", "Model group")))
    return (tuple(report.facts.items()), tuple((f.rule_id, f.message) for f in report.findings), notes,
            tuple((p.id, p.target, p.status) for p in report.probes))


def test_a_deep_run_reads_the_same_every_time(lab):
    """Readiness runs beside completions that answer at once (no config: the key's kind waits for it,
    and the version comes from readiness and from the answers): facts, findings, notes and probes
    come in the same order in every run."""
    shapes = set()
    for _ in range(5):
        options = ProbeOptions(deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30,
                               only_models=("healthy", "model-404", "tiny-context"))
        shapes.add(_shape(probe(lab.url, None, options)))
    assert len(shapes) == 1, shapes
