"""A fast screen of an estimate experiment (HOLDOUT_EVAL.md "Hundred-and-thirty-fourth pass"): the two measures of
estimate_cv.py with the build's choices fixed, so that a variant costs minutes instead of an hour.

    python tests/corpus/estimate_screen.py both                        # the shipped settings
    python tests/corpus/estimate_screen.py both GROUP_BALANCE=0.5      # a train_estimate setting
    python tests/corpus/estimate_screen.py cv est.NAME=1               # a setting of estimate.py (a feature switch)
    SCREEN_BLOCK=3 python tests/corpus/estimate_screen.py to           # batches in blocks of 3 (10 builds, not 30)

`cv`: estimate_cv.py's grouped CV (folds by source thread / package, 431 real texts), `to`: its time-ordered measure
(batch k estimated by a model of the corpora and the batches before k at weight 1; with SCREEN_BLOCK=B the batches of
a block of B are all estimated by the model of the batches before the block, which never flatters the figure). Each
fold or batch is ONE fit at temperature SCREEN_T (1.0, the shipped model's) and no calibration map: the category
and `unknown` that estimate.gate answers do not depend on the map, so the count of right answers is the one to
compare (the shipped pipeline's grouped CV gives the same 377/431 at main fa69f81); probabilities, Brier and the
reliability bands are NOT measured here: run estimate_cv.py, reliability.py and calibration.py on a candidate.
SCREEN_OUT=FILE writes each text's right/wrong (JSON) to compare two variants text by text.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import estimate_cv as ecv  # noqa: E402
import train_estimate as te  # noqa: E402
import litellm_doctor.diagnosis.estimate as est  # noqa: E402
from litellm_doctor.diagnosis.estimate import body_cut, gate, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402


def _answer(r: dict, model: dict) -> str:
    probs, _known = probabilities(r["features"], model)
    answer = gate(r["features"], model, probs, cut=r["cut"])
    return answer[0] if answer else "unknown"


def screen_cv(temperature: float, out: dict) -> None:
    start = time.time()
    data = ecv.records()
    right = n = 0
    for k in range(te.FOLDS):
        training = [r for r in data if r["weight"] > 0 and (r["group"].startswith(te.AUX_GROUP) or te.fold_of(r["group"]) != k)]
        model = te.fit(training, temperature)
        for r in data:
            if r["scored"] and te.fold_of(r["group"]) == k:
                ok = _answer(r, model) == r["category"]
                out["cv:" + r["id"]] = ok
                right, n = right + ok, n + 1
    print(f"grouped CV: right {right}/{n} ({time.time() - start:.0f} s)", flush=True)


def screen_time_ordered(temperature: float, block: int, out: dict) -> None:
    start = time.time()
    base = [r for r in te.corpus(mined_weight=0) if r["weight"] > 0]
    real = [r for r in base if r["real"]]
    batches = []
    for name in te.MINED:
        texts = te.mined_records(1.0, (name,))
        for r in texts:
            error = read_error_text(r["text"])
            r["features"] = te.error_features(error.text, error.json_fields)
            r["cut"] = body_cut(error.text)
            r["shingles"] = te._shingles(r["text"])
        te.mark_near(texts, real)
        batches.append(texts)
    half = len(batches) // 2
    right = n = first = 0
    model = None
    for k, texts in enumerate(batches):
        if k % block == 0:
            held = [t for later in batches[k:k + block] for t in later]
            prior = [{**r, "weight": 1.0} for earlier in batches[:k] for r in earlier
                     if not any(te.near_copy(r["shingles"], t["shingles"]) for t in held)]
            model = te.fit(base + prior, temperature)
        for r in texts:
            ok = _answer(r, model) == r["category"]
            out["to:" + r["id"]] = ok
            right, n = right + ok, n + 1
        if k == half - 1:
            first = right
    print(f"time-ordered (blocks of {block}): right {right}/{n}; batches 1-{half} {first}, {half + 1}-{len(batches)} "
          f"{right - first} ({time.time() - start:.0f} s)", flush=True)


def main(argv: list[str]) -> int:
    mode, settings = (argv[0] if argv else "both"), argv[1:]
    for setting in settings:
        name, value = setting.split("=", 1)
        module = te
        if name.startswith("est."):
            module, name = est, name[4:]
        old = getattr(module, name)
        setattr(module, name, value.lower() in ("1", "true") if isinstance(old, bool) else type(old)(value))
        print(f"{name} = {getattr(module, name)!r} (shipped: {old!r})", flush=True)
    temperature = float(os.environ.get("SCREEN_T", "1.0"))
    out: dict[str, bool] = {}
    if mode in ("cv", "both"):
        screen_cv(temperature, out)
    if mode in ("to", "both"):
        screen_time_ordered(temperature, int(os.environ.get("SCREEN_BLOCK", "1")), out)
    if os.environ.get("SCREEN_OUT"):
        Path(os.environ["SCREEN_OUT"]).write_text(json.dumps(out, indent=0, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
