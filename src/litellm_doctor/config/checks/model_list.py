"""Checks on `model_list` entries (reference §6.3, §6.7, §2.4)."""

from __future__ import annotations

import re
from pathlib import Path
from ...boundedio import is_file
from ...urls import split_url, url_host

from .._litellm_data import BARE_MODELS, LITELLM_PARAMS_KEYS, MODEL_INFO_KEYS
from ..loader import Deployment
from ..providers import (
    API_BASE_ENV,
    AZURE_DEFAULT_API_VERSION,
    api_key_env_names,
    has_key_in_params,
    known_prefixes,
)
from . import Context, Hit, check, known
from .util import code, named, did_you_mean, env_ref, env_severity, key_status, newer_key_hit, suggestion_text, version_providers

_ENTRY_KEYS = ("model_name", "litellm_params", "model_info")
# Request parameters people put in litellm_params on purpose (passed on to every call).
_REQUEST_PARAMS = frozenset(
    """temperature max_tokens max_completion_tokens top_p top_k stop seed n user tools tool_choice
    response_format frequency_penalty presence_penalty logit_bias logprobs top_logprobs extra_headers
    extra_body extra_query reasoning_effort thinking parallel_tool_calls stream_options modalities audio
    prediction service_tier metadata headers input_type dimensions encoding_format safety_settings
    top_n num_ctx keep_alive format vertex_ai_location vertex_ai_project api_type
    """.split()
)
_PARAM_KEYS = frozenset(LITELLM_PARAMS_KEYS) | _REQUEST_PARAMS | known.LITELLM_PARAMS
_MODEL_INFO_KEYS = frozenset(MODEL_INFO_KEYS)
_PREFIX_ALIASES = {
    "azure_openai": "azure", "azureopenai": "azure", "aws_bedrock": "bedrock", "aws": "bedrock", "amazon": "bedrock",
    "vertex": "vertex_ai", "vertexai": "vertex_ai", "google_vertex": "vertex_ai", "google": "gemini",
    "google_ai_studio": "gemini", "claude": "anthropic", "together": "together_ai", "togetherai": "together_ai",
    "hf": "huggingface", "fireworks": "fireworks_ai", "openai_compatible": "openai", "vllm_hosted": "hosted_vllm",
    "nvidia": "nvidia_nim", "x-ai": "xai", "grok": "xai", "mistralai": "mistral", "lmstudio": "lm_studio",
}
_HEALTH_MODES = frozenset(
    "chat completion embedding audio_speech audio_transcription image_generation image_edit video_generation "
    "rerank realtime batch responses ocr".split()
)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})


def _env_any(ctx: Context, names) -> bool:
    return any(ctx.config.env.has(n) for n in names)


def _raw_is_env_ref(d: Deployment, key: str) -> bool:
    return env_ref(d.raw_params.get(key))


def _raw_entries(ctx: Context):
    """(index, entry) of every `model_list` entry as written, skipping what is not a mapping
    (LD-CFG-004 reports a `model_list` of the wrong shape)."""
    model_list = ctx.config.raw.get("model_list")
    if isinstance(model_list, list):
        yield from ((i, e) for i, e in enumerate(model_list) if isinstance(e, dict))


def _custom_providers(ctx: Context) -> set[str]:
    out = set()
    entries = ctx.config.section("litellm_settings").get("custom_provider_map")
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("provider"), str):
                out.add(entry["provider"])
    return out


@check("LD-CFG-010")
def deployment_missing_field(ctx: Context):
    for index, entry in _raw_entries(ctx):
        path = ("model_list", index)
        if "model_name" not in entry or entry.get("model_name") in (None, ""):
            yield Hit(
                f"{code('model_list[', index, ']')} has no `model_name`: the proxy fails at start-up (KeyError: 'model_name')",
                path=path, facts={"field": "model_name", "index": index, "example": "model_name: gpt-4o"},
            )
        params = entry.get("litellm_params")
        if not isinstance(params, dict):
            what = "no `litellm_params`" if params is None else "`litellm_params` that is not a mapping"
            yield Hit(
                f"{code('model_list[', index, ']')} ({named(entry.get('model_name', '?'))}) has {what}: the proxy fails at start-up "
                "(KeyError: 'litellm_params')",
                path=path, facts={"field": "litellm_params", "index": index, "example": "litellm_params: {model: openai/gpt-4o}"},
            )
        elif not isinstance(params.get("model"), str) or not params.get("model"):
            yield Hit(
                f"{code('model_list[', index, '].litellm_params')} ({named(entry.get('model_name', '?'))}) has no `model`: the proxy fails "
                "at start-up (KeyError: 'model')",
                path=(*path, "litellm_params"),
                facts={"field": "litellm_params.model", "index": index, "example": "model: openai/gpt-4o"},
            )


