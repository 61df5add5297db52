"""Kubernetes Services matched to the LiteLLM pods they select, from the manifests only (deployshape/services.py),
and what `check` makes of it: LD-CFG-152 (one Service in front of LiteLLM workloads that differ), LD-CFG-153 (a
Service that fronts LiteLLM selects no pod), LD-CFG-154 (a Service in front of LiteLLM that also selects pods that do
not serve its targetPort), LD-CFG-155 (a Service whose targetPort is not the port LiteLLM listens on)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from cfg_helpers import write
from litellm_doctor.config.deployshape import read_shape

HERE = Path(__file__).parent / "deploy"
ROOT = Path(__file__).resolve().parents[2]
KUBECTL = shutil.which("kubectl")
IDS = ("LD-CFG-152", "LD-CFG-153", "LD-CFG-154", "LD-CFG-155")


def shown(path: Path) -> str:
    return os.path.relpath(path)


def check(*args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "NUM_WORKERS", "CONFIG_FILE_PATH", "LITELLM_"))}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "check", *args, *(a for i in IDS for a in ("--select", i)),
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def found(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] in IDS]


# -- the fixtures ------------------------------------------------------------------------------------------
def test_a_service_in_front_of_two_litellm_versions_with_other_configs_and_keys():
    fixture = shown(HERE / "service-mixed")
    shape = read_shape(HERE / "service-mixed" / "config.yaml")
    assert {r.service: r.headless for r in shape.routes} == {"Service litellm": False, "Service litellm-headless": True}
    assert all({p.unit for p in r.pods} == {"Deployment litellm", "Deployment litellm-next"} for r in shape.routes)
    assert not shape.misses
    (finding,) = found(check(f"{fixture}/config.yaml"))
    # one finding for the two Services that select the same pods, at the selector of the one clients use
    assert finding["rule_id"] == "LD-CFG-152" and finding["severity"] == "warning"
    assert finding["location"] == {"file": f"{fixture}/k8s/service.yaml", "line": 8}
    message = finding["message"]
    assert message.startswith("Service litellm and Service litellm-headless (namespace llm) send requests to the pods of "
                              "Deployment litellm and Deployment litellm-next, which differ: ")  # the most replicas first
    assert (f"image ghcr.io/berriai/litellm-database:main-v1.103.0 ({fixture}/k8s/deployment.yaml:16) on Deployment litellm, "
            f"ghcr.io/berriai/litellm-database:main-v1.108.14 ({fixture}/k8s/deployment-next.yaml:17) on Deployment litellm-next; ") in message
    assert f"ConfigMap litellm-config-next key config.yaml ({fixture}/k8s/deployment-next.yaml:38) on Deployment litellm-next" in message
    assert f"Secret litellm-next-secrets key master-key ({fixture}/k8s/deployment-next.yaml:23) on Deployment litellm-next" in message
    assert "2 LiteLLM versions answer behind one address" in message
    assert "a key accepted by one pod may be refused by another" in message
    assert "about 1 request in 4 reaches Deployment litellm-next: 3 + 1 replicas" in message
    assert "REDIS_HOST" not in message  # the same value on both
    assert finding["steps"][1].endswith("(here: `--fleet litellm-headless.llm.svc.cluster.local:4000`, Service litellm-headless).")


def test_a_consistent_fleet_behind_a_service_gives_no_finding():
    """Two Deployments (one per zone) with the same image, ConfigMap and Secrets behind a Service and a headless
    Service; Services of Redis and Postgres and another app on port 4000 whose pods are not in the files."""
    shape = read_shape(HERE / "service-consistent" / "config.yaml")
    routes = {r.service: r for r in shape.routes}
    assert set(routes) == {"Service litellm", "Service litellm-headless"}
    assert (routes["Service litellm"].port, routes["Service litellm"].target) == (80, 4000)  # targetPort: http, by name
    assert routes["Service litellm-headless"].address() == "litellm-headless.llm.svc.cluster.local:4000"
    assert not shape.misses
    assert found(check(shown(HERE / "service-consistent" / "config.yaml"))) == []


def test_a_service_whose_selector_has_a_typo():
    fixture = shown(HERE / "service-typo")
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-153"
    assert finding["location"] == {"file": f"{fixture}/k8s/litellm.yaml", "line": 31}
    assert finding["message"] == (
        f"Service litellm (namespace llm) selects no pod in the files read: its selector `app: litelm` ({fixture}/k8s/litellm.yaml:31) "
        "matches no pod's labels, while its port 4000 targets port 4000 of Deployment litellm's LiteLLM container, and the pods of "
        f"Deployment litellm carry `app: litellm` ({fixture}/k8s/litellm.yaml:13): the Service has no endpoints, so every request "
        "sent to it fails (connection refused, or 503 from an ingress in front of it)")
    assert finding["steps"] == [
        "Make the Service's selector (app: litelm) equal to labels the LiteLLM pods carry in `spec.template.metadata.labels` "
        "(with kustomize, both get `commonLabels`).", "Then `kubectl get endpoints -n llm litellm` lists the pods' addresses."]


def test_a_kustomize_overlay_its_canary_images_and_common_labels():
    """prod: namePrefix, namespace, commonLabels (into the Service's selector and the pod templates), a plain `labels:`
    entry (metadata only), `images:` setting every LiteLLM image to one tag, and a canary with its own ConfigMap."""
    fixture = shown(HERE / "service-kustomize")
    overlay = HERE / "service-kustomize" / "k8s" / "overlays" / "prod"
    shape = read_shape(HERE / "service-kustomize" / "config.yaml", [overlay])
    (route,) = shape.routes
    assert (route.service, route.namespace) == ("Service prod-litellm", "llm")
    assert {p.unit for p in route.pods} == {"Deployment prod-litellm", "Deployment prod-litellm-canary"}
    assert {p.image.key for p in route.pods} == {("image", "ghcr.io/berriai/litellm-database:main-v1.108.14")}
    assert {p.image.shown.split(" (")[1] for p in route.pods} == {f"{fixture}/k8s/overlays/prod/kustomization.yaml:14)"}
    agrees_with_kustomize(overlay, route)
    (finding,) = found(check(f"{fixture}/config.yaml", "--deploy", str(overlay)))
    assert finding["rule_id"] == "LD-CFG-152" and finding["location"]["file"] == f"{fixture}/k8s/base/service.yaml"
    assert finding["severity"] == "info"  # Deployment prod-litellm-canary: a canary is meant to differ
    message = finding["message"]
    assert message.startswith("Service prod-litellm (namespace llm) sends requests to the pods of ")
    assert "image" not in message.split(". So")[0]  # `images:` gave both the same tag
    assert f"ConfigMap litellm-config-canary key config.yaml ({fixture}/k8s/overlays/prod/canary.yaml:28) on Deployment prod-litellm-canary" in message
    assert "about 1 request in 4 reaches Deployment prod-litellm-canary" in message
    assert "(none selects these pods: add one with the selector of Service prod-litellm, e.g. `prod-litellm-headless`" in finding["steps"][1]
    assert "--fleet prod-litellm-headless.llm.svc.cluster.local:4000" in finding["steps"][1]


def agrees_with_kustomize(directory: Path, route) -> None:
    """The real kustomize's output: which Deployments the Service selects (its selector within their template labels, in
    its namespace) and their images. Skipped without kubectl."""
    if KUBECTL is None:
        return
    proc = subprocess.run([KUBECTL, "kustomize", str(directory)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    docs = [d for d in yaml.safe_load_all(proc.stdout) if d]
    (service,) = [d for d in docs if d["kind"] == "Service"]
    selector = service["spec"]["selector"]
    selected = {f"Deployment {d['metadata']['name']}": d["spec"]["template"]["spec"]["containers"][0]["image"] for d in docs
                if d["kind"] == "Deployment" and d["metadata"].get("namespace") == service["metadata"].get("namespace")
                and selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()}
    assert (route.service, route.namespace) == (f"Service {service['metadata']['name']}", service["metadata"].get("namespace"))
    assert {p.unit: p.image.key[1] for p in route.pods} == selected


# -- conservative: what is not said ------------------------------------------------------------------------
# One workload with one container; the LiteLLM Deployment and the other apps' workloads add their lines to it.
WORKLOAD = """
apiVersion: apps/v1
kind: {kind}
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {labels}}}
  template:
    metadata: {{labels: {labels}}}
    spec:
      containers:
        - name: {container}
          image: {image}
