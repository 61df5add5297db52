"""The apps in front of the proxy of the fifty-ninth pass (tests/corpus/more_apps.py, `sdk_surfaces.py --wrapped`):
n8n's OpenAI Chat Model node, Semantic Kernel 1.45.0, Haystack 3.4.1, LangChain.js (@langchain/openai 1.6.0) and
AutoGen 0.7.5, each calling the proxy through an OpenAI client, around LiteLLM's errors. Literal texts here; the
whole rendered set when the releases are unpacked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose

CORPUS = Path(__file__).resolve().parent / "corpus"

CONNECTION = "litellm.APIConnectionError: AnthropicException - Connection to api.anthropic.com failed: [Errno 111] Connection refused"
PROXY_500 = "Error code: 500 - " + repr({"error": {"message": CONNECTION, "type": None, "param": None, "code": "500"}})
SK_CLASS = "<class 'semantic_kernel.connectors.ai.open_ai.services.open_ai_chat_completion.OpenAIChatCompletion'>"
SK_500 = ("Traceback (most recent call last):\n"
          '  File "/x/semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", line 88, in _send_completion_request\n'
          "    response = await self.client.chat.completions.create(**settings_dict)\n"
          f"openai.InternalServerError: {PROXY_500}\n\n"
          "The above exception was the direct cause of the following exception:\n\n"
          "Traceback (most recent call last):\n"
          '  File "/x/semantic_kernel/connectors/ai/open_ai/services/open_ai_handler.py", line 101, in _send_completion_request\n'
          "    raise ServiceResponseException(\n"
          "semantic_kernel.exceptions.service_exceptions.ServiceResponseException: "
          + str((f"{SK_CLASS} service failed to complete the prompt", "X")).replace("'X'", f"InternalServerError({PROXY_500!r})")
          )
AUTOGEN_500 = (f"RuntimeError: InternalServerError: {PROXY_500}\nTraceback:\nTraceback (most recent call last):\n\n"
               '  File "/x/autogen_ext/models/openai/_openai_client.py", line 704, in create\n'
               "    result: Union[ParsedChatCompletion[BaseModel], ChatCompletion] = await future\n\n"
               f"openai.InternalServerError: {PROXY_500}\n")


@pytest.mark.parametrize("text", [SK_500, AUTOGEN_500])
def test_every_quote_of_the_proxys_500_around_a_connection_error_is_the_wrappers(text):
    """The OpenAI client's line and the app's exception quoting it again: neither 500 is the upstream's (failed
    before: the second quote kept its 500)."""
    bare = diagnose(CONNECTION)
    report = diagnose(text)
    assert report.facts.get("status") is None, report.facts
    assert report.category == bare.category == "deployment"
    assert report.diagnosis.rule_id == bare.diagnosis.rule_id


def test_a_500_with_a_status_quoted_twice_keeps_it():
    inner = "litellm.InternalServerError: AnthropicException - Internal server error"
    body = "Error code: 500 - " + repr({"error": {"message": inner, "type": None, "param": None, "code": "500"}})
    assert diagnose(f"RuntimeError: InternalServerError: {body}\nTraceback:\nopenai.InternalServerError: {body}\n").facts.get("status") == "500"


HAYSTACK = ("haystack.core.errors.PipelineRuntimeError: The following component failed to run:\n"
            "Component name: 'llm'\nComponent type: 'OpenAIChatGenerator'\nError: Error code: 529 - "
            + repr({"error": {"message": "litellm.APIError: AnthropicException - Error code: 529 - {'type': 'error', "
                              "'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}", "type": None,
                    "param": None, "code": "529"}}))


def test_haystack_pipeline_error_is_the_components():
    """Haystack's lead-in (haystack/core/errors.py:36-39) is the caught error's, not other words quoting a body
    (failed before: no status)."""
    report = diagnose(HAYSTACK)
    assert report.facts.get("status") == "529"
    assert report.facts.get("provider") == "anthropic"
    assert report.category == "quota_rate"


def test_other_words_between_still_quote():
    """Words that are not Haystack's exact lead-in keep the body quoted in the other error."""
    text = HAYSTACK.replace("Component type: 'OpenAIChatGenerator'", "Then the fallback said")
    assert diagnose(text).facts.get("status") != "529"


SK_404 = ("semantic_kernel.exceptions.service_exceptions.ServiceResponseException: "
          + str((f"{SK_CLASS} service failed to complete the prompt", "X")).replace("'X'", "NotFoundError(%r)" % (
              "Error code: 404 - " + repr({"error": {"message": "litellm.NotFoundError: AnthropicException - Error code: 404 - "
                                                                "{'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-3-5-sonnet-20250101'}}",
                                                     "type": None, "param": None, "code": "404"}}))))


