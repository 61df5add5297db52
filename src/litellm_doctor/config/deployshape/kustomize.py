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
after the patches of its own kustomization, before its patchesJson6902); its `annotationSelector` (the same
syntax: kustomize's types.Selector) against its annotations and the `commonAnnotations` below, likewise.

`replacements` (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/replacements/; the
ReplacementTransformer is the last of the built-in list, after `replicas:`): an entry, inline or `path: FILE`,
copies its source's field (the one resource of the build of that kind and name, by any name it has had, at
`fieldPath`, default metadata.name; `options.delimiter`/`index` take a part) into its targets' fields; a
target is chosen by `select` (kind, name, labelSelector, annotationSelector) less its `reject`. A scalar
target keeps its type (replacement.go copies the value only), so a ConfigMap's "6" makes `replicas: 6`.
Read: targets `spec.replicas` / `spec.maxReplicas` / `spec.maxReplicaCount`, each count citing the source's
file:line; a replacement into a container's args or env, or into part of a count, is a note. `vars` (the
older way): `$(NAME)` in a container's command and args is replaced once the top kustomization's whole build
is done (accumulator.go ResolveVars), so a var's value is read as every level's patches leave it; then the
kubelet replaces what is left from the container's environment (kubernetes.py). A `helmCharts` chart is not rendered: kustomize itself renders one only with
`--enable-helm` and the helm program, and this runs nothing, so each chart is a note saying its replicas are
not counted and how to render it, never a silently missing count.
tests/config/test_deployshape_chains.py checks these readings against the real kustomize where kubectl
(kustomize v5 built in: `kubectl kustomize DIR`, a build on disk) is installed.

Only files on disk: a remote resource (a git URL) is a note. Bounded: MAX_DEPTH kustomizations in a chain,
MAX_FILES files in all; a cycle is a note. Only what a file names is read (`../base` included).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..checks.util import code
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
    annotated: tuple | None = None  # its annotationSelector (same syntax), over the annotations
    reject: tuple[tuple[str | None, str | None], ...] = ()  # a replacement's `reject`: (kind, name) it must not be


@dataclass(eq=False)  # compared by identity: two components may read alike
class Layer:
    """One kustomization as built: what it lists and what it does to the resources it builds."""

    file: str  # shown path of the kustomization
    prefix: str = ""
    suffix: str = ""
    namespace: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # commonLabels, labels[].pairs
    # What the label transformer also writes into selectors (a Service's spec.selector, a workload's
    # spec.selector.matchLabels) and pod templates: commonLabels and `labels:` with includeSelectors, both; `labels:`
    # with includeTemplates, the templates only (kustomize's labels field; a plain `labels:` entry: metadata only).
    selector_labels: dict[str, str] = field(default_factory=dict)
    template_labels: dict[str, str] = field(default_factory=dict)
    images: list[tuple[dict, str]] = field(default_factory=list)  # `images:` entries (name, newName, newTag, digest), where
    annotations: dict[str, str] = field(default_factory=dict)  # commonAnnotations
    early: list[Count] = field(default_factory=list)  # patchesStrategicMerge, patches: before its namespace and names
    late: list[Count] = field(default_factory=list)  # patchesJson6902, replicas: after them
    files: list[str] = field(default_factory=list)  # shown paths of the manifests it lists
    # Each patch, whatever field it sets (a replacement's source may be one): (its target, the patch document,
    # where a line of it is, whether it is JSON 6902), in the order kustomize applies them.
    patched: list[tuple[Count, Any, Any, bool]] = field(default_factory=list)
    declared: list[tuple[str, dict, str]] = field(default_factory=list)  # `vars`: (name, source, where)
    values: dict[str, tuple[str, str]] = field(default_factory=dict)  # a top kustomization's vars: name -> (value, where)
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
    # What matching a Service to its pods needs (services.py): the metadata labels as built, the labels the build
    # adds to selectors and to pod templates, its `images:` entries in the order applied, and the patches that
    # touch the resource (patch document, is it JSON 6902), in kustomize's order.
    labels: tuple[tuple[str, str], ...] = ()
    selector_added: tuple[tuple[str, str], ...] = ()
    template_added: tuple[tuple[str, str], ...] = ()
    images: tuple[tuple[dict, str], ...] = ()
    patches: tuple[tuple[Any, bool], ...] = ()


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
    def __init__(self, kind: str, name: str, namespace: str, labels: dict[str, str], field: str,
                 annotations: dict[str, str] | None = None) -> None:
        self.kind, self.names, self.namespace, self.field, self.replicas = kind, [name], namespace, field, None
        self.labels = dict(labels)
        self.annotations = dict(annotations or {})
        self.selector_added: dict[str, str] = {}
        self.template_added: dict[str, str] = {}
        self.images: list[tuple[dict, str]] = []

    def count(self, counts: list[Count]) -> None:
        for count in counts:
            if (count.field == self.field and self.matches(count)
                    and not any(kind in (None, self.kind) and (name is None or name in self.names) for kind, name in count.reject)):
                self.replicas = count.replicas

    def matches(self, count: Count) -> bool:
        return (count.kind in (None, self.kind) and (count.name is None or count.name in self.names)
                and (count.selector is None or selects(count.selector, self.labels))
                and (count.annotated is None or selects(count.annotated, self.annotations)))

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
        self.selector_added.update(layer.selector_labels)
        self.template_added.update(layer.template_labels)
        self.images += layer.images
        self.annotations.update(layer.annotations)  # the annotations transformer: right after it
        self.count(layer.late)


