"""The command line: parse options, call the core, pick a formatter, set the exit code (output.py
says which). A pasted error's usual command lines are parsed without typer first (launch.py).
"""

# No `from __future__ import annotations` in this module: typer reads the commands' annotations on every
# run, and an annotation kept as a string costs an eval() each (380 of them: ~60 M instructions, ~15 ms
# of every command's start-up). Evaluated once at import, they cost almost nothing.

import gc

# Importing typer and click and defining the commands makes ~20k objects that live until exit; the
# cyclic collector would walk them again and again as they are made (~4 ms of a pasted error's run)
# and find nothing to free. So it is paused until the end of this module, which hands them to
# gc.freeze() (never walked again) and resumes it for whatever the command then does.
gc.disable()

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .boundedio import check_paths, is_file, not_a_file
from .errors import InputError, UsageError
from .masking import mask
from .model import Report
from .output import (
    EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, FailOn, OutputFormat, clean, emit, error_line, exit_code, guarded, render,
    stdout_is_terminal, table_width, use_color, width,
)
from .pasted import report_for_text, triage

app = typer.Typer(
    name="litellm-doctor",
    help=(
        "Find out why a LiteLLM request failed, and what to change.\n\n"
        # \b: click prints the block as written (no re-wrapping into false pipelines).
        "\b\n"
        "Paste an error:     litellm-doctor diagnose \"litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached\"\n"
        "From a file:        litellm-doctor diagnose --error-file examples/errors/timeout_408.json\n"
        "From a pipe:        cat examples/errors/rate_limit_tpm.txt | litellm-doctor diagnose -\n"
        "Check a config:     litellm-doctor check examples/config.yaml\n"
        "Browse the library: litellm-doctor rules list\n"
        "One rule in full:   litellm-doctor rules show LD-RATE-001"
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
def fail_usage(message: str) -> None:
    raise UsageError(message)


def preload_formatter(fmt: OutputFormat) -> None:
    """Import the formatter of `fmt` and compile the masks (called in the background while probes are
    in flight: rendering after the last answer then finds both ready)."""
    from importlib import import_module

    from .formats import FORMATS
    from .masking import compile_all

    import_module(f"{__package__}.formats.{FORMATS[fmt.value][0]}")
    compile_all()


def project_settings(config: Optional[Path], settings: Optional[Path]):
    """`check`'s project settings for `probe` and `report` too (config/settings.py): looked up from the
    config's directory (a few stats; tomllib only for a pyproject.toml that names litellm-doctor)."""
    from .config.confine import confined_reads
    from .config.settings import load_project_settings

    with confined_reads():  # in CI, not a file linked outside the workspace (config/confine.py)
        return load_project_settings(config, settings)


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
VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Text: also what it means, every step, the other findings and the docs; for a log, each group's detail (markdown and json always have them)."),
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
    bool, typer.Option("--deep", help="One max_tokens=1 completion per model group through the proxy (billable); for a group "
                 "in cooldown also the proxy's /health?model=GROUP, which calls each of its deployments once (not for an "
                 "image, video or speech model's group, where it would make an image or a clip).")
]
DirectOption = Annotated[
    bool, typer.Option("--direct", help="Also call each group's provider straight through litellm (billable; implies --deep).")
]
KeyEnvOption = Annotated[
    Optional[str], typer.Option("--key-env", help="Name of the environment variable holding the proxy key.", show_default=False)
]
TimeoutOption = Annotated[float, typer.Option("--timeout", help="Overall deadline in seconds for the probes.")]
DeployOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--deploy",
        help=("A docker-compose file, Kubernetes manifest, kustomization or directory of them that deploys the proxy (repeat it; "
              "default: the `deploy` project setting, else those beside the config). Read for processes = replicas (deploy.replicas / scale, spec.replicas, an HPA's "
              "maxReplicas, kustomize's replicas and patches) x workers (--num_workers, NUM_WORKERS) and a Postgres "
              "`-c max_connections=N`, for limits without Redis and DB connections; compose `extends` and a kustomize "
              "overlay's ../base (namePrefix, nameSuffix, namespace, replacements) are followed. --workers and --db-max-connections win. Helm: "
              "`helm template … > rendered.yaml`, then --deploy rendered.yaml."),
        show_default=False,
    ),
]
# `probe` and `report` (`check --workers` counts every process instead: it probes no replica).
WorkersPerReplicaOption = Annotated[
    Optional[int],
    typer.Option("--workers", min=1, help="Workers per replica: processes = replicas (probed, or from the deployment files) x workers, for limits and DB connections.", show_default=False),
]
DbMaxConnectionsOption = Annotated[
    Optional[int], typer.Option("--db-max-connections", min=1, help="Postgres max_connections, to check the DB connections of every process against it.", show_default=False)
]
SettingsOption = Annotated[
    Optional[Path],
    typer.Option("--settings", help="A settings file to use instead of looking one up ([tool.litellm-doctor] in pyproject.toml or "
                 ".litellm-doctor.yaml, from the config's directory upward).", show_default=False),
]
CaBundleOption = Annotated[
    Optional[Path], typer.Option("--ca-bundle", help="Extra CA certificates (PEM) to trust, on top of the system's.", show_default=False)
]


