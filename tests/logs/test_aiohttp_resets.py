"""Hundred-and-thirteenth pass: aiohttp's TLS handshake that the other end reset, in a record LiteLLM cut.

LiteLLM's default transport (aiohttp) raises a bare `ConnectionResetError` in `_wrap_create_connection` (uvloop's
`create_connection`: the TCP connect and the TLS handshake) when the upstream accepts a connection and drops it before
the handshake ends; LiteLLM's `litellm_truncated` cuts the record before aiohttp's `ClientConnectorError: Cannot
connect to host ... [Connection reset by peer]` (seen with `MAX_STRING_LENGTH_STDOUT_LOG=100000`). The root and its
frames survive: the group is keyed by the place (`(in create_connection)`) and the rules read those frames
(signature.root_frames), so it gets LD-DEPLOY-478, not LD-DEPLOY-013 (a reset mid-response).

tests/fixtures/logs/by-hand/litellm-{1.103.0,1.108.14,1.110.2}-aiohttp-connect-faults.log: the proxies started by hand
with their default transport, model groups `tls-eof` (`https://` on a listener that accepts and closes at once),
`refused` (port 9), `dns-fail` (`upstream.invalid`), `conn-reset` (the lab upstream's `reset`: half a body then RST);
one request each; site-packages paths replaced by `<site-packages>`.
"""

from __future__ import annotations

import pytest

from litellm_doctor.logs import signature as sig
from litellm_doctor.logs import triage_log

from .conftest import FIXTURES

AIOHTTP = sorted((FIXTURES / "by-hand").glob("*-aiohttp-connect-faults.log"))

ROOT = ("Traceback (most recent call last):\n"
        '  File "<site-packages>/aiohttp/connector.py", line 1337, in _wrap_create_connection\n'
        "    return await self._loop.create_connection(*args, **kwargs, sock=sock)\n"
        "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        '  File "uvloop/loop.pyx", line 2097, in create_connection\n'
        '  File "uvloop/loop.pyx", line 2092, in uvloop.loop.Loop.create_connection\n'
        "ConnectionResetError: [Errno 104] Connection reset by peer\n\n"
        "The above exception was the direct cause of the following exception:\n\n"
        "Traceback (most recent call last):\n"
        '  File "<site-packages>/aiohttp/conne... (litellm_truncated skipped 11398 chars.) ...\n'
        "litellm.exceptions.InternalServerError: litellm.InternalServerError: InternalServerError: OpenAIException - "
        "Connection error.\n")


def test_a_bare_reset_is_keyed_by_the_frame_it_was_raised_in():
    assert sig.chained_cause(ROOT) == "ConnectionResetError: [Errno 104] Connection reset by peer (in create_connection)"
    frames = sig.root_frames(ROOT)
    assert frames.splitlines()[0].endswith("in _wrap_create_connection")
    assert frames.splitlines()[-1] == "ConnectionResetError: [Errno 104] Connection reset by peer"
    # a root with words of its own, or none at all, is left as it was
    refused = ROOT.replace("ConnectionResetError: [Errno 104] Connection reset by peer",
                           "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 9)")
    assert sig.root_frames(refused) is None
    assert sig.chained_cause(refused) == "ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 9)"
    assert sig.root_frames("ConnectionResetError: [Errno 104] Connection reset by peer") is None


@pytest.mark.parametrize("log", AIOHTTP, ids=lambda p: p.name)
def test_hand_captured_aiohttp_connect_faults(log):
    report = triage_log(str(log))
    rules = {g.model_groups: g.rule_id for g in report.groups}
    # before this pass: tls-eof and conn-reset one LD-DEPLOY-013 group ("dropped the connection before the response")
    assert rules == {("tls-eof",): "LD-DEPLOY-478", ("refused",): "LD-DEPLOY-009", ("dns-fail",): "LD-DEPLOY-010",
                     ("conn-reset",): "LD-DEPLOY-013"}, rules


def test_aiohttp_logs_are_there():
    assert len(AIOHTTP) == 3


# The same fault through aiohttp 3.x on asyncio's own loop (not the proxy's uvloop; measured with aiohttp alone,
# `ClientSession().post("https://...")` to the listener that closes at once): the reset is raised deeper, under
# `_create_connection_transport`, four frames below aiohttp's `_wrap_create_connection`.
ASYNCIO = ("Traceback (most recent call last):\n"
           '  File "<site-packages>/aiohttp/connector.py", line 1337, in _wrap_create_connection\n'
           "    return await self._loop.create_connection(*args, **kwargs, sock=sock)\n"
           '  File "/usr/lib/python3.11/asyncio/base_events.py", line 1112, in create_connection\n'
           "    transport, protocol = await self._create_connection_transport(\n"
           '  File "/usr/lib/python3.11/asyncio/base_events.py", line 1145, in _create_connection_transport\n'
           "    await waiter\n"
           '  File "/usr/lib/python3.11/asyncio/selector_events.py", line 970, in _read_ready__get_buffer\n'
           "    nbytes = self._sock.recv_into(buf)\n"
           "ConnectionResetError: [Errno 104] Connection reset by peer\n\n"
           "The above exception was the direct cause of the following exception:\n\n"
           "Traceback (most recent call last):\n"
           '  File "<site-packages>/aiohttp/connector.py", line 1345, in _wrap_create_connection\n'
           "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host 127.0.0.1:33611 ssl:default "
           "[Connection reset by peer]\n")


def test_the_asyncio_loops_reset_gets_the_rule_too():
    from litellm_doctor.diagnosis import diagnose

    frames = sig.root_frames(ASYNCIO)
    assert frames.splitlines()[0].endswith("in _wrap_create_connection")
    cut = ASYNCIO.split("\n\nThe above exception")[0]  # what LiteLLM's cut would leave of it
    for text in (ASYNCIO, cut, frames):  # (frames: what the log triage adds to the frame-less record)
        assert diagnose(text).diagnosis.rule_id == "LD-DEPLOY-478"
