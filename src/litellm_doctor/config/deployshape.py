"""How many LiteLLM processes a deployment runs, and Postgres' `max_connections`, read from its files.

`check` and `probe` multiply limits and DB connections by the number of proxy processes (LD-CFG-080,
150, 151). The user can say it (--workers, --db-max-connections); otherwise the files that deploy
the proxy usually say it, and this module reads them: files on disk only, never the Kubernetes API,
no cluster credentials. Each number keeps the file:line it was read from, so a finding can say why.

- docker-compose, the LiteLLM service: `deploy.replicas`, else `scale` (default 1); the workers from
  `--num_workers N` in its `command:`/`entrypoint:` (LiteLLM's option, proxy/proxy_cli.py:676 in
  1.103.0; `--num-workers` is refused there with "No such option"), else `NUM_WORKERS` in its
  environment (the option's envvar, proxy_cli.py:683), else `DEFAULT_NUM_WORKERS_LITELLM_PROXY`
  (constants.py:60), else 1. `--run_hypercorn` serves one process whatever --num_workers says
  (proxy_cli.py: only uvicorn, gunicorn and granian are given num_workers). A Postgres service's
  `-c max_connections=N` / `--max_connections=N` in its command (the official image hands its
  arguments to `postgres`), else the `max_connections` of a `-c config_file=…` the compose file
  mounts from the repository; a Redis service.
- Kubernetes: a Deployment / StatefulSet / ReplicaSet / Argo Rollout / Pod with a LiteLLM container:
  `spec.replicas` (default 1), or the `maxReplicas` of a HorizontalPodAutoscaler (or the
  `maxReplicaCount` of a KEDA ScaledObject) whose scaleTargetRef names it: the worst case; else the
  `replicas:` count of a Kustomization read with it; the
  container's `command` + `args` and `env` as above. Postgres: a container's `-c max_connections=N`,
  or `spec.postgresql.parameters.max_connections` of a CloudNativePG `Cluster` or a Zalando
  `postgresql`. A Redis container.

Helm values are not read: the LiteLLM chart's keys could not be checked against a copy of the chart.
`helm template … > rendered.yaml` gives manifests this module reads.

Compose files are merged as docker compose merges them: a compose file with the override file beside
it, or the files named with --deploy in their order (`-f a.yml -f b.yml`).
A compose file and a set of manifests are alternative deployments of the same config (dev and prod):
the one with the most processes is used, the others are named in a note. A number that cannot be
known here (`${VAR}` unset, `valueFrom`) is no number: LiteLLM's default stands, with a note. Files
found by looking next to the config that cannot be read are skipped with a note; a file the user
named (`--deploy`) that cannot be read is an error.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from .deployenv import COMPOSE_NAMES, MAX_BYTES, compose_paths, manifest_paths, neighbour_dirs, read_bounded
from .envfile import parse_env_text

_WORKLOADS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "Rollout", "Pod", "DaemonSet"})
_POSTGRES_IMAGE = re.compile(r"(^|/)(postgres|postgresql|pgvector|postgis|timescaledb[\w-]*)(:|@|$)", re.I)
_REDIS_IMAGE = re.compile(r"(^|/)(redis|redis-stack[\w-]*|valkey|keydb|dragonfly)(:|@|$)", re.I)
_INTERPOLATION = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
_COMPOSE_OVERRIDES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml")
_WORKER_ENV = ("NUM_WORKERS", "DEFAULT_NUM_WORKERS_LITELLM_PROXY")  # in LiteLLM's order of precedence


@dataclass(frozen=True)
class Sourced:
    """A number read from a file, with where it was written ("k8s/deployment.yaml:8") and what it is."""

    value: int
    where: str
    what: str = ""

    def cited(self, noun: str) -> str:
        plural = noun if self.value == 1 else noun + "s"
        return f"{self.value} {plural} ({', '.join(p for p in (self.what, self.where) if p)})"


@dataclass(frozen=True)
class Unit:
    """One LiteLLM service (compose) or workload (Kubernetes)."""

    name: str
    file: str
    replicas: Sourced | None = None  # None: one replica (the default)
    workers: Sourced | None = None  # None: LiteLLM's default, one worker

    @property
    def processes(self) -> int:
        return (self.replicas.value if self.replicas else 1) * (self.workers.value if self.workers else 1)

    def describe(self) -> str:
        parts = [s.cited(noun) for s, noun in ((self.replicas, "replica"), (self.workers, "worker")) if s is not None]
        return " x ".join(parts) if parts else f"1 process ({self.name}, {self.file})"


@dataclass(frozen=True)
class DeployShape:
    units: tuple[Unit, ...] = ()
    max_connections: Sourced | None = None
    redis: str | None = None  # where a Redis server is deployed beside the proxy
    files: tuple[str, ...] = ()  # what was read
    notes: tuple[str, ...] = ()

    @property
    def processes(self) -> int | None:
        return sum(u.processes for u in self.units) if self.units else None

    @property
    def source(self) -> str:
        return " + ".join(u.describe() for u in self.units)

    def check_options(self, workers: int | None, db_max_connections: int | None) -> dict[str, Any]:
        """`check`'s Options: what the user said (--workers: all processes) wins, else the files' numbers."""
        out: dict[str, Any] = {"workers": workers, "db_max_connections": db_max_connections, "redis_deployed": self.redis}
        if not workers and self.processes:
            out.update(workers=self.processes, workers_source=self.source)
        if not db_max_connections and self.max_connections is not None:
            out.update(db_max_connections=self.max_connections.value, db_max_connections_source=self.max_connections.where)
        return out

    def fleet_processes(self, probed: int) -> tuple[int, str] | None:
        """The fleet probe's process count when --workers is not given: the files' count, or the replicas
        that answered times the files' workers per replica when more replicas answer than the files say."""
        if not self.units:
            return None
        workers = max((u.workers for u in self.units if u.workers), key=lambda w: w.value, default=None)
        per_replica = workers.value if workers else 1
        if (self.processes or 0) >= probed * per_replica:
            return self.processes or 0, self.source
        return probed * per_replica, f"{probed} replicas probed" + (f" x {workers.cited('worker')}" if workers else "")

    def summary(self) -> str | None:
        """One line for the report's notes: what was read and the numbers it gave."""
        if not self.units and self.max_connections is None:
            return None
        parts = []
        if self.units:
            n = self.processes
            parts.append(f"{n} LiteLLM process{'es' if n != 1 else ''} = {self.source}")
        if self.max_connections is not None:
            parts.append(f"Postgres max_connections {self.max_connections.value} ({self.max_connections.where})")
        if self.redis:
            parts.append(f"Redis deployed ({self.redis})")
        return "deployment files: " + "; ".join(parts)


