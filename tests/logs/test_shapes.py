"""Logs of every shape: the lab's real proxy logs re-framed by collectors, and an SDK application's log."""

from __future__ import annotations

import io
import random

import pytest

from litellm_doctor.logs import triage_stream
from litellm_doctor.logs.framing import Unwrapper

from . import shapes
from .conftest import failures_by_category


def _triage(text: str, **kw):
    return triage_stream(io.BytesIO(text.encode("utf-8")), **kw)


@pytest.mark.parametrize("name", [s[0] for s in shapes.PROXY_SHAPES])
def test_each_shape_counts_the_planted_failures_exactly(name, engine):
    text, expected = shapes.shape_log(name)
    report = _triage(text)
    assert failures_by_category(report) == dict(expected)
    assert report.facts.get("log_shape") != "unrecognised"


def test_mixed_log_counts_every_planted_failure_exactly(engine):
    """All the shapes in one file, twice over, with an SDK application's log between them."""
    text, expected = shapes.mixed_log(seed=7, copies=2)
    report = _triage(text)
    assert failures_by_category(report) == dict(expected)
    # No success line is counted: every counted failure is a planted one (exact totals per category),
    # and no group's example is a success line.
    assert not any(" 200 OK" in g.example or "calling litellm.acompletion" in g.example for g in report.groups)


def test_mixed_log_in_small_chunks_gives_the_same_counts(small_chunks):
    text, expected = shapes.mixed_log(seed=11, copies=1)
    small_chunks(777)
    assert failures_by_category(_triage(text)) == dict(expected)


def test_the_issues_three_lines_are_not_a_clean_bill():
    text = (
        "litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=30.0, time taken=30.5 seconds\n"
        "litellm.proxy.proxy_server.chat_completion(): Exception occured - No deployments available for selected model, "
        "Try again in 60 seconds. Passed model=claude-3. pre-call-checks=False, cooldown_list=['abc']\n"
        "03:04:10 - LiteLLM Router:INFO: router.py:1060 - litellm.acompletion(model=openai/gpt-4o) Exception "
        "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for requests\n"
    )
    report = _triage(text)
    kinds = {(g.category, g.kind, g.count) for g in report.groups}
    assert kinds == {("timeout", "log", 1), ("routing", "request", 1), ("quota_rate", "call", 1)}
    cooldown = next(g for g in report.groups if g.category == "routing")
    assert cooldown.model_groups == ("claude-3",)


def test_twenty_thousand_sdk_failures_are_all_counted():
    line = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 2.4s.\n"
    ok = "2026-12-05 04:00:00,000 - app - INFO - calling litellm.acompletion(model=gpt-4o)\n"
    report = _triage((ok * 3 + line) * 20_000)
    assert failures_by_category(report) == {"quota_rate": 20_000}


def test_an_applications_own_errors_are_not_litellm_failures():
    lines, _ = shapes.sdk_app_log(random.Random(1), 10)
    own = [line for line in lines if "litellm" not in line.lower() or "INFO" in line]
    report = _triage("\n".join(own) + "\n")
    assert report.groups == ()
    assert any("no LiteLLM failures" in n for n in report.notes)
    assert report.facts.get("log_shape") != "unrecognised"


def test_a_log_in_an_unknown_shape_says_so():
    text = "".join(f'10.0.0.{i % 250} - - [05/Dec/2026:03:04:{i % 60:02d} +0000] "GET /x HTTP/1.1" 502 12 "-" "curl"\n'
                   .replace('"GET', 'GET') for i in range(200))
    report = _triage(text)
    assert report.facts.get("log_shape") == "unrecognised"
    assert not any("no LiteLLM failures" in n for n in report.notes)
    assert any("does not know" in n and "not a clean bill" in n for n in report.notes)
    from litellm_doctor.formats import get_formatter

    out = get_formatter("text", color=False, width=100).render(report)
    assert "no failures" not in out.split("\n", 1)[0] or "proves nothing" in out
    assert "✓" not in out


def test_one_traceback_is_one_failure():
    text = (
        "2026-12-05 04:00:08,008 - myapp.worker - ERROR - completion failed\n"
        "Traceback (most recent call last):\n"
        '  File "/app/worker.py", line 41, in run\n'
        "    response = await litellm.acompletion(model=model, messages=messages)\n"
        "litellm.exceptions.AuthenticationError: litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-*****9999.\n"
        "Traceback (most recent call last):\n"
        '  File "/app/worker.py", line 41, in run\n'
        "    response = litellm.completion(model=model, messages=messages)\n"
        "litellm.exceptions.Timeout: litellm.Timeout: APITimeoutError - Request timed out.\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/app/worker.py", line 50, in run\n'
        "    raise RuntimeError('gave up') from exc\n"
        "RuntimeError: gave up after litellm.Timeout\n"
    )
    report = _triage(text)
    # Two failures (a logged traceback; a bare chained traceback), not one per line or per exception.
    assert sum(g.count for g in report.groups) == 2
    assert {g.category for g in report.groups} == {"auth", "timeout"}


