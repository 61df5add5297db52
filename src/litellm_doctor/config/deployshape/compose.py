"""docker compose: the LiteLLM service's replicas and workers, a Postgres service's max_connections, a Redis service."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ...errors import InputError
from ..deployenv import MAX_BYTES
from ..envfile import parse_env_text
from ..checks.util import code
from .model import DeployShape, Sourced, Unit
from .values import (
    POSTGRES_IMAGE, REDIS_IMAGE, WORKER_ENV, at_line, command_tokens, dig, interpolate, is_litellm, postgres_setting,
    shown_path, whole, worker_count,
)

COMPOSE_OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml")
_CONF_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.-]*)\s*=?\s*(?P<value>'[^']*'|[^#\s]+)")


def _mounted_conf_setting(tokens: list[tuple[str, str]], layer: list, name: str) -> tuple[str, str] | None:
    """`postgres -c config_file=/etc/postgresql/postgresql.conf` with that file bind-mounted from the
    repository: the setting as written in it (the last one wins, as in postgres), with its file:line."""
    config_file = postgres_setting(tokens, "config_file")
    if config_file is None:
        return None
    for _doc, service, base, _spath in reversed(layer):
        for volume in service.get("volumes") or [] if isinstance(service.get("volumes"), list) else []:
            if isinstance(volume, str) and ":" in volume:
                source, target = volume.split(":")[:2]
            elif isinstance(volume, dict):
                source, target = str(volume.get("source") or ""), str(volume.get("target") or "")
            else:
                continue
            if target != config_file[0] or not source.startswith((".", "/")):
                continue
            from ...boundedio import read_text

            path = base / source
            try:
                text = read_text(path, "postgres config", MAX_BYTES)
            except InputError:
                return None  # not in the repository: nothing known from it
            found = None
            for number, line in enumerate(text.splitlines(), 1):
                m = _CONF_LINE.match(line)
                if m and m.group("key").lower() == name:
                    found = (m.group("value").strip("'"), f"{shown_path(path)}:{number}")
            return found
    return None


def _environment(service: Mapping, doc: Any, path: tuple, variables: Mapping[str, str]) -> list[tuple[str, Any, str]]:
    out: list[tuple[str, Any, str]] = []
    env = service.get("environment")
    if isinstance(env, dict):
        out += [(str(k), interpolate(v, variables), at_line(doc, (*path, "environment", k))) for k, v in env.items()]
    elif isinstance(env, list):
        for i, item in enumerate(env):
            if isinstance(item, str) and "=" in item:
                k, v = item.split("=", 1)
                out.append((k.strip(), interpolate(v, variables), at_line(doc, (*path, "environment", i))))
    return out


def _env_files(service: Mapping, base: Path) -> list[tuple[str, Any, str]]:
    """The worker variables of the service's `env_file`s, the last file first (it wins, as in docker compose)."""
    out: list[tuple[str, Any, str]] = []
    files = service.get("env_file")
    files = [files] if isinstance(files, (str, dict)) else files if isinstance(files, list) else []
    for entry in reversed(files):
        rel = entry.get("path") if isinstance(entry, dict) else entry
        if not isinstance(rel, str):
            continue
        env_path = Path(os.path.normpath(base / rel))
        try:
            from ...boundedio import read_text

            parsed = parse_env_text(read_text(env_path, "env file", MAX_BYTES))
        except InputError:
            continue  # not committed (secrets): nothing known from it
        out += [(k, v, f"{shown_path(env_path)}:{line}") for k, (v, line) in parsed.items() if k in WORKER_ENV]
    return out


def _compose_variables(compose: Path) -> dict[str, str]:
    """The `.env` beside a compose file: what `${VAR}` in it becomes (names and values stay in here)."""
    from ...boundedio import read_text

    try:
        return {k: v for k, (v, _line) in parse_env_text(read_text(compose.parent / ".env", "env file", MAX_BYTES)).items()}
    except InputError:
        return {}


