"""Checks on `router_settings` (reference §6.5), fallbacks and aliases (§2.1), retries, cooldowns (§2.2-2.3), timeouts (§5)."""

from __future__ import annotations

from fnmatch import fnmatchcase

from ...model import Location
from .._litellm_data import ROUTER_SETTINGS_KEYS
from . import Context, Hit, check
from ..loader import ENV_PREFIX
from .util import code, named, as_number, did_you_mean, env_ref, is_number, suggestion_text, unknown_keys

_KNOWN = frozenset(ROUTER_SETTINGS_KEYS)
ROUTING_STRATEGIES = (
    "simple-shuffle", "least-busy", "usage-based-routing", "usage-based-routing-v2", "latency-based-routing",
    "cost-based-routing", "provider-budget-routing", "lar1",
)
FALLBACK_KEYS = ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks")
DEFAULT_REQUEST_TIMEOUT = 6000.0
DEFAULT_RETRIES = 2


@check("LD-CFG-070")
def unknown_router_setting(ctx: Context):
    yield from unknown_keys(
        ctx, "router_settings", _KNOWN,
        lambda key: f"{code('router_settings.', key)} is not a Router argument: LiteLLM logs "
        + code(f"Key '{key}' is not a valid argument for Router.__init__(). Ignoring this key."),
        skip=("health_check_interval", "health_check_concurrency"),  # LD-CFG-057 says where they belong
    )


@check("LD-CFG-071")
def invalid_routing_strategy(ctx: Context):
    settings = ctx.config.section("router_settings")
    if "routing_strategy" not in settings:
        return
    value = settings["routing_strategy"]
    if value is None or value in ROUTING_STRATEGIES:
        return
    suggestion = did_you_mean(str(value), ROUTING_STRATEGIES, cutoff=0.6)
    yield Hit(
        f"{code('router_settings.routing_strategy: ', value)} is not a routing strategy{suggestion_text(suggestion)}: the proxy "
        "stops at start-up (`ValueError: Invalid routing_strategy`)",
        path=("router_settings", "routing_strategy"),
        facts={"value": value, "suggestion": suggestion or "simple-shuffle"},
        fix=("value", ("router_settings", "routing_strategy"), suggestion) if suggestion else None,
    )


def _fallback_sections(ctx: Context):
    for section in ("router_settings", "litellm_settings"):
        settings = ctx.config.section(section)
        for key in (*FALLBACK_KEYS, "default_fallbacks"):
            if settings.get(key) is not None:
                yield section, key, settings[key]


@check("LD-CFG-072")
def invalid_fallbacks_shape(ctx: Context):
    for section, key, value in _fallback_sections(ctx):
        base = (section, key)
        example = "- {gpt-4o: [gpt-4o-mini]}"
        if key == "default_fallbacks":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                yield Hit(f"{code(section, '.', key)} must be a list of model group names", path=base,
                          facts={"key": f"{section}.{key}", "example": "[gpt-4o-mini]"})
            continue
        severity = "warning" if key == "context_window_fallbacks" else None
        if not isinstance(value, list):
            yield Hit(
                f"{code(section, '.', key)} must be a list of one-key mappings ({code(example)}), not {type(value).__name__}",
                path=base, severity=severity, facts={"key": f"{section}.{key}", "example": example},
            )
            continue
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                problem = f"item {code(repr(item))} is not a mapping (LiteLLM: " + code(f"Item '{item}' is not a dictionary.") + ")"
            elif len(item) != 1:
                problem = f"item {i} has {len(item)} keys; each item must map exactly one group to its fallbacks"
            elif not isinstance(next(iter(item.values())), list):
                problem = f"the fallbacks of {code(next(iter(item)))} must be a list"
                if isinstance(next(iter(item.values())), str) and not severity and not _refuses_string_fallbacks(ctx):
                    # 1.103: the Router iterates the string (fallback_event_handlers.py:538), one
                    # character per "group", so the fallback never runs; 1.108.1+ refuses to start.
                    yield Hit(
                        f"{code(section, '.', key, '[', i, ']')}: {problem}: LiteLLM {ctx.options.litellm_version or '1.103.0'} starts, "
                        "but reads the string one character at a time, so this fallback never runs "
                        "(LiteLLM 1.108.1 and later refuse to start with it)",
                        path=(*base, i), facts={"key": f"{section}.{key}", "example": example},
                    )
                    continue
            else:
                continue
            yield Hit(
                f"{code(section, '.', key, '[', i, ']')}: {problem}" + ("" if severity else ": the proxy stops at start-up"),
                path=(*base, i), severity=severity, facts={"key": f"{section}.{key}", "example": example},
            )


