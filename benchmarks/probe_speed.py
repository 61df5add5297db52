"""Probing N model groups vs the proxy's own /health, side by side in one run (DESIGN.md §8).

    python benchmarks/probe_speed.py [--groups 50] [--delay 1.0] [--rounds 3] [--baseline OTHER/src]

Starts the lab (tests/lab: the real LiteLLM proxy on 127.0.0.1 in front of the fault upstream) with
N model groups whose upstream answers every completion after `--delay` seconds, then times:

- `GET /health` on the proxy: its own check of every deployment (a real completion each), on its
  first call (cold) and once warm;
- `litellm-doctor` probing the same config with `--deep` (one max_tokens=1 completion per group
  through the proxy, plus every DNS/TCP/HTTP stage), in-process, cold and warm;
- the `litellm-doctor probe --deep` command as a user runs it (a new Python process each time, the
  package byte-compiled first as an install does), with its timeline (LITELLM_DOCTOR_TIMELINE:
  when the command starts after the process does, the config is loaded, the first request and the
  first completion go out, the last answer is in, the report is rendered, the process has ended);
- the same completions sent at once by a bare httpx client with no check at all: what the proxy's
  request path costs any client (the floor under the doctor's figures).

`--baseline OTHER/src` also times the command of another checkout (e.g. the previous version, from
`git archive`) in the same interleaved rounds. Prints a table; ratios against the warm /health hold
on a noisy machine, absolute times don't.
Issue 4's bar: 50 groups at 1 s in under 1.5 s total, within 1.3x of the warm /health.
Nothing here is a test: no assertion, the numbers are for people.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lab"))
sys.path.insert(0, str(ROOT / "src"))

from lab import MASTER_KEY, Lab, Scenario  # noqa: E402


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds the upstream takes per completion")
    parser.add_argument("--rounds", type=int, default=5, help="warm rounds of each measurement, interleaved (median shown)")
    parser.add_argument("--baseline", type=Path, help="another checkout's src/ whose command is timed in the same rounds")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from log_triage import _bytecode  # as cold_start.py: measure what an install runs, not the compiler

    _bytecode(ROOT / "src")
    if args.baseline:
        _bytecode(args.baseline)
    from litellm_doctor.config.loader import load_config
    from litellm_doctor.probe import ProbeOptions, probe

    scenarios = tuple(Scenario(f"g{n:02d}", f"sleep-{args.delay:g}") for n in range(args.groups))
    rows: list[tuple[str, float, str]] = []
    with Lab(scenarios=scenarios) as lab:
        env = lab.env()
        config = load_config(lab.config_path, environ=env)
        options = ProbeOptions(deep=True, key=MASTER_KEY, key_source="bench", deadline=60)

        def health() -> None:
            status, body, _ = lab.request("GET", "/health", key=MASTER_KEY, timeout=120)
            assert status == 200 and body.get("healthy_count") == args.groups, (status, str(body)[:300])

        def doctor() -> None:
            report = probe(lab.url, config, options)
            passed = sum(1 for p in report.probes if p.id == "group.completion" and p.status == "pass")
            assert passed == args.groups, [p for p in report.probes if p.status != "pass"][:3]

        timelines: dict[Path, list[dict[str, tuple[float, float]]]] = {}

        def command(src: Path = ROOT / "src") -> None:
            fd, timeline = tempfile.mkstemp(prefix="ld-timeline-")
            os.close(fd)
            started = time.time()
            proc = subprocess.run(
                [sys.executable, "-m", "litellm_doctor", "probe", "--proxy", lab.url, "--config", str(lab.config_path),
                 "--deep", "--key-env", "LD_LAB_MASTER_KEY", "--format", "json"],
                env={**env, "PYTHONPATH": str(src), "LITELLM_DOCTOR_TIMELINE": timeline},
                capture_output=True, text=True, timeout=120,
            )
            ended = time.time()
            assert proc.returncode == 0, proc.stderr[-500:] or proc.stdout[-500:]
            events = {}
            for line in Path(timeline).read_text().splitlines():
                name, wall, cpu = line.split("\t")
                events[name] = (float(wall) - started, float(cpu))
            os.remove(timeline)
            events["process ended"] = (ended - started, float("nan"))
            timelines.setdefault(src, []).append(events)

        def bare() -> None:
            # The floor of any client: the same 50 completions sent at once by plain httpx, no checks.
            import asyncio

            import httpx

            async def all_at_once() -> list[int]:
                async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=args.groups + 8)) as client:
                    answers = await asyncio.gather(*(
                        client.post(f"{lab.url}/chat/completions", headers={"authorization": f"Bearer {MASTER_KEY}"},
                                    json={"model": s.group, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1})
                        for s in scenarios
                    ))
                return [a.status_code for a in answers]

            codes = asyncio.run(all_at_once())
            assert set(codes) == {200}, codes

        rows.append(("proxy GET /health, first call (cold)", timed(health), "the proxy's own check"))
        rows.append(("litellm-doctor probe --deep, first call", timed(doctor), "in-process"))
        # Interleaved rounds (on a shared machine the load drifts): each round times all three.
        healths, bares, doctors, commands, baselines = [], [], [], [], []
        for _ in range(args.rounds):
            healths.append(timed(health))
            bares.append(timed(bare))
            doctors.append(timed(doctor))
            commands.append(timed(command))
            if args.baseline:
                baselines.append(timed(lambda: command(args.baseline)))
        warm_health, warm_doctor, warm_command = (statistics.median(x) for x in (healths, doctors, commands))
        rows.append(("proxy GET /health, warm (median)", warm_health, "the proxy's own check"))
        rows.append(("the completions alone, bare httpx (median)", statistics.median(bares), "any client's floor"))
        rows.append(("litellm-doctor probe --deep, warm (median)", warm_doctor, "in-process"))
        rows.append(("`litellm-doctor probe --deep` command, warm (median)", warm_command, "new process each time"))
        if baselines:
            rows.append(("the same command of --baseline, warm (median)", statistics.median(baselines), str(args.baseline)))
        round_ratios = [c / h for c, h in zip(commands, healths)]
        startup = lab.startup_seconds

    print(f"\nProbing {args.groups} model groups whose upstream answers in {args.delay:g} s "
          f"(real LiteLLM proxy, started in {startup:.1f} s; {os.cpu_count()} cores)\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'seconds':>8}  {'vs warm /health':>15}  note")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 15}  ----")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:8.2f}  {seconds / warm_health:14.2f}x  {note}")
    print(f"\nbar (issue 4): doctor warm < 1.5 s: {'yes' if warm_doctor < 1.5 else 'NO'} "
          f"({warm_doctor:.2f} s); within 1.3x of warm /health: {'yes' if warm_doctor <= 1.3 * warm_health else 'NO'} "
          f"({warm_doctor / warm_health:.2f}x)")
    print("\nThe command's timeline (median over the rounds; seconds after the process was started, and the CPU"
          "\nseconds the process had used by then; --baseline's when it records one too):")
    ours, theirs = timelines.get(ROOT / "src", []), timelines.get(args.baseline, []) if args.baseline else []

    def at(runs: list[dict[str, tuple[float, float]]], name: str) -> str:
        walls = [t[name][0] for t in runs if name in t]
        cpus = [t[name][1] for t in runs if name in t and t[name][1] == t[name][1]]
        if not walls:
            return ""
        return f"{statistics.median(walls):6.3f} s" + (f" {statistics.median(cpus):6.3f} s CPU" if cpus else " " * 11)

    names = sorted({n for t in ours for n in t}, key=lambda n: statistics.median(t[n][0] for t in ours if n in t))
    for name in names:
        other = at(theirs, name) if any(len(t) > 1 for t in theirs) else ""
        print(f"  {name:<26} {at(ours, name):<22}  {other}")
    print(f"bar (issue 12): the command within 1.3x of warm /health: {'yes' if warm_command <= 1.3 * warm_health else 'NO'} "
          f"({warm_command / warm_health:.2f}x; per round {', '.join(f'{r:.2f}x' for r in round_ratios)}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if baselines:
        print(f"--baseline's command in the same rounds: {statistics.median(baselines) / warm_health:.2f}x (per round "
              f"{', '.join(f'{b / h:.2f}x' for b, h in zip(baselines, healths))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
