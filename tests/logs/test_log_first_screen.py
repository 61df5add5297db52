"""A log triage's text report answers on its first screen (seventy-sixth pass): the verdict (failures, groups,
time span), the group to fix first (a cooldown's cause, not the cooldown) with its cause sentence and its one
most specific fix (the config line with --config), then one line per group; each group's detail with
--verbose, where everything the report printed before still is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from litellm_doctor.formats import get_formatter
from litellm_doctor.formats.logspan import time_span
from litellm_doctor.model import Diagnosis, Finding, LogGroup, Report
from litellm_doctor.model_more import most_important, root_cause

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
LOGS = [p.relative_to(ROOT) for p in sorted(FIXTURES.glob("*.log")) + sorted((FIXTURES / "litellm-1.108.14").glob("*.log"))]
COOLDOWN = Path("examples") / "errors" / "cooldown_after_401.log"
GROUP_LINE = re.compile(r"^(G\d+) +[✗!i-] ")
FIRST_SCREEN = 20


def run(*args: str, columns: int = 80, stdin: bytes = b"") -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1", "COLUMNS": str(columns)}
    proc = subprocess.run([sys.executable, "-m", "litellm_doctor", *args], input=stdin, capture_output=True,
                          env=env, timeout=120, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout.decode()


def words(text: str) -> str:
    return " ".join(text.split())


def fix_index(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith("Fix  "))


def listed(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := GROUP_LINE.match(line))]


@pytest.mark.parametrize("log", LOGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_first_screen_answers(log):
    data = json.loads(run("diagnose", "--log", str(log), "-f", "json"))
    out = run("diagnose", "--log", str(log))
    lines = out.rstrip("\n").split("\n")
    groups = data["groups"]
    assert lines[0].startswith(f"✗ {data['facts']['log_failures']} failures in {len(groups)} groups, "), lines[0]
    assert not [line for line in lines if len(line) > 80]
    # the group to fix first, then its fix, on the first screen
    root = next(g for g in groups if g["rule_id"] == data["diagnosis"]["rule_id"] and not g["symptom"])
    head = next(i for i, line in enumerate(lines) if line.startswith(f"✗ {root['category']}  {root['id']}  "))
    fix = fix_index(lines)
    assert head < fix < FIRST_SCREEN, out
    assert words(" ".join(line[5:] for line in lines[fix:fix + 6])).startswith(words(root["steps"][0])[:60])
    # then every group, one line each, in order, with its count, rule and first time
    assert listed(lines[fix:]) == [g["id"] for g in groups]
    for g in groups:
        line = next(line for line in lines[fix:] if line.startswith(g["id"] + " "))
        assert g["category"] in line and g["rule_id"] in line and f" {g['count']} " in line
        assert re.search(r"\d\d:\d\d:\d\d", g["first_seen"]).group(0) in line
    # the detail with --verbose only, and said so
    assert "Each group" not in out and "first step:" not in out
    assert lines[-1].startswith("--verbose") or "--verbose:" in words(out)


@pytest.mark.parametrize("log", LOGS[:3] + [COOLDOWN], ids=lambda p: p.name)
def test_verbose_keeps_everything_the_report_printed(log):
    """Each group's title, model groups, links and first step, and the first group's meaning and every step:
    what the report printed before its first screen was made, nothing unreachable."""
    data = json.loads(run("diagnose", "--log", str(log), "-f", "json"))
    default = run("diagnose", "--log", str(log))
    verbose = run("diagnose", "--log", str(log), "--verbose", columns=200)
    assert verbose.startswith(default.split("\n--verbose")[0].split("\n")[0])
    text = words(verbose)
    for g in data["groups"]:
        assert words(g["title"]) in text
        assert "model groups: " + ", ".join(g["model_groups"][:8]) in text if g["model_groups"] else True
        for note in g["notes"]:
            assert words(note) in text
        if g["steps"]:
            assert words("first step: " + g["steps"][0]) in text
    assert words(data["diagnosis"]["why"]) in text
    for step in data["findings"][0]["steps"]:
        assert words(step) in text
    for url in data["findings"][0]["docs"]:
        assert url in verbose
    assert not [line for line in run("diagnose", "--log", str(log), "--verbose").split("\n") if len(line) > 80]


def test_the_cause_comes_first_when_its_cooldown_is_bigger(tmp_path):
    """Six requests refused in cooldown after one 401: the 401 is what to fix, and the cooldown's line
    names it."""
    lines = (ROOT / COOLDOWN).read_text().split("\n")
    log = tmp_path / "proxy.log"
    log.write_text("\n".join(lines[:4] + lines[4:6] * 6) + "\n")
    data = json.loads(run("diagnose", "--log", str(log), "-f", "json"))
    symptom = next(g for g in data["groups"] if g["symptom"])
    cause = next(g for g in data["groups"] if g["id"] == symptom["caused_by"][0])
    assert symptom["count"] == 6 > cause["count"] == 1
    out = run("diagnose", "--log", str(log)).split("\n")
    assert out[0].startswith("✗ 7 failures in 2 groups, 10:14:02 – 10:14:04 (2 s)")
    head = next(i for i, line in enumerate(out) if line.startswith("✗ auth  "))
    fix = fix_index(out)
    assert out[head].startswith(f"✗ auth  {cause['id']}  Anthropic refused the API key") and head < fix
    assert words(" ".join(out[fix:fix + 4]))[4:].startswith(words(cause["steps"][0])[:50])
    row = next(line for line in out[fix:] if line.startswith(symptom["id"] + " "))
    assert f"symptom of {cause['id']}: Every deployment" in row


def _group(gid: str, **kw) -> LogGroup:
    base = dict(id=gid, signature=gid, count=1, first_seen=None, last_seen=None, category="other", rule_id=None)
    return LogGroup(**{**base, **kw})


def _symptom_first_report() -> Report:
    """What build_report makes of a log whose requests all failed in cooldown (G1, 9 of them, first seen
    before anything else) after deployment calls the Router retried hit 429s (G2, a group of failed calls):
    the diagnosis is the cooldown's, the only request failure a rule explains."""
    cooldown = _group("G1", count=9, first_seen="10:00:01", last_seen="10:09:00", category="routing",
                      rule_id="LD-ROUTE-001", model_groups=("gpt-4o",), title="Every deployment of `gpt-4o` is in cooldown",
                      symptom=True, steps=("Find the real error first.",), caused_by=("G2",), statuses=(("429", 9),),
                      why="The router put every deployment in cooldown after earlier failures.")
    limit = _group("G2", kind="call", count=3, first_seen="10:00:05", last_seen="10:08:58", category="quota_rate",
                   rule_id="LD-RATE-002", model_groups=("gpt-4o",), title="The provider's rate limit was reached",
                   steps=("Set `rpm: 500` on the deployment in `model_list`.", "Add a fallback."), explains=("G1",),
                   why="The provider answered 429: this key sent too many requests a minute. More.")
    findings = tuple(Finding(rule_id=g.rule_id, category=g.category, severity="error", title=g.title,
                             message=f"{g.id}: {g.count} failed requests on gpt-4o: {g.title}", steps=g.steps,
                             docs=("https://docs.litellm.ai/docs/routing",))
                     for g in (cooldown, limit))
    d = Diagnosis(rule_id="LD-ROUTE-001", name="no-deployments-all-in-cooldown", title=cooldown.title,
                  category="routing", confidence=0.9, why=cooldown.why, symptom=True)
    return Report(command="diagnose", category="routing", diagnosis=d, findings=findings, groups=(cooldown, limit),
                  facts={"log_file": "proxy.log", "log_failures": "9", "log_groups": "2", "log_bytes": "100"})


