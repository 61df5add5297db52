"""`check --list` / `check --explain ID`: the check catalog as a table, in full, or as JSON."""

from __future__ import annotations

import json
import textwrap

from .checks import CheckInfo


def checks_table(checks: tuple[CheckInfo, ...] | list[CheckInfo]) -> str:
    lines = [f"{'id':<11} {'severity':<8} {'category':<10} {'name':<42} title"]
    for c in checks:
        lines.append(f"{c.id:<11} {c.severity:<8} {c.category:<10} {c.name:<42} {c.title}")
    lines.append(f"{len(checks)} checks. `litellm-doctor check --explain ID` shows one in full.")
    return "\n".join(lines)


def check_detail(c: CheckInfo) -> str:
    wrap = lambda text, indent: textwrap.fill(text, 100, initial_indent=indent, subsequent_indent=" " * len(indent))  # noqa: E731
    lines = [
        f"{c.id} {c.name}  ({c.category}, {c.severity}, section {c.section})",
        c.title,
        "",
        "Why it matters",
        wrap(c.why, "  "),
        "",
        "How to fix",
    ]
    lines += [wrap(step, f"  {n}. ") for n, step in enumerate(c.steps, 1)]
    if c.docs:
        lines += ["", "Docs  " + "  ".join(c.docs)]
    lines += ["", f"Silence one line with `# litellm-doctor: ignore[{c.id}]`, or everywhere with `--ignore {c.name}`."]
    return "\n".join(lines)


def checks_json(checks) -> str:
    return json.dumps(
        [
            {
                "id": c.id, "name": c.name, "section": c.section, "category": c.category, "severity": c.severity,
                "title": c.title, "why": c.why, "steps": list(c.steps), "docs": list(c.docs),
            }
            for c in checks
        ],
        indent=2,
        ensure_ascii=False,
    )
