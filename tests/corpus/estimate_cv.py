"""The estimate alone on sources it never saw (issue #9; HOLDOUT_EVAL.md "Sixty-eighth pass").

    python tests/corpus/estimate_cv.py             # grouped CV of the shipped pipeline (train_estimate's settings)
    python tests/corpus/estimate_cv.py --orders 2  # also with other training orders (train_estimate.ORDER_PREFIX)
    python tests/corpus/estimate_cv.py --misses    # list the wrong and `unknown` answers
    python tests/corpus/estimate_cv.py --time-ordered   # each mined batch k by a build on the corpora + batches < k
    python tests/corpus/estimate_cv.py --time-ordered --prior-weight 0,0.5   # the batches < k at these weights

Every labelled real text, the two hand-collected corpora (real_errors_train*.jsonl, one group per source thread)
AND the six mined batches (mined_errors*.jsonl, one group per source package, train_estimate.mined_group), is
estimated by a model built without its group, as if no rule existed. Folds: train_estimate.fold_of of the group
(FOLDS of them). For each outer fold the WHOLE build is re-run on the other groups: the temperature and the
calibration map are chosen by the inner folds (the other FOLDS - 1), the model is fitted, and the held fold's
texts are answered as estimate.gate answers them (its `unknown`, floor, caps and calibration map). The mined
batches train (and are validated) as train_estimate.MINED_WEIGHT / MINED_REAL say; only the first six are in this pool
(the figure stays comparable across passes): the later ones are --time-ordered's measure. The blind
sets and LiteLLM's templates (synthetic renderings of LiteLLM's source) train as the build trains on them (a
blind sibling moves with its thread), and are never scored: only real texts are.

Printed: accuracy (right / all texts, `unknown` counted wrong), the unknown rate, accuracy of the answers given,
per part (train, train2, each mined batch), and the reliability table of the reported probability (band ->
share right). This measures the estimate, not the library: `diagnose` answers most of these texts by a rule.

`--time-ordered` (HOLDOUT_EVAL.md "Ninety-seventh pass"): the mined batches were mined in that order over
sessions, each from sources the earlier ones had not searched; they are the closest thing here to the pastes the
product meets next. Grouped CV over a pool that mixes them lets a batch's texts be estimated by a model that saw
later batches (and its near-twins from other packages); here batch k is estimated only by the whole build
(train_estimate's: temperature, calibration map, model) on the training corpora plus batches 1..k-1 at PRIOR weight
(0: the corpora alone, which is the shipped model for every k while train_estimate.MINED_WEIGHT is 0; with
`--set MINED_REAL=1` the earlier batches also choose the temperature and fit the calibration map; a prior text that near-copies a text of batch k is
left out), as `gate` answers. `--only 10-19` scores those batches only (a long run split over processes). Per batch and in total: all of batch k (the estimate alone), and the texts of batch k
that no rule of today's library answers (`diagnose` gives an estimate or `unknown`): what the estimate is there for.
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
                          "part": name, "validated": te.MINED_WEIGHT > 0 and te.MINED_REAL})
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


_batch_number = te.mined_number
# Every mined batch here, in the order mined (a new batch joins the measure when its file is added).
MINED_ORDERED = te.MINED


def _memoised_cuts() -> None:
    """Every build re-reads the same cuts of the dev texts (te.calibration_points): read each once per run."""
    cuts, read = te.cut_texts, te.read_error_text
    cut_cache: dict[str, list] = {}
    read_cache: dict[str, object] = {}
    te.cut_texts = lambda r: cut_cache[r["id"]] if r["id"] in cut_cache else cut_cache.setdefault(r["id"], cuts(r))
    te.read_error_text = lambda text: read_cache[text] if text in read_cache else read_cache.setdefault(text, read(text))


def no_rule(text: str) -> bool:
    """Whether today's library answers the text by no rule (`diagnose`: an estimate or `unknown`)."""
    from litellm_doctor.diagnosis import diagnose  # noqa: PLC0415

    d = diagnose(text).diagnosis
    return d is None or d.kind == "estimate"


