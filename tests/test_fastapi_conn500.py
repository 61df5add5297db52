"""FastAPI's form of the proxy's 500 around a status-less `APIConnectionError` (issue #9, HOLDOUT_EVAL.md forty-fourth
pass): `500: {'error': {'message': 'litellm.APIConnectionError: ...', 'code': '500'}}` (starlette's
`HTTPException.__str__`, `f"{status_code}: {detail}"`, as the proxy's 500 is logged). Like the bare JSON body and the
SDK's `Error code: 500 - {...}` (with its class or not), it reports no status: the 500 is the wrapper's, no HTTP
answer came back from the upstream (unwrap.connection_error_span; tests/corpus/midtext_eval.py's `f-conn500` rows)."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose

_INNER = "litellm.APIConnectionError: OllamaException - [Errno 111] Connection refused"
_BODY = {"error": {"message": _INNER, "type": None, "param": None, "code": "500"}}
_FASTAPI = f"500: {_BODY!r}"
_FORMS = {
    "json": json.dumps(_BODY),
    "sdk": f"Error code: 500 - {_BODY!r}",
    "class": f"openai.InternalServerError: Error code: 500 - {_BODY!r}",
    "fastapi": _FASTAPI,
}
_FRAMES = (
    "{}",
    "ERROR 2025-06-01 10:22:33,456 chat.client request failed: {}",
    "2025-06-01 10:22:33.456 | ERROR    | app.llm:complete:88 - LLM request failed: {}",
    "2025-06-01 10:22:34 ERROR Request failed, response body:\n{}",
    '2025-06-01 10:22:31,002 INFO httpx HTTP Request: POST http://litellm:4000/v1/chat/completions "HTTP/1.1 200 OK"\n'
    "2025-06-01 10:22:34,001 ERROR app.agent request failed: {}",
    "Sorry, something went wrong: {}\nPlease try again later.",
)


def _answer(text):
    report = diagnose(text)
    return report.category, report.diagnosis.rule_id if report.diagnosis else None, report.facts.get("status"), report.facts.get("exception")


@pytest.mark.parametrize("frame", _FRAMES)
def test_the_fastapi_form_reports_no_status_as_the_others_do(frame):
    # Untouched: status "500" (the wrapper's) for every frame; the JSON, SDK and class forms already reported none.
    got = _answer(frame.format(_FASTAPI))
    assert got[2] is None
    assert got[3] == "litellm.APIConnectionError"
    assert got == _answer(_FORMS["json"]) == _answer(_FORMS["sdk"]) == _answer(_FORMS["class"])


def test_a_fastapi_500_around_a_class_with_a_status_keeps_it():
    body = {"error": {"message": "litellm.InternalServerError: OpenAIException - upstream exploded", "type": None, "param": None, "code": "500"}}
    assert diagnose(f"500: {body!r}").facts.get("status") == "500"


def test_a_fastapi_form_with_another_status_keeps_it():
    body = {"error": {"message": "litellm.RateLimitError: OpenAIException - Rate limit reached", "type": None, "param": None, "code": "429"}}
    assert diagnose(f"429: {body!r}").facts.get("status") == "429"


def test_a_port_or_a_version_before_the_body_is_not_fastapis_header():
    # `:500: ` and `v1.500: ` are not starlette's `f"{status_code}: "` at a word's start.
    for before in ("localhost:500: ", "v1.500: "):
        assert diagnose(before + repr(_BODY)).facts.get("exception") == "litellm.APIConnectionError"
