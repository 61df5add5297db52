"""`check config.yaml --upgrade-to VERSION`: what in this config breaks, changes meaning or becomes
unknown when the proxy moves from one LiteLLM version to another, each with file:line and the fix.

The keys come from the per-version knowledge (litellm_doctor.knowledge, read from the released
wheels); the start-up checks from what each release's code does (`features`, `cache_types`,
`known_master_key_digests`, defaults). Two changes the code cannot show by a simple look-up are
dated from the release notes (`_RPM_NOT_ENFORCED`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from .. import knowledge
from ..knowledge.rules import version_finding
from ..knowledge.versions import parse_version
from ..model import Finding
from .checks.util import code
from .loader import ENV_PREFIX, Config

# 1.109.0 release notes: a deployment's rpm/tpm only limits when the router runs the
# `enforce_model_rate_limits` pre-call check (before, the rpm was a hard cap).
_RPM_NOT_ENFORCED = "1.109.0"
_SECTIONS = ("general_settings", "litellm_settings", "router_settings")
_OVERRIDE = "dangerously_permit_weak_or_unset_master_key"


def _crossing(old: str, new: str, since: str) -> bool:
    return parse_version(old) < parse_version(since) <= parse_version(new)


def upgrade_findings(config: Config, from_version: str, to_version: str) -> list[Finding]:
    old, new = knowledge.for_version(from_version), knowledge.for_version(to_version)
    if parse_version(to_version) <= parse_version(from_version):
        return []
    findings: list[Finding] = []
    findings += _master_key(config, old, new, to_version)
    findings += _string_fallbacks(config, old, new, to_version)
    findings += _cache_type(config, old, new, to_version)
    findings += _budget_status(config, old, new, to_version)
    findings += _rpm(config, from_version, to_version)
    findings += _keys(config, old, new, from_version, to_version)
    return findings


# -- start-up ------------------------------------------------------------------------------------
def _kind(old) -> str:
    """LD-VER-010 when moving from `old`; LD-VER-004 when the version in use itself refuses the config."""
    return "startup" if old is not None else "refused"


def _before(old, verb: str) -> str:
    return f" LiteLLM {old.version} {verb}." if old is not None else ""


def startup_findings(config: Config, version: str) -> list[Finding]:
    """What the LiteLLM version in use refuses at start-up in this config (no upgrade involved)."""
    k = knowledge.for_version(version)
    return [*_master_key(config, None, k, version), *_string_fallbacks(config, None, k, version),
            *_cache_type(config, None, k, version)]


def _master_key(config: Config, old, new, to: str) -> list[Finding]:
    if (old is not None and old.feature("master_key_refusal")) or not new.feature("master_key_refusal"):
        return []
    general = config.section("general_settings")
    if general.get(_OVERRIDE) is True or (config.env.effective("LITELLM_DANGEROUSLY_PERMIT_WEAK_OR_UNSET_MASTER_KEY") or "").lower() == "true":
        return []
    raw = config.raw_section("general_settings").get("master_key")
    key = config.master_key
    path = ("general_settings", "master_key") if "master_key" in config.raw_section("general_settings") else ("general_settings",)
    severity = None
    if isinstance(raw, str) and raw.startswith(ENV_PREFIX) and not key:
        name = raw[len(ENV_PREFIX):]
        if config.env.has(name):  # declared by the deployment next to the config (compose, Kubernetes)
            return []
        why = f"{code('master_key: ', raw)} and {name} is not set in this environment"
        # CI rarely has the proxy's secrets: `info` there, as for any unset reference (LD-CFG-040, env_severity);
        # a warning on every config that reads its key from the environment was the false alarm of tests/config/real/.
        severity = None if config.env.known else "info"
    elif "master_key" in general and general.get("master_key") in ("", None):
        why = "`general_settings.master_key` is empty"
    elif key is None:
        if config.env.has("LITELLM_MASTER_KEY"):
            return []
        why = "no master key is set (neither `general_settings.master_key` nor LITELLM_MASTER_KEY)"
        severity = None if config.env.known else "info"
    elif hashlib.sha256(key.encode()).hexdigest() in new.known_master_key_digests:
        why = "the master key is the publicly known default of LiteLLM's quick-start examples"
    else:
        return []
    if severity is not None:
        why += " (if the proxy's environment lacks it too; pass it with --env-file to be sure)"
    return [version_finding(
        _kind(old),
        f"LiteLLM {to} refuses to start: {why}.{_before(old, 'starts with it')}",
        (
            "Generate a master key (`openssl rand -hex 32`, with `sk-` in front), put it in the proxy's environment as "
            "LITELLM_MASTER_KEY and reference it: `general_settings.master_key: os.environ/LITELLM_MASTER_KEY`.",
            "If the proxy has a database with stored secrets, set LITELLM_SALT_KEY first (stored values are encrypted with it).",
            f"Local development only: {code('general_settings.', _OVERRIDE, ': true')} starts it anyway.",
        ),
        config.nearest_location(path),
        severity=severity,
    )]


def _string_fallbacks(config: Config, old, new, to: str) -> list[Finding]:
    if (old is not None and old.feature("string_fallbacks_refused")) or not new.feature("string_fallbacks_refused"):
        return []
    out = []
    for section in ("router_settings", "litellm_settings"):
        for key in ("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"):
            entries = config.raw_section(section).get(key)
            if not isinstance(entries, list):
                continue
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict) or len(entry) != 1:
                    continue
                ((group, target),) = entry.items()
                if isinstance(target, str):
                    out.append(version_finding(
                        _kind(old),
                        f"{code(section, '.', key)} maps {code(group)} to the string {code(target)}: LiteLLM {to} refuses to start "
                        "(" + code(f"Fallbacks for '{group}' must be a list of model names") + f").{_before(old, 'accepted it')}",
                        ("Write the target as a list: " + code('{"', group, '": ["', target, '"]}') + ".",),
                        config.nearest_location((section, key, i, group)),
                    ))
        default = config.raw_section(section).get("default_fallbacks")
        if isinstance(default, str):
            out.append(version_finding(
                _kind(old),
                f"{code(section, '.default_fallbacks')} is the string {code(default)}: LiteLLM {to} refuses to start "
                "(`default_fallbacks must be a list of model names`).",
                ("Write it as a list: " + code('default_fallbacks: ["', default, '"]') + ".",),
                config.nearest_location((section, "default_fallbacks")),
            ))
    return out


def _cache_type(config: Config, old, new, to: str) -> list[Finding]:
    params = config.section("litellm_settings").get("cache_params")
    if not isinstance(params, dict) or not isinstance(params.get("type"), str):
        return []
    kind = params["type"]
    if (old is not None and kind not in old.cache_types) or kind in new.cache_types or not new.cache_types:
        return []
    if old is None and kind not in knowledge.load(knowledge.versions()[0]).cache_types:
        return []  # never a LiteLLM cache type: the config checks' business, not a version change
    return [version_finding(
        _kind(old),
        f"{code('litellm_settings.cache_params.type: ', kind)} is gone in LiteLLM {to} (it knows "
        f"{', '.join(sorted(new.cache_types))}): the cache cannot be created.",
        ("Switch to `type: local` (in-memory, per process) or `type: redis` (shared; set `host`/`port` or REDIS_URL).",),
        config.nearest_location(("litellm_settings", "cache_params", "type")),
    )]


# -- meaning -------------------------------------------------------------------------------------
def _uses_budgets(config: Config) -> tuple | None:
    for section, key in (("litellm_settings", "max_budget"), ("litellm_settings", "max_end_user_budget"),
                         ("litellm_settings", "max_internal_user_budget"), ("general_settings", "database_url")):
        if key in config.raw_section(section):
            return (section, key)
    if config.env.effective("DATABASE_URL"):
        return ("general_settings",)
    return None


def _budget_status(config: Config, old, new, to: str) -> list[Finding]:
    before = old.defaults.get("budget_exceeded_status_code")
    after = new.defaults.get("budget_exceeded_status_code")
    if after is None or before == after or "budget_exceeded_status_code" in config.raw_section("litellm_settings"):
        return []
    path = _uses_budgets(config)
    if path is None:
        return []
    return [version_finding(
        "meaning",
        f"Budgets answer HTTP {after} in LiteLLM {to} (a `BudgetExceededError`), not 429 as in {old.version}: "
        "clients and gateways that back off and retry on 429 now see a client error.",
        ("To keep 429: `litellm_settings.budget_exceeded_status_code: 429`.",
         f"Or teach clients that {after} `budget_exceeded` means \"stop until the budget resets\"."),
        config.nearest_location(path),
    )]


def _rpm(config: Config, from_version: str, to_version: str) -> list[Finding]:
    if not _crossing(from_version, to_version, _RPM_NOT_ENFORCED):
        return []
    checks = config.section("router_settings").get("optional_pre_call_checks")
    if isinstance(checks, list) and "enforce_model_rate_limits" in checks:
        return []
    out = []
    for d in config.deployments:
        for key in ("rpm", "tpm"):
            if key in d.raw_params:
                out.append(version_finding(
                    "meaning",
                    f"{code(d.model_name)} sets {code(key, ': ', d.raw_params[key])}: from LiteLLM {_RPM_NOT_ENFORCED} on that is a "
                    "routing weight, not a hard cap, unless the router enforces it.",
                    ("To keep it a limit: `router_settings.optional_pre_call_checks: [\"enforce_model_rate_limits\"]`.",),
                    config.nearest_location(("model_list", d.index, "litellm_params", key)),
                ))
                break
    return out


# -- keys ----------------------------------------------------------------------------------------
def _used_keys(config: Config) -> Iterator[tuple[str, str, tuple]]:
    """(knowledge section, key, config path) for every key the config sets."""
    for key in config.raw:
        if isinstance(key, str):
            yield "top_level", key, (key,)
    for section in _SECTIONS:
        for key in config.raw_section(section):
            if isinstance(key, str):
                yield section, key, (section, key)
    for d in config.deployments:
        for key in d.raw_params:
            if isinstance(key, str):
                yield "litellm_params", key, ("model_list", d.index, "litellm_params", key)
        for key in d.model_info:
            if isinstance(key, str):
                yield "model_info", key, ("model_list", d.index, "model_info", key)


def _keys(config: Config, old, new, from_version: str, to_version: str) -> list[Finding]:
    out = []
    for section, key, path in _used_keys(config):
        name = ".".join(str(p) for p in path if not isinstance(p, int)) if section != "top_level" else key
        if old.has(section, key) and not new.has(section, key):
            out.append(version_finding(
                "unknown",
                f"{code(name)} is read by LiteLLM {old.version} but not by {new.version}: after the upgrade it is ignored.",
                (f"Remove {code(key)} or replace it with what {new.version} reads instead (see its release notes).",),
                config.nearest_location(path),
            ))
        elif new.has(section, key) and not old.has(section, key) and _known_somewhere(section, key):
            out.append(version_finding(
                "new",
                f"{code(name)} is not read by LiteLLM {old.version} (it does nothing today) but {new.version} reads it: "
                "it takes effect after the upgrade.",
                (f"Check that {code(key)} has the value you want once it takes effect.",),
                config.nearest_location(path),
            ))
    return out


def _known_somewhere(section: str, key: str) -> bool:
    return knowledge.first_version_with(section, key) is not None


# -- the report ----------------------------------------------------------------------------------
def with_version(report, config: Config, detected, upgrade_to: str | None = None):
    """`report` plus what the version adds: which knowledge was used and why, advisories for the
    detected version, and with `upgrade_to` the findings of the move."""
    from dataclasses import replace

    from ..errors import InputError
    from ..knowledge.advisories import for_version as advisories_for
    from ..knowledge.rules import advisory_findings
    from ..knowledge.versions import is_version
    from ..model import SEVERITY_RANK

    notes = [*report.notes, detected.note()]
    added = advisory_findings(detected.version, detected.source, advisories_for(detected.version)) if not detected.assumed else []
    if not detected.assumed:  # an assumed (newest) version must not make a start-up refusal out of a guess
        added += startup_findings(config, detected.version)
    facts = {**report.facts, "litellm_version": detected.version, "knowledge": detected.knowledge}
    if upgrade_to is not None:
        if not is_version(upgrade_to):
            raise InputError(f"--upgrade-to: {upgrade_to!r} is not a LiteLLM version (like 1.110.2)")
        if parse_version(upgrade_to) <= parse_version(detected.version):
            raise InputError(f"--upgrade-to {upgrade_to}: not newer than the version in use ({detected.version}, {detected.source})")
        target = knowledge.for_version(upgrade_to).version
        moved = upgrade_findings(config, detected.version, upgrade_to)
        added += moved
        added += advisory_findings(upgrade_to, "the --upgrade-to target", advisories_for(upgrade_to))
        notes.append(f"upgrade {detected.version} -> {upgrade_to} (knowledge of {detected.knowledge} -> {target}): "
                     f"{len(moved)} finding(s)")
        facts["upgrade_to"] = upgrade_to
    if not added:
        return replace(report, notes=tuple(notes), facts=facts)
    findings = sorted(
        (*report.findings, *added),
        key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.location.file if f.location else "",
                       (f.location.line or 0) if f.location else 0, f.rule_id),
    )
    return replace(report, findings=tuple(findings), notes=tuple(notes), facts=facts, category=findings[0].category)