def load_config_file(path: Optional[Path], env_files: Optional[list[Path]] = None):
    if path is None:
        return None
    from .config import load_config
    from .config.confine import confined_reads

    # In CI, as `check`: not a config, include, `.env` or --env-file whose real path leaves the workspace (confine.py).
    with confined_reads() as root:
        return load_config(str(path), env_files=tuple(str(p) for p in env_files or ()), confine=root)


def deployment_of(project, config: Optional[Path], deploy=None):
    """The project's deployment files (named, else beside the config), read as `check` reads them: confined in CI."""
    from .config.confine import confined_reads

    with confined_reads():
        return project.deployment(config, deploy)


def probe_settings(key_env: Optional[str], timeout: float, ca_bundle: Optional[Path], deep: bool, direct: bool, no_color: bool):
    """The probe options and the progress display, from the shared command-line options."""
    from .probe import DEFAULT_PROBE_TIMEOUT, ProbeOptions, resolve_key
    from .probe.progress import ProbeProgress

    check_timeout(timeout)
    check_ca_bundle(ca_bundle)
    if direct:
        from importlib.util import find_spec

        if find_spec("litellm") is None:  # the light install: litellm is an extra
            fail_usage("--direct calls the providers through litellm, which is not installed: pip install 'litellm-doctor[direct]'")
    key, key_source = resolve_key(key_env)
    display = ProbeProgress(color=not no_color and not os.environ.get("NO_COLOR"))
    options = ProbeOptions(
        deep=deep, direct=direct, key=key, key_source=key_source, deadline=timeout,
        probe_timeout=min(DEFAULT_PROBE_TIMEOUT, timeout), ca_bundle=str(ca_bundle) if ca_bundle else None,
        on_result=display.on_result, on_plan=display.on_plan, on_start=display.on_start, on_waiting=collector_back,
    )
    return options, display


def collector_back() -> None:
    """Resume the cyclic collector that `probe` paused, once the completions are all sent and passed on
    (or the run is over): what was made until then (httpx's, yaml's and asyncio's imports, the clients)
    lives to the end and is frozen, not walked. Before the first completion it ran ~90 times, ~10 ms of CPU.
    Where it was not paused (`diagnose --proxy`), nothing is frozen."""
    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


def check_timeout(timeout: float) -> None:
    """`--timeout`: a finite number of seconds (nan and inf parse as floats but bound nothing)."""
    from .seconds import seconds

    seconds(timeout, "--timeout")


def check_ca_bundle(ca_bundle: Optional[Path]) -> None:
    """`--ca-bundle` must be PEM certificates the TLS layer accepts; said before anything is probed."""
    if ca_bundle is None:
        return
    import ssl

    from .boundedio import read_file

    data = read_file(str(ca_bundle), "CA bundle")
    if b"-----BEGIN CERTIFICATE-----" not in data:
        fail_usage(f"--ca-bundle {ca_bundle}: no PEM certificate in it (expected -----BEGIN CERTIFICATE----- blocks)")
    try:
        ssl.create_default_context().load_verify_locations(cadata=data.decode("ascii", errors="replace"))
    except (ssl.SSLError, ValueError) as exc:
        fail_usage(f"--ca-bundle {ca_bundle}: not usable PEM certificates ({getattr(exc, 'reason', None) or exc})")


def probe_exit_code(report: Report, fail_on: FailOn, left_out: int = 0) -> int:
    """Exit 1 when a probe failed (a live failure is what --proxy is for), else by --fail-on. When the project
    settings' select / ignore left `left_out` findings out, only the findings left count, by --fail-on, as for
    `check` (an ignored verdict stops failing the run; a failed probe cannot be told apart from its verdict)."""
    failed = not left_out and any(p.status == "fail" for p in report.probes)
    return EXIT_FINDINGS if failed and fail_on is not FailOn.never else exit_code(report, fail_on)


# -- log options (diagnose --log, watch) ---------------------------------------------------------
FollowOption = Annotated[bool, typer.Option("--follow", "-F", help="With --log: keep reading as the log grows and show a live view (see `watch`).")]
SinceOption = Annotated[Optional[str], typer.Option("--since", help="Only the log's lines from this time on (ISO time, 03:00, or 30m / 2h / 1d ago).", show_default=False)]
UntilOption = Annotated[Optional[str], typer.Option("--until", help="Only the log's lines up to this time (same forms as --since).", show_default=False)]
IntervalOption = Annotated[float, typer.Option("--interval", help="Live view off a terminal: seconds between plain summaries.")]


