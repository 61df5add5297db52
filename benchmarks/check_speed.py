"""How fast is `litellm-doctor check` on a big config? Prints figures; asserts nothing.

    python benchmarks/check_speed.py [--deployments 500] [--repeat 5]

Generates a realistic config of N deployments (several providers, several deployments per group with
rpm/tpm, os.environ/ keys, fallbacks, aliases, an include file, a few planted mistakes), then times,
side by side in the same run: the load (YAML + include + env), all checks, and the whole CLI command
in a fresh process (what a CI job pays). The target is < 0.3 s for the in-process check of 500
deployments.
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

PROVIDERS = [
    ("openai/gpt-4o", "api_key: os.environ/OPENAI_API_KEY"),
    ("azure/gpt-4o-{i}", "api_base: https://res-{i}.openai.azure.com\n      api_key: os.environ/AZURE_API_KEY\n      api_version: \"2024-10-21\""),
    ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "aws_region_name: us-east-1"),
    ("vertex_ai/gemini-1.5-pro", "vertex_project: p\n      vertex_location: us-central1"),
    ("anthropic/claude-3-5-haiku-20241022", "api_key: os.environ/ANTHROPIC_API_KEY"),
    ("hosted_vllm/llama-{i}", "api_base: http://vllm-{i}:8000/v1"),
]


def generate(directory: Path, deployments: int) -> Path:
    groups = max(1, deployments // 5)
    lines = ["include:", "  - extra.yaml", "model_list:"]
    for i in range(deployments):
        model, extra = PROVIDERS[i % len(PROVIDERS)]
        group = f"group-{i % groups}"
        lines += [
            f"  - model_name: {group}",
            "    litellm_params:",
            f"      model: {model.format(i=i)}",
            f"      {extra.format(i=i)}",
            f"      rpm: {100 + i}",
            f"      tpm: {10000 + i}",
            "      timeout: 60",
            "    model_info:",
            f"      id: dep-{i}",
            "      base_model: azure/gpt-4o",
        ]
    lines += [
        "  - model_name: typo-group",
        "    litellm_params:",
        "      model: anthropc/claude",
        "      api_bse: http://x",
        "router_settings:",
        "  routing_strategy: usage-based-routing-v2",
        "  redis_host: os.environ/REDIS_HOST",
        "  num_retries: 2",
        "  timeout: 60",
        "  fallbacks:",
        *[f"    - group-{g}: [group-{(g + 1) % groups}]" for g in range(min(groups, 50))],
        "  model_group_alias:",
        *[f"    alias-{g}: group-{g}" for g in range(min(groups, 20))],
        "litellm_settings:",
        "  drop_params: true",
        "  num_retries: 2",
        "general_settings:",
        "  master_key: os.environ/LITELLM_MASTER_KEY",
        "  database_url: os.environ/DATABASE_URL",
    ]
    (directory / "extra.yaml").write_text("model_list:\n  - model_name: extra\n    litellm_params: {model: openai/gpt-4o-mini}\n")
    path = directory / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deployments", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from litellm_doctor.config import load_config
    from litellm_doctor.config.engine import run_checks
    from litellm_doctor.config.checks import catalog
    from litellm_doctor.formats import get_formatter

    env = {"OPENAI_API_KEY": "x", "AZURE_API_KEY": "x", "ANTHROPIC_API_KEY": "x", "REDIS_HOST": "r",
           "LITELLM_MASTER_KEY": "sk-x", "DATABASE_URL": "postgresql://u@db/l"}
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp), args.deployments)
        size = path.stat().st_size
        run_checks(load_config(path, environ=env))  # warm: imports, catalog

        load_med, load_min = timed(lambda: load_config(path, environ=env), args.repeat)
        config = load_config(path, environ=env)
        checks_med, checks_min = timed(lambda: run_checks(config), args.repeat)
        report = run_checks(config)
        total_med, total_min = timed(lambda: run_checks(load_config(path, environ=env)), args.repeat)
        sarif_med, _ = timed(lambda: get_formatter("sarif").render(report), args.repeat)

        cli_env = {**os.environ, **env}
        cli = [sys.executable, "-m", "litellm_doctor", "check", str(path), "--format", "json", "--fail-on", "never"]
        cli_med, cli_min = timed(lambda: subprocess.run(cli, capture_output=True, env=cli_env, check=True), max(3, args.repeat // 2))
        noop = [sys.executable, "-c", "pass"]
        py_med, _ = timed(lambda: subprocess.run(noop, capture_output=True, check=True), 3)

    n = len(config.deployments)
    print(f"check speed: {n} deployments, {len(config.model_groups)} model groups, {size / 1024:.0f} KiB of YAML, "
          f"{len(report.findings)} findings (median of {args.repeat}, min in brackets)")
    rows = [
        ("load_config (YAML, include, env)", load_med, load_min),
        (f"run_checks ({len(catalog())} checks)", checks_med, checks_min),
        ("load + check, in process", total_med, total_min),
        ("render sarif", sarif_med, sarif_med),
        ("CLI `check --format json`, fresh process", cli_med, cli_min),
        ("`python -c pass`, fresh process (baseline)", py_med, py_med),
    ]
    for label, med, low in rows:
        print(f"  {label:<44} {med * 1000:8.1f} ms  [{low * 1000:7.1f}]")
    verdict = "OK" if total_med < 0.3 else "SLOW"
    print(f"  target: load + check < 300 ms for 500 deployments -> {verdict} ({total_med * 1000:.0f} ms, "
          f"{total_med / max(n, 1) * 1e6:.0f} us per deployment)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
