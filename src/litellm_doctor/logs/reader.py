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
- an application's logging line (a date then a level word, or Python's `ERROR:name:`): the SDK inside
  an app; the triage keeps it only when it is about LiteLLM;
- a `Traceback (most recent call last):` outside any record (a crash at start-up, `traceback.print_exc()`)
  is a record too, up to its exception line (and the chained tracebacks after it);
- a line with no header that is a failure of its own (`BARE`): an SDK exception printed bare, the
  proxy's `...(): Exception occured - ...` or an access line whose level prefix a shipper removed.

Every line may carry a collector's prefix first (`_PREFIX`); JSON-framed collectors are unwrapped
before the reader sees the text (framing.py), the text prefixes `_PREFIX` cannot tell by their shape (stern,
journalctl, syslog, `aws logs tail`, heroku, ...) are learned from the log and removed (prefixes.py), and
`--since`/`--until` cut it (window.py). A log listed newest first is read from its end before it gets here
(order.py).

Memory is bounded by design, whatever the input: the file is read in chunks of `CHUNK` bytes; a line
longer than `MAX_LINE` is cut while it streams (its head is kept, the rest skipped up to the next
newline, never buffered); a record keeps at most `MAX_RECORD` bytes. Only the prefilter's hits
(`scan.py`) are looked at, so a success line costs nothing in Python.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from ..regexcache import rx
from .. import safejson
from ..diagnosis.logrecords import record_parts
from ..diagnosis.pastedconfig import is_whole_config
from ..errors import InputError
from . import appevents, applines
from .appevents import EVENT, EVENT_FIRST, EVENT_TYPE, event_end, event_error, event_start
from .framing import Unwrapper, first_json_line
from .malloc import keep_freed_memory
from .prefixes import LinePrefixes
from .scan import DB_SETUP_LITERALS, make_scanner

if TYPE_CHECKING:
    from .window import TimeWindow

CHUNK = 4 * 1024 * 1024
MAX_LINE = 256 * 1024  # a longer line is cut while streaming
LINE_KEEP = 16 * 1024  # how much of a cut line is kept
MAX_RECORD = 64 * 1024  # bytes of one record kept for classification
MAX_BACK = 256 * 1024  # how far back a continuation line looks for its record's header
_EVENT_ECHO = 4096  # bytes between two OpenHands event records of one failure (the state change, the observation)
_END_KEY = 256  # bytes after a record's first line that key the memo of its continuation lines,
_END_KEY_BEFORE = 64  # with the last bytes of that line
_END_MAX = 64 * 1024  # continuation lines longer than this are not remembered
_ENDS_BUDGET = 4 * 1024 * 1024  # bytes of continuation lines remembered, in all

