"""pre-commit entry point: `python -m litellm_doctor.config.precommit [check options] FILE...`.

pre-commit passes every matching file at once, and `check` takes several configs: one run checks each on its own
(its own project settings) and prints one report, a header per file; the exit code is the worst of them (2 for a
file that cannot be checked, whose one-line error does not hide the others' findings).

pre-commit runs `entry + args + file names`, with no `--` before the file names (and none can be put there: a `--`
in the hook's `args` would be lost as soon as a user sets their own `args`). So the arguments are split here: an
option of `check` (and the value it takes: `--deploy k8s.yaml` is never a config to check) stays an option, and
everything else -- including a staged file whose name starts with `-`, e.g. a directory `--settings=x/` holding a
`config.yaml`, which exists as a file and so is not taken for an option -- goes to `check` after `--`, so a file
name is always checked as a config, never read as an option that swaps the settings or hides the file.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import typer

    from ..cli import app
    from ..errors import DoctorError
    from ..output import error_line

    args = list(sys.argv[1:] if argv is None else argv)
    options, files = split_arguments(args)
    if not files:
        return 0  # pre-commit ran the hook with no file (none staged matches): nothing to check, not ./config.yaml
    from . import confine

    confine.PRE_COMMIT = True  # a staged link to a file outside the repository is not read (confine.py)
    try:
        code = app(["check", *options, "--", *files], standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except DoctorError as exc:
        sys.stderr.write(f"litellm-doctor: error: {error_line(str(exc))}\n")  # masked and sanitised, as the CLI's
        return 2
    finally:
        confine.PRE_COMMIT = False


def split_arguments(args: list[str]) -> tuple[list[str], list[str]]:
    """(options with their values, file names). A token starting with `-` is an option unless a file of that very
    name exists (pre-commit only passes files that exist); an option that takes a value takes the next token."""
    import os

    import typer

    from ..cli import app

    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    takes_value = {name for p in command.params if getattr(p, "opts", None) and not getattr(p, "is_flag", False)
                   and not getattr(p, "count", False) for name in p.opts}
    options: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            files.extend(args[i + 1:])
            break
        if arg.startswith("-") and len(arg) > 1 and not os.path.isfile(arg):
            options.append(arg)
            if arg in takes_value and i + 1 < len(args):
                options.append(args[i + 1])
                i += 1
        else:
            files.append(arg)
        i += 1
    return options, files


if __name__ == "__main__":
    raise SystemExit(main())
