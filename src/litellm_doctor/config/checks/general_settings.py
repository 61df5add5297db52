"""Checks on `general_settings`, the master key and the database (reference §6.6, §8)."""

from __future__ import annotations

from ...urls import url_scheme

from ...model import Location
from .._litellm_data import GENERAL_SETTINGS_KEYS
from ..loader import ENV_PREFIX
from . import Context, Hit, check, known
from .util import code, named, env_ref, env_severity, from_env, unknown_keys

_KNOWN = frozenset(GENERAL_SETTINGS_KEYS) | known.GENERAL_SETTINGS
_PREMIUM = ("allowed_ips", "enforced_params")


@check("LD-CFG-050")
def unknown_general_setting(ctx: Context):
    yield from unknown_keys(
        ctx, "general_settings", _KNOWN, lambda key: f"{code('general_settings.', key)} is not a setting LiteLLM reads: it is ignored"
    )


@check("LD-CFG-051")
def master_key_unset(ctx: Context):
    raw = ctx.config.raw_section("general_settings").get("master_key")
    if not env_ref(raw):
        return
    name = raw[len(ENV_PREFIX):]
    if ctx.config.env.get(name) or ctx.config.env.has(name):
        return
    overridden = " It also overrides LITELLM_MASTER_KEY, which is set." if ctx.config.env.has("LITELLM_MASTER_KEY") else ""
    yield Hit(
        f"{code('general_settings.master_key: os.environ/', name)}: {named(name)} is not set in this environment, so the master key is "
        f"None and the proxy accepts requests without any key.{overridden}",
        path=("general_settings", "master_key"),
        severity=env_severity(ctx),
        facts={"env_var": name},
    )


def _database_url(ctx: Context) -> tuple[str | None, Location | None]:
    value = ctx.config.section("general_settings").get("database_url")
    if isinstance(value, str) and value:
        return value, ctx.config.location_of("general_settings.database_url")
    env_value = ctx.config.env.effective("DATABASE_URL")
    if env_value:
        return env_value, None
    return None, None


@check("LD-CFG-052")
def no_master_key_with_database(ctx: Context):
    url, loc = _database_url(ctx)
    if not url or ctx.config.master_key or ctx.config.env.has("LITELLM_MASTER_KEY"):
        return
    if ctx.config.raw_section("general_settings").get("master_key") is not None:
        return  # an unset os.environ/ master key: LD-CFG-051
    yield Hit(
        "A database is configured but there is no master key (neither `general_settings.master_key` nor "
        "LITELLM_MASTER_KEY): the proxy logs `LITELLM_MASTER_KEY is not set!` and runs without auth",
        location=loc or ctx.config.location_of("general_settings") or Location(ctx.config.path, 1),
        severity=env_severity(ctx),
    )


@check("LD-CFG-053")
def master_key_not_string(ctx: Context):
    general = ctx.config.raw_section("general_settings")
    if "master_key" not in general:
        return
    value = general["master_key"]
    if value is None or isinstance(value, str):
        return
    yield Hit(
        f"`general_settings.master_key` is a {type(value).__name__}, not a string: the proxy fails at start-up "
        "(`.startswith` on a non-string) or rejects every key",
        path=("general_settings", "master_key"),
    )


@check("LD-CFG-054")
def database_url_not_postgres(ctx: Context):
    url, loc = _database_url(ctx)
    if not url or not isinstance(url, str):
        return
    scheme = url_scheme(url) if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return
    where = "`general_settings.database_url`" if loc else "DATABASE_URL"
    yield Hit(
        f"{where} uses {('the `' + scheme + '://` scheme') if scheme else 'no URL scheme'}: LiteLLM only supports "
        "PostgreSQL and exits at start-up (`DATABASE_URL uses unsupported scheme`)",
        location=loc or ctx.config.location_of("general_settings") or Location(ctx.config.path, None),
        facts={"scheme": scheme or "(none)"},
    )


@check("LD-CFG-055")
def store_model_in_db_without_database(ctx: Context):
    general = ctx.config.section("general_settings")
    if general.get("store_model_in_db") is not True:
        return
    url, _ = _database_url(ctx)
    raw_url = ctx.config.raw_section("general_settings").get("database_url")
    if url or ctx.config.env.has("DATABASE_URL") or env_ref(raw_url):
        return  # an unset os.environ/ reference is reported by LD-CFG-040
    yield Hit(
        "`general_settings.store_model_in_db: true` but no database is configured (no `database_url`, no "
        "DATABASE_URL in this environment): models cannot be stored or loaded",
        path=("general_settings", "store_model_in_db"),
        severity=env_severity(ctx),
    )


