"""Project settings for `check`, `probe` and `report`: `[tool.litellm-doctor]` in pyproject.toml or a
`.litellm-doctor.yaml`.

Looked up from the config's directory upward; the first directory that has either file wins (a
`.litellm-doctor.yaml` beats a pyproject.toml in the same directory; a pyproject.toml without the
table does not stop the search). Keys (dashes or underscores):

    select = ["LD-CFG-0"]        # ids, names or id prefixes; default: all
    ignore = ["plaintext-secret"]
    fail-on = "warning"          # error | warning | info | never
    workers = 4                  # all proxy processes, workers x replicas (rpm/tpm without Redis, DB connections)
    client-timeout = 120         # the callers' own timeout in seconds (default 600)
    strict-env = true            # this environment is the proxy's: unset variables are errors
    env-files = [".env.prod"]    # relative to the settings file
    deploy = ["k8s/"]            # compose files / manifests that deploy the proxy (replicas x workers), relative too

`probe` and `report` read `workers` and `deploy` as `check` does (ProjectSettings.deployment), so the
three commands count the same processes; `env-files` for the config they load; `select` / `ignore` over
their findings and `fail-on` for their exit code (selection.py: the same resolution as `check`'s). The order everywhere: an option on the command line, then the
settings file, then the files found beside the config. (`probe --workers` / `report --workers` are per
replica, times the files' replicas; the `workers` setting, like `check --workers`, counts all processes.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..boundedio import is_file, read_text
from ..errors import InputError

KEYS = ("select", "ignore", "fail_on", "workers", "client_timeout", "strict_env", "env_files", "deploy")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class ProjectSettings:
    source: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    workers: int | None = None
    client_timeout: float | None = None
    strict_env: bool | None = None
    env_files: tuple[str, ...] = ()
    deploy: tuple[str, ...] = ()

    def deployment(self, config: str | Path | None, deploy: Iterable[str | Path] | None = None, *, discover: bool = True) -> Any:
        """The deployment's shape as every command counts it (config/deployshape.DeployShape): the files named
        with --deploy, else those of the `deploy` setting (both: an error when one cannot be read), else
        those beside the config (when `discover`); the `workers` setting, all processes, over the files' count."""
        from .deployshape import Sourced, read_shape

        shape = read_shape(config, tuple(deploy or ()) or self.deploy, discover=discover)
        if self.workers:
            shape = shape.given(Sourced(self.workers, self.source or "", "the `workers` setting"))
        return shape

    def names_deploy(self, deploy: Iterable[str | Path] | None) -> bool:
        """Whether deployment files are named (--deploy, else the `deploy` setting): read before any probe."""
        return bool(tuple(deploy or ()) or self.deploy)


def _load_toml(path: Path) -> dict[str, Any] | None:
    text = read_text(path, "settings")
    # Most pyproject.toml files have no table of ours: without the name in it there is none (a TOML key
    # is written bare or quoted, and nobody spells a name with \u escapes), and tomllib (~6 ms to import) is not loaded on `probe`'s
    # way to its first request, nor `check`'s.
    if "litellm-doctor" not in text and "litellm_doctor" not in text:
        return None
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            return None
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{path}: cannot read [tool.litellm-doctor]: {exc}") from None
    tool = data.get("tool", {})
    section = tool.get("litellm-doctor", tool.get("litellm_doctor"))
    return section if isinstance(section, dict) else None


def _load_yaml(path: Path) -> dict[str, Any]:
    from .yamlnodes import load_values  # the config's guards: alias bombs, nesting, size

    try:
        documents = load_values(str(path), read_text(path, "settings"))
    except InputError as exc:
        raise InputError(f"cannot read settings: {exc}") from None
    data = documents[0] if documents else None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{path}:1: settings must be a mapping (select:, ignore:, fail-on:, …)")
    return data


def find_settings(start: Path) -> tuple[Path, dict[str, Any]] | None:
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        candidate = folder / ".litellm-doctor.yaml"
        if is_file(candidate):
            return candidate, _load_yaml(candidate)
        candidate = folder / ".litellm-doctor.yml"
        if is_file(candidate):
            return candidate, _load_yaml(candidate)
        pyproject = folder / "pyproject.toml"
        if is_file(pyproject):
            section = _load_toml(pyproject)
            if section is not None:
                return pyproject, section
    return None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    from .checks.util import code

    raise InputError(f"{path}: {code(key)} must be a list of check ids or names")


def parse_settings(path: Path, data: dict[str, Any]) -> ProjectSettings:
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = str(raw_key).replace("-", "_")
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(key, KEYS, n=1)
            from .checks.util import code

            hint = f" (did you mean {code(close[0].replace('_', '-'))}?)" if close else ""
            raise InputError(f"{path}: unknown litellm-doctor setting {code(raw_key)}{hint}")
        values[key] = value
    out: dict[str, Any] = {"source": str(path)}
    for key in ("select", "ignore"):
        if key in values:
            out[key] = _strings(path, key, values[key])
    if "fail_on" in values:
        if values["fail_on"] not in FAIL_ON:
            raise InputError(f"{path}: `fail-on` must be one of {', '.join(FAIL_ON)}")
        out["fail_on"] = values["fail_on"]
    if "workers" in values:
        if isinstance(values["workers"], bool) or not isinstance(values["workers"], int) or values["workers"] < 1:
            raise InputError(f"{path}: `workers` must be a whole number >= 1")
        out["workers"] = values["workers"]
    if "client_timeout" in values:
        if isinstance(values["client_timeout"], bool) or not isinstance(values["client_timeout"], (int, float)):
            raise InputError(f"{path}: `client-timeout` must be a number of seconds > 0")
        from ..seconds import CLIENT_TIMEOUT_MAX, seconds

        out["client_timeout"] = seconds(values["client_timeout"], f"{path}: `client-timeout`", CLIENT_TIMEOUT_MAX)
    if "strict_env" in values:
        if not isinstance(values["strict_env"], bool):
            raise InputError(f"{path}: `strict-env` must be true or false")
        out["strict_env"] = values["strict_env"]
    if "env_files" in values:
        if any("\0" in p or len(p) > 4096 for p in _strings(path, "env-files", values["env_files"])):
            raise InputError(f"{path}: `env-files` must be file paths (no NUL byte, at most 4096 characters)")
        out["env_files"] = tuple(str((path.parent / p).resolve()) for p in _strings(path, "env-files", values["env_files"]))
    if "deploy" in values:
        if any("\0" in p or len(p) > 4096 for p in _strings(path, "deploy", values["deploy"])):
            raise InputError(f"{path}: `deploy` must be file or directory paths (no NUL byte, at most 4096 characters)")
        out["deploy"] = tuple(str((path.parent / p).resolve()) for p in _strings(path, "deploy", values["deploy"]))
    return ProjectSettings(**out)


def load_project_settings(config_path: str | Path | None, explicit: str | Path | None = None) -> ProjectSettings:
    """Settings from `explicit` (a file), else the nearest settings file above the config (none without one)."""
    if explicit is not None:
        path = Path(explicit)
        if not is_file(path):
            from ..boundedio import missing_file

            raise InputError(missing_file(path, "settings file"))  # (a device or a symlink loop says what it is)
        data = _load_toml(path) if path.name.endswith(".toml") else _load_yaml(path)
        return parse_settings(path, data or {})
    found = find_settings(Path(config_path)) if config_path is not None else None
    if found is None:
        return ProjectSettings()
    return parse_settings(*found)
