"""`check --upgrade-to` against the real proxies: what it says breaks at start-up does break on the newer
LiteLLM and does not on 1.103.0 (string fallback targets, the publicly known master key)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from litellm_doctor.config.loader import load_config
from litellm_doctor.config.upgrade import upgrade_findings

from .lab import HOST, NEW, NEWEST, PINNED, VERSION_ENV, _SCRUB, free_port, litellm_command, new_litellm

pytestmark = pytest.mark.lab

_DEPLOYMENTS = """\
model_list:
  - model_name: a
    litellm_params: {model: openai/a, api_key: x, api_base: "http://127.0.0.1:9/v1"}
  - model_name: b
    litellm_params: {model: openai/b, api_key: x, api_base: "http://127.0.0.1:9/v1"}
"""
CONFIGS = {
    "string-fallback": _DEPLOYMENTS + "router_settings:\n  fallbacks: [{\"a\": \"b\"}]\n"
                       "general_settings:\n  master_key: sk-lab-a-long-random-master-key-0123456789\n",
    "public-master-key": _DEPLOYMENTS + "general_settings:\n  master_key: sk-1234\n",
}


def _starts(which: str, config: Path, timeout: float = 120.0) -> tuple[bool, str]:
    """Start the proxy on `config`: (True, "") once /health/liveliness answers, (False, log tail) if it exits."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    port = free_port()
    log = config.with_suffix(f".{which}.log")
    with open(log, "wb") as out:
        proc = subprocess.Popen([*litellm_command(which), "--config", str(config), "--host", HOST, "--port", str(port),
                                 "--num_workers", "1"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False, log.read_text(errors="replace")[-2000:]
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/health/liveliness", timeout=2) as r:
                    if r.status == 200:
                        return True, ""
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError(f"the proxy neither started nor exited in {timeout:.0f} s")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


@pytest.mark.parametrize("which,version", [(NEW, "1.108.14"), (NEWEST, "1.110.2")])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_startup_breakage_is_real(tmp_path, name, which, version):
    if not new_litellm(which):
        pytest.skip(f"{VERSION_ENV[which]} is unset")
    config = tmp_path / "config.yaml"
    config.write_text(CONFIGS[name])
    predicted = [f for f in upgrade_findings(load_config(str(config), environ={}), "1.103.0", version)
                 if f.rule_id == "LD-VER-010"]
    assert len(predicted) == 1, predicted
    ok_old, log_old = _starts(PINNED, config)
    assert ok_old, log_old
    ok_new, log_new = _starts(which, config)
    assert not ok_new
    assert "must be a list of model names" in log_new or "refused to start" in log_new, log_new
