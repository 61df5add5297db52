"""Every path the doctor writes, with symlinks and foreign owners planted (issue 15, class 6).

`report --output` is covered in test_output_and_deadline.py. Here: `check --fix` (writes the user's
config: through a symlink to the real file, keeping its mode and its owner when run as root, and
refusing a link to a device) and the rule cache of a `--rules-dir` (a symlink planted where the cache
file goes is never followed, and never written through).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from hardening_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "examples" / "configs" / "broken" / "typos-and-providers.yaml"


def test_fix_writes_through_a_symlink_and_keeps_mode_and_owner(tmp_path):
    real = tmp_path / "real.yaml"
    shutil.copy(BROKEN, real)
    os.chmod(real, 0o640)
    owner = (12345, 12345)
    root = os.geteuid() == 0
    if root:
        os.chown(real, *owner)
    link = tmp_path / "config.yaml"
    link.symlink_to(real)
    before = real.read_text(encoding="utf-8")
    result = run_cli(["check", str(link), "--fix"], timeout=60)
    assert result.returncode in (0, 1), result.stderr[-800:]
    assert link.is_symlink() and os.readlink(link) == str(real)  # the link stays a link
    assert real.read_text(encoding="utf-8") != before  # the fixes went to the real file
    info = os.stat(real)
    assert stat.S_IMODE(info.st_mode) == 0o640
    if root:  # `sudo litellm-doctor check --fix` must not hand the user's config to root
        assert (info.st_uid, info.st_gid) == owner
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_fix_refuses_a_config_that_is_a_link_to_a_device(tmp_path):
    link = tmp_path / "config.yaml"
    link.symlink_to("/dev/null")
    result = run_cli(["check", str(link), "--fix"], timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_where_the_rule_cache_goes_is_not_written_through(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "LD-USER-001.yaml").write_text(
        "id: LD-USER-001\nname: user-cache\ncategory: auth\ntitle: t\nwhy: w\nmatch:\n  any: ['Incorrect API key provided']\n"
        "steps: [s]\ndocs: [https://docs.litellm.ai/]\nexamples:\n  - {expect: match, text: 'Incorrect API key provided'}\n",
        encoding="utf-8")
    cache_home = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache_home)}
    # A first run makes the cache: learn its name, then plant a symlink there to a file of the user's.
    assert run_cli(["rules", "list", "--rules-dir", str(rules)], env=env, timeout=60).returncode == 0
    made = sorted((cache_home / "litellm-doctor").glob("rules-*.json"))
    assert made, "no cache written"
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", encoding="utf-8")
    (rules / "LD-USER-001.yaml").write_text((rules / "LD-USER-001.yaml").read_text(encoding="utf-8").replace("why: w", "why: w2"),
                                            encoding="utf-8")
    for old in made:
        old.unlink()
    # The new key is unknown to the attacker; every name the cache could use is a link to the victim.
    for name in ("rules-x.json",):
        (cache_home / "litellm-doctor" / name).symlink_to(victim)
    result = run_cli(["rules", "list", "--rules-dir", str(rules)], env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "mine\n"
    new = sorted((cache_home / "litellm-doctor").glob("rules-*-*.json"))
    assert new and all(not p.is_symlink() for p in new)
    # And when the cache file itself is a symlink, it is left alone (not replaced, not followed).
    for p in new:
        p.unlink()
        p.symlink_to(victim)
    (rules / "LD-USER-001.yaml").write_text((rules / "LD-USER-001.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(["rules", "list", "--rules-dir", str(rules)], env={**env, "LITELLM_DOCTOR_NO_CACHE": ""}, timeout=60)
    assert result.returncode == 0 and victim.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_report_output_keeps_the_owner_of_an_existing_file(tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old\n", encoding="utf-8")
    os.chown(out, 12345, 12345)
    result = run_cli(["report", "--config", str(ROOT / "examples" / "config.yaml"), "--output", str(out)], timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") != "old\n" and (os.stat(out).st_uid, os.stat(out).st_gid) == (12345, 12345)
