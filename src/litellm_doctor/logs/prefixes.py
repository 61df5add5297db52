"""Text prefixes that log collectors write before each line, learned from the log and removed before the reader.

The reader's line-start pattern (`reader._PREFIX`) knows the prefixes it can tell from a log line by their
shape alone: `docker compose logs`, `docker service logs`, `kubectl logs --prefix`, and a leading ISO time
(`kubectl`/`docker`/`podman logs --timestamps`, a GitHub Actions job log, `aws logs tail --format short`).
The prefixes here cannot be told from a log line by their shape alone (`pod container ` could be the first two
words of any line), so they are learned: a sampled line that the reader does not recognise, but does once one
collector's prefix is taken off, is a vote for that collector; two votes switch it on for the rest of the file,
and from then on that collector's prefix is removed from every line that has it (one `re.sub` per read, over
the read's line starts: a log without such a prefix costs a few dozen pattern tests a read, nothing per line).
A prefix's time is kept, in the ISO form the reader and the time window read (`2026-12-05T03:58:01.123456+00:00 `);
a time without a year (classic syslog) is dropped, and the LiteLLM line's own time is read instead.

| collector | prefix (exact format: tests/logs/shapes.py) |
|---|---|
| `gh run view --log` | `job<TAB>step<TAB>` before the job log's time |
| `fly logs` | `2026-12-05T03:58:01Z app[784e903f2d76e8] ams [info]` |
| `heroku logs` (Logplex) | `2026-12-05T03:58:01.123456+00:00 app[web.1]: ` |
| `journalctl -o short-iso[-precise]`, rsyslog's RSYSLOG_FileFormat | `2026-12-05T03:58:01[.123456]+0000 host tag[pid]: ` |
| `journalctl` (short, short-precise), classic syslog files | `Dec 05 03:58:01[.123456] host tag[pid]: ` |
| `logcli query` (default output) | `2026-12-05T03:58:01Z {app="litellm", ...} ` |
| `podman logs` of several containers | the container's 12-character id |
| stern (default template, with or without colour) | `[namespace ]pod container ` |
| `aws logs tail` (detailed, the default) | `2026-12-05T03:58:01.123456+00:00 stream-name ` |

A collector that is not in the table is learned by its column's shape: when three sampled lines have LiteLLM's
header (`03:58:01 - LiteLLM Router:INFO: `) or uvicorn's level (`INFO:     `) after the same column (the same
words, any digits), that column is removed from every line that starts with it (reported as `learned-prefix`).

A file may concatenate several collectors' text outputs (stern's, then `kubectl logs`'; journalctl's, then
`docker logs -t`'): each collector's prefix is removed from the lines that have it, and the sampling looks on
densely where a sampled line has the shape of a collector not yet seen (a short segment in the middle of a read).
A collector whose prefix, in its general shape, also fits lines the reader reads as they are (`aws logs tail`'s
`time stream-name ` takes a `docker logs -t` line's first word: `2026-...Z Traceback (most recent call last):`)
is, once such a line was sampled, removed only as learned: its time, then one of the stream names (hosts, tags)
sampled. JSON framings are unwrapped per line (framing.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..regexcache import rx

_C = rb"(?:\x1b\[[0-9;]*m)*"  # colour codes a collector may put around a column
_ISO = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)"
_ANY_ISO = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)"  # (journalctl's `+0000` too)
_DNS = rb"[a-z0-9](?:[a-z0-9.\-]{0,251}[a-z0-9])?"  # a Kubernetes name (a pod's, a container's, a namespace's)
_SYSLOG_TAG = rb" [^\s\x1b]{1,255} [^\s\[:]{1,128}(?:\[\d{1,10}\])?: ?"  # host tag[pid]:

# (name, prefix at a line start, what replaces it), most specific first: a sampled line votes for the first
# collector whose prefix, taken off, leaves a line the reader recognises.
COLLECTORS: tuple[tuple[str, bytes, bytes], ...] = (
    ("gh-run-log", rb"[^\t\n]{1,200}\t[^\t\n]{1,200}\t(?=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)", b""),
    ("fly", _C + rb"(?P<ts>" + _ISO + rb")" + _C + rb" " + _C + rb"\w{1,32}\[[0-9a-f]{1,32}\]" + _C + rb" " + _C
     + rb"[a-z]{3}" + _C + rb" \[" + _C + rb"[a-z]{1,10}" + _C + rb"\]", rb"\g<ts> "),  # `[info]message`
    ("heroku", _C + rb"(?P<ts>" + _ISO + rb") [\w\-]{1,64}\[[\w.\-]{1,64}\]:" + _C + rb" ?", rb"\g<ts> "),
    ("syslog-iso", rb"(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?[+-]\d\d:?\d\d)" + _SYSLOG_TAG, rb"\g<ts> "),
    ("syslog", rb"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d{1,9})?" + _SYSLOG_TAG, b""),
    ("logcli", _C + rb"(?P<ts>" + _ISO + rb")" + _C + rb" " + _C + rb"\{[^{}\n]{0,2000}\}" + _C + rb" +", rb"\g<ts> "),
    ("podman-multi", rb"[0-9a-f]{12} ", b""),
    ("stern-namespaces", (_C + _DNS + _C + rb" ") * 3, b""),
    ("stern", (_C + _DNS + _C + rb" ") * 2, b""),
    # (`aws logs tail` strips each line's end: an empty message leaves no space after the stream's name.)
    ("aws-logs-tail", _C + rb"(?P<ts>" + _ISO + rb")" + _C + rb" " + _C + rb"[^\s\x1b]{1,512}" + _C + rb"(?: |(?=[\r\n])|\Z)",
     rb"\g<ts> "),
)
_AT_START = {name: rx(shape) for name, shape, _ in COLLECTORS}
_AFTER_NEWLINE = {name: rx(rb"\n" + shape) for name, shape, _ in COLLECTORS}
_KEEP = {name: keep for name, _, keep in COLLECTORS}
# A traceback's lines, the frames with their indentation: under a collector's prefix, as telling as a header.
_TRACEBACK_LINES = (b'  File "', b"Traceback (most recent call last)")
_TIMED = rx(rb"[A-Z][a-z]{2} [ \d]\d \d\d:")  # a classic syslog time: never the same twice
_ESCAPED = ("syslog", "syslog-iso")  # rsyslog writes a control character as `#` and its octal code (`#033`)

# A collector not in the table: LiteLLM's header or uvicorn's level later in a line than its start, after a column
# that the sampled lines share (the same words, any digits): its shape is learned as it is.
_INNER = rx(rb"\d\d:\d\d:\d\d - LiteLLM[^:\n]{0,40}:[A-Z]+: |(?:INFO|WARNING|ERROR|DEBUG|CRITICAL):     ")
_DIGITS = rx(rb"(\d+)")
LEARNED = "learned-prefix"  # the report's name for such a column

VOTES = 2  # sampled lines that must agree before a collector's prefix is removed
VOTES_LEARNED = 3  # (a column of a collector not in the table: one more)
_SAMPLE_HEAD = 32  # lines sampled at the start of each read (and after a line that votes),
_SAMPLE_STEP = 64 * 1024  # and a few lines every this many bytes after (and the read's last few)
_SAMPLE_BURST = 4
_EARLY = 1024 * 1024  # after the file's first MB, if no line voted:
_SAMPLE_STEP_LATER = 1024 * 1024  # a few lines every MB (and a read's first and last few)
_TAIL = 2048
_LOOKS = 8


class LinePrefixes:
    """`strip(chunk, start)`: chunk with the learned collectors' prefixes removed from its lines from `start` on."""

    def __init__(self, recognised: Callable[[bytes], object], known: Callable[[bytes], int] = lambda line: 0) -> None:
        self.recognised = recognised  # does the reader know this line as it is (a record header)?
        self.known = known  # where a column the reader reads itself ends (reader._PREFIX: compose, kubectl, a time)
        self.active: list[str] = []
        self.votes: Counter[str] = Counter()
        self.seen: Counter[str] = Counter()  # lines stripped, by collector (the report's framings)
        # What comes between a kept time and the message (` stream-name `, ` host tag[pid]: `), as sampled.
        # A prefix with no time (`pod container `) is kept whole.
        self.middles: dict[str, Counter[bytes]] = {name: Counter() for name, _, keep in COLLECTORS}
        # Columns of collectors not in the table, by their shape (a pattern: the words as they are, digits any).
        self.learned_votes: Counter[bytes] = Counter()
        self.learned: dict[str, tuple[re.Pattern[bytes], re.Pattern[bytes]]] = {}
        self._column_voted = False
        self._looks = 0  # dense samplings started by a line of a segment read as it is (at most _LOOKS)
        self._shaped = False  # the last line _vote looked at had a collector's prefix (whether it voted or not)
        self._sampled = 0  # bytes sampled from
        # Collectors whose prefix, in its general shape, also fits lines the reader reads as they are (`aws logs
        # tail`'s stream name would take a `docker logs -t` line's first word): a file of several collectors'
        # outputs. Theirs is then removed only where it is as learned (the stream names, hosts, columns sampled),
        # so each segment keeps its own prefix.
        self.collided: set[str] = set()
        self._exact: dict[str, tuple[frozenset[bytes], re.Pattern[bytes]]] = {}

    def learn(self, chunk: bytes, start: int = 0, end: int | None = None) -> bool:
        """Sample chunk[start:end]'s lines (whole lines); True when a collector was switched on."""
        found = False
        end = len(chunk) if end is None else end
        pos = start
        # Past the file's first MB with nothing seen, fewer lines: the sampling is all a plain log pays.
        early = self._sampled < _EARLY or self.votes or self.learned_votes
        self._sampled += end - start
        step = _SAMPLE_STEP if early else _SAMPLE_STEP_LATER
        dense = _SAMPLE_HEAD if early else _SAMPLE_BURST  # lines still to sample one after the other
        while pos < end:
            eol = chunk.find(b"\n", pos, end)
            line = chunk[pos: min(eol if eol >= 0 else end, pos + 4096)]
            if line[:1] not in (b" ", b"\t", b"", b"\r") and not self.recognised(line):
                if (self._looks < _LOOKS and self.active and (k := self.known(line)) and line.startswith(_TRACEBACK_LINES, k)
                        and any(_KEEP.get(a) and a not in self.collided for a in self.active)):
                    # A traceback read as it is after a time (`docker logs -t`): another collector's segment, whose
                    # lines may fit an active collector's general prefix; look on.
                    self._looks += 1
                    self._collisions(line)
                    dense = max(dense, _SAMPLE_HEAD)
                name = self._vote(line)
                if name is not None:
                    self.votes[name] += 1
                    dense = _SAMPLE_HEAD  # a collector's line: look at the lines after it too
                    if self.votes[name] >= VOTES or name in self.learned:
                        self.active.append(name)
                        found = True
                elif self._column_voted or self._shaped:
                    # A line in a collector's shape that did not vote (a traceback's line, a message's): a
                    # collector's output may begin here (a file of several collectors' outputs), look on.
                    self._column_voted = self._shaped = False
                    dense = max(dense, _SAMPLE_HEAD)
            elif line[:1] not in (b" ", b"\t", b"", b"\r") and self.known(line) and self._collisions(line):
                dense = max(dense, _SAMPLE_HEAD)
            if eol < 0:
                break
            if dense > 0:
                dense -= 1
                pos = eol + 1
                continue
            # The next few lines _SAMPLE_STEP on, or the read's last few (a collector's output may begin there).
            nl = chunk.find(b"\n", min(pos + step, end - _TAIL), end)
            if nl < 0 or nl + 1 <= pos:
                break
            pos = nl + 1
            dense = _SAMPLE_BURST - 1
        return found

    def _vote(self, line: bytes) -> str | None:
        for name, (at_start, _) in self.learned.items():
            if at_start.match(line):
                return None
        for name, _, keep in COLLECTORS:
            m = _AT_START[name].match(line)
            if m is not None:
                rest = line[m.end():]
                if (rest.startswith(_TRACEBACK_LINES) or self.recognised(m.expand(keep) + rest)
                        or rest.startswith(_TRACEBACK_LINES, self.known(rest))):  # (podman's id, then a time)
                    if not keep:
                        self.middles[name][m.group()] += 1  # `pod container `: the whole prefix
                    elif m.start("ts") == 0:
                        self.middles[name][line[m.end("ts"): m.end()]] += 1
                    return None if name in self.active else name
                # A line in this collector's shape that did not vote: news, unless an active collector's line.
                self._shaped = self._shaped or not any(_AT_START[a].match(line) for a in self.active if a in _AT_START)
        return self._learn_column(line)

    def _learn_column(self, line: bytes) -> str | None:
        """A column before LiteLLM's header or uvicorn's level that no collector in the table writes: its shape
        gets a vote, and the third vote switches it on (a name of its own)."""
        m = _INNER.search(line, 1, 400)
        if m is None:
            return None
        column = line[: m.start()]
        if self.known(line) >= len(column) or len(column) > 200 or not column.strip() or column[-1:] not in (b" ", b"\t", b"|", b"]", b":", b">", b")"):
            return None
        shape = b"".join(rb"\d{1,20}" if i % 2 else re.escape(part) for i, part in enumerate(_DIGITS.split(column)))
        self.learned_votes[shape] += 1
        self._column_voted = True
        if self.learned_votes[shape] < VOTES_LEARNED:
            return None
        name = LEARNED if LEARNED not in self.learned else f"{LEARNED}-{len(self.learned) + 1}"
        self.learned[name] = (re.compile(shape), re.compile(rb"\n" + shape))
        self.middles[name] = Counter({column: VOTES_LEARNED})
        return name

    def _collisions(self, line: bytes) -> bool:
        """A sampled line the reader reads as it is, after a column it reads itself (an ISO time): the collectors
        whose general prefix would take part of it. True when one is found that was not yet."""
        found = False
        for name, _, keep in COLLECTORS:
            if keep and name not in self.collided and _AT_START[name].match(line):
                self.collided.add(name)
                found = True
        return found

    def _pattern(self, name: str) -> re.Pattern[bytes]:
        """The pattern that removes a collector's prefix: its general shape, or, when that shape fits another
        segment's lines too, the prefixes as learned (the parts sampled between the time and the message)."""
        if name in self.learned:
            return self.learned[name][1]
        middles = self.middles.get(name)
        if name not in self.collided or not middles:
            return _AFTER_NEWLINE[name]
        known = frozenset(middles)
        cached = self._exact.get(name)
        if cached is None or cached[0] != known:
            # (A part that ends in a space may end the line instead: `aws logs tail` strips an empty message's.)
            parts = sorted((re.escape(m.rstrip(b" ")) + rb"(?: |(?=[\r\n])|\Z)" if m.endswith(b" ") else re.escape(m)
                            for m in known), key=len, reverse=True)
            rx = rb"\n" + _C + rb"(?P<ts>" + _ANY_ISO + rb")(?:" + b"|".join(parts) + rb")"
            cached = self._exact[name] = (known, re.compile(rx))
        return cached[1]

    def strip(self, chunk: bytes, start: int = 0) -> bytes:
        if not self.active:
            return chunk
        head, body = chunk[:start], chunk[start:]
        if not body:
            return chunk
        if len(self.active) == 1 and (fast := self._strip_middle(self.active[0], body)) is not None:
            return head + _unescape(self.active[0], fast)
        body = b"\n" + body
        for name in self.active:
            pattern = self._pattern(name)
            body, n = pattern.subn(b"\n" + _KEEP.get(name, b""), body)
            if n:
                self.seen[name] += n
                body = _unescape(name, body)
        return head + body[1:]

    def _strip_middle(self, name: str, body: bytes) -> bytes | None:
        """body with the one part between a kept time and the message that every line has (` stream-name `) taken
        out by a bytes.replace, when each line has it once: the same lines as the re.sub, at memchr speed (a
        template with a group costs a Python call a line before Python 3.12). None when not every line has it."""
        middles = self.middles.get(name)
        if not middles:
            return None
        middle = middles.most_common(1)[0][0]
        lines = body.count(b"\n") + (not body.endswith(b"\n"))
        if not _KEEP.get(name):
            # The whole prefix, at each line start.
            if _TIMED.match(middle) or (b"\n" + body).count(b"\n" + middle) != lines:
                return None
            self.seen[name] += lines
            return (b"\n" + body).replace(b"\n" + middle, b"\n")[1:]
        by = b" "
        if middle.endswith(b" ") and not middle.endswith(b"  "):
            # Its one space kept: a line with nothing after the prefix (`aws logs tail` strips it) has it too.
            middle, by = middle[:-1], b""
        if body.count(middle) != lines:
            return None
        self.seen[name] += lines
        return body.replace(middle, by)


def _unescape(name: str, body: bytes) -> bytes:
    """rsyslog's escaped ESC read back (the colours LiteLLM writes around a level or a status)."""
    return body.replace(b"#033[", b"\x1b[") if name in _ESCAPED and b"#033[" in body else body


__all__ = ["COLLECTORS", "LinePrefixes"]