# A service's layers, lowest precedence first: (document, service mapping, its file's directory, the
# service's path in that document). A later layer's `image`, `command`, `entrypoint`, `scale` and
# `deploy.replicas` replace an earlier one's; `environment` is merged by name, the later layer winning.
Layer = tuple[Any, dict, Path, tuple]


def _services(files: list[tuple[Path, list[Any]]]) -> dict[str, list[Layer]]:
    layers: dict[str, list[Layer]] = {}
    for path, docs in files:
        for doc in docs:
            services = dig(doc.value, "services")
            for name, service in services.items() if isinstance(services, dict) else ():
                if isinstance(service, dict):
                    layers.setdefault(str(name), []).append((doc, service, path.parent, ("services", name)))
    return layers


def _last(layer: list[Layer], *keys: str) -> tuple[Any, Any, tuple]:
    """(document, value, service path) of the layer that sets `keys` last, as docker compose merges them."""
    for doc, service, _base, spath in reversed(layer):
        value = dig(service, *keys)
        if value is not None:
            return doc, value, spath
    return None, None, ()


class _Extends:
    """docker compose's `extends` (https://docs.docker.com/compose/how-tos/multiple-compose-files/extends/):
    a service is the service it extends (in the same project, or in `file:`, resolved on its own, relative
    to the file that names it) with its own keys on top. Bounded: MAX_CHAIN services in a chain,
    MAX_FILES other files per project; a cycle or a missing service is a note, never followed."""

    MAX_CHAIN = 8
    MAX_FILES = 16

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.loaded: dict[Path, dict[str, list[Layer]] | None] = {}
        self.read: list[Path] = []  # the other files read, for DeployShape.files

    def _file(self, path: Path, where: str) -> dict[str, list[Layer]] | None:
        key = path.resolve()
        if key not in self.loaded:
            if len(self.loaded) >= self.MAX_FILES:
                self.notes.append(f"{where}: extends more than {self.MAX_FILES} other files: not followed")
                return None
            from .values import documents

            if not path.is_file():
                self.notes.append(f"{where}: extends {code(shown_path(path))}, which is not a file here: not followed")
                self.loaded[key] = None
            else:
                self.loaded[key] = _services([(path, documents(path, False, self.notes, f"named by `extends` at {where}"))])
                self.read.append(path)
        return self.loaded[key]

    def resolve(self, services: dict[str, list[Layer]], name: str, chain: tuple = ()) -> list[Layer]:
        """The layers of service `name` of `services`, those of the services it extends first."""
        own = services[name]
        doc, ext, spath = _last(own, "extends")
        if ext is None:
            return own
        where = at_line(doc, (*spath, "extends"))
        base = next(b for d, _s, b, p in reversed(own) if d is doc and p == spath)
        target, other = (ext, None) if isinstance(ext, str) else (ext.get("service"), ext.get("file")) if isinstance(ext, dict) else (None, None)
        if not isinstance(target, str) or (other is not None and not isinstance(other, str)):
            self.notes.append(f"{where}: `extends` needs `service:` (and an optional `file:`): not followed")
            return own
        if len(chain) >= self.MAX_CHAIN:
            self.notes.append(f"{where}: a chain of more than {self.MAX_CHAIN} `extends`: not followed further")
            return own
        other_path = Path(os.path.normpath(base / other)) if other is not None else None  # shown as `common/x.yml`, not `app/../common/x.yml`
        theirs = services if other_path is None else self._file(other_path, where)
        if theirs is None:
            return own
        link = (id(theirs), target)
        if link in chain or (other is None and target == name):
            self.notes.append(f"{where}: `extends` loops back to service {target}: docker compose refuses it; not followed")
            return own
        if target not in theirs:
            in_file = f" in {shown_path(other_path)}" if other_path else ""
            self.notes.append(f"{where}: extends service {target}, which is not defined{in_file}: not followed")
            return own
        return [*self.resolve(theirs, target, (*chain, (id(services), name), link)), *own]


