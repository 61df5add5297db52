"""A pasted error: read it (argument, file or stdin, bounded), diagnose it, or triage stdin that turns
out to be a whole log. `diagnose` in cli.py and the paste path's own command line (launch.py) both
call `report_for_text`, so the two read and answer the same way. Nothing here imports typer."""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from typing import Optional

from .errors import UsageError
from .model import Report


def report_for_text(text: Optional[str], error_file: Optional[str], rules_dir: Optional[str]) -> Report:
    """The report for an error text given as an argument, `-` / nothing (stdin) or --error-file
    (`-`: stdin). More than a pasted error on a pipe that looks like a LiteLLM log is triaged as one."""
    if error_file == "-":  # stdin, as for --log - and the `-` argument
        if text is not None:
            raise UsageError("give the error text either as an argument or with --error-file, not both")
        error_file, text = None, "-"
    if text in (None, "-") and error_file is None and sys.stdin is not None and not sys.stdin.isatty():
        from .boundedio import stdin_reader
        from .logs import sniff_stream

        is_log, stream = sniff_stream(stdin_reader())
        if is_log:
            return triage("-", stream, rules_dir)
        data, notes = read_stdin(stream)
        return diagnose_text(data, rules_dir, notes)
    data, notes = read_input(text, error_file)
    return diagnose_text(data, rules_dir, notes)


def read_input(text: Optional[str], error_file: Optional[str]) -> tuple[bytes | str, tuple[str, ...]]:
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
    from .boundedio import read_stream, stdin_reader
    from .diagnosis.textinput import CUT_NOTE

    reader = stream if stream is not None else stdin_reader()
    data, cut = read_stream(reader)
    notes = [CUT_NOTE] if cut else []
    timed_out = getattr(reader, "note", lambda: None)() or getattr(getattr(reader, "_stream", None), "note", lambda: None)()
    if timed_out:
        notes.append(timed_out)
    return data, tuple(notes)


def diagnose_text(data: bytes | str, rules_dir: Optional[str], notes: tuple[str, ...]) -> Report:
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
    hint = whole_log_hint(data)
    return replace(report, notes=(*report.notes, hint)) if hint else report


def whole_log_hint(data: bytes | str) -> str | None:
    """A paste that is a whole log (many lines led by a time, a level or a collector's prefix): its first screen
    answers with one failure, so one line says where each failure is counted."""
    head = data[:256 * 1024]
    head = head.encode("utf-8", "replace") if isinstance(head, str) else head
    if head.count(b"\n") < 19:  # looks_like_log needs 20 log lines: a pasted error never imports the log package
        return None
    from .logs import looks_like_log

    if not looks_like_log(head):
        return None
    lines = head.count(b"\n") + (not head.endswith(b"\n"))
    more = "+" if len(data) > len(head) else ""
    return (f"this is a whole log ({lines}{more} lines), answered here with one failure: "
            "`litellm-doctor diagnose --log FILE` counts and groups every failure in it")


def triage(log: str, stream, rules_dir: Optional[str], since: Optional[str] = None, until: Optional[str] = None) -> Report:
    """`diagnose --log` (and a log on stdin): stream it through the triage, with a progress bar on a terminal."""
    from .logs import triage_log
    from .logs.progress import LogProgress

    total = None
    if log != "-":
        try:
            total = os.path.getsize(log)
        except OSError:
            total = None
    source = stream if stream is not None else (sys.stdin.buffer if log == "-" else log)
    with LogProgress(total) as progress:
        return triage_log(source, rules_dir=rules_dir, on_progress=progress.update, name="stdin" if log == "-" else log,
                          since=since, until=until)