def builds(roots: list[Layer], file: str, kind: str, name: str, namespace: str, labels: dict[str, str] | None = None,
           field: str = "replicas", annotations: dict[str, str] | None = None) -> list[Built]:
    """How each top kustomization that reaches `file` builds its resource `kind`/`name` (none: not kustomized);
    `replicas`: the last count of its `spec.<field>` applied."""
    out = []
    for root in roots:
        chain = _chain(root, file)
        if chain is None:
            continue
        state = _State(kind, name, namespace, labels or {}, field, annotations)
        patches = []
        for i, layer in enumerate(chain):
            state.transform(layer, chain[i - 1] if i else None)
            patches += [(p[1].value, p[3]) for s in (*layer.components, layer) for p in s.patched if state.matches(p[0])]
        out.append(Built(root.file, tuple(state.names), state.namespace, state.replicas, tuple(state.labels.items()),
                         tuple(state.selector_added.items()), tuple(state.template_added.items()), tuple(state.images),
                         tuple(patches)))
    return out


def patch_touches(patches: tuple[tuple[Any, bool], ...], keys: tuple, leaves: frozenset[str] = frozenset()) -> bool:
    """Whether a patch of the build sets something at `keys` (a strategic-merge patch holding it, a JSON 6902 op at it,
    under it or over it); with `leaves`, under a list there (containers) only an element holding one of those keys."""
    pointer = "/" + "/".join(str(k) for k in keys)
    for value, json_patch in patches:
        if json_patch:
            for op in value if isinstance(value, list) else []:
                path = op.get("path") if isinstance(op, dict) else None
                if not isinstance(path, str):
                    continue
                if path == pointer or pointer.startswith(path + "/"):
                    return True  # the whole of it, or something above it, is set
                if path.startswith(pointer + "/"):
                    below = path[len(pointer) + 1:].split("/")
                    if not leaves or len(below) == 1 or set(below[1:]) & leaves:
                        return True
            continue
        node = dig(value, *keys)
        if node is None:
            continue
        if not leaves or not isinstance(node, list):
            return True
        if any(isinstance(item, dict) and set(item) & leaves for item in node):
            return True
    return False


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
        self.layer: Layer | None = None  # the kustomization whose patches are being read
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
        layer.annotations.update(_label_map(doc.value.get("commonAnnotations")))
        common = _label_map(doc.value.get("commonLabels"))
        layer.selector_labels.update(common)
        layer.template_labels.update(common)
        items = doc.value.get("labels")
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            pairs = _label_map(item.get("pairs"))
            layer.labels.update(pairs)
            if item.get("includeSelectors") is True:
                layer.selector_labels.update(pairs)
            if item.get("includeSelectors") is True or item.get("includeTemplates") is True:
                layer.template_labels.update(pairs)
        items = doc.value.get("images")
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                layer.images.append((item, at_line(doc, ("images", i))))
        for part in ("resources", "bases", "components"):  # `bases`: the older name of a directory resource
            items = doc.value.get(part)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, str):
                    self._resource(layer, kfile, item, at_line(doc, (part, i)), (*chain, key), component=part == "components")
        self.layer = layer  # the kustomization whose patches are read (_touched)
        for part in ("patchesStrategicMerge", "patches", "patchesJson6902"):
            items = doc.value.get(part)
            for i, item in enumerate(items if isinstance(items, list) else []):
                (layer.late if part == "patchesJson6902" else layer.early).extend(self._patch(kfile, doc, (part, i), item, part))
        items = doc.value.get("replicas")
        for i, item in enumerate(items if isinstance(items, list) else []):
            count = whole(item.get("count")) if isinstance(item, dict) else None
            if count is not None and isinstance(item.get("name"), str):
                layer.late.append(Count(None, item["name"], Sourced(count, at_line(doc, ("replicas", i, "count")), "kustomize replicas")))
        # After `replicas:` (the ReplacementTransformer is the last of kustomize's built-in list): a count copied
        # from another resource's field, e.g. a ConfigMap's `data.replicas`.
        items = doc.value.get("replacements")
        for i, item in enumerate(items if isinstance(items, list) else []):
            layer.late.extend(self._replacements(layer, kfile, doc, ("replacements", i), item))
        self._unread(doc)
        self._vars(layer, doc)
        return layer

    def _resource(self, layer: Layer, kfile: Path, item: str, where: str, chain: tuple[Path, ...], component: bool) -> None:
        if _REMOTE.match(item):
            self.notes.append(f"{where}: kustomize resource {code(item)} is remote: not read (files on disk only)")
            return
        target = Path(os.path.normpath(kfile.parent / item))
        if target.is_dir():
            sub = kustomization_in(target)
            if sub is None:
                self.notes.append(f"{where}: kustomize resource {code(item)} is a directory without a kustomization.yaml: not read")
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
        self.notes.append(f"{where}: kustomize resource {code(item)} is not here: not read")

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
        selectors = self._selectors(target, where, "patch")
        if selectors is None:
            return []
        selector, annotated = selectors
        if isinstance(file, str):
            patch_file = Path(os.path.normpath(kfile.parent / file))
            if not patch_file.is_file():
                self.notes.append(f"{where}: kustomize patch {code(file)} is not here: not read")
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
            counts += [replace(c, annotated=annotated) for c in self._counts_of(piece, located, target, part, selector)]
            self._touched(piece, located, target, selector, annotated)
        return counts

    def _touched(self, piece: Any, located: Any, target: dict | None, selector: tuple | None, annotated: tuple | None) -> None:
        """What a patch patches, whatever field (Build.layer: the kustomization being read)."""
        if target:
            kind, name = target.get("kind"), target.get("name")
        elif isinstance(piece.value, dict):
            meta = piece.value.get("metadata")
            kind, name = piece.value.get("kind"), meta.get("name") if isinstance(meta, dict) else None
        else:
            return
        self.layer.patched.append((Count(kind if isinstance(kind, str) else None, name if isinstance(name, str) else None,
                                         Sourced(0, ""), "", selector, annotated), piece, located, isinstance(piece.value, list)))

    def _selectors(self, target: dict | None, where: str, what: str) -> tuple[tuple | None, tuple | None] | None:
        """A target's labelSelector and annotationSelector (Kubernetes selector syntax, both: kustomize's Selector),
        or None (with a note) when one is not a selector this reads."""
        out = []
        for key, noun in (("labelSelector", "label"), ("annotationSelector", "annotation")):
            raw = target.get(key) if target else None
            if raw is None or raw == "":
                out.append(None)
                continue
            selector = label_selector(raw) if isinstance(raw, str) else None
            if selector is None:
                self.notes.append(f"{where}: kustomize {what} {noun} selector {code(str(raw)[:80])} is not one this reads: not followed")
                return None
            out.append(selector)
        return out[0], out[1]

    def _unread(self, doc: Any) -> None:
        """What a kustomization can do to the counts that is not read here: said, never silently missing."""
        charts = doc.value.get("helmCharts")
        for i, chart in enumerate(charts if isinstance(charts, list) else []):
            name = chart.get("name") if isinstance(chart, dict) else None
            self.notes.append(
                f"{at_line(doc, ('helmCharts', i))}: kustomize helmCharts {code(str(name)[:80])} was NOT rendered (kustomize renders "
                "a chart only with --enable-helm and the helm program; this reads files on disk and runs nothing): the replicas and "
                "workers of its LiteLLM are not counted. Render it (`kubectl kustomize --enable-helm DIR > rendered.yaml`, or "
                "`helm template`), then --deploy rendered.yaml")

    def _vars(self, layer: Layer, doc: Any) -> None:
        """`vars` (kustomize's older replacements): declared here, resolved by the top kustomization (resolve_vars)."""
        items = doc.value.get("vars")
        for i, item in enumerate(items if isinstance(items, list) else []):
            objref = item.get("objref") if isinstance(item, dict) else None
            if not isinstance(item.get("name") if isinstance(item, dict) else None, str) or not isinstance(objref, dict):
                continue
            fieldref = item.get("fieldref") if isinstance(item.get("fieldref"), dict) else {}
            source = {"kind": objref.get("kind"), "name": objref.get("name"), "fieldPath": fieldref.get("fieldpath") or "metadata.name"}
            layer.declared.append((item["name"], source, at_line(doc, ("vars", i))))

    def resolve_vars(self, root: Layer) -> None:
        """A top kustomization's `vars`, those of every kustomization it builds from: kustomize substitutes `$(NAME)` in
        the containers' command, args and env values once the whole build is done (accumulator.go ResolveVars), so
        each value is read as the whole build leaves it (patches of any level)."""
        for layer in _layers(root):
            for name, source, where in layer.declared:
                found = self._source_raw(root, source, where, "var")
                if found is not None and isinstance(found[0], (str, int)) and not isinstance(found[0], bool):
                    root.values.setdefault(name, (str(found[0]), found[1]))

    def _replacements(self, layer: Layer, kfile: Path, doc: Any, path: tuple, item: Any) -> list[Count]:
        """The counts a `replacements:` entry sets: its source's value (a resource this kustomization builds, found
        by any name it has had) into `spec.replicas` / `spec.maxReplicas` / `spec.maxReplicaCount` of its targets.
        An entry may be `path: FILE` holding one or a list of them."""
        where = at_line(doc, path)
        if isinstance(item, dict) and isinstance(item.get("path"), str) and "source" not in item:
            file = Path(os.path.normpath(kfile.parent / item["path"]))
            if not file.is_file() or not self._budget(where):
                if not file.is_file():
                    self.notes.append(f"{where}: kustomize replacement file {code(item['path'][:200])} is not here: not read")
                return []
            self.patch_files.add(shown_path(file))
            out = []
            for piece in documents(file, False, self.notes, "a kustomize replacement"):
                entries = piece.value if isinstance(piece.value, list) else [piece.value]
                for j, entry in enumerate(entries):
                    out += self._replacement(layer, piece, (j,) if isinstance(piece.value, list) else (), entry)
            return out
        return self._replacement(layer, doc, path, item)

    def _replacement(self, layer: Layer, doc: Any, path: tuple, item: Any) -> list[Count]:
        where = at_line(doc, path)
        source = item.get("source") if isinstance(item, dict) else None
        targets = item.get("targets") if isinstance(item, dict) else None
        if not isinstance(source, dict) or not isinstance(targets, list):
            return []
        wanted = []  # (target, the count it sets: replicas, maxReplicas or maxReplicaCount)
        for target in targets:
            paths = target.get("fieldPaths") if isinstance(target, dict) else None
            for fp in paths if isinstance(paths, list) else []:
                field_path = str(fp)
                if field_path.startswith("spec.") and field_path[5:] in FIELDS:
                    wanted.append((target, field_path[5:]))
                elif "containers" in field_path or field_path.startswith("data."):
                    self.notes.append(f"{where}: kustomize replacement into {code(field_path[:120])}: not followed (a worker count "
                                      "there is read as written)")
        if not wanted:
            return []
        value = self._source_value(layer, source, where)
        if value is None:
            return []
        out = []
        for target, key in wanted:
            select = target.get("select") if isinstance(target.get("select"), dict) else {}
            selectors = self._selectors(select, where, "replacement")
            if selectors is None:
                continue
            options = target.get("options") if isinstance(target.get("options"), dict) else {}
            if options.get("delimiter"):
                self.notes.append(f"{where}: kustomize replacement into part of {code('spec.', key)} (options.delimiter): not followed")
                continue
            rejects = tuple((r.get("kind"), r.get("name")) for r in target.get("reject") or () if isinstance(r, dict)
                            and set(r) <= {"kind", "name"})
            out.append(Count(select.get("kind"), select.get("name"), value, key, selectors[0], selectors[1], rejects))
        return out

    def _source_value(self, layer: Layer, source: dict, where: str) -> Sourced | None:
        """The source's value as a count, with the file:line it is written at."""
        found = self._source_raw(layer, source, where, "replacement source")
        if found is None:
            return None
        raw, at = found
        kind, name, field_path = source.get("kind"), source.get("name"), str(source.get("fieldPath") or "metadata.name")
        options = source.get("options") if isinstance(source.get("options"), dict) else {}
        if isinstance(raw, (str, int)) and not isinstance(raw, bool) and options.get("delimiter"):
            parts = str(raw).split(str(options["delimiter"]))
            index = options.get("index", 0)
            raw = parts[index] if isinstance(index, int) and 0 <= index < len(parts) else None
        number = whole(raw)
        if number is None:
            self.notes.append(f"{where}: kustomize replacement source {kind} {name} {code(field_path[:120])} is not a whole number here: not followed")
            return None
        return Sourced(number, at, f"kustomize replacement from {kind} {name}")

    def _source_raw(self, layer: Layer, source: dict, where: str, what: str) -> tuple[Any, str] | None:
        """The value at `fieldPath` (default metadata.name) of the one resource of `layer`'s build of `source.kind`
        named `source.name` (by any name it has had), as the build's patches leave it, and where it is written."""
        kind, name = source.get("kind"), source.get("name")
        field_path = str(source.get("fieldPath") or "metadata.name")
        found = []
        for file in _files_of(layer):
            for piece in self._docs(file):
                meta = piece.value.get("metadata") if isinstance(piece.value, dict) else None
                if not isinstance(meta, dict) or (kind and piece.value.get("kind") != kind):
                    continue
                state = _State(str(piece.value.get("kind")), str(meta.get("name")), str(meta.get("namespace") or ""),
                               _label_map(meta.get("labels")), "", _label_map(meta.get("annotations")))
                chain = _chain(layer, file) or [layer]
                patches = []
                for i, step in enumerate(chain):
                    state.transform(step, chain[i - 1] if i else None)
                    patches += [p for s in (*step.components, step) for p in s.patched if state.matches(p[0])]
                if name is None or name in state.names:
                    found.append((piece, patches))
        if len(found) != 1:
            self.notes.append(f"{where}: kustomize {what} {kind} {name}: "
                              f"{'not among the files read' if not found else 'more than one match (kustomize refuses it)'}: not followed")
            return None
        piece, patches = found[0]
        keys = _field_path(piece.value, field_path)
        raw = dig(piece.value, *keys) if keys is not None else None
        at = at_line(piece, keys) if keys is not None else piece.file
        # The patches of the source in the build, in kustomize's order: the last one that sets the field gives it.
        for _, patch, located, json_patch in patches:
            if keys is None:
                break
            if not json_patch:
                value = dig(patch.value, *keys)
                if value is not None:
                    raw, at = value, located(patch.lines.get(keys))
                continue
            pointer = "/" + "/".join(str(k).replace("~", "~0").replace("/", "~1") for k in keys)
            for j, op in enumerate(patch.value):
                path = op.get("path") if isinstance(op, dict) else None
                if not isinstance(path, str) or not (path == pointer or pointer.startswith(path + "/")
                                                     or op.get("from") == pointer):
                    continue
                if path == pointer and op.get("op") in ("add", "replace"):
                    raw, at = op.get("value"), located(patch.lines.get((j, "value")) or patch.lines.get((j,)))
                elif op.get("op") != "test":  # removed, moved, copied over, or a parent replaced: not followed
                    self.notes.append(f"{where}: kustomize {what} {kind} {name}: a JSON patch {code(op.get('op'))} "
                                      f"of {code(path[:120])} changes it: not followed")
                    return None
        return raw, at

    def _docs(self, shown: str) -> list[Any]:
        cache = self.__dict__.setdefault("_doc_cache", {})
        if shown not in cache:
            cache[shown] = [d for d in documents(Path(shown), False, self.notes, "a kustomize resource") if isinstance(d.value, dict)]
        return cache[shown]

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