def _refuses_string_fallbacks(ctx: Context) -> bool:
    """Does the LiteLLM this config runs on stop at start-up on `{group: "other"}` (1.108.1 and later)?"""
    version = ctx.options.litellm_version
    if not version:
        return False  # no version given: 1.103.0's behaviour, like the rest of the pinned data
    from ...knowledge import for_version

    return for_version(version).feature("string_fallbacks_refused")


def _alias_map(ctx: Context) -> dict:
    aliases = ctx.config.section("router_settings").get("model_group_alias")
    return aliases if isinstance(aliases, dict) else {}


def _known_group(ctx: Context, name: str) -> bool:
    if not isinstance(name, str):
        return False
    groups = ctx.config.model_groups
    if name in groups or name in _alias_map(ctx):
        return True
    if any(d.id == name for d in ctx.config.deployments):
        return True
    return any("*" in g and fnmatchcase(name, g) for g in groups)


def _models_from_db(ctx: Context) -> bool:
    if ctx.config.section("general_settings").get("store_model_in_db") is True:
        return True
    return str(ctx.config.env.effective("STORE_MODEL_IN_DB") or "").lower() == "true"


@check("LD-CFG-073")
def fallback_unknown_group(ctx: Context):
    if not ctx.config.deployments:
        return
    severity = "warning" if _models_from_db(ctx) else None
    for section, key, value in _fallback_sections(ctx):
        if key == "default_fallbacks":
            entries = [((section, key, i), v, "target") for i, v in enumerate(value if isinstance(value, list) else [])]
        else:
            entries = []
            for i, item in enumerate(value if isinstance(value, list) else []):
                if not isinstance(item, dict) or len(item) != 1:
                    continue
                source, targets = next(iter(item.items()))
                if source != "*":
                    entries.append(((section, key, i), source, "source"))
                for j, target in enumerate(targets if isinstance(targets, list) else []):
                    entries.append(((section, key, i, source, j), target, "target"))
        for path, name, role in entries:
            if not isinstance(name, str) or _known_group(ctx, name):
                continue
            suggestion = did_you_mean(name, ctx.config.model_groups, cutoff=0.6)
            effect = (
                "requests that fail over to it end in `There are no healthy deployments for this model`"
                if role == "target" else "this fallback rule never applies"
            )
            yield Hit(
                f"{code(section, '.', key)} names {code(name)}, which is not a model group in model_list{suggestion_text(suggestion)}: {effect}",
                path=path, location=ctx.config.nearest_location(path),
                severity=severity if role == "target" else "warning",
                facts={"key": f"{section}.{key}", "group": name, **({"suggestion": suggestion} if suggestion else {})},
                steps=None if suggestion else (
                    "Replace `{group}` in `{key}` with the `model_name` of an existing model group, or add a deployment "
                    "with `model_name: {group}`.",),
            )


