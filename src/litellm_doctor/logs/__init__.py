"""Log triage: `litellm-doctor diagnose --log FILE` (or a log piped on stdin).

    report = triage_log("proxy.log")          # a path, "-" for stdin, or a binary stream

Reads a LiteLLM log as a stream, whatever its framing (framing.py: the proxy's plain text with ANSI
colours or `json_logs: true` output, uvicorn access lines, an application's SDK exceptions and Python
logging lines, ANSI-stripped copies, docker/kubectl prefixes, journald, and log shippers' JSON lines),
optionally cut to a time window (window.py), groups the failures by signature, classifies each signature
once with the rule library, links the sequences that explain each other, and returns one `Report`
whose `groups` list them most important first. Never imports litellm or httpx; never prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from ..regexcache import rx
from ..errors import InputError, NotAnErrorText
from ..model import Diagnosis, Finding, Report
from ..model_more import failures_by_category, most_important
from ..diagnosis.pastedconfig import not_an_error
from ..diagnosis.rulebook import matching_library
from .document import as_record_lines, as_utf8
from .order import NOTE as ORDER_NOTE, in_time_order
from .reader import LogReader, ReadStats
from .triage import Triage

if TYPE_CHECKING:
    from .window import TimeWindow

__all__ = ["triage_log", "triage_stream", "looks_like_log"]

MAX_FINDINGS = 20
# Below this share of recognised lines (in a sample of the start), "no failures" is not said.
RECOGNISED_MIN = 0.5
# A paste (argument, --error-file, stdin) is triaged as a log when its start looks like one, at any size
# (pasted.py). Until 2026-12-06 stdin was only from 1 MiB on (LOG_SNIFF_MIN_BYTES, from the first log
# triage, whose only reason was "a pasted error is small"; 1 MiB is also where a pasted error is cut to
# its first and last windows). Smaller logs went to the single-error classifier, which picks one failure
# and can be wrong about its cause (the lab's proxy-default log: a cooldown blamed on "out of quota" that
# the triage links to the 401 before it). The size said nothing the shape test below does not: its 20
# log-led lines are what no pasted error in the corpus has (3490 texts, not one is read as a log).
_LOG_LINE = rx(
    rb"^(?:[\w.\-@]{1,80} *\| |\[pod/[^\]\n]{1,250}\] )?(?:\x1b\[[0-9;]*m)?"
    rb"(?:(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d+)?(?: - [^:\n]{1,60}:[A-Z]+: |Z? |,\d+ | )"
    rb"|(?:INFO|WARNING|ERROR|DEBUG|CRITICAL):[ ]*\S|\{\"|\[\d{4}-\d\d-\d\d)",
    re.MULTILINE,
)


def looks_like_log(head: bytes) -> bool:
    """Does this start of an input look like a log (many lines led by a time, a level, a collector's
    prefix or a JSON object) rather than one pasted error?"""
    lines = head.count(b"\n") + 1
    prefixed = sum(1 for _ in _LOG_LINE.finditer(head))
    return prefixed >= 20 and prefixed * 100 >= lines


def triage_log(
    source: str | BinaryIO,
    *,
    rules_dir: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    engine: str | None = None,
    name: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Report:
    """Triage a log file (path, "-" for stdin) or binary stream. Raises InputError on unusable input.

    `since` / `until` cut the log to a time window (window.py: ISO, time of day, or `30m` ago)."""
    window = None
    if since or until:
        from .window import TimeWindow  # noqa: PLC0415 - only when a window is asked for

        window = TimeWindow.parse(since, until)
    if isinstance(source, str):
        if source == "-":
            from ..boundedio import stdin_reader

            return triage_stream(stdin_reader(), rules_dir=rules_dir, on_progress=on_progress, engine=engine,
                                 name="stdin", window=window)
        from ..boundedio import open_input

        try:
            with open_input(source, "log") as fh:  # a regular file, or a named pipe read as stdin is (never a device)
                return triage_stream(fh, rules_dir=rules_dir, on_progress=on_progress, engine=engine,
                                     name=name or source, window=window)
        except IsADirectoryError:
            raise InputError(f"{source}: is a directory, not a log file") from None
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except PermissionError:
            raise InputError(f"{source}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return triage_stream(source, rules_dir=rules_dir, on_progress=on_progress, engine=engine, name=name, window=window)


class _Counted:
    """A binary stream that counts the bytes read from it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        self.count += len(data)
        return data


