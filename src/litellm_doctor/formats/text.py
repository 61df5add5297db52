"""`--format text` (the default): a diagnosis a person reads in a terminal.

Laid out like `gh auth status` / expo-doctor: a ✓/✗ headline, the facts, what it means, numbered
steps, docs. Colour only when the CLI says the output is a terminal without NO_COLOR; the layout is
the same either way. Plain ANSI codes rather than rich: this is on the paste-an-error path, where
importing rich would cost a quarter of the 150 ms budget for a few coloured words.
"""

from __future__ import annotations

import textwrap

from ..diagnosis.facts import FACT_LABELS
from ..model import Finding, ProbeResult, Report
from .base import Formatter

_CATEGORY_LABEL = {
    "auth": "auth",
    "quota_rate": "quota/rate",
    "routing": "routing",
    "timeout": "timeout",
    "deployment": "deployment",
    "other": "other",
    "unknown": "unknown",
}
_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_MARK = {"error": "✗", "warning": "!", "info": "i"}
_PROBE_MARK = {"pass": ("✓", "green"), "fail": ("✗", "red"), "skip": ("-", "dim")}


class _Out:
    """Collects lines; `paint` wraps a span in ANSI codes when colour is on."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self.lines: list[str] = []

    def paint(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        codes = ";".join(_SGR[s] for s in style.split())
        return f"\x1b[{codes}m{text}\x1b[0m"

    def print(self, *parts: str) -> None:
        self.lines.append("".join(parts))


class TextFormatter(Formatter):
    name = "text"

    def render(self, report: Report) -> str:
        out = _Out(self.color)
        self._write(out, report)
        return "\n".join(out.lines).rstrip("\n")

    def _wrap(self, text: str, first: str) -> str:
        return textwrap.fill(
            text, width=self.width, initial_indent=first, subsequent_indent=" " * len(first),
            break_long_words=False, break_on_hyphens=False,
        )

    # -- sections -------------------------------------------------------------------------------
    def _write(self, out: _Out, report: Report) -> None:
        # `diagnose` explains one failure in depth; `probe`/`check` list every finding with its fix.
        if report.groups or "log_bytes" in report.facts:
            self._write_log(out, report)  # `diagnose --log`: the failure groups of a log
        elif report.command == "diagnose":
            self._write_diagnosis(out, report)
        else:
            self._write_findings(out, report)
        if report.probes:
            self._probes(out, report.probes)
        for note in report.notes:
            out.print(out.paint(f"note: {note}", "dim"))

    def _facts(self, out: _Out, report: Report) -> None:
        if report.facts:
            out.print()
            out.print(out.paint("Facts", "bold"))
            width = max(len(FACT_LABELS.get(k, k)) for k in report.facts)
            for key, value in report.facts.items():
                out.print("  ", out.paint(FACT_LABELS.get(key, key).ljust(width), "cyan"), "  ", value)

    def _write_diagnosis(self, out: _Out, report: Report) -> None:
        p = out.paint
        d = report.diagnosis
        if d is None:
            out.print(p("? unknown", "bold"), "  No rule in the library matches this text.")
            self._facts(out, report)
            out.print()
            out.print(self._wrap(
                "Next: give the whole traceback or log excerpt, add --config to tie it to your config, "
                "or run `litellm-doctor rules list` to see what the library knows.", ""))
            return
        severity = report.findings[0].severity if report.findings else "error"
        style = _SEVERITY_STYLE[severity]
        if d.kind == "estimate":  # no rule matched: say so before anything else
            out.print(p(f"~ {_CATEGORY_LABEL.get(d.category, d.category)}?", style), "  ", p(d.title, "bold"))
            out.print(p(f"  ESTIMATE, not a rule: probability {d.confidence:.2f} (no rule of the library matched)", "bold"))
        else:
            out.print(p(f"{_MARK[severity]} {_CATEGORY_LABEL.get(d.category, d.category)}", style), "  ", p(d.title, "bold"))
            kind = "symptom, " if d.symptom else ""
            out.print(p(f"  rule {d.rule_id} ({d.name}) · {kind}confidence {d.confidence:.2f}", "dim"))
        self._facts(out, report)
        out.print()
        out.print(p("What it means", "bold"))
        out.print(self._wrap(d.why, "  "))
        # Findings tied to a config line came from --config; the rest were seen in the text or probes.
        in_config = tuple(f for f in report.findings[1:] if f.location is not None)
        others = tuple(f for f in report.findings[1:] if f.location is None)
        if others and d.symptom:  # the cause matters more than how to treat the symptom
            self._others(out, others, "Probable cause (also in this text)", first_step=True)
        self._steps(out, report.findings[0])
        if others and not d.symptom:
            self._others(out, others, "Also in this text", first_step=False)
        if in_config:
            out.print()
            out.print(p("In your config", "bold"))
            for f in in_config:
                self._finding(out, f)

    def _write_findings(self, out: _Out, report: Report) -> None:
        counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
        if report.findings:
            worst = next(s for s in ("error", "warning", "info") if counts[s])
            summary = ", ".join(f"{n} {s}{'s' if n > 1 else ''}" for s, n in counts.items() if n)
            out.print(out.paint(f"{_MARK[worst]} {len(report.findings)} finding{'s' if len(report.findings) > 1 else ''}", _SEVERITY_STYLE[worst]), f" ({summary})")
        else:
            out.print(out.paint("✓ no findings", "bold green"))
        self._facts(out, report)
        for f in report.findings:
            out.print()
            self._finding(out, f)

    def _others(self, out: _Out, others: tuple[Finding, ...], heading: str, *, first_step: bool) -> None:
        out.print()
        out.print(out.paint(heading, "bold"))
        for f in others:
            label = out.paint(_CATEGORY_LABEL.get(f.category, f.category), _SEVERITY_STYLE.get(f.severity, ""))
            out.print("  • ", label, f"  {f.rule_id}  {f.message}")
            if first_step and f.steps:
                out.print(self._wrap(f"first step: {f.steps[0]}", "    "))

    def _steps(self, out: _Out, finding: Finding) -> None:
        out.print()
        out.print(out.paint("How to fix", "bold"))
        for number, step in enumerate(finding.steps, 1):
            out.print(self._wrap(step, f"  {number}. "))
        if finding.location:
            line = f":{finding.location.line}" if finding.location.line else ""
            out.print(out.paint(f"  config: {finding.location.file}{line}", "cyan"))
        if finding.docs:
            out.print()
            out.print(out.paint("Docs  ", "bold"), "  ".join(finding.docs))

    def _finding(self, out: _Out, finding: Finding) -> None:
        where = ""
        if finding.location:
            line = f":{finding.location.line}" if finding.location.line else ""
            where = f"{finding.location.file}{line}: "
        mark = out.paint(_MARK.get(finding.severity, "-"), _SEVERITY_STYLE.get(finding.severity, ""))
        category = _CATEGORY_LABEL.get(finding.category, finding.category)
        out.print(f"{mark} {where}", out.paint(finding.rule_id, "bold"), f" [{category}] {finding.title}")
        if finding.message != finding.title:
            out.print(self._wrap(finding.message, "    "))
        for number, step in enumerate(finding.steps, 1):
            out.print(self._wrap(step, f"    {number}. "))

    def _probes(self, out: _Out, probes: tuple[ProbeResult, ...]) -> None:
        out.print()
        out.print(out.paint("Probes", "bold"))
        for probe in probes:
            mark, style = _PROBE_MARK.get(probe.status, ("?", ""))
            latency = f" {probe.latency_ms:.0f} ms" if probe.latency_ms is not None else ""
            out.print("  ", out.paint(mark, style), f" {probe.id:<22} {probe.target}{latency}  ", out.paint(probe.detail, "dim"))
        passed = sum(1 for probe in probes if probe.status == "pass")
        out.print(f"  {passed}/{len(probes)} probes passed")

    # -- log triage (`diagnose --log`) ----------------------------------------------------------------
    MAX_GROUPS_SHOWN = 15

    def _write_log(self, out: _Out, report: Report) -> None:
        p = out.paint
        facts = report.facts
        name = facts.get("log_file", "the log")
        failures = int(facts.get("log_failures", "0") or 0)
        if not report.groups:
            out.print(p("✓ no failures", "bold green"), f"  in {name}")
            return
        by_category: dict[str, int] = {}
        for g in report.groups:
            if g.kind in ("request", "log", "http"):
                by_category[g.category] = by_category.get(g.category, 0) + g.count
        worst = "error" if failures else "warning"
        out.print(
            p(f"{_MARK[worst]} {len(report.groups)} failure group{'s' if len(report.groups) != 1 else ''}", _SEVERITY_STYLE[worst]),
            f"  in {name}: {failures} failure{'s' if failures != 1 else ''}",
        )
        if by_category:
            parts = sorted(by_category.items(), key=lambda kv: -kv[1])
            out.print(p("  by category: " + " · ".join(f"{_CATEGORY_LABEL.get(c, c)} {n}" for c, n in parts), "dim"))
        for g in report.groups[: self.MAX_GROUPS_SHOWN]:
            out.print()
            unit = {"request": "failed request", "call": "failed call", "http": "error response", "warning": "warning"}.get(g.kind, "error")
            when = g.first_seen or ""
            if g.last_seen and g.last_seen != g.first_seen:
                when = f"{when} – {g.last_seen}"
            style = _SEVERITY_STYLE.get(g.severity, "")
            label = _CATEGORY_LABEL.get(g.category, g.category)
            out.print(
                p(f"{g.id:<4}", "bold"), p(f"{_MARK.get(g.severity, '-')} {label}", style),
                f"  {g.count} {unit}{'s' if g.count != 1 else ''}", p(f"  {when}" if when else "", "dim"),
                p(f"  {g.rule_id}" if g.rule_id else "  no matching rule", "dim"),
            )
            out.print(self._wrap(g.title, "    "))
            where = []
            if g.model_groups:
                where.append("model groups: " + ", ".join(g.model_groups[:8]))
            if g.deployments:
                where.append("deployments: " + ", ".join(d if len(d) <= 24 else d[:12] + "…" for d in g.deployments[:5]))
            if g.statuses:
                where.append("HTTP " + ", ".join(f"{s} ×{n}" for s, n in g.statuses))
            if where:
                out.print(self._wrap(" · ".join(where), "    "))
            for note in g.notes:
                out.print(self._wrap(note, "    → "))
            if g.steps:
                out.print(self._wrap(f"first step: {g.steps[0]}", "    "))
        hidden = len(report.groups) - self.MAX_GROUPS_SHOWN
        if hidden > 0:
            out.print()
            out.print(p(f"… and {hidden} more group{'s' if hidden != 1 else ''} (all of them with --format json)", "dim"))
        d = report.diagnosis
        if d is not None and report.findings:
            top = report.findings[0]
            out.print()
            out.print(p(f"Most important: {top.message.split(':', 1)[0]}", "bold"), f"  {d.title}")
            out.print(self._wrap(d.why, "  "))
            self._steps(out, top)

