"""The rule library: load `rules/*.yaml`, validate each file, compile its patterns.

A rule is data (DESIGN.md §4). This module checks the schema strictly, because a rule that loads
with a typo in `none:` would silently widen what it matches, and reports every problem as
`file:line: field: what is wrong`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import RuleError
from .model import CATEGORIES, SEVERITIES

ID_RE = re.compile(r"^LD-[A-Z]+-\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FACT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ALLOWED_KEYS = {
    "id", "name", "category", "subcategory", "severity", "title", "why", "match", "facts",
    "priority", "confidence", "symptom", "steps", "docs", "examples", "config",
}
_REQUIRED = ("id", "name", "category", "title", "why", "match", "steps", "docs", "examples")


@dataclass(frozen=True)
class Example:
    expect: str  # "match" | "no-match"
    text: str


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    title: str
    why: str
    any: tuple[re.Pattern[str], ...]
    all: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]
    facts: tuple[tuple[str, re.Pattern[str]], ...]
    priority: int
    confidence: float
    steps: tuple[str, ...]
    docs: tuple[str, ...]
    examples: tuple[Example, ...]
    subcategory: str = ""
    symptom: bool = False
    # Config keys this rule is about (e.g. `router_settings.cooldown_time`): used to tie a diagnosis
    # to the config lines that govern it.
    config: tuple[str, ...] = ()
    source: str = ""

    def search(self, text: str) -> int | None:
        """Where the rule matches `text` (offset of its earliest positive pattern), or None."""
        first: int | None = None
        if self.any:
            hits = [m.start() for p in self.any if (m := p.search(text))]
            if not hits:
                return None
            first = min(hits)
        for p in self.all:
            m = p.search(text)
            if not m:
                return None
            first = m.start() if first is None else min(first, m.start())
        if any(p.search(text) for p in self.none):
            return None
        return first


def default_rules_dir() -> Path:
    """`litellm_doctor/rules` inside an installed wheel, else the repo's top-level `rules/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "rules"


