"""`litellm-doctor report`: what a maintainer asks for in a LiteLLM bug report, as Markdown.

Versions (litellm-doctor, LiteLLM read from package metadata without importing it, Python, OS), the
config with every secret masked, the findings of `check`, probe results when a proxy is given, and the
top signatures of a log. Each part that cannot be produced says why in one line instead of failing the
whole report. Never a secret: values of secret-named keys are masked whatever their shape, then the
whole text goes through `masking.mask` (and the CLI masks its output once more).
"""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..regexcache import rx
from .. import __version__
from ..boundedio import read_windows
from ..errors import DoctorError
from ..masking import MASK, mask
from ..secret_sources import is_secret_name

# A `key: value` line (a list item's too); the key is a secret's when `secret_sources.is_secret_name` says so: the
# one list of secret names the config loader registers values by, misspellings included (`api_kye`, `secert`).
# (The value ends at the line's last non-space character: a lazy `.+?\s*$` retried the run of spaces from each of
# its positions, a minute for one line of 50,000 spaces.)
_KEY_LINE = rx(r"^(?P<head>[ \t]*+(?:-[ \t]+)?[\"']?(?P<key>[\w.\-]{1,128}+)[\"']?[ \t]*:[ \t]*+)(?P<value>\S(?:.*\S)?)")
_LOG_SIGNATURES = 10


@dataclass(frozen=True)
class Section:
    title: str
    body: str


def litellm_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("litellm")
    except PackageNotFoundError:
        return "not installed"


def mask_config_text(text: str) -> str:
    """A config.yaml with every secret-named key's value masked, and every secret-shaped value too."""
    out = []
    for line in text.splitlines():
        m = _KEY_LINE.match(line)
        if m and is_secret_name(m.group("key")):
            value = m.group("value")
            comment = ""
            if " #" in value:
                value, comment = value.split(" #", 1)
                comment = " #" + comment
            bare = value.strip().strip("\"'")
            # A block scalar (`api_key: |`) is left to masking.mask, which masks its indented lines.
            if bare and not bare.startswith(("os.environ/", "|", ">")) and bare not in ("null", "None", "~", "true", "false", "[]", "{}"):
                line = f"{m.group('head')}{MASK}{mask(comment)}"
        out.append(line)
    return mask("\n".join(out) + ("\n" if text.endswith("\n") else ""))


def _versions() -> Section:
    rows = [
        ("litellm-doctor", __version__),
        ("litellm", litellm_version()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()}); {platform.platform()}"),
    ]
    body = "| | |\n|---|---|\n" + "\n".join(f"| {k} | `{v}` |" for k, v in rows)
    return Section("Versions", body)


def _config(path: str, env_files: tuple[str, ...] = ()) -> tuple[Section, object | None]:
    from .. import boundedio

    try:
        from ..config.confine import OutsideWorkspace as outside
    except ImportError:  # a build without the config checks (below): nothing is confined
        outside = ()  # (an `except` of no class catches nothing)
    p = Path(path)
    try:
        data, cut = read_windows(path, "config", 512 * 1024)
    except outside:
        raise  # in CI, a config linked outside the workspace: the run's one-line error, as for `check`
    except DoctorError as exc:
        return Section("Config", f"_could not read the config: {exc}_"), None
    text = data.decode("utf-8", errors="replace")
    if cut:
        text += "\n# ... (the config is larger than 512 KiB: only its first and last 128 KiB are shown)\n"
    loaded = None
    note = ""
    try:
        from ..config import load_config

        loaded = load_config(path, env_files=env_files, confine=boundedio.CONFINED_TO)  # (its includes and `.env`)
    except ImportError:
        note = "\n\n_(config checks are not available in this build)_"
    except outside:
        raise
    except DoctorError as exc:
        note = f"\n\n_The config does not load: {exc}_"
    except Exception as exc:  # noqa: BLE001 - a report must still come out
        note = f"\n\n_The config could not be checked: {type(exc).__name__}: {exc}_"
    shown = mask_config_text(text).rstrip()
    # A fence longer than any backtick run in the config: a "```" line in it cannot close the block.
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", shown)), default=0))
    body = f"`{p.name}`, secrets masked:\n\n{fence}yaml\n{shown}\n{fence}{note}"
    return Section("Config", body), loaded


