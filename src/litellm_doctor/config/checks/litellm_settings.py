"""Checks on `litellm_settings` (reference §6.4): every key not handled specially is `setattr(litellm, key, value)`."""

from __future__ import annotations

from .._litellm_data import KNOWN_CALLBACKS, LITELLM_ATTRS, ROUTER_SETTINGS_KEYS
from . import Context, Hit, check, known
from .util import code, named, did_you_mean, env_ref, env_severity, from_env, unknown_keys

# Keys the proxy handles itself before falling back to setattr (proxy_server.py:5831-6162).
SPECIAL = frozenset(
    """cache cache_params guardrails callbacks success_callback failure_callback audit_log_callbacks
    global_prompt_directory global_bitbucket_config global_gitlab_config priority_reservation_settings
    model_group_settings post_call_rules max_budget max_internal_user_budget default_max_internal_user_budget
    default_internal_user_params custom_provider_map responses max_ui_session_budget default_team_settings
    upperbound_key_generate_params json_logs budget_reset_time drop_params enable_redis_auth_cache mcp_aliases
    prometheus_initialize_budget_metrics callback_settings service_callback key_generation_settings
    default_key_generate_params
    """.split()
)
# Router arguments the Router also reads from `litellm.<key>` (so they do work from litellm_settings).
ROUTER_READS_FROM_LITELLM = frozenset(
    {"num_retries", "max_fallbacks", "allowed_fails", "fallbacks", "default_fallbacks", "context_window_fallbacks",
     "content_policy_fallbacks", "request_timeout"}
)
_ATTRS = frozenset(LITELLM_ATTRS) | known.LITELLM_SETTINGS
_ROUTER_ONLY = frozenset(ROUTER_SETTINGS_KEYS) - ROUTER_READS_FROM_LITELLM - {"set_verbose"}
_CALLBACKS = frozenset(KNOWN_CALLBACKS)


@check("LD-CFG-060")
def unknown_litellm_setting(ctx: Context):
    yield from unknown_keys(
        ctx, "litellm_settings", _ATTRS | SPECIAL,
        lambda key: f"{code('litellm_settings.', key)} is not a litellm setting: LiteLLM sets {code('litellm.', key)} and nothing ever reads it",
        skip=_ROUTER_ONLY,  # LD-CFG-061 reports those
        strings_only=True,
    )


@check("LD-CFG-061")
def router_setting_in_litellm_settings(ctx: Context):
    for key in ctx.config.raw_section("litellm_settings"):
        if key in _ROUTER_ONLY and key not in _ATTRS:
            yield Hit(
                f"{code('litellm_settings.', key)} has no effect: it is a Router setting, and the Router does not read it from "
                "litellm_settings",
                path=("litellm_settings", key), facts={"key": key},
            )
        elif key in _ROUTER_ONLY and LITELLM_ATTRS.get(key) == "value":
            yield Hit(
                f"{code('litellm_settings.', key)} sets {code('litellm.', key)}, but the proxy's Router takes {code(key)} only from "
                "router_settings: here it has no effect on routing",
                path=("litellm_settings", key), facts={"key": key},
            )


@check("LD-CFG-062")
def litellm_setting_overwrites_function(ctx: Context):
    for key in ctx.config.raw_section("litellm_settings"):
        kind = LITELLM_ATTRS.get(key)
        if key in SPECIAL or kind not in ("function", "class", "module"):
            continue
        hint = " Per-request timeouts are set with `litellm_settings.request_timeout` or `router_settings.timeout`." if key == "timeout" else ""
        yield Hit(
            f"{code('litellm_settings.', key)} replaces the {kind} {code('litellm.', key)} with a plain value: it configures nothing, "
            f"and code that calls {code('litellm.', key)} breaks.{hint}",
            path=("litellm_settings", key),
            facts={"key": key, "replacement": "request_timeout" if key == "timeout" else "(remove it)"},
        )


