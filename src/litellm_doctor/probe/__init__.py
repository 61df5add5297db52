"""Probes of a live LiteLLM proxy and its upstreams (stages: DNS, TCP, TLS, HTTP, health, models, key, completions).

    from litellm_doctor.probe import ProbeOptions, probe, probe_for_diagnose

    report = probe("http://localhost:4000", load_config("config.yaml"), ProbeOptions(deep=True, key=..., key_source=...))
    report = probe_for_diagnose(diagnose(text), "http://localhost:4000", config, deep=True)

Importing this package is cheap: httpx is imported when a probe runs, litellm only for `direct`.
Nothing here prints; progress goes to the `on_result` / `on_plan` callbacks of ProbeOptions.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import Report
from .options import DEFAULT_CONCURRENCY, DEFAULT_DEADLINE, DEFAULT_PROBE_TIMEOUT, ProbeOptions, ProbeUsageError, resolve_key
from .targets import Targets, targets_from_config

__all__ = [
    "DEFAULT_CONCURRENCY", "DEFAULT_DEADLINE", "DEFAULT_PROBE_TIMEOUT", "ProbeOptions", "ProbeUsageError",
    "probe", "probe_for_diagnose", "resolve_key", "targets_from_config", "Targets",
]


def _rules(rules_dir: str | None):
    from ..diagnosis.rulebook import load_rules

    return load_rules(rules_dir)


def probe(
    proxy_url: str, config: Any = None, options: ProbeOptions | None = None, *, rules_dir: str | None = None,
    command: str = "probe", also_load: Any = None,
) -> Report:
    """Run every probe stage against `proxy_url` (and the upstreams of `config`) and classify the failures.

    `also_load`: more to import while the probes wait (the CLI's formatter), in the same background
    thread as the classifier (two threads importing overlapping modules can see each other's halves).
    """
    from .engine import proxy_base, run_probes
    from .startup import Background, chain

    options = options or ProbeOptions()
    try:
        proxy_base(proxy_url)
    except ValueError as exc:
        raise ProbeUsageError(str(exc)) from None
    targets = targets_from_config(config)

    def classifier() -> Any:
        if also_load is not None:
            also_load()
        from .selfreport import add_self_report  # with the version knowledge and advisories it reads
        from .verdict import build_report

        if config is not None:
            from ..config import reconcile  # noqa: F401 - for agree_with_config, after the run

        return build_report, add_self_report, _rules(rules_dir)

    # The classifier and the rule library load while the completions are in flight, not before them.
    preload = Background(classifier)
    run = run_probes(proxy_url, targets, replace(options, on_waiting=chain(options.on_waiting, preload.start)))
    build_report, add_self_report, rules = preload.result()
    from .timeline import mark

    mark("classifier ready")
    report = agree_with_config(add_self_report(build_report(run, rules=rules, command=command), run), config)
    mark("report built")
    return report


def agree_with_config(report: Report, config: Any) -> Report:
    """The findings' steps rewritten to agree with the config probed beside (config/reconcile.py): a rule's "keep
    `router_settings.num_retries: 3`" to a config that sets 0 says what is set and where."""
    if config is None or not callable(getattr(config, "location_of", None)):
        return report
    from ..config.reconcile import reconcile_report

    return reconcile_report(report, config)


def _named_model(report: Report) -> str | None:
    for key in ("model_group", "model"):
        value = report.facts.get(key)
        if value and value not in ("None", "null"):
            return value
    return None


def probe_for_diagnose(
    report: Report,
    proxy_url: str,
    config: Any = None,
    *,
    deep: bool = False,
    direct: bool = False,
    key: str | None = None,
    key_source: str | None = None,
    key_env: str | None = None,
    deadline: float = DEFAULT_DEADLINE,
    probe_timeout: float = DEFAULT_PROBE_TIMEOUT,
    ca_bundle: str | None = None,
    on_result: Any = None,
    on_plan: Any = None,
    on_start: Any = None,
    rules_dir: str | None = None,
) -> Report:
    """Confirm a diagnosis against the live proxy: `diagnose --proxy URL [--config F] [--deep]`.

    The probes focus on the model group the error names (all groups when it names none). The pasted
    error stays the primary diagnosis, except when it is a symptom (a cooldown) and the probe found its
    cause, or when the text matched nothing and the probe found a failure. The probe's findings are
    added after the diagnosis's own (one per failed group, no duplicates), its probes fill `probes`,
    and a note says whether the live proxy confirms the failure.
    """
    if key is None:
        key, key_source = resolve_key(key_env)
    targets = targets_from_config(config)
    named = _named_model(report)
    only: tuple[str, ...] | None = None
    extra: tuple[str, ...] = ()
    if named:
        if named in targets.groups:
            only = (named,)
        else:
            only, extra = (), (named,)
    options = ProbeOptions(
        deep=deep, direct=direct, key=key, key_source=key_source, deadline=deadline, probe_timeout=probe_timeout,
        ca_bundle=ca_bundle, only_models=only, extra_models=extra, on_result=on_result, on_plan=on_plan,
        on_start=on_start,
    )
    probed = probe(proxy_url, config, options, rules_dir=rules_dir, command=report.command)
    return merge(report, probed, named)


def _diagnosis_of(finding: Any, confidence: float) -> Any:
    """A Diagnosis for the rule of `finding` (the cause the probe found behind a symptom)."""
    from ..model import Diagnosis
    from ..diagnosis.rulebook import library_rule

    rule = library_rule(finding.rule_id)
    name = rule.name if rule else finding.rule_id.lower()
    why = rule.why if rule else finding.message
    return Diagnosis(finding.rule_id, name, finding.title, finding.category, confidence, why, symptom=False)


def merge(report: Report, probed: Report, named: str | None = None) -> Report:
    """The diagnosis of a pasted error, confirmed (or not) by a probe report."""
    group_findings = [f for f in probed.findings if named and f"`{named}`" in f.message]
    notes = list(report.notes)
    if named:
        completion = next((p for p in probed.probes if p.id == "group.completion" and p.target == named), None)
        if completion is None:
            pass
        elif completion.status == "pass":
            notes.append(f"Probe: model group `{named}` answers through the proxy now: the failure was transient, or is fixed.")
        elif completion.status == "fail":
            cause = group_findings[0] if group_findings else None
            notes.append(
                f"Probe: model group `{named}` fails now too" + (f" ({cause.rule_id}, {cause.category})." if cause else ".")
            )
    diagnosis, category = report.diagnosis, report.category
    if probed.diagnosis is not None:
        if report.diagnosis is None:
            diagnosis, category = probed.diagnosis, probed.category
        elif report.diagnosis.symptom and group_findings and group_findings[0].category != report.category:
            cause = group_findings[0]
            diagnosis = _diagnosis_of(cause, report.diagnosis.confidence)
            category = cause.category
            notes.append(f"The error is a symptom; the probe found its cause: {cause.title} ({cause.rule_id}).")
    findings = list(report.findings)
    if findings and group_findings and findings[0].location is None and group_findings[0].location is not None:
        # The pasted error's own finding gets the config line the probe tied the group to.
        if findings[0].category == group_findings[0].category:
            findings[0] = replace(findings[0], location=group_findings[0].location)
    seen = {(f.rule_id, f.message) for f in findings}
    if diagnosis is not report.diagnosis and group_findings:
        findings = [group_findings[0], *findings]
        seen.add((group_findings[0].rule_id, group_findings[0].message))
    findings += [f for f in probed.findings if (f.rule_id, f.message) not in seen]
    facts = {**probed.facts, **report.facts}
    return Report(
        command=report.command,
        category=category,
        diagnosis=diagnosis,
        facts=facts,
        findings=tuple(findings),
        probes=probed.probes,
        notes=tuple(notes) + tuple(n for n in probed.notes if n not in notes),
    )
