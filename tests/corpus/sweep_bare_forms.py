"""The estimate on bare fragments: training on the real texts' bare forms, refusal-shape features, the floor.

    python tests/corpus/sweep_bare_forms.py                         # the variants below, four training orders
    python tests/corpus/sweep_bare_forms.py --weights 0,0.5,1 --orders 0,1,2,3 --shape both --blind both
    python tests/corpus/sweep_bare_forms.py --second 0,0.3 --weights 0 --shape off,all   # shapes as a second stage
    python tests/corpus/sweep_bare_forms.py --bare-model 0,0.3 --weights "" --blind both   # a model for bare texts
    python tests/corpus/sweep_bare_forms.py ... --show              # per-text answers on the mined fragments (first order)

HOLDOUT_EVAL.md, "Estimate, twenty-sixth pass (2026-12-05): bare fragments". A variant is (bare weight w,
refusal shapes: `off` / `all` / restricted (`shaped`), the blind sets' bare forms too or not, and where the
shapes are weighed: in the main fit (default), in the trainer's second stage (`--second TEMPLATE_WEIGHTS`,
shipped at 0.3 with w 0), or a separate model for bare texts (`--bare-model`)). Shapes `off`, w 0 is the
trainer of before. The bare forms of a text are train_estimate.bare_forms (variants.py's `message_only`,
`body_message`).

 a) grouped 5-fold CV on the 262 real texts (train_estimate.out_of_fold; temperature chosen on the full
    real texts as the trainer does): the full texts, and the bare forms of the real texts scored by the fold
    model that never saw their thread: argmax, as `gate` answers, log loss, Brier of the reported
    probability (unknown reports 0), uncapped top p >= 0.8 right.
 b) the fit on all the corpora, never trained on the mined texts, on the 146 mined texts (all batches) and
    on their bare forms; and on the mined `fragments`: texts whose features show no exception, class,
    status, error type nor provider. `floor`: the Brier score if an estimate from a text that shows no
    such feature were capped like a thin one (estimate.gate's thin cap), the third idea of the brief.

Training orders (`--orders`): 0 = the shipped sha256 order of `id`, 1/2/3 = with the prefixes `a:`, `b:`, `c:`.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


import train_estimate as te  # noqa: E402
from litellm_doctor.diagnosis import estimate as est  # noqa: E402
from litellm_doctor.diagnosis.estimate import body_cut, error_features, gate, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from litellm_doctor.model import CATEGORIES  # noqa: E402

ORDERS = ("", "a:", "b:", "c:")
# The refusal shapes (`r:` features; `r:any` when one is shown) as estimate.features reads them; the
# variants below strip or restrict them (`shaped`), so the measure of before can be rerun.
REFUSAL = est._REFUSAL
_features = est.features


# `--extra NAME[>SHAPE]+...` (thirty-second pass): more refusal wordings, each its own shape (`r:NAME`) or
# read as an existing one (`NAME>SHAPE`: `r:SHAPE`). `only supports` is already in `unsupported`, and
# `must not be ...` in `must`; `onlysupports` / `mustnot` alone are the bare phrases.
EXTRA_SHAPES = {
    "required": r"\b(?:is|are) required\b",
    "cannot": r"\bcan(?:not|'t| not) be\b",
    "exceeds": r"\bexceeds\b",
    "mustnot": r"\bmust not\b",
    "onlysupports": r"\bonly supports?\b",
    "invalid": r"\b(?:is|are) invalid\b",
}
EXTRA: list[tuple[str, "re.Pattern[str]"]] = []


def features_with_shapes(text: str, facts: dict[str, str]) -> set[str]:
    """estimate.features plus the refusal shapes (REFUSAL) of the same text (head and tail, boilerplate out)."""
    found = _features(text, facts)
    if len(text) > est._HEAD + est._TAIL:
        text = text[:est._HEAD] + "\n" + text[-est._TAIL:]
    text = est._BOILERPLATE.sub(" ", text)
    shapes = [name for name, pattern in (*REFUSAL, *EXTRA) if pattern.search(text)]
    if shapes:
        found.update("r:" + name for name in shapes)
        found.add("r:any")
    return found


def shows_enough_with_shapes(feats: set[str], model: dict) -> bool:
    """estimate.shows_enough, a refusal shape counting as words (`it must be done` shows nothing more)."""
    return _shows_enough({f for f in feats if not f.startswith("r:")}, model)


_shows_enough = est.shows_enough
STRONG = ("x:", "c:", "s:", "t:", "p:")


def top(probs: dict[str, float]) -> str:
    return max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))


def featured(r: dict) -> dict:
    error = read_error_text(r["text"])
    return {**r, "features": error_features(error.text, error.json_fields), "cut": body_cut(error.text)}


def without_shapes(records: list[dict]) -> list[dict]:
    return [{**r, "features": {f for f in r["features"] if not f.startswith("r:")}} for r in records]


def shaped(records: list[dict], how: str) -> list[dict]:
    """The refusal shapes as variant `how` reads them: `off` none, `all` as estimate.features gives them,
    `noany` without `r:any`, `bare` only on a text that shows no class, status, type nor provider,
    `bare-noany` both."""
    if how == "all":
        return records
    if how == "off":
        return without_shapes(records)
    if how.startswith("drop-"):  # without one shape (`r:any` only where another shape is left)
        gone = {"r:" + name for name in how[5:].split("+")}
        out = []
        for r in records:
            feats = r["features"] - gone
            if not any(f.startswith("r:") and f != "r:any" for f in feats):
                feats = feats - {"r:any"}
            out.append({**r, "features": feats})
        return out
    out = []
    for r in records:
        feats = r["features"]
        if how.endswith("noany"):
            feats = feats - {"r:any"}
        if how.startswith("bare") and not bare_text(feats):
            feats = {f for f in feats if not f.startswith("r:")}
        out.append({**r, "features": feats})
    return out


def bare_text(feats: set[str]) -> bool:
    return not any(f.startswith(STRONG) for f in feats)


# `--thin MODE:K,...` (thirty-second pass): the Brier score of the reported probability if the thin cap
# (estimate.gate) counted the known features as MODE says (thin_count: `count` every one, as the shipped
# gate does, `skip` not the refusal shapes, `one` the shapes as one) with THIN_KNOWN K. Only the reported
# probability moves.
THIN_VARIANTS: list[tuple[str, int]] = []
# `--cuts`: cuts.py's lossy cuts of the real texts that no rule answers, each scored (a) by the fold model
# that never saw its thread; the fourteenth pass fitted the thin cap on them pooled with the full texts.
CUTS: list[dict] = []


def thin_count(feats: set[str], model: dict, mode: str) -> int:
    """How many known features the thin cap counts under MODE: all of them (`count`), all but the refusal
    shapes (`skip`), or the shapes as one feature however many are shown (`one`)."""
    known = sum(1 for f in feats if f in model["weights"])
    shapes = sum(1 for f in feats if f.startswith("r:") and f in model["weights"])
    return known if mode == "count" else known - shapes + (1 if mode == "one" and shapes else 0)


def gate_thin(feats: set[str], model: dict, probs: dict[str, float], cut: bool, mode: str, k: int):
    """estimate.gate with the thin cap counting as MODE says at THIN_KNOWN k. The shipped gate counts every
    known feature (thin when known <= thin_known), so MODE's count n <= k is known <= k + (known - n)."""
    known = sum(1 for f in feats if f in model["weights"])
    return gate(feats, {**model, "thin_known": k + known - thin_count(feats, model, mode)}, probs, cut=cut)


