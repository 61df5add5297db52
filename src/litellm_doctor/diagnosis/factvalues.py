"""One reading of a fact's value for every output: typed for JSON, plain words for people.

Facts are read from error text as strings, and LiteLLM writes some of them as Python reprs
(`Available Model Group Fallbacks=None`, `['gpt-4o']`). Every formatter and every step goes through
here, so `None` never reaches a reader and JSON gets null, numbers and lists.
"""

from __future__ import annotations

import re

from ..regexcache import rx

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

# Facts that are numbers when they are anything (JSON numbers, not strings).
NUMERIC_FACTS = frozenset({
    "status", "retry_after", "timeout", "time_taken", "limit_value", "spend", "retries", "deployment_timeout",
})
_NULLS = frozenset({"", "none", "null", "nil", "undefined", "[]", "{}"})
_NUMBER = rx(r"-?\d+(?:\.\d+)?")
_LIST = rx(r"^\[(.*)\]$", re.DOTALL)
_ITEM = rx(r"""\s*(?:'([^']*)'|"([^"]*)"|([^,'"\[\]{}]+?))\s*(?:,|$)""")


def is_null(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in _NULLS)


def _as_list(value: str) -> list[str] | None:
    """`['a', 'b']` / `["a"]` / `[a, b]` -> ["a", "b"]; None when it is not a flat list of strings."""
    m = _LIST.match(value.strip())
    if not m:
        return None
    body = m.group(1).strip()
    if not body:
        return []
    items: list[str] = []
    pos = 0
    while pos < len(body):
        item = _ITEM.match(body, pos)
        if item is None or item.end() == pos:
            return None
        items.append(next(g for g in item.groups() if g is not None).strip())
        pos = item.end()
    return [i for i in items if i]


def typed(key: str, value: object) -> Any:
    """The JSON value of a fact: null, a number, a list, or the string."""
    if not isinstance(value, str):
        return value
    if is_null(value):
        return None
    text = value.strip()
    if key in NUMERIC_FACTS and _NUMBER.fullmatch(text.replace(",", "")):
        number = float(text.replace(",", ""))
        return int(number) if number.is_integer() and "." not in text else number
    listed = _as_list(text)
    if listed is not None:
        return listed
    return text


def shown(key: str, value: object) -> str:
    """The words for a fact in text and Markdown: `none`, `a, b`, the number as written."""
    v = typed(key, value)
    if v is None:
        return "none"
    if isinstance(v, list):
        return ", ".join(str(i) for i in v) or "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def usable(facts: dict[str, str]) -> dict[str, str]:
    """The facts a step may quote: nulls dropped, lists joined (so a step never says `None`)."""
    return {k: shown(k, v) for k, v in facts.items() if not is_null(v)}
