"""A config.yaml pasted beside the error is set aside for the estimate (diagnosis/pastedconfig.py, issue #9)."""

from __future__ import annotations

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.pastedcontext import set_aside

ERROR = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"
CONFIG = (
    "model_list:\n  - model_name: team-a-chat\n    litellm_params:\n      model: openai/gpt-4.1\n"
    "      api_key: os.environ/OPENAI_API_KEY\n      timeout: 120\n\n"
    "# routing\nrouter_settings:\n  num_retries: 2\n"
)


def test_the_config_block_and_its_header_are_set_aside_and_the_error_kept():
    text = "config.yaml:\n" + CONFIG + "\nerror:\n" + ERROR
    assert set_aside(text) == "error:\n" + ERROR
    fenced = "Here is my config:\n```yaml\n" + CONFIG + "```\nAnd the error:\n" + ERROR
    assert set_aside(fenced) == "And the error:\n" + ERROR
    after = ERROR + "\n\nmy config:\n" + CONFIG
    assert set_aside(after) == ERROR + "\n"


def test_a_model_list_entry_pasted_alone_is_set_aside():
    entry = "  - model_name: chat\n    litellm_params:\n      model: openai/gpt-4.1\n      timeout: 120\n"
    assert set_aside(entry + ERROR) == ERROR
    assert set_aside("- model_name: chat\n  litellm_params:\n    model: openai/gpt-4.1\n\n" + ERROR) == ERROR


def test_a_traceback_after_the_config_is_kept():
    trace = 'Traceback (most recent call last):\n  File "/app/x.py", line 3, in <module>\n' + ERROR
    assert set_aside(CONFIG + trace) == trace


def test_text_without_a_config_is_returned_as_it_is():
    for text in (ERROR, "litellm_params={'model': 'x'}\n" + ERROR, "  model_list: [a]\n" + ERROR):
        assert set_aside(text) is text


def test_a_config_alone_is_left_whole():
    assert set_aside(CONFIG) is CONFIG


def test_the_estimate_of_an_unruled_error_does_not_move_when_a_config_is_pasted_above():
    bare = diagnose(ERROR)
    pasted = diagnose("config.yaml:\n" + CONFIG + "\nerror:\n" + ERROR)
    assert bare.answer == pasted.answer == "estimate"
    assert (pasted.category, pasted.diagnosis.confidence) == (bare.category, bare.diagnosis.confidence)


def test_rules_still_read_the_config():
    # An os.environ/ reference next to a key that never reached the provider is the rules' evidence.
    report = diagnose(CONFIG + "\nlitellm.AuthenticationError: Missing Anthropic API Key - no key is set")
    assert report.answer == "rule" and report.category == "deployment"


def test_the_report_facts_are_the_errors_own_and_the_config_fills_the_rest():
    config = "model_list:\n  - model_name: chat\n    litellm_params:\n      model: openai/gpt-4.1\n      api_key: os.environ/OPENAI_API_KEY\n"
    error = "litellm.InternalServerError: AnthropicException - Overloaded. Handle with `litellm.InternalServerError`."
    facts = diagnose(config + error).facts
    assert facts["provider"] == "anthropic"  # the config's `openai/` prefix named it before
    assert facts["env_var"] == "OPENAI_API_KEY"  # only the config shows it
    assert diagnose(config + error).category == diagnose(error).category


def test_an_indented_error_pasted_under_a_config_is_no_whole_config():
    # (review, session 17) Issues paste errors indented (a quote, a list, a Claude Code `⎿`); pasted under a config
    # the indented lines continued its last block and the paste was refused as "a LiteLLM config.yaml, not an
    # error text" (10 corpus texts with the config above, every text in a 2-space-indented paste).
    from litellm_doctor.diagnosis.pastedconfig import is_whole_config

    for error in (
        '      litellm.BadRequestError: Vertex_aiException BadRequestError - {"error": {"code": 403}}',
        "  Value error, Prisma Client Python expected Prisma version: 34ace0eb but got: 1c57fdcd",
        '  ⎿  API Error: 403 {"error":{"message":"The requested model is not available for this API key"}}',
        '      "error": "litellm.APIConnectionError: Your default credentials were not found."',
    ):
        assert not is_whole_config(CONFIG + error), error
        assert not is_whole_config("  - model_name: chat\n    litellm_params:\n      model: x\n  " + error.strip())
    # a config alone still is one, block scalars and multi-line flow values included
    assert is_whole_config(CONFIG)
    assert is_whole_config(CONFIG + "general_settings:\n  banner: |\n    Any text: here, even (this)\n"
                           "litellm_settings:\n  fallbacks: [{\"a\": [\"b\"]},\n    {\"c\": [\"d\"]}]\n")


def test_a_one_line_key_value_error_pasted_indented_under_a_config_is_no_whole_config():
    # (ninety-eighth pass) 52 corpus texts shaped `key: value` (an exception's dotted name, a JSON path, a tool's name,
    # an SSE `data:` line) pasted indented under a config passed for one of its lines: refused as "a config" with exit 2.
    from litellm_doctor.diagnosis.pastedconfig import is_whole_config

    for error in (
        "litellm.Timeout: Connection timed out after 1 seconds.",
        "tools.0.custom.input_schema.type: Field required",
        "messages: text content blocks must contain non-whitespace text",
        "OpenAI: Rate limit reached",
        "google.api_core.exceptions.ServiceUnavailable: 503 The model is overloaded. Please try again later.",
        "libcudart.so: cannot open shared object file",
        'data: {"error": {"message": "litellm.Timeout: Stream exceeded max streaming duration of 300s", "code": 408}}',
        "'innererror': {'code': 'ResponsibleAIPolicyViolation'}",
    ):
        assert not is_whole_config(CONFIG + "  " + error), error
        assert not is_whole_config("- model_name: chat\n  litellm_params:\n    model: x\n  " + error), error
    # No-match: a config's values are one token, a quoted string, a flow value or a block scalar, and may be
    # followed by a comment of any length; JSON in a comment is a comment.
    for config in (
        CONFIG + "  routing_strategy: simple-shuffle  # the default: any free deployment, picked at random\n",
        CONFIG + '  model_group_alias: {"gpt-4": "team-a-chat"}\n',
        CONFIG + 'general_settings:\n  banner: "Rate limit reached for the team, ask an admin"\n',
        CONFIG + "general_settings:\n  banner: >\n    Rate limit reached: ask an admin\n",
        CONFIG + '# {"error": {"message": "what the proxy answered before this change"}}\n',
        CONFIG + "litellm_settings:\n  callbacks: [langfuse]\n  success_callback:\n    - prometheus\n",
    ):
        assert is_whole_config(config), config
