"""What a newer proxy says about itself, turned into findings: `/health/deployment_warnings` (1.108+:
`no_redis`, `env_credential_login`, `detailed_debug`, `license_expiry:<date>`) and the flags of
`/health/readiness/details`; plus the advisories and the version knowledge of the proxy's version.

Older proxies lack these endpoints (404): then there is simply nothing to add.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ..knowledge.advisories import for_version as advisories_for
from ..knowledge.detect import detect
from ..knowledge.rules import advisory_findings
from ..model import Finding, Report
from .verdict import ProbeRule

_DOCS_PROD = "https://docs.litellm.ai/docs/proxy/prod"
# Distinct deployment warnings said at most (LiteLLM 1.108-1.110 knows four kinds).
MAX_WARNINGS = 20

SELF_REPORT_RULES: dict[str, ProbeRule] = {
    "env_credential_login": ProbeRule(
        "LD-PROBE-020", "proxy-admin-ui-env-login", "auth", "warning",
        "The proxy's Admin UI accepts a login with UI_USERNAME/UI_PASSWORD or the master key",
        "The proxy reports the `env_credential_login` deployment warning: anyone who has the master key (or the "
        "UI_USERNAME/UI_PASSWORD pair) can log into the Admin UI as proxy admin. LiteLLM flags it as critical "
        "for a shared deployment once SSO or invited users are set up.",
        ("Turn the shared login off: `general_settings.disable_env_credential_login: true` (after an admin user or SSO exists).",
         "Or keep it and make sure UI_PASSWORD and LITELLM_MASTER_KEY are long random values known to admins only."),
        ("https://docs.litellm.ai/docs/proxy/ui", _DOCS_PROD),
    ),
    "no_redis": ProbeRule(
        "LD-PROBE-021", "proxy-workers-without-redis", "deployment", "warning",
        "The proxy may run more than one worker without Redis",
        "The proxy reports the `no_redis` deployment warning: without Redis each worker keeps its own rate-limit "
        "counters, budgets spend, cooldowns and cache, so limits are per worker (N workers allow N times the "
        "rpm) and a deployment cooled down in one worker is still used by the others. The proxy also reports "
        "it when it cannot count its workers.",
        ("Give the router Redis: `router_settings.redis_host`, `redis_port`, `redis_password` (or REDIS_URL in the proxy's environment).",
         "If the proxy really runs one worker (`--num_workers 1`, one replica), silence it with LITELLM_DISABLE_NO_REDIS_WARNING=true."),
        ("https://docs.litellm.ai/docs/proxy/prod#3-use-redis-porthost-password-not-redis_url", _DOCS_PROD),
    ),
    "detailed_debug": ProbeRule(
        "LD-PROBE-022", "proxy-detailed-debug-on", "deployment", "warning",
        "The proxy runs with detailed debug logging",
        "The proxy reports `detailed_debug` (started with `--detailed_debug` or LITELLM_LOG=DEBUG): every request "
        "and response is logged in full, prompts included, and logging slows every request.",
        ("Restart without `--detailed_debug` and with `LITELLM_LOG=INFO` (or unset) in production.",),
        (_DOCS_PROD,),
    ),
    "license_expiry": ProbeRule(
        "LD-PROBE-023", "proxy-enterprise-license-expiring", "deployment", "warning",
        "The proxy's LiteLLM Enterprise licence expires soon",
        "The proxy reports a `license_expiry` deployment warning: its LITELLM_LICENSE expires within 30 days "
        "(critical within 7). When it expires, enterprise features (SSO, audit logs, guardrails, …) stop working.",
        ("Renew the licence and put the new key in the proxy's environment as LITELLM_LICENSE, then restart it.",),
        ("https://docs.litellm.ai/docs/proxy/enterprise",),
    ),
    "unknown": ProbeRule(
        "LD-PROBE-024", "proxy-deployment-warning-unknown", "deployment", "info",
        "The proxy reports a deployment warning this doctor does not know",
        "The proxy's /health/deployment_warnings lists a warning id that none of the doctor's rules describes "
        "(a newer LiteLLM than its knowledge).",
        ("Open the proxy's Admin UI (the banner explains the warning), or read `GET /health/deployment_warnings`.",),
        (_DOCS_PROD,),
    ),
}
ALL_SELF_REPORT_RULES = tuple(sorted(SELF_REPORT_RULES.values(), key=lambda r: r.id))


def _finding(kind: str, message: str, severity: str | None = None) -> Finding:
    rule = SELF_REPORT_RULES[kind]
    return Finding(rule_id=rule.id, category=rule.category, severity=severity or rule.severity, title=rule.title,
                   message=message, steps=rule.steps, docs=rule.docs)


def warning_findings(proxy_url: str, warnings_body: Any, details: Any) -> tuple[list[Finding], list[str]]:
    """Findings for the proxy's own warnings, and notes for those an admin chose to ignore."""
    findings: list[Finding] = []
    notes: list[str] = []
    seen: set[str] = set()
    said: set[str] = set()  # warning ids already turned into a finding or a note
    unsaid = 0
    items = warnings_body.get("warnings") if isinstance(warnings_body, dict) else None
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        wid, level = item["id"][:120], str(item.get("severity", ""))[:20]
        # Each warning once, and a few at most: the body is whatever answered (up to MAX_BODY_BYTES of it).
        if wid in said:
            continue
        if len(said) >= MAX_WARNINGS:
            unsaid += 1
            continue
        said.add(wid)
        kind = "license_expiry" if wid.startswith("license_expiry:") else wid if wid in SELF_REPORT_RULES else "unknown"
        if item.get("ignore"):
            ignore = item["ignore"]
            by = ignore.get("env_var") or ignore.get("ignored_by") if isinstance(ignore, dict) else None
            notes.append(f"the proxy's deployment warning `{wid}` is ignored there" + (f" ({str(by)[:120]})" if by else ""))
            continue
        seen.add(kind)
        severity = None
        if kind == "license_expiry":
            expires = wid.split(":", 1)[1]
            severity = "error" if level == "critical" else "warning"
            try:
                left = (date.fromisoformat(expires) - date.today()).days
                message = f"The proxy at {proxy_url} reports that its LiteLLM Enterprise licence expires on {expires} ({left} day(s) left)."
            except ValueError:
                message = f"The proxy at {proxy_url} reports that its LiteLLM Enterprise licence expires ({wid})."
        elif kind == "unknown":
            message = f"The proxy at {proxy_url} reports the deployment warning `{wid}` ({level or 'no severity'})."
        else:
            message = f"The proxy at {proxy_url} reports the deployment warning `{wid}` ({level})."
        findings.append(_finding(kind, message, severity))
    if unsaid:
        notes.append(f"the proxy lists {unsaid} more deployment warning entries (not shown: {MAX_WARNINGS} are)")
    # /health/readiness/details carries the same flags (and is there when deployment_warnings is not).
    if isinstance(details, dict):
        for flag, kind in (("show_env_credential_login_warning", "env_credential_login"),
                           ("show_no_redis_warning", "no_redis"), ("is_detailed_debug", "detailed_debug")):
            if details.get(flag) is True and kind not in seen and items is None:
                seen.add(kind)
                findings.append(_finding(kind, f"The proxy at {proxy_url} reports `{flag}: true` in /health/readiness/details."))
    return findings, notes


def add_self_report(report: Report, run: Any) -> Report:
    """The probe report plus the proxy's own warnings, the advisories of its version and which version's
    knowledge applies."""
    findings, notes = warning_findings(run.proxy_url, run.self_report.get("deployment_warnings"),
                                       run.self_report.get("readiness_details"))
    version = run.facts.get("litellm_version")
    if version:
        detected = detect(proxy_version=version, use_installed=False)
        if not detected.assumed:
            notes.append(detected.note())
            findings += advisory_findings(detected.version, "reported by the proxy", advisories_for(detected.version))
    if not findings and not notes:
        return report
    from ..model import SEVERITY_RANK

    # After the probe's own findings, and without changing its category: these describe how the proxy is
    # run, not why a request failed.
    merged = (*report.findings, *sorted(findings, key=lambda f: -SEVERITY_RANK.get(f.severity, 0)))
    return replace(report, findings=merged, notes=(*report.notes, *notes))
