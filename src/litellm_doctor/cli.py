"""The command line: parse options, call the core, pick a formatter, set the exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or unusable input
(one line on stderr, never a traceback); 3 an internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import os
import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import DoctorError
from .masking import mask
from .model import SEVERITY_RANK, Report

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


app = typer.Typer(
    name="litellm-doctor",
    help=(
        "Find out why a LiteLLM request failed, and what to change.\n\n"
        "Paste an error:      litellm-doctor diagnose \"litellm.RateLimitError: ...\"\n\n"
        "From a file or pipe: litellm-doctor diagnose --error-file error.txt  |  kubectl logs ... | litellm-doctor diagnose -\n\n"
        "Browse the library:  litellm-doctor rules list  /  litellm-doctor rules show LD-RATE-001"
    ),
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="Browse the rule library: what each rule matches, why, and the fix it gives.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(rules_app, name="rules")


# -- shared helpers -------------------------------------------------------------------------------
def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb."""
    if no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or _stdout_is_terminal()


def _width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns) if _stdout_is_terminal() else 100


def emit(text: str) -> None:
    """The single exit for report output: everything printed is masked once more here."""
    sys.stdout.write(mask(text) + "\n")
    sys.stdout.flush()


def fail_usage(message: str) -> None:
    sys.stderr.write(f"litellm-doctor: error: {mask(message)}\n")
    raise typer.Exit(EXIT_USAGE)


