"""Deployment files that point at other files: docker compose `extends`, kustomize overlays over a base.
Each number keeps the file:line where its effective value is written; chains are bounded and cycles
are a note, never a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cfg_helpers import write
from litellm_doctor.config.deployshape import read_shape
from litellm_doctor.errors import InputError

CONFIG = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: sk-x, rpm: 100}\n"


def shape_of(tmp_path: Path, files: dict[str, str], deploy: tuple[str, ...] = ()):
    path = write(tmp_path, CONFIG)
    for name, text in files.items():
        write(tmp_path, text, name)
    return read_shape(path, [tmp_path / d for d in deploy])


def shown(path: Path) -> str:
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


# -- docker compose extends ---------------------------------------------------------------------------
def test_extends_a_service_of_the_same_file(tmp_path):
    compose = """services:
  litellm-base:
    image: ghcr.io/berriai/litellm:main-v1.103.0
    command: ["--config", "/app/config.yaml", "--num_workers", "4"]
    environment: {NUM_WORKERS: 2}
    deploy: {replicas: 0}
  litellm:
    extends: litellm-base
    deploy: {replicas: 3}
"""
    shape = shape_of(tmp_path, {"docker-compose.yml": compose})
    units = {u.name: u for u in shape.units}
    # the base service is a service of the project too (scaled to 0 here); the one extending it inherits its command
    assert units["service litellm"].processes == 12 and units["service litellm-base"].processes == 0
    unit = units["service litellm"]
    where = shown(tmp_path / "docker-compose.yml")
    assert unit.replicas.where == f"{where}:9" and unit.workers.where == f"{where}:4"
    assert shape.processes == 12


def test_extends_a_service_in_another_file_with_its_own_relative_paths(tmp_path):
    common = """services:
  proxy:
    image: ghcr.io/berriai/litellm-database:main-v1.103.0
    env_file: litellm.env
    deploy:
      replicas: 2
"""
    compose = """services:
  litellm:
    extends:
      file: ../common/services.yml
      service: proxy
    command: --config /app/config.yaml
"""
    shape = shape_of(tmp_path / "app", {"docker-compose.yml": compose, "../common/services.yml": common,
                                        "../common/litellm.env": "NUM_WORKERS=5\n"})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value, shape.processes) == (2, 5, 10)
    assert unit.replicas.where == f"{shown(tmp_path / 'common' / 'services.yml')}:6"
    assert unit.workers.where == f"{shown(tmp_path / 'common' / 'litellm.env')}:1"  # env_file relative to the file that names it
    assert shown(tmp_path / "common" / "services.yml") in shape.files
    # the service's own keys win over the extended ones
    own = compose + "    deploy: {replicas: 7}\n    environment: [NUM_WORKERS=1]\n"
    shape = shape_of(tmp_path / "b" / "app", {"docker-compose.yml": own, "../common/services.yml": common,
                                              "../common/litellm.env": "NUM_WORKERS=5\n"})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value) == (7, 1)
    assert unit.replicas.where == f"{shown(tmp_path / 'b' / 'app' / 'docker-compose.yml')}:7"


def test_extends_chain_across_files_and_an_override_on_top(tmp_path):
    base = "services:\n  a:\n    image: ghcr.io/berriai/litellm:main\n    command: --num_workers 3\n"
    middle = "services:\n  b:\n    extends: {file: base.yml, service: a}\n    deploy: {replicas: 4}\n"
    compose = "services:\n  litellm:\n    extends: {file: middle.yml, service: b}\n"
    override = "services:\n  litellm:\n    deploy: {replicas: 6}\n"
    shape = shape_of(tmp_path, {"compose.yaml": compose, "middle.yml": middle, "base.yml": base, "compose.override.yaml": override})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value) == (6, 3)
    assert unit.replicas.where == f"{shown(tmp_path / 'compose.override.yaml')}:3"
    assert unit.workers.where == f"{shown(tmp_path / 'base.yml')}:4"


def test_extends_cycles_missing_services_and_long_chains_are_notes(tmp_path):
    cycle = """services:
  litellm:
    image: ghcr.io/berriai/litellm:main
    extends: other
    scale: 2
  other:
    image: ghcr.io/berriai/litellm:main
    extends: litellm
  self:
    image: ghcr.io/berriai/litellm:main
    extends: self
  lost:
    image: ghcr.io/berriai/litellm:main
    extends: {service: nowhere, file: nothere.yml}