def test_an_error_without_a_request_is_linked_to_its_5xx_response():
    text = (
        "ERROR:    Exception in ASGI application\n"
        "Traceback (most recent call last):\n"
        '  File "<site-packages>/litellm/proxy/proxy_server.py", line 5000, in chat_completion\n'
        "    raise ValueError('boom')\n"
        "ValueError: boom\n"
        'INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 500 Internal Server Error\n'
    )
    report = _triage(text)
    assert len(report.groups) == 1
    (g,) = report.groups
    assert g.kind == "log" and g.count == 1 and g.statuses == (("500", 1),)


def test_no_prisma_claim_from_a_frame_the_no_key_error_passed_through():
    """LiteLLM 1.103 imports prisma on its no-key path; a DB-less proxy's log must not be told it lacks Prisma."""
    text = (
        "03:57:56 - LiteLLM Proxy:ERROR: auth_exception_handler.py:182 - litellm.proxy.proxy_server.user_api_key_auth(): "
        "Exception occured - No connected db.\n"
        "Traceback (most recent call last):\n"
        '  File "<site-packages>/litellm/proxy/utils.py", line 2873, in __init__\n'
        "    from prisma import Prisma  # type: ignore\n"
        "ModuleNotFoundError: No module named 'prisma'\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "<site-packages>/litellm/proxy/auth/user_api_key_auth.py", line 2090, in _user_api_key_auth_builder\n'
        '    raise Exception("No connected db.")\n'
        "Exception: No connected db.\n"
        'INFO:     127.0.0.1:37700 - "POST /chat/completions HTTP/1.1" 400 Bad Request\n'
    )
    report = _triage(text)
    (g,) = report.groups
    assert g.rule_id == "LD-AUTH-025" and g.statuses == (("400", 1),)
    assert "prisma" not in (report.diagnosis.title if report.diagnosis else "").lower()
    # The same rule still fires when the log does show the missing client on the failure's own line.
    shown = _triage("20:48:54 - LiteLLM Proxy:ERROR: utils.py:2873 - Failed to import Prisma client: No module named 'prisma'\n")
    assert shown.groups[0].rule_id == "LD-DEPLOY-034"


def test_unwrapper_reads_each_collector_framing():
    u = Unwrapper()
    lines = [
        '{"__REALTIME_TIMESTAMP": "1764900000000000", "_PID": "1", "MESSAGE": "litellm.Timeout: x"}',
        '{"log": "litellm.Timeout: x\\n", "stream": "stderr", "time": "2026-12-05T03:00:00.123456789Z"}',
        '{"line": "litellm.Timeout: x", "timestamp": "2026-12-05T03:00:00Z"}',
        '{"body": {"stringValue": "litellm.Timeout: x"}, "timeUnixNano": "1764900000000000000"}',
        '{"message": "litellm.Timeout: x", "timestamp": 1764900000000, "logStreamName": "s"}',
        '{"service": "litellm", "message": "{\\"message\\": \\"m\\", \\"level\\": \\"ERROR\\"}"}',
        '{"message": "m", "level": "ERROR", "timestamp": "2026-12-05T03:00:00"}',
    ]
    out = u.unwrap(("\n".join(lines) + "\n").encode()).decode().splitlines()
    for line in out[:5]:
        assert line.endswith(" litellm.Timeout: x") and line[:4] in ("2025", "2026") and line[10] == "T", line
    assert out[5] == '{"message": "m", "level": "ERROR"}'
    assert out[6] == lines[6]
    assert set(u.seen) >= {"journald-json", "docker-json", "loki", "otel", "shipper-json", "litellm-json"}


def test_framings_are_reported():
    text, _ = shapes.shape_log("loki")
    report = _triage(text)
    assert "loki" in report.facts["log_framing"]


def test_plain_text_passes_the_unwrapper_untouched():
    data = b"INFO:     127.0.0.1:1 - \"POST /chat/completions HTTP/1.1\" 200 OK\n" * 10
    assert Unwrapper().unwrap(data) is data


def test_both_engines_find_the_same_lines():
    """The pure-Python probes are the hyperscan literals regrouped for speed: the same lines are hit."""
    from litellm_doctor.logs.scan import LITERALS, LiteralScanner

    text, _ = shapes.mixed_log(seed=5, copies=1)
    data = text.encode()

    def lines(positions):
        return {data.rfind(b"\n", 0, p) for p in positions}

    by_literal = LiteralScanner(LITERALS).hits(data, len(data))
    assert lines(LiteralScanner().hits(data, len(data))) == lines(by_literal)