def test_the_cause_of_a_cooldown_diagnosis_is_what_to_fix():
    report = _symptom_first_report()
    assert most_important(report.groups).id == "G1" and root_cause(report.groups).id == "G2"
    lines = get_formatter("text", width=80).render(report).split("\n")
    assert lines[0] == "✗ 9 failures in 2 groups, 10:00:01 – 10:09:00 (8 min)  in proxy.log"
    assert lines[3] == "✗ quota_rate  G2  The provider's rate limit was reached"
    assert lines[4] == "  The provider answered 429: this key sent too many requests a minute."
    assert lines[5] == "  G2 · LD-RATE-002 · 3 failed calls on gpt-4o · explains G1 (cooldown)"
    assert lines[7] == "Fix  Set `rpm: 500` on the deployment in `model_list`."
    assert listed(lines) == ["G1", "G2"]
    assert "LD-ROUTE-001  symptom of G2" in lines[9] and " 3 calls  10:00:05–10:08:58  LD-RATE-002" in lines[10]
    verbose = "\n".join(get_formatter("text", width=80, verbose=True).render(report).split("\n"))
    assert "What G2 means:  The provider's rate limit was reached" in verbose and "  2. Add a fallback." in verbose
    md = get_formatter("markdown").render(report)
    assert "Fix G2 first: G1 is its symptom." in md.split("\n")[2]