@check("LD-CFG-011")
def unknown_provider(ctx: Context):
    custom = _custom_providers(ctx)
    known = known_prefixes() | custom | version_providers(ctx)
    for d in ctx.config.deployments:
        model = d.model
        if not model:
            continue
        base = ("model_list", d.index, "litellm_params")
        declared = d.litellm_params.get("custom_llm_provider")
        if isinstance(declared, str) and declared:
            if declared not in known:
                suggestion = _PREFIX_ALIASES.get(declared) or did_you_mean(declared, known, cutoff=0.7)
                yield Hit(
                    f"{code('custom_llm_provider: ', declared)} ({named(d.model_name)}) is not a LiteLLM provider"
                    f"{suggestion_text(suggestion)}: the deployment is dropped at start-up",
                    path=(*base, "custom_llm_provider"),
                    facts={"prefix": declared, "model": model, "suggestion": suggestion or "openai", "group": d.model_name},
                )
            continue
        if "/" in model:
            prefix = model.split("/", 1)[0]
            if prefix in known:
                continue
            suggestion = _PREFIX_ALIASES.get(prefix.lower()) or did_you_mean(prefix, known, cutoff=0.7)
            severity = "warning" if d.api_base else None
            tail = (
                "; LiteLLM may still infer the provider from api_base, but only for a few known hosts"
                if d.api_base else ": LiteLLM drops this deployment at start-up (`LLM Provider NOT provided`)"
            )
            hosts = _org_hosts(prefix)
            if hosts:
                yield _organisation_hit(d, base, prefix, hosts, _PREFIX_ALIASES.get(prefix.lower()), tail, severity)
                continue
            yield Hit(
                f"{code(model)} ({named(d.model_name)}): {code(prefix, '/')} is not a LiteLLM provider prefix{suggestion_text(suggestion)}{tail}",
                path=(*base, "model"),
                severity=severity,
                fix=("value", (*base, "model"), f"{suggestion}/{model.split('/', 1)[1]}") if suggestion
                and d.raw_params.get("model") == model else None,
                facts={"prefix": prefix, "model": model, "rest": model.split("/", 1)[1],
                       "suggestion": suggestion or "openai", "group": d.model_name},
            )
        elif "*" not in model and model not in BARE_MODELS:
            yield Hit(
                f"{code(model)} ({named(d.model_name)}) has no provider prefix and is not in LiteLLM {_version()}'s model map: "
                "unless the proxy's (remote) model map knows it, the deployment is dropped (`LLM Provider NOT provided`)",
                path=(*base, "model"),
                severity="warning",
                facts={"model": model, "rest": model, "suggestion": "openai", "group": d.model_name},
            )


# The providers a model id's organisation is first shown with (the others follow in the step): the gateways most
# configs use for `org/model` ids.
_ORG_HOSTS_FIRST = ("openrouter", "together_ai", "deepinfra", "groq")


def _org_hosts(prefix: str) -> tuple[str, ...]:
    """The providers whose model ids carry `prefix` as their organisation (`openrouter/mistralai/...`), most used
    first; () when no id of LiteLLM's model map does (`_generate.MODEL_ORGS`)."""
    from .._litellm_data import MODEL_ORGS

    hosts = MODEL_ORGS.get(prefix.lower(), ())
    return tuple(sorted(hosts, key=lambda h: (_ORG_HOSTS_FIRST.index(h) if h in _ORG_HOSTS_FIRST else len(_ORG_HOSTS_FIRST), h)))