"""
    shape = shape_of(tmp_path / "a", {"docker-compose.yml": cycle})
    assert {u.name: u.processes for u in shape.units} == {"service litellm": 2, "service other": 2, "service self": 1, "service lost": 1}
    assert sum("loops back" in n for n in shape.notes) >= 2, shape.notes
    assert any("nothere.yml" in n and "not followed" in n for n in shape.notes)
    # a chain of 12 files, each extending the next: followed to the bound, then a note
    files = {"compose.yaml": "services:\n  litellm:\n    extends: {file: f0.yml, service: s}\n"}
    for i in range(12):
        files[f"f{i}.yml"] = f"services:\n  s:\n    image: ghcr.io/berriai/litellm:main\n    extends: {{file: f{i + 1}.yml, service: s}}\n"
    shape = shape_of(tmp_path / "b", files)
    assert len(shape.units) == 1 and any("chain of more than 8" in n for n in shape.notes), shape.notes
    # a file that extends itself through another file: a cycle across files
    files = {"compose.yaml": "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    extends: {file: x.yml, service: s}\n",
             "x.yml": "services:\n  s:\n    extends: {file: x.yml, service: s}\n"}
    shape = shape_of(tmp_path / "c", files)
    assert any("loops back" in n for n in shape.notes), shape.notes


def test_environment_wins_over_every_env_file_and_the_last_env_file_wins(tmp_path):
    base = "services:\n  a:\n    image: ghcr.io/berriai/litellm:main\n    environment: {NUM_WORKERS: 2}\n"
    compose = "services:\n  litellm:\n    extends: {file: base.yml, service: a}\n    env_file: [one.env, two.env]\n"
    shape = shape_of(tmp_path / "a", {"compose.yaml": compose, "base.yml": base, "one.env": "NUM_WORKERS=3\n", "two.env": "NUM_WORKERS=4\n"})
    assert shape.units[0].workers.value == 2 and shape.units[0].workers.where.endswith("base.yml:4")
    shape = shape_of(tmp_path / "b", {"compose.yaml": compose, "base.yml": base.replace("    environment: {NUM_WORKERS: 2}\n", ""),
                                      "one.env": "NUM_WORKERS=3\n", "two.env": "NUM_WORKERS=4\n"})
    assert shape.units[0].workers.value == 4 and shape.units[0].workers.where.endswith("two.env:1")


# -- kustomize: overlays over a base ---------------------------------------------------------------------
# a Deployment of 2 replicas x 4 workers (--num_workers at line 11), also the base of the README's example
BASE_DEPLOYMENT = (Path(__file__).parent / "deploy" / "kustomize-overlay" / "k8s" / "base" / "deployment.yaml").read_text()
BASE = {"k8s/base/deployment.yaml": BASE_DEPLOYMENT, "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n"}


def test_overlay_resources_point_at_the_base_its_patch_sets_replicas(tmp_path):
    overlay = "resources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n"
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: litellm\nspec:\n  replicas: 5\n"
    shape = shape_of(tmp_path, {**BASE, "k8s/overlays/prod/kustomization.yaml": overlay, "k8s/overlays/prod/replicas.yaml": patch},
                     deploy=("k8s/overlays/prod",))
    (unit,) = shape.units
    agrees_with_kustomize(tmp_path / "k8s/overlays/prod", unit)
    assert (unit.replicas.value, unit.replicas.what, shape.processes) == (5, "kustomize patch", 20)
    assert unit.replicas.where == f"{shown(tmp_path / 'k8s/overlays/prod/replicas.yaml')}:6"
    assert unit.workers.where == f"{shown(tmp_path / 'k8s/base/deployment.yaml')}:11"
    # the base alone: its own spec.replicas
    assert shape_of(tmp_path / "b", BASE, deploy=("k8s/base",)).processes == 8


def test_replicas_field_overrides_a_patch_of_the_same_kustomization_and_the_base(tmp_path):
    base = {**BASE, "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\nreplicas:\n  - name: litellm\n    count: 3\n"}
    # kustomize's order: patches, then replicas; the overlay's transformers run after the base is built
    overlay = """resources: [../../base]
