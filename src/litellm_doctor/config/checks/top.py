"""Checks on the file as a whole and its top-level keys."""

from __future__ import annotations

from ...model import Location
from .._litellm_data import TOP_LEVEL_KEYS
from . import Context, Hit, check
from .known import home_of
from .util import code, did_you_mean, dotted, key_status, newer_key_hit, suggestion_text

_MAPPING_SECTIONS = ("litellm_settings", "router_settings", "general_settings", "environment_variables", "callback_settings")
_LIST_SECTIONS = ("model_list",)
_JWT_KEYS = ("enable_jwt_auth", "litellm_jwtauth")


@check("LD-CFG-001")
def unknown_top_level_key(ctx: Context):
    known = set(TOP_LEVEL_KEYS)
    for key in ctx.config.raw:
        if key in known or key in _JWT_KEYS:
            continue
        status = key_status("top_level", key, ctx.options.litellm_version)
        if status == "known":
            continue
        if status is not None:
            yield newer_key_hit(str(key), (key,), ctx.options.litellm_version, status)
            continue
        home = home_of(key, "")
        if home is not None and not isinstance(ctx.config.raw.get(key), (dict, list)):
            yield Hit(
                f"{code(key)} at the top level is ignored: it is read from {code(home)}, so move it to {code(home)}",
                path=(key,),
                facts={"key": key, "suggestion": f"{home}.{key}"},
                # The catalog's "Rename `{key}` to `{suggestion}`" read "Rename `master_key` to
                # ``general_settings.master_key` (move it to `general_settings`)`": a move is said as one.
                steps=(f"Move {code(key)} to {code(home)} (the `check --fix` of this finding does it).",),
                fix=("move", (key,), home),
                severity="error",
            )
            continue
        suggestion = did_you_mean(key, known)
        yield Hit(
            f"Unknown top-level key {code(key)}: LiteLLM ignores it{suggestion_text(suggestion)}",
            path=(key,),
            facts={"key": key, "suggestion": suggestion or "a known section"},
            fix=("rename", (key,), suggestion) if suggestion and suggestion not in ctx.config.raw else None,
            # A misspelled section: everything under it is dropped. With no known key close to it, it is most
            # often a section another tool keeps in the same file (airlock's `cost_tiers`, tests/config/real/):
            # LiteLLM ignores it harmlessly, so it is worth knowing, not a likely mistake.
            severity="error" if suggestion else "info",
        )


@check("LD-CFG-002")
def duplicate_key(ctx: Context):
    for file, dup in ctx.config.duplicate_keys:
        yield Hit(
            f"{code(dotted(dup.path))} is written twice (lines {dup.first_line} and {dup.line}): YAML keeps only the "
            f"last one, so everything under line {dup.first_line} is silently dropped",
            location=Location(file, dup.line),
            facts={"key": dotted(dup.path), "first_line": dup.first_line, "line": dup.line},
        )


@check("LD-CFG-003")
def misplaced_jwt_settings(ctx: Context):
    for key in _JWT_KEYS:
        if key in ctx.config.raw:
            yield Hit(
                f"{code(key)} is at the top level: LiteLLM ignores it there and JWT auth does not engage",
                path=(key,),
                facts={"key": key},
            )


@check("LD-CFG-004")
def section_wrong_type(ctx: Context):
    raw = ctx.config.raw
    for key in _MAPPING_SECTIONS:
        value = raw.get(key)
        if value is not None and not isinstance(value, dict):
            yield Hit(
                f"{code(key)} is {_kind(value)}, not a mapping of settings: LiteLLM fails at start-up or ignores the section",
                path=(key,),
                facts={"key": key, "expected": "a mapping (key: value lines, indented under it)"},
            )
    for key in _LIST_SECTIONS:
        value = raw.get(key)
        if value is not None and not isinstance(value, list):
            yield Hit(
                f"{code(key)} is {_kind(value)}, not a list of deployments (`- model_name: ...` items)",
                path=(key,),
                facts={"key": key, "expected": "a list (each item starting with `- `)"},
            )
    model_list = raw.get("model_list")
    if isinstance(model_list, list):
        for index, entry in enumerate(model_list):
            if not isinstance(entry, dict):
                yield Hit(
                    f"{code('model_list[', index, ']')} is {_kind(entry)}, not a deployment mapping: the proxy fails at start-up",
                    path=("model_list", index),
                    facts={"key": f"model_list[{index}]", "expected": "a mapping with model_name and litellm_params"},
                )


@check("LD-CFG-005")
def empty_model_list(ctx: Context):
    cfg = ctx.config
    if cfg.deployments or cfg.section("general_settings").get("store_model_in_db") is True:
        return
    if str(cfg.env.effective("STORE_MODEL_IN_DB") or "").lower() == "true":
        return
    if isinstance(cfg.raw.get("model_list"), list) or "model_list" not in cfg.raw:
        yield Hit(
            "No deployments: `model_list` is empty or missing and models are not loaded from a database "
            "(`store_model_in_db`), so every request fails with `Invalid model name`",
            path=("model_list",) if "model_list" in cfg.raw else None,
            location=None if "model_list" in cfg.raw else Location(cfg.path, 1),
        )


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return f"a {type(value).__name__}"
