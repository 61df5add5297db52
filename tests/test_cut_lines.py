"""The same error cut by a terminal or wrapped by a console keeps its diagnosis and facts (issue #9, fiftieth pass).

A terminal cuts a long line at its width, mid-word; a console wraps at word boundaries. unwrap._join joins the lines
and appends the joined paragraph after the original ones, so the facts must not be read from a fragment the cut
made (`Verte` / `xAIException`), and the join must not glue two real words.
"""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.unwrap import unwrapped

# (text, category, facts that must be read) -- each a hard cut at a terminal's width inside the named thing
CUT = [
    pytest.param(
        "Exception occured - model=gpt-4o; retri - litellm.ServiceUnavailableError: Verte\n"
        "xAIException - 503 The service is currently unavailable.",
        "deployment", {"provider": "vertex_ai", "status": "503"}, id="vertex-label-80"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a short wai - litellm.ServiceUnavailableError: Verte\n"
        "xAIException - 503 The service is currently unavailable.",
        "deployment", {"provider": "vertex_ai", "status": "503"}, id="vertex-label-100"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a short wait; gpt-4o; retried a - litellm.ServiceUnavailableE"
        "rror: Verte\nxAIException - 503 The service is currently unavailable.",
        "deployment", {"provider": "vertex_ai", "status": "503"}, id="vertex-label-120"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after  - litellm.RateLimitError: Bedro\n"
        'ckException - {"message":"Too many requests, please wait before trying again."}',
        "quota_rate", {"provider": "bedrock", "status": "429"}, id="bedrock-label"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a s - litellm.NotFoundError: Azu\n"
        "reException NotFoundError - The API deployment for this resource does not exist.",
        "routing", {"provider": "azure", "status": "404"}, id="azure-label"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a short wait; gpt-4o - litellm.R\n"
        "ateLimitError: MistralException - Rate limit exceeded. Received Model Group=mist\n"
        "ral-large\nAvailable Model Group Fallbacks=None",
        "quota_rate", {"provider": "mistral", "status": "429", "model_group": "mistral-large"}, id="model-group-and-class"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a sho - litellm.APIConnectionErr\n"
        "or: AzureException - Connection error. Cannot connect to host my-resource.openai\n"
        ".azure.com:443 ssl:default [Name or service not known]",
        "deployment", {"provider": "azure"}, id="url"),
    pytest.param(
        "Exception occured - model=gpt-4o; retried after a short wait; gpt-4o; retried after a short wait - l\n"
        'itellm.InternalServerError: AnthropicError - {"type":"error","error":{"type":"overloaded_error","mes\n'
        'sage":"Overloaded"}}',
        "quota_rate", {"provider": "anthropic", "status": "500"}, id="class-after-a-cut-letter"),
    pytest.param(
        "litellm.exceptions.BadRequestError: LLM Provider NOT provided. Pass in the LLM provider you are trying to\n"
        "call. You passed model=llama2\n Pass model as E.g. For 'Huggingface' inference endpoints pass in `completion(mo\n"
        "del='huggingface/starcoder',..)` Learn more: https://docs.litellm.ai/docs/providers",
        "routing", {"provider": None, "model_group": "llama2"}, id="huggingface-boilerplate-cut"),
]

