"""Hardening review 23 (session 23's harden23): each test failed before its fix."""

from __future__ import annotations

import os
import subprocess
import sys

from hardening_helpers import cli_env, run_cli

CONFIG = ("model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n"
          "      api_key: os.environ/OPENAI_API_KEY\n")
OUTSIDE = "auths:\n  registry.example.com:\n    auth: dXNlcjpwYXNzd29yZA==\nrunner_private_key_name: x\n"
NOT_CI = {"CI": "", "GITHUB_ACTIONS": "", "GITHUB_WORKSPACE": "", "CI_PROJECT_DIR": ""}


def _workspace(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "secret.yaml").write_text(OUTSIDE)
    (repo / "config.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    return repo


def _precommit(args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "litellm_doctor.config.precommit", *args], cwd=cwd,
                          env=cli_env({**NOT_CI, **(env or {})}), capture_output=True, text=True, timeout=60)


def test_ci_and_precommit_refuse_a_config_linked_outside_the_workspace(tmp_path):
    """A pull request's `config.yaml -> ~/.docker/config.json` had `check --format github` (the Action) and the
    pre-commit hook print the linked file's top-level keys as findings. In CI (CI=true, GITHUB_ACTIONS=true) and in
    the pre-commit hook such a config is refused: one line, exit 2. Interactive `check` still reads it."""
    repo = _workspace(tmp_path)
    for env in ({"CI": "true"}, {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo)}, {"CI_PROJECT_DIR": str(repo), "CI": "1"}):
        for fmt in ("github", "sarif", "text", "junit", "json"):
            run = run_cli(["check", "config.yaml", "-f", fmt], cwd=str(repo), env={**NOT_CI, **env})
            assert run.returncode == 2, (env, fmt, run.output)
            assert "runner_private_key_name" not in run.output and "auths" not in run.output
            assert "outside the workspace" in run.stderr and "Traceback" not in run.output
            assert len(run.stderr.strip().splitlines()) == 1
    run = _precommit(["--format", "text", "config.yaml"], cwd=str(repo))
    assert run.returncode == 2 and "runner_private_key_name" not in run.stdout + run.stderr
    assert "outside the workspace" in run.stderr
    # several configs: the linked one is not checked, the other one is
    (repo / "ok.yaml").write_text(CONFIG)
    run = run_cli(["check", "config.yaml", "ok.yaml", "-f", "github"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert run.returncode == 2 and "runner_private_key_name" not in run.output
    # interactive: read as ever
    run = run_cli(["check", "config.yaml", "-f", "github"], cwd=str(repo), env=NOT_CI)
    assert run.returncode == 0 and "runner_private_key_name" in run.stdout


def test_ci_keeps_reading_links_inside_the_workspace_and_files_named_outside_it(tmp_path):
    """A ConfigMap mount (config.yaml -> ..data/config.yaml -> ..2026_x/config.yaml) and a repository's own link
    stay readable in CI; so does a config the workflow names outside the workspace (rendered into $RUNNER_TEMP)."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "..2026_12_07").mkdir()
    (repo / "..2026_12_07" / "config.yaml").write_text(CONFIG)
    (repo / "..data").symlink_to("..2026_12_07")
    (repo / "config.yaml").symlink_to("..data/config.yaml")
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert run.returncode == 0, run.output
    run = _precommit(["config.yaml"], cwd=str(repo))
    assert run.returncode == 0, run.stdout + run.stderr
    rendered = tmp_path / "runner_temp" / "rendered.yaml"
    rendered.parent.mkdir()
    rendered.write_text(CONFIG)
    run = run_cli(["check", str(rendered)], cwd=str(repo), env={**NOT_CI, "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo)})
    assert run.returncode == 0, run.output


def test_ci_refuses_an_include_or_a_dotenv_reaching_outside_the_workspace(tmp_path):
    """`include: [../../home/secret.yaml]` (or a `.env` beside the config linked outside) read another file in CI."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "secret.yaml").write_text(OUTSIDE)
    (repo / "config.yaml").write_text(CONFIG + "include:\n  - ../home/secret.yaml\n")
    run = run_cli(["check", "config.yaml", "-f", "github"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert run.returncode == 2 and "runner_private_key_name" not in run.output and "outside the workspace" in run.stderr
    assert "config.yaml:" in run.stderr  # where the include is written
    run = run_cli(["check", "config.yaml", "-f", "github"], cwd=str(repo), env=NOT_CI)
    assert "runner_private_key_name" in run.stdout  # interactive: read as LiteLLM would
    (repo / "config.yaml").write_text(CONFIG)
    (tmp_path / "home" / "env").write_text("OPENAI_API_KEY=sk-not-for-you\n")
    os.symlink(tmp_path / "home" / "env", repo / ".env")
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert run.returncode == 2 and ".env" in run.stderr, run.output
    run = run_cli(["check", "config.yaml", "--no-dotenv"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert run.returncode == 0, run.output


SECRET = "Zq8vN3kP1wX7yR4tL9mB2cF6hJ0sD5gA"  # no known shape: masked because the config holds it as api_key


def test_a_megabytes_long_config_value_is_cut_after_masking_in_every_format(tmp_path):
    """A 3 MB `model:` was printed in full (twice: message and step) in every format, 6 to 45 MB of output. Every
    string of the report is now masked, then a run of more than 1000 characters without a space keeps its head and
    tail with `…[N-characters-cut]…` between; a secret standing where the cut falls is already its mask."""
    value = "openai/" + "y" * 180 + SECRET + "y" * 3_000_000
    (tmp_path / "big.yaml").write_text(
        f"model_list:\n  - model_name: a\n    litellm_params:\n      model: {value}\n      api_key: {SECRET}\n")
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        run = run_cli(["check", "big.yaml", "-f", fmt], cwd=str(tmp_path))
        assert run.returncode in (0, 1), (fmt, run.output[-2000:])
        assert len(run.stdout) < 40_000, (fmt, len(run.stdout))
        assert "-characters-cut]" in run.stdout, fmt
        assert SECRET[:8] not in run.output, fmt
    run = run_cli(["report", "--config", "big.yaml"], cwd=str(tmp_path))
    assert run.returncode == 0 and len(run.stdout) < 40_000 and "-characters-cut]" in run.stdout
    assert SECRET[:8] not in run.output


class _Endless:
    """A stream that never ends (`yes`)."""

    def read(self, n: int = -1) -> bytes:
        return b"y\n" * (max(n, 2) // 2)


def test_an_endless_stdin_paste_stops_at_its_read_cap():
    """`yes | litellm-doctor diagnose -` never ended: the paste is read to its end for its tail, and the idle
    timeout never fires on a pipe that keeps sending. The read now stops at 64 MiB and the windows read are
    diagnosed, with a note that says so."""
    from litellm_doctor.boundedio import STREAM_READ_MAX, read_stream_upto

    data, cut, stopped = read_stream_upto(_Endless())
    assert cut and stopped and len(data) <= 600 * 1024
    assert STREAM_READ_MAX <= 64 * 1024 * 1024
    env = cli_env(NOT_CI)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src")),
                                                    env.get("PYTHONPATH", "")) if p)
    run = subprocess.run(["sh", "-c", f"yes | {sys.executable} -m litellm_doctor diagnose -"], env=env,
                         capture_output=True, text=True, timeout=90)
    assert run.returncode in (0, 1), run.stderr
    assert "still coming after 64 MiB" in run.stdout + run.stderr and "Traceback" not in run.stderr


def test_ci_refuses_settings_and_deployment_files_beside_a_config_linked_outside_the_workspace(tmp_path):
    """In CI, `.litellm-doctor.yaml -> ~/.docker/config.json` printed its first key (`unknown litellm-doctor setting
    `auths``) and `docker-compose.yml -> …` was read for the image tag and workers. Every file read through the
    bounded reader and named inside the workspace must really be inside it (boundedio.CONFINED_TO)."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "config.yaml").write_text(CONFIG)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "secret.yaml").write_text(OUTSIDE)
    (tmp_path / "home" / "compose.yaml").write_text(
        "services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main-v1.50.0\n    command: [\"--num_workers\", \"7\"]\n")
    (repo / ".litellm-doctor.yaml").symlink_to(tmp_path / "home" / "secret.yaml")
    ci = {**NOT_CI, "CI": "true"}
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env=ci)
    assert run.returncode == 2 and "auths" not in run.output and "outside the workspace" in run.stderr, run.output
    (repo / ".litellm-doctor.yaml").unlink()
    (repo / "docker-compose.yml").symlink_to(tmp_path / "home" / "compose.yaml")
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env=ci)
    assert "1.50.0" not in run.output and "7 workers" not in run.output, run.output
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env=NOT_CI)
    assert "1.50.0" in run.output  # interactive: read


def test_ci_does_not_read_variable_names_from_a_compose_file_linked_outside_the_workspace(tmp_path):
    """deployenv.read_bounded opened `docker-compose.yml` itself (not through the bounded reader): in CI a link to a
    runner's compose file was still read for the names it declares (`taken as set from the deployment beside the
    config`)."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "config.yaml").write_text(CONFIG.replace("OPENAI_API_KEY", "RUNNER_ONLY_NAME_XYZ"))
    (tmp_path / "oc.yaml").write_text("services:\n  litellm:\n    image: x\n    environment:\n      RUNNER_ONLY_NAME_XYZ: v\n")
    (repo / "docker-compose.yml").symlink_to(tmp_path / "oc.yaml")
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env={**NOT_CI, "CI": "true"})
    assert "taken as set" not in run.stdout and "cannot see: RUNNER_ONLY_NAME_XYZ" in " ".join(run.stdout.split()), run.output
    run = run_cli(["check", "config.yaml"], cwd=str(repo), env=NOT_CI)
    assert "taken as set" in run.stdout


def test_the_confinement_ends_with_the_command(tmp_path, monkeypatch):
    """`check` in CI sets the bounded reader's workspace and the pre-commit entry its flag: both are reset when the
    command ends, so a process that runs several commands (the tests) is not confined by an earlier one."""
    import typer

    from litellm_doctor import boundedio
    from litellm_doctor.cli import app
    from litellm_doctor.config import confine, precommit

    (tmp_path / ".git").mkdir()
    (tmp_path / "config.yaml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "true")
    try:
        app(["check", "config.yaml"], standalone_mode=False)
    except typer.Exit:
        pass
    assert boundedio.CONFINED_TO is None
    monkeypatch.delenv("CI")
    assert precommit.main(["config.yaml"]) in (0, 1)
    assert confine.PRE_COMMIT is False and boundedio.CONFINED_TO is None


def test_a_time_window_out_of_the_dates_range_is_one_line_not_an_internal_error(tmp_path):
    """`--since 99999999999d`, `--since 1000000d`, `--since 0001-01-01T00:00+05:00` (exit 3: OverflowError), and a log
    line dated `0001-01-01 00:00:00+05:00` read under --since (exit 3 from the log's own text)."""
    log = tmp_path / "p.log"
    log.write_text("0001-01-01 00:00:00+05:00 ERROR litellm.RateLimitError: x\n9999-12-31 23:59:59-05:00 ERROR y\n"
                   + "".join(f"2026-12-07 10:00:{i + 10} ERROR litellm.RateLimitError: z\n" for i in range(25)))
    for since in ("99999999999d", "1000000d", "0001-01-01T00:00+05:00", "9999-12-31T23:59-05:00", "9" * 30 + "s"):
        for command in (["diagnose", "--log", str(log)], ["watch", str(log)]):
            run = run_cli([*command, "--since", since], env=NOT_CI, timeout=30)
            assert run.returncode == 2 and "outside the dates" in run.stderr, (command, since, run.output)
    run = run_cli(["diagnose", "--log", str(log), "--since", "2026-12-07T09:00"], env=NOT_CI)
    assert run.returncode in (0, 1) and "internal error" not in run.stderr, run.output