patchesStrategicMerge:
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: litellm}
    spec:
      replicas: 7
replicas:
  - name: litellm
    count: 4
"""
    shape = shape_of(tmp_path / "a", {**base, "k8s/overlays/prod/kustomization.yaml": overlay}, deploy=("k8s/overlays/prod",))
    agrees_with_kustomize(tmp_path / "a/k8s/overlays/prod", shape.units[0])
    assert shape.units[0].replicas.value == 4
    assert shape.units[0].replicas.where == f"{shown(tmp_path / 'a/k8s/overlays/prod/kustomization.yaml')}:11"
    # without the overlay's replicas: its inline patch (line 8 of the kustomization, inside the block) wins over the base's count
    shape = shape_of(tmp_path / "b", {**base, "k8s/overlays/prod/kustomization.yaml": overlay.split("replicas:\n  - name")[0]},
                     deploy=("k8s/overlays/prod",))
    agrees_with_kustomize(tmp_path / "b/k8s/overlays/prod", shape.units[0])
    assert shape.units[0].replicas.value == 7
    assert shape.units[0].replicas.where == f"{shown(tmp_path / 'b/k8s/overlays/prod/kustomization.yaml')}:8"
    # the base alone: its own replicas field (line 4)
    shape = shape_of(tmp_path / "c", base, deploy=("k8s/base",))
    assert shape.units[0].replicas.value == 3 and shape.units[0].replicas.where.endswith("base/kustomization.yaml:4")


def test_json6902_patches_with_a_target(tmp_path):
    overlay = """resources: [../base]
patches:
  - target: {kind: Deployment, name: litellm}
    patch: |-
      - op: replace
        path: /spec/replicas
        value: 6
  - target: {kind: Deployment, name: other}
    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 9}]'
patchesJson6902:
  - target: {group: apps, version: v1, kind: StatefulSet, name: litellm}
    path: sts.yaml
