"""The run's `on_waiting` hook against the real proxy: once, when every deep completion is sent."""

from __future__ import annotations

from litellm_doctor.probe import ProbeOptions, probe

from .lab import MASTER_KEY


def test_on_waiting_fires_once_after_every_completion_is_sent(lab, lab_config):
    fired: list[int] = []
    started: list[str] = []
    options = ProbeOptions(
        deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30,
        on_start=lambda index, probe_id, target: started.append(probe_id),
        on_waiting=lambda: fired.append(started.count("group.completion")),
    )
    report = probe(lab.url, lab_config, options)
    completions = [p for p in report.probes if p.id == "group.completion"]
    assert len(fired) == 1
    assert fired[0] == len(completions) > 0  # every completion had started (and was sent) by then


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
    sent = order.index("all sent")
    assert order.index("proxy.readiness") > sent and order.index("upstream.dns") > sent
    assert order.index("group.completion") < sent
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