"""
DEPLOYMENT = WORKLOAD + """          args: ["--config", "/app/config.yaml"]
          ports: [{{containerPort: 4000}}]
          env: {env}
          volumeMounts: [{{name: config, mountPath: /app}}]
          {extra}
      volumes: [{{name: config, configMap: {{name: {config}}}}}]
"""
SERVICE = """
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  selector: {selector}
  ports: [{{port: {port}, targetPort: {target}}}]
"""


def deployment(name="litellm", namespace="llm", replicas=2, labels="{app: litellm}", image="ghcr.io/berriai/litellm:main-v1.103.0",
               env="[]", config="litellm-config", extra="") -> str:
    return DEPLOYMENT.format(kind="Deployment", container="litellm", **locals())


def autoscaler(kind: str, name: str, most: int, namespace: str = "llm") -> str:
    return f"""
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: {kind}, name: {name}}}
  maxReplicas: {most}
"""


def patched(kind: str, name: str, path: str, value: str) -> str:
    """A kustomization over all.yaml that replaces one field of one resource."""
    return f"""
resources: [all.yaml]
patches:
  - target: {{kind: {kind}, name: {name}}}
    patch: |-
      - op: replace
        path: {path}
        value: {value}
"""


def service(name="litellm", namespace="llm", selector="{app: litellm}", port=4000, target=4000) -> str:
    return SERVICE.format(**locals())


def shape_of(tmp_path: Path, *docs: str, kustomization: str | None = None):
    write(tmp_path, "model_list: []\n")
    write(tmp_path, "---\n".join(docs), "k8s/all.yaml")
    if kustomization is not None:
        write(tmp_path, kustomization, "k8s/kustomization.yaml")
    return read_shape(tmp_path / "config.yaml", [tmp_path / "k8s"])


def messages(tmp_path: Path, *docs: str, config: str = "model_list: []\n", kustomization: str | None = None) -> list[str]:
    from litellm_doctor.config import load_config
    from litellm_doctor.config.checks import Options
    from litellm_doctor.config.engine import run_checks

    shape = shape_of(tmp_path, *docs, kustomization=kustomization)
    write(tmp_path, config)
    report = run_checks(load_config(tmp_path / "config.yaml", environ={}, use_dotenv=False), select=IDS,
                        options=Options(**shape.check_options(None, None)))
    return [f"{f.rule_id} {f.message}" for f in report.findings]


def test_two_deployments_alike_behind_a_service_give_no_finding(tmp_path):
    assert messages(tmp_path, service(), deployment(), deployment(name="litellm-b", labels="{app: litellm, zone: b}")) == []


def test_a_service_of_another_app_is_no_miss(tmp_path):
    """Selecting no pod is said only of a Service that evidently fronts LiteLLM."""
    docs = [deployment()]
    docs.append(service(name="frontend", selector="{app: frontend}", port=4000))  # port 4000, but neither named litellm nor close
    docs.append(service(name="litellm-postgres", selector="{app: postgres}", port=5432, target=5432))  # named, another port
    docs.append(service(name="metrics", selector="{app: prometheus}", port=9090, target=9090))
    assert messages(tmp_path, *docs) == []


def test_a_service_selecting_another_pod_is_no_miss(tmp_path):
    other = deployment(name="ui", labels="{app: litellm-ui}", image="nginx:1.27").replace('args: ["--config", "/app/config.yaml"]', "args: []")
    assert messages(tmp_path, deployment(), service(name="litellm-ui", selector="{app: litellm-ui}"), other) == []


def test_a_service_in_another_namespace(tmp_path):
    (message,) = messages(tmp_path, deployment(namespace="prod"), service(namespace="llm"))
    assert message.startswith("LD-CFG-153 Service litellm (namespace llm) selects no pod")
    assert "are in namespace `prod`, not `llm`" in message


def test_a_namespace_left_to_kubectl_matches_either(tmp_path):
    assert messages(tmp_path, deployment(namespace='""'), service(namespace="llm")) == []


def test_a_selector_patched_by_kustomize_is_not_judged(tmp_path):
    patch = patched("Service", "litellm", "/spec/selector", "{app: litellm}")
    assert messages(tmp_path, deployment(), service(selector="{app: litelm}"), kustomization=patch) == []
    # without the patch the typo is named
    assert [m[:10] for m in messages(tmp_path, deployment(), service(selector="{app: litelm}"), kustomization="resources: [all.yaml]\n")] == ["LD-CFG-153"]


def test_kustomize_labels_into_selectors_and_templates(tmp_path):
    """`labels:` with includeSelectors goes into both; with includeTemplates into the templates only (the Service then
    still selects the pods); a plain entry into metadata only."""
    for entry in ("{pairs: {env: prod}, includeSelectors: true}", "{pairs: {env: prod}, includeTemplates: true}", "{pairs: {env: prod}}"):
        shape = shape_of(tmp_path, deployment(), service(), kustomization=f"resources: [all.yaml]\nlabels:\n  - {entry}\n")
        assert [r.service for r in shape.routes] == ["Service litellm"] and not shape.misses, entry


def test_the_same_config_in_two_configmaps_is_no_difference(tmp_path):
    maps = "".join(f"""
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}, namespace: llm}}
data:
  config.yaml: |
    model_list: []
