"""The console entry point.

A pasted error is the command run most and the one that must feel instant, and importing typer (with
the click it vendors) costs ~65 ms on a 2-core machine: more than reading the rule library and
diagnosing the text together (and ~8 % of a 200 MB log's triage, whose budget is a share of grep's
speed). So the usual paste and log command lines are parsed here, by hand:

    diagnose TEXT | - | --error-file FILE (-e) | --log FILE (-l)   with   --format/-f, --fail-on,
                                                       --verbose/-v, --no-color, --offline, `--`

and everything else (any other option, `--help`, a value that is not a choice, another command) goes to
the typer app in cli.py, which parses it, reports usage errors and prints help. What is accepted here
is what typer would accept for these options, and it is run by the same code `diagnose` runs
(pasted.report_for_text, output.render): a test runs each form both ways and compares the output.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import namedtuple

# Options that take a value, by every spelling, and the flags, as `diagnose` declares them in cli.py.
_VALUED = {"--error-file": "error_file", "-e": "error_file", "--format": "fmt", "-f": "fmt", "--fail-on": "fail_on",
           "--log": "log", "-l": "log"}
_FLAGS = {"--verbose": "verbose", "-v": "verbose", "--no-color": "no_color", "--offline": "offline"}


# text, error_file and log: a string or None; fmt and fail_on: a choice's name; verbose, no_color, offline: bools.
# (collections.namedtuple: typing.NamedTuple compiles each annotation at import, as logrecords.py says.)
PasteArgs = namedtuple("PasteArgs", "text error_file fmt fail_on verbose no_color offline log")


def paste_args(args: list[str]) -> PasteArgs | None:
    """`args` (after the program name) as a paste command line, or None when typer must parse them."""
    if not args or args[0] != "diagnose":
        return None
    values: dict[str, str] = {}
    flags: set[str] = set()
    texts: list[str] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            texts.extend(rest)
            break
        name, eq, attached = arg.partition("=")
        if name in _VALUED and (eq == "" or name.startswith("--")):
            value = attached if eq else next(rest, None)
            if not value or (value.startswith("-") and value != "-"):
                return None  # a missing value, or one typer may read otherwise: typer says which
            values[_VALUED[name]] = value  # typer keeps the last of a repeated option too
        elif arg in _FLAGS:
            flags.add(_FLAGS[arg])
        elif arg == "-" or not arg.startswith("-"):
            texts.append(arg)
        else:
            return None  # --help, --log, --config, --proxy, -vf, ...: typer's
    fmt, fail_on = values.get("fmt", "text").casefold(), values.get("fail_on", "error").casefold()
    from .output import FailOn, OutputFormat

    if len(texts) > 1 or fmt not in OutputFormat.__members__ or fail_on not in FailOn.__members__:
        return None  # typer's usage error ("unexpected extra argument", "not one of ...")
    if "log" in values and (texts or "error_file" in values):
        return None  # typer's usage error: a log or an error text, not both
    error_file = values.get("error_file")
    if error_file is not None and error_file != "-":
        error_file = path_name(error_file)  # typer's type for it is a Path: the same name in every message
    return PasteArgs(texts[0] if texts else None, error_file, fmt, fail_on,
                     "verbose" in flags, "no_color" in flags, "offline" in flags, values.get("log"))


def path_name(name: str) -> str:
    """`str(pathlib.Path(name))`. On POSIX without importing pathlib, which nothing else of an `--error-file` run needs
    (with the urllib.parse and ipaddress it imports, ~16 M instructions, 7 % of the run): empty and `.` parts dropped,
    a run of slashes one slash, a trailing one dropped, and exactly two leading ones kept (POSIX leaves `//` to the
    system, so pathlib keeps it)."""
    if os.name != "posix" or not name:
        from pathlib import Path

        return str(Path(name))
    rest = name.lstrip("/")
    root = "//" if len(name) - len(rest) == 2 else "/" if rest != name else ""
    return root + "/".join(part for part in rest.split("/") if part and part != ".") or "."


def run_paste(args: PasteArgs) -> int:
    """`diagnose` for a pasted error or a log, as cli.diagnose runs it without --config, --proxy or a window."""
    from .boundedio import check_paths
    from .output import FailOn, OutputFormat, exit_code, render
    from .pasted import report_for_text, triage

    # What the imports made (main paused the collector for them) lives until exit: frozen, never walked.
    gc.freeze()
    gc.enable()
    check_paths(args.error_file, args.log)
    if args.offline:
        from .offline import forbid_network

        forbid_network()
    report = triage(args.log, None, None) if args.log is not None else report_for_text(args.text, args.error_file, None)
    render(report, OutputFormat(args.fmt), args.no_color, args.verbose, source=args.error_file)  # SARIF's location
    return exit_code(report, FailOn(args.fail_on))


def main() -> None:
    # The modules imported from here on (the output's, the model's dataclasses, the masking) make objects
    # that live until exit; the cyclic collector would walk them again and again as they are made and free
    # nothing (~2 ms of a pasted error's run). So it is paused: run_paste freezes them and resumes it, as
    # cli.py does at the end of its own import for every other command.
    gc.disable()
    from .deferred import defer

    defer("inspect")  # before the first dataclass: `dataclasses` imports it and, here, never uses it (deferred.py)
    from .secret_sources import register_process_environment

    # Every command's output is masked by the environment's secret values too, not only what a config names: a
    # pasted error or a log holds the key the shell exported (`AZURE_API_KEY=shortkey1`), whatever its shape.
    register_process_environment()
    parsed = paste_args(sys.argv[1:])
    if parsed is None:
        from .cli import main as typer_main  # its import pauses the collector itself, and freezes what it made

        gc.enable()
        typer_main()
        return
    from .output import guarded

    guarded(lambda: run_paste(parsed))