def _organisation_hit(d: Deployment, base: tuple, prefix: str, hosts: tuple[str, ...], alias: str | None,
                      tail: str, severity: str | None) -> Hit:
    """`mistralai/mistral-7b-instruct`: the prefix is no misspelled provider but the organisation of a model id (a
    Hugging Face id, a gateway's `org/model`), so the provider goes before the whole id. A near spelling (`mistral`)
    would send the id to another API, whose model names are its own: it is only the last step, for one who meant
    that API (tests/config/real/JUDGED.md: `mistralai/mistral-7b-instruct` is `openrouter/`'s id in the model map)."""
    model = d.model
    rest = model.split("/", 1)[1]
    shown = ", ".join(f"{code(h)}" for h in hosts[:3]) + (f" and {len(hosts) - 3} more" if len(hosts) > 3 else "")
    gateway = (
        f"Put the provider that serves it before the whole id: {code('model: ', hosts[0], '/', model)}, or, for a Hugging Face id, "
        f"{code('huggingface/', model)} (Hugging Face's router) (the providers whose model ids LiteLLM knows with {code(prefix, '/')}: "
        f"{', '.join(hosts)})."
    )
    own = (f"For your own OpenAI-compatible server (vLLM, TGI, …) serving this id, use {code('model: hosted_vllm/', model)} "
           "(or `openai/…`) with its `api_base: http://host:port/v1`.")
    steps = [own, gateway] if d.api_base else [gateway, own]
    if alias:
        steps.append(f"If you meant {named(alias)}'s own API instead, write {code('model: ', alias, '/MODEL')} with one of its model names "
                     f"({code(rest)} is this id's name, not necessarily one of them).")
    return Hit(
        f"{code(model)} ({named(d.model_name)}): {code(prefix, '/')} is not a LiteLLM provider prefix but the organisation of a model "
        f"id, as in the model ids of {shown}{tail}",
        path=(*base, "model"),
        severity=severity,
        steps=tuple(steps),
        facts={"prefix": prefix, "model": model, "rest": rest, "suggestion": hosts[0], "group": d.model_name},
    )


def _version() -> str:
    from .._litellm_data import LITELLM_VERSION

    return LITELLM_VERSION


# Read by the Router at the deployment's own level, beside litellm_params: router.py:10723-10748 (tpm, rpm, itpm,
# otpm before litellm_params and model_info), router_strategy/lowest_tpm_rpm_v2.py:319, lowest_cost.py:225.
_ENTRY_LEVEL_READ = frozenset({"tpm", "rpm", "itpm", "otpm"})


@check("LD-CFG-012")
def unknown_deployment_key(ctx: Context):
    for index, entry in _raw_entries(ctx):
        for key in entry:
            if key in _ENTRY_KEYS or key in _ENTRY_LEVEL_READ:
                continue
            suggestion = did_you_mean(key, _ENTRY_KEYS, cutoff=0.6)
            # A litellm_params key one level too high is a mistake (its setting never reaches the call); a key close
            # to a part's name is a misspelled part. Anything else is most often another tool's own annotation
            # (airlock's `airlock_embeddings`, tests/config/real/): the Deployment keeps it (types/router.py:577
            # extra="allow") and nothing reads it, harmlessly, so it is worth knowing only.
            misplaced = isinstance(key, str) and key in _PARAM_KEYS
            yield Hit(
                f"{code('model_list[', index, '].', key)} is not a deployment field: LiteLLM ignores it{suggestion_text(suggestion)}"
                + (" (it is a `litellm_params` key: move it there)" if misplaced and not suggestion else ""),
                path=("model_list", index, key),
                facts={"key": f"model_list[{index}].{key}", "suggestion": suggestion or "litellm_params"},
                severity=None if suggestion or misplaced else "info",
            )


def _misspelled_keys(ctx: Context, part: str, known, what: str, effect: str):
    """Keys of a deployment's `part` close to a known key. Unknown keys with no close match are left
    alone: LiteLLM passes provider-specific ones on as written, and they are not ours to judge."""
    for d in ctx.config.deployments:
        for key in d.raw_params if part == "litellm_params" else d.model_info:
            if not isinstance(key, str) or key in known:
                continue
            status = key_status(part, key, ctx.options.litellm_version)
            if status == "known":
                continue  # read by the LiteLLM this config runs on
            if status is not None:
                yield newer_key_hit(f"{part}.{key}", ("model_list", d.index, part, key), ctx.options.litellm_version, status)
                continue
            suggestion = did_you_mean(key, known, cutoff=0.8)
            if suggestion is None:
                continue
            yield Hit(
                f"{code(part, '.', key)} ({named(d.model_name)}) is not {what} (did you mean {code(suggestion)}?): {effect}",
                path=("model_list", d.index, part, key),
                facts={"key": f"{part}.{key}", "suggestion": suggestion},
                fix=("rename", ("model_list", d.index, part, key), suggestion)
                if suggestion not in (d.raw_params if part == "litellm_params" else d.model_info) else None,
            )