def _line_of(path: Path, field: str) -> int | None:
    """Line of a top-level key in a YAML file; only computed when reporting an error."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{field}:"):
                return number
    except OSError:
        return None
    return None


def _fail(path: Path, field: str, problem: str) -> RuleError:
    line = _line_of(path, field.split(".")[0].split("[")[0])
    where = f"{path}:{line}" if line else str(path)
    return RuleError(f"{where}: {field}: {problem}")


def _compile(path: Path, field: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, field, "must be a non-empty regex string")
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise _fail(path, field, f"invalid regex: {exc}") from None


def _str_list(path: Path, data: dict[str, Any], field: str, *, required: bool) -> tuple[str, ...]:
    value = data.get(field, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, field, "must be a list of non-empty strings")
    if required and not value:
        raise _fail(path, field, "must not be empty")
    return tuple(value)


def parse_rule(path: Path, data: Any) -> Rule:
    if not isinstance(data, dict):
        raise _fail(path, "id", "a rule file must hold a YAML mapping")
    unknown = sorted(set(data) - _ALLOWED_KEYS)
    if unknown:
        raise _fail(path, unknown[0], f"unknown field (allowed: {', '.join(sorted(_ALLOWED_KEYS))})")
    for field in _REQUIRED:
        if field not in data:
            raise _fail(path, field, "is required")
    rule_id = data["id"]
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        raise _fail(path, "id", "must look like LD-AREA-NNN")
    if path.stem != rule_id:
        raise _fail(path, "id", f"must equal the file name ({path.stem})")
    if not isinstance(data["name"], str) or not NAME_RE.match(data["name"]):
        raise _fail(path, "name", "must be a lower-case slug like upstream-rate-limited")
    if data["category"] not in CATEGORIES:
        raise _fail(path, "category", f"must be one of {', '.join(CATEGORIES)}")
    severity = data.get("severity", "error")
    if severity not in SEVERITIES:
        raise _fail(path, "severity", f"must be one of {', '.join(SEVERITIES)}")
    for field in ("title", "why"):
        if not isinstance(data[field], str) or not data[field].strip():
            raise _fail(path, field, "must be a non-empty string")

    match = data["match"]
    if not isinstance(match, dict) or set(match) - {"any", "all", "none"}:
        raise _fail(path, "match", "must be a mapping with any/all/none lists")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("any", "all", "none"):
        items = match.get(key) or []
        if not isinstance(items, list):
            raise _fail(path, f"match.{key}", "must be a list of regexes")
        compiled[key] = tuple(_compile(path, f"match.{key}[{i}]", p) for i, p in enumerate(items))
    if not compiled["any"] and not compiled["all"]:
        raise _fail(path, "match", "needs at least one `any` or `all` pattern")

    facts_data = data.get("facts") or {}
    if not isinstance(facts_data, dict):
        raise _fail(path, "facts", "must map a fact name to a regex with a group of that name")
    facts = []
    for name, pattern in facts_data.items():
        if not isinstance(name, str) or not _FACT_NAME.match(name):
            raise _fail(path, "facts", f"bad fact name {name!r}")
        compiled_fact = _compile(path, f"facts.{name}", pattern)
        if name not in compiled_fact.groupindex:
            raise _fail(path, f"facts.{name}", f"the regex needs a named group (?P<{name}>...)")
        facts.append((name, compiled_fact))

    priority = data.get("priority", 50)
    if not isinstance(priority, int) or not 0 <= priority <= 100:
        raise _fail(path, "priority", "must be an integer from 0 to 100")
    confidence = data.get("confidence", 0.9)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise _fail(path, "confidence", "must be a number in (0, 1]")

    examples = []
    raw_examples = data["examples"]
    if not isinstance(raw_examples, list) or not raw_examples:
        raise _fail(path, "examples", "must be a non-empty list")
    for i, ex in enumerate(raw_examples):
        if not isinstance(ex, dict) or ex.get("expect") not in ("match", "no-match") or not isinstance(ex.get("text"), str):
            raise _fail(path, f"examples[{i}]", "needs `expect: match|no-match` and a `text` string")
        examples.append(Example(expect=ex["expect"], text=ex["text"]))

    subcategory = data.get("subcategory", "")
    if not isinstance(subcategory, str):
        raise _fail(path, "subcategory", "must be a string")
    return Rule(
        id=rule_id,
        name=data["name"],
        category=data["category"],
        severity=severity,
        title=data["title"].strip(),
        why=" ".join(data["why"].split()),
        any=compiled["any"],
        all=compiled["all"],
        none=compiled["none"],
        facts=tuple(facts),
        priority=priority,
        confidence=float(confidence),
        steps=_str_list(path, data, "steps", required=True),
        docs=_str_list(path, data, "docs", required=True),
        examples=tuple(examples),
        subcategory=subcategory,
        symptom=bool(data.get("symptom", False)),
        config=_str_list(path, data, "config", required=False),
        source=str(path),
    )


def load_dir(directory: Path) -> list[Rule]:
    import yaml  # deferred: only the rule-loading path needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rules = []
    if not directory.is_dir():
        raise RuleError(f"{directory}: rules directory not found")
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise RuleError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: cannot read ({exc})") from None
        rules.append(parse_rule(path, data))
    return rules


@lru_cache(maxsize=8)
def load_rules(extra_dir: str | None = None) -> tuple[Rule, ...]:
    """The built-in library, plus user rules from `extra_dir`; ids must be unique across both."""
    rules = load_dir(default_rules_dir())
    if extra_dir:
        rules += load_dir(Path(extra_dir))
    seen: dict[str, str] = {}
    for rule in rules:
        for key in (rule.id, rule.name):
            if key in seen:
                raise RuleError(f"{rule.source}: id: {key} is already used by {seen[key]}")
            seen[key] = rule.source
    return tuple(rules)


def find_rule(rules: tuple[Rule, ...], key: str) -> Rule | None:
    key_upper = key.upper()
    return next((r for r in rules if r.id == key_upper or r.name == key), None)
