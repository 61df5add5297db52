"""Triage of the real proxy's logs captured from the lab (tests/logs/capture_logs.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from litellm_doctor.formats.base import report_dict
from litellm_doctor.logs import triage_log, triage_stream
from litellm_doctor.logs import triage as triage_mod

from .conftest import FIXTURES, LOGS, MANIFEST, failures_by_category

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "src/litellm_doctor/schemas/report.schema.json").read_text())


@pytest.mark.parametrize("name", LOGS)
def test_planted_failures_are_counted_exactly_per_category(name, engine):
    report = triage_log(str(FIXTURES / f"{name}.log"), engine=engine)
    assert failures_by_category(report) == MANIFEST[name]["failures_by_category"]


@pytest.mark.parametrize("name", LOGS)
def test_small_chunks_give_the_same_groups(name, small_chunks):
    whole = triage_log(str(FIXTURES / f"{name}.log"))
    small_chunks(1000)
    chunked = triage_stream(io.BytesIO((FIXTURES / f"{name}.log").read_bytes()))
    assert [(g.signature, g.count) for g in chunked.groups] == [(g.signature, g.count) for g in whole.groups]


def test_cooldown_names_the_401_as_its_cause():
    report = triage_log(str(FIXTURES / "proxy-default.log"))
    by_id = {g.id: g for g in report.groups}
    cooldown = next(g for g in report.groups if g.rule_id == "LD-ROUTE-001")
    assert cooldown.symptom and cooldown.model_groups == ("cooldown-401",)
    assert cooldown.count == 2 and cooldown.statuses == (("429", 2),)
    (cause_id,) = cooldown.caused_by
    cause = by_id[cause_id]
    assert cause.category == "auth" and "cooldown-401" in cause.model_groups
    assert cooldown.id in cause.explains
    assert any(cause_id in n and "symptom" in n for n in cooldown.notes)
    # The root cause ranks before its symptom, and the report's diagnosis is not the symptom.
    assert report.groups.index(cause) < report.groups.index(cooldown)
    assert report.diagnosis is not None and not report.diagnosis.symptom


def test_rate_limit_storm_followed_by_fallbacks():
    report = triage_log(str(FIXTURES / "proxy-info-fallbacks.log"))
    storm = next(g for g in report.groups if g.category == "quota_rate")
    assert storm.kind == "call" and storm.count == 5 and storm.failed_calls == 5
    assert storm.deployments == ("openai/rate-429",)
    assert any("rate-limit storm" in n and "5 fallback(s) to `healthy`" in n and "no request failed" in n for n in storm.notes)
    # Rescued calls are not failed requests: they rank after them.
    assert report.groups[-1] is storm


def test_groups_carry_time_model_groups_status_and_steps():
    report = triage_log(str(FIXTURES / "proxy-json.log"))
    auth = report.groups[0]
    assert auth.category == "auth" and auth.count == 3 and auth.rule_id
    assert auth.first_seen.startswith("20") and auth.last_seen >= auth.first_seen  # JSON logs: ISO time
    assert set(auth.model_groups) == {"bad-key", "cooldown-401"}
    assert auth.steps and "<model group>" not in auth.steps[0]
    timeout = next(g for g in report.groups if g.category == "timeout")
    assert timeout.model_groups == ("slow-timeout",) and timeout.statuses == (("408", 1),)


@pytest.mark.parametrize("name", LOGS)
def test_json_output_follows_the_schema(name):
    jsonschema = pytest.importorskip("jsonschema")
    data = report_dict(triage_log(str(FIXTURES / f"{name}.log")))
    jsonschema.validate(data, SCHEMA)
    assert data["groups"]
    for g in data["groups"]:
        assert {"signature", "count", "first_seen", "last_seen", "category", "rule_id", "model_groups"} <= set(g)


def test_each_signature_is_classified_once(monkeypatch):
    calls = []
    real = triage_mod.diagnose_text
    monkeypatch.setattr(triage_mod, "diagnose_text", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = (FIXTURES / "proxy-default.log").read_bytes()
    report = triage_stream(io.BytesIO(text * 30))
    # One classification per distinct signature: the groups, plus the one start-up WARNING that no
    # rule recognises (classified once, then ignored), however many times they repeat.
    assert len(calls) == len(report.groups) + 1
    assert failures_by_category(report) == {k: 30 * v for k, v in MANIFEST["proxy-default"]["failures_by_category"].items()}


def test_signatures_normalise_ids_numbers_and_keys():
    from litellm_doctor.logs.signature import signature

    a = signature("litellm.AuthenticationError: Incorrect API key provided: sk-*****9999. at 03:55:01 id 9f2c1e3a-1111-2222-3333-444455556666")
    b = signature("litellm.AuthenticationError: Incorrect API key provided: sk-*****0000. at 11:02:59 id 0a2c1e3a-1111-2222-3333-444455557777")
    assert a == b and "9999" not in a
    c = signature("No deployments available for selected model, Try again in 600 seconds. Passed model=g1. cooldown_list=['" + "a" * 64 + "']")
    d = signature("No deployments available for selected model, Try again in 5 seconds. Passed model=g2. cooldown_list=['" + "b" * 64 + "']")
    assert c == d


def test_no_failures_is_a_clean_report(tmp_path):
    log = tmp_path / "ok.log"
    log.write_text('INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 200 OK\n' * 100)
    report = triage_log(str(log))
    assert report.groups == () and report.category == "unknown" and report.diagnosis is None
    assert any("no LiteLLM failures" in n for n in report.notes)


def test_unpaired_error_responses_and_startup_tracebacks(tmp_path):
    log = tmp_path / "mixed.log"
    log.write_text(
        'INFO:     127.0.0.1:5000 - "POST /v1/chat/completion HTTP/1.1" 404 Not Found\n'
        'INFO:     127.0.0.1:5001 - "POST /v1/chat/completion HTTP/1.1" 404 Not Found\n'
        "Traceback (most recent call last):\n"
        '  File "/x/proxy_cli.py", line 1166, in run_server\n'
        "    asyncio.run(proxy_config.get_config(config_file_path=config))\n"
        "Exception: Config file not found: /app/config.yaml\n"
    )
    report = triage_log(str(log))
    kinds = {g.kind: g for g in report.groups}
    assert kinds["http"].count == 2 and kinds["http"].statuses == (("404", 2),)
    assert kinds["log"].count == 1 and "Config file not found" in kinds["log"].signature


@pytest.mark.parametrize(
    "prefix",
    [
        "litellm-1  | ",  # docker compose logs
        "litellm-proxy-7d9f8b6c4-x2lqp litellm | ",  # a compose-like service column with a space
        "2025-06-01T10:14:02.123456789Z ",  # kubectl logs --timestamps
        "litellm-1  | 2025-06-01T10:14:02.123Z ",  # both
    ],
)
def test_container_log_prefixes_give_the_same_counts(prefix, engine):
    """Logs collected with `docker compose logs` or `kubectl logs --timestamps` carry a prefix per line."""
    name = LOGS[0]
    text = (FIXTURES / f"{name}.log").read_text(encoding="utf-8")
    prefixed = "".join(prefix + line for line in text.splitlines(keepends=True))
    report = triage_stream(io.BytesIO(prefixed.encode()), engine=engine)
    assert failures_by_category(report) == MANIFEST[name]["failures_by_category"]


def test_a_noise_line_quoting_a_dns_error_ranks_below_a_misconfiguration():
    # LiteLLM 1.110.2's own lines (sixty-first pass): the cost-map line is noise (info) although it quotes a DNS
    # failure that another rule calls an error; the drop_params warning names a setting to fix, so it comes first.
    log = (
        "08:32:34 - LiteLLM:WARNING: get_model_cost_map.py:794 - LiteLLM: Failed to fetch remote model cost map "
        "from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json: "
        "ConnectError fetching https://raw.githubusercontent.com/BerriAI/litellm/main/"
        "model_prices_and_context_window.json: [Errno -2] Name or service not known. Falling back to local backup.\n"
        "08:32:35 - LiteLLM:WARNING: core_helpers.py:251 - LITELLM_DROP_PARAMS='yes please' is not a flag value, "
        "treating it as on. Set it to true or false\n"
    )
    report = triage_stream(io.BytesIO(log.encode()))
    assert [g.rule_id for g in report.groups] == ["LD-DEPLOY-376", "LD-REQ-014"]
    assert report.diagnosis.rule_id == "LD-DEPLOY-376"


def test_the_report_facts_carry_every_model_group_of_the_diagnosis_group():
    """Eighty-first pass: the diagnosis group's first record (the Router's INFO line) names no model group, its
    records name two; the report's `log_model_groups` fact has them all, typed as a JSON list."""
    report = triage_log(str(FIXTURES / "proxy-info-fallbacks.log"))
    top = next(g for g in report.groups if g.rule_id == report.diagnosis.rule_id and not g.symptom)
    assert "model_group" not in report.facts and set(top.model_groups) == {"bad-key", "cooldown-401"}
    data = report_dict(report)
    assert data["facts"]["log_model_groups"] == list(top.model_groups)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(data, SCHEMA)
    bad = {**data, "facts": {**data["facts"], "log_model_groups": "bad-key, cooldown-401"}}  # the schema says a list
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