# -- reading ---------------------------------------------------------------------------------------
def _shown(path: Path) -> str:
    from .loader import display_path

    return display_path(path)


def _documents(path: Path, named: bool, notes: list[str]) -> list[Any]:
    """The YAML documents of `path` with their line maps. A named file must be readable and well-formed
    (InputError otherwise); a discovered one is skipped with a note."""
    from ..boundedio import read_text
    from .yamlnodes import load_documents

    shown = _shown(path)
    try:
        text = read_text(path, "deployment file", MAX_BYTES)
        return load_documents(shown, text)
    except InputError as exc:
        if named:
            raise
        notes.append(f"skipped {exc} (found beside the config; not read for the process count)")
        return []


def _at(doc: Any, path: tuple) -> str:
    line = doc.lines.get(path)
    return f"{doc.file}:{line}" if line else doc.file


def _get(node: Any, *keys: Any) -> Any:
    for key in keys:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _interpolate(value: Any, variables: Mapping[str, str]) -> str | None:
    """docker compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR` from the .env beside the
    compose file; None when a variable it needs is not known here."""
    if not isinstance(value, str):
        return None if value is None or isinstance(value, (dict, list)) else str(value)
    unknown = False

    def one(m: re.Match) -> str:
        nonlocal unknown
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        current = variables.get(name)
        if op in (":-", "-"):
            if current is None or (op == ":-" and current == ""):
                return arg
            return current
        if current is None:
            unknown = True
            return ""
        return current

    out = _INTERPOLATION.sub(one, value.replace("$$", "\0")).replace("\0", "$")
    return None if unknown else out


