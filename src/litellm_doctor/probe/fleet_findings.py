"""From the replicas of a fleet to one Report: the replicas × checks table and the odd-one-out findings.

A check compares what the replicas answered and names the minority: the replicas that differ from
what most of them answer (on a tie, from the first replica given). A consistent fleet gives no fleet
finding. The per-replica findings of the ordinary probe verdicts are kept, once per distinct finding,
with the replicas they were seen on.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from ..masking import mask
from ..model import SEVERITY_RANK, Diagnosis, FleetCell, FleetRow, FleetView, Finding, ProbeResult, Report, RuleInfo
from .fleet import Attempt, Replica, majority
from .options import ProbeOptions
from .targets import Targets

_DOCS_PROD = "https://docs.litellm.ai/docs/proxy/prod"
_DOCS_LB = "https://docs.litellm.ai/docs/proxy/load_balancing"
_DOCS_HEALTH = "https://docs.litellm.ai/docs/proxy/health"


class FleetRule(RuleInfo):
    """A verdict of the fleet comparison (not read from error text)."""


def _rule(rid: str, name: str, category: str, severity: str, title: str, why: str, steps: tuple[str, ...], docs: tuple[str, ...]) -> FleetRule:
    return FleetRule(rid, name, category, severity, title, why, steps, docs)


FLEET_RULES = {
    "down": _rule(
        "LD-FLEET-001", "replica-unreachable", "deployment", "error",
        "A replica of the fleet does not answer",
        "The other replicas answer but this one does not: a load balancer that still sends it traffic fails the "
        "requests of its turn (1 in N), and one that health-checks it serves with less capacity.",
        ("Look at the replica's own log and restarts (`kubectl logs --previous`, `docker compose logs`).",
         "Make the load balancer's health check use `/health/liveliness` so it stops sending traffic to a dead replica."),
        (_DOCS_HEALTH,),
    ),
    "versions": _rule(
        "LD-FLEET-002", "mixed-litellm-versions", "deployment", "warning",
        "Two LiteLLM versions in the fleet",
        "The replicas run different LiteLLM releases (a rollout in progress or stuck, or an image tag such as "
        "`main-latest` pulled at different times). Requests behave differently depending on the replica that "
        "answers them, and the database schema of the newer one may not suit the older one.",
        ("Pin one image tag (e.g. `ghcr.io/berriai/litellm:main-v1.x.y`, not `main-latest`) for every replica and roll it out to all of them.",
         "If a rollout is stuck, look at why the new pods do not become ready (`kubectl rollout status`)."),
        ("https://docs.litellm.ai/docs/proxy/deploy",),
    ),
    "groups": _rule(
        "LD-FLEET-003", "replica-serves-other-model-groups", "routing", "error",
        "A replica does not serve the same model groups as the others",
        "The replicas answer /v1/models differently: this replica runs another config (an older ConfigMap, a pod "
        "not restarted since the change, another CONFIG_FILE_PATH) or dropped a deployment at start-up. Requests "
        "for the group fail on this replica only, so 1 request in N fails behind the load balancer.",
        ("Restart (or roll out) this replica so it loads the current config: `kubectl rollout restart \"deployment/$DEPLOYMENT\"` (DEPLOYMENT: the LiteLLM Deployment's name).",
         "Check that every replica mounts the same config (same ConfigMap/Secret version, same CONFIG_FILE_PATH).",
         "With models stored in the database (`store_model_in_db: true`), check that this replica reaches the same database."),
        ("https://docs.litellm.ai/docs/proxy/configs",),
    ),
    "deployments": _rule(
        "LD-FLEET-004", "replica-runs-other-deployments", "routing", "warning",
        "A replica runs other deployments for a model group than the others",
        "LiteLLM gives each deployment an id derived from its litellm_params (model, api_base, key, …) unless "
        "model_info.id sets one. The replicas list different ids for this group in /model/info: they run "
        "different configs for it (another api_base, model or key), so the answer depends on the replica.",
        ("Roll out the same config to every replica and restart the odd one.",
         "Compare `curl $REPLICA/model/info -H 'Authorization: Bearer $KEY'` of this replica and another one."),
        ("https://docs.litellm.ai/docs/proxy/configs",),
    ),
    "key": _rule(
        "LD-FLEET-005", "key-refused-by-some-replicas", "auth", "error",
        "The key is refused by some replicas and accepted by the others",
        "The replicas do not agree on who may call them: their master keys differ (LITELLM_MASTER_KEY or "
        "general_settings.master_key set per replica, a Secret not yet rolled out), or the replicas that refuse a "
        "virtual key do not reach the database that holds it. Behind a load balancer, 1 request in N is refused.",
        ("Give every replica the same master key from one Secret (`LITELLM_MASTER_KEY`) and restart the odd ones.",
         "For virtual keys, point every replica at the same DATABASE_URL and check their /health/readiness `db`."),
        ("https://docs.litellm.ai/docs/proxy/virtual_keys",),
    ),
    "ready": _rule(
        "LD-FLEET-006", "replica-not-ready-or-db-differs", "deployment", "error",
        "A replica is not ready, or does not reach the database the others reach",
        "/health/readiness differs between replicas: this one is not ready (503) or its database state differs "
        "from the others'. Its keys, budgets and spend are not the others'.",
        ("Check DATABASE_URL and the network path from this replica to the database.",
         "Use /health/readiness as the readiness probe so an unready replica leaves the load balancer."),
        (_DOCS_HEALTH, _DOCS_PROD),
    ),
    "redis": _rule(
        "LD-FLEET-007", "replica-without-shared-redis", "quota_rate", "warning",
        "A replica does not share Redis with the others",
        "LiteLLM keeps rate limits, budgets, router state (cooldowns, usage-based routing) and cache invalidation "
        "consistent across processes through Redis only (the proxy itself says so: `show_no_redis_warning` in "
        "/health/readiness/details). A replica without Redis, or whose Redis does not answer, counts alone: its "
        "limits apply again on top of the fleet's, and it keeps routing to deployments the others cooled down.",
        ("Give this replica the same Redis as the others: `router_settings.redis_host/redis_port/redis_password` "
         "(and `litellm_settings.cache_params` if it caches), from the same Secret.",
         "Check that the replica reaches Redis: `curl $REPLICA/cache/ping -H 'Authorization: Bearer $KEY'`."),
        (_DOCS_PROD, _DOCS_LB),
    ),
    "group-fails": _rule(
        "LD-FLEET-008", "group-fails-on-some-replicas", "routing", "error",
        "A model group fails on some replicas and works on the others",
        "The same max_tokens=1 completion succeeds through some replicas and fails through others: the failing "
        "replicas have another config, key or network path for this group's deployments.",
        ("Compare the failing replica's finding for this group (below) with a working replica's config and environment.",
         "Restart or roll out the failing replica with the same config and Secrets as the others."),
        (_DOCS_HEALTH,),
    ),
    "warnings": _rule(
        "LD-FLEET-009", "replica-warns-about-itself", "deployment", "warning",
        "A replica warns about its own deployments",
        "The proxy's /health/deployment_warnings lists problems it found in its own configuration. When only some "
        "replicas warn, their configs differ.",
        ("Read the warnings and fix the config they name; roll it out to every replica.",),
        (_DOCS_HEALTH,),
    ),
    "intermittent": _rule(
        "LD-FLEET-010", "intermittent-answers-behind-one-address", "routing", "error",
        "The same probe gets different answers through one address: intermittent failure",
        "The same cheap probes sent several times through one address (a load balancer, a Kubernetes Service) got "
        "different answers. Behind it, replicas differ (config, version, key, Redis): the rate is the share of "
        "requests that land on the odd replicas.",
        ("Probe the replicas directly to find the odd one: `litellm-doctor probe --fleet \"$HEADLESS_SERVICE:4000\"` "
         "or `--proxy \"http://$POD_IP:4000\"` once per pod (HEADLESS_SERVICE: a headless Service over the pods; "
         "POD_IP: each pod's IP from `kubectl get pods -o wide`).",
         "Roll out the same image, config and Secrets to every replica."),
        (_DOCS_LB,),
    ),
    "no-redis-fleet": _rule(
        "LD-FLEET-011", "fleet-without-redis", "quota_rate", "info",
        "Several replicas and no Redis: rate limits, budgets and cooldowns are per replica",
        "Every replica reports that it has no Redis (`show_no_redis_warning` in /health/readiness/details). Each "
        "counts rate limits, budgets, cooldowns and usage-based routing alone, so every limit of the config is "
        "multiplied by the number of replicas (and workers). Give the doctor the config (--config) to get the "
        "effective limits.",
        ("Add Redis shared by every replica: `router_settings.redis_host/redis_port/redis_password`.",),
        (_DOCS_PROD, _DOCS_LB),
    ),
}


def _finding(key: str, message: str, *, evidence: str | None = None, severity: str | None = None, steps: Iterable[str] | None = None) -> Finding:
    rule = FLEET_RULES[key]
    return Finding(
        rule.id, rule.category, severity or rule.severity, rule.title, mask(message),
        tuple(steps) if steps is not None else rule.steps, None, rule.docs, mask(evidence) if evidence else None,
    )


def _names(replicas: Iterable[Replica]) -> str:
    return ", ".join(r.label for r in replicas)


def _odd(replicas: list[Replica], value: Any) -> tuple[Any, list[Replica]]:
    """The majority value of `value(replica)` and the replicas that differ from it."""
    values = [value(r) for r in replicas]
    common, _ = majority(values)
    return common, [r for r, v in zip(replicas, values) if v != common]


# -- the comparison -------------------------------------------------------------------------------
def compare(replicas: list[Replica]) -> list[Finding]:
    findings: list[Finding] = []
    n = len(replicas)
    up = [r for r in replicas if r.reachable]
    down = [r for r in replicas if not r.reachable]
    if up and down:
        findings.append(_finding("down", f"{len(down)} of {n} replicas do not answer ({_names(down)}); the others do: "
                                 f"behind a load balancer {len(down)} request(s) in {n} fail until it stops sending them traffic"))
    if len(up) < 2:
        return findings
    # Versions
    versions = [r for r in up if r.version]
    if len({r.version for r in versions}) > 1:
        counts = Counter(r.version for r in versions)
        spread = "; ".join(f"{v} on {c}: {_names(r for r in versions if r.version == v)}" for v, c in counts.most_common())
        common, odd = _odd(versions, lambda r: r.version)
        findings.append(_finding("versions", f"{len(counts)} LiteLLM versions in the fleet ({spread}); the odd replica(s): "
                                 f"{_names(odd)} (the others run {common})"))
    # Readiness and database
    ready_common, not_ready = _odd(up, lambda r: (r.readiness_status, str(r.readiness.get("db"))))
    for r in not_ready:
        findings.append(_finding("ready", f"replica {r.label} answers /health/readiness with {r.readiness_status} "
                                 f"(db: {r.readiness.get('db')}), the others with {ready_common[0]} (db: {ready_common[1]})"))
    # The key
    answered = [r for r in up if r.key_accepted is not None]
    refused = [r for r in answered if r.key_accepted is False]
    if refused and len(refused) < len(answered):
        statuses = ", ".join(f"{r.label}: {r.key_status}" for r in refused)
        findings.append(_finding("key", f"the key is refused by {len(refused)} of {len(answered)} replicas ({statuses}) and accepted "
                                 "by the others: master keys differ (or those replicas do not reach the key database)"))
    accepted = [r for r in answered if r.key_accepted]
    # Model groups served
    listing = [r for r in accepted if r.served is not None]
    if len(listing) > 1:
        groups = list(dict.fromkeys(g for r in listing for g in r.served or ()))
        for r in listing:
            missing = [g for g in groups if g not in (r.served or ()) and sum(g in (o.served or ()) for o in listing) > len(listing) / 2]
            extra = [g for g in (r.served or ()) if sum(g in (o.served or ()) for o in listing) <= len(listing) / 2]
            if missing:
                shown = ", ".join(f"`{g}`" for g in missing[:8])
                findings.append(_finding("groups", f"replica {r.label} does not serve {shown} (the others do): its config is older "
                                         "or differs", evidence=f"{r.label}/v1/models lists {len(r.served or ())} group(s)"))
            if extra:
                shown = ", ".join(f"`{g}`" for g in extra[:8])
                findings.append(_finding("groups", f"replica {r.label} serves {shown}, which the others do not: its config differs",
                                         severity="warning"))
    # Deployment ids per group
    infos = [r for r in accepted if r.deployments is not None]
    if len(infos) > 1:
        groups = list(dict.fromkeys(g for r in infos for g in r.deployments or {}))
        for g in groups:
            having = [r for r in infos if g in (r.deployments or {})]
            if len(having) < 2:
                continue
            common, odd = _odd(having, lambda r: (r.deployments or {}).get(g))
            for r in odd:
                findings.append(_finding("deployments", f"replica {r.label} runs other deployments for `{g}` than the others "
                                         f"(model_info ids {', '.join(i[:12] for i in (r.deployments or {})[g])} vs "
                                         f"{', '.join(i[:12] for i in common)}): its config for `{g}` differs"))
    # Redis
    findings += _redis_findings(up)
    # Deep completions
    groups = list(dict.fromkeys(g for r in accepted if r.run is not None for g in r.run.groups))
    for g in groups:
        failing = [r for r in accepted if r.group_status(g) == "fail"]
        passing = [r for r in accepted if r.group_status(g) == "pass"]
        if failing and passing:
            findings.append(_finding("group-fails", f"model group `{g}` fails on {len(failing)} of {len(failing) + len(passing)} "
                                     f"replicas ({_names(failing)}) and works on {_names(passing)}"))
    # Self-reported warnings (/health/deployment_warnings), one finding per warning with who reports it
    asked = [r for r in up if r.warnings is not None]
    by_warning: dict[str, list[Replica]] = {}
    for r in asked:
        for w in r.warnings or []:
            by_warning.setdefault(w, []).append(r)
    for w, reporting in by_warning.items():
        if len(reporting) == len(up):
            who = "every replica warns"
        else:
            who = f"{len(reporting)} of {len(up)} replicas ({_names(reporting)}) warn"
            if len(asked) < len(up):
                who += f" ({len(up) - len(asked)} have no /health/deployment_warnings: an older LiteLLM)"
        findings.append(_finding("warnings", f"{who} about itself: {w}"))
    return findings


def redis_state(r: Replica) -> str | None:
    """`shared`, `missing` (the replica says it has no Redis), `unreachable` (its cache does not answer), None: unknown."""
    if r.cache_ping == "unreachable":
        return "unreachable"
    flag = r.readiness.get("show_no_redis_warning")
    if flag is True or any(w.startswith("no_redis ") for w in r.warnings or ()):
        return "missing"
    if flag is False or r.cache_ping == "ok":
        return "shared"
    return None


def _redis_findings(up: list[Replica]) -> list[Finding]:
    known = [r for r in up if redis_state(r) is not None]
    if len(known) < 2:
        return []
    with_redis = [r for r in known if redis_state(r) == "shared"]
    out = []
    for r in known:
        state = redis_state(r)
        if state == "unreachable":
            out.append(_finding("redis", f"replica {r.label} does not reach its Redis (/cache/ping: {r.cache_error}): it counts "
                                "rate limits, budgets and cooldowns alone until Redis answers again"))
        elif state == "missing" and with_redis:
            out.append(_finding("redis", f"replica {r.label} has no Redis (its readiness says `show_no_redis_warning: true`) while "
                                f"{_names(with_redis)} share one: it counts rate limits, budgets and cooldowns alone"))
    return out


# -- the table ------------------------------------------------------------------------------------
CHECKS = ("reachable", "ready", "version", "key", "model groups", "deployments", "redis")


def fleet_view(replicas: list[Replica], deep: bool) -> FleetView:
    up = [r for r in replicas if r.reachable]
    common_version = majority([r.version for r in up])[0] if up else None
    accepted = [r for r in up if r.key_accepted]
    all_groups = [g for r in accepted for g in (r.served or ())]
    group_counts = Counter(all_groups)
    common_groups = {g for g, c in group_counts.items() if c > len(accepted) / 2}
    infos = [r for r in accepted if r.deployments is not None]
    # Per group, the ids most replicas list: a replica that lacks a group is the model-groups column's.
    common_ids = {g: majority([(o.deployments or {}).get(g) for o in infos if g in (o.deployments or {})])[0]
                  for g in {g for r in infos for g in (r.deployments or {})}}
    ready_common = majority([(r.readiness_status, str(r.readiness.get("db"))) for r in up])[0] if up else None
    checks = CHECKS + (("completions",) if deep else ())
    rows = []
    for r in replicas:
        if not r.reachable:
            rows.append(FleetRow(r.label, (FleetCell("fail", "no answer"),) + tuple(FleetCell("skip", "") for _ in checks[1:])))
            continue
        cells = [FleetCell("pass", "yes")]
        db = r.readiness.get("db")
        ready_text = f"{r.readiness_status or '?'}" + (f", db {db}" if db else "")
        ready_ok = r.readiness_status == 200 and (r.readiness_status, str(db)) == ready_common
        cells.append(FleetCell("pass" if ready_ok else "fail", ready_text))
        cells.append(FleetCell("pass" if r.version == common_version else "fail", r.version or "?"))
        if r.key_accepted is None:
            cells.append(FleetCell("skip", "?"))
        else:
            cells.append(FleetCell("pass" if r.key_accepted else "fail", "accepted" if r.key_accepted else f"refused {r.key_status or ''}".strip()))
        if r.served is None or not r.key_accepted:
            cells.append(FleetCell("skip", "-"))
        else:
            missing = len(common_groups - set(r.served))
            extra = len(set(r.served) - common_groups)
            text = f"{len(r.served)}" + (f" (-{missing})" if missing else "") + (f" (+{extra})" if extra else "")
            cells.append(FleetCell("pass" if not missing and not extra else "fail", text))
        if r.deployments is None:
            cells.append(FleetCell("skip", "-"))
        else:
            same = all(common_ids.get(g) == ids for g, ids in r.deployments.items())
            cells.append(FleetCell("pass" if same else "fail", "same" if same else "differ"))
        state = redis_state(r)
        cells.append(FleetCell({"shared": "pass", None: "skip"}.get(state, "fail"), {None: "?", "shared": "yes"}.get(state, state or "?")))
        if deep:
            run_groups = r.run.groups if r.run is not None else {}
            ok = sum(1 for s in run_groups.values() if s.status == "pass")
            cells.append(FleetCell("pass" if ok == len(run_groups) else "fail", f"{ok}/{len(run_groups)}"))
        rows.append(FleetRow(r.label, tuple(cells)))
    return FleetView(checks, tuple(rows))


# -- the report -----------------------------------------------------------------------------------
def _merged_replica_findings(replicas: list[Replica]) -> list[Finding]:
    """Each distinct per-replica finding once, with the replicas it was seen on."""
    seen: dict[tuple[str, str], tuple[Finding, list[str]]] = {}
    for r in replicas:
        if r.report is None:
            continue
        for f in r.report.findings:
            key = (f.rule_id, f.message.replace(r.url, "the replica"))
            if key in seen:
                seen[key][1].append(r.label)
            else:
                seen[key] = (f, [r.label])
    out = []
    for (_, shared_message), (f, labels) in seen.items():
        # Seen on several replicas: the message names none of them (the list after it does).
        message = shared_message if len(labels) > 1 else f.message
        where = "every replica" if len(labels) == len(replicas) else ", ".join(labels)
        out.append(Finding(f.rule_id, f.category, f.severity, f.title, f"{message} (on {where})", f.steps, f.location, f.docs, f.evidence))
    return out


def _prefixed(r: Replica, p: ProbeResult) -> ProbeResult:
    target = p.target if r.label in p.target else f"{r.label} {p.target}"
    return ProbeResult(p.id, target, p.status, p.latency_ms, p.detail)


def _diagnosis(finding: Finding, replicas: Iterable[Replica] = ()) -> Diagnosis:
    for r in replicas:  # a replica's own verdict: the diagnosis its probe report gave it
        d = r.report.diagnosis if r.report is not None else None
        if d is not None and d.rule_id == finding.rule_id:
            return d
    rule = next((r for r in FLEET_RULES.values() if r.id == finding.rule_id), None)
    return Diagnosis(finding.rule_id, rule.name if rule else finding.rule_id.lower(), finding.title, finding.category, 0.9,
                     rule.why if rule else finding.message)


def shared_state_findings(config: Any, replicas: list[Replica], workers: int | None, db_max_connections: int | None,
                          shape: Any = None) -> list[Finding]:
    """The config's shared state against the fleet: LD-CFG-150/151 with the fleet's process count and Redis state.
    `shape` (config/deployshape.DeployShape): the deployment's files, for what --workers / --db-max-connections did not say."""
    up = [r for r in replicas if r.reachable]
    processes = len(replicas) * (workers or 1)
    source = f"{len(replicas)} replicas" + (f" x {workers} workers" if workers else "")
    from_files = shape.fleet_processes(len(replicas)) if shape is not None and not workers else None
    if from_files is not None:
        processes, source = from_files
    states = [redis_state(r) for r in up]
    # What the replicas say wins over the config: a Redis in the config that a replica cannot reach is no Redis.
    no_redis = [r for r, s in zip(up, states) if s in ("missing", "unreachable")]
    has_redis: bool | None = None if not any(s is not None for s in states) else not no_redis
    # A replica whose readiness says `db: connected` has a database, whatever this process's environment says.
    database = True if any(str(r.readiness.get("db")) == "connected" for r in up) else None
    return _config_findings(config, processes, source, shape, db_max_connections, has_redis=has_redis,
                            without=[r.label for r in no_redis], database=database)


