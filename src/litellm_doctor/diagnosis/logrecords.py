"""Read an error out of JSON log records: one record pasted, a few lines of them, or a log of them.

Apps and log sinks deliver an error as one JSON object per line, with the words escaped (`\\n`, `\\"`,
`\\u2019`) and split over fields (issue #9). Each shape below is the exact output of the library that
writes it:

| writer (source)                                              | message key     | error keys                      |
|--------------------------------------------------------------|-----------------|---------------------------------|
| LiteLLM `JSON_LOGS=True` (litellm==1.103.0 _logging.py:577-634) | `message`    | `stacktrace`                    |
| python-json-logger (python-json-logger==4.2.0 core.py:264-272), as OpenHands' `LOG_JSON=1` uses it (openhands-ai==0.62.0 core/logger.py:549) | `message` | `exc_info` (a string, or a list of lines with `exc_info_as_array`), `stack_info` |
| structlog `JSONRenderer` (structlog==26.1.0 processors.py:418 `format_exc_info`; tracebacks.py:258 `dict_tracebacks`) | `event` | `exception` (a string, or a list of `{exc_type, exc_value, frames}`) |
| Datadog's standard attributes                                | `message`       | `error.kind`, `error.message`, `error.stack` |
| other JSON formatters                                        | `msg`, `@message` | `stack_trace`, `exc_text`, `traceback`, `err` |

A collector may wrap such a record (or a plain text line) once more: docker's json-file (`log`), Loki's
`logcli --output jsonl` (`line`), GCP (`textPayload`, `jsonPayload`), Datadog's export (`content`),
OpenTelemetry (`body`), journald (`MESSAGE`), CloudWatch's `FilteredLogEvent` (`message` beside
`logStreamName` / `eventId`; botocore==1.x data/logs/2014-03-28/service-2.json); the text inside is read
again. logs/framing.py does the same per line for `diagnose --log` and keeps the time; `record_parts`
here is what both read a record's words with.

`peel(text)` is the paste path: every line that is such a record becomes its words (the message, then
each error field on its own lines), a pretty-printed record or a JSON list of records too. A record at
INFO/DEBUG with no error field and a message that does not look like an error is context and is dropped
when something else is left; when nothing else is (every record quiet) the text holds no error, and
`diagnose` says so instead of guessing (`Peeled.quiet`). A provider's or the proxy's JSON error body
(`{"error": {...}}`, `{"detail": ...}`) has no level and is never taken for a record.
"""

from __future__ import annotations

from collections import namedtuple

from .. import safejson
from .appcontext import ERRORISH, reports_no_failure
from .pastedconfig import rx

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

# The keys a record's words are under, in the order they are read.
MESSAGE_KEYS = ("message", "msg", "event", "@message", "Message")
ERROR_KEYS = ("stacktrace", "stack_trace", "exc_info", "exception", "exc_text", "traceback", "error", "err",
              "stack_info", "error.message", "error.stack")
_LEVEL_KEYS = ("level", "levelname", "severity", "log.level", "loglevel", "lvl", "status")
_LEVEL_WORDS = frozenset({"trace", "debug", "info", "notice", "warn", "warning", "error", "err", "critical", "crit",
                          "fatal", "alert", "emergency", "exception", "default"})
QUIET_LEVELS = frozenset({"trace", "debug", "info", "notice", "default"})
# Collector framings whose value is a text line (or a record again).
_SHIPPED_KEYS = ("log", "line", "textPayload", "MESSAGE")
_NESTED_KEYS = ("content", "jsonPayload", "attributes")
# A CloudWatch FilteredLogEvent / OutputLogEvent: `message` with these beside it.
_CLOUDWATCH_KEYS = ("logStreamName", "eventId", "ingestionTime")
# Free text that may be (part of) the error: appcontext's test.
_ERRORISH = ERRORISH
# A record cut by the paste (no closing brace): its string fields are read one by one.
_CUT_FIELD = r'"(message|msg|event|level|levelname|severity|stacktrace|exc_info|exception)": ?"((?:[^"\\]|\\.)*)'
# (fifty-sixth pass) A record cut inside its message, the record's first field (`{"message": "litellm.Rate...`): the
# string runs to the line's end, less an escape the cut split (`\\`, `\\u20`).
_CUT_MESSAGE = r'^\{\s*"(message|msg|event|@message)": ?"((?:[^"\\]|\\[^u]|\\u[0-9a-fA-F]{4})*)(?:\\u[0-9a-fA-F]{0,3}|\\)?$'
_MAX_DEPTH = 4
# A list of this many records at most is read from a pasted JSON document (a CloudWatch export, an array).
_MAX_RECORDS = 2000


