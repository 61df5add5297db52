"""`check a.yaml b.yaml …` (hundred-and-sixth pass): several configs in one run, as a linter takes them (a glob,
pre-commit's file list). Real files, the real CLI in a subprocess: each config checked on its own, findings at their
own file:line, one report per format, the exit code the worst, a missing file one line that hides nothing else."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
GOOD = "model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, api_key: none}\nrouter_settings: {timeout: 60}\n"
BAD = "model_list:\n  - model_name: m\n    litellm_params: {model: opnai/gpt-4o, api_key: none}\n"  # LD-CFG-011 at line 3
REPORT_SCHEMA = json.loads((ROOT / "src/litellm_doctor/schemas/report.schema.json").read_text())
SARIF_SCHEMA = json.loads((ROOT / "tests/schemas/sarif-schema-2.1.0.json").read_text())


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=120, text=True)


def configs(tmp_path: Path) -> Path:
    for name, text in (("a/config.yaml", GOOD), ("b/config.yaml", BAD)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_text_a_header_per_config_its_findings_under_it_and_the_worst_exit_code(tmp_path):
    configs(tmp_path)
    proc = cli("check", "a/config.yaml", "b/config.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    a, b = proc.stdout.split("── b/config.yaml ")
    assert a.startswith("── a/config.yaml ") and "LD-CFG-011" not in a
    assert "b/config.yaml:3: LD-CFG-011" in b
    assert proc.stdout.rstrip().endswith("2 configs checked: 1 passed, 1 failed (findings at or above --fail-on)")
    assert cli("check", "a/config.yaml", "b/config.yaml", "--fail-on", "never", cwd=tmp_path).returncode == 0
    assert cli("check", "a/config.yaml", "./a/config.yaml", cwd=tmp_path).stdout.count("── ") == 0  # once: one config


def test_a_missing_file_is_its_one_line_error_exit_2_and_the_others_still_reported(tmp_path):
    configs(tmp_path)
    proc = cli("check", "a/config.yaml", "gone.yaml", "b/config.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("litellm-doctor: error: gone.yaml: config file not found")
    assert "b/config.yaml:3: LD-CFG-011" in proc.stdout and "── gone.yaml " in proc.stdout
    assert "✗ not checked: gone.yaml: config file not found" in proc.stdout
    assert proc.stdout.rstrip().endswith("3 configs checked: 1 passed, 1 failed (findings at or above --fail-on), 1 not checked")
    # A bad option is nobody's file: it ends the run before any config is read, one line, as with one config.
    for option in (("--select", "no-such-check"), ("--env-file", "missing.env"), ("--settings", "missing.toml"),
                   ("--upgrade-to", "banana"), ("--client-timeout", "1e12")):
        bad = cli("check", "a/config.yaml", "b/config.yaml", *option, cwd=tmp_path)
        assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1, (option, bad.stderr)
        assert "a/config.yaml" not in bad.stderr, bad.stderr


def test_each_config_has_its_own_project_settings(tmp_path):
    configs(tmp_path)
    (tmp_path / "b" / ".litellm-doctor.yaml").write_text("ignore: [unknown-provider]\n")
    proc = cli("check", "a/config.yaml", "b/config.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and "LD-CFG-011" not in proc.stdout, proc.stdout
    assert "settings: b/.litellm-doctor.yaml" in proc.stdout or "settings:" in proc.stdout.split("── b/config.yaml")[1]


def test_json_one_config_keeps_the_contract_several_add_configs_and_stay_a_valid_report(tmp_path):
    configs(tmp_path)
    one = json.loads(cli("check", "b/config.yaml", "--format", "json", cwd=tmp_path).stdout)
    assert "configs" not in one and one["facts"]["config"] == "b/config.yaml"
    proc = cli("check", "a/config.yaml", "gone.yaml", "b/config.yaml", "--format", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.validate(data, REPORT_SCHEMA)
    assert proc.returncode == 2 and data["command"] == "check"
    assert [(c["path"], c["exit_code"], c["error"] is None) for c in data["configs"]] == [
        ("a/config.yaml", 0, True), ("gone.yaml", 2, False), ("b/config.yaml", 1, True)]
    assert data["configs"][1]["report"] is None and "config file not found" in data["configs"][1]["error"]
    assert data["configs"][2]["report"]["findings"] == [f for f in data["findings"] if f["location"]["file"] == "b/config.yaml"]
    assert data["findings"][0]["rule_id"] == "LD-CFG-011" and data["findings"][0]["location"] == {"file": "b/config.yaml", "line": 3}


def test_sarif_one_run_with_the_results_of_every_config(tmp_path):
    configs(tmp_path)
    (tmp_path / "c.yaml").write_text(BAD.replace("opnai", "anthropc"))
    proc = cli("check", "b/config.yaml", "c.yaml", "gone.yaml", "--format", "sarif", cwd=tmp_path)
    log = json.loads(proc.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    assert proc.returncode == 2 and len(log["runs"]) == 1
    run = log["runs"][0]
    where = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"] if r["ruleId"] == "LD-CFG-011"}
    assert where == {("LD-CFG-011", "b/config.yaml", 3), ("LD-CFG-011", "c.yaml", 3)}
    assert [r["id"] for r in run["tool"]["driver"]["rules"]].count("LD-CFG-011") == 1  # one descriptor for both
    errors = [n for n in run["invocations"][0]["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1 and errors[0]["message"]["text"].startswith("gone.yaml: not checked")
    assert run["invocations"][0]["executionSuccessful"] is False
    assert run["properties"]["facts"] == {"configs": ["b/config.yaml", "c.yaml", "gone.yaml"]}


def test_junit_a_testsuite_per_config_and_github_annotations_per_file(tmp_path):
    configs(tmp_path)
    proc = cli("check", "a/config.yaml", "b/config.yaml", "gone.yaml", "--format", "junit", cwd=tmp_path)
    root = ET.fromstring(proc.stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"litellm-doctor check {p}" for p in ("a/config.yaml", "b/config.yaml", "gone.yaml")]
    assert suites[2].get("errors") == "1" and suites[2].find("testcase/error") is not None
    assert root.get("errors") == "1" and int(root.get("failures")) >= 1
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites))
    gh = cli("check", "a/config.yaml", "b/config.yaml", "gone.yaml", "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert any(line.startswith("::error file=b/config.yaml,line=3,title=LD-CFG-011") for line in gh)
    assert "::error file=gone.yaml,title=litellm-doctor::not checked: gone.yaml: config file not found" in "\n".join(gh)
    assert any(line.startswith("litellm-doctor: a/config.yaml: ") for line in gh)  # the notes say whose they are
    assert gh[-1] == "litellm-doctor: 3 configs checked: 1 passed, 1 failed (findings at or above --fail-on), 1 not checked"


def test_markdown_a_section_per_config(tmp_path):
    configs(tmp_path)
    out = cli("check", "a/config.yaml", "b/config.yaml", "--format", "markdown", cwd=tmp_path).stdout
    assert out.startswith("## litellm-doctor check: 2 configs")
    assert out.index("## `a/config.yaml`") < out.index("## `b/config.yaml`") < out.index("LD-CFG-011")


def test_fix_and_diff_apply_to_each_config_its_own_safe_fixes(tmp_path):
    broken = ROOT / "examples/configs/broken/typos-and-providers.yaml"
    for name in ("x", "y"):
        (tmp_path / name).mkdir()
        shutil.copy(broken, tmp_path / name / "config.yaml")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "config.yaml").write_text(GOOD)
    diff = cli("check", "x/config.yaml", "y/config.yaml", "z/config.yaml", "--diff", cwd=tmp_path)
    assert diff.returncode == 1
    assert "+++ x/config.yaml" in diff.stdout or "x/config.yaml" in diff.stdout.split("\n", 2)[0]
    assert diff.stdout.count("@@ ") >= 2 and "y/config.yaml" in diff.stdout and "z/config.yaml" not in diff.stdout
    assert (tmp_path / "x" / "config.yaml").read_text() == broken.read_text()  # --diff changes nothing
    assert [line.split(":")[1].strip() for line in diff.stderr.splitlines()] == ["x/config.yaml", "y/config.yaml", "z/config.yaml"]
    fixed = cli("check", "x/config.yaml", "y/config.yaml", "z/config.yaml", "--fix", cwd=tmp_path)
    assert (tmp_path / "x" / "config.yaml").read_text() == (tmp_path / "y" / "config.yaml").read_text() != broken.read_text()
    assert (tmp_path / "z" / "config.yaml").read_text() == GOOD
    assert "── x/config.yaml" in fixed.stdout and fixed.stderr.count("\n") == 3


def test_pre_commit_passes_every_file_to_one_run(tmp_path):
    configs(tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
    hook = subprocess.run([sys.executable, "-m", "litellm_doctor.config.precommit", "--format", "text", "--fail-on", "error",
                           "--no-color", "a/config.yaml", "b/config.yaml"], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=120)
    assert hook.returncode == 1 and "── a/config.yaml" in hook.stdout and "b/config.yaml:3: LD-CFG-011" in hook.stdout
    # an option's value that ends in .yaml is that option's, not a config to check
    (tmp_path / "deploy.yaml").write_text("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main-v1.103.0\n")
    hook = subprocess.run([sys.executable, "-m", "litellm_doctor.config.precommit", "--deploy", "deploy.yaml", "a/config.yaml"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert hook.returncode == 0 and "── " not in hook.stdout, hook.stdout + hook.stderr


def test_the_github_action_checks_every_config_line_and_keeps_the_sarif_when_one_is_unreadable(tmp_path):
    """action.yml's check step, run by bash as the runner runs it (a `litellm-doctor` on PATH being this tree's)."""
    import stat

    import yaml

    configs(tmp_path)
    (tmp_path / "with space").mkdir()
    (tmp_path / "with space" / "config.yaml").write_text(BAD)
    step = next(s for s in yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"] if s.get("id") == "check")
    shim = tmp_path / "bin" / "litellm-doctor"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m litellm_doctor "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    output = tmp_path / "github_output"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
           "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output), "LD_FAIL_ON": "error", "LD_ARGS": "",
           "LD_ANNOTATIONS": "true", "LD_CONFIG": "*/config.yaml\ngone.yaml"}
    ran = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs["exit-code"] == "2" and outputs["sarif-written"] == "true"
    log = json.loads((tmp_path / "litellm-doctor.sarif").read_text())
    jsonschema.validate(log, SARIF_SCHEMA)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert {"b/config.yaml", "with%20space/config.yaml"} <= uris  # (a URI reference: the space percent-encoded)
    assert log["runs"][0]["properties"]["facts"]["configs"] == ["a/config.yaml", "b/config.yaml", "with space/config.yaml", "gone.yaml"]
    assert "::error file=b/config.yaml,line=3,title=LD-CFG-011" in ran.stdout


def test_hostile_file_names_start_no_line_and_are_the_files_they_name_in_sarif(tmp_path):
    """review20: a config named `x\\n✓ all checks passed.yaml` printed that line of its own as the text format's
    header; SARIF's artifact URIs were the raw paths (`a b#1.yaml` is `a b` with a fragment for a URI reader, `c:d.yaml`
    a URI of scheme `c`, `%2F` decodes to a `/`): they are percent-encoded, as RFC 3986 and SARIF 2.1.0 ask."""
    names = ["x\n✓ all checks passed.yaml", "a b#1.yaml", "c:d.yaml", "e%2F..%2Ff.yaml"]
    for name in names:
        (tmp_path / name).write_text(BAD)
    proc = cli("check", *names, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert not any(line.startswith("✓") for line in proc.stdout.splitlines()), proc.stdout
    assert "── x ✓ all checks passed.yaml " in proc.stdout
    log = json.loads(cli("check", *names, "--format", "sarif", cwd=tmp_path).stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"x%0A%E2%9C%93%20all%20checks%20passed.yaml", "a%20b%231.yaml", "c%3Ad.yaml", "e%252F..%252Ff.yaml"}
    from urllib.parse import unquote

    assert {unquote(u) for u in uris} == set(names)


def test_fix_and_diff_of_hostile_file_names_print_no_escape_and_no_line_of_their_own(tmp_path):
    """review20: with several configs --fix's summary on stderr put each file name raw before it (an escape sequence
    reached the terminal, a line break printed a line of its own), and --diff's header with a name holding a line
    break named another file (`+++ b:evil.yaml`). The summary is cleaned and one line; the header is C-quoted as git
    quotes it, and git apply reads it back."""
    names = ["\x1b[31mRED\x1b[0m.yaml", "x\n+++ b:evil.yaml\n✓ fixed.yaml", "plain.yaml"]
    for name in names:
        (tmp_path / name).write_text(BAD)
    diff = cli("check", *names, "--diff", cwd=tmp_path)
    assert "\x1b" not in diff.stdout + diff.stderr
    assert not any(line.startswith(("+++ b:evil", "✓")) for line in (diff.stdout + diff.stderr).splitlines())
    assert '--- "a/x\\n+++ b:evil.yaml\\n✓ fixed.yaml"' in diff.stdout and '+++ "b/\\033[31mRED\\033[0m.yaml"' in diff.stdout
    assert diff.stderr.count("\n") == 3 and all(line.startswith("litellm-doctor: ") for line in diff.stderr.splitlines())
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        (tmp_path / "d.diff").write_text(diff.stdout)
        applied = subprocess.run(["git", "apply", "--check", "-v", "d.diff"], cwd=tmp_path, capture_output=True, text=True)
        assert applied.returncode == 0 and 'Checking patch "x\\n+++ b:evil.yaml' in applied.stderr, applied.stderr
    fixed = cli("check", *names, "--fix", cwd=tmp_path)
    assert "\x1b" not in fixed.stderr and fixed.stderr.count("\n") == 3, fixed.stderr
    assert all(line.startswith("litellm-doctor: ") for line in fixed.stderr.splitlines())


def test_a_config_not_checked_is_reported_with_the_same_bounded_line_as_stderr(tmp_path):
    """review20: the stderr line of a config that cannot be checked was cut to output.ERROR_LINE_MAX, but every
    format's report carried the whole message: a 100,000-digit int gave 100 KB in each."""
    configs(tmp_path)
    (tmp_path / "big.yaml").write_text("model_list:\n  - model_name: m\n    litellm_params: {model: openai/gpt-4o, rpm: "
                                       + "9" * 100_000 + "}\n")
    for fmt in ("text", "json", "markdown", "sarif", "github", "junit"):
        proc = cli("check", "a/config.yaml", "big.yaml", "--format", fmt, cwd=tmp_path)
        assert proc.returncode == 2 and "big.yaml:3: bad int value" in proc.stdout, fmt
        assert len(proc.stdout) < 40_000 and proc.stdout.count("9" * 2000) == 0, (fmt, len(proc.stdout))
    data = json.loads(cli("check", "a/config.yaml", "big.yaml", "--format", "json", cwd=tmp_path).stdout)
    assert data["configs"][1]["error"].endswith("…") and len(data["configs"][1]["error"]) <= 2000