def _tokens(items: Iterable[tuple[Any, str]]) -> Iterator[tuple[str, str]]:
    """(token, where) of a command: a string is split as a shell would (`sh -c "litellm --num_workers 4"`
    included: every item is split again)."""
    for value, where in items:
        if not isinstance(value, (str, int)):
            continue
        try:
            parts = shlex.split(str(value))
        except ValueError:
            continue  # an unbalanced quote: docker compose refuses it too; nothing is read from a guess
        for part in parts:
            try:
                sub = shlex.split(part) if " " in part else [part]
            except ValueError:
                continue
            yield from ((token, where) for token in sub)


def _option(tokens: list[tuple[str, str]], names: tuple[str, ...]) -> tuple[str, str] | None:
    """The last `--name value` / `--name=value` among tokens (the last one wins, as with click)."""
    found = None
    for i, (token, where) in enumerate(tokens):
        for name in names:
            if token == name and i + 1 < len(tokens):
                found = (tokens[i + 1][0], where)
            elif token.startswith(name + "="):
                found = (token[len(name) + 1:], where)
    return found


def _postgres_setting(tokens: list[tuple[str, str]], name: str) -> tuple[str, str] | None:
    """`-c name=value`, `-cname=value`, `--name=value` as postgres parses them (a `-` in the name is a `_`)."""
    found = None
    for i, (token, where) in enumerate(tokens):
        setting = None
        if token == "-c" and i + 1 < len(tokens):
            setting = tokens[i + 1][0]
        elif token.startswith("-c") and not token.startswith("--"):
            setting = token[2:]
        elif token.startswith("--") and "=" in token:
            setting = token[2:]
        if setting and "=" in setting:
            key, value = setting.split("=", 1)
            if key.strip().replace("-", "_") == name:
                found = (value.strip(), where)
    return found


_CONF_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.-]*)\s*=?\s*(?P<value>'[^']*'|[^#\s]+)")


def _mounted_conf_setting(tokens: list[tuple[str, str]], layer: list[tuple[Any, dict, Path]], name: str) -> tuple[str, str] | None:
    """`postgres -c config_file=/etc/postgresql/postgresql.conf` with that file bind-mounted from the
    repository: the setting as written in it (the last one wins, as in postgres), with its file:line."""
    config_file = _postgres_setting(tokens, "config_file")
    if config_file is None:
        return None
    for _doc, service, base in reversed(layer):
        for volume in service.get("volumes") or [] if isinstance(service.get("volumes"), list) else []:
            if isinstance(volume, str) and ":" in volume:
                source, target = volume.split(":")[:2]
            elif isinstance(volume, dict):
                source, target = str(volume.get("source") or ""), str(volume.get("target") or "")
            else:
                continue
            if target != config_file[0] or not source.startswith((".", "/")):
                continue
            from ..boundedio import read_text

            path = base / source
            try:
                text = read_text(path, "postgres config", MAX_BYTES)
            except InputError:
                return None  # not in the repository: nothing known from it
            found = None
            for number, line in enumerate(text.splitlines(), 1):
                m = _CONF_LINE.match(line)
                if m and m.group("key").lower() == name:
                    found = (m.group("value").strip("'"), f"{_shown(path)}:{number}")
            return found
    return None


