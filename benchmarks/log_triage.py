"""Log triage throughput vs `grep -cE` on the same file, side by side in one run.

    python benchmarks/log_triage.py                 # 200 MB log, 3 runs each
    python benchmarks/log_triage.py --size 50 --runs 5
    python benchmarks/log_triage.py --follow 10000000   # the live view: lines/s and memory over 10M lines
    python benchmarks/log_triage.py --shapes 20      # every framing (tests/logs/shapes.py), counts checked;
                                                     # and the learned collector prefixes, a file each

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

`--follow N` pipes N log lines (the same real lines, ids varied) as fast as it can into
`litellm-doctor watch` (stdout not a terminal: plain summaries) and prints the lines per second it
keeps up with and its resident memory every 10% of the way (flat = bounded). `--shapes MB` writes a
log of about MB megabytes mixing every framing of tests/logs/shapes.py, with planted failures, and
prints the counts per category next to what was planted, and the time taken.
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


def _run_one(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KB, stdout) of one run, from the child's own rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.decode(errors="replace")


def _bytecode(src: Path | None = None) -> None:
    """Byte-compile litellm-doctor once, as `pip install` does, next to its sources (`__pycache__`,
    git-ignored): with PYTHONDONTWRITEBYTECODE set every timed run would otherwise compile the package's
    sources again (~0.05-0.1 s of CPU per run), which no installed copy does. (Not PYTHONPYCACHEPREFIX:
    with it Python looks for every module's bytecode there, and compiles the standard library too.)"""
    import importlib.util  # noqa: PLC0415

    if src is not None:
        locations = [str(src / "litellm_doctor")]
    else:
        spec = importlib.util.find_spec("litellm_doctor")
        if spec is None or not spec.submodule_search_locations:
            return
        locations = list(spec.submodule_search_locations)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", *locations], env=env, stdout=subprocess.DEVNULL, check=False)
    print(f"(litellm-doctor byte-compiled first, as an install does: {locations[0]})")


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def follow(lines: int, every: int) -> None:
    """Feed `lines` lines into `litellm-doctor watch` through a pipe; report lines/s and memory."""
    rng = random.Random(9)
    success, failures = _blocks()
    variants = []
    for n in range(200):  # 200 blocks of ~50 requests with their own ids: varied text, cheap to write
        parts = []
        for r in range(every):
            block = rng.choice(failures) if r == every - 1 else success[0]
            block = _UUID.sub(lambda _m: f"{rng.getrandbits(128):032x}"[:8] + "-1111-2222-3333-" + f"{rng.getrandbits(48):012x}", block)
            parts.append(_PORT.sub(lambda _m: f"127.0.0.1:{rng.randint(1024, 65535)} - ", block))
        variants.append("".join(parts).encode())
    per_variant = sum(v.count(b"\n") for v in variants) / len(variants)
    env = {**os.environ, "LC_ALL": "C", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "litellm_doctor", "watch", "--interval", "3600", "--format", "json", "--fail-on", "never"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    sent = 0
    start = time.perf_counter()
    marks = []
    next_mark = lines // 10
    i = 0
    while sent < lines:
        data = variants[i % len(variants)]
        i += 1
        proc.stdin.write(data)
        sent += int(per_variant)
        if sent >= next_mark:
            marks.append((sent, time.perf_counter() - start, _rss_kb(proc.pid)))
            next_mark += lines // 10
    proc.stdin.close()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    proc.wait()
    total = time.perf_counter() - start
    failures = re.search(r'"log_failures": "(\d+)"', out.decode(errors="replace"))
    print(f"follow: {sent} lines piped into `litellm-doctor watch` in {total:.1f} s = {sent / total:,.0f} lines/s "
          f"(the bar is 5,000 lines/s); {failures.group(1) if failures else '?'} failures counted, {i} planted")
    print("  lines sent      elapsed   watch RSS")
    for n, t, rss in marks:
        print(f"  {n:>10,}  {t:>9.1f} s  {rss / 1024:>7.1f} MB")
    if err.strip():
        print("stderr:", err.decode(errors="replace")[-500:])


def shapes_run(size_mb: int) -> None:
    """Every framing mixed, planted failures counted per category, timed."""
    sys.path.insert(0, str(ROOT / "tests" / "logs"))
    import shapes  # noqa: PLC0415 - the test helper that builds the shapes

    one, expected_one = shapes.mixed_log(seed=1, copies=1)
    copies = max(1, int(size_mb * 1_000_000 / len(one.encode())))
    text, expected = shapes.mixed_log(seed=1, copies=copies)
    workdir = Path(tempfile.mkdtemp(prefix="ld-shapes-"))
    try:
        log = workdir / "mixed.log"
        log.write_text(text)
        del text, one  # a forked child's peak RSS starts at its parent's: keep the parent small
        mb = log.stat().st_size / 1e6
        env = {**os.environ, "LC_ALL": "C", "NO_COLOR": "1"}
        for engine in ("hyperscan", "python"):
            cmd = [sys.executable, "-m", "litellm_doctor", "diagnose", "--log", str(log), "--format", "json", "--fail-on", "never"]
            t, peak, out = _time(cmd, {**env, "LITELLM_DOCTOR_LOG_ENGINE": engine}, 1)
            import json  # noqa: PLC0415

            try:
                groups = json.loads(out)["groups"]
            except (ValueError, KeyError):
                print(f"{engine}: no JSON output")
                continue
            counted: dict[str, int] = {}
            for g in groups:
                if g["kind"] in ("request", "log", "http"):
                    counted[g["category"]] = counted.get(g["category"], 0) + g["count"]
            verdict = "exact" if counted == dict(expected) else "DIFFERENT"
            print(f"shapes ({engine}): {mb:.0f} MB, {len(shapes.PROXY_SHAPES)} framings + an SDK app log, x{copies}: "
                  f"{t:.1f} s, {mb / t:.0f} MB/s, peak RSS {peak / 1024:.0f} MB; counts {verdict}")
            print(f"  planted {dict(sorted(expected.items()))}\n  counted {dict(sorted(counted.items()))}")
        _prefix_shapes_run(shapes, workdir, size_mb, env)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _prefix_shapes_run(shapes, workdir: Path, size_mb: int, env: dict) -> None:
    """The collectors' text prefixes learned from the log (logs/prefixes.py): one file each (a learned prefix holds
    for its whole file), together about size_mb megabytes; planted failures counted in each."""
    import json  # noqa: PLC0415

    files = []
    for name, _fixture, _frame in shapes.PREFIX_SHAPES:
        one, expected_one = shapes.shape_log(name)
        copies = max(1, int(size_mb * 1_000_000 / len(shapes.PREFIX_SHAPES) / len(one.encode())))
        path = workdir / f"{name}.log"
        path.write_text(one * copies)
        files.append((name, path, {k: v * copies for k, v in expected_one.items()}))
    mb = sum(p.stat().st_size for _, p, _ in files) / 1e6
    for engine in ("hyperscan", "python"):
        total, wrong = 0.0, []
        for name, path, expected in files:
            cmd = [sys.executable, "-m", "litellm_doctor", "diagnose", "--log", str(path), "--format", "json", "--fail-on", "never"]
            t, _peak, out = _time(cmd, {**env, "LITELLM_DOCTOR_LOG_ENGINE": engine}, 1)
            total += t
            try:
                groups = json.loads(out)["groups"]
            except (ValueError, KeyError):
                wrong.append(f"{name} (no JSON output)")
                continue
            counted: dict[str, int] = {}
            for g in groups:
                if g["kind"] in ("request", "log", "http"):
                    counted[g["category"]] = counted.get(g["category"], 0) + g["count"]
            if counted != expected:
                wrong.append(f"{name} (planted {sum(expected.values())}, counted {sum(counted.values())})")
        print(f"prefix shapes ({engine}): {mb:.0f} MB in {len(files)} files (one collector each): {total:.1f} s with "
              f"{len(files)} starts; counts {'exact in every file' if not wrong else 'DIFFERENT in ' + ', '.join(wrong)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="log size in MB (default 200)")
    parser.add_argument("--every", type=int, default=50, help="one failed request every N requests (default 50)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command; the median is shown")
    parser.add_argument("--keep", type=Path, help="write the generated log here and keep it")
    parser.add_argument("--baseline", type=Path, metavar="SRC",
                        help="also time the litellm-doctor package under SRC (another checkout's src/), same rounds")
    parser.add_argument("--follow", type=int, metavar="LINES", help="benchmark the live view over this many lines instead")
    parser.add_argument("--shapes", type=int, metavar="MB", help="benchmark a log of every framing (about MB megabytes) instead")
    args = parser.parse_args(argv)
    if args.follow:
        follow(args.follow, args.every)
        return 0
    if args.shapes:
        shapes_run(args.shapes)
        return 0
    grep = shutil.which("grep")
    workdir = Path(tempfile.mkdtemp(prefix="ld-bench-"))
    log = args.keep or workdir / "proxy.log"
    try:
        info = generate(log, args.size, args.every)
        mb = info["bytes"] / 1e6
        print(f"log: {mb:.0f} MB, {info['requests']} requests, {info['failed']} failed (1 in {args.every}), from the lab's real lines")
        subprocess.run(["cat", str(log)], stdout=subprocess.DEVNULL)  # warm the page cache for everyone
        _bytecode()
        env = {**os.environ, "LC_ALL": "C", "NO_COLOR": "1"}
        commands: list[tuple[str, list[str], dict[str, str]]] = []
        if grep:
            commands.append(("grep -cE '<comparable patterns>'", [grep, "-cE", GREP_PATTERN, str(log)], env))
        doctor = [sys.executable, "-m", "litellm_doctor", "diagnose", "--log", str(log), "--format", "json", "--fail-on", "never"]
        try:
            import hyperscan  # noqa: F401

            engines = ["hyperscan", "python"]
        except ImportError:
            engines = ["python"]
            print("(hyperscan is not installed: `pip install 'litellm-doctor[fast]'` for the fast prefilter)")
        for engine in engines:
            commands.append((f"litellm-doctor diagnose --log ({engine})", doctor, {**env, "LITELLM_DOCTOR_LOG_ENGINE": engine}))
        if args.baseline:
            # Another copy of the sources (e.g. `git archive <commit> src rules | tar -x -C DIR`), timed in the
            # same interleaved rounds: before/after figures under the same load.
            _bytecode(args.baseline)
            for engine in engines:
                commands.append((f"  baseline ({engine})", doctor,
                                 {**env, "LITELLM_DOCTOR_LOG_ENGINE": engine, "PYTHONPATH": str(args.baseline)}))
        # Interleaved rounds, so that the load of a shared machine weighs on every command alike; CPU time
        # (user + system) is shown too: it is what a busy machine changes least.
        walls: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        cpus: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        peaks: dict[str, int] = {name: 0 for name, _, _ in commands}
        outs: dict[str, str] = {}
        for _ in range(args.runs):
            for name, cmd, cmd_env in commands:
                wall, cpu, rss, out = _run_one(cmd, cmd_env)
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name] = max(peaks[name], rss)
                outs[name] = out
        base_name = commands[0][0] if grep else None
        print(f"\n  {'command':<44} {'median':>8} {'MB/s':>8} {'vs grep':>8} {'cpu':>7} {'vs grep':>8} {'peak RSS':>9}  result")
        for name, _, _ in commands:
            t, c = statistics.median(walls[name]), statistics.median(cpus[name])
            ratio = f"{statistics.median(walls[base_name]) / t:.2f}x" if base_name else "-"
            cratio = f"{statistics.median(cpus[base_name]) / c:.2f}x" if base_name and c else "-"
            out = outs[name]
            if name == base_name:
                result = f"{out.strip()} matching lines"
            else:
                failures = re.search(r'"log_failures": "(\d+)"', out)
                result = f"{failures.group(1) if failures else '?'} failures counted"
            print(f"  {name:<44} {t:>7.2f}s {mb / t:>8.0f} {ratio:>8} {c:>6.2f}s {cratio:>8} {peaks[name] / 1024:>7.0f} MB  {result}")
        print("\n  vs grep = grep's time / this command's time (1.00x = as fast as grep; the bars are 0.5x with "
              "hyperscan, 0.25x with the pure-Python engine), on wall-clock and on CPU time.")
        if base_name:
            for name, _, _ in commands[1:]:
                bar = 0.5 if "hyperscan" in name else 0.25
                wall = statistics.median(walls[base_name]) / statistics.median(walls[name])
                cpu = statistics.median(cpus[base_name]) / max(1e-9, statistics.median(cpus[name]))
                met = "met" if min(wall, cpu) >= bar else ("met on " + ("wall-clock" if wall >= bar else "CPU") if max(wall, cpu) >= bar else "NOT met")
                memory = "met" if peaks[name] < 100 * 1024 else "NOT met"
                label = ("baseline " if "baseline" in name else "") + name.split("(")[-1].rstrip(")")
                print(f"  budget {label}: >= {bar}x grep: {met} ({wall:.2f}x wall, {cpu:.2f}x CPU); "
                      f"< 100 MB: {memory} ({peaks[name] / 1024:.0f} MB)")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
