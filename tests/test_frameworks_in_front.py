"""The agent frameworks in front of LiteLLM of the forty-seventh pass (tests/corpus/sdk_surfaces.py `--wrapped
--frameworks`, app:* shapes): the wordings read from google-adk 2.13.0, strands-agents 1.62.0, mem0ai 2.2.1,
llama-index-llms-litellm 0.8.0 and langchain-litellm 0.11.2 (with langchain-core 1.8.4), around LiteLLM's errors.
The texts are written out here (the releases are not needed): each framing keeps the category, status and provider
that LiteLLM's own exception gives. No reading was added for them (they were all read right untouched); the words
the frameworks add are checked not to be read as a cause of their own."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose

INNERS = [
    ("RateLimitError", "litellm.RateLimitError: AnthropicException - Error code: 429 - {'type': 'error', 'error': "
                       "{'type': 'rate_limit_error', 'message': 'Number of request tokens has exceeded your per-minute "
                       "rate limit'}}"),
    ("NotFoundError", "litellm.NotFoundError: OpenAIException - Error code: 404 - The model `gpt-5-turbo` does not "
                      "exist or you do not have access to it."),
    ("AuthenticationError", "litellm.AuthenticationError: GroqException - Error code: 401 - {'error': {'message': "
                            "'Invalid API Key', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}"),
    ("ServiceUnavailableError", "litellm.ServiceUnavailableError: VertexAIException - 503 UNAVAILABLE. {'error': "
                                "{'code': 503, 'message': 'The service is currently unavailable.', 'status': "
                                "'UNAVAILABLE'}}"),
    ("Timeout", "litellm.Timeout: Together_aiException - Request timed out."),
]
RETRY_FN = {  # tenacity's get_callback_name of the retried function; the logger's name
    "llama_index": ("llama_index.llms.litellm.utils", "llama_index.llms.litellm.utils.completion_with_retry.<locals>."
                    "_completion_with_retry"),
    "langchain_litellm": ("langchain_core.language_models.llms", "langchain_litellm.chat_models.litellm.ChatLiteLLM."
                          "completion_with_retry.<locals>._completion_with_retry"),
}


def framings(cls: str, inner: str) -> list[tuple[str, str]]:
    sse = json.dumps({"error": f"{cls}: {inner}", "error_details": {
        "error_type": cls, "error_message": inner, "timestamp": 1796523000.123456}})
    out = [
        # google-adk cli/api_server.py:2335 through cli/utils/logs.py:26's format; :2350 the SSE error
        ("adk_server_log", f"2026-12-06 02:10:00,123 - ERROR - api_server.py:2335 - Error in event_generator: {inner}\n"
                           f"Traceback (most recent call last):\n  File \"/usr/local/lib/python3.12/site-packages/google/"
                           f"adk/models/lite_llm.py\", line 4631, in generate_content_async\n    response = await "
                           f"self.llm_client.acompletion(**completion_args)\nlitellm.exceptions.{cls}: {inner}"),
        ("adk_sse", f"data: {sse}"),
        ("adk_run_once", f"Error: {inner}"),  # google-adk cli/cli.py:805 (`adk run AGENT QUERY`)
        # google-adk plugins/logging_plugin.py:352-354, `_log` :387 (grey ANSI)
        ("adk_plugin", f"[logging_plugin] 🧠 LLM ERROR\n[logging_plugin]    Agent: root_agent\n"
                       f"[logging_plugin]    Error: {inner}"),
        ("adk_plugin_ansi", f"\033[90m[logging_plugin] 🧠 LLM ERROR\033[0m\n\033[90m[logging_plugin]    Agent: "
                            f"root_agent\033[0m\n\033[90m[logging_plugin]    Error: {inner}\033[0m"),
        # strands event_loop/event_loop.py:423-425, types/exceptions.py:18
        ("strands_raised", f"strands.types.exceptions.EventLoopException: {inner}"),
        ("strands_log_raised", f"ERROR:strands.event_loop.event_loop:exception=<{cls}> | event loop cycle failed\n"
                               f"strands.types.exceptions.EventLoopException: {inner}"),
        # mem0 memory/main.py:970-971
        ("mem0_log", f"ERROR:mem0.memory.main:LLM extraction failed: {inner}"),
        ("mem0_raised", f"mem0.exceptions.LLMError: LLM extraction failed: {inner}"),
    ]
    for name, (logger, fn) in RETRY_FN.items():
        out.append((f"{name}_retry", f"WARNING:{logger}:Retrying {fn} in 4 seconds as it raised {cls}: {inner}."))
    return out


CASES = [(name, cls, inner, text) for cls, inner in INNERS for name, text in framings(cls, inner)]


@pytest.mark.parametrize("name, cls, inner, text", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_framework_framing_keeps_category_status_and_provider(name, cls, inner, text):
    bare = diagnose(inner)
    report = diagnose(text)
    assert report.category == bare.category, (report.category, bare.category)
    for fact in ("status", "provider"):
        assert report.facts.get(fact) == bare.facts.get(fact), (fact, report.facts, bare.facts)
    assert (report.diagnosis.rule_id if report.diagnosis else None) == (bare.diagnosis.rule_id if bare.diagnosis else None)


PROXY_429 = ("Error code: 429 - {'error': {'message': 'litellm.RateLimitError: AnthropicException - Error code: 429 - "
             "rate limit exceeded', 'type': None, 'param': None, 'code': '429'}}")


@pytest.mark.parametrize("text", [
    "mem0.exceptions.LLMError: LLM extraction failed: " + PROXY_429,  # mem0's OpenAI LLM against the proxy
    "ERROR:mem0.memory.main:LLM extraction failed: " + PROXY_429,
    "strands.types.exceptions.EventLoopException: " + PROXY_429,  # strands' OpenAIModel: ModelThrottledException(str(e))
])
def test_framework_framing_of_the_proxys_answer_keeps_its_status(text):
    reference = diagnose("openai.RateLimitError: " + PROXY_429)
    report = diagnose(text)
    assert report.category == reference.category == "quota_rate"
    assert report.facts.get("status") == "429" and report.facts.get("provider") == reference.facts.get("provider")


@pytest.mark.parametrize("text", [
    # the frameworks' own words around an error that is not LiteLLM's: no rule, no confident answer
    "[logging_plugin] 🧠 LLM ERROR\n[logging_plugin]    Agent: root_agent\n[logging_plugin]    Error: 'NoneType' object is not iterable",
    "2026-12-06 02:10:00,123 - ERROR - api_server.py:2335 - Error in event_generator: Session not found: 1234",
    'data: {"error": "ValueError: LiteLLM function calls require a name", "error_details": {"error_type": "ValueError", '
    '"error_message": "LiteLLM function calls require a name", "timestamp": 1796523000.1}}',
    "ERROR:strands.event_loop.event_loop:exception=<KeyError> | event loop cycle failed\n"
    "strands.types.exceptions.EventLoopException: 'toolUseId'",
    "mem0.exceptions.LLMError: LLM extraction failed: Expecting value: line 1 column 1 (char 0)",
    "ERROR:mem0.memory.main:LLM extraction failed: 'NoneType' object has no attribute 'choices'",
])
def test_framework_words_alone_state_no_cause(text):
    report = diagnose(text)
    assert report.answer != "rule", report.diagnosis
    assert report.diagnosis is None or report.diagnosis.confidence < 0.8, report.diagnosis
    assert not report.facts.get("status") and not report.facts.get("provider"), report.facts


# strands-agents' raised line as a console word-wraps it at 90 columns: the first two lines happen to be 90 long, so
# the wrap looked like a terminal's hard cut and `OpenAIException` / `- Error code: 402` were glued to
# `OpenAIException- Error code` (no provider). A hard cut there keeps the space (` - Error code`).
WRAPPED_AT_THE_LABEL = (
    "strands.types.exceptions.EventLoopException: litellm.PaymentRequiredError: OpenAIException\n"
    "- Error code: 402 - {'error': {'message': 'Insufficient Balance', 'type': 'unknown_error',\n"
    "'param': None, 'code': 'invalid_request_error'}}")


def test_word_wrap_at_the_label_as_long_as_a_hard_cut_keeps_the_provider():
    lines = WRAPPED_AT_THE_LABEL.split("\n")
    assert len(lines[0]) == len(lines[1]) == 90
    facts = diagnose(WRAPPED_AT_THE_LABEL).facts
    assert facts.get("provider") == "openai" and facts.get("status") == "402", facts


def _hard_cut(text: str, width: int) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_hard_cut_before_the_labels_dash_still_joins_as_it_was():
    """A terminal's hard cut right after `...Exception` leaves the space on the next line (` - Error code`): that
    line is joined as it is; and a cut inside a word stays glued."""
    from litellm_doctor.diagnosis.unwrap import unwrapped

    head = "mem0.exceptions.LLMError: LLM extraction failed: litellm.RateLimitError: AnthropicException"
    full = head + (" - Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Number "
                   "of request tokens has exceeded your per-minute rate limit for this organization'}}")
    hard = _hard_cut(full, len(head))
    assert hard.split("\n")[1].startswith(" - Error code: 429")
    assert full in (unwrapped(hard) or "")
    assert diagnose(hard).facts.get("provider") == "anthropic"
    mid = _hard_cut(full, len(head) - 4)  # inside `Anthropic|Exception`
    assert mid.split("\n")[1].startswith("tion - Error")
    assert full in (unwrapped(mid) or "")