# proxy-default from its refused connections on (the 401s and their cooldown before them are left out): G1, the
# refused connections, is the group to fix first.
REFUSED_FIRST = (str(FIXTURES / "proxy-default.log"), "--since", "03:57:55")


def _refused_config(tmp_path, api_base: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: refused\n"
        "    litellm_params:\n"
        "      model: openai/healthy\n"
        f"      api_base: {api_base}\n"
        "      api_key: os.environ/LD_TEST_FIRST_SCREEN_UNSET_KEY\n"
        "general_settings:\n"
        "  master_key: os.environ/LD_TEST_FIRST_SCREEN_MASTER\n"
    )
    return config


def test_with_config_the_fix_is_the_config_line(tmp_path):
    """--config: the config line the checks flag for the deployment involved that can cause the group's failure
    (a refused connection: the unset `api_base`, not the unset `api_key`), as the single-error first screen
    prints it, then the deployment's entry; found in the JSON, not written here."""
    config = _refused_config(tmp_path, "os.environ/LD_TEST_FIRST_SCREEN_UNSET_BASE")
    data = json.loads(run("diagnose", "--log", *REFUSED_FIRST, "--config", str(config), "-f", "json"))
    flagged = [f for f in data["findings"][1:] if f["location"] and f["severity"] in ("error", "warning")]
    lines = {f["location"]["line"] for f in flagged}
    assert {5, 6} <= lines, flagged  # the unset api_base and the unset api_key are both flagged
    out = run("diagnose", "--log", *REFUSED_FIRST, "--config", str(config)).split("\n")
    fix = fix_index(out)
    assert fix < FIRST_SCREEN and re.match(rf"Fix  {re.escape(str(config))}:5( |$)", out[fix]), out
    config_line = next(i for i, line in enumerate(out) if line.startswith("Config  "))
    block = words(" ".join(out[config_line:out.index("", config_line)]))
    assert fix < config_line and block.startswith(f"Config refused at {config}:2: `model: openai/healthy`")
    assert listed(out[config_line:]) == [g["id"] for g in data["groups"]]


def test_with_config_no_flagged_line_that_cannot_cause_the_failure_is_its_fix(tmp_path):
    """The lab's case (eighty-first pass): a refused connection, the deployment's `api_base` without `/v1` (a 404's
    cause) and its unset `api_key` (a 401's) flagged. Neither is the fix: G1's first step is, then the config entry;
    both lines stay in the JSON's findings."""
    config = _refused_config(tmp_path, "http://127.0.0.1:18099")
    data = json.loads(run("diagnose", "--log", *REFUSED_FIRST, "--config", str(config), "-f", "json"))
    assert data["diagnosis"]["rule_id"] == "LD-DEPLOY-009" and data["groups"][0]["rule_id"] == "LD-DEPLOY-009"  # G1
    flagged = {f["rule_id"]: f["location"]["line"] for f in data["findings"][1:] if f["location"] and f["severity"] != "info"}
    # the unset key still in the JSON; the pathless api_base no longer (only `info` since tests/config/real/: many
    # servers answer at the root, and a refused connection does not confirm it, as a 404 on the path would)
    assert "LD-CFG-091" not in flagged and flagged.get("LD-CFG-040") == 6, flagged
    out = run("diagnose", "--log", *REFUSED_FIRST, "--config", str(config)).split("\n")
    fix = fix_index(out)
    assert words(" ".join(line[5:] for line in out[fix:fix + 4])).startswith("Check the server is running and listening")
    assert words(" ".join(out[fix + 3:fix + 6])).startswith(f"Config refused at {config}:2:")
    assert str(config) + ":5" not in "\n".join(out) and str(config) + ":6" not in "\n".join(out)


