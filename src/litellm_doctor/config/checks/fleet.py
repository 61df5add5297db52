"""Checks on state shared by several proxy processes (workers × replicas): what needs Redis, and DB connections.

What needs Redis across processes, from LiteLLM 1.103.0 itself (`_show_no_redis_warning`,
proxy/health_endpoints/_health_endpoints.py): "Redis is what makes rate limits, budgets, router state,
and cache invalidation consistent across workers"; the router's own Redis (`router_settings.redis_host`)
"backs cooldowns and usage-based routing"; the coordination cache comes from a Redis response cache,
`general_settings.coordination_redis` or the REDIS_* environment. Without it each process counts alone,
so a limit of L acts as up to L × processes.

Database connections: each proxy process opens a Prisma pool of `general_settings.database_connection_pool_limit`
connections (default 10, `LiteLLMDatabaseConnectionPool` in proxy/proxy_cli.py), so a fleet needs
limit × workers × replicas connections from Postgres (docs: proxy/prod, "Database connection pool").

The two functions below are shared by `check` (processes from --workers / NUM_WORKERS) and by the
fleet probe (processes = replicas given × --workers, Redis as the replicas report it).
"""

from __future__ import annotations

import re
from typing import Any

from . import Context, Hit, check
from .router_settings import _router_has_redis, _workers
from .util import code, named, unit

DEFAULT_DB_POOL_LIMIT = 10  # LiteLLMDatabaseConnectionPool.database_connection_pool_limit, proxy_cli.py
POSTGRES_RESERVED = 3  # superuser_reserved_connections, Postgres default


def config_has_redis(config: Any) -> bool:
    """Redis for the router or for the coordination cache, as the config and its environment set it."""
    from types import SimpleNamespace

    if _router_has_redis(SimpleNamespace(config=config)):  # type: ignore[arg-type]
        return True
    if config.section("general_settings").get("coordination_redis"):
        return True
    env = getattr(config, "env", None)
    return bool(env is not None and (env.has("REDIS_HOST") or env.has("REDIS_URL")))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _times(value: float, n: int) -> str:
    return f"{value * n:g}"


def shared_state_hit(
    config: Any, processes: int | None, source: str, *, has_redis: bool | None = None, without: list[str] | None = None,
    router_limits: bool = True, redis_deployed: str | None = None,
) -> Hit | None:
    """One Hit listing every limit that is multiplied by `processes` because no Redis is shared.

    `router_limits=False` leaves out deployment rpm/tpm and usage-based routing: `check` reports those
    with LD-CFG-080 already; the fleet probe, which runs no LD-CFG-080, lists everything in one finding."""
    if not processes or processes < 2:
        return None
    redis = config_has_redis(config) if has_redis is None else has_redis
    if redis:
        return None
    parts: list[str] = []
    first_path: tuple | None = None
    location = None
    for d in config.deployments if router_limits else ():
        for key in ("rpm", "tpm"):
            value = _number(d.litellm_params.get(key))
            if value:
                parts.append(f"{code(d.model_name)} {key} {value:g} acts as up to {_times(value, processes)}")
                location = location or d.location
    router = config.section("router_settings")
    strategy = router.get("routing_strategy")
    if router_limits and isinstance(strategy, str) and strategy.startswith("usage-based-routing"):
        parts.append(f"{code('routing_strategy: ', strategy)} decides on 1/{processes} of the usage")
        first_path = first_path or ("router_settings", "routing_strategy")
    budgets = router.get("provider_budget_config")
    if isinstance(budgets, dict):
        for provider, spec in list(budgets.items())[:5]:
            value = _number(spec.get("budget_limit")) if isinstance(spec, dict) else None
            if value:
                parts.append(f"provider budget {code(provider)} ${value:g}/{spec.get('time_period', '?')} acts as up to ${_times(value, processes)}")
                first_path = first_path or ("router_settings", "provider_budget_config")
    settings = config.section("litellm_settings")
    value = _number(settings.get("max_budget"))
    if value:
        parts.append(f"`litellm_settings.max_budget` ${value:g} acts as up to ${_times(value, processes)}")
        first_path = first_path or ("litellm_settings", "max_budget")
    general = config.section("general_settings")
    for key in ("max_parallel_requests", "global_max_parallel_requests"):
        value = _number(general.get(key))
        if value:
            parts.append(f"{code('general_settings.', key)} {value:g} acts as up to {_times(value, processes)}")
            first_path = first_path or ("general_settings", key)
    if not parts:
        return None  # nothing is limited: per-process cooldowns alone are no finding
    if router.get("disable_cooldowns") is not True:
        parts.append("a deployment cooled down by one process keeps getting traffic from the others")
    lacking = f" ({', '.join(without)} without Redis)" if without else ""
    message = (f"{processes} proxy processes ({source}) share no Redis{lacking}: each counts alone, so "
               + "; ".join(parts[:8]) + (f"; and {len(parts) - 8} more" if len(parts) > 8 else ""))
    if redis_deployed and not without:
        # The deployment runs a Redis the config does not use: the fix is to point the proxy at it.
        message += f". A Redis server is deployed beside the proxy ({redis_deployed}) but the config does not use it"
    if location is None and first_path is not None:
        location = config.location_of(first_path)
    return Hit(message, location=location, path=first_path, facts={"processes": processes, "source": source})


