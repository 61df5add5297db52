"""A pasted error: read it (argument, file or stdin, bounded), diagnose it, or triage a paste that turns
out to be a whole log. `diagnose` in cli.py and the paste path's own command line (launch.py) both
call `report_for_text`, so the two read and answer the same way. Nothing here imports typer."""

from __future__ import annotations

import gc
import io
import os
import sys

from .errors import InputError, NotAnErrorText, UsageError
from .frozen import replace
from .model import Report

# How much of a paste's start decides whether it is a whole log (logs.looks_like_log reads this much).
SNIFF_BYTES = 256 * 1024
# looks_like_log needs 20 log-led lines: fewer newlines than this and the log package is never imported.
LOG_MIN_NEWLINES = 19


def report_for_text(text: str | None, error_file: str | None, rules_dir: str | None) -> Report:
    """The report for an error text given as an argument, `-` / nothing (stdin) or --error-file
    (`-`: stdin). A paste that is a whole log (its start looks like one) is triaged as `--log` would.
    An argument that is the name of a file (`diagnose error.log`, as most tools take one) is read as
    --error-file: its name alone was estimated as an error text (`timeout_408.json`: "timeout?")."""
    named = error_file is None and names_file(text)
    if error_file is None and not named and names_missing_file(text):
        import shlex

        raise InputError(f"{text}: no such file (to read the name itself as the error text, pipe it: "
                         f"`echo {shlex.quote(text)} | litellm-doctor diagnose -`)")
    if named:
        error_file, text = text, None
    try:
        report = _report_for_text(text, error_file, rules_dir)
    except NotAnErrorText:
        if error_file in (None, "-") or is_pipe(error_file):  # `check` cannot read a pipe again: no command offered
            raise
        from .diagnosis.pastedconfig import not_an_error

        raise NotAnErrorText(not_an_error(error_file)) from None  # the file's name in the `check` command
    if named:
        return replace(report, notes=(*report.notes, f"read the file {error_file} named by the argument, as --error-file does"))
    return report


def names_file(text: str | None) -> bool:
    """Is this argument a path (one word, no line break, that exists) rather than an error text?"""
    if not text or text == "-" or len(text) > 4096 or any(c.isspace() for c in text):
        return False
    return os.path.exists(text)  # a directory or a device too: read_windows says what it is


# (ninety-eighth pass) One word that is a file's name by its shape: a known text file's extension, or a path from
# here / home. Missing, it was estimated as an error text (`diagnose build/proxy-error.log`: "~ other? 0.35", exit 1;
# `./errors/timeout.json`: "~ timeout?"): a CI step whose log was never written passed for a diagnosis.
_FILE_NAME = r"(?i)^(?:\.{1,2}/|~/)\S*$|^\S+\.(?:log|txt|json|jsonl|ndjson|ya?ml|out|err|md|csv|gz)$"


def names_missing_file(text: str | None) -> bool:
    """Is this argument one word shaped like a file's name, of a file that is not there?"""
    if not text or text == "-" or len(text) > 4096 or any(c.isspace() for c in text):
        return False
    import re

    return re.match(_FILE_NAME, text) is not None and not os.path.lexists(text)


def _report_for_text(text: str | None, error_file: str | None, rules_dir: str | None) -> Report:
    if error_file == "-":  # stdin, as for --log - and the `-` argument
        if text is not None:
            raise UsageError("give the error text either as an argument or with --error-file, not both")
        error_file, text = None, "-"
    if text in (None, "-") and error_file is None and sys.stdin is not None and not sys.stdin.isatty():
        from .boundedio import stdin_reader

        return _report_for_stream(stdin_reader(), "-", rules_dir)
    if error_file is not None and text is None and is_pipe(error_file):
        # A named pipe (`--error-file <(kubectl logs …)`, /dev/stdin on a pipe): read once, as stdin is.
        from .boundedio import open_input

        with open_input(error_file, "error file") as reader:
            return _report_for_stream(reader, error_file, rules_dir)
    data, notes = read_input(text, error_file)
    head = data[:SNIFF_BYTES]
    if is_whole_log(head.encode("utf-8", "replace") if isinstance(head, str) else head):
        if error_file is not None:  # the whole file, as --log FILE reads it (not the windows of a big one)
            lines = _line_count(data) if not notes else _file_lines(error_file)
            return _as_log(triage(error_file, None, rules_dir), lines)
        raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
        report = triage("-", io.BytesIO(raw), rules_dir)
        return _as_log(replace(report, facts={**report.facts, "log_file": "pasted text"}), _line_count(raw))
    return diagnose_text(data, rules_dir, notes)


