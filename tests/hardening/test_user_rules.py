"""User rules (`--rules-dir`): a catastrophic regex cannot hang the tool, and a broken rule file is
reported as `file:line: field: problem` with exit 2 (issue 6, part 3). Through the real CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from hardening_helpers import run_cli
from litellm_doctor.diagnosis.patterns import catastrophic
from litellm_doctor.diagnosis.rulebook import default_rules_dir

HOSTILE_TEXT = "litellm.BadThing " + "a" * 60 + "!\n"  # what makes a catastrophic regex run for ever

RULE = """\
id: LD-USER-001
name: user-rule
category: other
severity: warning
title: A rule of the user's own
why: Written by the user.
match:
  any:
    - 'litellm\\.BadThing'
  none:
    - 'benign'
facts:
  thing: '(?P<thing>BadThing)'
priority: 40
steps:
  - Do the thing.
docs:
  - https://docs.litellm.ai/docs/
examples:
  - {expect: match, text: "litellm.BadThing happened"}
  - {expect: no-match, text: "all good"}
"""

CATASTROPHIC = [
    r"(a+)+$", r"(a|a)*b", r"(\w+\s?)*$", r"(a*)*b", r"(.*a){20}", r"^(\s*\w+)*$", r"(x+x+)+y", r"(a|aa)*c",
    r"(?:a|a?)+b", r"(\d+|\w+)*!", r"(.*,)*x",
]
LINEAR = [
    r"(?:\w+\.)*\w+", r"(?:,\s*\w+)*", r"(?:GET|POST)+", r"(ab|ac)*", r"(?:.*\n){0,3}", r"(a++)+$", r"(?>a+)+$",
    r"\d{1,3}(?:\.\d{1,3}){3}", r"litellm\.\w+Error: .*", r"(?P<x>\d+) seconds", r"(\w|\d)+!",
]


def rules_dir(tmp_path: Path, text: str, name: str = "LD-USER-001.yaml") -> Path:
    d = tmp_path / "rules"
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def assert_rule_error(result, path: Path, line: int, field: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-1000:])
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    prefix = f"litellm-doctor: error: {path}:{line}: {field}: "
    assert result.stderr.startswith(prefix), f"{result.stderr!r} does not start with {prefix!r}"
    return result.stderr[len(prefix):]


@pytest.mark.parametrize("where", ["any", "none", "facts"])
@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|a)*b", r"(\w+\s?)*$"])
def test_a_catastrophic_user_regex_is_refused_at_load_not_run(tmp_path, pattern, where):
    if where == "facts":
        text = RULE.replace("(?P<thing>BadThing)", f"(?P<thing>{pattern})")
        field, line = "facts.thing", 13
    else:
        text = RULE.replace("'litellm\\.BadThing'" if where == "any" else "'benign'", f"'{pattern}'")
        field, line = (f"match.{where}[0]", 9 if where == "any" else 11)
    d = rules_dir(tmp_path, text)
    started = time.monotonic()
    result = run_cli(["diagnose", "--rules-dir", str(d), "-"], stdin=HOSTILE_TEXT.encode(), timeout=30)
    assert time.monotonic() - started < 10
    message = assert_rule_error(result, d / "LD-USER-001.yaml", line, field)
    assert "catastrophic backtracking" in message and "possessive" in message


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_the_analysis_flags_catastrophic_shapes(pattern):
    assert catastrophic(pattern), pattern


@pytest.mark.parametrize("pattern", LINEAR)
def test_the_analysis_accepts_linear_shapes_and_they_are_fast(pattern):
    assert catastrophic(pattern) is None, pattern
    started = time.monotonic()
    # runs of 200 word characters: enough to blow up an exponential regex, not a (merely) quadratic one
    re.search(pattern, ("a" * 200 + " ,.") * 50 + "!", re.MULTILINE)
    assert time.monotonic() - started < 1.0


def test_every_built_in_pattern_passes_the_analysis():
    flagged = []
    for path in sorted(default_rules_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        patterns = [p for key in ("any", "all", "none") for p in (data.get("match") or {}).get(key) or []]
        patterns += list((data.get("facts") or {}).values())
        flagged += [f"{path.name}: {p}" for p in patterns if catastrophic(p)]
    assert not flagged, flagged


def test_a_good_user_rule_loads_and_matches(tmp_path):
    d = rules_dir(tmp_path, RULE)
    result = run_cli(["diagnose", "--rules-dir", str(d), "-", "--format", "json"], stdin=HOSTILE_TEXT.encode())
    assert result.returncode in (0, 1), result.stderr
    assert '"rule_id": "LD-USER-001"' in result.stdout
    listed = run_cli(["rules", "show", "LD-USER-001", "--rules-dir", str(d)])
    assert listed.returncode == 0 and "A rule of the user's own" in listed.stdout


# (mistake, edit of RULE, expected line, field, words of the message)
SCHEMA_MISTAKES = [
    ("unknown field", lambda t: t.replace("priority: 40", "priorty: 40"), 14, "priorty", "unknown field"),
    ("missing field", lambda t: t.replace("title: A rule of the user's own\n", ""), 1, "title", "is required"),
    ("bad category", lambda t: t.replace("category: other", "category: misc"), 3, "category", "must be one of"),
    ("bad severity", lambda t: t.replace("severity: warning", "severity: fatal"), 4, "severity", "must be one of"),
    ("bad regex", lambda t: t.replace("'benign'", "'unclosed(group'"), 11, "match.none[0]", "invalid regex"),
    ("fact without group", lambda t: t.replace("(?P<thing>BadThing)", "BadThing"), 13, "facts.thing", "named group"),
    ("priority out of range", lambda t: t.replace("priority: 40", "priority: 400"), 14, "priority", "0 to 100"),
    ("id not the file name", lambda t: t.replace("id: LD-USER-001", "id: LD-USER-002"), 1, "id", "file name"),
    ("bad example", lambda t: t.replace("expect: no-match", "expect: nomatch"), 19, "examples[1]", "expect"),
    ("empty steps", lambda t: t.replace("steps:\n  - Do the thing.\n", "steps: []\n"), 15, "steps", "must not be empty"),
]


@pytest.mark.parametrize("mistake", SCHEMA_MISTAKES, ids=[m[0] for m in SCHEMA_MISTAKES])
def test_a_schema_mistake_is_reported_with_file_line_and_field(tmp_path, mistake):
    _name, edit, line, field, words = mistake
    d = rules_dir(tmp_path, edit(RULE))
    for args in (["diagnose", "--rules-dir", str(d), "litellm.BadThing"], ["rules", "list", "--rules-dir", str(d)]):
        message = assert_rule_error(run_cli(args), d / "LD-USER-001.yaml", line, field)
        assert words in message, message


def test_invalid_yaml_and_a_duplicate_id_are_clean_errors(tmp_path):
    d = rules_dir(tmp_path, RULE.replace("  - Do the thing.", "  - Do the thing.\n bad: [indent"))
    result = run_cli(["diagnose", "--rules-dir", str(d), "x"])
    assert result.returncode == 2 and f"{d / 'LD-USER-001.yaml'}:" in result.stderr and "not valid YAML" in result.stderr
    builtin = next(default_rules_dir().glob("LD-RATE-*.yaml")).stem
    d2 = rules_dir(tmp_path / "dup", RULE.replace("LD-USER-001", builtin), name=f"{builtin}.yaml")
    result = run_cli(["diagnose", "--rules-dir", str(d2), "x"])
    assert result.returncode == 2 and f"id: {builtin} is already used by" in result.stderr, result.stderr
