"""Whose status it is (issue #9, HOLDOUT_EVAL.md thirty-ninth pass): a 2xx stated on a line that reports a request
that worked is not the text's status when the text states an error status (facts._stated_status; since the fortieth
pass not when it describes a failure at all, tests/test_success_line_status.py); FastAPI's
`N: {'error': ...}` (HTTPException's str) states the body's status (unwrap.repr_error_body); a status after an
app's `: ` followed by a capitalised reason (`External: 503 The service is currently unavailable.`) is read."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import quoted_in_other_error, repr_error_body

_LINES = ('2025-06-01 10:22:31,002 INFO httpx HTTP Request: POST http://litellm:4000/v1/chat/completions "HTTP/1.1 200 OK"\n'
          "2025-06-01 10:22:32,114 INFO app.agent step 3/10: calling the model gpt-4o with 12 messages, 4 tools\n"
          "2025-06-01 10:22:33,456 WARNING app.agent retrying after an error (attempt 2 of 3)\n")
_BODY = {"error": {"message": "Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234",
                   "type": "auth_error", "param": None, "code": "401"}}


def _status(text: str) -> str | None:
    return diagnose(text).facts.get("status")


@pytest.mark.parametrize("tail", [
    f"openai.AuthenticationError: Error code: 401 - {_BODY!r}",
    "openai.AuthenticationError: Error code: 401",
    'litellm.AuthenticationError: AuthenticationError: OpenAIException - {"error": {"code": 401}}',
])
def test_an_earlier_200_ok_line_does_not_outrank_the_errors_status(tail):
    # Untouched: 200, the httpx line of an earlier request (the SDK class is a cause, so the body is not taken).
    assert _status(_LINES + "2025-06-01 10:22:34,001 ERROR app.agent request failed: " + tail) == "401"


def test_a_2xx_on_a_line_that_reports_a_failure_stays_the_status():
    assert _status("litellm.APIError: APIError: OpenAIException - Error code: 200 - invalid response object") == "200"


@pytest.mark.parametrize("frame", ["{}", "ERROR proxy_server.py:4211 - {}", "Sorry, something went wrong: {}"])
def test_fastapis_status_is_the_bodys(frame):
    # Untouched: the fields were read but not the 400 (only the SDK's `Error code: N - ` was the body's status),
    # and after words no status at all.
    text = frame.format("400: {'error': {'message': 'Invalid model name passed in model=gpt-5', 'type': 'invalid_request_error'}}")
    assert read_error_text(text).json_fields["http_status"] == "400"
    assert _status(text) == "400"


def test_fastapis_form_quoted_after_a_rate_limit_is_not_the_texts():
    text = ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min (TPM): "
            "Limit 30000. Please try again in 1s.\nError doing the fallback: 500: {'error': 'fallback failed'}")
    assert repr_error_body(text) is None
    assert quoted_in_other_error(text, text.index("{'error'"))
    assert _status(text) == "429"


@pytest.mark.parametrize("frame", ["External: {}", "2026/01/14 09:20:33 ERROR dspy.utils.parallelizer: Error for x: {}"])
def test_a_status_then_a_capitalised_reason_after_an_apps_words(frame):
    # google-api-core's str(exc), `{code} {message}`: untouched no status (only at a line's start).
    report = diagnose(frame.format("503 The service is currently unavailable."))
    assert report.facts.get("status") == "503" and report.category == "deployment"


@pytest.mark.parametrize("text", ["prompt: 412 tokens were sent", "took: 450 ms", "port: 4000 Listening"])
def test_a_number_that_is_not_a_status(text):
    assert _status(text) is None
