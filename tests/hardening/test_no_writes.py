"""The tool never writes to the user's files; what it writes (`report --output`) is written atomically
(issue 6, part 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hardening_helpers import run_cli
from hostile_servers import HostileServer
from secrets_planted import texts_with_secrets

ROOT = Path(__file__).resolve().parents[2]


def snapshot(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file below `directory`: content, mtime (ns) and mode."""
    out = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() or path.is_symlink():
            st = path.lstat()
            out[str(path.relative_to(directory))] = (path.read_bytes() if path.is_file() else b"", st.st_mtime_ns, st.st_mode)
    return out


@pytest.fixture
def user_dir(tmp_path):
    """A user's working directory: configs (with an include and a .env), logs, errors, rules, settings."""
    d = tmp_path / "user"
    (d / "rules").mkdir(parents=True)
    (d / "config.yaml").write_text((ROOT / "examples" / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (d / "shared.yaml").write_text("model_list:\n  - model_name: extra\n    litellm_params: {model: openai/gpt-4o-mini}\n",
                                   encoding="utf-8")
    (d / "with-include.yaml").write_text("include: [shared.yaml]\ngeneral_settings: {master_key: os.environ/LITELLM_MASTER_KEY}\n",
                                         encoding="utf-8")
    (d / ".env").write_text("OPENAI_API_KEY=sk-user-dotenv-0123456789abcdef\n", encoding="utf-8")
    (d / ".litellm-doctor.yaml").write_text("ignore: [LD-CFG-044]\n", encoding="utf-8")
    (d / "error.txt").write_text("\n".join(texts_with_secrets()), encoding="utf-8")
    (d / "proxy.log").write_bytes((ROOT / "tests" / "fixtures" / "logs" / "proxy-default.log").read_bytes())
    (d / "rules" / "LD-USER-001.yaml").write_text(
        "id: LD-USER-001\nname: user-rule\ncategory: other\ntitle: T\nwhy: W\nmatch:\n  any: ['litellm\\.BadThing']\n"
        "steps: [s]\ndocs: [https://docs.litellm.ai/]\nexamples:\n  - {expect: match, text: litellm.BadThing}\n",
        encoding="utf-8",
    )
    os.utime(d / "config.yaml", ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any rewrite shows
    return d


def test_no_command_changes_any_file_of_the_user(user_dir, tmp_path):
    before = snapshot(user_dir)
    cfg, inc, err, log, rules = (str(user_dir / n) for n in ("config.yaml", "with-include.yaml", "error.txt", "proxy.log", "rules"))
    out = tmp_path / "elsewhere"
    out.mkdir()
    with HostileServer("retry-after") as proxy:
        runs = [
            ["diagnose", "--error-file", err], ["diagnose", "--log", log], ["diagnose", "--error-file", err, "--config", cfg],
            ["diagnose", "--error-file", err, "--rules-dir", rules, "--format", "sarif"],
            ["diagnose", "--error-file", err, "--config", cfg, "--proxy", proxy.url, "--deep", "--timeout", "5"],
            ["check", cfg], ["check", cfg, "--diff", "--unsafe-fixes"], ["check", inc, "--format", "sarif"], ["check", inc, "--format", "junit", "--env-file", str(user_dir / ".env")],
            ["probe", "--proxy", proxy.url, "--config", cfg, "--deep", "--timeout", "5"],
            ["report", "--config", cfg, "--log", log, "--output", str(out / "report.md")], ["report", "--config", inc],
            ["rules", "list", "--rules-dir", rules], ["rules", "show", "LD-USER-001", "--rules-dir", rules],
        ]
        for args in runs:
            result = run_cli(args, cwd=str(user_dir), env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
            assert result.returncode in (0, 1), (args, result.stderr[-500:])
    assert snapshot(user_dir) == before  # same files, same bytes, same mtimes and modes; nothing added
    assert (out / "report.md").is_file()


def test_report_output_replaces_atomically_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")
    result = run_cli(["report", "--config", str(ROOT / "examples" / "config.yaml"), "--output", str(target)])
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("#") and "old report" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # the temp file was renamed, not left


def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    from litellm_doctor.errors import DoctorError
    from litellm_doctor.logs import bugreport

    target = tmp_path / "report.md"
    target.write_text("old report\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken_replace)  # what safewrite calls to put the file in place
    with pytest.raises(DoctorError, match="cannot write"):
        bugreport.write_atomically(str(target), "new report\n")
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_output_onto_a_directory_is_a_clean_error(tmp_path):
    (tmp_path / "report.md").mkdir()
    result = run_cli(["report", "--config", str(ROOT / "examples" / "config.yaml"), "--output", str(tmp_path / "report.md")])
    assert result.returncode == 2 and result.stderr.startswith("litellm-doctor: error: ") and "cannot write" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]