""" for name in ("litellm-config", "litellm-config-copy"))
    docs = [service(), deployment(), deployment(name="litellm-b", labels="{app: litellm, zone: b}", config="litellm-config-copy") + maps]
    assert messages(tmp_path, *docs) == []


def test_a_variable_from_an_unread_secret_is_not_called_unset(tmp_path):
    """envFrom of a Secret not in the files may set any variable: its absence from `env` proves nothing."""
    keyed = "[{name: LITELLM_MASTER_KEY, valueFrom: {secretKeyRef: {name: litellm-secrets, key: master-key}}}]"
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", extra="envFrom: [{secretRef: {name: litellm-secrets}}]")
    assert messages(tmp_path, service(), deployment(env=keyed), b) == []
    # without the envFrom it is not set there, and the message says so
    (message,) = messages(tmp_path, service(), deployment(env=keyed), deployment(name="litellm-b", labels="{app: litellm, zone: b}"))
    assert "LITELLM_MASTER_KEY from Secret litellm-secrets key master-key" in message and "not set on Deployment litellm-b" in message


def test_a_value_written_in_the_manifest_is_compared_never_shown(tmp_path):
    a = deployment(env="[{name: LITELLM_MASTER_KEY, value: sk-alpha-1234567890}]")
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", env="[{name: LITELLM_MASTER_KEY, value: sk-beta-0987654321}]")
    (message,) = messages(tmp_path, service(), a, b)
    assert "LITELLM_MASTER_KEY from a value written at " in message
    assert "sk-alpha" not in message and "sk-beta" not in message


def test_a_variable_the_config_names_is_compared(tmp_path):
    a = deployment(env="[{name: AZURE_API_BASE, value: 'https://eu.example.com'}]")
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", env="[{name: AZURE_API_BASE, value: 'https://us.example.com'}]")
    assert messages(tmp_path, service(), a, b) == []  # not a variable LiteLLM itself reads, and the config does not name it
    config = "model_list:\n  - model_name: m\n    litellm_params: {model: azure/gpt-4o, api_base: os.environ/AZURE_API_BASE}\n"
    (message,) = messages(tmp_path, service(), a, b, config=config)
    assert "AZURE_API_BASE from a value written at" in message and "the pods take AZURE_API_BASE from different places" in message


def test_an_autoscaled_workload_gives_no_ratio(tmp_path):
    hpa = autoscaler("Deployment", "litellm", 10)
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", image="ghcr.io/berriai/litellm:main-v1.108.14")
    (message,) = messages(tmp_path, service(), deployment(), b, hpa)
    assert "2 LiteLLM versions answer behind one address" in message and "request in" not in message


def test_an_image_patched_by_kustomize_is_not_compared(tmp_path):
    patch = """
    resources: [all.yaml]
    patches:
      - target: {kind: Deployment, name: litellm-b}
        patch: |-
          - op: replace
            path: /spec/template/spec/containers/0/image
            value: ghcr.io/berriai/litellm:main-v1.103.0
    """
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", image="ghcr.io/berriai/litellm:main-v1.108.14")
    assert messages(tmp_path, service(), deployment(), b, kustomization=patch) == []


def test_odd_shapes_never_crash(tmp_path):
    odd = [
        "kind: Service\nspec: {selector: [app], ports: 5}\n",
        "kind: Service\nmetadata: {name: litellm}\nspec: {selector: {app: {x: 1}}, ports: [4000, {port: {a: 1}, targetPort: [1]}]}\n",
        "kind: Service\nspec: 3\n",
        "kind: Deployment\nspec: {template: {metadata: {labels: [a]}, spec: {containers: [{image: litellm, env: 5, envFrom: [3, {secretRef: 7}],"
        " ports: [{containerPort: x}], volumeMounts: [{mountPath: {}}], args: [--config, /app/c.yaml]}], volumes: 4}}}\n",
        "kind: Deployment\nspec: {template: {spec: {containers: [{image: litellm, env: [{name: X, valueFrom: {1: 2, a: b}}],"
        " volumeMounts: [{name: v, mountPath: /app}], args: [--config, /app/c.yaml]}], volumes: [{name: v, configMap: 5}, {name: v, secret: {items: 3}}]}}}\n",
        "kind: Pod\nmetadata: {labels: 5}\nspec: {containers: [{image: litellm}]}\n",
    ]
    kustomization = "resources: [all.yaml]\nlabels: [3, {pairs: 5, includeSelectors: true}]\nimages: [5, {name: 3}]\ncommonLabels: [x]\n"
    for kust in (None, kustomization):
        shape = shape_of(tmp_path, *odd, kustomization=kust)
        assert shape.misses == () and all(len(r.pods) == 1 for r in shape.routes)


def test_pods_whose_namespace_is_left_to_kubectl_are_not_judged(tmp_path):
    """Selected (so the Service is no miss), but a namespace left to `kubectl apply -n` may be another one: nothing
    is said of a difference unless the Service and the pods are written in the same namespace."""
    b = deployment(name="litellm-b", namespace='""', labels="{app: litellm, zone: b}", image="ghcr.io/berriai/litellm:main-v1.108.14")
    assert messages(tmp_path, service(), deployment(), b) == []


def test_one_redis_written_short_or_long_is_the_same(tmp_path):
    a = deployment(env="[{name: REDIS_HOST, value: redis}]")
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", env="[{name: REDIS_HOST, value: redis.llm.svc.cluster.local}]")
    assert messages(tmp_path, service(), a, b) == []
    c = deployment(name="litellm-b", labels="{app: litellm, zone: b}", env="[{name: REDIS_HOST, value: redis-eu.llm.svc}]")
    (message,) = messages(tmp_path, service(), a, c)
    assert "REDIS_HOST from a value written at" in message and "the pods take REDIS_HOST from different places" in message


def test_two_builds_of_one_version_are_images_not_versions(tmp_path):
    b = deployment(name="litellm-b", labels="{app: litellm, zone: b}", image="ghcr.io/berriai/litellm-database:main-v1.103.0")
    (message,) = messages(tmp_path, service(), deployment(image="ghcr.io/berriai/litellm:main-v1.103.0"), b)
    assert "2 LiteLLM images answer behind one address" in message


def test_two_overlays_each_with_its_own_service(tmp_path):
    """dev and prod build the same base: each Service is matched to the pods of its own build only, and a build whose
    replicas are not the ones counted gives no ratio."""
    base = tmp_path / "k8s" / "base"
    write(base, service() + "---\n" + deployment() + "---\n" + deployment(name="litellm-b", labels="{app: litellm, zone: b}",
                                                                           image="ghcr.io/berriai/litellm:main-v1.108.14"), "all.yaml")
    write(base, "resources: [all.yaml]\n", "kustomization.yaml")
    for env in ("dev", "prod"):
        write(tmp_path / "k8s" / env, f"resources: [../base]\nnamePrefix: {env}-\nnamespace: {env}\n", "kustomization.yaml")
    write(tmp_path, "model_list: []\n")
    shape = read_shape(tmp_path / "config.yaml", [tmp_path / "k8s" / "dev", tmp_path / "k8s" / "prod"])
    assert sorted((r.service, r.namespace, tuple(sorted(p.unit for p in r.pods))) for r in shape.routes) == [
        ("Service dev-litellm", "dev", ("Deployment dev-litellm", "Deployment dev-litellm-b")),
        ("Service prod-litellm", "prod", ("Deployment prod-litellm", "Deployment prod-litellm-b"))]
    from litellm_doctor.config import load_config
    from litellm_doctor.config.checks import Options
    from litellm_doctor.config.engine import run_checks

    report = run_checks(load_config(tmp_path / "config.yaml", environ={}, use_dotenv=False), select=IDS,
                        options=Options(**shape.check_options(None, None)))
    assert len(report.findings) == 2 and all("2 LiteLLM versions" in f.message for f in report.findings)
    assert sum("request in" in f.message for f in report.findings) <= 1  # only the build whose replicas are counted


def test_a_comment_in_the_manifest_silences_its_finding(tmp_path):
    """`# litellm-doctor: ignore[LD-CFG-153]` on (or above) the Service's selector line, as in a config."""
    fixture = tmp_path / "service-typo"
    shutil.copytree(HERE / "service-typo", fixture)
    manifest = fixture / "k8s" / "litellm.yaml"
    text = manifest.read_text()
    manifest.write_text(text.replace("spec:\n  type: ClusterIP\n  selector:\n", "spec:\n  type: ClusterIP\n  # litellm-doctor: ignore[LD-CFG-152]\n  selector:\n"))
    assert [f["rule_id"] for f in found(check(str(fixture / "config.yaml")))] == ["LD-CFG-153"]  # another id: still said
    manifest.write_text(text.replace("spec:\n  type: ClusterIP\n  selector:\n", "spec:\n  type: ClusterIP\n  # litellm-doctor: ignore[service-selects-no-litellm-pod]\n  selector:\n"))
    report = check(str(fixture / "config.yaml"))
    assert found(report) == [] and any("suppressed" in n for n in report["notes"]), report["notes"]


