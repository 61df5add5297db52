"""A log listed newest first (logs/order.py) and a file of several collectors' text outputs (logs/prefixes.py), over
the lab's real proxy logs framed by each collector (tests/logs/shapes.py). Issue #9, sixty-ninth pass."""

from __future__ import annotations

import io
import random

import pytest

from litellm_doctor.logs import order, triage_stream

from . import shapes
from .conftest import MANIFEST, failures_by_category

L = shapes._lines
_SHAPES = {name: (fixture, frame) for name, fixture, frame in shapes.PROXY_SHAPES + shapes.PREFIX_SHAPES}
# Shapes whose start has times enough to tell their order (3 steps back at least). Not among them: the logs without
# a time (`stripped`, `journald-cat`), and stern over the log of rescued calls (no time but LiteLLM's, 2 seconds).
TIMED = [name for name in _SHAPES if name not in (
    "stripped", "journald-cat", "info-fallbacks-stripped", "stern-fallbacks", "stern-namespaces")]


def _triage(data: bytes | str, stream=io.BytesIO):
    return triage_stream(stream(data.encode("utf-8") if isinstance(data, str) else data))


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _seen(report) -> list[tuple]:
    """Everything a group says about when and how often: the order matters for each of these."""
    return [(g.id, g.signature, g.kind, g.count, g.first_seen, g.last_seen, g.failed_calls, g.statuses, g.caused_by,
             g.notes) for g in report.groups]


def _lines(name: str) -> list[str]:
    fixture, frame = _SHAPES[name]
    return frame(L(fixture))


@pytest.mark.parametrize("name", TIMED)
def test_a_log_newest_first_reads_as_the_same_log_in_time_order(name):
    lines = _lines(name)
    forward = _triage(_text(lines))
    backward = _triage(_text(lines[::-1]))
    assert "log_order" not in forward.facts
    assert backward.facts["log_order"] == "newest-first"
    assert backward.notes[0] == order.NOTE
    assert _seen(backward) == _seen(forward)


@pytest.mark.parametrize("name", ["logcli", "logcli-fallbacks"])
def test_logcli_without_forward_counts_exactly(name, engine):
    """`logcli query` without --forward: the planted failures, the calls a fallback rescued, first and last seen."""
    fixture, _ = _SHAPES[name]
    report = _triage(_text(_lines(name)[::-1]))
    assert failures_by_category(report) == MANIFEST[fixture]["failures_by_category"]
    if name == "logcli-fallbacks":
        (rescued,) = [g for g in report.groups if g.kind == "call"]
        assert (rescued.count, rescued.first_seen, rescued.last_seen) == (5, "03:58:01", "03:58:02")
        assert "5 succeeded, so no request failed" in " ".join(rescued.notes)


@pytest.mark.parametrize("how", ["pipe", "small reads", "no last newline"])
def test_newest_first_from_a_pipe_in_small_reads_and_without_a_last_newline(how, monkeypatch):
    lines = _lines("logcli-fallbacks")
    want = _seen(_triage(_text(lines)))
    data = _text(lines[::-1]).encode("utf-8")

    class Pipe:  # not seekable: copied to a temporary file, then read from its end
        def __init__(self, data: bytes) -> None:
            self._b = io.BytesIO(data)

        def read(self, n: int = -1) -> bytes:
            return self._b.read(n)

    if how == "small reads":
        monkeypatch.setattr(order, "CHUNK", 777)
    report = _triage(data[:-1] if how == "no last newline" else data, Pipe if how == "pipe" else io.BytesIO)
    assert _seen(report) == want


def test_entries_newest_first_keep_each_entrys_lines_in_order():
    """A collector whose entry holds a whole record (its traceback lines have no time of their own), the entries
    listed newest first: each entry is moved whole."""
    entries: list[list[str]] = []
    for line in shapes.docker_timestamps(L("proxy-default")):
        body = line.split(" ", 1)[1]
        if entries and (body.startswith((" ", "Traceback", "During", "The above")) or not body):
            entries[-1].append(body)
        else:
            entries.append([line])
    forward = _triage(_text([line for entry in entries for line in entry]))
    backward = _triage(_text([line for entry in entries[::-1] for line in entry]))
    assert backward.facts["log_order"] == "newest-first"
    assert _seen(backward) == _seen(forward)
    assert failures_by_category(backward) == MANIFEST["proxy-default"]["failures_by_category"]