@check("LD-CFG-013")
def misspelled_litellm_param(ctx: Context):
    yield from _misspelled_keys(
        ctx, "litellm_params", _PARAM_KEYS, "a LiteLLM parameter",
        "it is passed on to the provider as is, and the setting you meant is not applied",
    )


@check("LD-CFG-014")
def misspelled_model_info_key(ctx: Context):
    yield from _misspelled_keys(
        ctx, "model_info", _MODEL_INFO_KEYS, "a model_info field", "LiteLLM keeps it but never reads it"
    )


@check("LD-CFG-015")
def api_key_missing(ctx: Context):
    for d in ctx.config.deployments:
        provider = d.provider
        if not provider:
            continue
        names = api_key_env_names(provider)
        if not names or has_key_in_params(provider, d.litellm_params):
            continue
        if _raw_is_env_ref(d, "api_key"):
            continue  # an unset os.environ/ reference: LD-CFG-040 reports it
        if provider == "openai" and d.api_base and "api.openai.com" not in d.api_base:
            continue  # an OpenAI-compatible server of your own may need no key
        if _env_any(ctx, names):
            continue
        yield Hit(
            f"{named(d.model_name)} ({named(d.model)}): no `api_key` in litellm_params and {' / '.join(names)} is not set in this "
            "environment: every call fails with an authentication error",
            path=("model_list", d.index, "litellm_params"),
            severity=env_severity(ctx),
            facts={"group": d.model_name, "provider": provider, "env_var": names[0]},
        )


@check("LD-CFG-016")
def api_base_missing(ctx: Context):
    for d in ctx.config.deployments:
        provider = d.provider
        if provider not in API_BASE_ENV or d.api_base or _raw_is_env_ref(d, "api_base"):
            continue
        names = API_BASE_ENV[provider]
        if _env_any(ctx, names):
            continue
        yield Hit(
            f"{named(d.model_name)} ({named(d.model)}): {code(provider)} has no default endpoint, and there is no `api_base` in "
            f"litellm_params nor {' / '.join(names)} in this environment",
            path=("model_list", d.index, "litellm_params"),
            severity=env_severity(ctx),
            facts={"group": d.model_name, "provider": provider, "env_var": names[0],
                   "example": "https://my-resource.openai.azure.com" if provider.startswith("azure") else "http://vllm:8000/v1"},
        )


@check("LD-CFG-017")
def azure_api_version_missing(ctx: Context):
    settings = ctx.config.section("litellm_settings")
    for d in ctx.config.deployments:
        if d.provider not in ("azure", "azure_text"):
            continue
        if d.litellm_params.get("api_version") or _raw_is_env_ref(d, "api_version"):
            continue
        if settings.get("api_version") or ctx.config.env.has("AZURE_API_VERSION"):
            continue
        yield Hit(
            f"{named(d.model_name)} ({named(d.model)}): no `api_version`: LiteLLM {_version()} sends its default "
            f"{AZURE_DEFAULT_API_VERSION}, which changes with LiteLLM upgrades and may not serve this deployment",
            path=("model_list", d.index, "litellm_params"),
            facts={"group": d.model_name, "default": AZURE_DEFAULT_API_VERSION},
        )


_AWS_REGION_ENV = ("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION")


@check("LD-CFG-018")
def bedrock_region_missing(ctx: Context):
    for d in ctx.config.deployments:
        if d.provider not in ("bedrock", "sagemaker", "sagemaker_chat", "bedrock_mantle"):
            continue
        p = d.litellm_params
        if p.get("aws_region_name") or p.get("aws_profile_name") or _raw_is_env_ref(d, "aws_region_name"):
            continue
        if _env_any(ctx, _AWS_REGION_ENV):
            continue
        yield Hit(
            f"{named(d.model_name)} ({named(d.model)}): no `aws_region_name` and no AWS_REGION_NAME / AWS_REGION in this "
            "environment: LiteLLM falls back to us-west-2, where the model may not be enabled",
            path=("model_list", d.index, "litellm_params"),
            severity=env_severity(ctx),
            facts={"group": d.model_name},
        )