# -- LD-CFG-154: a Service in front of LiteLLM that also selects another app's pods ------------------------------------
def test_a_service_selecting_litellm_and_redis_by_a_shared_label():
    fixture = shown(HERE / "service-partof")
    shape = read_shape(HERE / "service-partof" / "config.yaml")
    (route,) = [r for r in shape.routes if r.strays]
    assert (route.service, route.selector, route.stray_port) == ("Service litellm", "app.kubernetes.io/part-of: llm", 4000)
    assert [(s.unit, s.replicas.value) for s in route.strays] == [("StatefulSet redis", 1)]
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-154" and finding["severity"] == "warning"
    assert finding["location"] == {"file": f"{fixture}/k8s/litellm.yaml", "line": 33}
    assert finding["message"] == (
        f"Service litellm (namespace llm) selects with `app.kubernetes.io/part-of: llm` ({fixture}/k8s/litellm.yaml:33) the LiteLLM "
        f"pods of Deployment litellm ({fixture}/k8s/litellm.yaml:14) and also the pods of StatefulSet redis ({fixture}/k8s/redis.yaml:13), "
        f"whose containers serve port 6379 ({fixture}/k8s/redis.yaml:21), not 4000, the Service's targetPort. The Service balances "
        "requests over all of them, so about 1 request in 4 (3 LiteLLM + 1 other replicas) reaches a pod where nothing serves LiteLLM "
        "on port 4000 and fails (connection refused or reset) while the others succeed")
    assert finding["steps"] == [
        "Give the Service a selector that only the LiteLLM pods carry (`app.kubernetes.io/name: litellm`, already on the LiteLLM pods "
        f"at {fixture}/k8s/litellm.yaml:14: add it to the selector), so that it no longer matches the other workloads' pods "
        "(StatefulSet redis).", "Then `kubectl get endpoints -n llm litellm` lists only the LiteLLM pods' addresses (port 4000)."]


REDIS = WORKLOAD + "          {extra}\n"
PART_OF = "{app: litellm, part-of: llm}"


def other(name="redis", kind="StatefulSet", namespace="llm", replicas=1, labels="{app: redis, part-of: llm}", image="redis:7.4",
          extra="ports: [{containerPort: 6379, name: redis}]") -> str:
    return REDIS.format(container=name, **locals())


def mixed(tmp_path, *docs: str, litellm: str | None = None, kustomization: str | None = None) -> list[str]:
    return messages(tmp_path, litellm or deployment(labels=PART_OF, replicas=3), *docs, kustomization=kustomization)


def test_a_shared_label_selecting_postgres_with_no_port_declared(tmp_path):
    """Postgres with no `ports`: it serves its default 5432, said as the image's default."""
    (message,) = mixed(tmp_path, service(selector="{part-of: llm}"), other("postgres", image="postgres:16", extra="", replicas=2))
    assert message.startswith("LD-CFG-154 Service litellm (namespace llm) selects with `part-of: llm`")
    assert "StatefulSet postgres" in message and "serve port 5432 (postgres:16's default, " in message
    assert "so about 2 requests in 5 (3 LiteLLM + 2 other replicas) reach a pod where nothing serves LiteLLM on port 4000 and fail " in message


def test_what_is_not_another_apps_share_of_litellms_requests(tmp_path):
    # a Service on Redis's port that selects Redis's and LiteLLM's pods fronts Redis: not ours to report
    assert mixed(tmp_path, service(name="redis", selector="{part-of: llm}", port=6379, target=6379), other()) == []
    # a named targetPort: Kubernetes leaves out of the endpoints the pods with no port of that name (Redis's)
    named = deployment(labels=PART_OF, replicas=3).replace("ports: [{containerPort: 4000}]", "ports: [{containerPort: 4000, name: http}]")
    assert mixed(tmp_path, service(selector="{part-of: llm}", target="http"), other(), litellm=named) == []
    # the other pods serve the target port (a proxy in front of LiteLLM on the same port): maybe deliberate
    proxy = other("envoy", kind="Deployment", image="envoyproxy/envoy:v1.31", extra="ports: [{containerPort: 4000}]")
    assert mixed(tmp_path, service(selector="{part-of: llm}"), proxy) == []
    written = other("gateway", kind="Deployment", image="nginx:1.27", extra='args: ["--listen", "0.0.0.0:4000"]\n          ports: [{containerPort: 80}]')
    assert mixed(tmp_path, service(selector="{part-of: llm}"), written) == []
    sidecar = other("redis", extra="ports: [{containerPort: 6379}]\n      initContainers:\n        - {name: proxy, image: envoyproxy/envoy:v1.31, "
                               "restartPolicy: Always, ports: [{containerPort: 4000}]}")
    assert mixed(tmp_path, service(selector="{part-of: llm}"), sidecar) == []  # a native sidecar serving the port
    # an image that says nothing of its port and declares none
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other("app", kind="Deployment", image="example/app:1", extra="")) == []
    # no image written; no replica
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(image='""')) == []
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(replicas=0)) == []
    # the other pods' namespace, or another LiteLLM workload's, left to `kubectl apply -n`
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(namespace='""')) == []
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(), deployment(name="litellm-b", namespace='""', labels=PART_OF)) == []
    # another LiteLLM workload (not counted as a replica: a DaemonSet) is no stray
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other("litellm-node", kind="DaemonSet", image="ghcr.io/berriai/litellm:main-v1.103.0",
                                                                  extra="ports: [{containerPort: 8000}]").replace("  replicas: 1\n", "")) == []
    # a selector only the LiteLLM pods carry
    assert mixed(tmp_path, service(selector="{app: litellm, part-of: llm}"), other()) == []