@pytest.mark.parametrize("name", ["docker-timestamps", "logcli", "plain", "journalctl", "kubectl-fallbacks"])
def test_a_few_lines_out_of_order_are_not_a_log_newest_first(name):
    """Several processes writing one log: neighbouring lines swapped here and there."""
    lines = _lines(name)
    rng = random.Random(5)
    for k in range(0, len(lines) - 1, 7):
        if rng.random() < 0.5:
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
    assert "log_order" not in _triage(_text(lines)).facts


def test_no_other_shape_is_taken_for_newest_first():
    text, expected = shapes.mixed_log()
    report = _triage(text)
    assert "log_order" not in report.facts and failures_by_category(report) == dict(expected)
    for name, fixture, frame in shapes.PROXY_SHAPES + shapes.PREFIX_SHAPES + shapes.DOCUMENT_SHAPES:
        assert "log_order" not in _triage(_text(frame(L(fixture)))).facts, name
    app, _ = shapes.sdk_app_log(random.Random(3), 40)
    assert "log_order" not in _triage(_text(app)).facts


# -- several collectors' outputs in one file -------------------------------------------------------------------------

_OTHERS = {"plain": lambda lines: lines, "docker-t": shapes.docker_timestamps, "kubectl": shapes.kubectl,
           "github-actions": shapes.github_actions}


def _part(name: str, fixture: str) -> list[str]:
    frame = _SHAPES[name][1] if name in _SHAPES else _OTHERS[name]
    return frame(L(fixture))


def _counts(report) -> dict[str, int]:
    out = dict(failures_by_category(report))
    out["rescued calls"] = sum(g.failed_calls for g in report.groups)
    return {k: v for k, v in out.items() if v}


def _sum(*reports) -> dict[str, int]:
    total: dict[str, int] = {}
    for report in reports:
        for k, v in _counts(report).items():
            total[k] = total.get(k, 0) + v
    return total


@pytest.mark.parametrize("name", [s[0] for s in shapes.PREFIX_SHAPES])
@pytest.mark.parametrize("other", list(_OTHERS))
def test_a_collectors_output_next_to_another_counts_as_each_alone(name, other):
    """Each learned-prefix shape before and after a log the reader knows as it is (plain, docker -t, kubectl
    --prefix, a GitHub Actions log); before the segments were learned, 11 of these 168 files were wrong (aws logs
    tail's stream name took docker -t's first word; a short podman, gh run or heroku part in a read went unseen)."""
    fixture = _SHAPES[name][0]
    second = "proxy-default" if "fallbacks" in fixture else "proxy-info-fallbacks"
    a, b = _part(name, fixture), _part(other, second)
    want = _sum(_triage(_text(a)), _triage(_text(b)))
    assert _counts(_triage(_text(a + b))) == want
    assert _counts(_triage(_text(b + a))) == want


def test_stern_over_two_pods_then_kubectl_logs_of_a_third():
    first = shapes.stern(L("proxy-default"))
    second = [line.replace(shapes._POD, "litellm-7d9f8b6c4-bb7rt") for line in shapes.stern_color(L("proxy-info-fallbacks"))]
    third = L("proxy-default")
    report = _triage(_text(first + second + third))
    assert _counts(report) == _sum(*(_triage(_text(part)) for part in (first, second, third)))


def test_journalctl_then_docker_logs():
    first = shapes.journalctl_short(L("proxy-info-fallbacks"))
    for second in (L("proxy-default"), shapes.docker_timestamps(L("proxy-default"))):
        report = _triage(_text(first + second))
        assert _counts(report) == _sum(_triage(_text(first)), _triage(_text(second)))


