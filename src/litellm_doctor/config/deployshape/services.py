"""Which LiteLLM pods each Kubernetes Service of the manifests sends requests to, read from the files only.

A Service routes to every pod of its namespace whose labels hold all the pairs of its `spec.selector` (a plain
label map, https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service). The pods'
labels are a workload's `spec.template.metadata.labels` (a Pod's own `metadata.labels`). kustomize changes both
sides alike (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/labels/): `commonLabels` and a
`labels:` entry with `includeSelectors: true` go into the Service's selector and the pod templates, an entry
with `includeTemplates: true` into the templates only, a plain entry into `metadata.labels` only; `namespace:`
moves both; `images:` (newName, newTag, digest) sets the containers' images. A patch of the build that touches a
selector, the template labels, or a container's image / command / env / volumes makes that part unknown here:
nothing is said from it (a false alarm costs more than a miss).

What is kept for each Service that selects LiteLLM pods (a `Route`): each LiteLLM workload's image, the config
file it runs (`--config`, else CONFIG_FILE_PATH; the ConfigMap / Secret / volume mounted there, compared by
content when the ConfigMap is read), and where each environment variable comes from (a value written in the
manifest, compared by value and never shown; a Secret's key, compared by name: its value is never read). The
config checks (checks/fleet.py, LD-CFG-152/153) compare them; this module only reads.

A Service that fronts LiteLLM may also select other pods (a selector `app.kubernetes.io/part-of: llm` that Redis's
pods carry too): those are kept on its Route as `Stray`s when the files say for sure that they do not serve its
numbered targetPort (LD-CFG-154). See `_strays` for what makes it unknown.

A Service none of whose ports reaches the port LiteLLM listens on in the pods it selects (`--port`, else PORT, else 4000)
gets a `Misport` on its Route (LD-CFG-155). See `_listen`, `_beside`, `_misport` and `_reach` for what makes it unknown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .kustomize import Built, builds, patch_touches, vars_for
from ..checks.util import code, unit
from .model import Sourced, Unit
from .values import POSTGRES_IMAGE, REDIS_IMAGE, at_line, dig, is_litellm, last_option, whole

DEFAULT_PORT = 4000  # `litellm --port`'s default (proxy_cli.py, 1.103.0)


@dataclass(frozen=True)
class Source:
    """Where a LiteLLM container gets a setting: `shown` for the message, `key` to compare two of them."""

    shown: str
    key: tuple


@dataclass(frozen=True)
class Pods:
    """A LiteLLM workload as a Service sees it. None: not known here (a patch changes it, or nothing says it)."""

    unit: str  # "Deployment litellm", its name as built
    where: str  # file:line of its pod labels
    replicas: Sourced | None
    image: Source | None
    config: Source | None
    env: tuple[tuple[str, Source], ...] = ()  # every variable whose source is known
    env_open: bool = False  # an envFrom (or a patch) that may set any other variable: absence proves nothing
    canary: bool = False  # its name or a pod label says canary: a difference there is meant
    counted: bool = True  # `replicas` is the count (None: one); False: this build of it is not the one counted


@dataclass(frozen=True)
class Stray:
    """The pods of a workload that is not LiteLLM, selected by a Service that fronts LiteLLM, that do not serve the
    port it sends them requests on."""

    unit: str  # "StatefulSet redis", its name as built
    where: str  # file:line of its pod labels
    replicas: Sourced | None  # None: not a fixed count (an autoscaler's, a DaemonSet's, or not written as a number)
    listens: tuple[str, ...]  # "6379 (k8s/redis.yaml:24)": each port its containers serve, with where it is said
    per_node: bool = False  # a DaemonSet: one pod per node it runs on, a count the files do not give


@dataclass(frozen=True)
class Unreached:
    """A port of a Service in front of LiteLLM pods that reaches nothing in them (LD-CFG-155)."""

    where: str  # file:line of its targetPort (of its `port` when targetPort is absent)
    target: str  # "4000", "`http` (containerPort 8080, k8s/deployment.yaml:24)", or "`web`" (a name no container declares)
    port: int | None  # the pods' port it sends requests to (a named one resolved); None: the name resolves to none
    service_port: int  # its own `port`, which clients use


@dataclass(frozen=True)
class Misport:
    """A Service in front of LiteLLM pods none of whose ports reaches the port LiteLLM listens on (LD-CFG-155)."""

    where: str  # the first unreached port's
    ports: tuple[Unreached, ...]  # its ports that reach nothing in the pods (any other reaches a sidecar)
    every: bool  # all the Service's ports are among them
    units: str  # "Deployment litellm"
    listen: int  # the port LiteLLM listens on in those pods
    listen_where: str  # "`--port 8000` at k8s/deployment.yaml:20", "PORT=8000 at …", "LiteLLM's default 4000: …"
    fix: str  # the one value to set, and where


@dataclass(frozen=True)
class Route:
    """A Service and the LiteLLM workloads whose pods it selects."""

    service: str  # "Service litellm", as built
    namespace: str
    where: str  # file:line of its selector
    headless: bool  # clusterIP: None: its DNS name resolves to every ready pod (--fleet NAME:PORT)
    port: int | None  # the Service port that reaches LiteLLM
    target: int | None  # the LiteLLM container port it targets
    pods: tuple[Pods, ...]
    selector: str = ""  # "app.kubernetes.io/part-of: llm", as built
    # Pods of other workloads it also sends requests to on `stray_port` (its numbered targetPort), which they do not
    # serve (LD-CFG-154); `only_litellm`: a label pair every LiteLLM pod behind it carries and none of those
    # ("`key: value`", file:line of the LiteLLM pods' labels), None when there is none.
    strays: tuple[Stray, ...] = ()
    stray_port: int | None = None
    only_litellm: tuple[str, str] | None = None
    misport: Misport | None = None  # none of its ports reaches the port LiteLLM listens on (LD-CFG-155)

    def address(self) -> str:
        """Its DNS name and port (`dns_name`); a headless Service's name resolves to the pods' own addresses, so a
        client connects to the container's port there."""
        port = self.target if self.headless else self.port
        return dns_name(self.service.split(" ", 1)[1], self.namespace, port or DEFAULT_PORT)


