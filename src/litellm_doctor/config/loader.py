"""Load a LiteLLM config.yaml the way the proxy does (reference §6.1), keeping file:line for every value.

Pipeline, in LiteLLM's order:

1. read the file (`Config file not found`, malformed YAML, empty file, top level not a mapping: one
   `InputError("file:line: problem")` each, which the CLI turns into exit 2);
2. `include:` files, breadth first, each relative to the file that declares it (LiteLLM's legacy
   fallback: next to the root config), merged shallowly per top-level key: lists concatenated, any
   other value replaced wholesale; a file already included is skipped;
3. `os.environ/NAME` resolved from the environment the doctor sees (the process environment, a `.env`
   beside the config, `--env-file`s): recursively through mappings and mappings inside lists, never
   plain strings inside lists; "true"/"false" become booleans; an unset name becomes None silently;
4. `environment_variables:` exported *after* step 3 (so a reference to a variable defined only there
   is None), blocked names skipped, every value through `str()` (None becomes the string "None").

Nothing here imports litellm.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Location
from ..boundedio import is_file, missing_file, read_file
from ..secret_sources import register_environment, register_tree
from .envfile import read_env_file
from .paths import format_path, parse_path
from .yamlnodes import MAX_FILE_BYTES, Budget, DuplicateKey, load_document

ENV_PREFIX = "os.environ/"
# proxy_server.py `_BLOCKED_ENV_KEYS`: never exported from `environment_variables:`.
BLOCKED_ENV_KEYS = frozenset(
    {
        "PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "PYTHONPATH",
        "PYTHONSTARTUP", "PYTHONHOME", "HOME", "USER", "SHELL", "LOGNAME", "NO_PROXY", "no_proxy",
    }
)
# Environment variables LiteLLM itself reads that matter for a config check (reference §9).
LITELLM_ENV_VARS = (
    "LITELLM_MASTER_KEY", "LITELLM_SALT_KEY", "DATABASE_URL", "DIRECT_URL", "DATABASE_HOST", "DATABASE_USERNAME",
    "DATABASE_PASSWORD", "DATABASE_NAME", "CONFIG_FILE_PATH", "STORE_MODEL_IN_DB", "LITELLM_LOG", "LITELLM_LICENSE",
    "REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_USERNAME", "REDIS_SSL", "NUM_WORKERS",
    "REQUEST_TIMEOUT", "SSL_VERIFY", "SSL_CERT_FILE", "DEFAULT_COOLDOWN_TIME_SECONDS", "DEFAULT_ALLOWED_FAILS",
    "ROUTER_MAX_FALLBACKS", "LITELLM_CONFIG_BUCKET_NAME", "LITELLM_CONFIG_BUCKET_OBJECT_KEY", "LITELLM_MODE",
)
MAX_RECURSE_DEPTH = 100  # DEFAULT_MAX_RECURSE_DEPTH in LiteLLM


@dataclass(frozen=True)
class EnvRef:
    """One `os.environ/NAME` value in the config."""

    name: str
    path: tuple
    location: Location | None
    is_set: bool  # set in the environment the doctor sees, before `environment_variables:` is exported
    source: str | None  # "environment", a .env path, or None when unset
    in_list: bool = False  # a plain string inside a list: LiteLLM does not resolve it
    defined_in_environment_variables: bool = False


@dataclass(frozen=True)
class Environment:
    """The environment a proxy started here would see, and where each value came from."""

    values: Mapping[str, str]
    sources: Mapping[str, str]
    exported: Mapping[str, str] = field(default_factory=dict)  # from `environment_variables:`
    explicit: bool = False  # --env-file given: this is the proxy's environment
    # Names the deployment next to the config declares (docker-compose, Kubernetes, ~/.aws/config),
    # value unknown: {name: where}. They count as set; see deployenv.py.
    declared: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """As seen when `os.environ/` references are resolved (before `environment_variables:`)."""
        return self.values.get(name)

    def effective(self, name: str) -> str | None:
        """As seen by the running proxy, after `environment_variables:` was exported."""
        if name in self.exported:
            return self.exported[name]
        return self.values.get(name)

    def has(self, name: str) -> bool:
        value = self.effective(name)
        return (value is not None and value != "") or (value is None and name in self.declared)

    @property
    def known(self) -> bool:
        """True when this is the proxy's environment (--env-file): unset then means unset."""
        return self.explicit


