"""selection.py: the settings' select / ignore over any rule of the doctor, for check, probe and report."""

from __future__ import annotations

import pytest

from litellm_doctor.cli import FailOn, probe_exit_code
from litellm_doctor.errors import InputError
from litellm_doctor.model import Diagnosis, Finding, ProbeResult, Report
from litellm_doctor.rules_view import every_rule
from litellm_doctor.selection import choose, resolve_selection, select_findings

F = lambda rule_id, severity="error": Finding(rule_id, "routing", severity, "t", f"{rule_id} said")  # noqa: E731


def report(*findings: Finding, failed: bool = True) -> Report:
    first = findings[0] if findings else None
    return Report("probe", first.category if first else "unknown",
                  Diagnosis(first.rule_id, "x", "t", first.category, 0.9, "w") if first else None,
                  findings=findings, probes=(ProbeResult("proxy.models", "x", "fail" if failed else "pass"),))


def test_values_are_ids_names_prefixes_or_all_of_every_rule():
    rules = every_rule()
    assert resolve_selection(["LD-FLEET-005"], rules, "x") == {"LD-FLEET-005"}
    assert resolve_selection(["group-not-served-by-proxy"], rules, "x") == {"LD-PROBE-001"}
    fleet = resolve_selection(["ld-fleet"], rules, "x")
    assert "LD-FLEET-001" in fleet and all(i.startswith("LD-FLEET") for i in fleet)
    mixed = resolve_selection(["LD-CFG-150, LD-AUTH"], rules, "x")  # a config check and the text rules of auth
    assert "LD-CFG-150" in mixed and "LD-CFG-151" not in mixed and any(i.startswith("LD-AUTH-") for i in mixed)
    assert len(resolve_selection(["all"], rules, "x")) == len({r.id for r in rules})
    with pytest.raises(InputError, match="select: no check 'LD-NOPE'"):
        resolve_selection(["LD-NOPE"], rules, "select")


def test_check_accepts_a_probe_verdict_and_selects_no_check_with_it():
    from litellm_doctor.config.checks import catalog
    from litellm_doctor.config.engine import _every_rule

    checks = catalog()
    assert resolve_selection(["LD-FLEET-005", "LD-CFG-011"], checks, "--ignore", _every_rule) == {"LD-FLEET-005", "LD-CFG-011"}
    with pytest.raises(InputError, match="no check 'typo'"):
        resolve_selection(["typo"], checks, "--select", _every_rule)
    with pytest.raises(InputError):  # without the wider lookup (check --explain): checks only
        resolve_selection(["LD-FLEET-005"], checks, "--explain")


def test_ignore_drops_the_finding_and_its_diagnosis_with_a_note():
    before = report(F("LD-PROBE-001"), F("LD-PROBE-020", "warning"))
    after = select_findings(before, choose((), ("LD-PROBE-001",)), source="s.yaml")
    assert [f.rule_id for f in after.report.findings] == ["LD-PROBE-020"] and after.left_out == 1
    assert after.report.diagnosis is None and after.report.category == "routing"
    assert after.report.notes[-1] == "1 finding(s) left out by the settings' select / ignore (s.yaml): LD-PROBE-001"
    assert after.report.probes == before.probes  # the probe results stay


def test_select_keeps_only_those_and_nothing_selected_changes_nothing():
    before = report(F("LD-FLEET-003"), F("LD-CFG-150", "warning"), F("LD-AUTH-001"))
    after = select_findings(before, choose(("LD-FLEET", "LD-CFG-15"), ()))
    assert [f.rule_id for f in after.report.findings] == ["LD-FLEET-003", "LD-CFG-150"] and after.left_out == 1
    assert after.report.diagnosis == before.diagnosis
    assert choose((), ()) is None and select_findings(before, None).report is before
    assert select_findings(before, choose(("all",), ("LD-PROBE",))).report is before


def test_exit_code_left_out_findings_count_as_for_check():
    failing = report(F("LD-PROBE-020", "warning"))
    assert probe_exit_code(failing, FailOn.error) == 1  # a failed probe, whatever its finding's severity
    assert probe_exit_code(failing, FailOn.error, left_out=1) == 0  # its verdict ignored: the findings left decide
    assert probe_exit_code(failing, FailOn.warning, left_out=1) == 1
    assert probe_exit_code(failing, FailOn.never) == 0


def test_the_facts_of_a_dropped_verdict_go_with_it():
    before = report(F("LD-PROBE-001"))
    before = Report(before.command, before.category, before.diagnosis, facts={"proxy_url": "http://p", "model_group": "gamma",
                    "api_base": "https://x"}, findings=before.findings, probes=before.probes)
    after = select_findings(before, choose((), ("LD-PROBE-001",))).report
    assert after.facts == {"proxy_url": "http://p"}
