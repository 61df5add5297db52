"""How `litellm-doctor rules list|show` lays out the library (like `ruff rule`)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .diagnosis.rulebook import Rule, load_rules
from .diagnosis.classify import describe
from .formats.columns import fill, table, wrap
from .model import RuleInfo


def every_rule(extra_dir: str | None = None) -> list[RuleInfo]:
    """Text rules, then config checks, then probe verdicts: everything an id in a report can name.

    Assembled here, in the view layer, so the rule library itself never imports the probe or config
    layers (they depend on it, not the other way round)."""
    from .config.checks import catalog
    from .knowledge.rules import ALL_VERSION_RULES
    from .probe.fleet_findings import FLEET_RULES
    from .probe.selfreport import ALL_SELF_REPORT_RULES
    from .probe.verdict import PROBE_RULES

    verdicts = [*PROBE_RULES.values(), *FLEET_RULES.values(), *ALL_SELF_REPORT_RULES]
    return [*load_rules(extra_dir), *catalog(), *sorted(verdicts, key=lambda r: r.id), *ALL_VERSION_RULES]


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
            "none_anywhere": [p.pattern for p in rule.none_anywhere],
        },
        "steps": list(rule.steps),
        "docs": list(rule.docs),
        "examples": [{"expect": e.expect, "text": e.text} for e in rule.examples],
    }


def rules_json(rules: Iterable[RuleInfo]) -> str:
    return json.dumps([rule_dict(r) for r in rules], indent=2, ensure_ascii=False)


def rules_table(rules: list[RuleInfo], *, color: bool, width: int | None) -> str:
    """One rule per line when piped (`width=None`); on a terminal the title wraps into its column.
    The name column is left out below 120 columns (`rules show` and `--format json` have it)."""
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    wide = width is None or width >= 120
    headers = ("id", "category", "severity", "name", "title") if wide else ("id", "category", "severity", "title")
    rows = [
        (r.id, r.category, r.severity, r.name, describe(r.title)) if wide else (r.id, r.category, r.severity, describe(r.title))
        for r in rules
    ]
    lines = table(headers, rows, width, bold=bold)
    if width is None:
        lines = lines[1:]
    kinds = {k: sum(1 for r in rules if kind_of(r) == k) for k in ("text rule", "config check", "probe verdict", "version check")}
    summary = ", ".join(f"{n} {k}s" for k, n in kinds.items() if n)
    if width is not None:  # piped: records only, so `wc -l` and `grep` see rules
        lines += wrap(f"{len(rules)} rules ({summary}). `litellm-doctor rules show ID` explains one.", width)
    return "\n".join(lines)


def rule_detail(rule: RuleInfo, width: int | None = 100) -> str:
    """A rule in full. Its templates read as a person would see them with no fact known ("the model
    group named in the error"), never as `{model_group}`."""
    width = width or 100
    para = lambda text: fill(describe(text), width, "  ")  # noqa: E731
    steps = [fill(describe(step), width, f"  {n}. ") for n, step in enumerate(rule.steps, 1)]
    if not isinstance(rule, Rule):
        where = f" · config section: {rule.section}" if hasattr(rule, "section") else ""
        out = [
            f"{rule.id} ({rule.name})",
            fill(f"{kind_of(rule)} · category: {rule.category} · severity: {rule.severity}{where}", width),
            "", fill(describe(rule.title), width), "", "What it means", para(rule.why), "", "How to fix", *steps,
        ]
        return "\n".join(out + ["", "Docs", *(f"  {d}" for d in rule.docs)])
    out = [
        f"{rule.id} ({rule.name})",
        fill(f"category: {rule.category}{' / ' + rule.subcategory if rule.subcategory else ''} · "
             f"severity: {rule.severity} · priority: {rule.priority}{' · symptom' if rule.symptom else ''}", width),
        "",
        fill(describe(rule.title), width),
        "",
        "What it means",
        para(rule.why),
        "",
        "What it matches",
    ]
    for key, patterns in (("any of", rule.any), ("all of", rule.all), ("none of", rule.none), ("none anywhere", rule.none_anywhere)):
        for p in patterns:
            out.append(f"  {key}: {p.pattern}")  # a regex is shown whole: wrapping would change it
    out += ["", "How to fix", *steps]
    out += ["", "Docs"] + [f"  {d}" for d in rule.docs]
    out += ["", "Examples"]
    cut = max(40, width - 14)
    for ex in rule.examples:
        first = ex.text.strip().splitlines()[0] if ex.text.strip() else ""
        out.append(f"  [{ex.expect}] {first[:cut]}{'…' if len(first) > cut else ''}")
    return "\n".join(out)
