"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run, one `reportingDescriptor` per rule that produced a finding, one result per finding, each with a
location (code scanning hides, and its upload refuses, a result without one): its own file:line, else the file it
was read from (`diagnose --error-file`, `--log`, the config), else the documented `error-text`. Relative file paths
are given against `%SRCROOT%` (the repository root when run from it, as in CI), so code scanning can place the
annotations on the right lines. `check a.yaml b.yaml`: still one run, the results of every config.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import SEVERITY_RANK, Finding, Report
from .base import Formatter
from .sanitize import inert_json, markdown, one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_SECURITY = {"error": "8.0", "warning": "5.0", "info": "2.0"}


def _uri(path: str) -> tuple[str, bool]:
    """A file path as the URI reference SARIF requires (RFC 3986): every character but letters, digits, `-._~` and
    `/` percent-encoded, so a file named `a b#1.yaml`, `x%2F..%2Fy.yaml` or `c:d.yaml` is the file it names, not
    `a b` with a fragment, `x/../y.yaml` once a viewer decodes it, or a URI of scheme `c`."""
    from urllib.parse import quote

    uri = path.replace("\\", "/")
    drive = uri[:2] if len(uri) > 2 and uri[0].isascii() and uri[0].isalpha() and uri[1:3] == ":/" else ""  # C:/…
    if drive or uri.startswith("/"):
        rest = uri[len(drive):]
        return ("file://" + ("/" if drive else "") + drive + quote(rest, safe="/", errors="surrogateescape")), False
    # (`surrogateescape`: a name's byte that is not UTF-8, read as a lone surrogate, is percent-encoded as that byte)
    return quote(uri[2:] if uri.startswith("./") else uri, safe="/", errors="surrogateescape"), True


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
    # The first web page of its docs: code scanning shows `helpUri` as the rule's link, and a user rule's docs (a
    # repository's --rules-dir, a pull request's to write) may hold `javascript:…` or `file:///…`.
    web = [d for d in finding.docs if d[:8].lower() == "https://" or d[:7].lower() == "http://"]
    if web:
        rule["helpUri"] = web[0]
    return rule


def _physical(file: str, line: int | None, description: str | None = None) -> dict[str, Any]:
    uri, relative = _uri(file)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    if description:
        artifact["description"] = {"text": description}
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line and line >= 1:
        physical["region"] = {"startLine": line}
    return physical


# A result without a location is not shown by GitHub code scanning (its upload fails: "expected at least one
# location"). A finding of `diagnose` has none: the error was text. Its location is where that text was read.
NO_FILE = "error-text"
NO_FILE_SAYS = ("No file: the error text was given as an argument or on stdin. Give it with --error-file FILE "
                "(or --config FILE) for a location in your repository.")


def _fallback(report: Report, source: str | None) -> dict[str, Any]:
    """Where a finding without a file:line of its own was read from: the error file (`source`, at the first line
    naming the exception), else the log or the config the report is about, else the documented `error-text`."""
    if source:
        return _physical(source, _line_of(source, report.facts.get("exception")))
    for key in ("log_file", "config"):
        file = report.facts.get(key)
        if isinstance(file, str) and file and file != "-":
            return _physical(file, None)
    physical: dict[str, Any] = {"artifactLocation": {"uri": NO_FILE, "description": {"text": NO_FILE_SAYS}}}
    return physical


def _line_of(path: str, needle: object) -> int | None:
    """The first line of the error file holding `needle` (the exception's name), read bounded; None when it cannot
    be told (the region is then left out: the whole file, as SARIF reads a location without one)."""
    if not isinstance(needle, str) or not needle:
        return None
    from ..boundedio import read_text
    from ..errors import InputError

    try:
        text = read_text(path, "error file", 4 << 20)
    except (OSError, InputError):
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


def _result(finding: Finding, index: int, fallback: dict[str, Any]) -> dict[str, Any]:
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
        physical = _physical(finding.location.file, finding.location.line)
    else:
        physical = fallback
    result["locations"] = [{"physicalLocation": physical}]
    uri = physical["artifactLocation"]["uri"]
    result["partialFingerprints"] = {"litellmDoctor/v1": f"{finding.rule_id}:{uri}:{finding.message}"[:200]}
    return result


class SarifFormatter(Formatter):
    name = "sarif"
    source: str | None = None  # the error file of `diagnose --error-file` (output.render)

    def render(self, report: Report) -> str:
        return sarif_log([report], source=self.source)


def sarif_log(reports: list[Report], *, errors: list | tuple = (), subject: dict | None = None,
              source: str | None = None) -> str:
    """One run for `reports` (one; or one per config of `check a.yaml b.yaml`, whose results then span the files).
    `errors`: (path, why) of configs that could not be checked, each a notification at level error (and the run not
    successful). `subject`: the run's properties.facts for several reports (one report: its own facts)."""
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for report in reports:
        fallback = _fallback(report, source)
        for finding in report.findings:
            if finding.rule_id not in index:
                index[finding.rule_id] = len(rules)
                rules.append(_rule(finding))
            results.append(_result(finding, index[finding.rule_id], fallback))
    first = reports[0] if len(reports) == 1 else None
    worst = max((f for r in reports for f in r.findings), key=lambda f: SEVERITY_RANK.get(f.severity, 0), default=None)
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
        "properties": {
            "command": first.command if first else "check",
            "category": first.category if first else (worst.category if worst else "unknown"),
            "facts": dict(first.facts) if first and subject is None else dict(subject or {}),
        },
    }
    if any(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") for r in results):
        run["originalUriBaseIds"] = {"%SRCROOT%": {"description": {"text": "The directory litellm-doctor ran in."}}}
    notifications = [{"message": {"text": f"{path}: not checked: {why}"}, "level": "error",
                      "locations": [{"physicalLocation": _physical(path, None)}]} for path, why in errors]
    for report in reports:
        said = f"{report.facts.get('config')}: " if len(reports) > 1 and report.facts.get("config") else ""
        notifications += [{"message": {"text": said + note}, "level": "note"} for note in report.notes]
    run["invocations"] = [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}]
    return inert_json(json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False))