@check("LD-CFG-074")
def alias_unknown_group(ctx: Context):
    if not ctx.config.deployments:
        return
    severity = "warning" if _models_from_db(ctx) else None
    groups = ctx.config.model_groups
    for alias, target in _alias_map(ctx).items():
        name = target.get("model") if isinstance(target, dict) else target
        path = ("router_settings", "model_group_alias", alias)
        if not isinstance(name, str):
            yield Hit(
                f"{code('router_settings.model_group_alias.', alias)} must name a model group (a string, or `{{model: MODEL_GROUP}}`)",
                path=path, facts={"alias": alias, "suggestion": groups[0] if groups else "gpt-4o"},
            )
            continue
        if name in groups or any("*" in g and fnmatchcase(name, g) for g in groups):
            continue
        suggestion = did_you_mean(name, groups, cutoff=0.6)
        yield Hit(
            f"{code('model_group_alias.', alias)} points to {code(name)}, which is not a model group{suggestion_text(suggestion)}: "
            f"requests for {code(alias)} fail",
            path=path, severity=severity, facts={"alias": alias, **({"suggestion": suggestion} if suggestion else {})},
            steps=None if suggestion else (
                "Point `router_settings.model_group_alias.{alias}` at the `model_name` of an existing model group.",),
        )


@check("LD-CFG-075")
def cooldown_time_zero(ctx: Context):
    value = ctx.config.section("router_settings").get("cooldown_time")
    if is_number(value) and value == 0:
        yield Hit(
            "`router_settings.cooldown_time: 0` does not disable cooldowns: LiteLLM reads 0 as unset and cools "
            "failing deployments down for the default 5 s",
            path=("router_settings", "cooldown_time"),
        )


@check("LD-CFG-076")
def allowed_fails_gotcha(ctx: Context):
    settings = ctx.config.section("router_settings")
    value = settings.get("allowed_fails")
    if not is_number(value):
        return
    path = ("router_settings", "allowed_fails")
    if settings.get("disable_cooldowns") is True:
        yield Hit(
            "`router_settings.allowed_fails` has no effect: `disable_cooldowns: true` turns cooldowns off",
            path=path, severity="info", facts={"value": value},
        )
    elif value == 3:
        yield Hit(
            "`router_settings.allowed_fails: 3` equals LiteLLM's default, so the Router treats it as not set: the "
            "default error-rate cooldown applies, not a count of 3 failures per minute",
            path=path, severity="info", facts={"value": value},
        )
    elif value == 0:
        yield Hit(
            "`router_settings.allowed_fails: 0` cools a deployment down on its first failure, even when it is the only "
            "deployment of its group: one timeout or 500 then makes the whole group answer `No deployments available`",
            path=path, facts={"value": value},
        )


def _router_timeout(ctx: Context):
    return as_number(ctx.config.section("router_settings").get("timeout"))


def _request_timeout(ctx: Context) -> tuple[float | None, str | None]:
    value = as_number(ctx.config.section("litellm_settings").get("request_timeout"))
    if value:
        return value, "litellm_settings.request_timeout"
    env = as_number(ctx.config.env.effective("REQUEST_TIMEOUT"))
    if env:
        return env, "REQUEST_TIMEOUT"
    return None, None


@check("LD-CFG-077")
def timeout_precedence(ctx: Context):
    router_timeout = _router_timeout(ctx)
    request_timeout, source = _request_timeout(ctx)
    if router_timeout and request_timeout and router_timeout != request_timeout:
        yield Hit(
            f"{code('router_settings.timeout: ', format(router_timeout, 'g'))} is overridden: with both set, LiteLLM uses {source} "
            f"({request_timeout:g} s) as the per-attempt timeout",
            path=("router_settings", "timeout"),
            facts={"router_timeout": f"{router_timeout:g}", "request_timeout": f"{request_timeout:g}", "source": source},
        )
    stream = as_number(ctx.config.section("router_settings").get("stream_timeout"))
    effective = request_timeout if (router_timeout and request_timeout) else (router_timeout or request_timeout)
    if stream and effective and stream > effective:
        yield Hit(
            f"{code('router_settings.stream_timeout: ', format(stream, 'g'))} is longer than the non-streaming timeout ({effective:g} s): a "
            "hung stream holds the connection longer than a hung normal call",
            path=("router_settings", "stream_timeout"), severity="info",
            facts={"router_timeout": f"{effective:g}", "request_timeout": f"{stream:g}", "source": "stream_timeout"},
        )