_TIME = rb"(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d+)?"
# What log collectors put before each line: `docker compose logs` (`litellm-1  | `; `docker service logs`, a
# Swarm task's `litellm.1.x8k2…@node-1    | `), a pod and container
# column, `kubectl logs --prefix` (`[pod/litellm-7d9f/litellm] `), `kubectl logs --timestamps`
# (`2025-06-01T10:14:02.123456789Z `; framing.py writes a shipped line's time the same way; journalctl's short-iso
# writes its offset without a colon, `+0000`: prefixes.py), or both.
# The column's words are possessive (`{1,80}+`, Python 3.11+): what follows a run of word characters
# must be a space or `|`, so giving characters back can never match; without it every line that starts
# with a long dotted name (a traceback's `litellm.exceptions.NotFoundError: ...`) is backtracked over
# character by character, in every header search (measured: NEXT.search over a 4 KB traceback 9 -> 5 µs).
_POSSESSIVE = b"+" if sys.version_info >= (3, 11) else b""
_PREFIX = (
    rb"(?:\[pod/[^\]\n]{1,250}\] |[\w.\-@]{1,80}" + _POSSESSIVE + rb"(?: [\w.\-]{1,80}" + _POSSESSIVE + rb")? *" + _POSSESSIVE + rb"\| ?)?"
    rb"(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? )?"
)
PREFIX = rx(_PREFIX)
_LEVELS = rb"(?:INFO|WARNING|ERROR|DEBUG|CRITICAL|TRACE)"
_APP_LEVELS = rb"(?:ERROR|CRITICAL|FATAL|EXCEPTION|WARNING|WARN|INFO|DEBUG)"
_DATE = rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
# An application's own logging line (the SDK inside an app): a date, then a level word within the next
# 60 characters (`2025-06-01 10:14:02,123 - app - ERROR - ...`, `[2025-...] ERROR in app: ...`, loguru's
# `2025-... | ERROR    | mod:fn:42 - ...`), or Python's default `ERROR:name:message`.
_APP = (
    applines.WINSTON + rb"|"  # LibreChat's console and Continue's cn.log (winston, lowercase levels): applines.py
    rb"\[?(?P<adate>" + _DATE + rb")\]?[ ,|\-\w.:\[\]()<>]{0,60}?\b(?P<alevel>" + _APP_LEVELS + rb")\b"
    rb"|(?P<plevel>" + _LEVELS + rb"):(?P<pname>[\w.<>\-]{1,80}):"
)
APP = rx(_APP)
# After a collector's timestamp (kubectl --timestamps, a shipped line) the app's own date may be absent.
APP_UNDATED = rx(rb"[ ,|\-\w.:\[\]()<>]{0,40}?\b(?P<alevel>" + _APP_LEVELS + rb")\b[\]:| \-]")
# A record header at a line start (the named groups tell which kind).
HEADER = rx(
    rb"(?P<prefix>" + _PREFIX + rb")(?P<ansi>\x1b\[)?(?:(?P<time>" + _TIME + rb") - (?P<component>[^:\n]{1,60}):(?P<level>[A-Z]+): (?P<where>\S{1,200}) - "
    rb"|(?P<uvlevel>" + _LEVELS + rb"):[ ]+(?=\S)|(?P<json>\{\"))"
)
# LiteLLM's start-up print of its model list (`print_startup_message`): 1.103/1.108 colour it (a line starting with a
# colour ends a record), 1.110 writes it without colour when stdout is no terminal (`terminal_text`): it ends the
# record before it too (a start-up warning, an error) instead of joining that record with the model names under it.
# 1.110.2 writes every boot-time print so (`_logging.print_startup_message`); the others whose line says it is one,
# by their call sites (proxy_server.py: Search Tools 7538, cache 6875, spend reports 12334; proxy_cli.py: the log
# config 437, SSL 613/666/1756, the server start 608/646/756, the test hints 729/732, docs 735/736, Prometheus
# 886/1619, `--skip_server_startup` 1737), the policy engine's list (init_policies.py 74) and the schema diff
# (check_migration.py 92). Its start-up *warnings* (`print_startup_warning`) end the record too (_STARTUP_WARNING):
# the CLI prints most before uvicorn starts, so after a restart they followed the last record of the run before. Such
# a line starts a record with no header, which is dropped as a print, as 1.103/1.108 drop them (coloured there). (Not
# the callbacks lines, which start with a space, as a traceback's frames do, nor the ollama warning, indented; nor
# the CLI's red `print()`s of a database that cannot be set up, proxy_cli.py 1548/1680/1687/1695/1710: they are the
# failure, records of their own (_DB_SETUP_LINE below), not prints to drop.)
_STARTUP_WARNING = (
    # proxy_cli.py 211, 450, 473/776, 481, 648, 653, 1651, 1659, 1780 (single_worker_max_requests_warning), 1824
    rb"LiteLLM Proxy: --(?:enforce_prisma_migration_check is deprecated|timeout_worker_healthcheck requires uvicorn"
    rb"|max_requests_before_restart_jitter (?:has no effect|requires uvicorn)|use_v2_migration_resolver is deprecated"
    rb"|max_requests_before_restart \d+ with --num_workers \d+ does not recycle|reload with --num_workers>1 requires)"
    rb"|LiteLLM: --(?:max_requests_before_restart is not supported by Granian|ciphers is not applied when using)"
    rb"|LiteLLM Proxy: Using the legacy \(v1\) migration resolver"
    # init_policies.py 96; check_migration.py 66, 99, 106
    rb"|Warning: No policy_attachments configured|Skipping the migration diff: "
    rb"|Timed out after \d+s generating the migration diff|Failed to generate migration diff\. Error: "
)
_STARTUP_PRINT = (
    rb"(?:LiteLLM: (?:Proxy initialized with |Serving Prometheus metrics on |Test your local proxy with: "
    rb"|Curl Command Test for your local proxy|Setup complete\. Skipping server startup"
    rb"|(?:Using existing|Auto-created) PROMETHEUS_MULTIPROC_DIR=)"
    rb"|LiteLLM Proxy: (?:Starting server on |Using SSL with certfile: )"
    rb"|Setting Cache on Proxy|Alerting: Initializing Weekly/Monthly Spend Reports|Using log_config: "
    rb"|Docs: https://docs\.litellm\.ai/|See all Router/Swagger docs on "
    rb"|LiteLLM Policy Engine: Loaded \d+ policies|Changes to DB Schema detected\nRequired SQL commands:|" + _STARTUP_WARNING + rb")"
)
# LiteLLM's CLI prints of a database it cannot set up (scan.DB_SETUP_LITERALS), as their lines start (1.110.2's; 1.103's
# `Unable to connect to DB. …`): each a failure record of its own (BARE's `dbsetup`), which ends the record before it
# (NEXT; a red one does already, as any line starting with a colour): uncoloured (1.110.2 when stdout is no terminal)
# it went on the migration's retry warning before it, which no failure is. The sentences are scan's literals; only
# what stands before each at the start of its line is written here (a regex), so a literal added there without its
# line start here fails at import (KeyError), and the two cannot drift apart.
_DB_SETUP_BEFORE: dict[bytes, bytes] = {
    b"Database migration cannot proceed": rb"LiteLLM Proxy: ",
    b"Database setup failed after multiple retries": rb"LiteLLM Proxy: ",
    b"prisma CLI is neither on PATH": (rb"(?:LiteLLM Proxy: a database URL is set but the "
                                       rb"|Unable to connect to DB\. DATABASE_URL found in environment, but the )"),
    b"_URL uses unsupported scheme": rb"LiteLLM Proxy: (?:DATABASE|DIRECT)",
    b"in-container pgbouncer could not start": rb"LiteLLM Proxy: LITELLM_PGBOUNCER_ENABLED is set but the ",
}
_DB_SETUP_LINE = rb"(?:" + rb"|".join(_DB_SETUP_BEFORE[literal] + re.escape(literal) for literal in DB_SETUP_LITERALS) + rb")"
# The start of the next record: a newline followed by any header (LiteLLM's, uvicorn's, JSON, an app's).
NEXT = rx(
    # `(?![ \t])` first: a traceback's frames (half its lines) are turned away before any alternative.
    # (OpenHands' event header `13:57:12 - OBSERVATION`, its colours removed, starts one too: appevents.py.)
    # (A line that starts with a colour and ends with winston's reset is the rest of a LibreChat message: applines.py.)
    rb"\n(?![ \t])(?=" + _PREFIX + rb"(?:\x1b\[" + applines.NOT_WINSTON_LINE + rb"|" + _STARTUP_PRINT + rb"|" + _DB_SETUP_LINE + rb"|" + applines.WINSTON_NEXT + rb"|" + _TIME + rb" - (?:[^:\n]{1,60}:[A-Z]+: |" + EVENT_TYPE + rb")|" + _LEVELS + rb":[ ]+\S|\{\"|"
    rb"\[?" + _DATE + rb"\]?[ ,|\-\w.:\[\]()<>]{0,60}?\b" + _APP_LEVELS + rb"\b|" + _LEVELS + rb":[\w.<>\-]{1,80}:))"
)
# The two record starts a proxy log has most (LiteLLM's header without a date or a collector's prefix, uvicorn's),
# each a way NEXT matches too (its prefix empty): tested first where only whether a record starts counts
# (_starts), in a fraction of NEXT's time (0.4 against 2.5 µs before an access line).
NEXT_COMMON = rx(rb"\n(?=\d\d:\d\d:\d\d(?:[.,]\d+)? - [^:\n]{1,60}:[A-Z]+: |" + _LEVELS + rb":[ ]+\S)")
# A line with no header that is a failure of its own: an access line whose `INFO:` was stripped, the
# proxy's `...(): Exception occured - ...` without its header, or the SDK's exception printed bare
# (`litellm.Timeout: APITimeoutError - ...`, `Request failed: litellm.RateLimitError: ...`).
BARE = rx(
    rb'(?P<access>\S{1,100} - "[A-Z]{3,7} \S{1,2000} HTTP/[\d.]+" \d{3}\b)'
    rb"|(?P<request>[^\n]{0,300}?Exception occured - )"
    rb"|(?P<sdk>[^\n]{0,300}?(?<!['\"])\blitellm\.(?:exceptions\.)?(?:[A-Z]\w*(?:Error|Exception)|Timeout)\b)"
    rb"|" + applines.CN_BARE  # Continue's cn on stderr: its retries and its last error (applines.py)
    # LiteLLM's CLI print of a database it cannot set up (scan.DB_SETUP_LITERALS), red or not
    + rb"|(?P<dbsetup>(?:\x1b\[[\d;]{1,8}m)?" + _DB_SETUP_LINE + rb")"
)
# Lines that go on a record with no header: LiteLLM's multi-line error suffixes.
_CONTINUATION = (b"Available Model Group Fallbacks", b"Received Model Group", b"Debug Information", b"Deployment Info",
                 b"Requester IP Address", b"Model:", b"API Base:", b"Messages:", b"model_group=",
                 b"Error doing the fallback", b"Cooldown Deployments", b"Fallbacks=", b"timeout:", b"request_timeout:")
