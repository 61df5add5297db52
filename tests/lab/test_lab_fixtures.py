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
# Fixtures are kept per LiteLLM version: the pinned 1.103.0 at the top, every other in a <version>/ directory.
PINNED_VERSION = "1.103.0"
VERSION_DIRS = {PINNED_VERSION: FIXTURES, **{p.name: p for p in sorted(FIXTURES.iterdir()) if p.is_dir()}}
# The facts that tie a diagnosis to the config: they must read the same from every version's wording.
TIED_FACTS = ("model_group", "fallbacks")

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
    "upstream-html-502": {"deployment"},
    "provider-403": {"auth"},
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


@pytest.mark.parametrize("version", sorted(VERSION_DIRS))
def test_every_fixture_has_an_expectation(version: str):
    names = {p.stem for p in VERSION_DIRS[version].glob("*.json")}
    assert names == set(EXPECTED), f"fixtures without expectation: {names - set(EXPECTED)}; stale: {set(EXPECTED) - names}"


@pytest.mark.parametrize("version", sorted(VERSION_DIRS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_fixture_is_classified(name: str, version: str):
    data = json.loads((VERSION_DIRS[version] / f"{name}.json").read_text())
    report = diagnose(_fixture_text(data))
    rule = report.diagnosis.rule_id if report.diagnosis else None
    assert report.category in EXPECTED[name], f"{name}: got {report.category} ({rule}), expected {EXPECTED[name]}"


@pytest.mark.parametrize("version", sorted(set(VERSION_DIRS) - {PINNED_VERSION}))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_fixture_reads_the_same_on_every_version(name: str, version: str):
    """The same fault, worded by another LiteLLM: same category, same model group and fallbacks (the rule
    may differ where the wording does: 1.108 scrubs an HTML error page to `Error code: 502`)."""
    old = diagnose(_fixture_text(json.loads((FIXTURES / f"{name}.json").read_text())))
    new = diagnose(_fixture_text(json.loads((VERSION_DIRS[version] / f"{name}.json").read_text())))
    assert new.category == old.category, (old.diagnosis, new.diagnosis)
    for fact in TIED_FACTS:
        assert new.facts.get(fact) == old.facts.get(fact), (fact, old.facts.get(fact), new.facts.get(fact))


@pytest.mark.parametrize("version", sorted(VERSION_DIRS))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lab_fixture_holds_no_secret(name: str, version: str):
    raw = (VERSION_DIRS[version] / f"{name}.json").read_text()
    for secret in ("sk-lab-master-key-5f3a9c1e7b2d4a60", "sk-lab-upstream-good-key", "sk-lab-wrong-upstream-key"):
        assert secret not in raw