def test_a_patch_of_the_other_pods_labels_or_image_leaves_them_unknown(tmp_path):
    assert [m[:10] for m in mixed(tmp_path, service(selector="{part-of: llm}"), other(), kustomization="resources: [all.yaml]\n")] == ["LD-CFG-154"]
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(),
                 kustomization=patched("StatefulSet", "redis", "/spec/template/metadata/labels", "{app: redis}")) == []
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other(),
                 kustomization=patched("StatefulSet", "redis", "/spec/template/spec/containers/0/image", "example/proxy:1")) == []


def test_an_autoscaled_or_unlabelled_share(tmp_path):
    """An autoscaler's count varies: the share is not given. No label only the LiteLLM pods carry: the step says to add one."""
    hpa = autoscaler("StatefulSet", "redis", 5)
    (message,) = mixed(tmp_path, service(selector="{part-of: llm}"), other(), hpa)
    assert "so a share of the requests (the replica counts are not fixed ones) reaches a pod" in message and "request in" not in message
    from litellm_doctor.config.checks import Options
    from litellm_doctor.config import load_config
    from litellm_doctor.config.engine import run_checks

    shape = shape_of(tmp_path, service(selector="{part-of: llm}"), deployment(labels="{part-of: llm}"), other(labels="{part-of: llm}"))
    (finding,) = run_checks(load_config(tmp_path / "config.yaml", environ={}, use_dotenv=False), select=IDS,
                            options=Options(**shape.check_options(None, None))).findings
    assert "none does yet: add one, e.g. `app.kubernetes.io/name: litellm`" in finding.steps[0]


def test_a_comment_above_the_selector_silences_ld_cfg_154(tmp_path):
    """A deliberate setup (the other pods are meant to be selected) is silenced where the Service is written."""
    fixture = tmp_path / "service-partof"
    shutil.copytree(HERE / "service-partof", fixture)
    manifest = fixture / "k8s" / "litellm.yaml"
    text = manifest.read_text()
    assert "spec:\n  selector:\n    app.kubernetes.io/part-of: llm\n" in text
    manifest.write_text(text.replace("spec:\n  selector:\n    app.kubernetes.io/part-of", "spec:\n  # litellm-doctor: ignore[service-selects-other-pods]\n  selector:\n    app.kubernetes.io/part-of"))
    report = check(str(fixture / "config.yaml"))
    assert found(report) == [] and any("suppressed" in n for n in report["notes"]), report["notes"]


