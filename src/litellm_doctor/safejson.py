"""json.loads for text we do not control (pasted errors, log lines, server answers).

The standard decoder recurses once per nesting level and raises RecursionError (not ValueError) on
`[[[[…` a few thousand deep, which every caller's `except ValueError` would let through as a crash.
Here too-deep JSON is simply not JSON.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any


def loads(text: str | bytes) -> Any:
    """json.loads(text); ValueError (json.JSONDecodeError's base) for malformed or too-deep input."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


def raw_decode(text: str) -> tuple[Any, int]:
    """json.JSONDecoder().raw_decode(text), with the same guarantee as `loads`."""
    try:
        return json.JSONDecoder().raw_decode(text)
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


def dumps(value: Any) -> str:
    """json.dumps(value) for display; a structure too deep to encode is shown as `[…]`."""
    try:
        return json.dumps(value)
    except (RecursionError, ValueError, TypeError):
        return "[…]"
