"""Which kind of answer (rule / estimate / unknown) each labelled text gets, whole and as its bare message.

    python tests/corpus/answer_kinds.py             # per file: right, rule answers, broad rule answers (< 0.8)
    python tests/corpus/answer_kinds.py --list      # ... and every text not answered by a rule
    python tests/corpus/answer_kinds.py --bare-list # ... and every bare form not answered by a rule, or wrong

Twenty-second pass (HOLDOUT_EVAL.md): the texts other projects quote (the mined batches) are mostly a
provider's message alone, without LiteLLM's wrapper, and that is where rules keyed on the wrapper left
the answer to the estimate. So besides the labelled texts themselves, every text is also scored in its
bare forms, made by variants.py's own functions: `message_only` (the exception classes and provider label
removed from the first line), `body_message` (only the `message` of its JSON body), and both. A bare form
keeps the text's label. mined_errors_4.jsonl is not read (the next untouched measure).

To measure a past revision: `git archive REV src rules tests/corpus | tar -x -C DIR` and run this script
with PYTHONPATH=DIR/src (the script's own directory decides which corpus files are read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import variants  # noqa: E402  (puts nothing on the path; src/ comes from PYTHONPATH)
from litellm_doctor.diagnosis import diagnose  # noqa: E402

FILES = ("real_errors_train.jsonl", "real_errors_train2.jsonl", "mined_errors.jsonl", "mined_errors_2.jsonl",
         "mined_errors_3.jsonl", "blind_eval.jsonl", "blind_eval_2.jsonl", "blind_eval_3.jsonl",
         "blind_eval_4.jsonl", "blind_eval_5.jsonl")
BROAD = 0.8
BARE = (("message_only", variants.message_only), ("body_message", variants.body_message),
        ("both", lambda t: variants.body_message(variants.message_only(t))))


def answer(text: str) -> tuple[str, str, str, float]:
    report = diagnose(text)
    d = report.diagnosis
    return report.answer, report.category, d.rule_id if d else "-", d.confidence if d else 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--bare-list", action="store_true")
    args = parser.parse_args()
    whole, bare = [], []
    for name in FILES:
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            whole.append((name, r, *answer(r["text"])))
            seen = set()
            for family, cut in BARE:
                t = cut(r["text"])
                if t != r["text"] and t not in seen:
                    seen.add(t)
                    bare.append((name, family, r, *answer(t)))
    print(f"{'file':<26} {'n':>4} {'right':>6} {'rule':>5} {'rule<0.8':>9} {'estimate':>9} {'unknown':>8}")
    for name in FILES:
        rows = [w for w in whole if w[0] == name]
        kinds = Counter(w[2] for w in rows)
        print(f"{name:<26} {len(rows):>4} {sum(w[1]['category'] == w[3] for w in rows):>6} {kinds['rule']:>5} "
              f"{sum(w[2] == 'rule' and w[5] < BROAD for w in rows):>9} {kinds['estimate']:>9} {kinds['unknown']:>8}")
    kinds = Counter(w[2] for w in whole)
    print(f"{'all':<26} {len(whole):>4} {sum(w[1]['category'] == w[3] for w in whole):>6} {kinds['rule']:>5} "
          f"{sum(w[2] == 'rule' and w[5] < BROAD for w in whole):>9} {kinds['estimate']:>9} {kinds['unknown']:>8}")
    if args.list:
        for name, r, kind, cat, rule, conf in whole:
            if kind != "rule":
                print(f"  {kind} {cat} {conf:.2f} (want {r['category']}) {name}:{r['id']}")
    counts = Counter((b[3], b[2]["category"] == b[4]) for b in bare)
    high = [b for b in bare if b[6] >= BROAD]
    print(f"bare forms: {len(bare)} (message_only / body_message / both, of {len(whole)} texts)")
    for kind in ("rule", "estimate", "unknown"):
        print(f"  {kind:<9} right {counts[(kind, True)]:>4}  wrong {counts[(kind, False)]:>3}")
    print(f"  confidence >= {BROAD}: {len(high)} answers, {sum(b[2]['category'] == b[4] for b in high)} right")
    if args.bare_list:
        for name, family, r, kind, cat, rule, conf in bare:
            if kind != "rule" or cat != r["category"]:
                print(f"  {kind} {cat} {rule} {conf:.2f} (want {r['category']}) {name}:{r['id']} [{family}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