def _workers(tokens: list[tuple[str, str]], env: list[tuple[str, Any, str]], unit: str, notes: list[str]) -> Sourced | None:
    """LiteLLM's worker count: `--num_workers` > NUM_WORKERS > DEFAULT_NUM_WORKERS_LITELLM_PROXY > 1.
    `env`: (name, value or None when not known here, where)."""
    if any(t == "--run_hypercorn" for t, _ in tokens):
        return None  # hypercorn is started without num_workers: one process
    if any(t.startswith("--num-workers") for t, _ in tokens):
        where = next(w for t, w in tokens if t.startswith("--num-workers"))
        notes.append(f"{where}: `--num-workers` is not a LiteLLM option (it is `--num_workers`): "
                     "LiteLLM 1.103.0 exits with `No such option: --num-workers`")
    option = _option(tokens, ("--num_workers",))
    if option is not None:
        value = _int(option[0])
        if value is not None:
            return Sourced(max(1, value), option[1])
        notes.append(f"{option[1]}: `--num_workers {option[0]}` ({unit}) is not a number known here: counted as 1 worker")
        return None
    for name in _WORKER_ENV:
        for env_name, value, where in env:
            if env_name != name:
                continue
            number = _int(value)
            if number is not None:
                return Sourced(max(1, number), where, name)
            notes.append(f"{where}: {name} ({unit}) is not known here: counted as 1 worker")
            return None
    return None


# -- docker compose ----------------------------------------------------------------------------------
def _compose_env(service: Mapping, doc: Any, path: tuple, variables: Mapping[str, str], base: Path) -> list[tuple[str, Any, str]]:
    out: list[tuple[str, Any, str]] = []
    env = service.get("environment")
    if isinstance(env, dict):
        out += [(str(k), _interpolate(v, variables), _at(doc, (*path, "environment", k))) for k, v in env.items()]
    elif isinstance(env, list):
        for i, item in enumerate(env):
            if isinstance(item, str) and "=" in item:
                k, v = item.split("=", 1)
                out.append((k.strip(), _interpolate(v, variables), _at(doc, (*path, "environment", i))))
    files = service.get("env_file")
    files = [files] if isinstance(files, (str, dict)) else files if isinstance(files, list) else []
    for entry in files:  # environment: wins over env_file, so these come after
        rel = entry.get("path") if isinstance(entry, dict) else entry
        if not isinstance(rel, str):
            continue
        env_path = base / rel
        try:
            from ..boundedio import read_text

            parsed = parse_env_text(read_text(env_path, "env file", MAX_BYTES))
        except InputError:
            continue  # not committed (secrets): nothing known from it
        out += [(k, v, f"{_shown(env_path)}:{line}") for k, (v, line) in parsed.items() if k in _WORKER_ENV]
    return out


def _compose_variables(compose: Path) -> dict[str, str]:
    """The `.env` beside a compose file: what `${VAR}` in it becomes (names and values stay in here)."""
    from ..boundedio import read_text

    try:
        return {k: v for k, (v, _line) in parse_env_text(read_text(compose.parent / ".env", "env file", MAX_BYTES)).items()}
    except InputError:
        return {}


def _is_litellm(name: str, image: str, config_name: str, mentions: str, built: bool = False) -> bool:
    """A LiteLLM proxy: its image says litellm, or its command runs `litellm` or names the config; by its
    name alone only when it is built here (no image to tell). A sidecar named `litellm-exporter` running
    another image is not one: counting it would double the processes."""
    if _POSTGRES_IMAGE.search(image) or _REDIS_IMAGE.search(image):
        return False
    if "litellm" in image.lower() or "litellm" in mentions.lower() or bool(config_name and config_name in mentions):
        return True
    return built and "litellm" in name.lower()