"""
    files = {"k8s/base/deployment.yaml": BASE_DEPLOYMENT, "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n",
             "k8s/prod/kustomization.yaml": overlay, "k8s/prod/sts.yaml": "- op: replace\n  path: /spec/replicas\n  value: 11\n"}
    shape = shape_of(tmp_path, files, deploy=("k8s/prod",))
    assert shape.units[0].replicas.value == 6  # not the other Deployment's 9, nor the StatefulSet's 11
    assert shape.units[0].replicas.where == f"{shown(tmp_path / 'k8s/prod/kustomization.yaml')}:7"


def test_overlay_found_beside_the_config_and_alternative_overlays(tmp_path):
    dev = "resources: [../base]\nreplicas: [{name: litellm, count: 1}]\n"
    prod = "resources: [../base]\nreplicas: [{name: litellm, count: 8}]\n"
    files = {"k8s/base/deployment.yaml": BASE_DEPLOYMENT, "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n",
             "k8s/dev/kustomization.yaml": dev, "k8s/prod/kustomization.yaml": prod}
    shape = shape_of(tmp_path, files, deploy=("k8s/dev", "k8s/prod", "k8s/base"))
    (unit,) = shape.units  # the base's Deployment once, though three builds read it
    assert unit.replicas.value == 8 and any("the largest" in n for n in shape.notes), shape.notes
    # discovered: a kustomization.yaml in k8s/ beside the config (no `kind:` in it) and its ../base
    shape = shape_of(tmp_path / "x", {"k8s/kustomization.yaml": "resources: [../base]\nreplicas: [{name: litellm, count: 5}]\n",
                                      "base/deployment.yaml": BASE_DEPLOYMENT, "base/kustomization.yaml": "resources: [deployment.yaml]\n"})
    assert shape.processes == 20 and shape.units[0].replicas.where.endswith("k8s/kustomization.yaml:2")


def test_kustomize_cycles_remote_and_missing_resources_are_notes(tmp_path):
    files = {"a/kustomization.yaml": "resources: [../b, https://github.com/x/y//base, missing.yaml, ../empty]\n",
             "b/kustomization.yaml": "resources: [../a, deployment.yaml]\nreplicas: [{name: litellm, count: 3}]\n",
             "b/deployment.yaml": BASE_DEPLOYMENT, "empty/x.txt": ""}
    shape = shape_of(tmp_path, files, deploy=("a",))
    assert shape.processes == 12  # b's count 3 x 4 workers
    text = " ".join(shape.notes)
    for expected in ("a cycle", "is remote", "`missing.yaml` is not here", "without a kustomization.yaml"):
        assert expected in text, shape.notes
    # a chain deeper than the bound: a note, no recursion error
    deep = {f"k{i}/kustomization.yaml": f"resources: [../k{i + 1}]\n" for i in range(12)}
    shape = shape_of(tmp_path / "deep", {**deep, "k12/kustomization.yaml": "resources: [deployment.yaml]\n", "k12/deployment.yaml": BASE_DEPLOYMENT},
                     deploy=("k0",))
    assert shape.processes is None and any("more than 8 kustomizations" in n for n in shape.notes), shape.notes
    # a malformed kustomization named with --deploy: an error (exit 2 in the CLI)
    write(tmp_path / "bad", "resources: [\n", "kustomization.yaml")
    with pytest.raises(InputError, match="malformed YAML"):
        read_shape(write(tmp_path / "bad", CONFIG), [tmp_path / "bad" / "kustomization.yaml"])


def test_check_cites_the_overlay_patch_and_the_base(tmp_path):
    root = Path(__file__).resolve().parents[2]
    fixture = "tests/config/deploy/kustomize-overlay"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "NUM_WORKERS", "CONFIG_FILE_PATH"))}
    env["PYTHONPATH"] = str(root / "src")
    result = subprocess.run([sys.executable, "-m", "litellm_doctor", "check", f"{fixture}/config.yaml", "--deploy", f"{fixture}/k8s/overlays/prod",
                             "--select", "LD-CFG-150", "--format", "json"], capture_output=True, text=True, env=env, cwd=root, timeout=60)
    (finding,) = json.loads(result.stdout)["findings"]
    assert (f"24 proxy processes (6 replicas (kustomize patch, {fixture}/k8s/overlays/prod/kustomization.yaml:8) x 4 workers "
            f"({fixture}/k8s/base/deployment.yaml:11))") in finding["message"]


@pytest.mark.parametrize("kustomization, compose", [
    ("resources: 5\npatches: 7\nreplicas: x\n", "services: {litellm: {image: litellm, extends: 5}}\n"),
    ("resources: [5, null, {a: 1}]\npatches: [5, {target: 5}, {path: 7}, {patch: 9}, {patch: '[', target: {name: litellm}}]\n"
     "patchesStrategicMerge: [{a: 1}, 'kind: Deployment\\nspec: {replicas: 4}\\n']\nreplicas: [{name: 5, count: 2}, {name: litellm, count: -1}]\n",
     "services: {litellm: {image: litellm, extends: {service: 5}}, b: {image: litellm, extends: {service: litellm, file: [1]}}}\n"),
    ("patches:\n  - target: {labelSelector: app=litellm}\n    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 9}]'\n"
     "  - patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 8}]'\nresources: [deployment.yaml]\n",
     "services: {litellm: {image: litellm, extends: {service: litellm, file: docker-compose.yml}}}\n"),
])
def test_odd_kustomizations_and_extends_never_crash(tmp_path, kustomization, compose):
    shape = shape_of(tmp_path, {"k8s/kustomization.yaml": kustomization, "k8s/deployment.yaml": BASE_DEPLOYMENT, "docker-compose.yml": compose})
    # the Deployment's own 2 replicas x 4 workers: no odd count applied (the larger of the two deployments is used)
    assert shape.processes == 8, (shape.processes, shape.notes)
    assert all(u.replicas is None or u.replicas.value == 2 for u in shape.units if u.name.startswith("Deployment")), shape.units


def test_a_patch_file_beside_the_overlay_is_not_a_second_workload(tmp_path):
    # the overlay's directory is read whole (--deploy names it); its patch says `kind: Deployment` with a
    # LiteLLM container, but kustomize applies it to the base's Deployment: one workload, not two
    patch = BASE_DEPLOYMENT.replace("replicas: 2", "replicas: 3").rsplit("\n", 2)[0] + "\n"  # without the args
    assert "--num_workers" not in patch
    overlay = "resources: [../../base]\npatchesStrategicMerge: [patch.yaml]\n"
    shape = shape_of(tmp_path, {**BASE, "k8s/overlays/prod/kustomization.yaml": overlay, "k8s/overlays/prod/patch.yaml": patch},
                     deploy=("k8s/overlays/prod",))
    (unit,) = shape.units
    assert unit.processes == 12 and unit.replicas.where.endswith("prod/patch.yaml:5")
    assert unit.file.endswith("base/deployment.yaml")


# -- kustomize: namePrefix / nameSuffix / namespace ------------------------------------------------------
PREFIXED = Path(__file__).parent / "deploy" / "kustomize-prefix"
KUBECTL = shutil.which("kubectl")


def kustomize(directory: Path) -> subprocess.CompletedProcess:
    """The real kustomize (v5, built into kubectl): `kubectl kustomize DIR` builds on disk, no cluster, no network."""
    return subprocess.run([KUBECTL, "kustomize", str(directory)], capture_output=True, text=True, timeout=60)


def agrees_with_kustomize(directory: Path, unit) -> None:
    """What `kustomize build` outputs for the LiteLLM Deployment: its name, and the replicas the doctor counts
    (the maxReplicas of the HPA that targets it in the output, else spec.replicas). Skipped without kubectl."""
    if KUBECTL is None:
        return
    proc = kustomize(directory)
    assert proc.returncode == 0, proc.stderr
    docs = [d for d in yaml.safe_load_all(proc.stdout) if d]
    (deployment,) = [d for d in docs if d["kind"] == "Deployment"]
    name, namespace = deployment["metadata"]["name"], deployment["metadata"].get("namespace")
    hpa = [d["spec"]["maxReplicas"] for d in docs if d["kind"] == "HorizontalPodAutoscaler"
           and d["spec"]["scaleTargetRef"]["name"] == name and d["metadata"].get("namespace") == namespace]
    replicas = hpa[0] if hpa else deployment["spec"].get("replicas", 1)
    assert (unit.name, unit.replicas.value if unit.replicas else 1) == (f"Deployment {name}", replicas)


def test_name_prefix_overlay_its_patch_and_the_hpa_of_a_higher_overlay():
    """prod: `namePrefix: prod-`, `namespace: llm` and a patch naming `litellm` (applied before its own prefix);
    prod-eu over it: `nameSuffix: -eu`, a patch and an HPA naming `prod-litellm`, the name prod gave it."""
    fixture = shown(PREFIXED)
    shape = read_shape(PREFIXED / "config.yaml", [PREFIXED / "k8s" / "overlays" / "prod"])
    (unit,) = shape.units
    agrees_with_kustomize(PREFIXED / "k8s" / "overlays" / "prod", unit)
    assert unit.name == "Deployment prod-litellm" and unit.processes == 12
    assert unit.replicas.where == f"{fixture}/k8s/overlays/prod/replicas.yaml:6"
    assert unit.workers.where == f"{fixture}/k8s/base/deployment.yaml:17"
    shape = read_shape(PREFIXED / "config.yaml", [PREFIXED / "k8s" / "overlays" / "prod-eu"])
    (unit,) = shape.units
    agrees_with_kustomize(PREFIXED / "k8s" / "overlays" / "prod-eu", unit)
    assert unit.name == "Deployment prod-litellm-eu" and unit.processes == 32, shape
    assert (unit.replicas.what, unit.replicas.where) == ("HPA maxReplicas", f"{fixture}/k8s/overlays/prod-eu/hpa.yaml:12")
    # burst over prod-eu: a patch of the HPA, by the name prod-eu gave it, raises its maximum
    shape = read_shape(PREFIXED / "config.yaml", [PREFIXED / "k8s" / "overlays" / "burst"])
    (unit,) = shape.units
    agrees_with_kustomize(PREFIXED / "k8s" / "overlays" / "burst", unit)
    assert unit.processes == 48 and unit.replicas.what == "HPA maxReplicas, kustomize patch"
    assert unit.replicas.where == f"{fixture}/k8s/overlays/burst/hpa-max.yaml:7"


def test_a_patch_and_a_replicas_field_find_a_renamed_deployment_by_any_of_its_names(tmp_path):
    prod = "resources: [../../base]\nnamePrefix: prod-\n"
    # the higher overlay's JSON 6902 patch names the renamed Deployment (no HPA here)
    eu = ("resources: [../prod]\nnameSuffix: -eu\npatches:\n  - target: {kind: Deployment, name: prod-litellm}\n"
          "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 5}]'\n")
    files = {**BASE, "k8s/overlays/prod/kustomization.yaml": prod, "k8s/overlays/eu/kustomization.yaml": eu}
    (unit,) = shape_of(tmp_path / "a", files, deploy=("k8s/overlays/eu",)).units
    agrees_with_kustomize(tmp_path / "a/k8s/overlays/eu", unit)
    assert (unit.name, unit.replicas.value) == ("Deployment prod-litellm-eu", 5)
    assert unit.replicas.where == f"{shown(tmp_path / 'a/k8s/overlays/eu/kustomization.yaml')}:5"
    # a name the Deployment never had matches nothing: the base's own 2 replicas (a JSON 6902 patch by target that
    # matches nothing is no error for kustomize)
    (unit,) = shape_of(tmp_path / "b", {**files, "k8s/overlays/eu/kustomization.yaml": eu.replace("prod-litellm", "staging-litellm")},
                       deploy=("k8s/overlays/eu",)).units
    agrees_with_kustomize(tmp_path / "b/k8s/overlays/eu", unit)
    assert unit.replicas.value == 2 and unit.replicas.where.endswith("base/deployment.yaml:5")
    # `replicas:` runs after the kustomization's own prefix: its renamed name and its original one both match
    for name in ("prod-litellm", "litellm"):
        overlay = f"resources: [../../base]\nnamePrefix: prod-\nreplicas:\n  - name: {name}\n    count: 7\n"
        (unit,) = shape_of(tmp_path / name, {**BASE, "k8s/overlays/prod/kustomization.yaml": overlay}, deploy=("k8s/overlays/prod",)).units
        agrees_with_kustomize(tmp_path / name / "k8s/overlays/prod", unit)
        assert (unit.name, unit.replicas.value) == ("Deployment prod-litellm", 7)
    # a patch of the same kustomization runs before its prefix: the prefixed name is not the Deployment's yet
    overlay = ("resources: [../../base]\nnamePrefix: prod-\npatches:\n  - target: {kind: Deployment, name: prod-litellm}\n"
               "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 9}]'\n")
    (unit,) = shape_of(tmp_path / "early", {**BASE, "k8s/overlays/prod/kustomization.yaml": overlay}, deploy=("k8s/overlays/prod",)).units
    agrees_with_kustomize(tmp_path / "early/k8s/overlays/prod", unit)
    assert unit.replicas.value == 2


HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: litellm, namespace: NS}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: litellm}
  maxReplicas: 6
"""


