"""pre-commit entry point: `python -m litellm_doctor.config.precommit [check options] FILE...`.

pre-commit passes every matching file at once; `check` takes one config, so this runs it per file
(options before the first file are given to each run) and exits with the worst exit code.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    import typer

    from ..cli import app
    from ..errors import DoctorError
    from ..output import error_line

    args = list(sys.argv[1:] if argv is None else argv)
    files = [a for a in args if not a.startswith("-") and a.endswith((".yaml", ".yml"))]
    options = [a for a in args if a not in files]
    worst = 0
    for path in files:
        try:
            code = app(["check", path, *options], standalone_mode=False)
            code = code if isinstance(code, int) else 0
        except typer.Exit as exc:
            code = exc.exit_code
        except DoctorError as exc:
            sys.stderr.write(f"litellm-doctor: error: {error_line(str(exc))}\n")  # masked and sanitised, as the CLI's
            code = 2
        worst = max(worst, code)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
