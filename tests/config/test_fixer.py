"""`check --fix` / `--diff`: safe fixes applied as text edits, everything else in the file untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fuzz_profiles
from cfg_helpers import write
from litellm_doctor.config import load_config
from litellm_doctor.config.engine import run_checks
from litellm_doctor.config.fixer import fix_config, is_unsafe, plan_fixes
from litellm_doctor.errors import InputError

BROKEN = sorted((Path(__file__).parents[2] / "examples" / "configs" / "broken").glob("*.yaml"))


def _fix(path: Path, *, unsafe: bool = False, write_files: bool = True):
    load = lambda: load_config(path, environ={}, use_dotenv=False)  # noqa: E731
    return fix_config(load(), lambda cfg, fixes: run_checks(cfg, fixes=fixes), load, unsafe=unsafe, write=write_files)


def _remaining_fixes(path: Path):
    fixes: list = []
    run_checks(load_config(path, environ={}, use_dotenv=False), fixes=fixes)
    return fixes


@pytest.mark.parametrize("example", BROKEN, ids=[p.name for p in BROKEN])
def test_fix_on_every_broken_example_loads_and_leaves_only_unsafe_fixes(tmp_path, example):
    path = tmp_path / example.name
    shutil.copy(example, path)
    result, _ = _fix(path)
    assert not result.failed, result.failed
    load_config(path, environ={}, use_dotenv=False)  # still loads
    left = _remaining_fixes(path)
    assert all(is_unsafe(fix) for _, fix in left), [(f.rule_id, fix) for f, fix in left]
    # every comment line survives
    before = [line for line in example.read_text().splitlines() if line.lstrip().startswith("#")]
    after = [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]
    assert before == after


def test_unsafe_fixes_only_when_asked(tmp_path):
    text = "model_list:\n  - model_name: q\n    litellm_params:\n      model: ollama/qwen\n      api_base: http://o:11434/v1  # native API\n"
    path = write(tmp_path, text)
    result, _ = _fix(path)
    assert path.read_text() == text and result.skipped_unsafe
    _fix(path, unsafe=True)
    assert path.read_text() == text.replace("11434/v1  #", "11434  #")


def test_typo_rename_and_value_fixes_keep_quoting_comments_and_flow_style(tmp_path):
    text = (
        "# my proxy\n"
        "model_list:\n"
        "  - model_name: claude   # the main one\n"
        "    litellm_params: {model: 'anthropc/claude-sonnet-4-20250514', api_key: os.environ/ANTHROPIC_API_KEY}\n"
        "router_settings:\n"
        "  cooldown_tme: 30 # seconds\n"
        '  timeout: "60s"\n'
    )
    path = write(tmp_path, text)
    _fix(path)
    assert path.read_text() == (
        "# my proxy\n"
        "model_list:\n"
        "  - model_name: claude   # the main one\n"
        "    litellm_params: {model: 'anthropic/claude-sonnet-4-20250514', api_key: os.environ/ANTHROPIC_API_KEY}\n"
        "router_settings:\n"
        "  cooldown_time: 30 # seconds\n"
        "  timeout: 60\n"
    )


def test_a_key_in_the_wrong_section_is_moved_with_its_comment(tmp_path):
    text = (
        "model_list: []\n"
        "drop_params: true  # send only what the provider takes\n"
        "general_settings:\n"
        "  master_key: os.environ/LITELLM_MASTER_KEY\n"
        "  request_timeout: 120\n"
        "litellm_settings:\n"
        "  set_verbose: false\n"
    )
    path = write(tmp_path, text)
    result, report = _fix(path)
    assert len(result.applied) == 2
    assert path.read_text() == (
        "model_list: []\n"
        "general_settings:\n"
        "  master_key: os.environ/LITELLM_MASTER_KEY\n"
        "litellm_settings:\n"
        "  drop_params: true  # send only what the provider takes\n"
        "  request_timeout: 120\n"
        "  set_verbose: false\n"
    )
    config = load_config(path, environ={}, use_dotenv=False)
    assert config.raw["litellm_settings"] == {"request_timeout": 120, "drop_params": True, "set_verbose": False}
    assert not any(f.rule_id in ("LD-CFG-001", "LD-CFG-050") for f in report.findings)


def test_move_creates_the_section_when_missing(tmp_path):
    path = write(tmp_path, "model_list: []\ngeneral_settings:\n  drop_params: true\n")
    _fix(path)
    assert load_config(path, environ={}, use_dotenv=False).raw["litellm_settings"] == {"drop_params": True}


def test_shell_reference_becomes_os_environ_but_a_resolved_value_is_never_written(tmp_path):
    path = write(tmp_path, "model_list:\n  - model_name: m\n    litellm_params:\n      model: mistral/mistral-large-latest\n"
                 "      api_key: ${MISTRAL_API_KEY}\n      api_base: os.environ/BASE\n")
    config = load_config(path, environ={"BASE": "http://vllm:8000/v1/chat/completions"}, use_dotenv=False)
    fixes: list = []
    run_checks(config, fixes=fixes)
    result = plan_fixes(config, fixes)
    after = result.files[config.path][1]
    assert "api_key: os.environ/MISTRAL_API_KEY" in after and "api_base: os.environ/BASE" in after
    assert any("os.environ/" in why for _, why in result.failed)


def test_a_fix_whose_result_would_not_load_is_not_applied(tmp_path, monkeypatch):
    from litellm_doctor.config import fixer

    path = write(tmp_path, "model_list: []\nrouter_settings:\n  cooldown_tme: 30\n")
    monkeypatch.setattr(fixer, "_apply_one", lambda text, fix: text + "bad: [\n")
    result, _ = _fix(path)
    assert path.read_text() == "model_list: []\nrouter_settings:\n  cooldown_tme: 30\n"
    assert result.failed and "would not load" in result.failed[0][1]


def test_diff_changes_nothing_and_fix_writes_atomically_through_a_symlink(tmp_path):
    real = write(tmp_path, "model_list: []\nrouter_settings:\n  cooldown_tme: 30\n", "real/config.yaml")
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    env = {k: v for k, v in os.environ.items() if k != "CONFIG_FILE_PATH"}
    diff = subprocess.run([sys.executable, "-m", "litellm_doctor", "check", str(link), "--diff"], capture_output=True, text=True, env=env)
    assert diff.returncode == 1 and "-  cooldown_tme: 30\n+  cooldown_time: 30" in diff.stdout
    assert "cooldown_tme" in real.read_text()
    done = subprocess.run([sys.executable, "-m", "litellm_doctor", "check", str(link), "--fix"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert link.is_symlink() and "cooldown_time: 30" in real.read_text()
    assert [p.name for p in real.parent.iterdir()] == ["config.yaml"]  # no temporary file left


def test_never_writes_through_a_symlink_to_a_non_regular_file(tmp_path):
    from litellm_doctor.config.fixer import _write_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "config.yaml"
    link.symlink_to(fifo)
    with pytest.raises(InputError):
        _write_atomic(link, "x: 1\n")


def test_plain_check_does_not_import_ruamel(tmp_path):
    path = write(tmp_path, "model_list: []\nrouter_settings:\n  cooldown_tme: 30\n")
    code = (
        "import sys; from litellm_doctor.config import load_config, run_checks; "
        f"run_checks(load_config({str(path)!r}, environ={{}})); print('ruamel' in sys.modules, 'litellm' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# -- property: a fix touches only its own line ------------------------------------------------------
_COMMENT = st.text(st.characters(min_codepoint=32, max_codepoint=126, blacklist_characters="\\"), max_size=20)
_SETTINGS = st.sampled_from(["drop_params: true", "num_retries: 2", "request_timeout: 30", "set_verbose: false"])


@settings(max_examples=fuzz_profiles.examples(60, 2000))
@given(
    comments=st.lists(_COMMENT, min_size=3, max_size=3),
    extra=st.lists(_SETTINGS, max_size=3, unique=True),
    quote=st.sampled_from(["", "'", '"']),
    typo=st.sampled_from([("cooldown_tme", "cooldown_time"), ("num_retrys", "num_retries"), ("alowed_fails", "allowed_fails")]),
)
def test_comments_and_unrelated_lines_are_byte_identical_after_a_fix(tmp_path_factory, comments, extra, quote, typo):
    bad, good = typo
    lines = [
        f"# {comments[0]}",
        "model_list:",
        "  - model_name: gpt-4o  # " + comments[1],
        "    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}",
        "litellm_settings:",
        *(f"  {s}" for s in extra),
        "router_settings:",
        f"  {quote}{bad}{quote}: 30  # {comments[2]}",
        "  timeout: 60",
        "",
    ]
    path = tmp_path_factory.mktemp("p") / "config.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    _fix(path)
    after = path.read_text(encoding="utf-8").split("\n")
    assert len(after) == len(lines)
    changed = [i for i, (a, b) in enumerate(zip(lines, after)) if a != b]
    assert changed == [lines.index(f"  {quote}{bad}{quote}: 30  # {comments[2]}")]
    assert after[changed[0]] == f"  {quote}{good}{quote}: 30  # {comments[2]}"


def test_included_files_are_fixed_only_where_paths_match(tmp_path):
    write(tmp_path, "model_list:\n  - model_name: a\n    litellm_params: {model: anthropc/claude-sonnet-4-20250514}\n"
          "router_settings:\n  cooldown_tme: 30\n", "models.yaml")
    root = write(tmp_path, "include: [models.yaml]\nmodel_list:\n  - model_name: b\n"
                 "    litellm_params: {model: opnai/gpt-4o}\n")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result, _ = _fix(Path("config.yaml"))
    finally:
        os.chdir(cwd)
    assert "model: openai/gpt-4o" in root.read_text()
    included = (tmp_path / "models.yaml").read_text()
    assert "cooldown_time: 30" in included and "anthropc/" in included
    assert any("included file" in why for _, why in result.failed)


def test_summary_line_carries_no_escape_sequence_or_runner_command():
    """The summary goes to stderr as it is (the CLI only masks it): a config path or a fixer's reason that
    holds an escape sequence (a ruamel message quotes the config's text) must not reach the terminal, and a
    `::error` in it must not become a CI runner's command."""
    from litellm_doctor.config.fixer import FixResult, summary
    from litellm_doctor.model import Finding, Location

    evil = "/tmp/a\x1b]0;pwned\x07\x1b[2K\r::error::x/config.yaml"
    finding = Finding("LD-CFG-011", "other", "warning", "t", "m", location=Location(evil, 3))
    result = FixResult(files={evil: ("a", "b")}, failed=[(finding, "found \x1b[31mred\x1b[0m\n::add-mask::x")])
    for wrote in (True, False):
        line = summary(result, wrote=wrote)
        assert not any(c in line for c in "\x1b\x07\r\n"), repr(line)
        assert "::error" not in line and "::add-mask" not in line
