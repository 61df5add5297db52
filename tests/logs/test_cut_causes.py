"""Hundred-and-fourth pass: a record whose cause LiteLLM's `litellm_truncated` marker cut, and httpx's transport errors
that carry no message.

LiteLLM (1.103.0, 1.108.14, 1.110.2) prints the first and last ~2 KB of a record (`MAX_STRING_LENGTH_STDOUT_LOG`).
With the httpx transport (`DISABLE_AIOHTTP_TRANSPORT=True`) a refused port's and an unresolvable host's frames fill
the first part: the marker comes right after httpcore's `connect_tcp`, and the exception that names the cause
(`httpcore.ConnectError: All connection attempts failed` / `[Errno -2] Name or service not known`, seen with the
limit raised) is skipped. What survived still says where the call failed: the group gets LD-DEPLOY-475, keeps the
pointer to the groups of the same error that show their cause, and a TLS error cut inside its own words keeps them.

The lab's logs (tests/fixtures/logs/**/proxy-restart-httpx.log) and two logs captured by hand for this pass
(tests/fixtures/logs/by-hand/: LiteLLM 1.103.0, 1.108.14 and 1.110.2, `DISABLE_AIOHTTP_TRANSPORT=True`, model groups
`tls-eof` = `https://127.0.0.1:14601/v1` on a listener that accepts and closes at once, `refused` = port 9 on
127.0.0.1, `dns-fail` = `upstream.invalid`; site-packages paths replaced) are the evidence.
"""

from __future__ import annotations

import pytest

from litellm_doctor.logs import signature as sig
from litellm_doctor.logs import triage_log

from .conftest import FIXTURES

RESTART_LOGS = [FIXTURES / "proxy-restart-httpx.log", FIXTURES / "litellm-1.108.14" / "proxy-restart-httpx.log",
                FIXTURES / "litellm-1.110.2" / "proxy-restart-httpx.log"]
BY_HAND = sorted((FIXTURES / "by-hand").glob("*-httpx-connect-faults.log"))

CUT = ("19:38:34 - LiteLLM Proxy:ERROR: common_request_processing.py:2164 - litellm.proxy.proxy_server."
       "_handle_llm_api_exception(): Exception occured - litellm_call_id=3c - litellm.InternalServerError: "
       "InternalServerError: OpenAIException - Connection error.\n\n"
       "LiteLLM: model group 'refused' failed with the error above. No fallback was attempted.\n"
       "Traceback (most recent call last):\n"
       '  File "<site-packages>/httpcore/_backends/anyio.py", line 113, in connect_tcp\n'
       "    with map_exceptions(exc_map):\n"
       '  File "/usr/lib/python3.11/contextlib.py", line 158, in __exit__\n'
       "    self.gen.throw(typ, value, traceback)\n"
       "  File ... (litellm_truncated skipped 8260 chars. Truncation is a stdout logging safeguard.) .../core.py\", "
       "line 5309, in _routed_attempt\n"
       "litellm.exceptions.InternalServerError: litellm.InternalServerError: InternalServerError: OpenAIException - "
       "Connection error.\n")


def test_a_cause_cut_before_its_exception_is_keyed_by_the_last_frame_that_survived():
    assert sig.chained_cause(CUT) == "litellm_truncated cut the cause (last frame: connect_tcp)"
    snippet = sig.cut_before_cause(CUT)
    assert snippet.startswith('  File "<site-packages>/httpcore/_backends/anyio.py", line 113, in connect_tcp')
    assert snippet.endswith("(litellm_truncated skipped 8260 chars.")
    # An exception line cut inside its words still names its cause (the lab's second self-signed record, 1.110.2).
    tls = CUT.replace("  File ... (litellm_truncated",
                      "httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certif... (litellm_truncated")
    assert sig.chained_cause(tls).startswith("httpcore.ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certif...")
    assert sig.cut_before_cause(tls) is None
    assert sig.cut_before_cause(CUT.replace("(litellm_truncated skipped 8260 chars.", "")) is None


@pytest.mark.parametrize("log", RESTART_LOGS, ids=lambda p: p.parent.name)
def test_the_lab_httpx_refusals_and_dns_failures_cut_short_get_the_connect_rule(log):
    report = triage_log(str(log))
    (cut,) = [g for g in report.groups if set(g.model_groups) == {"refused", "dns-fail"}]
    assert cut.rule_id == "LD-DEPLOY-475" and cut.count == 3 and cut.category == "deployment"
    assert "MAX_STRING_LENGTH_STDOUT_LOG" in cut.steps[0]
    # The groups of the same `Connection error.` whose records show their cause are still pointed at.
    (note,) = [n for n in cut.notes if n.startswith("Records of the same error that show their cause")]
    assert "LD-DEPLOY-009" in note and "LD-DEPLOY-010" in note
    # The aiohttp half of the log keeps its causes.
    rules = {g.rule_id for g in report.groups}
    assert {"LD-DEPLOY-009", "LD-DEPLOY-010", "LD-DEPLOY-011"} <= rules and "LD-DEPLOY-008" not in rules


@pytest.mark.parametrize("log", BY_HAND, ids=lambda p: p.name)
def test_hand_captured_httpx_connect_faults(log):
    report = triage_log(str(log))
    by_group = {g.model_groups: g for g in report.groups}
    assert set(by_group) == {("tls-eof",), ("refused", "dns-fail")}, [(g.model_groups, g.rule_id) for g in report.groups]
    # the listener closed the connection in the TLS handshake: `httpcore.ConnectError` with no message
    assert by_group[("tls-eof",)].rule_id == "LD-DEPLOY-476" and by_group[("tls-eof",)].count == 2
    assert by_group[("refused", "dns-fail")].rule_id == "LD-DEPLOY-475" and by_group[("refused", "dns-fail")].count == 2


def test_by_hand_logs_are_there():
    assert len(BY_HAND) >= 3
