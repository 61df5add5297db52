"""Cold start of `diagnose` on a pasted error vs `python -c "import litellm"`, side by side.

    python benchmarks/cold_start.py [--runs 15]

Each sample is a fresh process (what a user pays when they paste an error). Peak memory is the
child's own max RSS, read with wait4(). Also measures in-process rule-matching throughput over the
real-error corpus. Budgets (issue #2): >= 15x faster than the import, < 150 ms median, < 50 MB peak.
Ratios hold on a noisy machine; absolute times do not, so both commands run interleaved.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ERROR = (
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization "
    "org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 6.7s."
)

# No rule matches this one: `diagnose` loads the estimate's data file and answers with an estimate.
UNRULED = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"


def doctor_command() -> list[str]:
    """The console script a user runs (next to this interpreter), else `python -m litellm_doctor`."""
    script = Path(sys.executable).parent / "litellm-doctor"
    if script.exists():
        return [str(script)]
    found = shutil.which("litellm-doctor")
    return [found] if found else [sys.executable, "-m", "litellm_doctor"]


def sample(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024


def matching_throughput() -> tuple[int, float]:
    sys.path.insert(0, str(ROOT / "src"))
    from litellm_doctor.diagnosis import diagnose

    texts = [json.loads(line)["text"] for line in (ROOT / "tests" / "corpus" / "real_errors_train.jsonl").open()]
    diagnose(texts[0])  # load and compile the library once, as a long-running caller would
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for text in texts:
            diagnose(text)
    return len(texts) * rounds, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from log_triage import _bytecode  # the same step as the log benchmark: measure what an install runs

    _bytecode()
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "NO_COLOR": "1"}
    doctor = [*doctor_command(), "diagnose", ERROR, "--fail-on", "never"]
    estimating = [*doctor_command(), "diagnose", UNRULED, "--fail-on", "never"]
    importer = [sys.executable, "-c", "import litellm"]
    sample(doctor, env), sample(estimating, env), sample(importer, env)  # warm the OS file cache for all

    d_times, d_mem, e_times, e_mem, i_times, i_mem = [], [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so machine noise hits all alike
        t, m = sample(doctor, env)
        d_times.append(t)
        d_mem.append(m)
        t, m = sample(estimating, env)
        e_times.append(t)
        e_mem.append(m)
        t, m = sample(importer, env)
        i_times.append(t)
        i_mem.append(m)

    d_med, e_med, i_med = statistics.median(d_times), statistics.median(e_times), statistics.median(i_times)
    ratio = i_med / d_med
    n, seconds = matching_throughput()
    rows = [
        ("diagnose (pasted error), cold", f"{d_med * 1000:.0f} ms", f"{max(d_mem):.0f} MB"),
        ("diagnose, no rule matches (estimate)", f"{e_med * 1000:.0f} ms", f"{max(e_mem):.0f} MB"),
        ('python -c "import litellm"', f"{i_med * 1000:.0f} ms", f"{max(i_mem):.0f} MB"),
    ]
    print(f"cold start, median of {args.runs} interleaved runs ({' '.join(doctor[:1])})")
    print(f"  {'command':<34} {'median':>8} {'peak RSS':>9}")
    for name, t, m in rows:
        print(f"  {name:<34} {t:>8} {m:>9}")
    print(f"  speed-up: {ratio:.1f}x")
    print(f"rule matching in-process: {n / seconds:,.0f} texts/s ({seconds / n * 1000:.2f} ms per corpus text)")
    checks = [
        ("at least 15x faster than importing litellm", ratio >= 15),
        ("median under 150 ms", d_med < 0.150),
        ("peak memory under 50 MB", max(d_mem) < 50),
        ("estimate path: median under 150 ms, peak under 50 MB", e_med < 0.150 and max(e_mem) < 50),
    ]
    for label, ok in checks:
        print(f"  {'✓' if ok else '✗'} {label}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
