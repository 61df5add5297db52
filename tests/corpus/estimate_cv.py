"""The estimate alone on sources it never saw (issue #9; HOLDOUT_EVAL.md "Sixty-eighth pass").

    python tests/corpus/estimate_cv.py             # grouped CV of the shipped pipeline (train_estimate's settings)
    python tests/corpus/estimate_cv.py --orders 2  # also with other training orders (train_estimate.ORDER_PREFIX)
    python tests/corpus/estimate_cv.py --misses    # list the wrong and `unknown` answers

Every labelled real text, the two hand-collected corpora (real_errors_train*.jsonl, one group per source thread)
AND the six mined batches (mined_errors*.jsonl, one group per source package, train_estimate.mined_group), is
estimated by a model built without its group, as if no rule existed. Folds: train_estimate.fold_of of the group
(FOLDS of them). For each outer fold the WHOLE build is re-run on the other groups: the temperature and the
calibration map are chosen by the inner folds (the other FOLDS - 1), the model is fitted, and the held fold's
texts are answered as estimate.gate answers them (its `unknown`, floor, caps and calibration map). The blind
sets and LiteLLM's templates (synthetic renderings of LiteLLM's source) train as the build trains on them (a
blind sibling moves with its thread), and are never scored: only real texts are.

Printed: accuracy (right / all texts, `unknown` counted wrong), the unknown rate, accuracy of the answers given,
per part (train, train2, each mined batch), and the reliability table of the reported probability (band ->
share right). This measures the estimate, not the library: `diagnose` answers most of these texts by a rule.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_estimate as te  # noqa: E402  (also puts src/ on the path)
from litellm_doctor.diagnosis.estimate import body_cut, gate, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from litellm_doctor.model import CATEGORIES  # noqa: E402

MINED_ALL = ("mined_errors.jsonl", "mined_errors_2.jsonl", "mined_errors_3.jsonl", "mined_errors_4.jsonl",
             "mined_errors_5.jsonl", "mined_errors_6.jsonl")
BANDS = ((0.0, 0.36), (0.36, 0.5), (0.5, 0.65), (0.65, 0.8), (0.8, 1.01))
UNCAPPED_BANDS = ((0.0, 0.8), (0.8, 0.9), (0.9, 1.01))
UNCAPPED: dict[int, float] = {}


def records() -> list[dict]:
    """The build's corpus (te.corpus) plus every mined text, each marked `scored` with its `part`. Mined texts
    train at te.MINED_WEIGHT (0: scored only)."""
    base = te.corpus(mined_weight=0)
    parts = {r["id"]: name for name in te.REAL for r in te._load(name)}
    for r in base:
        r["scored"] = r["real"]
        r["part"] = parts.get(r["id"], "")
    mined = []
    for name in MINED_ALL:
        for r in te.mined_records(te.MINED_WEIGHT, (name,)):
            error = read_error_text(r["text"])
            mined.append({**r, "features": te.error_features(error.text, error.json_fields), "scored": True,
                          "part": name, "real": te.MINED_WEIGHT > 0 and te.MINED_REAL})
    for r in base + mined:
        r["cut"] = body_cut(read_error_text(r["text"]).text) if r["scored"] else ""
    return base + mined


def build_without(records: list[dict], k: int) -> dict:
    """The shipped build (train_estimate.build) on the records outside fold k: inner folds choose the
    temperature and fit the calibration map; models[k] is then the model of all the training records."""
    training = [r for r in records if r["weight"] > 0 and (r["group"].startswith(te.AUX_GROUP) or te.fold_of(r["group"]) != k)]
    models: dict = {}
    _loss, temperature, power = te.choose_calibration_with(training, models)
    model = {**models[k], "temperature": temperature, "length_power": power}
    model["calibration"] = te.fit_calibration(training, models, temperature, power)
    return model


def grouped_cv(records: list[dict]) -> list[tuple[dict, str, float, str]]:
    """(record, answered category or "unknown", reported probability, argmax category) for every scored text."""
    out = []
    for k in range(te.FOLDS):
        model = build_without(records, k)
        for r in records:
            if r["scored"] and te.fold_of(r["group"]) == k:
                probs, _known = probabilities(r["features"], model)
                top = max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))
                answer = gate(r["features"], model, probs, cut=r["cut"])
                # The calibration map's figure before the max_probability cap (is the cap still needed?).
                uncapped = gate(r["features"], {**model, "max_probability": 1.0}, probs, cut=r["cut"])
                out.append((r, answer[0] if answer else "unknown", answer[1] if answer else 0.0, top))
                UNCAPPED[id(r)] = uncapped[1] if uncapped else 0.0
    return out


def summary(rows: list[tuple[dict, str, float, str]], label: str) -> str:
    n = len(rows)
    right = sum(got == r["category"] for r, got, _p, _top in rows)
    unknown = sum(got == "unknown" for _r, got, _p, _top in rows)
    argmax = sum(top == r["category"] for r, _got, _p, top in rows)
    given = n - unknown
    return (f"  {label:<24} {n:>4}  right {right:>4} = {right / n:6.1%}  unknown {unknown:>3} = {unknown / n:5.1%}  "
            f"right of answers {right / given if given else 0:6.1%}  argmax {argmax / n:6.1%}")


def reliability(rows: list[tuple[dict, str, float, str]]) -> list[str]:
    lines = [f"  {'reported p':<12} {'n':>4} {'right':>6} {'share':>7} {'mean p':>7}"]
    for lo, hi in BANDS:
        band = [(r, got, p) for r, got, p, _top in rows if got != "unknown" and lo <= p < hi]
        if band:
            right = sum(got == r["category"] for r, got, _p in band)
            mean = sum(p for _r, _g, p in band) / len(band)
            lines.append(f"  {lo:.2f}-{min(hi, 1.0):.2f}    {len(band):>4} {right:>6} {right / len(band):>7.1%} {mean:>7.3f}")
    answered = [(r, got, p) for r, got, p, _top in rows if got != "unknown"]
    brier = sum((p - (got == r["category"])) ** 2 for r, got, p in answered) / max(1, len(answered))
    lines.append(f"  Brier of the answers given: {brier:.4f}")
    lines.append(f"  before the cap of {te.MAX_PROBABILITY} (the calibration map's own figure):")
    for lo, hi in UNCAPPED_BANDS:
        band = [(r, got) for r, got, _p, _top in rows if got != "unknown" and lo <= UNCAPPED.get(id(r), 0.0) < hi]
        if band:
            right = sum(got == r["category"] for r, got in band)
            lines.append(f"  {lo:.2f}-{min(hi, 1.0):.2f}    {len(band):>4} {right:>6} {right / len(band):>7.1%}")
    return lines


def report(rows: list[tuple[dict, str, float, str]], misses: bool = False) -> None:
    print(f"grouped CV ({te.FOLDS} folds by source thread / package), the estimate alone, as estimate.gate answers:")
    print(summary(rows, "all real texts"))
    print(summary([x for x in rows if x[0]["part"] in te.REAL], "hand-collected (train*)"))
    print(summary([x for x in rows if x[0]["part"] in MINED_ALL], "mined (6 batches)"))
    for part in te.REAL + MINED_ALL:
        print(summary([x for x in rows if x[0]["part"] == part], part.replace(".jsonl", "")))
    print("reliability of the reported probability (answers given):")
    print("\n".join(reliability(rows)))
    if misses:
        for r, got, p, _top in rows:
            if got != r["category"]:
                print(f"  MISS {r['part'][:-6]:<20} {r['id'][:60]:<60} want {r['category']:<10} got {got:<10} {p:.2f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1, help="training orders to run (ORDER_PREFIX '', 'a:', 'b:', ...)")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an experiment: set a train_estimate setting (MINED_WEIGHT=0.5, MIN_PROBABILITY=0)")
    args = parser.parse_args(argv)
    for setting in args.set:
        name, value = setting.split("=", 1)
        old = getattr(te, name)
        setattr(te, name, value.lower() in ("1", "true") if isinstance(old, bool) else type(old)(value))
        print(f"{name} = {getattr(te, name)!r} (shipped: {old!r})")
    data = records()
    for i in range(args.orders):
        te.ORDER_PREFIX = "" if i == 0 else "abcdefgh"[i - 1] + ":"
        if args.orders > 1:
            print(f"training order {te.ORDER_PREFIX or '(shipped)'}")
        report(grouped_cv(data), misses=args.misses and i == 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
