"""What a 1.108+ proxy says about itself (/health/deployment_warnings, /health/readiness/details) -> findings.
The bodies are the ones the real 1.108.14 lab proxy returned; tests/lab/test_versions_lab.py runs it live."""

from __future__ import annotations

from litellm_doctor.probe.selfreport import warning_findings

URL = "http://127.0.0.1:4000"
WARNINGS_1_108 = {"warnings": [{"id": "env_credential_login", "severity": "critical", "ignore": None},
                               {"id": "no_redis", "severity": "warning", "ignore": None}], "ignore_available": False}
DETAILS_1_108 = {"status": "healthy", "db": "Not connected", "litellm_version": "1.108.14", "is_detailed_debug": False,
                 "show_no_redis_warning": True, "show_env_credential_login_warning": True}


def test_deployment_warnings_become_findings():
    findings, notes = warning_findings(URL, WARNINGS_1_108, DETAILS_1_108)
    assert [f.rule_id for f in findings] == ["LD-PROBE-020", "LD-PROBE-021"]
    assert all(f.steps and f.severity == "warning" for f in findings)
    assert notes == []


def test_licence_expiry_ignored_and_unknown_warnings():
    body = {"warnings": [
        {"id": "license_expiry:2000-01-31", "severity": "critical", "ignore": None},
        {"id": "detailed_debug", "severity": "warning", "ignore": {"source": "admin", "ignored_by": "admin"}},
        {"id": "something_new", "severity": "warning", "ignore": None},
    ]}
    findings, notes = warning_findings(URL, body, None)
    assert [(f.rule_id, f.severity) for f in findings] == [("LD-PROBE-023", "error"), ("LD-PROBE-024", "info")]
    assert "2000-01-31" in findings[0].message and notes and "detailed_debug" in notes[0]


def test_details_alone_and_older_proxies():
    findings, _ = warning_findings(URL, None, {**DETAILS_1_108, "is_detailed_debug": True})
    assert {f.rule_id for f in findings} == {"LD-PROBE-020", "LD-PROBE-021", "LD-PROBE-022"}
    assert warning_findings(URL, None, {"status": "healthy", "db": "Not connected", "litellm_version": "1.103.0"}) == ([], [])
    assert warning_findings(URL, "not json", []) == ([], [])


def test_a_flood_of_warnings_gives_a_bounded_report():
    """A proxy (or whatever answers in its place) may list thousands of warnings, the same one many times,
    and put a megabyte in a field: each warning is said once, the list is cut, and no field is printed whole."""
    long = "x" * 100_000
    body = {"warnings": [{"id": "no_redis", "severity": "warning"}] * 500
            + [{"id": f"new_{i}", "severity": long} for i in range(5000)]
            + [{"id": f"old_{i}", "ignore": {"env_var": long}} for i in range(5000)]}
    findings, notes = warning_findings(URL, body, None)
    assert [f.rule_id for f in findings].count("LD-PROBE-021") == 1
    assert len(findings) <= 25 and len(notes) <= 25
    assert sum(len(f.message) for f in findings) + sum(map(len, notes)) < 20_000