def _config_findings(config: Any, processes: int, source: str, shape: Any, db_max_connections: int | None, *,
                     has_redis: bool | None, without: list[str], database: bool | None) -> list[Finding]:
    """LD-CFG-150 and LD-CFG-151 as findings of a probe report (the checks' own text, steps and docs)."""
    from ..config.checks import CheckInfo, catalog, fill
    from ..config.checks.fleet import db_connections_hit, shared_state_hit
    from .targets import to_location

    max_source = ""
    if not db_max_connections and shape is not None and shape.max_connections is not None:
        db_max_connections, max_source = shape.max_connections.value, shape.max_connections.where
    info_of = {c.id: c for c in catalog()}
    out = []
    for hit, check_id in (
        (shared_state_hit(config, processes, source, has_redis=has_redis, without=without,
                          redis_deployed=shape.redis if shape is not None else None), "LD-CFG-150"),
        (db_connections_hit(config, processes, source, db_max_connections, max_source=max_source, database=database), "LD-CFG-151"),
    ):
        if hit is None:
            continue
        info: CheckInfo = info_of[check_id]
        steps = tuple(fill(s, hit.facts) for s in (hit.steps or info.steps))
        location = hit.location or (config.location_of(hit.path) if hit.path and hasattr(config, "location_of") else None)
        out.append(Finding(info.id, info.category, hit.severity or info.severity, fill(info.title, hit.facts), mask(hit.message),
                           steps, to_location(location), info.docs))
    return out