@pytest.mark.parametrize("version", ["", "litellm-1.108.14"])
def test_with_config_a_group_whose_first_record_names_no_model_group_finds_its_deployment(tmp_path, version):
    """Eighty-first pass: G1's first record is the Router's INFO call line, which names no model group; its records
    name `bad-key` and `cooldown-401` (the report's `log_model_groups` fact), so `--config` finds their deployments: the
    unset key of `bad-key` (a 401's cause) is the fix and its entry the Config line. Before, no config line. The
    1.108.14 copy of this log names them only in `LiteLLM: model group 'bad-key' failed with the error above.`, read
    since the eighty-fourth pass (before, no model group on any of G1's records: no config line there)."""
    log = FIXTURES / version / "proxy-info-fallbacks.log"
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: healthy\n"
        "    litellm_params:\n"
        "      model: openai/healthy\n"
        "      api_key: os.environ/LD_TEST_FS81_HEALTHY_KEY\n"
        "  - model_name: bad-key\n"
        "    litellm_params:\n"
        "      model: openai/healthy\n"
        "      api_base: http://127.0.0.1:18099/v1\n"
        "      api_key: os.environ/LD_TEST_FS81_UNSET_KEY\n"
    )
    data = json.loads(run("diagnose", "--log", str(log), "--config", str(config), "-f", "json"))
    assert data["diagnosis"]["rule_id"] == "LD-AUTH-001" and "model_group" not in data["facts"]
    assert "bad-key" in data["facts"]["log_model_groups"]
    assert any(f["location"] == {"file": str(config), "line": 6} and f["severity"] == "info" for f in data["findings"])
    out = run("diagnose", "--log", str(log), "--config", str(config)).split("\n")
    fix = fix_index(out)
    assert fix < FIRST_SCREEN and re.match(rf"Fix  {re.escape(str(config))}:10( |$)", out[fix]), out
    assert any(words(line).startswith("Config bad-key at") for line in out[fix:fix + 12]), out
    assert str(config) + ":5" not in "\n".join(out)  # the healthy deployment's unset key is not this failure's


def test_the_group_to_fix_first_weighs_the_cooldowns_it_ends():
    """Eighty-first pass: a 401 on one request that put its group in cooldown for 3 more ends 4 failures, a 429 on 2
    requests ends 2: the 401 is the group to fix first (the diagnosis), though listed second. A tie keeps the
    first listed; a warning's cooldowns do not put it before an error."""
    g429 = _group("G1", count=2, rule_id="LD-RATE-002", category="quota_rate", first_seen="10:00:01")
    g401 = _group("G2", count=1, rule_id="LD-AUTH-001", category="auth", first_seen="10:00:00", explains=("G3",))
    cooldown = _group("G3", count=3, rule_id="LD-ROUTE-001", category="routing", symptom=True, caused_by=("G2",),
                      first_seen="10:00:02")
    assert most_important((g429, g401, cooldown)) is g401 and root_cause((g429, g401, cooldown)) is g401
    big429 = _group("G1", count=4, rule_id="LD-RATE-002", category="quota_rate", first_seen="10:00:01")
    assert most_important((big429, g401, cooldown)) is big429  # 4 against 1 + 3: the first listed
    warned = _group("G2", count=1, rule_id="LD-AUTH-001", category="auth", severity="warning", explains=("G3",))
    assert most_important((g429, warned, cooldown)) is g429