def test_the_namespace_an_overlay_sets_is_the_one_an_hpa_is_matched_in(tmp_path):
    base = {"k8s/base/deployment.yaml": BASE_DEPLOYMENT.replace("metadata: {name: litellm}", "metadata: {name: litellm, namespace: staging}"),
            "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "k8s/prod/kustomization.yaml": "resources: [../base]\nnamespace: llm\n"}
    # the HPA of a higher overlay, in the namespace the prod overlay moved the Deployment to
    top = {"k8s/top/kustomization.yaml": "resources: [../prod, hpa.yaml]\n", "k8s/top/hpa.yaml": HPA.replace("NS", "llm")}
    (unit,) = shape_of(tmp_path / "a", {**base, **top}, deploy=("k8s/top",)).units
    agrees_with_kustomize(tmp_path / "a/k8s/top", unit)
    assert (unit.replicas.value, unit.replicas.what) == (6, "HPA maxReplicas")
    # in another namespace it scales another Deployment of that name
    top["k8s/top/hpa.yaml"] = HPA.replace("NS", "staging")
    (unit,) = shape_of(tmp_path / "b", {**base, **top}, deploy=("k8s/top",)).units
    agrees_with_kustomize(tmp_path / "b/k8s/top", unit)
    assert unit.replicas.value == 2


def test_alternative_overlays_with_their_own_prefix_and_a_component(tmp_path):
    dev = "resources: [../base]\nnamePrefix: dev-\nreplicas: [{name: dev-litellm, count: 1}]\n"
    prod = "resources: [../base, hpa.yaml]\nnamePrefix: prod-\n"
    files = {**BASE, "k8s/dev/kustomization.yaml": dev, "k8s/prod/kustomization.yaml": prod,
             "k8s/prod/hpa.yaml": HPA.replace(", namespace: NS", "")}
    shape = shape_of(tmp_path / "a", files, deploy=("k8s/dev", "k8s/prod"))
    (unit,) = shape.units  # the base's Deployment once: the build with the most replicas, by its name there
    agrees_with_kustomize(tmp_path / "a/k8s/prod", unit)
    assert (unit.name, unit.replicas.value) == ("Deployment prod-litellm", 6)
    assert any("kustomizations give it 1 (" in n and "the largest" in n for n in shape.notes), shape.notes
    # a component's patch applies to the resources of the kustomization that lists it (the base's Deployment too)
    component = ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n"
                 "  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: litellm}\n      spec: {replicas: 4}\n")
    files = {**BASE, "k8s/components/ha/kustomization.yaml": component,
             "k8s/overlays/prod/kustomization.yaml": "resources: [../../base]\ncomponents: [../../components/ha]\nnamePrefix: prod-\n"}
    (unit,) = shape_of(tmp_path / "c", files, deploy=("k8s/overlays/prod",)).units
    agrees_with_kustomize(tmp_path / "c/k8s/overlays/prod", unit)
    assert (unit.name, unit.replicas.value) == ("Deployment prod-litellm", 4)
    assert unit.replicas.where == f"{shown(tmp_path / 'c/k8s/components/ha/kustomization.yaml')}:8"


