"""`--format markdown`: ready to paste into a GitHub issue or a chat."""

from __future__ import annotations

from ..diagnosis.factvalues import shown
from ..diagnosis.facts import FACT_LABELS
from ..model import Report
from .base import NO_RULE, Formatter, no_failure, other_notes, split_no_failure
from .sanitize import markdown, markdown_code
from .sanitize import one_line as _line


def _cell(value: str) -> str:
    return _line(value.replace("|", "\\|"))


class MarkdownFormatter(Formatter):
    name = "markdown"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        d = report.diagnosis
        if d:
            lines.append(f"### litellm-doctor: {d.category} — {_line(d.title)}")
            lines.append("")
            if report.groups:  # a log's triage: the verdict first, as the text report gives it
                lines += [log_verdict_markdown(report), ""]
            symptom = " (a symptom: see the probable cause below)" if d.symptom else ""
            if d.kind == "estimate":
                lines.append(f"**Estimate, not a rule** (no rule matched) · **probability** {d.confidence:.2f}")
            else:
                lines.append(f"**Rule** `{d.rule_id}` ({d.name}) · **confidence** {d.confidence:.2f}{symptom}")
        elif (nothing := no_failure(report)) is not None:
            why, instead = split_no_failure(nothing)
            lines += ["### litellm-doctor: no failure to diagnose", "", _line(why), "", f"**Next:** {_line(instead)}."]
        elif report.command == "diagnose":
            lines.append("### litellm-doctor: unknown")
            lines.append("")
            if report.groups:
                lines += [log_verdict_markdown(report), ""]
            lines.append(NO_RULE)
        else:
            lines.append(f"### litellm-doctor {report.command}")
        if report.facts:
            lines += ["", "| fact | value |", "|---|---|"]
            lines += [f"| {FACT_LABELS.get(k, k)} | `{_cell(shown(k, v))}` |" for k, v in report.facts.items()]
        if report.fleet is not None:
            lines += ["", *fleet_markdown(report.fleet)]
        if d:
            lines += ["", "**What it means.** " + _line(d.why)]
        for index, f in enumerate(report.findings):
            if index == 1 and report.groups:
                # A log's groups, one row each, right after the fix of the first: nothing hidden below the fold.
                lines += ["", *log_groups_table(report.groups)]
            title = "How to fix" if d and index == 0 else f"`{f.rule_id}` ({f.category}, {f.severity}): {f.message}"
            lines += ["", f"#### {_line(title)}", ""]
            if f.location and f.location.file:
                # One code span on one line whatever the path holds (a line break, a backtick).
                where = f"{f.location.file}:{f.location.line}" if f.location.line else f.location.file
                lines.append(f"Config: {markdown_code(where)}")
                lines.append("")
            lines += [f"{n}. {_line(step)}" for n, step in enumerate(f.steps, 1)]
            if f.docs:
                lines += ["", "Docs: " + _line(", ".join(f.docs))]
        if report.groups and len(report.findings) < 2:
            lines += ["", *log_groups_table(report.groups)]
        if report.probes:
            lines += ["", "#### Probes", "", "| probe | target | status | latency | detail |", "|---|---|---|---|---|"]
            for p in report.probes:
                latency = f"{p.latency_ms:.0f} ms" if p.latency_ms is not None else ""
                lines.append(f"| {p.id} | `{_cell(p.target)}` | {p.status} | {latency} | {_cell(p.detail)} |")
        if report.groups:
            lines += log_groups_sections(report.groups)
        for note in other_notes(report):
            lines += ["", f"_Note: {_line(note)}_"]
        return markdown("\n".join(lines))


def fleet_markdown(view) -> list[str]:
    """The replicas × checks table of a fleet probe."""
    marks = {"pass": "✓", "fail": "✗", "skip": "-"}
    lines = ["#### Fleet", "", "| replica | " + " | ".join(view.checks) + " |", "|---" * (len(view.checks) + 1) + "|"]
    for row in view.rows:
        cells = [f"{marks.get(c.status, '?')} {_cell(c.value)}".rstrip() for c in row.cells]
        # the replica is the address the user gave: a backtick or a `|` in it must not end the span or the cell
        lines.append(f"| {markdown_code(row.replica).replace('|', chr(92) + '|')} | " + " | ".join(cells) + " |")
    return lines


def log_verdict_markdown(report: Report) -> str:
    """`**27 failures in 12 groups**, 03:57:54 – 03:57:56 (2 s), in `proxy.log`; by category: …`."""
    from ..model_more import failures_by_category, most_important, root_cause
    from .logspan import time_span

    failures = int(report.facts.get("log_failures", "0") or 0)
    n = len(report.groups)
    span = time_span(report.groups)
    parts = failures_by_category(report.groups)
    top, root = most_important(report.groups), root_cause(report.groups)
    first = f" Fix {root.id} first: {top.id} is its symptom." if root is not None and root is not top else ""
    return (f"**{failures} failure{'s' if failures != 1 else ''} in {n} group{'s' if n != 1 else ''}**"
            + (f", {span}" if span else "") + f", in `{_cell(report.facts.get('log_file', 'the log'))}`"
            + ("; by category: " + " · ".join(f"{c} {k}" for c, k in parts) if parts else "") + "." + first)


def log_groups_table(groups, limit: int = 20) -> list[str]:
    """The failure groups of a log triage, one row each."""
    lines = ["#### Log: failure groups", "", "| id | count | kind | category | rule | model groups | first – last | signature |",
             "|---|---|---|---|---|---|---|---|"]
    for g in groups[:limit]:
        when = f"{g.first_seen or ''} – {g.last_seen or ''}" if g.first_seen else ""
        lines.append(
            f"| {g.id} | {g.count} | {g.kind} | {g.category} | {g.rule_id or ''} | {_cell(', '.join(g.model_groups[:5]))} | "
            f"{when} | `{_cell(g.signature[:120])}` |"
        )
    if len(groups) > limit:
        lines += ["", f"_{len(groups) - limit} more groups not shown._"]
    return lines


def log_groups_sections(groups, limit: int = 20) -> list[str]:
    """A short section per group of a log triage: the links between groups and its first step."""
    lines: list[str] = []
    for g in groups[:limit]:
        if not (g.notes or g.steps):
            continue
        lines += ["", f"**{g.id}** {_line(g.title)}"]
        lines += [f"- {_line(note)}" for note in g.notes]
        if g.steps:
            lines.append(f"- First step: {_line(g.steps[0])}")
    return lines
