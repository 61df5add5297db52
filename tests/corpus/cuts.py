"""Truncated pastes: what `diagnose` answers on a CUT of a real error, and does its confidence mean something?

    python tests/corpus/cuts.py               # per lossy family: right / wrong / unknown, and the reliability table
    python tests/corpus/cuts.py --part held   # only texts of the held-out side of the thread split
    python tests/corpus/cuts.py --misses      # list every wrong or unknown cut, with its answer
    python tests/corpus/cuts.py --more        # other cuts: first / last two lines, the first line cut at a width

The cuts are variants.py's lossy families (first / last line, first / last half, frames dropped, the message
without its classes, the JSON body's message alone) of every real corpus text. Users paste these: only the
last line of a traceback, only the first line of a long error. A cut can remove the cause, so the right answer
on a cut is either the labelled category, or `unknown`, or a marked estimate whose probability says how
likely it is right; a confident wrong answer is the failure this script looks for.

Rule answers are scored as `diagnose` gives them. Estimate answers come from a model trained WITHOUT the
text's source thread (train_estimate.out_of_fold's folds), gated and capped as estimate.estimate does, so
the table does not score the estimate on the texts it learned from (the shipped model has seen every
original: variants.py --estimate measures only whether a cut moves it).

The split (`--part`): honest_estimate.held_out, the same function as variants.py's.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_estimate as te  # noqa: E402  (also puts src/ on the path)
import variants  # noqa: E402
from variants import more_cuts  # noqa: E402  (`--more`: the cuts live in variants.py, where the trainer reads them)
from honest_estimate import held_out  # noqa: E402
from litellm_doctor.diagnosis import diagnose  # noqa: E402
from litellm_doctor.diagnosis.estimate import body_cut, error_features, gate  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from reliability import BAR_CONFIDENCE, table  # noqa: E402


def answers(part: str = "all", more: bool = False) -> list[tuple[dict, str, str, str, float, str]]:
    """(record, family, kind, category, confidence, text) for every lossy cut of every real text; kind is
    rule, estimate (out-of-fold) or unknown. `more`: only the cuts of `more_cuts` instead."""
    records = [r for r in te.corpus() if r["real"]]
    if part != "all":
        records = [r for r in records if held_out(r) == (part == "held")]
    model_file = te.json.loads(te.MODEL_FILE.read_text(encoding="utf-8"))
    models: dict = {}
    te.out_of_fold(te.corpus(), model_file["temperature"], model_file["length_power"], models)
    out = []
    for r in records:
        # The fold model with the shipped calibration map (fitted on the dev threads only: on --part held untouched).
        model = {**models[te.fold_of(r["group"])], "temperature": model_file["temperature"],
                 "length_power": model_file["length_power"], "calibration": model_file.get("calibration")}
        cuts = more_cuts(r["text"]) if more else [(f, t) for f, t in variants.variants(r) if f in variants.LOSSY]
        for family, text in cuts:
            report = diagnose(text)
            if report.answer == "rule":
                out.append((r, family, "rule", report.category, report.diagnosis.confidence, text))
                continue
            error = read_error_text(text)
            feats = error_features(error.text, error.json_fields)
            category, p = gate(feats, model, cut=body_cut(error.text)) or ("unknown", 0.0)
            out.append((r, family, "estimate" if p else "unknown", category, p, text))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "held", "all"), default="all")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--more", action="store_true", help="other cuts: first / last two lines, the first line cut at a width")
    args = ap.parse_args(argv)
    rows = answers(args.part, args.more)
    fam: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r, family, kind, category, conf, _text in rows:
        c = fam[family]
        c[0] += category == r["category"]
        c[1] += category not in (r["category"], "unknown")
        c[2] += category == "unknown"
        c[3] += 1
    print(f"lossy cuts of the real texts ({args.part}): {len(rows)}   right / wrong / unknown")
    for family, (right, wrong, unknown, n) in sorted(fam.items()):
        print(f"  {family:<14} {right:>4}/{n:<4} {right / n:6.1%}   wrong {wrong:>3}   unknown {unknown:>3}")
    right = sum(r["category"] == c for r, _f, _k, c, _p, _t in rows)
    wrong = sum(c not in (r["category"], "unknown") for r, _f, _k, c, _p, _t in rows)
    print(f"all cuts: right {right}/{len(rows)} = {right / len(rows):.1%}, wrong {wrong}, unknown {len(rows) - right - wrong}")
    for kind in ("rule", "estimate"):
        scored = [(r, k, category, conf) for r, _family, k, category, conf, _text in rows if k == kind]
        for line in table(scored, f"{kind} answers on cuts"):
            print(line)
    # The Brier score of the reported probability against right / wrong on the cuts no rule answers (an
    # `unknown` reports 0): the measure the thin cap was fitted with (HOLDOUT_EVAL.md, fourteenth pass).
    unruled = [(r, c, p) for r, _f, k, c, p, _t in rows if k != "rule"]
    if unruled:
        brier = sum((p - (c == r["category"])) ** 2 for r, c, p in unruled) / len(unruled)
        print(f"Brier score of the estimate on the {len(unruled)} cuts no rule answers (unknown reports 0): {brier:.4f}")
    high = [row for row in rows if row[4] >= BAR_CONFIDENCE]
    if high:
        share = sum(row[0]["category"] == row[3] for row in high) / len(high)
        print(f"confidence >= {BAR_CONFIDENCE}: {len(high)} answers, {share:.1%} right")
    if args.misses:
        for r, family, kind, category, conf, text in rows:
            if category != r["category"]:
                one = text.replace("\n", "⏎")[:200]
                print(f"{'WRONG' if category != 'unknown' else 'UNKNOWN'} [{family}] {r['id']}: want {r['category']}, "
                      f"{kind} says {category} at {conf:.2f}\n     {one}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