_CHAINED = (b"During handling of the above exception", b"The above exception was the direct cause")
_EXCEPTION_LINE = rx(r"^[A-Za-z_][\w.]*(?:Error|Exception|Timeout|Exit|Interrupt|Exceeded\w*)\b")
TRACEBACK = b"Traceback (most recent call last)"
_ACCESS = rx(
    r'(?P<client>\S+) - "(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3})\b'
)
_ANSI = rx(r"\x1b\[[0-9;?]*[A-Za-z]|\\u001b\[[0-9;?]*[A-Za-z]")
_JSON_FIELD = {
    name: rx(rf'"{name}": "((?:[^"\\]|\\.)*)') for name in ("message", "level", "timestamp", "component", "logger")
}


@dataclass(slots=True)
class Record:
    """One log event. `message` is its first line (decoded, colours removed); `body` decodes the rest."""

    # LogReader._record passes the fields by position, in this order: keep it.
    kind: str  # text | uvicorn | json | traceback | app | bare
    level: str
    message: str
    time: str | None = None
    component: str = ""
    raw: bytes = b""  # the whole record (capped), decoded lazily by `text()`
    fields: dict | None = None  # a JSON record's fields
    access: re.Match[str] | None = None  # an access line's client/method/path/status
    offset: int = 0
    # The record's bytes without what varies from one repeat to the next (_request_shape, _access_shape below),
    # when the reader knows how to read a repeat without this object (Triage.repeat); None otherwise.
    shape: tuple | None = None

    def text(self) -> str:
        """The whole record as text (message, continuation lines, stack trace), colours removed."""
        if self.kind == "json":
            # The error fields of LiteLLM's, python-json-logger's, structlog's and Datadog's records.
            errors = record_parts(self.fields).errors if self.fields else ()
            return "\n".join([self.message, *(e for e in errors if e not in self.message)])
        return strip_ansi(decode(self.raw))


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Mixed encodings: a Latin-1 (or cp1252) line in a UTF-8 log still reads as text.
        return data.decode("latin-1")


def strip_ansi(text: str) -> str:
    # One-character tests first (a memchr each): most text has neither an ESC nor a backslash.
    return _ANSI.sub("", text) if ("\x1b" in text or ("\\" in text and "\\u001b" in text)) else text


@dataclass
class ReadStats:
    """What reading a log saw (its docstring also keeps dataclasses from writing one with the real `inspect`, ~30 M
    instructions of a log's run: deferred.py)."""

    bytes_read: int = 0
    records_seen: int = 0
    long_lines: int = 0
    non_utf8_records: int = 0
    bad_json: int = 0
    binary_chunks: int = 0
    cut_records: int = 0
    engine: str = ""
    # What the start of the log looked like (a sample of its first lines): how many lines, how many in
    # a shape the reader knows, and which framings were seen. "No failures" means something only when
    # the reader knew the shape.
    sampled_lines: int = 0
    recognised_lines: int = 0
    framings: Counter = field(default_factory=Counter)
    windowed_out: int = 0  # lines left out by --since/--until
    # The start of the input is a LiteLLM config.yaml and nothing else (`--log config.yaml`): its indented lines
    # looked like a traceback's, and "no failures" was said of a file that is no log.
    config_only: bool = False