@dataclass(frozen=True)
class Deployment:
    """One `model_list` entry."""

    model_name: str
    litellm_params: dict  # os.environ/ resolved (None when unset)
    raw_params: dict  # as written
    model_info: dict
    location: Location
    index: int = 0

    @property
    def model(self) -> str:
        value = self.litellm_params.get("model", self.raw_params.get("model"))
        return value if isinstance(value, str) else ""

    @property
    def prefix(self) -> str | None:
        """The part of `litellm_params.model` before the first `/`, if any."""
        model = self.model
        return model.split("/", 1)[0] if "/" in model else None

    @property
    def provider(self) -> str | None:
        """`custom_llm_provider`, else the model prefix, else the provider LiteLLM infers for a bare name."""
        from .providers import provider_of_deployment

        return provider_of_deployment(self)

    @property
    def api_base(self) -> str | None:
        value = self.litellm_params.get("api_base")
        if value is None:
            value = self.litellm_params.get("base_url")
        return value if isinstance(value, str) and value else None

    @property
    def id(self) -> str | None:
        value = self.model_info.get("id") if isinstance(self.model_info, dict) else None
        return None if value is None else str(value)

    @property
    def generated_id(self) -> str:
        """The id LiteLLM gives a deployment without `model_info.id` (Router.generate_model_id, 1.103.0):
        sha256 of the group name and every resolved litellm_param, key then value, in file order. It hashes
        the resolved values, keys included, so it matches the `cooldown_list` ids only when this process
        sees the proxy's environment (on the proxy host, or with --env-file)."""
        parts = [self.model_name]
        for key, value in self.litellm_params.items():
            parts.append(key if isinstance(key, str) else str(key))
            parts.append(value if isinstance(value, str) else json.dumps(value) if isinstance(value, dict) else str(value))
        return hashlib.sha256("".join(parts).encode()).hexdigest()


@dataclass(frozen=True, eq=False)
class Config:
    path: str
    raw: dict  # merged as written, `include:` removed
    resolved: dict  # os.environ/ references resolved as LiteLLM does
    locations: Mapping[tuple, Location]
    deployments: tuple[Deployment, ...]
    env: Environment
    env_refs: tuple[EnvRef, ...] = ()
    files: tuple[str, ...] = ()
    duplicate_keys: tuple[tuple[str, DuplicateKey], ...] = ()
    source_lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    top_level_lines: Mapping[str, int] = field(default_factory=dict)
    fragment: bool = False  # the file is a bare list of deployments, checked as `model_list`

    # -- lookups --------------------------------------------------------------------------------
    @property
    def model_groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.model_name for d in self.deployments if isinstance(d.model_name, str) and d.model_name))

    def deployments_of(self, group: str) -> tuple[Deployment, ...]:
        return tuple(d for d in self.deployments if d.model_name == group)

    def section(self, name: str) -> dict:
        value = self.resolved.get(name)
        return value if isinstance(value, dict) else {}

    def raw_section(self, name: str) -> dict:
        value = self.raw.get(name)
        return value if isinstance(value, dict) else {}

    def location_of(self, dotted: str | tuple) -> Location | None:
        path = parse_path(dotted) if isinstance(dotted, str) else tuple(dotted)
        return self.locations.get(path)

    def nearest_location(self, path: tuple) -> Location | None:
        """The location of `path`, else of its closest parent that has one."""
        path = tuple(path)
        while path:
            loc = self.locations.get(path)
            if loc is not None:
                return loc
            path = path[:-1]
        return Location(self.path, 1)

    def value(self, dotted: str | tuple, default: Any = None, *, resolved: bool = True) -> Any:
        path = parse_path(dotted) if isinstance(dotted, str) else tuple(dotted)
        node: Any = self.resolved if resolved else self.raw
        for element in path:
            if isinstance(node, dict) and element in node:
                node = node[element]
            elif isinstance(node, list) and isinstance(element, int) and -len(node) <= element < len(node):
                node = node[element]
            else:
                return default
        return node

    def has(self, dotted: str | tuple) -> bool:
        sentinel = object()
        return self.value(dotted, sentinel, resolved=False) is not sentinel

    @property
    def master_key(self) -> str | None:
        """The master key the proxy ends up with (proxy_server.py:6215): general_settings wins over the env."""
        general = self.section("general_settings")
        if general and "master_key" in general:
            value = general.get("master_key")
            return value if isinstance(value, str) and value else None
        return self.env.effective("LITELLM_MASTER_KEY") or None

    @property
    def uses_secret_manager(self) -> bool:
        """`os.environ/` names may then be read from a secret manager we cannot see."""
        return bool(self.section("general_settings").get("key_management_system"))

    def display(self, path: tuple) -> str:
        return format_path(path)


