"""The environment a config's deployment declares next to it: which variable NAMES the proxy will have.

A CI job that runs `check` rarely has the proxy's secrets, but the repository usually says where they
come from. This module reads, next to the config (its directory and the one above it):

- a docker-compose file: the `environment:` and `env_file:` of the LiteLLM service (an `env_file`
  that is not committed falls back to the `.env.example` beside it, whose names it documents);
- Kubernetes manifests: a LiteLLM container's `env` names and its `envFrom` ConfigMaps/Secrets, by
  the keys of the manifests found beside it (names only: secret values are never read or kept);
- the AWS region boto3 would use (`AWS_PROFILE` / `AWS_DEFAULT_PROFILE` and `~/.aws/config`, as
  `boto3.Session().region_name` does), because LiteLLM's Bedrock client falls back to it
  (llms/bedrock/base_aws_llm.py:764-776 in LiteLLM 1.103.0).

Only names are returned, each with where it was declared. Every file read is bounded; anything
unreadable or malformed is skipped silently (this is a hint source, not an input the user gave).
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .envfile import parse_env_text

MAX_BYTES = 512 * 1024  # a compose file or manifest larger than this is not one we read
MAX_FILES = 40  # manifests scanned per directory
COMPOSE_NAMES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")
_EXAMPLE_ENV = (".env.example", ".env.sample", ".env.template", "example.env", ".env.dist")
_K8S_DIRS = ("", "k8s", "kubernetes", "deploy", "manifests", "kube")
_WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "ReplicaSet"})


def read_bounded(path: Path) -> str | None:
    """The text of a file of at most MAX_BYTES, or None (missing, unreadable, too big)."""
    from ..boundedio import read_file
    from ..errors import InputError

    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        # Through the bounded reader, as every input: in CI a `docker-compose.yml` linked to a runner's file is not
        # read (boundedio.CONFINED_TO), as the deployment shape's and the version's readers of the same file do not.
        return read_file(path, "deployment file", MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError, InputError):
        return None


def _yaml_docs(text: str) -> list[Any]:
    from .yamlnodes import load_values  # the config's guards: an alias bomb here hung `check`

    try:
        return [d for d in load_values("manifest", text) if d is not None]
    except Exception:  # noqa: BLE001 - any YAML problem in a neighbouring file: not ours to report
        return []


def _shown(path: Path) -> str:
    from .loader import display_path

    return display_path(path)


def _env_file_names(path: Path) -> dict[str, str]:
    """Names from a dotenv-style file; when it is missing, from the example file that documents it."""
    for candidate in (path, *(path.parent / name for name in _EXAMPLE_ENV)):
        text = read_bounded(candidate)
        if text is not None:
            return {name: _shown(candidate) for name in parse_env_text(text)}
    return {}


def _mentions_litellm(name: str, service: Mapping, config_name: str) -> bool:
    image = str(service.get("image") or "")
    if "litellm" in image.lower() or "litellm" in str(name).lower():
        return True
    for part in ("command", "volumes", "entrypoint", "build"):
        if config_name and config_name in str(service.get(part) or ""):
            return True
    return False


def _compose_names(compose: Path, config_name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    text = read_bounded(compose)
    if text is None:
        return out
    for doc in _yaml_docs(text):
        services = doc.get("services") if isinstance(doc, dict) else None
        if not isinstance(services, dict):
            continue
        for name, service in services.items():
            if not isinstance(service, dict) or not _mentions_litellm(str(name), service, config_name):
                continue
            where = f"{_shown(compose)} (service {name})"
            env = service.get("environment")
            if isinstance(env, dict):
                out.update({str(k): where for k in env})
            elif isinstance(env, list):
                out.update({str(item).split("=", 1)[0].strip(): where for item in env if isinstance(item, str)})
            env_files = service.get("env_file")
            if isinstance(env_files, (str, dict)):
                env_files = [env_files]
            for entry in env_files if isinstance(env_files, list) else []:
                rel = entry.get("path") if isinstance(entry, dict) else entry
                if isinstance(rel, str):
                    for var, source in _env_file_names(compose.parent / rel).items():
                        out.setdefault(var, source)
    return out


def _containers(node: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 12:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                yield from (c for c in value if isinstance(c, dict))
            else:
                yield from _containers(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from _containers(item, depth + 1)


def manifest_paths(directory: Path) -> Iterator[Path]:
    """The YAML files where manifests are kept: `directory` and its k8s/, kubernetes/, deploy/, … (bounded)."""
    for sub in _K8S_DIRS:
        folder = directory / sub if sub else directory
        if not folder.is_dir():
            continue
        try:
            # Names first, Paths only for YAML files: a config in /tmp has hundreds of neighbours.
            with os.scandir(folder) as entries:
                names = [e.name for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file()]
        except OSError:
            continue
        yield from sorted(folder / n for n in names if Path(n).suffix in (".yaml", ".yml"))[:MAX_FILES]


def neighbour_dirs(config_path: Path) -> list[Path]:
    """Where a config's deployment files are looked for: its directory and the one above it."""
    base = config_path.parent
    return [base] if base.parent == base else [base, base.parent]


