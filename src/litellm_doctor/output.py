"""Where a report leaves the process: colour, width, the formatter, masking, exit codes, and the exit.

Shared by the typer app (cli.py) and the paste path's own command line (launch.py), so nothing here
imports typer: a pasted error's run must not pay for it.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or unusable input
(one line on stderr, never a traceback); 3 an internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import gc
import os
import sys
from enum import Enum

from .errors import DoctorError
from .masking import mask
from .model import SEVERITY_RANK, Report

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Callable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stdout_is_terminal()


def width() -> int:
    """The terminal's width (COLUMNS wins, as everywhere); piped: COLUMNS if set, else 100."""
    if stdout_is_terminal():
        import shutil  # only on a terminal: it imports lzma and bz2 (~3 ms of a piped paste's run)

        return max(40, shutil.get_terminal_size((100, 24)).columns)
    columns = os.environ.get("COLUMNS", "")
    return max(40, int(columns)) if columns.isdigit() else 100


def table_width() -> int | None:
    """Tables wrap to the terminal; piped they keep one record per line (None)."""
    return width() if stdout_is_terminal() else None


def emit(text: str, color: bool = False, started: float | None = None, json_document: bool = False) -> None:
    """The single exit for report output: everything printed is masked once more here, and without
    colour no escape sequence at all is printed. `started`: a probe run's start, whose "Probed in"
    time is written last (runclock), so it counts masking and rendering too. `json_document`: the text is JSON or
    SARIF, written inert again after masking (which reads `\\u0023` as the `#` it stands for: formats/sanitize.py's
    `inert_json`)."""
    from .formats.sanitize import inert_json, terminal
    from .runclock import fill

    text = mask(text)
    if json_document:
        text = inert_json(text)
    sys.stdout.write(fill(text if color else terminal(text), started) + "\n")
    sys.stdout.flush()


def clean(message: str) -> str:
    """A message for stderr: masked, and no escape sequence (a path or a URL can hold one)."""
    from .formats.sanitize import value

    return value(mask(message))


# An error message is one line of at most this many characters: a path or a config value in it can hold line breaks
# (a path named "x\n✓ all checks passed" printed a second line of its own) or be 100 KB long (a 100,000-digit int).
ERROR_LINE_MAX = 2000


def error_line(message: str) -> str:
    """`clean(message)` on one line, cut to ERROR_LINE_MAX characters (masked before it is cut)."""
    line = " ".join(clean(message).split("\n"))
    return line if len(line) <= ERROR_LINE_MAX else line[: ERROR_LINE_MAX - 1] + "…"


def exit_code(report: Report, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return EXIT_OK
    return EXIT_FINDINGS if report.worst_severity_rank() >= SEVERITY_RANK[fail_on.value] else EXIT_OK


def render(report: Report, fmt: OutputFormat, no_color: bool, verbose: bool = False, started: float | None = None,
           source: str | None = None) -> None:
    """`source`: the file the error text was read from (`diagnose --error-file FILE`), the location SARIF gives a
    finding that has no file:line of its own (formats/sarif.py). Only a regular file: a pipe cannot be read twice."""
    from .formats import get_formatter
    from .formats.sanitize import clean_data
    from .masking import mask_data
    from .runclock import pending

    color = fmt is OutputFormat.text and use_color(no_color)
    formatter = get_formatter(fmt.value, color=color, width=width(), verbose=verbose)
    if source and source != "-" and fmt is OutputFormat.sarif:
        from .boundedio import is_file

        formatter.source = source if is_file(source) else None
    # Mask and sanitise the data, then lay it out: no wrapping or cutting can separate a secret from
    # its mask, and no escape sequence from a server or a log reaches the terminal.
    names = fmt in (OutputFormat.json, OutputFormat.sarif)  # (formats/sanitize.py: a file's name kept where it can be)
    emit(formatter.render(clean_data(mask_data(pending(report, started)), names=names)), color=color, started=started,
         json_document=names)


def render_many(checked: list, fmt: OutputFormat, no_color: bool) -> None:
    """`check` of several configs: one report for all of them (formats/many.py), each config's outcome (report, path,
    error) masked and sanitised first, as render() does for one report."""
    from .formats.many import render_many as lay_out
    from .formats.sanitize import clean_data
    from .masking import mask_data

    color = fmt is OutputFormat.text and use_color(no_color)
    names = fmt in (OutputFormat.json, OutputFormat.sarif)
    cleaned = [clean_data(mask_data(c), names=names) for c in checked]
    emit(lay_out(cleaned, fmt.value, color=color, width=width()), color=color, json_document=names)


def guarded(command: Callable[[], int]) -> None:
    """Run a command and end the process with its exit code; every failure becomes a one-line
    message and a documented exit code, never a traceback."""
    try:
        finish(command())
    except DoctorError as exc:
        sys.stderr.write(f"litellm-doctor: error: {error_line(str(exc))}\n")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write("litellm-doctor: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `litellm-doctor ... | head`: the reader went away; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if os.environ.get("LITELLM_DOCTOR_DEBUG"):
            raise
        sys.stderr.write(
            f"litellm-doctor: internal error: {type(exc).__name__}: {error_line(str(exc))} "
            "(set LITELLM_DOCTOR_DEBUG=1 for the traceback, and please report it)\n"
        )
        sys.exit(EXIT_INTERNAL)


def finish(code: int) -> None:
    """Exit now, without the interpreter's teardown, once the report is out.

    A name lookup that hangs (a dead DNS server) holds a worker thread that the interpreter would
    join at exit, keeping the process alive long after the deadline: such threads are abandoned. And
    a normal exit frees every object one by one (typer's, click's, the rule library's: ~10 ms, a tenth
    of a pasted error's budget; after a probe, ~7 ms more), which nobody sees. So the exit handlers
    run (as a normal exit runs them: `logging`, which httpx imports, registers one), the output is
    flushed and the process ends. Without `atexit._run_exitfuncs` (not CPython) it exits normally,
    every object frozen first so the teardown's collections do not walk them.
    """
    import atexit

    # No `threading` imported (a pasted error's run): no thread was started, and none is imported for this.
    threading = sys.modules.get("threading")
    main_thread = threading.main_thread() if threading else None
    lingering = threading is not None and any(
        t.is_alive() and t is not main_thread and not t.daemon for t in threading.enumerate()
    )
    if not lingering and getattr(atexit, "_ncallbacks", lambda: 1)():
        run_handlers = getattr(atexit, "_run_exitfuncs", None)
        gc.freeze()
        if run_handlers is None:
            sys.exit(code)
        run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None when the process was started with it closed
                stream.flush()
        except BrokenPipeError:
            pass  # the reader went away (`| head`): not an error of ours, as guarded() says
        except (OSError, ValueError):
            if not lingering:
                sys.exit(code)  # a full disk: the normal exit reports the unwritten output
    os._exit(code)