def _report_for_stream(reader, name: str, rules_dir: str | None) -> Report:
    """A paste from a pipe (stdin as `-`, or a named pipe): its start is sniffed, then it is triaged as a log
    as it streams, or read bounded and diagnosed. A pipe is read once: nothing here opens it again."""
    from .boundedio import Chain, read_head

    head = read_head(reader, SNIFF_BYTES)
    stream = Chain(head, reader)
    if is_whole_log(head):
        counted = _Lines(stream)
        return _as_log(triage(name, counted, rules_dir), counted.total())
    from .diagnosis.textinput import decode

    # The binary check diagnose runs on the text's start (textinput.decode), run on the pipe's start before the rest
    # is read: an endless binary stream (`diagnose - < /dev/zero`) has no end to wait for. (A character the sniff
    # cut in two at its end decodes as one U+FFFD, which cannot move a tenth of the start it samples.)
    decode(head)
    data, notes = read_stdin(stream)
    return diagnose_text(data, rules_dir, notes)


def is_pipe(path: str) -> bool:
    """Is `path` a named pipe (os.stat does not block on one)?"""
    import stat

    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_whole_log(head: bytes) -> bool:
    """Is this start of a paste a whole log (logs.looks_like_log: 20 lines or more led by a time, a level, a
    collector's prefix or a JSON object), rather than an error with a few log lines around it?"""
    if head.count(b"\n") < LOG_MIN_NEWLINES:  # a pasted error (2-20 lines) never imports the log package
        return False
    from .logs import looks_like_log

    return looks_like_log(head)


def _as_log(report: Report, lines: int) -> Report:
    return replace(report, notes=(*report.notes, f"read as a log ({lines} lines); --log FILE does the same for a file"))


def _line_count(data: bytes | str) -> int:
    newline = "\n" if isinstance(data, str) else b"\n"
    return data.count(newline) + (bool(data) and not data.endswith(newline))


def _file_lines(path: str) -> int:
    """The lines of a file too big to have been read whole (a cheap pass; the triage reads it again)."""
    from .boundedio import open_regular

    lines, last = 0, b"\n"
    with open_regular(path, "log") as fh:
        while chunk := fh.read(1 << 20):
            lines, last = lines + chunk.count(b"\n"), chunk[-1:]
    return lines + (last != b"\n")


class _Lines:
    """A binary stream that counts the lines read from it (a pipe: read once, by the triage)."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self._lines = 0
        self._last = b"\n"

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        if data:
            self._lines += data.count(b"\n")
            self._last = data[-1:]
        return data

    def total(self) -> int:
        return self._lines + (self._last != b"\n")


def read_input(text: str | None, error_file: str | None) -> tuple[bytes | str, tuple[str, ...]]:
    from .boundedio import read_windows
    from .diagnosis.textinput import CUT_NOTE

    if text is not None and error_file is not None:
        raise UsageError("give the error text either as an argument or with --error-file, not both")
    if error_file is not None:
        data, cut = read_windows(error_file, "error file")
        return data, (CUT_NOTE,) if cut else ()
    if text is not None and text != "-":
        return text, ()
    stdin = sys.stdin
    if stdin is None:
        raise UsageError("no error text given: pass it as an argument, with --error-file, or on stdin")
    if text is None and stdin.isatty():
        sys.stderr.write("Paste the error text, then press Ctrl-D on an empty line (Ctrl-Z Enter on Windows):\n")
        sys.stderr.flush()
    return read_stdin()


def read_stdin(stream=None) -> tuple[bytes, tuple[str, ...]]:
    """Standard input, bounded in size (head and tail kept) and in time (an idle pipe ends the read)."""
    from .boundedio import STREAM_STOP_NOTE, read_stream_upto, stdin_reader
    from .diagnosis.textinput import CUT_NOTE

    reader = stream if stream is not None else stdin_reader()
    data, cut, stopped = read_stream_upto(reader)
    notes = [STREAM_STOP_NOTE] if stopped else [CUT_NOTE] if cut else []
    timed_out = getattr(reader, "note", lambda: None)() or getattr(getattr(reader, "_stream", None), "note", lambda: None)()
    if timed_out:
        notes.append(timed_out)
    return data, tuple(notes)


def diagnose_text(data: bytes | str, rules_dir: str | None, notes: tuple[str, ...]) -> Report:
    """A pasted error. The classifier and the rule library (~20k objects) live until exit, so they are
    imported and built with the cyclic collector paused, then frozen (see cli.py's top): ~2 ms of
    collections that would free nothing."""
    gc.disable()
    try:
        from .diagnosis import diagnose

        report = diagnose(data, rules_dir=rules_dir, notes=notes)
    finally:
        gc.freeze()
        gc.enable()
    return report


def triage(log: str, stream, rules_dir: str | None, since: str | None = None, until: str | None = None) -> Report:
    """`diagnose --log` (and a log on stdin): stream it through the triage, with a progress bar on a terminal."""
    from .logs import triage_log
    from .logs.progress import LogProgress

    from .boundedio import is_file

    total = None
    if log != "-" and is_file(log):  # a named pipe has no size to show progress against
        try:
            total = os.path.getsize(log)
        except OSError:
            total = None
    source = stream if stream is not None else (sys.stdin.buffer if log == "-" else log)
    with LogProgress(total) as progress:
        return triage_log(source, rules_dir=rules_dir, on_progress=progress.update, name="stdin" if log == "-" else log,
                          since=since, until=until)
