"""kustomize: the manifests a kustomization builds from (its `resources`, an overlay's `../base`), and the
replica counts its patches and `replicas:` field give the workloads, as `kustomize build` applies them.

What kustomize does (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/): a
kustomization builds its `resources` (files, and directories holding a kustomization: a base, built
first with its own patches and counts) and `components`, then applies its own transformers in the
order of its built-in list: `patchesStrategicMerge`, `patches`, `patchesJson6902`, then `replicas`
(api/internal/target/kusttarget_configplugin.go). So an overlay's patch overrides its base's `replicas:`,
and within one kustomization `replicas:` overrides a patch. Each count keeps the file:line where the
effective value is written (an inline patch: the line inside the kustomization).

Only files on disk: a remote resource (a git URL) is a note. Bounded: MAX_DEPTH kustomizations in a chain,
MAX_FILES files in all; a cycle is a note. Only what a file names is read (`../base` included).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Sourced
from .values import at_line, dig, documents, shown_path, whole

NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")  # the only names kustomize reads
MAX_DEPTH = 8
MAX_FILES = 64
_BLOCK = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")  # a block scalar's indicator: its text starts on the next line
_REMOTE = re.compile(r"^(\w+://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)")


@dataclass(frozen=True)
class Count:
    """A replica count a kustomization sets: for the workloads of `kind` (None: any) named `name` (None: any)."""

    kind: str | None
    name: str | None
    replicas: Sourced


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

    def build(self, kfile: Path, chain: tuple[Path, ...] = ()) -> list[Count]:
        """The counts of `kfile` and of everything it builds from, in the order kustomize applies them."""
        key = kfile.resolve()
        shown = shown_path(kfile)
        if key in chain:
            self.notes.append(f"{shown}: kustomize: this kustomization is reached again from its own resources (a cycle): not followed")
            return []
        if len(chain) >= MAX_DEPTH:
            self.notes.append(f"{shown}: kustomize: more than {MAX_DEPTH} kustomizations in a chain: not followed")
            return []
        if not self._budget(shown):
            return []
        doc = next((d for d in documents(kfile, False, self.notes, "a kustomization") if isinstance(d.value, dict)), None)
        if doc is None:
            return []
        counts: list[Count] = []
        for field in ("resources", "bases", "components"):  # `bases`: the older name of a directory resource
            items = doc.value.get(field)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, str):
                    counts += self._resource(kfile, item, at_line(doc, (field, i)), (*chain, key))
        for field in ("patchesStrategicMerge", "patches", "patchesJson6902"):
            items = doc.value.get(field)
            for i, item in enumerate(items if isinstance(items, list) else []):
                counts += self._patch(kfile, doc, (field, i), item, field)
        items = doc.value.get("replicas")
        for i, item in enumerate(items if isinstance(items, list) else []):
            count = whole(item.get("count")) if isinstance(item, dict) else None
            if count is not None and isinstance(item.get("name"), str):
                counts.append(Count(None, item["name"], Sourced(count, at_line(doc, ("replicas", i, "count")), "kustomize replicas")))
        return counts

    def _resource(self, kfile: Path, item: str, where: str, chain: tuple[Path, ...]) -> list[Count]:
        if _REMOTE.match(item):
            self.notes.append(f"{where}: kustomize resource `{item}` is remote: not read (files on disk only)")
            return []
        target = Path(os.path.normpath(kfile.parent / item))
        if target.is_dir():
            sub = kustomization_in(target)
            if sub is None:
                self.notes.append(f"{where}: kustomize resource `{item}` is a directory without a kustomization.yaml: not read")
                return []
            if sub.resolve() not in chain:  # a cycle back to a top kustomization leaves it a top one
                self.children.add(sub.resolve())
            return self.build(sub, chain)
        if target.is_file():
            if self._budget(where):
                self.resources.append(target)
            return []
        self.notes.append(f"{where}: kustomize resource `{item}` is not here: not read")
        return []

    def _patch(self, kfile: Path, doc: Any, path: tuple, item: Any, field: str) -> list[Count]:
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
        if target and any(k in target for k in ("labelSelector", "annotationSelector")) and not target.get("name"):
            self.notes.append(f"{where}: kustomize patch chosen by a selector: not followed (its target is not known here)")
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
            counts += self._counts_of(piece, located, target, field)
        return counts

    @staticmethod
    def _counts_of(piece: Any, located: Any, target: dict | None, field: str) -> list[Count]:
        kind = target.get("kind") if target else None
        name = target.get("name") if target else None
        what = "kustomize patch"
        if isinstance(piece.value, list):  # JSON 6902: a list of operations
            out = []
            for i, op in enumerate(piece.value):
                if (isinstance(op, dict) and op.get("op") in ("add", "replace") and op.get("path") == "/spec/replicas"
                        and whole(op.get("value")) is not None and target):
                    line = piece.lines.get((i, "value")) or piece.lines.get((i,))
                    out.append(Count(kind, name, Sourced(whole(op["value"]), located(line), what)))
            return out
        if not isinstance(piece.value, dict) or field == "patchesJson6902":
            return []
        value = whole(dig(piece.value, "spec", "replicas"))
        if value is None:
            return []
        if not target:  # a strategic-merge patch names what it patches (kustomize refuses one that does not)
            meta = piece.value.get("metadata")
            kind, name = piece.value.get("kind"), meta.get("name") if isinstance(meta, dict) else None
            if not isinstance(name, str):
                return []
        return [Count(kind if isinstance(kind, str) else None, name if isinstance(name, str) else None,
                      Sourced(value, located(piece.lines.get(("spec", "replicas"))), what))]


def effective(roots: list[list[Count]], kind: str, name: str, notes: list[str]) -> Sourced | None:
    """The count kustomize leaves on workload `kind`/`name`: the last one applied to it. Several top
    kustomizations (overlays for dev and prod) are alternative builds: the largest count is used, with a note."""
    found = []
    for counts in roots:
        last = None
        for count in counts:
            if count.kind in (None, kind) and count.name in (None, name):
                last = count.replicas
        if last is not None:
            found.append(last)
    if not found:
        return None
    best = max(found, key=lambda c: c.value)
    if len({c.value for c in found}) > 1:
        notes.append(f"{kind} {name}: kustomizations give it {', '.join(f'{c.value} ({c.where})' for c in found)} replicas: "
                     f"the largest, {best.where}, is used")
    return best