def time_ordered(weights: list[float], misses: bool = False, only: tuple[int, int] | None = None) -> dict[float, dict]:
    """For each PRIOR weight: per batch (all, no-rule) rows of (record, answer, p, argmax); printed, and returned.
    `only` (first, last): score only those batches (a long run split over processes; the totals then cover them only)."""
    _memoised_cuts()
    base = [r for r in te.corpus(mined_weight=0) if r["weight"] > 0]
    real = [r for r in base if r["real"]]
    batches = []
    for name in MINED_ORDERED:
        texts = te.mined_records(1.0, (name,))
        for r in texts:
            error = read_error_text(r["text"])
            r["features"] = te.error_features(error.text, error.json_fields)
            r["cut"] = body_cut(error.text)
            r["no_rule"] = no_rule(r["text"]) if not only or only[0] <= _batch_number(name) <= only[1] else False
            r["shingles"] = te._shingles(r["text"])
        te.mark_near(texts, real)
        batches.append((name, texts))
    out = {}
    for w in weights:
        print(f"time-ordered: batch k estimated by the build on the corpora + batches < k at weight {w}", flush=True)
        print(f"  {'batch':<18} {'n':>4} {'right':>6} {'unk':>4} {'argmax':>7}   {'no rule':>7} {'right':>6} {'unk':>4} {'argmax':>7}")
        shipped = None
        rows: dict[str, tuple[list, list]] = {}
        for k, (name, texts) in enumerate(batches):
            if only and not only[0] <= _batch_number(name) <= only[1]:
                continue
            prior = [{**r, "weight": w} for _name, earlier in batches[:k] for r in earlier
                     if not any(te.near_copy(r["shingles"], t["shingles"]) for t in texts)] if w > 0 else []
            if prior or shipped is None:
                model = _build(base + prior)
                if not prior:
                    shipped = model
            else:
                model = shipped
            every, bare = [], []
            for r in texts:
                probs, _known = probabilities(r["features"], model)
                top = max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))
                answer = gate(r["features"], model, probs, cut=r["cut"])
                uncapped = gate(r["features"], {**model, "max_probability": 1.0}, probs, cut=r["cut"])
                UNCAPPED[id(r)] = uncapped[1] if uncapped else 0.0
                row = (r, answer[0] if answer else "unknown", answer[1] if answer else 0.0, top)
                every.append(row)
                if r["no_rule"]:
                    bare.append(row)
            rows[name] = (every, bare)
            print("  " + _ordered_line(f"batch {_batch_number(name)}", every, bare), flush=True)
        every = [x for a, _b in rows.values() for x in a]
        bare = [x for _a, b in rows.values() for x in b]
        print("  " + _ordered_line("total", every, bare))
        # 2-N: the batches a prior trains for; the first half (1-9 of 19) and the second: choose a change on the first half, confirm on the second.
        half = len(MINED_ORDERED) // 2
        for label, names in [] if only else ((f"batches 2-{len(MINED_ORDERED)}", MINED_ORDERED[1:]), (f"batches 1-{half}", MINED_ORDERED[:half]),
                             (f"batches {half + 1}-{len(MINED_ORDERED)}", MINED_ORDERED[half:])):
            print("  " + _ordered_line(label, [x for n in names for x in rows[n][0]], [x for n in names for x in rows[n][1]]))
        print("  reliability (all batches, answers given):")
        print("\n".join("  " + line for line in reliability(every)))
        if misses:
            for r, got, p, _top in every:
                if got != r["category"]:
                    print(f"  MISS {'no-rule' if r['no_rule'] else 'rule   '} {r['id'][:60]:<60} want {r['category']:<10} got {got:<10} {p:.2f}")
        out[w] = rows
    return out


def _build(training: list[dict]) -> dict:
    """train_estimate.build's model (temperature and calibration map chosen by its own folds) on these records."""
    models: dict = {}
    _loss, temperature, power = te.choose_calibration_with(training, models)
    model = te.fit(training, temperature, power)
    model["calibration"] = te.fit_calibration(training, models, temperature, power)
    return model


def _ordered_line(label: str, every: list, bare: list) -> str:
    def part(rows: list) -> str:
        n = len(rows)
        right = sum(got == r["category"] for r, got, _p, _top in rows)
        unknown = sum(got == "unknown" for _r, got, _p, _top in rows)
        argmax = sum(top == r["category"] for r, _got, _p, top in rows)
        return f"{n:>4} {right:>6} {unknown:>4} {argmax:>7}"
    return f"{label:<18} {part(every)}   {part(bare)}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1, help="training orders to run (ORDER_PREFIX '', 'a:', 'b:', ...)")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--time-ordered", action="store_true", help="each mined batch by a build on the corpora + earlier batches")
    parser.add_argument("--prior-weight", default="0,1", help="--time-ordered: weights of the earlier batches (comma list)")
    parser.add_argument("--only", help="--time-ordered: score only batches FIRST-LAST (split a long run over processes)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an experiment: set a train_estimate setting (MINED_WEIGHT=0.5, MIN_PROBABILITY=0), or est.NAME=1 for one of estimate.py")
    args = parser.parse_args(argv)
    for setting in args.set:
        name, value = setting.split("=", 1)
        module = te
        if name.startswith("est."):  # a setting of estimate.py (a feature switch), as estimate_screen.py takes it
            from litellm_doctor.diagnosis import estimate as module  # noqa: PLC0415
            name = name[4:]
        old = getattr(module, name)
        setattr(module, name, value.lower() in ("1", "true") if isinstance(old, bool) else type(old)(value))
        print(f"{name} = {getattr(module, name)!r} (shipped: {old!r})")
    if args.time_ordered:
        only = tuple(int(x) for x in args.only.split("-")) if args.only else None
        time_ordered([float(w) for w in args.prior_weight.split(",")], misses=args.misses, only=only)
        return 0
    data = records()
    for i in range(args.orders):
        te.ORDER_PREFIX = "" if i == 0 else "abcdefgh"[i - 1] + ":"
        if args.orders > 1:
            print(f"training order {te.ORDER_PREFIX or '(shipped)'}")
        report(grouped_cv(data), misses=args.misses and i == 0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