def test_a_shared_label_added_by_kustomize_to_the_templates(tmp_path):
    """`labels:` with includeTemplates puts `part-of: llm` on every pod template (not on the Service's selector, which
    selects on it alone): as built, the Service selects prod-litellm's and prod-redis's pods. Checked against kubectl
    kustomize when it is there."""
    docs = [service(selector="{part-of: llm}"), deployment(replicas=3), other(labels="{app: redis}")]
    kustomization = "resources: [all.yaml]\nnamePrefix: prod-\nlabels:\n  - {pairs: {part-of: llm}, includeTemplates: true}\n"
    shape = shape_of(tmp_path, *docs, kustomization=kustomization)
    (route,) = shape.routes
    assert (route.service, [p.unit for p in route.pods], [s.unit for s in route.strays]) == (
        "Service prod-litellm", ["Deployment prod-litellm"], ["StatefulSet prod-redis"])
    if KUBECTL is not None:
        proc = subprocess.run([KUBECTL, "kustomize", str(tmp_path / "k8s")], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        built = [d for d in yaml.safe_load_all(proc.stdout) if d]
        (svc,) = [d for d in built if d["kind"] == "Service"]
        assert sorted(f"{d['kind']} {d['metadata']['name']}" for d in built if d["kind"] != "Service"
                      and svc["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()) == [
            "Deployment prod-litellm", "StatefulSet prod-redis"]
    (message,) = messages(tmp_path, *docs, kustomization=kustomization)
    assert "about 1 request in 4 (3 LiteLLM + 1 other replicas)" in message
    # the same labels on the selector too (includeSelectors): then the Service still selects both, as written
    assert [m[:10] for m in messages(tmp_path, *docs, kustomization=kustomization.replace("includeTemplates", "includeSelectors"))] == ["LD-CFG-154"]


# -- LD-CFG-155: the targetPort against the port LiteLLM listens on ----------------------------------------------------
def test_a_service_targeting_4000_in_front_of_litellm_on_port_8000():
    fixture = shown(HERE / "service-port")
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-155" and finding["severity"] == "error"
    assert finding["location"] == {"file": f"{fixture}/k8s/litellm.yaml", "line": 39}  # its targetPort
    assert finding["message"] == (
        f"Service litellm (namespace llm) sends requests to port 4000 of the pods of Deployment litellm (its targetPort, "
        f"{fixture}/k8s/litellm.yaml:39), but LiteLLM listens on port 8000 there (`--port 8000` at {fixture}/k8s/litellm.yaml:19) "
        "and nothing else in the pod serves 4000: every request sent to the Service fails (connection refused, or 502/503 "
        "from an ingress in front of it) while the pods may look healthy")
    assert finding["steps"][0] == ("Point the Service at the port LiteLLM listens on in those pods (8000): set "
                                   f"`targetPort: 8000` ({fixture}/k8s/litellm.yaml:39).")
    assert finding["steps"][1] == "Then `kubectl get endpoints -n llm litellm` lists the pods' addresses on that port (8000)."


def test_a_named_target_port_whose_container_port_is_not_litellm_s():
    fixture = shown(HERE / "service-port-named")
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-155"
    assert finding["location"] == {"file": f"{fixture}/k8s/litellm.yaml", "line": 37}
    assert f"port `http` (containerPort 8080, {fixture}/k8s/litellm.yaml:22)" in finding["message"]
    assert "LiteLLM listens on port 4000 there (LiteLLM's default 4000: no `--port`, no PORT)" in finding["message"]
    assert finding["steps"][0].endswith(f"set `containerPort: 4000` ({fixture}/k8s/litellm.yaml:22) for the port named `http`.")


def test_services_reaching_litellm_or_not_known_give_no_port_finding():
    """A matching --port, $(VAR) from env in `sh -c`, PORT, an nginx sidecar on the targetPort, an Envoy sidecar owning
    the named port, PORT possibly from an envFrom not read, --port $(VAR) from a Secret."""
    shape = read_shape(HERE / "service-port-ok" / "config.yaml")
    assert len(shape.routes) == 7 and not any(r.misport for r in shape.routes)
    assert found(check(shown(HERE / "service-port-ok" / "config.yaml"))) == []


def _ported(args: str = '["--config", "/app/config.yaml", "--port", "8000"]') -> str:
    return deployment().replace('args: ["--config", "/app/config.yaml"]', f"args: {args}")


def test_port_mismatch_in_a_temporary_manifest(tmp_path):
    (message,) = messages(tmp_path, _ported(), service())
    assert message.startswith("LD-CFG-155 Service litellm (namespace llm) sends requests to port 4000")
    # --port=8000 and $(VAR) from the container's env are read like --num_workers
    env = '[{name: P, value: "8000"}]'
    assert [m[:10] for m in messages(tmp_path, _ported('["--port=$(P)"]').replace("env: []", f"env: {env}"), service())] == ["LD-CFG-155"]
    assert messages(tmp_path, _ported(), service(target=8000)) == []
    assert messages(tmp_path, _ported(), service(port=8000, target='""').replace("targetPort: ", "name: ")) == []  # port only
    (message,) = messages(tmp_path, _ported(), service(target='""').replace("targetPort: ", "name: "))  # port 4000 only
    assert "sends requests to port 4000" in message


def test_port_mismatch_not_said_when_not_known(tmp_path):
    # headless: clients connect to the pods' own addresses, on a port of their choosing
    headless = service().replace("spec:\n", "spec:\n  clusterIP: None\n")
    assert "None" in headless and messages(tmp_path, _ported(), headless) == []
    # an unresolved $(VAR), a shell variable, uvicorn on LiteLLM's app
    for args in ('["--port", "$(NOPE)"]', '["sh", "-c", "litellm --port $PORT"]'):
        assert messages(tmp_path, _ported(args), service()) == [], args
    uvicorn = _ported().replace('args: [', 'command: ["uvicorn", "litellm.proxy.proxy_server:app"]\n          args: [')
    assert "uvicorn" in uvicorn and messages(tmp_path, uvicorn, service()) == []
    # PORT with neither command nor args: the image's CMD (`--port 4000` in LiteLLM's) wins over it, not said
    no_args = deployment().replace('          args: ["--config", "/app/config.yaml"]\n', "").replace("env: []", 'env: [{name: PORT, value: "8000"}]')
    assert "args" not in no_args and messages(tmp_path, no_args, service(target=8000)) == []
    assert messages(tmp_path, deployment().replace('          args: ["--config", "/app/config.yaml"]\n', ""), service(target=8000))[0][:10] == "LD-CFG-155"
    # a patch of the args
    patch = patched("Deployment", "litellm", "/spec/template/spec/containers/0/args", '["--port", "4000"]')
    assert messages(tmp_path, _ported(), service(), kustomization=patch) == []
    assert [m[:10] for m in messages(tmp_path, _ported(), service(), kustomization="resources: [all.yaml]\n")] == ["LD-CFG-155"]
    # a containerPort other than the listen port, not targeted by name: informational, not a fault
    assert messages(tmp_path, deployment().replace("containerPort: 4000", "containerPort: 8080"), service()) == []


def test_a_service_with_several_ports():
    """litellm: port 80 reaches LiteLLM by name and port 9102 a statsd exporter beside it (no finding); litellm-batch:
    LiteLLM moved to 8000, port 80 still targets 4000, port 9102 reaches the exporter (only port 80 is named);
    litellm-admin: its one port targets the name `web`, which no container declares."""
    fixture = shown(HERE / "service-multiport")
    routes = {r.service: r for r in read_shape(HERE / "service-multiport" / "config.yaml").routes}
    assert routes["Service litellm"].misport is None
    findings = {f["message"].split(" (namespace")[0]: f for f in found(check(f"{fixture}/config.yaml"))}
    assert set(findings) == {"Service litellm-batch", "Service litellm-admin"}
    batch = findings["Service litellm-batch"]
    assert batch["rule_id"] == "LD-CFG-155" and batch["location"] == {"file": f"{fixture}/k8s/litellm-batch.yaml", "line": 42}
    assert batch["message"] == (
        f"Service litellm-batch (namespace llm) sends requests to port 4000 of the pods of Deployment litellm-batch (its targetPort, "
        f"{fixture}/k8s/litellm-batch.yaml:42), but LiteLLM listens on port 8000 there (`--port 8000` at {fixture}/k8s/litellm-batch.yaml:19) "
        "and nothing else in the pod serves 4000: every request sent to its port 80 fails (connection refused, or 502/503 from an "
        "ingress in front of it) while the pods may look healthy")
    assert batch["steps"][0].endswith(f"set `targetPort: 8000` ({fixture}/k8s/litellm-batch.yaml:42).")
    admin = findings["Service litellm-admin"]
    assert admin["location"] == {"file": f"{fixture}/k8s/litellm-admin.yaml", "line": 38}
    assert ("no container of those pods declares a port named `web`, so Kubernetes leaves them out of the Service's endpoints: "
            "every request sent to the Service fails") in admin["message"]
    assert admin["steps"][0].endswith(f"set `targetPort: 4000` ({fixture}/k8s/litellm-admin.yaml:38), or the name `web` on the "
                                      "LiteLLM container's port 4000.")


SIDECAR = "{name: exporter, image: prom/statsd-exporter:v0.27.1, ports: [{name: metrics, containerPort: 9102}]}"


def beside(workload: str, container: str = SIDECAR) -> str:
    """The workload with a second container in its pods."""
    return workload.replace("\n      volumes:", f"\n        - {container}\n      volumes:")


def _two_ports(second: str = "{name: metrics, port: 9102, targetPort: 9102}", first: str = "{name: http, port: 4000, targetPort: 4000}") -> str:
    return service().replace("ports: [{port: 4000, targetPort: 4000}]", f"ports: [{first}, {second}]")


def test_several_ports_none_reaching_litellm(tmp_path):
    # LiteLLM on 8000 (`--port 8000`); neither 4000 nor 9102 is served by anything in the pod: both named
    (message,) = messages(tmp_path, _ported(), _two_ports())
    assert message.startswith("LD-CFG-155 Service litellm (namespace llm) sends requests to ports 4000 (")
    assert "and 9102 (" in message and "nothing else in the pod serves 4000 or 9102: every request sent to the Service fails" in message
    shape = shape_of(tmp_path, _ported(), _two_ports())
    assert "`targetPort: 8000` on the one meant for LiteLLM (" in shape.routes[0].misport.fix
    # 9102 reaches the exporter beside LiteLLM, or LiteLLM's own metrics process (written in args or env): 4000 only
    for litellm in (beside(_ported()), _ported('["--port", "8000", "--prometheus_metrics_port", "9102"]'),
                    _ported().replace("env: []", '[{name: PROMETHEUS_METRICS_PORT, value: "9102"}]'.join(("env: ", "")))):
        (message,) = messages(tmp_path, litellm, _two_ports())
        assert "sends requests to port 4000 of the pods of Deployment litellm (its targetPort, " in message, litellm
        assert "nothing else in the pod serves 4000: every request sent to its port 4000 fails" in message
    # by name: the targetPort `metrics` resolved to the exporter's port
    (message,) = messages(tmp_path, beside(_ported()), _two_ports("{name: metrics, port: 9102, targetPort: metrics}"))
    assert "sends requests to port 4000 of" in message


def test_several_ports_one_reaching_litellm_or_not_known(tmp_path):
    """One port reaching LiteLLM makes the Service right (its others may be meant for something else); anything that may
    serve the other ports unknown here keeps it silent."""
    assert messages(tmp_path, _ported(), _two_ports(first="{name: http, port: 80, targetPort: 8000}")) == []
    assert messages(tmp_path, beside(_ported()), _two_ports(first="{name: http, port: 80, targetPort: 8000}")) == []
    named = _ported().replace("ports: [{containerPort: 4000}]", "ports: [{containerPort: 8000, name: http}]")
    assert messages(tmp_path, named, _two_ports(first="{name: http, port: 80, targetPort: http}")) == []
    # LiteLLM's metrics port may come from an envFrom or a valueFrom not read, or an unresolved $(VAR)
    env_from = _ported().replace("env: []", "env: []\n          envFrom: [{configMapRef: {name: litellm-env}}]")
    value_from = _ported().replace("env: []", "env: [{name: PROMETHEUS_METRICS_PORT, valueFrom: {configMapKeyRef: {name: litellm-env, key: metrics}}}]")
    unresolved = _ported('["--port", "8000", "--prometheus_metrics_port", "$(METRICS)"]')
    for litellm in (env_from, value_from, unresolved):
        assert messages(tmp_path, litellm, _two_ports()) == [], litellm
        assert messages(tmp_path, litellm, service()) == [], litellm  # the one port may be the metrics one
    # a sidecar that declares no port, or a proxy image: it may serve any
    for sidecar in ("{name: agent, image: example/agent:1}", "{name: envoy, image: envoyproxy/envoy:v1.31, ports: [{containerPort: 9901}]}"):
        assert messages(tmp_path, beside(_ported(), sidecar), _two_ports()) == [], sidecar
    # LiteLLM on the node's network: anything on the node may serve the other port
    host = _ported().replace("      containers:", "      hostNetwork: true\n      containers:")
    assert "hostNetwork" in host and messages(tmp_path, host, service()) == []
    # a kustomize patch of the Service's ports
    patch = patched("Service", "litellm", "/spec/ports/0/targetPort", "8000")
    assert messages(tmp_path, _ported(), _two_ports(), kustomization=patch) == []


def test_a_named_target_port_no_container_declares(tmp_path):
    """Kubernetes leaves a pod with no port of that name out of the endpoints: a broken port (LD-CFG-155), unless another
    container of the pod may have it."""
    web = service(target="web")
    (message,) = messages(tmp_path, deployment(), web)
    assert "sends requests to port `web` of the pods of Deployment litellm" in message
    assert "no container of those pods declares a port named `web`, so Kubernetes leaves them out of the Service's endpoints" in message
    # in a Service with a second port reaching the exporter: only that port fails
    (message,) = messages(tmp_path, beside(deployment()), _two_ports("{name: metrics, port: 9102, targetPort: metrics}",
                                                                      "{name: http, port: 4000, targetPort: web}"))
    assert "out of the Service's endpoints on that port: every request sent to its port 4000 fails" in message
    # the name declared by a sidecar (it is the one reached), or a sidecar that may declare anything
    assert messages(tmp_path, beside(deployment(), "{name: envoy, image: envoyproxy/envoy:v1.31, ports: [{name: web, containerPort: 8080}]}"), web) == []
    assert messages(tmp_path, beside(deployment(), "{name: agent, image: example/agent:1}"), web) == []
    # LiteLLM's own ports not all plain numbers: which names they hold is not known
    assert messages(tmp_path, deployment().replace("ports: [{containerPort: 4000}]", 'ports: [{containerPort: 4000}, {name: web, containerPort: "$(P)"}]'), web) == []
    # declared on LiteLLM's port: right
    assert messages(tmp_path, deployment().replace("containerPort: 4000", "containerPort: 4000, name: web"), web) == []


# -- the namespace not written in the files ----------------------------------------------------------------------------
def _without_namespace(tmp_path: Path, name: str) -> Path:
    """A copy of a fixture whose manifests name no namespace (applied with `kubectl apply -n …`)."""
    copy = tmp_path / name
    shutil.copytree(HERE / name, copy)
    for manifest in (copy / "k8s").glob("*.yaml"):
        text = manifest.read_text()
        assert "  namespace: llm\n" in text
        manifest.write_text(text.replace("  namespace: llm\n", ""))
    return copy


def test_no_namespace_in_the_files_gives_the_bare_fleet_name():
    """The `--fleet` name with no namespace is the bare Service name, resolved from a pod in that namespace; no `<…>`."""
    fixture = shown(HERE / "service-nonamespace")
    (route,) = read_shape(HERE / "service-nonamespace" / "config.yaml").routes
    assert route.namespace == "" and route.address() == "litellm:4000"
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-152" and finding["message"].startswith("Service litellm sends requests to the pods of ")
    assert finding["steps"][1].endswith("(none selects these pods: add one with the selector of Service litellm, e.g. `litellm-headless`, "
                                        "then `--fleet litellm-headless:4000`, run from a pod in the namespace the manifests are applied to).")
    assert "<" not in json.dumps(finding)


def test_no_namespace_in_the_files_drops_kubectl_n(tmp_path):
    """Each Service finding on the fixture's copy without namespaces: the same finding, with `kubectl get endpoints NAME`
    (kubectl's current namespace, where `kubectl apply` put them) and the headless Service's bare name."""
    for name, rule in (("service-typo", "LD-CFG-153"), ("service-partof", "LD-CFG-154"), ("service-port", "LD-CFG-155"),
                       ("service-port-named", "LD-CFG-155"), ("service-mixed", "LD-CFG-152")):
        (finding,) = found(check(str(_without_namespace(tmp_path, name) / "config.yaml")))
        assert finding["rule_id"] == rule and "(namespace" not in finding["message"], name
        assert "<" not in json.dumps(finding), finding
        if rule == "LD-CFG-152":
            assert "(here: `--fleet litellm-headless:4000`, Service litellm-headless, run from a pod in the namespace" in finding["steps"][1]
        else:
            assert "`kubectl get endpoints litellm` lists" in finding["steps"][-1], finding["steps"]


def test_a_namespace_set_by_kustomize_is_used(tmp_path):
    """kustomize's `namespace:` gives the manifests one (checked against kubectl kustomize when it is there); without it
    they have none."""
    docs = [service(namespace='""'), deployment(namespace='""', replicas=3),
            deployment(name="litellm-b", namespace='""', labels="{app: litellm, zone: b}", image="ghcr.io/berriai/litellm:main-v1.108.14", replicas=1),
            service(name="litellm-headless", namespace='""').replace("spec:\n", "spec:\n  clusterIP: None\n")]
    for kustomization, namespace in (("resources: [all.yaml]\nnamespace: prod\n", "prod"), ("resources: [all.yaml]\n", None)):
        shape = shape_of(tmp_path, *docs, kustomization=kustomization)
        headless = next(r for r in shape.routes if r.headless)
        assert headless.address() == (f"litellm-headless.{namespace}.svc.cluster.local:4000" if namespace else "litellm-headless:4000")
        if KUBECTL is not None:
            proc = subprocess.run([KUBECTL, "kustomize", str(tmp_path / "k8s")], capture_output=True, text=True, timeout=60)
            assert proc.returncode == 0, proc.stderr
            assert {d["metadata"].get("namespace") or None for d in yaml.safe_load_all(proc.stdout) if d} == {namespace}
        from litellm_doctor.config import load_config
        from litellm_doctor.config.checks import Options
        from litellm_doctor.config.engine import run_checks

        (finding,) = run_checks(load_config(tmp_path / "config.yaml", environ={}, use_dotenv=False), select=IDS,
                                options=Options(**shape.check_options(None, None))).findings
        fleet = f"`--fleet litellm-headless.{namespace}.svc.cluster.local:4000`" if namespace else "`--fleet litellm-headless:4000`"
        assert fleet in finding.steps[1] and ("run from a pod" in finding.steps[1]) is (namespace is None)


def test_fill_leaves_out_an_unknown_namespace():
    from litellm_doctor.config.checks import fill

    step = "Then `kubectl get endpoints -n {namespace} {service}` lists the pods' addresses."
    assert fill(step, {"service": "litellm", "namespace": None}) == "Then `kubectl get endpoints litellm` lists the pods' addresses."
    assert fill(step, {"service": "litellm"}) == "Then `kubectl get endpoints litellm` lists the pods' addresses."
    assert fill(step, {"service": "litellm", "namespace": "llm"}) == "Then `kubectl get endpoints -n llm litellm` lists the pods' addresses."


# -- LD-CFG-154: a DaemonSet or a bare Pod as the other app's pods -----------------------------------------------------
def test_a_service_selecting_a_daemonset_by_a_shared_label():
    """A DaemonSet runs one pod per node: the share is said without a number."""
    fixture = shown(HERE / "service-daemonset")
    (finding,) = found(check(f"{fixture}/config.yaml"))
    assert finding["rule_id"] == "LD-CFG-154" and finding["location"] == {"file": f"{fixture}/k8s/litellm.yaml", "line": 33}
    assert finding["message"] == (
        f"Service litellm (namespace llm) selects with `app.kubernetes.io/part-of: llm` ({fixture}/k8s/litellm.yaml:33) the LiteLLM "
        f"pods of Deployment litellm ({fixture}/k8s/litellm.yaml:14) and also the pods of DaemonSet otel-agent ({fixture}/k8s/otel-agent.yaml:11), "
        f"whose containers serve ports 4317 ({fixture}/k8s/otel-agent.yaml:21), 4318 ({fixture}/k8s/otel-agent.yaml:23), not 4000, the "
        "Service's targetPort. The Service balances requests over all of them, so a share of the requests (DaemonSet otel-agent runs "
        "one pod per node, a count the files do not give) reaches a pod where nothing serves LiteLLM on port 4000 and fails "
        "(connection refused or reset) while the others succeed")
    assert "(DaemonSet otel-agent)" in finding["steps"][0]


def test_daemonsets_and_bare_pods_as_the_other_pods(tmp_path):
    daemon = other("agent", kind="DaemonSet", image="example/agent:1", extra="ports: [{containerPort: 9100}]").replace("  replicas: 1\n", "")
    (message,) = mixed(tmp_path, service(selector="{part-of: llm}"), daemon)
    assert "the pods of DaemonSet agent (" in message and "(DaemonSet agent runs one pod per node, a count the files do not give)" in message
    # beside a StatefulSet with a fixed count: still no number
    (message,) = mixed(tmp_path, service(selector="{part-of: llm}"), daemon, other())
    assert "DaemonSet agent" in message and "StatefulSet redis" in message and "request in" not in message
    # a bare Pod: one pod
    pod = """
apiVersion: v1
kind: Pod
metadata: {name: redis-debug, namespace: llm, labels: {app: redis-debug, part-of: llm}}
spec:
  containers: [{name: redis, image: "redis:7.4", ports: [{containerPort: 6379}]}]
"""
    (message,) = mixed(tmp_path, service(selector="{part-of: llm}"), pod)
    assert "the pods of Pod redis-debug (" in message and "about 1 request in 4 (3 LiteLLM + 1 other replicas)" in message
    # not said: a DaemonSet serving the port, on the node's network, or a Helm hook Pod
    serving = daemon.replace("containerPort: 9100", "containerPort: 4000")
    host = daemon.replace("      containers:", "      hostNetwork: true\n      containers:")
    hook = pod.replace("labels: {app", "annotations: {helm.sh/hook: test}, labels: {app")
    assert "4000" in serving and "hostNetwork" in host and "helm.sh/hook" in hook
    for quiet in (serving, host, hook):
        assert mixed(tmp_path, service(selector="{part-of: llm}"), quiet) == [], quiet
    # a LiteLLM DaemonSet (not counted as a replica) is no other app
    assert mixed(tmp_path, service(selector="{part-of: llm}"), other("litellm-node", kind="DaemonSet", image="ghcr.io/berriai/litellm:main-v1.103.0",
                                                                  extra="ports: [{containerPort: 8000}]").replace("  replicas: 1\n", "")) == []
