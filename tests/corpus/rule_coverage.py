"""Which texts each rule answers: real (real_errors_train*.jsonl), blind-set (blind_eval*.jsonl) and
LiteLLM template (litellm_templates.jsonl) texts. For audits by how much real evidence a rule has.

    python tests/corpus/rule_coverage.py             # every rule: real / blind / template texts it answers
    python tests/corpus/rule_coverage.py --real 0    # only the rules that exactly N real texts answer
    python tests/corpus/rule_coverage.py --real 2-3  # ... or a range

"Answers" means `diagnose` gives the text that rule's verdict (the winner, not merely a match). The last
column counts the blind/template texts it answers in a category other than their label.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from litellm_doctor.diagnosis import diagnose  # noqa: E402
from litellm_doctor.diagnosis.rulebook import load_rules  # noqa: E402

KINDS = {
    "real": ("real_errors_train.jsonl", "real_errors_train2.jsonl"),
    "blind": tuple(sorted(p.name for p in HERE.glob("blind_eval*.jsonl"))),
    "template": ("litellm_templates.jsonl",),
}


def coverage() -> dict[str, dict[str, list[tuple[str, str, str]]]]:
    """rule id -> kind -> [(text id, label, category answered)]."""
    answered: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for kind, names in KINDS.items():
        for name in names:
            for line in (HERE / name).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                record = json.loads(line)
                report = diagnose(record["text"])
                if report.answer == "rule":
                    answered[report.diagnosis.rule_id][kind].append((record["id"], record["category"], report.category))
    return answered


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", help="N or LO-HI: only rules that this many real texts answer")
    args = ap.parse_args(argv)
    lo, hi = 0, 10**9
    if args.real:
        parts = args.real.split("-")
        lo, hi = int(parts[0]), int(parts[-1])
    answered = coverage()
    shown = 0
    print(f"{'rule':14} {'category':11} {'real':>4} {'blind':>5} {'tmpl':>4} {'other label':>11}")
    for rule in load_rules():
        a = answered.get(rule.id, {})
        real = len(a.get("real", []))
        if not lo <= real <= hi:
            continue
        others = a.get("blind", []) + a.get("template", [])
        disagree = sum(1 for _id, label, got in others if label != got)
        print(f"{rule.id:14} {rule.category:11} {real:>4} {len(a.get('blind', [])):>5} {len(a.get('template', [])):>4} {disagree:>11}")
        shown += 1
    print(f"{shown} rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
