"""Masking of 1 MiB of adversarial text (issue 15): every input must be masked in under 1 s.

Each input repeats a fragment that starts a match of one of the shape patterns without finishing
it (`a-a-a-…`, `x://a:` …, `api_key=` …): a pattern that retried a long run from each of its
positions would take minutes here (the `a-a-a-` input took six minutes before issue 15). The plain
English paragraph is the reference: adversarial inputs should cost the same order of time.

    python benchmarks/masking_speed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from litellm_doctor.masking import mask  # noqa: E402

SIZE = 1 << 20
BUDGET_S = 1.0
FRAGMENTS = {
    "prose (reference)": "The proxy returned an error for this request and the key was rejected. ",
    "a-a-a-": "a-", "sk-sk-": "sk-", "sk-a*": "sk-a*", "url x://a:": "x://a:", "user:pass@": "a:b@",
    "api_key=": "api_key=", "aapi_key": "aapi_key", "json key": '"api_key": "', "escaped json": '\\"api_key\\": \\"',
    "yaml block": "api_key: |\n", "Bearer ": "Bearer ", "Authorization: ": "Authorization: ", "curl -u": "-u a:",
    "?code=": "?code=", "eyJ": "eyJ", "AIza": "AIza", "PEM header": "-----BEGIN PRIVATE KEY-----", "base64": "aB3+",
    "hex": "a1", "mixed alnum": "Ab1", "a.": "a.", "a_": "a_", "a ": "a ", "nested pairs": "a=pass%3D",
}


def adversarial_inputs() -> dict[str, str]:
    return {name: (frag * (SIZE // len(frag) + 1))[:SIZE] for name, frag in FRAGMENTS.items()}


def main() -> int:
    worst = 0.0
    for name, text in adversarial_inputs().items():
        started = time.perf_counter()
        mask(text)
        took = time.perf_counter() - started
        worst = max(worst, took)
        print(f"  {name:20} {took * 1000:8.1f} ms")
    ok = worst < BUDGET_S
    print(f"worst {worst * 1000:.0f} ms for 1 MiB (budget {BUDGET_S * 1000:.0f} ms): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
