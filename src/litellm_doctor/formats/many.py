"""`check a.yaml b.yaml …`: one report for several configs, each checked on its own (config/checkrun.py).

Every format says which file each finding belongs to (its file:line, as for one config) and which configs could
not be checked:
- text, markdown: a header per config, then that config's report as it is printed alone; a last summary line;
- json: one object that is itself a report of the contract (schemas/report.schema.json: every finding of every
  config in `findings`, worst first) plus `configs`, one entry per config given: `path`, `exit_code`, `error`
  (why it could not be checked, else null) and `report` (its own report, as `check` of it alone prints);
- sarif: one run, the results of every config, a notification (level error) per config not checked;
- junit: a testsuite per config (one not checked: a testcase with an <error>);
- github: each config's annotations and notes (the notes name their config), an ::error per config not checked.
The data comes masked and sanitised (output.render_many).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import SEVERITY_RANK, Report


def render_many(checked: list, fmt: str, *, color: bool = False, width: int = 100) -> str:
    return _RENDER[fmt](checked, color=color, width=width)


def _formatter(name: str, color: bool = False, width: int = 100):
    from . import get_formatter

    return get_formatter(name, color=color, width=width)


def _summary(checked: list) -> str:
    """One line: how many configs, how many passed (exit 0), failed (exit 1 at their --fail-on), not checked."""
    failed = sum(1 for c in checked if c.error is None and c.exit_code)
    broken = sum(1 for c in checked if c.error is not None)
    parts = [f"{len(checked) - failed - broken} passed", f"{failed} failed (findings at or above --fail-on)"]
    if broken:
        parts.append(f"{broken} not checked")
    return f"{len(checked)} configs checked: " + ", ".join(parts)


def _text(checked: list, *, color: bool, width: int) -> str:
    from .columns import wrap
    from .sanitize import one_line

    formatter = _formatter("text", color, width)
    blocks = []
    for c in checked:
        head = f"── {one_line(c.path)} "  # (a file named `a\n✓ all checks passed` must not print a line of its own)
        head = head + "─" * (min(width, 80) - len(head)) if len(head) + 3 <= min(width, 80) else head.rstrip()
        if c.error is not None:
            body = "\n".join(wrap(f"✗ not checked: {c.error}", width, "", "  "))
        else:
            body = formatter.render(c.report)
        blocks.append(f"{head}\n{body}")
    return "\n\n".join([*blocks, "\n".join(wrap(_summary(checked), width, "", "  "))])


def _markdown(checked: list, **_: Any) -> str:
    from .sanitize import markdown_code

    formatter = _formatter("markdown")
    blocks = [f"## litellm-doctor check: {len(checked)} configs"]
    for c in checked:
        body = f"**Not checked:** {markdown_code(c.error)}" if c.error is not None else formatter.render(c.report)
        blocks.append(f"## {markdown_code(c.path)}\n\n{body}")
    return "\n\n".join([*blocks, f"_{_summary(checked)}_"])


def _json(checked: list, **_: Any) -> str:
    from .base import report_dict

    findings = sorted((f for c in checked if c.report for f in c.report.findings),
                      key=lambda f: -SEVERITY_RANK.get(f.severity, 0))  # stable: each config's order kept
    combined = Report(command="check", category=findings[0].category if findings else "unknown", diagnosis=None,
                      facts={"configs": str(len(checked))}, findings=tuple(findings), notes=(_summary(checked),))
    data = report_dict(combined)
    data["configs"] = [
        {"path": c.path, "exit_code": c.exit_code, "error": c.error, "report": report_dict(c.report) if c.report else None}
        for c in checked
    ]
    from .sanitize import inert_json

    return inert_json(json.dumps(data, indent=2, ensure_ascii=False))


def _sarif(checked: list, **_: Any) -> str:
    from .sarif import sarif_log

    return sarif_log([c.report for c in checked if c.report],
                     errors=[(c.path, c.error) for c in checked if c.error is not None],
                     subject={"configs": [c.path for c in checked]})


def _junit(checked: list, **_: Any) -> str:
    from .junit import junit_document

    return junit_document([(c.path, c.report, c.error) for c in checked])


def _github(checked: list, **_: Any) -> str:
    from .github import GithubFormatter
    from .sanitize import github_data, github_property

    formatter = GithubFormatter()
    lines = []
    for c in checked:
        if c.error is not None:
            lines.append(f"::error file={github_property(c.path)},title=litellm-doctor::{github_data(f'not checked: {c.error}')}")
        else:
            lines += formatter.lines(c.report, subject=c.path)
    lines.append(f"litellm-doctor: {github_data(_summary(checked))}")
    return "\n".join(lines)


_RENDER = {"text": _text, "markdown": _markdown, "json": _json, "sarif": _sarif, "junit": _junit, "github": _github}
