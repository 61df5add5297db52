"""URL parsing that never raises: a config or a server can hand us any string as a URL.

`urllib.parse.urlsplit` raises ValueError on `http://[zz` (an unclosed IPv6 bracket) and its `.port`
raises on `http://host:99999`; a malformed `api_base` is a finding or a failed probe, never a crash.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit


def split_url(url: str) -> SplitResult | None:
    """urlsplit(url), or None when it cannot be parsed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range or not a number
    except ValueError:
        return None
    return parts


def url_scheme(url: str) -> str:
    parts = split_url(url)
    return parts.scheme.lower() if parts is not None else ""


def url_host(url: str) -> str:
    parts = split_url(url)
    return (parts.hostname or "") if parts is not None else ""
