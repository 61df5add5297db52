"""A log listed newest first, read in time order.

`logcli query` without `--forward` prints a Loki stream's lines newest first, and so do some UIs' exports (a
Grafana or Kibana table copied out, a log viewer's download). Read as it comes, such a log is upside down: a
failed request's access line comes before its error record, the Router's "Falling back" line before the call that
failed, a traceback's exception line before its frames; first and last seen are swapped, and calls a fallback
rescued count as failures. The JSON documents of exports are put in time order by document.py; this is the text.

The test is made once, on the log's start (`HEAD` bytes): the times at its line starts (a collector's ISO time,
LiteLLM's `HH:MM:SS`, a syslog time), each against the one before of the same form. A log is newest first when
at least `MIN_STEPS` of those steps go back in time and at most one in `AGAINST` goes forward: a log written by
several processes has a few lines out of order, each a step back among many steps forward, and is left as it is.

Such a log is then read from its end to its start (a file seeks; a pipe is first copied to a temporary file), one
*unit* at a time: a line with a time and the lines after it without one (a collector's entry that holds a whole
traceback stays whole). When the start's tracebacks are upside down too (their frames before their `Traceback
(most recent call last):` line: each line was an entry of its own, as Loki keeps them), each line is a unit.
Memory is bounded as the reader's: a read of `CHUNK` bytes at a time. A log in time order costs one regex pass
over its first `HEAD` bytes.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from ..regexcache import rx
from ..boundedio import read_head
from .document import Chain, _may_be_document

HEAD = 256 * 1024
CHUNK = 4 * 1024 * 1024
MAX_UNIT = 1024 * 1024  # a unit longer than this (no time for a MB) is cut where a read ends
MIN_STEPS = 3  # steps back in time needed to call a log newest first,
AGAINST = 5  # and no more than one step forward for this many back
NOTE = "read newest-first (its times run backwards): shown in time order"

# A time near a line's start (after a collector's column): a date and a time, or a time alone; not a line that
# starts with a space (a traceback's frame, a JSON document's member).
_TIMED = rx(
    rb"^(?![ \t\r\n])[^\n]{0,100}?(?<![\d:.])(?:(?P<date>\d{4}-\d\d-\d\d)[T ])?(?P<time>\d\d:\d\d:\d\d(?:[.,]\d{1,9})?)(?!\d)",
    re.MULTILINE,
)
# Where a unit starts: a line with a time near its start, or a JSON line.
_UNIT = rx(rb"^(?:\{|(?![ \t\r\n])[^\n]{0,100}?(?<![\d:.])(?:\d{4}-\d\d-\d\d[T ])?\d\d:\d\d:\d\d(?!\d))", re.MULTILINE)
_JSON_TIME = rx(
    rb'"(?i:@timestamp|timestamp|time|ts|date|__realtime_timestamp|timeunixnano|timegenerated)\\?"\s*:\s*\\?"?(?P<v>\d[\dT:.\-+Z ]{9,34})')
_FRAME = b'  File "'
_TRACEBACK = b"Traceback (most recent call last)"


def newest_first(head: bytes) -> tuple[bool, bool]:
    """(does this start of a log run backwards in time?, are its lines each reversed, tracebacks included?)"""
    if _may_be_document(head):
        return False, False  # a JSON document (document.py puts its records in time order)
    lines = head.count(b"\n") + 1
    json_lines = head.count(b"\n{") + head.startswith(b"{") > lines // 2  # a shipper's JSON lines, an entry each
    last: dict[bool, bytes] = {}
    back = forward = 0
    for key, dated in _mixed_times(head) if b"\n{" in head or head.startswith(b"{") else _times(head):
        before = last.get(dated)
        if before is not None and key != before:
            if key < before:
                back += 1
            else:
                forward += 1
        last[dated] = key
    if back < MIN_STEPS or forward * AGAINST > back:
        return False, False
    return True, json_lines or _tracebacks_upside_down(head)


# A clock, which every `_TIMED` match holds: only the lines with one are tried (a search for it skips the rest at
# C speed; `_TIMED` tries up to 100 places of each line without a time: ~2,400 lines in a 256 KB head of a proxy log).
_CLOCK = rx(rb"\d\d:\d\d:\d\d")


def _times(head: bytes):
    """The time near each line's start, as `_TIMED.finditer(head)` finds them (one a line, at its start)."""
    tried = -1
    for clock in _CLOCK.finditer(head):
        start = head.rfind(b"\n", 0, clock.start()) + 1
        if start == tried:
            continue  # (another clock on a line already tried)
        tried = start
        m = _TIMED.match(head, start)
        if m is not None:
            yield _time_key(m)


