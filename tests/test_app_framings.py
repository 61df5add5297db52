"""Errors as the app or the log sink in front of LiteLLM delivers them (issue #9): JSON log records
(diagnosis/logrecords.py), OpenHands' multi-line observation records (diagnosis/apprecords.py), crewAI's
progress panels (diagnosis/appcontext.py). The texts are the apps' real output, recorded from their own
code (tests/fixtures/app_framings/records.json and the generators beside it), or wrapped by collectors in
the documented shapes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis import apprecords, logrecords
from litellm_doctor.diagnosis.classify import QUIET_NOTE
from litellm_doctor.diagnosis.pastedcontext import set_aside
from litellm_doctor.diagnosis.textinput import read_error_text

HERE = Path(__file__).resolve().parent
RECORDS = json.loads((HERE / "fixtures" / "app_framings" / "records.json").read_text(encoding="utf-8"))
JSON_LOGS = RECORDS["json_logs"]
OPENHANDS = RECORDS["openhands"]


def _answer(text: str) -> tuple[str, str | None]:
    report = diagnose(text)
    return report.category, report.diagnosis.rule_id if report.diagnosis else None


def _error_record(log: str) -> str:
    return next(line for line in log.splitlines() if '"ERROR"' in line or '"error"' in line)


# -- JSON log records, pasted -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["litellm_json_logs", "pjl_openhands", "pjl_generic", "structlog_str", "structlog_dict"])
def test_a_pasted_error_record_is_read_as_its_words(name):
    record = _error_record(JSON_LOGS[name])
    assert _answer(record) == ("quota_rate", "LD-RATE-005")
    text = read_error_text(record).text
    # The words, unescaped: the record's keys and escapes are gone.
    assert '"level"' not in text and '"levelname"' not in text and "\\n" not in text
    assert 'litellm.RateLimitError: AnthropicException - {"type":"error"' in text


def test_the_whole_log_pasted_reads_the_error_and_drops_the_quiet_records():
    text = read_error_text(JSON_LOGS["litellm_json_logs"]).text
    assert "Proxy initialized" not in text and "200 OK" not in text
    assert text.startswith("litellm.proxy.proxy_server.chat_completion(): Exception occured - litellm.RateLimitError")
    assert _answer(JSON_LOGS["litellm_json_logs"]) == ("quota_rate", "LD-RATE-005")


def test_structlog_dict_tracebacks_reads_the_exception_not_the_frames_locals():
    parts = logrecords.record_parts(json.loads(_error_record(JSON_LOGS["structlog_dict"])))
    assert parts.message == "llm_call_failed" and parts.level == "error"
    assert parts.errors[0].startswith("RateLimitError: litellm.RateLimitError: AnthropicException")
    assert "locals" not in parts.errors[0] and "lineno" not in parts.errors[0]


def test_exc_info_as_array_is_joined():
    record = {"message": "LLM call failed", "levelname": "ERROR",
              "exc_info": ["Traceback (most recent call last):", '  File "app.py", line 3, in <module>',
                           "litellm.exceptions.AuthenticationError: litellm.AuthenticationError: AnthropicException - "
                           '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}']}
    assert _answer(json.dumps(record))[0] == "auth"


@pytest.mark.parametrize("wrap", ["docker", "loki", "gcp", "cloudwatch", "datadog", "pretty", "array"])
def test_a_collectors_framing_around_a_record_is_followed(wrap):
    inner = _error_record(JSON_LOGS["litellm_json_logs"])
    shapes = {
        # docker's json-file driver (one line per record, the line in `log`)
        "docker": {"log": inner + "\n", "stream": "stderr", "time": "2026-01-14T09:12:03.511Z"},
        # `logcli query --output jsonl`
        "loki": {"labels": {"app": "litellm"}, "line": inner, "timestamp": "2026-01-14T09:12:03.511Z"},
        # GCP Cloud Logging's LogEntry with a text payload
        "gcp": {"textPayload": inner, "severity": "ERROR", "timestamp": "2026-01-14T09:12:03.511Z"},
    }
    if wrap in shapes:
        text = json.dumps(shapes[wrap])
    elif wrap == "cloudwatch":
        # `aws logs filter-log-events` (botocore data/logs/2014-03-28/service-2.json FilteredLogEvent), pretty-printed
        text = json.dumps({"events": [{"logStreamName": "litellm/ecs/abc", "timestamp": 1768381923511, "message": inner,
                                       "ingestionTime": 1768381923600, "eventId": "3829"}], "searchedLogStreams": []}, indent=4)
    elif wrap == "datadog":
        # a record with Datadog's standard error attributes (`error.kind`, `error.message`, `error.stack`)
        text = json.dumps({"status": "error", "message": "chat request failed", "service": "llm-app",
                           "error": {"kind": "RateLimitError", "message": json.loads(inner)["message"].split(" - ", 1)[1],
                                     "stack": "Traceback (most recent call last):\n  ..."}})
    elif wrap == "pretty":
        text = json.dumps(json.loads(inner), indent=2)
    else:
        text = json.dumps([json.loads(line) for line in JSON_LOGS["litellm_json_logs"].splitlines()])
    assert _answer(text)[0] == "quota_rate", read_error_text(text).text[:300]


def test_a_record_cut_by_the_paste_is_still_read():
    cut = _error_record(JSON_LOGS["litellm_json_logs"])[:400]
    assert not cut.endswith("}")
    assert _answer(cut)[0] == "quota_rate"


def test_records_mixed_with_text_lines_keep_the_text():
    text = "litellm-1  | " + _error_record(JSON_LOGS["pjl_openhands"]) + "\nlitellm-1  | some other line"
    read = read_error_text(text).text
    assert "some other line" in read and '"levelname"' not in read


# -- no-match: records with no error, and JSON that is not a log record --------------------------------------

@pytest.mark.parametrize("text", [
    '{"message": "litellm.acompletion(model=openai/gpt-4o) 200 OK", "level": "INFO", "timestamp": "2026-01-14T09:12:03.511"}',
    '{"message": "Proxy initialized with Config, Set models:\\n    gpt-4o", "level": "INFO", "timestamp": "2026-01-14T09:12:03.511"}',
    '{"status": 200, "event": "request_finished", "level": "info", "timestamp": "2026-12-05T13:50:26.915191Z"}',
    '{"message": "GET /health/readiness", "levelname": "DEBUG", "name": "uvicorn", "exc_info": null}',
])
def test_a_record_that_holds_no_error_is_not_a_finding(text):
    report = diagnose(text)
    assert report.category == "unknown" and report.diagnosis is None and not report.findings
    assert QUIET_NOTE in report.notes


def test_quiet_records_of_a_real_log_are_no_finding():
    quiet = "\n".join(line for line in JSON_LOGS["litellm_json_logs"].splitlines() if '"INFO"' in line)
    assert diagnose(quiet).category == "unknown"


@pytest.mark.parametrize("text", [
    # the proxy's and providers' error bodies: no level, never a log record (read as they were)
    '{"error": {"message": "Authentication Error, Invalid proxy server token passed.", "type": "auth_error", "param": "None", "code": "401"}}',
    '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    # an upstream's Spring Boot body: a time and a message, an int status
    '{"timestamp":"2024-09-19T06:56:27.494+00:00","status":404,"error":"Not Found","message":"No message available","path":"/v4/completions"}',
])
def test_an_error_body_is_not_taken_for_a_record(text):
    assert not logrecords.is_record(json.loads(text))
    assert logrecords.peel(text) is None


def test_an_info_record_whose_message_is_an_error_is_kept():
    # LiteLLM logs a failed Router call at INFO: its words are the failure.
    text = ('{"message": "litellm.acompletion(model=openai/gpt-4o) Exception litellm.RateLimitError: OpenAIException - '
            'Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, '
            'Requested 2000.", "level": "INFO", "timestamp": "2026-01-14T09:12:03.511"}')
    assert _answer(text)[0] == "quota_rate"


# -- JSON log records, diagnose --log ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["litellm_json_logs", "pjl_openhands", "pjl_generic", "structlog_str", "structlog_dict"])
def test_diagnose_log_finds_the_error_in_a_file_of_records(name, tmp_path):
    from litellm_doctor.logs import triage_log

    log = tmp_path / "app.jsonl"
    log.write_text(JSON_LOGS[name], encoding="utf-8")
    report = triage_log(str(log))
    assert report.category == "quota_rate", report


def test_diagnose_log_on_quiet_records_finds_nothing(tmp_path):
    from litellm_doctor.logs import triage_log

    log = tmp_path / "app.jsonl"
    log.write_text("\n".join(line for line in JSON_LOGS["litellm_json_logs"].splitlines() if '"INFO"' in line)
                   + '\n{"status": 200, "event": "request_finished", "level": "info"}\n', encoding="utf-8")
    report = triage_log(str(log))
    assert report.diagnosis is None and not report.findings


# -- OpenHands' observation records ---------------------------------------------------------------------------

_OH_EXPECTED = {
    "rate": ("quota_rate", "LD-RATE-005"), "provider": ("routing", "LD-ROUTE-009"),
    "auth": ("auth", "LD-AUTH-130"), "svc": ("deployment", "LD-DEPLOY-130"), "ise": ("deployment", "LD-DEPLOY-131"),
    "credits": ("quota_rate", "LD-RATE-130"), "policy": ("other", "LD-REQ-130"), "ratestop": ("quota_rate", "LD-RATE-131"),
}


@pytest.mark.parametrize("key", sorted(OPENHANDS))
def test_openhands_observation_records(key):
    text = OPENHANDS[key]
    assert _answer(text) == _OH_EXPECTED[key.split("/")[0]]
    read = read_error_text(text).text
    # The record's header, the event type, the marker and the repr are gone; the error is on its own line.
    assert "OBSERVATION" not in read and "Observation" not in read and "AgentState" not in read


def test_openhands_reason_is_unescaped():
    read = read_error_text(OPENHANDS["provider/state"]).text
    assert read.startswith("BadRequestError: litellm.BadRequestError: LLM Provider NOT provided.")
    assert "\n Pass model as E.g. For 'Huggingface' inference endpoints" in read


def test_openhands_older_error_observation_repr():
    # The repr earlier releases printed (tests/corpus d2-openhands-deepseek-coder-no-prefix).
    text = "17:34:51 - OBSERVATION\nErrorObservation(content='There was an unexpected error while running the agent', observation='error')"
    assert apprecords.peel(text) == "There was an unexpected error while running the agent"


def test_openhands_records_without_an_error_are_left_alone():
    running = ("[Agent Controller 6c1f] AgentStateChangedObservation(content='', agent_state=<AgentState.RUNNING: "
               "'running'>, reason='', observation=<ObservationType.AGENT_STATE_CHANGED: 'agent_state_changed'>)")
    assert apprecords.peel("10:00:01 - OBSERVATION\n" + running) is None  # nothing would be left
    assert apprecords.peel("litellm.RateLimitError: OpenAIException - Rate limit reached") is None
    # An ErrorObservation that is not an LLM failure (a command's error) is no finding of a rule.
    report = diagnose("10:00:01 - OBSERVATION\n[Agent Controller 6c1f] **ErrorObservation**\nFile not found: /workspace/a.py")
    assert report.diagnosis is None or report.diagnosis.rule_id == "estimate"


# -- crewAI's progress panels ----------------------------------------------------------------------------------

def _panel(body: str, title: str) -> str:
    sys.path.insert(0, str(HERE / "corpus"))
    from variants import _rich_panel  # crewAI's create_panel (console_formatter.py:51): rich Panel, padding (1, 2)

    return _rich_panel(body, title)


_ERR = ('litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error",'
        '"message":"invalid x-api-key"}}')


@pytest.mark.parametrize("title,body", [
    # crewai==1.15.30 events/utils/console_formatter.py:386, 1356, 943, 1619, 1546, 364
    ("🔄 Flow Method Running", "Method: research_flow\nStatus: Running\n"),
    ("🛡️ Guardrail Check", "Guardrail Evaluation Started\nName: no_pii\nStatus: 🔄 Evaluating\nAttempt: 1\n"),
    ("🧠 Reasoning (Attempt #2)", "Reasoning Started\nAttempt: 2\nStatus: Thinking...\n"),
    ("🔌 MCP Connection", "MCP Connection Started\nServer: docs\nTransport: sse\n"),
    ("💬 A2A Turn #2", "Turn 2\nAgent: planner\n"),
    ("⏳ Flow Paused", "Flow Execution Paused\nName: research_flow\n"),
    ("Training Started", "Crew: research\nIterations: 3\n"),
])
def test_crewai_progress_panels_not_in_the_list_are_context(title, body):
    text = read_error_text(_panel(body, title) + "\n\n" + _ERR).text
    assert set_aside(text).strip() == _ERR


@pytest.mark.parametrize("title", ["📋 Task Failure", "⚠️ Tool Failure (#3)", "🛡️ Guardrail Failed", "❌ Flow Method Failed",
                                   "Training Failure", "🔧 Tool Error (#2)"])
def test_crewai_failure_panels_stay(title):
    text = read_error_text(_panel("Task Failed\nName: research_task\nAgent: Researcher\n", title) + "\n" + _ERR).text
    assert title in set_aside(text)


# -- dspy's lm15 errors raised from LiteLLM's ------------------------------------------------------------------

DSPY = RECORDS["dspy"]
_DSPY_EXPECTED = {"auth": "auth", "notfound": "routing", "budget": "quota_rate", "ctx": "other", "conn": "deployment"}


@pytest.mark.parametrize("key", sorted(DSPY))
@pytest.mark.parametrize("cut", ["whole", "final"])
def test_dspy_lm15_errors(key, cut):
    text = DSPY[key] if cut == "whole" else DSPY[key][DSPY[key].index("dspy._vendor.lm15.errors."):]
    report = diagnose(text)
    assert report.category == _DSPY_EXPECTED[key] and report.diagnosis.rule_id != "estimate"
    # dspy's advice under the error is context: the estimate and the vetoes do not read it.
    assert "To fix:" not in set_aside(read_error_text(text).text)


def test_dspy_advice_alone_is_not_set_aside_without_its_bullets():
    text = "litellm.RateLimitError: OpenAIException - Rate limit reached\n  To fix:\nnothing"
    assert "To fix:" in set_aside(read_error_text(text).text)


# -- TypeScript apps on the openai npm SDK (Cline, Continue, LibreChat) -------------------------------------------

_NODE_EXPECTED = {"auth": "auth", "rate": "quota_rate", "nodeploy": "routing", "badmodel": "routing", "budget": "quota_rate",
                  "nobody": "deployment", "connection": "deployment", "timeout": "timeout"}


@pytest.mark.parametrize("key", sorted(RECORDS["openai_node"]))
def test_openai_node_messages(key):
    report = diagnose(RECORDS["openai_node"][key])
    assert report.category == _NODE_EXPECTED[key] and report.diagnosis.rule_id != "estimate"


@pytest.mark.parametrize("status,category", [("401", "auth"), ("403", "auth"), ("429", "quota_rate"), ("500", "deployment"),
                                             ("502", "deployment"), ("503", "deployment"), ("504", "timeout")])
def test_no_body_statuses(status, category):
    assert diagnose(f"Error: {status} status code (no body)").category == category


@pytest.mark.parametrize("status,rule,at_most", [("400", "LD-REQ-846", 0.6), ("404", "LD-DEPLOY-847", 0.5)])
def test_no_body_400_and_404_are_read_at_modest_confidence(status, rule, at_most):
    # (hundred-and-fifty-seventh pass) A bodyless 400 is the request's content and a bodyless 404 most often the URL's
    # path (the corpus's `Error code: 404` texts: 31 deployment, 14 routing): the rules' steps (print the server's
    # reason; call the URL) say more than the estimate's general ones, at a confidence that says how little is shown.
    report = diagnose(f"Error: {status} status code (no body)")
    assert report.diagnosis.rule_id == rule and report.diagnosis.confidence <= at_most


def test_no_body_409_has_no_reading():
    report = diagnose("Error: 409 status code (no body)")
    assert report.diagnosis is None or report.diagnosis.rule_id == "estimate"


def test_a_records_own_field_named_like_a_collectors_is_not_taken_for_its_framing():
    # structlog keeps the caller's key-value pairs: a `line=` or `log=` of the app's own is no docker/Loki framing.
    record = {"event": "llm_call_failed", "level": "error", "line": "chat", "log": "worker-3",
              "exception": "litellm.exceptions.RateLimitError: litellm.RateLimitError: OpenAIException - Rate limit reached"}
    parts = logrecords.record_parts(record)
    assert parts.message == "llm_call_failed" and parts.errors[0].startswith("litellm.exceptions.RateLimitError")
