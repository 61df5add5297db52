"""The fleet comparison without a network: synthetic replicas in, odd-one-out findings out (probe/fleet*.py).

The end-to-end proof against real proxies is tests/lab/test_fleet_lab.py; these pin the rules of the
comparison (majority, ties, no finding on a consistent fleet) and the usage errors.
"""

from __future__ import annotations

import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from litellm_doctor.probe.fleet import Replica, expand_fleet, replica_urls
from litellm_doctor.probe.fleet_findings import compare, fleet_view
from litellm_doctor.probe.options import ProbeUsageError


def replica(n: int, *, version="1.103.0", served=("a", "b"), ids=None, key=True, status=None, redis=False, reachable=True) -> Replica:
    groups = {}
    run = SimpleNamespace(proxy_reachable=reachable, facts={}, served_models=list(served), key_accepted=key, groups=groups)
    r = Replica(url=f"http://10.0.0.{n}:4000", label=f"10.0.0.{n}:4000", run=run)
    r.readiness = {"status": "healthy", "db": "Not connected", "litellm_version": version, "show_no_redis_warning": not redis}
    r.readiness_status = 200
    r.deployments = ids if ids is not None else {g: (f"id-{g}",) for g in served}
    r.key_status = 200 if key else (status or 401)
    return r


def rules(findings):
    return [f.rule_id for f in findings]


def test_consistent_fleet_has_no_finding():
    fleet = [replica(n, redis=True) for n in (1, 2, 3)]
    assert compare(fleet) == []
    view = fleet_view(fleet, deep=False)
    assert all(c.status == "pass" for row in view.rows for c in row.cells)


def test_odd_replicas_are_named():
    fleet = [replica(1, redis=True), replica(2, redis=True), replica(3, version="1.108.14", served=("a",))]
    found = compare(fleet)
    messages = " | ".join(f.message for f in found)
    assert "2 LiteLLM versions in the fleet (1.103.0 on 2: 10.0.0.1:4000, 10.0.0.2:4000; 1.108.14 on 1: 10.0.0.3:4000)" in messages
    assert "replica 10.0.0.3:4000 does not serve `b` (the others do)" in messages
    assert "replica 10.0.0.3:4000 has no Redis" in messages
    assert "10.0.0.1" not in messages.split("has no Redis")[0].rsplit("|", 1)[-1]


def test_key_refused_by_one_replica_and_other_deployments():
    fleet = [replica(1), replica(2, ids={"a": ("id-a",), "b": ("other",)}), replica(3), replica(4, key=False, status=401)]
    found = compare(fleet)
    assert "the key is refused by 1 of 4 replicas (10.0.0.4:4000: 401)" in found[rules(found).index("LD-FLEET-005")].message
    deployments = [f.message for f in found if f.rule_id == "LD-FLEET-004"]
    assert len(deployments) == 1 and deployments[0].startswith("replica 10.0.0.2:4000 runs other deployments for `b`")


def test_down_replica():
    found = compare([replica(1), replica(2), replica(3, reachable=False)])
    assert rules(found) == ["LD-FLEET-001"] and "(10.0.0.3:4000)" in found[0].message


def test_replica_urls_and_fleet_usage_errors():
    assert replica_urls(["http://a:4000/v1", "http://a:4000", "http://b:4000/"]) == ["http://a:4000", "http://b:4000"]
    assert expand_fleet("localhost:4000")[0].endswith(":4000")
    for bad in ("localhost", "localhost:0", "ftp://x:1", "x:notaport"):
        with pytest.raises(ProbeUsageError):
            expand_fleet(bad)