def _most_severe_first(finding: Finding) -> int:
    return -SEVERITY_RANK.get(finding.severity, 0)


def with_shared_state(report: Report, config: Any, shape: Any, workers: int | None, db_max_connections: int | None) -> Report:
    """One address probed (a replica, or the load balancer in front of them) with the config: LD-CFG-150/151 for
    the processes behind it, from --workers (per replica) and the deployment's files (`shape`)."""
    from dataclasses import replace

    from ..config.deployshape import DeployShape

    notes = shape.report_notes() if shape is not None else ()
    if workers:
        processes, source = (shape or DeployShape()).per_replica(workers)
    elif shape is not None and shape.processes:
        processes, source = shape.processes, shape.source
    else:
        return replace(report, notes=(*report.notes, *notes)) if notes else report
    findings: list[Finding] = []
    if config is not None:
        # The proxy's own `no_redis` warning (LD-PROBE-021) says it has no Redis, whatever the config says.
        no_redis = any(f.rule_id == "LD-PROBE-021" for f in report.findings)
        database = True if str(report.facts.get("database")) == "connected" else None
        seen = {f.rule_id for f in report.findings}
        findings = [f for f in _config_findings(config, processes, source, shape, db_max_connections,
                                                has_redis=False if no_redis else None, without=[], database=database)
                    if f.rule_id not in seen]
    merged = tuple(sorted((*report.findings, *findings), key=_most_severe_first))
    return replace(report, findings=merged, notes=(*report.notes, *notes))