_VERTEX_PROJECT_ENV = ("VERTEXAI_PROJECT", "VERTEX_PROJECT", "GOOGLE_CLOUD_PROJECT")
_VERTEX_LOCATION_ENV = ("VERTEXAI_LOCATION", "VERTEX_LOCATION")


@check("LD-CFG-019")
def vertex_project_missing(ctx: Context):
    settings = ctx.config.section("litellm_settings")
    for d in ctx.config.deployments:
        if d.provider not in ("vertex_ai", "vertex_ai_beta"):
            continue
        p = d.litellm_params
        path = ("model_list", d.index, "litellm_params")
        has_project = (
            p.get("vertex_project") or p.get("vertex_ai_project") or p.get("vertex_credentials")
            or _raw_is_env_ref(d, "vertex_project") or settings.get("vertex_project")
            or _env_any(ctx, _VERTEX_PROJECT_ENV)
        )
        if not has_project:
            yield Hit(
                f"{named(d.model_name)} ({named(d.model)}): no `vertex_project`, no `vertex_credentials` and no VERTEXAI_PROJECT in "
                "this environment: the project must come from the machine's default Google credentials",
                path=path, severity=env_severity(ctx),
                facts={"group": d.model_name, "setting": "vertex_project", "example": "my-gcp-project"},
            )
        has_location = (
            p.get("vertex_location") or p.get("vertex_ai_location") or _raw_is_env_ref(d, "vertex_location")
            or settings.get("vertex_location") or _env_any(ctx, _VERTEX_LOCATION_ENV)
        )
        if not has_location:
            yield Hit(
                f"{named(d.model_name)} ({named(d.model)}): no `vertex_location`: LiteLLM uses us-central1, where the model may not "
                "be available",
                path=path, severity="info",
                facts={"group": d.model_name, "setting": "vertex_location", "example": "us-central1"},
            )


_ROUTE_SUFFIXES = ("/chat/completions", "/completions", "/embeddings", "/responses", "/messages")


@check("LD-CFG-020")
def api_base_malformed(ctx: Context):
    for d in ctx.config.deployments:
        value = d.litellm_params.get("api_base")
        key = "api_base"
        if value is None:
            value, key = d.litellm_params.get("base_url"), "base_url"
        if value is None:
            continue
        path = ("model_list", d.index, "litellm_params", key)
        if not isinstance(value, str):
            yield Hit(f"{named(d.model_name)}: {code(key)} is not a string", path=path, facts={"group": d.model_name, "fixed": "http://host:port"})
            continue
        if value != value.strip() or " " in value:
            yield Hit(
                f"{named(d.model_name)}: {code(key)} has spaces in it", path=path,
                facts={"group": d.model_name, "fixed": value.strip().replace(" ", "")},
            )
            continue
        parts = split_url(value)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            yield Hit(
                f"{named(d.model_name)}: {code(key, ': ', value)} is not an http(s) URL: LiteLLM cannot connect to it",
                path=path, facts={"group": d.model_name, "fixed": f"http://{value.split('://', 1)[-1]}"},
            )
            continue
        trimmed = parts.path.rstrip("/")
        azure = d.provider in ("azure", "azure_text", "azure_ai")
        for suffix in _ROUTE_SUFFIXES:
            # Azure's endpoint never ends with a route, except a full deployment URL pasted from the portal.
            if trimmed.endswith(suffix) and (not azure or "/openai/deployments/" in parts.path):
                fixed = value[: value.rstrip("/").rfind(suffix)]
                yield Hit(
                    f"{named(d.model_name)}: {code(key)} ends with {code(suffix)}: LiteLLM appends the route itself, so requests go "
                    f"to {code('…', suffix, suffix)} and fail with 404",
                    path=path, severity="error", facts={"group": d.model_name, "fixed": fixed},
                    fix=("value", path, fixed),
                )
                break
        else:
            if azure and "/openai/deployments/" in parts.path:
                # llms/azure/common_utils.py:291: an endpoint with /openai/deployments is used as the client's
                # base_url, so it works, but it names the deployment itself, whatever `model:` says.
                in_path = parts.path.split("/openai/deployments/", 1)[1].split("/", 1)[0]
                deployment = d.model.split("/", 1)[1] if "/" in d.model else d.model
                if in_path and in_path != deployment:
                    yield Hit(
                        f"{named(d.model_name)}: {code(key)} names deployment {code(in_path)} ({code('/openai/deployments/', in_path)}), but "
                        f"{code('model: ', d.model)} says {code(deployment)}: LiteLLM uses the URL as the base, so calls go to "
                        f"{code(in_path)}",
                        path=path, severity="warning",
                        facts={"group": d.model_name, "fixed": f"{parts.scheme}://{parts.netloc}"},
                    )