# -- diagnose -------------------------------------------------------------------------------------
@app.command(
    help=(
        "Diagnose a failed LiteLLM request from its error text.\n\n"
        "The text can be a one-line message, a whole traceback, the proxy's JSON error body or a log "
        "excerpt (ANSI colours are fine). Give it as an argument, as `-` or on a pipe, with --error-file, "
        "or paste it when asked (end with Ctrl-D).\n\n"
        "Prints the verdict (auth, quota_rate, routing, timeout, deployment, other, or unknown), the cause, "
        "the one most specific fix (the config line with --config) and the facts read from the text; "
        "--verbose adds what it means, every step, the other findings and the docs. Works offline and "
        "never imports litellm.\n\n"
        "\b\nExamples:\n"
        "  litellm-doctor diagnose 'litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided'\n"
        "  litellm-doctor diagnose --error-file examples/errors/cooldown_after_401.log --config examples/config.yaml\n"
        "  litellm-doctor diagnose --error-file examples/errors/timeout_408.json --verbose\n"
        "  cat examples/errors/rate_limit_tpm.txt | litellm-doctor diagnose - --format json\n\n"
        "Logs: --log FILE (or --log - for stdin) triages a whole LiteLLM proxy log, streamed in bounded "
        "memory (plain text with ANSI colours, json_logs output, uvicorn access lines, tracebacks): "
        "failures are grouped by signature, most important first, and a cooldown names the error that caused it. "
        "The first screen gives the verdict (failures, groups, time span), the group to fix first (the one "
        "whose fix ends the most failures, the cooldowns it caused included; a cooldown's cause) with its cause "
        "and its one fix (the config line with --config), then one line per group "
        "(count, first/last time, rule); --verbose adds each group's model groups, deployments, links and first "
        "step, and what the first group means with every step and the docs. "
        "A pasted text (argument, --error-file or stdin) that is a whole log (20 lines or more led by a "
        "time, a level or a collector's prefix) is triaged the same way without --log. A progress bar is shown on stderr when it is a terminal.\n\n"
        "Any framing: docker compose / kubectl prefixes, journald, Loki, Datadog, CloudWatch, Azure and "
        "OpenTelemetry JSON lines, exports that are one JSON document (gcloud logging read --format=json, "
        "aws logs filter-log-events, Elasticsearch, Datadog or Loki API answers), ANSI-stripped copies, "
        "and an application's SDK log. --since/--until "
        "cut the log to the incident window; --follow shows a live view (see `watch`).\n\n"
        "\b\n"
        "  litellm-doctor diagnose --log examples/errors/cooldown_after_401.log\n"
        "  litellm-doctor diagnose --log examples/errors/cooldown_after_401.log --since 10:14 --until 10:15\n"
        "  cat examples/errors/cooldown_after_401.log | litellm-doctor diagnose --log - --format json\n"
        "  kubectl logs deploy/litellm | litellm-doctor diagnose --log - --format json"
    )
)
def diagnose(
    text: Annotated[Optional[str], typer.Argument(help="The error text, or `-` to read stdin.", show_default=False)] = None,
    error_file: Annotated[
        Optional[Path], typer.Option("--error-file", "-e", help="Read the error text from this file (`-`: stdin).", show_default=False)
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    fail_on: FailOnOption = FailOn.error,
    offline: OfflineOption = False,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    verbose: VerboseOption = False,
    log: Annotated[
        Optional[str],
        typer.Option("--log", "-l", help="Triage a whole proxy log file (`-` for stdin): failures grouped by signature.", show_default=False),
    ] = None,
    config: ConfigOption = None,
    env_file: Annotated[
        Optional[list[Path]],
        typer.Option("--env-file", help="With --config: the proxy's environment (KEY=value lines), to resolve os.environ/ as the proxy does.", show_default=False),
    ] = None,
    follow: FollowOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    interval: IntervalOption = 30.0,
    proxy: ProxyOption = None,
    deep: DeepOption = False,
    direct: DirectOption = False,
    key_env: KeyEnvOption = None,
    timeout: TimeoutOption = 30.0,
    ca_bundle: CaBundleOption = None,
) -> None:
    check_paths(error_file, rules_dir, log, config, env_file, ca_bundle)
    if offline and proxy:
        fail_usage("--proxy sends requests to the proxy; it cannot be combined with --offline")
    if (deep or direct) and not proxy:
        fail_usage(f"{'--deep' if deep else '--direct'} probes the live proxy: add --proxy URL (e.g. --proxy http://localhost:4000)")
    apply_offline(offline)
    rules = str(rules_dir) if rules_dir else None
    loaded = load_config_file(config, env_file)
    if (follow or since or until) and log is None:
        fail_usage("--follow, --since and --until read a log: give it with --log FILE (or --log - for stdin)")
    if log is not None:
        if text is not None or error_file is not None:
            fail_usage("give either --log or an error text (argument / --error-file), not both")
        if follow:
            report = _watch(log, rules, since, until, interval, no_color)
        else:
            report = triage(log, None, rules, since, until)
    else:
        report = report_for_text(text, str(error_file) if error_file is not None else None, rules)
    if loaded is not None:
        from .config import tie_to_config

        report = tie_to_config(report, loaded)
    if proxy:
        from .probe import probe_for_diagnose

        options, display = probe_settings(key_env, timeout, ca_bundle, deep, direct, no_color)
        started = time.monotonic()  # "Probed in" counts from here to the output
        with display:
            report = probe_for_diagnose(
                report, proxy, loaded, deep=options.deep, direct=options.direct, key=options.key,
                key_source=options.key_source, deadline=options.deadline, probe_timeout=options.probe_timeout,
                ca_bundle=options.ca_bundle, on_result=options.on_result, on_plan=options.on_plan, on_start=options.on_start, rules_dir=rules,
            )
        render(report, fmt, no_color, verbose, started=started, source=_source(error_file))
        raise typer.Exit(probe_exit_code(report, fail_on))
    render(report, fmt, no_color, verbose, source=_source(error_file))
    raise typer.Exit(exit_code(report, fail_on))


def _source(error_file: Optional[Path]) -> Optional[str]:
    return str(error_file) if error_file is not None else None


def _watch(log: str, rules_dir: Optional[str], since: Optional[str], until: Optional[str], interval: float,
           no_color: bool) -> Report:
    """`diagnose --log X --follow` / `watch`: the live view (logs/watch.py), then the final report."""
    from .logs.watch import follow, run_watch
    from .logs.window import TimeWindow

    from .seconds import seconds

    seconds(interval, "--interval", maximum=3600.0)
    window = TimeWindow.parse(since, until)
    if log == "-":
        stream, name = sys.stdin.buffer, "stdin"
    else:
        if os.path.isdir(log):
            raise InputError(f"{log}: is a directory, not a log file")
        try:
            stream, name = follow(log), log  # a named pipe: a bounded wait for its writer, never a hang
        except OSError as exc:
            raise InputError(f"{log}: cannot read ({exc.strerror or exc})") from None
    return run_watch(stream, tty=stdout_is_terminal(), interval=interval, no_color=no_color, rules_dir=rules_dir,
                     name=name, window=window)


@app.command(
    help=(
        "Watch a live LiteLLM log during an incident (same as `diagnose --log - --follow`).\n\n"
        "Reads the log as it arrives (default: stdin) and shows, on a terminal, the failure signatures of "
        "the last minutes with counts and rates, newest first, and the model groups in cooldown with the "
        "failure that caused it; when stdout is not a terminal, a plain summary every --interval seconds. "
        "Ctrl-C (or the end of the input) prints the final summary, as `diagnose --log` would.\n\n"
        "\b\nExamples:\n"
        "  kubectl logs -f deploy/litellm | litellm-doctor watch\n"
        "  tail -F /var/log/litellm/proxy.log | litellm-doctor watch\n"
        "  litellm-doctor watch /var/log/litellm/proxy.log   # follows the file itself, like tail -F"
    )
)
def watch(
    log: Annotated[str, typer.Argument(help="The log to follow: a file, or `-` for stdin.", show_default=False)] = "-",
    fmt: FormatOption = OutputFormat.text,
    fail_on: FailOnOption = FailOn.error,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    since: SinceOption = None,
    until: UntilOption = None,
    interval: IntervalOption = 30.0,
) -> None:
    report = _watch(log, str(rules_dir) if rules_dir else None, since, until, interval, no_color)
    render(report, fmt, no_color)
    raise typer.Exit(exit_code(report, fail_on))


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

    check_paths(rules_dir)
    apply_offline(offline)
    from .rules_view import every_rule
    from .rules_view import rules_json, rules_table

    if category and category not in CATEGORIES:
        fail_usage(f"unknown category {category!r}; choose from {', '.join(CATEGORIES)}")
    from .masking import mask_data

    rules = [r for r in every_rule(str(rules_dir) if rules_dir else None) if not category or r.category == category]
    from .formats.sanitize import clean_data

    # A user rule's text is untrusted: masked and sanitised, then laid out.
    rules = [clean_data(mask_data(r)) if not getattr(r, "trusted", True) else r for r in rules]
    if fmt is RulesFormat.json:
        emit(rules_json(rules))
    else:
        emit(rules_table(rules, color=use_color(no_color), width=table_width()))


@rules_app.command("show", help="Show one rule in full: what it means, what it matches, the fix, and its examples.")
def rules_show(
    rule_id: Annotated[str, typer.Argument(help="Rule id (LD-RATE-001) or name (upstream-rate-limited).")],
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)] = RulesFormat.text,
    rules_dir: RulesDirOption = None,
    offline: OfflineOption = False,
) -> None:
    from .diagnosis.rulebook import find_rule
    from .rules_view import every_rule

    check_paths(rules_dir)
    apply_offline(offline)
    from .rules_view import rule_detail, rules_json

    rules = every_rule(str(rules_dir) if rules_dir else None)
    rule = find_rule(rules, rule_id)
    if rule is None:
        from .selection import did_you_mean

        fail_usage(f"no rule {rule_id!r}{did_you_mean(rule_id, rules)}; `litellm-doctor rules list` shows them all")
    from .formats.sanitize import clean_data
    from .masking import mask_data

    rule = clean_data(mask_data(rule))  # mask and sanitise the data, then lay it out
    emit(rules_json([rule]) if fmt is RulesFormat.json else rule_detail(rule, width()))


