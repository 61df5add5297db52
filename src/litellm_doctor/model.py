"""The one data model every stage produces and every formatter reads.

Plain frozen dataclasses (`@frozen`, whose methods are not compiled per class: frozen.py): the core builds a
`Report`, formatters turn it into text, and only the CLI prints it. Field names follow the JSON contract (the
README's "JSON" section, schemas/report.schema.json).
"""

from __future__ import annotations

from .frozen import Frozen, field, frozen

# `typing.TYPE_CHECKING`, without importing typing: it is ~12 M instructions of a pasted error's run (the module and
# what it compiles at import), and the paste path's modules name its types in annotations only, which
# `from __future__ import annotations` never evaluates. Type checkers read a name TYPE_CHECKING as typing's.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from .model_more import Location, LogGroup
    from .model_probe import FleetView, ProbeResult

SCHEMA_VERSION = "1.0"

CATEGORIES = ("auth", "quota_rate", "routing", "timeout", "deployment", "other")
SEVERITIES = ("error", "warning", "info")
# `--fail-on` levels, most to least severe; "never" fails on nothing.
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}

# The parts of a report a pasted error's run never makes (Location: a line of a config; LogGroup: `diagnose --log`'s)
# are defined in model_more.py, and ProbeResult, FleetCell, FleetRow, FleetView (`probe`'s) in model_probe.py; each is
# imported from there on first use (`model.LogGroup`, `from .model import LogGroup`: the module's __getattr__ below).
# Making a dataclass compiles the source of its generated methods, ~1 ms each.
_MORE = {"Location": "model_more", "LogGroup": "model_more",
         "ProbeResult": "model_probe", "FleetCell": "model_probe", "FleetRow": "model_probe", "FleetView": "model_probe"}


def __getattr__(name: str):  # PEP 562
    if name in _MORE:
        from importlib import import_module

        return getattr(import_module(f"{__package__}.{_MORE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@frozen
class RuleInfo(Frozen):
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


@frozen
class Diagnosis(Frozen):
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


@frozen
class Finding(Frozen):
    """One thing found: a rule's verdict on the text, a config line or a probe, with its steps."""

    rule_id: str
    category: str
    severity: str
    title: str
    message: str
    steps: tuple[str, ...] = ()
    location: Location | None = None
    docs: tuple[str, ...] = ()
    evidence: str | None = None


@frozen
class Report(Frozen):
    """What a command found, for the formatters: the verdict, the facts, every finding."""

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