def _compose_shape(files: list[tuple[Path, list[Any]]], config_name: str, notes: list[str]) -> DeployShape:
    """One compose project: its files merged in order, as `docker compose -f a.yml -f b.yml` (or a file and
    its compose.override.yaml) merges them: a later file's `image`, `command`, `entrypoint`, `scale` and
    `deploy.replicas` replace the earlier ones; `environment` is merged by name, the later file winning."""
    variables = _compose_variables(files[0][0])  # the project's .env: beside the first file
    layers: dict[str, list[tuple[Any, dict, Path]]] = {}
    for path, docs in files:
        for doc in docs:
            services = _get(doc.value, "services")
            for name, service in services.items() if isinstance(services, dict) else ():
                if isinstance(service, dict):
                    layers.setdefault(str(name), []).append((doc, service, path.parent))
    units: list[Unit] = []
    postgres: list[tuple[str, Sourced | None, set[str]]] = []
    redis = None
    database_hosts: list[tuple[str, str]] = []
    for name, layer in layers.items():
        path = ("services", name)

        def last(*keys: str) -> tuple[Any, Any]:
            for doc, service, _base in reversed(layer):
                value = _get(service, *keys)
                if value is not None:
                    return doc, value
            return None, None

        image = str(last("image")[1] or "")
        items = []
        for part in ("entrypoint", "command"):
            doc, value = last(part)
            if isinstance(value, list):
                items += [(v, _at(doc, (*path, part, i))) for i, v in enumerate(value)]
            elif value is not None:
                items.append((value, _at(doc, (*path, part))))
        tokens = [(_interpolate(t, variables) or t, w) for t, w in _tokens(items)]
        first_doc = layer[0][0]
        if _POSTGRES_IMAGE.search(image):
            setting = _postgres_setting(tokens, "max_connections") or _mounted_conf_setting(tokens, layer, "max_connections")
            number = _int(setting[0]) if setting else None
            names = {name, str(last("container_name")[1] or ""), str(last("hostname")[1] or "")}
            postgres.append((name, Sourced(number, setting[1], f"service {name}") if number else None, names - {""}))
            continue
        if _REDIS_IMAGE.search(image) or (not image and name == "redis"):
            redis = redis or f"{_at(first_doc, path)}, service {name}"
            continue
        mentions = " ".join(str(last(k)[1] or "") for k in ("command", "volumes", "entrypoint"))
        if not _is_litellm(name, image, config_name, mentions, built=not image or last("build")[1] is not None):
            continue
        unit = f"service {name}"
        replicas = None
        for keys, what in ((("deploy", "replicas"), "deploy.replicas"), (("scale",), "scale")):
            doc, raw = last(*keys)
            if raw is None:
                continue
            value = _int(_interpolate(raw, variables))
            if value is None:
                notes.append(f"{_at(doc, (*path, *keys))}: {what} `{raw}` ({unit}) is not known here: counted as 1 replica")
            else:
                replicas = Sourced(value, _at(doc, (*path, *keys)), "scale" if what == "scale" else "")
            break
        # The later file first: the first NUM_WORKERS found is the one that wins.
        env = [e for doc, service, base in reversed(layer) for e in _compose_env(service, doc, path, variables, base)]
        workers = _workers(tokens, env, unit, notes)
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
    return DeployShape(tuple(units), max_connections, redis, tuple(_shown(path) for path, _docs in files))


# -- Kubernetes --------------------------------------------------------------------------------------
def _pod_spec_path(doc: Any) -> tuple | None:
    kind = doc.value.get("kind")
    if kind == "Pod":
        return ("spec",)
    if kind in _WORKLOADS:
        return ("spec", "template", "spec")
    return None


def _containers(doc: Any, pod: tuple) -> Iterator[tuple[tuple, dict]]:
    for part in ("containers", "initContainers"):
        items = _get(doc.value, *pod, part)
        if isinstance(items, list):
            yield from (((*pod, part, i), c) for i, c in enumerate(items) if isinstance(c, dict))


def _container_tokens(doc: Any, path: tuple, container: dict) -> list[tuple[str, str]]:
    items = []
    for part in ("command", "args"):
        value = container.get(part)
        if isinstance(value, list):
            items += [(v, _at(doc, (*path, part, i))) for i, v in enumerate(value)]
    return list(_tokens(items))


def _container_env(doc: Any, path: tuple, container: dict) -> list[tuple[str, Any, str]]:
    out = []
    env = container.get("env")
    for i, item in enumerate(env if isinstance(env, list) else []):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = item.get("value")
            out.append((item["name"], None if "valueFrom" in item else value, _at(doc, (*path, "env", i))))
    return out


def _metadata(doc: Any) -> tuple[str, str]:
    meta = doc.value.get("metadata") if isinstance(doc.value.get("metadata"), dict) else {}
    return str(meta.get("name") or "?"), str(meta.get("namespace") or "")


