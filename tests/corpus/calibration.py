"""Does an estimate's probability mean what it says? Reliability per band, Brier score and ECE, with and without
the calibration map (HOLDOUT_EVAL.md "Estimate, forty-third pass").

    python tests/corpus/calibration.py          # the shipped map against none (p ** confidence_power, as before)
    python tests/corpus/calibration.py --cv     # the dev rows' map fitted under grouped CV (each fold's map never saw it)

Every real text and every cut of it (train_estimate.cut_texts: cuts.py's lossy families, "cuts", and its
`--more` cuts, "more") is estimated by the fold model that never saw its source thread (train_estimate's folds),
as `estimate.gate` answers. Whole texts are scored as if no rule existed (reliability.py's "estimate alone"),
cuts only where no rule answers them (as cuts.py). Rows are split by honest_estimate.held_out: "dev" threads
fit the map (train_estimate.fit_calibration), "held" threads never do, so the held rows are the figure to
quote. Brier: the reported probability against right / wrong, an `unknown` reporting 0 (as cuts.py); ECE: the
estimates' expected calibration error over the bands (mean |mean p - share right|, weighted by count).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_estimate as te  # noqa: E402  (also puts src/ on the path)
from honest_estimate import held_out  # noqa: E402
from litellm_doctor.diagnosis import diagnose  # noqa: E402
from litellm_doctor.diagnosis.estimate import body_cut, error_features, gate  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402

BANDS = ((0.0, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def rows() -> tuple[list[dict], dict, dict]:
    """One row per whole real text and per cut no rule answers: its fold model, features, body cut, label."""
    records = te.corpus()
    model_file = te.json.loads(te.MODEL_FILE.read_text(encoding="utf-8"))
    models: dict = {}
    te.out_of_fold(records, model_file["temperature"], model_file["length_power"], models)
    out = []
    for r in records:
        if not r["real"]:
            continue
        base = {"label": r["category"], "group": r["group"], "part": "held" if held_out(r) else "dev", "fold": te.fold_of(r["group"])}
        out.append({**base, "set": "whole", "feats": r["features"], "cut": ""})
        for name, _family, text in te.cut_texts(r):
            if diagnose(text).answer == "rule":
                continue
            error = read_error_text(text)
            out.append({**base, "set": name, "feats": error_features(error.text, error.json_fields), "cut": body_cut(error.text)})
    return out, models, model_file


def answer(row: dict, model: dict) -> tuple[str, float]:
    return gate(row["feats"], model, cut=row["cut"]) or ("unknown", 0.0)


def report(label: str, scored: list[tuple[dict, str, float]]) -> list[str]:
    """Lines: the Brier score, ECE and a reliability table of (row, category, reported p)."""
    pairs = [(p, category == row["label"]) for row, category, p in scored]
    brier = sum((p - ok) ** 2 for p, ok in pairs) / len(pairs)
    est = [(p, ok) for p, ok in pairs if p > 0]
    lines, ece = [], 0.0
    for low, high in BANDS:
        band = [(p, ok) for p, ok in est if low <= p < high]
        if band:
            mean, right = sum(p for p, _ in band) / len(band), sum(ok for _, ok in band)
            ece += len(band) / len(est) * abs(mean - right / len(band))
            lines.append(f"    {low:.1f}-{min(high, 1.0):.1f} {len(band):>5} {right:>5} {right / len(band):7.1%}   mean p {mean:.3f}")
    right = sum(ok for _, ok in est)
    return [f"  {label}: {len(pairs)} texts, {len(est)} estimates, {right} right; Brier {brier:.4f}, ECE {ece:.4f}"] + lines


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="dev rows: each fold's map fitted on the other folds' dev points")
    args = ap.parse_args(argv)
    all_rows, models, model_file = rows()
    shipped = model_file.get("calibration")
    fold_model = {k: {**m, "temperature": model_file["temperature"], "length_power": model_file["length_power"]} for k, m in models.items()}
    maps = {"none (p ** confidence_power)": lambda row: None, "shipped map": lambda row: shipped}
    if args.cv:
        records = te.corpus()
        points = te.calibration_points(records, models, model_file["temperature"], model_file["length_power"])
        fold_maps = {k: {**shipped, "coef": te.logistic_fit([(x, ok) for g, x, ok in points if te.fold_of(g) != k], te.CALIBRATION_L2)}
                     for k in range(te.FOLDS)}
        maps = {"map fitted without the row's fold (grouped CV)": lambda row: fold_maps[row["fold"]] if row["part"] == "dev" else shipped}
        print(f"calibration points {len(points)}; per-fold coefficients: "
              + "; ".join(f"{k}: {[round(c, 3) for c in m['coef']]}" for k, m in fold_maps.items()))
    print(f"shipped map: {shipped}")
    for name, pick in maps.items():
        print(f"== {name}")
        for part in ("dev", "held"):
            for kind in ("whole", "cuts", "more"):
                sel = [row for row in all_rows if row["part"] == part and row["set"] == kind]
                scored = [(row, *answer(row, {**fold_model[row["fold"]], "calibration": pick(row)})) for row in sel]
                for line in report(f"{part} {kind}" + (" (no rule answers them)" if kind != "whole" else " (as if no rule existed)"), scored):
                    print(line)
                if kind != "whole":
                    flat = [(row, c, p) for row, c, p in scored if row["cut"] != "inside"]
                    for line in report(f"{part} {kind}, not cut inside a body", flat):
                        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
