"""The deployment's shape from its files (config/deployshape/): replicas x workers and Postgres max_connections,
each with its file:line, and what `check` makes of them (LD-CFG-080/150/151)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cfg_helpers import write
from litellm_doctor.config.deployshape import read_shape
from litellm_doctor.errors import InputError

HERE = Path(__file__).parent / "deploy"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "deploy"  # the Kubernetes example of --help and the README
CONFIG = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: sk-x, rpm: 100}\n"


def check(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "NUM_WORKERS", "CONFIG_FILE_PATH"))}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run([sys.executable, "-m", "litellm_doctor", "check", *args, "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def fleet_messages(result: subprocess.CompletedProcess) -> dict[str, str]:
    report = json.loads(result.stdout)
    return {f["rule_id"]: f["message"] for f in report["findings"] if f["rule_id"] in ("LD-CFG-080", "LD-CFG-150", "LD-CFG-151")}


# -- the fixtures: real-shaped deployments -------------------------------------------------------------
def test_compose_replicas_times_num_workers_and_postgres_command():
    shape = read_shape(HERE / "compose-scaled" / "config.yaml")
    compose = str(HERE / "compose-scaled" / "docker-compose.yml")
    assert shape.processes == 12
    (unit,) = shape.units
    assert unit.name == "service litellm"  # not the Postgres service beside it
    assert (unit.replicas.value, unit.replicas.where) == (3, f"{os.path.relpath(compose)}:12")
    assert (unit.workers.value, unit.workers.where) == (4, f"{os.path.relpath(compose)}:4")
    assert (shape.max_connections.value, shape.max_connections.where) == (100, f"{os.path.relpath(compose)}:17")
    assert shape.redis is None


def test_kubernetes_hpa_max_replicas_is_the_worst_case_and_cnpg_max_connections():
    shape = read_shape(EXAMPLE / "config.yaml")
    (unit,) = shape.units
    assert unit.name == "Deployment litellm" and shape.processes == 12
    assert unit.replicas.value == 6 and unit.replicas.what == "HPA maxReplicas" and unit.replicas.where.endswith("deployment.yaml:44")
    assert unit.workers.value == 2 and unit.workers.where.endswith("deployment.yaml:20")
    assert shape.max_connections.value == 200 and shape.max_connections.where.endswith("postgres.yaml:10")
    assert "6 replicas (HPA maxReplicas, " in shape.source


def test_check_names_where_each_number_came_from():
    result = check(str(HERE / "compose-scaled" / "config.yaml"))
    assert result.returncode == 1, result.stderr
    found = fleet_messages(result)
    assert set(found) == {"LD-CFG-080", "LD-CFG-150", "LD-CFG-151"}
    source = "3 replicas (tests/config/deploy/compose-scaled/docker-compose.yml:12) x 4 workers (tests/config/deploy/compose-scaled/docker-compose.yml:4)"
    assert f"12 proxy processes ({source}) share no Redis" in found["LD-CFG-150"]
    assert "`litellm_settings.max_budget` $100 acts as up to $1200" in found["LD-CFG-150"]
    assert "x 12 processes" in found["LD-CFG-151"] and "= 120" in found["LD-CFG-151"]
    assert "100 max_connections at tests/config/deploy/compose-scaled/docker-compose.yml:17" in found["LD-CFG-151"]
    notes = json.loads(result.stdout)["notes"]
    assert any(n.startswith("deployment files: 12 LiteLLM processes = 3 replicas") for n in notes)


def test_check_hpa_and_the_pool_limit():
    found = fleet_messages(check(str(EXAMPLE / "config.yaml")))
    # Redis is in router_settings (REDIS_HOST declared by the manifest): only the DB connections are wrong
    assert set(found) == {"LD-CFG-151"}
    assert "20 database connections per process (general_settings.database_connection_pool_limit) x 12 processes" in found["LD-CFG-151"]
    assert "6 replicas (HPA maxReplicas, examples/deploy/k8s/deployment.yaml:44)" in found["LD-CFG-151"]


def test_a_consistent_deployment_has_no_finding():
    """8 processes sharing a Redis the compose file runs, 80 DB connections under max_connections 200."""
    shape = read_shape(HERE / "compose-consistent" / "config.yaml")
    assert shape.processes == 8 and shape.max_connections.value == 200 and "service redis" in shape.redis
    assert shape.units[0].replicas.what == "scale"
    result = check(str(HERE / "compose-consistent" / "config.yaml"))
    assert fleet_messages(result) == {}, result.stdout


def test_flags_win_over_the_files():
    config = str(HERE / "compose-scaled" / "config.yaml")
    assert fleet_messages(check(config, "--workers", "1")) == {}
    found = fleet_messages(check(config, "--db-max-connections", "1000"))
    assert "LD-CFG-151" not in found and "LD-CFG-150" in found
    found = fleet_messages(check(config, "--workers", "20"))
    assert "20 proxy processes (workers x replicas from the project settings / --workers)" in found["LD-CFG-150"]


def test_no_dotenv_reads_no_file_beside_the_config_but_deploy_does(tmp_path):
    config = str(HERE / "compose-scaled" / "config.yaml")
    assert fleet_messages(check(config, "--no-dotenv")) == {}
    assert read_shape(config, discover=False).processes is None
    found = fleet_messages(check(config, "--no-dotenv", "--deploy", str(EXAMPLE / "k8s")))
    assert "6 replicas (HPA maxReplicas" in found["LD-CFG-150"]


# -- shapes of the files -------------------------------------------------------------------------------
def shape_of(tmp_path: Path, files: dict[str, str], config: str = CONFIG):
    path = write(tmp_path, config)
    for name, text in files.items():
        write(tmp_path, text, name)
    return read_shape(path)


def test_command_forms(tmp_path):
    def workers(command: str, extra: str = "") -> int | None:
        compose = f"services:\n  proxy:\n    image: ghcr.io/berriai/litellm:main-v1.103.0\n    command: {command}\n{extra}"
        shape = shape_of(tmp_path / str(abs(hash(command + extra))), {"docker-compose.yml": compose})
        return shape.units[0].workers.value if shape.units[0].workers else None

    assert workers('["--config", "/app/config.yaml", "--num_workers=3"]') == 3
    assert workers("""["sh", "-c", "litellm --config /app/config.yaml --num_workers 5"]""") == 5
    assert workers("--num_workers 2 --num_workers 6") == 6  # click: the last one wins
    assert workers("--config /app/config.yaml --run_hypercorn --num_workers 4") is None  # hypercorn: one process
    assert workers("--config /app/config.yaml", "    environment: [NUM_WORKERS=7]\n") == 7
    assert workers("--config /app/config.yaml --num_workers 2", "    environment: {NUM_WORKERS: 7}\n") == 2  # the option wins
    assert workers("--config /app/config.yaml", "    environment: {DEFAULT_NUM_WORKERS_LITELLM_PROXY: '3'}\n") == 3
    assert workers("--config /app/config.yaml") is None


def test_interpolation_from_the_env_beside_the_compose_file_and_unknown_values(tmp_path):
    compose = ("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    command: --num_workers ${WORKERS}\n"
               "    deploy:\n      replicas: ${REPLICAS:-3}\n")
    shape = shape_of(tmp_path / "a", {"compose.yaml": compose, ".env": "WORKERS=4\n"})
    assert shape.processes == 12
    shape = shape_of(tmp_path / "b", {"compose.yaml": compose})
    assert shape.processes == 3  # ${WORKERS} not known here: LiteLLM's default stands, with a note
    assert any("--num_workers ${WORKERS}" in n and "counted as 1 worker" in n for n in shape.notes)


def test_env_file_num_workers_and_the_misspelt_option(tmp_path):
    compose = ("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    command: --num-workers 8\n"
               "    env_file: proxy.env\n    scale: 2\n")
    shape = shape_of(tmp_path, {"docker-compose.yml": compose, "proxy.env": "# workers\nNUM_WORKERS=3\n"})
    assert shape.processes == 6 and shape.units[0].workers.where.endswith("proxy.env:2")
    assert any("`--num-workers` is not a LiteLLM option" in n for n in shape.notes)


def test_postgres_settings_as_postgres_parses_them_and_a_database_elsewhere(tmp_path):
    def max_connections(command: str, url: str = "postgresql://u:p@db:5432/x") -> int | None:
        compose = (f"services:\n  litellm:\n    image: ghcr.io/berriai/litellm-database:main\n    environment: {{DATABASE_URL: '{url}'}}\n"
                   f"  db:\n    image: pgvector/pgvector:pg16\n    command: {command}\n")
        shape = shape_of(tmp_path / str(abs(hash(command + url))), {"docker-compose.yml": compose})
        return shape.max_connections.value if shape.max_connections else None

    assert max_connections("postgres -cmax_connections=50") == 50
    assert max_connections("[postgres, --max-connections=60]") == 60
    assert max_connections("-c max_connections=70 -c max_connections=80") == 80
    assert max_connections("postgres -c shared_buffers=1GB") is None  # not said: no guess at the default
    assert max_connections("postgres -c max_connections=50", "postgresql://u:p@rds.example.com:5432/x") is None


def test_kubernetes_forms(tmp_path):
    statefulset = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: proxy}
spec:
  replicas: 4
  template:
    spec:
      initContainers:
        - {name: migrate, image: ghcr.io/berriai/litellm-database:main, args: ["--num_workers", "9"]}
      containers:
        - name: proxy
          image: ghcr.io/berriai/litellm:main
          command: ["litellm"]
          args: ["--config", "/app/config.yaml"]
          env:
            - {name: NUM_WORKERS, value: "3"}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: proxy}
spec:
  scaleTargetRef: {kind: StatefulSet, name: proxy}
  maxReplicaCount: 10
---
apiVersion: acid.zalan.do/v1
kind: postgresql
metadata: {name: acid-litellm}
spec:
  postgresql:
    version: "16"
    parameters: {max_connections: "300"}
"""
    shape = shape_of(tmp_path / "a", {"deploy/proxy.yaml": statefulset})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.replicas.what, unit.workers.value) == (10, "KEDA maxReplicaCount", 3)
    assert shape.max_connections.value == 300
    daemon = statefulset.replace("kind: StatefulSet\nmetadata: {name: proxy}\nspec:\n  replicas: 4", "kind: DaemonSet\nmetadata: {name: proxy}\nspec:")
    shape = shape_of(tmp_path / "d", {"k8s/proxy.yaml": daemon})
    assert shape.processes is None and any("one LiteLLM per node" in n for n in shape.notes)
    secret_workers = statefulset.replace('{name: NUM_WORKERS, value: "3"}', "{name: NUM_WORKERS, valueFrom: {configMapKeyRef: {name: c, key: w}}}")
    shape = shape_of(tmp_path / "s", {"k8s/proxy.yaml": secret_workers})
    assert shape.processes == 10 and any("NUM_WORKERS" in n and "not known here" in n for n in shape.notes)


