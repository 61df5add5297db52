"""`--format text` (the default): a diagnosis a person reads in a terminal.

The first screen answers, in the spirit of `gh auth status` / `flutter doctor`: a ✓/✗ verdict line,
the cause in one sentence, the one most specific fix (the config line when known, else the rule's
first step, usually a command), then the facts that support it. `--verbose` adds what it means,
every step, the secondary findings and the docs. Lines wrap at word boundaries to the terminal width
(a URL or an identifier is never broken). Colour only when the CLI says the output is a terminal
without NO_COLOR; the layout is the same either way. Plain ANSI codes rather than rich: this is on the
paste-an-error path, where importing rich would cost a quarter of the budget for a few coloured words.
"""

from __future__ import annotations

from ..diagnosis.factvalues import is_null, shown
from ..diagnosis.facts import FACT_LABELS
from ..model import Finding, Report
from ..regexcache import rx
from .base import NO_RULE, Formatter, no_failure, other_notes, split_no_failure
from .columns import wrap

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)

if TYPE_CHECKING:
    from ..model_probe import FleetView, ProbeResult  # annotations only (see model.py)

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_MARK = {"error": "✗", "warning": "!", "info": "i"}
_PROBE_MARK = {"pass": ("✓", "green"), "fail": ("✗", "red"), "skip": ("-", "dim")}
# The facts of the first screen, in the order a reader checks them; the rest come with --verbose.
_FIRST_FACTS = ("status", "exception", "provider", "model_group", "model", "deployment_id", "api_base",
                "env_var", "timeout", "time_taken", "retry_after", "limit", "limit_value")
_SHORT_ID = 16
# The end of a sentence outside quotes, code and abbreviations: "LLM Provider NOT provided. Pass …" is quoted,
# `RetryError[<Future at 0x... state=...>]` is code, and "(e.g. `stop_after_attempt(3)`)" goes on; none is the end.
_NOT_AN_END = rx(r'"[^"\n]*"|`[^`\n]*`|\b(?:e\.g|i\.e|cf|vs)\.')