@check("LD-CFG-063")
def cache_without_redis(ctx: Context):
    settings = ctx.config.section("litellm_settings")
    if settings.get("cache") is not True:
        return
    params = settings.get("cache_params") if isinstance(settings.get("cache_params"), dict) else {}
    cache_type = params.get("type", "redis")
    if cache_type not in ("redis", "redis-semantic", None):
        return
    if params.get("url") or params.get("host") or params.get("redis_url") or params.get("startup_nodes"):
        return
    env = ctx.config.env
    if env.has("REDIS_URL") or (env.has("REDIS_HOST") and env.has("REDIS_PORT")):
        return
    raw_params = ctx.config.raw_section("litellm_settings").get("cache_params")
    if isinstance(raw_params, dict) and any(
        env_ref(raw_params.get(k)) for k in ("host", "url")
    ):
        return  # an unset reference: LD-CFG-040
    yield Hit(
        "`litellm_settings.cache: true` uses a Redis cache, but `cache_params` has no host/url and REDIS_URL / "
        "REDIS_HOST+REDIS_PORT are not set in this environment: start-up fails with `Either 'REDIS_URL' or both "
        "'REDIS_HOST' and 'REDIS_PORT' must be specified for Redis.`",
        path=("litellm_settings", "cache"),
        severity=env_severity(ctx),
    )


@check("LD-CFG-064")
def unknown_callback(ctx: Context):
    settings = ctx.config.raw_section("litellm_settings")
    for key in ("callbacks", "success_callback", "failure_callback", "service_callback"):
        values = settings.get(key)
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            continue
        for i, name in enumerate(values):
            if not isinstance(name, str) or "." in name or name in _CALLBACKS or env_ref(name):
                continue
            suggestion = did_you_mean(name, _CALLBACKS, cutoff=0.75)
            if suggestion is None:
                continue
            yield Hit(
                f"{code('litellm_settings.', key)} lists {code(name)}, which is not a LiteLLM callback (did you mean {code(suggestion)}?): "
                "nothing is logged there",
                path=("litellm_settings", key, i) if isinstance(settings.get(key), list) else ("litellm_settings", key),
                facts={"key": key, "name": name, "suggestion": suggestion},
            )


@check("LD-CFG-065")
def deprecated_set_verbose(ctx: Context):
    for section in ("litellm_settings", "router_settings"):
        if ctx.config.raw_section(section).get("set_verbose") is True:
            yield Hit(
                f"{code(section, '.set_verbose: true')} is deprecated: it logs every request and response at DEBUG, "
                "including prompts",
                path=(section, "set_verbose"), facts={"section": section},
            )


@check("LD-CFG-158")
def audit_log_callbacks_with_audit_logging_off(ctx: Context):
    # proxy_server.py:6046-6075 (1.103.0): `is_audit_logging_enabled(store_audit_logs=litellm_settings.get(
    # "store_audit_logs", ...))`; a value that is set decides (audit_logs.py:30-32), whatever LITELLM_STORE_AUDIT_LOGS or
    # the license say. Unset, it depends on them (not known here): no finding.
    raw = ctx.config.raw_section("litellm_settings")
    callbacks = raw.get("audit_log_callbacks")
    if not isinstance(callbacks, list) or not callbacks or "store_audit_logs" not in raw:
        return
    if ctx.config.section("litellm_settings").get("store_audit_logs") is not False:
        return
    names = ", ".join(f"{code(c)}" for c in callbacks[:3] if isinstance(c, str)) or f"{len(callbacks)} callback(s)"
    yield Hit(
        f"`litellm_settings.audit_log_callbacks` lists {names}{' and more' if len(callbacks) > 3 else ''}, but "
        "`store_audit_logs: false` turns audit logging off: no audit event is made, so the callbacks never receive one "
        "(LiteLLM warns `'audit_log_callbacks' is configured but audit logging is not enabled` at start-up)",
        path=("litellm_settings", "store_audit_logs"),
        facts={"callbacks": names},
    )


