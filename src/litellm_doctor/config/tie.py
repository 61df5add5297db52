"""Tie a diagnosis to the config: the deployments it names and the settings that govern the failure.

`tie_to_config(report, config)` takes a `diagnose` report and returns it with:

- facts `config`, `config_deployments` (the model_list entries involved, as `file:line`);
- the primary finding's location set to the first deployment involved, and its steps extended with
  the config lines that govern this failure (the timeout that fired and where it comes from, retries,
  cooldown settings, fallbacks, the api_key / api_base of the deployment, the rule's `config:` keys);
- one `info` finding per involved deployment (file:line of its model_list entry);
- the `check` findings (error/warning) located in those deployments or on those settings.
"""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase
from ..urls import split_url

from ..diagnosis.classify import code_value
from ..diagnosis.factvalues import typed
from ..model import Finding, Location, Report
from .checks import Context, Options
from .checks.faults import ROOT_HEDGE
from .checks.router_settings import deployment_timeout, fallback_groups, retries_of
from .checks.util import as_number, code, named
from .loader import ENV_PREFIX, Config, Deployment
from .reconcile import plain, reconcile_steps

MAX_DEPLOYMENTS = 5


def _where(loc: Location | None) -> str:
    if loc is None:
        return "not set"
    return f"{loc.file}:{loc.line}" if loc.line else loc.file


def _norm_base(url: str) -> str:
    parts = split_url(url if "://" in url else f"http://{url}")
    if parts is None:
        return url.strip().lower()
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}{parts.path.rstrip('/')}"


def _listed(value: str | None) -> list[str]:
    typed_value = typed("log_model_groups", value)
    return [v for v in typed_value if isinstance(v, str)] if isinstance(typed_value, list) else []


def involved_deployments(report: Report, config: Config) -> list[Deployment]:
    facts = report.facts
    found: list[Deployment] = []

    def add(items):
        for d in items:
            if d not in found:
                found.append(d)

    deployment_id = facts.get("deployment_id")
    if deployment_id:
        add(d for d in config.deployments if deployment_id in (d.id, d.id or d.generated_id))
    group = facts.get("model_group") or facts.get("model")
    # A log triage's report whose group's first record named no model group: every model group its records named.
    for group in [group] if group else _listed(facts.get("log_model_groups")):
        aliases = config.section("router_settings").get("model_group_alias")
        if isinstance(aliases, dict) and group in aliases:
            target = aliases[group]
            group = target.get("model", group) if isinstance(target, dict) else target
        exact = config.deployments_of(group) if isinstance(group, str) else ()
        add(exact)
        if not exact and isinstance(group, str):
            add(d for d in config.deployments if "*" in d.model_name and fnmatchcase(group, d.model_name))
            add(d for d in config.deployments if d.model == group or d.model.split("/", 1)[-1] == group)
    api_base = facts.get("api_base")
    if api_base and not found:
        wanted = _norm_base(api_base)
        add(d for d in config.deployments if d.api_base and (wanted.startswith(_norm_base(d.api_base)) or _norm_base(d.api_base).startswith(wanted)))
    provider = facts.get("provider")
    if provider and len(found) > 1:
        narrowed = [d for d in found if d.provider == provider]
        found = narrowed or found
    return found


def _setting(config: Config, dotted: str, default: str | None = None) -> str:
    loc = config.location_of(dotted)
    if loc is None:
        return f"{code(dotted)} is not set" + (f" (default {default})" if default else "")
    value = config.value(dotted, resolved=False)
    return f"{code(dotted, ': ', plain(value))} at {_where(loc)}"


def _deployment_line(d: Deployment, config: Config) -> str:
    bits = [f"{code('model: ', d.model)}"]
    if d.api_base:
        bits.append(f"{code('api_base: ', d.api_base)}")
    key = d.raw_params.get("api_key")
    if isinstance(key, str) and key.startswith(ENV_PREFIX):
        name = key[len(ENV_PREFIX):]
        state = "set" if config.env.get(name) else "NOT set here"
        bits.append(f"{code('api_key: ', key)} ({name} {state})")
    elif key:
        bits.append("`api_key` written in the file")
    return f"{named(d.model_name)} at {_where(d.location)}: " + ", ".join(bits)


def _timeout_steps(report: Report, config: Config, deployments: list[Deployment]) -> list[str]:
    ctx = Context(config, Options())
    steps = []
    for d in deployments[:MAX_DEPLOYMENTS]:
        value, source = deployment_timeout(ctx, d)
        loc = config.location_of(source) if not source.startswith(("default", "REQUEST_TIMEOUT")) else None
        fired = as_number(report.facts.get("timeout"))
        match = ""
        if fired is not None:
            match = " (matches the timeout in the error)" if fired == value else f" (the error shows {fired:g} s: a request `timeout` or a stream timeout may have applied)"
        steps.append(
            f"{named(d.model_name)}: the per-attempt timeout is {value:g} s from {code(source)}"
            + (f" at {_where(loc)}" if loc else "") + match
            + ". Precedence: request timeout > litellm_params.timeout > litellm_settings.request_timeout (with router timeout) > router_settings.timeout > 6000 s."
        )
    stream = config.location_of("router_settings.stream_timeout")
    if stream:
        steps.append(f"Streaming calls use {_setting(config, 'router_settings.stream_timeout')} first.")
    return steps


