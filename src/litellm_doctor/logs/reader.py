"""Stream a LiteLLM proxy log as records, looking only where a failure could be.

A *record* is one log event: a header line and its continuation lines (a multi-line message, a
traceback). Headers the reader knows:

- LiteLLM's own `HH:MM:SS - {LiteLLM|LiteLLM Router|LiteLLM Proxy}:{LEVEL}: {file}:{line} - {msg}`
  (an optional date before the time is accepted);
- uvicorn's `INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 401 Unauthorized` and
  `ERROR:    Exception in ASGI application`;
- one JSON object per line (`json_logs: true` / `JSON_LOGS=True`), with `message`, `level`,
  `timestamp`, `stacktrace`;
- a line starting with an ANSI colour code (LiteLLM's banner and coloured prints: never a failure);
- a `Traceback (most recent call last):` outside any record (a crash at start-up) is a record too.

Memory is bounded by design, whatever the input: the file is read in chunks of `CHUNK` bytes; a line
longer than `MAX_LINE` is cut while it streams (its head is kept, the rest skipped up to the next
newline, never buffered); a record keeps at most `MAX_RECORD` bytes. Only the prefilter's hits
(`scan.py`) are looked at, so a success line costs nothing in Python.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .. import safejson
from ..errors import InputError
from .scan import make_scanner

CHUNK = 4 * 1024 * 1024
MAX_LINE = 256 * 1024  # a longer line is cut while streaming
LINE_KEEP = 16 * 1024  # how much of a cut line is kept
MAX_RECORD = 64 * 1024  # bytes of one record kept for classification
MAX_BACK = 256 * 1024  # how far back a continuation line looks for its record's header

_TIME = rb"(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d+)?"
# What log collectors put before each line: `docker compose logs` (`litellm-1  | `), a pod and container
# column, `kubectl logs --timestamps` (`2025-06-01T10:14:02.123456789Z `), or both.
_PREFIX = rb"(?:[\w.\-]{1,80}(?: [\w.\-]{1,80})? *\| ?)?(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z? )?"
PREFIX = re.compile(_PREFIX)
_LEVELS = rb"(?:INFO|WARNING|ERROR|DEBUG|CRITICAL|TRACE)"
# A record header at a line start (the named groups tell which kind).
HEADER = re.compile(
    rb"(?P<prefix>" + _PREFIX + rb")(?P<ansi>\x1b\[)?(?:(?P<time>" + _TIME + rb") - (?P<component>[^:\n]{1,60}):(?P<level>[A-Z]+): (?P<where>\S{1,200}) - "
    rb"|(?P<uvlevel>" + _LEVELS + rb"):[ ]+(?=\S)|(?P<json>\{\"))"
)
# The start of the next record: a newline followed by any header.
NEXT = re.compile(
    rb"\n(?=" + _PREFIX + rb"(?:\x1b\[|" + _TIME + rb" - [^:\n]{1,60}:[A-Z]+: |" + _LEVELS + rb":[ ]+\S|\{\"))"
)
TRACEBACK = b"Traceback (most recent call last)"
_ACCESS = re.compile(
    r'(?P<client>\S+) - "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})\b'
)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\\u001b\[[0-9;?]*[A-Za-z]")
_JSON_FIELD = {
    name: re.compile(rf'"{name}": "((?:[^"\\]|\\.)*)') for name in ("message", "level", "timestamp", "component", "logger")
}


@dataclass(slots=True)
class Record:
    """One log event. `message` is its first line (decoded, colours removed); `body` decodes the rest."""

    kind: str  # text | uvicorn | json | traceback | print
    level: str
    message: str
    time: str | None = None
    component: str = ""
    raw: bytes = b""  # the whole record (capped), decoded lazily by `text()`
    fields: dict | None = None  # a JSON record's fields
    access: re.Match[str] | None = None  # an access line's client/method/path/status
    offset: int = 0

    def text(self) -> str:
        """The whole record as text (message, continuation lines, stack trace), colours removed."""
        if self.kind == "json":
            parts = [self.message]
            for key in ("stacktrace", "exc_info", "error"):
                value = (self.fields or {}).get(key)
                if isinstance(value, str) and value and value not in self.message:
                    parts.append(value)
            return "\n".join(parts)
        return strip_ansi(decode(self.raw))


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Mixed encodings: a Latin-1 (or cp1252) line in a UTF-8 log still reads as text.
        return data.decode("latin-1")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text) if ("\x1b" in text or "\\u001b" in text) else text


@dataclass
class ReadStats:
    bytes_read: int = 0
    records_seen: int = 0
    long_lines: int = 0
    non_utf8_records: int = 0
    bad_json: int = 0
    binary_chunks: int = 0
    cut_records: int = 0
    engine: str = ""


class LogReader:
    """`for record in LogReader(stream):` yields the records worth a look, in file order."""

    def __init__(
        self,
        stream: BinaryIO,
        *,
        on_progress: Callable[[int], None] | None = None,
        engine: str | None = None,
        chunk_size: int = CHUNK,
        max_line: int = MAX_LINE,
    ) -> None:
        self.stream = stream
        self.on_progress = on_progress
        self.scanner = make_scanner(engine)
        self.chunk_size = chunk_size
        self.max_line = max_line
        self.stats = ReadStats(engine=self.scanner.name)
        self._offset = 0  # file offset of the current piece's first byte

    # -- chunking ------------------------------------------------------------------------------------
    def _pieces(self) -> Iterator[tuple[bytes, int]]:
        """(buffer, end): line-aligned pieces of the input, each ending where a record starts.

        Only `buffer[:end]` is the piece (no copy is made); memory is bounded by CHUNK + MAX_BACK +
        MAX_LINE whatever the input."""
        carry = b""
        skipping = False  # inside an over-long line: drop bytes up to the next newline
        first = True
        read = self.stream.read
        while True:
            data = read(self.chunk_size)
            if not data:
                break
            self.stats.bytes_read += len(data)
            if first:
                first = False
                _refuse_binary(data)
            if b"\x00" in data and data.count(b"\x00") > len(data) // 10:
                self.stats.binary_chunks += 1
                data = data.replace(b"\x00", b"")
            if skipping:
                nl = data.find(b"\n")
                if nl < 0:
                    self._progress()
                    continue
                data = data[nl:]
                skipping = False
            buf = carry + data if carry else data
            cut = buf.rfind(b"\n")
            if len(buf) - cut - 1 > self.max_line:
                # The last line is over-long: keep its head, cut it here, skip the rest as it streams.
                buf = buf[: cut + 1 + LINE_KEEP] + b" ...[line cut]\n"
                cut = len(buf) - 1
                skipping = True
                self.stats.long_lines += 1
            boundary = self._last_record_start(buf, cut)
            carry = buf[boundary:]
            if boundary:
                yield buf, boundary
                self._offset += boundary
            self._progress()
        if carry:
            last = carry if carry.endswith(b"\n") else carry + b"\n"
            yield last, len(last)
            self._offset += len(carry)
        self._progress()

    def _last_record_start(self, buf: bytes, cut: int) -> int:
        """Where the last record that starts in buf[:cut+1] begins (it may go on in the next read)."""
        if cut < 0:
            return 0
        last = -1
        for back in (16 * 1024, MAX_BACK):  # usually found in the last few lines
            start = max(0, cut - back)
            for m in NEXT.finditer(buf, start, cut + 1):
                last = m.start() + 1
            if last > 0:
                return last
            if start == 0:
                break
        if start == 0 and HEADER.match(buf, 0):
            return 0  # one record so far (bounded: once it outgrows MAX_BACK it is split below)
        self.stats.cut_records += 1 if start else 0
        return cut + 1

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.stats.bytes_read)

    # -- records -------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Record]:
        for buf, end in self._pieces():
            yield from self._records(buf, end)

    def _records(self, buf: bytes, limit: int) -> Iterator[Record]:
        done = 0
        rfind, match, search_next = buf.rfind, HEADER.match, NEXT.search
        hits = self.scanner.hits(buf, limit)
        for hit in hits:
            if hit < done:
                continue
            ls = rfind(b"\n", 0, hit) + 1
            header = match(buf, ls)
            if header is None:
                # A continuation line: a traceback outside any record of interest is a record itself.
                content = PREFIX.match(buf, ls).end()
                if not buf.startswith(TRACEBACK, content) or self._inside_record(buf, ls, done):
                    continue
            if header is not None and (header.group("json") or header.group("uvlevel") == b"INFO"):
                # One-line records (JSON, uvicorn access/INFO): what follows is not theirs.
                eol = buf.find(b"\n", hit, limit)
                end = eol + 1 if eol >= 0 else limit
            else:
                nxt = search_next(buf, hit, limit)
                end = nxt.start() + 1 if nxt else limit
            done = end
            self.stats.records_seen += 1
            record = self._record(buf, ls, end, header)
            if record is not None:
                yield record

    def _inside_record(self, buf: bytes, ls: int, done: int) -> bool:
        """Is the line at `ls` part of a record that has a header (before it, not yet read)?"""
        start = max(done, ls - MAX_BACK)
        pos = ls - 1
        while pos > start:
            prev = buf.rfind(b"\n", start, pos)
            line_start = prev + 1 if prev >= 0 else start
            m = HEADER.match(buf, line_start)
            if m:
                # A traceback under an ERROR/WARNING text record belongs to it; after an access line,
                # an INFO line or a banner it stands alone.
                return bool(m.group("level") and m.group("level") in (b"ERROR", b"CRITICAL", b"WARNING", b"EXCEPTION"))
            if prev < 0:
                break
            pos = prev
        return False

    def _record(self, buf: bytes, start: int, end: int, header: re.Match[bytes] | None) -> Record | None:
        raw = buf[start:end] if end - start <= MAX_RECORD else buf[start : start + MAX_RECORD]
        offset = self._offset + start
        if header is None:
            return Record(kind="traceback", level="ERROR", message=_last_exception_line(self._decode(raw)),
                          raw=raw, offset=offset)
        if header.group("json"):
            return self._json_record(raw[len(header.group("prefix")):], offset)
        eol = raw.find(b"\n")
        first = self._decode(raw[: eol if eol >= 0 else len(raw)])
        if header.group("time"):
            msg = strip_ansi(first[header.end() - header.start():])
            return Record(
                kind="text", level=header.group("level").decode("ascii", "replace"), message=msg,
                time=header.group("time").decode("ascii"), component=header.group("component").decode("utf-8", "replace"),
                raw=raw, offset=offset,
            )
        if header.group("uvlevel"):
            msg = strip_ansi(first[header.end() - header.start():]).strip()
            access = _ACCESS.search(msg) if msg[:1].isdigit() or msg.startswith("[") else None
            return Record(kind="uvicorn", level=header.group("uvlevel").decode(), message=msg, raw=raw,
                          access=access, offset=offset)
        return None  # a coloured print (banner, "Proxy initialized"): never a failure

    def _decode(self, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.stats.non_utf8_records += 1
            return data.decode("latin-1")

    def _json_record(self, raw: bytes, offset: int) -> Record | None:
        line = raw.split(b"\n", 1)[0]
        text = self._decode(line)
        try:
            obj = safejson.loads(text)
            if not isinstance(obj, dict):
                raise ValueError
        except ValueError:
            # Truncated or malformed: read what is there.
            self.stats.bad_json += 1
            obj = {}
            for name, rx in _JSON_FIELD.items():
                m = rx.search(text)
                if m:
                    try:
                        obj[name] = json.loads(f'"{m.group(1)}"')
                    except ValueError:
                        obj[name] = m.group(1)
            if "message" not in obj:
                return None
        message = obj.get("message")
        if not isinstance(message, str):
            message = safejson.dumps(message) if message is not None else ""
        level = str(obj.get("level") or obj.get("levelname") or "INFO").upper()
        component = str(obj.get("component") or obj.get("name") or "")
        message = strip_ansi(message)
        access = _ACCESS.search(message) if component == "uvicorn.access" or "HTTP/" in message[:200] else None
        return Record(
            kind="json", level=level, message=message, time=str(obj.get("timestamp") or "") or None,
            component=component, raw=line[:MAX_RECORD], fields=obj, access=access, offset=offset,
        )


def _last_exception_line(text: str) -> str:
    """The `SomeError: message` line that ends a traceback (the first line if there is none)."""
    lines = [line for line in strip_ansi(text).splitlines() if line.strip()]
    for line in reversed(lines):
        if not line.startswith((" ", "\t", "Traceback", "During handling", "The above exception")):
            return line.strip()
    return lines[0].strip() if lines else ""


def _refuse_binary(head: bytes) -> None:
    sample = head[:65536]
    if not sample:
        return
    bad = sum(1 for b in sample if b < 9 or 13 < b < 27 or 27 < b < 32 or b == 127)
    if bad / len(sample) > 0.10:
        raise InputError("the log looks like binary data (a compressed or binary file?), not a LiteLLM log; "
                         "decompress it first, e.g. `zcat proxy.log.gz | litellm-doctor diagnose --log -`")