def unruled_cuts(raw: list[dict]) -> list[dict]:
    import variants
    from litellm_doctor.diagnosis import diagnose
    out = []
    for r in raw:
        if not r["real"] or "bare_of" in r:
            continue
        for family, text in variants.variants(r):
            if family in variants.LOSSY and diagnose(text).answer != "rule":
                out.append(featured({**r, "id": f"{r['id']}#{family}", "text": text}))
    return out


def score(model: dict, r: dict, probs: dict[str, float] | None = None) -> dict:
    if probs is None:
        probs, known = probabilities(r["features"], model)
    else:
        known = sum(1 for f in r["features"] if f in model["weights"])
    t = top(probs)
    answer = gate(r["features"], model, probs, cut=r.get("cut", False))
    ok = answer is not None and answer[0] == r["category"]
    p = answer[1] if answer else 0.0
    # The floor variant: a text showing no class, status, type nor provider the model knows is thin.
    strong = any(f.startswith(STRONG) and f in model["weights"] for f in r["features"])
    p_floor = min(p, model["thin_max_probability"]) if answer and not strong else p
    thin = {}
    for mode, k in THIN_VARIANTS:
        a = gate_thin(r["features"], model, probs, r.get("cut", False), mode, k)
        thin[f"brier {mode}:{k}"] = ((a[1] if a else 0.0) - (a is not None and a[0] == r["category"])) ** 2
    return {**thin,"argmax": t == r["category"], "gated": ok, "unknown": answer is None, "loss": -math.log(max(probs[r["category"]], 1e-9)),
            "high": probs[t] >= 0.8, "high_right": probs[t] >= 0.8 and t == r["category"], "brier": (p - ok) ** 2,
            "brier_floor": (p_floor - ok) ** 2, "answer": answer[0] if answer else "unknown", "p": p, "known": known}


