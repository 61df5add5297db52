"""kustomize `replacements` (a count copied from another resource), annotation selectors, `vars` and the kubelet's
`$(VAR)` in args, and what is said, not read: `helmCharts` (not rendered). Each reading is compared with the real
kustomize where kubectl is installed (agrees_with_kustomize, agrees_on_args: skipped without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litellm_doctor.config.deployshape import read_shape
from test_deployshape_chains import BASE, agrees_with_kustomize, shape_of, shown

SCALE = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scale}\ndata:\n  replicas: \"6\"\n  pair: \"max=9\"\n"
BASE_WITH_SCALE = {**BASE, "k8s/base/scale.yaml": SCALE, "k8s/base/kustomization.yaml": "resources: [deployment.yaml, scale.yaml]\n"}


def overlay(text: str) -> dict[str, str]:
    return {**BASE_WITH_SCALE, "k8s/prod/kustomization.yaml": "resources: [../base]\n" + text}


def one(tmp_path, files, deploy="k8s/prod"):
    shape = shape_of(tmp_path, files, deploy=(deploy,))
    (unit,) = shape.units
    agrees_with_kustomize(tmp_path / deploy, unit)
    return unit, shape


def test_a_replacement_from_a_configmap_sets_the_replicas_after_the_replicas_field(tmp_path):
    text = """namePrefix: prod-
replicas: [{name: litellm, count: 3}]
replacements:
  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}
    targets:
      - select: {kind: Deployment, name: litellm}
        fieldPaths: [spec.replicas]
"""
    unit, _ = one(tmp_path / "a", overlay(text))
    # the source found by its name before the prefix (kustomize: any name it has had); the replacement runs last
    assert (unit.name, unit.replicas.value, unit.processes) == ("Deployment prod-litellm", 6, 24)
    assert unit.replicas.where == f"{shown(tmp_path / 'a/k8s/base/scale.yaml')}:5"
    assert unit.replicas.what == "kustomize replacement from ConfigMap scale"
    # part of a value (options.delimiter / index), the target by its prefixed name
    text2 = text.replace("fieldPath: data.replicas}", "fieldPath: data.pair, options: {delimiter: '=', index: 1}}").replace(
        "name: litellm}\n        fieldPaths", "name: prod-litellm}\n        fieldPaths")
    unit, _ = one(tmp_path / "b", overlay(text2))
    assert unit.replicas.value == 9 and unit.replicas.where.endswith("scale.yaml:6")
    # rejected: the Deployment keeps the `replicas:` count
    text3 = text.replace("        fieldPaths", "        reject: [{name: prod-litellm}]\n        fieldPaths")
    unit, _ = one(tmp_path / "c", overlay(text3))
    assert unit.replicas.value == 3 and unit.replicas.what == "kustomize replicas"


def test_a_replacement_in_a_base_then_an_overlay_patch_and_into_an_hpa(tmp_path):
    base = {**BASE_WITH_SCALE, "k8s/base/kustomization.yaml": """resources: [deployment.yaml, scale.yaml]
replacements:
  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}
    targets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas]}]
"""}
    unit, _ = one(tmp_path / "a", base, "k8s/base")
    assert unit.replicas.value == 6
    patch = ("patches:\n  - target: {kind: Deployment, name: litellm}\n"
             "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 4}]'\n")
    unit, _ = one(tmp_path / "b", {**base, "k8s/prod/kustomization.yaml": "resources: [../base]\n" + patch})
    assert unit.replicas.value == 4  # the overlay's patch comes after the base is built
    hpa = ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: litellm}\nspec:\n"
           "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: litellm}\n  minReplicas: 2\n  maxReplicas: 3\n")
    replacement = """replacements:
  - path: max.yaml
