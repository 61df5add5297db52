"""Coding agents in front of the proxy (forty-sixth pass, tests/corpus/coding_agents.py): how Claude Code 2.1.332
and 2.1.98, Gemini CLI 0.61.0 and Codex 0.171.0 print a failed call to the LiteLLM proxy, read from their npm
releases, around LiteLLM's errors. The texts here are written out (the releases are not needed)."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.unwrap import anthropic_envelope_span


def _anthropic(status_type: str, message: str) -> str:
    """LiteLLM 1.110.2's /v1/messages error body as Claude Code's SDK puts it in its message (JSON.stringify)."""
    return json.dumps({"type": "error", "error": {"type": status_type, "message": message}}, separators=(",", ":"))


def _openai(status: int, message: str) -> str:
    """LiteLLM's OpenAI envelope as Starlette's JSONResponse sends it (compact)."""
    return json.dumps({"error": {"message": message, "type": None, "param": None, "code": str(status)}},
                      separators=(",", ":"))


TIMEOUT = "litellm.Timeout: AnthropicException - Request timed out. Timeout passed=600.0, time taken=600.1 seconds"
GATEWAY_504 = ("litellm.APIError: HuggingfaceException - 504 Server Error: Gateway Timeout for url: "
               "https://router.huggingface.co/v1/chat/completions")
CONNECTION = "litellm.APIConnectionError: AnthropicException - Connection to api.anthropic.com failed: [Errno 111] Connection refused"


@pytest.mark.parametrize("text, inner", [
    # Claude Code 2.1.98 (cli.js): `API Error: ${q.message}`, the SDK's message `${status} ${JSON.stringify(body)}`
    (f"API Error: 408 {_anthropic('api_error', TIMEOUT)}", TIMEOUT),
    (f"API Error: 504 {_anthropic('api_error', GATEWAY_504)}", GATEWAY_504),
    # the Anthropic Python SDK against the same route
    (f"anthropic.APIStatusError: Error code: 504 - {({'type': 'error', 'error': {'type': 'api_error', 'message': GATEWAY_504}})}", None),
])
def test_the_proxys_anthropic_envelope_is_read_as_its_message(text, inner):
    """The envelope's `api_error` is LiteLLM's default for a status it does not map (408, 504, ...), not the
    upstream's: LD-DEPLOY-014 read it as an upstream 5xx at 0.90 before. The facts are LiteLLM's exception's."""
    report = diagnose(text)
    assert report.category == "timeout", (report.category, report.diagnosis)
    if inner is not None:
        bare = diagnose(inner).facts
        assert {k: report.facts.get(k) for k in ("status", "provider")} == {k: bare.get(k) for k in ("status", "provider")}