def summarize(rows: list[dict]) -> dict:
    n = len(rows)
    out = {"n": n}
    for key in ("argmax", "gated", "unknown", "high", "high_right"):
        out[key] = sum(r[key] for r in rows)
    for key in ("loss", "brier", "brier_floor", *(f"brier {m}:{k}" for m, k in THIN_VARIANTS)):
        out[key] = sum(r[key] for r in rows) / n if n else 0.0
    return out


def line(label: str, s: dict) -> str:
    thin = "".join(f"\n      thin {m}:{k} Brier {s[f'brier {m}:{k}']:.4f}" for m, k in THIN_VARIANTS)
    return (f"{label} {s['argmax']:.2f}/{s['n']} argmax, {s['gated']:.2f} gated ({s['unknown']:.2f} unknown), log loss {s['loss']:.4f}, "
            f"Brier {s['brier']:.4f} (floor {s['brier_floor']:.4f}), uncapped p >= 0.8 right {s['high_right']:.2f}/{s['high']:.2f}{thin}")


def run(base: list[dict], weight: float, blind: bool, real_bare: list[dict], mined: list[dict], mined_bare: list[dict],
        stage: str = "main", template_weight: float = 0.0) -> dict:
    """The measures a) and b) for one variant. `stage` "main": the shapes (if the features show them) join
    the main fit like any feature, and so do the bare forms; "second": train_estimate.SHAPE_STAGE's."""
    te.SHAPE_STAGE, te.SHAPE_TEMPLATE_WEIGHT = stage, template_weight
    records = [r for r in base if "bare_of" not in r or (weight > 0 and (r["bare_real"] or blind))]
    records = [{**r, "weight": weight * r["base_weight"]} if "bare_of" in r else r for r in records]
    models: dict = {}
    _loss, temperature, power = te.choose_calibration_with(records, models)
    fold = lambda g: {**models[te.fold_of(g)], "temperature": temperature, "length_power": power}  # noqa: E731
    full = [score(fold(r["group"]), r, probs) for r, probs, _k in te.out_of_fold(records, temperature, power, models)]
    bare = [score(fold(r["group"]), r) for r in real_bare]
    cut_rows = [score(fold(r["group"]), r) for r in CUTS]
    model = te.fit(records, temperature, power)
    m_full = [score(model, r) for r in mined]
    m_bare = [score(model, r) for r in mined_bare]
    frag = [s for r, s in zip(mined, m_full) if bare_text(r["features"])]
    extra = {"a_cuts": summarize(cut_rows), "a_pooled": summarize(full + cut_rows)} if CUTS else {}
    return {**extra, "T": temperature, "a_full": summarize(full), "a_bare": summarize(bare), "b_full": summarize(m_full),
            "b_bare": summarize(m_bare), "b_frag": summarize(frag), "frag_rows": [(r, s) for r, s in zip(mined, m_full) if bare_text(r["features"])]}


