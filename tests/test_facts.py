"""Facts read from real error shapes (reference §1-§5 templates and corpus texts)."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis.facts import extract
from litellm_doctor.diagnosis.textinput import read_error_text


def facts(text: str) -> dict[str, str]:
    err = read_error_text(text)
    return extract(err.text, err.json_fields)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=60.0, "
            "time taken=60.01 seconds\n\nDeployment Info: request_timeout: None\ntimeout: 300.0. Received Model Group=mistral-small",
            {"exception": "litellm.Timeout", "status": "408", "timeout": "60.0", "time_taken": "60.01", "model_group": "mistral-small"},
        ),
        (
            "litellm.APIConnectionError: OllamaException - litellm.Timeout: Connection timed out. Timeout passed=600.0, time taken=579.681 seconds",
            {"timeout": "600.0", "time_taken": "579.681", "provider": "ollama"},
        ),
        (
            "litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: OpenAIException - This model's maximum context length is 8192",
            {"exception": "litellm.ContextWindowExceededError", "status": "400", "provider": "openai"},
        ),
        (
            "litellm.BadRequestError: litellm.ContentPolicyViolationError: AzureException - The response was filtered",
            {"exception": "litellm.ContentPolicyViolationError", "provider": "azure"},
        ),
        (
            "No deployments available for selected model, Try again in 5 seconds. Passed model=Qwen/Qwen2.5-0.5B-Instruct. "
            "pre-call-checks=False, cooldown_list=['3dfdf3fc7bce8b4337b0c174251a6cff311d9f85b7afb2d3214bdbdfecd3b907']",
            {"retry_after": "5", "model_group": "Qwen/Qwen2.5-0.5B-Instruct",
             "deployment_id": "3dfdf3fc7bce8b4337b0c174251a6cff311d9f85b7afb2d3214bdbdfecd3b907"},
        ),
        (
            '{"error":{"message":"Budget has been exceeded! Current cost: 76.16, Max budget: 10.0","type":"budget_exceeded","param":null,"code":"429"}}',
            {"status": "429", "error_type": "budget_exceeded", "spend": "76.16", "limit_value": "10.0", "limit": "budget"},
        ),
        (
            "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000",
            {"model": "gpt-4o", "limit": "tpm", "limit_value": "30000", "status": "429"},
        ),
        (
            "litellm.acompletion(model=groq/llama-3.3-70b-versatile) Exception OpenAIException - Error code: 401 - invalid api key",
            {"provider": "groq", "status": "401"},
        ),
        (
            "litellm.InternalServerError: InternalServerError: OpenAIException - Missing credentials. Please pass an `api_key`, "
            "`workload_identity`, `admin_api_key`, or set the `OPENAI_API_KEY` or `OPENAI_ADMIN_KEY` environment variable.",
            {"env_var": "OPENAI_API_KEY", "status": "500"},
        ),
        (
            "Cannot connect to host localhost:11434 ssl:default [Connection refused]",
            {"api_base": "localhost:11434"},
        ),
        (
            "httpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'https://bedrock-runtime.us-west-2.amazonaws.com/model/x/converse'",
            {"status": "503", "provider": "bedrock"},
        ),
        (  # the last line of the same httpx message, pasted alone
            "For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/529",
            {"status": "529"},
        ),
    ],
)
def test_facts_from_real_shapes(text, expected):
    got = facts(text)
    for key, value in expected.items():
        assert got.get(key) == value, (key, got)


def test_old_cooldown_list_tuple_form_gives_deployment_id():
    got = facts("No deployments available for selected model. cooldown_list=[('abc123def456abc7', {'Exception Received': 'x'})]")
    assert got["deployment_id"] == "abc123def456abc7"


def test_nothing_invented_on_plain_text():
    assert facts("the coffee machine is out of beans") == {}


@pytest.mark.parametrize("field", ["thinking.budget_tokens", "thinking_budget", "generationConfig.thinkingConfig.thinkingBudget", "budgetTokens"])
def test_a_reasoning_models_thinking_budget_is_not_a_spend_budget(field):
    # Claude Code behind the proxy: a request field's name, not a LiteLLM budget (which has its own fix)
    text = (f'API Error: 400 {{"error":{{"message":"litellm.BadRequestError: AnthropicException - {field}: Input should '
            f'be greater than or equal to 1024","type":null,"param":null,"code":"400"}}}}')
    assert "limit" not in facts(text)
    assert facts(text + " Budget has been exceeded! Current cost: 3.2, Max budget: 3.0")["limit"] == "budget"


@pytest.mark.parametrize("text", [
    # the Ollama client's message ends with its download page; Firebase AI's with the console page to enable the API
    "ConnectionError: Failed to connect to Ollama. Please check that Ollama is downloaded, running and accessible. "
    "https://ollama.com/download",
    "FirebaseError: AI: The Firebase AI API is not enabled. Enable it at "
    "https://console.firebase.google.com/project/demo/genai/ (ai/api-not-enabled)",
    # an app's documentation page at the end of its message (PandasAI, mined batch 47): any `docs.` host
    "ValueError: PandasAI API key does not include LLM credits. Please configure an OpenAI or LiteLLM key. "
    "Learn more at: https://docs.pandas-ai.com/v3/large-language-models#how-to-set-up-any-llm%3F",
])
def test_a_download_or_console_page_is_not_the_api_base(text):
    assert "api_base" not in facts(text)


@pytest.mark.parametrize("text", [
    # pages for people that real pastes link to (train2, blind sets, SDK surfaces): docs, key and billing pages,
    # a status page, Prisma's short links, a Colab output frame, Azure's token audience
    "429 RESOURCE_EXHAUSTED. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    "cohere.errors.TooManyRequestsError: status_code: 429, body: {'message': 'trial token rate limit exceeded. "
    "https://dashboard.cohere.com/api-keys or https://discord.gg/XW44jPfYJu'}",
    "Error: P3005 The database schema is not empty. Read more about how to baseline: https://pris.ly/d/migrate-baseline",
    "Request is missing required authentication credential. See "
    "https://developers.google.com/identity/sign-in/web/devconsole-project.",
    "[/usr/local/lib/python3.10/dist-packages/httpx/_urlparse.py](https://as5jcss98q5-496ff2e9c6d22116-0-colab."
    "googleusercontent.com/outputframe.html?vrz=colab_20241219) in normalize_port(port, scheme)",
    "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), "
    "or have expired.",
    "Overloaded. Check https://status.anthropic.com/#past-incidents",
    "would exceed the rate limit. Contact sales at https://www.anthropic.com/contact-sales to discuss your options.",
    "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
    # "host" as an English word is not a host name
    "Rejected polling URL: host is not within the bfl.ai domain",
    "is there a mismatch between the host and model endianness?",
])
def test_a_page_for_people_or_a_word_is_not_the_api_base(text):
    assert "api_base" not in facts(text)


@pytest.mark.parametrize("text, base", [
    ("Vertex 404 for 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/"
     "batchPredictionJobs' see https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404",
     "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/batchPredictionJobs"),
    ("HTTPConnectionPool(host='litellm', port=4000): Max retries exceeded", "litellm"),
    ("Cannot connect to host vllm.internal:8000 ssl:default [Connection refused]", "vllm.internal:8000"),
])
def test_the_address_called_is_still_the_api_base(text, base):
    assert facts(text)["api_base"] == base


def test_ollama_com_as_an_api_base_is_still_one():
    assert facts("httpx.ConnectError at https://ollama.com/api/chat")["api_base"] == "https://ollama.com/api/chat"