def _check(loaded: object, rules_dir: str | None, shape: object = None, workers: int | None = None,
           db_max_connections: int | None = None, project: object = None, reports: list | None = None) -> Section | None:
    try:
        from ..config import run_checks
        from ..config.checks import Options
    except ImportError:
        return None
    try:
        # Processes and max_connections as `probe` counts them for one address: --workers per replica times
        # the files' replicas, else the files' numbers (deployment files named with --deploy, else beside the config).
        processes, source = shape.per_replica(workers) if workers else (None, "")
        # The project settings' selection and options, as `check` reads them (its command-line options aside).
        report = run_checks(loaded, select=project.select, ignore=project.ignore, options=Options(
            **shape.check_options(processes, db_max_connections, source), client_timeout=project.client_timeout or 600.0,
            client_timeout_given=bool(project.client_timeout), strict_env=bool(project.strict_env)))
    except Exception as exc:  # noqa: BLE001
        return Section("Findings of `check`", f"_check failed: {type(exc).__name__}: {exc}_")
    _collect(reports, report, 0)
    if not report.findings:
        return Section("Findings of `check`", "✓ no findings")
    lines = ["| severity | rule | where | finding |", "|---|---|---|---|"]
    for f in report.findings:
        where = f"{f.location.file}:{f.location.line}" if f.location and f.location.line else (f.location.file if f.location else "")
        lines.append(f"| {f.severity} | `{f.rule_id}` | {_cell(where)} | {_cell(f.message)} |")
    return Section("Findings of `check`", "\n".join(lines))


def _deployment(shape: object, workers: int | None, settings: str | None) -> Section | None:
    """What the deployment's files gave (each number with its file:line) and what could not be read from them."""
    lines = [f"_{_cell(n)}_" for n in (shape.summary(),) if n]
    if settings:
        lines.append(f"_settings: {_cell(settings)}_")
    if workers:
        processes, source = shape.per_replica(workers)
        lines.append(f"_--workers {workers} (per replica) wins over the files' workers: {processes} processes = {_cell(source)}_")
    lines += [f"- {_cell(n)}" for n in shape.notes]
    return Section("Deployment files", "\n".join(lines)) if lines else None


def _probes(proxy: str, loaded: object | None, key_env: str | None, timeout: float, rules_dir: str | None,
            project: Any = None, reports: list | None = None) -> Section:
    try:
        from ..probe import DEFAULT_PROBE_TIMEOUT, ProbeOptions, resolve_key
        from ..probe import probe as run_probe
    except ImportError:
        return Section("Probes", "_probes are not available in this build_")
    try:
        key, key_source = resolve_key(key_env)
        options = ProbeOptions(key=key, key_source=key_source, deadline=timeout, probe_timeout=min(DEFAULT_PROBE_TIMEOUT, timeout))
        report = run_probe(proxy, loaded, options, rules_dir=rules_dir)
        report, left_out = _selected(report, project, rules_dir)
    except DoctorError as exc:
        return Section("Probes", f"_could not probe `{proxy}`: {exc}_")
    except Exception as exc:  # noqa: BLE001
        return Section("Probes", f"_probing `{proxy}` failed: {type(exc).__name__}: {exc}_")
    lines = [f"Proxy `{proxy}`:", "", "| probe | target | status | latency | detail |", "|---|---|---|---|---|"]
    for p in report.probes:
        latency = f"{p.latency_ms:.0f} ms" if p.latency_ms is not None else ""
        lines.append(f"| {p.id} | `{_cell(p.target)}` | {p.status} | {latency} | {_cell(p.detail)} |")
    passed = sum(1 for p in report.probes if p.status == "pass")
    lines += ["", f"{passed}/{len(report.probes)} probes passed."]
    _collect(reports, report, left_out)
    return Section("Probes", "\n".join(lines))


def _fleet(proxies: list[str], loaded: object | None, key_env: str | None, timeout: float, rules_dir: str | None,
           shape: object = None, workers: int | None = None, db_max_connections: int | None = None,
           project: Any = None, reports: list | None = None) -> Section:
    """Several replicas: the fleet table and the fleet's findings (probe/fleet.py), masked like the rest."""
    from ..formats.markdown import fleet_markdown
    from ..probe import DEFAULT_PROBE_TIMEOUT, ProbeOptions, resolve_key
    from ..probe.fleet import probe_fleet

    try:
        key, key_source = resolve_key(key_env)
        options = ProbeOptions(key=key, key_source=key_source, deadline=timeout, probe_timeout=min(DEFAULT_PROBE_TIMEOUT, timeout))
        report = probe_fleet(proxies, loaded, options, rules_dir=rules_dir, command="report", shape=shape, workers=workers,
                             db_max_connections=db_max_connections)
        report, left_out = _selected(report, project, rules_dir)
    except DoctorError as exc:
        return Section("Fleet", f"_could not probe the fleet: {exc}_")
    except Exception as exc:  # noqa: BLE001
        return Section("Fleet", f"_probing the fleet failed: {type(exc).__name__}: {exc}_")
    lines = fleet_markdown(report.fleet)[2:] if report.fleet is not None else []
    if report.findings:
        lines += ["", "| severity | rule | finding |", "|---|---|---|"]
        lines += [f"| {f.severity} | `{f.rule_id}` | {_cell(f.message)} |" for f in report.findings]
    elif not left_out:
        lines += ["", "✓ the replicas agree"]
    if left_out:
        lines += ["", f"_{_cell(report.notes[-1])}_"]
    _collect(reports, report, left_out)
    return Section("Fleet", "\n".join(lines))


