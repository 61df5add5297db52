"""A `bare` rule (rules/README.md): words any client prints, a refused connection or "Invalid API key", say the
category but not whose request failed. Without a sign of the LLM request in the text the answer stays, at most
classify.UNSIGNED_MAX (under the 0.8 that promises 95 % right); with one it keeps the rule's confidence."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.diagnosis.classify import UNSIGNED_MAX

BARE = ("LD-DEPLOY-009", "LD-DEPLOY-010", "LD-DEPLOY-022", "LD-AUTH-001", "LD-TIME-006",
        # hundred-and-forty-third pass (mined_errors_40: the two wrong answers at 0.9 untouched)
        "LD-DEPLOY-008", "LD-AUTH-009")


def test_the_bare_rules_are_the_generic_transport_and_key_rules():
    assert sorted(r.id for r in load_rules() if r.bare) == sorted(BARE)


@pytest.mark.parametrize("text, rule", [
    # an observability client's own connection and key failures (the shapes of mined batches 28, 30 and 37), in a
    # vendor's words no veto names
    ("Upload of 12 runs failed: [Errno 111] Connection refused", "LD-DEPLOY-009"),
    ("Telemetry sink unreachable: [Errno -2] Name or service not known", "LD-DEPLOY-010"),
    ('Could not store the run: {"message":"Invalid API key"}', "LD-AUTH-001"),
    # (hundred-and-forty-third pass) the OpenAI-generated SDKs' "Connection error." and a tracer's "Missing X API key"
    ("Could not deliver the run record. Error: Connection error.", "LD-DEPLOY-008"),
    ("Missing Acme API key, proceed to the dashboard to create one", "LD-AUTH-009"),
    # a user's bare paste: right, but the text alone cannot say it was the model server
    ("httpx.ConnectError: [Errno 111] Connection refused", "LD-DEPLOY-009"),
])
def test_without_a_sign_of_the_llm_request_a_bare_rule_is_not_confident(text, rule):
    d = diagnose(text).diagnosis
    assert d.rule_id == rule
    assert d.confidence <= UNSIGNED_MAX < 0.8


@pytest.mark.parametrize("text, rule", [
    ("litellm.APIConnectionError: OllamaException - [Errno 111] Connection refused", "LD-DEPLOY-009"),
    ("openai.AuthenticationError: Error code: 401 - Invalid API key", "LD-AUTH-001"),
    ("litellm.APIConnectionError: OpenAIException - Connection error.", "LD-DEPLOY-008"),
    ("Missing Anthropic API Key - A call is being made to anthropic but no key is set", "LD-AUTH-009"),
    ("httpx.ConnectError: [Errno 111] Connection refused (api_base: http://localhost:8000)", "LD-DEPLOY-009"),
    ("POST http://proxy:4000/v1/chat/completions: [Errno -2] Name or service not known", "LD-DEPLOY-010"),
])
def test_with_a_sign_of_the_llm_request_the_rule_keeps_its_confidence(text, rule):
    d = diagnose(text).diagnosis
    assert d.rule_id == rule
    assert d.confidence >= 0.8
