"""On each lab version: the probe reports the proxy's version and which knowledge it used, and the
warnings a 1.108+ proxy reports about itself (older proxies simply lack the endpoint)."""

from __future__ import annotations

import pytest

from litellm_doctor.probe import ProbeOptions, probe

from .lab import MASTER_KEY, PINNED

pytestmark = pytest.mark.lab


@pytest.fixture(scope="module")
def shallow_report(lab):
    return probe(lab.url, None, ProbeOptions(key=MASTER_KEY, key_source="LITELLM_MASTER_KEY", deadline=30))


def test_probe_says_which_version_and_knowledge(shallow_report, lab):
    assert lab.litellm_version
    assert shallow_report.facts["litellm_version"] == lab.litellm_version
    note = next(n for n in shallow_report.notes if n.startswith("LiteLLM version:"))
    assert f"{lab.litellm_version} (reported by the proxy)" in note and f"knowledge of LiteLLM {lab.litellm_version}" in note


def test_proxy_self_report(shallow_report, lab):
    # The lab runs with a master key that is also the Admin UI login, and without Redis. 1.103.0 says so in
    # /health/readiness/details flags; 1.108+ also has /health/deployment_warnings, which is then read.
    found = {f.rule_id: f.message for f in shallow_report.findings if f.rule_id.startswith("LD-PROBE-02")}
    assert set(found) == {"LD-PROBE-020", "LD-PROBE-021"}
    source = "/health/readiness/details" if lab.which == PINNED else "deployment warning"
    assert all(source in m for m in found.values()), found
    assert not any(f.rule_id.startswith("LD-VER-") for f in shallow_report.findings)  # no advisory for these versions