SAMPLE_BYTES = 256 * 1024


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
        window: "TimeWindow | None" = None,
        live: bool = False,
    ) -> None:
        self.stream = stream
        self.on_progress = on_progress
        self.engine = engine
        self.scanner = make_scanner(engine)
        self.chunk_size = chunk_size
        self.max_line = max_line
        self.window = window
        # live (--follow): read what is there (read1) instead of waiting for a whole chunk.
        self.live = live
        self.unwrapper = Unwrapper()
        self.prefixes = LinePrefixes(HEADER.match, _known_column)  # collectors' text prefixes, learned (prefixes.py)
        keep_freed_memory()  # chunk buffers reuse their pages (malloc.py)
        self.stats = ReadStats(engine=self.scanner.name)
        self._offset = 0  # file offset of the current piece's first byte
        # Continuation lines of records seen (_record_end), bounded by _ENDS_BUDGET.
        self._ends: dict[bytes, list[bytes]] = {}
        self._ends_bytes = 0
        self._sampled = 0
        self._last_event: tuple[str, int] | None = None  # the last OpenHands event's error and where it ended
        self._body: bytes | None = None  # the continuation lines of the last record _record_end ended, when known
        # The shapes of records whose repeats `items()` gives as tuples (a Triage's: Triage.repeat).
        self.shapes: dict[tuple, tuple] = {}

    # -- chunking ------------------------------------------------------------------------------------
    def _read(self) -> Callable[[int], bytes]:
        if self.live:
            read1 = getattr(self.stream, "read1", None)
            if read1 is not None:
                return read1
        return self.stream.read

    def _pieces(self) -> Iterator[tuple[bytes, int, int]]:
        """(buffer, start, end): line-aligned pieces of the input, each starting and ending where a
        record starts.

        Only `buffer[start:end]` is the piece (no copy is made); memory is bounded by CHUNK + MAX_BACK +
        MAX_LINE whatever the input. Each read is unwrapped (framing.py) and cut to the time window
        before it joins the buffer. While iterating a piece, `self._offset + i` is the offset of
        `buffer[i]` in the (unwrapped) input."""
        carry = b""  # the last record so far (unwrapped), which may go on in the next read
        partial = b""  # the last line so far (raw), not yet complete
        skipping = False  # inside an over-long line: drop bytes up to the next newline
        first = True
        read = self._read()
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
                data = data[nl + 1:]
                skipping = False
            nl = data.rfind(b"\n")
            split = self._split(data, nl) if (carry or partial) else None
            if split is not None:
                # The common case: the read is a piece of its own from its first record start on, and
                # only what is carried, the partial line and the read's lines before that start are
                # joined (a few KB instead of copying the whole 4 MB read: ~0.03 s on 200 MB).
                first_start, boundary = split
                head = self.unwrapper.unwrap(b"".join((carry, partial, memoryview(data)[:first_start])), len(carry))
                yield head, 0, len(head)
                self._offset += len(head) - first_start
                yield data, first_start, boundary
                self._offset += boundary
                carry, partial = data[boundary: nl + 1], data[nl + 1:]
                self._progress()
                continue
            if nl >= 0 and len(data) - nl - 1 <= self.max_line:
                # One copy joins what is carried, the partial line and the new lines.
                new_from = len(carry)
                buf = b"".join((carry, partial, memoryview(data)[: nl + 1])) if (carry or partial) else (
                    data if nl == len(data) - 1 else data[: nl + 1])
                partial = data[nl + 1:]
            else:
                raw = partial + data if partial else data
                cut = raw.rfind(b"\n")
                if len(raw) - cut - 1 > self.max_line:
                    # The last line is over-long: keep its head, cut it here, skip the rest as it streams.
                    raw = raw[: cut + 1 + LINE_KEEP] + b" ...[line cut]\n"
                    cut = len(raw) - 1
                    skipping = True
                    self.stats.long_lines += 1
                if cut < 0:
                    partial = raw
                    self._progress()
                    continue
                complete, partial = (raw, b"") if cut == len(raw) - 1 else (raw[: cut + 1], raw[cut + 1:])
                new_from = len(carry)
                buf = carry + complete if carry else complete
            buf = self._prepare(buf, new_from)
            boundary = self._last_record_start(buf, len(buf) - 1)
            carry = buf[boundary:]
            if boundary:
                yield buf, 0, boundary
                self._offset += boundary
            self._progress()
        rest = self._prepare(carry + partial + b"\n", len(carry)) if partial else carry
        if rest:
            last = rest if rest.endswith(b"\n") else rest + b"\n"
            yield last, 0, len(last)
            self._offset += len(rest)
        self._progress()

    def _split(self, data: bytes, nl: int) -> tuple[int, int] | None:
        """(first, last) record starts in a read `data` whose lines end at `nl`, when the read can be a
        piece by itself from `first` to `last`: no time window to cut, the shape sampled already, no
        collector's JSON line in it from `first` on, and two record starts found (NEXT, as
        _last_record_start finds them: the same kind of cut as between two pieces). None otherwise."""
        if (nl < 0 or len(data) - nl - 1 > self.max_line or self.window is not None
                or self._sampled < SAMPLE_BYTES):
            return None
        # Searched up to a line end (as _last_record_start does: a `\b` in NEXT's lookahead would match
        # where the search stops mid-word), about MAX_BACK in: a read with no record start near its
        # beginning (a log of bare lines) is not searched through.
        stop = nl + 1 if nl < MAX_BACK else data.find(b"\n", MAX_BACK - 1) + 1
        m = NEXT.search(data, 0, stop)
        if m is None:
            return None
        first = m.start() + 1
        if first_json_line(data, first, nl + 1) >= 0:
            return None  # the unwrapper has lines to replace: the general path
        if self.prefixes.active or self.prefixes.learn(data, first, nl + 1):
            return None  # a collector's prefixes to remove (prefixes.py): the general path
        last = -1
        for m in NEXT.finditer(data, max(first, nl - 16 * 1024), nl + 1):
            last = m.start() + 1
        return (first, last) if last > first else None

    def _prepare(self, buf: bytes, new_from: int) -> bytes:
        """Unwrap collector framings, cut to the time window, and sample the start for the shape, in
        buf[new_from:] (what was just read; what is before it was prepared already)."""
        buf = self.unwrapper.unwrap(buf, new_from)
        self.prefixes.learn(buf, new_from)
        buf = self.prefixes.strip(buf, new_from)
        if self._sampled < SAMPLE_BYTES:
            sample = buf[new_from: new_from + SAMPLE_BYTES - self._sampled]
            if not self._sampled:
                self.stats.config_only = is_whole_config(sample.decode("utf-8", "replace"))
            self._sample(sample)
            self._sampled += len(sample)
        if self.window is not None:
            kept, dropped = self.window.cut(buf[new_from:])
            self.stats.windowed_out += dropped
            buf = buf[:new_from] + kept
        return buf

    def _sample(self, text: bytes) -> None:
        stats = self.stats
        apps = events = db_setup = 0
        after_frame = False  # the line before was a traceback frame whose indentation a collector trimmed
        for line in text.split(b"\n"):
            if not line or line.isspace():
                continue
            stats.sampled_lines += 1
            pm = PREFIX.match(line)
            content = pm.end()
            if content:
                if line.startswith(b"[pod/"):
                    stats.framings["kubectl-prefix"] += 1
                elif b"|" in line[:content]:
                    stats.framings["compose-prefix"] += 1
                elif pm.group("ts"):
                    stats.framings["timestamped"] += 1
            # Cheapest tests first (the order changes no answer): BARE's lazy scans are the dearest.
            bare = None
            if (HEADER.match(line) or line.startswith((b" ", b"\t"), content)
                    or line.startswith((TRACEBACK, b"During handling", b"The above exception"), content)
                    or APP.match(line, content) or (pm.group("ts") and APP_UNDATED.match(line, content))
                    or (bare := BARE.match(line, content)) or appevents.KNOWN.match(line, content)
                    or (line.startswith(b"\x1b[", content) and line.rstrip(b"\r").endswith(b"\x1b[39m"))  # winston
                    # A traceback whose frames lost their indentation (`heroku logs` and `logcli query` trim each
                    # line, prefixes.py): a frame, the source line under it, its `^^^^` marks.
                    or after_frame or line.startswith(b'File "', content) or not line[content:].strip(b"^~ \r")):
                stats.recognised_lines += 1
            after_frame = line.startswith(b'File "', content)
            if bare is not None and bare.lastgroup == "dbsetup":
                db_setup += 1
            if applines.APP_LINE.match(line, content):
                apps += 1
            elif appevents.OPENHANDS_LINE.match(line, content):
                events += 1
        if apps:
            stats.framings["librechat/continue"] += apps
        apps_now = bool(apps or events) or self.scanner.apps
        # LiteLLM's print of a database it cannot set up (scan.DB_SETUP_LITERALS): a failed start's log (BARE, which
        # the lines with no header are tested against above anyway: no pass of its own over the sample).
        db_now = bool(db_setup) or self.scanner.db_setup
        if apps_now != self.scanner.apps or db_now != self.scanner.db_setup:
            # LibreChat's, Continue's or OpenHands' log: look for their lowercase levels and OpenHands'
            # `ErrorObservation` too (scan.APP_LITERALS).
            self.scanner = make_scanner(self.engine, apps=apps_now, db_setup=db_now)
        stats.framings.update(self.unwrapper.seen)
        self.unwrapper.seen.clear()
        stats.framings.update(self.prefixes.seen)
        self.prefixes.seen.clear()

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
        # No header near the end (an application's bare prints, an SDK traceback): a bare failure
        # line that is not a traceback's last line is a safe place to cut.
        found = self._last_bare_start(buf, max(0, cut - MAX_BACK), cut + 1)
        if found >= 0:
            return found
        self.stats.cut_records += 1 if start else 0
        return cut + 1

    def _last_bare_start(self, buf: bytes, lo: int, hi: int) -> int:
        """The start of the last line in buf[lo:hi] where a record with no header begins (a bare failure
        or access line, an application's logging line); -1 if none."""
        pos = buf.rfind(b"\n", lo, hi - 1)
        steps = 0
        while steps < 4000:
            ls = pos + 1 if pos >= 0 else lo
            if ls < lo:
                break
            content = PREFIX.match(buf, ls).end()
            # Not a traceback's first line: with the level prefixes stripped, it may be the proxy's record's.
            if (buf[content:content + 1] not in (b" ", b"\t", b"\n") and not buf.startswith(_CONTINUATION, content)
                    and not self._after_indented(buf, ls) and (BARE.match(buf, content) or APP.match(buf, content))):
                return ls
            if pos < lo:
                break
            pos = buf.rfind(b"\n", lo, pos) if pos > lo else lo - 1
            steps += 1
        return -1

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.stats.bytes_read)

    # -- records -------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Record]:
        for buf, start, end in self._pieces():
            yield from self._records(buf, start, end)

    def items(self) -> Iterator[Record | tuple]:
        """The records, as `for record in reader` yields them, except that a record whose shape (`_request_shape`,
        `_access_shape`: its bytes but for its time and its call id or client) is in `self.shapes` (a Triage's: the
        shapes it has read once and knows how to count again, Triage.repeat) comes as a tuple (shape, time, ...)
        instead of a Record; `record(item)` makes the Record of such a tuple. Almost every failure of a large proxy log
        repeats one of a few shapes: reading a repeat is a few dictionary lookups, not a Record and a triage
        of its text."""
        for buf, start, end in self._pieces():
            yield from self._records(buf, start, end, True)

    def record(self, item: tuple) -> Record | None:
        """The Record of an item `items()` gave as a tuple (while the next item is not asked for yet)."""
        return self._record(item[2], item[3], item[4], item[5], "", None, item[0])

    def _records(self, buf: bytes, start: int, limit: int, fast: bool = False) -> Iterator[Record | tuple]:
        done = start
        shapes_get = self.shapes.get
        rfind, match, find, stats = buf.rfind, HEADER.match, buf.find, self.stats
        hits = self.scanner.hits(buf, limit, start)
        for hit in hits:
            if hit < done:
                continue
            ls = rfind(b"\n", 0, hit) + 1
            header = match(buf, ls)
            kind = ""
            app = None
            if header is not None:
                # (`find`, not `in`: a bytes `in` tries its operand as an int first, and raises and clears a
                # TypeError for a bytes one, ~1 µs.)
                if (header.group("time") and EVENT_FIRST.find(buf[(hend := header.end()):hend + 1]) >= 0
                        and (event := EVENT.match(buf, hend)) is not None):
                    header, kind = None, "event"  # OpenHands without colours: the event is the record's message
            else:
                pm = PREFIX.match(buf, ls)
                content = pm.end()
                app = APP.match(buf, content)
                if app is None and pm.group("ts"):
                    app = APP_UNDATED.match(buf, content)
                if app is not None:
                    if applines.quiet(app, buf, ls, limit):
                        continue  # a LibreChat / cn INFO line that only mentions an error word (applines.py)
                    kind = "app"
                elif buf[content:content + 1] in (b" ", b"\t"):
                    continue  # a frame or an indented continuation line
                elif buf.startswith(TRACEBACK, content):
                    if self._inside_record(buf, ls, done):
                        continue
                    kind = "traceback"
                elif (event := event_start(buf, content)) is not None:
                    kind = "event"  # an OpenHands event record (appevents.py)
                else:
                    bare = BARE.match(buf, content)
                    if (bare is None or buf.startswith(_CONTINUATION, content) or self._after_indented(buf, ls)
                            or self._inside_record(buf, ls, done)):
                        continue
                    kind = "bare-" + (bare.lastgroup or "sdk")
            shape = None
            if kind == "event":
                end = event_end(buf, ls, limit, event, NEXT)
            elif kind:
                end = self._bare_end(buf, ls, limit, kind)
            else:
                eol = find(b"\n", hit, limit)
                if eol < 0:
                    end = limit
                elif header.lastgroup == "json" or header.group("uvlevel") == b"INFO":
                    end = eol + 1  # one-line records (JSON, uvicorn access/INFO): what follows is not theirs
                    if fast and end - ls <= MAX_RECORD:
                        shape = _access_shape(buf, ls, eol, header)
                else:
                    end = self._record_end(buf, ls, eol, limit)
                    if fast and self._body is not None and end - ls <= MAX_RECORD:
                        shape = _request_shape(buf, ls, eol, header, self._body)
            done = end
            stats.records_seen += 1
            if shape is not None and (known := shapes_get(shape)) is not None:
                time = header.group("time")
                # (what the triage knows of the shape rides along: Triage.repeat need not look it up again)
                yield (shape, time.decode("ascii") if time else None, buf, ls, end, header, known)
                continue
            record = self._record(buf, ls, end, header, kind, app, shape)
            if record is not None:
                yield record

    def _record_end(self, buf: bytes, ls: int, eol: int, limit: int) -> int:
        """Where a record with a header ends: at the next line that starts a record (NEXT), searched from
        the end of its first line `eol` (no record starts inside a line).

        A failure that recurs logs the same continuation lines (its traceback, LiteLLM's suffixes) word
        for word while its first line changes (time, call id): the lines after `eol` up to the end found
        last time are remembered, keyed by the end of the first line and their own first bytes, and
        when they are there again byte for byte (a memcmp) only the line after them is tested, instead
        of a regex search over a 4 KB traceback (6 µs a failure, 2 µs with the memo). Same answer: NEXT tests each line start on that line alone (its lookahead
        never crosses a newline), so lines that are identical, up to and including the newline that
        ends them, cannot hold a record start they did not hold before."""
        # The key: the end of the first line (where the error is written, which the lines after it go
        # with) and the first bytes after it.
        key = buf[max(ls, eol - _END_KEY_BEFORE): eol + _END_KEY]
        known = self._ends.get(key)
        if known is not None:
            for body in known:
                stop = eol + len(body)
                if stop < limit and buf.startswith(body, eol) and _starts(buf, stop, limit):
                    self._body = body  # the record is its first line, `body` and a newline (_request_shape)
                    return stop + 1
        if _starts(buf, eol, limit):
            self._body = b""
            return eol + 1  # a one-line record: the next line starts the next one
        self._body = None
        nxt = NEXT.search(buf, eol + 1, limit)
        if nxt is None:
            return limit
        stop = nxt.start()
        # Only continuation lines longer than the key's part after `eol` are remembered: a short search
        # is cheap.
        if _END_KEY <= stop - eol <= _END_MAX and self._ends_bytes < _ENDS_BUDGET:
            known = self._ends.setdefault(key, [])
            if len(known) < 16:
                known.append(buf[eol:stop])
                self._ends_bytes += stop - eol + len(key)
        return stop + 1

    def _bare_end(self, buf: bytes, ls: int, limit: int, kind: str) -> int:
        """Where a record with no header ends: after its traceback (frames, the exception line, chained
        tracebacks) and LiteLLM's known continuation lines; before anything else."""
        eol = buf.find(b"\n", ls, limit)
        pos = eol + 1 if eol >= 0 else limit
        in_tb = kind == "traceback"
        # The proxy's own record (its header stripped) and an application's logging record
        # (`logger.exception`) carry their traceback; an SDK exception printed bare does not.
        owns_tb = kind in ("bare-request", "app")
        chained = False
        after_exc = False
        lines = 0
        while pos < limit and lines < 2000:
            lines += 1
            eol = buf.find(b"\n", pos, limit)
            nxt = eol + 1 if eol >= 0 else limit
            content = PREFIX.match(buf, pos).end()
            head = buf[content:content + 1]
            if head in (b" ", b"\t"):
                if not in_tb and not after_exc:
                    return pos  # (after an exception line, indented lines go on its message)
                pos = nxt
                continue
            if head in (b"\n", b"", b"\r"):
                after = PREFIX.match(buf, nxt).end()
                if chained or buf.startswith(_CHAINED, after) or (not in_tb and buf.startswith(_CONTINUATION, after)):
                    pos = nxt
                    continue
                return pos
            if buf.startswith(TRACEBACK, content):
                if chained or (owns_tb and not in_tb and not after_exc):
                    in_tb, chained, after_exc = True, False, False
                    pos = nxt
                    continue
                return pos
            if buf.startswith(_CHAINED, content):
                chained = True
                pos = nxt
                continue
            if HEADER.match(buf, pos) or APP.match(buf, content):
                return pos
            if kind == "app" and not in_tb and (stop := applines.stack_end(buf, content, limit)) > content:
                pos = stop  # the JS stack winston printed under the record (cn.log): the record's, not a failure
                continue
            if in_tb and self._after_indented(buf, pos):
                in_tb, after_exc = False, True  # the exception line that ends the traceback
                pos = nxt
                continue
            if buf.startswith(_CONTINUATION, content):
                pos = nxt
                continue
            return pos
        return pos

    def _after_indented(self, buf: bytes, ls: int) -> bool:
        """Is the line before `ls` indented (a traceback frame), making this line its exception line?"""
        if ls <= 0:
            return False
        prev = buf.rfind(b"\n", 0, ls - 1) + 1
        return buf[PREFIX.match(buf, prev).end():][:1] in (b" ", b"\t")

    def _chained(self, buf: bytes, ls: int) -> bool:
        """Is the Traceback line at `ls` the second part of a chained exception?"""
        lo = max(0, ls - 300)
        return any(c in buf[lo:ls] for c in _CHAINED)

    def _inside_record(self, buf: bytes, ls: int, done: int) -> bool:
        """Is the line at `ls` part of a record that has a header (before it, not yet read)?"""
        start = max(done, ls - MAX_BACK)
        pos = ls - 1
        steps = 0
        while pos > start and steps < 400:  # LiteLLM's tracebacks are cut well before 400 lines
            steps += 1
            prev = buf.rfind(b"\n", start, pos)
            line_start = prev + 1 if prev >= 0 else start
            m = HEADER.match(buf, line_start)
            if m:
                # A traceback under an ERROR/WARNING text record belongs to it; after an access line,
                # an INFO line or a banner it stands alone.
                return bool(m.group("level") and m.group("level") in (b"ERROR", b"CRITICAL", b"WARNING", b"EXCEPTION"))
            app = APP.match(buf, PREFIX.match(buf, line_start).end())
            if app:
                level = app.group("alevel") or app.group("plevel") or app.group("wlevel").upper()
                return level in (b"ERROR", b"CRITICAL", b"FATAL", b"EXCEPTION", b"WARNING", b"WARN")
            if prev < 0:
                break
            pos = prev
        return False

    def _record(self, buf: bytes, start: int, end: int, header: re.Match[bytes] | None, kind: str = "",
                app: re.Match[bytes] | None = None, shape: tuple | None = None) -> Record | None:
        raw = buf[start:end] if end - start <= MAX_RECORD else buf[start : start + MAX_RECORD]
        offset = self._offset + start
        if header is None:
            pm = PREFIX.match(raw)
            stamp = pm.group("ts").decode("ascii").strip() if pm.group("ts") else None
            if kind == "traceback":
                return Record(kind="traceback", level="ERROR", message=_last_exception_line(self._decode(raw)),
                              raw=raw, offset=offset, time=stamp)
            eol = raw.find(b"\n")
            first = strip_ansi(self._decode(raw[pm.end(): eol if eol >= 0 else len(raw)]))
            if kind == "app" and app is not None:
                level = applines.level_of(app) or (app.group("alevel") or app.group("plevel") or b"INFO").decode()
                date = app.group("adate") or app.group("wdate") if "adate" in app.re.groupindex else None
                if date:
                    stamp = date.decode("ascii")
                # The message from the header's end in bytes (a coloured level makes the decoded line shorter).
                message = strip_ansi(decode(raw[app.end() - start: eol if eol >= 0 else len(raw)]))
                return Record(kind="app", level="WARNING" if level == "WARN" else level,
                              message=message.lstrip(" :-|]"), raw=raw, time=stamp,
                              component=(app.group("pname") or b"").decode("utf-8", "replace") if "pname" in app.re.groupindex else "",
                              offset=offset)
            if kind == "event":
                return self._event(raw, offset, stamp)
            if kind == "bare-access":
                return Record(kind="uvicorn", level="INFO", message=first.strip(), raw=raw,
                              access=_ACCESS.search(first), offset=offset, time=stamp)
            return Record(kind="bare", level="ERROR", message=first.strip(), raw=raw, offset=offset, time=stamp)
        time, level, component, uvlevel, json_start = header.group("time", "level", "component", "uvlevel", "json")
        if json_start:
            return self._json_record(raw[len(header.group("prefix")):], offset)
        eol = raw.find(b"\n")
        # The message: the first line after the header (the header itself is ASCII and read from the match).
        # (self._decode and strip_ansi inlined: the two records of every failed request come here.)
        line = raw[header.end() - start: eol if eol >= 0 else len(raw)]
        try:
            msg = line.decode("utf-8")
        except UnicodeDecodeError:
            msg = self._decode(line)
        if "\x1b" in msg or "\\" in msg:
            msg = strip_ansi(msg)
        # The two records of every failed request (its error record and its access line) are made here:
        # positional arguments, in the field order (kind, level, message, time, component, raw, fields,
        # access, offset), are 2.5x cheaper than keywords for a dataclass (0.4 against 1 µs). The header's
        # words repeat from record to record: decoded once (_WORDS).
        if time:
            return Record("text", _WORDS.get(level) or _word(level, "ascii"), msg, time.decode("ascii"),
                          _WORDS.get(component) or _word(component, "utf-8"), raw, None, None, offset, shape)
        if uvlevel:
            msg = msg.strip()
            access = _ACCESS.search(msg) if msg[:1].isdigit() or msg.startswith("[") else None
            return Record("uvicorn", _WORDS.get(uvlevel) or _word(uvlevel, "utf-8"), msg, None, "", raw, None, access,
                          offset, shape)
        return None  # a coloured print (banner, "Proxy initialized"): never a failure

    def _event(self, raw: bytes, offset: int, stamp: str | None) -> Record | None:
        """An OpenHands event record that carries an LLM failure (appevents.py), once: OpenHands logs the
        same reason in the state change and in the ErrorObservation of one failure, one after the other."""
        error = event_error(strip_ansi(self._decode(raw)))
        if error is None:
            return None
        last, self._last_event = self._last_event, (error, offset + len(raw))
        if last is not None and last[0] == error and offset - last[1] <= _EVENT_ECHO:
            return None
        return Record(kind="bare", level="ERROR", message=error.split("\n", 1)[0].strip(), raw=raw, offset=offset,
                      time=stamp)

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
            for name, pattern in _JSON_FIELD.items():
                m = pattern.search(text)
                if m:
                    try:
                        obj[name] = json.loads(f'"{m.group(1)}"')
                    except ValueError:
                        obj[name] = m.group(1)
            if "message" not in obj:
                return None
        message = obj.get("message")
        if not isinstance(message, str):
            # structlog's `event`, another formatter's `msg` (diagnosis/logrecords.py).
            message = record_parts(obj).message or (safejson.dumps(message) if message is not None else "")
        level = str(obj.get("level") or obj.get("levelname") or obj.get("status") or obj.get("severity") or "INFO").upper()
        component = str(obj.get("component") or obj.get("name") or "")
        message = strip_ansi(message)
        access = _ACCESS.search(message) if component == "uvicorn.access" or "HTTP/" in message[:200] else None
        return Record(
            kind="json", level=level, message=message, time=str(obj.get("timestamp") or "") or None,
            component=component, raw=line[:MAX_RECORD], fields=obj, access=access, offset=offset,
        )