# A record's words: its level (lower case, "" when it has none), message (str) and error texts (a tuple).
# (collections.namedtuple: typing.NamedTuple compiles each annotation at import, ~1 ms on the paste path.)
Parts = namedtuple("Parts", "level message errors")


def _text(value: Any) -> str:
    """A field's value as text: a string, a list of lines (exc_info_as_array), or structlog's
    dict_tracebacks list (`exc_type: exc_value` of each exception; the frames and their locals are
    not the error)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "exc_type" in v for v in value):
            return "\n".join(f"{v.get('exc_type')}: {v.get('exc_value', '')}" for v in value)
        if all(isinstance(v, str) for v in value):
            return "\n".join(value)
    if isinstance(value, dict) and ("kind" in value or "stack" in value):
        # Datadog's `error: {kind, message, stack}`. (LiteLLM's formatter lifts a provider body's
        # `error: {type, message}` out of the message: a repeat of it, not read.)
        kind, message = value.get("kind"), value.get("message")
        parts = [f"{kind}: {message}" if isinstance(kind, str) and isinstance(message, str) else _text(message),
                 _text(value.get("stack"))]
        return "\n".join(p for p in parts if p)
    return ""


def is_record(obj: Any) -> bool:
    """A JSON log record (has a message and a level, or a collector's framing), not an error body."""
    if not isinstance(obj, dict):
        return False
    if any(isinstance(obj.get(k), str) for k in _SHIPPED_KEYS) or "resourceLogs" in obj:
        return True
    if any(isinstance(obj.get(k), dict) and isinstance(obj[k].get("message"), str) for k in _NESTED_KEYS):
        return True
    body = obj.get("body", obj.get("Body"))
    if isinstance(body, dict) and isinstance(body.get("stringValue"), str):
        return True
    if not any(isinstance(obj.get(k), str) for k in MESSAGE_KEYS):
        return False
    if any(k in obj for k in _CLOUDWATCH_KEYS):
        return True
    return bool(_level(obj))


def _level(obj: dict) -> str:
    for key in _LEVEL_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.strip().lower() in _LEVEL_WORDS:
            return value.strip().lower()
    return ""


def record_parts(obj: dict, depth: int = 0) -> Parts:
    """The words of one record (module docstring), following a collector's framing to the record inside."""
    level = _level(obj)
    message = next((obj[k] for k in MESSAGE_KEYS if isinstance(obj.get(k), str)), None)
    if message is None:
        return _framed(obj, level, depth)
    if message.lstrip().startswith("{") and depth < _MAX_DEPTH:
        # A shipper around a JSON record (CloudWatch's `message`, Datadog's): the record inside.
        inner = _loads(message.strip())
        if is_record(inner):
            parts = record_parts(inner, depth + 1)
            return parts if parts.level else parts._replace(level=level)
    errors = []
    seen = message
    for key in ERROR_KEYS:
        value = obj.get(key)
        if value is None and "." in key:
            head, _, tail = key.partition(".")
            nested = obj.get(head)
            value = nested.get(tail) if isinstance(nested, dict) else None
            if isinstance(value, str) and key == "error.message" and isinstance(nested.get("kind"), str):
                value = f"{nested['kind']}: {value}"
        text = _text(value).strip()
        if text and text not in seen:
            errors.append(text)
            seen += "\n" + text
    return Parts(level, message, tuple(errors))


def _framed(obj: dict, level: str, depth: int) -> Parts:
    """The words of a collector's record with no message key of its own: the line (or record) it carries."""
    for key in _SHIPPED_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and key == "MESSAGE":  # journald: a non-UTF-8 message as a byte list
            value = bytes(v for v in value if isinstance(v, int) and 0 <= v < 256).decode("utf-8", "replace")
        if isinstance(value, str):
            return _inner(value, level, depth)
    for key in _NESTED_KEYS:
        inner = obj.get(key)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str) and depth < _MAX_DEPTH:
            parts = record_parts(inner, depth + 1)
            return parts if parts.level else parts._replace(level=level)
    body = obj.get("body", obj.get("Body"))
    if isinstance(body, dict) and isinstance(body.get("stringValue"), str):
        return _inner(body["stringValue"], level or str(obj.get("severityText", "")).lower(), depth)
    return Parts(level, "", ())


