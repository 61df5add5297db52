"""Values of the wrong type: `timeout: "600s"`, `rpm: lots`, `disable_cooldowns: "false"` (a truthy string),
`api_version: 2024-02-01` (unquoted, so YAML reads a date)."""

from __future__ import annotations

import datetime
import math
import re

from . import Context, Hit, check
from .util import code, as_number, dotted, from_env

_NUMERIC = {
    "litellm_params": ("timeout", "stream_timeout", "request_timeout", "rpm", "tpm", "max_parallel_requests", "weight",
                       "order", "num_retries", "max_retries", "cooldown_time", "max_budget", "input_cost_per_token",
                       "output_cost_per_token", "itpm", "otpm"),
    "model_info": ("max_input_tokens", "max_output_tokens", "max_tokens", "cooldown_time", "allowed_fails",
                   "health_check_timeout", "order", "input_cost_per_token", "output_cost_per_token"),
    "router_settings": ("timeout", "stream_timeout", "num_retries", "max_fallbacks", "retry_after", "allowed_fails",
                        "cooldown_time", "default_max_parallel_requests", "client_ttl", "polling_interval"),
    "litellm_settings": ("request_timeout", "num_retries", "num_retries_per_request", "max_fallbacks", "allowed_fails",
                         "max_budget"),
    "general_settings": ("pass_through_request_timeout", "max_parallel_requests", "global_max_parallel_requests",
                         "database_connection_pool_limit", "database_connection_timeout", "proxy_batch_write_at",
                         "user_api_key_cache_ttl", "max_request_size_mb", "max_response_size_mb",
                         "health_check_concurrency"),
}
_BOOLEAN = {
    "litellm_params": ("drop_params", "use_in_pass_through", "merge_reasoning_content_in_choices", "use_litellm_proxy"),
    "model_info": ("disable_background_health_check", "blocked"),
    "router_settings": ("enable_pre_call_checks", "disable_cooldowns", "enable_tag_filtering", "cache_responses",
                        "set_verbose", "enable_health_check_routing", "enable_weighted_failover"),
    "litellm_settings": ("drop_params", "modify_params", "cache", "json_logs", "telemetry", "set_verbose",
                         "turn_off_message_logging", "redact_messages_in_exceptions", "enable_preview_features",
                         "force_ipv4", "disable_aiohttp_transport", "return_response_headers"),
    "general_settings": ("background_health_checks", "store_model_in_db", "disable_spend_logs",
                         "allow_requests_on_db_unavailable", "enable_jwt_auth", "health_check_details",
                         "use_shared_health_check", "disable_master_key_return", "disable_reset_budget",
                         "disable_error_logs", "store_prompts_in_spend_logs"),
}
# Keys LiteLLM types as strings (LiteLLM_Params / ModelInfo): an unquoted `2024-02-01` or `1.0` there is a
# date or a number to YAML, pydantic refuses it, and the proxy drops the deployment at start-up.
_STRING = {
    "litellm_params": ("model", "api_version", "api_base", "organization", "aws_region_name", "vertex_project",
                       "vertex_location", "region_name", "base_model"),
    "model_info": ("base_model", "id", "mode"),
}
# Booleans LiteLLM parses itself with pydantic's lax bool (`"false"` is false, `"maybe"` is refused): not LD-CFG-026's
# "a non-empty string is true"; LD-CFG-159 checks `drop_params` (normalize_drop_params, core_helpers.py:53 in 1.103.0).
_LAX_PARSED = frozenset({"drop_params"})
_TIMEOUTS = frozenset({"timeout", "stream_timeout", "request_timeout"})
_FALSY_STRINGS = frozenset({"false", "no", "off", "0", "n", "none", "null", ""})


def _places(ctx: Context):
    """(section kind, path, resolved mapping, raw mapping) for every place the tables apply to."""
    cfg = ctx.config
    for section in ("router_settings", "litellm_settings", "general_settings"):
        yield section, (section,), cfg.section(section), cfg.raw_section(section)
    for d in cfg.deployments:
        yield "litellm_params", ("model_list", d.index, "litellm_params"), d.litellm_params, d.raw_params
        raw_entry = cfg.raw.get("model_list")[d.index] if isinstance(cfg.raw.get("model_list"), list) else {}
        raw_info = raw_entry.get("model_info") if isinstance(raw_entry, dict) else None
        yield "model_info", ("model_list", d.index, "model_info"), d.model_info, raw_info if isinstance(raw_info, dict) else {}