# -- loading ----------------------------------------------------------------------------------------
def display_path(path: Path) -> str:
    """Relative to the working directory when below it (stable in CI annotations), else absolute."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _read_text(path: Path, shown: str, where: str | None = None) -> str:
    prefix = where or shown
    try:
        data = read_file(path, "config", MAX_FILE_BYTES)
    except InputError as exc:
        raise InputError(f"{prefix}: {exc}" if where else str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{shown}:{line}: the file is not valid UTF-8 text") from None


class _Loaded:
    """One YAML file, parsed, with its locations keyed by path."""

    def __init__(self, path: Path, budget: Budget, where: str | None = None) -> None:
        self.path = path
        self.shown = display_path(path)
        text = _read_text(path, self.shown, where)
        doc = load_document(self.shown, text, budget)
        self.value = doc.value
        self.lines = doc.lines
        self.duplicates = doc.duplicates
        self.source_lines = doc.source_lines
        self.top_line = doc.top_line

    def loc(self, path: tuple) -> Location | None:
        line = self.lines.get(path)
        return Location(self.shown, line) if line else None


def _include_entries(loaded: _Loaded) -> list[tuple[str, int]]:
    config = loaded.value
    if "include" not in config:
        return []
    entries = config["include"]
    line = loaded.lines.get(("include",), 1)
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise InputError(f"{loaded.shown}:{line}: 'include' must be a list of file paths")
    return [(entry, loaded.lines.get(("include", i), line)) for i, entry in enumerate(entries)]


def _resolve_include(entry: str, declared_in: Path, root: Path) -> Path:
    """LiteLLM's resolve_include_file_path: next to the declaring file, legacy fallback next to the root."""
    declared = (declared_in.parent / entry).resolve()
    root_relative = (root.parent / entry).resolve()
    if root_relative == declared or not root_relative.exists():
        return declared
    if not declared.exists():
        return root_relative
    return declared


def _merge(
    base: dict, base_locs: dict[tuple, Location], included: _Loaded
) -> tuple[dict, dict[tuple, Location]]:
    """LiteLLM's shallow merge: lists concatenated, anything else replaced, per top-level key."""
    merged = dict(base)
    locs = dict(base_locs)
    inc_locs = {p: Location(included.shown, line) for p, line in included.lines.items()}
    for key, value in included.value.items():
        if key == "include":
            continue
        old = merged.get(key)
        if isinstance(value, list) and isinstance(old, list):
            offset = len(old)
            merged[key] = [*old, *value]
            for p, loc in inc_locs.items():
                if p[0] == key and len(p) >= 2:
                    locs[(key, p[1] + offset, *p[2:])] = loc
            continue
        merged[key] = value
        for p in [p for p in locs if p and p[0] == key and len(p) > 1]:
            del locs[p]
        for p, loc in inc_locs.items():
            if p and p[0] == key:
                locs[p] = loc
    return merged, locs


def _read_environ(
    environ: Mapping[str, str] | None, dotenv: Path | None, env_files: tuple[Path, ...], config_path: Path | None = None
) -> Environment:
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    if dotenv is not None and is_file(dotenv):
        for name, (value, _line) in read_env_file(dotenv).items():
            values[name] = value
            sources[name] = display_path(dotenv)
    base = os.environ if environ is None else environ
    for name, value in base.items():  # the process environment beats a .env (dotenv does not override)
        values[name] = value
        sources[name] = "environment"
    for env_file in env_files:  # explicit --env-file: the proxy's environment, so it wins
        if not is_file(env_file):
            raise InputError(missing_file(env_file, "env file"))  # (a FIFO or a directory is not "not found")
        for name, (value, _line) in read_env_file(env_file).items():
            values[name] = value
            sources[name] = display_path(env_file)
    declared: dict[str, str] = {}
    if config_path is not None and not env_files:
        from .deployenv import declared_names

        declared = {k: v for k, v in declared_names(config_path, base).items() if k not in values}
    return Environment(values=values, sources=sources, explicit=bool(env_files), declared=declared)