def dns_name(name: str, namespace: str, port: int) -> str:
    """NAME.NAMESPACE.svc.cluster.local:PORT; with no namespace in the files, NAME:PORT, which resolves from a pod in the
    Service's own namespace (the resolver's search path), whichever it is."""
    return f"{name}.{namespace}.svc.cluster.local:{port}" if namespace else f"{name}:{port}"


@dataclass(frozen=True)
class Miss:
    """A Service that evidently fronts LiteLLM (its target port is a LiteLLM container's) but selects no pod."""

    service: str
    namespace: str
    where: str  # file:line of its selector
    selector: str  # "app: litelm"
    why: str  # "its targetPort 4000 is the port of Deployment litellm's LiteLLM container (k8s/deployment.yaml:20)"
    nearest: str  # what the nearest LiteLLM pods carry instead, with where


@dataclass(frozen=True)
class _Instance:
    """A document as one top kustomization builds it (or as written: root None)."""

    doc: Any
    root: str | None
    kind: str
    name: str
    namespace: str
    built: Built | None


def _instances(doc: Any, roots: list, kind: str, name: str, namespace: str, labels: dict, annotations: dict) -> list[_Instance]:
    built = builds(roots, doc.file, kind, name, namespace, labels, annotations=annotations)
    if not built:
        return [_Instance(doc, None, kind, name, namespace, None)]
    return [_Instance(doc, b.root, kind, b.names[-1], b.namespace, b) for b in built]


def _map(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): str(v) for k, v in value.items()}


def _fingerprint(value: Any) -> str:
    return hashlib.sha256(str(value).encode()).hexdigest()[:16]


def _image(instance: _Instance, image: str, where: str) -> tuple[str, str]:
    """kustomize's `images:` transformer over the image as written: an entry whose name is the image's name."""
    for entry, at in instance.built.images if instance.built else ():
        name, rest = _split_image(image)
        if entry.get("name") != name:
            continue
        name = str(entry.get("newName") or name)
        if entry.get("digest"):
            rest = "@" + str(entry["digest"])
        elif entry.get("newTag") is not None:
            rest = ":" + str(entry["newTag"])
        image, where = name + rest, at
    return image, where


def _split_image(image: str) -> tuple[str, str]:
    """("ghcr.io/berriai/litellm", ":main-v1.103.0") (or "@sha256:…", or "")."""
    if "@" in image:
        name, _, digest = image.partition("@")
        return name, "@" + digest
    slash = image.rfind("/")
    colon = image.rfind(":")
    if colon > slash:
        return image[:colon], image[colon:]
    return image, ""


def _same_host(value: Any, namespace: str) -> str:
    """A value as compared: a Service's name written short or long (`redis`, `redis.llm`, `redis.llm.svc.cluster.local`,
    from namespace llm) is the same host."""
    text = str(value)
    text = re.sub(r"\.svc(?:\.cluster\.local)?\.?(?=[:/]|$)", "", text)
    if namespace:
        text = re.sub(rf"\.{re.escape(namespace)}(?=[:/]|$)", "", text)
    return text


def _env(doc: Any, path: tuple, container: dict, sources: dict, namespace: str = "") -> tuple[dict[str, Source], bool]:
    """{name: where its value comes from}, and whether an envFrom not read here may set others."""
    out: dict[str, Source] = {}
    open_ = False
    env_from = container.get("envFrom")
    for i, item in enumerate(env_from if isinstance(env_from, list) else []):
        if not isinstance(item, dict):
            continue
        prefix = str(item.get("prefix") or "")
        for kind, ref in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            target = item.get(ref)
            if not isinstance(target, dict):
                continue
            name = str(target.get("name"))
            source = sources.get((kind, name))
            if source is None:
                open_ = True  # its keys are not known here: any variable may come from it
                continue
            for part in ("data", "stringData") if kind == "Secret" else ("data",):
                data = source.value.get(part)
                for key in data if isinstance(data, dict) else ():
                    where = at_line(source, (part, key))
                    if kind == "Secret":
                        out[prefix + str(key)] = Source(f"Secret {name} key {key} ({where})", ("Secret", name, str(key)))
                    else:
                        out[prefix + str(key)] = Source(f"ConfigMap {name} key {key} ({where})", ("value", _fingerprint(_same_host(data[key], namespace))))
    env = container.get("env")
    for i, item in enumerate(env if isinstance(env, list) else []):  # `env` wins over `envFrom`
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        where = at_line(doc, (*path, "env", i))
        ref = item.get("valueFrom")
        if isinstance(ref, dict):
            secret, config_map = ref.get("secretKeyRef"), ref.get("configMapKeyRef")
            if isinstance(secret, dict):
                out[item["name"]] = Source(f"Secret {secret.get('name')} key {secret.get('key')} ({where})",
                                           ("Secret", str(secret.get("name")), str(secret.get("key"))))
            elif isinstance(config_map, dict):
                read = sources.get(("ConfigMap", str(config_map.get("name"))))
                data = read.value.get("data") if read is not None else None
                key, name = str(config_map.get("key")), str(config_map.get("name"))
                known = isinstance(data, dict) and key in data  # the ConfigMap is read: compared by value
                out[item["name"]] = Source(f"ConfigMap {name} key {key} ({where})",
                                           ("value", _fingerprint(_same_host(data[key], namespace))) if known else ("ConfigMap", name, key))
            else:
                out[item["name"]] = Source(f"valueFrom ({where})", ("valueFrom", repr(sorted(map(str, ref)))))
        else:
            out[item["name"]] = Source(f"a value written at {where}", ("value", _fingerprint(_same_host(item.get("value"), namespace))))
    return out, open_


