"""The same failure worded by LiteLLM 1.103 and by 1.108+ reads as the same category and the same facts.

The 1.108 texts follow the templates in its source (router_utils/common_utils.py, constants.py
INVALID_API_KEY_ERROR_MESSAGE, proxy/auth/auth_checks.py); the lab (tests/fixtures/lab/1.108.14/) holds the
ones a real 1.108.14 proxy produced."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose


def _body(message: str, type_: str | None, code: str, param: str | None = None) -> str:
    return json.dumps({"error": {"message": message, "type": type_, "param": param, "code": code}})


PAIRS = {
    "fallbacks-none": (
        _body("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Received Model Group=gpt-a\nAvailable Model Group Fallbacks=None", "throttling_error", "429"),
        _body("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o.\n\nLiteLLM: model group 'gpt-a' failed with the error above. No fallback was attempted.", "throttling_error", "429"),
    ),
    "fallbacks-configured": (
        _body("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Received Model Group=gpt-a\nAvailable Model Group Fallbacks=['gpt-b', 'gpt-c']", "throttling_error", "429"),
        _body("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o.\n\nLiteLLM: model group 'gpt-a' failed with the error above. Fallback model group(s) configured: gpt-b, gpt-c.", "throttling_error", "429"),
    ),
    "fallback-also-failed": (
        _body("litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.. Received Model Group=gpt-a\nAvailable Model Group Fallbacks=['gpt-b']", "internal_server_error", "500"),
        _body("litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.\n\nLiteLLM: model group 'gpt-a' failed with the error above. Fallback to gpt-b also failed: Connection error.", "internal_server_error", "500"),
    ),
    "no-fallback-group": (
        _body("litellm.NotFoundError: NotFoundError: OpenAIException - The model `x` does not exist. Received Model Group=gpt-a\nAvailable Model Group Fallbacks=None", "invalid_request_error", "404"),
        _body("litellm.NotFoundError: NotFoundError: OpenAIException - The model `x` does not exist.\n\nLiteLLM: model group 'gpt-a' failed with the error above and no fallback model group was found for it, so the request was not retried on another model. No fallbacks are configured. Add a fallbacks entry for that model group (Router fallbacks or proxy router_settings.fallbacks)", "invalid_request_error", "404"),
    ),
    "key-not-in-db": (
        _body("Authentication Error, Invalid proxy server token passed. key=88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b, not found in db. Create key via `/key/generate` call.", "token_not_found_in_db", "401", "key"),
        _body("Authentication Error, Invalid API key provided.", "token_not_found_in_db", "401", "key"),
    ),
    "budget": (
        _body("Budget has been exceeded! Key=sk-...abcd Current cost: 10.5, Max budget: 10.0", "budget_exceeded", "429"),
        _body("Budget has been exceeded! Key=sk-...abcd Current cost: 10.5, Max budget: 10.0", "budget_exceeded", "422"),
    ),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_both_wordings_read_the_same(name):
    old, new = (diagnose(t) for t in PAIRS[name])
    assert new.category == old.category != "unknown", (old.diagnosis, new.diagnosis)
    for fact in ("model_group", "fallbacks", "limit", "spend", "limit_value"):
        assert new.facts.get(fact) == old.facts.get(fact), (fact, old.facts.get(fact), new.facts.get(fact))


def test_new_exception_classes_have_rules():
    paid = diagnose(_body("litellm.PaymentRequiredError: PaymentRequiredError: FireworksException - Your account is suspended: an invoice is past due.\n\nLiteLLM: model group 'ds' failed with the error above. No fallback was attempted.", None, "402"))
    assert (paid.category, paid.diagnosis.rule_id, paid.facts["model_group"]) == ("quota_rate", "LD-RATE-060", "ds")
    endpoint = diagnose(_body("/v1/embeddings is not supported by model=gpt-4o. Supported endpoints: /v1/chat/completions", "invalid_request_error", "400", "model"))
    assert (endpoint.category, endpoint.diagnosis.rule_id) == ("other", "LD-REQ-060")
