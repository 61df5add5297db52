"""The times of a log triage's groups, as the text and markdown reports show them: the span from the first
failure to the last (`03:57:54 – 03:57:56 (2 s)`) and each group's first–last time to the second.

Times are kept as the log wrote them (a time of day alone, or a date and a time, with or without a fraction or
a zone); only their date and time of day are read here, and a span is shown only when they tell it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..regexcache import rx

if TYPE_CHECKING:
    from ..model_more import LogGroup

_TIME = rx(r"(?:(\d{4}-\d\d-\d\d)[T ])?(\d\d):(\d\d):(\d\d)")
# Times of day without a date further apart than this may be on two days: no span is claimed.
_ONE_DAY_AT_MOST = 12 * 3600


def _clock(t: str | None) -> tuple[str, int] | None:
    """(date or "", seconds into the day) of a time as the reader keeps it, or None (no time of day)."""
    m = _TIME.search(t or "")
    if m is None:
        return None
    return m.group(1) or "", int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4))


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def spans_dates(groups) -> bool:
    """Do the groups' times span more than one date (each line then shows the date too)?"""
    dates = {c[0] for g in groups for c in (_clock(g.first_seen), _clock(g.last_seen)) if c is not None}
    return len(dates) > 1


def when(g: LogGroup, dated: bool) -> str:
    """The group's first and last time, to the second; with the month and day (`12-05 16:20:39`) when
    the log spans several dates, the last one's only when it differs from the first's."""
    first, last = _clock(g.first_seen), _clock(g.last_seen)
    if first is None or (last is None and g.last_seen):
        raw = [(t or "")[:19] for t in (g.first_seen, g.last_seen)]
        return raw[0] if raw[1] in ("", raw[0]) else f"{raw[0]}–{raw[1]}"
    start = (f"{first[0][5:]} " if dated and first[0] else "") + _hms(first[1])
    if last is None or last == first:
        return start
    end = (f"{last[0][5:]} " if dated and last[0] and last[0] != first[0] else "") + _hms(last[1])
    return f"{start}–{end}"


def time_span(groups) -> str | None:
    """`03:57:54 – 03:57:56 (2 s)`: from the first failure to the last, or None when the times do not
    tell (a group without a time, whose failures may be anywhere; dates on some only; times of day alone
    more than 12 hours apart, which may be two days)."""
    if not groups or any(not g.first_seen for g in groups):
        return None
    stamps = [_clock(t) for g in groups for t in (g.first_seen, g.last_seen) if t]
    if None in stamps:
        return None
    with_date = {bool(s[0]) for s in stamps}  # type: ignore[index]
    if with_date == {True, False}:
        return None
    first, last = min(stamps), max(stamps)  # type: ignore[type-var]
    if first[0]:
        try:
            days = (date.fromisoformat(last[0]) - date.fromisoformat(first[0])).days
        except ValueError:
            return None
    else:
        days = 0
    seconds = days * 86400 + last[1] - first[1]
    if not first[0] and seconds > _ONE_DAY_AT_MOST:
        return None
    start = f"{first[0]} {_hms(first[1])}" if first[0] else _hms(first[1])
    if seconds == 0:
        return f"at {start}"
    end = _hms(last[1]) if last[0] == first[0] else f"{last[0]} {_hms(last[1])}"
    return f"{start} – {end} ({_duration(seconds)})"


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
