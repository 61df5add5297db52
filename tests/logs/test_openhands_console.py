"""`diagnose --log` on an OpenHands console log (logs/appevents.py): the LLM failures OpenHands logs as event
records, whose reason may be only a status id (`STATUS$ERROR_LLM_AUTHENTICATION`), are found, counted once
each (OpenHands logs one failure twice: the state change and the ErrorObservation), and diagnosed like the
pasted record; a command's ErrorObservation is not an LLM failure. The log is made by
tests/fixtures/app_framings/generate_openhands_console.py from the records OpenHands' own code printed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from litellm_doctor.logs import triage_log

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "app_framings"
LOG = FIXTURES / "openhands_console.log"
OPENHANDS = json.loads((FIXTURES / "records.json").read_text(encoding="utf-8"))["openhands"]
_EXPECTED = {
    "rate": ("quota_rate", "LD-RATE-005"), "provider": ("routing", "LD-ROUTE-009"),
    "auth": ("auth", "LD-AUTH-130"), "svc": ("deployment", "LD-DEPLOY-130"), "ise": ("deployment", "LD-DEPLOY-131"),
    "credits": ("quota_rate", "LD-RATE-130"), "policy": ("other", "LD-REQ-130"), "ratestop": ("quota_rate", "LD-RATE-131"),
}
_INFO = "\x1b[92m13:57:10 - openhands:INFO\x1b[0m: agent_controller.py:677 - [Agent Controller 6c1f] Setting agent(CodeActAgent) state from AgentState.RUNNING to AgentState.ERROR\n"


def _groups(path) -> list[tuple[str, int, str, str | None]]:
    report = triage_log(str(path))
    return [(g.signature, g.count, g.category, g.rule_id) for g in report.groups]


@pytest.mark.parametrize("colour", [True, False])
def test_a_session_log_finds_each_llm_failure_once(colour, tmp_path):
    text = LOG.read_text(encoding="utf-8")
    if not colour:
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    path = tmp_path / "openhands.log"
    path.write_text(text, encoding="utf-8")
    groups = _groups(path)
    assert sorted((sig.split(":")[0], n, cat, rule) for sig, n, cat, rule in groups) == sorted([
        ("STATUS$ERROR_LLM_AUTHENTICATION", 1, "auth", "LD-AUTH-130"),
        ("STATUS$ERROR_LLM_OUT_OF_CREDITS", 1, "quota_rate", "LD-RATE-130"),
        ("litellm.RateLimitError", 1, "quota_rate", "LD-RATE-005"),
        ("CHAT_INTERFACE$AGENT_RATE_LIMITED_STOPPED_MESSAGE", 1, "quota_rate", "LD-RATE-131"),
    ])
    report = triage_log(str(path))
    assert report.diagnosis.rule_id == "LD-AUTH-130"
    assert "log_shape" not in report.facts  # the sampler knows OpenHands' console lines


@pytest.mark.parametrize("key", sorted(OPENHANDS))
def test_each_event_record_alone(key, tmp_path):
    path = tmp_path / "openhands.log"
    path.write_text(_INFO + OPENHANDS[key] + "\n" + _INFO, encoding="utf-8")
    groups = _groups(path)
    assert [(n, cat, rule) for _, n, cat, rule in groups] == [(1, *_EXPECTED[key.split("/")[0]])]


def test_the_same_failure_again_later_is_counted_again(tmp_path):
    path = tmp_path / "openhands.log"
    filler = "".join(_INFO.replace("13:57:10", f"13:{58 + i // 60:02d}:{i % 60:02d}") for i in range(60))
    path.write_text(_INFO + OPENHANDS["auth/state"] + "\n" + filler + OPENHANDS["auth/state"] + "\n", encoding="utf-8")
    assert [(n, rule) for _, n, _, rule in _groups(path)] == [(2, "LD-AUTH-130")]


def test_events_that_are_no_llm_failure_are_not_counted(tmp_path):
    path = tmp_path / "openhands.log"
    path.write_text(
        _INFO
        + "\x1b[33m13:57:10\x1b[0m - \x1b[33mOBSERVATION\x1b[0m\n\x1b[33m[Agent Controller 6c1f] **ErrorObservation**\n"
          "File not found: /workspace/app.py. Your current working directory is /workspace.\x1b[0m\n"
        + "13:57:11 - OBSERVATION\nErrorObservation(content='Command timed out after 120 seconds', observation='error')\n"
        + "13:57:12 - OBSERVATION\n[Agent Controller 6c1f] AgentStateChangedObservation(content='', agent_state=<AgentState.ERROR: "
          "'error'>, reason='', observation=<ObservationType.AGENT_STATE_CHANGED: 'agent_state_changed'>)\n",
        encoding="utf-8")
    assert _groups(path) == []


def _colour_disabled(record: str) -> str:
    """The same event as OpenHands prints it with DISABLE_COLOR_PRINTING (and in its log file): ColoredFormatter
    falls back to logging.Formatter with the handler's format, so the event is the message of a logger record."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", record).rstrip("\n").split("\n")
    message = "\n".join(lines[2:] if lines[1] == "OBSERVATION" else lines[1:])
    return f"13:57:12 - openhands:INFO: agent_controller.py:545 - {message}\n"


@pytest.mark.parametrize("key", sorted(k for k in OPENHANDS if not k.endswith(".debug")))
def test_each_event_record_with_colours_disabled(key, tmp_path):
    path = tmp_path / "openhands.log"
    plain_info = re.sub(r"\x1b\[[0-9;]*m", "", _INFO)
    path.write_text(plain_info + _colour_disabled(OPENHANDS[key]) + plain_info, encoding="utf-8")
    groups = _groups(path)
    assert [(n, cat, rule) for _, n, cat, rule in groups] == [(1, *_EXPECTED[key.split("/")[0]])]
