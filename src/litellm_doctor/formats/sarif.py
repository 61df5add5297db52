"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run, one `reportingDescriptor` per rule that produced a finding, one result per finding. Relative
file paths are given against `%SRCROOT%` (the repository root when run from it, as in CI), so code
scanning can place the annotations on the right lines.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import Finding, Report
from .base import Formatter
from .sanitize import markdown, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SECURITY = {"error": "8.0", "warning": "5.0", "info": "2.0"}


def _uri(path: str) -> tuple[str, bool]:
    uri = path.replace("\\", "/")
    absolute = uri.startswith("/") or (len(uri) > 1 and uri[1] == ":")
    if absolute:
        return ("file://" + ("" if uri.startswith("/") else "/") + uri), False
    return uri[2:] if uri.startswith("./") else uri, True


def _rule(finding: Finding) -> dict[str, Any]:
    # One line a step: the help is rendered as Markdown, where a line break in a step's value (a model group
    # named `az\n# heading`) would end the list item and the code span it is quoted in.
    help_text = "\n".join(f"{n}. {one_line(step)}" for n, step in enumerate(finding.steps, 1))
    rule: dict[str, Any] = {
        "id": finding.rule_id,
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.title},
        "defaultConfiguration": {"level": _LEVEL.get(finding.severity, "warning")},
        "properties": {"category": finding.category, "tags": ["litellm", finding.category]},
    }
    if help_text:
        rule["help"] = {"text": help_text, "markdown": markdown(help_text)}
    if finding.docs:
        rule["helpUri"] = finding.docs[0]
    return rule


def _result(finding: Finding, index: int) -> dict[str, Any]:
    text = finding.message
    if finding.steps:
        text += "\nFix: " + " ".join(f"({n}) {step}" for n, step in enumerate(finding.steps, 1))
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": text},
        "properties": {"category": finding.category, "severity": finding.severity},
    }
    if finding.location and finding.location.file:
        uri, relative = _uri(finding.location.file)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if finding.location.line and finding.location.line >= 1:
            physical["region"] = {"startLine": finding.location.line}
        result["locations"] = [{"physicalLocation": physical}]
        result["partialFingerprints"] = {
            "litellmDoctor/v1": f"{finding.rule_id}:{uri}:{finding.message}"[:200],
        }
    return result


class SarifFormatter(Formatter):
    name = "sarif"

    def render(self, report: Report) -> str:
        rules: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        results = []
        for finding in report.findings:
            if finding.rule_id not in index:
                index[finding.rule_id] = len(rules)
                rules.append(_rule(finding))
            results.append(_result(finding, index[finding.rule_id]))
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "litellm-doctor",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://docs.litellm.ai/docs/proxy/configs",
                    "rules": rules,
                }
            },
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {"command": report.command, "category": report.category, "facts": dict(report.facts)},
        }
        if any(r.get("locations") and r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") for r in results):
            run["originalUriBaseIds"] = {"%SRCROOT%": {"description": {"text": "The directory litellm-doctor ran in."}}}
        notes = list(report.notes)
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"message": {"text": note}, "level": "note"} for note in notes],
            }
        ]
        return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)
