"""What each LiteLLM release accepts and says, as data: one JSON per version in `knowledge/data/`.

Generated from the released wheels by `python -m litellm_doctor.knowledge.generate VERSION...` (the
source is read with `ast`, never imported). Lookups here are what the config checks, `--upgrade-to`
and the version report use:

- `versions()`                      known versions, oldest first
- `load(version)`                   the `Knowledge` of one known version
- `for_version(version)`            the knowledge to use for any version (nearest known, never newer if avoidable)
- `key_known(section, key, version)`  is `section.key` read by that version
- `first_version_with(section, key)`  the oldest known version that reads it (None: no known version does)

Never imports litellm; loading one version's JSON takes ~2 ms and is cached.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .versions import parse_version

DATA = Path(__file__).with_name("data")
SECTIONS = ("top_level", "general_settings", "litellm_settings", "router_settings", "litellm_params", "model_info")


@dataclass(frozen=True)
class Knowledge:
    version: str
    source: str
    sections: dict[str, frozenset[str]]
    attrs: dict[str, str]  # litellm_settings name -> value | function | class | module
    providers: frozenset[str]
    json_providers: frozenset[str]
    bare_models: dict[str, str]
    exceptions: dict[str, dict]
    defaults: dict[str, object]
    messages: tuple[str, ...]
    cache_types: frozenset[str] = frozenset()
    pre_call_checks: frozenset[str] = frozenset()
    features: dict[str, bool] | None = None
    known_master_key_digests: frozenset[str] = frozenset()

    def feature(self, name: str) -> bool:
        return bool((self.features or {}).get(name))

    def has(self, section: str, key: str) -> bool:
        return key in self.sections.get(section, frozenset())


@lru_cache(maxsize=1)
def versions() -> tuple[str, ...]:
    found = [p.stem for p in DATA.glob("*.json")]
    return tuple(sorted(found, key=parse_version))


def newest() -> str:
    return versions()[-1]


@lru_cache(maxsize=None)
def load(version: str) -> Knowledge:
    raw = json.loads((DATA / f"{version}.json").read_text(encoding="utf-8"))
    sections = {name: frozenset(raw["sections"].get(name, ())) for name in SECTIONS}
    return Knowledge(
        version=raw["version"],
        source=raw.get("source", ""),
        sections=sections,
        attrs=dict(raw["sections"].get("litellm_settings", {})),
        providers=frozenset(raw.get("providers", ())),
        json_providers=frozenset(raw.get("json_providers", ())),
        bare_models=dict(raw.get("bare_models", {})),
        exceptions=dict(raw.get("exceptions", {})),
        defaults=dict(raw.get("defaults", {})),
        messages=tuple(raw.get("messages", ())),
        cache_types=frozenset(raw.get("cache_types", ())),
        pre_call_checks=frozenset(raw.get("pre_call_checks", ())),
        features=dict(raw.get("features", {})),
        known_master_key_digests=frozenset(raw.get("known_master_key_digests", ())),
    )


def nearest(version: str) -> str:
    """The known version whose knowledge applies to `version`: the newest known one not after it
    (keys appear over time, so an older table calls fewer keys unknown), else the oldest known."""
    target = parse_version(version)
    older = [v for v in versions() if parse_version(v) <= target]
    return older[-1] if older else versions()[0]


def for_version(version: str | None) -> Knowledge:
    return load(nearest(version) if version else newest())


def key_known(section: str, key: str, version: str | None) -> bool:
    return for_version(version).has(section, key)


def first_version_with(section: str, key: str) -> str | None:
    for v in versions():
        if load(v).has(section, key):
            return v
    return None


def last_version_with(section: str, key: str) -> str | None:
    found = None
    for v in versions():
        if load(v).has(section, key):
            found = v
    return found