def _config(doc: Any, pod: tuple, path: tuple, container: dict, tokens: list[tuple[str, str]], env: dict[str, Source],
            raw_env: dict[str, Any], sources: dict) -> Source | None:
    """The config file the container runs and the volume it is read from (None: not known here)."""
    # CONFIG_FILE_PATH wins over --config (proxy_server.py:1181 reads it first; --config reaches the workers as
    # WORKER_CONFIG), both in LiteLLM 1.103.0.
    option = last_option(tokens, ("--config", "-c"))
    if "CONFIG_FILE_PATH" in env:
        if not isinstance(raw_env.get("CONFIG_FILE_PATH"), str):
            return None  # from a Secret or a ConfigMap: not followed
        file = raw_env["CONFIG_FILE_PATH"]
    elif option is not None:
        file = option[0]
    else:
        return None
    mounts = container.get("volumeMounts")
    best = None
    for i, mount in enumerate(mounts if isinstance(mounts, list) else []):
        at = str(mount.get("mountPath") or "") if isinstance(mount, dict) else ""
        if at and (file == at or file.startswith(at.rstrip("/") + "/")) and (best is None or len(at) > len(best[1])):
            best = (i, at, mount)
    if best is None:
        return None  # in the image, or nothing mounted: not compared
    i, at, mount = best
    volumes = dig(doc.value, *pod, "volumes")
    index = next((j for j, v in enumerate(volumes) if isinstance(v, dict) and v.get("name") == mount.get("name")), None) if isinstance(volumes, list) else None
    if index is None:
        return None
    volume = volumes[index]
    key = str(mount.get("subPath") or file[len(at.rstrip("/")) + 1:] or file.rsplit("/", 1)[-1])
    for kind, part, name_key in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
        ref = volume.get(part)
        if not isinstance(ref, dict):
            continue
        name = str(ref.get(name_key))
        items = ref.get("items")
        for item in items if isinstance(items, list) else []:  # items: key -> path inside the volume
            if isinstance(item, dict) and str(item.get("path")) == key:
                key = str(item.get("key"))
        shown = f"{kind} {name} key {key} ({at_line(doc, (*pod, 'volumes', index, part, name_key))})"
        read = sources.get((kind, name)) if kind == "ConfigMap" else None
        data = read.value.get("data") if read is not None else None
        if isinstance(data, dict) and key in data:
            return Source(shown, ("content", _fingerprint(data[key])))
        return Source(shown, (kind, name, key))
    claim = volume.get("persistentVolumeClaim")
    if isinstance(claim, dict):
        where = at_line(doc, (*pod, "volumes", index, "persistentVolumeClaim", "claimName"))
        return Source(f"PersistentVolumeClaim {claim.get('claimName')} path {key} ({where})", ("PersistentVolumeClaim", str(claim.get("claimName")), key))
    return None  # emptyDir, hostPath, a CSI volume: what is in it is not in the files


def _ports(container: dict, tokens: list[tuple[str, str]], raw_env: dict[str, Any]) -> tuple[tuple[int, str | None], ...]:
    """The LiteLLM container's ports (number, name): its `ports`, else `--port`, else PORT, else 4000."""
    out = []
    ports = container.get("ports")
    for port in ports if isinstance(ports, list) else []:
        if isinstance(port, dict) and whole(port.get("containerPort")) is not None:
            out.append((whole(port["containerPort"]), port["name"] if isinstance(port.get("name"), str) else None))
    if not out:
        option = last_option(tokens, ("--port",))
        number = whole(option[0]) if option else whole(raw_env.get("PORT"))
        out.append((number if number is not None else DEFAULT_PORT, None))
    return tuple(out)


# LiteLLM's own images (ghcr.io/berriai/litellm, -database, -non_root; docker.litellm.ai/berriai/litellm): run with
# neither command nor args, they start the proxy with their CMD, `--port 4000` in the repository's Dockerfile (not in
# the wheel, so not checked here). With no PORT, or PORT=4000, that is 4000 whatever the CMD says of the port, unless it
# names another one; with another PORT, which wins depends on the CMD (a click option given on the command line wins
# over its envvar): not said. Another image's CMD is not known here at all.
_LITELLM_IMAGE = re.compile(r"(^|/)berriai/litellm(-database|-non_root)?([:@]|$)", re.I)
_OTHER_SERVER = re.compile(r"(^|/)(uvicorn|gunicorn|hypercorn|granian)$|^--bind$|^-b$")
_PROXY_IMAGE = re.compile(r"nginx|envoy|haproxy|traefik|caddy|oauth2-proxy|proxy|istio|linkerd|kong|apisix|pomerium", re.I)


