"""The precision measure over tests/config/real/: runs `litellm-doctor check --format json` on every config as CI
runs it (no environment but PATH/HOME), the litellm-1.110.2 folder with `--litellm-version 1.110.2` (the release
its files were written for), and prints the findings by level, errors and warnings per config, and each error and
warning. Usage, from the repository root: `PYTHONPATH=src python tests/config/real/measure.py [--summary]`."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent
ROOT = REAL.parents[2]
SKIP = ("docker-compose", "compose.")


def configs() -> list[Path]:
    return sorted(p for p in REAL.rglob("*.y*ml") if not p.name.startswith(SKIP))


def version_for(path: Path) -> str | None:
    return "1.110.2" if path.relative_to(REAL).parts[0] == "litellm-1.110.2" else None


def run(paths: list[Path], version: str | None) -> dict:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent", "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "litellm_doctor", "check", *map(str, paths), "--format", "json", "--fail-on", "never"]
    if version:
        cmd += ["--litellm-version", version]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> None:
    groups: dict[str | None, list[Path]] = collections.defaultdict(list)
    for p in configs():
        groups[version_for(p)].append(p)
    findings = []
    for version, paths in groups.items():
        findings += run(paths, version)["findings"]
    n = len(configs())
    levels = collections.Counter(f["severity"] for f in findings)
    print(f"{n} configs; findings {sum(levels.values())}: {levels['error']} errors, {levels['warning']} warnings, "
          f"{levels['info']} infos")
    if "--summary" in sys.argv:
        return
    per = collections.defaultdict(collections.Counter)
    for f in findings:
        per[f["location"]["file"]][f["severity"]] += 1
    for p in configs():
        rel = str(p.relative_to(ROOT))
        c = per.get(rel, collections.Counter())
        print(f"  {str(p.relative_to(REAL)):78} E{c['error']} W{c['warning']} I{c['info']}")
    for f in findings:
        if f["severity"] in ("error", "warning"):
            loc = f["location"]
            print(f"{f['severity'][0].upper()} {Path(loc['file']).relative_to('tests/config/real')}:{loc['line']} "
                  f"{f['rule_id']} {f['message']}")


if __name__ == "__main__":
    main()