def test_semantic_kernel_repr_with_escaped_single_quotes_is_read_unescaped():
    """The OpenAI error's repr inside the tuple escapes its single quotes (`\\'`): read as the person reads it
    (failed before: an estimate, deployment)."""
    assert "\\'" in SK_404
    report = diagnose(SK_404)
    assert report.category == "routing"
    assert report.diagnosis.rule_id == diagnose("litellm.NotFoundError: AnthropicException - Error code: 404 - {'type': 'error', 'error': {'type': 'not_found_error', 'message': 'model: claude-3-5-sonnet-20250101'}}").diagnosis.rule_id


@pytest.mark.parametrize("text", [
    "OpenAI: Rate limit reached\nlitellm.RateLimitError: OpenAIException - Error code: 429 - Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29810, Requested 1200.",
    "Authorization failed - please check your credentials\nlitellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.",
])
def test_n8n_panel_keeps_the_description(text):
    """n8n's NodeApiError message, then its description (the proxy's message): the description decides."""
    bare = diagnose(text.split("\n", 1)[1])
    report = diagnose(text)
    assert report.category == bare.category
    assert report.diagnosis.rule_id == bare.diagnosis.rule_id


@pytest.mark.parametrize("text", [
    f"{SK_CLASS} service failed to complete the prompt",
    "The following component failed to run:\nComponent name: 'llm'\nComponent type: 'OpenAIChatGenerator'\nError: ",
    "Troubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/MODEL_NOT_FOUND/",
])
def test_the_apps_words_alone_state_no_cause(text):
    report = diagnose(text)
    assert report.answer != "rule"
    assert report.facts.get("status") is None


def _module():
    sys.path.insert(0, str(CORPUS))
    import more_apps
    import sdk_surfaces

    return more_apps, sdk_surfaces


def test_the_rendered_apps_keep_category_and_facts():
    """All seven shapes x 241 records (when the releases are unpacked): no category lost (untouched 1445/1446 for the first six; Langflow 241/241), and
    the facts kept (LangChain.js's console of the proxy's 500 around an APIConnectionError lost them in 10 until the
    sixty-third pass, a held app's records folded in)."""
    more_apps, sdk_surfaces = _module()
    if not more_apps.present():
        pytest.skip("the apps' releases are not unpacked")
    records = [__import__("json").loads(x) for x in sdk_surfaces.OUT.read_text(encoding="utf-8").splitlines() if x.strip()]
    wrong, facts_lost = [], []
    for rec in records:
        ref = {k: diagnose(sdk_surfaces.litellm_wrapped(rec)).facts.get(k) for k in ("status", "provider")}
        proxy = {k: diagnose(sdk_surfaces.proxy_reference(rec)).facts.get(k) for k in ("status", "provider")}
        for shape, text in more_apps.shapes(rec):
            report = diagnose(text)
            if report.category != rec["category"]:
                wrong.append((shape, rec["id"]))
            kept = {k: report.facts.get(k) for k in ("status", "provider")}
            if kept not in (ref, proxy):
                facts_lost.append((shape, rec["id"]))
    assert not wrong
    # (sixty-third pass) LangChain.js's 10 read too: Node's `status: 500` field of the wrapper's 500 (held app, folded in)
    assert not facts_lost, facts_lost


def test_semantic_kernel_line_cut_at_a_terminals_width_keeps_the_provider():
    """The lone `\\'` is unescaped after the cut lines are joined: unescaped before, the lines no longer looked cut at
    80 and `OpenAIExc` / `eption` was joined with a space (provider lost; the first version of the change)."""
    sys.path.insert(0, str(CORPUS))
    import variants

    inner = ("Error code: 401 - " + repr({"error": {"message": "litellm.AuthenticationError: OpenAIException - Error code: 401 - "
                                                              + repr({"error": {"message": "Incorrect API key provided: sk-proj-****abcd. You can find your API key at https://platform.openai.com/account/api-keys.",
                                                                                "type": "invalid_request_error", "param": None, "code": "invalid_api_key"}}),
                                                   "type": None, "param": None, "code": "401"}}))
    text = ("semantic_kernel.exceptions.service_exceptions.ServiceResponseException: "
            + str((f"{SK_CLASS} service failed to complete the prompt", "X")).replace("'X'", "AuthenticationError(%r)" % inner))
    assert "\\'" in text
    report = diagnose(variants.hard_wrap(text))
    assert report.category == "auth"
    assert report.facts.get("provider") == "openai", report.facts


# (sixty-third pass) Node's printout (util.inspect) of npm openai's error around the proxy's 500 for a status-less
# APIConnectionError: the class and message, the stack, then the error's own fields. Multi-line (LangChain.js's
# console, more_apps._langchainjs) and on one line (a short error Node fits in 80 columns, or a log that joined it).
NODE_FIELDS = ("  status: 500,\n  headers: Headers {},\n  requestID: undefined,\n  error: {\n"
               f"    message: '{CONNECTION}',\n    type: null,\n    param: null,\n    code: '500'\n  }},\n"
               "  code: '500',\n  param: null,\n  type: null\n}")
