"""What every formatter shares: the base class and the JSON-ready view of a report.

Formatters decide nothing: they lay out a `Report` the core has built. Each returns a string; the
CLI masks it once more and prints it.
"""

from __future__ import annotations

from ..diagnosis.factvalues import typed
from ..frozen import asdict
from ..model import SCHEMA_VERSION, Finding, Report

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)

if TYPE_CHECKING:
    from typing import Any
    from ..model_more import LogGroup  # annotations only (see model.py)


class Formatter:
    """Base class: `render` turns a report into the text to print."""

    name = ""

    def __init__(self, *, color: bool = False, width: int = 100, verbose: bool = False) -> None:
        self.color = color
        self.width = width
        # Text only: the first screen (verdict, cause, the one fix, facts) or everything. Markdown and
        # JSON always carry everything.
        self.verbose = verbose

    def render(self, report: Report) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


NO_RULE = "No rule in the library matches this text."


def no_failure(report: Report) -> str | None:
    """The note saying that the text shows no failure at all (a file or a command's output, log lines or records at
    INFO: classify's notes), when that is why a pasted text has no diagnosis. Every format but JSON leads with it
    instead of "unknown" / "no rule matches" (the user gave the wrong thing; no rule was missing); JSON keeps its
    contract (category `unknown`, the note in `notes`), and the formats do not repeat it as a note."""
    if report.command != "diagnose" or report.diagnosis is not None or report.groups or "log_bytes" in report.facts:
        return None
    from ..diagnosis.classify import DOCUMENT_NOTE, QUIET_LINES_NOTE, QUIET_NOTE  # noqa: PLC0415 - loaded by now

    return next((note for note in report.notes if note in (DOCUMENT_NOTE, QUIET_NOTE, QUIET_LINES_NOTE)), None)


def split_no_failure(note: str) -> tuple[str, str]:
    """(why, what to give instead) of a `no_failure` note: its sentence, capitalised, and its next step."""
    from ..diagnosis.classify import NEXT_STEP  # noqa: PLC0415

    why = note[: -len(NEXT_STEP)] if note.endswith(NEXT_STEP) else note
    return why[:1].upper() + why[1:] + ".", NEXT_STEP.lstrip("; ")


def other_notes(report: Report) -> tuple[str, ...]:
    """The report's notes but the one a format led with (`no_failure`)."""
    shown = no_failure(report)
    return tuple(note for note in report.notes if note != shown)


def finding_dict(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    data["steps"] = list(finding.steps)
    data["docs"] = list(finding.docs)
    return data


def group_dict(group: LogGroup) -> dict[str, Any]:
    """One failure group of a log triage (`diagnose --log`)."""
    return {
        "id": group.id,
        "signature": group.signature,
        "count": group.count,
        "first_seen": group.first_seen,
        "last_seen": group.last_seen,
        "category": group.category,
        "rule_id": group.rule_id,
        "model_groups": list(group.model_groups),
        "deployments": list(group.deployments),
        "kind": group.kind,
        "title": group.title,
        "severity": group.severity,
        "symptom": group.symptom,
        "steps": list(group.steps),
        "example": group.example,
        "failed_calls": group.failed_calls,
        "statuses": dict(group.statuses),
        "caused_by": list(group.caused_by),
        "explains": list(group.explains),
        "notes": list(group.notes),
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The JSON contract (schemas/report.schema.json)."""
    diagnosis = None
    if report.diagnosis:
        d = report.diagnosis
        diagnosis = {
            "rule_id": d.rule_id,
            "name": d.name,
            "title": d.title,
            "category": d.category,
            "confidence": d.confidence,
            "why": d.why,
            "symptom": d.symptom,
            "kind": d.kind,
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "command": report.command,
        "category": report.category,
        "answer": report.answer,
        "diagnosis": diagnosis,
        "facts": {key: typed(key, value) for key, value in report.facts.items()},
        "findings": [finding_dict(f) for f in report.findings],
        "probes": [asdict(p) for p in report.probes],
        "notes": list(report.notes),
        "groups": [group_dict(g) for g in report.groups],
        **({"fleet": fleet_dict(report.fleet)} if report.fleet is not None else {}),
    }


def fleet_dict(view) -> dict[str, Any]:
    """`probe` of several replicas: one object per replica, one entry per check."""
    return {
        "checks": list(view.checks),
        "replicas": [
            {"replica": row.replica, "checks": {name: {"status": c.status, "value": c.value} for name, c in zip(view.checks, row.cells)}}
            for row in view.rows
        ],
    }