def _inner(value: str, level: str, depth: int) -> Parts:
    stripped = value.strip()
    if stripped.startswith("{") and depth < _MAX_DEPTH:
        inner = _loads(stripped)
        if is_record(inner):
            parts = record_parts(inner, depth + 1)
            return parts if parts.level else parts._replace(level=level)
    return Parts(level, value.rstrip("\n"), ())


def _loads(text: str) -> Any:
    try:
        return safejson.loads(text)
    except ValueError:
        return None


def _cut_record(line: str) -> dict | None:
    """The string fields of a record the paste cut before its end (`{"message": "...", "level": "ERR`)."""
    fields: dict[str, str] = {}
    for m in rx(_CUT_FIELD).finditer(line):
        value = _loads(f'"{m.group(2)}"')
        fields.setdefault(m.group(1), value if isinstance(value, str) else m.group(2))
    if is_record(fields):
        return fields
    if (cut := rx(_CUT_MESSAGE).match(line)) is not None and isinstance(value := _loads(f'"{cut.group(2)}"'), str):
        # nothing after the message: no level to read, but its words are the error's, read as the record's
        return {cut.group(1): value}
    return None


def render(parts: Parts) -> str:
    """A record's words as the rules read them: the message, then each error text on its own lines."""
    return "\n".join(p for p in (parts.message, *parts.errors) if p.strip())


def quiet(parts: Parts) -> bool:
    """A record that says nothing about a failure: INFO/DEBUG, no error field, a message with no error word."""
    return parts.level in QUIET_LEVELS and not parts.errors and not rx(_ERRORISH).search(parts.message)


def calm(parts: Parts) -> bool:
    """A record that reports no failure: `quiet`, or a WARNING with no error field and no error word (LiteLLM's
    warnings say what it did instead: a fallback, a default, a skipped step; estimate.quiet_lines). Unlike a quiet
    record it is read (the rules may know its wording); only the estimate is not made of it."""
    return quiet(parts) or (parts.level in ("warning", "warn") and not parts.errors
                            and reports_no_failure(parts.message, warning=True))


# What `peel` returns: the text; how many records were read; whether every line was a record and none holds
# an error (`quiet`); the first record that is not quiet (`first`: its fields may hold the provider's body);
# whether every line was a record and each is `calm` (at most a warning with no error in it).
Peeled = namedtuple("Peeled", "text records quiet first calm")


def _document(text: str) -> list[dict] | None:
    """The records of a pasted JSON document: one (pretty-printed) record, a list of them, or a
    CloudWatch `filter-log-events` answer (`{"events": [...]}`)."""
    obj = _loads(text)
    if isinstance(obj, dict) and isinstance(obj.get("events"), list):
        obj = obj["events"]
    if isinstance(obj, list):
        records = [o for o in obj[:_MAX_RECORDS] if is_record(o)]
        return records if records and len(records) == len(obj[:_MAX_RECORDS]) else None
    return [obj] if is_record(obj) else None


def peel(text: str) -> Peeled | None:
    """The pasted text with its JSON log records replaced by their words (module docstring), or None
    when it holds no record."""
    if '{"' not in text and "{\n" not in text:
        return None
    stripped = text.strip()
    if stripped.startswith(("{", "[")) and (document := _document(stripped)) is not None:
        return _joined([(record_parts(o), None, o) for o in document], all_records=True)
    lines = text.split("\n")
    out: list[tuple[Parts | None, str | None, dict | None]] = []
    found = False
    for line in lines:
        s = line.strip()
        obj = None
        if s.startswith('{"'):
            obj = _loads(s) if s.endswith("}") else None
            if not is_record(obj):
                obj = _cut_record(s) if obj is None else None
        if obj is not None:
            out.append((record_parts(obj), None, obj))
            found = True
        else:
            out.append((None, line, None))
    if not found:
        return None
    return _joined(out, all_records=all(p is not None or not (line or "").strip() for p, line, _ in out))


def _joined(items: list[tuple[Parts | None, str | None, dict | None]], all_records: bool) -> Peeled:
    records = [p for p, _, _ in items if p is not None]
    loud = [(p, o) for p, _, o in items if p is not None and not quiet(p)]
    other_text = any(line is not None and line.strip() for _, line, _ in items)
    keep_quiet = not loud and not other_text  # nothing else would be left: read them as they are
    out = []
    for parts, line, _ in items:
        if parts is None:
            out.append(line or "")
        elif keep_quiet or not quiet(parts):
            out.append(render(parts))
    text = "\n".join(out).strip("\n")
    return Peeled(text or "\n".join(render(p) for p in records), len(records), all_records and not loud,
                  loud[0][1] if loud else None, all_records and all(calm(p) for p in records))