def compose_shape(files: list[tuple[Path, list[Any]]], config_name: str, notes: list[str]) -> DeployShape:
    """One compose project: its files merged in order, as `docker compose -f a.yml -f b.yml` (or a file and
    its compose.override.yaml) merges them, then each service's `extends` (see _Extends and Layer)."""
    variables = _compose_variables(files[0][0])  # the project's .env: beside the first file
    merged = _services(files)
    extends = _Extends(notes)
    layers = {name: extends.resolve(merged, name) for name in merged}
    units: list[Unit] = []
    postgres: list[tuple[str, Sourced | None, set[str]]] = []
    redis = None
    database_hosts: list[tuple[str, str]] = []
    for name, layer in layers.items():
        path = ("services", name)

        def last(*keys: str, layer: list[Layer] = layer) -> tuple[Any, Any, tuple]:
            return _last(layer, *keys)

        image = str(last("image")[1] or "")
        items = []
        for part in ("entrypoint", "command"):
            doc, value, spath = last(part)
            if isinstance(value, list):
                items += [(v, at_line(doc, (*spath, part, i))) for i, v in enumerate(value)]
            elif value is not None:
                items.append((value, at_line(doc, (*spath, part))))
        tokens = [(interpolate(t, variables) or t, w) for t, w in command_tokens(items)]
        first_doc = next((d for d, _s, _b, p in layer if p == path), layer[-1][0])  # the service's own file
        if POSTGRES_IMAGE.search(image):
            setting = postgres_setting(tokens, "max_connections") or _mounted_conf_setting(tokens, layer, "max_connections")
            number = whole(setting[0]) if setting else None
            names = {name, str(last("container_name")[1] or ""), str(last("hostname")[1] or "")}
            postgres.append((name, Sourced(number, setting[1], f"service {name}") if number else None, names - {""}))
            continue
        if REDIS_IMAGE.search(image) or (not image and name == "redis"):
            redis = redis or f"{at_line(first_doc, path)}, service {name}"
            continue
        mentions = " ".join(str(last(k)[1] or "") for k in ("command", "volumes", "entrypoint"))
        if not is_litellm(name, image, config_name, mentions, built=not image or last("build")[1] is not None):
            continue
        unit = f"service {name}"
        replicas = None
        for keys, what in ((("deploy", "replicas"), "deploy.replicas"), (("scale",), "scale")):
            doc, raw, spath = last(*keys)
            if raw is None:
                continue
            value = whole(interpolate(raw, variables))
            if value is None:
                notes.append(f"{at_line(doc, (*spath, *keys))}: {what} {code(raw)} ({unit}) is not known here: counted as 1 replica")
            else:
                replicas = Sourced(value, at_line(doc, (*spath, *keys)), "scale" if what == "scale" else "")
            break
        # The first NUM_WORKERS found wins: `environment` over every `env_file` (docker compose), the later layer first.
        env = [*(e for doc, service, _base, spath in reversed(layer) for e in _environment(service, doc, spath, variables)),
               *(e for _doc, service, base, _spath in reversed(layer) for e in _env_files(service, base))]
        workers = worker_count(tokens, env, unit, notes)
        units.append(Unit(unit, first_doc.file, replicas, workers))
        url = next((v for k, v, _w in env if k == "DATABASE_URL" and v), None)
        if url:
            try:
                host = urlsplit(url).hostname
            except ValueError:
                host = None
            if host:
                database_hosts.append((unit, host))
    max_connections = None
    for name, setting, names in postgres:
        if setting is None:
            continue
        elsewhere = [(u, h) for u, h in database_hosts if h not in names]
        if elsewhere:
            notes.append(f"{setting.where}: Postgres service {name} sets max_connections {setting.value}, but the proxy's "
                         f"DATABASE_URL ({elsewhere[0][0]}) names host {elsewhere[0][1]}: not used")
            continue
        max_connections = setting
    read = [*(path for path, _docs in files), *extends.read]
    return DeployShape(tuple(units), max_connections, redis, tuple(shown_path(path) for path in read))
