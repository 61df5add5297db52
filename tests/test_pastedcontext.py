"""Context pasted around an error is set aside for the estimate, the rules' vetoes and the report's facts
(diagnosis/pastedcontext.py, issue #9): aider's banner, LiteLLM's debug dumps of the request, config fragments."""

from __future__ import annotations

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import match_rules
from litellm_doctor.diagnosis.pastedcontext import set_aside
from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.diagnosis.textinput import read_error_text

ERROR = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"
BANNER = (
    "Aider v0.86.1\nMain model: openai/gpt-4.1 with diff edit format, infinite output\nWeak model: openai/gpt-4.1-mini\n"
    "Git repo: .git with 1,214 files\nRepo-map: using 4096 tokens, auto refresh\nAdded src/app.py to the chat.\n\n"
    "> please fix the failing login test\n\n"
)
CURL_DUMP = (
    "12:00:01 - LiteLLM:DEBUG: litellm_logging.py:1461 - \n\nPOST Request Sent from LiteLLM:\ncurl -X POST \\\n"
    "https://api.example-llm.net/v1/chat/completions \\\n"
    "-H 'Content-Type: application/json' -H 'Authorization: Bearer sk-********' \\\n"
    "-d '{'model': 'gpt-4.1', 'messages': [{'role': 'user', 'content': 'why is my quota and rate limit\n"
    "so low? the api key timed out'}], 'stream': False}'\n\n\n"
)


def test_aider_banner_and_prompt_are_set_aside_and_the_error_kept():
    assert set_aside(BANNER + ERROR).strip() == ERROR
    # As aider prints it with no blank line before the error (real: d2-aider-openrouter-unbound-local-message).
    short = "Aider v0.43.4\nModel: openrouter/deepseek/deepseek-coder with diff edit format\nRepo-map: using 1024 tokens\n"
    assert set_aside(short + "Unexpected error: boom\n" + ERROR) == "Unexpected error: boom\n" + ERROR


def test_an_error_after_a_prompt_sign_or_a_lone_banner_like_line_is_kept():
    # An error quoted after the banner is the error, not the user's prompt.
    quoted = "Aider v0.86.1\nGit repo: none\n\n> " + ERROR
    assert set_aside(quoted).strip() == "> " + ERROR
    # One announcement-like line without aider's version line is not a banner.
    for text in ("Weak model: gpt-4o-mini\n" + ERROR, "Model: x with diff edit format failed\n" + ERROR):
        assert set_aside(text) is text


def test_litellm_curl_dump_is_set_aside_and_the_response_kept():
    raw = "RAW RESPONSE:\nError code: 401 - {'error': {'message': 'Incorrect API key provided'}}"
    assert set_aside(read_error_text(CURL_DUMP + raw).text).strip() == raw
    assert set_aside(CURL_DUMP + ERROR).strip() == ERROR


def test_request_to_litellm_and_request_received_dumps_are_set_aside():
    call = "Request to litellm:\nlitellm.completion(model='gpt-4.1', messages=[{'role': 'user', 'content': 'quota?'}])\n\n"
    assert set_aside(call + ERROR).strip() == ERROR
    received = "10:00:00 - LiteLLM Proxy:DEBUG: common_request_processing.py:2367 - Request received by LiteLLM:\n" \
               '{"model": "gpt-4.1", "messages": [{"role": "user", "content": "timeout please"}]}\n'
    assert set_aside(received + ERROR) == ERROR


def test_an_error_line_that_mentions_a_dump_header_is_kept():
    for text in (
        "litellm.APIError: failed after POST Request Sent from LiteLLM: connection reset",
        "curl: (7) Failed to connect to localhost port 4000 after 0 ms: Connection refused",
        "Exception: Request to litellm: failed with 500",
    ):
        assert set_aside(text) is text


def test_config_fragments_without_a_top_level_key_are_set_aside():
    assert set_aside("api_key: os.environ/ANTHROPIC_API_KEY\n" + ERROR) == ERROR
    fragment = "litellm_params:\n  model: openai/gpt-4.1\n  timeout: 120\n"
    assert set_aside(fragment + ERROR) == ERROR


def test_litellm_own_extra_information_lines_are_kept():
    # exception_mapping appends `model:` / `api_base:` / `vertex_project:` lines to its messages: the error's.
    text = ("VertexAIException - 503 Reauthentication is needed.\nmodel: vertex_ai/gemini-pro\n"
            "vertex_project: project-id\nvertex_location: us-central1")
    assert set_aside(text) is text
    assert set_aside("APITimeoutError - Request timed out.\n model: azure/x \n api_base: https://a.example/ \n") is not None
    two = "Request timed out.\n model: azure/x \n api_base: https://a.example/ \n"
    assert set_aside(two) is two


