"""End to end against the real LiteLLM proxy: every scenario of issue 4 gets the right category, rule
and config line from the probes, and a healthy group gets no error finding.

`diagnose --proxy` is wired by the lead through `probe_for_diagnose`; these tests call that API with
the lab's real error bodies (tests/fixtures/lab), and run `litellm-doctor probe` as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.probe import ProbeOptions, probe, probe_for_diagnose

from .conftest import load_lab_config
from .lab import MASTER_KEY, WRONG_UPSTREAM_KEY
from .upstream import GOOD_KEY, closed_port

pytestmark = pytest.mark.lab
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lab"
SECRETS = (MASTER_KEY, GOOD_KEY, WRONG_UPSTREAM_KEY)

# model group -> (category, rule id, litellm_params key whose line the finding points at, or None = the entry)
GROUPS = {
    "bad-key": ("auth", "LD-AUTH-001", "api_key"),
    "unset-key": ("deployment", "LD-DEPLOY-001", "api_key"),
    "rate-limited": ("quota_rate", "LD-RATE-002", None),
    "no-quota": ("quota_rate", "LD-RATE-010", None),
    "cooldown-401": ("auth", "LD-AUTH-001", "api_key"),
    "model-404": ("routing", "LD-ROUTE-011", None),
    "slow-timeout": ("timeout", "LD-TIME-002", "timeout"),
    "refused": ("deployment", "LD-DEPLOY-009", "api_base"),
    "dns-fail": ("deployment", "LD-DEPLOY-010", "api_base"),
    "tls-selfsigned": ("deployment", "LD-DEPLOY-011", "api_base"),
    "upstream-500": ("deployment", "LD-DEPLOY-014", None),
    "upstream-503": ("deployment", "LD-DEPLOY-014", None),
    "conn-reset": ("deployment", "LD-DEPLOY-008", None),
    # 1.103 relays the HTML page (LD-DEPLOY-020), 1.108+ scrubs it to `Error code: 502` (LD-DEPLOY-015)
    "html-502": ("deployment", ("LD-DEPLOY-020", "LD-DEPLOY-015"), None),
    "denied-403": ("auth", "LD-AUTH-060", "api_key"),
}


def rule_ids(rule_id) -> tuple[str, ...]:
    """GROUPS names one rule, or the rules of the LiteLLM versions that word the failure differently."""
    return (rule_id,) if isinstance(rule_id, str) else tuple(rule_id)
HEALTHY = ("healthy", "tiny-context")


def _fixture_text(name: str) -> str:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    return data.get("text") or json.dumps(data["body"])


def _group_finding(report, group):
    found = [f for f in report.findings if f"`{group}`" in f.message]
    return found[0] if found else None


def _entry_range(lab, group):
    start = lab.line_of(group)
    lines = lab.config_path.read_text().splitlines()
    end = next((n for n in range(start, len(lines)) if lines[n].strip().startswith("- model_name:") or not lines[n].strip()), len(lines))
    return start, end


@pytest.fixture(scope="module")
def deep_report(lab, lab_config):
    lab.chat("cooldown-401")  # as a user finds it: the group has failed once and is now in cooldown
    return probe(lab.url, lab_config, ProbeOptions(deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30))


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_failed_group_has_a_finding_with_the_cause(deep_report, lab, group):
    category, rule_id, key = GROUPS[group]
    finding = _group_finding(deep_report, group)
    assert finding is not None, f"no finding names `{group}`"
    assert finding.category == category and finding.rule_id in rule_ids(rule_id), finding.message
    assert finding.severity == "error"
    assert finding.location is not None and Path(finding.location.file).name == "config.yaml"
    if key:
        assert finding.location.line == lab.param_line(group, key), finding.location
    else:
        start, end = _entry_range(lab, group)
        assert start <= finding.location.line <= end
    assert finding.steps


def test_cooldown_names_the_401_as_its_cause(deep_report):
    finding = _group_finding(deep_report, "cooldown-401")
    assert "cooldown" in finding.message and "HTTP 401" in finding.message
    health = next(p for p in deep_report.probes if p.id == "group.health" and p.target == "cooldown-401")
    assert health.status == "fail" and "401" in health.detail


def test_steps_agree_with_the_config_probed(deep_report, lab):
    # LD-RATE-002 says "keep `router_settings.num_retries: 3`"; the lab's config sets 0: the step says so and where.
    steps = " ".join(_group_finding(deep_report, "rate-limited").steps)
    line = lab.config_path.read_text().splitlines().index("  num_retries: 0") + 1
    assert f"set `router_settings.num_retries: 3` (your config has `0` at {lab.config_path}:{line})" in steps
    assert "keep `router_settings.num_retries" not in steps


@pytest.mark.parametrize("group", HEALTHY)
def test_healthy_group_has_no_error_finding(deep_report, group):
    assert _group_finding(deep_report, group) is None
    completion = next(p for p in deep_report.probes if p.id == "group.completion" and p.target == group)
    assert completion.status == "pass" and "499/500" in completion.detail  # remaining budget read from headers


def test_proxy_stages_pass_and_report_version_and_db(deep_report, lab):
    status = {p.id: p.status for p in deep_report.probes if p.id.startswith("proxy.")}
    assert status == {"proxy.dns": "pass", "proxy.tcp": "pass", "proxy.http": "pass", "proxy.liveliness": "pass",
                      "proxy.readiness": "pass", "proxy.key": "pass", "proxy.models": "pass"}
    assert deep_report.facts["litellm_version"] == lab.litellm_version
    assert deep_report.facts["database"] == "Not connected"
    key = next(p for p in deep_report.probes if p.id == "proxy.key")
    assert "master key" in key.detail


def test_probes_are_listed_in_stage_order_whatever_order_they_ran_in(deep_report):
    # The proxy's DNS/TCP/HTTP stages run after the completions are sent (a reachable proxy answered
    # /v1/models first), yet they are listed first, in the order the engine's docstring gives.
    ids = [p.id for p in deep_report.probes]
    proxy = [i for i in ids if i.startswith("proxy.")]
    assert proxy == ["proxy.dns", "proxy.tcp", "proxy.http", "proxy.liveliness", "proxy.readiness", "proxy.key", "proxy.models"]
    first_group = ids.index("group.completion")
    assert all(not i.startswith(("proxy.", "upstream.")) for i in ids[first_group:])


def test_upstream_stages_tell_dns_tcp_tls_apart(deep_report):
    failed = {(p.id, p.target.split("/")[2].split(":")[0] if "invalid" in p.target else p.target.split(":")[0]) for p in deep_report.probes if p.status == "fail" and p.id.startswith("upstream.")}
    assert ("upstream.dns", "upstream.invalid") in failed
    assert ("upstream.tcp", "http") in failed
    assert ("upstream.tls", "https") in failed


def test_no_secret_in_any_format(deep_report):
    from litellm_doctor.formats import FORMATS, get_formatter

    for name in FORMATS:
        out = get_formatter(name).render(deep_report)
        for secret in SECRETS:
            assert secret not in out, name


def test_tls_passes_with_the_ca_bundle(lab, lab_config):
    report = probe(lab.url, lab_config, ProbeOptions(ca_bundle=str(lab.cert_path), key=MASTER_KEY, deadline=20))
    tls = [p for p in report.probes if p.id == "upstream.tls"]
    assert tls and all(p.status == "pass" for p in tls)
    assert _group_finding(report, "tls-selfsigned") is None


def test_wrong_master_key_without_db(lab, lab_config):
    report = probe(lab.url, lab_config, ProbeOptions(key="sk-not-the-master-key-1234", key_source="--key-env WRONG", deadline=20, deep=True))
    assert report.category == "auth"
    finding = report.findings[0]
    assert "No connected db" in finding.evidence or "no database" in finding.message
    assert "master key" in finding.message
    assert finding.location is not None and finding.location.line == _line_with(lab, "master_key:")
    assert all(p.status == "skip" for p in report.probes if p.id == "group.completion")


def _line_with(lab, text):
    return next(n for n, line in enumerate(lab.config_path.read_text().splitlines(), 1) if text in line)


def test_no_authorization_header(lab, lab_config):
    report = probe(lab.url, lab_config, ProbeOptions(key=None, deadline=20))
    assert report.category == "auth"
    key = next(p for p in report.probes if p.id == "proxy.key")
    assert key.status == "fail"


def test_proxy_down(lab_config):
    report = probe(f"http://127.0.0.1:{closed_port()}", lab_config, ProbeOptions(deep=True, key=MASTER_KEY, deadline=10))
    assert report.category == "deployment"
    assert report.diagnosis.rule_id == "LD-PROBE-007"  # advice about the proxy, not an upstream (issue 12)
    assert all(p.status == "skip" for p in report.probes if p.id == "group.completion")


def test_group_missing_from_the_proxy(lab, tmp_path):
    text = lab.config_path.read_text().replace(
        "\nrouter_settings:",
        "  - model_name: only-in-this-file\n    litellm_params:\n      model: openai/healthy\n"
        f"      api_base: {lab.upstream.base_url}\n      api_key: os.environ/LD_LAB_UPSTREAM_KEY\n\nrouter_settings:",
    )
    path = tmp_path / "config.yaml"
    path.write_text(text)
    config = load_lab_config(path, lab.env())
    report = probe(lab.url, config, ProbeOptions(key=MASTER_KEY, deadline=20))
    finding = _group_finding(report, "only-in-this-file")
    assert finding is not None and (finding.category, finding.rule_id) == ("routing", "LD-PROBE-001")
    assert finding.location.line == next(n for n, line in enumerate(text.splitlines(), 1) if "only-in-this-file" in line)


# -- diagnose --proxy: a pasted error confirmed by the probes -----------------------------------------
def test_diagnose_cooldown_is_upgraded_to_its_cause(lab, lab_config):
    lab.chat("cooldown-401")
    pasted = diagnose(_fixture_text("cooldown-401-in-cooldown"))
    assert pasted.category == "routing"
    report = probe_for_diagnose(pasted, lab.url, lab_config, deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY")
    assert report.category == "auth"
    assert report.findings[0].rule_id == "LD-AUTH-001" and "`cooldown-401`" in report.findings[0].message
    assert [p.target for p in report.probes if p.id == "group.completion"] == ["cooldown-401"]


def test_diagnose_model_not_in_model_list(lab, lab_config):
    pasted = diagnose(_fixture_text("model-not-in-model-list"))
    report = probe_for_diagnose(pasted, lab.url, lab_config, deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY")
    assert report.category == "routing"
    finding = _group_finding(report, "not-in-model-list")
    assert finding is not None and finding.category == "routing"
    assert finding.location is not None and finding.location.line == _line_with(lab, "model_list:")


def test_diagnose_context_window_is_the_request_not_the_deployment(lab, lab_config):
    pasted = diagnose(_fixture_text("context-window-exceeded"))
    report = probe_for_diagnose(pasted, lab.url, lab_config, deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY")
    assert report.category == "other"
    assert any("answers through the proxy now" in n for n in report.notes)
    assert _group_finding(report, "tiny-context") is None


@pytest.mark.parametrize("name, group", [("upstream-key-unset", "unset-key"), ("deployment-timeout", "slow-timeout"), ("dns-failure", "dns-fail")])
def test_diagnose_confirms_a_failing_group(lab, lab_config, name, group):
    pasted = diagnose(_fixture_text(name))
    report = probe_for_diagnose(pasted, lab.url, lab_config, deep=True, key=MASTER_KEY, key_source="LITELLM_MASTER_KEY")
    assert report.category == GROUPS[group][0]
    assert any(f"`{group}` fails now too" in n for n in report.notes)


# -- direct: proxy problem or provider problem ---------------------------------------------------------
def test_direct_tells_provider_from_proxy_and_respects_retry_after(lab, lab_config):
    before = sum(1 for _path, model in lab.upstream.requests if model == "rate-429")
    report = probe(lab.url, lab_config, ProbeOptions(
        direct=True, key=MASTER_KEY, deadline=30, only_models=("healthy", "bad-key", "rate-limited")))
    direct = {p.target: p for p in report.probes if p.id == "direct.completion"}
    assert direct["healthy"].status == "pass"
    assert direct["bad-key"].status == "fail"
    assert direct["rate-limited"].status == "skip" and "Retry-After" in direct["rate-limited"].detail
    assert "fails too" in _group_finding(report, "bad-key").message
    # one call to the rate-limited upstream (through the proxy), no retry and no direct call after it
    assert sum(1 for _path, model in lab.upstream.requests if model == "rate-429") - before == 1


def test_direct_uses_the_ca_bundle_too(lab, lab_config):
    """--ca-bundle trusts a private CA for the direct calls through litellm as for the HTTP probes."""
    opts = dict(direct=True, key=MASTER_KEY, deadline=30, only_models=("tls-selfsigned",))
    report = probe(lab.url, lab_config, ProbeOptions(ca_bundle=str(lab.cert_path), **opts))
    direct = {p.target: p for p in report.probes if p.id == "direct.completion"}
    assert direct["tls-selfsigned"].status == "pass", direct["tls-selfsigned"].detail


# -- the command, as a user runs it ----------------------------------------------------------------------
def test_probe_command_json(lab):
    env = {**lab.env(), "NO_COLOR": "1"}
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "litellm_doctor", "probe", "--proxy", lab.url, "--config", str(lab.config_path),
         "--deep", "--key-env", "LD_LAB_MASTER_KEY", "--format", "json", "--timeout", "30"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["command"] == "probe"
    groups_with_findings = {g for g in GROUPS if any(f"`{g}`" in f["message"] for f in data["findings"])}
    assert groups_with_findings == set(GROUPS)
    for f in data["findings"]:
        assert f["location"] is None or f["location"]["line"]
    assert {p["status"] for p in data["probes"]} <= {"pass", "fail", "skip"}
    for secret in SECRETS:
        assert secret not in proc.stdout and secret not in proc.stderr


def test_probe_command_healthy_only_exits_0(lab, tmp_path):
    text = lab.config_path.read_text()
    head, _, tail = text.partition("  - model_name: bad-key")
    path = tmp_path / "healthy.yaml"
    path.write_text(head + "\nrouter_settings:" + tail.split("\nrouter_settings:", 1)[1])
    proc = subprocess.run(
        [sys.executable, "-m", "litellm_doctor", "probe", "--proxy", lab.url, "--config", str(path), "--deep",
         "--key-env", "LD_LAB_MASTER_KEY"],
        capture_output=True, text=True, env={**lab.env(), "NO_COLOR": "1"}, timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "healthy" in proc.stdout


def test_cooldown_list_id_maps_to_its_config_line(lab):
    """`cooldown_list` holds LiteLLM's generated deployment ids; with the proxy's environment the doctor
    computes the same ids from the config and finds the deployment by id alone."""
    from litellm_doctor.config import load_config
    from litellm_doctor.config.tie import involved_deployments
    from litellm_doctor.model import Report

    from .lab import LAB_ENV

    lab.chat("cooldown-401")
    _status, body, _ = lab.chat("cooldown-401")
    facts = diagnose(json.dumps(body)).facts
    assert "cooldown" in json.dumps(body) and facts.get("deployment_id")
    config = load_config(str(lab.config_path), environ={**os.environ, **LAB_ENV})
    found = involved_deployments(Report(command="diagnose", category="routing", diagnosis=None,
                                        facts={"deployment_id": facts["deployment_id"]}), config)
    assert [d.model_name for d in found] == ["cooldown-401"]
    assert found[0].location.line == lab.line_of("cooldown-401")