# -- Helm: `helm template` output is manifests --------------------------------------------------------------
RENDERED = Path(__file__).parent / "deploy" / "helm-rendered"


def test_helm_template_output_is_read_with_the_template_of_each_number():
    """Several documents, each under helm's `# Source:` comment: the numbers cite the rendered file's line and
    the chart template it came from; the chart's test hook Pod (`wget litellm:4000/…`) is no replica."""
    fixture = shown(RENDERED)
    shape = read_shape(RENDERED / "config.yaml", [RENDERED / "rendered.yaml"])
    (unit,) = shape.units
    assert (unit.name, unit.processes) == ("Deployment litellm", 40), shape.units
    assert unit.replicas.cited("replica") == (f"10 replicas (HPA maxReplicas, {fixture}/rendered.yaml:111, "
                                              "from litellm-helm/templates/hpa.yaml)")
    assert unit.workers.cited("worker") == f"4 workers (NUM_WORKERS, {fixture}/rendered.yaml:83, from litellm-helm/templates/deployment.yaml)"

def test_without_the_hook_annotation_the_test_pod_would_count(tmp_path):
    text = (RENDERED / "rendered.yaml").read_text()
    assert '    "helm.sh/hook": test\n' in text
    shape = shape_of(tmp_path, {"rendered.yaml": text.replace('    "helm.sh/hook": test\n', '    team: qa\n')}, deploy=("rendered.yaml",))
    assert [u.name for u in shape.units] == ["Deployment litellm", "Pod litellm-test-connection"]