def _listen(doc: Any, path: tuple, container: dict, tokens: list[tuple[str, str]], image: str, env_open: bool) -> tuple[int, str] | None:
    """The port LiteLLM listens on in this container and where it is set, or None when the files do not say it for sure.

    LiteLLM 1.103.0 takes it from `--port`, else the PORT variable, else 4000:
    `@click.option("--port", default=4000, help="Port to bind the server to.", envvar="PORT")`
    (litellm/proxy/proxy_cli.py:674); a value on the command line wins over the variable (click). proxy_cli.py:1406-1407
    moves only the default 4000, and only when something else in the pod already listens on it (then `_Beside` has it).
    Not known here: a `--port` whose value is not a number after `$(VAR)` substitution (an unresolved `$(VAR)`, a shell
    `$PORT`), a PORT from envFrom or valueFrom (a ConfigMap or Secret: not followed), an envFrom not read (it may set
    PORT), a command that does not run `litellm` (a script, uvicorn / gunicorn on LiteLLM's app), or neither command nor
    args on an image that is not LiteLLM's own (its CMD is not in the files)."""
    if any(_OTHER_SERVER.search(token) for token, _ in tokens):
        return None
    command, args = container.get("command"), container.get("args")
    if command and not any(token.rsplit("/", 1)[-1] == "litellm" or "proxy_cli" in token for token, _ in tokens):
        return None
    option = last_option(tokens, ("--port",))
    if option is not None:
        number = whole(option[0])
        return (number, f"{code('--port ', number)} at {option[1]}") if number is not None else None
    env = container.get("env") if isinstance(container.get("env"), list) else []
    port = [(i, e) for i, e in enumerate(env) if isinstance(e, dict) and e.get("name") == "PORT"]
    if not command and not args:
        if not _LITELLM_IMAGE.search(image) or (port and whole(port[-1][1].get("value")) != DEFAULT_PORT):
            return None  # the image's CMD (`--port 4000` in LiteLLM's) is not known, or PORT says otherwise: which wins is
        return DEFAULT_PORT, f"LiteLLM's default 4000: image {image} run with no command or args"
    if port:
        i, item = port[-1]  # the last of a name wins
        number = whole(item.get("value")) if "valueFrom" not in item else None
        return (number, f"PORT={number} at {at_line(doc, (*path, 'env', i))}") if number is not None else None
    if env_open or container.get("envFrom"):
        return None  # an envFrom may set PORT
    return DEFAULT_PORT, "LiteLLM's default 4000: no `--port`, no PORT"


def _beside(doc: Any, pod: tuple, litellm_path: tuple, container: dict, tokens: list[tuple[str, str]],
            env_names: set[str], raw_env: dict[str, Any], env_open: bool) -> _Beside:
    """The ports the pod's other containers (and sidecar init containers, `restartPolicy: Always`) may serve, and
    LiteLLM's own second one: its Prometheus metrics process listens on `--prometheus_metrics_port`, else
    PROMETHEUS_METRICS_PORT (proxy_cli.py, 1.103.0). Written in the manifest, its number is among `mentions`; from an
    envFrom or a valueFrom not read, or an unresolved `$(VAR)`, it may be any port (`open`). So may anything in a pod on
    the node's network (`hostNetwork`: its address is the node's), and a port name LiteLLM's own `ports` may hold when
    one of them is not a plain number (then which names it declares is not known)."""
    from .kubernetes import _containers

    numbers: set[int] = set()
    names: set[str] = set()
    env = container.get("env")
    mentions = [" ".join(t for t, _ in tokens), *(str(e.get("value")) for e in (env if isinstance(env, list) else []) if isinstance(e, dict) and "value" in e)]
    metrics = last_option(tokens, ("--prometheus_metrics_port",))
    open_ = whole(metrics[0]) is None if metrics else (
        env_open or "PROMETHEUS_METRICS_PORT" in env_names and whole(raw_env.get("PROMETHEUS_METRICS_PORT")) is None)
    own = container.get("ports", [])
    open_ = open_ or dig(doc.value, *pod, "hostNetwork") not in (None, False) or not isinstance(own, list) \
        or any(not isinstance(p, dict) or whole(p.get("containerPort")) is None for p in own)
    for path, other in _containers(doc, pod):
        if path == litellm_path or (path[-2] != "containers" and other.get("restartPolicy") != "Always"):
            continue
        declared = other.get("ports")
        if not isinstance(declared, list) or not declared or _PROXY_IMAGE.search(str(other.get("image") or "")):
            open_ = True
        for port in declared if isinstance(declared, list) else []:
            if not isinstance(port, dict) or whole(port.get("containerPort")) is None:
                open_ = True
                continue
            numbers.add(whole(port["containerPort"]))
            if isinstance(port.get("name"), str):
                names.add(port["name"])
        other_env = other.get("env")
        mentions += [" ".join(str(other.get(k) or "") for k in ("command", "args")),
                     *(str(e.get("value")) for e in (other_env if isinstance(other_env, list) else []) if isinstance(e, dict) and "value" in e)]
    return _Beside(frozenset(numbers), frozenset(names), " ".join(mentions), open_)


@dataclass(frozen=True)
class _PodSet:
    instance: _Instance
    labels: dict[str, str] | None  # None: a patch changes them
    where: str
    litellm: Pods | None
    ports: tuple[tuple[int, str | None], ...] = ()  # the LiteLLM container's (number, name)
    other: _Other | None = None  # not LiteLLM: what a Service sending it LiteLLM's requests needs to know; None: unknown
    # LD-CFG-155: the port LiteLLM listens on, with where it is set (None: not known here, see `_listen`); the LiteLLM
    # container's declared ports (number, name, where); the other containers of the pod (None: not known here).
    listen: tuple[int, str] | None = None
    declared: tuple[tuple[int, str | None, str], ...] = ()
    beside: _Beside | None = None