def triage_stream(
    stream: BinaryIO,
    *,
    rules_dir: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    engine: str | None = None,
    name: str | None = None,
    window: "TimeWindow | None" = None,
) -> Report:
    # Without the rules' texts (two thirds of the index, ~20 ms to decode): the groups' rules read theirs when
    # rendered (Triage.rendered), and the classifier's answers complete themselves, as on the paste path. The
    # paste path's library too: the built-in rules alone come as a Library, and each text the triage classifies
    # is tried only on the rules whose trigger fires (classify.match_rules), the others never made.
    rules = matching_library(rules_dir)
    # A log listed newest first (`logcli query` without --forward), read from its end (order.py)
    stream, backwards = in_time_order(stream)
    progress = on_progress
    if on_progress is not None:
        # Progress in the input's own bytes (the file size is the bar's end): the reader counts the lines it
        # reads, which are the records of an export that is one JSON document, or UTF-8 made from UTF-16.
        stream = counted = _Counted(stream)
        progress = lambda _done: on_progress(counted.count)  # noqa: E731
    # UTF-16 (PowerShell's `>`) as UTF-8; an export that is one JSON document as its records, one a line
    stream, documented = as_record_lines(as_utf8(stream))
    reader = LogReader(stream, on_progress=progress, engine=engine, window=window)
    triage = Triage(rules)
    # A record the triage read once comes back as its shape when it repeats (reader.items, Triage.repeat).
    reader.shapes = triage.shapes
    add, repeat, record_of = triage.add, triage.repeat, reader.record
    for item in reader.items():
        if item.__class__ is tuple:
            if repeat(item[0], item[1], item[6]):
                continue
            item = record_of(item)
            if item is None:
                continue
        add(item)
    if reader.stats.bytes_read == 0:
        raise InputError(f"{name or 'the log'} is empty")
    if reader.stats.config_only and not triage.groups():
        raise NotAnErrorText(not_an_error(name if name and name != "stdin" else None))
    return build_report(triage, reader.stats, name, documented, backwards)


