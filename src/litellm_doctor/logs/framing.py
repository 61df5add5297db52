"""Unwrap the framing a log collector put around each line, so the triage reads LiteLLM's own lines.

Text framings cost nothing here: the reader's line-start pattern (`reader._PREFIX`) already skips a
`docker compose logs` column (`litellm-1  | `), `kubectl logs --prefix` (`[pod/x/litellm] `) and
`kubectl logs --timestamps` (`2025-06-01T10:14:02.123456789Z `); `journalctl -o cat` is the plain
text; the text prefixes that cannot be told by their shape (stern, journalctl's short formats, syslog files,
`aws logs tail`, heroku, fly, ...) are learned from the log (prefixes.py). What needs work is a collector that writes one JSON object per line with the original line in a
field (a whole export that is one JSON document, such as `gcloud logging read --format=json`, is
turned into such lines first: document.py):

| framing             | message field                      | time field                    |
|---------------------|------------------------------------|-------------------------------|
| `journalctl -o json`| `MESSAGE` (a string or byte list)  | `__REALTIME_TIMESTAMP` (µs)   |
| docker json-file, Fluent Bit, Vector | `log`            | `time`, `@timestamp`          |
| Loki (`logcli --output jsonl`) | `line`                  | `timestamp`                   |
| OpenTelemetry (log record or OTLP export) | `body` (`stringValue`) | `timeUnixNano`       |
| GCP                 | `textPayload`, `jsonPayload.message` | `timestamp`                 |
| Azure Container Apps (`az containerapp logs show`, Log Analytics) | `Log`, `Log_s` | `TimeStamp`, `TimeGenerated` |
| Datadog, CloudWatch, others | `message`, `msg`, `@message`, `content.message` | `timestamp`, `date` |

`unwrap(chunk)` is called once per line-aligned chunk. A chunk with no line starting with `{"` is
returned as it is (a memchr for the rare `{`); otherwise each JSON line is replaced by the text it carries, led
by its time in the `kubectl --timestamps` form (`2025-06-01T10:14:02.123000Z `) so that the reader,
the time window and the triage see the same thing whatever the collector. LiteLLM's own JSON lines
(`json_logs: true`: `message` + `level` holding the message itself) are left to the reader, and a
message that is itself a LiteLLM JSON line (a shipper around `json_logs`) becomes that inner line.
Framings are detected per line, so a file that concatenates several collectors' exports works too.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone

from ..regexcache import rx
from .. import safejson

# A message that already starts like a log line (LiteLLM's header, uvicorn, a date): not LiteLLM's
# own JSON record but a shipped text line.
_TEXT_LINE = rx(r"^(?:\x1b\[|\d\d:\d\d:\d\d|\d{4}-\d\d-\d\d|(?:INFO|WARNING|ERROR|DEBUG|CRITICAL):)")
_NATIVE_HEAD = b'{"message": '


def first_json_line(chunk: bytes, start: int = 0, end: int | None = None) -> int:
    """Where the first line of chunk[start:end] that starts with `{"` begins; -1 if none. A memchr for
    the rare `{` (searching for `\\n{"` instead is ~20x slower: `bytes.find` skips on its last byte,
    and `"` is common in a log)."""
    find = chunk.find
    end = len(chunk) if end is None else end
    p = find(b"{", start, end)
    while p >= 0:
        if (p == 0 or chunk[p - 1] == 10) and chunk.startswith(b'{"', p):
            return p
        p = find(b"{", p + 1, end)
    return -1


class Unwrapper:
    """Per-line JSON unwrapping with a tally of the framings seen (for the report)."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.bad_json = 0

    def unwrap(self, chunk: bytes, start: int = 0) -> bytes:
        """chunk with its JSON lines from `start` on replaced by the lines they carry (chunk itself when
        there is none). `{` is rare in text logs and a one-byte find is a memchr: plain text costs ~nothing."""
        out: list[bytes] = []
        pos = start
        p = first_json_line(chunk, start)
        while p >= 0:
            eol = chunk.find(b"\n", p)
            end = eol + 1 if eol >= 0 else len(chunk)
            out.append(chunk[pos:p])
            out.append(self._line(chunk[p:end]))
            pos = end
            p = first_json_line(chunk, end)
        if not out:
            return chunk
        out.append(chunk[pos:])
        return chunk[:start] + b"".join(out) if start else b"".join(out)

    def _line(self, line: bytes) -> bytes:
        if line.startswith(_NATIVE_HEAD) and b'"level": ' in line:
            self.seen["litellm-json"] += 1
            return line  # LiteLLM's json_logs: the reader reads it as it is
        try:
            obj = safejson.loads(line.decode("utf-8", "replace"))
        except ValueError:
            self.bad_json += 1
            return line  # the reader reads what it can of a truncated JSON line
        if not isinstance(obj, dict):
            return line
        found = message_of(obj)
        if found is None:
            self.seen["json-unknown"] += 1
            return line
        name, message = found
        if name == "litellm-json":
            self.seen[name] += 1
            return line
        self.seen[name] += 1
        message = message.rstrip("\n")
        if message.startswith("{") and message.endswith("}"):
            # A shipper around LiteLLM's json_logs: the inner line is LiteLLM's own record.
            return message.replace("\n", "\\n").encode("utf-8", "replace") + b"\n"
        stamp = stamp_of(obj)
        lead = f"{stamp} " if stamp else ""
        return (lead + message + "\n").encode("utf-8", "replace")