def db_connections_hit(config: Any, processes: int | None, source: str, max_connections: int | None, *, database: bool | None = None,
                       max_source: str = "") -> Hit | None:
    """pool limit × processes against Postgres `max_connections` (when it is known)."""
    if not processes or not max_connections:
        return None
    general = config.section("general_settings")
    if database is None:
        env = getattr(config, "env", None)
        database = bool(general.get("database_url") or (env is not None and (env.has("DATABASE_URL") or env.has("DATABASE_HOST"))))
    if not database:
        return None
    limit_value = _number(general.get("database_connection_pool_limit"))
    limit = int(limit_value) if limit_value else DEFAULT_DB_POOL_LIMIT
    total = limit * processes
    usable = max_connections - POSTGRES_RESERVED
    if total <= usable:
        return None
    written = "database_connection_pool_limit" in general
    suggested = max(1, usable // processes)
    return Hit(
        f"{limit} database connections per process ({'general_settings.database_connection_pool_limit' if written else 'the default'}) "
        f"x {processes} processes ({source}) = {total}, more than Postgres allows ({max_connections} max_connections"
        f"{f' at {max_source}' if max_source else ''}, {POSTGRES_RESERVED} reserved): processes fail with `too many clients already` under load",
        path=("general_settings", "database_connection_pool_limit") if written else None,
        location=None if written else config.location_of("general_settings"),
        facts={"limit": limit, "processes": processes, "total": total, "max_connections": max_connections, "suggested": suggested},
    )


@check("LD-CFG-150")
def shared_state_without_redis(ctx: Context):
    workers, source = _workers(ctx)
    hit = shared_state_hit(ctx.config, workers, source or "workers", router_limits=False, redis_deployed=ctx.options.redis_deployed)
    if hit is not None:
        yield hit


@check("LD-CFG-151")
def db_connections_over_max(ctx: Context):
    workers, source = _workers(ctx)
    hit = db_connections_hit(ctx.config, workers, source or "workers", ctx.options.db_max_connections,
                             max_source=ctx.options.db_max_connections_source)
    if hit is not None:
        yield hit


# -- A Kubernetes Service and the LiteLLM pods it selects (config/deployshape/services.py) ----------------------
# Variables whose source, when it differs between two workloads behind one Service, makes requests behave
# differently depending on the pod they reach (LiteLLM 1.103.0): LITELLM_MASTER_KEY (proxy_server.py:1178, the
# master key when the config sets none), DATABASE_URL (proxy_server.py:1216: keys, budgets, spend), LITELLM_SALT_KEY
# (common_utils/encrypt_decrypt_utils.py:29: decrypts the credentials stored in the database), REDIS_* (the
# coordination cache); and every variable the config names with `os.environ/`.
SERVICE_ENV = ("LITELLM_MASTER_KEY", "DATABASE_URL", "LITELLM_SALT_KEY", "REDIS_HOST", "REDIS_PORT", "REDIS_URL", "REDIS_PASSWORD")


def _name(service: str) -> str:
    """`litellm` of "Service litellm"."""
    return service.split(" ", 1)[1]


def _in(namespace: str | None) -> str:
    return f" (namespace {named(namespace)})" if namespace else ""


def _location(where: str):
    from ...model import Location

    head = where.split(", from ", 1)[0]
    file, _, line = head.rpartition(":")
    return Location(file, int(line)) if file and line.isdigit() else Location(head)


def _groups(pods: tuple, value) -> list[tuple[Any, list]] | None:
    """The workloads grouped by what they have (None when all agree, or when one is not known here: `...`)."""
    groups: dict[Any, tuple[Any, list]] = {}
    for p in pods:
        got = value(p)
        if got is ...:
            return None
        key = got.key if got is not None else None
        groups.setdefault(key, (got, []))[1].append(p)
    return list(groups.values()) if len(groups) > 1 else None


def _env_of(name: str):
    def value(p):
        found = dict(p.env).get(name)
        return found if found is not None or not p.env_open else ...
    return value


def _describe(groups: list[tuple[Any, list]], lead: str) -> str:
    """"image A (file:line) on Deployment x, B (file:line) on Deployment y"."""
    return lead + ", ".join((f"{got.shown}" if got is not None else "not set") + " on " + " and ".join(unit(p.unit) for p in pods)
                            for got, pods in groups)


def _fixed_count(p) -> int | None:
    """A LiteLLM workload's replicas when the files fix them (1 when unwritten), None when an autoscaler moves them
    or they are not counted here."""
    if not p.counted or p.replicas and ("HPA" in p.replicas.what or "KEDA" in p.replicas.what):
        return None
    return p.replicas.value if p.replicas else 1


def _share(pods: tuple) -> str:
    """" (about 1 request in 4 reaches Deployment litellm-next: 1 + 3 replicas)" when every count is a fixed one."""
    counts = [_fixed_count(p) for p in pods]
    if None in counts:
        return ""
    total = sum(counts)
    fewest = min(range(len(counts)), key=lambda i: counts[i])
    return (f" (about {counts[fewest]} request{'s' if counts[fewest] != 1 else ''} in {total} reach{'es' if counts[fewest] == 1 else ''} "
            f"{unit(pods[fewest].unit)}: {' + '.join(map(str, counts))} replicas)")


def fleet_address(routes: list) -> str:
    """The `--fleet NAME:PORT` for these pods: a headless Service among those selecting them, else how to add one (a
    ClusterIP Service's address reaches one pod per connection)."""
    from ..deployshape.services import dns_name

    # No namespace in the files: the bare name, which resolves only from a pod in the Service's namespace.
    inside = "" if routes[0].namespace else ", run from a pod in the namespace the manifests are applied to"
    headless = next((r for r in routes if r.headless), None)
    if headless:
        return f"here: {code('--fleet ', headless.address())}, {unit(headless.service)}{inside}"
    first = routes[0]
    name = _name(first.service)
    return (f"none selects these pods: add one with the selector of {unit(first.service)}, e.g. {code(name, '-headless')}, then "
            f"{code('--fleet ', dns_name(name + '-headless', first.namespace, first.target or 4000))}{inside}")


def _differences(pods: tuple, names: list[str]) -> tuple[list[str], list[str]]:
    """What differs between the workloads, and what that does."""
    out, effects = [], []
    image = _groups(pods, lambda p: p.image if p.image is not None else ...)
    if image:
        out.append(_describe(image, "image "))
        versions = {m.group(0) if (m := re.search(r"\d+\.\d+\.\d+", g.key[1])) else g.key[1] for g, _ in image}
        effects.append(f"{len(image)} LiteLLM {'versions' if len(versions) > 1 else 'images'} answer behind one address")
    config = _groups(pods, lambda p: p.config if p.config is not None else ...)
    if config:
        out.append(_describe(config, "config file from "))
        effects.append("the pods serve different configs (model groups, limits, settings)")
    env = [(name, groups) for name in names if (groups := _groups(pods, _env_of(name)))]
    for name, groups in env:
        out.append(_describe([(g, ps) for g, ps in groups], f"{name} from ").replace("from not set", "not set"))
    if env:
        said = [n for n, _ in env]
        effects.append("a key accepted by one pod may be refused by another" if "LITELLM_MASTER_KEY" in said or any("MASTER_KEY" in n for n in said)
                       else f"the pods take {', '.join(said)} from different places")
    return out, effects


@check("LD-CFG-152")
def service_mixes_litellm_workloads(ctx: Context):
    names = [*SERVICE_ENV, *dict.fromkeys(r.name for r in ctx.config.env_refs if r.name not in SERVICE_ENV)]
    # One finding per set of pods: a Service and the headless Service beside it select the same ones.
    by_pods: dict[tuple, list] = {}
    for route in ctx.options.service_routes:
        if len(route.pods) > 1:
            by_pods.setdefault((route.namespace, route.pods), []).append(route)
    for (namespace, pods), routes in by_pods.items():
        pods = tuple(sorted(pods, key=lambda p: -(p.replicas.value if p.replicas else 1)))  # the most replicas first: the odd one last
        differences, effects = _differences(pods, names)
        if not differences:
            continue
        routes = sorted(routes, key=lambda r: r.headless)  # the address clients use first
        services = " and ".join(unit(r.service) for r in routes)
        units = " and ".join(p.unit for p in pods)
        where = _in(namespace)
        message = (f"{services}{where} send{'s' if len(routes) == 1 else ''} requests to the pods of "
                   f"{' and '.join(unit(p.unit) for p in pods)}, which differ: "
                   + "; ".join(differences) + f". So {' and '.join(effects)}: what a request gets depends on the pod it reaches"
                   + _share(pods))
        canary = [p.unit for p in pods if p.canary]
        if canary:  # said to be a canary (its name or a pod label): the difference is meant; only its share is news
            message += f". {' and '.join(map(unit, canary))} {'is' if len(canary) == 1 else 'are'} marked canary: if that is deliberate, this is the share it gets"
        yield Hit(message, location=_location(routes[0].where), severity="info" if canary else None,
                  facts={"service": _name(routes[0].service), "workloads": units, "fleet": fleet_address(routes)})


@check("LD-CFG-153")
def service_selects_no_litellm_pod(ctx: Context):
    for miss in ctx.options.service_misses:
        where = _in(miss.namespace)
        yield Hit(f"{unit(miss.service)}{where} selects no pod in the files read: its selector {code(miss.selector)} ({miss.where}) "
                  f"matches no pod's labels, while {miss.why}, and {miss.nearest}: the Service has no endpoints, so "
                  "every request sent to it fails (connection refused, or 503 from an ingress in front of it)",
                  location=_location(miss.where), facts={"service": _name(miss.service), "selector": miss.selector,
                                                        "namespace": miss.namespace or None})


@check("LD-CFG-154")
def service_selects_other_pods(ctx: Context):
    # One finding per Service selector and set of pods: a Service and its headless twin that select the same ones.
    by_pods: dict[tuple, list] = {}
    for route in ctx.options.service_routes:
        if route.strays:
            by_pods.setdefault((route.namespace, route.selector, route.pods, route.strays, route.stray_port), []).append(route)
    for (namespace, selector, pods, strays, port), routes in by_pods.items():
        routes = sorted(routes, key=lambda r: r.headless)  # the address clients use first
        services = " and ".join(unit(r.service) for r in routes)
        where = _in(namespace)
        litellm = " and ".join(f"{unit(p.unit)} ({p.where})" for p in pods)
        others = ", and of ".join(f"{unit(s.unit)} ({s.where}), whose containers serve port{'s' if len(s.listens) > 1 else ''} {', '.join(s.listens)}"
                              for s in strays)
        share, one = _stray_share(pods, strays)
        message = (f"{services}{where} select{'s' if len(routes) == 1 else ''} with {code(selector)} ({routes[0].where}) the LiteLLM pods of "
                   f"{litellm} and also the pods of {others}, {'not' if len(strays) == 1 else 'none of them'} {port}, the Service's targetPort. "
                   "The Service balances "
                   f"requests over all of them, so {share} reach{'es' if one else ''} a pod where "
                   f"nothing serves LiteLLM on port {port} and fail{'s' if one else ''} (connection refused or reset)"
                   " while the others succeed")
        name = _name(routes[0].service)
        only = routes[0].only_litellm  # ("`key: value`", file:line)
        label = (f"{only[0]}, already on the LiteLLM pods at {only[1]}: add it to the selector") if only else ("none does yet: add one, e.g. `app.kubernetes.io/name: litellm`, to the LiteLLM pods' "
                                           "`spec.template.metadata.labels` and to the selector")
        yield Hit(message, location=_location(routes[0].where),
                  facts={"service": name, "namespace": namespace or None, "selector": selector, "port": str(port),
                         "label": label, "others": " and ".join(s.unit for s in strays)})


@check("LD-CFG-155")
def service_targets_wrong_port(ctx: Context):
    # One finding per Service's ports (a Service built by two kustomizations is the same lines to change).
    seen = set()
    for route in ctx.options.service_routes:
        miss = route.misport
        if miss is None or (miss.ports, miss.listen) in seen:
            continue
        seen.add((miss.ports, miss.listen))
        ports = miss.ports
        if len(ports) == 1:
            sent = f"port {ports[0].target} of the pods of {miss.units} (its targetPort, {ports[0].where})"
        else:
            sent = f"ports {' and '.join(f'{u.target} ({u.where})' for u in ports)} of the pods of {miss.units} (its targetPorts)"
        numbers = [str(u.port) for u in ports if u.port is not None]
        undeclared = [u.target for u in ports if u.port is None]
        why = f"LiteLLM listens on port {miss.listen} there ({miss.listen_where})"
        if numbers:
            why += f" and nothing else in the pod serves {' or '.join(numbers)}"
        if undeclared:  # Kubernetes' FindPort finds no port of that name: the pod is left out of that port's endpoints
            why += (f"; no container of those pods declares a port named {' or '.join(undeclared)}, so Kubernetes leaves "
                    f"them out of the Service's endpoints{'' if miss.every else ' on that port'}")
        # When its other ports reach a sidecar, only the requests to these fail.
        clients = [str(u.service_port) for u in ports]
        to = "the Service" if miss.every else f"its port{'s' if len(clients) > 1 else ''} {' and '.join(clients)}"
        yield Hit(f"{unit(route.service)}{_in(route.namespace)} sends requests to {sent}, but {why}: every request sent to {to} fails "
                  "(connection refused, or 502/503 from an ingress in front of it) while the pods may look healthy",
                  location=_location(miss.where), facts={"service": _name(route.service), "fix": miss.fix,
                                                         "listen": str(miss.listen), "namespace": route.namespace or None})


def _stray_share(pods: tuple, strays: tuple) -> tuple[str, bool]:
    """("about 1 request in 4 (3 LiteLLM + 1 other replicas)", singular) when every count is a fixed one, else "a share
    of the requests"."""
    per_node = [s.unit for s in strays if s.per_node]
    if per_node:  # a DaemonSet's count is its nodes': never a number here
        return (f"a share of the requests ({' and '.join(per_node)} run{'s' if len(per_node) == 1 else ''} one pod per node, "
                "a count the files do not give)"), True
    ours = [_fixed_count(p) for p in pods]
    if None in ours or any(s.replicas is None for s in strays):
        return "a share of the requests (the replica counts are not fixed ones)", True
    theirs = [s.replicas.value for s in strays]
    total = sum(ours) + sum(theirs)
    return (f"about {sum(theirs)} request{'s' if sum(theirs) != 1 else ''} in {total} "
            f"({' + '.join(map(str, ours))} LiteLLM + {' + '.join(map(str, theirs))} other replicas)"), sum(theirs) == 1


# -- Settings that need the proxy's shared Redis (`redis_usage_cache`) to do anything ---------------------------
# LiteLLM 1.108.14 and 1.110.2 build it from `general_settings.coordination_redis` (proxy_server.py:5976 / :6416), a
# Redis `litellm_settings.cache` (init_cache, :6069 / :6509), the REDIS_* environment (environment_has_redis_connection_target,
# :4998 / :5356: host, url, cluster or sentinel nodes), or a block saved from the admin UI (:10473 / :11278), which a
# config cannot show. `router_settings.redis_host` is the Router's own; config_has_redis counts it anyway (so these
# checks miss a config whose only Redis is the Router's rather than report one that has a shared Redis).
_TRUE_STRINGS = frozenset({"1", "on", "t", "true", "y", "yes"})


def coordination_redis(config: Any) -> bool:
    """A shared Redis for the proxy, as the config and its environment show it (config_has_redis, and the cluster and
    sentinel variables LiteLLM's environment fallback also reads)."""
    if config_has_redis(config):
        return True
    env = getattr(config, "env", None)
    return bool(env is not None and (env.has("REDIS_CLUSTER_NODES") or env.has("REDIS_SENTINEL_NODES")))


def _flag_on(value: Any) -> bool:
    """`fail_closed_rate_limit_enforcement_enabled` (parallel_request_limiter_v3.py:181 in 1.108.14): pydantic's lax
    bool, so `true`, `"true"`, `"yes"`, `1` turn it on."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _TRUE_STRINGS


def _read_here(ctx: Context, section: str, key: str) -> bool:
    """The LiteLLM this config runs on reads `section.key` (else LD-CFG-050/060 say it is unknown to it)."""
    from ... import knowledge

    return knowledge.key_known(section, key, ctx.options.litellm_version or "1.103.0")


_NO_REDIS = ("no `general_settings.coordination_redis`, no Redis `litellm_settings.cache`, and REDIS_HOST / REDIS_URL "
             "are not set in this environment")


def _on_without_redis(ctx: Context, section: str, key: str, on: bool, effect: str):
    """A finding when `section.key` is on, the LiteLLM the config runs on reads it, and the proxy has no shared Redis
    (coordination_redis); `effect`: what the setting then does, LiteLLM's start-up or request warning included."""
    from .util import env_severity

    if not on or not _read_here(ctx, section, key) or coordination_redis(ctx.config):
        return
    yield Hit(effect.format(no_redis=_NO_REDIS), path=(section, key), severity=env_severity(ctx))


@check("LD-CFG-156")
def fail_closed_rate_limits_without_redis(ctx: Context):
    key = "fail_closed_rate_limit_enforcement"
    yield from _on_without_redis(
        ctx, "general_settings", key, _flag_on(ctx.config.section("general_settings").get(key)),
        f"{code('general_settings.', key)} is on but the proxy has no shared Redis ({{no_redis}}): LiteLLM counts rate limits "
        "in each process's memory, so the setting rejects nothing and every pod or worker counts alone (at start-up "
        f"it warns {code('general_settings.', key, ' is enabled but no Redis is configured')})",
    )


@check("LD-CFG-157")
def search_free_tier_without_redis(ctx: Context):
    key = "apply_search_free_tier"
    yield from _on_without_redis(
        ctx, "litellm_settings", key, ctx.config.section("litellm_settings").get(key) is True,
        f"{code('litellm_settings.', key, ': true')} but the proxy has no shared Redis ({{no_redis}}): the free allowance of "
        "grounding (web search) queries is counted in Redis only, so every grounded request is billed at full price "
        f"(LiteLLM warns {code(key, ' is on but the proxy has no Redis, grounding is billed at full price')} on each)",
    )