@check("LD-CFG-056")
def health_check_interval_not_int(ctx: Context):
    general = ctx.config.section("general_settings")
    if "health_check_interval" not in general:
        return
    value = general["health_check_interval"]
    raw = ctx.config.raw_section("general_settings").get("health_check_interval")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return
    if env_ref(raw):
        what = f"comes from {code(raw)}, and env values are strings"
    elif isinstance(value, str):
        what = f"is the quoted string {value!r}"
    elif isinstance(value, float):
        what = f"is the float {named(value)}"
    elif value is None:
        what = "has no value"
    else:
        what = f"is {value!r}"
    active = general.get("background_health_checks") is True
    number = None
    try:
        number = int(float(str(value)))
    except (TypeError, ValueError, OverflowError):  # "inf", "1e999"
        pass
    yield Hit(
        f"`general_settings.health_check_interval` {what}: LiteLLM runs the background health-check loop only for a "
        "positive int, so " + ("background health checks silently never run" if active else "it would be ignored"),
        path=("general_settings", "health_check_interval"),
        severity=None if active else "info",
        facts={"value": number if number and number > 0 else 300},
    )


@check("LD-CFG-057")
def health_check_settings_in_router_settings(ctx: Context):
    for key in ("health_check_interval", "health_check_concurrency"):
        if key in ctx.config.raw_section("router_settings"):
            yield Hit(
                f"{code('router_settings.', key)}: the proxy stops at start-up with "
                + code(repr(key), " is NOT a valid router_settings parameter. Please move it to 'general_settings'."),
                path=("router_settings", key), facts={"key": key},
            )


@check("LD-CFG-058")
def background_health_check_model_groups_not_list(ctx: Context):
    general = ctx.config.section("general_settings")
    if "background_health_check_model_groups" not in general:
        return
    value = general["background_health_check_model_groups"]
    if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        groups = set(ctx.config.model_groups)
        for i, group in enumerate(value or []):
            if groups and group not in groups and "*" not in group:
                yield Hit(
                    f"`general_settings.background_health_check_model_groups` names {code(group)}, which is not a model group "
                    "in model_list: it is never health-checked",
                    path=("general_settings", "background_health_check_model_groups", i),
                    severity="warning", facts={"group": group},
                )
        return
    yield Hit(
        "`general_settings.background_health_check_model_groups` must be a list of model group names: the proxy stops at "
        "start-up with a ValueError",
        path=("general_settings", "background_health_check_model_groups"), facts={"group": "gpt-4o"},
    )


@check("LD-CFG-059")
def premium_feature_without_license(ctx: Context):
    general = ctx.config.raw_section("general_settings")
    if ctx.config.env.has("LITELLM_LICENSE") or general.get("litellm_license"):
        return
    for key in _PREMIUM:
        if general.get(key):
            yield Hit(
                f"{code('general_settings.', key)} is an Enterprise feature and LITELLM_LICENSE is not set in this environment: "
                f"the proxy stops at start-up ({code(key, ' is an Enterprise Feature')})",
                path=("general_settings", key),
                severity=env_severity(ctx),
                facts={"key": key},
            )


@check("LD-CFG-160")
def mcp_xff_num_trusted_hops_invalid(ctx: Context):
    # IPAddressUtils._resolve_num_trusted_hops (proxy/auth/ip_address_utils.py:256 in LiteLLM 1.103.0, :259 in
    # 1.110.2): None is unset (the legacy leftmost X-Forwarded-For path); anything else goes through pydantic's lax
    # int (TypeAdapter(int), :33 / :36), so `2`, `"2"`, `2.0` and `true` (1) are hop counts. A value it refuses
    # (warning at :263 / :266) or below 1 (:271 / :274) fails closed: no client IP, every MCP caller is external.
    # It is read only for a request with X-Forwarded-For when `use_x_forwarded_for` is on (:316 / :319, truthy) and
    # the peer is in `mcp_trusted_proxy_ranges` (:176 / :179; none configured: the headers are never trusted).
    from .util import short
    from .values import lax_int

    key = "mcp_xff_num_trusted_hops"
    general = ctx.config.section("general_settings")
    value = general.get(key)
    if value is None:
        return  # unset, empty, or an os.environ/ reference not set here (LD-CFG-040)
    hops = lax_int(value)
    if hops is not None and hops >= 1:
        return
    raw = ctx.config.raw_section("general_settings").get(key)
    source = from_env(raw)
    shown = f'"{short(value)}"' if isinstance(value, str) else short(value)
    why = "is not an integer" if hops is None else f"is {hops}, below the minimum of 1"
    read = bool(general.get("use_x_forwarded_for")) and bool(general.get("mcp_trusted_proxy_ranges"))
    effect = ("LiteLLM fails closed on it, resolving no client IP for an MCP request through the trusted proxies, so "
              "every caller is treated as external and MCP servers with `available_on_public_internet: false` are hidden from them "
              "(LiteLLM logs " + code('Invalid mcp_xff_num_trusted_hops value ...' if hops is None else f'{key}={hops} is below the minimum of 1',
                                "; failing closed for MCP client IP resolution") + ")")
    if not read:
        effect = ("LiteLLM reads it only with `use_x_forwarded_for: true` and `mcp_trusted_proxy_ranges` set, which "
                  "this config does not have, so it has no effect yet. Once they are set, " + effect)
    yield Hit(
        f"{code('general_settings.', key, ': ', shown)}{source} {why}: {effect}",
        path=("general_settings", key), severity=None if read else "info",
        facts={"value": short(value)},
    )