def test_compose_and_manifests_are_alternatives_the_larger_is_used(tmp_path):
    compose = "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n"
    k8s = (EXAMPLE / "k8s" / "deployment.yaml").read_text()
    shape = shape_of(tmp_path, {"docker-compose.yml": compose, "k8s/deployment.yaml": k8s})
    assert shape.processes == 12 and shape.units[0].name == "Deployment litellm"
    assert any(n.startswith("also read: ") and "(1 process)" in n for n in shape.notes)


def test_one_process_and_no_numbers_give_no_finding(tmp_path):
    path = write(tmp_path, CONFIG + "general_settings: {database_url: postgresql://u:p@db/x}\nlitellm_settings: {max_budget: 5}\n")
    write(tmp_path, "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n  db:\n    image: postgres:16\n", "docker-compose.yml")
    assert read_shape(path).processes == 1 and read_shape(path).max_connections is None
    assert fleet_messages(check(str(path))) == {}


# -- bad files -------------------------------------------------------------------------------------
def test_a_malformed_file_beside_the_config_is_skipped_with_a_note(tmp_path):
    path = write(tmp_path, CONFIG)
    write(tmp_path, "services:\n  litellm: [\n", "docker-compose.yml")
    write(tmp_path, "kind: Deployment\nspec: {replicas: 3\n", "k8s/bad.yaml")
    write(tmp_path, "a: &a [*a]\nkind: Deployment\n", "k8s/alias.yaml")
    shape = read_shape(path)
    assert shape.processes is None
    assert len([n for n in shape.notes if n.startswith("skipped ")]) == 3, shape.notes
    result = check(str(path))
    assert result.returncode == 0 and any("malformed YAML" in n for n in json.loads(result.stdout)["notes"])