def _autoscalers(docs: list[Any]) -> dict[tuple[str, str, str], Sourced]:
    """{(kind, name, namespace) of the target: the most replicas its autoscaler allows}."""
    out: dict[tuple[str, str, str], Sourced] = {}
    for doc in docs:
        kind = doc.value.get("kind")
        if kind == "HorizontalPodAutoscaler":
            key, what, default_kind = "maxReplicas", "HPA maxReplicas", None
        elif kind == "ScaledObject":  # KEDA: scaleTargetRef.kind defaults to Deployment
            key, what, default_kind = "maxReplicaCount", "KEDA maxReplicaCount", "Deployment"
        else:
            continue
        target = _get(doc.value, "spec", "scaleTargetRef")
        value = _int(_get(doc.value, "spec", key))
        if not isinstance(target, dict) or value is None:
            continue
        _name, namespace = _metadata(doc)
        ref = (str(target.get("kind") or default_kind), str(target.get("name")), namespace)
        out[ref] = Sourced(value, _at(doc, ("spec", key)), what)
    return out


def _kustomized(docs: list[Any]) -> dict[str, Sourced]:
    """{workload name: count} from a Kustomization's `replicas:` list, which overrides `spec.replicas`."""
    out: dict[str, Sourced] = {}
    for doc in docs:
        if doc.value.get("kind") != "Kustomization" or not isinstance(doc.value.get("replicas"), list):
            continue
        for i, item in enumerate(doc.value["replicas"]):
            count = _int(item.get("count")) if isinstance(item, dict) else None
            if count is not None and isinstance(item.get("name"), str):
                out[item["name"]] = Sourced(count, _at(doc, ("replicas", i, "count")), "kustomize replicas")
    return out


def _k8s_shape(docs: list[Any], config_name: str, notes: list[str]) -> DeployShape:
    docs = [d for d in docs if isinstance(d.value, dict) and isinstance(d.value.get("kind"), str)]
    scaled = _autoscalers(docs)
    kustomized = _kustomized(docs)
    units: list[Unit] = []
    max_connections = None
    redis = None
    for doc in docs:
        kind = doc.value["kind"]
        if kind in ("Cluster", "postgresql") and str(doc.value.get("apiVersion", "")).startswith(("postgresql.cnpg.io/", "acid.zalan.do/")):
            raw = _get(doc.value, "spec", "postgresql", "parameters", "max_connections")
            number = _int(raw)
            if number:
                max_connections = Sourced(number, _at(doc, ("spec", "postgresql", "parameters", "max_connections")), f"{kind} {_metadata(doc)[0]}")
            continue
        pod = _pod_spec_path(doc)
        if pod is None:
            continue
        name, namespace = _metadata(doc)
        unit = f"{kind} {name}"
        for path, container in _containers(doc, pod):
            image = str(container.get("image") or "")
            tokens = _container_tokens(doc, path, container)
            if _POSTGRES_IMAGE.search(image):
                setting = _postgres_setting(tokens, "max_connections")
                number = _int(setting[0]) if setting else None
                if number:
                    max_connections = Sourced(number, setting[1], unit)
                continue
            if _REDIS_IMAGE.search(image):
                redis = redis or f"{_at(doc, path)}, {unit}"
                continue
            mentions = " ".join(str(container.get(k) or "") for k in ("command", "args"))
            if path[-2] != "containers" or not _is_litellm(str(container.get("name") or ""), image, config_name, mentions):
                continue
            if kind == "DaemonSet":
                notes.append(f"{_at(doc, path)}: {unit} runs one LiteLLM per node; the node count is not in the files: not counted")
                continue
            # An autoscaler sets the replicas (its maximum is the worst case), else kustomize's override, else spec.replicas.
            replicas = scaled.get((kind, name, namespace)) or scaled.get((kind, name, "")) or (kustomized.get(name) if kind != "Pod" else None)
            if replicas is None and kind != "Pod":
                value = _int(_get(doc.value, "spec", "replicas"))
                if value is not None:
                    replicas = Sourced(value, _at(doc, ("spec", "replicas")), "")
            units.append(Unit(unit, doc.file, replicas, _workers(tokens, _container_env(doc, path, container), unit, notes)))
    return DeployShape(tuple(units), max_connections, redis, tuple(dict.fromkeys(d.file for d in docs)))


