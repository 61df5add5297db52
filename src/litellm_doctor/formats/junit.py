"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps).

One testsuite per run (per config for `check a.yaml b.yaml`). Each finding is a testcase named after its rule and location; error and
warning findings are failures (type = severity), info findings pass with the message in system-out.
A run without findings has a single passing testcase, so the report is never empty.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model import Report
from .base import NO_RULE, Formatter, no_failure, other_notes, split_no_failure
from .sanitize import xml


class JunitFormatter(Formatter):
    name = "junit"

    def render(self, report: Report) -> str:
        return junit_document([(None, report, None)])


def junit_document(entries: list) -> str:
    """`entries`: (path, report, error) a testsuite each: one for a run, one per config of `check a.yaml b.yaml`
    (a config not checked: one testcase with an <error>, its reason; errors count in the totals)."""
    suites = ET.Element("testsuites", name="litellm-doctor")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for path, report, error in entries:
        suite = _error_suite(suites, path, error) if report is None else _suite(suites, report, path)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, count in totals.items():
        suites.set(key, str(count))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml(ET.tostring(suites, encoding="unicode"))


def _error_suite(suites: ET.Element, path: str, error: str) -> ET.Element:
    suite = ET.SubElement(suites, "testsuite", name=f"litellm-doctor check {path}", tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", classname="litellm-doctor.check", name=f"check ({path})", file=path)
    ET.SubElement(case, "error", message=f"not checked: {error}", type="input")
    return suite


def _suite(suites: ET.Element, report: Report, path: str | None) -> ET.Element:
    failures = sum(1 for f in report.findings if f.severity in ("error", "warning"))
    cases = max(1, len(report.findings))
    subject = path or report.facts.get("config") or report.category
    suite = ET.SubElement(
        suites, "testsuite",
        name=f"litellm-doctor {report.command}" + (f" {subject}" if subject else ""),
        tests=str(cases), failures=str(failures), errors="0", skipped="0",
    )
    for f in report.findings:
        where = ""
        if f.location and f.location.file:
            where = f" ({f.location.file}:{f.location.line})" if f.location.line else f" ({f.location.file})"
        case = ET.SubElement(suite, "testcase", classname=f"litellm-doctor.{f.category}", name=f"{f.rule_id}{where}")
        if f.location and f.location.file:
            case.set("file", f.location.file)
            if f.location.line:
                case.set("line", str(f.location.line))
        details = "\n".join([f.message, *[f"{n}. {s}" for n, s in enumerate(f.steps, 1)], *f.docs])
        if f.severity in ("error", "warning"):
            failure = ET.SubElement(case, "failure", message=f"{f.severity}: {f.message}", type=f.severity)
            failure.text = details
        else:
            out = ET.SubElement(case, "system-out")
            out.text = details
    if not report.findings:
        case = ET.SubElement(suite, "testcase", classname=f"litellm-doctor.{report.command}", name="no findings")
        if (nothing := no_failure(report)) is not None:
            why, instead = split_no_failure(nothing)
            out = ET.SubElement(case, "system-out")
            out.text = f"{why} Next: {instead}."
        elif report.command == "diagnose" and report.diagnosis is None:
            out = ET.SubElement(case, "system-out")
            out.text = NO_RULE
    if notes := other_notes(report):
        out = ET.SubElement(suite, "system-out")
        out.text = "\n".join(notes)
    return suite