# -- probe ----------------------------------------------------------------------------------------
@app.command(
    help=(
        "Probe a running LiteLLM proxy and the upstreams of its config, and explain what fails.\n\n"
        "Stages: DNS, TCP, TLS and HTTP for the proxy and every api_base; /health/liveliness; "
        "/health/readiness (version, database); whether the key is accepted (master or virtual key); "
        "/v1/models against the config's model groups. With --deep, one `max_tokens: 1` completion per "
        "model group through the proxy (billable; a group in cooldown also gets the proxy's /health?model=GROUP, "
        "which calls each of its deployments once); with --direct, the same call straight to the provider "
        "through litellm, to tell a proxy problem from a provider problem.\n\n"
        "The key comes from --key-env VAR, else LITELLM_API_KEY, else LITELLM_MASTER_KEY, and is never "
        "printed. No retries; a Retry-After is respected; redirects are not followed; TLS is verified "
        "(--ca-bundle adds a CA). Exit 1 when a probe fails.\n\n"
        "\b\nExamples:\n"
        "  litellm-doctor probe --proxy http://localhost:4000\n"
        "  litellm-doctor probe --proxy http://localhost:4000 --config examples/config.yaml --deep --key-env LITELLM_MASTER_KEY\n"
        "  litellm-doctor probe --proxy http://localhost:4000 --deep --direct --format json\n\n"
        "Several replicas (--proxy repeated, or --fleet NAME:PORT for every address of a DNS name) are probed "
        "directly and compared: version, readiness, key, model groups, deployment ids, Redis; the odd replica "
        "is named. --repeat N probes one address (a load balancer) N times and reports answers that differ; with --config "
        "or --deploy, the processes behind it are counted from the deployment files, as for one address.\n\n"
        "Project settings, as for `check` ([tool.litellm-doctor] in pyproject.toml or .litellm-doctor.yaml, from the "
        "config's directory upward, or --settings FILE): `deploy` names the deployment files, `workers` counts all "
        "processes; --deploy and --workers (per replica) win over them. `env-files` resolve the config's os.environ/; "
        "`select` / `ignore` (ids, names or prefixes of any rule: LD-PROBE-001, LD-FLEET) choose the findings shown, "
        "`fail-on` the exit code (--fail-on wins); a failed probe whose finding they leave out no longer exits 1.\n\n"
        "\b\nFleet examples:\n"
        "  litellm-doctor probe --proxy http://127.0.0.1:4000 --proxy http://127.0.0.1:4001 --config examples/config.yaml\n"
        "  litellm-doctor probe --fleet localhost:4000 --deep   # in a cluster: a headless Service name\n"
        "  litellm-doctor probe --proxy http://localhost:4000 --repeat 12\n"
        "  litellm-doctor probe --proxy http://localhost:4000 --config examples/config.yaml --deploy examples/deploy/k8s/   # processes from manifests"
    )
)
def probe(
    proxy: Annotated[
        Optional[list[str]],
        typer.Option("--proxy", help="The proxy's base URL, e.g. http://localhost:4000. Repeat it to compare replicas.", show_default=False),
    ] = None,
    config: Annotated[
        Optional[Path], typer.Option("--config", "-c", help="The proxy's config.yaml: its model groups and api_bases are probed too.", show_default=False)
    ] = None,
    deep: DeepOption = False,
    direct: DirectOption = False,
    key_env: KeyEnvOption = None,
    timeout: TimeoutOption = 30.0,
    ca_bundle: CaBundleOption = None,
    fmt: FormatOption = OutputFormat.text,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity (`never`: always exit 0) [default: the `fail-on` setting, else error].", case_sensitive=False, show_default=False),
    ] = None,
    rules_dir: RulesDirOption = None,
    no_color: NoColorOption = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Text: every step of every finding (markdown and json always have them)."),
    ] = False,
    offline: OfflineOption = False,
    fleet: Annotated[
        Optional[list[str]],
        typer.Option("--fleet", help="NAME:PORT: probe every address NAME resolves to (e.g. a headless Kubernetes Service) and compare them.", show_default=False),
    ] = None,
    repeat: Annotated[
        Optional[int], typer.Option("--repeat", help="Send the same cheap probes N times through one address (a load balancer) and report answers that differ.", show_default=False)
    ] = None,
    workers: WorkersPerReplicaOption = None,
    db_max_connections: DbMaxConnectionsOption = None,
    deploy: DeployOption = None,
    settings: SettingsOption = None,
) -> None:
    from .probe import probe as run_probe
    from .probe.timeline import mark

    mark("command parsed")
    check_paths(config, ca_bundle, rules_dir, deploy, settings)
    if not proxy and not fleet:
        fail_usage("probe needs --proxy URL (the proxy's base URL, e.g. http://localhost:4000) or --fleet NAME:PORT")
    if offline:
        fail_usage("probe sends requests to the proxy and its upstreams; it cannot run with --offline")
    urls = list(proxy or [])
    if fleet:
        from .probe.fleet import expand_fleet

        check_timeout(timeout)  # the name lookups count against --timeout too
        urls += [url for spec in fleet for url in expand_fleet(spec, timeout=min(5.0, timeout))]
    if repeat is not None and len(urls) != 1:
        fail_usage("--repeat N probes one address N times: give exactly one --proxy (the load balancer)")
    from .probe.startup import light_httpx

    gc.disable()  # until the completions are sent and passed on (collector_back, at on_waiting)
    if not direct:
        light_httpx()  # without httpx's own CLI and HTTP/2: ~65 ms less before the first request
    # `check`'s project settings: env-files, deploy, workers (a bad file exits 2 before any request). Without a
    # config, a settings file or --deploy there is nothing to look up, nor to count: the config package stays unloaded.
    project = project_settings(config, settings) if config or settings or deploy else None
    loaded = load_config_file(config, project.env_files if project is not None else None)
    mark("config loaded")
    options, display = probe_settings(key_env, timeout, ca_bundle, deep, direct, no_color)
    rules = str(rules_dir) if rules_dir else None
    # The deployment's replicas x workers and max_connections: files named (--deploy, else the `deploy`
    # setting) are read before any request (a bad one exits 2 first); the files found beside the config
    # are read while the completions are in flight (~8 ms that came before the first one).
    wants_shape = project is not None and bool(config or project.names_deploy(deploy) or project.workers)
    shapes: list = [deployment_of(project, config, deploy)] if wants_shape and project.names_deploy(deploy) else []

    chosen: list = []  # the settings' select / ignore, resolved among every rule (~80 ms) while requests are in flight

    def also_load() -> None:
        preload_formatter(fmt)
        if wants_shape and not shapes:
            shapes.append(deployment_of(project, config))
        if project is not None and (project.select or project.ignore):
            from .selection import choose

            chosen.append(choose(project.select, project.ignore, rules))

    def shape() -> object:
        return shapes[0] if shapes else None

    started = time.monotonic()  # "Probed in" counts from here to the output
    with display:
        if repeat is not None:
            from .probe.fleet import repeat as run_repeat

            report = run_repeat(urls[0], repeat, loaded, options, rules_dir=rules, also_load=also_load)
        elif len(urls) > 1 or fleet:
            from .probe.fleet import probe_fleet

            report = probe_fleet(urls, loaded, options, rules_dir=rules, workers=workers, db_max_connections=db_max_connections,
                                 also_load=also_load, shape=shape)
        else:
            # The formatter loads while the completions are in flight (render() then finds it imported).
            report = run_probe(urls[0], loaded, options, rules_dir=rules, also_load=also_load)
        # One address (a replica, or the load balancer in front of them, probed once or --repeat N times):
        # the processes behind it are the deployment files' (or their replicas x --workers).
        if len(urls) == 1 and not fleet and (shape() is not None or workers):
            from .probe.fleet_findings import with_shared_state

            report = with_shared_state(report, loaded, shape(), workers, db_max_connections)
    left_out = 0
    if project is not None and project.source:
        from dataclasses import replace

        from .selection import settings_selection  # `check`'s select / ignore, over the probe's findings

        selected = settings_selection(report, project, rules, chosen[0] if chosen else None)
        report, left_out = selected.report, selected.left_out
        report = replace(report, notes=(*report.notes, f"settings: {project.source}"))
    collector_back()  # if no completion was sent
    render(report, fmt, no_color, verbose, started=started)
    mark("rendered")
    level = (fail_on.value if fail_on else None) or (project.fail_on if project is not None else None) or "error"
    raise typer.Exit(probe_exit_code(report, FailOn(level), left_out))


