"""No credential, and no header the user configured, follows a redirect to another host.

The doctor's own probes never follow a redirect (`follow_redirects=False`: a 3xx is a verdict). The
`--direct` probes go through litellm, whose clients (its own httpx handler, the OpenAI and Anthropic
SDKs) follow redirects; httpx then drops `Authorization` when the host changes, but keeps every other
header, so Anthropic's `x-api-key`, Azure's `api-key`, Google's `x-goog-api-key` or LiteLLM's
`x-litellm-api-key` were sent on to whatever host the upstream named (found by the hostile-server
tests), and so were `extra_headers` of any name. `install()` makes httpx drop, on a redirect to
another origin, every header but HTTP's own, for every client in this process. Installed when a probe run starts; it only
ever removes headers from a redirected request, so nothing else changes.
"""

from __future__ import annotations

import re
from typing import Any

# Header names that carry a credential: authorization, proxy-authorization, cookie, x-api-key,
# api-key, x-goog-api-key, x-litellm-api-key, x-auth-token, x-amz-security-token, ocp-apim-subscription-key, …
CREDENTIAL_HEADER = re.compile(r"auth|key|token|secret|signature|credential|password|passwd|session|cookie", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: Any) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def crosses_origin(source: Any, target: Any) -> bool:
    """True when a redirect from `source` to `target` leaves the origin (an http→https upgrade of the
    same host on the default ports stays, as in httpx)."""
    a, b = _origin(source), _origin(target)
    if a == b:
        return False
    return not (a[1] == b[1] and a[0] == "http" and b[0] == "https" and a[2] == 80 and b[2] == 443)


# What a request may still carry to another origin: HTTP's own headers, none of them set from the
# config. Everything else (extra_headers, headers, a provider's custom auth header under any name)
# is dropped, so a header the user configured never leaves the origin they configured it for.
SAFE_ACROSS_ORIGINS = frozenset({
    "host", "user-agent", "accept", "accept-encoding", "accept-language", "content-type", "content-length",
    "connection", "transfer-encoding", "te", "cache-control", "pragma",
})


def strip_credentials(headers: Any) -> None:
    """Drop every header but HTTP's own (SAFE_ACROSS_ORIGINS) from a request to another origin."""
    for name in [n for n in headers.keys() if n.lower() not in SAFE_ACROSS_ORIGINS or CREDENTIAL_HEADER.search(n)]:
        del headers[name]


def install() -> None:
    """Patch httpx (once per process) so a cross-origin redirect carries no credential header."""
    import httpx

    base = getattr(getattr(httpx, "_client", None), "BaseClient", None)
    original = getattr(base, "_redirect_headers", None)
    if original is None:  # pragma: no cover - another httpx: refuse to follow redirects at all instead
        _never_follow(httpx)
        return
    if getattr(original, "_litellm_doctor", False):
        return

    def _redirect_headers(self: Any, request: Any, url: Any, method: str) -> Any:
        headers = original(self, request, url, method)
        if crosses_origin(request.url, url):
            strip_credentials(headers)
        return headers

    _redirect_headers._litellm_doctor = True  # type: ignore[attr-defined]
    base._redirect_headers = _redirect_headers


def _never_follow(httpx: Any) -> None:  # pragma: no cover - only for an httpx without _redirect_headers
    for cls in (httpx.Client, httpx.AsyncClient):
        send = cls.send
        if getattr(send, "_litellm_doctor", False):
            continue

        def guarded(self: Any, request: Any, *args: Any, _send: Any = send, **kwargs: Any) -> Any:
            kwargs["follow_redirects"] = False
            return _send(self, request, *args, **kwargs)

        guarded._litellm_doctor = True  # type: ignore[attr-defined]
        cls.send = guarded
