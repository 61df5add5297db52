"""The framings apps and logs put before an error body, shared by the tests of bodies inside other text
(test_midtext_bodies: JSON bodies; test_repr_bodies: the SDK's Python repr; HOLDOUT_EVAL.md thirty-fourth and
thirty-sixth passes), and what a diagnosis says of a text, to compare a framed body with the bare one."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose

LINES = ("2025-06-01 10:22:31,002 INFO app.agent step 3/10: calling the model gpt-4o with 12 messages and 4 tools "
         "through the proxy at http://litellm:4000\n"
         "2025-06-01 10:22:32,114 INFO app.agent waiting for the answer of the model group gpt-4o (stream=False)\n")

FRAMED = [
    pytest.param("ERROR 2025-06-01 10:22:33,456 chat.client request failed: {}", id="log-line"),
    pytest.param("2025-06-01 10:22:33.456 | ERROR    | app.llm:complete:88 - LLM request failed: {}", id="loguru"),
    pytest.param("2025-06-01 10:22:34 ERROR Request failed, response body:\n{}", id="line-above"),
    pytest.param(LINES + "2025-06-01 10:22:34,001 ERROR app.agent request failed: {}", id="past-200-chars"),
    pytest.param('DEBUG request payload: {{"model": "gpt-4o", "stream": false}}\nERROR request failed: {}', id="payload-first"),
    pytest.param("Sorry, something went wrong: {}\nPlease try again later.", id="app-words-around"),
]


def facts(text: str):
    report = diagnose(text)
    return report.category, report.diagnosis.rule_id if report.diagnosis else None, report.facts.get("status"), report.facts.get("error_type")
