"""Guards over the whole rule library (DESIGN.md §4): every rule's examples are tests."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from litellm_doctor.diagnosis.classify import match_rules
from litellm_doctor.diagnosis import diagnose
from litellm_doctor.model import CATEGORIES
from litellm_doctor.diagnosis.rulebook import load_rules

RULES = load_rules()
AREA_OF = {
    "auth": "AUTH",
    "quota_rate": "RATE",
    "routing": "ROUTE",
    "timeout": "TIME",
    "deployment": "DEPLOY",
    "other": "REQ",
}


def test_library_size_and_spread():
    assert len(RULES) >= 60
    counts = Counter(r.category for r in RULES)
    assert set(counts) == set(CATEGORIES), counts
    assert all(n >= 5 for n in counts.values()), counts


def test_ids_and_names_unique():
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_shape(rule):
    assert rule.id.split("-")[1] == AREA_OF[rule.category], "id area must match the category"
    assert any(e.expect == "match" for e in rule.examples), "needs a match example"
    assert any(e.expect == "no-match" for e in rule.examples), "needs a no-match example"
    assert all(d.startswith("https://") for d in rule.docs)
    assert len(rule.why) >= 80, "`why` should be a real paragraph"
    for step in rule.steps:
        # Steps must name something to change: a config key, env var, command or value in backticks.
        assert "`" in step or re.search(r"[A-Z_]{4,}|\d", step), f"vague step: {step}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule):
    for example in rule.examples:
        hits = {m.rule.id for m in match_rules(_norm(example.text), RULES)}
        if example.expect == "match":
            assert rule.id in hits, f"should match: {example.text[:120]!r}"
            report = diagnose(example.text)
            assert report.category == rule.category, (
                f"example of {rule.id} is classified {report.category} by {report.diagnosis.rule_id}: "
                f"{example.text[:120]!r}"
            )
        else:
            assert rule.id not in hits, f"should not match: {example.text[:120]!r}"


# Rules that answer none of their own examples by design: a broad net whose examples a precise sibling answers
# (LD-RATE-060, any 402: its examples are OpenRouter's and DeepSeek's, which LD-RATE-011 names), and a config
# finding whose example is a pasted config that LD-DEPLOY-006 reads more precisely.
_NEVER_FIRST = {"LD-RATE-060", "LD-DEPLOY-005"}


def test_each_precise_rule_answers_one_of_its_own_examples():
    # A rule shadowed on every example by a broader one of the same category keeps the category right but never
    # gives its own steps (LD-REQ-354 under Google's generic INVALID_ARGUMENT rule until its priority was raised).
    shadowed = []
    for rule in RULES:
        examples = [e.text for e in rule.examples if e.expect == "match"]
        firsts = {(d.rule_id if (d := diagnose(text).diagnosis) else None) for text in examples}
        if rule.id not in firsts and rule.id not in _NEVER_FIRST:
            shadowed.append((rule.id, sorted(f for f in firsts if f)))
    assert not shadowed, shadowed


def _norm(text: str) -> str:
    from litellm_doctor.diagnosis.textinput import read_error_text

    return read_error_text(text).text


def test_ids_and_names_unique_across_every_kind_of_rule():
    from litellm_doctor.rules_view import every_rule

    everything = every_rule()
    ids = [r.id for r in everything]
    names = [r.name for r in everything]
    assert len(set(ids)) == len(ids), [i for i in ids if ids.count(i) > 1]
    assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
    assert {i.split("-")[1] for i in ids} >= {"CFG", "PROBE"}


def test_retired_ids_are_never_reused():
    """Ids are stable: a moved rule gets a new id and its old one stays unused (rules/README.md)."""
    retired = {"LD-AUTH-031", "LD-AUTH-032", "LD-ROUTE-020", "LD-DEPLOY-052"}
    assert not retired & {r.id for r in RULES}


def test_prebuilt_index_is_current():
    """rules/_index.json makes even the first run fast; it must describe the YAML files as they are."""
    import json

    from litellm_doctor.diagnosis.rulebook import default_rules_dir, library_key

    directory = default_rules_dir()
    index = json.loads((directory / "_index.json").read_text(encoding="utf-8").partition("\n")[0])
    assert index["key"] == library_key(sorted(directory.glob("*.yaml"))), (
        "the rule files changed since rules/_index.json was built: run `python -m litellm_doctor.diagnosis.rulebook`"
    )


def test_prebuilt_index_is_what_a_rebuild_writes_whatever_the_hash_seed(tmp_path):
    """Not only the key: the content too, byte for byte, built in two processes with other hash seeds
    (a prefilter literal picked from a set changed with the seed, and the committed index with it)."""
    import os
    import shutil
    import subprocess
    import sys

    from litellm_doctor.diagnosis.rulebook import default_rules_dir

    shipped = (default_rules_dir() / "_index.json").read_text(encoding="utf-8")
    for seed in ("1", "2"):
        copy = tmp_path / f"rules-{seed}"
        shutil.copytree(default_rules_dir(), copy)
        subprocess.run(
            [sys.executable, "-c", f"from litellm_doctor.diagnosis.rulebook import write_index; write_index(__import__('pathlib').Path({str(copy)!r}))"],
            check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert (copy / "_index.json").read_text(encoding="utf-8") == shipped, f"hash seed {seed}: run `python -m litellm_doctor.diagnosis.rulebook`"
