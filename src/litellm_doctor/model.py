"""The one data model every stage produces and every formatter reads.

Plain frozen dataclasses: the core builds a `Report`, formatters turn it into text, and only the CLI
prints it. Field names follow the JSON contract (the README's "JSON" section, schemas/report.schema.json).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = "1.0"

CATEGORIES = ("auth", "quota_rate", "routing", "timeout", "deployment", "other")
SEVERITIES = ("error", "warning", "info")
# `--fail-on` levels, most to least severe; "never" fails on nothing.
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True)
class RuleInfo:
    """What every kind of rule tells a user, whatever decides it: a text rule (rules/*.yaml, regexes),
    a config check (Python over the loaded config) or a probe verdict. `rules list/show` shows all three."""

    id: str
    name: str
    category: str
    severity: str
    title: str
    why: str
    steps: tuple[str, ...]
    docs: tuple[str, ...]


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None


@dataclass(frozen=True)
class Diagnosis:
    """The primary verdict: which rule explains the failure, and how sure we are."""

    rule_id: str
    name: str
    title: str
    category: str
    confidence: float
    why: str
    # True when the rule describes a symptom (e.g. a cooldown) whose cause is an earlier error.
    symptom: bool = False
    # "rule": a rule of the library matched (rule_id is its id). "estimate": no rule matched and the
    # category is a statistical estimate (diagnosis/estimate.py; rule_id is "estimate", confidence its probability).
    kind: str = "rule"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    category: str
    severity: str
    title: str
    message: str
    steps: tuple[str, ...] = ()
    location: Location | None = None
    docs: tuple[str, ...] = ()
    evidence: str | None = None


@dataclass(frozen=True)
class ProbeResult:
    id: str
    target: str
    status: str  # pass | fail | skip
    latency_ms: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class LogGroup:
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


@dataclass(frozen=True)
class FleetCell:
    status: str  # pass | fail | skip: ✓ / ✗ / - in the fleet table
    value: str = ""


@dataclass(frozen=True)
class FleetRow:
    replica: str  # host:port
    cells: tuple[FleetCell, ...] = ()


@dataclass(frozen=True)
class FleetView:
    """`probe --proxy A --proxy B …`: one row per replica, one column per check (probe/fleet.py)."""

    checks: tuple[str, ...]
    rows: tuple[FleetRow, ...] = ()


@dataclass(frozen=True)
class Report:
    command: str
    category: str  # a member of CATEGORIES, or "unknown"
    diagnosis: Diagnosis | None
    facts: dict[str, str] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    probes: tuple[ProbeResult, ...] = ()
    notes: tuple[str, ...] = ()
    # Log triage (`diagnose --log`): failure groups, most important first. Empty otherwise.
    groups: tuple[LogGroup, ...] = ()
    # Several replicas probed and compared (`probe --proxy … --proxy …`, `--fleet`). None otherwise.
    fleet: FleetView | None = None

    @property
    def answer(self) -> str:
        """Which kind of answer this is: "rule", "estimate" or "unknown" (no diagnosis)."""
        return self.diagnosis.kind if self.diagnosis else "unknown"

    def worst_severity_rank(self) -> int:
        return max((SEVERITY_RANK.get(f.severity, 0) for f in self.findings), default=0)
