"""Kubernetes manifests: a LiteLLM workload's replicas (an autoscaler's maximum, kustomize's count) and
workers, Postgres' max_connections (a container's command, CloudNativePG, Zalando), a Redis container."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .kustomize import Layer, builds, largest, substitute, vars_for
from .model import DeployShape, Sourced, Unit
from .values import POSTGRES_IMAGE, REDIS_IMAGE, at_line, command_tokens, dig, is_litellm, postgres_setting, whole, worker_count

_WORKLOADS = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "Rollout", "Pod", "DaemonSet"})


def _pod_spec_path(doc: Any) -> tuple | None:
    kind = doc.value.get("kind")
    if kind == "Pod":
        return ("spec",)
    if kind in _WORKLOADS:
        return ("spec", "template", "spec")
    return None


def _containers(doc: Any, pod: tuple) -> Iterator[tuple[tuple, dict]]:
    for part in ("containers", "initContainers"):
        items = dig(doc.value, *pod, part)
        if isinstance(items, list):
            yield from (((*pod, part, i), c) for i, c in enumerate(items) if isinstance(c, dict))


def _container_tokens(doc: Any, path: tuple, container: dict, kustomize_vars: dict[str, tuple[str, str]] | None = None,
                      env: list[tuple[str, Any, str]] = ()) -> list[tuple[str, str]]:
    """The command and args as the container runs them: `$(NAME)` replaced by kustomize's `vars` at build time, then
    by the kubelet from the container's environment (its `env` and `envFrom` values known here; Kubernetes'
    "dependent environment variables"), citing where the value is written."""
    known = {}
    for name, value, where in env:
        if value is not None and not isinstance(value, (dict, list)) and name not in known:  # `env` before `envFrom`
            known[name] = (str(value), where)
    items = []
    put: set[str] = set()  # where the values put in by `$(NAME)` are written
    for part in ("command", "args"):
        value = container.get(part)
        if isinstance(value, list):
            for i, v in enumerate(value):
                where = at_line(doc, (*path, part, i))
                if isinstance(v, str) and "$(" in v:
                    for values in (kustomize_vars, known):
                        if values:
                            v, said = substitute(v, values)
                            if said:
                                where = said
                                put.add(said)
                items.append((v, where))
    tokens = list(command_tokens(items))
    # `--num_workers $(WORKERS)`: the count is cited where WORKERS' value is written (last_option cites the option's token)
    for i in range(1, len(tokens)):
        if tokens[i][1] in put and tokens[i - 1][1] not in put:
            tokens[i - 1] = (tokens[i - 1][0], tokens[i][1])
    return tokens


def _container_env(doc: Any, path: tuple, container: dict, sources: dict[tuple[str, str], Any]) -> list[tuple[str, Any, str]]:
    """(name, value or None when not known here, where): `env` first (it wins over `envFrom`, as in
    Kubernetes), then the keys of the ConfigMaps / Secrets of `envFrom` read with it (a Secret's value is
    never read: known to be set, not to what)."""
    out = []
    env = container.get("env")
    for i, item in enumerate(env if isinstance(env, list) else []):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = item.get("value")
            out.append((item["name"], None if "valueFrom" in item else value, at_line(doc, (*path, "env", i))))
    env_from = container.get("envFrom")
    for item in env_from if isinstance(env_from, list) else []:
        if not isinstance(item, dict):
            continue
        prefix = str(item.get("prefix") or "")
        for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            target = item.get(ref)
            source = sources.get((kind, str(target.get("name")))) if isinstance(target, dict) else None
            if source is None:
                continue
            for part in ("data", "stringData") if kind == "Secret" else ("data",):
                data = source.value.get(part)
                for key in data if isinstance(data, dict) else ():
                    value = data[key] if kind == "ConfigMap" else None
                    out.append((prefix + str(key), value, at_line(source, (part, key))))
    return out


def _env_sources(docs: list[Any]) -> dict[tuple[str, str], Any]:
    """{(kind, name): document} of the ConfigMaps and Secrets read with the workloads."""
    return {(d.value["kind"], str((d.value.get("metadata") or {}).get("name"))): d for d in docs
            if d.value.get("kind") in ("ConfigMap", "Secret") and isinstance(d.value.get("metadata"), dict)}


def _helm_hook(doc: Any) -> bool:
    """A Helm hook (`helm.sh/hook`: a chart's test Pod, a migration): run once by `helm install` / `helm test`,
    not a replica of the proxy, though its command may name LiteLLM (`wget litellm:4000/health/readiness`)."""
    annotations = dig(doc.value, "metadata", "annotations")
    return isinstance(annotations, dict) and "helm.sh/hook" in annotations


def _labels(doc: Any, part: str = "labels") -> dict[str, str]:
    """metadata.labels (or metadata.annotations) as strings."""
    labels = dig(doc.value, "metadata", part)
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def _metadata(doc: Any) -> tuple[str, str]:
    meta = doc.value.get("metadata") if isinstance(doc.value.get("metadata"), dict) else {}
    return str(meta.get("name") or "?"), str(meta.get("namespace") or "")


@dataclass(frozen=True)
class _Scaler:
    """An autoscaler: its target, its namespace, the most replicas it allows, and the top kustomization it is
    built by (None: as written)."""

    kind: str
    name: str
    namespace: str
    replicas: Sourced
    root: str | None = None


def _autoscalers(docs: list[Any], roots: list[Layer]) -> list[_Scaler]:
    out: list[_Scaler] = []
    for doc in docs:
        kind = doc.value.get("kind")
        if kind == "HorizontalPodAutoscaler":
            key, what, default_kind = "maxReplicas", "HPA maxReplicas", None
        elif kind == "ScaledObject":  # KEDA: scaleTargetRef.kind defaults to Deployment
            key, what, default_kind = "maxReplicaCount", "KEDA maxReplicaCount", "Deployment"
        else:
            continue
        target = dig(doc.value, "spec", "scaleTargetRef")
        value = whole(dig(doc.value, "spec", key))
        if not isinstance(target, dict) or value is None:
            continue
        name, namespace = _metadata(doc)
        sourced = Sourced(value, at_line(doc, ("spec", key)), what)
        ref = (str(target.get("kind") or default_kind), str(target.get("name")))
        out.append(_Scaler(*ref, namespace, sourced))
        # as each top kustomization builds it: its namespace there, the maximum an overlay's patch sets (its
        # target's name: matched by any name the target had)
        out += [_Scaler(*ref, b.namespace, Sourced(b.replicas.value, b.replicas.where, f"{what}, kustomize patch") if b.replicas else sourced, b.root)
                for b in builds(roots, doc.file, kind, name, namespace, _labels(doc), key, _labels(doc, "annotations"))]
    return out


def _replicas(doc: Any, kind: str, name: str, namespace: str, roots: list[Layer], scalers: list[_Scaler],
              notes: list[str]) -> tuple[Sourced | None, str]:
    """The workload's replicas (an autoscaler's maximum, the worst case; else kustomize's last count; else
    spec.replicas) and its name in the output, as built by the top kustomizations that reach it (the largest)."""
    value = whole(dig(doc.value, "spec", "replicas"))
    written = Sourced(value, at_line(doc, ("spec", "replicas")), "") if value is not None else None
    built = builds(roots, doc.file, kind, name, namespace, _labels(doc), annotations=_labels(doc, "annotations"))
    if not built:
        scaler = next((s for s in scalers if s.root is None and (s.kind, s.name) == (kind, name) and s.namespace in (namespace, "")), None)
        return (scaler.replicas if scaler else written), name
    found = []
    for b in built:
        scaler = next((s for s in scalers if s.root == b.root and s.kind == kind and s.name in b.names
                       and (s.namespace == b.namespace or not s.namespace or not b.namespace)), None)
        found.append((scaler.replicas if scaler else b.replicas or written, b.root))
    best = largest(found, f"{kind} {name}", notes) if len(found) > 1 else 0
    return found[best][0], built[best].names[-1]


def k8s_shape(docs: list[Any], config_name: str, notes: list[str], kustomized: list[Layer] = ()) -> DeployShape:
    """`kustomized`: each top kustomization read (kustomize.Build), with what it builds from: names, namespaces
    and replica counts as kustomize applies them."""
    docs = [d for d in docs if isinstance(d.value, dict) and isinstance(d.value.get("kind"), str)]
    scalers = _autoscalers(docs, list(kustomized))
    sources = _env_sources(docs)
    units: list[Unit] = []
    max_connections = None
    redis = None
    for doc in docs:
        kind = doc.value["kind"]
        if kind in ("Cluster", "postgresql") and str(doc.value.get("apiVersion", "")).startswith(("postgresql.cnpg.io/", "acid.zalan.do/")):
            raw = dig(doc.value, "spec", "postgresql", "parameters", "max_connections")
            number = whole(raw)
            if number:
                max_connections = Sourced(number, at_line(doc, ("spec", "postgresql", "parameters", "max_connections")), f"{kind} {_metadata(doc)[0]}")
            continue
        pod = _pod_spec_path(doc)
        if pod is None or _helm_hook(doc):
            continue
        name, namespace = _metadata(doc)
        said: list[str] = []  # said of a LiteLLM workload only
        replicas, built_name = _replicas(doc, kind, name, namespace, list(kustomized), scalers, said) if kind != "Pod" else (None, name)
        unit = f"{kind} {built_name}"
        for path, container in _containers(doc, pod):
            image = str(container.get("image") or "")
            env = _container_env(doc, path, container, sources)
            tokens = _container_tokens(doc, path, container, vars_for(list(kustomized), doc.file), env)
            if POSTGRES_IMAGE.search(image):
                setting = postgres_setting(tokens, "max_connections")
                number = whole(setting[0]) if setting else None
                if number:
                    max_connections = Sourced(number, setting[1], unit)
                continue
            if REDIS_IMAGE.search(image):
                redis = redis or f"{at_line(doc, path)}, {unit}"
                continue
            mentions = " ".join(str(container.get(k) or "") for k in ("command", "args"))
            if path[-2] != "containers" or not is_litellm(str(container.get("name") or ""), image, config_name, mentions):
                continue
            if kind == "DaemonSet":
                notes.append(f"{at_line(doc, path)}: {unit} runs one LiteLLM per node; the node count is not in the files: not counted")
                continue
            notes += [n for n in said if n not in notes]
            units.append(Unit(unit, doc.file, replicas, worker_count(tokens, env, unit, notes)))
    from .services import routes  # it reads the workloads with this module's helpers

    found, missed = routes(docs, list(kustomized), tuple(units), config_name, sources)
    return DeployShape(tuple(units), max_connections, redis, tuple(dict.fromkeys(d.file for d in docs)), routes=found, misses=missed)