def test_the_estimate_does_not_move_with_a_banner_or_a_dump_above():
    bare = diagnose(ERROR)
    for context in (BANNER, CURL_DUMP):
        pasted = diagnose(context + ERROR)
        assert pasted.answer == bare.answer == "estimate"
        assert pasted.category == bare.category


STREAM_END = "litellm.InternalServerError: OpenAIException - the stream ended without a finish_reason"
CONFIG = ("model_list:\n  - model_name: chat\n    litellm_params:\n      model: openai/gpt-4.1\n"
          "      api_key: os.environ/OPENAI_API_KEY\n      timeout: 120\n\n")


def test_vetoes_read_the_error_without_a_pasted_config():
    rules = load_rules()
    hits = {m.rule.id for m in match_rules(CONFIG + STREAM_END, rules)}
    assert "LD-DEPLOY-016" in hits
    assert diagnose(CONFIG + STREAM_END).diagnosis.rule_id == diagnose(STREAM_END).diagnosis.rule_id == "LD-DEPLOY-016"
    # The same words in the error itself still veto it.
    in_error = "litellm.InternalServerError: OpenAIException - Request timed out after the stream ended"
    assert "LD-DEPLOY-016" not in {m.rule.id for m in match_rules(in_error, rules)}


def test_a_none_anywhere_veto_reads_the_pasted_config():
    # LD-AUTH-009 hands a missing key to LD-DEPLOY-006 when an os.environ/ reference is shown, in the config too.
    text = CONFIG + "litellm.AuthenticationError: Missing Anthropic API Key - no key is set"
    hits = {m.rule.id for m in match_rules(text, load_rules())}
    assert "LD-AUTH-009" not in hits and "LD-DEPLOY-006" in hits


def test_a_dump_cut_by_the_paste_does_not_take_the_error_after_it():
    cut = "POST Request Sent from LiteLLM:\ncurl -X POST \\\nhttps://x.example/v1 \\\n-d '{'model': 'm', 'messages': [\n"
    assert set_aside(cut + ERROR) == ERROR
    bedrock = "Request Sent from LiteLLM:\nresponse = client.invoke_model(body={}, modelId=m)\n" + ERROR
    assert set_aside(bedrock) == ERROR
    call = "Request to litellm:\nlitellm.completion(model='m', messages=[{'role': 'user',\n" + ERROR
    assert set_aside(call) == ERROR


def _rule(match: dict):
    from pathlib import Path

    from litellm_doctor.diagnosis.rulebook import parse_rule

    data = {
        "id": "LD-TEST-001", "name": "test-rule", "category": "other", "title": "t", "why": "w",
        "match": match, "steps": ["Set `x: 1`."], "docs": ["https://docs.litellm.ai/"],
        "examples": [{"expect": "match", "text": "boom"}],
    }
    return parse_rule(Path("LD-TEST-001.yaml"), data)


def test_rule_search_reads_vetoes_on_the_error_and_none_anywhere_on_the_whole_paste():
    rule = _rule({"any": ["boom"], "none": ["timeout"], "none_anywhere": ["os\\.environ/"]})
    pasted = "timeout: 120\nboom"
    assert rule.search(pasted) is None  # no error part given: the vetoes read everything, as before
    assert rule.search(pasted, veto_text="boom") == pasted.index("boom")
    assert rule.search("api_key: os.environ/X\nboom", veto_text="boom") is None
    # The cache of the library and `rules show --format json` keep the new list.
    from litellm_doctor.diagnosis.rulebook import _head_json, _rule_from

    assert [p.pattern for p in _rule_from(_head_json(rule, [0, 0]), ".", None, None).none_anywhere] == ["os\\.environ/"]


def test_none_anywhere_must_be_a_list_of_regexes():
    import pytest

    from litellm_doctor.errors import RuleError

    with pytest.raises(RuleError, match="none_anywhere"):
        _rule({"any": ["boom"], "none_anywhere": "os"})


def test_a_received_payload_over_several_lines_is_set_aside_to_its_end():
    payload = '{"model": "m", "messages": [{"role": "user", "content": "line one\\nline two about quota"}]}'
    text = read_error_text("Request received by LiteLLM:\n" + payload + "\n" + ERROR).text
    assert "quota" not in set_aside(text) and ERROR in set_aside(text)