def deployment_timeout(ctx: Context, d) -> tuple[float, str]:
    """The per-attempt timeout of a non-streaming call to `d`, and the setting it comes from (reference §5)."""
    for key in ("timeout", "request_timeout"):
        value = as_number(d.litellm_params.get(key))
        if value:
            return value, f"model_list[{d.index}].litellm_params.{key}"
    router_timeout = _router_timeout(ctx)
    request_timeout, source = _request_timeout(ctx)
    if router_timeout and request_timeout:
        return request_timeout, source or "litellm_settings.request_timeout"
    if router_timeout:
        return router_timeout, "router_settings.timeout"
    if request_timeout:
        return request_timeout, source or "litellm_settings.request_timeout"
    return DEFAULT_REQUEST_TIMEOUT, "default (6000 s)"


def retries_of(ctx: Context, d=None) -> tuple[int, str]:
    if d is not None:
        value = d.litellm_params.get("num_retries")
        if is_number(value):
            return int(value), f"model_list[{d.index}].litellm_params.num_retries"
    for section in ("router_settings", "litellm_settings"):
        value = ctx.config.section(section).get("num_retries")
        if is_number(value):
            return int(value), f"{section}.num_retries"
    return DEFAULT_RETRIES, "default (2)"


def fallback_groups(ctx: Context, group: str) -> list[str]:
    out: list[str] = []
    for section in ("router_settings", "litellm_settings"):
        value = ctx.config.section(section).get("fallbacks")
        if not isinstance(value, list):
            continue
        for item in value:
            if isinstance(item, dict) and len(item) == 1:
                source, targets = next(iter(item.items()))
                if (source == group or source == "*") and isinstance(targets, list):
                    out += [t for t in targets if isinstance(t, str) and t not in out and t != group]
        if out:
            break
    return out


@check("LD-CFG-078")
def default_timeout(ctx: Context):
    if ctx.config.fragment:
        return  # a pasted model_list: where the timeout is set is not in the text
    if _router_timeout(ctx) or _request_timeout(ctx)[0]:
        return
    uncovered = [d for d in ctx.config.deployments if not as_number(d.litellm_params.get("timeout"))
                 and not as_number(d.litellm_params.get("request_timeout"))]
    if not uncovered:
        return
    groups = list(dict.fromkeys(d.model_name for d in uncovered))
    shown = ", ".join(named(g) for g in groups[:5]) + (f" and {len(groups) - 5} more" if len(groups) > 5 else "")
    location = ctx.config.location_of("router_settings") or ctx.config.location_of("litellm_settings") or uncovered[0].location
    yield Hit(
        f"No timeout is configured for {shown}: LiteLLM's per-attempt default is 6000 s (100 minutes), so a hung "
        "upstream holds the request, and its retries, far longer than any client waits",
        location=location, facts={"groups": shown},
    )


@check("LD-CFG-079")
def retries_exceed_client_timeout(ctx: Context):
    if not (_router_timeout(ctx) or _request_timeout(ctx)[0]) and not any(
        as_number(d.litellm_params.get("timeout")) for d in ctx.config.deployments
    ):
        return  # nothing configured: LD-CFG-078 says it
    client = ctx.options.client_timeout
    worst: dict[str, tuple[float, float, int, int, str]] = {}
    for d in ctx.config.deployments:
        timeout, source = deployment_timeout(ctx, d)
        retries, _ = retries_of(ctx, d)
        hops = len(fallback_groups(ctx, d.model_name))
        total = timeout * (1 + retries) * (1 + hops)
        if total > client and total > worst.get(d.model_name, (0,))[0]:
            worst[d.model_name] = (total, timeout, retries, hops, source)
    if not worst:
        return
    group, (total, timeout, retries, hops, source) = max(worst.items(), key=lambda kv: kv[1][0])
    others = len(worst) - 1
    path_text = source if not source.startswith("default") else "router_settings.timeout"
    location = ctx.config.location_of(source) if not source.startswith(("default", "REQUEST_TIMEOUT")) else None
    yield Hit(
        f"{named(group)}: {timeout:g} s per attempt x {1 + retries} attempts"
        + (f" x {1 + hops} model groups (it and its fallbacks)" if hops else "") + f" = up to {total:g} s, beyond the {client:g} s a client waits" + (f" ({others} more group(s) likewise)" if others else "")
        + ": the caller gives up while the proxy is still retrying",
        location=location or ctx.config.location_of("router_settings") or Location(ctx.config.path, 1),
        # Against the OpenAI SDK's 600 s default it is a thing to know; against the user's own figure, a mistake.
        severity=None if ctx.options.client_timeout_given else "info",
        facts={"group": group, "timeout": f"{timeout:g}", "retries": retries, "setting": path_text,
               "client_timeout": f"{client:g}",
               "suggested": f"{max(1, int(client // ((1 + retries) * (1 + hops))))}"},
    )