# -- check ----------------------------------------------------------------------------------------
def _default_config_path() -> Optional[Path]:
    env = os.environ.get("CONFIG_FILE_PATH")
    if env and is_file(env):
        return Path(env)
    for name in ("config.yaml", "config.yml", "litellm_config.yaml", "proxy_config.yaml"):
        if is_file(name):
            return Path(name)
    return None


@app.command(
    help=(
        "Check a LiteLLM proxy config.yaml before you deploy it (CI preflight).\n\n"
        "Loads the config as the proxy does (include: files, os.environ/ references, environment_variables:, "
        "a .env next to the config) and runs the checks `check --list` names, for what LiteLLM accepts silently or only fails on at "
        "start-up or at the first request: misspelled keys, unknown providers, missing credentials, unset "
        "variables, fallbacks to groups that do not exist, timeout and retry gotchas, plain-text keys, … "
        "Each finding has a file:line, why and the fix. Never imports litellm; never uses the network.\n\n"
        "Settings: [tool.litellm-doctor] in pyproject.toml or .litellm-doctor.yaml (looked up from the "
        "config's directory upward): select, ignore, fail-on, workers, client-timeout, strict-env, env-files, deploy. "
        "Silence one line with `# litellm-doctor: ignore[LD-CFG-044]`.\n\n"
        "\b\nExamples:\n"
        "  litellm-doctor check examples/config.yaml\n"
        "  litellm-doctor check examples/config.yaml examples/deploy/config.yaml\n"
        "  litellm-doctor check examples/config.yaml --format sarif > litellm-doctor.sarif\n"
        "  litellm-doctor check examples/config.yaml --format github --fail-on warning --ignore plaintext-secret\n"
        "  litellm-doctor check examples/upgrade/config.yaml --upgrade-to 1.110.2\n"
        "  litellm-doctor check examples/deploy/config.yaml   # replicas x workers and max_connections from the manifests beside it\n"
        "  litellm-doctor check examples/configs/broken/typos-and-providers.yaml --diff   # the safe fixes, as a diff\n"
        "  litellm-doctor check examples/configs/broken/typos-and-providers.yaml --fix   # apply them in place\n"
        "  litellm-doctor check --list"
    )
)
def check(
    configs: Annotated[
        Optional[list[Path]],
        typer.Argument(help="The config files (default: $CONFIG_FILE_PATH, else ./config.yaml); several are each checked on "
                       "their own, in one report, exit code the worst.", show_default=False, metavar="[config]..."),
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
    db_max_connections: DbMaxConnectionsOption = None,
    deploy: DeployOption = None,
    client_timeout: Annotated[
        Optional[float], typer.Option("--client-timeout", min=0.001, help="Your clients' own timeout in seconds [default: 600].", show_default=False)
    ] = None,
    settings: SettingsOption = None,
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
    check_paths(configs, env_file, settings, deploy)
    apply_offline(offline)
    from .config.checks import catalog
    from .config.engine import resolve_selection

    if list_checks or explain:
        from .config.view import check_detail, checks_json, checks_table

        checks = catalog()
        if explain:
            wanted = resolve_selection([explain], checks, "--explain")
            chosen = [c for c in checks if c.id in wanted]
            emit(checks_json(chosen) if fmt is OutputFormat.json else "\n\n".join(check_detail(c, width()) for c in chosen))
        else:
            emit(checks_json(checks) if fmt is OutputFormat.json else checks_table(checks, table_width()))
        raise typer.Exit(EXIT_OK)

    from .config.checkrun import CheckArgs, check_args, check_one
    from .config.confine import confined_reads

    paths = _distinct(configs or [])
    if not paths:
        found = _default_config_path()
        if found is None:
            fail_usage("no config given and no ./config.yaml here: run `litellm-doctor check path/to/config.yaml`")
        paths = [found]
    # The files found beside a config are confined too (settings, deployment files), as for every command that
    # reads a config (config/confine.py).
    with confined_reads() as root:
        args = CheckArgs(
            fail_on=fail_on.value if fail_on else None, select=tuple(select or ()), ignore=tuple(ignore or ()),
            env_files=tuple(str(p) for p in (env_file or ())), strict_env=strict_env, workers=workers,
            db_max_connections=db_max_connections, deploy=deploy, client_timeout=client_timeout, settings=settings,
            no_dotenv=no_dotenv, litellm_version=litellm_version, upgrade_to=upgrade_to, fix=fix, diff=diff,
            unsafe_fixes=unsafe_fixes, confine=root,
        )
        check_args(args)  # what no config causes (a bad --select, a missing --env-file): one line, before any config
        if len(paths) == 1:  # one config: its report as ever; a file that cannot be checked is the run's one-line error
            done = check_one(paths[0], args)
            if diff:
                if done.diff:
                    emit(done.diff.rstrip("\n"))
                raise typer.Exit(done.exit_code)
            render(done.report, fmt, no_color)
            raise typer.Exit(done.exit_code)
        raise typer.Exit(_check_many(paths, args, fmt, no_color))


def _distinct(configs: list[Path]) -> list[Path]:
    """The configs once each, in the order given (`check a.yaml ./a.yaml` or a glob overlapping a name: one
    report for the file, as linters do)."""
    seen: set[str] = set()
    out = []
    for path in configs:
        key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _check_many(paths: list[Path], args, fmt: OutputFormat, no_color: bool) -> int:
    """`check a.yaml b.yaml …` (a glob, pre-commit's file list): each config checked on its own, as if given alone
    (its own project settings, its own exit code), one report for all of them, exit code the worst of theirs.

    A config that cannot be checked (missing, not YAML, a bad settings file beside it) is that config's one-line
    error on stderr and exit 2, and the others are still checked and reported: in CI a typo in one file name must
    not hide the findings of the rest, and the job fails all the same (2 is the worst code). A bad option is not a
    file's fault: it ends the run before any config is read, as with one config (check_args, UsageError). --fix applies each config's safe fixes to that
    config only (the rules are the same as for one config); --diff prints each config's diff in turn."""
    from .config.checkrun import Checked, check_one
    from .errors import UsageError as _Usage

    done = []
    for path in paths:
        try:
            done.append(check_one(path, args, label=str(path)))
        except _Usage:
            raise
        except InputError as exc:
            message = str(exc)
            shown = message if str(path) in message else f"{path}: {message}"
            line = error_line(shown)  # one line, as every error (output.error_line); the report says the same line
            sys.stderr.write(f"litellm-doctor: error: {line}\n")
            done.append(Checked(str(path), exit_code=EXIT_USAGE, error=line))
    if args.diff:
        text = "".join(c.diff or "" for c in done)
        if text:
            emit(text.rstrip("\n"))
    else:
        from .output import render_many

        render_many(done, fmt, no_color)
    return max(c.exit_code for c in done)


# -- report ---------------------------------------------------------------------------------------
@app.command(
    "report",
    help=(
        "Markdown for a LiteLLM bug report, ready to paste: litellm-doctor and LiteLLM versions, Python "
        "and OS, the config with every secret masked, the findings of `check`, probe results with "
        "--proxy, and the top failure signatures of a log with --log. Secrets never appear: api_key, "
        "master_key, password and similar values are masked whatever their shape, and so is anything "
        "that looks like a key or token. Project settings as for `check` (--settings FILE, else found from the "
        "config's directory upward): `deploy`, `workers` (all processes), and select, ignore, client-timeout, strict-env, "
        "env-files for its findings of `check`; select and ignore for the probes' findings too; fail-on for the exit code "
        "(default: exit 0); --deploy, --workers (per replica) and --fail-on win.\n\n"
        "\b\nExamples:\n"
        "  litellm-doctor report --config examples/config.yaml --log examples/errors/cooldown_after_401.log --output report.md\n"
        "  litellm-doctor report --config examples/config.yaml --proxy http://localhost:4000 > report.md\n"
        "  litellm-doctor report --config examples/config.yaml --deploy examples/deploy/k8s/   # processes and max_connections from manifests"
    ),
)
def bug_report(
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="The proxy's config.yaml.", show_default=False)] = None,
    proxy: Annotated[Optional[list[str]], typer.Option("--proxy", help="Probe this running proxy (e.g. http://localhost:4000); repeat it for a fleet of replicas.", show_default=False)] = None,
    log: Annotated[Optional[str], typer.Option("--log", "-l", help="A proxy log (`-` for stdin): its top failure signatures.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of stdout.", show_default=False)] = None,
    key_env: Annotated[Optional[str], typer.Option("--key-env", help="Environment variable holding the proxy key (for --proxy).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Overall deadline in seconds for the probes.")] = 30.0,
    offline: OfflineOption = False,
    rules_dir: RulesDirOption = None,
    workers: WorkersPerReplicaOption = None,
    db_max_connections: DbMaxConnectionsOption = None,
    deploy: DeployOption = None,
    settings: SettingsOption = None,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Exit 1 when a finding of the report is at or above this severity, or a probe failed, as check, "
                     "probe and diagnose --log would [default: the `fail-on` setting, else never: a report is for pasting].",
                     case_sensitive=False, show_default=False),
    ] = None,
) -> None:
    from .logs.bugreport import build_bug_report, write_atomically

    check_paths(config, log, output, rules_dir, deploy, settings)
    if proxy and offline:
        fail_usage("--proxy needs the network; drop --offline")
    check_timeout(timeout)
    if config is not None and not is_file(config):
        fail_usage(not_a_file(config, "config"))
    if log not in (None, "-") and not is_file(log):
        fail_usage(not_a_file(log, "log"))
    project = project_settings(config, settings)
    parts: list = []  # (Report, findings left out by the settings) of check, the probes, the log
    from .config.confine import confined_reads

    with confined_reads():  # in CI, as `check`: no file linked outside the workspace is printed (config/confine.py)
        text = build_bug_report(
            config=str(config) if config else None, proxy=proxy, log=log, key_env=key_env, timeout=timeout,
            rules_dir=str(rules_dir) if rules_dir else None, deploy=tuple(str(p) for p in deploy or ()), workers=workers,
            db_max_connections=db_max_connections, project=project, reports=parts,
        )
    if output is not None:
        write_atomically(str(output), mask(text))
        sys.stderr.write(mask(f"report written to {output}") + "\n")
    else:
        emit(text.rstrip("\n"))
    level = FailOn((fail_on.value if fail_on else None) or project.fail_on or "never")
    raise typer.Exit(max((probe_exit_code(part, level, left_out) for part, left_out in parts), default=EXIT_OK))


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


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs `args`: only the command they name, when they name one.

    Typer builds the click command of every registered command before it parses anything (reading
    each function's signature, evaluating its annotations): ~12 ms for all of them, a tenth of a pasted
    error's budget. An app holding the root callback and just the named command (or command group)
    parses those arguments exactly as the full app does, with the same usage lines and errors. Anything
    else (no command, `--help`, `--version`, a misspelt name) gets the full app: its help lists every
    command and its "no such command" suggests the right one."""
    name = args[0] if args else ""
    commands = [c for c in app.registered_commands if (c.name or typer.main.get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    import copy

    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def main() -> None:
    """The typer app's entry point (launch.main hands it every command line but a pasted error's)."""
    guarded(_run_app)


def _run_app() -> int:
    try:
        code = app_for(sys.argv[1:])(standalone_mode=False, prog_name="litellm-doctor")
        if code == EXIT_INTERRUPTED:
            # typer turns Ctrl-C into a silent Exit(130), returned as the code when not standalone; no command
            # of ours exits 130 itself: said as on the paste path (guarded's "interrupted").
            raise KeyboardInterrupt
        return code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        return exc.exit_code
    except Exception as exc:
        # typer vendors click (typer._click), so recognise its exceptions by class name.
        names = {cls.__name__ for cls in type(exc).__mro__}
        if "Abort" in names:
            raise KeyboardInterrupt from exc
        if "ClickException" not in names:
            raise
        ctx = getattr(exc, "ctx", None)
        if "NoArgsIsHelpError" in names and ctx is not None:
            # `litellm-doctor` or `litellm-doctor rules` alone: the help, as written (not squeezed onto one
            # line like a usage error), on stderr with exit 2 as click says it.
            sys.stderr.write(clean(ctx.get_help()) + "\n")
            return EXIT_USAGE
        # One line, like every other usage error (click prints usage, a hint and a blank line).
        # Click repeats the offending value ("'sk-…' is not one of …"): through the mask like any output.
        message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None and "UsageError" in names else ""
        sys.stderr.write(f"litellm-doctor: error: {error_line(message + where)}\n")
        return EXIT_USAGE


gc.freeze()  # the objects made while importing this module: see the top
gc.enable()
