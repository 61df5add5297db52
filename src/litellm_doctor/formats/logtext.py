"""The text layout of a log triage (`diagnose --log`, or a whole log pasted): the first screen answers.

    ✗ 27 failures in 12 groups  in proxy.log, 03:57:54 – 03:57:56 (2 s)
      by category: deployment 9 · auth 6 · routing 6 · quota_rate 5 · timeout 1

    ✗ deployment  G1  Nothing is listening at the upstream address (connection refused)
      The host answered but refused the TCP connection: …
      G1 · LD-DEPLOY-009 · 5 failed requests on refused, dns-fail · HTTP 500 ×5

    Fix  Check the server is running and listening: `curl -sv $API_BASE` …

    G1  ✗ deployment  5  03:57:55–03:57:56  LD-DEPLOY-009  Nothing is listening at…
    G2  ✗ auth        4  03:57:54           LD-AUTH-001    The provider refused the…

The verdict (how many failures, in how many groups, over what time); the group to fix first (the most
important one, or the failure a cooldown came after: fixing the cause ends both) with its cause
sentence and its one most specific fix, found as the single-error first screen finds it (the config
line with --config); then one line per group, so nothing is hidden. `--verbose` adds each group's
detail (model groups, deployments, HTTP statuses, the links between groups, its first step) and what
the group to fix first means, all its steps and its docs: what this report printed before the first
screen existed, nothing less. Imported only for a log's report (the paste path never needs it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model_more import failures_by_category, root_cause
from ..regexcache import rx
from .columns import _NBSP as NBSP, wrap
from .logspan import spans_dates, time_span, when

if TYPE_CHECKING:
    from ..model import Finding, Report
    from ..model_more import LogGroup
    from .text import TextFormatter, _Out

# Groups listed (one line each) and detailed (--verbose); the rest are in --format json.
MAX_GROUPS_SHOWN = 50
_UNIT = {"request": "failed request", "call": "failed call", "http": "error response", "warning": "warning", "log": "error"}
# A count's unit in a group's line, when it is not a failed request (the list's usual kind).
_SHORT_UNIT = {"call": "call", "http": "response", "warning": "warning", "log": "error"}
_MIN_TITLE = 16
# A group's finding (logs/__init__.py): its message leads with the group's id.
_GROUP_FINDING = rx(r"G\d+: ")


def write_log(fmt: TextFormatter, out: _Out, report: Report) -> None:
    p = out.paint
    facts = report.facts
    name = facts.get("log_file", "the log")
    if not report.groups:
        if facts.get("log_shape") == "unrecognised":
            out.print(p("? log format not recognised", "bold yellow"), f"  in {name}: no failures found, which proves nothing")
        else:
            out.print(p("✓ no failures", "bold green"), f"  in {name}")
        return
    groups = report.groups
    _verdict(fmt, out, report, name)
    root = root_cause(groups)
    out.print()
    if root is not None and report.diagnosis is not None and report.findings:
        _root(fmt, out, report, root)
    else:
        out.print(fmt._wrap("No rule in the library explains these failures: each group's line shows its first "
                            "error; `--format json` has an example of each.", ""))
    out.print()
    _list(fmt, out, groups)
    if fmt.verbose:
        _details(fmt, out, report, root)
        _in_config(fmt, out, report)
    else:
        _more(fmt, out, report, root)


# -- the first screen ---------------------------------------------------------------------------------
def _verdict(fmt: TextFormatter, out: _Out, report: Report, name: str) -> None:
    p = out.paint
    failures = int(report.facts.get("log_failures", "0") or 0)
    n = len(report.groups)
    worst = "error" if failures else "warning"
    mark = {"error": "✗", "warning": "!"}[worst]
    head = f"{mark} {failures} failure{'s' if failures != 1 else ''} in {n} group{'s' if n != 1 else ''}"
    span = time_span(report.groups)
    # The span is not split across lines (no-break spaces, which the wrap restores).
    rest = (f", {span.replace(' ', NBSP)}" if span else "") + f"  in{NBSP}{name}"
    lines = wrap(head + rest, fmt.width, "", "  ")
    style = "bold red" if worst == "error" else "bold yellow"
    out.print(p(head, style), lines[0][len(head):])
    for line in lines[1:]:
        out.print(line)
    parts = failures_by_category(report.groups)
    if parts:
        out.print(p(fmt._wrap("by category: " + " · ".join(f"{c} {k}" for c, k in parts), "  "), "dim"))


def _root(fmt: TextFormatter, out: _Out, report: Report, root: LogGroup) -> None:
    """The group to fix first, as `diagnose` shows one error: verdict, cause sentence, where, the fix."""
    from .text import _MARK, _SEVERITY_STYLE, first_sentence

    p = out.paint
    fmt._head(out, f"{_MARK.get(root.severity, '-')} {root.category}", _SEVERITY_STYLE.get(root.severity, ""),
              f"{root.id}  {root.title}")
    sentence = first_sentence(root.why) if root.why else None
    if sentence and sentence.rstrip(".") != root.title:
        out.print(fmt._wrap(sentence, "  "))
    where = [root.id + (f" · {root.rule_id}" if root.rule_id else ""), _count(root) + _on(root)]
    if root.statuses:
        where.append("HTTP " + ", ".join(f"{s} ×{k}" for s, k in root.statuses))
    if root.explains:
        where.append(f"explains {', '.join(root.explains)} (cooldown)")
    top = report.findings[0]
    symptom = top.message.split(":", 1)[0]
    if not top.message.startswith(f"{root.id}: ") and symptom not in root.explains:
        where.append(f"{symptom} is its symptom")  # the diagnosis is a cooldown, this group its cause
    out.print(p(fmt._wrap(" · ".join(where), "  "), "dim"))
    out.print()
    finding = _finding_of(report, root)
    fmt._fix(out, report, finding.steps if finding is not None else root.steps, root.rule_id or "",
             root.symptom and not root.caused_by)


def _list(fmt: TextFormatter, out: _Out, groups: tuple[LogGroup, ...]) -> None:
    """One line a group: id, mark and category, count, first–last time, rule, the title cut to fit."""
    from .text import _MARK, _SEVERITY_STYLE

    p = out.paint
    shown = groups[:MAX_GROUPS_SHOWN]
    dated = spans_dates(groups)
    # The count: its number right-aligned, then its unit when it is not a failed request ("3 calls").
    numbers = [str(g.count) for g in shown]
    units = [_short_unit(g) for g in shown]
    nw, uw = max(map(len, numbers)), max(map(len, units))
    counts = [f"{n.rjust(nw)} {u.ljust(uw)}" if uw else n.rjust(nw) for n, u in zip(numbers, units)]
    times = [when(g, dated) for g in shown]
    tw = max(map(len, times))  # 0 when the log has no times: no column
    marks = [f"{_MARK.get(g.severity, '-')} {g.category}" for g in shown]
    rules = [g.rule_id or "no rule" for g in shown]
    iw, mw, rw = max(len(g.id) for g in shown), max(map(len, marks)), max(map(len, rules))
    for g, mark, count, time, rule in zip(shown, marks, counts, times, rules):
        cells = [(g.id.ljust(iw), "bold"), (mark.ljust(mw), _SEVERITY_STYLE.get(g.severity, "")), (count, ""),
                 *([(time.ljust(tw), "dim")] if tw else []), (rule.ljust(rw), "dim")]
        plain = cells[0][0] + " " + "  ".join(c for c, _ in cells[1:])
        title = (f"symptom of {g.caused_by[0]}: " if g.symptom and g.caused_by else "") + g.title
        room = fmt.width - len(plain) - 2
        if room >= _MIN_TITLE:
            styled = [p(c, style) for c, style in cells]
            out.print(styled[0], " ", "  ".join(styled[1:]), "  ", _cut(title, room))
        else:  # a narrow terminal: the line wrapped, the title under it
            out.print(fmt._wrap(" ".join(plain.split()), "", "    "))
            out.print(fmt._wrap(title, "    "))
    hidden = len(groups) - len(shown)
    if hidden > 0:
        out.print(p(f"… and {hidden} more group{'s' if hidden != 1 else ''} (all of them with --format json)", "dim"))


def _more(fmt: TextFormatter, out: _Out, report: Report, root: LogGroup | None) -> None:
    what = ["each group's model groups, deployments, links and first step"]
    if root is not None and report.diagnosis is not None:
        finding = _finding_of(report, root)
        steps = len(finding.steps) if finding is not None else len(root.steps)
        what.append(f"what {root.id} means" + (f", its {steps} steps" if steps > 1 else "")
                    + (", docs" if finding is not None and finding.docs else ""))
    out.print()
    out.print(out.paint(fmt._wrap("--verbose: " + "; ".join(what) + ".", ""), "dim"))


# -- --verbose: everything ------------------------------------------------------------------------------
def _details(fmt: TextFormatter, out: _Out, report: Report, root: LogGroup | None) -> None:
    from .text import _MARK, _SEVERITY_STYLE

    p = out.paint
    out.print()
    out.print(p("Each group", "bold"))
    for g in report.groups[:MAX_GROUPS_SHOWN]:
        out.print()
        when = g.first_seen or ""
        if g.last_seen and g.last_seen != g.first_seen:
            when = f"{when} – {g.last_seen}"
        rule = f"  {g.rule_id}" if g.rule_id else "  no matching rule"
        head = [f"{g.id:<4}", f"{_MARK.get(g.severity, '-')} {g.category}", f"  {_count(g)}", f"  {when}" if when else "", rule]
        if len("".join(head)) <= fmt.width:
            out.print(p(head[0], "bold"), p(head[1], _SEVERITY_STYLE.get(g.severity, "")), head[2], p(head[3], "dim"), p(head[4], "dim"))
        else:  # long times (a collector's, to the microsecond): wrapped under the id
            out.print(fmt._wrap("".join(head), "", "    "))
        out.print(fmt._wrap(g.title, "    "))
        where = []
        if g.model_groups:
            where.append("model groups: " + ", ".join(g.model_groups[:8]))
        if g.deployments:
            where.append("deployments: " + ", ".join(d if len(d) <= 24 else d[:12] + "…" for d in g.deployments[:5]))
        if g.statuses:
            where.append("HTTP " + ", ".join(f"{s} ×{n}" for s, n in g.statuses))
        if where:
            out.print(fmt._wrap(" · ".join(where), "    "))
        for note in g.notes:
            out.print(fmt._wrap(note, "    → "))
        if g.steps:
            out.print(fmt._wrap(f"first step: {g.steps[0]}", "    "))
    if root is None or report.diagnosis is None:
        return
    finding = _finding_of(report, root)
    why = root.why or (report.diagnosis.why if finding is report.findings[0] else "")
    out.print()
    fmt._head(out, f"What {root.id} means:", "bold", root.title, "", "")
    if why:
        out.print(fmt._wrap(why, "  "))
    if finding is not None:
        fmt._steps(out, finding)


def _in_config(fmt: TextFormatter, out: _Out, report: Report) -> None:
    """The config's own findings (--config), as `diagnose --config --verbose` prints them for a pasted error: the
    findings tied to a config line that are not a group's (those lead with the group's id: _finding_of)."""
    in_config = [f for f in report.findings if f.location is not None and not _GROUP_FINDING.match(f.message)]
    if not in_config:
        return
    out.print()
    out.print(out.paint("In your config", "bold"))
    for f in in_config:
        fmt._finding(out, f)


# -- pieces ---------------------------------------------------------------------------------------------
def _finding_of(report: Report, group: LogGroup) -> Finding | None:
    """The finding of a group (logs/__init__.py writes one per group with a rule, its message led by
    the group's id); with --config the first one carries the config's steps and line."""
    return next((f for f in report.findings if f.rule_id == group.rule_id and f.message.startswith(f"{group.id}: ")), None)


def _count(g: LogGroup) -> str:
    unit = _UNIT.get(g.kind, "error")
    return f"{g.count} {unit}{'s' if g.count != 1 else ''}"


def _short_unit(g: LogGroup) -> str:
    unit = _SHORT_UNIT.get(g.kind)
    return f"{unit}{'s' if g.count != 1 else ''}" if unit else ""


def _on(g: LogGroup) -> str:
    if not g.model_groups:
        return ""
    more = len(g.model_groups) - 4
    return " on " + ", ".join(g.model_groups[:4]) + (f" and {more} more" if more > 0 else "")


def _cut(text: str, room: int) -> str:
    """`text` in `room` columns: without its closing parenthesis (`… (connection refused)`) if that is
    enough, else cut at a word, with …."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    if text.endswith(")") and " (" in text:
        head = text[: text.rfind(" (")].rstrip(" ,;:")
        if len(head) <= room and "(" not in head:
            return head
    cut = text[: room - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space >= room // 2 else cut).rstrip(" ,;:") + "…"