@dataclass(frozen=True)
class _Beside:
    """What the other containers of a LiteLLM pod may serve (LD-CFG-155): a port one of them serves is not a fault."""

    numbers: frozenset[int]  # their declared containerPorts
    names: frozenset[str]  # their declared port names
    mentions: str  # their command, args and env values, and the LiteLLM container's own (PROMETHEUS_METRICS_PORT, …)
    open: bool  # one declares no port, or is a proxy (nginx, Envoy, …): it may listen on any port

    def serves(self, number: int | None, name: str | None = None) -> bool:
        return (self.open or number in self.numbers or (name is not None and name in self.names)
                or (number is not None and re.search(rf"(?<![\d.]){number}(?!\d)", self.mentions) is not None))


@dataclass(frozen=True)
class _Other:
    """A workload with no LiteLLM container, as far as the files say for sure (see `_other`)."""

    unit: str
    replicas: Sourced | None  # None: not a fixed count
    ports: tuple[tuple[int, str], ...]  # (number, where) of every port its containers serve
    mentions: str  # its containers' command, args and env values: a port number written there may be served too
    per_node: bool = False  # a DaemonSet


def _pod_sets(docs: list[Any], roots: list, units: tuple[Unit, ...], config_name: str, sources: dict,
              scalers: list = ()) -> Iterator[_PodSet]:
    from .kubernetes import _container_tokens, _containers, _helm_hook, _labels, _metadata, _pod_spec_path

    for doc in docs:
        pod = _pod_spec_path(doc)
        if pod is None:
            continue
        kind = doc.value["kind"]
        name, namespace = _metadata(doc)
        label_path = ("metadata", "labels") if kind == "Pod" else ("spec", "template", "metadata", "labels")
        for instance in _instances(doc, roots, kind, name, namespace, _labels(doc), _labels(doc, "annotations")):
            patches = instance.built.patches if instance.built else ()
            if kind == "Pod":
                labels = dict(instance.built.labels) if instance.built else _labels(doc)
            else:
                labels = {**(_map(dig(doc.value, *label_path)) or {}), **dict(instance.built.template_added if instance.built else ())}
            known = None if patch_touches(patches, label_path) else labels
            where = at_line(doc, label_path)
            litellm, ports, listen, declared, beside = None, (), None, (), None
            for path, container in _containers(doc, pod):
                image = str(container.get("image") or "")
                mentions = " ".join(str(container.get(k) or "") for k in ("command", "args"))
                if path[-2] != "containers" or _helm_hook(doc) or kind == "DaemonSet" or not is_litellm(
                        str(container.get("name") or ""), image, config_name, mentions):
                    continue
                env, env_open = _env(doc, path, container, sources, instance.namespace)
                written = container.get("env") if isinstance(container.get("env"), list) else []
                raw_env = {str(e.get("name")): e.get("value") for e in written if isinstance(e, dict) and "valueFrom" not in e}
                tokens = _container_tokens(doc, path, container, vars_for(roots, doc.file),
                                           [(k, v, "") for k, v in raw_env.items()])
                containers = (*pod, "containers")
                image_known = not patch_touches(patches, containers, frozenset({"image"}))
                shown_image, image_at = _image(instance, image, at_line(doc, (*path, "image")))
                config_known = not (patch_touches(patches, containers, frozenset({"command", "args", "volumeMounts", "env", "envFrom"}))
                                    or patch_touches(patches, (*pod, "volumes")))
                env_known = not patch_touches(patches, containers, frozenset({"env", "envFrom"}))
                unit_name = f"{kind} {instance.name}"
                unit = next((u for u in units if u.name == unit_name and u.file == doc.file), None)
                litellm = Pods(
                    unit_name, where, unit.replicas if unit else None,
                    Source(f"{shown_image} ({image_at})", ("image", shown_image)) if image and image_known else None,
                    _config(doc, pod, path, container, tokens, env, raw_env, sources) if config_known else None,
                    tuple(env.items()) if env_known else (), env_open or not env_known,
                    "canary" in instance.name.lower() or any("canary" in v.lower() for v in (known or {}).values()), unit is not None)
                ports = _ports(container, tokens, raw_env)
                # LD-CFG-155: a patch of the build that touches what sets the port, or the pod's ports: not known here.
                if not patch_touches(patches, containers, frozenset({"command", "args", "env", "envFrom", "ports", "image"})) \
                        and not patch_touches(patches, (*pod, "initContainers")):
                    listen = _listen(doc, path, container, tokens, shown_image, env_open)
                    written_ports = container.get("ports")
                    declared = tuple((whole(p.get("containerPort")), p.get("name") if isinstance(p.get("name"), str) else None,
                                      at_line(doc, (*path, "ports", i, "containerPort")))
                                     for i, p in enumerate(written_ports if isinstance(written_ports, list) else [])
                                     if isinstance(p, dict) and whole(p.get("containerPort")) is not None)
                    beside = _beside(doc, pod, path, container, tokens, set(env), raw_env, env_open)
                break
            other = _other(doc, instance, pod, patches, scalers, config_name) if litellm is None else None
            yield _PodSet(instance, known, where, litellm, ports, other, listen, declared, beside)


_SERVING = frozenset({"Deployment", "StatefulSet", "ReplicaSet", "Rollout", "Pod", "DaemonSet"})
_DEFAULT_PORTS = ((REDIS_IMAGE, 6379), (POSTGRES_IMAGE, 5432))  # what these images listen on when no port is declared


