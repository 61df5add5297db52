"""Dotted config paths: `model_list[2].litellm_params.api_key` <-> ("model_list", 2, "litellm_params", "api_key")."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\[(-?\d+)\]|\[['\"]([^'\"]*)['\"]\]|([^.\[\]]+)")


def parse_path(dotted: str) -> tuple:
    """`a.b[2].c` -> ("a", "b", 2, "c"). Keys holding dots can be written `a["gpt-4.1"]`."""
    out: list = []
    for m in _TOKEN.finditer(dotted):
        if m.group(1) is not None:
            out.append(int(m.group(1)))
        elif m.group(2) is not None:
            out.append(m.group(2))
        else:
            out.append(m.group(3))
    return tuple(out)


def format_path(path: tuple) -> str:
    parts: list[str] = []
    for element in path:
        if isinstance(element, int) and not isinstance(element, bool):
            parts.append(f"[{element}]")
        else:
            text = str(element)
            if "." in text or "[" in text:
                parts.append(f'["{text}"]')
            else:
                parts.append(("." if parts else "") + text)
    return "".join(parts)