# -- drop_params that LiteLLM does not read as a flag ------------------------------------------------------------
# Both places go through `normalize_drop_params` (pydantic's lax bool after strip(); core_helpers.py:53 in 1.103.0,
# `lax_bool` at :218 in 1.110.2), so `"yes"`, `"True"`, `"off"`, `1`, `0` are read as meant and not reported here.
#  - `litellm_settings.drop_params`: `litellm.drop_params = drop_params_flag(value, ...)` (proxy_server.py:6145 in
#    1.103.0, :7176 in 1.110.2); anything else is logged and read as OFF (`bool(None)`, core_helpers.py:65 / :238),
#    which also overrides LITELLM_DROP_PARAMS (read at import, litellm/__init__.py:245 in 1.103.0).
#  - a deployment's `litellm_params.drop_params`: `coerce_drop_params` (types/router.py:424 in 1.103.0, :735 in
#    1.110.2) keeps a string as written (the Router logs it: router.py:9391 in 1.103.0, router_rust/surface/
#    registry.py:1129 in 1.110.2) and makes anything else None with a warning (:431 / :742); every call normalises it
#    again (utils.py:3384 / :3492 / :3620 in 1.103.0), to None: UNSET, the model follows the global drop_params.
def _drop_params_places(ctx: Context):
    cfg = ctx.config
    yield ("litellm_settings", "drop_params"), cfg.section("litellm_settings"), cfg.raw_section("litellm_settings"), None
    for d in cfg.deployments:
        yield ("model_list", d.index, "litellm_params", "drop_params"), d.litellm_params, d.raw_params, d


def _meant(value) -> str:
    """The flag a refused value most likely meant (`True # drop` -> true), else true."""
    from .values import lax_bool

    if isinstance(value, str) and value.strip():
        first = value.strip().split()[0].strip("'\"#,;")
        if lax_bool(first) is not None:
            return "true" if lax_bool(first) else "false"
    return "false" if value in (0, 0.0) else "true"


@check("LD-CFG-159")
def drop_params_not_a_flag(ctx: Context):
    from .util import dotted, short
    from .values import lax_bool

    settings = ctx.config.section("litellm_settings")
    global_on = lax_bool(settings.get("drop_params")) is True
    for path, values, raw, deployment in _drop_params_places(ctx):
        key = path[-1]
        if key not in values or values[key] is None or lax_bool(values[key]) is not None:
            continue  # unset, an unset os.environ/ reference (LD-CFG-040), or a value LiteLLM reads as meant
        value = values[key]
        written = raw.get(key)
        source = from_env(written)
        shown = f'"{short(value)}"' if isinstance(value, str) else short(value)
        if deployment is None:
            effect = ("LiteLLM reads it as OFF for every model (it logs `litellm_settings.drop_params=... is not a flag "
                      "value, treating it as off`), overriding LITELLM_DROP_PARAMS: a parameter a provider does not "
                      "support fails the request with `UnsupportedParamsError` instead of being dropped")
        else:
            logged = (f"model={named(deployment.model_name)} drop_params=... is not a flag value, treating it as unset"
                      if isinstance(value, str) else "drop_params=... is not a flag value, treating it as unset")
            follows = ("`litellm_settings.drop_params`, on here" if global_on else
                       "the global drop_params, off unless `litellm_settings.drop_params` or LITELLM_DROP_PARAMS turns it on")
            effect = (f"LiteLLM treats it as UNSET for {code(deployment.model_name)} (it logs {code(logged)}): this model "
                      f"follows {follows}")
        yield Hit(
            f"{code(dotted(path), ': ', shown)}{source} is not a flag LiteLLM reads (it takes only true/false, yes/no, on/off, "
            f"1/0): {effect}",
            path=path, facts={"key": dotted(path), "value": short(value), "fixed": _meant(value)},
        )
