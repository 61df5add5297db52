"""Run every benchmark, one after the other, and print their figures: `python benchmarks/run_all.py`.

Each script measures its subject side by side with a reference in the same run (ratios hold on a noisy
machine; absolute times do not). Benchmarks are not tests: they report numbers and say whether each
budget of the issues was met.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("cold start of diagnose on a pasted error (issue 2)", "cold_start.py"),
    ("check on a 500-deployment config (issue 3)", "check_speed.py"),
    ("probing 50 model groups vs the proxy's /health (issue 4)", "probe_speed.py"),
    ("log triage throughput vs grep -cE (issue 5)", "log_triage.py"),
    ("probing 5 replicas x 20 groups vs one replica's /health (issue 14)", "fleet_speed.py"),
]


def main() -> int:
    worst = 0
    for title, script in SCRIPTS:
        print(f"\n== {title}: benchmarks/{script}", flush=True)
        worst = max(worst, subprocess.call([sys.executable, str(HERE / script)]))
    return worst


if __name__ == "__main__":
    sys.exit(main())
