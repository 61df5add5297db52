"""probe.startup: httpx imported without its CLI (CLI process only), work done in the background."""

from __future__ import annotations

import importlib.util
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
light = {"rich": "rich" in sys.modules, "click": "click" in sys.modules, "client": hasattr(httpx, "AsyncClient"),
         "httpcore": "httpcore" in sys.modules, "h2": "h2" in sys.modules}
import httpx._main  # an explicit import afterwards still works (httpx's CLI itself)
light["main_after"] = "httpx._main" in sys.modules and sys.modules["httpx._main"] is not None
try:
    import h2.connection  # and HTTP/2's library, where it is installed
    light["h2_after"] = sys.modules["h2"] is not None
except ImportError:
    light["h2_after"] = "not installed"
print(json.dumps(light))
"""


def test_light_httpx_skips_httpx_cli_and_http2_only():
    out = subprocess.run([sys.executable, "-c", LIGHT], capture_output=True, text=True, check=True).stdout
    state = json.loads(out)
    h2_installed = importlib.util.find_spec("h2") is not None
    assert state == {"rich": False, "click": False, "client": True, "httpcore": True, "h2": False, "main_after": True,
                     "h2_after": True if h2_installed else "not installed"}


LIGHT_REQUEST = """
import asyncio, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from litellm_doctor.probe.startup import light_httpx
light_httpx()
import httpx

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200); self.send_header("content-length", "2"); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()

async def main():
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(f"http://127.0.0.1:{server.server_port}/")
        return response.http_version, response.text

print(*asyncio.run(main()), "h2" in sys.modules)
"""


def test_a_light_httpx_client_gets_an_answer_over_http11():
    out = subprocess.run([sys.executable, "-c", LIGHT_REQUEST], capture_output=True, text=True, check=True, timeout=60).stdout
    assert out.split() == ["HTTP/1.1", "ok", "False"]


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


@pytest.mark.parametrize("jar", ["none", "default"])
def test_a_cookie_an_answer_sets_never_goes_with_the_next_request(jar):
    # The probes' client keeps no cookies (engine.NoCookies); httpx's own jar would send it back,
    # which is what the "default" case shows (so the test can fail).
    import asyncio

    import httpx

    from litellm_doctor.probe.engine import NoCookies

    sent: list[str | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.headers.get("cookie"))
        return httpx.Response(200, headers={"set-cookie": "route=replica-2; Path=/"}, json={"data": []})

    async def twice() -> None:
        cookies = NoCookies() if jar == "none" else None
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer), cookies=cookies) as client:
            await client.get("http://proxy.test/v1/models")
            await client.get("http://proxy.test/v1/models")

    asyncio.run(twice())
    assert sent == ([None, None] if jar == "none" else [None, "route=replica-2"])