@pytest.mark.parametrize("text", [
    # an upstream Anthropic body (not LiteLLM's exception): its api_error is Anthropic's own
    'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    'litellm.InternalServerError: AnthropicException - {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    # an envelope with a nested object (provider_specific_fields) is left as it is
    'API Error: 500 {"type":"error","error":{"type":"api_error","message":"litellm.APIError: x","provider_specific_fields":{"a":1}}}',
    "API Error: 400 litellm.BadRequestError: OpenAIException - bad request",
])
def test_other_bodies_are_not_taken_as_the_proxys_envelope(text):
    assert anthropic_envelope_span(text) is None


def test_an_upstream_api_error_stays_an_upstream_5xx():
    report = diagnose('API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}')
    assert report.category == "deployment" and report.diagnosis.rule_id == "LD-DEPLOY-014"


def test_the_envelope_message_is_unescaped():
    inner = 'litellm.BadRequestError: OpenAIException - Invalid value "abc"\nline two'
    got = anthropic_envelope_span(f"API Error: 400 {_anthropic('invalid_request_error', inner)}")
    assert got == (f"API Error: 400 {inner}", len("API Error: 400 "))


@pytest.mark.parametrize("text", [
    # Codex 0.171.0: `unexpected status {status}: {body}`, the proxy's compact body
    f"unexpected status 500 Internal Server Error: {_openai(500, CONNECTION)}",
])
def test_codex_500_around_a_connection_error_is_the_connection_error(text):
    """The proxy's 500 is the wrapper's (twenty-ninth pass), as in the OpenAI client's `Error code: 500 - ...`."""
    bare = diagnose(CONNECTION)
    report = diagnose(text)
    assert report.facts.get("status") is None, report.facts
    assert report.category == bare.category == "deployment"
    assert report.diagnosis.rule_id == bare.diagnosis.rule_id


def test_codex_500_with_a_status_of_its_own_stays():
    inner = "litellm.InternalServerError: AnthropicException - Internal server error"
    assert diagnose(f"unexpected status 500 Internal Server Error: {_openai(500, inner)}").facts.get("status") == "500"


@pytest.mark.parametrize("text, category", [
    # Claude Code 2.1.332 (its binary): the body's message after the status
    (f"API Error: 408 {TIMEOUT}", "timeout"),
    ("API Error: Request rejected (429) · litellm.RateLimitError: AnthropicException - rate limit exceeded", "quota_rate"),
    ("Please run /login · API Error: 401 litellm.AuthenticationError: AnthropicException - invalid x-api-key", "auth"),
    (f"API Error: 500 {CONNECTION}. This is a server-side issue, usually temporary — try again in a moment. If it "
     "persists, check your inference gateway (localhost:4000).", "deployment"),
    # Claude Code's own sentences for what it recognises, LiteLLM's message dropped
    ("Prompt is too long", "other"),
    ("Invalid API key · Fix external API key", "auth"),
    ("Credit balance is too low", "quota_rate"),
    # the agent's own words when the proxy is not reachable
    ("API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)", "deployment"),
    ("API Error: Unable to connect to API (ECONNREFUSED)", "deployment"),
    # Gemini CLI 0.61.0: `[API Error: ${message}]`, the genai SDK's message JSON.stringify(body)
    (f"[API Error: {_openai(408, TIMEOUT)}]", "timeout"),
    (f"[API Error: {_openai(429, 'litellm.RateLimitError: GeminiException - quota exceeded')}]\nPlease wait and try "
     "again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth "
     "method", "quota_rate"),
])
def test_coding_agents_keep_the_category(text, category):
    assert diagnose(text).category == category


@pytest.mark.parametrize("text", [
    # Claude Code's and Codex's progress words, no failure in them
    "Reconnecting... 1/5",
    "API Error",
])
def test_progress_words_alone_are_no_rule_answer(text):
    assert diagnose(text).answer != "rule"


KEY_REFUSED = ("Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234, Key Hash "
               "(Token) =e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855. Unable to find token in "
               "cache or `LiteLLM_VerificationTokenTable`")


@pytest.mark.parametrize("text", [
    f"Please run /login · API Error: 401 {KEY_REFUSED}",  # Claude Code 2.1.332
    f"Please run /login · API Error: 401 {_anthropic('authentication_error', KEY_REFUSED)}",  # 2.1.98
    f"[API Error: {_openai(401, KEY_REFUSED)}]",  # Gemini CLI
    f"unexpected status 401 Unauthorized: {_openai(401, KEY_REFUSED)}",  # Codex
])
def test_the_proxys_own_refusal_keeps_its_rule(text):
    """The proxy's own refusal (no `litellm.` class: not taken as LiteLLM's exception) in each agent's words."""
    report = diagnose(text)
    assert report.answer == "rule" and report.diagnosis.rule_id == "LD-AUTH-022", report.diagnosis


# ---------------------------------------------------------------------------------------------------------------
# Fifty-second pass: Cline CLI 3.0.65, opencode 1.18.33, Claude Code 2.1.98's retry line (tests/corpus/coding_agents.py
# `more_shapes`). The texts are written out as the releases print them.

from litellm_doctor.diagnosis.classify import APP_CUT_MAX  # noqa: E402
from litellm_doctor.diagnosis.textinput import APP_CUT_NOTE  # noqa: E402
from litellm_doctor.diagnosis.unwrap import opencode_retry_cut  # noqa: E402

RATE = "litellm.RateLimitError: AnthropicException - rate limit exceeded"
CONTEXT = ("litellm.ContextWindowExceededError: litellm.BadRequestError: OpenAIException - This model's maximum "
           "context length is 8192 tokens. However, your messages resulted in 9000 tokens.")
ENGINE_503 = ("litellm.ServiceUnavailableError: OpenAIException - Error code: 503 - The engine is currently overloaded, "
              "please try again later")
_CLINE_RETRIES = "".join(f"\n[status] provider error — retrying (attempt {n}/3)\n" for n in (1, 2, 3))


@pytest.mark.parametrize("text, category", [
    # Cline CLI 3.0.65, headless: the retry notices, then `error: {message}` (the body's error.message)
    (f"{_CLINE_RETRIES}error: {RATE}", "quota_rate"),
    (f"{_CLINE_RETRIES}error: {TIMEOUT}", "timeout"),
    (f"{_CLINE_RETRIES}error: {CONNECTION}", "deployment"),
    (f"error: {KEY_REFUSED}", "auth"),
    ("\n[status] context window exceeded — compacting and retrying\nerror: The request exceeds the model's context "
     "window and there is no conversation history to compact — the system prompt, tools, and current input alone are "
     f"too large. Reduce attached content or switch to a model with a larger context window. (provider reported: {CONTEXT})",
     "other"),
    # opencode 1.18.33: `opencode run`'s `Error: {message}`, and its TUI retry line when the message is short
    (f"Error: {RATE}", "quota_rate"),
    (f"{RATE} [retrying in 1s attempt #1]", "quota_rate"),
    # Claude Code 2.1.98's REPL while it retries (from the 4th try): the SDK's message, then the line
    (f"  ⎿ \u00a0504 {_anthropic('api_error', GATEWAY_504)}\n     Retrying in 4 seconds… (attempt 4/10)", "timeout"),
    (f"  ⎿ \u00a0429 {_anthropic('rate_limit_error', RATE)}\n     Retrying in 4 seconds… (attempt 4/10)", "quota_rate"),
])
def test_more_coding_agents_keep_the_category(text, category):
    assert diagnose(text).category == category


@pytest.mark.parametrize("text", [
    # the agents' retry words alone: no failure named in them
    "\n[status] provider error — retrying (attempt 1/3)\n",
    "Provider is overloaded [retrying in 1s attempt #1]",
    "Trying to reach gemini-2.5-pro (Attempt 2/10)",  # Gemini CLI 0.61.0's loading phrase
    "     Retrying in 4 seconds… (attempt 4/10)",
])
def test_the_agents_retry_words_alone_are_no_rule_answer(text):
    assert diagnose(text).answer != "rule"


# opencode's TUI retry line: the message cut at 80 characters, `…`, ` (click to expand)` when longer than 120
_CUT_503 = ENGINE_503[:80] + "… (click to expand) [retrying in 1s attempt #1]"


def test_opencode_retry_line_cut_is_said_and_its_rule_is_not_sure():
    """The cut left `Error code: 503 - The engine`: LD-DEPLOY-015 reads a 503 (deployment, 0.90 before), the whole
    message says the engine is overloaded (quota_rate). The cut is told and the rule stays under 0.8."""
    assert len(ENGINE_503) > 120 and opencode_retry_cut(_CUT_503)
    report = diagnose(_CUT_503)
    assert APP_CUT_NOTE in report.notes
    assert report.diagnosis.confidence <= APP_CUT_MAX < 0.8
    whole = diagnose(ENGINE_503)
    assert APP_CUT_NOTE not in whole.notes
    # Kilo Code's CLI 7.7.9 (an opencode fork): the same line, cut with `...`
    kilo = ENGINE_503[:80] + "... (click to expand) [retrying in 1s attempt #1]"
    assert opencode_retry_cut(kilo) and diagnose(kilo).diagnosis.confidence <= APP_CUT_MAX


@pytest.mark.parametrize("text", [
    f"{RATE} [retrying in 1s attempt #1]",  # not cut: the whole message
    ENGINE_503[:79] + "… [retrying in 1s attempt #1]",  # 79 characters: not opencode's cut
    ENGINE_503[:80] + "… [retrying attempt #2] and more",  # not a whole line of that form
    ENGINE_503[:80] + "…",  # no retry line
    ENGINE_503[:80] + ".. [retrying in 1s attempt #1]",  # two dots
    "npm http fetch GET 200 https://registry.npmjs.org/x 12ms attempt #2",  # npm's own `attempt #`
])
def test_other_lines_are_not_opencode_cut(text):
    assert not opencode_retry_cut(text)
    assert APP_CUT_NOTE not in diagnose(text).notes


def test_more_agents_shapes_keep_the_category():
    """The fifty-second pass's shapes against every record (only when the releases are unpacked): untouched
    839/868 with 8 wrong at >= 0.8 (opencode's and Kilo's cut 503 lines, LD-DEPLOY-015 at 0.90); after the same
    839/868, none wrong at >= 0.8."""
    import importlib.util
    import sys
    from pathlib import Path

    corpus = Path(__file__).parent / "corpus"
    sys.path.insert(0, str(corpus))
    try:
        agents = importlib.import_module("coding_agents")
        surfaces = importlib.import_module("sdk_surfaces")
    finally:
        sys.path.remove(str(corpus))
    if not agents.more_present():
        pytest.skip("the releases are not unpacked (sdk_surfaces.py --app-forms downloads them)")
    records = [json.loads(line) for line in surfaces.OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    n = right = 0
    sure_wrong = []
    for r in records:
        status, _body = surfaces.proxy_answer(r)
        for shape, text in agents.more_shapes(status, surfaces.litellm_wrapped(r)):
            report = diagnose(text)
            n += 1
            right += report.category == r["category"]
            if report.category != r["category"] and report.diagnosis and report.diagnosis.confidence >= 0.8:
                sure_wrong.append((shape, r["id"], report.category))
    assert not sure_wrong, sure_wrong
    assert right >= 839, (right, n)