def test_a_named_bad_file_is_a_one_line_error(tmp_path):
    path = write(tmp_path, CONFIG)
    bad = write(tmp_path, "services:\n  litellm: [\n", "elsewhere/compose.yaml")
    with pytest.raises(InputError, match=r"compose.yaml:\d+: malformed YAML"):
        read_shape(path, [bad])
    other = write(tmp_path, "services:\n  web:\n    image: nginx\n", "elsewhere/web.yaml")
    assert any("no LiteLLM service (compose) or workload" in n for n in read_shape(path, [other]).notes)
    for deploy in (str(bad), str(tmp_path / "missing.yaml")):
        result = check(str(path), "--deploy", deploy)
        assert result.returncode == 2 and result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("litellm-doctor: error: "), result.stderr


@pytest.mark.parametrize("compose, manifest", [
    ("services: 5\n", "kind: Deployment\nspec: 7\n"),
    ("services: {litellm: {image: litellm, command: {a: 1}, deploy: [1], environment: 5, env_file: 7, scale: [2]}}\n",
     "kind: Deployment\nmetadata: 3\nspec: {replicas: abc, template: {spec: {containers: [{image: litellm, env: 5, args: {x: 1}}, 4]}}}\n"),
    ("services: {litellm: {image: litellm, command: 'unterminated \"quote --num_workers 3', deploy: {replicas: -2}}}\n",
     "kind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: 5, maxReplicas: x}\n---\n- a list\n---\nkind: [Deployment]\n"),
    ("services: {db: {image: postgres, command: [-c]}, r: {image: [redis]}}\n",
     "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nspec: {postgresql: {parameters: [max_connections]}}\n"),
])
def test_odd_shapes_beside_the_config_never_crash(tmp_path, compose, manifest):
    shape = shape_of(tmp_path, {"docker-compose.yml": compose, "k8s/x.yaml": manifest})
    assert shape.processes in (None, 1) and shape.max_connections is None