def _starts(buf: bytes, pos: int, limit: int) -> bool:
    """Does a record start after the newline at `pos` (NEXT.match)?"""
    return NEXT_COMMON.match(buf, pos, limit) is not None or NEXT.match(buf, pos, limit) is not None


# The shape of a record (LogReader.items): its bytes but for what varies from one repeat to the next, and only for
# the two records every failed request of a proxy log writes. The shape says the rest of the record is the same
# bytes, so that what the triage reads in it is the same (Triage.repeat; tests/logs/test_repeats.py):
# - the proxy's error record (`HH:MM:SS - LiteLLM Proxy:ERROR: f.py:1 - ...: Exception occured -
#   litellm_call_id=<id> - <error>`, its continuation lines `body`): all but the time and the call id, and their
#   lengths (the triage reads the record's first 2048 bytes). The first line must be ASCII with no colour nor
#   backslash (so that the decoded message is the bytes and nothing is stripped from it), its first
#   `Exception occured - ` the message's, followed by the call id (letters, digits, `_.-`: no word the triage
#   looks for can start, end or lie in it) and ending within the first 2048 bytes;
# - uvicorn's access line (`INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 404 Not Found`): all but
#   the client (the address and port, which `_ACCESS` reads as `\S+` before ` - "`: what it finds after it does not
#   depend on it), ASCII with no colour nor backslash. Both whole: no longer than the MAX_RECORD bytes a record keeps.
_EXCEPTION_OCCURED = b"Exception occured - "
_CALL_ID = rx(rb"litellm_call_id=[A-Za-z0-9_.\-]+ - ")
_CLIENT = rx(rb'[0-9][0-9A-Za-z.:\[\]_\-]* - "')