def exit_code(report: Report, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return EXIT_OK
    return EXIT_FINDINGS if report.worst_severity_rank() >= SEVERITY_RANK[fail_on.value] else EXIT_OK


def render(report: Report, fmt: OutputFormat, no_color: bool) -> None:
    from .formats import get_formatter

    formatter = get_formatter(fmt.value, color=fmt is OutputFormat.text and use_color(no_color), width=_width())
    emit(formatter.render(report))


def apply_offline(offline: bool) -> None:
    if offline:
        from .offline import forbid_network

        forbid_network()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"litellm-doctor {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """Find out why a LiteLLM request failed, and what to change."""


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
FailOnOption = Annotated[
    FailOn,
    typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity (`never`: always exit 0).", case_sensitive=False),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal (NO_COLOR works too).")]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Guarantee that nothing is sent over the network (no probes).")
]
RulesDirOption = Annotated[
    Optional[Path],
    typer.Option("--rules-dir", help="Extra rule files (same YAML schema as rules/), added to the built-in library."),
]


# Options shared by `probe` and `diagnose --proxy`.
ProxyOption = Annotated[
    Optional[str], typer.Option("--proxy", help="The proxy's base URL, e.g. http://localhost:4000.", show_default=False)
]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", "-c", help="The proxy's config.yaml.", show_default=False)
]
DeepOption = Annotated[
    bool, typer.Option("--deep", help="One max_tokens=1 completion per model group through the proxy (billable).")
]
DirectOption = Annotated[
    bool, typer.Option("--direct", help="Also call each group's provider straight through litellm (billable; implies --deep).")
]
KeyEnvOption = Annotated[
    Optional[str], typer.Option("--key-env", help="Name of the environment variable holding the proxy key.", show_default=False)
]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Overall deadline in seconds for the probes.")]
CaBundleOption = Annotated[
    Optional[Path], typer.Option("--ca-bundle", help="Extra CA certificates (PEM) to trust, on top of the system's.", show_default=False)
]


def load_config_file(path: Optional[Path], env_files: Optional[list[Path]] = None):
    if path is None:
        return None
    from .config import load_config

    return load_config(str(path), env_files=tuple(str(p) for p in env_files or ()))


def probe_settings(key_env: Optional[str], timeout: float, ca_bundle: Optional[Path], deep: bool, direct: bool, no_color: bool):
    """The probe options and the progress display, from the shared command-line options."""
    from .probe import DEFAULT_PROBE_TIMEOUT, ProbeOptions, resolve_key
    from .probe.progress import ProbeProgress

    if timeout <= 0:
        fail_usage("--timeout must be a positive number of seconds")
    key, key_source = resolve_key(key_env)
    display = ProbeProgress(color=not no_color and not os.environ.get("NO_COLOR"))
    options = ProbeOptions(
        deep=deep, direct=direct, key=key, key_source=key_source, deadline=timeout,
        probe_timeout=min(DEFAULT_PROBE_TIMEOUT, timeout), ca_bundle=str(ca_bundle) if ca_bundle else None,
        on_result=display.on_result, on_plan=display.on_plan,
    )
    return options, display


def probe_exit_code(report: Report, fail_on: FailOn) -> int:
    """Exit 1 when a probe failed (a live failure is what --proxy is for), else by --fail-on."""
    failed = any(p.status == "fail" for p in report.probes)
    return EXIT_FINDINGS if failed and fail_on is not FailOn.never else exit_code(report, fail_on)


def _read_input(text: Optional[str], error_file: Optional[Path]) -> tuple[bytes | str, tuple[str, ...]]:
    from .diagnosis.textinput import read_bounded_file, read_bounded_stream

    if text is not None and error_file is not None:
        fail_usage("give the error text either as an argument or with --error-file, not both")
    if error_file is not None:
        return read_bounded_file(str(error_file))
    if text is not None and text != "-":
        return text, ()
    stdin = sys.stdin
    if stdin is None:
        fail_usage("no error text given: pass it as an argument, with --error-file, or on stdin")
    if text is None and stdin.isatty():
        sys.stderr.write("Paste the error text, then press Ctrl-D on an empty line (Ctrl-Z Enter on Windows):\n")
        sys.stderr.flush()
    return read_bounded_stream(stdin.buffer)


# -- diagnose -------------------------------------------------------------------------------------
@app.command(
    help=(
        "Diagnose a failed LiteLLM request from its error text.\n\n"
        "The text can be a one-line message, a whole traceback, the proxy's JSON error body or a log "
        "excerpt (ANSI colours are fine). Give it as an argument, as `-` or on a pipe, with --error-file, "
        "or paste it when asked (end with Ctrl-D).\n\n"
        "Prints the category (auth, quota_rate, routing, timeout, deployment, other, or unknown), the "
        "rule that matched and its confidence, the facts read from the text, what it means and "
        "numbered steps to fix it. Works offline and never imports litellm.\n\n"
        "Examples:\n\n"
        "  litellm-doctor diagnose 'litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided'\n\n"
        "  litellm-doctor diagnose --error-file examples/errors/cooldown_after_401.txt --format markdown\n\n"
        "  pbpaste | litellm-doctor diagnose - --format json\n\n"
        "Logs: --log FILE (or --log - for stdin) triages a whole LiteLLM proxy log, streamed in bounded "
        "memory (plain text with ANSI colours, json_logs output, uvicorn access lines, tracebacks): "
        "failures are grouped by signature, each with its count, first/last time, model groups, "
        "diagnosis and steps, most important first, and a cooldown names the error that caused it. "
        "More than 1 MiB piped on stdin that looks like a LiteLLM log is triaged the same way without "
        "--log. A progress bar is shown on stderr when it is a terminal.\n\n"
        "  litellm-doctor diagnose --log proxy.log\n\n"
        "  kubectl logs deploy/litellm | litellm-doctor diagnose --log - --format json"
    )
)
def diagnose(
    text: Annotated[Optional[str], typer.Argument(help="The error text, or `-` to read stdin.", show_default=False)] = None,
    error_file: Annotated[
        Optional[Path], typer.Option("--error-file", "-e", help="Read the error text from this file.", show_default=False)
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    fail_on: FailOnOption = FailOn.error,
    offline: OfflineOption = False,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    log: Annotated[
        Optional[str],
        typer.Option("--log", "-l", help="Triage a whole proxy log file (`-` for stdin): failures grouped by signature.", show_default=False),
    ] = None,
    config: ConfigOption = None,
    env_file: Annotated[
        Optional[list[Path]],
        typer.Option("--env-file", help="With --config: the proxy's environment (KEY=value lines), to resolve os.environ/ as the proxy does.", show_default=False),
    ] = None,
    proxy: ProxyOption = None,
    deep: DeepOption = False,
    direct: DirectOption = False,
    key_env: KeyEnvOption = None,
    timeout: TimeoutOption = 30.0,
    ca_bundle: CaBundleOption = None,
) -> None:
    from .diagnosis import diagnose as run_diagnose

    if offline and proxy:
        fail_usage("--proxy sends requests to the proxy; it cannot be combined with --offline")
    apply_offline(offline)
    rules = str(rules_dir) if rules_dir else None
    loaded = load_config_file(config, env_file)
    if log is not None:
        if text is not None or error_file is not None:
            fail_usage("give either --log or an error text (argument / --error-file), not both")
        report = _triage(log, None, rules)
    elif text in (None, "-") and error_file is None and sys.stdin is not None and not sys.stdin.isatty():
        from .logs import sniff_stream
        from .diagnosis.textinput import read_bounded_stream

        is_log, stream = sniff_stream(sys.stdin.buffer)
        if is_log:
            report = _triage("-", stream, rules)
        else:
            data, notes = read_bounded_stream(stream)
            report = run_diagnose(data, rules_dir=rules, notes=notes)
    else:
        data, notes = _read_input(text, error_file)
        report = run_diagnose(data, rules_dir=rules, notes=notes)
    if loaded is not None:
        from .config import tie_to_config

        report = tie_to_config(report, loaded)
    if proxy:
        from .probe import probe_for_diagnose

        options, display = probe_settings(key_env, timeout, ca_bundle, deep, direct, no_color)
        with display:
            report = probe_for_diagnose(
                report, proxy, loaded, deep=options.deep, direct=options.direct, key=options.key,
                key_source=options.key_source, deadline=options.deadline, probe_timeout=options.probe_timeout,
                ca_bundle=options.ca_bundle, on_result=options.on_result, on_plan=options.on_plan, rules_dir=rules,
            )
        render(report, fmt, no_color)
        raise typer.Exit(probe_exit_code(report, fail_on))
    render(report, fmt, no_color)
    raise typer.Exit(exit_code(report, fail_on))


def _triage(log: str, stream, rules_dir: Optional[str]) -> Report:
    """`diagnose --log`: stream the log through the triage, with a progress bar on a terminal."""
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
        return triage_log(source, rules_dir=rules_dir, on_progress=progress.update, name="stdin" if log == "-" else log)


# -- rules ----------------------------------------------------------------------------------------
class RulesFormat(str, Enum):
    text = "text"
    json = "json"


@rules_app.command(
    "list",
    help="List every rule: the text rules (rules/*.yaml), the config checks of `check` and the probe verdicts.",
)
def rules_list(
    category: Annotated[
        Optional[str], typer.Option("--category", "-c", help="Only this category (auth, quota_rate, routing, …).")
    ] = None,
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RulesFormat.text,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    offline: OfflineOption = False,
) -> None:
    from .model import CATEGORIES

    apply_offline(offline)
    from .rules_view import every_rule
    from .rules_view import rules_json, rules_table

    if category and category not in CATEGORIES:
        fail_usage(f"unknown category {category!r}; choose from {', '.join(CATEGORIES)}")
    rules = [r for r in every_rule(str(rules_dir) if rules_dir else None) if not category or r.category == category]
    if fmt is RulesFormat.json:
        emit(rules_json(rules))
    else:
        emit(rules_table(rules, color=use_color(no_color), width=_width()))


@rules_app.command("show", help="Show one rule in full: what it means, what it matches, the fix, and its examples.")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id (LD-RATE-001) or name (upstream-rate-limited).")],
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RulesFormat.text,
    rules_dir: RulesDirOption = None,
    offline: OfflineOption = False,
) -> None:
    from .diagnosis.rulebook import find_rule
    from .rules_view import every_rule

    apply_offline(offline)
    from .rules_view import rule_detail, rules_json

    rule = find_rule(every_rule(str(rules_dir) if rules_dir else None), rule_id)
    if rule is None:
        fail_usage(f"no rule {rule_id!r}; `litellm-doctor rules list` shows them all")
    emit(rules_json([rule]) if fmt is RulesFormat.json else rule_detail(rule))


# -- probe ----------------------------------------------------------------------------------------
@app.command(
    help=(
        "Probe a running LiteLLM proxy and the upstreams of its config, and explain what fails.\n\n"
        "Stages: DNS, TCP, TLS and HTTP for the proxy and every api_base; /health/liveliness; "
        "/health/readiness (version, database); whether the key is accepted (master or virtual key); "
        "/v1/models against the config's model groups. With --deep, one `max_tokens: 1` completion per "
        "model group through the proxy (billable); with --direct, the same call straight to the provider "
        "through litellm, to tell a proxy problem from a provider problem.\n\n"
        "The key comes from --key-env VAR, else LITELLM_API_KEY, else LITELLM_MASTER_KEY, and is never "
        "printed. No retries; a Retry-After is respected; redirects are not followed; TLS is verified "
        "(--ca-bundle adds a CA). Exit 1 when a probe fails.\n\n"
        "Examples:\n\n"
        "  litellm-doctor probe --proxy http://localhost:4000\n\n"
        "  litellm-doctor probe --proxy http://localhost:4000 --config config.yaml --deep --key-env LITELLM_MASTER_KEY\n\n"
        "  litellm-doctor probe --proxy https://llm.example.com --deep --direct --format json"
    )
)
def probe(
    proxy: ProxyOption = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="The proxy's config.yaml: its model groups and api_bases are probed too.", show_default=False)
    ] = None,
    deep: DeepOption = False,
    direct: DirectOption = False,
    key_env: KeyEnvOption = None,
    timeout: TimeoutOption = 30.0,
    ca_bundle: CaBundleOption = None,
    fmt: FormatOption = OutputFormat.text,
    fail_on: FailOnOption = FailOn.error,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    offline: OfflineOption = False,
) -> None:
    from .probe import probe as run_probe

    if not proxy:
        fail_usage("probe needs --proxy URL (the proxy's base URL, e.g. http://localhost:4000)")
    if offline:
        fail_usage("probe sends requests to the proxy and its upstreams; it cannot run with --offline")
    loaded = load_config_file(config)
    options, display = probe_settings(key_env, timeout, ca_bundle, deep, direct, no_color)
    with display:
        report = run_probe(proxy, loaded, options, rules_dir=str(rules_dir) if rules_dir else None)
    render(report, fmt, no_color)
    raise typer.Exit(probe_exit_code(report, fail_on))


# -- check ----------------------------------------------------------------------------------------
def _default_config_path() -> Optional[Path]:
    env = os.environ.get("CONFIG_FILE_PATH")
    if env and Path(env).is_file():
        return Path(env)
    for name in ("config.yaml", "config.yml", "litellm_config.yaml", "proxy_config.yaml"):
        if Path(name).is_file():
            return Path(name)
    return None


@app.command(
    help=(
        "Check a LiteLLM proxy config.yaml before you deploy it (CI preflight).\n\n"
        "Loads the config as the proxy does (include: files, os.environ/ references, environment_variables:, "
        "a .env next to the config) and runs 71 checks for what LiteLLM accepts silently or only fails on at "
        "start-up or at the first request: misspelled keys, unknown providers, missing credentials, unset "
        "variables, fallbacks to groups that do not exist, timeout and retry gotchas, plain-text keys, … "
        "Each finding has a file:line, why and the fix. Never imports litellm; never uses the network.\n\n"
        "Settings: [tool.litellm-doctor] in pyproject.toml or .litellm-doctor.yaml (looked up from the "
        "config's directory upward): select, ignore, fail-on, workers, client-timeout, strict-env, env-files. "
        "Silence one line with `# litellm-doctor: ignore[LD-CFG-044]`.\n\n"
        "Examples:\n\n"
        "  litellm-doctor check config.yaml\n\n"
        "  litellm-doctor check config.yaml --format sarif > litellm-doctor.sarif\n\n"
        "  litellm-doctor check config.yaml --format github --fail-on warning --ignore plaintext-secret\n\n"
        "  litellm-doctor check config.yaml --upgrade-to 1.110.2\n\n"
        "  litellm-doctor check config.yaml --diff        # the safe fixes, as a diff\n\n"
        "  litellm-doctor check config.yaml --fix         # apply them in place\n\n"
        "  litellm-doctor check --list"
    )
)
def check(
    config: Annotated[
        Optional[Path],
        typer.Argument(help="The config file (default: $CONFIG_FILE_PATH, else ./config.yaml).", show_default=False),
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity [default: error].", case_sensitive=False, show_default=False),
    ] = None,
    select: Annotated[
        Optional[list[str]], typer.Option("--select", help="Only these checks: ids, names or id prefixes (repeat or comma-separate).", show_default=False)
    ] = None,
    ignore: Annotated[
        Optional[list[str]], typer.Option("--ignore", help="Skip these checks: ids, names or id prefixes.", show_default=False)
    ] = None,
    env_file: Annotated[
        Optional[list[Path]], typer.Option("--env-file", help="The proxy's environment (KEY=value lines); wins over this process's.", show_default=False)
    ] = None,
    strict_env: Annotated[
        Optional[bool], typer.Option("--strict-env/--no-strict-env", help="This is the proxy's environment: unset variables and missing credentials are errors.", show_default=False)
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", min=1, help="Proxy processes sharing the load (workers x replicas).", show_default=False)
    ] = None,
    client_timeout: Annotated[
        Optional[float], typer.Option("--client-timeout", min=0.001, help="Your clients' own timeout in seconds [default: 600].", show_default=False)
    ] = None,
    settings: Annotated[
        Optional[Path], typer.Option("--settings", help="A settings file to use instead of looking one up.", show_default=False)
    ] = None,
    no_dotenv: Annotated[bool, typer.Option("--no-dotenv", help="Do not read the .env (nor docker-compose / Kubernetes files) next to the config.")] = False,
    litellm_version: Annotated[
        Optional[str], typer.Option("--litellm-version", help="The LiteLLM version the proxy runs [default: an image tag next to the config, else the installed litellm, else the newest known].", show_default=False)
    ] = None,
    upgrade_to: Annotated[
        Optional[str], typer.Option("--upgrade-to", help="Also report what breaks, changes meaning or stops being read when moving to this LiteLLM version.", show_default=False)
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes in place (comments and layout kept), then report what remains.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print the fixes as a unified diff; change nothing (exit 1 when there is one).")] = False,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="With --fix/--diff: also the fixes that may change what you meant.")] = False,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks (id, name, category, severity, title) and exit.")] = False,
    explain: Annotated[
        Optional[str], typer.Option("--explain", help="Show one check in full (why, fix, docs) and exit.", show_default=False)
    ] = None,
    offline: OfflineOption = False,
    no_color: NoColorOption = False,
) -> None:
    apply_offline(offline)
    from .config.checks import catalog
    from .config.engine import resolve_selection
    from .config.settings import load_project_settings

    if list_checks or explain:
        from .config.view import check_detail, checks_json, checks_table

        checks = catalog()
        if explain:
            wanted = resolve_selection([explain], checks, "--explain")
            chosen = [c for c in checks if c.id in wanted]
            emit(checks_json(chosen) if fmt is OutputFormat.json else "\n\n".join(check_detail(c) for c in chosen))
        else:
            emit(checks_json(checks) if fmt is OutputFormat.json else checks_table(checks))
        raise typer.Exit(EXIT_OK)

    if config is None:
        config = _default_config_path()
        if config is None:
            fail_usage("no config given and no ./config.yaml here: run `litellm-doctor check path/to/config.yaml`")
    from .config.checks import Options
    from .config.engine import run_checks
    from .config.loader import load_config

    project = load_project_settings(config, settings)
    env_files = tuple(str(p) for p in (env_file or ())) or project.env_files
    loaded = load_config(str(config), env_files=env_files, use_dotenv=not no_dotenv)
    from .knowledge.detect import detect

    detected = detect(option=litellm_version, config_path=config)
    options = Options(
        workers=workers or project.workers,
        client_timeout=client_timeout or project.client_timeout or 600.0,
        client_timeout_given=bool(client_timeout or project.client_timeout),
        strict_env=strict_env if strict_env is not None else bool(project.strict_env),
        litellm_version=detected.version,
    )
    selection = {"select": tuple(select or ()) or project.select, "ignore": (*project.ignore, *(ignore or ()))}
    if fix or diff:
        from .config.fixer import fix_config, summary

        result, report = fix_config(
            loaded, lambda cfg, fixes: run_checks(cfg, **selection, options=options, fixes=fixes),
            lambda: load_config(str(config), env_files=env_files, use_dotenv=not no_dotenv),
            unsafe=unsafe_fixes, write=fix and not diff,
        )
        sys.stderr.write(f"litellm-doctor: {mask(summary(result, wrote=fix and not diff))}\n")
        if diff:
            text = result.diff()
            if text:
                emit(text.rstrip("\n"))
            raise typer.Exit(EXIT_FINDINGS if text else EXIT_OK)
    else:
        report = run_checks(loaded, **selection, options=options)
    from .config.upgrade import with_version

    report = with_version(report, loaded, detected, upgrade_to)
    if project.source:
        from dataclasses import replace

        report = replace(report, notes=(*report.notes, f"settings: {project.source}"))
    render(report, fmt, no_color)
    level = (fail_on.value if fail_on else None) or project.fail_on or "error"
    raise typer.Exit(exit_code(report, FailOn(level)))


# -- report ---------------------------------------------------------------------------------------
@app.command(
    "report",
    help=(
        "Markdown for a LiteLLM bug report, ready to paste: litellm-doctor and LiteLLM versions, Python "
        "and OS, the config with every secret masked, the findings of `check`, probe results with "
        "--proxy, and the top failure signatures of a log with --log. Secrets never appear: api_key, "
        "master_key, password and similar values are masked whatever their shape, and so is anything "
        "that looks like a key or token.\n\n"
        "  litellm-doctor report --config config.yaml --log proxy.log --output report.md\n\n"
        "  litellm-doctor report --config config.yaml --proxy http://localhost:4000 | pbcopy"
    ),
)
def bug_report(
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="The proxy's config.yaml.", show_default=False)] = None,
    proxy: Annotated[Optional[str], typer.Option("--proxy", help="Probe this running proxy (e.g. http://localhost:4000).", show_default=False)] = None,
    log: Annotated[Optional[str], typer.Option("--log", "-l", help="A proxy log (`-` for stdin): its top failure signatures.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of stdout.", show_default=False)] = None,
    key_env: Annotated[Optional[str], typer.Option("--key-env", help="Environment variable holding the proxy key (for --proxy).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Overall deadline in seconds for the probes.")] = 30.0,
    offline: OfflineOption = False,
    rules_dir: RulesDirOption = None,
) -> None:
    from .logs.bugreport import build_bug_report, write_atomically

    if proxy and offline:
        fail_usage("--proxy needs the network; drop --offline")
    if timeout <= 0:
        fail_usage("--timeout must be a positive number of seconds")
    text = build_bug_report(
        config=str(config) if config else None, proxy=proxy, log=log, key_env=key_env, timeout=timeout,
        rules_dir=str(rules_dir) if rules_dir else None,
    )
    if output is not None:
        write_atomically(str(output), mask(text))
        sys.stderr.write(mask(f"report written to {output}") + "\n")
    else:
        emit(text.rstrip("\n"))
    raise typer.Exit(EXIT_OK)


@app.command(
    "schema",
    help=(
        "Print a JSON Schema of LiteLLM's config.yaml, generated from the keys LiteLLM reads (the same knowledge "
        "`check` uses), so an editor completes and underlines keys as you type. With yaml-language-server "
        "(VS Code's YAML extension):\n\n"
        "  litellm-doctor schema > litellm-config.schema.json\n\n"
        "  # yaml-language-server: $schema=./litellm-config.schema.json   (first line of config.yaml)"
    ),
)
def schema() -> None:
    from .config.schema import SCHEMA_FILE, schema_text

    # The shipped file; generated afresh when running from a tree without it.
    text = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.is_file() else schema_text()
    emit(text.rstrip("\n"))
    raise typer.Exit(EXIT_OK)


def main() -> None:
    """Console entry point: turns every failure into a one-line message and a documented exit code."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_OK)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except DoctorError as exc:
        sys.stderr.write(f"litellm-doctor: error: {mask(str(exc))}\n")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write("litellm-doctor: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `litellm-doctor ... | head`: the reader went away; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        # typer vendors click (typer._click), so recognise its exceptions by class name.
        names = {cls.__name__ for cls in type(exc).__mro__}
        if "Abort" in names:
            sys.stderr.write("litellm-doctor: interrupted\n")
            sys.exit(EXIT_INTERRUPTED)
        if "ClickException" in names:
            # Click repeats the offending value ("'sk-…' is not one of …"): through the mask like any output.
            import io

            shown = io.StringIO()
            exc.show(file=shown)  # type: ignore[attr-defined]
            sys.stderr.write(mask(shown.getvalue()))
            sys.exit(EXIT_USAGE)
        if os.environ.get("LITELLM_DOCTOR_DEBUG"):
            raise
        sys.stderr.write(
            f"litellm-doctor: internal error: {type(exc).__name__}: {mask(str(exc))} "
            "(set LITELLM_DOCTOR_DEBUG=1 for the traceback, and please report it)\n"
        )
        sys.exit(EXIT_INTERNAL)
