"""A user rule (--rules-dir) whose regex is slow but not exponential is stopped by its time budget."""

from __future__ import annotations

import json
import subprocess
import sys
import time

SLOW_RULE = """\
id: LD-USER-001
name: slow-user-rule
category: other
severity: warning
title: A user rule with a polynomial regex
why: >
  This rule's pattern backtracks polynomially on long runs of word characters that are not followed by an
  exclamation mark; the static check only refuses exponential patterns, so the time budget must stop it.
match:
  any: ['(\\w|\\d)+!']
steps: ['Rewrite the pattern as `\\w+!` (no alternation inside the repeat).']
docs: [https://docs.litellm.ai/docs/]
examples:
  - {expect: match, text: "abc!"}
  - {expect: no-match, text: "abc"}
"""


def test_slow_user_rule_is_skipped_with_a_note(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "LD-USER-001.yaml").write_text(SLOW_RULE)
    text = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o\n" + "a" * 300_000
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "litellm_doctor", "diagnose", "-", "--rules-dir", str(rules), "-f", "json",
         "--fail-on", "never"],
        input=text.encode(), capture_output=True, timeout=60,
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["category"] == "quota_rate"  # the built-in rules still decide
    assert any("LD-USER-001" in note and "skipped" in note for note in report["notes"])
    assert elapsed < 10  # without the budget: ~16 s on this input, growing with the square of its length


def test_fast_user_rule_still_matches(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "LD-USER-001.yaml").write_text(SLOW_RULE)
    proc = subprocess.run(
        [sys.executable, "-m", "litellm_doctor", "diagnose", "my app says abc!", "--rules-dir", str(rules), "-f", "json"],
        capture_output=True, timeout=60,
    )
    assert json.loads(proc.stdout)["diagnosis"]["rule_id"] == "LD-USER-001"
