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
