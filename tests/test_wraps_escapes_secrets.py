"""Fifty-sixth pass (issue #9): what wraps and cuts still lost. Word wraps at 60 columns, JSON log records cut inside
their message or by a terminal, LiteLLM's `N: {...}` inside a record, secrets a wrap cut in two, and Claude Code's own
sentence for a 404 (tests/corpus/wrap_widths.py, escaped_cuts.py, masked_wraps.py measure them over the corpus)."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import unwrapped
from litellm_doctor.formats import get_formatter

FORMATS = ("text", "json", "markdown", "sarif", "github", "junit")


def _facts(report, *names):
    return {n: report.facts.get(n) for n in names}


# -- word wraps at 60 columns ---------------------------------------------------------------------------------------

def test_a_body_word_wrapped_at_60_keeps_its_model_group():
    text = ('{\n    "error": {\n        "message": {\n'
            '            "error": "/chat/completions: Invalid model name\n'
            'passed in model=DeepSeek-R1x. Call `/v1/models` to view\n'
            'available models for your key."\n        },\n'
            '        "type": "None",\n        "param": "None",\n        "code": "400"\n    }\n}')
    report = diagnose(text)
    assert report.diagnosis.rule_id == "LD-ROUTE-007"
    assert report.facts.get("model_group") == "DeepSeek-R1x"


def test_a_class_alone_on_its_line_before_its_message_is_joined():
    text = ("cohere.errors.internal_server_error.InternalServerError:\n"
            "headers: {'content-type': 'application/json',\n"
            "'x-debug-trace-id': '3f1c0d9e8b7a6c5d'}, status_code: 500,\n"
            "body: {'message': 'internal server error, this has been\n"
            "reported to our developers. id 5b1c5a0e1e'}")
    report = diagnose(text)
    assert _facts(report, "provider", "status") == {"provider": "cohere", "status": "500"}


def test_a_short_line_before_a_word_that_would_not_fit_is_joined():
    # a word wrap at 60 puts the URL on the next line: the line before is short, but the URL would not have fitted
    text = ('{"status":"error","message":"Failed to connect to MCP\n'
            "server: no valid MCP response received from\n"
            "https://mcp.internal.example/sse within 30s. Check that the\n"
            "LiteLLM proxy can reach this URL from its network (DNS,\n"
            "egress rules, firewalls) and that the server answers MCP\n"
            'requests."}')
    whole = diagnose(text.replace("\n", " "))
    assert diagnose(text).category == whole.category == "timeout"


def test_short_lines_a_writer_ended_are_not_joined():
    # no line near the text's longest, and the next word would have fitted: nothing looks wrapped
    text = "Traceback (most recent call last):\nValueError: bad value here\nsomething else entirely"
    assert read_error_text(text).text == text


# -- JSON records cut inside their message, or by a terminal -------------------------------------------------------

_INNER = ("litellm.RateLimitError: RateLimitError: OpenAIException - Error code: 429 - {'error': {'message': "
          "'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, "
          "Requested 2000.', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}\nReceived Model Group=gpt-4o\n"
          "Available Model Group Fallbacks=None")


# (seventieth pass) a word wrap inside a body's string or after a key's colon, however short the line before it

@pytest.mark.parametrize("text, rule", [
    # a long token (the rest of a compact JSON body) goes to the next line, leaving a short line inside a string
    ('litellm.BadRequestError: DeepseekException -\n{"error":{"message":"Insufficient\n'
     'Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}', "LD-RATE-011"),
    ('litellm.BadRequestError: DeepseekException -\n{"error":{"message":"Model Not\n'
     'Exist","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}', "LD-ROUTE-011"),
    # a repr whose string a sentence end and a key's colon split (google-genai's ClientError)
    ("google.genai.errors.ClientError: 400 INVALID_ARGUMENT.\n{'error': {'code': 400, 'message': 'API key not valid.\n"
     "Please pass a valid API key.', 'status':\n'INVALID_ARGUMENT'}}", "LD-AUTH-006"),
])
def test_a_word_wrap_inside_a_body_string_is_joined(text, rule):
    whole = diagnose(text.replace("\n", " "))
    report = diagnose(text)
    assert report.diagnosis.rule_id == whole.diagnosis.rule_id == rule
    assert _facts(report, "provider", "status") == _facts(whole, "provider", "status")


@pytest.mark.parametrize("text", [
    # pretty-printed JSON breaks after `{` and `,` only: nothing is inside a string at its line ends
    '{\n  "error": {\n    "message": "Invalid API Key",\n    "code": 401\n  }\n}',
    # a body closed, then prose with an apostrophe: no string is open at the break
    "{'error': 'quota'} and it doesn't\nwork since yesterday",
    # a record the paste cut inside its string, then the next record
    '{"message": "litellm.RateLimitError: You exceeded your\n2025-01-01 10:00:00 ERROR the next record',
])
def test_breaks_outside_a_body_string_are_not_joined(text):
    assert unwrapped(text) is None


@pytest.mark.parametrize("text", [
    # an HTTP client's one-line template word-wrapped at 60 at its colons (the next word would not have fitted)
    "huggingface_hub.errors.HfHubHTTPError: 401 Client Error:\nUnauthorized for url:\n"
    "https://router.huggingface.co/v1/chat/completions",
    # the console's width shows on lines of several words, not on a compact body longer than it
    '14:22:07 - LiteLLM:ERROR: fallback_utils.py:75 - Fallback\nattempt failed for model anthropic/claude-3-5-haiku-latest:\n'
    'litellm.BadRequestError: AnthropicException -\n{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens:\n'
    '16384 > 8192, which is the maximum allowed number of output\ntokens for\n'
    'claude-3-5-haiku-20241022"},"request_id":"req_011CU9fXr2LmQ8kWp4Tn7VbD"}',
    # a short line before a path that would not have fitted
    "litellm.InternalServerError: VertexAIException\nInternalServerError - File\n"
    "~/.config/gcloud/application_default_credentials.json was\nnot found.",
    # an SDK class alone at a line's end (no trailing space), its message after a blank line
    "huggingface_hub.errors.BadRequestError:\n\nBad request:\nModel meta-llama/Llama-3.1-8B-Instruct is not supported by\n"
    "provider together.",
])
def test_a_narrow_word_wrap_keeps_the_category_and_facts(text):
    whole = diagnose(" ".join(line for line in text.split("\n") if line)) if "BadRequestError:\n" not in text else \
        diagnose(text.replace("BadRequestError:\n", "BadRequestError: \n").replace("by\nprovider", "by provider"))
    report = diagnose(text)
    assert report.category == whole.category
    assert _facts(report, "provider", "status") == _facts(whole, "provider", "status")


def _record(text: str) -> str:
    return json.dumps({"message": text, "level": "ERROR", "timestamp": "2025-11-12T16:20:41.772190"})


@pytest.mark.parametrize("k", [60, 120, 200, 260])
def test_a_record_cut_inside_its_message_reads_as_the_plain_cut(k):
    pasted = '{"message": "' + json.dumps(_INNER[:k])[1:-1]
    plain, cut = diagnose(_INNER[:k]), diagnose(pasted)
    assert (cut.category, _facts(cut, "provider", "status", "model_group")) == (
        plain.category, _facts(plain, "provider", "status", "model_group"))


@pytest.mark.parametrize("tail", ["\\", "\\u20", "\\u"])
def test_an_escape_the_cut_split_is_dropped(tail):
    pasted = '{"message": "' + json.dumps(_INNER[:200])[1:-1] + tail
    assert read_error_text(pasted).text.startswith("litellm.RateLimitError: RateLimitError: OpenAIException")


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_record_a_terminal_cut_keeps_the_facts(width):
    record = _record(_INNER)
    pasted = "\n".join(record[i:i + width] for i in range(0, len(record), width))
    report = diagnose(pasted)
    assert report.diagnosis.rule_id == diagnose(_INNER).diagnosis.rule_id
    assert _facts(report, "provider", "status", "model_group") == {
        "provider": "openai", "status": "429", "model_group": "gpt-4o"}


def test_a_record_a_console_wrapped_at_its_spaces_keeps_the_facts():
    import textwrap

    pasted = "\n".join(textwrap.wrap(_record(_INNER), 80, break_long_words=False, break_on_hyphens=False))
    report = diagnose(pasted)
    assert _facts(report, "provider", "status", "model_group") == {
        "provider": "openai", "status": "429", "model_group": "gpt-4o"}


def test_two_whole_records_of_one_width_are_not_glued():
    a = _record("litellm.Timeout: Connection timed out after 600.0 seconds.")
    b = _record("litellm.Timeout: Connection timed out after 600.0 seconds!")
    assert len(a) == len(b)
    assert read_error_text(a + "\n" + b).text.count("litellm.Timeout") == 2


def test_the_status_before_fastapis_repr_inside_a_record_is_read():
    text = _record("litellm.proxy.proxy_server.update_key_fn(): Exception occured - 403: {'error': 'This feature is "
                   "only available for LiteLLM Enterprise users.'}")
    assert diagnose(text).facts.get("status") == "403"


def test_a_provider_body_is_not_read_as_a_record():
    body = '{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}'
    assert read_error_text(body).json_fields.get("code") == "invalid_api_key"


# -- secrets a wrap cut in two ---------------------------------------------------------------------------------------

_HEADER = ("2026-12-06 07:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:3500 - litellm.proxy.proxy_server.chat_completion"
           "(): " * 3)
_AZURE = "0123456789abcdef0123456789abcdef"
_AWS = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
_OPENAI = "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"


def _cut_in(line: str, secret: str, k: int, width: int = 80) -> str:
    at = line.find(secret) + k
    text = _HEADER[:(width - at % width) % width + width] + line
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def _shown(report) -> str:
    return "\n".join(get_formatter(f, verbose=True).render(report) for f in FORMATS)


@pytest.mark.parametrize("line,secret", [
    (f"AzureException - api-key: {_AZURE} Access denied due to invalid subscription key", _AZURE),
    (f"BedrockException - aws_access_key_id=AKIAIOSFODNN7EXAMPLE aws_secret_access_key={_AWS} Unable to locate "
     "credentials", _AWS),
    (f"litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: {_OPENAI}.",
     _OPENAI),
])
@pytest.mark.parametrize("k", [3, 6, 10, 20])
def test_a_secret_cut_by_a_wrap_leaks_in_no_format(line, secret, k):
    for pasted in (_cut_in(line, secret, k), _cut_in(_record(line), secret, k)):
        shown = _shown(diagnose(pasted))
        tail = secret[4:]
        assert not any(tail[i:i + 12] in shown for i in range(len(tail) - 11)), pasted


def test_a_record_cut_inside_a_key_still_shows_the_width():
    line = f"litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: {_OPENAI}."
    report = diagnose(_cut_in(_record(line), _OPENAI, 6))
    assert report.diagnosis.rule_id == diagnose(line).diagnosis.rule_id
    assert _facts(report, "provider", "status") == {"provider": "openai", "status": "401"}


def test_words_across_a_line_break_are_not_masked():
    text = ("litellm.NotFoundError: NotFoundError: OpenAIException - The model `gpt-4o-mini-2024-07-18-preview`\n"
            "does not exist or you do not have access to it.")
    assert read_error_text(text).text.startswith(text)


# -- Claude Code's own sentence for a 404 ----------------------------------------------------------------------------

_CC_404 = ("There's an issue with the selected model (claude-sonnet-4-5). It may not exist or you may not have access "
           "to it.")


@pytest.mark.parametrize("ending", ["", " Run /model to pick a different model.", " Run --model to pick a different model."])
def test_claude_codes_404_sentence_is_the_rule_under_0_8(ending):
    report = diagnose(_CC_404 + ending)
    assert report.diagnosis.rule_id == "LD-ROUTE-357"
    assert report.category == "routing"
    assert report.diagnosis.confidence < 0.8
    assert report.facts.get("model_group") == "claude-sonnet-4-5"


def test_claude_codes_other_model_sentences_are_not_the_404_rule():
    for text in ("The model claude-opus-4-6 is not available on your bedrock deployment. Try /model to switch to "
                 "claude-opus-4-1, or ask your admin to enable this model.",
                 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"/v1/messages: '
                 'Invalid model name passed in model=claude-sonnet-4-5. Call `/v1/models` to view available models '
                 'for your key."}}'):
        report = diagnose(text)
        assert report.diagnosis is None or report.diagnosis.rule_id != "LD-ROUTE-357"
