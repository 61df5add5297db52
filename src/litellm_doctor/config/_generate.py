"""Regenerate `_litellm_data.py` from the installed litellm: `python -m litellm_doctor.config._generate`.

Per-version knowledge (keys per section, providers, defaults, exceptions, messages of every supported
release) is in `litellm_doctor.knowledge`, generated from the released wheels without importing them.
This module keeps the 1.103.0 tables only a running litellm can give (bare model names resolved by
`get_llm_provider`, the env vars `validate_environment` asks for, the kinds of lazily imported names);
the config checks use them together with the knowledge of the detected version.

`check` must never import litellm (2+ s, ~190 MB), so everything it needs to know about LiteLLM's
accepted keys is read once here and stored as data. `tests/config/test_known_keys.py` compares the
stored data with the installed litellm, so a new release that adds or removes keys is noticed.

This module is the only place in the config package that imports litellm.
"""

from __future__ import annotations

import inspect
import os
import pprint
import re
import sys
from pathlib import Path

OUT = Path(__file__).with_name("_litellm_data.py")

# Top-level keys the proxy reads (reference §6.2) in addition to what the source greps find.
_TOP_LEVEL_EXTRA = (
    "model_list", "litellm_settings", "general_settings", "router_settings", "environment_variables",
    "include", "callback_settings", "guardrails", "policies", "policy_attachments", "prompts",
    "credential_list", "mcp_servers", "mcp_tools", "agents", "agent_list", "vector_store_registry",
    "search_tools", "sandbox_tools", "assistant_settings", "finetune_settings", "files_settings",
    "default_vertex_config", "worker_registry", "pass_through_endpoints",
)
# Deployment keys read by name outside the pydantic models: one list, shared with the wheel reader.
from ..knowledge.generate import _LITELLM_PARAMS_EXTRA, _MODEL_INFO_EXTRA  # noqa: E402

_CALLBACKS_EXTRA = (
    "langfuse", "lunary", "helicone", "s3", "dynamodb", "supabase", "sentry", "posthog", "slack",
    "athina", "greenscale", "traceloop", "wandb", "logfire", "openmeter", "mlflow", "custom_callback_api",
    "generic", "promptlayer", "clickhouse", "braintrust", "prometheus", "otel", "datadog", "webhook",
    "email", "llmonitor", "cloudzero", "sqs", "gcs_bucket",
)


# Providers whose model ids are `organisation/model` (a Hugging Face id, or a gateway's own `org/model`): the model map's
# `openrouter/mistralai/mistral-7b-instruct`, `together_ai/meta-llama/...`. Not the providers whose middle segment is a
# region, a size or a quality (azure, bedrock, fal_ai), a single account (fireworks_ai's `accounts/`) or a preset.
# The organisations of their ids (MODEL_ORGS) tell a `mistralai/…` model from a misspelled provider prefix (LD-CFG-011).
_ORG_ID_PROVIDERS = (
    "anyscale", "baseten", "crusoe", "deepinfra", "friendliai", "gmi", "groq", "hyperbolic", "nebius", "novita",
    "nscale", "openrouter", "replicate", "scaleway", "tensormesh", "together_ai", "vercel_ai_gateway", "wandb", "watsonx",
)


def model_orgs(model_cost: dict) -> dict[str, tuple[str, ...]]:
    """Each organisation (lower-case) of the model map's `provider/org/model` ids, for the providers above: the
    providers whose ids carry it."""
    orgs: dict[str, set[str]] = {}
    for name, entry in model_cost.items():
        parts = name.split("/")
        if len(parts) >= 3 and parts[0] in _ORG_ID_PROVIDERS and isinstance(entry, dict) \
                and entry.get("litellm_provider") == parts[0] and parts[1]:
            orgs.setdefault(parts[1].lower(), set()).add(parts[0])
    return {org: tuple(sorted(providers)) for org, providers in sorted(orgs.items())}


