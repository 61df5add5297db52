"""Make a filled step agree with the facts read from the same text.

Rules are written for every text of their shape; some texts already show that a fix is in place. A
step that says "add `router_settings.fallbacks: [{"gpt-4o": [...]}]`" to a text whose router printed
`Available Model Group Fallbacks=['claude']` would recommend what exists and what just failed: it is
rewritten to say so. (With `--config`, config/reconcile.py does the same against the config's lines.)
"""

from __future__ import annotations

import re

from ..regexcache import rx
from .factvalues import typed

# `router_settings.fallbacks: [{"g": ["OTHER_GROUP"]}]` and its context_window / content_policy kin.
FALLBACK_SPAN = rx(
    r"`(?P<key>(?:router_settings|litellm_settings)\.(?:fallbacks|default_fallbacks)): "
    r"""\[\{\s*["']?(?P<group>[^"':`]+?)["']?\s*:[^`]*`"""
)


def agree_with_facts(step: str, facts: dict[str, str]) -> str:
    fallbacks = typed("fallbacks", facts.get("fallbacks"))
    if isinstance(fallbacks, list) and fallbacks:
        targets = ", ".join(f"`{t}`" for t in fallbacks)

        def already(m: re.Match[str]) -> str:
            return (
                f"{m.group(0)} (the error shows `{m.group('group')}` already falls back to {targets}, and that "
                "failed too: check that group answers, or fall back to one on another provider)"
            )

        step = FALLBACK_SPAN.sub(already, step)
    return step