# -- the entry point -------------------------------------------------------------------------------
def _is_compose(path: Path, docs: list[Any]) -> bool:
    if path.name in COMPOSE_NAMES:
        return True
    return any(isinstance(d.value, dict) and isinstance(d.value.get("services"), dict) and "kind" not in d.value for d in docs)


def read_shape(config_path: str | Path | None, paths: Iterable[str | Path] = (), *, discover: bool = True) -> DeployShape:
    """The deployment's shape from `paths` (files or directories the user named), else from the files
    next to the config (when `discover`). Errors (InputError) only for a named file that cannot be read."""
    notes: list[str] = []
    projects: list[list[tuple[Path, list[Any]]]] = []  # compose files merged together, in order
    named_project: list[tuple[Path, list[Any]]] = []
    manifests: list[Any] = []
    config_name = Path(config_path).name if config_path else ""
    config_resolved = Path(config_path).resolve() if config_path else None

    def take(path: Path, named: bool, project: list | None = None, manifest: bool = False) -> None:
        """Read `path` into `project` (a compose file), the manifests, or (named, by its content) either."""
        if config_resolved is not None and path.resolve() == config_resolved:
            return
        docs = _documents(path, named, notes)
        if project is not None or (not manifest and _is_compose(path, docs)):
            (project if project is not None else named_project).append((path, docs))
        else:
            manifests.extend(d for d in docs if isinstance(d.value, dict) and isinstance(d.value.get("kind"), str))

    named = [Path(p) for p in paths]
    directories: list[Path] = []
    for path in named:
        if path.is_dir():
            directories.append(path)
        elif path.exists():
            take(path, True)
        else:
            raise InputError(f"{path}: no such file or directory (--deploy names a compose file, a manifest or a directory of them)")
    if not named and discover and config_path is not None:
        directories = neighbour_dirs(Path(config_path).resolve())
    if named_project:  # `docker compose -f a.yml -f b.yml`: the files named, merged in the order given
        projects.append(named_project)
    for directory in directories:
        # Each compose file with the override file docker compose reads beside it (not for a file named
        # with -f, which is why the named ones above get none).
        overrides = [directory / o for o in _COMPOSE_OVERRIDES if (directory / o).is_file()]
        for compose in compose_paths(directory):
            project: list[tuple[Path, list[Any]]] = []
            for path in (compose, *overrides):
                take(path, False, project)
            if project:
                projects.append(project)
        for manifest in manifest_paths(directory):
            if manifest.name not in COMPOSE_NAMES and manifest.name not in _COMPOSE_OVERRIDES:
                text = read_bounded(manifest)  # the same filter as deployenv's: a manifest says `kind:`
                if text is not None and "kind:" in text:
                    take(manifest, False, manifest=True)
    shapes = [_compose_shape(project, config_name, notes) for project in projects]
    if manifests:
        shapes.append(_k8s_shape(manifests, config_name, notes))
    with_units = [s for s in shapes if s.units]
    if named and not with_units:
        notes.append(f"--deploy {', '.join(map(str, named))}: no LiteLLM service (compose) or workload (Kubernetes) "
                     "found: a LiteLLM one runs a litellm image, or `litellm` / the config in its command")
    if not with_units:
        chosen = next((s for s in shapes if s.max_connections is not None), DeployShape())
        return DeployShape((), chosen.max_connections, chosen.redis, chosen.files, tuple(notes))
    chosen = max(with_units, key=lambda s: s.processes or 0)
    others = [s for s in with_units if s is not chosen]
    if others:
        notes.append("also read: " + "; ".join(f"{', '.join(s.files)} ({s.processes} process{'es' if s.processes != 1 else ''})" for s in others)
                     + f"; the largest, {', '.join(chosen.files)}, is used")
    return DeployShape(chosen.units, chosen.max_connections, chosen.redis, chosen.files, tuple(notes))


__all__ = ["DeployShape", "Sourced", "Unit", "read_shape"]
