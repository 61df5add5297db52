"""The LiteLLM admin UI's framings of a proxy error (diagnosis/uiframings.py, issue #9, twenty-seventh pass).

The UI's words are copied verbatim from its bundles (litellm/proxy/_experimental/out/_next/static/chunks/ in
the wheel; chunk file and version cited at each); the bodies are the lab's real LiteLLM 1.103.0 answers
(tests/fixtures/lab/*.json). A framed body must read as the body pasted bare.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose, uiframings
from litellm_doctor.diagnosis.textinput import read_error_text

LAB = Path(__file__).resolve().parent / "fixtures" / "lab"


def _body(scenario: str) -> str:
    # As the proxy sends it (Starlette's JSONResponse: compact).
    return json.dumps(json.loads((LAB / f"{scenario}.json").read_text(encoding="utf-8"))["body"], separators=(",", ":"))


def _key(report):
    return report.category, report.diagnosis.rule_id if report.diagnosis else None, report.facts.get("status")


def _message(scenario: str) -> str:
    return json.loads(_body(scenario))["error"]["message"]


# 1.74.9 app/page-*.js `message.error("Error creating the key: ".concat(e))`; 1.80.0 app/page-*.js
# `NotificationsManager.fromBackend("Error creating the key: " + e)`: the body as the proxy sent it.
def test_notification_with_the_body_reads_as_the_body():
    body = _body("wrong-master-key-no-db")
    assert uiframings.peel(f"Error creating the key: Error: {body}") == body
    assert _key(diagnose(f"Error creating the key: Error: {body}")) == _key(diagnose(body))


# 1.103.0 2p1uu5emx8nf4.js `toast.fromError(`Error creating the key: ${e}`)`, 28fzwmvhc4sv1.js fromError: the
# title from the body's type/code, the body replaced by its message.
@pytest.mark.parametrize("scenario,title", [("provider-403", "Access Denied"), ("upstream-429-retry-after", "Rate Limit Exceeded"),
                                            ("cooldown-401-in-cooldown", "Rate Limit Exceeded"),
                                            ("model-not-in-model-list", "Request Error")])
def test_toast_reads_as_the_body(scenario, title):
    text = f"{title}\nFailed to update router settings: Error: {_message(scenario)}"
    bare, framed = diagnose(_body(scenario)), diagnose(text)
    assert _key(framed)[:2] == _key(bare)[:2]
    if title != "Request Error":  # (a title that more than one status gives restores none)
        assert framed.facts.get("status") == bare.facts.get("status")
    assert "Failed to update router settings" not in read_error_text(text).text


def test_a_403_only_the_toasts_title_kept_is_the_providers_refusal():
    # The body's `"code": "403"` is gone; "Access Denied" (1.103.0 toast.fromError's title for 403) is its trace.
    report = diagnose(f"Access Denied\n{_message('provider-403')}")
    assert _key(report) == ("auth", "LD-AUTH-060", "403")


# 28fzwmvhc4sv1.js keyCreateCall: `console.error("Error response from the server:", e)`, then
# `console.error("Failed to create key:", e)`; the browser adds the stack in the UI's chunks.
def test_browser_console_lines_and_stack():
    body = _body("upstream-key-wrong")
    text = (f"Error response from the server: {body}\nFailed to create key: Error: {body}\n"
            "    at X (http://localhost:4000/ui/_next/static/chunks/28fzwmvhc4sv1.js:1:305391)\n"
            "    at async onSubmit (http://localhost:4000/ui/_next/static/chunks/2p1uu5emx8nf4.js:1:61203)")
    assert uiframings.peel(text) == body
    framed, bare = diagnose(text), diagnose(body)
    assert _key(framed) == _key(bare) and framed.facts.get("api_base") == bare.facts.get("api_base")


# The playground (1.74.9 to 1.103.0: `"Error fetching response:" + e`) and the model test (1.103.0
# 0ao344k1l0l2h.js: `Error occurred while generating model response. Please try again. Error: ${e}`), e from
# openai-node: `Error: ${status} ${message}`.
@pytest.mark.parametrize("words", ["Error fetching response:", "Error occurred while generating model response. Please try again. Error: "])
def test_playground_line_gives_the_status_back(words):
    text = f"{words}Error: 403 {_message('provider-403')}"
    assert _key(diagnose(text)) == _key(diagnose(_body("provider-403"))) == ("auth", "LD-AUTH-060", "403")


def test_text_without_the_uis_words_is_left_alone():
    for text in ("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached",
                 "Error: 401 Incorrect API key provided",
                 "Error while processing: something else",
                 "Not Found"):
        assert uiframings.peel(text) is None


def test_the_uis_own_texts_name_their_cause():
    # 1.103.0 2p1uu5emx8nf4.js (the key form's own text for a team member refused /key/generate)
    team = ("Access Denied\nTeam member does not have permission to generate key for this team. Ask your proxy admin "
            "to configure the team member permission settings.")
    assert _key(diagnose(team)) == ("auth", "LD-AUTH-270", None)
    # 1.74.9 338-*.js / 1.103.0 28fzwmvhc4sv1.js handleError on "Authentication Error - Expired Key"
    assert _key(diagnose("UI Session Expired. Logging out."))[:2] == ("auth", "LD-AUTH-271")
    # the browser's fetch failure after the UI's words (1.103.0 `Error fetching models: ${e}`)
    for text in ("Error fetching models: TypeError: Failed to fetch",
                 "Error\nError creating the key: TypeError: NetworkError when attempting to fetch resource."):
        assert _key(diagnose(text))[:2] == ("deployment", "LD-DEPLOY-270")


def test_titles_that_name_one_status_give_it_back_and_only_those():
    # 1.103.0 28fzwmvhc4sv1.js toast.fromError: 401 -> "Authentication Error", but `expired_key` (sent with 400)
    # too; "Request Error" is 400 and every 4xx the UI does not name (408 among them): no status from it.
    assert diagnose("Authentication Error\nSAML authentication failed: invalid signature").facts.get("status") == "401"
    expired = diagnose("Authentication Error\nError fetching models: Error: Authentication Error - Expired Key. Key Expiry "
                       "time 2026-01-01 00:00:00+00:00 and current time 2026-01-06 12:00:00+00:00")
    assert _key(expired)[:2] == ("auth", "LD-AUTH-023") and expired.facts.get("status") is None
    assert diagnose("Request Error\nFile sanitization timeout").facts.get("status") is None


def test_an_api_call_answered_by_a_web_page():
    # 1.108.14 1qwuvuk5ov_di.js / 1.110.2 0zxmoi_1698y2.js: `Expected JSON from ${path} but the server returned ${type}`;
    # before them, the browser's JSON.parse error after the UI's words.
    for text in ("Error\nExpected JSON from /key/list but the server returned text/html; charset=utf-8",
                 "Error fetching models: SyntaxError: Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"):
        assert _key(diagnose(text))[:2] == ("deployment", "LD-DEPLOY-271")
