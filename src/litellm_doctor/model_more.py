"""The parts of a `Report` (model.py) that a pasted error's run never makes: a location in a config (`check`,
`probe`), log failure groups (probe results and the fleet table are in model_probe.py: a log's run never makes
them). Imported through model.py (`from .model import LogGroup`) on first use: making a dataclass costs ~1 ms
(`@frozen` ones less, frozen.py). Same JSON contract as model.py."""

from __future__ import annotations

from .frozen import Frozen, frozen


@frozen
class Location(Frozen):
    """A line of a file (a config's), or the file itself when `line` is None."""

    file: str
    line: int | None = None


@frozen
class LogGroup(Frozen):
    """One failure signature of a log (`diagnose --log`): how often, when, where, and what it means.

    `count` is the number of failed requests for `kind` "request" (one per request, whatever the
    number of lines it logged); for the other kinds it counts failed deployment calls ("call": seen
    only on the Router's INFO lines, e.g. rescued by a fallback), log records ("log", "warning") or
    error responses without an error record ("http").
    """

    id: str  # G1, G2, ... in order of importance
    signature: str
    count: int
    first_seen: str | None
    last_seen: str | None
    category: str  # a member of CATEGORIES, or "unknown"
    rule_id: str | None
    model_groups: tuple[str, ...] = ()
    deployments: tuple[str, ...] = ()
    kind: str = "request"  # request | call | log | warning | http
    title: str = ""
    severity: str = "error"
    symptom: bool = False
    steps: tuple[str, ...] = ()
    example: str = ""
    failed_calls: int = 0
    statuses: tuple[tuple[str, int], ...] = ()  # HTTP status -> count, from the access lines
    caused_by: tuple[str, ...] = ()  # ids of the groups that explain this one
    explains: tuple[str, ...] = ()  # ids of the groups this one explains
    notes: tuple[str, ...] = ()
    # What the group's rule says it means (its `why`, filled): the text report's cause sentence. Not in the
    # JSON contract (formats/base.py group_dict lists the fields it carries), which the report's diagnosis holds.
    why: str = ""


def failures_ended(group, groups) -> int:
    """The failures fixing `group` ends: its own, and those of the cooldowns it is the (first) cause of."""
    return group.count + sum(g.count for g in groups if g.symptom and g.caused_by[:1] == (group.id,)
                             and g.kind in ("request", "log"))


def most_important(groups) -> "LogGroup | None":
    """The group a log triage's diagnosis is about: of the request or log failures a rule explains that are not
    symptoms, with the severity of the first (most important) of them, the one whose fix ends the most failures,
    the cooldowns it caused included (eighty-first pass: on the lab's proxy-default log a 401 on 4 requests that
    put `cooldown-401` in cooldown for 2 more ends 6, the refused connections 5, spread over 4 deployments);
    the first of them on a tie. Else the first group a rule explains."""
    candidates = [g for g in groups if g.rule_id and not g.symptom and g.kind in ("request", "log")]
    if candidates:
        same = [g for g in candidates if g.severity == candidates[0].severity]
        return max(same, key=lambda g: failures_ended(g, groups))  # max keeps the first of equals
    return next((g for g in groups if g.rule_id), None)


# The kinds of log group whose count is failures: failed requests, error records, error responses (not the calls a
# retry or a fallback may have rescued, nor warnings).
FAILURE_KINDS = ("request", "log", "http")


def failures_by_category(groups) -> list[tuple[str, int]]:
    """The failures (failed requests, error records, error responses; not the calls a retry or a fallback
    may have rescued, nor warnings) per category, most first."""
    counts: dict[str, int] = {}
    for g in groups:
        if g.kind in FAILURE_KINDS:
            counts[g.category] = counts.get(g.category, 0) + g.count
    return sorted(counts.items(), key=lambda kv: -kv[1])


def root_cause(groups) -> "LogGroup | None":
    """The group to fix first: the most important one, or, when that one is a symptom (a cooldown), the
    failure that caused it (a failed call a retry hid, say), since fixing the cause is what ends both."""
    top = most_important(groups)
    if top is not None and top.symptom and top.caused_by:
        return next((g for g in groups if g.id == top.caused_by[0]), top)
    return top
