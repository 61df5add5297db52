"""Collectors' text prefixes learned from the log (logs/prefixes.py): the lab's real logs framed by stern, logcli,
`aws logs tail`, journalctl, syslog files, podman, heroku, fly, GitHub Actions (tests/logs/shapes.py)."""

from __future__ import annotations

import io
import random
from collections import Counter

import pytest

from litellm_doctor.logs import triage_stream
from litellm_doctor.logs.reader import LogReader

from . import shapes
from .conftest import failures_by_category

NAMES = [s[0] for s in shapes.PREFIX_SHAPES]


def _triage(text: str, **kw):
    return triage_stream(io.BytesIO(text.encode("utf-8")), **kw)


def _groups(report) -> Counter:
    return Counter((g.category, g.kind, g.count) for g in report.groups)


def _unframed(name: str):
    """The same log with the lines as the collector shows them, without its prefix: journalctl's without colours,
    heroku's and logcli's trimmed (rsyslog's escaped colours are read back by the reader)."""
    fixture = next(f for n, f, _ in shapes.PREFIX_SHAPES if n == name)
    lines = shapes._lines(fixture)
    if name.startswith("journalctl"):
        lines = shapes._nocolor(lines)
    elif name.startswith(("heroku", "logcli")):
        lines = [line.strip() for line in lines]
    return _triage("\n".join(lines) + "\n")


@pytest.mark.parametrize("name", NAMES)
def test_each_prefix_shape_counts_the_planted_failures_and_nothing_else(name, engine):
    text, expected = shapes.shape_log(name)
    report = _triage(text)
    assert failures_by_category(report) == dict(expected)
    assert report.facts.get("log_shape") != "unrecognised"
    # The same groups as the log without its collector: a call a fallback rescued stays a rescued call
    # (kind "call"), never a failed request.
    assert _groups(report) == _groups(_unframed(name))


@pytest.mark.parametrize("name", NAMES)
def test_a_prefix_learned_across_small_reads(name, small_chunks):
    text, expected = shapes.shape_log(name)
    small_chunks(777)
    assert failures_by_category(_triage(text)) == dict(expected)


def test_the_collector_is_reported():
    text, _ = shapes.shape_log("stern-fallbacks")
    assert "stern" in _triage(text).facts["log_framing"]


def test_a_prefix_that_starts_mid_file():
    """A plain log, then the same proxy's stern output (learned where it starts; the plain lines are untouched)."""
    plain = "\n".join(shapes._lines("proxy-default") * 4) + "\n"
    text, expected = shapes.shape_log("stern-fallbacks")
    report = _triage(plain + text)
    want = Counter(expected)
    for _ in range(4):
        want.update(shapes.MANIFEST["proxy-default"]["failures_by_category"])
    assert failures_by_category(report) == dict(want)


@pytest.mark.parametrize("name", [s[0] for s in shapes.PROXY_SHAPES])
def test_no_prefix_is_learned_from_the_other_shapes(name):
    text, _ = shapes.shape_log(name)
    reader = LogReader(io.BytesIO(text.encode()))
    for _ in reader:
        pass
    assert reader.prefixes.active == []


def test_no_prefix_is_learned_from_an_applications_log():
    lines, _ = shapes.sdk_app_log(random.Random(2), 40)
    reader = LogReader(io.BytesIO(("\n".join(lines) + "\n").encode()))
    for _ in reader:
        pass
    assert reader.prefixes.active == []


def test_a_kept_time_serves_the_window():
    """`aws logs tail` keeps the event's date: --since/--until cut on it."""
    from litellm_doctor.logs.window import TimeWindow

    text, _ = shapes.shape_log("aws-logs-tail")
    everything = _triage(text)
    window = TimeWindow.parse(since="2026-12-05T00:30:00Z", until=None)
    assert sum(failures_by_category(_triage(text, window=window)).values()) < sum(failures_by_category(everything).values())


def test_a_utf8_bom_at_the_start_is_not_part_of_the_first_line():
    text, expected = shapes.shape_log("github-actions")
    report = triage_stream(io.BytesIO(b"\xef\xbb\xbf" + text.encode()))
    assert failures_by_category(report) == dict(expected)


@pytest.mark.parametrize("name", NAMES)
def test_the_fast_removal_gives_the_same_lines_as_the_pattern(name):
    """A prefix part every line has is taken out by bytes.replace (prefixes.py): the same text as the re.sub."""
    from litellm_doctor.logs.prefixes import LinePrefixes
    from litellm_doctor.logs.reader import HEADER

    data = shapes.shape_log(name)[0].encode()
    fast, slow = LinePrefixes(HEADER.match), LinePrefixes(HEADER.match)
    fast.learn(data)
    slow.learn(data)
    slow._strip_middle = lambda name, body: None
    assert fast.active == slow.active
    # (Up to the space the pattern leaves after a time when nothing follows it.)
    assert [line.rstrip() for line in fast.strip(data).split(b"\n")] == [line.rstrip() for line in slow.strip(data).split(b"\n")]


# Columns of collectors that are not in prefixes.py's table (made up here, as any shipper could write them): the
# column is learned by its shape, digits any.
_UNKNOWN_COLUMNS = (
    lambda i: "[litellm] ",
    lambda i: f"web-7 | {i % 100:02d} | ",
    lambda i: f"[worker pid=812 seq={i}] ",
    lambda i: "Some Host litellm:",
)


@pytest.mark.parametrize("column", range(len(_UNKNOWN_COLUMNS)))
@pytest.mark.parametrize("fixture", ["proxy-default", "proxy-info-fallbacks"])
def test_a_column_no_collector_in_the_table_writes_is_learned(column, fixture):
    lines = shapes._lines(fixture)
    text = "\n".join(_UNKNOWN_COLUMNS[column](i) + line for i, line in enumerate(lines)) + "\n"
    report = _triage(text)
    assert failures_by_category(report) == shapes.MANIFEST[fixture]["failures_by_category"]
    assert _groups(report) == _groups(_triage("\n".join(lines) + "\n"))
    assert "learned-prefix" in report.facts["log_framing"]
