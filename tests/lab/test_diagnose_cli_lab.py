"""Issue 4, as a user runs it: the error the real proxy returned, piped to
`litellm-doctor diagnose - --config … --proxy … --deep`, for every failing scenario of the lab.
Checks the category, the rule and the config line, through the real CLI and real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .lab import MASTER_KEY
from .test_probe_lab import GROUPS, SECRETS, _entry_range, rule_ids

pytestmark = pytest.mark.lab


def _diagnose_cli(lab, pasted: str) -> tuple[int, dict, str]:
    env = {**os.environ, "LD_LAB_MASTER_KEY": MASTER_KEY, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "litellm_doctor", "diagnose", "-", "--config", str(lab.config_path),
         "--proxy", lab.url, "--deep", "--key-env", "LD_LAB_MASTER_KEY", "--timeout", "25", "--format", "json"],
        input=pasted.encode(), capture_output=True, env=env, timeout=90,
    )
    out = proc.stdout.decode()
    for secret in SECRETS:
        assert secret not in out and secret not in proc.stderr.decode()
    return proc.returncode, json.loads(out), proc.stderr.decode()


def _error_of(lab, group: str) -> str:
    status, body, _ = lab.chat(group)
    assert status >= 400, (group, status, body)
    return json.dumps(body) if not isinstance(body, str) else body


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_diagnose_with_config_and_proxy(lab, group):
    category, rule_id, key = GROUPS[group]
    pasted = _error_of(lab, group)
    if group == "cooldown-401":  # what the user sees next: the cooldown that hides the 401
        pasted = _error_of(lab, group)
        assert "cooldown" in pasted
    code, report, stderr = _diagnose_cli(lab, pasted)
    assert code == 1, stderr
    assert report["category"] == category, report["diagnosis"]
    finding = next((f for f in report["findings"] if f["rule_id"] in rule_ids(rule_id) and f"`{group}`" in f["message"]), None)
    assert finding is not None, [(f["rule_id"], f["message"][:80]) for f in report["findings"]]
    assert finding["location"] is not None
    if key:
        assert finding["location"]["line"] == lab.param_line(group, key)
    else:
        start, end = _entry_range(lab, group)
        assert start <= finding["location"]["line"] <= end
    probes = [p for p in report["probes"] if p["id"] == "group.completion"]
    assert probes and all(p["target"] == group and p["status"] == "fail" for p in probes)
