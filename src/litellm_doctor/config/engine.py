"""Run the config checks and build the report `check` prints. Nothing here prints or exits."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import SEVERITY_RANK, Finding, Location, Report
from ..selection import resolve_selection  # noqa: F401 - also the CLI's --explain
from .checks import Context, Options, catalog, fill, registry
from .loader import Config

# `# litellm-doctor: ignore[LD-CFG-012, unknown-provider]` (or bare `ignore` for every check) on the
# line of the finding; a comment alone on its line applies to the next line.
_INLINE = re.compile(r"#\s*litellm-doctor:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)


def _inline_ignores(config: Config) -> dict[tuple[str, int], set[str]]:
    out: dict[tuple[str, int], set[str]] = {}
    for file, lines in config.source_lines.items():
        _marks(file, lines, out)
    return out


def _manifest_ignores(file: str, out: dict[tuple[str, int], set[str]], read: set[str]) -> None:
    """The same comments in a deployment file a finding points at (a Service's selector in a manifest: LD-CFG-152/153),
    read once, bounded; one that cannot be read has none."""
    if file in read:
        return
    read.add(file)
    from ..boundedio import read_text
    from ..errors import InputError
    from .deployenv import MAX_BYTES

    try:
        _marks(file, read_text(file, "deployment file", MAX_BYTES).splitlines(), out)
    except (OSError, InputError):
        pass


def _marks(file: str, lines: list[str], out: dict[tuple[str, int], set[str]]) -> None:
    """`# litellm-doctor: ignore[…]` comments of `lines` into `out`: {(file, line it applies to): ids}."""
    for number, line in enumerate(lines, 1):
        if "litellm-doctor" not in line:
            continue
        m = _INLINE.search(line)
        if not m:
            continue
        ids = {part.strip() for part in (m.group("ids") or "*").split(",") if part.strip()} or {"*"}
        target = number
        if not line[: m.start()].strip():  # a comment on its own line: the next non-blank line
            target = next(
                (n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")),
                number,
            )
        out.setdefault((file, target), set()).update(ids)


def _every_rule() -> list:
    from ..rules_view import every_rule  # only for a value that names no check

    return every_rule()


def run_checks(
    config: Config,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    options: Options | None = None,
    fixes: list | None = None,
) -> Report:
    """`fixes`, when given, receives (finding, fix) for every finding whose check offers a fix (fixer.py)."""
    checks = catalog()
    fns = registry()
    # A value naming another rule of the doctor (a probe verdict: the settings file is `probe`'s too) selects
    # no check; one naming no rule at all is an error (selection.py).
    selected = resolve_selection(select, checks, "--select", _every_rule) if select else {c.id for c in checks}
    ignored = resolve_selection(ignore, checks, "--ignore", _every_rule)
    active = [c for c in checks if c.id in selected and c.id not in ignored]
    ctx = Context(config=config, options=options or Options())
    inline = _inline_ignores(config)
    manifests: set[str] = set()  # deployment files whose comments were read

    findings: list[Finding] = []
    failed: set[str] = set()
    suppressed = 0
    for info in active:
        for hit in fns[info.id](ctx):
            location = hit.location
            if location is None and hit.path is not None:
                location = config.nearest_location(hit.path)
            if location is not None and location.line is not None:
                if location.file not in config.source_lines:
                    _manifest_ignores(location.file, inline, manifests)
                marks = inline.get((location.file, location.line), set())
                if "*" in marks or info.id in marks or info.name in marks:
                    suppressed += 1
                    continue
            facts = dict(hit.facts)
            finding = Finding(
                rule_id=info.id,
                category=info.category,
                severity=hit.severity or info.severity,
                title=info.title,
                message=hit.message,
                steps=tuple(fill(step, facts) for step in (hit.steps or info.steps)),
                location=location,
                docs=info.docs,
            )
            findings.append(finding)
            if fixes is not None and hit.fix:
                fixes.append((finding, hit.fix))
            failed.add(info.id)

    findings.sort(
        key=lambda f: (
            -SEVERITY_RANK.get(f.severity, 0),
            f.location.file if f.location else "",
            f.location.line or 0 if f.location else 0,
            f.rule_id,
        )
    )
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    passed = len(active) - len(failed)
    summary = (
        f"{passed}/{len(active)} checks passed on {len(config.deployments)} deployment(s) in "
        f"{len(config.model_groups)} model group(s); {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['info']} info"
    )
    notes = [summary]
    if suppressed:
        notes.append(f"{suppressed} finding(s) suppressed by `# litellm-doctor: ignore` comments")
    if len(config.files) > 1:
        notes.append("files: " + ", ".join(config.files))
    if config.fragment:
        notes.append(
            "checked as a bare `model_list` fragment (the file is a list of deployments): LiteLLM needs it under "
            "`model_list:` in a config; settings-wide checks see no other section"
        )
    if config.env.declared:
        sources = sorted(set(config.env.declared.values()))
        notes.append(
            f"{len(config.env.declared)} variable name(s) taken as set from the deployment beside the config "
            f"(values not read): {', '.join(sources[:4])}{' …' if len(sources) > 4 else ''}"
        )
    facts = {
        "config": config.path,
        "deployments": str(len(config.deployments)),
        "model_groups": str(len(config.model_groups)),
        "checks": str(len(active)),
    }
    category = findings[0].category if findings else "unknown"
    return Report(command="check", category=category, diagnosis=None, facts=facts, findings=tuple(findings), notes=tuple(notes))


def check_file(path: str, **kwargs) -> Report:
    from .loader import load_config

    load_kwargs = {k: kwargs.pop(k) for k in ("environ", "env_files", "use_dotenv") if k in kwargs}
    return run_checks(load_config(path, **load_kwargs), **kwargs)


def location_key(location: Location | None) -> tuple[str, int]:
    return (location.file, location.line or 0) if location else ("", 0)
