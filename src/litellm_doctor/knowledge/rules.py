"""The findings the version knowledge produces: advisories, keys of a newer release, `check --upgrade-to`.

Their metadata lives here (like the probe's own verdicts) so `litellm-doctor rules list|show` covers them;
the messages and steps of each finding are specific to what was found.
"""

from __future__ import annotations

from ..model import Finding, Location, RuleInfo
from .advisories import Advisory
from .versions import parse_version

_DOCS_UPGRADE = "https://docs.litellm.ai/release_notes"
_DOCS_CONFIG = "https://docs.litellm.ai/docs/proxy/config_settings"


class VersionRule(RuleInfo):
    """A verdict about the LiteLLM version in use (not read from error text, not a config check)."""


VERSION_RULES: dict[str, VersionRule] = {
    "compromised": VersionRule(
        "LD-VER-001", "compromised-litellm-release", "deployment", "error",
        "This LiteLLM release was compromised on the package index",
        "The installed or running LiteLLM is one of the releases an advisory names as compromised: the package "
        "published under that version was not LiteLLM's own code. Anything it ran with (provider keys, the "
        "master key, the database URL) must be treated as exposed.",
        ("Move to the version the advisory names.", "Rotate every credential the proxy's environment held."),
        ("https://osv.dev/vulnerability/PYSEC-2026-2",),
    ),
    "advisory": VersionRule(
        "LD-VER-002", "litellm-version-has-advisory", "deployment", "warning",
        "This LiteLLM version may be affected by a published security advisory",
        "A published advisory describes a security problem whose fix is present in a later LiteLLM release than "
        "the one in use. Where only the release that has the fix is known (not the first one), older versions "
        "are reported as possibly affected.",
        ("Move to the version the advisory names (or later).",),
        ("https://github.com/BerriAI/litellm/security/advisories",),
    ),
    "newer-key": VersionRule(
        "LD-VER-003", "key-needs-newer-litellm", "deployment", "warning",
        "The config uses a key that only a newer LiteLLM reads",
        "The key is not misspelled: a newer LiteLLM release reads it, but the version this config runs on does "
        "not, so it is ignored there (or, in sections LiteLLM validates, refused).",
        ("Upgrade LiteLLM to the version named, or remove the key until you do.",),
        (_DOCS_UPGRADE, _DOCS_CONFIG),
    ),
    "refused": VersionRule(
        "LD-VER-004", "litellm-version-refuses-config", "deployment", "error",
        "The LiteLLM version in use refuses to start with this config",
        "This LiteLLM release checks something at start-up that the config does not satisfy (an unset, empty "
        "or publicly known master key; a fallback target written as a string; a cache type it no longer has): "
        "the proxy exits instead of serving. Older releases accepted it, so a config that used to work stops "
        "working when the image or package is updated.",
        ("Apply the change the finding names; `litellm-doctor check --litellm-version VERSION` checks against another release (VERSION: e.g. 1.108.1).",),
        (_DOCS_UPGRADE,),
    ),
    "startup": VersionRule(
        "LD-VER-010", "upgrade-breaks-startup", "deployment", "error",
        "After the upgrade the proxy refuses to start with this config",
        "The target LiteLLM release checks something at start-up that this config does not satisfy: the proxy "
        "exits instead of serving. Fix it before (or together with) the upgrade.",
        ("Apply the change the finding names, then run `litellm-doctor check --upgrade-to VERSION` again (VERSION: the release you plan to run).",),
        (_DOCS_UPGRADE,),
    ),
    "meaning": VersionRule(
        "LD-VER-011", "upgrade-changes-meaning", "deployment", "warning",
        "After the upgrade a setting of this config behaves differently",
        "The target LiteLLM release changed what this setting (or its absence) does: the proxy starts, but "
        "limits, status codes or routing are not what they were.",
        ("Set the value the finding names to keep the current behaviour, or accept the new one.",),
        (_DOCS_UPGRADE,),
    ),
    "unknown": VersionRule(
        "LD-VER-012", "upgrade-key-unknown", "deployment", "warning",
        "After the upgrade a key of this config is no longer read",
        "The key is read by the version in use but not by the target release: after the upgrade it is ignored "
        "(or refused where LiteLLM validates the section).",
        ("Remove the key, or replace it with what the target release reads instead (its release notes say).",),
        (_DOCS_UPGRADE, _DOCS_CONFIG),
    ),
    "new": VersionRule(
        "LD-VER-013", "upgrade-key-starts-working", "deployment", "info",
        "After the upgrade a key of this config that was ignored takes effect",
        "The key is not read by the version in use (it does nothing today) but the target release reads it: "
        "after the upgrade it changes what the proxy does.",
        ("Check that the value is what you want once it takes effect.",),
        (_DOCS_UPGRADE, _DOCS_CONFIG),
    ),
}
ALL_VERSION_RULES = tuple(sorted(VERSION_RULES.values(), key=lambda r: r.id))


def version_finding(kind: str, message: str, steps: tuple[str, ...] | list[str], location: Location | None = None,
                    docs: tuple[str, ...] = (), severity: str | None = None) -> Finding:
    rule = VERSION_RULES[kind]
    return Finding(
        rule_id=rule.id, category=rule.category, severity=severity or rule.severity, title=rule.title, message=message,
        steps=tuple(steps), location=location, docs=docs or rule.docs,
    )


def advisory_findings(version: str, source: str, advisories: list[Advisory], location: Location | None = None) -> list[Finding]:
    """One finding per advisory that names this version; one finding for all the advisories whose fix is
    only known to be present in a later release (possibly affected)."""
    out = []
    for a in (a for a in advisories if a.certain):
        kind = "compromised" if a.id.startswith("PYSEC") else "advisory"
        steps = (f"Move to LiteLLM {a.move_to} or later (`pip install 'litellm>={a.move_to}'`, or an image of that "
                 "release).", a.action, f"Advisory: {a.url}")
        out.append(version_finding(kind, f"LiteLLM {version} ({source}) is named by {a.id}: {a.summary}.", steps,
                                   location, docs=(a.url,)))
    maybe = [a for a in advisories if not a.certain]
    if maybe:
        target = max((a.move_to for a in maybe), key=parse_version)
        listed = "; ".join(f"{a.id}: {a.summary}" for a in maybe)
        message = (f"LiteLLM {version} ({source}) is older than {target}, the release known to have the fixes of "
                   f"{len(maybe)} published advisor{'y' if len(maybe) == 1 else 'ies'} (the first release with each fix "
                   f"is not known here, so it may be affected): {listed}.")
        steps = (f"Move to LiteLLM {target} or later (`pip install 'litellm>={target}'`, or an image of that release).",
                 *(f"{a.id}: {a.url}" for a in maybe))
        out.append(version_finding("advisory", message, steps, location, docs=tuple(a.url for a in maybe)))
    return out