@check("LD-CFG-021")
def ollama_without_api_base(ctx: Context):
    for d in ctx.config.deployments:
        if "ollama" not in d.model or d.api_base or _raw_is_env_ref(d, "api_base"):
            continue
        if ctx.config.env.has("OLLAMA_API_BASE"):
            continue
        # Only a container makes the default wrong: on a host running Ollama, http://localhost:11434 is right
        # (LiteLLM's own aliases_config.yaml, tests/config/real/). Without a container file beside the config it is
        # worth knowing, not a likely mistake.
        marker = _container_files(ctx)
        yield Hit(
            f"{named(d.model_name)} ({named(d.model)}): no `api_base`: the proxy tries to start `ollama serve` itself and calls "
            "http://localhost:11434, which inside a container is the container itself"
            + (f" (a {marker} is next to this config)" if marker else " (fine on a host where Ollama runs)"),
            path=("model_list", d.index, "litellm_params"),
            facts={"group": d.model_name},
            severity=None if marker else "info",
        )


def _container_files(ctx: Context) -> str | None:
    base = Path(ctx.config.path).resolve().parent
    for directory in (base, base.parent):
        for name in ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml", "Dockerfile"):
            if is_file(directory / name) and not _mounts_other_configs(directory / name, Path(ctx.config.path).name):
                return name
    return None


def _mounts_other_configs(compose: Path, config_name: str) -> bool:
    """A compose file whose LiteLLM service mounts YAML files, none of them named like this config, runs another
    config: it is no sign that this one runs in a container (lexvault's ci-smoke-config.yaml beside a compose that
    mounts config.yaml, run on the host by its CI script). Other services' mounts say nothing either way."""
    if compose.name == "Dockerfile":
        return False
    from ..deployenv import _mentions_litellm, _yaml_docs, read_bounded

    text = read_bounded(compose)
    mounted: set[str] = set()
    for doc in _yaml_docs(text) if text is not None else ():
        services = doc.get("services") if isinstance(doc, dict) else None
        for name, service in services.items() if isinstance(services, dict) else ():
            if not isinstance(service, dict) or not _mentions_litellm(str(name), service, config_name):
                continue
            volumes = service.get("volumes")
            for volume in volumes if isinstance(volumes, list) else ():
                # short syntax SOURCE:TARGET[:MODE], SOURCE possibly `${VAR:-./default.yaml}`: drop the target
                source = volume.get("source") if isinstance(volume, dict) else re.sub(r":/[^:]*(?::[A-Za-z,]+)?$", "", str(volume))
                mounted |= set(re.findall(r"([\w.\-]+\.ya?ml)\b", str(source or "")))
    return bool(mounted) and config_name not in mounted


@check("LD-CFG-022")
def localhost_api_base_in_container(ctx: Context):
    hits = [d for d in ctx.config.deployments if d.api_base and url_host(d.api_base) in _LOCAL_HOSTS]
    if not hits:
        return
    marker = _container_files(ctx)
    if marker is None:
        return
    for d in hits:
        host = url_host(d.api_base)
        yield Hit(
            f"{named(d.model_name)}: `api_base` points at {host}, and a {marker} next to this config suggests the proxy runs "
            "in a container, where that address is the container itself (`Connection refused`)",
            path=("model_list", d.index, "litellm_params", "api_base" if "api_base" in d.litellm_params else "base_url"),
            facts={"group": d.model_name, "host": host,
                   "fixed": d.api_base.replace(host, "host.docker.internal", 1)},
        )


@check("LD-CFG-023")
def duplicate_model_id(ctx: Context):
    first: dict[str, Deployment] = {}
    for d in ctx.config.deployments:
        if d.id is None:
            continue
        if d.id in first:
            other = first[d.id]
            yield Hit(
                f"{code('model_info.id: ', d.id)} is used by {named(other.model_name)} (line {other.location.line}) and {named(d.model_name)}: "
                "cooldowns, usage counters and /model/info are kept per id, so the two deployments are mixed up",
                path=("model_list", d.index, "model_info", "id"),
                facts={"id": d.id, "other_line": other.location.line},
            )
        else:
            first[d.id] = d


