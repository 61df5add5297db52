"""Make a rule's steps agree with the config they are shown beside.

A rule is written without knowing the config, so it may say "the default `router_settings.cooldown_time`
is 5 s" to a config that sets 30, "keep `router_settings.num_retries: 3`" to one that sets 0, or "add
`router_settings.fallbacks: [{"g": [...]}]`" for a group that already falls back. With the config
loaded, each such phrase is rewritten to say what is set and where, so a step never recommends what
is already there and never contradicts a line the report prints.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..model import Location, Report
from .checks import Context, Options
from .checks.router_settings import fallback_groups
from .checks.util import code
from .loader import Config

_SECTIONS = "router_settings|litellm_settings|general_settings"
# "the default `router_settings.cooldown_time` is 5 s"
_DEFAULT_IS = re.compile(rf"the default `(?P<key>(?:{_SECTIONS})\.[a-z_]+)` is (?P<value>[^;,.)]+)")
# "`router_settings.num_retries: 3`", optionally preceded by keep/set/use.
_SETTING = re.compile(rf"(?P<verb>\b(?:keep|set|use|with|add)\s+)?`(?P<key>(?:{_SECTIONS})\.[a-z_]+): (?P<value>[^`]+)`")
# What follows a setting already compared with the config: `setting`'s own words, or the line it is at (the steps
# tie.py writes from the config). A step rewritten once stays as it is.
_SAID = re.compile(r" \((?:already set at|your config has) | at \S+:\d+\b")
_FALLBACK_GROUP = re.compile(r"""^\[\{\s*["']?(?P<group>[^"':]+?)["']?\s*:""")


def _where(loc: Location | None) -> str:
    if loc is None:
        return "your config"
    return f"{loc.file}:{loc.line}" if loc.line else loc.file


def plain(value: object) -> str:
    """A config value as written in YAML flow style (`[{"a": ["b"]}]`, `true`), never a Python repr."""
    if isinstance(value, (list, dict, bool)) or value is None:
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _same(configured: object, recommended: str) -> bool:
    text = str(configured).strip().lower()
    wanted = recommended.strip().strip("\"'").lower()
    if text == wanted:
        return True
    try:
        return float(text) == float(wanted)
    except ValueError:
        return False


def reconcile_step(step: str, config: Config) -> str:
    def default_is(m: re.Match[str]) -> str:
        loc = config.location_of(m.group("key"))
        if loc is None:
            return m.group(0)
        value = config.value(m.group("key"), resolved=False)
        return f"{code(m.group('key'))} is {plain(value)} in your config ({_where(loc)})"

    def setting(m: re.Match[str]) -> str:
        key, value, verb = m.group("key"), m.group("value"), m.group("verb") or ""
        if _SAID.match(m.string, m.end()):
            return m.group(0)  # rewritten already (a probe's finding, then `diagnose --proxy`'s tie)
        if key.endswith(".fallbacks"):
            group = _FALLBACK_GROUP.match(value)
            if group is None:
                return m.group(0)
            targets = fallback_groups(Context(config, Options()), group.group("group"))
            if not targets:
                return m.group(0)
            loc = config.location_of(key)
            return (
                f"{verb}{code(key)} ({code(group.group('group'))} already falls back to {', '.join(targets)} at {_where(loc)}: "
                "check that those groups answer, a failing fallback ends the request too)"
            )
        loc = config.location_of(key)
        if loc is None:
            return m.group(0)
        current = plain(config.value(key, resolved=False))
        if _same(current, value):
            return f"{verb}{code(key, ': ', value)} (already set at {_where(loc)})"
        if verb.strip().lower() == "keep":
            verb = verb.replace("keep", "set").replace("Keep", "Set")
        return f"{verb}{code(key, ': ', value)} (your config has {code(current)} at {_where(loc)})"

    step = _DEFAULT_IS.sub(default_is, step)
    return _SETTING.sub(setting, step)


def reconcile_steps(steps: tuple[str, ...], config: Config) -> tuple[str, ...]:
    return tuple(reconcile_step(step, config) for step in steps)


def reconcile_report(report: Report, config: Config) -> Report:
    """Every finding's steps made to agree with the config (a probe's findings come from the same rules)."""
    return replace(report, findings=tuple(replace(f, steps=reconcile_steps(f.steps, config)) for f in report.findings))
