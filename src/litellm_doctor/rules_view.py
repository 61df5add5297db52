"""How `litellm-doctor rules list|show` lays out the library (like `ruff rule`)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable

from .diagnosis.rulebook import Rule, load_rules
from .model import RuleInfo


def every_rule(extra_dir: str | None = None) -> list[RuleInfo]:
    """Text rules, then config checks, then probe verdicts: everything an id in a report can name.

    Assembled here, in the view layer, so the rule library itself never imports the probe or config
    layers (they depend on it, not the other way round)."""
    from .config.checks import catalog
    from .knowledge.rules import ALL_VERSION_RULES
    from .probe.selfreport import ALL_SELF_REPORT_RULES
    from .probe.verdict import PROBE_RULES

    probe_rules = sorted((*PROBE_RULES.values(), *ALL_SELF_REPORT_RULES), key=lambda r: r.id)
    return [*load_rules(extra_dir), *catalog(), *probe_rules, *ALL_VERSION_RULES]


def kind_of(rule: RuleInfo) -> str:
    from .knowledge.rules import VersionRule

    if isinstance(rule, Rule):
        return "text rule"
    if isinstance(rule, VersionRule):
        return "version check"
    return "config check" if hasattr(rule, "section") else "probe verdict"


def rule_dict(rule: RuleInfo) -> dict:
    if not isinstance(rule, Rule):
        return {
            "id": rule.id, "name": rule.name, "kind": kind_of(rule), "category": rule.category,
            "severity": rule.severity, "title": rule.title, "why": rule.why,
            "steps": list(rule.steps), "docs": list(rule.docs),
        }
    return {
        "id": rule.id,
        "name": rule.name,
        "kind": "text rule",
        "category": rule.category,
        "subcategory": rule.subcategory,
        "severity": rule.severity,
        "priority": rule.priority,
        "title": rule.title,
        "why": rule.why,
        "match": {
            "any": [p.pattern for p in rule.any],
            "all": [p.pattern for p in rule.all],
            "none": [p.pattern for p in rule.none],
        },
        "steps": list(rule.steps),
        "docs": list(rule.docs),
        "examples": [{"expect": e.expect, "text": e.text} for e in rule.examples],
    }


def rules_json(rules: Iterable[RuleInfo]) -> str:
    return json.dumps([rule_dict(r) for r in rules], indent=2, ensure_ascii=False)


def rules_table(rules: list[RuleInfo], *, color: bool, width: int) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in ("id", "category", "severity", "name", "title"):
        table.add_column(column, overflow="fold")
    for r in rules:
        table.add_row(r.id, r.category, r.severity, r.name, r.title)
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(width, 120), force_terminal=color, no_color=not color, highlight=False)
    console.print(table)
    kinds = {k: sum(1 for r in rules if kind_of(r) == k) for k in ("text rule", "config check", "probe verdict", "version check")}
    summary = ", ".join(f"{n} {k}s" for k, n in kinds.items() if n)
    console.print(f"{len(rules)} rules ({summary}). `litellm-doctor rules show ID` explains one.")
    return buffer.getvalue().rstrip("\n")


def rule_detail(rule: RuleInfo) -> str:
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    if not isinstance(rule, Rule):
        where = f" · config section: {rule.section}" if hasattr(rule, "section") else ""
        out = [
            f"{rule.id} ({rule.name})",
            f"{kind_of(rule)} · category: {rule.category} · severity: {rule.severity}{where}",
            "", rule.title, "", "What it means", wrap.fill(rule.why), "", "How to fix",
        ]
        out += [f"  {n}. {step}" for n, step in enumerate(rule.steps, 1)]
        return "\n".join(out + ["", "Docs", *(f"  {d}" for d in rule.docs)])
    out = [
        f"{rule.id} ({rule.name})",
        f"category: {rule.category}{' / ' + rule.subcategory if rule.subcategory else ''} · "
        f"severity: {rule.severity} · priority: {rule.priority}{' · symptom' if rule.symptom else ''}",
        "",
        rule.title,
        "",
        "What it means",
        wrap.fill(rule.why),
        "",
        "What it matches",
    ]
    for key, patterns in (("any of", rule.any), ("all of", rule.all), ("none of", rule.none)):
        for p in patterns:
            out.append(f"  {key}: {p.pattern}")
    out += ["", "How to fix"]
    out += [f"  {n}. {step}" for n, step in enumerate(rule.steps, 1)]
    out += ["", "Docs"] + [f"  {d}" for d in rule.docs]
    out += ["", "Examples"]
    for ex in rule.examples:
        first = ex.text.strip().splitlines()[0] if ex.text.strip() else ""
        out.append(f"  [{ex.expect}] {first[:110]}{'…' if len(first) > 110 else ''}")
    return "\n".join(out)
