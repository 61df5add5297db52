"""The real error bodies the lab produced (tests/fixtures/lab/*.json) are classified by the rules.

Regenerate the fixtures with `python tests/lab/capture_fixtures.py`. Each expectation names the
category the taxonomy (DESIGN.md §2, corpus README conventions) gives the text *alone*; the probes add
context the text lacks (e.g. that a request carried no key).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lab"

# fixture -> accepted categories of `diagnose(<the JSON body as pasted>)`.
EXPECTED: dict[str, set[str]] = {
    "upstream-key-wrong": {"auth"},
    "upstream-key-unset": {"deployment"},  # Missing credentials: an env/config problem (convention 1)
    "upstream-429-retry-after": {"quota_rate"},
    "upstream-insufficient-quota": {"quota_rate"},
    "cooldown-401-first-call": {"auth"},
    "cooldown-401-in-cooldown": {"routing"},  # the cooldown text alone is routing (convention 3)
    "provider-404-model": {"routing"},
    "deployment-timeout": {"timeout"},
    "connection-refused": {"deployment"},
    "dns-failure": {"deployment"},
    "tls-self-signed": {"deployment"},
    "connection-reset": {"deployment"},
    "upstream-500": {"deployment"},
    "upstream-503": {"deployment"},
    "context-window-exceeded": {"other"},
    "model-not-in-model-list": {"routing"},
    "wrong-master-key-no-db": {"auth"},
    # litellm[proxy] without prisma answers a keyless request with a bare 500: the text says nothing.
    "no-authorization-header": {"unknown", "deployment"},
    "authorization-without-bearer": {"unknown", "deployment"},
    "health-check-401": {"auth"},
    "proxy-down": {"deployment"},
}


def _fixture_text(data: dict) -> str:
    if "text" in data:
        return data["text"]
    return json.dumps(data["body"])


def test_every_fixture_has_an_expectation():
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names == set(EXPECTED), f"fixtures without expectation: {names - set(EXPECTED)}; stale: {set(EXPECTED) - names}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_fixture_is_classified(name: str):
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    report = diagnose(_fixture_text(data))
    rule = report.diagnosis.rule_id if report.diagnosis else None
    assert report.category in EXPECTED[name], f"{name}: got {report.category} ({rule}), expected {EXPECTED[name]}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_fixture_holds_no_secret(name: str):
    raw = (FIXTURES / f"{name}.json").read_text()
    for secret in ("sk-lab-master-key-5f3a9c1e7b2d4a60", "sk-lab-upstream-good-key", "sk-lab-wrong-upstream-key"):
        assert secret not in raw