def _other(doc: Any, instance: _Instance, pod: tuple, patches: tuple, scalers: list, config_name: str) -> _Other | None:
    """A workload with no LiteLLM container, when everything LD-CFG-154 needs of it is known here; else None: its
    images (kustomize's `images:` applied; a patch of one, or none written, makes them unknown), the ports its
    containers serve (their `ports`; a Redis or Postgres image with none declared: its default port; any other
    container with none declared may serve any port: unknown), its replicas (a DaemonSet's: one pod per node, a count
    not in the files). A Helm hook (a run-once Pod), a pod on the node's network (`hostNetwork`: its address is the
    node's, where anything on the node may serve the port), or a container that is a LiteLLM after all (a DaemonSet's or
    a hook's, not counted as a replica) is not one."""
    from .kubernetes import _containers, _helm_hook

    kind = doc.value["kind"]
    if kind not in _SERVING or _helm_hook(doc) or dig(doc.value, *pod, "hostNetwork") not in (None, False):
        return None
    containers = (*pod, "containers")
    if patch_touches(patches, containers, frozenset({"image", "ports", "command", "args", "env"})):
        return None
    ports: list[tuple[int, str]] = []
    mentions: list[str] = []
    if not any(path[-2] == "containers" for path, _ in _containers(doc, pod)):
        return None
    for path, container in _containers(doc, pod):
        written = str(container.get("image") or "")
        image, image_at = _image(instance, written, at_line(doc, (*path, "image")))
        said = " ".join(str(container.get(k) or "") for k in ("command", "args"))
        if not written or is_litellm(str(container.get("name") or ""), image, config_name, said):
            return None
        if path[-2] != "containers" and container.get("restartPolicy") != "Always":
            continue  # an init container has run to completion; one with `restartPolicy: Always` is a sidecar: it serves
        env = container.get("env")
        mentions += [said, *(str(e.get("value")) for e in (env if isinstance(env, list) else []) if isinstance(e, dict) and "value" in e)]
        declared = container.get("ports")
        if declared is not None and not isinstance(declared, list):
            return None
        before = len(ports)
        for i, port in enumerate(declared or []):
            number = whole(port.get("containerPort")) if isinstance(port, dict) else None
            if number is None:
                return None
            ports.append((number, at_line(doc, (*path, "ports", i, "containerPort"))))
        if len(ports) == before:
            default = next((n for pattern, n in _DEFAULT_PORTS if pattern.search(image)), None)
            if default is None:
                return None
            ports.append((default, f"{image}'s default, {image_at}"))
    if kind == "Pod":
        replicas: Sourced | None = Sourced(1, at_line(doc, ("metadata",)), "")
    elif kind == "DaemonSet":
        return _Other(f"{kind} {instance.name}", None, tuple(ports), " ".join(mentions), per_node=True)
    else:
        names = {str(dig(doc.value, "metadata", "name")), instance.name, *(instance.built.names if instance.built else ())}
        written_count = dig(doc.value, "spec", "replicas")
        count = whole(written_count) if written_count is not None else 1
        replicas = (instance.built.replicas if instance.built and instance.built.replicas else
                    Sourced(count, at_line(doc, ("spec", "replicas")), "") if count is not None else None)
        if any(s.kind == kind and s.name in names for s in scalers):
            replicas = None  # an autoscaler's count varies
    return _Other(f"{kind} {instance.name}", replicas, tuple(ports), " ".join(mentions))


def _together(a: _Instance, b: _Instance) -> bool:
    """Built by the same top kustomization (or as written) and in the same namespace (unset: whichever applies it)."""
    return (a.root is None or b.root is None or a.root == b.root) and (not a.namespace or not b.namespace or a.namespace == b.namespace)


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return a != b and SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.8


def routes(docs: list[Any], roots: list, units: tuple[Unit, ...], config_name: str, sources: dict) -> tuple[tuple[Route, ...], tuple[Miss, ...]]:
    """Each Service of the manifests matched to the pods it selects: the Services that reach LiteLLM workloads, and
    those that evidently front LiteLLM but select no pod at all."""
    from .kubernetes import _labels, _metadata

    from .kubernetes import _autoscalers

    pod_sets = list(_pod_sets(docs, roots, units, config_name, sources, _autoscalers(docs, roots)))
    found: list[Route] = []
    missed: list[Miss] = []
    for doc in docs:
        if doc.value.get("kind") != "Service" or dig(doc.value, "spec", "type") == "ExternalName":
            continue
        selector = _map(dig(doc.value, "spec", "selector"))
        if not selector:
            continue  # no selector: its endpoints are managed by hand, not matched to pods
        name, namespace = _metadata(doc)
        ports = dig(doc.value, "spec", "ports")
        ports = [p for p in ports if isinstance(p, dict)] if isinstance(ports, list) else []
        for service in _instances(doc, roots, "Service", name, namespace, _labels(doc), _labels(doc, "annotations")):
            patches = service.built.patches if service.built else ()
            if patch_touches(patches, ("spec", "selector")):
                continue
            wanted = {**selector, **dict(service.built.selector_added if service.built else ())}
            where = at_line(doc, ("spec", "selector"))
            near = [p for p in pod_sets if _together(service, p.instance)]
            selected = [p for p in near if p.labels is not None and all(p.labels.get(k) == v for k, v in wanted.items())]
            litellm = [p for p in selected if p.litellm is not None]
            if litellm:
                # What is said of the pods behind it needs them in its own namespace and build for sure: a namespace left
                # to `kubectl apply -n` may be another one (selected above, so no miss; judged below, only when written alike).
                litellm = [p for p in litellm if (p.instance.root, p.instance.namespace) == (service.root, service.namespace)]
                if not litellm:
                    continue
                port = next((p for p in ports if _targets(p, litellm)), None)
                stray_port, strays, only = _strays(service, ports, litellm, selected, near)
                headless = dig(doc.value, "spec", "clusterIP") == "None"
                misport = None if headless or patch_touches(patches, ("spec", "ports")) or len(selected) != len(litellm) \
                    or any(p.labels is None for p in near) \
                    else _misport(doc, ports, litellm)
                found.append(Route(f"Service {service.name}", service.namespace, where, headless,
                                   whole(port.get("port")) if port else None, _target(port, litellm) if port else None,
                                   tuple(dict.fromkeys(p.litellm for p in litellm if p.litellm)),
                                   ", ".join(f"{k}: {v}" for k, v in wanted.items()), strays, stray_port, only, misport))
                continue
            if selected or any(p.labels is None for p in near):
                continue  # it selects other pods (not LiteLLM), or some pods' labels are not known here
            miss = _miss(service, wanted, where, ports, [p for p in near if p.litellm is not None],
                         [p for p in pod_sets if p.litellm is not None and not _together(service, p.instance)])
            if miss is not None:
                missed.append(miss)
    return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(missed))