def _time_key(m: re.Match) -> tuple[bytes, bool]:
    """A `_TIMED` match as (a key that sorts as the time does, did it carry a date?)."""
    date, time = m.group("date", "time")
    return (date + b"T" if date else b"") + time.replace(b",", b"."), date is not None


def _mixed_times(head: bytes):
    """The time field of each JSON line (its first one: a shipper's, around the message's own), and the time at
    the start of each other line."""
    for line in head.split(b"\n"):
        m = _JSON_TIME.search(line) if line.startswith(b"{") else _TIMED.match(line)
        if m is None:
            continue
        yield (m.group("v"), True) if line.startswith(b"{") else _time_key(m)


def _tracebacks_upside_down(head: bytes) -> bool:
    """Do the start's tracebacks have their frames before their `Traceback (most recent call last):` line?"""
    up = down = 0
    pos = head.find(_TRACEBACK)
    while pos >= 0 and up + down < 50:
        before = head.rfind(b"\n", 0, max(0, head.rfind(b"\n", 0, pos)))
        after = head.find(b"\n", pos)
        if _FRAME in head[max(0, before): pos]:
            up += 1
        elif after >= 0 and _FRAME in head[after: head.find(b"\n", after + 1) if head.find(b"\n", after + 1) > 0 else len(head)]:
            down += 1
        pos = head.find(_TRACEBACK, pos + 1)
    return up > down


def in_time_order(stream: BinaryIO) -> tuple[BinaryIO, bool]:
    """(a stream of the log in time order, was it newest first?). The stream returned yields every byte."""
    head = read_head(stream, HEAD)
    backwards, by_line = newest_first(head)
    if not backwards:
        return Chain(head, stream), False
    seekable = getattr(stream, "seekable", None)
    if seekable is not None and seekable():
        start = stream.tell() - len(head)  # (a stream may not start at offset 0)
        return _Backwards(stream, stream.seek(0, 2), by_line, lo=start), True
    # (imported here: shutil and tempfile import bz2, lzma and random, ~5 ms that a log in time order, or a file, never needs)
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    spill = tempfile.TemporaryFile()  # a pipe: copied (bounded memory), then read from its end
    spill.write(head)
    shutil.copyfileobj(stream, spill, CHUNK)
    return _Backwards(spill, spill.tell(), by_line, lo=0), True


class _Backwards:
    """A seekable binary stream's bytes lo..end read unit by unit, the last unit first."""

    def __init__(self, f: BinaryIO, end: int, by_line: bool, lo: int = 0) -> None:
        self._f = f
        self._lo = lo
        self._pos = end
        self._by_line = by_line
        self._carry = b""  # the start of the last read: lines whose unit began before it
        self._out = b""
        self._sent = 0

    def read(self, n: int = -1) -> bytes:
        while (n < 0 or len(self._out) - self._sent < n) and (self._pos > self._lo or self._carry):
            self._more()
        if n < 0:
            out, self._out, self._sent = self._out[self._sent:], b"", 0
            return out
        out = self._out[self._sent: self._sent + n]
        self._sent += len(out)
        if self._sent >= len(self._out):
            self._out, self._sent = b"", 0
        return out

    def _more(self) -> None:
        size = min(CHUNK, self._pos - self._lo)
        self._pos -= size
        self._f.seek(self._pos)
        data = self._f.read(size) + self._carry
        self._carry = b""
        if self._pos > self._lo:
            # The read's first line may have begun before it, and its first units may go on from an earlier one:
            # kept for the next read, up to the first unit that starts here.
            cut = data.find(b"\n") + 1
            if cut and not self._by_line:
                m = _UNIT.search(data, cut)
                cut = m.start() if m else 0
            if cut <= 0:
                if len(data) <= MAX_UNIT:
                    self._carry = data
                    return
                cut = data.find(b"\n") + 1 or len(data)
            self._carry, data = data[:cut], data[cut:]
        if not data:
            return
        if not data.endswith(b"\n"):
            data += b"\n"
        lines = data.count(b"\n")
        starts = None if self._by_line else [m.start() for m in _UNIT.finditer(data)]
        if starts is None or len(starts) >= lines:
            parts = data[:-1].split(b"\n")  # every line a unit: one split and one join
            parts.reverse()
            piece = b"\n".join(parts) + b"\n"
        else:
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
            units = [data[a:b] for a, b in zip(starts, starts[1:] + [len(data)])]
            units.reverse()
            piece = b"".join(units)
        self._out = self._out[self._sent:] + piece
        self._sent = 0
