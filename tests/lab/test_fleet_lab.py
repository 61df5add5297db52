"""The fleet lab: real LiteLLM proxies on 127.0.0.1 sharing a real redis-server, probed by the CLI.

At most three proxies run at once (each start costs seconds of CPU): replicas A and B are alike and
share Redis; C has an older config (no `beta`) and no Redis; D has another master key; E (only when
LITELLM_DOCTOR_LAB_NEW_LITELLM names another LiteLLM's `litellm` script) runs another version. A
round-robin TCP load balancer in front of A, B and C is the `--repeat` case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from litellm_doctor.config.loader import display_path

from .lab import HOST, MASTER_KEY, Lab, Scenario
from .redis_server import RedisServer, redis_binary
from .tcp_lb import RoundRobinLB
from .upstream import Upstream, make_self_signed

pytestmark = pytest.mark.lab
ROOT = Path(__file__).resolve().parents[2]
GROUPS = (Scenario("alpha", "healthy", extra=(("rpm", "1000"),)), Scenario("beta", "healthy"))
OTHER_MASTER_KEY = "sk-lab-other-master-key-0b7e2c91d4"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def redis():
    if redis_binary() is None:
        _skip_or_fail("redis-server is not installed (apt-get install -y redis-server)")
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def upstream(tmp_path_factory):
    cert, key = make_self_signed(tmp_path_factory.mktemp("fleet-tls"))
    server = Upstream(HOST, tls_cert=cert, tls_key=key).start()
    yield server
    server.stop()


def _redis_lines(redis: RedisServer) -> tuple[str, ...]:
    return (f"redis_host: {HOST}", f"redis_port: {redis.port}")


def _cache_lines(redis: RedisServer) -> tuple[str, ...]:
    """A Redis response cache too: /cache/ping then tells whether the replica reaches its Redis."""
    return ("cache: true", f"cache_params: {{type: redis, host: {HOST}, port: {redis.port}}}")


def start_all(labs: list[Lab]) -> list[Lab]:
    """Start several proxies at once (their start-ups overlap); stop them all if one fails."""
    errors: list[BaseException] = []

    def run(lab: Lab) -> None:
        try:
            lab.start()
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(lab,)) for lab in labs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        for lab in labs:
            lab.stop()
        raise errors[0]
    return labs


@pytest.fixture(scope="module")
def pair(redis, upstream, tmp_path_factory):
    """Replicas A and B: the same config, sharing Redis."""
    labs = [Lab(scenarios=GROUPS, workdir=tmp_path_factory.mktemp(f"replica-{n}"), shared_upstream=upstream,
                router_extra=_redis_lines(redis), litellm_settings=_cache_lines(redis)) for n in "ab"]
    start_all(labs)
    yield labs
    for lab in labs:
        lab.stop()


def doctor(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LITELLM_MASTER_KEY": MASTER_KEY, "NO_COLOR": "1", **(env or {})}
    full.pop("LITELLM_API_KEY", None)
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "probe", *args, "--format", "json"],
                          env=full, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert MASTER_KEY not in proc.stdout and OTHER_MASTER_KEY not in proc.stdout
    return proc.returncode, json.loads(proc.stdout)


def fleet_findings(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"].startswith(("LD-FLEET", "LD-CFG-15"))]


def label(lab: Lab) -> str:
    return f"{HOST}:{lab.port}"


def test_consistent_fleet_has_no_fleet_finding(pair):
    a, b = pair
    code, report = doctor("--proxy", a.url, "--proxy", b.url, "--config", str(a.config_path), "--deep")
    assert fleet_findings(report) == [], [f["message"] for f in fleet_findings(report)]
    assert code == 0, [f["message"] for f in report["findings"]]
    rows = report["fleet"]["replicas"]
    assert [r["replica"] for r in rows] == [label(a), label(b)]
    for row in rows:
        assert all(c["status"] == "pass" for c in row["checks"].values()), row
        assert row["checks"]["redis"]["value"] == "yes" and row["checks"]["completions"]["value"] == "2/2"
    # --fleet NAME:PORT: every address NAME resolves to (here one: the lab binds 127.0.0.1 only)
    code, report = doctor("--fleet", f"{HOST}:{a.port}")
    assert code == 0 and [r["replica"] for r in report["fleet"]["replicas"]] == [label(a)]


def test_stale_replica_without_redis_is_named_and_seen_through_the_load_balancer(pair, upstream, tmp_path):
    a, b = pair
    stale = Lab(scenarios=GROUPS[:1], workdir=tmp_path / "stale", shared_upstream=upstream)
    with stale:
        c = label(stale)
        code, report = doctor("--proxy", a.url, "--proxy", b.url, "--proxy", stale.url, "--config", str(a.config_path), "--deep")
        assert code == 1
        by_rule: dict[str, list[str]] = {}
        for f in fleet_findings(report):
            by_rule.setdefault(f["rule_id"], []).append(f["message"])
        # the older config: `beta` is missing on C only
        assert any(f"replica {c} does not serve `beta` (the others do)" in m for m in by_rule["LD-FLEET-003"])
        assert label(a) not in " ".join(by_rule["LD-FLEET-003"])
        # its completion for `beta` fails there and works on A and B
        assert any("`beta` fails on 1 of 3 replicas" in m and c in m for m in by_rule["LD-FLEET-008"])
        # no Redis on C while A and B share one
        assert any(f"replica {c} has no Redis" in m for m in by_rule["LD-FLEET-007"])
        # and the config's limit, multiplied by the three processes that do not all share Redis
        shared = by_rule["LD-CFG-150"][0]
        assert "`alpha` rpm 1000 acts as up to 3000" in shared and f"{c} without Redis" in shared
        # deployments of `alpha` are the same everywhere: no deployment-id finding
        assert "LD-FLEET-004" not in by_rule
        row = next(r for r in report["fleet"]["replicas"] if r["replica"] == c)
        assert row["checks"]["model groups"]["status"] == "fail" and row["checks"]["redis"]["status"] == "fail"

        # `report` with the same replicas: the fleet table and its findings, masked, ready to paste
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LITELLM_MASTER_KEY": MASTER_KEY}
        proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "report", "--config", str(a.config_path), "--proxy", a.url,
                               "--proxy", b.url, "--proxy", stale.url], env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-1000:]
        assert "### Fleet" in proc.stdout and f"| `{c}` |" in proc.stdout and "`LD-FLEET-003`" in proc.stdout
        assert MASTER_KEY not in proc.stdout

        # Only the load balancer's address: the same probes 6 times, each on its own connection.
        with RoundRobinLB([(HOST, a.port), (HOST, b.port), (HOST, stale.port)]) as lb:
            code, report = doctor("--proxy", lb.url, "--repeat", "6")
        messages = [f["message"] for f in report["findings"] if f["rule_id"] == "LD-FLEET-010"]
        assert code == 1 and messages, report["findings"]
        models = next(m for m in messages if m.startswith("model groups served"))
        assert "in 6 answers" in models and "without `beta`" in models


def test_replica_with_another_master_key(pair, upstream, tmp_path, redis):
    a, b = pair
    other = Lab(scenarios=GROUPS, workdir=tmp_path / "other-key", shared_upstream=upstream, router_extra=_redis_lines(redis),
                extra_env={"LD_LAB_MASTER_KEY": OTHER_MASTER_KEY})
    with other:
        code, report = doctor("--proxy", a.url, "--proxy", b.url, "--proxy", other.url)
        assert code == 1
        keys = [f["message"] for f in fleet_findings(report) if f["rule_id"] == "LD-FLEET-005"]
        # 1.103.0 without a database refuses an unknown key with 400 (`Authentication Error, Invalid proxy server token`)
        assert len(keys) == 1 and f"refused by 1 of 3 replicas ({label(other)}: 4" in keys[0] and "master keys differ" in keys[0]
        assert [f["rule_id"] for f in fleet_findings(report)] == ["LD-FLEET-005"]


def test_two_litellm_versions(pair, upstream, tmp_path, redis):
    new = os.environ.get("LITELLM_DOCTOR_LAB_NEW_LITELLM")
    if not new or not Path(new).exists():
        pytest.skip("LITELLM_DOCTOR_LAB_NEW_LITELLM does not name a second LiteLLM's `litellm` script")
    a, b = pair
    newer = Lab(scenarios=GROUPS, workdir=tmp_path / "newer", shared_upstream=upstream, router_extra=_redis_lines(redis), litellm=[new])
    with newer:
        code, report = doctor("--proxy", a.url, "--proxy", b.url, "--proxy", newer.url)
        versions = [f["message"] for f in fleet_findings(report) if f["rule_id"] == "LD-FLEET-002"]
        assert len(versions) == 1 and "2 LiteLLM versions in the fleet" in versions[0]
        assert f"the odd replica(s): {label(newer)}" in versions[0]
        # same config everywhere: nothing else differs (a newer proxy may warn about itself, LD-FLEET-009)
        assert {f["rule_id"] for f in fleet_findings(report)} <= {"LD-FLEET-002", "LD-FLEET-009"}


def _deployed(directory: Path, config: Path, files: dict[str, str]) -> Path:
    """A copy of the replicas' config with the files that deploy it beside it, as in a repository."""
    directory.mkdir(parents=True)
    copy = directory / "config.yaml"
    copy.write_text(config.read_text())
    for name, text in files.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    return copy