def _log(path: str, rules_dir: str | None, reports: list | None = None) -> Section:
    from . import triage_log

    try:
        report = triage_log(path, rules_dir=rules_dir)
    except DoctorError as exc:
        return Section("Log", f"_could not read the log: {exc}_")
    _collect(reports, report, 0)
    if not report.groups:
        return Section("Log", f"No failures in `{Path(path).name}`.")
    lines = [
        f"Top signatures of `{Path(path).name}` ({report.facts.get('log_failures', '?')} failures in {len(report.groups)} groups):",
        "",
        "| id | count | kind | category | rule | model groups | first – last | signature |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for g in report.groups[:_LOG_SIGNATURES]:
        when = f"{g.first_seen or ''} – {g.last_seen or ''}" if g.first_seen else ""
        lines.append(
            f"| {g.id} | {g.count} | {g.kind} | {g.category} | {g.rule_id or ''} | {_cell(', '.join(g.model_groups[:5]))} | {when} | "
            f"{_code(g.signature[:160])} |"
        )
    notes = [f"- **{g.id}**: {n}" for g in report.groups[:_LOG_SIGNATURES] for n in g.notes]
    if notes:
        lines += ["", *notes]
    return Section("Log", "\n".join(lines))


def _selected(report: Any, project: Any, rules_dir: str | None) -> tuple[Any, int]:
    """The probe's findings after the project settings' select / ignore, as `probe` shows them (selection.py)."""
    from ..selection import settings_selection

    selected = settings_selection(report, project, rules_dir)
    return selected.report, selected.left_out


def _collect(reports: list | None, report: Any, left_out: int) -> None:
    if reports is not None:
        reports.append((report, left_out))


def build_bug_report(
    *,
    config: str | None = None,
    proxy: str | list[str] | None = None,
    log: str | None = None,
    key_env: str | None = None,
    timeout: float = 30.0,
    rules_dir: str | None = None,
    deploy: list[str] | tuple[str, ...] = (),
    workers: int | None = None,
    db_max_connections: int | None = None,
    project: Any = None,
    reports: list | None = None,
) -> str:
    """The whole report as Markdown (masked).

    `deploy`: the deployment's files (compose files, manifests, directories), read as `check` and `probe`
    read them (config/deployshape/), instead of those beside the config; one that cannot be read raises
    InputError before anything is probed. `workers`: per replica, as `probe --workers`. `project`: the
    project settings (config/settings.py) as `check` reads them: `deploy` when `deploy` is empty, `workers`
    (all processes) under `workers`, the selection and options of the check section, and the selection of
    the probes' findings. `reports`, when given, receives (Report, findings left out by the selection) of each
    part (check, probes or fleet, log), for the command's exit code."""
    from ..config.settings import ProjectSettings

    project = project or ProjectSettings()
    sections = [_versions()]
    loaded = shape = None
    if config or project.names_deploy(deploy) or project.workers:
        # Named files first: a bad one is an error before any probe. Discovered ones: a note, never an error.
        shape = project.deployment(config, deploy)
    if config:
        section, loaded = _config(config, project.env_files)
        sections.append(section)
        if loaded is not None:
            checked = _check(loaded, rules_dir, shape, workers, db_max_connections, project, reports)
            if checked:
                sections.append(checked)
    deployment = _deployment(shape, workers, project.source) if shape is not None else None
    if deployment:
        sections.append(deployment)
    proxies = [proxy] if isinstance(proxy, str) else list(proxy or [])
    if len(proxies) > 1:
        sections.append(_fleet(proxies, loaded, key_env, timeout, rules_dir, shape, workers, db_max_connections, project,
                               reports))
    elif proxies:
        sections.append(_probes(proxies[0], loaded, key_env, timeout, rules_dir, project, reports))
    if log:
        sections.append(_log(log, rules_dir, reports))
    parts = ["## litellm-doctor report", "", "_Generated by `litellm-doctor report`; secrets are masked._"]
    for s in sections:
        parts += ["", f"### {s.title}", "", s.body]
    from ..formats.sanitize import cut_runs, markdown, value

    # value(): config lines and log lines are untrusted, and the report is printed on CI runners too.
    # masked, then a value or config line's overlong run cut (a 3 MB `model:` was printed whole: sanitize.cut_runs)
    return markdown(value(cut_runs(mask("\n".join(parts) + "\n"))))


def write_atomically(path: str, text: str) -> None:
    """Write the report to `path` (see `safewrite`: regular files or new paths only, atomically)."""
    from ..safewrite import write_text_file

    write_text_file(path, text)


def _code(value: str) -> str:
    """An inline code span that survives backticks inside the value."""
    value = _cell(value)
    return f"`` {value} ``" if "`" in value else f"`{value}`"


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
