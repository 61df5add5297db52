"""What every formatter shares: the base class and the JSON-ready view of a report.

Formatters decide nothing: they lay out a `Report` the core has built. Each returns a string; the
CLI masks it once more and prints it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..diagnosis.factvalues import typed
from ..model import SCHEMA_VERSION, Finding, Report

if TYPE_CHECKING:
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