def test_a_rendered_file_without_source_comments_and_empty_documents(tmp_path):
    # helm prints `---` + `# Source:` for a template that renders nothing (hpa.yaml with autoscaling off)
    text = (RENDERED / "rendered.yaml").read_text()
    deployment = text[text.index("# Source: litellm-helm/templates/deployment.yaml"):text.index("---\n# Source: litellm-helm/templates/hpa.yaml")]
    rendered = "---\n# Source: litellm-helm/templates/hpa.yaml\n---\n" + deployment.replace("spec:\n  selector", "spec:\n  replicas: 3\n  selector", 1)
    shape = shape_of(tmp_path, {"rendered.yaml": rendered}, deploy=("rendered.yaml",))
    (unit,) = shape.units
    assert unit.processes == 12 and unit.replicas.where.endswith("rendered.yaml:14, from litellm-helm/templates/deployment.yaml")
    # the same manifest without helm's comments: file:line alone
    shape = shape_of(tmp_path / "plain", {"rendered.yaml": "\n".join(l for l in rendered.splitlines() if not l.startswith("#"))},
                     deploy=("rendered.yaml",))
    assert shape.units[0].replicas.where.endswith("rendered.yaml:12"), shape.units[0].replicas


def test_a_patch_chosen_by_label_selector_sees_the_labels_of_the_kustomizations_below(tmp_path):
    """commonLabels of prod make `tier=gateway`; top's patch selects by it. A kustomization's own commonLabels
    come after its own patches (kustomize's order), so a selector on them in the same kustomization selects nothing."""
    base = {"k8s/base/deployment.yaml": (PREFIXED / "k8s/base/deployment.yaml").read_text(),  # labels: {app: litellm}
            "k8s/base/kustomization.yaml": "resources: [deployment.yaml]\n",
            "k8s/prod/kustomization.yaml": "resources: [../base]\ncommonLabels: {tier: gateway}\n"}

    def top(selector: str, where: str = "top") -> dict[str, str]:
        patch = ("patches:\n  - target: {kind: Deployment, labelSelector: \"" + selector + "\"}\n"
                 "    patch: '[{\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 5}]'\n")
        if where == "prod":
            return {"k8s/prod/kustomization.yaml": base["k8s/prod/kustomization.yaml"] + patch}
        return {"k8s/top/kustomization.yaml": "resources: [../prod]\n" + patch}

    cases = [("tier=gateway", "top", 5), ("tier==gateway,app", "top", 5), ("app in (litellm, proxy)", "top", 5),
             ("tier!=gateway", "top", 2), ("tier=batch", "top", 2), ("!tier", "top", 2), ("app notin (proxy)", "top", 5),
             ("tier=gateway", "prod", 2)]
    for i, (selector, where, expected) in enumerate(cases):
        directory = tmp_path / str(i)
        deploy = "k8s/top" if where == "top" else "k8s/prod"
        (unit,) = shape_of(directory, {**base, **top(selector, where)}, deploy=(deploy,)).units
        agrees_with_kustomize(directory / deploy, unit)
        assert unit.replicas.value == expected, (selector, where, unit.replicas)
    # what is not a selector, and annotation selectors: a note, nothing applied
    for odd in ("tier in gateway", "a," * 200_000 + "tier=gateway"):  # not a selector; one too long to be one
        shape = shape_of(tmp_path / f"odd{len(odd)}", {**base, **top(odd)}, deploy=("k8s/top",))
        assert shape.units[0].replicas.value == 2 and any("is not one this reads" in n for n in shape.notes), shape.notes
