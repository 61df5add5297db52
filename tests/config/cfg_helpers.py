"""Helpers for the config tests (imported as cfg_helpers): write a config into tmp_path, load it with a controlled environment."""

from __future__ import annotations

import textwrap
from pathlib import Path

from litellm_doctor.config import load_config
from litellm_doctor.config.checks import Options
from litellm_doctor.config.engine import run_checks


def write(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def findings(tmp_path: Path, text: str, check_id: str | None = None, env: dict | None = None, **options):
    path = write(tmp_path, text)
    config = load_config(path, environ=env or {}, use_dotenv=False)
    report = run_checks(config, select=[check_id] if check_id else (), options=Options(**options))
    return report.findings


def assert_case(tmp_path: Path, check_id: str, failing: str, passing: str, env: dict | None = None, **options) -> None:
    """`failing` must produce `check_id` (any severity); `passing` must not."""
    bad = findings(tmp_path / "fail", failing, check_id, env, **options)
    assert any(f.rule_id == check_id for f in bad), f"{check_id} did not fire on its failing example"
    good = findings(tmp_path / "pass", passing, check_id, env, **options)
    assert not any(f.rule_id == check_id for f in good), f"{check_id} fired on its passing example: {[f.message for f in good]}"