def test_bug_report_takes_the_numbers_from_the_files_too():
    from litellm_doctor.logs.bugreport import build_bug_report

    text = build_bug_report(config=str(HERE / "compose-scaled" / "config.yaml"))
    assert "`LD-CFG-151`" in text and "x 12 processes (3 replicas (" in text
    assert "_deployment files: 12 LiteLLM processes = 3 replicas" in text


def test_which_services_and_containers_are_litellm(tmp_path):
    compose = """services:
  litellm:
    build: .
  litellm-exporter:
    image: prom/statsd-exporter
  gateway:
    image: mycorp/gateway:1.2
    command: ["litellm", "--port", "4000"]
  litellm-db:
    image: postgres:16
"""
    assert sorted(u.name for u in shape_of(tmp_path / "c", {"docker-compose.yml": compose}).units) == ["service gateway", "service litellm"]
    pod = """apiVersion: v1
kind: Pod
metadata: {name: llm}
spec:
  containers:
    - {name: proxy, image: mycorp/gateway:1.2, args: ["--config", "/etc/litellm/config.yaml", "--num_workers", "3"]}
    - {name: litellm-metrics, image: prom/statsd-exporter}
"""
    shape = shape_of(tmp_path / "p", {"k8s/pod.yaml": pod})
    assert [u.name for u in shape.units] == ["Pod llm"] and shape.processes == 3


def test_compose_override_files_merge_as_docker_compose_merges_them(tmp_path):
    base = ("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    command: --config /app/config.yaml\n"
            "    environment: {NUM_WORKERS: 2}\n  db:\n    image: postgres:16\n")
    override = ("services:\n  litellm:\n    environment: {NUM_WORKERS: 4}\n    deploy: {replicas: 3}\n"
                "  db:\n    command: postgres -c max_connections=90\n")
    shape = shape_of(tmp_path / "a", {"compose.yaml": base, "compose.override.yaml": override})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.workers.value, shape.processes) == (3, 4, 12)
    assert unit.replicas.where.endswith("compose.override.yaml:4") and unit.workers.where.endswith("compose.override.yaml:3")
    assert shape.max_connections.value == 90
    # named with --deploy, as `docker compose -f base -f prod`: merged in the order given, no override read
    prod = "services:\n  litellm:\n    command: --config /app/config.yaml --num_workers 6\n"
    (tmp_path / "a" / "prod.yaml").write_text(prod)
    shape = read_shape(tmp_path / "a" / "config.yaml", [tmp_path / "a" / "compose.yaml", tmp_path / "a" / "prod.yaml"])
    assert shape.processes == 6 and shape.units[0].replicas is None
    assert shape.files == tuple(os.path.relpath(tmp_path / "a" / n) if not os.path.relpath(tmp_path / "a" / n).startswith("..")
                                else str(tmp_path / "a" / n) for n in ("compose.yaml", "prod.yaml"))


