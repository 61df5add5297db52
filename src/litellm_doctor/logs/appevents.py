"""OpenHands' event records in a console log: where the reader finds an LLM failure that is only a status id.

OpenHands (openhands-ai==0.62.0) prints each event of an agent through its console formatter
(diagnosis/apprecords.py describes the record). When the LLM call fails, AgentController stores the reason
in the AgentStateChangedObservation it logs (controller/agent_controller.py:318, 702-709), and for the
failures it knows that reason is a status id, not the exception: `STATUS$ERROR_LLM_AUTHENTICATION`,
`STATUS$ERROR_LLM_OUT_OF_CREDITS`, `CHAT_INTERFACE$AGENT_RATE_LIMITED_STOPPED_MESSAGE`, ... The line
carries no `litellm.` word and no header the reader knows, so it was passed over; an `**ErrorObservation**`
marker has the error on the lines under it.

`event_start` tells whether a line (at a prefilter hit) is such a record, `event_end` where it ends, and
`event_error` the error it carries, or None when it is no LLM failure (an observation of a command that
failed, a state change to RUNNING): the triage counts LLM failures only.
"""

from __future__ import annotations

import re

from ..regexcache import rx
from ..diagnosis import apprecords
from .signature import mentions_litellm

# OpenHands' wordings are apprecords' (written once there, as str patterns), compiled here as bytes patterns.
_MSG_TYPES = apprecords.MSG_TYPES.encode()
_AGENT_CONTROLLER = apprecords.AGENT_CONTROLLER.encode()
_ANSI = rb"(?:\x1b\[[0-9;]*m)*"
# The event type OpenHands' console prints after the time, alone on its line: where an event record starts
# (reader.NEXT).
EVENT_TYPE = _MSG_TYPES + rb"\r?\n"
# The lines that hold an error: the state change to ERROR (with its reason), the older ErrorObservation repr,
# and the marker whose error follows on the next lines. (Looser than apprecords' whole-line patterns, and
# bounded: it only tells where a record is; apprecords.peel reads it.)
EVENT = rx(
    _ANSI + rb"(?:" + _AGENT_CONTROLLER + rb"[^\]\s]{1,100}\] )?"
    rb"(?:" + apprecords.STATE_CHANGED.encode() + rb"[^\n]{0,2000}?agent_state=<AgentState\.ERROR: 'error'>"
    rb"|(?P<repr>" + apprecords.ERROR_REPR.encode() + rb")|(?P<marker>" + apprecords.ERROR_MARKER.encode() + rb"))"
)
# A line that starts an OpenHands record: its timestamped header (`13:57:12 - OBSERVATION`, `13:57:12 -
# openhands:INFO: ...`), coloured or not.
_RECORD_START = rx(_ANSI + rb"\d\d:\d\d:\d\d" + _ANSI + rb" - ")
# Any line of OpenHands' console output the sampler counts as a shape it knows: a record's header (coloured
# or not; an event's `13:57:12 - OBSERVATION`, a logger record's `13:57:12 - openhands:INFO: ...`), an
# AgentController line, a status id on its own.
KNOWN = rx(
    _ANSI + rb"(?:\d\d:\d\d:\d\d" + _ANSI + rb" - |" + _AGENT_CONTROLLER + rb"|(?:STATUS|CHAT_INTERFACE)\$[A-Z_]+" + _ANSI + rb"\s*$)"
)
# A line only OpenHands' console prints (KNOWN without the bare `HH:MM:SS - ` that LiteLLM's own lines share): an
# event header, a record of its `openhands` logger, an AgentController line, a status id. The reader then looks
# for `ErrorObservation` too (scan.APP_LITERALS).
OPENHANDS_LINE = rx(
    _ANSI + rb"(?:\d\d:\d\d:\d\d" + _ANSI + rb" - " + _ANSI + rb"(?:" + _MSG_TYPES + _ANSI + rb"\s*$|openhands[:.])"
    rb"|" + _AGENT_CONTROLLER + rb"|(?:STATUS|CHAT_INTERFACE)\$[A-Z_]+" + _ANSI + rb"\s*$)"
)
# The LLM failures OpenHands reports by id (openhands/core/schema/agent.py, frontend i18n keys it sends).
_LLM_STATUS = rx(r"^(?:STATUS\$ERROR_LLM_\w+|CHAT_INTERFACE\$AGENT_RATE_LIMITED_STOPPED_MESSAGE)\s*$", re.MULTILINE)
_LOGGER_HEADER = rx(r"^\d\d:\d\d:\d\d - [\w.]+:[A-Z]+: \S+ - ")
# An ErrorObservation's text is followed at most this many lines.
_MAX_LINES = 200


# The bytes EVENT can start with (a colour, the AgentController's `[`, `AgentStateChanged...`, `ErrorObservation(`,
# `**ErrorObservation**`): a line that starts with none of them is no event, without a regex call (the reader asks
# this of every LiteLLM record it reads).
EVENT_FIRST = b"\x1b[AE*"


def event_start(buf: bytes, content: int) -> re.Match[bytes] | None:
    """The OpenHands event record that starts at buf[content:], if any."""
    return EVENT.match(buf, content) if EVENT_FIRST.find(buf[content:content + 1]) >= 0 else None


def event_end(buf: bytes, ls: int, limit: int, event: re.Match[bytes], next_record: re.Pattern[bytes]) -> int:
    """Where the event record starting at `ls` ends: after its line, or for the marker after the error
    text under it (up to the next record, or an OpenHands record header)."""
    eol = buf.find(b"\n", ls, limit)
    if eol < 0:
        return limit
    if not event.group("marker"):
        return eol + 1
    pos = eol + 1
    for _ in range(_MAX_LINES):
        if pos >= limit or _RECORD_START.match(buf, pos) or next_record.match(buf, pos - 1):
            return pos
        nxt = buf.find(b"\n", pos, limit)
        if nxt < 0:
            return limit
        pos = nxt + 1
    return pos


def event_error(text: str) -> str | None:
    """The LLM failure an event record carries (its reason or its text), or None when it is not one."""
    # Without colours OpenHands prints the event as a logger record's message (`13:57:12 - openhands:INFO:
    # agent_controller.py:545 - [Agent Controller ...] ...`): the event starts after that header.
    text = _LOGGER_HEADER.sub("", text, count=1)
    error = apprecords.peel(text)
    if error is None:
        return None
    error = error.strip()
    if not error or not (_LLM_STATUS.search(error) or mentions_litellm(error)):
        return None
    return error
