"""Ninetieth pass: log groups for records that carry no traceback.

The lab's logs at INFO level (`proxy-info-faults.log`) and with JSON logs at INFO (`proxy-json-info.log`), recorded
from LiteLLM 1.103.0, 1.108.14 and 1.110.2 (tests/logs/capture_logs.py): `refused` and `conn-reset` fall back to
`healthy`, so their only records are the Router's failed-call lines (no traceback; the SDK's `Connection error.`
names no cause); the other faults fail and their requests' records follow the call lines. `proxy-restart-httpx.log`:
the connection faults, then the proxy restarted with DISABLE_AIOHTTP_TRANSPORT=True and the same faults again, so one
cause (the self-signed certificate) is worded by aiohttp's and by httpx's exception.
"""

from __future__ import annotations

import pytest

from litellm_doctor.logs import signature as sig
from litellm_doctor.logs import triage_log

from .conftest import FIXTURES

VERSIONS = [FIXTURES, FIXTURES / "litellm-1.108.14", FIXTURES / "litellm-1.110.2"]
IDS = ["1.103.0", "1.108.14", "1.110.2"]


def _groups(path):
    return [(g.kind, g.count, g.failed_calls, g.rule_id, g.model_groups) for g in triage_log(str(path)).groups]


@pytest.mark.parametrize("root", VERSIONS, ids=IDS)
def test_info_level_calls_join_their_requests_group_or_say_only_what_they_show(root):
    report = triage_log(str(root / "proxy-info-faults.log"))
    # The calls whose message holds the provider's words are counted in the group of their request.
    by_group = {g.model_groups: g for g in report.groups if g.kind == "request"}
    for name, rule in (("upstream-503", "LD-DEPLOY-014"), ("model-404", "LD-ROUTE-011"), ("no-quota", "LD-RATE-010"),
                       ("denied-403", "LD-AUTH-310")):
        g = by_group[(name,)]
        assert g.rule_id == rule and g.count == 1 and g.failed_calls == 1, (name, g)
    # `Connection error.` on a call line shows no cause: the generic rule, whatever the deployment's cause was.
    (calls,) = [g for g in report.groups if g.kind == "call"]
    assert calls.rule_id == "LD-DEPLOY-008" and calls.count == 5 and "cause" not in calls.signature
    # 3 of the 5 calls were rescued by a fallback, 2 were requests that failed (DNS, TLS): not "no request failed".
    (note,) = [n for n in calls.notes if "fallback" in n]
    assert "3 fallback(s)" in note and "3 succeeded" in note and "no request failed" not in note
    # The requests' records show their cause: their own groups.
    assert by_group[("dns-fail",)].rule_id == "LD-DEPLOY-010" and by_group[("tls-selfsigned",)].rule_id == "LD-DEPLOY-011"


@pytest.mark.parametrize("root", VERSIONS, ids=IDS)
def test_json_records_without_a_stacktrace_read_as_the_text_log(root):
    """LiteLLM's JsonFormatter writes message, level, timestamp, component, logger, and `stacktrace` only for a record
    with exc_info: the Router's call lines have none and are diagnosed by their message, as in the text log."""
    text = triage_log(str(root / "proxy-info-faults.log"))
    js = triage_log(str(root / "proxy-json-info.log"))
    assert [(g.kind, g.count, g.failed_calls, g.rule_id, g.model_groups, g.deployments) for g in js.groups] == \
           [(g.kind, g.count, g.failed_calls, g.rule_id, g.model_groups, g.deployments) for g in text.groups]
    assert all(g.first_seen.startswith("20") for g in js.groups)  # the JSON record's ISO timestamp


@pytest.mark.parametrize("root", VERSIONS, ids=IDS)
def test_one_cause_worded_by_two_libraries_is_one_group(root):
    report = triage_log(str(root / "proxy-restart-httpx.log"))
    tls = [g for g in report.groups if g.rule_id == "LD-DEPLOY-011"]
    assert len(tls) == 1 and tls[0].count == 2 and tls[0].model_groups == ("tls-selfsigned",)
    (note,) = [n for n in tls[0].notes if "word the cause" in n]
    assert "`ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED]" in note and " ×1" in note
    assert "`httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED]" in note
    # One group per rule among the `Connection error.` groups; different causes stay apart; nothing lost.
    connection = [g for g in report.groups if "Connection error" in g.signature]
    assert len({g.rule_id for g in connection}) == len(connection)
    assert {"LD-DEPLOY-009", "LD-DEPLOY-010", "LD-DEPLOY-011", "LD-DEPLOY-013"} <= {g.rule_id for g in connection}
    assert sum(g.count for g in connection) == 10


