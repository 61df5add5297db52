"""The rules' match examples as training data for the estimate, measured on texts those rules never saw.

    python tests/corpus/sweep_rule_examples.py 0,0.1,0.25,0.5            # (a), (b), (c) at each weight
    python tests/corpus/sweep_rule_examples.py 0,0.25 --orders 0,1,2,3   # each in four training orders
    python tests/corpus/sweep_rule_examples.py 0,0.25 --only a,b        # a subset of the measures

HOLDOUT_EVAL.md, "Estimate, eighteenth pass". Three measures, each at every weight (0: without them):

 (a) mined_errors_3.jsonl (never training data) with the rule examples of the library at MINED3_UNTOUCHED
     (1fd340c, before any rule was written from that batch): the estimate alone on all 32 texts (argmax, and
     as `gate` answers), on the texts that library's rules did not answer, and the doctor as a whole (the
     rules at 1fd340c, the new estimate where none matched);
 (b) the held-out third of real_errors_train2.jsonl (honest_estimate.py's split): the rules at
     RULES_FROM_KEPT (30e6d80) and, where none matched, an estimate trained without the held-out texts,
     with the rule examples of the library at 30e6d80 (written without them);
 (c) grouped cross-validation on the 262 real texts (train_estimate.cv_report) with today's rule examples,
     an example that near-copies a validated text left out of that fold (and, for the size of the leak,
     with them kept).

In (a) and (b) a rule example that is a near-copy of an evaluated text (train_estimate.near_copy) is left
out of training; how many is printed.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import honest_estimate as he  # noqa: E402
import train_estimate as te  # noqa: E402
from litellm_doctor.diagnosis.estimate import error_features, gate, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from litellm_doctor.model import CATEGORIES  # noqa: E402

MINED3 = "mined_errors_3.jsonl"
MINED3_UNTOUCHED = "1fd340cb8c61b15f58b551ec9d5543293c7a3f14"
ORDERS = ("", "a:", "b:", "c:")


def with_features(records: list[dict]) -> list[dict]:
    for r in records:
        error = read_error_text(r["text"])
        r["features"] = error_features(error.text, error.json_fields)
    return records


# `--temperature`: fit at this temperature instead of the one grouped CV picks (None: as the trainer does).
TEMPERATURE = None


def train(records: list[dict]) -> dict:
    if TEMPERATURE is not None:
        return te.fit(records, TEMPERATURE, te.LENGTH_POWER)
    _loss, temperature, power = te.choose_calibration(records)
    return te.fit(records, temperature, power)


def top(probs: dict) -> str:
    return max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))


def measure_a(weight: float, base: list[dict], rules_dir: Path, mined: list[dict], rule_results: list[dict]) -> str:
    training, total, out = te.add_rule_examples(base, rules_dir, mined, weight)
    model = train(training)
    argmax = gated = unanswered = unanswered_right = unanswered_argmax = doctor = 0
    loss = 0.0
    for r, x in zip(mined, rule_results):
        probs, _ = probabilities(r["features"], model)
        loss -= math.log(max(probs[r["category"]], 1e-9))
        answer = gate(r["features"], model, probs)
        argmax += top(probs) == r["category"]
        ok = answer is not None and answer[0] == r["category"]
        gated += ok
        if x["answer"] == "rule":
            doctor += x["got"] == r["category"]
        else:
            unanswered += 1
            unanswered_right += ok
            unanswered_argmax += top(probs) == r["category"]
            doctor += ok
    n = len(mined)
    return (f"(a) w={weight:<5} examples {total - out}/{total} ({out} near-copies of the 32 left out); estimate alone: "
            f"argmax {argmax}/{n}, gated {gated}/{n}; on the {unanswered} no rule answered: gated {unanswered_right}, "
            f"argmax {unanswered_argmax}; doctor (rules at 1fd340c + estimate) {doctor}/{n}; estimate log loss {loss / n:.3f}")


def measure_b(weight: float, base: list[dict], rules_dir: Path, aside: list[dict], rule_results: list[dict]) -> str:
    aside_ids = {r["id"] for r in aside}
    training = [r for r in base if not (r["real"] and r["id"] in aside_ids)]
    training, total, out = te.add_rule_examples(training, rules_dir, aside, weight)
    model = train(training)
    by_id = {r["id"]: r for r in base if r["real"]}
    doctor = unanswered = unanswered_right = argmax_all = 0
    loss = 0.0
    for r, x in zip(aside, rule_results):
        feats = by_id[r["id"]]["features"]
        probs, _ = probabilities(feats, model)
        loss -= math.log(max(probs[r["category"]], 1e-9))
        argmax_all += top(probs) == r["category"]
        if x["got"] != "unknown":
            doctor += x["got"] == r["category"]
            continue
        unanswered += 1
        answer = gate(feats, model, probs)
        ok = answer is not None and answer[0] == r["category"]
        unanswered_right += ok
        doctor += ok
    n = len(aside)
    return (f"(b) w={weight:<5} examples {total - out}/{total} ({out} near-copies of the {n} left out); rules at 30e6d80 + "
            f"estimate {doctor}/{n}; estimate on the {unanswered} no rule answered: {unanswered_right}; estimate alone argmax {argmax_all}/{n}, log loss {loss / n:.3f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weights", help="comma-separated rule-example weights, e.g. 0,0.1,0.25,0.5")
    parser.add_argument("--orders", default="0", help="which training orders to run: indexes into ORDERS (0 = shipped), e.g. 0,1,2,3")
    parser.add_argument("--leaky", action="store_true", help="(c) also with the near-copies kept")
    parser.add_argument("--only", default="a,b,c", help="which measures")
    parser.add_argument("--temperature", type=float, help="(a), (b): this temperature instead of the one grouped CV picks")
    parser.add_argument("--near-share", type=float, default=te.NEAR_SHARE, help="near-copy threshold (train_estimate.NEAR_SHARE)")
    parser.add_argument("--stage", choices=("main", "second"), default=te.RULE_STAGE,
                        help="main: the examples join the main fit; second: only new words, like the templates (fit_aux)")
    parser.add_argument("--vocabulary", choices=("yes", "no"), default="yes" if te.RULE_VOCABULARY else "no",
                        help="whether words only rule examples show enter the vocabulary")
    args = parser.parse_args(argv)
    te.RULE_VOCABULARY = args.vocabulary == "yes"
    te.NEAR_SHARE = args.near_share
    te.RULE_STAGE = args.stage
    global TEMPERATURE
    TEMPERATURE = args.temperature
    weights = [float(w) for w in args.weights.split(",")]
    only = set(args.only.split(","))
    base = te.corpus(rule_weight=0)
    with tempfile.TemporaryDirectory() as tmp:
        if "a" in only:
            mined = with_features(te._load(MINED3))
            mined_rules = he.score_at(MINED3_UNTOUCHED, [{k: v for k, v in r.items() if k != "features"} for r in mined])
            old_a = he.rules_at(MINED3_UNTOUCHED, Path(tmp))
            print(f"(a) rules at 1fd340c answer {sum(x['answer'] == 'rule' for x in mined_rules)}/{len(mined)} of {MINED3}, "
                  f"right {sum(x['answer'] == 'rule' and x['got'] == r['category'] for r, x in zip(mined, mined_rules))}", flush=True)
        if "b" in only:
            (Path(tmp) / "b").mkdir()
            _kept, aside = he.split(he.load(he.TRAIN2))
            aside_rules = he.score_at(he.RULES_FROM_KEPT, aside)
            old_b = he.rules_at(he.RULES_FROM_KEPT, Path(tmp) / "b")
            print(f"(b) rules at 30e6d80 answer {sum(x['got'] != 'unknown' for x in aside_rules)}/{len(aside)} of the held-out third, "
                  f"right {sum(x['got'] == r['category'] for r, x in zip(aside, aside_rules))}", flush=True)
        for order in [ORDERS[int(i)] for i in args.orders.split(",")]:
            te.ORDER_PREFIX = order
            for w in weights:
                tag = f"order {order or 'shipped'}: "
                if "a" in only:
                    print(tag + measure_a(w, base, old_a, mined, mined_rules), flush=True)
                if "b" in only:
                    print(tag + measure_b(w, base, old_b, aside, aside_rules), flush=True)
                if "c" in only:
                    records = te.corpus(rule_weight=w)
                    near = sum(bool(r.get("near")) for r in records if r["group"].startswith(te.RULE_GROUP))
                    te.KEEP_NEAR = False
                    te.cv_report(records, label=f"{tag}(c) w={w:<5} near-copies left out per fold ({near} examples near some real text): ")
                    if w > 0 and args.leaky:
                        te.KEEP_NEAR = True
                        te.cv_report(records, label=f"{tag}(c) w={w:<5} LEAKY, near-copies kept: ")
                        te.KEEP_NEAR = False
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