def fleet_report(
    replicas: list[Replica], targets: Targets, options: ProbeOptions, *, config: Any = None, workers: int | None = None,
    db_max_connections: int | None = None, command: str = "probe", shape: Any = None,
) -> Report:
    findings = compare(replicas)
    if config is not None:
        findings += shared_state_findings(config, replicas, workers, db_max_connections, shape)
    elif len(replicas) > 1 and all(redis_state(r) == "missing" for r in replicas if r.reachable) and any(r.reachable for r in replicas):
        findings.append(_finding("no-redis-fleet", f"none of the {len(replicas)} replicas has Redis: each counts limits, budgets "
                                 "and cooldowns alone"))
    fleet_ids = {f.rule_id for f in findings}
    findings += [f for f in _merged_replica_findings(replicas) if f.rule_id not in fleet_ids]
    findings.sort(key=_most_severe_first)
    probes = tuple(_prefixed(r, p) for r in replicas if r.report is not None for p in r.report.probes)
    versions = Counter(r.version for r in replicas if r.version)
    facts = {"replicas": str(len(replicas)), "replicas_answering": str(sum(r.reachable for r in replicas))}
    if versions:
        facts["litellm_version"] = ", ".join(f"{v} ({c})" for v, c in versions.most_common())
    if targets.config_file:
        facts["config_file"] = targets.config_file
    elapsed = max((r.run.elapsed for r in replicas if r.run is not None), default=0.0)
    notes = [f"Probed {len(replicas)} replicas in {elapsed:.1f} s (at most 8 at once; deadline {options.deadline:g} s each)."]
    if shape is not None:
        notes += shape.report_notes()
    if not any(f.rule_id.startswith("LD-FLEET") for f in findings) and sum(r.reachable for r in replicas) > 1:
        notes.insert(0, "The replicas agree: same version, readiness, key acceptance, model groups and deployments.")
    primary = next((f for f in findings if f.severity == "error"), findings[0] if findings else None)
    return Report(
        command=command,
        category=primary.category if primary else "unknown",
        diagnosis=_diagnosis(primary, replicas) if primary else None,
        facts=facts,
        findings=tuple(findings),
        probes=probes,
        notes=tuple(notes),
        fleet=fleet_view(replicas, options.deep),
    )


