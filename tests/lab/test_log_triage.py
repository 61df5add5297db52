"""Log triage on the real proxy's live log (issue 5): planted failures are counted exactly per category.

Lives in tests/lab/ to share the session's one proxy (the `lab` fixture); the rest of the log triage
tests, on logs captured from the lab, are in tests/logs/.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from litellm_doctor.logs import triage_log

pytestmark = pytest.mark.lab

# Groups whose failures do not depend on what other tests did before (no cooldown can hide them).
PLAN = (
    ("bad-key", 3, "auth"),
    ("model-404", 2, "routing"),
    ("rate-limited", 3, "quota_rate"),
    ("upstream-500", 2, "deployment"),
    ("refused", 1, "deployment"),
    ("slow-timeout", 1, "timeout"),
    ("@not-in-model-list", 2, "routing"),
    ("@wrong-key", 1, "auth"),
    ("healthy", 2, None),
)


def test_live_proxy_log_counts_planted_failures_exactly(lab, tmp_path):
    start = lab.log_path.stat().st_size
    expected: Counter = Counter()
    for target, times, category in PLAN:
        for _ in range(times):
            status = lab.planned_request(target)
            assert (status >= 400) == (category is not None), (target, status)
            if category:
                expected[category] += 1
    time.sleep(0.5)  # the proxy logs the error before it answers; give the last line time to land
    with open(lab.log_path, "rb") as fh:
        fh.seek(start)
        part = tmp_path / "slice.log"
        part.write_bytes(fh.read())
    report = triage_log(str(part))
    counted: Counter = Counter()
    for g in report.groups:
        if g.kind in ("request", "log", "http"):
            counted[g.category] += g.count
    assert dict(counted) == dict(expected)
    statuses = Counter()
    for g in report.groups:
        statuses.update(dict(g.statuses))
    assert statuses["401"] == 3 and statuses["404"] == 2 and statuses["429"] == 3 and statuses["408"] == 1
