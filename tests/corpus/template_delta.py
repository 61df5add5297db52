"""What a LiteLLM release changed in its error wordings, and how the doctor does on those (issue #9).

    python tests/corpus/template_delta.py                       # 1.110.2 vs 1.108.14
    python tests/corpus/template_delta.py --new 1.110.2 --old 1.108.14 --misses   # ... and list every miss
    python tests/corpus/template_delta.py --write /tmp/new.jsonl                  # the new/reworded subset
    python tests/corpus/template_delta.py --file /tmp/all.jsonl --new 1.63.14,1.97.0 --old 1.103.0,1.108.14,1.110.2
        # wordings older releases produced that none of the current three does (harvest_templates.py --add-release)
    python tests/corpus/template_delta.py --file tests/corpus/between_templates.jsonl --new 1.98.1,...,1.109.3 --old 1.61.20,...,1.110.2
        # the 95 labelled wordings only the releases in between produce (HOLDOUT_EVAL.md, forty-ninth and fifty-eighth
        # passes), written by --write from the 22-release harvest so they can be scored without it

Reads `litellm_templates.jsonl` (harvest_templates.py), whose `versions` say which releases produce each
wording. A template of `--new` that `--old` does not produce is *new* or *reworded*: reworded when `--old`
has a template, gone from `--new`, of the same module and kind whose wording is close (difflib ratio
>= REWORDED), new otherwise. Each is scored with `diagnose` like score.py does, split by the kind of
answer (rule / estimate / unknown). The templates are a coverage measure, not accuracy on what users
paste (HOLDOUT_EVAL.md, twelfth pass).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter
from pathlib import Path

from litellm_doctor.diagnosis import diagnose

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "litellm_templates.jsonl"
REWORDED = 0.6


def _module(record: dict) -> str:
    """`proxy/auth/x.py` whatever the version prefix (`litellm-1.110.2/...`, `litellm_enterprise-...`)."""
    prefix, _, rest = record["source"].rsplit(":", 1)[0].partition("/")
    return prefix.split("-", 1)[0] + "/" + rest


def _versions(spec: str) -> set[str]:
    """`1.110.2` or a comma-separated set `1.63.14,1.67.6`."""
    return {v.strip() for v in spec.split(",") if v.strip()}


def delta(records: list[dict], new: str, old: str) -> tuple[list[tuple[dict, dict | None]], list[dict]]:
    """([(template new in `new`, the `old` template it rewords or None)], templates of `old` gone from `new`).
    `new` and `old` may each be a comma-separated set of releases: a template is new when some release of
    `new` produces it and no release of `old` does (`--new 1.63.14,1.97.0 --old 1.103.0,1.108.14,1.110.2`:
    the wordings older releases had and none of the current three has)."""
    news, olds = _versions(new), _versions(old)
    added = [r for r in records if news & set(r["versions"]) and not olds & set(r["versions"])]
    gone = [r for r in records if olds & set(r["versions"]) and not news & set(r["versions"])]
    out = []
    for r in added:
        candidates = [g for g in gone if _module(g) == _module(r) and g["kind"] == r["kind"]]
        best, ratio = None, 0.0
        for g in candidates:
            x = difflib.SequenceMatcher(None, g["text"], r["text"]).ratio()
            if x > ratio:
                best, ratio = g, x
        out.append((r, best if ratio >= REWORDED else None))
    return out, gone


def answer(text: str) -> tuple[str, str, str]:
    """(category, answer kind rule|estimate|unknown, rule id or '-')."""
    report = diagnose(text)
    kind = report.answer if report.answer in ("rule", "estimate") else "unknown"
    return report.category, kind, report.diagnosis.rule_id if report.diagnosis else "-"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--new", default="1.110.2")
    ap.add_argument("--old", default="1.108.14")
    ap.add_argument("--file", type=Path, default=TEMPLATES)
    ap.add_argument("--misses", action="store_true", help="list every template the doctor gets wrong or unknown")
    ap.add_argument("--write", type=Path, help="write the new/reworded templates (same format) to this file")
    args = ap.parse_args(argv)
    records = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs, gone = delta(records, args.new, args.old)
    reworded = sum(1 for _, g in pairs if g is not None)
    print(f"{args.new} vs {args.old}: {len(pairs)} templates new or reworded ({len(pairs) - reworded} new, {reworded} reworded); "
          f"{len(gone)} of {args.old} gone; {sum(1 for r in records if _versions(args.new) & set(r['versions']))} in {args.new}")
    if len(_versions(args.new)) > 1:
        per = Counter(v for r, _ in pairs for v in r["versions"] if v in _versions(args.new))
        print("  produced by: " + ", ".join(f"{v} {per[v]}" for v in sorted(per, key=lambda v: tuple(int(p) for p in v.split(".")[:3]))))
    if args.write:
        args.write.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r, _ in pairs), encoding="utf-8")
    tally: Counter = Counter()
    by_category: Counter = Counter()
    misses = []
    for r, g in pairs:
        got, kind, rule = answer(r["text"])
        ok = "right" if got == r["category"] else ("unknown" if got == "unknown" else "wrong")
        tally[(kind, ok)] += 1
        by_category[(r["category"], ok == "right")] += 1
        if ok != "right":
            misses.append((r, g, got, kind, rule))
    right = sum(v for (k, ok), v in tally.items() if ok == "right")
    n = len(pairs)
    print(f"right {right}/{n} = {right / max(n, 1):.1%}; by a rule right/wrong {tally[('rule', 'right')]}/{tally[('rule', 'wrong')]}; "
          f"by the estimate right/wrong {tally[('estimate', 'right')]}/{tally[('estimate', 'wrong')]}; unknown {tally[('unknown', 'unknown')]}")
    for category in sorted({c for c, _ in by_category}):
        print(f"  {category:<11} {by_category[(category, True)]:>3}/{by_category[(category, True)] + by_category[(category, False)]}")
    if args.misses:
        for r, g, got, kind, rule in misses:
            print(f"MISS {r['id']} want {r['category']}, got {got} ({kind} {rule}) {r['source']}{' (reworded)' if g else ''}\n     {r['text'][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