@check("LD-CFG-024")
def duplicate_deployment(ctx: Context):
    seen: dict[str, Deployment] = {}
    for d in ctx.config.deployments:
        if d.id is not None:
            continue
        key = repr((d.model_name, sorted(d.raw_params.items(), key=lambda kv: str(kv[0]))))
        if key in seen:
            other = seen[key]
            yield Hit(
                f"{named(d.model_name)}: this deployment repeats the one at line {other.location.line} exactly: both get the same "
                "generated id, so they share cooldowns and counters and do not add capacity",
                location=d.location,
                facts={"group": d.model_name, "other_line": other.location.line},
            )
        else:
            seen[key] = d


def _order(d: Deployment):
    value = d.litellm_params.get("order")
    return value if value is not None else d.model_info.get("order")


@check("LD-CFG-025")
def partial_order(ctx: Context):
    for group in ctx.config.model_groups:
        members = ctx.config.deployments_of(group)
        with_order = [d for d in members if _order(d) is not None]
        if not with_order or len(with_order) == len(members):
            continue
        for d in members:
            if _order(d) is None:
                yield Hit(
                    f"{named(group)}: this deployment has no `order` while others of the group do: it gets no traffic while "
                    "any deployment with an order is healthy",
                    location=d.location,
                    facts={"group": group, "order": max(o for o in (_order(x) for x in with_order) if isinstance(o, (int, float))) + 1
                           if all(isinstance(_order(x), (int, float)) for x in with_order) else 2},
                )


@check("LD-CFG-027")
def azure_without_base_model(ctx: Context):
    for d in ctx.config.deployments:
        if d.provider not in ("azure", "azure_text"):
            continue
        if d.model_info.get("base_model") or d.litellm_params.get("base_model"):
            continue
        deployment_name = d.model.split("/", 1)[1] if "/" in d.model else d.model
        if deployment_name in BARE_MODELS or "*" in deployment_name:
            continue
        yield Hit(
            f"{named(d.model_name)}: Azure deployment {code(deployment_name)} has no `model_info.base_model`: LiteLLM cannot look up "
            "its cost and context window (spend shows 0, pre-call checks cannot filter it)",
            path=("model_list", d.index),
            facts={"group": d.model_name, "deployment": deployment_name},
        )


@check("LD-CFG-028")
def wildcard_mismatch(ctx: Context):
    for d in ctx.config.deployments:
        if "*" in d.model and "*" not in d.model_name:
            yield Hit(
                f"{named(d.model_name)}: {code('model: ', d.model)} is a wildcard but `model_name` is not: requests for "
                f"{code(d.model_name)} are sent with a literal `*` model",
                path=("model_list", d.index, "model_name"),
                facts={"group": d.model_name, "model": d.model},
            )


@check("LD-CFG-029")
def max_retries_not_used(ctx: Context):
    for d in ctx.config.deployments:
        value = d.litellm_params.get("max_retries")
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            continue
        yield Hit(
            f"{named(d.model_name)}: {code('max_retries: ', value)} is not used when the proxy's Router makes the call: it passes "
            "`max_retries=0` over the deployment's value; retries come from `num_retries`",
            path=("model_list", d.index, "litellm_params", "max_retries"),
            facts={"group": d.model_name, "value": value},
        )


@check("LD-CFG-030")
def bad_model_info_values(ctx: Context):
    for d in ctx.config.deployments:
        mode = d.model_info.get("mode")
        base = ("model_list", d.index, "model_info")
        if mode is not None and mode not in _HEALTH_MODES:
            suggestion = did_you_mean(str(mode), _HEALTH_MODES, cutoff=0.6)
            yield Hit(
                f"{named(d.model_name)}: {code('model_info.mode: ', mode)} is not a mode LiteLLM knows{suggestion_text(suggestion)}: "
                "health checks of this model fail with `Mode … not supported`",
                path=(*base, "mode"), facts={"group": d.model_name, "key": "mode", "fixed": suggestion or "chat"},
            )
        params = d.model_info.get("health_check_params")
        if params is not None and not isinstance(params, dict):
            yield Hit(
                f"{named(d.model_name)}: `model_info.health_check_params` is not a mapping: LiteLLM ignores it",
                path=(*base, "health_check_params"),
                facts={"group": d.model_name, "key": "health_check_params", "fixed": "{max_tokens: 1}"},
            )
