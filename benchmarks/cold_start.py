"""Cold start of `diagnose` on a pasted error vs `python -c "import litellm"`, side by side.

    python benchmarks/cold_start.py [--runs 15] [--baseline /path/to/another/checkout]

Each sample is a fresh process (what a user pays when they paste an error), the package byte-compiled
first as an install has it. Peak memory is the child's own max RSS, read with wait4(). Also measures
in-process rule-matching throughput over the real-error corpus. Budgets (issues #2, #12): >= 20x
faster than the import, < 100 ms median, < 50 MB peak, for a pasted error a rule matches and for one
no rule matches (the estimate). Ratios hold on a noisy machine; absolute times do not, so all commands
run interleaved. `--baseline DIR` adds the same two commands run from DIR/src (e.g. the main branch's
checkout), interleaved with the rest: a before/after under the same machine noise. The first run after an
install is timed too, each sample with an empty cache directory (the rule index and the compiled regexes are
cached after it): a cost paid once, printed, not a budget.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def entry_command(checkout: Path) -> list[str]:
    """What a console script of `checkout` runs (its pyproject's `litellm-doctor = "module:function"`),
    as `python -c`: the entry point moves between versions (cli:main, then launch:main)."""
    import tomllib

    entry = tomllib.loads((checkout / "pyproject.toml").read_text())["project"]["scripts"]["litellm-doctor"]
    module, function = entry.split(":")
    return [sys.executable, "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]


def sample(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time (s), CPU time (s, user + system) and peak RSS (MB) of one fresh process. On a shared
    machine the CPU time says what the process itself costs; the wall time adds its wait for a core."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


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
    parser.add_argument("--baseline", type=Path, help="another checkout to time alongside (its src/ first on the path)")
    args = parser.parse_args()

    from log_triage import _bytecode  # the same step as the log benchmark: measure what an install runs

    _bytecode()
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "NO_COLOR": "1"}
    doctor = [*doctor_command(), "diagnose", ERROR, "--fail-on", "never"]
    estimating = [*doctor_command(), "diagnose", UNRULED, "--fail-on", "never"]
    # The first run after an install (or after the rules change) has no cache yet: it reads the rules' YAML index
    # and compiles every regex it uses, then writes both caches. Timed with an empty cache directory each sample.
    first_cache = Path(tempfile.mkdtemp(prefix="ld-first-run-"))
    first_env = {**env, "XDG_CACHE_HOME": str(first_cache)}
    commands = [
        ("diagnose (pasted error), cold", doctor, env),
        ("diagnose, no rule matches (estimate)", estimating, env),
        ('python -c "import litellm"', [sys.executable, "-c", "import litellm"], env),
        ("diagnose, first run after install (no cache)", doctor, first_env),
    ]
    if args.baseline:
        base_src = args.baseline.resolve() / "src"
        _bytecode(base_src)
        base_env = {**env, "PYTHONPATH": str(base_src)}
        base = entry_command(args.baseline.resolve())
        commands += [(f"baseline: {name}", [*base, *cmd[len(doctor_command()):]], base_env) for name, cmd, _ in commands[:2]]

    def timed(cmd: list[str], cmd_env: dict[str, str]) -> tuple[float, float, float]:
        if cmd_env is first_env:  # each first run starts from an empty cache
            shutil.rmtree(first_cache, ignore_errors=True)
            first_cache.mkdir()
        return sample(cmd, cmd_env)

    for _name, cmd, cmd_env in commands:  # warm the OS file cache (and the rule library's key memo) for all
        timed(cmd, cmd_env)

    times: list[list[float]] = [[] for _ in commands]
    cpu: list[list[float]] = [[] for _ in commands]
    mem: list[list[float]] = [[] for _ in commands]
    for _ in range(args.runs):  # interleaved, so machine noise hits all alike
        for i, (_name, cmd, cmd_env) in enumerate(commands):
            t, c, m = timed(cmd, cmd_env)
            times[i].append(t)
            cpu[i].append(c)
            mem[i].append(m)

    medians = [statistics.median(t) for t in times]
    cpu_medians = [statistics.median(c) for c in cpu]
    d_med, e_med, i_med = medians[:3]
    d_mem, e_mem = max(mem[0]), max(mem[1])
    ratio = i_med / d_med
    n, seconds = matching_throughput()
    print(f"cold start, median of {args.runs} interleaved runs ({' '.join(doctor[:1])}), "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"  {'command':<46} {'median':>8} {'CPU':>8} {'peak RSS':>9}")
    for (name, _cmd, _env), median, cpu_median, peaks in zip(commands, medians, cpu_medians, mem):
        print(f"  {name:<46} {median * 1000:>5.0f} ms {cpu_median * 1000:>5.0f} ms {max(peaks):>6.0f} MB")
    print(f"  speed-up: {ratio:.1f}x (estimate path: {i_med / e_med:.1f}x)")
    print(f"  first run after install: {i_med / medians[3]:.1f}x (once; later runs read the cache)")
    if args.baseline:
        print(f"  vs baseline: {medians[4] / d_med:.2f}x faster, CPU {cpu_medians[4] / cpu_medians[0]:.2f}x "
              f"(estimate path: {medians[5] / e_med:.2f}x, CPU {cpu_medians[5] / cpu_medians[1]:.2f}x)")
    print(f"rule matching in-process: {n / seconds:,.0f} texts/s ({seconds / n * 1000:.2f} ms per corpus text)")
    checks = [
        ("at least 20x faster than importing litellm", ratio >= 20),
        ("median under 100 ms", d_med < 0.100),
        ("peak memory under 50 MB", d_mem < 50),
        ("estimate path: at least 20x, median under 100 ms, peak under 50 MB",
         i_med / e_med >= 20 and e_med < 0.100 and e_mem < 50),
    ]
    for label, ok in checks:
        print(f"  {'✓' if ok else '✗'} {label}")
    shutil.rmtree(first_cache, ignore_errors=True)
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
