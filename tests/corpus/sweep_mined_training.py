"""The mined texts as training data for the estimate: leave one batch out, and grouped CV on the real texts.

    python tests/corpus/sweep_mined_training.py 0,0.5,1                   # both measures at each weight
    python tests/corpus/sweep_mined_training.py 0,0.5,1 --orders 0,1,2,3  # each in four training orders
    python tests/corpus/sweep_mined_training.py 0,1 --only lobo           # one measure
    python tests/corpus/sweep_mined_training.py 0.5,1 --stage second      # new words only, main fit frozen
    python tests/corpus/sweep_mined_training.py 0.5 --no-bias --balance   # the variants (see --help)

HOLDOUT_EVAL.md, "Estimate, twenty-third pass". At weight 0 the trainer is the shipped one of before (no
mined text trains); at a positive weight the mined texts join the main fit as train_estimate.corpus adds
them (MINED_WEIGHT: training-only, one group per source package, a near-copy of a validated text left out
of that fold).

 lobo: for each mined batch B (train_estimate.MINED), the estimate trained on the corpora plus the OTHER
       batches at the weight (a text of theirs that near-copies a text of B left out), temperature chosen
       by grouped CV on the real texts as the trainer does, scored on B: the estimate alone (argmax; as
       `gate` answers, with the unknown / thin / cut rules estimate.estimate applies; the thin answers
       apart; log loss of the right category), and the doctor: the rules where they answer, this estimate
       where they do not, with the rules of today (rules were written from B's misses since, so few texts
       are left) and of B's UNTOUCHED revision (mined_eval.UNTOUCHED: before any rule saw B).
   cv: grouped 5-fold CV on the 262 real texts (train_estimate.out_of_fold) with ALL mined texts as
       training in every fold: argmax, gated, log loss, uncapped top p >= 0.8 right, the Brier score of the
       reported probability (right = 1, wrong or unknown = 0, unknown reports 0) on the whole texts and on
       the lossy cuts of them no rule answers (cuts.py's; the fourteenth pass's measure), and the reliability
       table of the estimate alone (reliability.table).

Training orders (`--orders`): 0 = the shipped sha256 order of `id`, 1/2/3 = with the prefixes `a:`, `b:`,
`c:` (train_estimate.ORDER_PREFIX), to see the noise of the training order alone.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import honest_estimate as he  # noqa: E402
import train_estimate as te  # noqa: E402
from mined_eval import UNTOUCHED  # noqa: E402  (each mined file's revision before any rule saw it)
from litellm_doctor.diagnosis.estimate import body_cut, error_features, gate, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from litellm_doctor.model import CATEGORIES  # noqa: E402

ORDERS = ("", "a:", "b:", "c:")


def featured(records: list[dict]) -> list[dict]:
    for r in records:
        error = read_error_text(r["text"])
        r["features"] = error_features(error.text, error.json_fields)
        r["cut"] = body_cut(error.text)
    return records


def top(probs: dict[str, float]) -> str:
    return max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))


def train(records: list[dict]) -> dict:
    _loss, temperature, power = te.choose_calibration(records)
    return te.fit(records, temperature, power)


def training_set(base: list[dict], mined: dict[str, list[dict]], names: list[str], weight: float, evaluated: list[dict]) -> tuple[list[dict], int]:
    """The corpora plus the mined texts of `names` at `weight`, without those that near-copy an `evaluated`
    text; each marked with the real threads it near-copies (for the folds). (records, how many left out)."""
    if weight <= 0 or not names:
        return base, 0
    shingled = [te._shingles(r["text"]) for r in evaluated]
    factor = te.mined_balance(tuple(names)) if te.MINED_BALANCE else {}
    extra, left = [], 0
    for name in names:
        for r in mined[name]:
            own = te._shingles(r["text"])
            if any(te.near_copy(own, s) for s in shingled):
                left += 1
                continue
            extra.append({**r, "weight": weight * factor.get(r["category"], 1.0)})
    te.mark_near(extra, [r for r in base if r["real"]])
    return base + extra, left


def score_batch(model: dict, batch: list[dict], rules: dict[str, dict[str, dict]]) -> dict:
    """The estimate alone on the batch, and the doctor with each rule set in `rules` (label -> id -> result)."""
    out = {"n": len(batch), "argmax": 0, "gated": 0, "unknown": 0, "loss": 0.0, "thin": 0, "thin_right": 0}
    answers = {}
    for r in batch:
        probs, known = probabilities(r["features"], model)
        out["argmax"] += top(probs) == r["category"]
        out["loss"] -= math.log(max(probs[r["category"]], 1e-9))
        answer = gate(r["features"], model, probs, cut=r["cut"])
        answers[r["id"]] = answer[0] if answer else "unknown"
        out["unknown"] += answer is None
        out["gated"] += answers[r["id"]] == r["category"]
        if answer and ((r["cut"] and r["cut"] != "inside") or known <= model["thin_known"]):
            out["thin"] += 1
            out["thin_right"] += answer[0] == r["category"]
    out["loss"] /= len(batch)
    for label, results in rules.items():
        left = [r for r in batch if results[r["id"]]["answer"] != "rule"]
        right_rules = sum(results[r["id"]]["got"] == r["category"] for r in batch if results[r["id"]]["answer"] == "rule")
        est_right = sum(answers[r["id"]] == r["category"] for r in left)
        out[label] = (len(left), est_right, right_rules + est_right)
    out["answers"] = answers
    return out


BASELINE: dict[int, dict] = {}


def lobo(base: list[dict], mined: dict[str, list[dict]], weights: list[float], orders: list[int], untouched: bool) -> None:
    rules = {}
    for name in te.MINED:
        rules[name] = {"today": {x["id"]: x for x in he.score_here(mined[name])}}
        if untouched:
            if name not in UNTOUCHED:
                print(f"{name}: no untouched revision in mined_eval.UNTOUCHED")
                continue
            try:
                rules[name]["untouched"] = {x["id"]: x for x in he.score_at(UNTOUCHED[name], [{"id": r["id"], "text": r["text"]} for r in mined[name]])}
            except he.RevisionMissing:
                print(f"{name}: untouched revision {UNTOUCHED[name][:7]} not in this clone")
    for name in te.MINED:
        batch = mined[name]
        labels = rules[name]
        desc = ", ".join(f"{label}: rules answer {sum(x['answer'] == 'rule' for x in res.values())}" for label, res in labels.items())
        print(f"\n== {name}: {len(batch)} texts held out ({desc})", flush=True)
        others = [n for n in te.MINED if n != name]
        baseline_answers = {}
        for w in weights:
            rows = []
            for o in orders:
                te.ORDER_PREFIX = ORDERS[o]
                records, left = training_set(base, mined, others, w, batch)
                if w > 0 or o not in BASELINE:  # at weight 0 the model is the same whichever batch is held out
                    model = train(records)
                    if w <= 0:
                        BASELINE[o] = model
                fig = score_batch(model if w > 0 else BASELINE[o], batch, labels)
                rows.append(fig)
                if w == 0:
                    baseline_answers[o] = fig["answers"]
                changed = [i for i, a in fig["answers"].items() if baseline_answers.get(o, {}).get(i, a) != a]
                by_id = {r["id"]: r for r in batch}
                moves = ", ".join(f"{i}: {baseline_answers[o][i]} -> {fig['answers'][i]} ({'right' if fig['answers'][i] == by_id[i]['category'] else 'wrong'}; want {by_id[i]['category']})" for i in changed)
                extra = "".join(f"; {label} rules + estimate {fig[label][2]}/{fig['n']} (estimate on the {fig[label][0]} no rule answers: {fig[label][1]})" for label in labels)
                print(f"  weight {w:<4} order {o}: argmax {fig['argmax']}/{fig['n']}, gated {fig['gated']}/{fig['n']} ({fig['unknown']} unknown), "
                      f"thin answers {fig['thin_right']}/{fig['thin']} right, log loss {fig['loss']:.3f}{extra}"
                      + (f"; {left} near-copies of the batch left out" if left else "") + (f"\n      changed vs weight 0: {moves}" if moves else ""), flush=True)
            k = len(rows)
            mean = lambda key: sum(f[key] for f in rows) / k  # noqa: E731
            extra = "".join(f"; {label} doctor {sum(f[label][2] for f in rows) / k:.2f}, estimate on its {rows[0][label][0]} {sum(f[label][1] for f in rows) / k:.2f}" for label in labels)
            print(f"  MEAN weight {w:<4}: argmax {mean('argmax'):.2f}, gated {mean('gated'):.2f}, thin {mean('thin_right'):.2f}/{mean('thin'):.2f}, "
                  f"log loss {mean('loss'):.3f}{extra}", flush=True)
    te.ORDER_PREFIX = ""


def cut_records(real: list[dict]) -> list[dict]:
    """The lossy cuts (variants.py's) of the real texts that no rule of today's library answers, with features."""
    import variants  # noqa: PLC0415

    from litellm_doctor.diagnosis import diagnose  # noqa: PLC0415

    out = []
    for r in real:
        for family, text in variants.variants(r):
            if family in variants.LOSSY and diagnose(text).answer != "rule":
                out.append(featured([{"id": f"{r['id']}#{family}", "text": text, "category": r["category"], "group": r["group"]}])[0])
    return out


def cv(base: list[dict], mined: dict[str, list[dict]], weights: list[float], orders: list[int]) -> None:
    import reliability  # noqa: PLC0415

    real = [r for r in base if r["real"]]
    cuts = cut_records(real)
    print(f"\n== grouped CV on {len(real)} real texts, all {sum(len(v) for v in mined.values())} mined texts as training in every fold; "
          f"Brier also on the {len(cuts)} lossy cuts no rule answers", flush=True)
    for w in weights:
        rows = []
        for o in orders:
            te.ORDER_PREFIX = ORDERS[o]
            records, _left = training_set(base, mined, list(te.MINED), w, [])
            near = sum(bool(r.get("near")) for r in records if r["group"].startswith(te.MINED_GROUP))
            models: dict = {}
            loss, temperature, power = te.choose_calibration_with(records, models)
            argmax = gated = unknown = high = high_right = 0
            brier_whole = brier_cuts = 0.0
            alone = []
            for r, probs, _known in te.out_of_fold(records, temperature, power, models):
                t = top(probs)
                argmax += t == r["category"]
                if probs[t] >= 0.8:
                    high += 1
                    high_right += t == r["category"]
                model = {**models[te.fold_of(r["group"])], "temperature": temperature, "length_power": power}
                answer = gate(r["features"], model, probs, cut=r.get("cut", False))
                unknown += answer is None
                ok = answer is not None and answer[0] == r["category"]
                gated += ok
                p = answer[1] if answer else 0.0
                brier_whole += (p - ok) ** 2
                alone.append((r, "estimate" if answer else "unknown", answer[0] if answer else "unknown", p))
            for c in cuts:
                model = {**models[te.fold_of(c["group"])], "temperature": temperature, "length_power": power}
                answer = gate(c["features"], model, cut=c["cut"])
                ok = answer is not None and answer[0] == c["category"]
                brier_cuts += ((answer[1] if answer else 0.0) - ok) ** 2
            n = len(real)
            fig = {"argmax": argmax, "gated": gated, "unknown": unknown, "loss": loss / n, "T": temperature,
                   "high": high, "high_right": high_right, "brier_whole": brier_whole / n, "brier_cuts": brier_cuts / len(cuts),
                   "brier": (brier_whole + brier_cuts) / (n + len(cuts))}
            rows.append(fig)
            print(f"  weight {w:<4} order {o}: argmax {argmax}/{n}, gated {gated}/{n} ({unknown} unknown), log loss {fig['loss']:.4f} "
                  f"(T {temperature}), uncapped p >= 0.8 {high_right}/{high}, Brier whole {fig['brier_whole']:.4f}, cuts {fig['brier_cuts']:.4f}, "
                  f"pooled {fig['brier']:.4f}" + (f"; {near} mined texts near a real thread (out of its fold)" if near else ""), flush=True)
            if o == orders[0]:
                for line in reliability.table(alone, f"    the estimate alone, out-of-fold, weight {w}, order {o} (reported probability)"):
                    print("  " + line)
        k = len(rows)
        mean = lambda key: sum(f[key] for f in rows) / k  # noqa: E731
        print(f"  MEAN weight {w:<4}: argmax {mean('argmax'):.2f}, gated {mean('gated'):.2f}, log loss {mean('loss'):.4f}, "
              f"p >= 0.8 right {sum(f['high_right'] for f in rows)}/{sum(f['high'] for f in rows)}, "
              f"Brier whole {mean('brier_whole'):.4f}, cuts {mean('brier_cuts'):.4f}, pooled {mean('brier'):.4f}", flush=True)
    te.ORDER_PREFIX = ""


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("weights", help="comma-separated weights of the mined texts (0: none)")
    ap.add_argument("--orders", default="0", help="training orders, e.g. 0,1,2,3")
    ap.add_argument("--only", default="lobo,cv", help="lobo, cv or both")
    ap.add_argument("--no-untouched", action="store_true", help="skip the rules at each batch's untouched revision")
    ap.add_argument("--stage", choices=("main", "second"), default="main",
                    help="train_estimate.MINED_STAGE: the main fit, or only new words on top of it (as the templates)")
    ap.add_argument("--no-bias", action="store_true", help="the mined texts do not move the bias (train_estimate.MINED_BIAS)")
    ap.add_argument("--balance", action="store_true", help="their weights scaled to the real corpora's category mix (MINED_BALANCE)")
    args = ap.parse_args(argv)
    te.MINED_STAGE = args.stage
    te.MINED_BIAS = not args.no_bias
    te.MINED_BALANCE = args.balance
    weights = [float(w) for w in args.weights.split(",")]
    orders = [int(o) for o in args.orders.split(",")]
    base = te.corpus(mined_weight=0)
    for r in base:
        r.setdefault("cut", False)
    mined = {name: featured(te.mined_records(1.0, (name,))) for name in te.MINED}
    only = args.only.split(",")
    if "lobo" in only:
        lobo(base, mined, weights, orders, not args.no_untouched)
    if "cv" in only:
        cv(base, mined, weights, orders)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
