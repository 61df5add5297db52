"""The proxy's error body as the OpenAI SDK prints it, a Python repr (`Error code: 401 - {'error': {...}}`), after
other words (issue #9, HOLDOUT_EVAL.md thirty-sixth pass): read as the JSON body is (unwrap.repr_error_body,
textinput._fields), by a tokenizer that never evaluates anything, with the same guard: the words before it state
no cause of their own."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import repr_error_body, repr_value

from framed_bodies import FRAMED, facts

# The lab's 1.103.0 wrong-key body, as `f"Error code: {status} - {json.loads(text)}"` (openai/_base_client.py :435).
_BODY = {"error": {"message": "Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234",
                   "type": "auth_error", "param": None, "code": "401"}}
_SDK = f"Error code: 401 - {_BODY!r}"
_LINES = ('2025-06-01 10:22:31,002 INFO httpx HTTP Request: POST http://litellm:4000/v1/chat/completions "HTTP/1.1 200 OK"\n'
          "2025-06-01 10:22:32,114 INFO app.agent step 3/10: calling the model gpt-4o with 12 messages, 4 tools\n"
          "2025-06-01 10:22:33,456 WARNING app.agent retrying after an error (attempt 2 of 3)\n")

@pytest.mark.parametrize("frame", FRAMED)
def test_a_repr_body_after_words_is_read_as_the_bare_one(frame):
    assert facts(frame.format(_SDK)) == facts(_SDK)
    assert facts(frame.format(_SDK))[2:] == ("401", "auth_error")


def test_past_200_characters_the_sdk_status_is_read_not_an_earlier_200():
    # Untouched: the status was the httpx line's 200 (the body past the first 200 characters was not read).
    body = {"error": {"message": "Incorrect API key provided: sk-****. You can find your API key at https://platform.openai.com/account/api-keys.",
                      "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}
    text = _LINES + f"2025-06-01 10:22:34,001 ERROR app.agent request failed: Error code: 401 - {body!r}"
    error = read_error_text(text)
    assert error.json_fields["http_status"] == "401" and error.json_fields["type"] == "invalid_request_error"
    assert diagnose(text).facts["status"] == "401"


@pytest.mark.parametrize("body", [
    "{'error': {'message': 'fallback failed', 'type': None, 'param': None, 'code': '500'}}",
    '{"error": {"message": "fallback failed", "type": null, "param": null, "code": "500"}}',
])
def test_a_body_quoted_inside_another_error_is_not_taken(body):
    # Untouched: the status was the fallback's 500 (the SDK's `Error code: 500 - ` before the quoted body).
    text = ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min (TPM): "
            "Limit 30000. Please try again in 1s.\nError doing the fallback: Error code: 500 - " + body)
    assert repr_error_body(text) is None
    report = diagnose(text)
    assert report.diagnosis.rule_id == "LD-RATE-002" and report.facts["status"] == "429"


@pytest.mark.parametrize("before", ["openai.AuthenticationError: ", "ValueError: ", "status 503 from upstream: "])
def test_a_cause_before_the_repr_keeps_it_out(before):
    assert repr_error_body(before + _SDK) is None


def test_the_tokenizer_evaluates_nothing_and_gives_up_on_what_is_no_literal():
    assert repr_value("{'a': __import__('os').system('true')}", 0) is None
    assert repr_value("{'a': <object at 0x7f>}", 0) is None
    assert repr_value("{'a': [1, 2", 0) is None
    assert repr_value("{" * 5000, 0) is None
    assert repr_value("{'a': (1, 'x\\'y', None, True), 'b': -2.5e3}", 0) == ({"a": [1, "x'y", None, True], "b": -2500.0}, 43)


def test_anthropic_s_form_is_read():
    body = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    text = _LINES + f"ERROR request failed: Error code: 401 - {body!r}"
    assert read_error_text(text).json_fields == {"message": "invalid x-api-key", "type": "authentication_error", "http_status": "401"}
