"""The config checks: metadata as data (`catalog.yaml`), logic in Python (one module per config section).

Each check is a function registered under its stable id with `@check("LD-CFG-NNN")`; it receives a
`Context` and yields `Hit`s (a message, where, and the facts its steps are filled with). The catalog
gives every check its name slug, category, severity, title, why, steps and docs; the registry and
the catalog must agree (tests/config/test_catalog.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from ...frozen import frozen
from ...model import Location, RuleInfo
from ..loader import Config

CATALOG = Path(__file__).with_name("catalog.yaml")
MODULES = ("top", "model_list", "values", "environment", "general_settings", "litellm_settings", "router_settings", "faults", "fleet")


@frozen  # as RuleInfo is (frozen.py)
class CheckInfo(RuleInfo):
    """A config check's metadata (checks/catalog.yaml); its logic is a Python function."""

    section: str
    # The shapes of failure (catalog.yaml `failure_shapes`) a finding of this check can be the cause of; ("any",)
    # for any failure, () for none (config/causes.py).
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    message: str
    path: tuple | None = None  # config path; the finding's location is looked up from it
    location: Location | None = None  # or given directly
    facts: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # overrides the catalog severity (e.g. escalated with --strict-env)
    steps: tuple[str, ...] | None = None  # replaces the catalog steps
    # A fix the fixer can apply (fixer.py): ("rename", path, new_key), ("move", path, section),
    # ("value", path, new_scalar_text), each optionally followed by "unsafe".
    fix: tuple | None = None


@dataclass(frozen=True)
class Options:
    """What a check cannot read from the config itself (CLI options and project settings)."""

    workers: int | None = None  # proxy workers x replicas sharing the load
    client_timeout: float = 600.0  # the caller's own timeout (OpenAI SDK default: 600 s)
    client_timeout_given: bool = False  # said by the user: retry arithmetic against it is a warning, else info
    strict_env: bool = False  # this environment is the proxy's: unset variables are errors
    # Take this process's environment as the proxy's (diagnose on the proxy host) without making
    # unset variables errors: per-reference warnings instead of one info summary.
    env_known: bool = False
    db_max_connections: int | None = None  # Postgres max_connections, when the user knows it
    # Where `workers` / `db_max_connections` were read when the deployment's files gave them
    # (config/deployshape/): "3 replicas (k8s/deployment.yaml:8) x 4 workers (…)"; "" when the user said them.
    workers_source: str = ""
    db_max_connections_source: str = ""
    redis_deployed: str | None = None  # a Redis server deployed beside the proxy (its file:line)
    # The manifests' Services and the LiteLLM pods they select (config/deployshape/services.py): LD-CFG-152/153/154/155.
    service_routes: tuple = ()
    service_misses: tuple = ()
    litellm_version: str | None = None  # the LiteLLM the config runs on (knowledge.detect); None: 1.103.0's data only


@dataclass(frozen=True)
class Context:
    config: Config
    options: Options = Options()


CheckFn = Callable[[Context], Iterable[Hit]]
REGISTRY: dict[str, CheckFn] = {}


def check(check_id: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if check_id in REGISTRY:
            raise RuntimeError(f"check {check_id} registered twice")
        REGISTRY[check_id] = fn
        return fn

    return register


@lru_cache(maxsize=1)
def catalog_data() -> dict[str, Any]:
    """catalog.yaml as read: `checks`, and the `failure_shapes` their `causes` name (config/causes.py)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(CATALOG.read_text(encoding="utf-8"), Loader=loader)


@lru_cache(maxsize=1)
def catalog() -> tuple[CheckInfo, ...]:
    data = catalog_data()
    out = []
    for entry in data["checks"]:
        out.append(
            CheckInfo(
                id=entry["id"],
                name=entry["name"],
                section=entry["section"],
                category=entry["category"],
                severity=entry["severity"],
                title=entry["title"],
                why=" ".join(entry["why"].split()),
                steps=tuple(" ".join(s.split()) for s in entry["steps"]),
                docs=tuple(entry.get("docs", ())),
                causes=tuple(entry["causes"]),
            )
        )
    return tuple(sorted(out, key=lambda c: c.id))


@lru_cache(maxsize=1)
def registry() -> dict[str, CheckFn]:
    for module in MODULES:
        import_module(f"{__name__}.{module}")
    return REGISTRY


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# A manifest that names no namespace lands in the one `kubectl apply` used (its context's, unless given `-n`), where a
# command without `-n` looks too: the option is left out rather than filled with a placeholder (LD-CFG-153/154/155's
# `kubectl get endpoints`).
_NAMESPACE_OPTION = re.compile(r"-n \{namespace\} ")


# A catalog step's code span (`model_name: {group}`) or a placeholder outside one, read in one pass so that a value
# put in is never read again as a placeholder.
_SPAN_OR_PLACEHOLDER = re.compile(r"`[^`]*`|\{([a-z][a-z0-9_]*)\}")


def fill(template: str, facts: dict[str, Any]) -> str:
    """A catalog step with the finding's facts put in. A code span that received a fact is quoted as one
    (util.code): a group name or a key holding a backtick or a line break ended its span (`Replace `{group}` …`)."""
    if facts.get("namespace") is None:
        template = _NAMESPACE_OPTION.sub("", template)

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in facts and facts[name] is not None:
            return str(facts[name])
        return f"<{name.replace('_', ' ')}>"

    def span_or_placeholder(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return repl(m)
        span = m.group()
        if "{" not in span:
            return span
        from .util import code

        inner = _PLACEHOLDER.sub(repl, span[1:-1])
        return code(inner)

    return _SPAN_OR_PLACEHOLDER.sub(span_or_placeholder, template)