def test_postgres_config_file_mounted_from_the_repository(tmp_path):
    compose = ("services:\n  litellm:\n    image: ghcr.io/berriai/litellm-database:main\n    command: --num_workers 4\n    scale: 5\n"
               "  db:\n    image: postgres:16\n    command: postgres -c config_file=/etc/postgresql/postgresql.conf\n"
               "    volumes:\n      - ./postgres/postgresql.conf:/etc/postgresql/postgresql.conf:ro\n      - pgdata:/var/lib/postgresql/data\n")
    conf = "# tuned\nlisten_addresses = '*'\nmax_connections = 150\t# was 100\nshared_buffers = 1GB\n#max_connections = 9\n"
    shape = shape_of(tmp_path / "a", {"docker-compose.yml": compose, "postgres/postgresql.conf": conf})
    assert shape.max_connections.value == 150 and shape.max_connections.where.endswith("postgres/postgresql.conf:3")
    # the command line wins over the file, as in postgres
    shape = shape_of(tmp_path / "b", {"docker-compose.yml": compose.replace("postgresql.conf\n", "postgresql.conf -c max_connections=300\n", 1),
                                      "postgres/postgresql.conf": conf})
    assert shape.max_connections.value == 300
    # mounted from outside the repository: not known, no guess
    assert shape_of(tmp_path / "c", {"docker-compose.yml": compose}).max_connections is None


def test_kustomize_replicas_override_the_deployment(tmp_path):
    deployment = (EXAMPLE / "k8s" / "deployment.yaml").read_text().split("---")[0]  # without its HPA
    kustomization = ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n"
                     "replicas:\n  - name: other\n    count: 9\n  - name: litellm\n    count: 4\n")
    shape = shape_of(tmp_path / "a", {"k8s/deployment.yaml": deployment, "k8s/kustomization.yaml": kustomization})
    (unit,) = shape.units
    assert (unit.replicas.value, unit.replicas.what, shape.processes) == (4, "kustomize replicas", 8)
    assert unit.replicas.where.endswith("kustomization.yaml:8")
    assert shape_of(tmp_path / "b", {"k8s/deployment.yaml": deployment}).processes == 4  # spec.replicas 2 x 2 workers


def test_deploy_in_the_project_settings(tmp_path):
    config = write(tmp_path / "proxy", CONFIG + "litellm_settings: {max_budget: 10}\n")
    (tmp_path / "ops").mkdir()
    (tmp_path / "ops" / "compose.yaml").write_text("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main\n    scale: 4\n")
    (tmp_path / "pyproject.toml").write_text('[tool.litellm-doctor]\ndeploy = ["ops/compose.yaml"]\n')
    found = fleet_messages(check(str(config)))
    assert "4 proxy processes (4 replicas (scale, " in found["LD-CFG-150"]
    (tmp_path / "pyproject.toml").write_text('[tool.litellm-doctor]\ndeploy = ["ops/missing.yaml"]\n')
    result = check(str(config))
    assert result.returncode == 2 and "missing.yaml: no such file or directory" in result.stderr


def test_num_workers_from_a_configmap_or_a_secret_of_envfrom(tmp_path):
    deployment = """apiVersion: apps/v1
kind: Deployment
metadata: {name: litellm}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: litellm
          image: ghcr.io/berriai/litellm:main
          envFrom:
            - configMapRef: {name: litellm-env}
            - secretRef: {name: litellm-secret}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: litellm-env}
data:
  LITELLM_LOG: INFO
  NUM_WORKERS: "4"
"""
    shape = shape_of(tmp_path / "a", {"k8s/litellm.yaml": deployment})
    assert shape.processes == 12 and shape.units[0].workers.where.endswith("litellm.yaml:20")
    secret = "---\napiVersion: v1\nkind: Secret\nmetadata: {name: litellm-secret}\nstringData: {NUM_WORKERS: '8'}\n"
    shape = shape_of(tmp_path / "b", {"k8s/litellm.yaml": deployment.replace('  NUM_WORKERS: "4"\n', "") + secret})
    # a Secret's value is never read: set, to a value not known here
    assert shape.processes == 3 and any("NUM_WORKERS" in n and "not known here" in n for n in shape.notes)


