"""`--format markdown`: ready to paste into a GitHub issue or a chat."""

from __future__ import annotations

from ..facts import FACT_LABELS
from ..model import Report
from .base import Formatter


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


class MarkdownFormatter(Formatter):
    name = "markdown"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        d = report.diagnosis
        if d:
            lines.append(f"### litellm-doctor: {d.category} — {d.title}")
            lines.append("")
            symptom = " (a symptom: see the probable cause below)" if d.symptom else ""
            lines.append(f"**Rule** `{d.rule_id}` ({d.name}) · **confidence** {d.confidence:.2f}{symptom}")
        elif report.command == "diagnose":
            lines.append("### litellm-doctor: unknown")
            lines.append("")
            lines.append("No rule in the library matches this text.")
        else:
            lines.append(f"### litellm-doctor {report.command}")
        if report.facts:
            lines += ["", "| fact | value |", "|---|---|"]
            lines += [f"| {FACT_LABELS.get(k, k)} | `{_cell(v)}` |" for k, v in report.facts.items()]
        if d:
            lines += ["", "**What it means.** " + d.why]
        for index, f in enumerate(report.findings):
            title = "How to fix" if d and index == 0 else f"`{f.rule_id}` ({f.category}, {f.severity}): {f.message}"
            lines += ["", f"#### {title}", ""]
            if f.location:
                lines.append(f"Config: `{f.location.file}:{f.location.line or ''}`".replace(":`", "`"))
                lines.append("")
            lines += [f"{n}. {step}" for n, step in enumerate(f.steps, 1)]
            if f.docs:
                lines += ["", "Docs: " + ", ".join(f.docs)]
        if report.probes:
            lines += ["", "#### Probes", "", "| probe | target | status | latency | detail |", "|---|---|---|---|---|"]
            for p in report.probes:
                latency = f"{p.latency_ms:.0f} ms" if p.latency_ms is not None else ""
                lines.append(f"| {p.id} | `{_cell(p.target)}` | {p.status} | {latency} | {_cell(p.detail)} |")
        for note in report.notes:
            lines += ["", f"_Note: {note}_"]
        return "\n".join(lines)
