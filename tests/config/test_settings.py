"""--select / --ignore, project settings and inline `# litellm-doctor: ignore[...]` comments."""

from __future__ import annotations

import pytest

from cfg_helpers import write
from litellm_doctor.config import load_config
from litellm_doctor.config.engine import run_checks
from litellm_doctor.config.settings import load_project_settings
from litellm_doctor.errors import InputError

TEXT = """
model_list:
  - model_name: a
    litellm_params:
      model: anthropc/x  # litellm-doctor: ignore[LD-CFG-011]
  - model_name: b
    litellm_params:
      # litellm-doctor: ignore[unknown-provider]
      model: anthropc/y
  - model_name: c
    litellm_params:
      model: anthropc/z
router_settings:
  cooldown_time: 0  # litellm-doctor: ignore
"""


def ids(report):
    return [f.rule_id for f in report.findings]


def test_inline_ignores(tmp_path):
    report = run_checks(load_config(write(tmp_path, TEXT), environ={}))
    assert ids(report).count("LD-CFG-011") == 1  # only model c
    assert "LD-CFG-075" not in ids(report)
    assert any("suppressed" in n for n in report.notes)


def test_select_and_ignore_by_id_name_and_prefix(tmp_path):
    cfg = load_config(write(tmp_path, TEXT), environ={})
    assert set(ids(run_checks(cfg, select=["unknown-provider"]))) == {"LD-CFG-011"}
    assert set(ids(run_checks(cfg, select=["LD-CFG-07"]))) <= {f"LD-CFG-0{n}" for n in range(70, 84)}
    assert "LD-CFG-011" not in ids(run_checks(cfg, ignore=["LD-CFG-011,LD-CFG-078"]))
    with pytest.raises(InputError, match="no check 'nope'"):
        run_checks(cfg, select=["nope"])


def test_pyproject_settings_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.litellm-doctor]\nignore = ["plaintext-secret"]\nfail-on = "warning"\nworkers = 3\nenv-files = [".env.prod"]\n')
    cfg = write(tmp_path / "deploy" / "proxy", "model_list: []\n")
    settings = load_project_settings(cfg)
    assert settings.ignore == ("plaintext-secret",) and settings.fail_on == "warning" and settings.workers == 3
    assert settings.env_files[0].endswith(".env.prod")


def test_yaml_settings_win_in_the_same_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.litellm-doctor]\nselect = ["LD-CFG-011"]\n')
    (tmp_path / ".litellm-doctor.yaml").write_text("select: [LD-CFG-040]\nstrict-env: true\n")
    settings = load_project_settings(write(tmp_path, "model_list: []\n"))
    assert settings.select == ("LD-CFG-040",) and settings.strict_env is True


def test_pyproject_without_table_does_not_stop_search(tmp_path):
    (tmp_path / ".litellm-doctor.yaml").write_text("fail-on: info\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert load_project_settings(write(tmp_path / "sub", "model_list: []\n")).fail_on == "info"


def test_unknown_setting_is_refused(tmp_path):
    (tmp_path / ".litellm-doctor.yaml").write_text("selct: [x]\n")
    with pytest.raises(InputError, match="did you mean `select`"):
        load_project_settings(write(tmp_path, "model_list: []\n"))


def test_a_pyproject_that_does_not_name_us_is_not_parsed(tmp_path):
    """tomllib is not loaded for another project's pyproject.toml (probe's start-up): not even a broken one stops the search."""
    (tmp_path / ".litellm-doctor.yaml").write_text("workers: 2\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project\nname = 'x'\n")  # not TOML
    assert load_project_settings(write(tmp_path / "sub", "model_list: []\n")).workers == 2
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.litellm-doctor\nworkers = 3\n")
    with pytest.raises(InputError, match=r"cannot read \[tool.litellm-doctor\]"):
        load_project_settings(write(tmp_path / "sub", "model_list: []\n"))


def test_no_config_no_settings_file_no_lookup():
    assert load_project_settings(None).source is None


def test_the_workers_setting_counts_all_processes_over_the_files(tmp_path):
    """`workers` (all processes, as check --workers) wins over the files' replicas x workers; the command line's
    per-replica --workers of probe and report (DeployShape.per_replica) wins over it."""
    from pathlib import Path

    scaled = Path(__file__).parent / "deploy" / "compose-scaled"
    (tmp_path / "pyproject.toml").write_text('[tool.litellm-doctor]\ndeploy = ["' + str(scaled) + '"]\nworkers = 30\n')
    config = write(tmp_path / "proxy", "model_list: []\n")
    project = load_project_settings(config)
    shape = project.deployment(config)
    assert shape.files_processes == 12 and shape.processes == 30
    assert shape.source == f"the `workers` setting, {tmp_path / 'pyproject.toml'}"
    assert shape.check_options(None, None)["workers"] == 30 and shape.check_options(7, None)["workers"] == 7
    assert shape.per_replica(2)[0] == 6  # 3 replicas (the files) x 2 workers (--workers)
    assert shape.fleet_processes(2) == (30, shape.source)
    assert shape.fleet_processes(40) == (40, f"40 replicas probed, more than 30 ({shape.source})")
    summary = shape.summary()
    assert summary.startswith("deployment files: 12 LiteLLM processes = 3 replicas") and summary.endswith(
        f"30 LiteLLM processes (the `workers` setting, {tmp_path / 'pyproject.toml'}), over the files' count")
    # --deploy wins over the `deploy` setting; without either, the files beside the config (none here)
    assert project.deployment(config, [str(tmp_path / "proxy")]).files_processes is None
    assert project.names_deploy(None) and not load_project_settings(None).names_deploy(None)


def test_another_projects_pyproject_loads_no_toml_parser(tmp_path):
    """`probe --config` looks the settings up before its first request: a pyproject.toml of the user's own project
    (no [tool.litellm-doctor]) costs a read, not tomllib's import; one that names us is parsed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'gateway'\ndependencies = ['litellm[proxy]']\n")
    cfg = write(tmp_path / "proxy", "model_list: []\n")
    code = ("import sys; from litellm_doctor.config.settings import load_project_settings as load; "
            f"s = load({str(cfg)!r}); print('tomllib' in sys.modules, s.source)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    run = lambda: subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60).stdout.split()  # noqa: E731
    assert run() == ["False", "None"]
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'gateway'\n\n[tool.litellm-doctor]\nworkers = 2\n")
    assert run() == ["True", str(tmp_path / "pyproject.toml")]
