"""ERRORISH, the test that a line or a log record's message may be (part of) an error, reads a status only where one
is (issue #9, HOLDOUT_EVAL.md forty-fourth pass): an integer 4xx/5xx, not a measurement (`rss_mb=412.7`, `took 404.2
ms`, a log time's milliseconds `15:11:27,404`). Untouched, LiteLLM's health-check records (`... rss_mb=412.7`) pasted as
JSON log records were read as errors, unlike the other quiet records."""

from __future__ import annotations

import json
import re

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.appcontext import ERRORISH
from litellm_doctor.diagnosis.classify import QUIET_NOTE

_ERRORISH = re.compile(ERRORISH)

NOT_A_STATUS = (
    "background_health_check_loop_started interval_seconds=300 thread_count=14 rss_mb=412.7",
    "background_health_check_cycle_complete healthy_count=4 unhealthy_count=0 duration_ms=812.44 rss_mb=415.9",
    "rss_mb=412",
    "cache lookup took 404.2 ms",
    "cache lookup took 404 ms",
    "2025-04-21 15:11:27,404 - LiteLLM Proxy - INFO - started",
    "heap 512MB, 450 tokens, 99.500 percent, v1.404",
    "loaded 429 tokens",
)
A_STATUS = (
    "upstream answered status=404",
    "status_code=429 for key sk-...",
    "code=500",
    'INFO:     172.18.0.1:53244 - "POST /v1/chat/completions HTTP/1.1" 502 Bad Gateway',
    '"status": 429',
    "<Response [503]>",
    "upstream returned 503",
    "answered 404.",
)


@pytest.mark.parametrize("line", NOT_A_STATUS)
def test_a_measurement_is_not_a_status(line):
    assert not _ERRORISH.search(line)


@pytest.mark.parametrize("line", A_STATUS)
def test_a_status_is_still_read(line):
    assert _ERRORISH.search(line)


def _record(message, level="INFO"):
    return json.dumps({"message": message, "level": level, "timestamp": "2026-12-06T02:00:00", "logger": "LiteLLM Proxy"})


@pytest.mark.parametrize("message", NOT_A_STATUS[:2])
def test_a_health_check_record_is_quiet_like_the_others(message):
    # Untouched: not quiet (the rss_mb number read as a 4xx), answered by LD-REQ-345.
    report = diagnose(_record(message))
    assert report.category == "unknown" and QUIET_NOTE in report.notes


def test_a_record_that_states_a_status_is_not_quiet():
    report = diagnose(_record("upstream answered status=503 for model gpt-4o"))
    assert QUIET_NOTE not in report.notes


@pytest.mark.parametrize("message", [
    "background_health_check_cycle_complete healthy_count=2 unhealthy_count=2 duration_ms=812.44 rss_mb=415.9",
    "Cached health check results for 1 healthy and 3 unhealthy endpoints",
])
def test_a_health_check_that_counts_unhealthy_deployments_is_not_quiet(message):
    # Untouched: the first was not quiet only because of its rss_mb number, the second was quiet.
    assert _ERRORISH.search(message)
    assert QUIET_NOTE not in diagnose(_record(message, "DEBUG")).notes


@pytest.mark.parametrize("message", ["healthy_count=4 unhealthy_count=0", "Cached health check results for 4 healthy and 0 unhealthy endpoints"])
def test_no_unhealthy_deployment_is_not_an_error(message):
    assert not _ERRORISH.search(message)
