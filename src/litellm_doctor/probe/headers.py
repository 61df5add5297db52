"""Rate-limit headers: what budget is left, and how long an upstream asked us to wait."""

from __future__ import annotations

import math
import re
from email.utils import parsedate_to_datetime
from typing import Mapping

# Proxy-level (x-ratelimit-*) and provider-forwarded (llm_provider-*) headers, in the order shown.
_REMAINING = (
    ("requests", ("x-ratelimit-remaining-requests", "llm_provider-x-ratelimit-remaining-requests")),
    ("tokens", ("x-ratelimit-remaining-tokens", "llm_provider-x-ratelimit-remaining-tokens")),
)
_LIMIT = {
    "requests": ("x-ratelimit-limit-requests", "llm_provider-x-ratelimit-limit-requests"),
    "tokens": ("x-ratelimit-limit-tokens", "llm_provider-x-ratelimit-limit-tokens"),
}
_RESET = {
    "requests": ("x-ratelimit-reset-requests", "llm_provider-x-ratelimit-reset-requests"),
    "tokens": ("x-ratelimit-reset-tokens", "llm_provider-x-ratelimit-reset-tokens"),
}
_RETRY_AFTER = ("retry-after", "llm_provider-retry-after", "retry-after-ms", "llm_provider-retry-after-ms")
# A server's Retry-After is validated where it enters: inf and nan are ignored, and no value is
# larger than this (30 years: shown as the server sent it, never waited for).
MAX_RETRY_AFTER = 1e9
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")


def _first(headers: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = headers.get(name)
        if value not in (None, ""):
            return value
    return None


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait per Retry-After (seconds or HTTP date) or retry-after-ms; None if absent."""
    for name in _RETRY_AFTER:
        value = headers.get(name)
        if not value:
            continue
        value = value.strip()
        try:
            seconds = float(value[:64])
        except ValueError:
            seconds = None
        if seconds is not None:
            if not math.isfinite(seconds):  # `inf` (a real proxy forwards `llm_provider-retry-after: inf`)
                continue
            return min(MAX_RETRY_AFTER, max(0.0, seconds / 1000 if name.endswith("-ms") else seconds))
        try:
            when = parsedate_to_datetime(value[:128])
            from datetime import datetime, timezone

            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            return min(MAX_RETRY_AFTER, max(0.0, (when - datetime.now(timezone.utc)).total_seconds()))
        except (TypeError, ValueError, OverflowError, IndexError):
            continue
    return None


def budget(headers: Mapping[str, str]) -> dict[str, str]:
    """{"requests": "499/500 (resets in 120ms)", "tokens": "29994/30000"} for the headers present."""
    out: dict[str, str] = {}
    for what, names in _REMAINING:
        remaining = _first(headers, names)
        if remaining is None:
            continue
        limit = _first(headers, _LIMIT[what])
        reset = _first(headers, _RESET[what])
        text = f"{remaining}/{limit}" if limit else remaining
        if reset:
            text += f" (resets in {reset})"
        out[what] = text
    return out


def budget_text(headers: Mapping[str, str]) -> str:
    b = budget(headers)
    return ", ".join(f"{v} {k}" for k, v in b.items())


def exhausted(headers: Mapping[str, str]) -> bool:
    """True when a remaining-requests or remaining-tokens header says 0."""
    for _what, names in _REMAINING:
        value = _first(headers, names)
        if value is not None:
            try:
                if float(value) <= 0:
                    return True
            except ValueError:
                continue
    return False


def parse_duration(text: str) -> float | None:
    """OpenAI-style reset durations: `120ms`, `7s`, `1m30s`, `6m0s` → seconds."""
    total, seen = 0.0, False
    for amount, unit in _DURATION.findall(text or ""):
        seen = True
        total += float(amount) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total if seen else None


def ceil_seconds(value: float) -> int:
    return int(math.ceil(value))