def test_cli_usage_errors_exit_2():
    for args in (["--proxy", "http://127.0.0.1:9", "--proxy", "http://127.0.0.1:10", "--repeat", "3"],
                 ["--proxy", "http://127.0.0.1:9", "--repeat", "1"], ["--fleet", "no-port-here"]):
        proc = subprocess.run([sys.executable, "-m", "litellm_doctor", "probe", *args], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_fleet_json_follows_the_schema():
    import json
    from pathlib import Path

    import jsonschema

    from litellm_doctor.formats import get_formatter
    from litellm_doctor.model import Report
    from litellm_doctor.probe.fleet_findings import FLEET_RULES

    fleet = [replica(1, redis=True), replica(2, redis=True), replica(3, served=("a",))]
    found = compare(fleet)
    report = Report("probe", found[0].category, None, {}, tuple(found), (), (), fleet=fleet_view(fleet, deep=False))
    schema = json.loads((Path(__file__).parents[1] / "src/litellm_doctor/schemas/report.schema.json").read_text())
    data = json.loads(get_formatter("json").render(report))
    jsonschema.validate(data, schema)
    assert data["fleet"]["replicas"][2]["checks"]["model groups"] == {"status": "fail", "value": "1 (-1)"}
    assert {f["rule_id"] for f in data["findings"]} <= {r.id for r in FLEET_RULES.values()}
    text = get_formatter("text").render(report)
    assert "Fleet" in text and "10.0.0.3:4000" in text and "✗ 1 (-1)" in text
    assert "| `10.0.0.3:4000` |" in get_formatter("markdown").render(report)


def test_deployment_warnings_are_grouped_by_warning():
    fleet = [replica(n, redis=True) for n in (1, 2, 3)]
    for r in fleet:
        r.warnings = []
    fleet[2].warnings = ["no_redis (warning)"]
    found = compare(fleet)
    messages = [f.message for f in found if f.rule_id == "LD-FLEET-009"]
    assert messages == ["1 of 3 replicas (10.0.0.3:4000) warn about itself: no_redis (warning)"]
    # the proxy's own no_redis warning counts as a replica without Redis
    assert any(f.rule_id == "LD-FLEET-007" and "10.0.0.3:4000" in f.message for f in found)


def test_warnings_of_the_only_replica_that_has_the_endpoint():
    fleet = [replica(1, redis=True), replica(2, redis=True), replica(3, redis=True)]
    fleet[2].warnings = ["env_credential_login (critical)"]
    messages = [f.message for f in compare(fleet) if f.rule_id == "LD-FLEET-009"]
    assert messages == ["1 of 3 replicas (10.0.0.3:4000) warn (2 have no /health/deployment_warnings: an older LiteLLM) "
                        "about itself: env_credential_login (critical)"]


def test_repeat_report_gives_the_rate():
    from litellm_doctor.probe.fleet import Attempt
    from litellm_doctor.probe.fleet_findings import repeat_report

    good = Attempt("1.103.0", "200 healthy", "accepted", ("a", "b"), None, None)
    stale = Attempt("1.103.0", "200 healthy", "accepted", ("a",), None, None)
    refused = Attempt("1.103.0", "200 healthy", "refused (401)", None, None, None)
    report = repeat_report("http://lb:4000", [], [good, stale, good, good, stale, good])
    (finding,) = report.findings
    assert finding.rule_id == "LD-FLEET-010"
    assert "model groups served (/v1/models) differs between attempts through http://lb:4000: 2 in 6 answers (1 in 3)" in finding.message
    assert "without `b`" in finding.message
    report = repeat_report("http://lb:4000", [], [good, good, refused, good])
    assert [f.message.split(":")[0] for f in report.findings] == ["the key differs between attempts through http", "model groups served (/v1/models) differs between attempts through http"]
    assert "1 in 4 answers differ" in report.findings[0].message
    assert repeat_report("http://lb:4000", [], [good] * 5).findings == ()


def test_fleet_db_connections_from_the_replicas_readiness(tmp_path):
    from litellm_doctor.config import load_config
    from litellm_doctor.probe.fleet_findings import shared_state_findings

    path = tmp_path / "config.yaml"
    path.write_text("model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o, api_key: sk-x}\n"
                    "general_settings:\n  database_connection_pool_limit: 20\n")
    config = load_config(path, environ={}, use_dotenv=False)  # no DATABASE_URL here: the replicas have one
    fleet = [replica(n, redis=True) for n in (1, 2, 3)]
    assert shared_state_findings(config, fleet, 2, 100) == []
    for r in fleet:
        r.readiness["db"] = "connected"
    (finding,) = shared_state_findings(config, fleet, 2, 100)
    assert finding.rule_id == "LD-CFG-151" and "20 database connections per process" in finding.message
    assert "x 6 processes (3 replicas x 2 workers) = 120" in finding.message
    assert finding.location is not None and finding.location.line == 5  # database_connection_pool_limit


def test_fleet_markdown_replica_cell_holds_a_hostile_label():
    """A replica's label is an address the user typed: a `|` or a backtick in it must not split the table row."""
    from litellm_doctor.formats.markdown import fleet_markdown

    fleet = [replica(1, redis=True), replica(2, redis=True)]
    fleet[1].label = "10.0.0.2:4000|x`y"
    view = fleet_view(fleet, deep=False)
    row = fleet_markdown(view)[-1]
    assert row.startswith("| `` 10.0.0.2:4000\\|x`y `` | ")
    assert len(re.split(r"(?<!\\)\|", row)) == len(view.checks) + 3  # the replica, each check, and the two ends
