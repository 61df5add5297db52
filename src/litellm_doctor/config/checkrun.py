"""`check` of one config, as the command line asks for it: project settings, loading, the checks, the fixes,
the version's findings. Returns the report and the exit code it earns; prints only --fix's one-line summary
(stderr) and --diff's diff. `check a.yaml b.yaml` calls it once a file (cli.py): each config is checked with its
own project settings (looked up from its own directory), as if it had been given alone.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

from ..model import Report


@dataclass(frozen=True)
class CheckArgs:
    """The options of `check` that apply to every config of the run."""

    fail_on: Optional[str] = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()
    strict_env: Optional[bool] = None
    workers: Optional[int] = None
    db_max_connections: Optional[int] = None
    deploy: Optional[list] = None
    client_timeout: Optional[float] = None
    settings: Optional[Path] = None
    no_dotenv: bool = False
    litellm_version: Optional[str] = None
    upgrade_to: Optional[str] = None
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    confine: Optional[str] = None  # a CI or pre-commit run's workspace (confine.py)


@dataclass(frozen=True)
class Checked:
    """One config's outcome: its report and exit code, or why it could not be checked (exit 2).
    `diff`: --diff's text for it ("" when nothing would change)."""

    path: str
    report: Optional[Report] = None
    exit_code: int = 0
    error: Optional[str] = None
    diff: Optional[str] = None


def check_args(args: CheckArgs) -> None:
    """Raise the errors of `check`'s options that no config causes (a --select naming no check, a missing
    --env-file or --settings file, an --upgrade-to that is no version, a bad --client-timeout): with several
    configs, one line before any config is read, instead of the same line for each config."""
    from ..boundedio import is_file, missing_file
    from ..errors import InputError
    from .checks import catalog
    from .engine import _every_rule, resolve_selection
    from .settings import load_project_settings

    for flag, values in (("--select", args.select), ("--ignore", args.ignore)):
        if values:
            resolve_selection(values, catalog(), flag, _every_rule)
    for env_file in args.env_files:
        if not is_file(env_file):
            raise InputError(missing_file(env_file, "env file"))  # (a FIFO or a directory is not "not found")
    if args.settings is not None:
        load_project_settings(None, args.settings)
    if args.upgrade_to is not None:
        from ..knowledge.versions import is_version

        if not is_version(args.upgrade_to):
            raise InputError(f"--upgrade-to: {args.upgrade_to!r} is not a LiteLLM version (like 1.110.2)")
    if args.client_timeout is not None:
        from ..seconds import CLIENT_TIMEOUT_MAX, seconds

        seconds(args.client_timeout, "--client-timeout", maximum=CLIENT_TIMEOUT_MAX)


def check_one(config: Path, args: CheckArgs, *, label: str = "") -> Checked:
    """Check one config. A DoctorError (unreadable file, bad YAML, a bad setting) is raised to the caller, which
    decides whether it ends the run (one config) or marks this config (several). `label`: the path to put
    before --fix's stderr summary when several configs share stderr. The options were validated by check_args
    once, before the first config."""
    from ..output import FailOn, exit_code
    from .checks import Options
    from .engine import run_checks
    from .loader import load_config
    from .settings import load_project_settings

    project = load_project_settings(config, args.settings)
    env_files = args.env_files or project.env_files
    loaded = load_config(str(config), env_files=env_files, use_dotenv=not args.no_dotenv, confine=args.confine)
    from ..knowledge.detect import detect

    detected = detect(option=args.litellm_version, config_path=config)
    shape = project.deployment(config, args.deploy, discover=not args.no_dotenv)  # replicas x workers, max_connections
    options = Options(
        **shape.check_options(args.workers, args.db_max_connections),
        client_timeout=args.client_timeout or project.client_timeout or 600.0,
        client_timeout_given=bool(args.client_timeout or project.client_timeout),
        strict_env=args.strict_env if args.strict_env is not None else bool(project.strict_env),
        litellm_version=detected.version,
    )
    selection = {"select": args.select or project.select, "ignore": (*project.ignore, *args.ignore)}
    if args.fix or args.diff:
        from .fixer import fix_config, summary

        result, report = fix_config(
            loaded, lambda cfg, fixes: run_checks(cfg, **selection, options=options, fixes=fixes),
            lambda: load_config(str(config), env_files=env_files, use_dotenv=not args.no_dotenv, confine=args.confine),
            unsafe=args.unsafe_fixes, write=args.fix and not args.diff,
        )
        said = summary(result, wrote=args.fix and not args.diff)
        from ..formats.sanitize import one_line
        from ..output import clean

        # (the label is a file name as given: no escape sequence, no line of its own)
        sys.stderr.write(f"litellm-doctor: {one_line(clean(f'{label}: {said}' if label else said))}\n")
        if args.diff:
            from ..formats.sanitize import value

            # (a config line printed as context, `::error …` in a block scalar, is a runner's command in a CI log: broken,
            # as in every output; such a line, like a masked secret's, no longer applies as it is)
            text = value(result.diff())
            return Checked(str(config), report, 1 if text else 0, diff=text)
    else:
        report = run_checks(loaded, **selection, options=options)
    from .upgrade import with_version

    report = with_version(report, loaded, detected, args.upgrade_to)
    if project.source:
        report = replace(report, notes=(*report.notes, f"settings: {project.source}"))
    report = replace(report, notes=(*report.notes, *shape.report_notes()))
    level = args.fail_on or project.fail_on or "error"
    return Checked(str(config), report, exit_code(report, FailOn(level)))
