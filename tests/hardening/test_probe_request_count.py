"""What a probe spends: a direct call goes to the provider without the proxy, so probing several replicas, or
one load balancer N times, makes it once per model group, not once per replica or attempt."""

from __future__ import annotations

import json

from scripted_server import ScriptedServer

from cfg_helpers import write
from litellm_doctor.config import load_config
from litellm_doctor.probe.fleet import repeat
from litellm_doctor.probe.options import ProbeOptions


def _proxy(method, path, headers, body):
    if path.startswith("/v1/models"):
        return 200, {"content-type": "application/json"}, json.dumps({"data": [{"id": "gpt"}]})
    if method == "POST":
        return 500, {"content-type": "application/json"}, json.dumps({"error": {"message": "litellm.InternalServerError: upstream broke"}})
    return 200, {"content-type": "application/json"}, json.dumps({"status": "healthy", "db": "connected"})


def _provider(method, path, headers, body):
    return 500, {"content-type": "application/json"}, json.dumps({"error": {"message": "overloaded", "type": "server_error"}})


def test_repeat_with_direct_calls_the_provider_once_per_group(tmp_path):
    with ScriptedServer(_proxy) as proxy, ScriptedServer(_provider) as provider:
        config = load_config(write(tmp_path, f"""
            model_list:
              - model_name: gpt
                litellm_params:
                  model: openai/gpt-4o
                  api_key: sk-fake-0123456789abcdefghij
                  api_base: {provider.url}/v1
            """), environ={}, use_dotenv=False)
        options = ProbeOptions(deep=True, direct=True, key="sk-master-0123456789", deadline=30, probe_timeout=10)
        report = repeat(proxy.url, 3, config, options)
    completions = [r for r in proxy.requests if r[0] == "POST"]
    direct = [r for r in provider.requests if r[0] == "POST"]
    assert len(completions) == 3  # --deep through the load balancer: once per attempt, as asked
    assert len(direct) == 1, direct
    # Every attempt's verdict still says what the one direct call showed.
    (finding,) = report.findings
    assert "(every attempt)" in finding.message and "Called directly through litellm, it fails too" in finding.message
