"""Ninety-sixth pass: log records the last session left generic (tests/corpus/HOLDOUT_EVAL.md).

- the Router's INFO call lines that say only `Connection error.` stay in the generic call group (no line of the log
  ties a call line to a request), and that group says what the log does show: the failed calls per deployment, and
  the groups of the same error whose records show their cause;
- httpx's reset (`httpcore.ReadError` with no message, the lab's conn-reset deployment under
  DISABLE_AIOHTTP_TRANSPORT=True) has its rule, LD-DEPLOY-441, in a log and pasted;
- LiteLLM 1.110.2 prints its start-up `Set models:` list without colour: the record before it ends there, as it does
  before the coloured print of 1.103/1.108.
"""

from __future__ import annotations

import io

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.logs import triage_log
from litellm_doctor.logs.reader import LogReader

from .conftest import FIXTURES

VERSIONS = [FIXTURES, FIXTURES / "litellm-1.108.14", FIXTURES / "litellm-1.110.2"]
IDS = ["1.103.0", "1.108.14", "1.110.2"]


def _records(data: bytes):
    return list(LogReader(io.BytesIO(data)))


# -- the call lines that show no cause --------------------------------------------------------------------------------

@pytest.mark.parametrize("root", VERSIONS, ids=IDS)
@pytest.mark.parametrize("name", ["proxy-info-faults.log", "proxy-json-info.log"])
def test_call_group_without_a_cause_says_what_the_log_shows(root, name):
    report = triage_log(str(root / name))
    (calls,) = [g for g in report.groups if g.kind == "call"]
    assert calls.rule_id == "LD-DEPLOY-008" and calls.count == 5
    # The lab's `refused` ×2, `dns-fail`, `tls-selfsigned` deployments are all `openai/healthy` with another api_base;
    # `conn-reset`'s is `openai/reset`: what the Router's line names, counted.
    (per,) = [n for n in calls.notes if n.startswith("The call lines say only")]
    assert "`openai/healthy` ×4, `openai/reset` ×1." in per
    # The requests whose records show their cause are pointed at, by id and rule, without tying calls to them.
    ids = {g.rule_id: g.id for g in report.groups}
    (shown,) = [n for n in calls.notes if n.startswith("Records of the same error")]
    assert f"{ids['LD-DEPLOY-010']} (LD-DEPLOY-010), {ids['LD-DEPLOY-011']} (LD-DEPLOY-011)" in shown
    assert "does not tie these calls" in shown
    # The request groups that show a cause say none of it.
    assert not [n for g in report.groups if g.kind == "request" for n in g.notes if "show their cause" in n]


def test_call_group_of_other_words_has_no_such_note():
    """A call group whose lines hold the provider's words (the rate-limit storm rescued by fallbacks) is unchanged."""
    report = triage_log(str(FIXTURES / "proxy-info-fallbacks.log"))
    assert [g for g in report.groups if g.kind == "call"]
    assert not [n for g in report.groups for n in g.notes if "call lines say only" in n or "show their cause" in n]


# -- httpx's reset ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("root", VERSIONS, ids=IDS)
def test_httpx_reset_in_a_log_is_a_dropped_connection(root):
    report = triage_log(str(root / "proxy-restart-httpx.log"))
    (reset,) = [g for g in report.groups if g.rule_id == "LD-DEPLOY-441"]
    assert reset.kind == "request" and reset.count == 1 and reset.model_groups == ("conn-reset",)
    assert reset.category == "deployment"
    # httpx's refused and DNS records, cut by litellm_truncated after connect_tcp, are a group of their own with the
    # connect rule (hundred-and-fourth pass: tests/logs/test_cut_causes.py), still pointing at the groups that show
    # their cause.
    (cut,) = [g for g in report.groups if g.rule_id == "LD-DEPLOY-475"]
    assert cut.count == 3 and not any("ReadError" in n for n in cut.notes)
    (shown,) = [n for n in cut.notes if n.startswith("Records of the same error")]
    assert f"{reset.id} (LD-DEPLOY-441)" in shown and "call line" not in shown
    # aiohttp's wording of the same reset keeps its rule (LD-DEPLOY-013); the ten failures are all counted.
    assert "LD-DEPLOY-013" in {g.rule_id for g in report.groups}
    assert sum(g.count for g in report.groups if g.kind == "request") == 10


TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/app/.venv/lib/python3.11/site-packages/httpcore/_exceptions.py", line 14, in map_exceptions\n'
    "    raise to_exc(exc) from exc\n"
    "httpcore.ReadError\n\n"
    "The above exception was the direct cause of the following exception:\n\n"
    "Traceback (most recent call last):\n"
    '  File "/app/.venv/lib/python3.11/site-packages/openai/_base_client.py", line 1529, in request\n'
    "    raise APIConnectionError(request=request) from err\n"
    "openai.APIConnectionError: Connection error.\n"
)


@pytest.mark.parametrize("text", ["httpx.ReadError", "httpcore.ReadError", "httpx.ReadError: ", TRACEBACK],
                         ids=["httpx", "httpcore", "colon", "traceback"])
def test_pasted_read_error_gets_the_same_rule(text):
    report = diagnose(text)
    assert report.diagnosis is not None and report.diagnosis.rule_id == "LD-DEPLOY-441", text


@pytest.mark.parametrize("text, rule", [
    # with its cause in the message it is that cause's
    ("httpx.ReadError: [Errno 104] Connection reset by peer", "LD-DEPLOY-013"),
    # a stream the proxy relays, cut: a time limit on the stream
    ("  File \"/site-packages/httpcore/_exceptions.py\", line 14, in map_exceptions\n    raise to_exc(exc) from exc\n"
     "httpcore.ReadError\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most "
     "recent call last):\n  File \"/site-packages/litellm/proxy/proxy_server.py\", line 3392, in async_data_generator\n"
     "    async for chunk in response:", "LD-TIME-008"),
])
def test_read_errors_that_are_not_this_shape(text, rule):
    report = diagnose(text)
    assert report.diagnosis is not None and report.diagnosis.rule_id == rule


# -- the uncoloured start-up print ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["proxy-restart-httpx.log", "proxy-info-faults.log"])
def test_uncoloured_set_models_ends_the_record_before_it(name):
    records = list(LogReader(open(FIXTURES / "litellm-1.110.2" / name, "rb")))
    assert records and not [r for r in records if "Set models" in r.text() or "\n    healthy" in r.text()]
    # The start-up warning before it is its own line only.
    warnings = [r for r in records if "trusted_proxy_ranges" in r.message]
    assert warnings and all(r.text().rstrip("\n").count("\n") == 0 for r in warnings)


@pytest.mark.parametrize("colour", ["", "\x1b[32m"], ids=["1.110-plain", "1.103-coloured"])
def test_an_error_record_before_the_print_does_not_carry_the_model_list(colour):
    end = "\x1b[0m" if colour else ""
    log = (
        "12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:1 - Exception occured - litellm.RateLimitError: boom\n"
        f"{colour}LiteLLM: Proxy initialized with Config, Set models:{end}\n{colour}    rate-limited{end}\n"
        f"{colour}LiteLLM: Proxy initialized with Search Tools:{end}\n{colour}    web-search (tavily){end}\n"
        "12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:2 - ok\n"
    ).encode()
    (error, *_rest) = _records(log)
    assert error.text() == "12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:1 - Exception occured - litellm.RateLimitError: boom\n"


def test_the_error_records_own_litellm_lines_stay_on_it():
    """1.110.2 writes `LiteLLM: model group 'x' failed with the error above ...` under a request's error: the record's."""
    log = (
        "12:00:00 - LiteLLM Proxy:ERROR: common_request_processing.py:2164 - litellm.proxy.proxy_server."
        "_handle_llm_api_exception(): Exception occured - litellm_call_id=x - litellm.InternalServerError: boom\n\n"
        "LiteLLM: model group 'conn-reset' failed with the error above. No fallback was attempted.\n"
        "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    g()\nValueError: boom\n"
    ).encode()
    (record,) = _records(log)
    assert "model group 'conn-reset'" in record.text() and "ValueError: boom" in record.text()
