"""The commands a probe verdict offers are copied into a shell: every path in them is quoted."""

from __future__ import annotations

import shlex

from litellm_doctor.probe.engine import Failure, GroupState, ProbeRun
from litellm_doctor.probe.options import ProbeOptions
from litellm_doctor.probe.targets import Deployment, Targets
from litellm_doctor.probe.verdict import build_report


def test_not_served_group_restart_command_quotes_the_config_path():
    path = "/srv/my configs; touch pwned/config.yaml"
    targets = Targets(groups=("gpt",), deployments=(Deployment("gpt", "openai", None, True, "openai/gpt-4o", None),), config_file=path)
    run = ProbeRun(proxy_url="http://127.0.0.1:4000", options=ProbeOptions(), targets=targets)
    run.proxy_reachable, run.key_sent, run.key_accepted = True, True, True
    run.served_models, run.missing_groups = ["other"], ["gpt"]
    run.groups["gpt"] = GroupState("gpt")
    run.failures.append(Failure("proxy.models", "gpt", "models", "", group="gpt"))  # as engine._record_key_and_models
    finding = next(f for f in build_report(run, rules=()).findings if f.rule_id == "LD-PROBE-001")
    command = next(step for step in finding.steps if "litellm --config" in step).split("`")[1]
    assert shlex.split(command) == ["litellm", "--config", path]