def test_the_lab_log_fixes_the_401_and_its_cooldown_first():
    """The lab's proxy-default log: the 401s (G1: 4 requests, and the 2 of G15's cooldown after them) end 6 failures,
    the most of any group (before the eighty-fourth pass its 5 connection errors were one group, G1, on 4 deployments:
    now one group per cause, the refused ones 2). G1 is the diagnosis and the first screen's group; its finding is
    the report's first (the one --config extends)."""
    log = str(FIXTURES / "proxy-default.log")
    data = json.loads(run("diagnose", "--log", log, "-f", "json"))
    assert data["diagnosis"]["rule_id"] == "LD-AUTH-001" and data["findings"][0]["message"].startswith("G1: ")
    out = run("diagnose", "--log", log).split("\n")
    assert out[4].startswith("✗ auth  G1  The provider refused the API key"), out
    assert "explains G15 (cooldown)" in words(" ".join(out[5:7])) and "symptom" not in " ".join(out[5:7])
    assert listed(out)[:2] == ["G1", "G2"]  # the list keeps the triage's order


def test_colour_only_changes_the_paint():
    report = _symptom_first_report()
    plain = get_formatter("text", width=80).render(report)
    painted = get_formatter("text", width=80, color=True).render(report)
    assert "\x1b[" not in plain and "\x1b[" in painted
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted) == plain


def test_no_rule_still_lists_every_group():
    groups = (_group("G1", count=2, first_seen="09:00:00", last_seen="09:00:30", title="Something odd happened"),
              _group("G2", kind="warning", severity="warning", count=1, first_seen="09:00:10", title="A warning"))
    report = Report(command="diagnose", category="unknown", diagnosis=None, groups=groups,
                    facts={"log_file": "x.log", "log_failures": "2", "log_groups": "2", "log_bytes": "9"})
    lines = get_formatter("text", width=80).render(report).split("\n")
    assert lines[0] == "✗ 2 failures in 2 groups, 09:00:00 – 09:00:30 (30 s)  in x.log"
    assert "No rule in the library explains these failures" in lines[3]
    assert listed(lines) == ["G1", "G2"] and "1 warning" in lines[-3]
    assert "Fix" not in "\n".join(lines)


@pytest.mark.parametrize("times, want", [
    ((("03:57:54", "03:57:54"),), "at 03:57:54"),
    ((("03:57:55", "03:57:56"), ("03:57:54", None)), "03:57:54 – 03:57:56 (2 s)"),
    ((("2026-11-24T03:58:08.011302", "2026-11-24T03:58:09.2"),), "2026-11-24 03:58:08 – 03:58:09 (1 s)"),
    ((("2026-11-24T23:58:00Z", "2026-11-25T00:03:00Z"),), "2026-11-24 23:58:00 – 2026-11-25 00:03:00 (5 min)"),
    ((("01:00:00", "14:00:00"),), None),  # times of day 13 h apart: maybe two days, no span claimed
    ((("2026-11-24 01:00:00", None), ("01:00:05", None)), None),  # a date on some only
    ((("1733412345", None),), None),
    ((("03:04:10", None), (None, None)), None),  # a group without a time: its failures may be anywhere
])
def test_time_span(times, want):
    groups = [_group(f"G{n}", first_seen=a, last_seen=b) for n, (a, b) in enumerate(times, 1)]
    assert time_span(groups) == want


def test_markdown_puts_the_verdict_and_the_groups_before_the_other_findings():
    log = str(LOGS[0])
    data = json.loads(run("diagnose", "--log", log, "-f", "json"))
    md = run("diagnose", "--log", log, "-f", "markdown").split("\n")
    assert md[0].startswith(f"### litellm-doctor: {data['diagnosis']['category']} — ")
    assert md[2].startswith(f"**{data['facts']['log_failures']} failures in {len(data['groups'])} groups**, 03:57:54 – 03:57:56 (2 s)")
    fix, table = md.index("#### How to fix"), md.index("#### Log: failure groups")
    second = next(i for i, line in enumerate(md) if line.startswith(f"#### `{data['findings'][1]['rule_id']}`"))
    assert fix < table < second
    assert [line.split(" | ")[0][2:] for line in md[table + 4:table + 4 + len(data["groups"])]] == [g["id"] for g in data["groups"]]
