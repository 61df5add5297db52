"""What to probe, read from a loaded config (`litellm_doctor.config.load_config`).

Only the documented interface of `Config` is used (`deployments`, `model_groups`, `master_key`,
`location_of`), through getattr, so a config object from a test or another loader works too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping
from ..urls import url_scheme

from ..model import Location

# Where a provider is reached when a deployment sets no api_base (used for the DNS/TCP/TLS stages only).
DEFAULT_API_BASES = {
    "openai": "https://api.openai.com/v1",
    "text-completion-openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
    "groq": "https://api.groq.com/openai/v1",
    "mistral": "https://api.mistral.ai/v1",
    "deepseek": "https://api.deepseek.com",
    "gemini": "https://generativelanguage.googleapis.com",
    "cohere": "https://api.cohere.ai",
    "cohere_chat": "https://api.cohere.ai",
    "together_ai": "https://api.together.xyz/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "xai": "https://api.x.ai/v1",
    "fireworks_ai": "https://api.fireworks.ai/inference/v1",
    "perplexity": "https://api.perplexity.ai",
    "ollama": "http://localhost:11434",
    "ollama_chat": "http://localhost:11434",
}


@dataclass(frozen=True)
class Deployment:
    group: str
    provider: str | None
    api_base: str | None  # as configured (resolved), or the provider's default
    api_base_is_default: bool
    model: str | None  # litellm_params.model
    location: Location | None
    params: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # file:line of each `litellm_params` key as written (api_key, api_base, timeout, ...)
    param_locations: Mapping[str, Location] = field(default_factory=dict, compare=False)
    mode: str | None = None  # model_info.mode as written (image_generation, embedding, ...), else None
    # The litellm_params keys written as an `os.environ/` reference (a file they name is the environment's choice,
    # not the config's: probe/directfiles.py)
    env_params: frozenset[str] = field(default_factory=frozenset, compare=False)


@dataclass(frozen=True)
class Targets:
    groups: tuple[str, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    master_key: str | None = field(default=None, repr=False)
    config_file: str | None = None
    model_list_location: Location | None = None
    master_key_location: Location | None = None

    def deployments_of(self, group: str) -> tuple[Deployment, ...]:
        return tuple(d for d in self.deployments if d.group == group)

    def location_of_group(self, group: str) -> Location | None:
        for d in self.deployments:
            if d.group == group and d.location is not None:
                return d.location
        return self.model_list_location

    def location_for(self, group: str, rule_config: tuple[str, ...] = (), fallback: tuple[str, ...] = ()) -> Location | None:
        """The line a finding about `group` should point at: the `litellm_params` key the rule is about
        (e.g. `api_key` for a refused key, `api_base` for a connection failure), else the entry itself."""
        wanted = [c.rsplit("litellm_params.", 1)[1] for c in rule_config if "litellm_params." in c] + list(fallback)
        for dep in self.deployments_of(group):
            for key in wanted:
                if key in dep.param_locations:
                    return dep.param_locations[key]
        return self.location_of_group(group)

    def api_bases(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for d in self.deployments:
            if d.api_base and url_scheme(d.api_base) in ("http", "https"):
                seen.setdefault(d.api_base, None)
        return tuple(seen)


def to_location(loc: Any) -> Location | None:
    if loc is None:
        return None
    if isinstance(loc, Location):
        return loc
    if isinstance(loc, (tuple, list)) and loc:
        return Location(str(loc[0]), int(loc[1]) if len(loc) > 1 and loc[1] is not None else None)
    file = getattr(loc, "file", None)
    if file is None:
        return None
    line = getattr(loc, "line", None)
    return Location(str(file), int(line) if line is not None else None)


def _mode_of(model_info: Any) -> str | None:
    mode = model_info.get("mode") if isinstance(model_info, Mapping) else None
    return mode if isinstance(mode, str) else None


def _provider_of(model: str | None, explicit: Any) -> str | None:
    if explicit:
        return str(explicit)
    if model and "/" in model:
        return model.split("/", 1)[0]
    return None


def targets_from_config(config: Any) -> Targets:
    """Deployments, groups and the master key of a loaded config (None → nothing to compare with)."""
    if config is None:
        return Targets()
    deployments = []
    location_of = getattr(config, "location_of", None)

    def locate(path: Any) -> Location | None:
        if not callable(location_of):
            return None
        try:
            return to_location(location_of(path))
        except Exception:  # noqa: BLE001 - a location is a nicety, never a failure
            return None

    for position, dep in enumerate(getattr(config, "deployments", ()) or ()):
        params = getattr(dep, "litellm_params", None) or {}
        group = str(getattr(dep, "model_name", "") or "")
        model = params.get("model") if isinstance(params, Mapping) else None
        # Values from the config enter here as text: `model: .inf` or `model: 5` is a (wrong) model name, not a crash.
        model = str(model) if model is not None and not isinstance(model, (dict, list)) else None
        custom = params.get("custom_llm_provider") if isinstance(params, Mapping) else None
        provider = _provider_of(model, getattr(dep, "provider", None) or (custom if isinstance(custom, str) else None))
        api_base = getattr(dep, "api_base", None) or (params.get("api_base") if isinstance(params, Mapping) else None)
        index = getattr(dep, "index", position)
        raw = getattr(dep, "raw_params", None) or params
        param_locations = {}
        if isinstance(raw, Mapping):
            for key in raw:
                loc = locate(("model_list", index, "litellm_params", key))
                if loc is not None:
                    param_locations[str(key)] = loc
        is_default = False
        if not api_base and provider in DEFAULT_API_BASES:
            api_base, is_default = DEFAULT_API_BASES[provider], True
        deployments.append(
            Deployment(
                group=group,
                provider=provider,
                api_base=str(api_base) if api_base else None,
                api_base_is_default=is_default,
                model=str(model) if model else None,
                location=to_location(getattr(dep, "location", None)),
                params=dict(params) if isinstance(params, Mapping) else {},
                param_locations=param_locations,
                mode=_mode_of(getattr(dep, "model_info", None)),
                env_params=frozenset(str(k) for k, v in raw.items() if isinstance(v, str) and v.startswith("os.environ/"))
                if isinstance(raw, Mapping) else frozenset(),
            )
        )
    groups_attr = getattr(config, "model_groups", None)
    if isinstance(groups_attr, Mapping):
        groups = tuple(str(g) for g in groups_attr)
    elif groups_attr:
        groups = tuple(str(g) for g in groups_attr)
    else:
        groups = tuple(dict.fromkeys(d.group for d in deployments))
    model_list_location = locate("model_list")
    if model_list_location is None:
        line = (getattr(config, "top_level_lines", None) or {}).get("model_list")
        path = getattr(config, "path", None)
        if line and path:
            model_list_location = Location(str(path), int(line))
    master_key = getattr(config, "master_key", None)
    config_file = getattr(config, "path", None) or getattr(config, "file", None)
    if model_list_location is None and deployments and deployments[0].location:
        model_list_location = Location(deployments[0].location.file, None)
    return Targets(
        groups=groups,
        deployments=tuple(deployments),
        master_key=str(master_key) if isinstance(master_key, str) and master_key else None,
        config_file=str(config_file) if config_file else None,
        model_list_location=model_list_location,
        master_key_location=locate("general_settings.master_key"),
    )