def _retry_steps(config: Config, deployments: list[Deployment]) -> list[str]:
    ctx = Context(config, Options())
    d = deployments[0] if deployments else None
    retries, source = retries_of(ctx, d)
    loc = config.location_of(source) if not source.startswith("default") else None
    steps = [f"Retries: {retries} from {code(source)}" + (f" at {_where(loc)}" if loc else "") + "."]
    if config.location_of("router_settings.retry_policy"):
        steps.append(f"A retry policy overrides num_retries per error type: {_setting(config, 'router_settings.retry_policy')}.")
    return steps


def _cooldown_steps(config: Config, deployments: list[Deployment]) -> list[str]:
    steps = [
        f"Cooldown: {_setting(config, 'router_settings.cooldown_time', '5 s')}; "
        f"{_setting(config, 'router_settings.allowed_fails', '3, error-rate based')}; "
        f"{_setting(config, 'router_settings.disable_cooldowns', 'false')}."
    ]
    groups = {d.model_name for d in deployments}
    for group in sorted(groups):
        if len(config.deployments_of(group)) == 1:
            steps.append(
                f"{code(group)} has a single deployment: a 401 or 404 cools it down and the whole group answers "
                "`No deployments available` until the cooldown ends; add a second deployment or fix the first error."
            )
    return steps


def _fallback_steps(config: Config, deployments: list[Deployment]) -> list[str]:
    steps = []
    for group in dict.fromkeys(d.model_name for d in deployments):
        targets = fallback_groups(Context(config, Options()), group)
        loc = config.location_of("router_settings.fallbacks") or config.location_of("litellm_settings.fallbacks")
        if targets:
            steps.append(f"Fallbacks of {code(group)}: {', '.join(targets)} ({_where(loc)}).")
        else:
            # (the group as a YAML flow reads it back: a `model_name` of `a]}, {b: c` was two keys of the snippet)
            steps.append(f"{code(group)} has no fallbacks: add {code('router_settings.fallbacks: [{', code_value(group), ': [OTHER_GROUP]}]')} "
                         "(OTHER_GROUP: another model group that can serve its requests).")
    return steps


def _rule_config_steps(rule_id: str, config: Config, deployments: list[Deployment]) -> list[str]:
    try:
        from ..diagnosis.rulebook import library_rule

        rule = library_rule(rule_id)  # from the library already read for the diagnosis
    except Exception:  # noqa: BLE001 - the rule library is another stage's; tying still works without it
        return []
    if rule is None:
        return []
    steps = []
    for key in rule.config:
        if key.startswith("model_list.litellm_params.") or key.startswith("model_list.model_info."):
            part, name = key.split(".")[1], key.split(".", 2)[2]
            for d in deployments[:MAX_DEPLOYMENTS]:
                loc = config.location_of(("model_list", d.index, part, name))
                if loc is not None:
                    value = d.raw_params.get(name) if part == "litellm_params" else d.model_info.get(name)
                    shown = value if isinstance(value, str) and value.startswith(ENV_PREFIX) else ("…" if "key" in name or "secret" in name or "token" in name else value)
                    steps.append(f"{named(d.model_name)}: {code(part, '.', name, ': ', shown)} at {_where(loc)}.")
        elif "." in key:
            loc = config.location_of(key)
            if loc is not None:
                steps.append(f"{_setting(config, key)}.")
    return steps


def _spans(config: Config, deployments: list[Deployment]) -> dict[str, list[tuple[int, int]]]:
    """The (first, last) lines of each deployment's entry, by file."""
    entries = sorted(config.deployments, key=lambda d: (d.location.file, d.location.line or 0))
    spans: dict[str, list[tuple[int, int]]] = {}
    for d in deployments:
        later = [e.location.line for e in entries if e.location.file == d.location.file and (e.location.line or 0) > (d.location.line or 0)]
        if d.location.file == config.path:
            # The last entry ends before the next top-level key: not at the end of the file, which made every
            # setting under it (router_settings, general_settings, ...) a line of that deployment.
            later += [line for line in config.top_level_lines.values() if line > (d.location.line or 0)]
        end = min(later) - 1 if later else 10**9
        spans.setdefault(d.location.file, []).append((d.location.line or 0, end))
    return spans


def _unrelated(report: Report, config: Config, deployments: list[Deployment]) -> list[Deployment]:
    """The deployments this failure is not about. Another deployment's entry is about that deployment: an error
    flagged there is not this failure's (an Anthropic DNS failure was given mistral-vllm's `api_base` path as its
    fix, a model_not_found for one model another entry's `opneai/` typo). A failure that names where it happened
    (model group, deployment id, api_base) and matches no entry is about none of them; one that names only its
    provider may be about that provider's entries; one that names nothing may be about any."""
    facts = report.facts
    if deployments:
        return [d for d in config.deployments if d not in deployments]
    if any(facts.get(k) for k in ("model_group", "model", "deployment_id", "api_base", "log_model_groups")):
        return list(config.deployments)
    provider = facts.get("provider")
    return [d for d in config.deployments if d.provider != provider] if provider else []