def first_sentence(text: str, limit: int = 240) -> str | None:
    """The first sentence of `text` when it is one short sentence, else None."""
    masked = _NOT_AN_END.sub(lambda m: "x" * len(m.group(0)), text)
    end = masked.find(". ")
    sentence = text if end < 0 else text[: end + 1]
    return sentence if len(sentence) <= limit else None


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

    def _wrap(self, text: str, first: str, rest: str | None = None) -> str:
        return "\n".join(wrap(text, self.width, first, rest))

    def _head(self, out: _Out, label: str, style: str, text: str, indent: str = "", text_style: str = "bold") -> None:
        """A headline: a painted label, then text wrapped under it (the label is never split)."""
        lines = wrap(f"{label}  {text}", self.width, indent, indent + "  ")
        first = lines[0][len(indent) + len(label):]
        out.print(indent, out.paint(label, style), out.paint(first, text_style) if text_style else first)
        for line in lines[1:]:
            out.print(out.paint(line, text_style) if text_style else line)

    # -- sections -------------------------------------------------------------------------------
    def _write(self, out: _Out, report: Report) -> None:
        # `diagnose` explains one failure; `probe`/`check` list every finding with its fix.
        if report.groups or "log_bytes" in report.facts:
            self._write_log(out, report)  # `diagnose --log`: the failure groups of a log
        elif report.command == "diagnose":
            if self.verbose:
                self._write_diagnosis(out, report)
            else:
                self._first_screen(out, report)
        else:
            if report.fleet is not None:
                self._fleet(out, report.fleet)  # replicas compared: the table first, then what differs
            self._write_findings(out, report)
        if report.probes:
            # `diagnose --proxy` confirms one failure: its first screen lists the failed probes only.
            brief = report.command == "diagnose" and not self.verbose
            self._probes(out, report.probes, failed_only=brief)
        for note in other_notes(report):
            out.print(out.paint(self._wrap(f"note: {note}", ""), "dim"))

    def _facts(self, out: _Out, report: Report) -> None:
        if report.facts:
            out.print()
            out.print(out.paint("Facts", "bold"))
            width = max(len(FACT_LABELS.get(k, k)) for k in report.facts)
            for key, value in report.facts.items():
                label = FACT_LABELS.get(key, key).ljust(width)
                text = shown(key, value)
                if len(label) + 4 + len(text) > self.width and " " not in text:
                    # One long identifier (a deployment hash): on its own line rather than past the edge.
                    out.print("  ", out.paint(label.rstrip(), "cyan"))
                    out.print(f"    {text}")
                    continue
                lines = wrap(text, self.width, "  " + label + "  ")
                out.print("  ", out.paint(label, "cyan"), lines[0][len(label) + 2:])
                for line in lines[1:]:
                    out.print(line)

    def _facts_line(self, out: _Out, report: Report) -> None:
        """The supporting facts on one wrapped line: `HTTP 401 · litellm.AuthenticationError · …`."""
        parts = []
        for key in _FIRST_FACTS:
            value = report.facts.get(key)
            if value is None or is_null(value):
                continue
            text = shown(key, value)
            if key == "status":
                parts.append(f"HTTP {text}")
            elif key == "exception":
                parts.append(text)
            elif key == "deployment_id" and len(text) > _SHORT_ID:
                parts.append(f"deployment {text[:_SHORT_ID - 4]}…")
            else:
                label = FACT_LABELS.get(key, key)
                unit = label.endswith(" (s)")
                parts.append(f"{label[:-4] if unit else label} {text}{' s' if unit else ''}")
        if parts:
            out.print(out.paint("Facts", "bold"), out.paint("", ""), self._wrap(" · ".join(parts), "       ")[5:])

    def _unknown(self, out: _Out, report: Report) -> None:
        nothing = no_failure(report)
        if nothing is not None:
            # Not "unknown": the text is no failure (a file, INFO lines); said first, then what to give instead.
            why, instead = split_no_failure(nothing)
            for line in wrap(f"? {why}", self.width, "", "  "):
                out.print(out.paint(line, "bold"))
            if any(report.facts.get(key) is not None and not is_null(report.facts[key]) for key in _FIRST_FACTS):
                out.print()
                self._facts_line(out, report)
            out.print()
            out.print(self._wrap(f"Next: {instead}.", ""))
            return
        out.print(out.paint("? unknown", "bold"), f"  {NO_RULE}")
        if self.verbose:
            self._facts(out, report)
        elif any(report.facts.get(key) is not None and not is_null(report.facts[key]) for key in _FIRST_FACTS):
            out.print()
            self._facts_line(out, report)
        out.print()
        out.print(self._wrap(
            "Next: give the whole traceback or log excerpt, add --config to tie it to your config, "
            "or run `litellm-doctor rules list` to see what the library knows.", ""))

    def _verdict(self, out: _Out, report: Report) -> None:
        d = report.diagnosis
        assert d is not None
        severity = report.findings[0].severity if report.findings else "error"
        # An estimate is marked before anything else: "~ category?" instead of the severity mark.
        mark = f"~ {d.category}?" if d.kind == "estimate" else f"{_MARK[severity]} {d.category}"
        self._head(out, mark, _SEVERITY_STYLE[severity], d.title)

    @staticmethod
    def _provenance(d) -> str:
        """Which kind of answer this is: a rule of the library, or the statistical estimate."""
        if d.kind == "estimate":
            return f"ESTIMATE, not a rule: probability {d.confidence:.2f} (no rule of the library matched)"
        kind = "symptom · " if d.symptom else ""
        return f"rule {d.rule_id} ({d.name}) · {kind}confidence {d.confidence:.2f}"

    def _provenance_lines(self, out: _Out, d, indent: str, style: str) -> None:
        # wrapped like the rest: a rule's name can be long enough to pass 80 columns
        for line in wrap(self._provenance(d), self.width, indent, indent + "  "):
            out.print(out.paint(line, style))

    def _first_screen(self, out: _Out, report: Report) -> None:
        """Verdict, cause, the one most specific fix, the facts; everything else with --verbose."""
        d = report.diagnosis
        if d is None or not report.findings:
            self._unknown(out, report) if d is None else self._write_diagnosis(out, report)
            return
        p = out.paint
        primary = report.findings[0]
        others = [f for f in report.findings[1:] if f.location is None]
        self._verdict(out, report)
        if d.kind == "estimate":  # said at once, not only in the provenance line at the end
            self._provenance_lines(out, d, "  ", "bold")
        cause = others[0] if d.symptom and others else None
        if cause is not None:
            out.print(self._wrap(f"cause: {cause.message} ({cause.rule_id}); this error is its symptom", "  "))
        else:
            sentence = first_sentence(d.why)
            if sentence and sentence.rstrip(".") != d.title:
                out.print(self._wrap(sentence, "  "))
        out.print()
        self._fix(out, report, (cause or primary).steps, (cause or primary).rule_id, d.symptom and cause is None)
        self._facts_line(out, report)
        out.print()
        if d.kind != "estimate":
            self._provenance_lines(out, d, "", "dim")
        more = []
        steps = len(primary.steps) + (len(cause.steps) if cause else 0)
        if steps > 1:
            more.append(f"all {steps} steps" if steps > 2 else "both steps")
        extra = len(report.findings) - 1 - (1 if cause else 0)
        if extra > 0:
            more.append(f"{extra} more finding{'s' if extra != 1 else ''}")
        docs = {u for f in report.findings for u in f.docs}
        if docs:
            more.append("docs")
        out.print(p(self._wrap("--verbose: what it means, " + ", ".join(more) + ".", ""), "dim"))

    def _fix(self, out: _Out, report: Report, steps: tuple[str, ...], rule_id: str, cause_unseen: bool) -> None:
        """The one most specific fix: a config line the checks flagged whose check can cause the failure rule
        `rule_id` diagnosed (its shape: config/causes.py, the mapping kept beside the checks), then the first of
        `steps`, the failure's; else the first of `steps`; then the config entry of the deployment involved, if
        known. `cause_unseen`: the failure is a symptom whose cause the text does not show (a cooldown), so a line
        that can cause any failure that cools a deployment down may be it."""
        p = out.paint
        d = report.diagnosis
        assert d is not None and report.findings
        primary = report.findings[0]
        in_config = [f for f in report.findings[1:] if f.location is not None]
        candidates = [f for f in in_config if f.severity in ("error", "warning") and f.rule_id != d.rule_id]
        flagged = None
        if candidates:
            from ..config.causes import can_cause  # noqa: PLC0415 - only with --config, where the checks ran

            flagged = next((f for f in candidates if can_cause(f.rule_id, rule_id, message=f.message, cause_unseen=cause_unseen)), None)
        if flagged is not None:
            loc = flagged.location
            where = f"{loc.file}:{loc.line}" if loc and loc.line else (loc.file if loc else "")
            out.print(p("Fix", "bold"), self._wrap(f"{where}  {flagged.message}", "     ")[3:])
            if flagged.steps:
                out.print(self._wrap(flagged.steps[0], "     → ", "       "))
            if steps:
                step = steps[0]
                step = step[0].lower() + step[1:] if step[:2].istitle() else step
                out.print(self._wrap(step, "     then ", "       "))
        elif steps:
            out.print(p("Fix", "bold"), self._wrap(steps[0], "     ")[3:])
        involved = next((f for f in in_config if f.severity == "info" and f.rule_id == d.rule_id), None)
        if involved is not None:
            out.print(p("Config", "bold"), self._wrap(involved.message, "        ")[6:])
        elif primary.location is not None:
            loc = primary.location
            out.print(p("Config", "bold"), f"  {loc.file}{f':{loc.line}' if loc.line else ''}")

    def _write_diagnosis(self, out: _Out, report: Report) -> None:
        p = out.paint
        d = report.diagnosis
        if d is None:
            self._unknown(out, report)
            return
        self._verdict(out, report)
        self._provenance_lines(out, d, "  ", "bold" if d.kind == "estimate" else "dim")
        self._facts(out, report)
        out.print()
        out.print(p("What it means", "bold"))
        out.print(self._wrap(d.why, "  "))
        # Findings tied to a config line came from --config; the rest were seen in the text or probes.
        in_config = tuple(f for f in report.findings[1:] if f.location is not None)
        others = tuple(f for f in report.findings[1:] if f.location is None)
        if others and d.symptom:  # the cause matters more than how to treat the symptom
            self._others(out, others, "Probable cause (also in this text)", first_step=True)
        if report.findings:
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
        self._group_summary(out, report)
        self._facts(out, report)
        # `probe` shows each finding's first step; --verbose (and `check`, read in CI logs) all of them.
        brief = report.command == "probe" and not self.verbose
        for f in report.findings:
            out.print()
            self._finding(out, f, brief=brief)
        if brief and any(len(f.steps) > 1 for f in report.findings):
            out.print()
            out.print(out.paint("--verbose: every step of every finding.", "dim"))

    def _group_summary(self, out: _Out, report: Report) -> None:
        """`✗ 2 of 5 model groups healthy`, then each failing group with the category of its cause."""
        groups = [p for p in report.probes if p.id == "group.completion"]
        if not groups:
            return
        healthy = sum(1 for p in groups if p.status == "pass")
        mark, style = ("✓", "bold green") if healthy == len(groups) else ("✗", "bold red")
        out.print(out.paint(f"{mark} {healthy} of {len(groups)} model group{'s' if len(groups) != 1 else ''} healthy", style))
        for p in groups:
            if p.status != "fail":
                continue
            cause = next((f for f in report.findings if f"`{p.target}`" in f.message or f"`{p.target}`" in f.title), None)
            why = f"{cause.category}: {cause.title}" if cause else p.detail
            out.print(self._wrap(f"{p.target}  {why}", "  ✗ ", "      "))

    def _others(self, out: _Out, others: tuple[Finding, ...], heading: str, *, first_step: bool) -> None:
        out.print()
        out.print(out.paint(heading, "bold"))
        for f in others:
            self._head(out, f"• {f.category}", _SEVERITY_STYLE.get(f.severity, ""), f"{f.rule_id}  {f.message}", "  ", "")
            if first_step and f.steps:
                out.print(self._wrap(f"first step: {f.steps[0]}", "    "))

    def _steps(self, out: _Out, finding: Finding) -> None:
        out.print()
        out.print(out.paint("How to fix", "bold"))
        for number, step in enumerate(finding.steps, 1):
            out.print(self._wrap(step, f"  {number}. ", " " * (len(str(number)) + 4)))
        if finding.location:
            line = f":{finding.location.line}" if finding.location.line else ""
            out.print(out.paint(f"  config: {finding.location.file}{line}", "cyan"))
        if finding.docs:
            out.print()
            out.print(out.paint("Docs", "bold"))
            for url in finding.docs:
                out.print(f"  {url}")

    def _finding(self, out: _Out, finding: Finding, *, brief: bool = False) -> None:
        where = ""
        if finding.location:
            line = f":{finding.location.line}" if finding.location.line else ""
            where = f"{finding.location.file}{line}: "
        mark = _MARK.get(finding.severity, "-")
        self._head(out, mark, _SEVERITY_STYLE.get(finding.severity, ""), f"{where}{finding.rule_id} [{finding.category}] {finding.title}", "", "")
        if finding.message != finding.title:
            out.print(self._wrap(finding.message, "    "))
        for number, step in enumerate(finding.steps[:1] if brief else finding.steps, 1):
            out.print(self._wrap(step, f"    {number}. ", " " * (len(str(number)) + 6)))

    def _probes(self, out: _Out, probes: tuple[ProbeResult, ...], *, failed_only: bool = False) -> None:
        """An aligned table: mark, probe, target, latency, then the detail wrapped under it."""
        out.print()
        out.print(out.paint("Probes", "bold"))
        id_width = max(len(p.id) for p in probes)
        target_width = min(max(len(p.target) for p in probes), 40)
        for probe in probes:
            if failed_only and probe.status != "fail":
                continue
            mark, style = _PROBE_MARK.get(probe.status, ("?", ""))
            latency = f"{probe.latency_ms:.0f} ms" if probe.latency_ms is not None else ""
            target = probe.target if len(probe.target) <= target_width else probe.target[: target_width - 1] + "…"
            out.print("  ", out.paint(mark, style), f" {probe.id.ljust(id_width)}  {target.ljust(target_width)}  {latency:>7}".rstrip())
            if probe.detail:
                out.print(out.paint(self._wrap(probe.detail, "      "), "dim"))
        passed = sum(1 for probe in probes if probe.status == "pass")
        failed = sum(1 for probe in probes if probe.status == "fail")
        out.print(f"  {passed} of {len(probes)} probes passed" + (f", {failed} failed" if failed else "")
                  + (" (--verbose lists them all)" if failed_only else ""))

    def _fleet(self, out: _Out, view: FleetView) -> None:
        """Replicas × checks, ✓/✗ and the value: the odd replica out stands out in its column."""
        header = ["replica", *view.checks]
        rows = [[row.replica, *(f"{_PROBE_MARK.get(c.status, ('?', ''))[0]} {c.value}".rstrip() for c in row.cells)] for row in view.rows]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        out.print(out.paint("Fleet", "bold"))
        out.print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
        for row, cells in zip(view.rows, rows):
            parts = [cells[0].ljust(widths[0])]
            for cell, text, width in zip(row.cells, cells[1:], widths[1:]):
                parts.append(out.paint(text.ljust(width), _PROBE_MARK.get(cell.status, ("", ""))[1]))
            out.print("  " + "  ".join(parts).rstrip())
        out.print()

    # -- log triage (`diagnose --log`) ----------------------------------------------------------------
    def _write_log(self, out: _Out, report: Report) -> None:
        from .logtext import write_log  # noqa: PLC0415 - a log's report only: the paste path never loads it

        write_log(self, out, report)
