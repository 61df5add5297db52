"""Probing a fleet with --deep vs one replica's own /health, side by side in one run (issue 14).

    python benchmarks/fleet_speed.py [--replicas 5] [--groups 20] [--delay 1.0] [--rounds 3] [--baseline OTHER/src]

Starts `--replicas` real LiteLLM proxies (tests/lab) with the same config of `--groups` model groups
whose shared upstream answers every completion after `--delay` seconds, then times:

- `GET /health` on one replica, warm: its own check of every deployment (a completion each);
- `probe_fleet` with --deep over every replica (one max_tokens=1 completion per group per replica,
  every DNS/TCP/HTTP stage, /model/info, /cache/ping), in-process, warm;
- the same as the command a user runs, `litellm-doctor probe --proxy URL ... --deep` (a new process
  each time, the package byte-compiled first as an install does); with `--baseline OTHER/src`, also the
  command of another checkout (e.g. the previous version, from `git archive`) in the same rounds.

Issue 14's bar: the fleet probe takes at most 1.5x one replica's warm /health. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lab"))
sys.path.insert(0, str(ROOT / "src"))

from lab import HOST, MASTER_KEY, Lab, Scenario  # noqa: E402
from upstream import Upstream, make_self_signed  # noqa: E402
from probe_speed import timed  # noqa: E402  (the single-proxy benchmark beside this one)


def proxy_cpu(labs) -> float:
    """CPU seconds used so far by the proxies' process groups (Linux /proc), to show where the time goes."""
    groups = {lab.proxy.pid for lab in labs if lab.proxy is not None}
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:  # pgrp: each proxy runs in its own session
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=5)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds the upstream takes per completion")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout's src/ whose command is timed in the same rounds")
    args = parser.parse_args(argv)

    from log_triage import _bytecode  # as cold_start.py: measure what an install runs, not the compiler

    _bytecode(ROOT / "src")
    if args.baseline:
        _bytecode(args.baseline)
    from litellm_doctor.config.loader import load_config
    from litellm_doctor.probe import ProbeOptions
    from litellm_doctor.probe.fleet import probe_fleet

    scenarios = tuple(Scenario(f"g{n:02d}", f"sleep-{args.delay:g}") for n in range(args.groups))
    tmp = Path(tempfile.mkdtemp(prefix="ld-fleet-bench-"))
    cert, key = make_self_signed(tmp / "tls")
    upstream = Upstream(HOST, tls_cert=cert, tls_key=key).start()
    labs = [Lab(scenarios=scenarios, shared_upstream=upstream) for _ in range(args.replicas)]
    started = time.perf_counter()
    threads = [threading.Thread(target=lab.start) for lab in labs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    startup = time.perf_counter() - started
    try:
        config = load_config(labs[0].config_path, environ=labs[0].env())
        options = ProbeOptions(deep=True, key=MASTER_KEY, key_source="bench", deadline=60)

        def health() -> None:
            status, body, _ = labs[0].request("GET", "/health", key=MASTER_KEY, timeout=120)
            assert status == 200 and body.get("healthy_count") == args.groups, (status, str(body)[:300])

        def fleet() -> None:
            report = probe_fleet([lab.url for lab in labs], config, options)
            passed = sum(1 for p in report.probes if p.id == "group.completion" and p.status == "pass")
            assert passed == args.groups * args.replicas, [f.message for f in report.findings][:3]
            assert not [f for f in report.findings if f.rule_id.startswith("LD-FLEET")], [f.message for f in report.findings]

        def command(src: Path = ROOT / "src") -> None:
            urls = [a for lab in labs for a in ("--proxy", lab.url)]
            proc = subprocess.run(
                [sys.executable, "-m", "litellm_doctor", "probe", *urls, "--config", str(labs[0].config_path), "--deep",
                 "--key-env", "LD_LAB_MASTER_KEY", "--format", "json"],
                env={**labs[0].env(), "PYTHONPATH": str(src)}, capture_output=True, text=True, timeout=120,
            )
            assert proc.returncode == 0, proc.stderr[-500:] or proc.stdout[-500:]

        cold_health, cold_fleet = timed(health), timed(fleet)
        healths, fleets, commands, baselines = [], [], [], []
        for _ in range(args.rounds):  # interleaved: on a shared machine the load drifts
            healths.append(timed(health))
            fleets.append(timed(fleet))
            commands.append(timed(command))
            if args.baseline:
                baselines.append(timed(lambda: command(args.baseline)))
        warm_health, warm_fleet, warm_command = statistics.median(healths), statistics.median(fleets), statistics.median(commands)
        before = proxy_cpu(labs)
        health()
        health_cpu = proxy_cpu(labs) - before
        before, doctor_before = proxy_cpu(labs), time.process_time()
        fleet()
        fleet_cpu, doctor_cpu = proxy_cpu(labs) - before, time.process_time() - doctor_before
    finally:
        for lab in labs:
            lab.stop()
        upstream.stop()
    print(f"\n{args.replicas} replicas x {args.groups} model groups, upstream answers in {args.delay:g} s "
          f"(real LiteLLM proxies, started in {startup:.1f} s; {os.cpu_count()} cores)\n")
    rows = [("one replica GET /health, first call", cold_health), ("fleet probe --deep, first call", cold_fleet),
            ("one replica GET /health, warm (median)", warm_health), ("fleet probe --deep, warm (median)", warm_fleet),
            ("`litellm-doctor probe --proxy x5 --deep` command (median)", warm_command)]
    if baselines:
        rows.append(("the same command of --baseline (median)", statistics.median(baselines)))
    width = max(len(r[0]) for r in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:6.2f} s  {seconds / warm_health:5.2f}x")
    print(f"\nCPU: the proxies used {health_cpu:.2f} s for one /health and {fleet_cpu:.2f} s to serve the fleet probe "
          f"({fleet_cpu * 1000 / (args.replicas * args.groups):.0f} ms per completion through a proxy); this process "
          f"(doctor and upstream) {doctor_cpu:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"\nbar (issue 14): fleet probe within 1.5x of one replica's warm /health: "
          f"{'yes' if warm_fleet <= 1.5 * warm_health else 'NO'} ({warm_fleet / warm_health:.2f}x; per round "
          f"{', '.join(f'{f / h:.2f}x' for f, h in zip(fleets, healths))}); the command: "
          f"{warm_command / warm_health:.2f}x (per round {', '.join(f'{c / h:.2f}x' for c, h in zip(commands, healths))}); "
          + (f"--baseline's command: {statistics.median(baselines) / warm_health:.2f}x; " if baselines else "")
          + f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