def message_of(obj: dict) -> tuple[str, str] | None:
    """(framing name, message text) of a JSON log line, or None when no field holds a message."""
    if "MESSAGE" in obj and ("__REALTIME_TIMESTAMP" in obj or "_SYSTEMD_UNIT" in obj or "_PID" in obj):
        value = obj["MESSAGE"]
        if isinstance(value, list):  # journald writes non-UTF-8 messages as a list of bytes
            value = bytes(v for v in value if isinstance(v, int) and 0 <= v < 256).decode("utf-8", "replace")
        return ("journald-json", value) if isinstance(value, str) else None
    if "resourceLogs" in obj:
        return _otlp(obj)
    for key, name in (("log", "docker-json"), ("line", "loki"), ("textPayload", "gcp"), ("Log", "azure"), ("Log_s", "azure")):
        value = obj.get(key)
        if isinstance(value, str):
            return name, value
    body = obj.get("body", obj.get("Body"))
    if body is not None:
        if isinstance(body, dict):
            body = body.get("stringValue", body.get("string_value"))
        if isinstance(body, str):
            return "otel", body
    for parent in ("content", "jsonPayload", "attributes"):
        inner = obj.get(parent)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return "shipper-json", inner["message"]
    for key in ("message", "msg", "@message", "Message"):
        value = obj.get(key)
        if isinstance(value, str):
            native = key == "message" and ("level" in obj or "levelname" in obj) and not _TEXT_LINE.match(value)
            return ("litellm-json" if native else "shipper-json"), value
    return None


def _otlp(obj: dict) -> tuple[str, str] | None:
    """An OTLP/JSON export line: every log record's body, one per line."""
    lines = []
    try:
        for rl in obj["resourceLogs"]:
            for sl in rl.get("scopeLogs", rl.get("instrumentationLibraryLogs", [])):
                for rec in sl.get("logRecords", []):
                    body = rec.get("body", {})
                    text = body.get("stringValue") if isinstance(body, dict) else body
                    if isinstance(text, str):
                        stamp = stamp_of(rec)
                        lines.append((f"{stamp} " if stamp else "") + text.rstrip("\n"))
    except (AttributeError, TypeError, KeyError):
        return None
    if not lines:
        return None
    # Already stamped per record: the caller adds no stamp of its own (the export line has none).
    return "otel", "\n".join(lines)


_ISO_UTC = rx(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z\Z")
_TIME_KEYS = ("__REALTIME_TIMESTAMP", "timeUnixNano", "observedTimeUnixNano", "timestamp", "time", "@timestamp",
              "date", "ts", "Timestamp", "TimeStamp", "TimeGenerated")


def stamp_of(obj: dict) -> str | None:
    """The event time as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC), or None."""
    for key in _TIME_KEYS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        try:
            if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
                number = float(value)
                # seconds, ms, µs or ns since the epoch, by magnitude
                for scale in (1.0, 1e3, 1e6, 1e9):
                    if number / scale < 1e11:
                        return datetime.fromtimestamp(number / scale, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                return None
            if isinstance(value, str):
                if _ISO_UTC.match(value):
                    return value  # already the form the reader and the window read (most shippers)
                text = value.strip().replace(" ", "T", 1)
                if text.endswith("Z"):
                    text = text[:-1] + "+00:00"
                # Python 3.10 only parses up to microseconds: cut nanoseconds.
                text = re.sub(r"(\.\d{6})\d+", r"\1", text)
                when = datetime.fromisoformat(text)
                if when.tzinfo is not None:
                    when = when.astimezone(timezone.utc).replace(tzinfo=None)
                return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        except (ValueError, OverflowError, OSError):
            continue
    return None


def describe(seen: Counter) -> str:
    """`docker-json ×120, loki ×3` for the report."""
    return ", ".join(f"{name} ×{n}" for name, n in seen.most_common(6))


__all__ = ["Unwrapper", "describe", "message_of", "stamp_of"]
