"""Hundred-and-thirteenth pass: records LiteLLM's `litellm_truncated` cut elsewhere than in httpx's connect.

LiteLLM 1.103.0, 1.108.14 and 1.110.2 cut a record's message and its traceback apart, each to its first and last
~2 KB (`_truncate_for_stdout_log`, `MAX_STRING_LENGTH_STDOUT_LOG`, 4096 by default). Measured on proxies started by hand
against the lab's upstream with long error bodies (tests/fixtures/logs/by-hand/litellm-*-long-bodies*.log; a vLLM-style
400 that echoes ~7 KB of the request, a 401 with ~5 KB of identity-provider trace ids, a Gemini-style 429 list, a
timeout, a pool of 12 deployments in cooldown): what names the failure is in the message's first ~2 KB (the class, the
status, the body's start), so every group keeps its rule. A group whose message itself was cut says so, with the
setting that logs it whole; one whose traceback alone was cut (nearly every 1.108/1.110 record) does not.
"""

from __future__ import annotations

import pytest

from litellm_doctor.logs import triage_log

from .conftest import FIXTURES

PLAIN = sorted((FIXTURES / "by-hand").glob("litellm-*-long-bodies.log"))
JSON = FIXTURES / "by-hand" / "litellm-1.110.2-long-bodies-json.log"


def _cut_noted(group) -> bool:
    return any("MAX_STRING_LENGTH_STDOUT_LOG=20000" in n and "cut this error's message" in n for n in group.notes)


@pytest.mark.parametrize("log", PLAIN, ids=lambda p: p.name)
def test_long_bodies_keep_their_rule_and_say_the_message_was_cut(log):
    report = triage_log(str(log))
    rules = [g.rule_id for g in report.groups]
    assert rules == ["LD-REQ-007", "LD-AUTH-004", "LD-TIME-002", "LD-AUTH-001", "LD-ROUTE-001"], rules
    cut = {g.rule_id for g in report.groups if _cut_noted(g)}
    # the 400 and the 401 had their messages cut; the timeout's and the 401's traceback only (no note)
    assert cut == {"LD-REQ-007", "LD-AUTH-004"}
    assert "litellm_truncated" in log.read_text() and log.read_text().count("litellm_truncated skipped") >= 4


def test_json_records_cut_in_their_message_field():
    report = triage_log(str(JSON))
    by_rule = {g.rule_id: g for g in report.groups}
    assert set(by_rule) == {"LD-RATE-001", "LD-REQ-007", "LD-DEPLOY-478"}
    assert _cut_noted(by_rule["LD-REQ-007"]) and not _cut_noted(by_rule["LD-RATE-001"])
    # the Gemini-style list body: the OpenAI SDK drops it before the log (`Error code: 429`), no cut involved
    assert by_rule["LD-RATE-001"].example.endswith("Error code: 429")


def test_fixtures_are_there():
    assert len(PLAIN) == 3 and JSON.exists()
