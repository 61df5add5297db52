"""Collectors' text prefixes: per shape, the failures planted and counted, and the calls shown as rescued.

    python tests/logs/prefix_eval.py                    # the lab's logs (LiteLLM 1.103, the shapes' own fixtures)
    python tests/logs/prefix_eval.py --litellm 1.108.14 # the same framings over the 1.108.14 logs (tuned on nothing)

"counted" is what the triage counts as failed requests (kinds request, log, http); "rescued" is the calls a
retry or a fallback rescued (kind call), which must not be counted. The shapes are tests/logs/shapes.py's.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from logs import shapes  # noqa: E402
from logs.conftest import failures_by_category  # noqa: E402

from litellm_doctor.logs import triage_stream  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--litellm", metavar="VERSION", help="the logs captured from this LiteLLM (tests/fixtures/logs/litellm-VERSION)")
    args = parser.parse_args(argv)
    folder = shapes.FIXTURES / f"litellm-{args.litellm}" if args.litellm else shapes.FIXTURES
    manifest = json.loads((folder / "manifest.json").read_text())
    every = shapes.PREFIX_SHAPES + tuple(s for s in shapes.PROXY_SHAPES if s[0] in _KNOWN)
    tally: Counter = Counter()
    print(f"{'shape':30} {'planted':>7} {'counted':>7} {'exact':>5} {'rescued':>7}")
    for name, fixture, frame in every:
        lines = (folder / f"{fixture}.log").read_text(encoding="utf-8").splitlines()
        want = manifest[fixture]["failures_by_category"]
        report = triage_stream(io.BytesIO(("\n".join(frame(lines)) + "\n").encode("utf-8")))
        got = failures_by_category(report)
        rescued = sum(g.count for g in report.groups if g.kind == "call")
        exact = got == want
        tally["exact" if exact else "wrong"] += 1
        print(f"{name:30} {sum(want.values()):7} {sum(got.values()):7} {'yes' if exact else 'NO':>5} {rescued:7}")
    print(f"{tally['exact']}/{sum(tally.values())} shapes exact")
    return 0


# The collector shapes the reader knew by their shape before (PROXY_SHAPES), shown alongside.
_KNOWN = ("kubectl-fallbacks", "docker-timestamps", "docker-timestamps-fallbacks", "podman", "github-actions")

if __name__ == "__main__":
    raise SystemExit(main())
