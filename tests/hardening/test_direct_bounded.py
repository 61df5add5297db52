"""`--direct` reads what the providers answer through litellm's own clients: bounded like the probes.

Real loopback servers answer litellm's completion with a 200 MB body, a chunked body that never ends,
a body gzipped twice (1 KB on the wire, 512 MiB decoded) and JSON nested 400 000 deep. The CLI runs as
a subprocess, as a user would: it must end well inside its deadline, in bounded memory, and say that
the answer was cut (litellm alone is ~180 MB; unbounded, each of these grows to gigabytes or hangs
until the deadline).
"""

from __future__ import annotations

import json

import pytest

from hardening_helpers import run_cli
from hostile_servers import HostileServer, gzip_bomb

# litellm is imported for --direct (~180 MB); a body of 512 MiB or 200 MB held whole would exceed this.
MAX_RSS_MB = 330
TIMEOUT = 60


# openai/ goes through the OpenAI SDK, anthropic/ through litellm's own httpx handler (aiohttp transport).
@pytest.mark.parametrize("mode,model", [("huge", "openai/gpt-4o"), ("endless", "openai/gpt-4o"), ("gzipbomb", "openai/gpt-4o"),
                                        ("nested", "openai/gpt-4o"), ("gzipbomb", "anthropic/claude-3-5-sonnet-20240620"),
                                        ("endless", "anthropic/claude-3-5-sonnet-20240620")])
def test_direct_answers_are_bounded_and_said_to_be_cut(tmp_path, mode, model):
    gzip_bomb()  # made once, before the clock runs (a few seconds)
    with HostileServer(mode) as upstream, HostileServer("record") as proxy:
        config = tmp_path / "config.yaml"
        config.write_text(
            "model_list:\n"
            f"  - model_name: oai\n    litellm_params: {{model: {model}, api_base: {upstream.url}{'/v1' if model.startswith('openai/') else ''}, api_key: sk-test-direct-0123456789abcdef}}\n",
            encoding="utf-8",
        )
        result = run_cli(["probe", "--proxy", proxy.url, "--config", str(config), "--direct", "--timeout", str(TIMEOUT),
                          "--format", "json"], timeout=TIMEOUT + 30)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.peak_rss_mb < MAX_RSS_MB, f"peak RSS {result.peak_rss_mb:.0f} MB"
    # Ended by the bound, not by the deadline (litellm's import alone takes 3 to 15 s on a busy machine).
    assert result.elapsed < TIMEOUT - 15, f"{result.elapsed:.1f} s"
    report = json.loads(result.stdout)
    direct = next(p for p in report["probes"] if p["id"] == "direct.completion")
    if mode == "nested":  # 1.6 MB: cut at 1 MiB too, and never a RecursionError from the parser
        assert direct["status"] == "fail", direct
    else:
        assert direct["status"] == "fail" and "cut at 1 MiB" in direct["detail"], direct
    assert "RecursionError" not in result.stdout