"""
    max_file = ("source: {kind: ConfigMap, name: scale, fieldPath: data.pair, options: {delimiter: '=', index: 1}}\n"
                "targets:\n  - select: {kind: HorizontalPodAutoscaler}\n    fieldPaths: [spec.maxReplicas]\n")
    files = {**base, "k8s/prod/kustomization.yaml": "resources: [../base, hpa.yaml]\n" + replacement,
             "k8s/prod/hpa.yaml": hpa, "k8s/prod/max.yaml": max_file}
    unit, shape = one(tmp_path / "c", files)
    assert (unit.replicas.value, unit.replicas.what) == (9, "HPA maxReplicas, kustomize patch"), unit.replicas
    assert unit.replicas.where.endswith("base/scale.yaml:6")
    assert shown(tmp_path / "c/k8s/prod/max.yaml") not in [u.file for u in shape.units]


def test_selectors_by_annotation_see_the_common_annotations_below(tmp_path):
    """commonAnnotations of prod make `team=ai`; a patch and a replacement of the top select by it (kustomize's
    annotationSelector: the same syntax as a label selector)."""
    base = {**BASE_WITH_SCALE, "k8s/prod/kustomization.yaml": "resources: [../base]\ncommonAnnotations: {team: ai}\n"}
    for i, (selector, expected) in enumerate((("team=ai", 5), ("team in (ai, ml)", 5), ("team!=ai", 2), ("owner", 2))):
        top = ("resources: [../prod]\npatches:\n  - target: {kind: Deployment, annotationSelector: \"" + selector + "\"}\n"
               "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 5}]'\n")
        unit, _ = one(tmp_path / f"p{i}", {**base, "k8s/top/kustomization.yaml": top}, "k8s/top")
        assert unit.replicas.value == expected, (selector, unit.replicas)
        replacement = ("resources: [../prod]\nreplacements:\n  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}\n"
                       "    targets:\n      - select: {annotationSelector: \"" + selector + "\"}\n        fieldPaths: [spec.replicas]\n"
                       "        options: {create: true}\n")
        if expected == 2:  # a target without spec.replicas is created (the ConfigMap): kustomize does it, no count here
            continue
        unit, _ = one(tmp_path / f"r{i}", {**base, "k8s/top/kustomization.yaml": replacement}, "k8s/top")
        assert unit.replicas.value == 6, (selector, unit.replicas)


def test_what_is_not_read_is_said(tmp_path):
    # helmCharts: not rendered, said so (kustomize itself needs --enable-helm and the helm program)
    chart = ("helmCharts:\n  - name: litellm-helm\n    repo: oci://ghcr.io/berriai\n    version: 0.1.0\n"
             "    valuesInline: {replicaCount: 4}\n")
    shape = shape_of(tmp_path / "a", overlay(chart), deploy=("k8s/prod",))
    notes = [n for n in shape.notes if "helmCharts `litellm-helm` was NOT rendered" in n]
    assert len(notes) == 1 and "kustomization.yaml:3" in notes[0] and "--enable-helm" in notes[0], shape.notes
    assert shape.units[0].replicas.value == 2  # the base's Deployment only: the chart's is not counted
    # a replacement into a container's args, a source that is not there or not a number: notes, nothing applied
    odd = """replacements:
  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}
    targets: [{select: {kind: Deployment}, fieldPaths: ["spec.template.spec.containers.[name=litellm].args.3"]}]
  - source: {kind: ConfigMap, name: nowhere, fieldPath: data.replicas}
    targets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas]}]
  - source: {kind: ConfigMap, name: scale, fieldPath: data.pair}
    targets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas]}]
  - path: missing.yaml
  - 7
  - {source: 1, targets: x}
"""
    shape = shape_of(tmp_path / "b", overlay(odd), deploy=("k8s/prod",))
    said = " ".join(shape.notes)
    assert shape.units[0].replicas.value == 2 and shape.units[0].workers.value == 4
    for expected in ("replacement into `spec.template.spec.containers.[name=litellm].args.3`: not followed",
                     "source ConfigMap nowhere: not among the files read", "`data.pair` is not a whole number here",
                     "replacement file `missing.yaml` is not here"):
        assert expected in said, (expected, shape.notes)


@pytest.mark.parametrize("value", ["", "[]", "{}", "[{}]", "[{source: {}, targets: []}]", "[{source: {kind: X}, targets: [{fieldPaths: 3}]}]",
                                   "[{source: {kind: ConfigMap, name: scale}, targets: [{select: 5, fieldPaths: [spec.replicas]}]}]",
                                   "[{path: [1]}]", "[{source: {kind: ConfigMap, name: scale, fieldPath: 'data.[x=y]'}, targets: [{fieldPaths: [spec.replicas]}]}]"])
def test_odd_replacements_never_crash(tmp_path, value):
    shape = shape_of(tmp_path, overlay(f"replacements: {value}\nhelmCharts: {value}\n"), deploy=("k8s/prod",))
    assert shape.units[0].replicas.value == 2


FIXTURE = Path(__file__).parent / "deploy" / "kustomize-replacements"


def test_the_source_as_the_build_patched_it(tmp_path):
    """prod patches the ConfigMap's data.replicas (JSON 6902), then copies it into the Deployment: 8, cited at the
    patch's line, as kustomize builds it."""
    shape = read_shape(FIXTURE / "config.yaml", [FIXTURE / "k8s" / "prod"])
    (unit,) = shape.units
    agrees_with_kustomize(FIXTURE / "k8s" / "prod", unit)
    assert (unit.name, unit.replicas.value, unit.processes) == ("Deployment prod-litellm", 8, 32)
    assert unit.replicas.where == f"{shown(FIXTURE / 'k8s/prod/kustomization.yaml')}:6"
    # a strategic-merge patch of the source, in a component, then the overlay's own: the overlay's is applied last
    component = ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - patch: |-\n"
                 "      {apiVersion: v1, kind: ConfigMap, metadata: {name: scale}, data: {replicas: \"5\"}}\n")
    text = """components: [../ha]
patches:
  - patch: |-
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: scale}
      data: {replicas: "7"}
replacements:
  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}
    targets: [{select: {kind: Deployment}, fieldPaths: [spec.replicas]}]
"""
    unit, _ = one(tmp_path / "a", {**overlay(text), "k8s/ha/kustomization.yaml": component})
    assert unit.replicas.value == 7 and unit.replicas.where == f"{shown(tmp_path / 'a/k8s/prod/kustomization.yaml')}:8"
    unit, _ = one(tmp_path / "b", {**overlay(text.split("patches:")[0] + "replacements:" + text.split("replacements:")[1]),
                                   "k8s/ha/kustomization.yaml": component})
    assert unit.replicas.value == 5 and unit.replicas.where.endswith("k8s/ha/kustomization.yaml:5")
    # a JSON patch that removes (or moves) the field: no number rather than a wrong one
    shape = shape_of(tmp_path / "c", overlay("patches:\n  - target: {kind: ConfigMap, name: scale}\n    patch: '[{\"op\": \"remove\", "
                                             "\"path\": \"/data/replicas\"}]'\nreplacements:" + text.split("replacements:")[1]),
                     deploy=("k8s/prod",))
    assert shape.units[0].replicas.value == 2 and any("a JSON patch `remove` of `/data/replicas` changes it" in n for n in shape.notes)