def _layers(layer: Layer, depth: int = 0) -> list[Layer]:
    """A kustomization and every one it builds from, bounded."""
    out = [layer]
    if depth <= MAX_DEPTH:
        for child in (*layer.children, *layer.components):
            out += _layers(child, depth + 1)
    return out


def substitute(text: str, values: dict[str, tuple[str, str]]) -> tuple[str, str | None]:
    """`$(NAME)` replaced as kustomize's vars and the kubelet replace it (`$$(NAME)` stays, as `$(NAME)`; an
    unknown name stays as written), and where the last value used is written (None: nothing replaced)."""
    where: list[str] = []

    def one(match: re.Match) -> str:
        if match.group(1):
            return match.group(0)[1:]
        found = values.get(match.group(2))
        if found is None:
            return match.group(0)
        where.append(found[1])
        return found[0]

    out = _VAR.sub(one, text)
    return out, (where[-1] if where else None)


_VAR = re.compile(r"(\$?)\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


def vars_for(roots: list[Layer], file: str) -> dict[str, tuple[str, str]]:
    """The `vars` of the top kustomizations that build `file` (the first that declares a name wins)."""
    out: dict[str, tuple[str, str]] = {}
    for root in roots:
        if _chain(root, file) is not None:
            for name, value in root.values.items():
                out.setdefault(name, value)
    return out


def _files_of(layer: Layer, depth: int = 0) -> list[str]:
    """Every manifest a kustomization builds from (its own, its bases', its components'), bounded."""
    out = list(layer.files)
    if depth <= MAX_DEPTH:
        for child in (*layer.children, *layer.components):
            out += _files_of(child, depth + 1)
    return out


def _field_path(value: Any, text: str) -> tuple | None:
    """kustomize's fieldPath (`data.replicas`, `spec.template.spec.containers.[name=litellm].args.1`) as the keys
    and list indices that lead to it in `value`; None where a `[name=value]` step finds no element."""
    keys: list[Any] = []
    node = value
    for part in re.findall(r"\[[^\]]*\]|[^.]+", text):
        if part.startswith("[") and "=" in part:
            k, _, v = part[1:-1].partition("=")
            items = node if isinstance(node, list) else []
            index = next((i for i, e in enumerate(items) if isinstance(e, dict) and str(e.get(k)) == v), None)
            if index is None:
                return None
            keys.append(index)
        elif part.isdigit() and isinstance(node, list):
            keys.append(int(part))
        else:
            keys.append(part.strip("[]"))
        node = dig(value, *keys)
    return tuple(keys)


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
