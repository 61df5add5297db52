"""`check --list` / `check --explain ID`: the check catalog as a table, in full, or as JSON."""

from __future__ import annotations

import json

from ..diagnosis.classify import describe
from ..formats.columns import fill, table, wrap
from .checks import CheckInfo
from .checks.util import code


def checks_table(checks: tuple[CheckInfo, ...] | list[CheckInfo], width: int | None = None) -> str:
    """One check per line when piped (`width=None`); on a terminal the title wraps into its column."""
    wide = width is None or width >= 120
    headers = ("id", "severity", "category", "name", "title") if wide else ("id", "severity", "category", "title")
    rows = [
        (c.id, c.severity, c.category, c.name, describe(c.title)) if wide else (c.id, c.severity, c.category, describe(c.title))
        for c in checks
    ]
    lines = table(headers, rows, width)
    if width is None:
        return "\n".join(lines[1:])
    lines += wrap(f"{len(checks)} checks. `litellm-doctor check --explain ID` shows one in full.", width)
    return "\n".join(lines)


def check_detail(c: CheckInfo, width: int | None = 100) -> str:
    width = width or 100
    lines = [
        f"{c.id} {c.name}  ({c.category}, {c.severity}, section {c.section})",
        fill(describe(c.title), width),
        "",
        "Why it matters",
        fill(describe(c.why), width, "  "),
        "",
        "How to fix",
    ]
    lines += [fill(describe(step), width, f"  {n}. ") for n, step in enumerate(c.steps, 1)]
    if c.docs:
        lines += ["", *wrap("Docs  " + "  ".join(c.docs), width, "", "      ")]
    lines += ["", *wrap(f"Silence one line with {code('# litellm-doctor: ignore[', c.id, ']')}, or everywhere with {code('--ignore ', c.name)}.", width)]
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
