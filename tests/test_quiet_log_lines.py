"""Log lines at INFO/DEBUG with no error word, pasted alone, report no failure: no estimate is made of them
(`estimate.quiet_lines`), as for JSON records of the same lines (logrecords.quiet). Before, LiteLLM's own
progress lines that no log-noise rule knows were estimated as failures, up to auth at 0.79."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import QUIET_LINES_NOTE

PREFIX = "12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:4183 - "


@pytest.mark.parametrize("text", [
    PREFIX + "Recorded heuristic-v1 tuning baseline for 2 auto-router(s)",  # was: auth at 0.79
    PREFIX + "Web search interception reinitialized from DB",
    PREFIX + "Policy engine: found 3 policies in config",
    "12:00:01 - LiteLLM Router:DEBUG: router.py:1403 - Spend log cleanup scheduled with cron: 0 * * * *\n"
    + PREFIX + "Policy engine: found 3 policies in config",
    "2026-02-03 11:22:33,123 - INFO - Policy engine: found 3 policies in config",
    # a WARNING with no error word (forty-eighth pass; the forty-fifth left it to the estimate: other 0.74)
    "12:00:01 - LiteLLM Proxy:WARNING: proxy_server.py:4183 - Spend log cleanup scheduled",
])
def test_progress_lines_get_no_estimate(text):
    report = diagnose(text)
    assert (report.answer, report.category) == ("unknown", "unknown")
    assert QUIET_LINES_NOTE in report.notes


@pytest.mark.parametrize("text", [
    PREFIX + "Failed to setup key rotation job: 'NoneType' object has no attribute 'db'",  # an error word
    PREFIX + "1 healthy and 3 unhealthy endpoints",  # a count of failures
    "12:00:01 - LiteLLM Proxy:DEBUG: utils.py:100 - upstream answered 429 to the caller",  # a status
    PREFIX + "Policy engine: found 3 policies in config\nlitellm.RateLimitError: RateLimitError: "
    "OpenAIException - Rate limit reached for gpt-4o",  # a line that is not a log line
])
def test_lines_that_show_a_failure_are_still_read(text):
    report = diagnose(text)
    assert QUIET_LINES_NOTE not in report.notes
    assert report.answer in ("rule", "estimate")


def test_a_progress_line_a_rule_knows_keeps_the_rule_s_answer():
    report = diagnose(PREFIX + "Initialized shared health check manager")
    assert report.answer == "rule" and report.diagnosis.rule_id == "LD-REQ-345"
