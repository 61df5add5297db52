"""`--since` / `--until`: cut a long log to the incident window before the triage reads it.

    window = TimeWindow.parse(since="2026-12-05T03:00", until="30m")
    kept, dropped = window.cut(chunk)          # line-aligned bytes in, the lines inside the window out

A bound is an ISO time (`2026-12-05T03:00`, `2026-12-05 03:00:00Z`, `...+02:00`), a time of day
(`03:00`, `03:00:30`), or a time relative to now (`30m`, `2h`, `90s`, `1d`: that long ago). A line's
time is the first one it carries: the collector's (`kubectl --timestamps`, a shipped line's, which
framing.py writes as ISO UTC), LiteLLM's `HH:MM:SS - ...` header, an application's date, or a JSON
line's `timestamp`. A line without a time (a traceback frame, an access line) inherits the last one
seen, so a record is kept or left out whole. Times with a zone are compared in UTC; times without
one are compared as written (LiteLLM prints the proxy's local time, UTC in most containers); when
either side has no date (LiteLLM's own header has none), only the time of day is compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ..regexcache import rx
from ..errors import InputError

_RELATIVE = rx(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)\s*$", re.IGNORECASE)
_CLOCK = rx(r"^\s*(\d{1,2}):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?\s*$")
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
# The first time on a line, after a collector's name column.
_LINE_TIME = rx(
    rb"(?:\[pod/[^\]\n]{1,250}\] |[\w.\-]{1,80}(?: [\w.\-]{1,80})? *\| ?)?\[?"
    rb"(?:(?P<date>\d{4}-\d\d-\d\d)[ T])?(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)(?:[.,]\d+)?(?P<z>Z|[+-]\d\d:?\d\d)?"
)
_JSON_TIME = rx(rb'"(?:timestamp|time|@timestamp)": ?"(?P<date>\d{4}-\d\d-\d\d)[ T](?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)(?:\.\d+)?(?P<z>Z|[+-]\d\d:?\d\d)?')


@dataclass(frozen=True)
class Bound:
    when: datetime | None  # naive (UTC when a zone or "ago" was given); None for a time of day only
    seconds: int  # time of day, in seconds

    def key(self, has_date: bool):
        return self.when if (has_date and self.when is not None) else self.seconds


def parse_bound(text: str, *, now: datetime | None = None, option: str = "--since") -> Bound:
    """One --since/--until value; InputError (a one-line message, exit 2) when it is not a time."""
    try:
        return _parse_bound(text, now, option)
    except OverflowError:  # `99999999999d`, `0001-01-01T00:00+05:00`: before year 1 or after 9999 (was exit 3)
        raise InputError(f"{option} {text[:80]!r}: outside the dates a log can hold (years 1 to 9999)") from None


def _parse_bound(text: str, now: datetime | None, option: str) -> Bound:
    now = now or datetime.now(timezone.utc)
    m = _RELATIVE.match(text)
    if m:
        when = (now - timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2).lower()])).astimezone(timezone.utc).replace(tzinfo=None)
        return Bound(when, when.hour * 3600 + when.minute * 60 + when.second)
    m = _CLOCK.match(text)
    if m:
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if h < 24 and mi < 60 and s < 60:
            return Bound(None, h * 3600 + mi * 60 + s)
    value = text.strip().replace(" ", "T", 1)
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option} {text!r}: not a time; use an ISO time (2026-12-05T03:00, 2026-12-05 03:00:00Z), "
            "a time of day (03:00) or a time ago (30m, 2h, 1d)"
        ) from None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return Bound(when, when.hour * 3600 + when.minute * 60 + when.second)


class TimeWindow:
    """Keeps the lines whose time (their own, or the last one seen) is inside [since, until]."""

    def __init__(self, since: Bound | None, until: Bound | None) -> None:
        self.since = since
        self.until = until
        self._inside = since is None  # before the first time is seen: out if a start was asked for
        self.lines_out = 0

    @classmethod
    def parse(cls, since: str | None, until: str | None, *, now: datetime | None = None) -> "TimeWindow | None":
        if not since and not until:
            return None
        s = parse_bound(since, now=now, option="--since") if since else None
        u = parse_bound(until, now=now, option="--until") if until else None
        return cls(s, u)

    def _decide(self, m: re.Match[bytes]) -> bool:
        h, mi, s = int(m.group("h")), int(m.group("m")), int(m.group("s"))
        date = m.group("date")
        when: datetime | int
        if date:
            try:
                when = datetime(int(date[:4]), int(date[5:7]), int(date[8:10]), h, mi, s)
                z = m.group("z")
                if z and z not in (b"Z",):
                    sign = 1 if z[:1] == b"+" else -1
                    digits = z[1:].replace(b":", b"")
                    when -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            except (ValueError, OverflowError):  # (a line of `0001-01-01 00:00:00+05:00`: before year 1 in UTC, exit 3)
                return self._inside
        seconds = h * 3600 + mi * 60 + s
        for bound, after in ((self.since, True), (self.until, False)):
            if bound is None:
                continue
            ref = bound.key(bool(date))
            mine = when if (date and isinstance(ref, datetime)) else seconds
            if after and mine < ref:
                return False
            if not after and mine > ref:
                return False
        return True

    def cut(self, chunk: bytes) -> tuple[bytes, int]:
        """(the lines of a line-aligned chunk inside the window, how many lines were left out)."""
        kept: list[bytes] = []
        dropped = 0
        match, jsearch = _LINE_TIME.match, _JSON_TIME.search
        inside = self._inside
        for line in chunk.splitlines(keepends=True):
            m = match(line) if line[:1] != b"{" else jsearch(line, 0, 400)
            if m is not None and (m.group("date") or line[m.end():m.end() + 1] in (b" ", b",", b".", b"]", b"Z", b"\"")):
                inside = self._decide(m)
            if inside:
                kept.append(line)
            elif line.strip():
                dropped += 1
        self._inside = inside
        self.lines_out += dropped
        return b"".join(kept), dropped


__all__ = ["TimeWindow", "parse_bound", "Bound"]
