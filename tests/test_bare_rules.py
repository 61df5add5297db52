"""A `bare` rule (rules/README.md): words any client prints, a refused connection or "Invalid API key", say the
category but not whose request failed. Without a sign of the LLM request in the text the answer stays, at most
classify.UNSIGNED_MAX (under the 0.8 that promises 95 % right); with one it keeps the rule's confidence."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.diagnosis.classify import UNSIGNED_MAX

# (hundred-and-forty-sixth pass) LD-TIME-760: the SDKs' "Request timed out." after any app's words; LD-AUTH-763: an
# app's "API key not found ... set X_API_KEY" (a tracer says the same of its own key)
BARE = ("LD-DEPLOY-009", "LD-DEPLOY-010", "LD-DEPLOY-022", "LD-AUTH-001", "LD-TIME-006", "LD-TIME-760",
        "LD-AUTH-763",
        # hundred-and-forty-third pass (mined_errors_40: the two wrong answers at 0.9 untouched)
        "LD-DEPLOY-008", "LD-AUTH-009",
        # hundred-and-fifty-seventh pass: HTTP clients' status lines (aiohttp's `401, message=..., url=`, the AI SDK's
        # status text) and the AI SDK's "Cannot connect to API:" are any client's words, a tracer's as well
        "LD-AUTH-840", "LD-RATE-841", "LD-DEPLOY-845", "LD-DEPLOY-848",
        # hundred-and-sixtieth pass: the EventSource client's "Non-200 status code (N)" (any SSE stream's, an MCP
        # server's or a tracer's as well as an LLM's)
        "LD-AUTH-870", "LD-RATE-871", "LD-DEPLOY-872",
        # hundred-and-sixty-sixth pass: a circuit breaker's refusal (opossum, cockatiel, pybreaker) wraps any call,
        # a database's or a tracer's as well as an LLM's
        "LD-DEPLOY-912")


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
    # a framework's wrapper around the SDK's message, with no class or provider named
    ("Retry attempts exhausted. Last exception: Request timed out.", "LD-TIME-760"),
    # (hundred-and-fifty-seventh pass) aiohttp's status line and the AI SDK's fetch failure, no LLM request named
    ("Upload failed: 401, message='Unauthorized', url='https://telemetry.example.com/v1/runs'", "LD-AUTH-840"),
    ("Sync failed: Cannot connect to API: fetch failed", "LD-DEPLOY-848"),
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
    # autogen-agentchat's team error around the SDK's class (mined batch 43)
    ("RuntimeError: APITimeoutError: Request timed out.\nTraceback:\n...", "LD-TIME-760"),
    # (hundred-and-fifty-seventh pass) the AI SDK's fetch failure on a LiteLLM proxy's URL
    ("AI_APICallError: Cannot connect to API: fetch failed (url: http://litellm:4000/v1/chat/completions)", "LD-DEPLOY-848"),
])
def test_with_a_sign_of_the_llm_request_the_rule_keeps_its_confidence(text, rule):
    d = diagnose(text).diagnosis
    assert d.rule_id == rule
    assert d.confidence >= 0.8


# An observability client's delivery failure (LD-REQ-630's shape) is one mechanism, not a veto copied into each bare
# rule (classify.DELIVERY_RULES; HOLDOUT_EVAL.md, hundred-and-forty-seventh pass).

def test_no_rule_carries_its_own_copy_of_the_delivery_veto():
    copies = [r.id for r in load_rules() for p in r.none + r.none_anywhere if "while exporting" in p.pattern]
    assert not copies, copies


@pytest.mark.parametrize("text, rule", [
    ("Failed to export traces to http://collector:4318: [Errno 111] Connection refused", "LD-REQ-630"),
    ("Failed to send steps: httpx.ConnectError: [Errno -3] Temporary failure in name resolution", "LD-REQ-630"),
    ('Failed to send steps: Failed to send steps: {"message":"Invalid API key"}', "LD-REQ-630"),
    ("Exception while exporting Span batch: ConnectTimeoutError (connect timeout=10)", "LD-REQ-630"),
    # a full queue in a tracer's words is still its delivery failure (the copies vetoed the bare rules there too);
    # OpenTelemetry's own "Queue full, dropping Span." alone is benign noise (LD-REQ-603)
    ("Dropping 12 spans: queue is full; exporter error: [Errno 111] Connection refused", "LD-REQ-630"),
    ("OTEL exporter: failed to export traces (queue full). [Errno -2] Name or service not known", "LD-REQ-630"),
    ("Queue full, dropping Span.", "LD-REQ-603"),
    # the LLM request's own failure in the same paste: LD-REQ-630 keeps off, so the bare rule answers
    ("Failed to export traces: [Errno 111] Connection refused\nlitellm.APIConnectionError: OllamaException", "LD-DEPLOY-009"),
])
def test_a_bare_rule_gives_way_to_a_delivery_failure(text, rule):
    assert diagnose(text).diagnosis.rule_id == rule


def test_any_rule_marked_bare_gives_way_not_only_the_five():
    """The mark decides, not a list of ids: a connection-reset rule marked bare gives way too."""
    from litellm_doctor.diagnosis.classify import match_rules
    from litellm_doctor.frozen import replace

    text = "Failed to export spans to otel-collector:4317: ConnectionResetError: [Errno 104] Connection reset by peer"
    rules = load_rules()
    assert "LD-DEPLOY-013" in {m.rule.id for m in match_rules(text, rules)}
    marked = tuple(replace(r, bare=True) if r.id == "LD-DEPLOY-013" else r for r in rules)
    hits = {m.rule.id for m in match_rules(text, marked)}
    assert "LD-DEPLOY-013" not in hits and "LD-REQ-630" in hits


# An observability client's own key missing or refused (LD-REQ-730) is the second rule the bare rules give way to;
# LD-AUTH-001 and LD-AUTH-009 carried a copy of its shape in their `none` (hundred-and-forty-ninth pass).

def test_no_rule_carries_its_own_copy_of_the_tracer_key_veto():
    copies = [r.id for r in load_rules() for p in r.none + r.none_anywhere if "Langtrace" in p.pattern]
    assert not copies, copies


@pytest.mark.parametrize("text", [
    "Missing Langtrace API key, proceed to https://langtrace.ai to create one",
    "🖇 AgentOps: Invalid API key",
])
def test_a_tracers_own_key_is_the_tracers(text):
    assert diagnose(text).diagnosis.rule_id == "LD-REQ-730"


def test_a_providers_key_beside_a_tracers_name_is_the_llm_requests():
    d = diagnose("Missing Anthropic API Key - A call is being made to anthropic but no key is set (Langtrace is on)")
    assert d.diagnosis.rule_id == "LD-AUTH-009"