@check("LD-CFG-026")
def wrong_value_type(ctx: Context):
    for kind, base, values, raw in _places(ctx):
        for key in _NUMERIC[kind]:
            if key not in values:
                continue
            value = values[key]
            path = (*base, key)
            if value is None:
                continue  # unset os.environ/ (LD-CFG-040) or an empty value: LiteLLM uses its default
            if isinstance(value, bool) or isinstance(value, (list, dict)) or (isinstance(value, str) and as_number(value) is None):
                shown = value if not isinstance(value, str) else f'"{value}"'
                yield Hit(
                    f"{code(dotted(path), ': ', shown)}{from_env(raw.get(key))} is not a number: LiteLLM fails on it "
                    f"({'every request to this deployment fails' if kind == 'litellm_params' else 'at start-up or on the first request'})",
                    path=path, facts={"key": dotted(path), "fixed": _fixed(value)},
                    fix=_number_fix(path, value, raw.get(key)),
                )
                continue
            number = as_number(value)
            if key in _TIMEOUTS and number is not None and number <= 0:
                yield Hit(
                    f"{code(dotted(path), ': ', value)} is not a usable timeout: LiteLLM reads 0 as unset and falls through to the "
                    "next setting (ultimately 6000 s)",
                    path=path, severity="warning", facts={"key": dotted(path), "fixed": "60"},
                )
            elif number is not None and number < 0:
                yield Hit(
                    f"{code(dotted(path), ': ', value)} is negative", path=path, severity="warning",
                    facts={"key": dotted(path), "fixed": "0"},
                )
        for key in _STRING.get(kind, ()):
            value = raw.get(key)
            if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
                what = "a date" if isinstance(value, datetime.date) else "a number"
                path = (*base, key)
                yield Hit(
                    f"{code(dotted(path), ': ', value)} is unquoted, so YAML reads {what}, not a string: LiteLLM refuses "
                    "the deployment at start-up (logged as `Error creating deployment`) and its group has no deployment",
                    path=path, facts={"key": dotted(path), "fixed": f'"{value}"'},
                    fix=("value", path, _source_text(value)),
                )
        for key in _BOOLEAN[kind]:
            if key in _LAX_PARSED:
                continue
            value = values.get(key)
            if not isinstance(value, str) and not is_intlike(value):
                continue
            if isinstance(value, int) and value in (0, 1):
                continue  # 0 / 1 behave like false / true
            path = (*base, key)
            falsy = isinstance(value, str) and value.strip().lower() in _FALSY_STRINGS
            yield Hit(
                code(dotted(path), ': "', value, '"') + " is a string, not a boolean: any non-empty string counts as true"
                + (", so this setting is ON although it says otherwise" if falsy else ""),
                path=path, severity=None if falsy else "warning",
                facts={"key": dotted(path), "fixed": "false" if falsy else "true"},
                fix=("value", path, falsy is False) if isinstance(raw.get(key), str) and (
                    falsy or raw[key].strip().lower() in ("true", "yes", "on", "1")) else None,
            )


def _number_fix(path: tuple, value, raw) -> tuple | None:
    """`"600s"` / `"60 seconds"` -> 600: safe (the number and unit are unambiguous); minutes or other
    text: unsafe."""
    if not isinstance(value, str) or raw != value:
        return None  # from os.environ/: the file holds no number to fix
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?)?\s*", value, re.IGNORECASE)
    if m:
        number = float(m.group(1))
        if not math.isfinite(number) or len(m.group(1)) > 15:
            return None  # not a timeout anyone meant: no fix offered
        return ("value", path, int(number) if number.is_integer() else number)
    fixed = _fixed(value)
    if not math.isfinite(float(fixed)) or len(fixed) > 15:
        return None
    return ("value", path, int(float(fixed)) if float(fixed).is_integer() else float(fixed), "unsafe")


def _source_text(value) -> str:
    """The text YAML read as a date or number, as a string (`2024-10-21`, `1.0`)."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


# pydantic 2's lax `bool` (TypeAdapter(bool), the parser LiteLLM's `drop_params` goes through in 1.103.0 and
# 1.110.2): these strings (any case, compared after LiteLLM's strip()), ints 0 / 1 and floats 0.0 / 1.0.
_LAX_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_LAX_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})
# pydantic 2's lax `int` from a string: surrounding whitespace, a sign, ASCII digits with single underscores
# between them, and a fraction of zeros only ("2.0" is 2, "2." and "2.5" are refused).
_LAX_INT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", re.ASCII)


def lax_bool(value) -> bool | None:
    """`normalize_drop_params` (core_helpers.py:53 in LiteLLM 1.103.0; `lax_bool`, :218 in 1.110.2): a bool, None
    for None, or None for what pydantic's lax bool refuses (the value LiteLLM calls `not a flag value`)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in _LAX_TRUE else False if word in _LAX_FALSE else None
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    return None


def lax_int(value) -> int | None:
    """pydantic 2's lax `int` (TypeAdapter(int)): an int, None for what it refuses. A bool is 0 or 1, a float must
    be whole, a string as _LAX_INT."""
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and _LAX_INT.fullmatch(value.strip()):
        return int(value.strip().split(".")[0].replace("_", ""))
    return None


def is_intlike(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fixed(value) -> str:
    if isinstance(value, str):
        digits = "".join(ch for ch in value if ch.isdigit() or ch == ".").strip(".")
        if digits:
            factor = 60 if value.strip().lower().endswith(("m", "min", "mins", "minutes")) else 1
            try:
                return f"{float(digits) * factor:g}"
            except ValueError:
                pass
    return "60"
