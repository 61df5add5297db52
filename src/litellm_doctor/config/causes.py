"""Can a flagged config line be the cause of this failure? The first screen's choice of THE fix.

`diagnose --config` ties a failure to the config and runs the checks; a check's finding on the deployment
involved is printed as the fix only when that check can cause the failure's shape (the `subcategory` of its
rule). The mapping is data beside the checks, in checks/catalog.yaml: `failure_shapes` groups the rules'
subcategories into shapes, each check's `causes:` names the shapes it can cause (the reasoning is written
there). Until 2026-12-06 the choice was by the failure's category (formats/text.py): coarse inside one, so a
refused connection (deployment) was sent to an `api_base` path check (a 404's cause, also deployment).
"""

from __future__ import annotations

from functools import lru_cache

from ..regexcache import rx
from .checks import catalog, catalog_data

ANY = "any"
# The setting a finding's message starts with: `model_list[0].litellm_params.api_key: os.environ/KEY` -> api_key.
_SETTING = rx(r"^`(?:[^`:\s]*\.)?([A-Za-z_]\w*)(?:\[\d+\])?[:`]")
# The key a misspelled one's message suggests (checks/util.suggestion_text): the setting it is about when the
# message does not start with one the data names (`Unknown top-level key `general_setting`: ... (did you mean `general_settings`?)`).
_MEANT = rx(r"\(did you mean `([A-Za-z_]\w*)`\?\)")


@lru_cache(maxsize=1)
def _shapes_of_subcategory() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for shape, subcategories in catalog_data()["failure_shapes"].items():
        for sub in subcategories:
            out.setdefault(sub, set()).add(shape)
    return {sub: frozenset(shapes) for sub, shapes in out.items()}


@lru_cache(maxsize=1)
def _causes() -> dict[str, tuple[str, ...]]:
    return {c.id: c.causes for c in catalog()}


def failure_shapes(subcategory: str | None) -> frozenset[str]:
    """The shapes a rule's subcategory belongs to (none for one no check can cause, or no subcategory)."""
    return _shapes_of_subcategory().get(subcategory or "", frozenset())


def rule_subcategory(rule_id: str) -> str | None:
    """The subcategory of a rule of the library (None for an estimate or a rule it does not have)."""
    from ..diagnosis.rulebook import find_rule, load_rules  # noqa: PLC0415 - read already by the diagnosis

    rule = find_rule(load_rules(details=False), rule_id)
    return (rule.subcategory or None) if rule is not None else None


def causes_of(check_id: str, message: str = "") -> tuple[str, ...]:
    """The shapes a finding of check `check_id` can cause: narrowed by the words of its `message` for a check
    with hits of several shapes (catalog.yaml `message_causes`); an `any` check's by the setting the message
    names (`setting_causes`)."""
    causes = _causes().get(check_id, ())
    for words, shapes in catalog_data().get("message_causes", {}).get(check_id, {}).items():
        if words in message:
            return tuple(shapes)  # a hit of one shape of a check with hits of several
    if ANY in causes:
        by_setting = catalog_data()["setting_causes"]
        m = _SETTING.match(message)
        setting = m.group(1) if m else None
        if setting not in by_setting and (meant := _MEANT.search(message)) is not None:
            setting = meant.group(1)  # `litellm_params.rpms` (did you mean `rpm`?): about `rpm`
        return tuple(by_setting[setting]) if setting in by_setting else causes
    return causes


def shapes_caused(check_id: str, rule_id: str, *, message: str = "", cause_unseen: bool = False) -> tuple[str, ...]:
    """The shapes by which a finding of check `check_id` (its `message`) can be the cause of the failure rule
    `rule_id` diagnosed: `(ANY,)` for a finding that can be the cause of any failure, `()` for none.
    `cause_unseen`: that failure is a symptom (a cooldown) whose cause the text does not show, so any failure that
    cools a deployment down (catalog.yaml `cooldown_causes`) may be the cause."""
    causes = causes_of(check_id, message)
    if ANY in causes:
        return (ANY,)
    wanted = set(failure_shapes(rule_subcategory(rule_id)))
    if cause_unseen:
        wanted |= set(catalog_data()["cooldown_causes"])
    return tuple(c for c in causes if c in wanted)


def can_cause(check_id: str, rule_id: str, *, message: str = "", cause_unseen: bool = False) -> bool:
    """Can a finding of check `check_id` (its `message`) be the cause of the failure rule `rule_id` diagnosed?
    (`shapes_caused`, for its arguments.)"""
    return bool(shapes_caused(check_id, rule_id, message=message, cause_unseen=cause_unseen))