def test_different_rules_are_never_folded(tmp_path):
    """Two causes behind the same first line with different rules stay two groups, with no wording note."""
    def record(n, cause):
        return (f"12:00:0{n} - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - litellm.proxy.proxy_server."
                f"_handle_llm_api_exception(): Exception occured - litellm_call_id=id{n} - litellm.InternalServerError: "
                f"InternalServerError: OpenAIException - Connection error.. Received Model Group=g{n}\nTraceback (most "
                f"recent call last):\n  File \"x.py\", line 1, in f\n    g()\n{cause}\n")
    log = tmp_path / "two.log"
    log.write_text(record(1, "ConnectionRefusedError: [Errno 111] Connect call failed ('10.0.0.1', 8000)")
                   + record(2, "socket.gaierror: [Errno -2] Name or service not known"))
    groups = triage_log(str(log)).groups
    assert sorted(g.rule_id for g in groups) == ["LD-DEPLOY-009", "LD-DEPLOY-010"]
    assert not any("word the cause" in n for g in groups for n in g.notes)


def test_many_wordings_of_one_rule_stay_bounded(tmp_path, monkeypatch):
    """(review, session 17) A log of `Connection error.` records whose causes differ by a word (a host name each):
    folded into one group, each new wording was classified (past the cap on distinct signatures, MAX_GROUPS) and
    listed in one note: 3,000 records made a 260 kB note. The note names the commonest few; the wordings beyond
    the cap are counted as signatures beyond it are."""
    from litellm_doctor.logs import triage as triage_module

    monkeypatch.setattr(triage_module, "MAX_GROUPS", 20)
    hosts = [f"svc{chr(97 + n // 26)}{chr(97 + n % 26)}x" for n in range(40)]
    log = tmp_path / "hosts.log"
    log.write_text("".join(
        f"12:00:00 - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - litellm.proxy.proxy_server."
        f"_handle_llm_api_exception(): Exception occured - litellm_call_id=id{n} - litellm.InternalServerError: "
        f"InternalServerError: OpenAIException - Connection error.. Received Model Group=g\nTraceback (most "
        f"recent call last):\n  File \"x.py\", line 1, in f\n    g()\n"
        f"socket.gaierror: [Errno -2] Name or service not known host {host}\n" for n, host in enumerate(hosts)))
    report = triage_log(str(log))
    (group,) = report.groups
    assert group.rule_id == "LD-DEPLOY-010" and group.count == 20
    (note,) = [n for n in group.notes if "word the cause" in n]
    assert note.count("`") == 2 * 5 and "15 more" in note, note
    assert any("not grouped" in n for n in report.notes)


@pytest.mark.parametrize("line,deployment", [
    # The Router's formats (router.py 1.103 / 1.108, router_rust/core.py 1.110), ANSI colours taken off.
    ("litellm.aembedding(model=openai/text-embedding-3-small) Exception litellm.RateLimitError: x", "openai/text-embedding-3-small"),
    ("ageneric_api_call_with_fallbacks(model=anthropic/claude-3-5-haiku) Exception litellm.AuthenticationError: y",
     "anthropic/claude-3-5-haiku"),
    # A lab run of 1.103.0 at INFO, POST /v1/responses to `healthy` (the fault server has no such route): its line.
    ('ageneric_api_call_with_fallbacks(model=healthy) Exception litellm.BadRequestError: OpenAIException - {"error": '
     '{"message": "Unknown request URL: POST /v1/responses.", "type": "invalid_request_error", "param": null, '
     '"code": "unknown_url"}}', "healthy"),
    ("litellm.acreate_file(model=openai/gpt-4o, {'purpose': 'batch'}) Exception litellm.BadRequestError: z", "openai/gpt-4o"),
    ("afile_content(model=None) Exception litellm.NotFoundError: w", None),
])
def test_router_call_lines_of_every_endpoint(line, deployment):
    hint, core = sig.core_message(line)
    assert hint == "call" and core.startswith("litellm.") and sig.router_deployment(line) == deployment


@pytest.mark.parametrize("line", [
    "litellm.acompletion(model=openai/healthy) 200 OK",
    "ageneric_api_call_with_fallbacks(model=anthropic/claude) 200 OK",
    "print(model=3) raised no Exception here",
])
def test_lines_that_are_no_failed_call(line):
    assert sig.core_message(line)[0] != "call"


def test_a_warning_is_its_own_line_not_the_prints_after_it(tmp_path):
    """LiteLLM 1.110.2 prints `Set models:` uncoloured right after its start-up warning (the default level, the
    restart log): the model group `rate-limited` in that list is no rate-limit warning. A warning whose own line
    says it is still read."""
    report = triage_log(str(FIXTURES / "litellm-1.110.2" / "proxy-restart-httpx.log"))
    assert not [g for g in report.groups if g.category == "quota_rate"]
    log = tmp_path / "w.log"
    log.write_text("12:00:00 - LiteLLM Router:WARNING: router.py:1 - litellm.RateLimitError: RateLimitError: "
                   "OpenAIException - Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3\n"
                   "LiteLLM: Proxy initialized with Config, Set models:\n    healthy\n")
    (g,) = triage_log(str(log)).groups
    assert g.kind == "warning" and g.category == "quota_rate"
