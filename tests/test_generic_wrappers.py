"""A provider's answer under a class that states no cause (issue #9, HOLDOUT_EVAL.md twenty-ninth pass):
the proxy's 500 body around a status-less `APIConnectionError` and the stream's `MidStreamFallbackError`
are read as the error they carry (diagnosis/unwrap.py), and a real connection failure stays `deployment`."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import connection_error_span, inner_status, midstream_error


def connection_error_body(text: str) -> str | None:
    """The text with the proxy's 500 body read as its message (connection_error_span's text), or None."""
    found = connection_error_span(text)
    return None if found is None else found[0]


_BEDROCK = 'litellm.APIConnectionError: BedrockException - {"message":"You don\'t have access to the model with the specified model ID."}'


def _sdk(message: str, code: str = "500", kind: str = "internal_server_error") -> str:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return f"openai.InternalServerError: Error code: {code} - {body!r}"


def test_the_proxy_body_of_a_connection_error_is_read_as_its_message():
    assert connection_error_body(_sdk(_BEDROCK)) == _BEDROCK
    # `type: null`, as older proxies sent it.
    assert connection_error_body(_sdk(_BEDROCK, kind=None)) == _BEDROCK
    # The raw JSON body (curl, a browser) is left as it is: no `Error code: 500` to outrank the cause.
    raw = json.dumps({"error": {"message": _BEDROCK, "type": None, "param": None, "code": "500"}})
    assert connection_error_body(raw) is None
    assert diagnose(raw).category == "auth"
    # What surrounds it stays.
    assert connection_error_body("Error calling Claude via LiteLLM: " + _sdk(_BEDROCK) + "\nRetrying") == (
        "Error calling Claude via LiteLLM: " + _BEDROCK + "\nRetrying")


@pytest.mark.parametrize("text", [
    # the upstream's own 500 (InternalServerError inside): its status is the upstream's
    _sdk("litellm.InternalServerError: AnthropicException - Internal server error"),
    # another status than the class's 500
    _sdk(_BEDROCK, code="503"),
    # no body
    _BEDROCK,
    "litellm.APIConnectionError: OllamaException - Cannot connect to host localhost:11434 ssl:default [Connection refused]",
])
def test_other_bodies_are_left_alone(text):
    assert connection_error_body(text) is None


def test_the_stream_wrapper_is_read_as_the_error_it_repeats():
    inner = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o"
    text = f"litellm.MidStreamFallbackError: {inner} Original exception: RateLimitError: {inner}"
    assert midstream_error(text) == inner
    assert midstream_error("Fallback also failed: " + text) == "Fallback also failed: " + inner
    # Older wording without the repeat: kept (rules know it).
    assert midstream_error("litellm.ServiceUnavailableError: litellm.MidStreamFallbackError: " + inner) is None


def test_the_wrapper_status_is_not_the_fact():
    error = read_error_text(_sdk(_BEDROCK))
    assert "Error code: 500" not in error.text
    assert error.json_fields.get("code") != "500"


@pytest.mark.parametrize(("text", "category"), [
    (_sdk(_BEDROCK), "auth"),
    (_sdk("litellm.APIConnectionError: OpenAIException - Error code: 400 - {'error': {'message': \"Unsupported "
          "parameter: 'temperature' is not supported with this model.\", 'type': 'invalid_request_error'}}"), "other"),
    # real connection failures behind the same body stay deployment
    (_sdk("litellm.APIConnectionError: OllamaException - Cannot connect to host localhost:11434 ssl:default "
          "[Connection refused]", kind=None), "deployment"),
    (_sdk("litellm.APIConnectionError: OpenAIException - [Errno -2] Name or service not known"), "deployment"),
    (_sdk("litellm.APIConnectionError: OpenAIException - Connection error."), "deployment"),
    # the upstream's own 500 stays deployment
    (_sdk("litellm.InternalServerError: AnthropicException - Internal server error"), "deployment"),
])
def test_categories(text, category):
    assert diagnose(text).category == category


# The provider's own status under the fall-through `APIConnectionError` (thirty-first pass): read as the class
# `_map_exception_by_status` raises for it (litellm_classes.STATUS_CLASS, the lines cited there).
@pytest.mark.parametrize(("text", "named"), [
    ("litellm.APIConnectionError: OpenAIException - Error code: 404", "litellm.NotFoundError: OpenAIException - Error code: 404"),
    ("litellm.APIConnectionError: APIConnectionError: OpenAIException - Error code: 401 - {}",
     "litellm.AuthenticationError: AuthenticationError: OpenAIException - Error code: 401 - {}"),
    ('x: litellm.APIConnectionError: OpenrouterException - {"error":{"message":"Expected string","code":400}}',
     'x: litellm.BadRequestError: OpenrouterException - {"error":{"message":"Expected string","code":400}}'),
    ('litellm.APIConnectionError: APIConnectionError: OpenAIException - {\n"error": {\n"code": 429,\n"status": "RESOURCE_EXHAUSTED"}}',
     'litellm.RateLimitError: RateLimitError: OpenAIException - {\n"error": {\n"code": 429,\n"status": "RESOURCE_EXHAUSTED"}}'),
    ("litellm.APIConnectionError: OllamaException - Server error '502 Bad Gateway' for url 'http://h:11434/api/chat'",
     "litellm.BadGatewayError: OllamaException - Server error '502 Bad Gateway' for url 'http://h:11434/api/chat'"),
    ("litellm.APIConnectionError: OpenAIException - Error code: 422", "litellm.BadRequestError: OpenAIException - Error code: 422"),
    ("litellm.APIConnectionError: OpenAIException - Error code: 520", "litellm.APIError: OpenAIException - Error code: 520"),
    # thirty-third pass: 402 as 1.108.14 and 1.110.2 raise it (litellm_classes; 1.103.0 gave BadRequestError)
    ('litellm.APIConnectionError: OpenrouterException - {"error":{"message":"Insufficient credits","code":402}}',
     'litellm.PaymentRequiredError: OpenrouterException - {"error":{"message":"Insufficient credits","code":402}}'),
    # thirty-eighth pass: the provider SDKs' messages (cohere's headers first, requests', google-api-core's)
    ("litellm.APIConnectionError: CohereException - headers: {'x-debug-trace-id': 'ab'}, status_code: 403, body: {}",
     "litellm.PermissionDeniedError: CohereException - headers: {'x-debug-trace-id': 'ab'}, status_code: 403, body: {}"),
    ("litellm.APIConnectionError: OpenAIException - 413 Client Error: Payload Too Large for url: https://h/v1",
     "litellm.BadRequestError: OpenAIException - 413 Client Error: Payload Too Large for url: https://h/v1"),
    ("litellm.APIConnectionError: VertexAIException - 503 The service is currently unavailable.",
     "litellm.ServiceUnavailableError: VertexAIException - 503 The service is currently unavailable."),
])
def test_the_inner_status_names_the_class(text, named):
    assert inner_status(text) == named


@pytest.mark.parametrize("text", [
    # real connection failures state no status
    "litellm.APIConnectionError: OpenAIException - Connection error.",
    "litellm.APIConnectionError: OllamaException - Cannot connect to host localhost:11434 ssl:default [Connection refused]",
    "litellm.APIConnectionError: OpenAIException - [Errno -2] Name or service not known",
    "litellm.APIConnectionError: OllamaException - litellm.Timeout: Connection timed out after 600.0 seconds.",
    # a status further in, not the provider's answer
    "litellm.APIConnectionError: OpenAIException - Connection error. Retried after Error code: 429",
    # a code that is not a status
    'litellm.APIConnectionError: Bedrock_mantleException - {"error":{"code":"invalid_api_key","message":"Missing header"}}',
    # no provider label: the proxy's own 500 body (connection_error_span's)
    "litellm.APIConnectionError: Error code: 500 - {'error': {'message': 'x'}}",
    # a number that is not a status: lower case after it
    "litellm.APIConnectionError: OpenAIException - 400 tokens is more than the server allows",
    # another class than the fall-through's
    "litellm.BadRequestError: OpenAIException - Error code: 404",
])
def test_no_inner_status(text):
    assert inner_status(text) is None


@pytest.mark.parametrize(("text", "rule"), [
    ("litellm.APIConnectionError: OpenAIException - Error code: 404", "LD-DEPLOY-890"),  # a 404 with no body
    ('Fallback attempt failed for model openrouter/x: litellm.APIConnectionError: OpenrouterException - '
     '{"error":{"message":"Expected string, received null","code":400}}', "LD-ROUTE-017"),
    ("litellm.APIConnectionError: OpenAIException - Connection error.", "LD-DEPLOY-008"),
    ("litellm.APIConnectionError: OllamaException - Cannot connect to host localhost:11434 ssl:default "
     "[Connection refused]", "LD-DEPLOY-009"),
])
def test_rules_behind_the_fall_through(text, rule):
    assert diagnose(text).diagnosis.rule_id == rule


def test_the_raw_body_status_is_not_the_wrappers():
    raw = json.dumps({"error": {"message": _BEDROCK, "type": None, "param": None, "code": "500"}})
    report = diagnose(raw)
    assert report.category == "auth" and "status" not in report.facts
    raw = json.dumps({"error": {"message": "litellm.APIConnectionError: OpenAIException - Error code: 404",
                                "type": "internal_server_error", "param": None, "code": "500"}})
    assert diagnose(raw).facts["status"] == "404"
    # a real connection failure stays deployment; the upstream's own 500 keeps its status
    raw = json.dumps({"error": {"message": "litellm.APIConnectionError: OpenAIException - Connection error.", "code": "500"}})
    assert diagnose(raw).category == "deployment"
    raw = json.dumps({"error": {"message": "litellm.InternalServerError: AnthropicException - Internal server error",
                                "code": "500"}})
    assert diagnose(raw).facts["status"] == "500"


def test_the_renamed_class_is_said():
    from litellm_doctor.diagnosis.textinput import FALL_THROUGH_NOTE

    assert FALL_THROUGH_NOTE in diagnose("litellm.APIConnectionError: OpenAIException - Error code: 404").notes
    assert FALL_THROUGH_NOTE not in diagnose("litellm.APIConnectionError: OpenAIException - Connection error.").notes