def build_report(triage: Triage, stats: ReadStats, name: str | None, documented: int | None = None,
                 backwards: bool = False) -> Report:
    groups = triage.groups()
    failures = sum(n for _category, n in failures_by_category(groups))  # what the report's verdict line counts
    facts = {
        "log_file": name or "stdin",
        "log_bytes": str(stats.bytes_read),
        "log_failures": str(failures),
        "log_groups": str(len(groups)),
    }
    recognised = stats.recognised_lines / stats.sampled_lines if stats.sampled_lines else 1.0
    if stats.framings:
        facts["log_framing"] = ", ".join(f"{name} ×{n}" for name, n in stats.framings.most_common(6))
    if documented:
        facts["log_framing"] = f"one JSON document of {documented} records" + (f": {facts['log_framing']}" if stats.framings else "")
    unknown_shape = stats.sampled_lines >= 5 and recognised < RECOGNISED_MIN
    unknown_document = documented == 0 and not groups
    if unknown_shape or unknown_document:
        facts["log_shape"] = "unrecognised"
    notes = list(_reader_notes(stats, triage))
    if backwards:
        facts["log_order"] = "newest-first"
        notes.insert(0, ORDER_NOTE)
    if unknown_document:
        notes.insert(0, (
            "the log is one JSON document (an export) in a shape the triage does not know, malformed or over 16 MiB, "
            "so failures in it may have been missed; this is not a clean bill of health (give one record a line, or "
            "the export of gcloud, aws logs, Datadog, Elasticsearch or Loki as it comes)"
        ))
    elif unknown_shape:
        notes.insert(0, (
            f"only {stats.recognised_lines} of the first {stats.sampled_lines} lines look like a LiteLLM, uvicorn, "
            "Python logging or collector (docker, kubectl, journald, Loki, Datadog, CloudWatch, OpenTelemetry) line: "
            "the log is in a shape the triage does not know, so failures in it may have been missed"
            + ("; this is not a clean bill of health" if not groups else "")
        ))
    if stats.windowed_out:
        notes.append(f"{stats.windowed_out} line(s) outside the --since/--until window were left out")
    top = most_important(groups)
    if top is None:
        if not groups and not unknown_shape and not unknown_document:
            notes.insert(0, f"no LiteLLM failures found in {_size(stats.bytes_read)} of log")
        return Report(command="diagnose", category="unknown", diagnosis=None, facts=facts,
                      notes=tuple(notes), groups=tuple(groups))
    base = triage.report_of(top.id, groups)
    assert base is not None and base.diagnosis is not None
    d = base.diagnosis
    top_group = triage.group_by_id(top.id, groups)
    title, why, _steps = triage.rendered(top_group) if top_group else (d.title, d.why, ())
    diagnosis = Diagnosis(rule_id=d.rule_id, name=d.name, title=title, category=d.category,
                          confidence=d.confidence, why=why or d.why, symptom=d.symptom)
    findings: list[Finding] = []
    for g in groups:
        if not g.rule_id or (len(findings) >= MAX_FINDINGS and g is not top):  # the diagnosis's group's, always
            continue
        rep = triage.report_of(g.id, groups)
        first = rep.findings[0] if rep and rep.findings else None
        where = f" on {', '.join(g.model_groups[:5])}" if g.model_groups else ""
        findings.append(Finding(
            rule_id=g.rule_id, category=g.category, severity=g.severity, title=first.title if first else g.title,
            message=f"{g.id}: {_times(g.count, g.kind)}{where}: {g.title}", steps=g.steps,
            docs=first.docs if first else (), evidence=g.example or None,
        ))
    # The diagnosis's group's finding first (the report's primary finding, which --config extends): the most
    # important group need not be the first listed (model_more.most_important).
    findings.sort(key=lambda f: not f.message.startswith(f"{top.id}: "))
    # The model groups of every record of the diagnosis's group, not only its first record's `model_group`: the
    # first can be a Router line that names none, and `--config` finds the deployments involved by them (config/tie.py).
    if top.model_groups:
        facts["log_model_groups"] = json.dumps(list(top.model_groups))
    return Report(
        command="diagnose", category=top.category, diagnosis=diagnosis, facts={**base.facts, **facts},
        findings=tuple(findings), notes=tuple(notes), groups=tuple(groups),
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"


def _times(count: int, kind: str) -> str:
    unit = {"request": "failed request", "call": "failed call", "http": "error response",
            "warning": "warning", "log": "error"}.get(kind, "time")
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _reader_notes(stats: ReadStats, triage: Triage):
    if stats.long_lines:
        yield f"{stats.long_lines} line(s) longer than 256 KiB were cut while reading (their first 16 KiB were kept)"
    if stats.non_utf8_records:
        yield f"{stats.non_utf8_records} record(s) were not valid UTF-8 and were read as Latin-1"
    if stats.bad_json:
        yield f"{stats.bad_json} JSON log line(s) were truncated or malformed; their message and level were read as far as possible"
    if stats.binary_chunks:
        yield f"{stats.binary_chunks} chunk(s) of the log held binary data (NUL bytes), which was skipped"
    if stats.cut_records:
        yield f"{stats.cut_records} record(s) longer than 256 KiB were split"
    unread = triage.warning_budget.describe()
    if unread:
        yield unread
    if triage.overflow:
        yield f"more than {len(triage._groups)} distinct signatures: {triage.overflow} failure(s) beyond that were not grouped"
