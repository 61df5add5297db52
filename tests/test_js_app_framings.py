"""LibreChat's and Continue's framings of a LiteLLM proxy error (diagnosis/jsframings.py, issue #9).

The framed texts are the apps' own output (tests/fixtures/app_framings/js_apps.json, made by
generate_js_apps.mjs with their npm packages) around the real error bodies of a LiteLLM 1.103.0 proxy that
the lab recorded (tests/fixtures/lab/*.json). Each must read as the body pasted bare: the same category and
rule, the same HTTP status, the same model group where the app kept it, and no address that is not the
deployment's taken for its api_base.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose, jsframings
from litellm_doctor.diagnosis.textinput import read_error_text

HERE = Path(__file__).resolve().parent
APPS = json.loads((HERE / "fixtures" / "app_framings" / "js_apps.json").read_text(encoding="utf-8"))["apps"]
CASES = [(scenario, framing) for scenario in sorted(APPS) for framing in sorted(APPS[scenario])]


def _bare(scenario: str):
    body = json.loads((HERE / "fixtures" / "lab" / f"{scenario}.json").read_text(encoding="utf-8"))["body"]
    return diagnose(json.dumps(body))


def _key(report) -> tuple[str, str | None]:
    return report.category, report.diagnosis.rule_id if report.diagnosis else None


@pytest.mark.parametrize("scenario,framing", CASES)
def test_a_framed_error_reads_as_the_bare_body(scenario, framing):
    text = APPS[scenario][framing]
    bare, framed = _bare(scenario), diagnose(text)
    assert _key(framed) == _key(bare)
    assert framed.facts.get("status") == bare.facts.get("status")
    # (LibreChat's CONSOLE_JSON cuts long strings: the group is then no longer in the text.)
    if any(words in text for words in ("Received Model Group=", "Passed model=", "passed in model=")):
        assert framed.facts.get("model_group") == bare.facts.get("model_group")
    # LangChain's troubleshooting page and the proxy's own URL (Continue's `from http://...`) are not an api_base.
    assert framed.facts.get("api_base") == bare.facts.get("api_base")


def test_the_fixture_covers_both_apps_every_way_they_show_an_error():
    framings = {f for _, f in CASES}
    assert framings == {"langchain", "librechat_part", "librechat_console", "librechat_console_json", "librechat_errorlog",
                        "continue_ide", "continue_cli", "continue_cli_retry", "continue_cli_log"}
    assert len(APPS) >= 12


def test_a_403_the_sdk_kept_only_as_its_first_word_is_the_providers_refusal():
    # openai-node drops the body's `"code": "403"`; the status before the message is all that is left of it.
    for framing in ("langchain", "librechat_part", "continue_cli", "librechat_console"):
        report = diagnose(APPS["provider-403"][framing])
        assert _key(report) == ("auth", "LD-AUTH-060") and report.facts["status"] == "403", framing


def test_langchains_troubleshooting_url_is_cut():
    text = APPS["upstream-key-wrong"]["langchain"]
    assert "Troubleshooting URL: https://docs.langchain.com/" in text
    read = read_error_text(text).text
    assert "Troubleshooting" not in read and "langchain.com" not in read
    assert read.startswith('{"error": {"message": "litellm.AuthenticationError: ')


def test_continues_ide_header_gives_the_body():
    text = APPS["upstream-429-retry-after"]["continue_ide"]
    assert text.startswith("HTTP 429 Too Many Requests from http://127.0.0.1:4000/v1/chat/completions\n\n{")
    assert jsframings.peel(text) == text.split("\n\n", 1)[1]
    # A body that is not JSON keeps the status line, without the proxy's address.
    page = "HTTP 502 Bad Gateway from http://litellm:4000/v1/chat/completions\n\n<html><body>502 Bad Gateway</body></html>"
    assert jsframings.peel(page).split("\n")[0] == "HTTP 502 Bad Gateway"


def test_cn_retries_read_once():
    text = APPS["upstream-503"]["continue_cli_retry"]
    assert text.count("Retrying LLM API call") == 3
    peeled = jsframings.peel(text)
    assert peeled.count('{"error": {"message": "litellm.ServiceUnavailableError') == 1
    assert "Retrying" not in peeled and "Last error" not in peeled


def test_cn_log_record_drops_the_stack_under_it():
    text = APPS["upstream-key-wrong"]["continue_cli_log"]
    peeled = jsframings.peel(text)
    assert "    at " not in peeled and "Non-retryable" not in peeled
    assert peeled.startswith('{"error": {"message": "litellm.AuthenticationError: ') and '"code": "401"' in peeled


@pytest.mark.parametrize("text", [
    # not framed: the proxy's body, the SDK's bare exception, an unrelated "Error:" line, an app's own 4xx
    '{"error": {"message": "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached", "code": "429"}}',
    "litellm.exceptions.RateLimitError: litellm.RateLimitError: OpenAIException - Rate limit reached",
    "Error: ENOENT: no such file or directory, open '/app/config.yaml'",
    "Error: 400 status code (no body)",
    "An error occurred while processing your request. Please contact the Admin.",
    "2026-12-05 16:03:56 info: Server listening on all interfaces at port 3080. Use http://localhost:3080 to access it",
])
def test_text_that_is_not_one_of_the_framings_is_left_alone(text):
    assert jsframings.peel(text) is None


def test_an_error_line_that_is_not_an_sdk_message_is_left_as_it_is():
    text = "Error: connect ECONNREFUSED 127.0.0.1:4000\n    at TCPConnectWrapper.afterConnect"
    assert jsframings.peel(text) is None
    assert diagnose(text).category == "deployment"


def test_continues_own_404_hint_is_its_rule():
    # Continue replaced the proxy's 404 body with its hint (core llm/index.ts BaseLLM.fetch): no LiteLLM words left.
    text = json.loads((HERE / "fixtures" / "app_framings" / "js_apps.json").read_text(encoding="utf-8"))["extra"]["continue_ide_404"]
    report = diagnose(text)
    assert _key(report) == ("deployment", "LD-DEPLOY-190") and report.facts["status"] == "404"
    assert "api_base" not in report.facts  # the URL Continue called is the proxy's, not a deployment's
