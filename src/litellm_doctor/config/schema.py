"""A JSON Schema of LiteLLM's config.yaml, built from the same knowledge the checks use: the keys LiteLLM
reads per section (`_litellm_data.py` plus `checks/known.py`), the value types of `checks/values.py`,
the routing strategies and call types the checks accept.

    litellm-doctor schema > litellm-config.schema.json

and in the config (yaml-language-server, e.g. VS Code's YAML extension):

    # yaml-language-server: $schema=./litellm-config.schema.json

The wheel ships it as `litellm_doctor/schemas/config.schema.json` (regenerate with
`python -m litellm_doctor.config.schema --write`; a test checks it is current). Sections whose keys
LiteLLM passes on (litellm_params, model_info) allow other keys; the settings sections do not, so an
editor underlines a misspelled setting as you type.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "config.schema.json"
_ENV = {"type": "string", "pattern": "^os\\.environ/"}


def _number() -> dict:
    return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^\\s*-?[0-9.]+\\s*$"}, {"$ref": "#/definitions/envRef"}]}


def _boolean() -> dict:
    return {"anyOf": [{"type": "boolean"}, {"$ref": "#/definitions/envRef"}]}


def _typed(section: str, keys) -> dict[str, Any]:
    from .checks.values import _BOOLEAN, _NUMERIC, _STRING

    props: dict[str, Any] = {}
    for key in sorted(keys):
        if key in _NUMERIC.get(section, ()):
            props[key] = _number()
        elif key in _BOOLEAN.get(section, ()):
            props[key] = _boolean()
        elif key in _STRING.get(section, ()):
            props[key] = {"type": "string"}
        else:
            props[key] = {}
    return props


def build_schema() -> dict[str, Any]:
    from ._litellm_data import LITELLM_VERSION, MODEL_INFO_KEYS, TOP_LEVEL_KEYS
    from .checks import known
    from .checks.faults import _ALLOWED_FAILS_FIELDS, _CALL_TYPES, _RETRY_FIELDS
    from .checks.litellm_settings import SPECIAL
    from .checks.model_list import _PARAM_KEYS
    from .checks.router_settings import FALLBACK_KEYS, ROUTING_STRATEGIES

    sections = known._section_keys()
    router = _typed("router_settings", sections["router_settings"])
    router["routing_strategy"] = {"enum": list(ROUTING_STRATEGIES)}
    fallbacks = {"type": "array", "items": {"type": "object", "maxProperties": 1,
                                            "additionalProperties": {"type": "array", "items": {"type": "string"}}}}
    for key in FALLBACK_KEYS:
        router[key] = fallbacks
    retry = {"type": "object", "additionalProperties": False, "properties": {k: _number() for k in _RETRY_FIELDS}}
    router["retry_policy"] = retry
    router["model_group_retry_policy"] = {"type": "object", "additionalProperties": retry}
    router["allowed_fails_policy"] = {
        "type": "object", "additionalProperties": False, "properties": {k: _number() for k in _ALLOWED_FAILS_FIELDS},
    }
    litellm = _typed("litellm_settings", sections["litellm_settings"] | SPECIAL)
    for key in FALLBACK_KEYS:
        litellm[key] = fallbacks
    litellm["cache_params"] = {
        "type": "object",
        "properties": {"supported_call_types": {"type": "array", "items": {"enum": sorted(_CALL_TYPES)}}},
    }
    params = _typed("litellm_params", _PARAM_KEYS)
    params["model"] = {"type": "string", "description": "provider/model-id, e.g. openai/gpt-4o"}
    deployment = {
        "type": "object",
        "required": ["model_name", "litellm_params"],
        "additionalProperties": False,
        "properties": {
            "model_name": {"type": "string", "description": "The model group clients ask for"},
            "litellm_params": {"type": "object", "required": ["model"], "properties": params},
            "model_info": {"type": "object", "properties": _typed("model_info", MODEL_INFO_KEYS)},
        },
    }
    properties: dict[str, Any] = {key: {} for key in TOP_LEVEL_KEYS}
    properties.update(
        {
            "model_list": {"type": "array", "items": deployment},
            "include": {"type": "array", "items": {"type": "string"}},
            "litellm_settings": {"type": "object", "properties": litellm, "additionalProperties": False},
            "router_settings": {"type": "object", "properties": router, "additionalProperties": False},
            "general_settings": {
                "type": "object", "properties": _typed("general_settings", sections["general_settings"]),
                "additionalProperties": False,
            },
            "environment_variables": {
                "type": "object",
                "description": "Exported with str(value): give strings (a mapping or list is exported as its Python repr)",
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
        }
    )
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/litellm-doctor/litellm-doctor/schemas/config.schema.json",
        "title": "LiteLLM proxy config.yaml",
        "description": f"Generated by litellm-doctor from LiteLLM {LITELLM_VERSION}'s known keys",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "definitions": {"envRef": _ENV},
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":  # python -m litellm_doctor.config.schema --write
    if sys.argv[1:] == ["--write"]:
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