def _request_shape(buf: bytes, ls: int, eol: int, header: re.Match[bytes], body: bytes) -> tuple | None:
    # (Positions in `buf`, the line's bytes copied once, after the cheap refusals: ~0.4 µs less a record.)
    t0, t1 = header.span("time")
    if t0 < 0 or header.group("ansi"):
        return None
    e = buf.find(_EXCEPTION_OCCURED, ls, eol)
    if e < header.end():
        return None
    m = _CALL_ID.match(buf, e + 20, eol)
    if m is None or m.end() - ls > 2048:
        return None
    line = buf[ls:eol]
    if not line.isascii() or line.find(b"\x1b") >= 0 or line.find(b"\\") >= 0:
        return None
    r0, r1 = e + 36 - ls, m.end() - 3 - ls  # the call id, after `litellm_call_id=`
    t0, t1 = t0 - ls, t1 - ls
    return (line[:t0], t1 - t0, line[t1:r0], r1 - r0, line[r1:], body)


def _access_shape(buf: bytes, ls: int, eol: int, header: re.Match[bytes]) -> tuple | None:
    line = buf[ls:eol]
    hend = header.end() - ls
    m = _CLIENT.match(line, hend)
    if m is None or not line.isascii() or line.find(b"\x1b") >= 0 or line.find(b"\\") >= 0:
        return None
    return (b"access", line[:hend], line[m.end() - 4:])


