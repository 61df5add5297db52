"""Take a LiteLLM error out of the event record an app wrapped it in, over several lines.

OpenHands (openhands-ai==0.62.0) logs every event of an agent through its console formatter
(core/logger.py:130-147 `ColoredFormatter`): an event record is a header line, the event type on the
next line when DEBUG is on, then the event as `str()` prints it, prefixed by AgentController.log
(controller/agent_controller.py:304 `[Agent Controller {id}] `):

    17:34:51 - OBSERVATION                                        (DEBUG off: `{time} - {msg_type}`)
    17:34:51 - openhands:INFO: agent_controller.py:545            (DEBUG on: the logger's header,
    OBSERVATION                                                    then the event type)
    [Agent Controller 6c1f…] AgentStateChangedObservation(content='', agent_state=<AgentState.ERROR: 'error'>,
        reason='RateLimitError: litellm.RateLimitError: AnthropicException - {…}', observation=<ObservationType…>)
    [Agent Controller 6c1f…] **ErrorObservation**
    RateLimitError: litellm.RateLimitError: AnthropicException - {…}

The failure is in the `reason=` of the dataclass repr (agent_controller.py:318 stores
`f'{type(e).__name__}: {str(e)}'`, 702-709 puts it in the observation; events/observation/agent.py:9-14),
a Python string literal whose newlines and quotes are escaped, or under `**ErrorObservation**`
(events/observation/error.py:23). Earlier releases printed `ErrorObservation(content='…',
observation='error')` (the real pastes in tests/corpus). `peel` puts the reason or the content on a line
of its own, unescaped, where the rules anchored at a line start read it, and drops the record's
headers, markers and the repr around it (context: an event type, the agent state).
"""

from __future__ import annotations

import re

from .pastedconfig import rx

# OpenHands' wordings, written once. Plain ASCII pattern strings: this module compiles them as `str` regexes (a
# paste), logs/appevents.py as `bytes` regexes (`.encode()`: a console log).
# The event types its console prints after the time (core/logger.py ColoredFormatter; LOG_COLORS' keys).
MSG_TYPES = r"(?:OBSERVATION|ACTION|USER_ACTION|USER_OBSERVATION|ENVIRONMENT_OBSERVATION|DETAIL|PLAN|ERROR)"
# AgentController.log's prefix before an event (controller/agent_controller.py:304), then the controller's id.
AGENT_CONTROLLER = r"\[Agent Controller "
# The events that carry a failure: the state change's repr (its reason), the older ErrorObservation repr, and the
# marker whose error follows on the next lines (events/observation/agent.py:9-14, events/observation/error.py:23).
STATE_CHANGED = r"AgentStateChangedObservation\(content="
ERROR_REPR = r"ErrorObservation\(content="
ERROR_MARKER = r"\*\*ErrorObservation\*\*"

_STR = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
_PREFIX = r"^(?:" + AGENT_CONTROLLER + r"[^\]\s]+\] )?"
# The AgentStateChangedObservation repr (its fields in declaration order: content, agent_state, reason).
_STATE_CHANGED = (
    _PREFIX + STATE_CHANGED + r"(?:" + _STR + r"), agent_state=(?:<AgentState\.\w+: '\w+'>|'\w+'),"
    r" reason=(?P<reason>" + _STR + r")(?:, observation=[^\n]*)?\)\s*$"
)
_ERROR_REPR = _PREFIX + ERROR_REPR + r"(?P<content>" + _STR + r")(?:, [^\n]*)?\)\s*$"
_ERROR_MARKER = _PREFIX + ERROR_MARKER + r"\s*$"
# `{time} - {msg_type}` (DEBUG off), or the logger's header with no message and the type on the next line.
_TYPE_HEADER = r"^\d\d:\d\d:\d\d - " + MSG_TYPES + r"\s*$"
_LOGGER_HEADER = r"^\d\d:\d\d:\d\d - openhands:[A-Z]+: [\w.]+\.py:\d+\s*$"
_TYPE_LINE = r"^" + MSG_TYPES + r"\s*$"
_QUICK = ("Observation", "OBSERVATION")
_ESCAPE = r"(?s)\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)"
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0"}


def _unquote(literal: str) -> str:
    """The value of a Python string literal as repr() writes it (quotes, `\\n`, `\\'`, `\\xNN`, `\\uNNNN`)."""
    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "xuU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return _SIMPLE.get(esc, "\\" + esc)

    return rx(_ESCAPE).sub(one, literal[1:-1])


def peel(text: str) -> str | None:
    """The text with OpenHands' event records reduced to the error they carry (module docstring), or
    None when it has none (or nothing would be left)."""
    if not any(word in text for word in _QUICK):
        return None
    lines = text.split("\n")
    out: list[str] = []
    did = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if rx(_LOGGER_HEADER).match(line) and i + 1 < len(lines) and rx(_TYPE_LINE).match(lines[i + 1]):
            i += 2
            did = True
            continue
        if rx(_TYPE_HEADER).match(line) or rx(_ERROR_MARKER).match(line):
            i += 1
            did = True
            continue
        m = rx(_STATE_CHANGED).match(line)
        if m:
            reason = _unquote(m.group("reason"))
            if reason.strip():
                out.append(reason)
            i += 1
            did = True
            continue
        m = rx(_ERROR_REPR).match(line)
        if m:
            out.append(_unquote(m.group("content")))
            i += 1
            did = True
            continue
        out.append(line)
        i += 1
    if not did:
        return None
    rest = "\n".join(out)
    return rest if rest.strip() else None
