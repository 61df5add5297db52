"""The apps in front of LiteLLM of the forty-second pass (tests/corpus/sdk_surfaces.py `--wrapped`, app:* shapes):
the wordings read from smolagents 1.26.0, pydantic-ai 2.78.0, browser-use 0.13.14, instructor 1.17.0,
mini-swe-agent 2.4.6, agno 3.1.10 and the Vercel AI SDK (ai 7.0.185), around LiteLLM's errors."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose

CONNECTION = "litellm.APIConnectionError: AnthropicException - Connection to api.anthropic.com failed: [Errno 111] Connection refused"
# pydantic-ai's ModelHTTPError (pydantic_ai/exceptions.py:1161 `f'status_code: {status_code}, model_name:
# {model_name}, body: {body}'`) with openai's e.body, the proxy's error object, under its category's class name
PYDANTIC_500 = ("pydantic_ai.exceptions.ModelServerError: status_code: 500, model_name: claude-sonnet, body: "
                + repr({"message": CONNECTION, "type": None, "param": None, "code": "500"}))


@pytest.mark.parametrize("text", [
    PYDANTIC_500,
    PYDANTIC_500.replace("ModelServerError", "ModelHTTPError"),  # pydantic-ai 1.x
    "Traceback (most recent call last):\n  File \"/app/agent.py\", line 12, in <module>\n    result = agent.run_sync(q)\n"
    + PYDANTIC_500,
])
def test_pydantic_ai_500_around_a_connection_error_is_the_connection_error(text):
    """The proxy's 500 is the wrapper's (twenty-ninth pass): read as the message it carries, as the OpenAI client's
    `Error code: 500 - {'error': {...}}` is, so no upstream 500 is reported."""
    bare = diagnose(CONNECTION)
    report = diagnose(text)
    assert report.facts.get("status") is None, report.facts
    assert report.category == bare.category == "deployment"
    assert report.diagnosis.rule_id == bare.diagnosis.rule_id


def test_pydantic_ai_500_with_a_status_stays():
    """A 500 body whose message is not a status-less APIConnectionError keeps its status."""
    inner = "litellm.InternalServerError: AnthropicException - Internal server error"
    text = ("pydantic_ai.exceptions.ModelServerError: status_code: 500, model_name: m, body: "
            + repr({"message": inner, "type": None, "param": None, "code": "500"}))
    assert diagnose(text).facts.get("status") == "500"


BODYLESS_501 = "litellm.APIError: AnthropicException - Error code: 501"


@pytest.mark.parametrize("text", [
    BODYLESS_501,
    "instructor.v2.core.errors.InstructorRetryException: " + BODYLESS_501,  # instructor v2/core/retry.py:434
    f"API call failed on attempt 1: {BODYLESS_501}\nMax retries exceeded. Total attempts: 1, Last error: {BODYLESS_501}",
    "pydantic_ai.exceptions.ModelServerError: status_code: 501, model_name: m, body: "
    + repr({"message": BODYLESS_501, "type": None, "param": None, "code": "501"}),
    f"ERROR   Error in Agent run: {BODYLESS_501}",  # agno agent/_run.py:746
])
def test_litellm_bodyless_501_is_an_upstream_5xx(text):
    """LiteLLM's `XException - Error code: 501` with nothing after it (anthropic's bodyless 501 in LiteLLM's
    wrapper) is read by LD-DEPLOY-015 as the SDK's own line is, alone or in an app's words."""
    report = diagnose(text)
    assert report.category == "deployment"
    assert report.answer == "rule" and report.diagnosis.rule_id == "LD-DEPLOY-015", report.diagnosis


@pytest.mark.parametrize("lead_in", ["Error in generating model output:", "Error while generating output:"])
@pytest.mark.parametrize("status, cls", [(402, "PaymentRequiredError"), (529, "InternalServerError"), (429, "RateLimitError")])
def test_smolagents_lead_in_keeps_the_body_status(lead_in, status, cls):
    """smolagents' AgentGenerationError (agents.py:1700, :1325) around the OpenAI client's message from the proxy:
    the body after its lead-in is the error it caught, not one quoted in another error, so its status is read."""
    body = {"message": f"litellm.{cls}: AnthropicException - Error code: {status}", "type": None, "param": None,
            "code": str(status)}
    text = f"smolagents.utils.AgentGenerationError: {lead_in}\nError code: {status} - {{'error': {body}}}"
    assert diagnose(text).facts.get("status") == str(status)


def test_words_after_a_cause_still_quote_a_body():
    """Other words between an earlier error and a body still make it quoted in that error (thirty-fourth pass)."""
    text = ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached\n"
            "Error doing the fallback:\nError code: 402 - {'error': {'message': 'x', 'type': None, 'param': None, 'code': '402'}}")
    assert diagnose(text).facts.get("status") == "429"


def test_rich_log_continuation_cut_at_the_width_is_joined_with_one_space():
    """agno's rich handler on a terminal (utils/log.py:93-100): the message word-wrapped at 80 columns, the next line
    indented to the message's column. A first line exactly 80 wide was joined as a mid-word cut, indentation and
    all (`Together_aiException         - Error code: 403`), which hid the provider label."""
    text = ("ERROR    Error in Agent run: litellm.PermissionDeniedError: Together_aiException\n"
            "         - Error code: 403")
    assert len(text.split("\n")[0]) == 80
    facts = diagnose(text).facts
    assert facts.get("provider") == "together_ai" and facts.get("status") == "403", facts


def test_rich_log_wrapped_body_status_from_the_joined_paragraph():
    """The same handler with a first line under 80: the wrapped paragraph is joined and appended; the status in it
    is not inside the original lines' body (closed before it), so it is not skipped as quoted in another error."""
    text = ("ERROR    Error in Agent run: litellm.BadRequestError: OpenAIException - Error\n"
            "         code: 422 - {'error': {'message': \"Unprocessable Entity:\n"
            "         'tools.0.function.parameters' is not a valid JSON schema\", 'type':\n"
            "         'invalid_request_error', 'param': None, 'code': None}}")
    assert diagnose(text).facts.get("status") == "422"


@pytest.mark.parametrize("text, status, provider", [
    ("ERROR    Error in Agent run: litellm.PaymentRequiredError: Together_aiException\n"
     "         - Error code: 402 - {'error': {'message': 'Insufficient Balance',\n"
     "         'type': 'unknown_error', 'param': None, 'code':\n         'invalid_request_error'}}", "402", "together_ai"),
    ("ERROR    Error in Agent run: litellm.APIError: AnthropicException - Error code:\n"
     "         529 - {'type': 'error', 'error': {'type': 'overloaded_error',\n"
     "         'message': 'Overloaded'}, 'request_id': 'req_011CUabc123'}", "529", "anthropic"),
])
def test_rich_log_wrap_between_label_and_status(text, status, provider):
    """agno's rich handler word-wraps between LiteLLM's label and its ` - `, or between `Error code:` and the
    status: the joined paragraph keeps both."""
    report = diagnose(text)
    assert report.facts.get("status") == status and report.facts.get("provider") == provider, report.facts
