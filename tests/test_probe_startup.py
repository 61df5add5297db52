"""probe.startup: httpx imported without its CLI (CLI process only), work done in the background."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from litellm_doctor.probe.startup import Background, chain

LIGHT = """
import json, sys
from litellm_doctor.probe.startup import light_httpx
light_httpx()
import httpx
light = {"rich": "rich" in sys.modules, "click": "click" in sys.modules, "client": hasattr(httpx, "AsyncClient")}
import httpx._main  # an explicit import afterwards still works (httpx's CLI itself)
light["main_after"] = "httpx._main" in sys.modules and sys.modules["httpx._main"] is not None
print(json.dumps(light))
"""


def test_light_httpx_skips_httpx_cli_only():
    out = subprocess.run([sys.executable, "-c", LIGHT], capture_output=True, text=True, check=True).stdout
    state = json.loads(out)
    assert state == {"rich": False, "click": False, "client": True, "main_after": True}


def test_light_httpx_leaves_an_imported_httpx_alone():
    code = "import httpx, sys; from litellm_doctor.probe.startup import light_httpx; light_httpx(); print(sys.modules['httpx._main'] is not None)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"


def test_background_runs_once_and_returns_its_value():
    calls = []
    job = Background(lambda: calls.append(1) or "done")
    job.start()
    job.start()
    assert job.result() == "done" and job.result() == "done"
    assert calls == [1]


def test_background_never_started_runs_on_result():
    assert Background(lambda: 42).result() == 42


def test_background_reraises_in_the_caller():
    def boom() -> None:
        raise ValueError("bad rule file")

    with pytest.raises(ValueError, match="bad rule file"):
        Background(boom).result()


def test_chain_calls_each_hook_in_order():
    seen: list[str] = []
    assert chain(None, None) is None
    hook = chain(lambda: seen.append("a"), None, lambda: seen.append("b"))
    assert hook is not None
    hook()
    assert seen == ["a", "b"]