def _secret(value: str, env: Environment) -> tuple[Any, bool, str | None]:
    """LiteLLM's get_secret over os.environ: (value, is_set, source)."""
    name = value[len(ENV_PREFIX):]
    if name.startswith("oidc/"):
        return value, True, "oidc"
    raw = env.get(name)
    if raw is None:
        if name in env.declared:  # declared by the deployment, value unknown here
            return None, True, env.declared[name]
        return None, False, None
    lowered = raw.strip().lower()
    if lowered == "true":
        return True, True, env.sources.get(name)
    if lowered == "false":
        return False, True, env.sources.get(name)
    return raw, True, env.sources.get(name)


class _Resolver:
    def __init__(self, env: Environment, locations: Mapping[tuple, Location], env_var_names: set[str]) -> None:
        self.env = env
        self.locations = locations
        self.env_var_names = env_var_names
        self.refs: list[EnvRef] = []

    def ref(self, value: str, path: tuple, is_set: bool, source: str | None, in_list: bool = False) -> None:
        name = value[len(ENV_PREFIX):]
        self.refs.append(
            EnvRef(
                name=name,
                path=path,
                location=self.locations.get(path),
                is_set=is_set,
                source=source,
                in_list=in_list,
                defined_in_environment_variables=name in self.env_var_names,
            )
        )

    def resolve(self, value: Any, path: tuple, depth: int = 0) -> Any:
        if isinstance(value, dict):
            if depth > MAX_RECURSE_DEPTH:
                return value
            return {k: self.resolve(v, (*path, k), depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            out = []
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out.append(self.resolve(item, (*path, i), depth + 1))
                else:
                    if isinstance(item, str) and item.startswith(ENV_PREFIX):
                        self.ref(item, (*path, i), is_set=False, source=None, in_list=True)
                    out.append(item)
            return out
        if isinstance(value, str) and value.startswith(ENV_PREFIX):
            resolved, is_set, source = _secret(value, self.env)
            self.ref(value, path, is_set, source)
            return resolved
        return value


def _is_model_list_fragment(value: Any) -> bool:
    return (
        isinstance(value, list) and bool(value) and all(isinstance(e, dict) for e in value)
        and any("model_name" in e or "litellm_params" in e for e in value)
    )


def _symlink_loop(path: Path) -> bool:
    import errno

    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def load_config(
    path: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    env_files: tuple[str | os.PathLike[str], ...] = (),
    use_dotenv: bool = True,
    confine: str | None = None,
) -> Config:
    """Load `path` as the LiteLLM proxy would. Raises `InputError("file:line: problem")` when it can't.

    `confine`: a CI or pre-commit run's workspace (confine.py): a config named inside it must not resolve outside
    it, nor may its includes or the `.env` beside it (a link planted in a pull request).

    `environ` replaces `os.environ` (tests); `env_files` are read as the proxy's environment and win
    over it; a `.env` beside the config is read when `use_dotenv` (the process environment wins).
    """
    root = Path(path)
    shown = display_path(root)
    try:
        if not root.exists():
            if root.is_symlink() and _symlink_loop(root):  # a loop is no missing file: say so (review20)
                from ..boundedio import not_a_file

                raise InputError(not_a_file(root, "config"))
            from .checks.util import code

            raise InputError(f"{shown}: config file not found (LiteLLM stops with {code('Config file not found: ', shown)})")
        if confine is not None:
            from .confine import check_inside, inside

            check_inside(root, confine)
            if not inside(root, confine):
                confine = None  # named outside the workspace on the command line: its includes are that file's own
        root = root.resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop, name too long
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise InputError(f"{shown[:200]}: cannot read the config: {reason}") from None
    budget = Budget()
    first = _Loaded(root, budget)
    if first.value is None:
        raise InputError(f"{first.shown}:1: the config is empty (LiteLLM stops with `Config cannot be None or Empty.`)")
    fragment = _is_model_list_fragment(first.value)
    if fragment:
        # A `model_list` pasted from an issue (a bare list of deployments): check it as the model_list of a config.
        first.value = {"model_list": first.value}
        first.lines = {("model_list",): first.top_line, **{("model_list", *p): line for p, line in first.lines.items()}}
    if not isinstance(first.value, dict):
        kind = "a list" if isinstance(first.value, list) else f"a {type(first.value).__name__} value"
        raise InputError(
            f"{first.shown}:{first.top_line}: the top level is {kind}, not a mapping of sections "
            "(model_list:, litellm_settings:, router_settings:, general_settings:); LiteLLM fails at start-up"
        )

    files = [first.shown]
    sources = {first.shown: first.source_lines}
    duplicates = [(first.shown, d) for d in first.duplicates]
    top_lines = {str(k): first.lines.get((k,), 1) for k in first.value}
    merged = {k: v for k, v in first.value.items() if k != "include"}
    locs: dict[tuple, Location] = {p: Location(first.shown, line) for p, line in first.lines.items() if p[0] != "include"}

    loaded_paths = {root}
    pending = [(entry, line, first) for entry, line in _include_entries(first)]
    while pending:
        entry, line, declared = pending.pop(0)
        where = f"{declared.shown}:{line}"
        try:
            target = _resolve_include(entry, declared.path, root)
            missing = not target.exists()
        except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop, name too long
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise InputError(f"{where}: include {entry[:120]!r} cannot be read: {reason}") from None
        if target in loaded_paths:
            continue
        if missing:
            raise InputError(f"{where}: included file not found: {entry} (looked for {display_path(target)})")
        if confine is not None:
            from .confine import check_inside

            try:
                check_inside(target, confine, "included file", named_by_file=True)
            except InputError as exc:
                raise type(exc)(f"{where}: {exc}") from None
        included = _Loaded(target, budget, where)
        if included.value is None:
            included.value = {}
        if not isinstance(included.value, dict):
            raise InputError(f"{included.shown}:{included.top_line}: included config is not a YAML mapping (included from {where})")
        loaded_paths.add(target)
        files.append(included.shown)
        sources[included.shown] = included.source_lines
        duplicates += [(included.shown, d) for d in included.duplicates]
        for k in included.value:
            if k != "include":
                top_lines[str(k)] = included.lines.get((k,), 1)
        merged, locs = _merge(merged, locs, included)
        pending += [(e, ln, included) for e, ln in _include_entries(included)]

    dotenv = root.parent / ".env" if use_dotenv else None
    if dotenv is not None and confine is not None and os.path.lexists(dotenv):
        from .confine import check_inside

        check_inside(dotenv, confine, ".env beside the config", named_by_file=True)
    env = _read_environ(environ, dotenv, tuple(Path(p) for p in env_files), root if use_dotenv else None)

    env_section = merged.get("environment_variables")
    env_var_names = {str(k) for k in env_section} if isinstance(env_section, dict) else set()
    resolver = _Resolver(env, locs, env_var_names)
    resolved = resolver.resolve(merged, ())

    exported: dict[str, str] = {}
    resolved_env = resolved.get("environment_variables")
    if isinstance(resolved_env, dict):
        for key, value in resolved_env.items():
            if str(key) in BLOCKED_ENV_KEYS:
                continue
            exported[str(key)] = str(value)
    env = Environment(
        values=env.values, sources=env.sources, exported=exported, explicit=env.explicit, declared=env.declared
    )

    deployments = []
    model_list = resolved.get("model_list")
    raw_list = merged.get("model_list")
    if isinstance(model_list, list) and isinstance(raw_list, list):
        for index, (entry, raw_entry) in enumerate(zip(model_list, raw_list)):
            if not isinstance(entry, dict):
                continue
            params = entry.get("litellm_params")
            raw_params = raw_entry.get("litellm_params") if isinstance(raw_entry, dict) else None
            info = entry.get("model_info")
            name = entry.get("model_name")
            deployments.append(
                Deployment(
                    model_name=name if isinstance(name, str) else ("" if name is None else str(name)),
                    litellm_params=params if isinstance(params, dict) else {},
                    raw_params=raw_params if isinstance(raw_params, dict) else {},
                    model_info=info if isinstance(info, dict) else {},
                    location=locs.get(("model_list", index)) or Location(first.shown, top_lines.get("model_list", 1)),
                    index=index,
                )
            )

    # Every value read from a secret-bearing place is removed by exact value from all output.
    register_tree(merged)
    register_tree(resolved)
    register_environment(env.values)
    return Config(
        path=first.shown,
        raw=merged,
        resolved=resolved,
        locations=locs,
        deployments=tuple(deployments),
        env=env,
        env_refs=tuple(resolver.refs),
        files=tuple(files),
        duplicate_keys=tuple(duplicates),
        source_lines=sources,
        top_level_lines=top_lines,
        fragment=fragment,
    )