def test_aws_logs_tail_leaves_a_docker_logs_part_whole():
    """`aws logs tail`'s prefix in its general shape (time, any word) would take a `docker logs -t` line's first
    word (`Traceback`, `INFO:`): with both in a file it is removed only with the stream names learned."""
    first, second = shapes.aws_logs_tail(L("proxy-info-fallbacks")), shapes.docker_timestamps(L("proxy-default"))
    report = _triage(_text(first + second))
    assert report.facts["log_framing"].count("aws-logs-tail ×401")


# -- a whole log pasted (not --log) ----------------------------------------------------------------------------------

def _cli(*args: str, stdin: bytes | None = None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], input=stdin, capture_output=True, env=env,
                          timeout=120)


NOTE = "note: read as a log (1291 lines); --log FILE does the same for a file"


@pytest.mark.parametrize("how", ["stdin", "error-file", "argument"])
def test_a_pasted_log_is_answered_as_a_log(how):
    """A whole log pasted (stdin under 1 MiB, -e FILE, the argument) is triaged as --log triages it: the same report
    (the cooldown linked to the 401 before it, not blamed on "out of quota"), the same exit code, one note more.
    Before, the single-error classifier answered it with one failure and a note pointing to --log."""
    path = shapes.FIXTURES / "proxy-default.log"
    log = path.read_bytes()
    want = _cli("diagnose", "--log", str(path))
    args = {"stdin": ("diagnose",), "error-file": ("diagnose", "-e", str(path)),
            "argument": ("diagnose", log.decode())}[how]
    got = _cli(*args, stdin=log if how == "stdin" else None)
    name = {"stdin": "stdin", "error-file": str(path), "argument": "pasted text"}[how]
    assert got.returncode == want.returncode == 1
    # The verdict names the input (and wraps by its length); the rest is the same report, one note more.
    want_head, want_rest = want.stdout.decode().split("\n\n", 1)
    got_head, got_rest = got.stdout.decode().split("\n\n", 1)
    assert " ".join(got_head.split()) == " ".join(want_head.split()).replace(f"in {path}", f"in {name}", 1)
    assert got_rest == want_rest.rstrip("\n") + "\n" + NOTE + "\n"
    # the cooldown linked to the 401 before it
    assert any("LD-ROUTE-001" in line and "symptom of G1:" in line for line in got_rest.split("\n"))
    assert all(len(line) <= 80 for line in got.stdout.decode().split("\n") if line != f"  in {path}")  # (a long path)


@pytest.mark.parametrize("fmt", ["json", "markdown", "github", "sarif", "junit"])
def test_a_pasted_log_renders_as_the_log_report_in_every_format(fmt):
    path = str(shapes.FIXTURES / "proxy-default.log")
    want, got = _cli("diagnose", "--log", path, "-f", fmt), _cli("diagnose", "-e", path, "-f", fmt)
    assert got.returncode == want.returncode
    assert "read as a log (1291 lines)" in got.stdout.decode()
    if fmt == "json":
        import json

        a, b = json.loads(want.stdout), json.loads(got.stdout)
        assert b.pop("notes") == [NOTE.removeprefix("note: ")] and a.pop("notes") == []
        assert a == b


def test_one_pasted_error_is_not_read_as_a_log():
    """A record of the log with the lines after it (a traceback and its neighbours) is one pasted error; and a paste
    of fewer than 20 lines never imports the log package."""
    import subprocess
    import sys

    from litellm_doctor.pasted import is_whole_log, report_for_text

    lines = L("proxy-default")
    record = next(i for i, line in enumerate(lines) if "Exception occured" in line)
    assert not is_whole_log("\n".join(lines[record: record + 30]).encode())
    assert not report_for_text("\n".join(lines[record: record + 30]), None, None).groups
    assert is_whole_log("\n".join(lines).encode())
    code = ("import sys; from litellm_doctor.pasted import report_for_text; "
            f"r = report_for_text({chr(10).join(lines[record: record + 12])!r}, None, None); "
            "assert r.diagnosis and not r.groups; assert 'litellm_doctor.logs' not in sys.modules, 'imported'")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
