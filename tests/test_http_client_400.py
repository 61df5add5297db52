"""The HTTP clients' bare 400 line (issue #9, HOLDOUT_EVAL.md fortieth pass): `Client error '400 Bad Request' for url
'...'` (httpx) / `400 Client Error: Bad Request for url: ...` (requests) carries no body, so it does not say whether
the request was malformed or, on Anthropic's host, the account has no credit left (the same 400). LD-REQ-340 and
LD-REQ-341 answer it at an honest confidence, and the body's words decide where they are shown."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose

_ANTHROPIC = [
    "httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://api.anthropic.com/v1/messages'\n"
    "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/400",
    "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://api.anthropic.com/v1/messages",
    # the head of d2-aider-uncaught-anthropic-credit-balance-too-low (its cause, the credit balance, is cut off)
    'Traceback (most recent call last):\n  File "handler.py", line 565, in completion\n    response = client.post(\n'
    "httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://api.anthropic.com/v1/messages'",
    "ERROR:root:LiteLLM call failed: Client error '400 Bad Request' for url 'https://api.anthropic.com/v1/messages'",
]


@pytest.mark.parametrize("text", _ANTHROPIC)
def test_anthropics_bare_400_is_not_a_confident_answer(text):
    # Untouched: the estimate's `other` at 0.69-0.79 (the URL's `messages` read as a message word), no step naming
    # the credit balance that d2-aider's thread turned out to be.
    report = diagnose(text)
    assert report.diagnosis.rule_id == "LD-REQ-341"
    assert report.category == "other" and report.diagnosis.confidence <= 0.5
    assert "Plans & Billing" in report.findings[0].steps[0]


@pytest.mark.parametrize("text", [
    "httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://api.openai.com/v1/chat/completions'",
    "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://api.together.ai/v1/chat/completions",
    "2025-01-14 09:20:33 ERROR crewai: An unknown error occurred. Please check the details below.\n"
    "Error details: 400 Client Error: Bad Request for url: https://api.openai.com/v1/chat/completions",
])
def test_another_hosts_bare_400_is_a_bad_request_at_0_6(text):
    report = diagnose(text)
    assert (report.diagnosis.rule_id, report.category, report.diagnosis.confidence) == ("LD-REQ-340", "other", 0.6)


@pytest.mark.parametrize("text, rule, category", [
    # the body shown: its words decide
    ("httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://api.anthropic.com/v1/messages'\n...\n"
     'litellm.llms.anthropic.common_utils.AnthropicError: {"type":"error","error":{"type":"invalid_request_error",'
     '"message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade."}}',
     "LD-RATE-011", "quota_rate"),
    # an observability callback's upload refused, not the LLM call
    ("httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://api.datadoghq.com/api/intake/llm-obs/v1/trace/spans'\n"
     "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/400", "LD-REQ-103", "other"),
])
def test_what_the_text_shows_besides_the_line_decides(text, rule, category):
    report = diagnose(text)
    assert (report.diagnosis.rule_id, report.category) == (rule, category)