def _strays(service: _Instance, ports: list[dict], litellm: list[_PodSet], selected: list[_PodSet],
            near: list[_PodSet]) -> tuple[int | None, tuple[Stray, ...], tuple[str, str] | None]:
    """The pods of other workloads a Service that fronts LiteLLM also sends requests to, on a port they do not serve
    (LD-CFG-154): (that port, them, a label pair only the LiteLLM pods carry and where). Nothing (None, (), None) unless all of it is
    known for sure:
    - the port: a Service port whose targetPort is a LiteLLM container's, written as a number. A named targetPort
      (`http`) is looked up in each pod (Kubernetes' FindPort): a pod with no container port of that name is left out of
      that port's endpoints, so it is sent no request there. A Service whose ports target none of LiteLLM's (one in
      front of Redis that happens to select LiteLLM's pods too) fronts something else: not ours to report.
    - every pod the Service may select: the labels of every pod beside it known (a patch that touches them may add or
      remove the shared label), each selected one in its own written namespace and build (one left to `kubectl -n`
      may be elsewhere), and each selected workload that is not LiteLLM known by `_other` (images, ports, kind).
    - none of them serves that port: a container port of that number, or the number written in a command, args or
      env value, means it may be served there on purpose (a sidecar proxy or a gateway in front of LiteLLM on the
      same port): nothing is said."""
    numbers = {n for p in ports if (n := whole(p.get("targetPort", p.get("port")))) is not None and _targets(p, litellm)}
    if not numbers or any(p.labels is None for p in near):
        return None, (), None
    number = min(numbers)
    strays: list[Stray] = []
    for pods in selected:
        if pods.litellm is not None:
            if pods not in litellm:
                return None, (), None  # LiteLLM pods whose namespace is left to kubectl: the share is not known
            continue
        other = pods.other
        if other is None or (pods.instance.root, pods.instance.namespace) != (service.root, service.namespace):
            return None, (), None
        if other.replicas is not None and other.replicas.value == 0:
            continue  # no pod
        if any(n in numbers for n, _ in other.ports) or any(re.search(rf"(?<![\d.]){n}(?!\d)", other.mentions) for n in numbers):
            return None, (), None
        listens = tuple(f"{n} ({at})" for n, at in dict.fromkeys(other.ports))
        strays.append(Stray(other.unit, pods.where, other.replicas, listens, other.per_node))
    if not strays:
        return None, (), None
    theirs = [p.labels or {} for p in selected if p.litellm is None]
    shared = [(k, v) for k, v in (litellm[0].labels or {}).items()
              if all((p.labels or {}).get(k) == v for p in litellm) and all(t.get(k) != v for t in theirs)]
    only = (f"{code(shared[0][0], ': ', shared[0][1])}", litellm[0].where) if shared else None
    return number, tuple(dict.fromkeys(strays)), only