# a console's word wrap (textwrap at 60): the words between a label and its ` - `, or in a fixed wording, are line breaks
WRAPPED = [
    pytest.param(
        "litellm.exceptions.AuthenticationError:\nlitellm.AuthenticationError: AzureException\n"
        "AuthenticationError - Error code: 401 - {'error': {'code':\n'401', 'message': 'Access denied due to invalid "
        "subscription\nkey or wrong API endpoint.'}}",
        "auth", {"provider": "azure", "status": "401"}, id="azure-label-then-class"),
    pytest.param(
        "FAILED\nlitellm/tests/test_completion.py::test_completion_bedrock_claude_stream\n- Failed: Error occurred: "
        "An error occurred\n(throttlingException) when calling the\nInvokeModelWithResponseStream operation: Too many "
        "requests,\nplease wait before trying again.",
        "quota_rate", {"provider": "bedrock"}, id="bedrock-operation"),
    pytest.param(
        "litellm.exceptions.BadRequestError: LLM Provider NOT\nprovided. Pass in the LLM provider you are trying to "
        "call.\nYou passed model=llama2\n Pass model as E.g. For 'Huggingface' inference endpoints\npass in "
        "`completion(model='huggingface/starcoder',..)` Learn\nmore: https://docs.litellm.ai/docs/providers",
        "routing", {"provider": None, "model_group": "llama2"}, id="huggingface-boilerplate-wrapped"),
    pytest.param(
        "ERROR: Exception occured - No deployments available for\nselected model, Try again in 5 seconds. Passed\n"
        "model=Qwen/Qwen2.5-0.5B-Instruct. pre-call-checks=False,\ncooldown_list=['3dfdf3fc7bce8b4337b0c174251a6cff']",
        "routing", {"model_group": "Qwen/Qwen2.5-0.5B-Instruct"}, id="passed-model"),
]


@pytest.mark.parametrize("text, category, facts", CUT + WRAPPED)
def test_cut_or_wrapped_keeps_category_and_facts(text, category, facts):
    report = diagnose(text)
    assert report.category == category
    for key, value in facts.items():
        assert report.facts.get(key) == value, key


def test_cut_label_is_the_same_as_the_whole_line():
    whole = ("Exception occured - model=gpt-4o; retri - litellm.ServiceUnavailableError: VertexAIException - 503 The "
             "service is currently unavailable.")
    cut = CUT[0].values[0]
    assert diagnose(cut).facts.get("provider") == diagnose(whole).facts.get("provider") == "vertex_ai"
    assert diagnose(cut).diagnosis.rule_id == diagnose(whole).diagnosis.rule_id


# --- the join must not glue two real words ---------------------------------------------------------------------------

def test_word_wrap_with_a_line_as_long_as_a_terminal_is_joined_at_spaces():
    # textwrap at 90 whose fourth line happens to be 80 long: longer lines above it, so no terminal of 80 made it
    text = ("litellm.RateLimitError: RateLimitError: AnthropicException - This request would exceed\n"
            "your organization's rate limit of 40321 input tokens per minute for the model claude\n"
            "sonnet 4. For details, refer to the rate limits documentation and reduce the prompt\n"
            "length or the maximum tokens requested, or contact sales to discuss your options\n"
            "for a rate limit increase.")
    joined = unwrapped(text)
    assert "your options for a rate" in joined
    assert "optionsfor" not in joined


def test_a_real_record_after_a_full_line_that_ends_a_sentence_is_not_joined():
    first = "litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured while handling the request"
    first = first + " and it was logged" + "." * (120 - len(first) - len(" and it was logged"))
    text = first + "\nValueError: invalid literal for int() with base 10: 'abc'"
    assert len(first) == 120
    assert unwrapped(text) is None


def test_a_label_at_a_line_start_after_an_ordinary_word_is_its_own():
    # the word before and the label do not make a provider's label: the label at the line start is read as it is
    text = "The call failed, see the details\nOpenAIException - Error code: 401 - invalid api key"
    assert diagnose(text).facts.get("provider") == "openai"


def test_a_cut_label_whose_glued_word_is_no_label_is_not_invented():
    # `Verte` + `xAI` is Vertex AI's; `Model` + `xAI` is nothing: xAI's own label stays xAI's
    text = ("litellm.ServiceUnavailableError: upstream answered for the model\n"
            "xAIException - 503 The service is currently unavailable.")
    assert diagnose(text).facts.get("provider") == "xai"


def test_a_model_group_followed_by_its_fallbacks_line_is_not_glued():
    text = ('{"error":{"message":"{"message":"The security token included in the request is invalid."}. Received '
            'Model Group=cohere.rerank-v3-5:0\\nAvailable Model Group Fallbacks=None","type":"None","param":"None",'
            '"code":"403"}}')
    assert diagnose(text).facts.get("model_group") == "cohere.rerank-v3-5:0"