def bare_model_run(base: list[dict], blind: bool, template_weight: float, real_bare: list[dict], mined: list[dict], mined_bare: list[dict]) -> dict:
    """A second model for bare texts only (`--bare-model`): the shipped main model answers every text that
    shows a class, status, type or provider (its full-text figures cannot move), and a regression trained
    only on bare texts (the real texts that are bare, the bare forms of the real texts, with `blind` those of
    the blind sets at their 0.5, with a positive `template_weight` LiteLLM's own templates that are bare
    mixed in at that weight; the templates' new words always as the usual second stage) answers the rest.
    Its temperature is chosen by the log loss of its out-of-fold answers on the real bare texts and forms."""
    te.SHAPE_STAGE = "main"
    main_records = [r for r in base if "bare_of" not in r]
    models: dict = {}
    _loss, temperature, power = te.choose_calibration_with(main_records, models)
    main_model = te.fit(main_records, temperature, power)
    main_fold = lambda g: {**models[te.fold_of(g)], "temperature": temperature, "length_power": power}  # noqa: E731
    strong = lambda r, model: any(f.startswith(STRONG) and f in model["weights"] for f in r["features"])  # noqa: E731
    training = [{**r, "weight": r["base_weight"]} if "bare_of" in r else r for r in base
                if not r["group"].startswith(te.AUX_GROUP) and ("bare_of" not in r or r["bare_real"] or blind)
                and (r["real"] or "bare_of" in r or blind) and bare_text(r["features"])]
    if template_weight > 0:
        training += [{**r, "group": "tpl:" + r["group"], "weight": template_weight} for r in base
                     if r["group"].startswith(te.AUX_GROUP) and r.get("kind") in te.AUX_KINDS and bare_text(r["features"])]
    templates = [r for r in base if r["group"].startswith(te.AUX_GROUP)]
    evaluated = [r for r in base if r["real"] and bare_text(r["features"])] + [r for r in real_bare if bare_text(r["features"])]
    bare_models = {}
    for k in range(te.FOLDS):
        fold_training = [r for r in training if r["group"].startswith("tpl:") or te.fold_of(r["group"]) != k]
        bare_models[k] = te.fit(fold_training + templates)
    best = None
    for t in te.TEMPERATURES:
        loss = sum(-math.log(max(probabilities(r["features"], {**bare_models[te.fold_of(r["group"])], "temperature": t})[0][r["category"]], 1e-9)) for r in evaluated)
        if best is None or loss < best[0]:
            best = (loss, t)
    bare_t = best[1]
    bare_fold = lambda g: {**bare_models[te.fold_of(g)], "temperature": bare_t}  # noqa: E731
    bare_model = te.fit(training + templates, bare_t, power)
    full, bare = [], []
    for r, probs, _k in te.out_of_fold(main_records, temperature, power, models):
        m = main_fold(r["group"])
        full.append(score(m, r, probs) if strong(r, m) else score(bare_fold(r["group"]), r))
    for r in real_bare:
        m = main_fold(r["group"])
        bare.append(score(m, r) if strong(r, m) else score(bare_fold(r["group"]), r))
    pick = lambda r: score(main_model, r) if strong(r, main_model) else score(bare_model, r)  # noqa: E731
    m_full = [pick(r) for r in mined]
    m_bare = [pick(r) for r in mined_bare]
    frag = [s for r, s in zip(mined, m_full) if bare_text(r["features"])]
    return {"T": f"{temperature}, bare model {bare_t}, {len(training)} bare texts, {len(bare_model['weights'])} features",
            "a_full": summarize(full), "a_bare": summarize(bare), "b_full": summarize(m_full), "b_bare": summarize(m_bare),
            "b_frag": summarize(frag), "frag_rows": [(r, s) for r, s in zip(mined, m_full) if bare_text(r["features"])]}


def second_run(base: list[dict], weight: float, blind: bool, template_weight: float, real_bare: list[dict], mined: list[dict], mined_bare: list[dict]) -> dict:
    """run() with the shapes as the trainer's second stage (train_estimate.fit_shapes, SHAPE_STAGE "second":
    the main fit blind to them, a text without a shape estimated exactly as without them), LiteLLM's templates
    at `template_weight` in that stage; the bare forms (at `weight`, the blind sets' with `blind`) train only it."""
    return run(base, weight, blind, real_bare, mined, mined_bare, stage="second", template_weight=template_weight)


def mean(figs: list[dict]) -> dict:
    return {k: sum(f[k] for f in figs) / len(figs) for k in figs[0]}


