"""kustomize: the manifests a kustomization builds from (its `resources`, an overlay's `../base`), and the
replica counts its patches and `replicas:` field give the workloads, as `kustomize build` applies them.

What kustomize does (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/): a
kustomization builds its `resources` (files, and directories holding a kustomization: a base, built
first with its own patches and counts) and `components`, then applies its own transformers in the
order of its built-in list: `patchesStrategicMerge`, `patches`, `patchesJson6902`, then `replicas`
(api/internal/target/kusttarget_configplugin.go). So an overlay's patch overrides its base's `replicas:`,
and within one kustomization `replicas:` overrides a patch. Each count keeps the file:line where the
effective value is written (an inline patch: the line inside the kustomization).

Names and namespaces (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/nameprefix/,
namesuffix/, namespace/): a kustomization's `namePrefix` / `nameSuffix` rename every resource it builds,
its bases' included (an overlay over a base with `namePrefix: prod-` gets `prod-litellm`, and its own
prefix goes in front: `eu-prod-litellm`), and `namespace:` sets theirs. References follow the rename
(kustomize's name-reference transformer: an HPA's `scaleTargetRef.name` is rewritten with its target).
What is relied on, as kustomize applies it (kusttarget.go: resources, then components, then the
kustomization's own transformers; kusttarget_configplugin.go: PatchStrategicMerge, Patch, Namespace,
Prefix, Suffix, Labels, Annotations, PatchJson6902, ReplicaCount, in that order):
- a kustomization's `patchesStrategicMerge` and `patches` apply before its own namespace and names, its
  `patchesJson6902` and `replicas:` after them;
- a patch, a `replicas:` entry or an HPA finds its target by any name the resource has had in the build
  (its original id or a later one: resmap's GetMatchingResourcesByAnyId, Select's "original name, then
  current name"), so a patch in a higher overlay may name `prod-litellm` or `litellm`;
- a component's transformers apply to all the resources of the kustomization that lists it, gathered so far
  (resources, then the components before it and its own), before that kustomization's own transformers.
Matching here is more lenient than kustomize where kustomize refuses (a strategic-merge patch that matches
no resource, or a namespace it does not have: `kustomize build` fails, so such an overlay is never
deployed); a targeted patch that matches nothing is no error there and changes nothing here either. A
patch's `target.labelSelector` (Kubernetes selector syntax) is matched against the labels the resource has
then: its own, and the `commonLabels` / `labels` of the kustomizations below (the label transformer runs
after the patches of its own kustomization, before its patchesJson6902); an annotation selector is a note.
tests/config/test_deployshape_chains.py checks these readings against the real kustomize where kubectl
(kustomize v5 built in: `kubectl kustomize DIR`, a build on disk) is installed.

Only files on disk: a remote resource (a git URL) is a note. Bounded: MAX_DEPTH kustomizations in a chain,
MAX_FILES files in all; a cycle is a note. Only what a file names is read (`../base` included).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Sourced
from .values import at_line, dig, documents, shown_path, whole

NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")  # the only names kustomize reads
MAX_DEPTH = 8
MAX_FILES = 64
_BLOCK = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")  # a block scalar's indicator: its text starts on the next line
_REMOTE = re.compile(r"^(\w+://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)")


# What a count sets: a workload's `spec.replicas`, an HPA's `spec.maxReplicas`, a KEDA ScaledObject's
# `spec.maxReplicaCount` (an overlay that lets the autoscaler go higher).
FIELDS = ("replicas", "maxReplicas", "maxReplicaCount")


@dataclass(frozen=True)
class Count:
    """A count a kustomization sets: for the resources of `kind` (None: any) named `name` (None: any), its
    `spec.<field>`."""

    kind: str | None
    name: str | None
    replicas: Sourced
    field: str = "replicas"
    selector: tuple | None = None  # a patch target's labelSelector (label_selector): the labels must match too


@dataclass(eq=False)  # compared by identity: two components may read alike
class Layer:
    """One kustomization as built: what it lists and what it does to the resources it builds."""

    file: str  # shown path of the kustomization
    prefix: str = ""
    suffix: str = ""
    namespace: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # commonLabels, labels[].pairs
    early: list[Count] = field(default_factory=list)  # patchesStrategicMerge, patches: before its namespace and names
    late: list[Count] = field(default_factory=list)  # patchesJson6902, replicas: after them
    files: list[str] = field(default_factory=list)  # shown paths of the manifests it lists
    children: list[Layer] = field(default_factory=list)  # kustomizations among its resources (an overlay's base)
    components: list[Layer] = field(default_factory=list)


@dataclass(frozen=True)
class Built:
    """A resource as one top kustomization builds it: every name it has had (the last: its name in the
    output), its namespace, and the last replica count applied to it."""

    root: str
    names: tuple[str, ...]
    namespace: str
    replicas: Sourced | None


def _chain(layer: Layer, file: str, depth: int = 0) -> list[Layer] | None:
    """The kustomizations from the one that lists `file` up to `layer` (innermost first), or None."""
    if file in layer.files:
        return [layer]
    if depth > MAX_DEPTH:
        return None
    for child in (*layer.children, *layer.components):
        below = _chain(child, file, depth + 1)
        if below is not None:
            return [*below, layer]
    return None


_TERM = re.compile(r"^\s*(!?)\s*([A-Za-z0-9][\w./-]*)\s*(?:(in|notin)\s*\(([^()]*)\)|(==|=|!=)\s*([\w.-]*))?\s*$")


def label_selector(text: str) -> tuple | None:
    """A Kubernetes label selector (`k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by
    commas: all must hold) as (op, key, values) terms; () for an empty one (selects all); None when it is not one."""
    if not text.strip():
        return ()
    if len(text) > 2048:  # a real one is a few terms; and the split below looks ahead from every comma
        return None
    terms = []
    for part in re.split(r",(?![^()]*\))", text):
        match = _TERM.match(part)
        if match is None:
            return None
        negated, key, set_op, values, op, value = match.groups()
        if negated and (set_op or op):
            return None
        if set_op:
            terms.append((set_op, key, frozenset(v.strip() for v in values.split(",") if v.strip())))
        elif op:
            terms.append(("!=" if op == "!=" else "=", key, frozenset({value})))
        else:
            terms.append(("!" if negated else "exists", key, frozenset()))
    return tuple(terms)


def selects(selector: tuple, labels: dict[str, str]) -> bool:
    """Kubernetes' meaning: `!=` and `notin` also hold for a resource without the label."""
    for op, key, values in selector:
        value = labels.get(key)
        if (op == "exists" and value is None) or (op == "!" and value is not None):
            return False
        if op in ("=", "in") and value not in values:
            return False
        if op in ("!=", "notin") and value is not None and value in values:
            return False
    return True


def _label_map(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


class _State:
    def __init__(self, kind: str, name: str, namespace: str, labels: dict[str, str], field: str) -> None:
        self.kind, self.names, self.namespace, self.field, self.replicas = kind, [name], namespace, field, None
        self.labels = dict(labels)

    def count(self, counts: list[Count]) -> None:
        for count in counts:
            if (count.field == self.field and count.kind in (None, self.kind) and (count.name is None or count.name in self.names)
                    and (count.selector is None or selects(count.selector, self.labels))):
                self.replicas = count.replicas

    def transform(self, layer: Layer, after: Layer | None = None) -> None:
        """`layer`'s components (those after `after`, the one the resource came from), then its own transformers."""
        components = layer.components
        came = next((i for i, c in enumerate(components) if c is after), None)
        if came is not None:
            components = components[came + 1:]
        for component in components:
            self.transform(component)
        self.count(layer.early)
        if layer.namespace:
            self.namespace = layer.namespace
        if layer.prefix or layer.suffix:
            self.names.append(f"{layer.prefix}{self.names[-1]}{layer.suffix}")
        self.labels.update(layer.labels)  # the label transformer: after the names, before patchesJson6902
        self.count(layer.late)


def builds(roots: list[Layer], file: str, kind: str, name: str, namespace: str, labels: dict[str, str] | None = None,
           field: str = "replicas") -> list[Built]:
    """How each top kustomization that reaches `file` builds its resource `kind`/`name` (none: not kustomized);
    `replicas`: the last count of its `spec.<field>` applied."""
    out = []
    for root in roots:
        chain = _chain(root, file)
        if chain is None:
            continue
        state = _State(kind, name, namespace, labels or {}, field)
        for i, layer in enumerate(chain):
            state.transform(layer, chain[i - 1] if i else None)
        out.append(Built(root.file, tuple(state.names), state.namespace, state.replicas))
    return out


def kustomization_in(directory: Path) -> Path | None:
    return next((directory / n for n in NAMES if (directory / n).is_file()), None)


class Build:
    """One or more kustomizations built together: the resource files they name, the counts in the order
    kustomize applies them, and the kustomizations reached from another one (not roots)."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.resources: list[Path] = []
        self.children: set[Path] = set()
        self.patch_files: set[str] = set()  # shown paths: a patch is not a workload, though it may say `kind: Deployment`
        self._read = 0

    def _budget(self, where: str) -> bool:
        self._read += 1
        if self._read > MAX_FILES:
            if self._read == MAX_FILES + 1:
                self.notes.append(f"{where}: kustomize: more than {MAX_FILES} files: the rest is not read")
            return False
        return True

    def build(self, kfile: Path, chain: tuple[Path, ...] = ()) -> Layer | None:
        """`kfile` and everything it builds from: what each kustomization lists and does."""
        key = kfile.resolve()
        shown = shown_path(kfile)
        if key in chain:
            self.notes.append(f"{shown}: kustomize: this kustomization is reached again from its own resources (a cycle): not followed")
            return None
        if len(chain) >= MAX_DEPTH:
            self.notes.append(f"{shown}: kustomize: more than {MAX_DEPTH} kustomizations in a chain: not followed")
            return None
        if not self._budget(shown):
            return None
        doc = next((d for d in documents(kfile, False, self.notes, "a kustomization") if isinstance(d.value, dict)), None)
        layer = Layer(shown)
        if doc is None:
            return layer
        for key_name in ("namePrefix", "nameSuffix", "namespace"):
            value = doc.value.get(key_name)
            if isinstance(value, str) and value:
                setattr(layer, {"namePrefix": "prefix", "nameSuffix": "suffix"}.get(key_name, key_name), value)
        layer.labels.update(_label_map(doc.value.get("commonLabels")))
        items = doc.value.get("labels")
        for item in items if isinstance(items, list) else []:
            layer.labels.update(_label_map(item.get("pairs")) if isinstance(item, dict) else {})
        for part in ("resources", "bases", "components"):  # `bases`: the older name of a directory resource
            items = doc.value.get(part)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, str):
                    self._resource(layer, kfile, item, at_line(doc, (part, i)), (*chain, key), component=part == "components")
        for part in ("patchesStrategicMerge", "patches", "patchesJson6902"):
            items = doc.value.get(part)
            for i, item in enumerate(items if isinstance(items, list) else []):
                (layer.late if part == "patchesJson6902" else layer.early).extend(self._patch(kfile, doc, (part, i), item, part))
        items = doc.value.get("replicas")
        for i, item in enumerate(items if isinstance(items, list) else []):
            count = whole(item.get("count")) if isinstance(item, dict) else None
            if count is not None and isinstance(item.get("name"), str):
                layer.late.append(Count(None, item["name"], Sourced(count, at_line(doc, ("replicas", i, "count")), "kustomize replicas")))
        return layer

    def _resource(self, layer: Layer, kfile: Path, item: str, where: str, chain: tuple[Path, ...], component: bool) -> None:
        if _REMOTE.match(item):
            self.notes.append(f"{where}: kustomize resource `{item}` is remote: not read (files on disk only)")
            return
        target = Path(os.path.normpath(kfile.parent / item))
        if target.is_dir():
            sub = kustomization_in(target)
            if sub is None:
                self.notes.append(f"{where}: kustomize resource `{item}` is a directory without a kustomization.yaml: not read")
                return
            if sub.resolve() not in chain:  # a cycle back to a top kustomization leaves it a top one
                self.children.add(sub.resolve())
            built = self.build(sub, chain)
            if built is not None:
                (layer.components if component else layer.children).append(built)
            return
        if target.is_file():
            if self._budget(where):
                self.resources.append(target)
                layer.files.append(shown_path(target))
            return
        self.notes.append(f"{where}: kustomize resource `{item}` is not here: not read")

    def _patch(self, kfile: Path, doc: Any, path: tuple, item: Any, part: str) -> list[Count]:
        """The replica counts a patch sets: a strategic-merge patch's `spec.replicas`, or a JSON 6902 patch's
        `add`/`replace` of `/spec/replicas`; on its `target` when it has one, else on its own kind and name."""
        where = at_line(doc, path)
        target = item.get("target") if isinstance(item, dict) else None
        if isinstance(item, dict):
            inline, file = item.get("patch"), item.get("path")
            inline_path = (*path, "patch")
        else:  # patchesStrategicMerge: a file name, or the patch itself
            inline, file = (item, None) if isinstance(item, str) and "\n" in item else (None, item)
            inline_path = path
        if target is not None and not isinstance(target, dict):
            return []
        selector = None
        if target and target.get("annotationSelector"):
            self.notes.append(f"{where}: kustomize patch chosen by an annotation selector: not followed (annotations are not read)")
            return []
        if target and target.get("labelSelector") is not None:
            raw = target.get("labelSelector")
            selector = label_selector(raw) if isinstance(raw, str) else None
            if selector is None:
                self.notes.append(f"{where}: kustomize patch label selector `{str(raw)[:80]}` is not one this reads: not followed")
                return []
        if isinstance(file, str):
            patch_file = Path(os.path.normpath(kfile.parent / file))
            if not patch_file.is_file():
                self.notes.append(f"{where}: kustomize patch `{file}` is not here: not read")
                return []
            if not self._budget(where):
                return []
            self.patch_files.add(shown_path(patch_file))
            pieces = [(d, lambda line, d=d: f"{d.file}:{line}" if line else d.file)
                      for d in documents(patch_file, False, self.notes, "a kustomize patch")]
        elif isinstance(inline, str):
            from ...errors import InputError
            from ..yamlnodes import load_documents

            start = doc.lines.get(inline_path) or 0
            # A block scalar's text starts on the line after its indicator; a one-line patch: its own line.
            block = start and _BLOCK.search(doc.source_lines[start - 1]) is not None
            try:
                parsed = load_documents(doc.file, inline)
            except InputError as exc:
                self.notes.append(f"{where}: kustomize inline patch: {exc}: not read")
                return []
            pieces = [(d, lambda line: f"{doc.file}:{start + line if block else start}") for d in parsed]
        else:
            return []
        counts = []
        for piece, located in pieces:
            counts += self._counts_of(piece, located, target, part, selector)
        return counts

    @staticmethod
    def _counts_of(piece: Any, located: Any, target: dict | None, part: str, selector: tuple | None = None) -> list[Count]:
        kind = target.get("kind") if target else None
        name = target.get("name") if target else None
        what = "kustomize patch"
        if isinstance(piece.value, list):  # JSON 6902: a list of operations
            out = []
            for i, op in enumerate(piece.value):
                path = op.get("path") if isinstance(op, dict) else None
                if (isinstance(path, str) and path.startswith("/spec/") and path[6:] in FIELDS and op.get("op") in ("add", "replace")
                        and whole(op.get("value")) is not None and target):
                    line = piece.lines.get((i, "value")) or piece.lines.get((i,))
                    out.append(Count(kind, name, Sourced(whole(op["value"]), located(line), what), path[6:], selector))
            return out
        if not isinstance(piece.value, dict) or part == "patchesJson6902":
            return []
        if not target:  # a strategic-merge patch names what it patches (kustomize refuses one that does not)
            meta = piece.value.get("metadata")
            kind, name = piece.value.get("kind"), meta.get("name") if isinstance(meta, dict) else None
            if not isinstance(name, str):
                return []
        out = []
        for key in FIELDS:
            value = whole(dig(piece.value, "spec", key))
            if value is not None:
                out.append(Count(kind if isinstance(kind, str) else None, name if isinstance(name, str) else None,
                                 Sourced(value, located(piece.lines.get(("spec", key))), what), key, selector))
        return out


def largest(found: list[tuple[Sourced | None, str]], unit: str, notes: list[str]) -> int:
    """The index of the build with the most replicas (None: one). Several top kustomizations (overlays for dev
    and prod) are alternative builds of the same base: the largest is used, with a note when they differ."""
    values = [c.value if c is not None else 1 for c, _ in found]
    best = max(range(len(found)), key=lambda i: values[i])
    if len(set(values)) > 1:
        said = ", ".join(f"{v} ({c.where if c is not None else f'none set, {root}'})" for v, (c, root) in zip(values, found))
        notes.append(f"{unit}: kustomizations give it {said} replicas: the largest, "
                     f"{found[best][0].where if found[best][0] is not None else found[best][1]}, is used")
    return best