NODE_500 = (f"InternalServerError: 500 {CONNECTION}\n"
            "    at APIError.generate (file:///app/node_modules/openai/core/error.mjs:63:20)\n"
            "    at async file:///app/node_modules/@langchain/openai/dist/chat_models/completions.js:224:13 {\n"
            + NODE_FIELDS)
NODE_500_INLINE = (f"InternalServerError: 500 {CONNECTION} {{ status: 500, headers: {{}}, error: {{ message: "
                   f"'{CONNECTION}', type: null, param: null, code: '500' }}, code: '500' }}")



def _reads_as_the_bare_error(text: str, bare_text: str, provider: str) -> None:
    """The printout reports no status (the 500 is the wrapper's), the bare error's provider and its category."""
    bare = diagnose(bare_text)
    report = diagnose(text)
    assert report.facts.get("status") is None, report.facts
    assert report.facts.get("provider") == bare.facts.get("provider") == provider
    assert report.category == bare.category


@pytest.mark.parametrize("text", [NODE_500, NODE_500_INLINE, "{\n" + NODE_FIELDS,
                                  "2026-12-06 09:00:00 error: [api] chat failed " + NODE_500.replace("InternalServerError: ", "", 1)])
def test_nodes_status_field_of_the_wrappers_500_is_the_wrappers(text):
    """Node's own `status: 500` field of an error whose body is the proxy's status-less APIConnectionError is the
    wrapper's, like the `500` before the message (failed before: the doctor reported status 500)."""
    _reads_as_the_bare_error(text, CONNECTION, "anthropic")


def test_nodes_status_field_of_another_500_is_kept():
    """The same printout of a 500 that states its status (LiteLLM's InternalServerError) keeps it."""
    inner = "litellm.InternalServerError: AnthropicException - Internal server error"
    text = NODE_500.replace(CONNECTION, inner)
    assert diagnose(text).facts.get("status") == "500"
    assert diagnose("{\n" + NODE_FIELDS.replace(CONNECTION, inner)).facts.get("status") == "500"


def test_nodes_status_field_when_a_terminal_cut_the_message():
    """A terminal cut the printout at 80 columns, inside the quoted message of the `error:` field: still the
    wrapper's 500 (failed with the first version of the change, which read the message on one line only)."""
    sys.path.insert(0, str(CORPUS))
    import variants

    text = variants.hard_wrap(NODE_500)
    assert f"    message: '{CONNECTION}'" not in text
    report = diagnose(text)
    assert report.facts.get("status") is None, report.facts
    assert report.facts.get("provider") == "anthropic"


# (sixty-fifth pass) Node's printout of the Vercel AI SDK's APICallError around the same 500 (sdk_surfaces._AI_SDK_CONSOLE:
# api-call-error.ts's fields). Its status field is `statusCode`, and the proxy's body is the `responseBody` JSON string,
# found when the reader joins the long stack frame line and the fields it takes as wrapped.
def _ai_sdk_console(message: str, code: str = "500") -> str:
    sys.path.insert(0, str(CORPUS))
    import sdk_surfaces

    body = __import__("json").dumps({"error": {"message": message, "type": None, "param": None, "code": code}},
                                    separators=(",", ":"))
    return sdk_surfaces._AI_SDK_CONSOLE.format(
        message=message, status=code, body=sdk_surfaces._js_string(body), retryable="true",
        data_message=sdk_surfaces._js_string(message), code=sdk_surfaces._js_string(code))


# (A short message: the stack's last frame line and the `responseBody` line are then taken as one wrapped line; a
# longer `responseBody` line than the frame's is not joined, and its body was not read at all.)
AI_SDK_CONNECTION = "litellm.APIConnectionError: OpenAIException - Connection error."


@pytest.mark.parametrize("wrap", ["none", "hard_wrap", "word_wrap"])
def test_ai_sdk_console_body_of_the_wrappers_500_is_the_wrappers(wrap):
    """The `responseBody` string read from the joined lines is the proxy's body around a status-less APIConnectionError:
    its `"code":"500"` is the wrapper's (failed before with status 500: as printed, and word-wrapped; hard-wrapped at 80
    columns this record passed before too)."""
    sys.path.insert(0, str(CORPUS))
    import variants

    text = _ai_sdk_console(AI_SDK_CONNECTION)
    if wrap != "none":
        text = getattr(variants, wrap)(text)
    _reads_as_the_bare_error(text, AI_SDK_CONNECTION, "openai")


def test_ai_sdk_console_body_of_another_500_is_kept():
    """The same printout of a 500 that states its class (LiteLLM's InternalServerError) keeps it (before and after)."""
    text = _ai_sdk_console("litellm.InternalServerError: OpenAIException - Internal server error")
    assert diagnose(text).facts.get("status") == "500"