VARS_DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: litellm}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: litellm
          image: ghcr.io/berriai/litellm:main-v1.103.0
          args: ["--config", "/app/config.yaml", "--num_workers", "$(WORKERS)", "--port=$(PORT)"]
          env:
            - {name: PORT, value: "4000"}
"""


def agrees_on_args(directory: Path, workers: int) -> None:
    """`kubectl kustomize` puts the same worker count into the LiteLLM container's args (skipped without kubectl)."""
    from test_deployshape_chains import KUBECTL, kustomize

    if KUBECTL is None:
        return
    import yaml

    proc = kustomize(directory)
    assert proc.returncode == 0, proc.stderr
    (deployment,) = [d for d in yaml.safe_load_all(proc.stdout) if d and d["kind"] == "Deployment"]
    args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--num_workers") + 1] == str(workers), args


def test_vars_are_substituted_once_the_whole_build_is_done(tmp_path):
    """A base declares `vars: WORKERS` (a ConfigMap's data.workers, 6); an overlay patches it to 3 and renames
    everything: kustomize substitutes `$(WORKERS)` at the end of the top build, so 3, cited at the patch."""
    base = {"k8s/base/deployment.yaml": VARS_DEPLOYMENT, "k8s/base/scale.yaml": SCALE.replace("pair: \"max=9\"", "workers: \"6\""),
            "k8s/base/kustomization.yaml": ("resources: [deployment.yaml, scale.yaml]\nvars:\n  - name: WORKERS\n"
                                            "    objref: {kind: ConfigMap, name: scale, apiVersion: v1}\n"
                                            "    fieldref: {fieldpath: data.workers}\n")}
    unit, _ = one(tmp_path / "a", base, "k8s/base")
    agrees_on_args(tmp_path / "a/k8s/base", 6)
    assert unit.workers.value == 6 and unit.workers.where == f"{shown(tmp_path / 'a/k8s/base/scale.yaml')}:6"
    prod = ("resources: [../base]\nnamePrefix: prod-\npatches:\n  - target: {kind: ConfigMap, name: scale}\n"
            "    patch: '[{\"op\": \"replace\", \"path\": \"/data/workers\", \"value\": \"3\"}]'\n")
    unit, _ = one(tmp_path / "b", {**base, "k8s/prod/kustomization.yaml": prod})
    agrees_on_args(tmp_path / "b/k8s/prod", 3)
    assert (unit.name, unit.workers.value, unit.processes) == ("Deployment prod-litellm", 3, 6)
    assert unit.workers.where == f"{shown(tmp_path / 'b/k8s/prod/kustomization.yaml')}:5"


def test_the_kubelet_expands_args_from_the_containers_environment(tmp_path):
    """Kubernetes' dependent environment variables: `$(NUM)` in args is the container's env NUM (its `env`, or a
    ConfigMap of its `envFrom`); `$$(NUM)` is the text `$(NUM)`; an unknown name stays as written."""
    deployment = VARS_DEPLOYMENT.replace("$(WORKERS)", "$(NUM)").replace('{name: PORT, value: "4000"}', '{name: NUM, value: "5"}')
    shape = shape_of(tmp_path / "a", {"k8s/deployment.yaml": deployment}, deploy=("k8s",))
    assert shape.units[0].workers.value == 5 and shape.units[0].workers.where.endswith("deployment.yaml:13")
    from_map = deployment.replace("          env:\n            - {name: NUM, value: \"5\"}\n", "          envFrom: [{configMapRef: {name: w}}]\n")
    shape = shape_of(tmp_path / "b", {"k8s/deployment.yaml": from_map,
                                      "k8s/w.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w}\ndata:\n  NUM: \"7\"\n"},
                     deploy=("k8s",))
    assert shape.units[0].workers.value == 7 and shape.units[0].workers.where.endswith("w.yaml:5")
    for text in ("$$(NUM)", "$(OTHER)"):
        shape = shape_of(tmp_path / text.strip("$()"), {"k8s/deployment.yaml": deployment.replace("$(NUM)", text)}, deploy=("k8s",))
        assert shape.units[0].workers is None and any("is not a number known here" in n for n in shape.notes), shape.notes