# -- --repeat -------------------------------------------------------------------------------------
_ATTEMPT_FIELDS = (
    ("version", "LiteLLM version"),
    ("ready", "/health/readiness"),
    ("key", "the key"),
    ("models", "model groups served (/v1/models)"),
    ("deployments", "deployment ids (/model/info)"),
    ("cache", "Redis (/cache/ping)"),
    ("groups", "completions (--deep)"),
)


def _show(field: str, value: Any) -> str:
    if value is None:
        return "no answer"
    if field == "models":
        return f"{len(value)} groups" + (f" ({', '.join(value[:6])})" if value else "")
    if field == "deployments":
        return f"{sum(len(ids) for _, ids in value)} deployments"
    if field == "groups":
        failed = [g for g, s in value if s == "fail"]
        return f"{len(value) - len(failed)}/{len(value)} groups answer" + (f" ({', '.join(failed[:5])} fail)" if failed else "")
    return str(value)


def repeat_report(url: str, replicas: list[Replica], attempts: list[Attempt], *, command: str = "probe") -> Report:
    n = len(attempts)
    findings: list[Finding] = []
    notes: list[str] = []
    for name, label in _ATTEMPT_FIELDS:
        values = [getattr(a, name) for a in attempts]
        counts = Counter(values)
        if len(counts) < 2:
            continue
        common, _ = majority(values)
        parts = []
        for value, count in counts.most_common():
            if value == common:
                continue
            diff = ""
            if name == "models" and common is not None and value is not None:
                lost = [g for g in common if g not in value]
                gained = [g for g in value if g not in common]
                diff = "; ".join(x for x in (f"without {', '.join(f'`{g}`' for g in lost)}" if lost else "",
                                             f"with {', '.join(f'`{g}`' for g in gained)}" if gained else "") if x)
            parts.append(f"{count} in {n}: {_show(name, value)}" + (f" ({diff})" if diff else ""))
        odd = n - counts[common]
        from math import gcd

        share = gcd(odd, n)
        reduced = f" (1 in {n // odd})" if odd and n % odd == 0 and odd > 1 else (f" ({odd // share} in {n // share})" if share > 1 else "")
        findings.append(_finding(
            "intermittent",
            f"{label} differs between attempts through {url}: {odd} in {n} answers{reduced} differ from the rest "
            f"({n - odd} in {n}: {_show(name, common)}; " + "; ".join(parts) + ")",
        ))
    if not findings:
        notes.append(f"All {n} attempts through {url} got the same answers.")
    notes.append(f"{n} attempts through {url}, each on its own connection (a load balancer balances connections).")
    probes = tuple(ProbeResult(p.id, f"#{i + 1} {p.target}", p.status, p.latency_ms, p.detail)
                   for i, r in enumerate(replicas) if r.report is not None for p in r.report.probes)
    failing_everywhere = [f for f in _merged_replica_findings(replicas) if "(on every replica)" in f.message]
    findings += [Finding(f.rule_id, f.category, f.severity, f.title, f.message.replace("(on every replica)", "(every attempt)"),
                         f.steps, f.location, f.docs, f.evidence) for f in failing_everywhere]
    primary = findings[0] if findings else None
    return Report(
        command=command,
        category=primary.category if primary else "unknown",
        diagnosis=_diagnosis(primary, replicas) if primary else None,
        facts={"proxy_url": url, "attempts": str(n)},
        findings=tuple(findings),
        probes=probes,
        notes=tuple(notes),
    )
