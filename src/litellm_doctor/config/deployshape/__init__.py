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

- Kubernetes Services (services.py): each one's `spec.selector` matched to the pod labels of the workloads (and
  Pods) in its namespace, as kustomize builds them; what the LiteLLM workloads behind one Service run (image,
  config file, where LITELLM_MASTER_KEY & co come from), a Service that fronts LiteLLM but selects no pod, and the
  other apps' pods a Service in front of LiteLLM also selects on a port they do not serve (LD-CFG-152/153/154). The process count is not changed by it: it is already the sum over every LiteLLM workload.

Helm values are not read: the LiteLLM chart's keys could not be checked against a copy of the chart
(not on the npm registry, nor in LiteLLM's PyPI sdist: litellm-1.103.0.tar.gz holds `litellm/` and `litellm-rust/` only, no
`deploy/charts/`), and a key read from a guess would give a wrong number with a file:line that looks right.
`helm template … > rendered.yaml` gives manifests this module reads: each number then also names the chart
template of its document (helm's `# Source:` comment, values.rendered_from), and a Helm hook is no replica.

Compose files are merged as docker compose merges them: a compose file with the override file beside
it, or the files named with --deploy in their order (`-f a.yml -f b.yml`), then each service's `extends`
(compose.py). A kustomization is built as kustomize builds it: its resources (an overlay's `../base`),
then its patches, `namespace:`, `namePrefix` / `nameSuffix` (what a higher overlay's patch or an HPA
then names) and `replicas:` (kustomize.py). Beyond the files named or found, only what a file names
is read, bounded.
A compose file and a set of manifests are alternative deployments of the same config (dev and prod):
the one with the most processes is used, the others are named in a note. A number that cannot be
known here (`${VAR}` unset, `valueFrom`) is no number: LiteLLM's default stands, with a note. Files
found by looking next to the config that cannot be read are skipped with a note; a file the user
named (`--deploy`) that cannot be read is an error.
"""

from __future__ import annotations

import os

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..deployenv import COMPOSE_NAMES, compose_paths, manifest_paths, neighbour_dirs, read_bounded
from .compose import COMPOSE_OVERRIDES, compose_shape
from .kubernetes import k8s_shape
from .kustomize import NAMES as KUSTOMIZATIONS, Build, kustomization_in
from .model import DeployShape, Sourced, Unit
from .values import documents


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
    kustomizations: list[Path] = []
    taken: set[Path] = set()
    config_name = Path(config_path).name if config_path else ""
    config_resolved = Path(config_path).resolve() if config_path else None

    def take(path: Path, named: bool, project: list | None = None, manifest: bool = False, why: str = "found beside the config") -> None:
        """Read `path` into `project` (a compose file), the manifests, the kustomizations, or (named, by its
        content) any of them. A manifest or kustomization is read once however many ways it is reached."""
        resolved = path.resolve()
        if resolved == config_resolved or (project is None and resolved in taken):
            return
        taken.add(resolved)
        if path.name in KUSTOMIZATIONS:
            if named:
                documents(path, True, notes)  # a named one must be readable: an error now, not a note
            kustomizations.append(path)
            return
        docs = documents(path, named, notes, why)
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
        elif os.path.lexists(path):  # a symlink loop or a dangling link: say which
            from ...boundedio import not_a_file

            raise InputError(f"{not_a_file(path, 'deployment file')} (--deploy names a compose file, a manifest or a directory of them)")
        else:
            raise InputError(f"{path}: no such file or directory (--deploy names a compose file, a manifest or a directory of them)")
    if not named and discover and config_path is not None:
        directories = neighbour_dirs(Path(config_path).resolve())
    if named_project:  # `docker compose -f a.yml -f b.yml`: the files named, merged in the order given
        projects.append(named_project)
    for directory in directories:
        if (kustomization := kustomization_in(directory)) is not None:
            take(kustomization, False, manifest=True)  # `Kustomization` has no .yaml: manifest_paths skips it
        # Each compose file with the override file docker compose reads beside it (not for a file named
        # with -f, which is why the named ones above get none).
        overrides = [directory / o for o in COMPOSE_OVERRIDES if (directory / o).is_file()]
        for compose in compose_paths(directory):
            project: list[tuple[Path, list[Any]]] = []
            for path in (compose, *overrides):
                take(path, False, project)
            if project:
                projects.append(project)
        for manifest in manifest_paths(directory):
            if manifest.name not in COMPOSE_NAMES and manifest.name not in COMPOSE_OVERRIDES:
                text = read_bounded(manifest)  # the same filter as deployenv's: a manifest says `kind:`
                if text is not None and ("kind:" in text or manifest.name in KUSTOMIZATIONS):
                    take(manifest, False, manifest=True)
    # kustomize: what each kustomization builds from (an overlay's ../base too) and the counts it sets;
    # one reached from another (a base) is not a build of its own.
    build = Build(notes)
    built = {path.resolve(): build.build(path) for path in kustomizations}
    for resource in build.resources:
        take(resource, False, manifest=True, why="a kustomization's resource")
    roots = [layer for path, layer in built.items() if layer is not None and path not in build.children]
    for root in roots:
        build.resolve_vars(root)
    manifests = [d for d in manifests if d.file not in build.patch_files]  # found in an overlay's directory
    shapes = [compose_shape(project, config_name, notes) for project in projects]
    if manifests:
        shapes.append(k8s_shape(manifests, config_name, notes, roots))
    with_units = [s for s in shapes if s.units]
    # What the manifests' Services select holds whichever deployment is counted (a compose file for dev, manifests for prod).
    services = {"routes": tuple(r for s in shapes for r in s.routes), "misses": tuple(m for s in shapes for m in s.misses)}
    if named and not with_units:
        notes.append(f"--deploy {', '.join(map(str, named))}: no LiteLLM service (compose) or workload (Kubernetes) "
                     "found: a LiteLLM one runs a litellm image, or `litellm` / the config in its command")
    if not with_units:
        chosen = next((s for s in shapes if s.max_connections is not None), DeployShape())
        return DeployShape((), chosen.max_connections, chosen.redis, chosen.files, tuple(dict.fromkeys(notes)), **services)
    chosen = max(with_units, key=lambda s: s.processes or 0)
    others = [s for s in with_units if s is not chosen]
    if others:
        notes.append("also read: " + "; ".join(f"{', '.join(s.files)} ({s.processes} process{'es' if s.processes != 1 else ''})" for s in others)
                     + f"; the largest, {', '.join(chosen.files)}, is used")
    return DeployShape(chosen.units, chosen.max_connections, chosen.redis, chosen.files, tuple(dict.fromkeys(notes)), **services)


__all__ = ["DeployShape", "Sourced", "Unit", "read_shape"]
