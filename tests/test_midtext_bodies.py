"""The proxy's JSON error body after other words (issue #9, HOLDOUT_EVAL.md thirty-fourth pass): an app's or a
log's line before it, a request payload logged first, more lines than the first 200 characters. It is read as
it is when it starts the text (diagnosis/unwrap.error_body, textinput._fields / _raw_connection_body), unless
the words before it state a cause of their own (an exception class, a status): then it is quoted inside that
other error, which stays the text's."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import error_body, outer_cause

from framed_bodies import FRAMED, LINES, facts

# The lab's 1.103.0 wrong-key body (tests/fixtures/lab/upstream-key-wrong.json's shape) and the proxy's 500
# around a status-less APIConnectionError (b3-proxy-json-vllm-prefix-no-module, a real text).
_AUTH = json.dumps({"error": {"message": "Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234",
                              "type": "auth_error", "param": "None", "code": "401"}})
_CONN = ('{"error":{"message":"litellm.APIConnectionError: VLLMException - No module named \'vllm\'. Received Model '
         'Group=llama-3.1-8b\\nAvailable Model Group Fallbacks=None","type":null,"param":null,"code":"500"}}')
@pytest.mark.parametrize("frame", FRAMED)
def test_a_body_after_words_is_read_as_the_bare_body(frame):
    assert facts(frame.format(_AUTH)) == facts(_AUTH)
    assert facts(frame.format(_AUTH))[2:] == ("401", "auth_error")


@pytest.mark.parametrize("frame", FRAMED)
def test_the_wrapper_500_after_words_is_read_as_its_message(frame):
    text = frame.format(_CONN)
    bare = diagnose(_CONN)
    got = diagnose(text)
    assert bare.facts.get("status") is None  # the thirty-first pass: the body's 500 is the wrapper's
    assert got.facts.get("status") is None
    assert (got.category, got.diagnosis.rule_id) == (bare.category, bare.diagnosis.rule_id) == ("routing", "LD-ROUTE-021")
    assert '"code":"500"' not in read_error_text(text).text


def test_the_sdk_body_after_long_lines_reads_the_message_fields():
    inner = 'litellm.APIConnectionError: OpenAIException - {"error": {"message": "Rate limit reached", "type": "tokens", "code": 429}}'
    body = {"error": {"message": inner, "type": "internal_server_error", "param": None, "code": "500"}}
    sdk = f"openai.InternalServerError: Error code: 500 - {body!r}"
    assert read_error_text(LINES + sdk).json_fields == read_error_text(sdk).json_fields
    assert diagnose(LINES + sdk).facts.get("status") == diagnose(sdk).facts.get("status") == "429"


@pytest.mark.parametrize("text", [
    # a fallback's answer quoted inside the rate limit that is the error
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Received Model Group=gpt-4o\n"
    "Available Model Group Fallbacks=['gpt-4o-mini']\nError doing the fallback: " + _CONN,
    # the SDK's class and status first: the body is its answer, already read as the SDK states it
    LINES + "openai.AuthenticationError: Error code: 401 - " + _AUTH,
    # a status stated before it
    LINES + "httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'http://litellm:4000/v1/chat/completions'\n"
    "body: " + _AUTH,
    "request failed with status 503: " + _AUTH,
])
def test_a_body_quoted_inside_another_error_does_not_override_it(text):
    assert error_body(text) is None


def test_the_outer_cause_keeps_its_rule_and_status():
    other = json.dumps({"error": {"message": "litellm.APIConnectionError: OpenAIException - Something weird happened",
                                  "type": None, "param": None, "code": "500"}})
    text = ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o. Received Model "
            "Group=gpt-4o\nAvailable Model Group Fallbacks=['gpt-4o-mini']\nError doing the fallback: " + other)
    report = diagnose(text)
    assert (report.category, report.diagnosis.rule_id) == ("quota_rate", "LD-RATE-001")
    # the quoted body's 500 is not the text's status (it was before this pass: the first `{` near the start)
    assert report.facts.get("status") == "429"
    assert read_error_text(text).json_fields == {}
    # the quoted body is not unwrapped
    assert '"code": "500"' in read_error_text(text).text


def test_words_that_state_no_cause():
    assert not outer_cause("ERROR 2025-06-01 10:22:33,456 chat.client request failed: ")
    assert not outer_cause("Traceback (most recent call last):\n  File \"/app/main.py\", line 42, in <module>\n")
    assert outer_cause("openai.InternalServerError: Error code: 500 - ")
    assert outer_cause("ValueError: ")
    assert outer_cause("OpenAIException - ")
    # a body not JSON (a Python repr) is not taken
    assert error_body("request failed: {'error': {'message': 'x', 'code': '401'}}") is None


def test_a_provider_body_continuing_its_class_chain_is_its_own():
    # m-paperqa-anthropic-image-over-5mb-badrequest (mined): the body on the line after `AnthropicException -`
    text = ('litellm.BadRequestError: AnthropicException -\n{"type":"error","error":{"type":"invalid_request_error",\n'
            '"message":"messages.0.content.0.image.source.base64: image exceeds 5 MB maximum"},\n"request_id":"req_abc123"}.')
    assert read_error_text(text).json_fields.get("type") == "invalid_request_error"