def _related_checks(report: Report, config: Config, deployments: list[Deployment]) -> list[Finding]:
    from .checks import Options
    from .engine import run_checks

    def within(f: Finding, spans: dict[str, list[tuple[int, int]]]) -> bool:
        return any(start <= (f.location.line or 0) <= end for start, end in spans.get(f.location.file, []))

    involved = _spans(config, deployments)
    others = _spans(config, _unrelated(report, config, deployments))
    category = report.category
    out = []
    # diagnose runs where the failure happened (usually the proxy's host): name each unset variable.
    diagnosed = report.diagnosis.rule_id if report.diagnosis is not None else ""
    for f in run_checks(config, options=Options(env_known=True)).findings:
        if f.location is None:
            continue
        if f.severity == "info":
            # A line `check` can only suspect (a pathless api_base: many servers answer at the root, so `info`) is a
            # warning when this failure is the one it causes (a 404 on the URL path) on the deployment involved.
            if not (within(f, involved) and _confirmed(f, diagnosed)):
                continue
            # ... and check's hedge ("fine if this server answers at the root") is answered: the failure says it is not.
            f = replace(f, severity="warning", message=f.message.removesuffix(ROOT_HEDGE))
        if within(f, involved) or (f.severity == "error" and f.category == category and not within(f, others)):
            out.append(f)
    return out[:8]


def _confirmed(f: Finding, rule_id: str) -> bool:
    """Does the diagnosed failure confirm finding `f`: its check names this failure's shape, not `any` shape?"""
    from .causes import ANY, shapes_caused

    if not rule_id:
        return False
    shapes = shapes_caused(f.rule_id, rule_id, message=f.message)
    return bool(shapes) and ANY not in shapes


def tie_to_config(report: Report, config: Config) -> Report:
    deployments = involved_deployments(report, config)
    category = report.category
    steps: list[str] = []
    if deployments:
        steps += [f"Config: {_deployment_line(d, config)}." for d in deployments[:MAX_DEPLOYMENTS]]
        if len(deployments) > MAX_DEPLOYMENTS:
            steps.append(f"… and {len(deployments) - MAX_DEPLOYMENTS} more deployment(s) of the same group.")
    elif names := ([report.facts.get("model_group") or report.facts.get("model")] if report.facts.get("model_group")
                   or report.facts.get("model") else list(_listed(report.facts.get("log_model_groups")))):
        steps.append(
            f"Config: no deployment of {', '.join(code(n) for n in names)} in {config.path} (model groups: {', '.join(named(g) for g in config.model_groups[:8]) or 'none'})."
        )
    if category == "timeout":
        steps += _timeout_steps(report, config, deployments or list(config.deployments[:1]))
        steps += _retry_steps(config, deployments)
    elif category in ("routing", "quota_rate"):
        steps += _cooldown_steps(config, deployments)
        steps += _retry_steps(config, deployments)
        steps += _fallback_steps(config, deployments)
    elif category == "auth" and not deployments:
        steps.append(f"Master key: {_setting(config, 'general_settings.master_key', 'LITELLM_MASTER_KEY')}.")
    if report.diagnosis is not None:
        for step in _rule_config_steps(report.diagnosis.rule_id, config, deployments):
            if not any(step.rstrip(".") in earlier for earlier in steps):  # already said, with its line
                steps.append(step)

    # The rule's own steps are rewritten to agree with what this config sets (config/reconcile.py).
    findings = [replace(f, steps=reconcile_steps(f.steps, config)) for f in report.findings]
    location = deployments[0].location if deployments else None
    if findings:
        primary = findings[0]
        findings[0] = replace(
            primary,
            steps=(*primary.steps, *steps),
            location=primary.location or location,
        )
    rule_id = report.diagnosis.rule_id if report.diagnosis else "LD-CFG-000"
    diag_category = report.diagnosis.category if report.diagnosis else "other"
    for d in deployments[:MAX_DEPLOYMENTS]:
        findings.append(
            Finding(
                rule_id=rule_id,
                category=diag_category,
                severity="info",
                title="Deployment involved in this failure",
                message=_deployment_line(d, config),
                location=d.location,
            )
        )
    seen = {(f.rule_id, f.location, f.message) for f in findings}
    for f in _related_checks(report, config, deployments):
        if (f.rule_id, f.location, f.message) not in seen:
            findings.append(f)

    facts = dict(report.facts)
    facts["config"] = config.path
    if deployments:
        facts["config_deployments"] = ", ".join(_where(d.location) for d in deployments[:MAX_DEPLOYMENTS])
    notes = report.notes
    if not findings and steps:
        notes = (*notes, *steps)
    return replace(report, findings=tuple(findings), facts=facts, notes=notes)
