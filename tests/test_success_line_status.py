"""A success line's status is its own request's (issue #9, HOLDOUT_EVAL.md fortieth pass): a 2xx on a line that
reports a request that worked (httpx's `"HTTP/1.1 200 OK"`, uvicorn's access line) is never the status of a failure
the text describes elsewhere. With no error status stated, the status is the one LiteLLM's class carries
(litellm_classes.CLASS_STATUS), and none for a status-less `APIConnectionError`; a 2xx stands when nothing in the
text reports a failure, or when it is on the failure's own line."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.litellm_classes import CLASS_STATUS, STATUS_CLASS

_HTTPX_200 = ('2025-06-01 10:22:31,002 INFO httpx HTTP Request: POST http://litellm:4000/v1/chat/completions "HTTP/1.1 200 OK"\n'
              "2025-06-01 10:22:32,114 INFO app.agent step 3/10: calling the model gpt-4o with 12 messages, 4 tools\n"
              "2025-06-01 10:22:33,456 WARNING app.agent retrying after an error (attempt 2 of 3)\n"
              "2025-06-01 10:22:34,001 ERROR app.agent request failed: ")
_ACCESS_200 = 'INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 200 OK\n'
_CONN_BODY = json.dumps({"error": {"message": "litellm.APIConnectionError: APIConnectionError: OllamaException - [Errno 111] "
                                              "Connection refused", "type": "internal_server_error", "param": None, "code": "500"}})


def _status(text: str) -> str | None:
    return diagnose(text).facts.get("status")


@pytest.mark.parametrize("before", [_HTTPX_200, _ACCESS_200], ids=["httpx-200-line", "uvicorn-access-200"])
@pytest.mark.parametrize("error", [
    "litellm.APIConnectionError: APIConnectionError: OllamaException - [Errno 111] Connection refused",
    _CONN_BODY,  # the proxy's 500 body around it (midtext_eval.py's conn500): the bare body reports none either
    "litellm.proxy.proxy_server.chat_completion(): Exception occured - litellm.APIConnectionError: OpenAIException - Connection error.",
])
def test_a_status_less_failure_after_a_200_line_has_no_status(before, error):
    # Untouched: 200, the earlier request's (71 of midtext_eval.py's 111 framed conn500 bodies).
    assert _status(error) is None
    assert _status(before + error) is None


@pytest.mark.parametrize("error, status", [
    ("litellm.InternalServerError: InternalServerError: VertexAIException - Internal error encountered.", "500"),
    ("litellm.ServiceUnavailableError: ServiceUnavailableError: Hosted_vllmException - backend is down", "503"),
    ('{"error": {"message": "litellm.InternalServerError: InternalServerError: OpenAIException - The server had an error '
     'while processing your request.", "type": null, "param": null, "code": null}}', "500"),
])
def test_the_class_implies_the_status_after_a_200_line(error, status):
    # Untouched: 200 after httpx's line (uvicorn's access line was set aside already).
    assert _status(error) == status
    assert _status(_HTTPX_200 + error) == status


def test_the_same_calls_200_is_not_the_failures_status_either():
    # owui-openai-compatible-invalid-response-object: the call answered 200 with an object LiteLLM could not read.
    # The thirty-ninth pass kept the 200; the text cannot tell that line from an earlier request's, and the 200 is
    # not the status of the failure (no status was answered for it), so it is not reported as such.
    text = ('INFO:httpx:HTTP Request: POST http://172.16.185.252:4001/v1/chat/completions "HTTP/1.1 200 OK"\n'
            "17:27:33 - LiteLLM Router:INFO: litellm.acompletion(model=openai/ERNIE-4.0-8K) Exception Invalid response object")
    assert _status(text) is None


@pytest.mark.parametrize("text", [
    _ACCESS_200.strip(),  # a pasted access line alone: nothing failed, its status is the text's
    "litellm.APIError: APIError: OpenAIException - Error code: 200 - invalid response object",  # on the failure's line
])
def test_a_2xx_stays_when_no_failure_is_described_elsewhere(text):
    assert _status(text) == "200"


def test_the_class_table_agrees_with_the_status_table():
    # Every status's class carries that status back (504 -> Timeout carries 408, 402's class is 1.108+'s).
    for status, name in STATUS_CLASS.items():
        assert CLASS_STATUS[name] == str(408 if name == "Timeout" else status)
    assert "APIConnectionError" not in CLASS_STATUS
