"""Regenerate tests/fixtures/logs/: the real LiteLLM proxy's own log output from lab runs with faults.

    python tests/logs/capture_logs.py            # writes tests/fixtures/logs/*.log and manifest.json
    python tests/logs/capture_logs.py --check    # exits 1 if a fixture would change
    python tests/logs/capture_logs.py --litellm /path/to/venv/bin/litellm --out /tmp/logs-new   # another version

The runs of the lab (tests/lab/lab.py: the real proxy in front of the fault-injecting upstream):

- `proxy-default.log`: the proxy as most people run it (no LITELLM_LOG, plain text with ANSI colours,
  multi-line tracebacks, uvicorn access lines); every fault of the lab planted a known number of times,
  including a 401 that puts a single-deployment group into cooldown.
- `proxy-info-fallbacks.log`: `LITELLM_LOG=INFO` and `router_settings.fallbacks: [{rate-limited:
  [healthy]}]`: a rate-limit storm rescued by fallbacks, then the 401 → cooldown sequence.
- `proxy-json.log`: `JSON_LOGS=True` (what `litellm_settings.json_logs: true` turns on), same faults as
  the default run.
- `proxy-info-faults.log`: `LITELLM_LOG=INFO`, the connection faults and the other upstream faults; `refused` and
  `conn-reset` fall back to `healthy`, so the Router's failed-call lines (no traceback) are all the log has of them.
- `proxy-json-info.log`: the same with `JSON_LOGS=True` too (JSON records without a `stacktrace`).
- `proxy-restart-httpx.log`: the connection faults, then the proxy restarted with `DISABLE_AIOHTTP_TRANSPORT=True`
  and the same faults again (one log, aiohttp's and httpx's words for each cause).

The newer LiteLLMs' logs are in tests/fixtures/logs/litellm-<version>/ (`--litellm ... --out` that directory: its
manifest.json is kept and updated).

What was planted, and the failures per category the triage must count exactly, is written to
`manifest.json` beside the logs. Logs are masked (litellm_doctor.masking.mask), random ports become
fixed ones, auto-generated deployment ids become stable placeholders and machine paths `<site-packages>`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAB_DIR = HERE.parent / "lab"
sys.path.insert(0, str(LAB_DIR))
try:
    from lab import Lab  # noqa: E402  (tests/lab/lab.py, found through LAB_DIR)
except ImportError:  # under pytest (importlib mode) `lab` is already the tests/lab package
    from lab.lab import Lab  # noqa: E402
labmod = sys.modules[Lab.__module__]

FIXTURES = HERE.parent / "fixtures" / "logs"

# (model group or special request, times, expected category of each failed request; None = succeeds)
DEFAULT_PLAN: tuple[tuple[str, int, str | None], ...] = (
    ("healthy", 3, None),
    ("bad-key", 3, "auth"),
    ("unset-key", 2, "deployment"),
    ("rate-limited", 4, "quota_rate"),
    ("no-quota", 1, "quota_rate"),
    ("cooldown-401", 1, "auth"),  # the 401 ...
    ("cooldown-401#cooldown", 2, "routing"),  # ... then the group is in cooldown
    ("model-404", 2, "routing"),
    ("slow-timeout", 1, "timeout"),
    ("refused", 2, "deployment"),
    ("dns-fail", 1, "deployment"),
    ("tls-selfsigned", 1, "deployment"),
    ("upstream-500", 1, "deployment"),
    ("upstream-503", 1, "deployment"),
    ("conn-reset", 1, "deployment"),
    ("healthy", 2, None),
    ("@not-in-model-list", 2, "routing"),
    ("@wrong-key", 2, "auth"),
)

# INFO level with fallbacks: the rate-limited calls are rescued by `healthy` (no request fails).
INFO_PLAN: tuple[tuple[str, int, str | None], ...] = (
    ("healthy", 2, None),
    ("rate-limited", 5, None),
    ("bad-key", 1, "auth"),
    ("cooldown-401", 1, "auth"),
    ("cooldown-401#cooldown", 3, "routing"),
    ("healthy", 1, None),
)

JSON_PLAN: tuple[tuple[str, int, str | None], ...] = (
    ("healthy", 2, None),
    ("bad-key", 2, "auth"),
    ("rate-limited", 3, "quota_rate"),
    ("cooldown-401", 1, "auth"),
    ("cooldown-401#cooldown", 2, "routing"),
    ("slow-timeout", 1, "timeout"),
    ("refused", 1, "deployment"),
    ("upstream-500", 2, "deployment"),
    ("@not-in-model-list", 1, "routing"),
    ("@wrong-key", 1, "auth"),
)

# INFO level, the faults no other run logs at INFO: `refused` and `conn-reset` fall back to `healthy` (the request
# succeeds; only the Router's lines, which carry no traceback, tell of the failed call), the others fail.
INFO_FAULTS_PLAN: tuple[tuple[str, int, str | None], ...] = (
    ("healthy", 1, None),
    ("refused", 2, None),
    ("conn-reset", 1, None),
    ("dns-fail", 1, "deployment"),
    ("tls-selfsigned", 1, "deployment"),
    ("upstream-503", 1, "deployment"),
    ("html-502", 1, "deployment"),
    ("slow-timeout", 1, "timeout"),
    ("model-404", 1, "routing"),
    ("no-quota", 1, "quota_rate"),
    ("denied-403", 1, "auth"),
)
INFO_FAULTS_FALLBACKS = '[{"refused": ["healthy"]}, {"conn-reset": ["healthy"]}]'

# The connection faults, then the same proxy restarted with DISABLE_AIOHTTP_TRANSPORT=True (what a user does to
# try httpx instead of aiohttp) and the same faults again: one log, two HTTP libraries' words for each cause.
CONNECT_PLAN: tuple[tuple[str, int, str | None], ...] = (
    ("refused", 2, "deployment"),
    ("dns-fail", 1, "deployment"),
    ("tls-selfsigned", 1, "deployment"),
    ("conn-reset", 1, "deployment"),
)

RUNS = {
    "proxy-default": {"plan": DEFAULT_PLAN, "env": {}, "fallbacks": None},
    "proxy-info-fallbacks": {"plan": INFO_PLAN, "env": {"LITELLM_LOG": "INFO"}, "fallbacks": '[{"rate-limited": ["healthy"]}]'},
    "proxy-json": {"plan": JSON_PLAN, "env": {"JSON_LOGS": "True"}, "fallbacks": None},
    "proxy-info-faults": {"plan": INFO_FAULTS_PLAN, "env": {"LITELLM_LOG": "INFO"}, "fallbacks": INFO_FAULTS_FALLBACKS},
    "proxy-json-info": {"plan": INFO_FAULTS_PLAN, "env": {"JSON_LOGS": "True", "LITELLM_LOG": "INFO"}, "fallbacks": INFO_FAULTS_FALLBACKS},
    "proxy-restart-httpx": {"plan": CONNECT_PLAN, "env": {}, "fallbacks": None, "restart_env": {"DISABLE_AIOHTTP_TRANSPORT": "True"}},
}


class _LoggingLab(Lab):
    """The lab with extra environment for the proxy (log level, JSON logs)."""

    extra_env: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(self.extra_env)
        return env


def _drive(lab: Lab, plan) -> list[dict]:
    done = []
    for target, times, category in plan:
        for _ in range(times):
            status = lab.planned_request(target)
            done.append({"request": target, "status": status, "category": category})
    return done


def _run(plan, env: dict[str, str]) -> tuple[str, list[dict]]:
    lab = _LoggingLab()
    lab.extra_env = env
    with lab:
        done = _drive(lab, plan)
        time.sleep(1.0)  # let the proxy flush its last lines
        raw = lab.log_path.read_text(encoding="utf-8", errors="replace")
        return normalise(lab, raw), done


def capture(name: str, litellm: str | None = None) -> tuple[str, dict]:
    """One lab run; `litellm` is another LiteLLM's console script (its venv's python runs it)."""
    run = RUNS[name]
    original = labmod.render_config
    original_command = labmod.litellm_command
    if litellm:
        exe = Path(litellm)
        python = exe.parent / "python"
        labmod.litellm_command = lambda: [str(python), str(exe)] if python.exists() else [str(exe)]
    if run["fallbacks"]:
        def render(*args, **kwargs):
            return original(*args, **kwargs).replace("router_settings:\n", f"router_settings:\n  fallbacks: {run['fallbacks']}\n", 1)

        labmod.render_config = render
    try:
        text, done = _run(run["plan"], dict(run["env"]))
        if "restart_env" in run:  # the same proxy restarted with other settings: its log goes on
            more, again = _run(run["plan"], {**run["env"], **run["restart_env"]})
            text, done = text + more, done + again
    finally:
        labmod.render_config = original
        labmod.litellm_command = original_command
    expected = Counter(d["category"] for d in done if d["category"])
    manifest = {
        "requests": done,
        "failures_by_category": dict(sorted(expected.items())),
        "env": run["env"],
        "fallbacks": run["fallbacks"],
        **({"restart_env": run["restart_env"]} if "restart_env" in run else {}),
    }
    return text, manifest


def normalise(lab: Lab, text: str) -> str:
    from litellm_doctor.masking import mask

    assert lab.upstream is not None
    ports = {lab.upstream.port: "18080", lab.upstream.tls_port: "18443", lab.refused_port: "18009", lab.port: "14000"}
    for port, fixed in ports.items():
        text = re.sub(rf"(?<=127\.0\.0\.1:){port}\b", fixed, text)
        text = re.sub(rf"(?<='127\.0\.0\.1', ){port}\b", fixed, text)
    ids: dict[str, str] = {}

    def stable(m: re.Match[str]) -> str:
        return ids.setdefault(m.group(0), f"{len(ids) + 1:064x}")

    text = re.sub(r"\b[0-9a-f]{64}\b", stable, text)
    text = re.sub(r'/[^\s"\']*?/site-packages/', "<site-packages>/", text)
    text = re.sub(r"(?<=process \[)\d+(?=\])", "1000", text)
    text = re.sub(r"(?<=\(ID: )\d+(?=[,)])", "140000000000000", text)
    return mask(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a fixture would change")
    parser.add_argument("--litellm", help="another LiteLLM's `litellm` script; the logs go to --out, not the fixtures")
    parser.add_argument("--out", type=Path, help="with --litellm: the directory for the logs and manifest.json")
    parser.add_argument("runs", nargs="*", default=list(RUNS), help=f"which runs ({', '.join(RUNS)})")
    args = parser.parse_args(argv)
    if args.litellm:
        out = args.out or Path("logs-" + Path(args.litellm).parent.parent.name)
        out.mkdir(parents=True, exist_ok=True)
        manifest = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
        for name in args.runs:
            text, entry = capture(name, args.litellm)
            (out / f"{name}.log").write_text(text)
            manifest[name] = entry
            print(f"{name}: {len(text.splitlines())} lines, failures planted {entry['failures_by_category']}")
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        return 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    manifest_path = FIXTURES / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    changed = []
    for name in args.runs:
        text, entry = capture(name)
        path = FIXTURES / f"{name}.log"
        # Timestamps and call ids differ on every run; only a change of shape counts as a change.
        shape = lambda s: re.sub(r"\d", "0", re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", s))  # noqa: E731
        old = path.read_text() if path.exists() else ""
        if shape(old) != shape(text):
            changed.append(name)
        if not args.check:
            path.write_text(text)
            manifest[name] = entry
        print(f"{name}: {len(text.splitlines())} lines, failures planted {entry['failures_by_category']}")
    if not args.check:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
