"""Known problems of LiteLLM releases (advisories.json), matched against a detected version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .versions import is_version, parse_version

ADVISORIES = Path(__file__).with_name("advisories.json")


@dataclass(frozen=True)
class Advisory:
    id: str
    url: str
    summary: str
    severity: str
    move_to: str
    action: str
    affected: tuple[str, ...] = ()  # exact versions
    affected_below: str | None = None  # every version before this one may be affected
    fixed_by: str | None = None  # the fix is present in this release (maybe earlier)

    def applies_to(self, version: str) -> bool:
        if not is_version(version):
            return False
        v = parse_version(version)
        if any(parse_version(a) == v for a in self.affected):
            return True
        return self.affected_below is not None and v < parse_version(self.affected_below)

    @property
    def certain(self) -> bool:
        """True when the version is named as affected; False for 'older than the release known to have the fix'."""
        return bool(self.affected)


@lru_cache(maxsize=1)
def all_advisories() -> tuple[Advisory, ...]:
    raw = json.loads(ADVISORIES.read_text(encoding="utf-8"))
    out = []
    for a in raw["advisories"]:
        out.append(Advisory(
            id=a["id"], url=a["url"], summary=a["summary"], severity=a["severity"], move_to=a["move_to"],
            action=a["action"], affected=tuple(a.get("affected", ())), affected_below=a.get("affected_below"),
            fixed_by=a.get("fixed_by"),
        ))
    return tuple(out)


def for_version(version: str) -> list[Advisory]:
    return [a for a in all_advisories() if a.applies_to(version)]