def _misport(doc: Any, ports: list[dict], litellm: list[_PodSet]) -> Misport | None:
    """A Service none of whose ports reaches the port LiteLLM listens on in the pods it selects (LD-CFG-155), when the
    files say it for sure: it selects only LiteLLM pods (one that also selects other pods may front those: LD-CFG-154's
    concern), each of them listens on the same known port (`_listen`), and each Service port reaches the same in every
    pod (`_reach`). One port reaching LiteLLM makes the Service right: its others may be meant for something else. A
    port reaching another container of the pod (`_Beside`: an Envoy or nginx sidecar in front of LiteLLM, a metrics
    exporter, LiteLLM's own metrics port) is no fault: the finding names the ports that reach nothing."""
    if not ports or not litellm:
        return None
    listens = {p.listen for p in litellm}
    if len(listens) != 1 or None in listens or any(p.beside is None for p in litellm):
        return None
    ((listen, listen_where),) = listens
    unreached, fixes = [], []
    for port in ports:
        reached = {_reach(port, p, listen) for p in litellm}
        if len(reached) != 1 or None in reached or "litellm" in reached:
            return None
        (reach,) = reached
        if reach == "beside":
            continue
        if whole(port.get("port")) is None:
            return None  # not a Service Kubernetes would take
        shown, number, at = reach
        index = next(i for i, p in enumerate(doc.value["spec"]["ports"]) if p is port)
        key = "targetPort" if "targetPort" in port else "port"
        where = at_line(doc, ("spec", "ports", index, key))
        unreached.append(Unreached(where, shown, number, whole(port["port"])))
        written = port[key]
        if at is not None:  # a name LiteLLM's container gives another number
            fixes.append(f"{code('containerPort: ', listen)} ({at}) for the port named {code(written)}")
        elif number is None:  # a name no container declares
            fixes.append(f"{code('targetPort: ', listen)} ({where}), or the name {code(written)} on the LiteLLM container's port {listen}")
        else:  # no targetPort: it defaults to `port`, which clients use: a targetPort is added rather than the port moved
            fixes.append(f"{code('targetPort: ', listen)} ({where})" if key == "targetPort" else f"{code('targetPort: ', listen)} beside {code('port: ', number)} ({where})")
    if not unreached:
        return None  # every port reaches another container: the Service fronts that (an exporter), not LiteLLM
    units = " and ".join(dict.fromkeys(unit(p.litellm.unit) for p in litellm if p.litellm))  # (prose: `Misport.units`)
    fix = fixes[0] if len(fixes) == 1 else f"{code('targetPort: ', listen)} on the one meant for LiteLLM ({' or '.join(u.where for u in unreached)})"
    return Misport(unreached[0].where, tuple(unreached), len(unreached) == len(ports), units, listen, listen_where, fix)


def _reach(port: dict, pods: _PodSet, listen: int) -> str | tuple[str, int | None, str | None] | None:
    """What a Service port reaches in a LiteLLM pod: "litellm" (the port it listens on), "beside" (another container's),
    (shown, the pods' port, where a named one is declared) when nothing serves it there, None when not known here.
    - A numbered targetPort (else `port`) must equal the listen port. A containerPort of the LiteLLM container with that
      number does not make it right: containerPort is informational (Kubernetes neither opens nor checks it; the
      process binds what `--port` / PORT say), so it is not a fault alone either: only what the Service targets is.
    - A named targetPort is resolved to the containerPort of that name (Kubernetes' FindPort): on the LiteLLM container
      its number must be the listen port; on another container it reaches that one; on none, Kubernetes leaves the pod
      out of that port's endpoints, so it reaches nothing."""
    written = port.get("targetPort", port.get("port"))
    number = whole(written)
    if number is not None:
        return "litellm" if number == listen else "beside" if pods.beside.serves(number) else (str(number), number, None)
    if not isinstance(written, str) or not written:
        return None
    named = [(n, at) for n, name, at in pods.declared if name == written]
    if pods.beside.serves(None, written):
        return None if named else "beside"  # two containers declaring one name: which one counts is not said here
    if not named:
        return f"{code(written)}", None, None
    if len(named) > 1:
        return None
    ((number, at),) = named
    if number == listen:
        return "litellm"
    # LiteLLM's own metrics process, or a sidecar, may serve that number: reached
    return "beside" if pods.beside.serves(number) else (f"{code(written)} (containerPort {number}, {at})", number, at)


def _targets(port: dict, pods: list[_PodSet]) -> bool:
    """Whether a Service port's targetPort (default: its port) is a LiteLLM container's port (number or name)."""
    return _target(port, pods) is not None


def _target(port: dict, pods: list[_PodSet]) -> int | None:
    """The LiteLLM container port a Service port targets (by number or by name), or None."""
    target = port.get("targetPort", port.get("port"))
    number = whole(target)
    for p in pods:
        for container_port, name in p.ports:
            if (number is not None and number == container_port) or (number is None and str(target) == name):
                return container_port
    return None


def _miss(service: _Instance, wanted: dict[str, str], where: str, ports: list[dict], litellm: list[_PodSet],
          elsewhere: list[_PodSet]) -> Miss | None:
    """A Service selecting no pod is named only when it evidently fronts LiteLLM: a port of it targets a LiteLLM
    container's port, and its name says litellm or its selector is a near miss of those pods' labels."""
    shown = ", ".join(f"{k}: {v}" for k, v in wanted.items())
    for candidates, other_namespace in ((litellm, False), (elsewhere, True)):
        for pods in candidates:
            port = next((p for p in ports if _targets(p, [pods])), None)
            if port is None or pods.labels is None or pods.litellm is None:
                continue
            differing = [(k, v, pods.labels.get(k)) for k, v in wanted.items() if pods.labels.get(k) != v]
            if other_namespace:
                if differing or not service.namespace or not pods.instance.namespace:
                    continue
                nearest = (f"the pods of {pods.litellm.unit} carry these labels ({pods.where}) but are in namespace "
                           f"{code(pods.instance.namespace)}, not {code(service.namespace)}")
            else:
                named = "litellm" in service.name.lower()
                typo = any(have is not None and _close(v, have) or have is None and any(_close(k, key) for key in pods.labels)
                           for k, v, have in differing)
                if not differing or not (named or typo):
                    continue
                nearest = f"the pods of {pods.litellm.unit} carry " + ", ".join(
                    f"{code(k, ': ', have)}" if have is not None else f"no {code(k)} label" for k, _, have in differing) + f" ({pods.where})"
            target = port.get("targetPort", port.get("port"))
            why = f"its port {port.get('port')} targets port {target} of {pods.litellm.unit}'s LiteLLM container"
            return Miss(f"Service {service.name}", service.namespace, where, shown, why, nearest)
    return None


__all__ = ["Misport", "Miss", "Pods", "Route", "Source", "Stray", "Unreached", "dns_name", "routes"]