def test_probe_refuses_a_bad_deploy_file_before_probing(tmp_path):
    bad = write(tmp_path, "services:\n  litellm: [\n", "compose.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for deploy in (str(bad), str(tmp_path / "missing")):
        # port 9 (discard) on loopback: nothing is sent, the file is refused first
        result = subprocess.run([sys.executable, "-m", "litellm_doctor", "probe", "--proxy", "http://127.0.0.1:9", "--deploy", deploy],
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 2 and result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_workers_per_replica_times_the_files_replicas():
    shape = read_shape(EXAMPLE / "config.yaml")
    processes, source = shape.per_replica(3)
    assert processes == 18 and source.startswith("6 replicas (HPA maxReplicas, ") and source.endswith("x 3 workers (--workers)")
    assert read_shape(None).per_replica(4) == (4, "4 workers (--workers)")


def test_bug_report_deploy_and_workers_as_probe_reads_them(tmp_path, monkeypatch):
    """`report --deploy/--workers/--db-max-connections`: the same reader and the same counting as `probe`."""
    from litellm_doctor.logs.bugreport import build_bug_report

    monkeypatch.setenv("DATABASE_URL", "postgresql://llm:pw@db:5432/litellm")  # the copy has no manifest declaring it

    config = write(tmp_path, (EXAMPLE / "config.yaml").read_text())  # no deployment file beside this copy
    alone = build_bug_report(config=str(config))
    assert "`LD-CFG-151`" not in alone and "### Deployment files" not in alone
    manifests = EXAMPLE / "k8s"
    shown = os.path.relpath(manifests / "deployment.yaml")
    text = build_bug_report(config=str(config), deploy=[str(manifests)])
    assert f"x 12 processes (6 replicas (HPA maxReplicas, {shown}:44) x 2 workers ({shown}:20)) = 240" in text
    assert "### Deployment files" in text and "_deployment files: 12 LiteLLM processes" in text
    text = build_bug_report(config=str(config), deploy=[str(manifests)], workers=3)
    assert f"x 18 processes (6 replicas (HPA maxReplicas, {shown}:44) x 3 workers (--workers)) = 360" in text
    assert "--workers 3 (per replica) wins over the files' workers: 18 processes" in text
    assert "`LD-CFG-151`" not in build_bug_report(config=str(config), deploy=[str(manifests)], db_max_connections=1000)
    # the files alone (no config): what they say, nothing to check it against
    only = build_bug_report(deploy=[str(manifests)])
    assert "_deployment files: 12 LiteLLM processes" in only and "Findings of `check`" not in only
    with pytest.raises(InputError, match="no such file"):
        build_bug_report(config=str(config), deploy=[str(tmp_path / "missing.yaml")])


def test_report_cli_deploy_with_the_example(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_", "NUM_WORKERS", "LITELLM_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), NO_COLOR="1", DATABASE_URL="postgresql://llm:pw-planted-5b4a@db:5432/litellm")

    def report(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "litellm_doctor", "report", *args], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=60)

    config = write(tmp_path, (EXAMPLE / "config.yaml").read_text().replace(
        "os.environ/AZURE_API_KEY", "sk-planted-report-0123456789abcdef0123"))
    result = report("--config", str(config), "--deploy", "examples/deploy/k8s/", "--workers", "4")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "`LD-CFG-151`" in x)
    assert "x 24 processes (6 replicas (HPA maxReplicas, examples/deploy/k8s/deployment.yaml:44) x 4 workers (--workers)) = 480" in line
    assert "200 max_connections at examples/deploy/k8s/postgres.yaml:10" in line
    assert "sk-planted-report" not in result.stdout and "pw-planted" not in result.stdout
    bad = write(tmp_path, "services:\n  litellm: [\n", "bad/compose.yaml")
    for deploy in (str(bad), str(tmp_path / "missing")):
        result = report("--config", str(config), "--deploy", deploy, "--proxy", "http://127.0.0.1:9")
        assert result.returncode == 2 and result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
