"""`--format text` (the default): a diagnosis a person reads in a terminal.

Laid out like `gh auth status` / expo-doctor: a ✓/✗ headline, the facts, what it means, numbered
steps, docs. Colour comes from rich and only when the CLI says the output is a terminal without
NO_COLOR; the layout is the same either way.
"""

from __future__ import annotations

import io
import textwrap

from ..facts import FACT_LABELS
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
_MARK = {"error": "✗", "warning": "!", "info": "i"}
_PROBE_MARK = {"pass": ("✓", "green"), "fail": ("✗", "red"), "skip": ("-", "dim")}


class TextFormatter(Formatter):
    name = "text"

    def render(self, report: Report) -> str:
        from rich.console import Console  # deferred: json/markdown output never pays for rich

        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self.width,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="standard" if self.color else None,
            highlight=False,
            emoji=False,
            soft_wrap=True,  # we wrap ourselves, with hanging indents rich cannot do
        )
        self._write(console, report)
        return buffer.getvalue().rstrip("\n")

    # -- sections -------------------------------------------------------------------------------
    def _write(self, out, report: Report) -> None:
        from rich.text import Text

        d = report.diagnosis
        if d is None and report.command == "diagnose":
            out.print(Text.assemble(("? ", "bold"), ("unknown", "bold"), "  No rule in the library matches this text."))
        elif d is not None:
            primary = report.findings[0] if report.findings else None
            severity = primary.severity if primary else "error"
            out.print(
                Text.assemble(
                    (f"{_MARK[severity]} ", _SEVERITY_STYLE[severity]),
                    (_CATEGORY_LABEL.get(d.category, d.category), _SEVERITY_STYLE[severity]),
                    "  ",
                    (d.title, "bold"),
                )
            )
            kind = "symptom, " if d.symptom else ""
            out.print(Text(f"  rule {d.rule_id} ({d.name}) · {kind}confidence {d.confidence:.2f}", style="dim"))

        if report.facts:
            out.print()
            out.print(Text("Facts", style="bold"))
            width = max(len(FACT_LABELS.get(k, k)) for k in report.facts)
            for key, value in report.facts.items():
                out.print(Text.assemble("  ", (FACT_LABELS.get(key, key).ljust(width), "cyan"), "  ", value))

        if d is not None:
            out.print()
            out.print(Text("What it means", style="bold"))
            out.print(Text(self._wrap(d.why, "  ")))
            primary = report.findings[0]
            self._steps(out, primary)
            others = report.findings[1:]
            if others:
                out.print()
                heading = "Probable cause (also in this text)" if d.symptom else "Also in this text"
                out.print(Text(heading, style="bold"))
                for f in others:
                    out.print(
                        Text.assemble(
                            "  • ",
                            (_CATEGORY_LABEL.get(f.category, f.category), _SEVERITY_STYLE.get(f.severity, "")),
                            f"  {f.rule_id}  {f.message}",
                        )
                    )
                    if d.symptom and f.steps:
                        out.print(Text(f"    first step: {f.steps[0]}"))
        elif report.command == "diagnose":
            out.print()
            out.print(
                Text(
                    "Next: give the whole traceback or log excerpt, add --config to tie it to your config, "
                    "or run `litellm-doctor rules list` to see what the library knows."
                )
            )
        elif report.findings:
            for f in report.findings:
                self._finding(out, f)

        if report.probes:
            self._probes(out, report.probes)
        for note in report.notes:
            out.print(Text(f"note: {note}", style="dim"))

    def _wrap(self, text: str, first: str) -> str:
        return textwrap.fill(
            text, width=self.width, initial_indent=first, subsequent_indent=" " * len(first),
            break_long_words=False, break_on_hyphens=False,
        )

    def _steps(self, out, finding: Finding) -> None:
        from rich.text import Text

        out.print()
        out.print(Text("How to fix", style="bold"))
        for number, step in enumerate(finding.steps, 1):
            out.print(Text(self._wrap(step, f"  {number}. ")))
        if finding.location:
            line = f":{finding.location.line}" if finding.location.line else ""
            out.print(Text(f"  config: {finding.location.file}{line}", style="cyan"))
        if finding.docs:
            out.print()
            out.print(Text.assemble(("Docs  ", "bold"), "  ".join(finding.docs)))

    def _finding(self, out, finding: Finding) -> None:
        from rich.text import Text

        where = ""
        if finding.location:
            where = f"{finding.location.file}:{finding.location.line}: " if finding.location.line else f"{finding.location.file}: "
        out.print(
            Text.assemble(
                (f"{_MARK.get(finding.severity, '-')} ", _SEVERITY_STYLE.get(finding.severity, "")),
                where,
                (finding.rule_id, "bold"),
                f" {finding.message}",
            )
        )
        for number, step in enumerate(finding.steps, 1):
            out.print(Text(self._wrap(step, f"    {number}. ")))

    def _probes(self, out, probes: tuple[ProbeResult, ...]) -> None:
        from rich.text import Text

        out.print()
        out.print(Text("Probes", style="bold"))
        for p in probes:
            mark, style = _PROBE_MARK.get(p.status, ("?", ""))
            latency = f" {p.latency_ms:.0f} ms" if p.latency_ms is not None else ""
            out.print(Text.assemble(f"  ", (mark, style), f" {p.id:<22} {p.target}{latency}  ", (p.detail, "dim")))
        passed = sum(1 for p in probes if p.status == "pass")
        out.print(Text(f"  {passed}/{len(probes)} probes passed"))
