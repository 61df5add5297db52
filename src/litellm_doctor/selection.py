"""`select` / `ignore`: which rules a run reports, for `check` (which checks run) and for `probe` and `report`
(which of their findings they show). One resolution for the three commands, so one settings file means the
same everywhere.

A value is an id (`LD-FLEET-004`), a name (`key-refused-by-some`), an id prefix (`LD-CFG-0`, `LD-PROBE`) or
`all`, and may name any rule of the doctor (`litellm-doctor rules list`: text rules, config checks, probe
verdicts, fleet findings, version checks). `check` runs the selected checks; a value naming a probe verdict
selects nothing among them (a settings file shared with `probe` may name both kinds); a value naming no rule
at all is an error (exit 2), on every command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .errors import InputError
from .model import Report


def resolve_selection(names: Iterable[str], rules: Sequence[Any], option: str,
                      more: Callable[[], Sequence[Any]] | None = None) -> set[str]:
    """Ids for `--select`/`--ignore` values given as ids, names or id prefixes (`LD-CFG-0`), among `rules`.
    A value none of `rules` answers is looked up in `more()` (every rule of the doctor, loaded only then)."""
    ids, by_name = _index(rules)
    wider: tuple[set[str], dict[str, str]] | None = None
    out: set[str] = set()
    for raw in names:
        for value in (v.strip() for v in raw.split(",")):
            if not value:
                continue
            found = _match(value, ids, by_name)
            if found is None and more is not None:
                wider = wider or _index(more())
                found = _match(value, *wider)
            if found is None:
                hint = did_you_mean(value, [*rules, *(more() if more is not None else ())])
                raise InputError(f"{option}: no check {value!r} (nor any rule `litellm-doctor rules list` shows){hint}; "
                                 "`litellm-doctor check --list` shows the checks")
            out |= found
    return out


def did_you_mean(value: str, rules: Sequence[Any]) -> str:
    """` (did you mean 'upstream-rate-limited'?)`: the closest name of `rules`, or the id with its number written
    as the ids write it (`LD-CFG-40`: `LD-CFG-040`; ids that are close as strings are other rules), or nothing."""
    import re
    from difflib import get_close_matches

    if (m := re.fullmatch(r"LD-([A-Z]+)-0*(\d{1,3})", value.upper())) is not None:
        padded = f"LD-{m[1]}-{int(m[2]):03d}"
        close = [padded] if any(r.id == padded for r in rules) else []
    else:
        close = get_close_matches(value, [r.name for r in rules], n=1, cutoff=0.8)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _index(rules: Sequence[Any]) -> tuple[set[str], dict[str, str]]:
    return {r.id for r in rules}, {r.name: r.id for r in rules}


def _match(value: str, ids: set[str], by_name: dict[str, str]) -> set[str] | None:
    upper = value.upper()
    if upper in ids:
        return {upper}
    if value in by_name:
        return {by_name[value]}
    if upper == "ALL":
        return set(ids)
    if upper.startswith("LD-"):
        prefixed = {i for i in ids if i.startswith(upper)}
        return prefixed or None
    return None


# What a probe verdict adds to the run's facts (probe/verdict.py: the primary verdict's model group and its deployment).
_VERDICT_FACTS = ("model_group", "provider", "api_base", "model")


@dataclass(frozen=True)
class Chosen:
    """The rules a settings file's select / ignore keep (`selected` None: all but the ignored)."""

    selected: frozenset[str] | None
    ignored: frozenset[str]

    def keeps(self, rule_id: str) -> bool:
        return (self.selected is None or rule_id in self.selected) and rule_id not in self.ignored


def choose(select: Iterable[str], ignore: Iterable[str], rules_dir: str | None = None) -> Chosen | None:
    """The selection among every rule of the doctor (None when there is none). Loading every rule costs ~80 ms
    after the classifier: `probe` does it in the background while its completions are in flight."""
    select, ignore = tuple(select), tuple(ignore)
    if not select and not ignore:
        return None
    from .rules_view import every_rule

    rules = every_rule(rules_dir)
    return Chosen(frozenset(resolve_selection(select, rules, "select")) if select else None,
                  frozenset(resolve_selection(ignore, rules, "ignore")))


@dataclass(frozen=True)
class Selected:
    """A probe's or a report's findings after the project settings' select / ignore."""

    report: Report
    left_out: int  # findings the selection removed


def select_findings(report: Report, chosen: Chosen | None, *, source: str | None = None) -> Selected:
    """Keep the findings whose rule `chosen` keeps, as `check` keeps its checks. The probe results stay as they
    were (a failed probe still shows ✗); the diagnosis goes with its finding's rule; a note says how many
    findings were left out and by which file."""
    if chosen is None:
        return Selected(report, 0)
    keep = chosen.keeps
    kept = tuple(f for f in report.findings if keep(f.rule_id))
    left_out = len(report.findings) - len(kept)
    if not left_out and (report.diagnosis is None or keep(report.diagnosis.rule_id)):
        return Selected(report, 0)
    diagnosis = report.diagnosis if report.diagnosis is not None and keep(report.diagnosis.rule_id) else None
    category = diagnosis.category if diagnosis else (kept[0].category if kept else "unknown")
    facts = report.facts
    if diagnosis is None and report.diagnosis is not None:  # the group its verdict named is no fact of the run any more
        facts = {k: v for k, v in facts.items() if k not in _VERDICT_FACTS}
    where = f" ({source})" if source else ""
    note = f"{left_out} finding(s) left out by the settings' select / ignore{where}: " + ", ".join(
        sorted({f.rule_id for f in report.findings if not keep(f.rule_id)}))
    return Selected(replace(report, findings=kept, diagnosis=diagnosis, category=category, facts=facts,
                            notes=(*report.notes, note)), left_out)


def settings_selection(report: Report, project: Any, rules_dir: str | None = None, chosen: Chosen | None = None) -> Selected:
    """`select_findings` by a project settings file's select / ignore (`probe`, and `report`'s probe and fleet
    sections); nothing left out without a settings file. `chosen`: the selection when resolved already."""
    if project is None or not project.source:
        return Selected(report, 0)
    selection = chosen if chosen is not None else choose(project.select, project.ignore, rules_dir)
    return select_findings(report, selection, source=project.source)
