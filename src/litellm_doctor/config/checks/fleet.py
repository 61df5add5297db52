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

from typing import Any

from . import Context, Hit, check
from .router_settings import _router_has_redis, _workers

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
                parts.append(f"`{d.model_name}` {key} {value:g} acts as up to {_times(value, processes)}")
                location = location or d.location
    router = config.section("router_settings")
    strategy = router.get("routing_strategy")
    if router_limits and isinstance(strategy, str) and strategy.startswith("usage-based-routing"):
        parts.append(f"`routing_strategy: {strategy}` decides on 1/{processes} of the usage")
        first_path = first_path or ("router_settings", "routing_strategy")
    budgets = router.get("provider_budget_config")
    if isinstance(budgets, dict):
        for provider, spec in list(budgets.items())[:5]:
            value = _number(spec.get("budget_limit")) if isinstance(spec, dict) else None
            if value:
                parts.append(f"provider budget `{provider}` ${value:g}/{spec.get('time_period', '?')} acts as up to ${_times(value, processes)}")
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
            parts.append(f"`general_settings.{key}` {value:g} acts as up to {_times(value, processes)}")
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