# A header's level and component, decoded (bounded: a log has a handful of each).
_WORDS: dict[bytes, str] = {}


def _word(raw: bytes, encoding: str) -> str:
    text = raw.decode(encoding, "replace")
    if len(_WORDS) < 256:
        _WORDS[raw] = text
    return text


def _last_exception_line(text: str) -> str:
    """The `SomeError: message` line that ends a traceback (the first line if there is none)."""
    lines = [PREFIX_TEXT.sub("", line, count=1) for line in strip_ansi(text).splitlines()]
    lines = [line for line in lines if line.strip()]
    for line in reversed(lines):
        if _EXCEPTION_LINE.match(line):
            return line.strip()
    for line in reversed(lines):
        if not line.startswith((" ", "\t", "Traceback", "During handling", "The above exception")):
            return line.strip()
    return lines[0].strip() if lines else ""


PREFIX_TEXT = rx(_PREFIX.decode("ascii"))


def _known_column(line: bytes) -> int:
    """Where the collector's column that `_PREFIX` reads ends (0: none)."""
    return PREFIX.match(line).end()


_CONTROL = bytes(b for b in range(256) if b < 9 or 13 < b < 27 or 27 < b < 32 or b == 127)


def _refuse_binary(head: bytes) -> None:
    sample = head[:65536]
    if not sample:
        return
    bad = len(sample) - len(sample.translate(None, _CONTROL))  # control bytes other than tab, newline, ESC
    if bad / len(sample) > 0.10:
        raise InputError("the log looks like binary data (a compressed or binary file?), not a LiteLLM log; "
                         "decompress it first, e.g. `zcat proxy.log.gz | litellm-doctor diagnose --log -`")