def _router_has_redis(ctx: Context) -> bool:
    router = ctx.config.section("router_settings")
    if router.get("redis_host") or router.get("redis_url"):
        return True
    # `redis_host: os.environ/REDIS_HOST` with REDIS_HOST declared by the deployment (value not known
    # here, so it resolves to None): the proxy has it.
    raw = ctx.config.raw_section("router_settings")
    for key in ("redis_host", "redis_url"):
        value = raw.get(key)
        if env_ref(value) and ctx.config.env.has(value[len(ENV_PREFIX):]):
            return True
    settings = ctx.config.section("litellm_settings")
    params = settings.get("cache_params") if isinstance(settings.get("cache_params"), dict) else {}
    return settings.get("cache") is True and params.get("type", "redis") == "redis"


def _workers(ctx: Context) -> tuple[int | None, str]:
    if ctx.options.workers:
        return ctx.options.workers, ctx.options.workers_source or "workers x replicas from the project settings / --workers"
    value = ctx.config.env.effective("NUM_WORKERS")
    if value and value.strip().isdigit():
        return int(value), "NUM_WORKERS"
    return None, ""


@check("LD-CFG-080")
def rate_limits_without_redis(ctx: Context):
    if _router_has_redis(ctx):
        return
    limited = [d for d in ctx.config.deployments if d.litellm_params.get("rpm") or d.litellm_params.get("tpm")]
    strategy = ctx.config.section("router_settings").get("routing_strategy")
    usage_based = isinstance(strategy, str) and strategy.startswith("usage-based-routing")
    if not limited and not usage_based:
        return
    workers, source = _workers(ctx)
    what = f"{code('routing_strategy: ', strategy)}" if usage_based else f"rpm/tpm on {len(limited)} deployment(s)"
    location = ctx.config.location_of("router_settings.routing_strategy") if usage_based else limited[0].location
    if workers and workers > 1:
        yield Hit(
            f"{what} with {workers} workers ({source}) and no Redis in router_settings: each worker counts usage on its "
            f"own, so the real limit is up to {workers}x the configured one",
            location=location, facts={"workers": workers},
        )
    elif workers is None and usage_based:
        yield Hit(
            f"{what} without Redis counts usage per process: correct only with a single worker and a single replica",
            location=location, severity="info", facts={"workers": "N"},
        )


@check("LD-CFG-082")
def tag_filtering_without_tags(ctx: Context):
    if ctx.config.section("router_settings").get("enable_tag_filtering") is not True:
        return
    if any(d.litellm_params.get("tags") or d.litellm_params.get("tag_regex") for d in ctx.config.deployments):
        return
    yield Hit(
        "`router_settings.enable_tag_filtering: true` but no deployment has `tags`: requests that send tags get "
        "`Not allowed to access model due to tags configuration`",
        path=("router_settings", "enable_tag_filtering"),
    )


@check("LD-CFG-083")
def alias_shadows_group(ctx: Context):
    groups = set(ctx.config.model_groups)
    for alias, target in _alias_map(ctx).items():
        name = target.get("model") if isinstance(target, dict) else target
        if alias in groups and alias != name:
            yield Hit(
                f"{code('model_group_alias.', alias)} has the same name as a model group in model_list: requests for {code(alias)} "
                f"are sent to {code(name)}, and the {code(alias)} deployments are never used",
                path=("router_settings", "model_group_alias", alias), facts={"alias": alias},
            )
