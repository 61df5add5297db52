"""pre-commit entry point: `python -m litellm_doctor.config.precommit [check options] FILE...`.

pre-commit passes every matching file at once, and `check` takes several configs: one run checks each on its own
(its own project settings) and prints one report, a header per file; the exit code is the worst of them (2 for a
file that cannot be checked, whose one-line error does not hide the others' findings). The arguments go to `check`
as given, so an option's value (`--deploy k8s.yaml`) is never taken for a config to check.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import typer

    from ..cli import app
    from ..errors import DoctorError
    from ..output import error_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not any(a.endswith((".yaml", ".yml")) and not a.startswith("-") for a in args):
        return 0  # pre-commit ran the hook with no file (none staged matches): nothing to check, not ./config.yaml
    try:
        code = app(["check", *args], standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except DoctorError as exc:
        sys.stderr.write(f"litellm-doctor: error: {error_line(str(exc))}\n")  # masked and sanitised, as the CLI's
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