def compose_paths(directory: Path) -> list[Path]:
    return [directory / name for name in COMPOSE_NAMES if (directory / name).is_file()]


def _k8s_names(directory: Path) -> dict[str, str]:
    docs: list[tuple[Path, dict]] = []
    for path in manifest_paths(directory):
        text = read_bounded(path)
        if text is None or "kind:" not in text:
            continue
        docs += [(path, d) for d in _yaml_docs(text) if isinstance(d, dict) and isinstance(d.get("kind"), str)]
    # ConfigMap / Secret keys by name (the keys only: `data` values are never kept).
    keys: dict[tuple[str, str], tuple[Path, list[str]]] = {}
    for path, doc in docs:
        if doc["kind"] in ("ConfigMap", "Secret"):
            name = (doc.get("metadata") or {}).get("name") if isinstance(doc.get("metadata"), dict) else None
            names = [str(k) for part in ("data", "stringData") if isinstance(doc.get(part), dict) for k in doc[part]]
            if isinstance(name, str):
                keys[(doc["kind"], name)] = (path, names)
    out: dict[str, str] = {}
    for path, doc in docs:
        if doc["kind"] not in _WORKLOADS:
            continue
        for container in _containers(doc.get("spec")):
            if "litellm" not in str(container.get("image") or "").lower() and "litellm" not in str(container.get("name") or ""):
                continue
            where = f"{_shown(path)} (container {container.get('name', '?')})"
            for item in container.get("env") or []:
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    out[item["name"]] = where
            for item in container.get("envFrom") or []:
                if not isinstance(item, dict):
                    continue
                prefix = str(item.get("prefix") or "")
                for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                    target = item.get(ref)
                    if isinstance(target, dict) and (kind, target.get("name")) in keys:
                        source, names = keys[(kind, target["name"])]
                        out.update({prefix + n: f"{_shown(source)} ({kind} {target['name']})" for n in names})
    return out


def aws_region_source(environ: Mapping[str, str]) -> str | None:
    """Where boto3.Session() would find a region for the current profile, or None (botocore's
    config-file rules: AWS_CONFIG_FILE else ~/.aws/config; `[default]` or `[profile NAME]`)."""
    profile = environ.get("AWS_PROFILE") or environ.get("AWS_DEFAULT_PROFILE") or "default"
    if environ.get("AWS_CONFIG_FILE"):
        path = Path(environ["AWS_CONFIG_FILE"]).expanduser()
    elif environ.get("HOME"):
        path = Path(environ["HOME"]) / ".aws" / "config"
    else:
        return None
    text = read_bounded(path)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    section = "default" if profile == "default" else f"profile {profile}"
    if parser.has_section(section) and parser.get(section, "region", fallback="").strip():
        return f"{_shown(path)} [{section}]"
    return None


def declared_names(config_path: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """{variable name: where it is declared} for the proxy that runs this config."""
    environ = os.environ if environ is None else environ
    out: dict[str, str] = {}
    for directory in neighbour_dirs(config_path):
        for compose in compose_paths(directory):
            for var, where in _compose_names(compose, config_path.name).items():
                out.setdefault(var, where)
        for var, where in _k8s_names(directory).items():
            out.setdefault(var, where)
    region = aws_region_source(environ)
    if region:
        out.setdefault("AWS_REGION", region)
    return out
