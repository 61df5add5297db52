"""LiteLLM version strings: parse and compare without `packaging` (kept off the start-up path)."""

from __future__ import annotations

import re

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:[.-]?(?:post|rc|dev|stable|nightly)[.-]?\w*)?$", re.IGNORECASE)


def parse_version(text: str) -> tuple[int, int, int]:
    m = _VERSION.match(text.strip())
    if not m:
        raise ValueError(f"not a LiteLLM version: {text!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def is_version(text: str) -> bool:
    try:
        parse_version(text)
    except ValueError:
        return False
    return True


def at_least(version: str, floor: str) -> bool:
    return parse_version(version) >= parse_version(floor)
