"""Log triage throughput vs `grep -cE` on the same file, side by side in one run.

    python benchmarks/log_triage.py                 # 200 MB log, 3 runs each
    python benchmarks/log_triage.py --size 50 --runs 5

Builds a log from the real proxy lines captured in the lab (tests/fixtures/logs/): mostly successful
requests at INFO level (access line, router "200 OK" line, ...) with one failure every `--every`
requests (a whole proxy error record with its traceback and access line, from proxy-default.log), ids,
call ids and timestamps varied on every copy. Then measures, on that file:

- `grep -cE` with patterns comparable to what the triage looks for (error/critical/warning records,
  the router's failed-call lines, fallbacks, 4xx/5xx access lines, tracebacks);
- `litellm-doctor diagnose --log FILE --format json` end to end (process start included), with the
  Hyperscan prefilter when it is installed (`pip install 'litellm-doctor[fast]'`) and with the pure
  Python one (LITELLM_DOCTOR_LOG_ENGINE=python);

and prints MB/s and the ratio to grep. Benchmarks report numbers; they assert nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "logs"
GREP_PATTERN = (
    r':(ERROR|CRITICAL|WARNING): |^(ERROR|CRITICAL|WARNING): +|"level": "(ERROR|CRITICAL|WARNING)"'
    r'|\[31m Exception|Falling back to model_group|Successful fallback b/w models'
    r'|HTTP/[0-9.]+\\?" [45][0-9][0-9]|^Traceback \(most recent call last\)'
)


def _blocks() -> tuple[list[str], list[str]]:
    info = (FIXTURES / "proxy-info-fallbacks.log").read_text().splitlines(keepends=True)
    success = [line for line in info if "SESSION REUSE: Attached" in line or "utils.py:4382" in line
               or "LiteLLM completion() model= healthy" in line or "(model=openai/healthy)" in line
               or '"POST /chat/completions HTTP/1.1" 200 OK' in line]
    success_block = "".join(success[:5])
    failures, current = [], None
    for line in (FIXTURES / "proxy-default.log").read_text().splitlines(keepends=True):
        if ":ERROR: " in line:
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("INFO:     127.0.0.1"):
                failures.append("".join(current))
                current = None
    return [success_block], failures


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME = re.compile(r"^\d\d:\d\d:\d\d", re.MULTILINE)
_PORT = re.compile(r"127\.0\.0\.1:\d+ - ")


def generate(path: Path, size_mb: int, every: int, seed: int = 5) -> dict[str, int]:
    rng = random.Random(seed)
    success, failures = _blocks()
    target = size_mb * 1_000_000
    written = requests = failed = 0
    with open(path, "w", encoding="utf-8") as out:
        second = 0
        while written < target:
            requests += 1
            if requests % every == 0:
                block = rng.choice(failures)
                failed += 1
            else:
                block = success[0]
            second += 1
            stamp = f"{(second // 3600) % 24:02d}:{(second // 60) % 60:02d}:{second % 60:02d}"
            block = _TIME.sub(stamp, block)
            block = _UUID.sub(lambda _m: f"{rng.getrandbits(128):032x}"[:8] + "-1111-2222-3333-" + f"{rng.getrandbits(48):012x}", block)
            block = _PORT.sub(lambda _m: f"127.0.0.1:{rng.randint(1024, 65535)} - ", block)
            out.write(block)
            written += len(block)
    return {"bytes": written, "requests": requests, "failed": failed}


def _time(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, int, str]:
    times, peak, out = [], 0, ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
        out = proc.stdout.decode(errors="replace")
    return statistics.median(times), peak, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="log size in MB (default 200)")
    parser.add_argument("--every", type=int, default=50, help="one failed request every N requests (default 50)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command; the median is shown")
    parser.add_argument("--keep", type=Path, help="write the generated log here and keep it")
    args = parser.parse_args(argv)
    grep = shutil.which("grep")
    workdir = Path(tempfile.mkdtemp(prefix="ld-bench-"))
    log = args.keep or workdir / "proxy.log"
    try:
        info = generate(log, args.size, args.every)
        mb = info["bytes"] / 1e6
        print(f"log: {mb:.0f} MB, {info['requests']} requests, {info['failed']} failed (1 in {args.every}), from the lab's real lines")
        subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL)  # warm the page cache for everyone
        env = {**os.environ, "LC_ALL": "C", "NO_COLOR": "1"}
        rows = []
        if grep:
            t, peak, out = _time([grep, "-cE", GREP_PATTERN, str(log)], env, args.runs)
            rows.append(("grep -cE '<comparable patterns>'", t, peak, f"{out.strip()} matching lines"))
        doctor = [sys.executable, "-m", "litellm_doctor", "diagnose", "--log", str(log), "--format", "json", "--fail-on", "never"]
        try:
            import hyperscan  # noqa: F401

            engines = ["hyperscan", "python"]
        except ImportError:
            engines = ["python"]
            print("(hyperscan is not installed: `pip install 'litellm-doctor[fast]'` for the fast prefilter)")
        for engine in engines:
            t, peak, out = _time(doctor, {**env, "LITELLM_DOCTOR_LOG_ENGINE": engine}, args.runs)
            failures = re.search(r'"log_failures": "(\d+)"', out)
            rows.append((f"litellm-doctor diagnose --log ({engine})", t, peak, f"{failures.group(1) if failures else '?'} failures counted"))
        base = rows[0][1] if grep else None
        print(f"\n  {'command':<44} {'median':>8} {'MB/s':>8} {'vs grep':>8} {'peak RSS':>9}  result")
        for name, t, peak, result in rows:
            ratio = f"{base / t:.2f}x" if base else "-"
            print(f"  {name:<44} {t:>7.2f}s {mb / t:>8.0f} {ratio:>8} {peak / 1024:>7.0f} MB  {result}")
        print("\n  vs grep = grep's time / this command's time (1.00x = as fast as grep; the bar is 0.25x).")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