def _grep(root: Path, pattern: str) -> set[str]:
    rx = re.compile(pattern)
    found: set[str] = set()
    for path in root.rglob("*.py"):
        try:
            found.update(rx.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return found


def collect() -> dict[str, object]:
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    import litellm
    from litellm.constants import ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG
    from litellm.llms.openai_like.json_loader import JSONProviderRegistry
    from litellm.proxy._types import ConfigGeneralSettings
    from litellm.types.router import LiteLLM_Params, ModelInfo

    pkg = Path(litellm.__file__).parent

    # dir(litellm) plus the names litellm resolves lazily through its module __getattr__.
    from litellm._lazy_imports import _get_lazy_import_registry

    names = set(dir(litellm)) | set(_get_lazy_import_registry())
    attrs: dict[str, str] = {}
    for name in sorted(names):
        if name.startswith("_"):
            continue
        try:
            value = getattr(litellm, name)
        except Exception:  # noqa: BLE001 - a lazy name whose import fails here
            attrs[name] = "value"
            continue
        if inspect.ismodule(value):
            kind = "module"
        elif inspect.isclass(value):
            kind = "class"
        elif callable(value):
            kind = "function"
        else:
            kind = "value"
        attrs[name] = kind

    router_keys = sorted(set(litellm.Router.get_valid_args()) - set(ROUTER_SETTINGS_MANAGED_OUTSIDE_CONFIG))

    params = set(LiteLLM_Params.model_fields) | set(_LITELLM_PARAMS_EXTRA)
    for field in LiteLLM_Params.model_fields.values():
        if field.alias:
            params.add(field.alias)

    model_info = set(ModelInfo.model_fields) | set(_MODEL_INFO_EXTRA)
    for entry in litellm.model_cost.values():
        if isinstance(entry, dict):
            model_info.update(entry)

    general = set(ConfigGeneralSettings.model_fields)
    general |= _grep(pkg / "proxy", r"general_settings(?:\.get\(|\[)\s*[\"']([a-z_0-9]+)[\"']")

    top = set(_TOP_LEVEL_EXTRA) | _grep(pkg / "proxy" / "proxy_server.py", r"\bconfig\.get\(\s*[\"']([a-z_0-9]+)[\"']")

    JSONProviderRegistry.load()
    json_providers = sorted(JSONProviderRegistry._providers)

    # Bare model names (no provider prefix) that LiteLLM maps to a provider on its own.
    from litellm import get_llm_provider

    saved = dict(os.environ)
    bare: dict[str, str] = {}
    try:
        for name in sorted(litellm.model_cost):
            if "/" in name or name == "sample_spec":
                continue
            try:
                bare[name] = get_llm_provider(name)[1]
            except Exception:  # noqa: BLE001 - unknown to the resolver
                continue
        # Env vars each provider needs when litellm_params gives nothing (validate_environment).
        for key in list(os.environ):
            if re.search(r"(API_KEY|API_BASE|API_VERSION|^AWS_|^VERTEX|^GOOGLE|^AZURE|_TOKEN$)", key):
                del os.environ[key]
        provider_env: dict[str, list[str]] = {}
        for provider in sorted(litellm.provider_list, key=str):
            p = getattr(provider, "value", provider)
            try:
                missing = litellm.validate_environment(model=f"{p}/some-model").get("missing_keys") or []
            except Exception:  # noqa: BLE001
                continue
            if missing:
                provider_env[p] = list(missing)
    finally:
        os.environ.clear()
        os.environ.update(saved)

    callbacks = set(_CALLBACKS_EXTRA)
    import typing

    callbacks |= set(typing.get_args(litellm._custom_logger_compatible_callbacks_literal))
    callbacks |= set(getattr(litellm, "_known_custom_logger_compatible_callbacks", []) or [])

    return {
        "LITELLM_VERSION": litellm.__version__ if hasattr(litellm, "__version__") else _version(),
        "LITELLM_ATTRS": dict(sorted(attrs.items())),
        "ROUTER_SETTINGS_KEYS": tuple(router_keys),
        "LITELLM_PARAMS_KEYS": tuple(sorted(params)),
        "MODEL_INFO_KEYS": tuple(sorted(model_info)),
        "GENERAL_SETTINGS_KEYS": tuple(sorted(general)),
        "TOP_LEVEL_KEYS": tuple(sorted(top)),
        "JSON_PROVIDERS": tuple(json_providers),
        "BARE_MODELS": dict(sorted(bare.items())),
        "PROVIDER_ENV_KEYS": dict(sorted(provider_env.items())),
        "KNOWN_CALLBACKS": tuple(sorted(c for c in callbacks if isinstance(c, str))),
        "MODEL_ORGS": model_orgs(litellm.model_cost),
    }


def _version() -> str:
    from importlib.metadata import version

    return version("litellm")


def render(data: dict[str, object]) -> str:
    lines = [
        '"""Generated by `python -m litellm_doctor.config._generate` from the installed litellm: do not edit.',
        "",
        "What LiteLLM accepts in a config (keys, providers, bare model names), stored as data so that",
        "`check` never imports litellm. tests/config/test_known_keys.py compares it with litellm.",
        '"""',
        "",
        "# fmt: off",
    ]
    for name, value in data.items():
        lines.append(f"{name} = {pprint.pformat(value, width=110, compact=True, sort_dicts=False)}")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    data = collect()
    data["LITELLM_VERSION"] = _version()
    OUT.write_text(render(data), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT} (litellm {data['LITELLM_VERSION']})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