def _compose(workers: int) -> str:
    return f"""services:
  litellm:
    image: ghcr.io/berriai/litellm-database:main-v1.103.0
    command: ["--config", "/app/config.yaml", "--port", "4000", "--num_workers", "{workers}"]
    volumes: ["./config.yaml:/app/config.yaml"]
    environment:
      DATABASE_URL: postgresql://llmproxy:${{POSTGRES_PASSWORD}}@db:5432/litellm
      REDIS_HOST: redis
    deploy:
      replicas: 2
  redis:
    image: redis:7
  db:
    image: postgres:16
    command: postgres -c max_connections=100
"""


K8S = """apiVersion: apps/v1
kind: Deployment
metadata: {name: litellm}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: litellm
          image: ghcr.io/berriai/litellm-database:main-v1.103.0
          args: ["--config", "/app/config.yaml", "--num_workers", "4"]
          env:
            - name: DATABASE_URL
              valueFrom: {secretKeyRef: {name: litellm, key: database-url}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: litellm}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: litellm}
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: {name: litellm-db}
spec:
  instances: 1
  postgresql:
    parameters: {max_connections: "150"}
"""


def test_deployment_files_give_the_process_count_of_the_fleet(pair, tmp_path):
    """The replicas share Redis; the files beside the config say how many processes run and Postgres' limit."""
    a, b = pair
    replicas = ("--proxy", a.url, "--proxy", b.url)
    # consistent: 2 replicas x 2 workers x 10 connections = 40 under max_connections 100; Redis shared
    consistent = _deployed(tmp_path / "ok", a.config_path, {"docker-compose.yml": _compose(2)})
    code, report = doctor(*replicas, "--config", str(consistent))
    assert fleet_findings(report) == [] and code == 0, [f["message"] for f in fleet_findings(report)]
    assert any(n.startswith("deployment files: 4 LiteLLM processes = 2 replicas") for n in report["notes"]), report["notes"]

    # 8 workers per replica: 2 x 8 x 10 = 160 connections, more than 100 - 3 reserved
    compose = _deployed(tmp_path / "many", a.config_path, {"docker-compose.yml": _compose(8)})
    shown = display_path(compose.parent / "docker-compose.yml")
    code, report = doctor(*replicas, "--config", str(compose))
    (db,) = [f["message"] for f in fleet_findings(report)]
    assert f"x 16 processes (2 replicas ({shown}:10) x 8 workers ({shown}:4)) = 160" in db, db
    assert f"100 max_connections at {shown}:15" in db
    # --db-max-connections wins over the file
    code, report = doctor(*replicas, "--config", str(compose), "--db-max-connections", "500")
    assert fleet_findings(report) == []
    # one address (a replica, or the load balancer in front of them): the same processes behind it
    code, report = doctor("--proxy", a.url, "--config", str(compose))
    (db,) = [f["message"] for f in fleet_findings(report)]
    assert f"x 16 processes (2 replicas ({shown}:10) x 8 workers ({shown}:4)) = 160" in db, db
    code, report = doctor("--proxy", a.url, "--config", str(consistent))
    assert fleet_findings(report) == [] and any(n.startswith("deployment files: 4 LiteLLM processes") for n in report["notes"])
    code, report = doctor("--proxy", a.url, "--config", str(consistent), "--workers", "24")
    (db,) = [f["message"] for f in fleet_findings(report)]
    assert f"x 48 processes (2 replicas ({display_path(consistent.parent / 'docker-compose.yml')}:10) x 24 workers (--workers))" in db, db

    # Kubernetes: an HPA may scale to 5 replicas, more than the 2 that answer now: the worst case counts
    k8s = _deployed(tmp_path / "k8s", a.config_path, {"k8s/litellm.yaml": K8S})
    manifest = display_path(k8s.parent / "k8s" / "litellm.yaml")
    code, report = doctor(*replicas, "--config", str(k8s))
    (db,) = [f["message"] for f in fleet_findings(report)]
    assert f"x 20 processes (5 replicas (HPA maxReplicas, {manifest}:22) x 4 workers ({manifest}:11)) = 200" in db, db
    assert f"150 max_connections at {manifest}:30" in db
    # --deploy: the files named instead of the ones beside the config
    code, report = doctor(*replicas, "--config", str(consistent), "--deploy", str(k8s.parent / "k8s"))
    assert [f["rule_id"] for f in fleet_findings(report)] == ["LD-CFG-151"]

    # Only the load balancer's address, --repeat N: the processes behind it are the files', as for one address
    with RoundRobinLB([(HOST, a.port), (HOST, b.port)]) as lb:
        code, report = doctor("--proxy", lb.url, "--repeat", "2", "--config", str(compose))
        (db,) = [f["message"] for f in fleet_findings(report)]
        assert f"x 16 processes (2 replicas ({shown}:10) x 8 workers ({shown}:4)) = 160" in db, db
        assert any(n.startswith("deployment files: 16 LiteLLM processes") for n in report["notes"]), report["notes"]
        code, report = doctor("--proxy", lb.url, "--repeat", "2", "--config", str(consistent), "--deploy", str(k8s.parent / "k8s"))
        (db,) = [f["message"] for f in fleet_findings(report)]
        assert f"x 20 processes (5 replicas (HPA maxReplicas, {manifest}:22) x 4 workers ({manifest}:11)) = 200" in db, db
        code, report = doctor("--proxy", lb.url, "--repeat", "2", "--config", str(consistent))
        assert fleet_findings(report) == [] and code == 0, [f["message"] for f in report["findings"]]


