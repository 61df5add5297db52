"""The deadline covers the whole run, and "Probed in N s" counts all of it (issue 15, class 5).

A real loopback proxy lists thousands of model groups and refuses every completion with a long error:
each failure costs tens of milliseconds to classify against the rule library and a line to mask and
print. Before: `--timeout 3` ran 40 s and said "Probed in" the time up to classification only. Now
the process ends near its deadline, what was left is reported as cut, and the printed time includes
classifying, masking and rendering (it is written last), in every format.
"""

from __future__ import annotations

import json
import re

import pytest

from hardening_helpers import run_cli
from scripted_server import ScriptedServer

TIMEOUT = 3.0
GROUPS = 3000
_PROBED = re.compile(r"Probed in (\d+\.\d) s")


def _proxy(groups: int):
    models = json.dumps({"object": "list", "data": [{"id": f"g{i}-model"} for i in range(groups)]})
    error = json.dumps({"error": {"message": "litellm.BadRequestError: " + "a-" * 3000 + " LLM Provider NOT provided", "code": "400"}})

    def handler(method, path, headers, body):
        if path.startswith("/health"):
            return 200, {"content-type": "application/json"}, '{"status": "healthy"}'
        if "models" in path:
            return 200, {"content-type": "application/json"}, models
        return 400, {"content-type": "application/json"}, error

    return ScriptedServer(handler)


def _probed(output: str) -> float:
    found = _PROBED.findall(output)
    assert len(found) == 1, output[-2000:]
    return float(found[0])


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github", "junit"])
def test_probed_in_counts_rendering_and_work_past_the_deadline_is_cut(fmt):
    with _proxy(1) as small:  # what the process spends outside the measured span (start-up, exit)
        base = run_cli(["probe", "--proxy", small.url, "--deep", "--timeout", str(TIMEOUT), "--format", fmt], timeout=60)
    outside = base.elapsed - _probed(base.output)
    with _proxy(GROUPS) as big:
        result = run_cli(["probe", "--proxy", big.url, "--deep", "--timeout", str(TIMEOUT), "--format", fmt], timeout=120)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "xelapsedx" not in result.output  # the placeholder is always filled in
    probed = _probed(result.output)
    # The whole run ends near its deadline: probes at 3 s, classification cut there, then masking and
    # printing a few hundred lines (500 groups are probed of the 3000 listed).
    assert result.elapsed < TIMEOUT + outside + 4, f"{result.elapsed:.1f} s for --timeout {TIMEOUT}"
    # ... and the printed time is all of it but start-up and exit.
    assert result.elapsed - probed <= outside + 1.0, (result.elapsed, probed, outside)
    assert "Cut at the deadline" in result.output and "not classified" in result.output
    assert f"lists {GROUPS} model groups; the first 500 are probed" in result.output