def _sweep(label: str, orders: list[int], show: bool, runner) -> None:
    """Run one configuration in every training order: a line per order, then the means."""
    results = []
    for o in orders:
        te.ORDER_PREFIX = ORDERS[o]
        res = runner()
        results.append(res)
        print(f"  {label} order {o} (T {res['T']}): a full {res['a_full']['gated']}/{res['a_full']['n']}, a bare "
              f"{res['a_bare']['gated']}/{res['a_bare']['n']}, b full {res['b_full']['gated']}/{res['b_full']['n']}, b bare "
              f"{res['b_bare']['gated']}/{res['b_bare']['n']}, b fragments {res['b_frag']['gated']}/{res['b_frag']['n']}", flush=True)
        if show and o == orders[0]:
            for r, sc in res["frag_rows"]:
                print(f"      {'ok ' if sc['gated'] else 'BAD'} {r['category']:<10} -> {sc['answer']:<10} {sc['p']:.2f} known {sc['known']:>2}  {r['text'][:70]!r}")
    print(f"MEAN {label}")
    rows = ((("a_cuts", "a) CV, unruled cuts     "), ("a_pooled", "a) CV, full + cuts      ")) if CUTS else ()) + (
        ("a_full", "a) CV, real full texts  "), ("a_bare", "a) CV, real bare forms  "), ("b_full", "b) mined texts          "),
        ("b_bare", "b) mined bare forms     "), ("b_frag", "b) mined fragments      "))
    for key, title in rows:
        print("  " + line(title, mean([r[key] for r in results])), flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default="0,0.5,1")
    parser.add_argument("--orders", default="0,1,2,3")
    parser.add_argument("--shape", default="off,all", help="comma-separated: off, all, noany, bare, bare-noany")
    parser.add_argument("--blind", choices=("no", "yes", "both"), default="no")
    parser.add_argument("--bare-model", default="", help="comma-separated template weights: a separate model for bare texts (see bare_model_run)")
    parser.add_argument("--second", default="", help="comma-separated template weights: the shapes as the trainer's second stage (train_estimate.fit_shapes)")
    parser.add_argument("--show", action="store_true", help="per-text answers on the mined fragments (first order)")
    parser.add_argument("--thin", default="", help="comma-separated MODE:K (count, skip, one): the thin cap's Brier variants (THIN_VARIANTS)")
    parser.add_argument("--cuts", action="store_true", help="also a) on the lossy cuts no rule answers (cuts.py's), and pooled with the full texts")
    parser.add_argument("--extra", default="", help="+-joined NAME or NAME>SHAPE of EXTRA_SHAPES: more refusal wordings")
    args = parser.parse_args(argv)
    EXTRA[:] = [(v.split(">")[-1], re.compile(EXTRA_SHAPES[v.split(">")[0]], re.IGNORECASE)) for v in args.extra.split("+") if v]
    THIN_VARIANTS[:] = [(m, int(k)) for m, k in (v.split(":") for v in args.thin.split(",") if v)]
    # estimate.error_features reads `features` (and gate `shows_enough`) from the module: with the shapes.
    est.features, est.shows_enough = features_with_shapes, shows_enough_with_shapes
    te.BARE_BLIND = True
    raw = te.corpus(bare_weight=1.0)
    te.BARE_BLIND = False
    real_ids = {r["id"] for r in raw if r["real"]}
    for r in raw:
        if "bare_of" in r:
            r["base_weight"] = r["weight"]
            r["bare_real"] = r["bare_of"] in real_ids
    real_bare = [{**r, "cut": body_cut(r["text"])} for r in raw if "bare_of" in r and r["bare_real"]]
    mined_raw = [r for name in te.MINED for r in te._load(name)]
    mined = [featured(r) for r in mined_raw]
    mined_bare = [featured({**r, "id": f"{r['id']}#bare{i}", "text": form}) for r in mined_raw for i, form in enumerate(te.bare_forms(r["text"]))]
    frags = sum(bare_text(r["features"]) for r in mined)
    if args.cuts:
        CUTS[:] = unruled_cuts(raw)
        print(f"lossy cuts no rule answers: {len(CUTS)}", flush=True)
    print(f"real texts {sum(r['real'] for r in raw)}, their bare forms {len(real_bare)} (blind sets' bare forms "
          f"{sum(1 for r in raw if 'bare_of' in r and not r['bare_real'])}); mined texts {len(mined)}, their bare forms "
          f"{len(mined_bare)}, mined fragments (no class, status, type, provider) {frags}", flush=True)
    shapes = args.shape.split(",")
    blinds = {"no": [False], "yes": [True], "both": [False, True]}[args.blind]
    orders = [int(o) for o in args.orders.split(",")]
    for shape in shapes:
        base, rb, mf, mb = (shaped(x, shape) for x in (raw, real_bare, mined, mined_bare))
        for tw in [float(w) for w in args.bare_model.split(",")] if args.bare_model else []:
            for blind in blinds:
                _sweep(f"shapes {shape:<10} BARE MODEL templates {tw}{' +blind' if blind else ''}", orders, args.show,
                       lambda: bare_model_run(base, blind, tw, rb, mf, mb))
        for tw in [float(w) for w in args.second.split(",")] if args.second else []:
            for weight in [float(w) for w in args.weights.split(",")]:
                for blind in blinds if weight > 0 else [False]:
                    _sweep(f"shapes {shape:<10} SECOND STAGE templates {tw} bare w {weight:<4}{' +blind' if blind else ''}",
                           orders, args.show, lambda: second_run(base, weight, blind, tw, rb, mf, mb))
        if args.second:
            continue
        for weight in [float(w) for w in args.weights.split(",")] if args.weights else []:
            for blind in blinds if weight > 0 else [False]:
                _sweep(f"shapes {shape:<10} bare w {weight:<4}{' +blind' if blind else ''}", orders, args.show,
                       lambda: run(base, weight, blind, rb, mf, mb))
    te.ORDER_PREFIX = ""
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