# LD-CFG-151 counts connections only where the proxy has a database: here this environment says it has one.
WITH_DATABASE = {"DATABASE_URL": "postgresql://llmproxy@db:5432/litellm"}


def _command(command: str, *args: str, cwd: Path | None = None) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LITELLM_MASTER_KEY": MASTER_KEY, "NO_COLOR": "1", **WITH_DATABASE}
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", command, *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return proc.returncode, proc.stdout


def test_project_settings_give_probe_and_report_the_processes_check_counts(pair, tmp_path):
    """`deploy` and `workers` in [tool.litellm-doctor]: probe (replicas, one address) and report count the processes
    check counts; a command-line option wins over the settings, which win over the files beside the config."""
    a, b = pair
    replicas = ("--proxy", a.url, "--proxy", b.url)
    project = tmp_path / "project"
    config = _deployed(project / "proxy", a.config_path, {})  # nothing beside it: the settings name the manifests
    manifest_path = project / "ops" / "prod" / "litellm.yaml"
    manifest_path.parent.mkdir(parents=True)
    manifest_path.write_text(K8S)
    manifest = display_path(manifest_path)
    pyproject = project / "pyproject.toml"
    from_files = f"x 20 processes (5 replicas (HPA maxReplicas, {manifest}:22) x 4 workers ({manifest}:11)) = 200"

    def counts(*extra: str) -> list[str]:
        """LD-CFG-151's message from check, probe of the fleet, probe of one address and report, with `extra`."""
        out = []
        code, text = _command("check", str(config), "--select", "LD-CFG-151", "--format", "json", *extra)
        out.append(" ".join(f["message"] for f in json.loads(text)["findings"]))
        for args in (replicas, ("--proxy", a.url)):
            code, report = doctor(*args, "--config", str(config), *extra, env=WITH_DATABASE)
            out.append(" ".join(f["message"] for f in fleet_findings(report) if f["rule_id"] == "LD-CFG-151"))
        code, text = _command("report", "--config", str(config), *replicas, *extra)
        out.append(" ".join(line for line in text.splitlines() if "`LD-CFG-151`" in line))
        return out

    # none: no settings file, no files beside the config: no process count, no DB finding anywhere
    assert counts() == ["", "", "", ""]

    # `deploy`: every command reads the manifests it names (relative to the settings file)
    pyproject.write_text('[project]\nname = "proxy"\n\n[tool.litellm-doctor]\ndeploy = ["ops/prod"]\n')
    assert all(from_files in m for m in counts()), counts()
    # an option wins: --deploy names other files (a compose file: 2 replicas x 8 workers), --db-max-connections
    # says Postgres allows more
    compose = project / "ops" / "dev" / "docker-compose.yml"
    compose.parent.mkdir(parents=True)
    compose.write_text(_compose(8))
    shown = display_path(compose)
    assert all(f"x 16 processes (2 replicas ({shown}:10) x 8 workers ({shown}:4)) = 160" in m
               for m in counts("--deploy", str(compose.parent))), counts("--deploy", str(compose.parent))
    assert counts("--db-max-connections", "1000") == ["", "", "", ""]

    # `workers`: all processes, as `check --workers` counts them, over the files' count, in every command
    pyproject.write_text('[tool.litellm-doctor]\ndeploy = ["ops/prod"]\nworkers = 30\n')
    stated = f"x 30 processes (the `workers` setting, {pyproject}) = 300"
    assert all(stated in m for m in counts()), counts()
    # probe's and report's --workers (per replica, times the files' replicas) win over the setting: 5 x 1 = 5
    for_probe = counts("--workers", "1")[1:]
    assert for_probe == ["", "", ""], for_probe
    # and check's --workers (all processes)
    code, text = _command("check", str(config), "--select", "LD-CFG-151", "--format", "json", "--workers", "40")
    assert "x 40 processes" in json.loads(text)["findings"][0]["message"]

    # --settings names a settings file instead of the one found
    other = tmp_path / "elsewhere.yaml"
    other.write_text(f"deploy: [{manifest_path}]\n")
    pyproject.write_text("[tool.litellm-doctor]\nworkers = 2\n")  # 2 x 10 = 20: no finding
    assert counts() == ["", "", "", ""]
    assert all(from_files in m for m in counts("--settings", str(other))), counts("--settings", str(other))
    # a bad settings file is a one-line error before any request (exit 2)
    pyproject.write_text("[tool.litellm-doctor]\nworkrs = 2\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for command in (["probe", "--proxy", a.url, "--config", str(config)], ["report", "--config", str(config)]):
        proc = subprocess.run([sys.executable, "-m", "litellm_doctor", *command], env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "unknown litellm-doctor setting `workrs` (did you mean `workers`?)" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


def test_project_settings_select_ignore_fail_on_and_env_files_in_probe_and_report(pair, tmp_path):
    """The settings `check` reads, read by probe and report the same way: select / ignore over the probe's findings
    (ids, names or prefixes of any rule), fail-on for the exit code (the command line wins), env-files for the config."""
    a, b = pair
    project = tmp_path / "project"
    # The replicas' config plus `gamma`, which they do not serve (LD-PROBE-001), its api_base from the environment.
    config = _deployed(project, a.config_path, {})
    config.write_text(config.read_text().replace("model_list:\n", "model_list:\n  - model_name: gamma\n    litellm_params:\n"
                                                 "      model: openai/gamma\n      api_base: os.environ/GAMMA_BASE\n", 1))
    settings = project / ".litellm-doctor.yaml"

    def probe(*args: str) -> tuple[int, dict]:
        return doctor("--config", str(config), *args)

    def ids(report: dict) -> set[str]:
        return {f["rule_id"] for f in report["findings"]}

    code, report = probe("--proxy", a.url)
    assert code == 1 and "LD-PROBE-001" in ids(report)
    assert not any("127.0.0.1:9" in p["target"] for p in report["probes"])  # GAMMA_BASE unset: no upstream to probe

    # ignore by name: the finding goes, a note says so, and the failed /v1/models probe no longer fails the run
    settings.write_text("ignore: [group-not-served-by-proxy]\n")
    code, report = probe("--proxy", a.url)
    assert "LD-PROBE-001" not in ids(report) and code == 0, report["findings"]
    assert any("left out by the settings' select / ignore" in n and "LD-PROBE-001" in n for n in report["notes"])
    assert any(p["status"] == "fail" for p in report["probes"])  # the probe results stay as they were
    code, report = probe("--proxy", a.url, "--proxy", b.url)  # the fleet: the same finding, merged from both replicas
    assert "LD-PROBE-001" not in ids(report) and code == 0, report["findings"]
    # the same settings file is check's: a probe verdict in it is no error there
    code, _ = _command("check", str(config), "--format", "json")
    assert code in (0, 1)

    # select by prefix: only those rules; fail-on: never in the settings, error on the command line wins
    settings.write_text("select: [LD-PROBE-00]\nfail-on: never\n")
    code, report = probe("--proxy", a.url)
    assert ids(report) == {"LD-PROBE-001"} and code == 0
    code, report = probe("--proxy", a.url, "--fail-on", "error")
    assert code == 1
    settings.write_text("select: [LD-FLEET]\n")
    code, report = probe("--proxy", a.url, "--proxy", b.url)
    assert not ids(report) and code == 0, report["findings"]
    settings.write_text("ignore: [LD-NOPE-1]\n")  # names no rule: exit 2, one line
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LITELLM_MASTER_KEY": MASTER_KEY}
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "probe", "--proxy", a.url, "--config", str(config)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "no check 'LD-NOPE-1'" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr

    # env-files: the config's os.environ/ references resolved as check resolves them (relative to the settings file)
    (project / ".env.prod").write_text("GAMMA_BASE=http://127.0.0.1:9\n")
    settings.write_text("env-files: [.env.prod]\n")
    code, report = probe("--proxy", a.url)
    assert any("127.0.0.1:9" in p["target"] and p["status"] == "fail" for p in report["probes"]), report["probes"]

    # report: exit 0 as before without fail-on; the settings' fail-on makes it exit as probe would; ignore applies
    settings.write_text("fail-on: warning\n")
    code, text = _command("report", "--config", str(config), "--proxy", a.url, "--proxy", b.url)
    assert code == 1 and "`LD-PROBE-001`" in text
    code, _ = _command("report", "--config", str(config), "--proxy", a.url, "--fail-on", "never")
    assert code == 0
    settings.write_text("fail-on: warning\nignore: [LD-PROBE-001, LD-CFG]\n")
    code, text = _command("report", "--config", str(config), "--proxy", a.url, "--proxy", b.url)
    assert code == 0 and "`LD-PROBE-001`" not in text and "left out by the settings' select / ignore" in text, text[-3000:]
    settings.unlink()
    code, _ = _command("report", "--config", str(config), "--proxy", a.url)
    assert code == 0


def test_redis_down_is_seen_by_every_replica(pair, redis):
    """Last in this module: it stops the module's Redis."""
    a, b = pair
    redis.stop()
    code, report = doctor("--proxy", a.url, "--proxy", b.url, "--config", str(a.config_path))
    assert code == 1
    unreachable = [f["message"] for f in fleet_findings(report) if f["rule_id"] == "LD-FLEET-007"]
    assert len(unreachable) == 2 and all("does not reach its Redis" in m for m in unreachable)
    shared = [f["message"] for f in fleet_findings(report) if f["rule_id"] == "LD-CFG-150"]
    assert len(shared) == 1 and "`alpha` rpm 1000 acts as up to 2000" in shared[0]
    assert all(r["checks"]["redis"]["value"] == "unreachable" for r in report["fleet"]["replicas"])


class _Silent:
    """A replica that accepts connections and never answers (a hung process behind its port)."""

    def __enter__(self) -> "_Silent":
        import socket

        self._sock = socket.socket()
        self._sock.bind((HOST, 0))
        self._sock.listen(64)
        self._held: list = []
        self.url = f"http://{HOST}:{self._sock.getsockname()[1]}"

        def accept() -> None:
            while True:
                try:
                    self._held.append(self._sock.accept()[0])
                except OSError:
                    return

        threading.Thread(target=accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._sock.close()
        for conn in self._held:
            conn.close()


def test_a_hung_replica_costs_the_others_nothing_but_its_own_row(pair):
    # The healthy replicas' readiness and fleet requests wait for every replica's completions to be
    # sent, but for a hung one only a bounded time: they are answered, the hung one is named, and
    # the run ends at the deadline.
    import time

    a, b = pair
    with _Silent() as hung:
        started = time.monotonic()
        code, report = doctor("--proxy", a.url, "--proxy", b.url, "--proxy", hung.url, "--config", str(a.config_path),
                              "--deep", "--timeout", "4")
        elapsed = time.monotonic() - started
    assert code == 1 and elapsed < 4 + 3, elapsed
    rows = {r["replica"]: r["checks"] for r in report["fleet"]["replicas"]}
    for lab in (a, b):
        checks = rows[label(lab)]
        assert checks["ready"]["status"] == "pass" and checks["completions"]["value"] == "2/2", checks
        # /model/info answered (a fleet request): the deployments are compared. (Not the Redis check:
        # an earlier test of this module stops the shared redis-server.)
        assert checks["deployments"]["status"] == "pass" and checks["deployments"]["value"] == "same", checks
    assert rows[f"{HOST}:{hung.url.rsplit(':', 1)[1]}"]["reachable"]["status"] == "fail"
    assert any(f["rule_id"] == "LD-FLEET-001" for f in report["findings"]), [f["rule_id"] for f in report["findings"]]
