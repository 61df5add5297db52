"""Every HTTP answer read by a client the doctor does not own (litellm's, for `--direct`) is bounded.

The doctor's own probes stream each body and cut it at MAX_BODY_BYTES (engine.Runner._fetch). The
`--direct` calls go through litellm, whose clients (its httpx handler on the aiohttp transport, the
OpenAI and Anthropic SDKs) read a whole body and let httpx decode it: a 200 MB answer, a chunked body
that never ends, or a body gzipped twice (1 KB on the wire) grew memory to gigabytes (found by
tests/hardening/test_direct_bounded.py). `install()` puts the same bound under every httpx client of
the process: the raw body is read up to MAX_BODY_BYTES, decoded by `boundedio.decompress` (bounded at
every layer), and handed on as a plain body of at most MAX_BODY_BYTES; only gzip and deflate are
asked for (a brotli or zstd bomb is never offered). What was cut is recorded in `CUTS`, so the probe
that made the call says so. Clients marked with OWN (the doctor's own, which already stream and cut)
are left alone.
"""

from __future__ import annotations

import contextvars
from typing import Any

from ..boundedio import decompress

MAX_BODY_BYTES = 1024 * 1024
OWN = "_litellm_doctor_own"
ACCEPT_ENCODING = "gzip, deflate"
# Cuts made while the calling task runs: the probe sets a list, reads it after its call.
CUTS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("litellm_doctor_cuts", default=None)
_DROPPED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def cut_note(cuts: list[str]) -> str:
    """`the answer was cut at 1 MiB (…)` for the cuts a call recorded, '' when none."""
    if not cuts:
        return ""
    return f"the answer was cut at {MAX_BODY_BYTES // (1024 * 1024)} MiB ({'; '.join(dict.fromkeys(cuts))})"


def _record(response: Any, more: bool) -> None:
    cuts = CUTS.get()
    if cuts is None:
        return
    declared = response.headers.get("content-length")
    if more:
        why = "it sent more" + (f": content-length {declared}" if declared and declared.isdigit() else "")
    else:
        why = f"its content-encoding {response.headers.get('content-encoding')} decodes to more"
    cuts.append(f"{response.request.method} {response.request.url.copy_with(query=None)}: {why}")


def _rebuilt(response: Any, raw: bytes, more: bool) -> Any:
    """A response with the bounded, decoded body, and no encoding left for httpx to decode."""
    import httpx

    body, inflated = decompress(raw, response.headers.get("content-encoding"), MAX_BODY_BYTES)
    if more or inflated:
        _record(response, more)
    headers = httpx.Headers([(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED])
    headers["content-length"] = str(len(body))
    bounded = httpx.Response(response.status_code, headers=headers, content=body, request=response.request,
                             extensions=response.extensions)
    bounded.default_encoding = response.default_encoding
    try:
        bounded._elapsed = response.elapsed  # the SDKs log it
    except RuntimeError:  # pragma: no cover - not closed: no elapsed time to copy
        pass
    return bounded


class _Raw:
    """A body's raw bytes, as they come off the wire, up to MAX_BODY_BYTES (the async and the sync read share it)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def full(self, chunk: bytes) -> bool:
        """Keep `chunk`; True once more than MAX_BODY_BYTES came (then the read stops)."""
        self.chunks.append(chunk)
        self.size += len(chunk)
        return self.size > MAX_BODY_BYTES

    def rebuilt(self, response: Any) -> Any:
        return _rebuilt(response, b"".join(self.chunks)[:MAX_BODY_BYTES], self.size > MAX_BODY_BYTES)


async def _read_async(response: Any) -> Any:
    raw = _Raw()
    try:
        async for chunk in response.stream:
            if raw.full(chunk):
                break
    finally:
        await response.aclose()
    return raw.rebuilt(response)


def _read_sync(response: Any) -> Any:
    raw = _Raw()
    try:
        for chunk in response.stream:
            if raw.full(chunk):
                break
    finally:
        response.close()
    return raw.rebuilt(response)


def install() -> None:
    """Patch httpx (once per process): every client not marked OWN gets bounded, decoded bodies."""
    import httpx

    async_send = httpx.AsyncClient._send_single_request
    if getattr(async_send, "_litellm_doctor", False):
        return
    sync_send = httpx.Client._send_single_request

    async def bounded_async(self: Any, request: Any) -> Any:
        if getattr(self, OWN, False):
            return await async_send(self, request)
        request.headers["accept-encoding"] = ACCEPT_ENCODING
        return await _read_async(await async_send(self, request))

    def bounded_sync(self: Any, request: Any) -> Any:
        if getattr(self, OWN, False):
            return sync_send(self, request)
        request.headers["accept-encoding"] = ACCEPT_ENCODING
        return _read_sync(sync_send(self, request))

    bounded_async._litellm_doctor = True  # type: ignore[attr-defined]
    bounded_sync._litellm_doctor = True  # type: ignore[attr-defined]
    httpx.AsyncClient._send_single_request = bounded_async  # type: ignore[method-assign]
    httpx.Client._send_single_request = bounded_sync  # type: ignore[method-assign]
