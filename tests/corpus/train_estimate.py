"""Train the category estimate (src/litellm_doctor/diagnosis/estimate.py) on the labelled corpora.

    python tests/corpus/train_estimate.py          # writes src/litellm_doctor/diagnosis/estimate_model.json
    python tests/corpus/train_estimate.py --check  # exit 1 if the committed file differs from a fresh build

Deterministic: the same corpora give the same file, byte for byte (no randomness; folds come from a hash
of the source thread). Training data: both real corpora (weight 1) and the five blind sets written from
LiteLLM's source (weight BLIND_WEIGHT: they widen the vocabulary of LiteLLM's own templates, but they are
synthetic, so they count less). Only the real texts choose the temperature.

Model: multinomial naive Bayes over the presence of hand-chosen features (estimate.features), Laplace
smoothing ALPHA, features kept when seen in at least MIN_GROUPS source threads. The temperature and the
length power are chosen to minimise the log loss of out-of-fold predictions on the real texts, with folds
grouped by source thread (a blind sibling goes with the thread of its training text).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from litellm_doctor.diagnosis import facts as fact_reader  # noqa: E402
from litellm_doctor.diagnosis.estimate import MODEL_FILE, features, probabilities  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402
from litellm_doctor.model import CATEGORIES  # noqa: E402

REAL = ("real_errors_train.jsonl", "real_errors_train2.jsonl")
BLIND = ("blind_eval.jsonl", "blind_eval_2.jsonl", "blind_eval_3.jsonl", "blind_eval_4.jsonl", "blind_eval_5.jsonl")
BLIND_WEIGHT = 0.5
ALPHA = 0.5
MIN_GROUPS = 2
FOLDS = 5
# An estimate needs a known class/status/type/provider or MIN_WORDS known words, and this probability; else `unknown`.
MIN_WORDS = 3
MIN_PROBABILITY = 0.30
# Chosen from the reliability table (reliability.py): out-of-fold, estimates above 0.8 were not right
# 95% of the time, so an estimate never claims more than this.
MAX_PROBABILITY = 0.79
TEMPERATURES = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 16.0)
LENGTH_POWERS = (0.0, 0.25, 0.5)


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus() -> list[dict]:
    """Every labelled text with its features, weight, group (source thread) and whether it is real."""
    records = []
    source_of = {}
    for name in REAL:
        for r in _load(name):
            source_of[r["id"]] = r["source"]
            records.append({**r, "group": r["source"], "real": True, "weight": 1.0})
    for name in BLIND:
        for r in _load(name):
            source = r["source"]
            sibling = source.split("sibling of ", 1)[1].split(";")[0].strip() if "sibling of " in source else None
            group = source_of.get(sibling, f"{name}:{r['id']}")
            records.append({**r, "group": group, "real": False, "weight": BLIND_WEIGHT})
    for r in records:
        error = read_error_text(r["text"])
        r["features"] = features(error.text, fact_reader.extract(error.text, error.json_fields))
    return records


def fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest(), 16) % FOLDS


def fit(records: list[dict], temperature: float = 1.0, length_power: float = 0.0) -> dict:
    groups_with = defaultdict(set)
    for r in records:
        for f in r["features"]:
            groups_with[f].add(r["group"])
    vocabulary = sorted(f for f, groups in groups_with.items() if len(groups) >= MIN_GROUPS)
    index = {f: i for i, f in enumerate(vocabulary)}
    prior = [ALPHA] * len(CATEGORIES)
    counts = [[0.0] * len(vocabulary) for _ in CATEGORIES]
    totals = [0.0] * len(CATEGORIES)
    for r in records:
        c = CATEGORIES.index(r["category"])
        prior[c] += r["weight"]
        for f in r["features"]:
            if f in index:
                counts[c][index[f]] += r["weight"]
                totals[c] += r["weight"]
    bias = [math.log(p / sum(prior)) for p in prior]
    weights = {}
    for f, i in index.items():
        row = [math.log((counts[c][i] + ALPHA) / (totals[c] + ALPHA * len(vocabulary))) for c in range(len(CATEGORIES))]
        mean = sum(row) / len(row)  # a constant per feature changes no probability: store the differences
        weights[f] = [round(w - mean, 3) for w in row]
    return {
        "format": 1,
        "categories": list(CATEGORIES),
        "bias": [round(b, 4) for b in bias],
        "temperature": temperature,
        "length_power": length_power,
        "min_words": MIN_WORDS,
        "min_probability": MIN_PROBABILITY,
        "max_probability": MAX_PROBABILITY,
        "weights": weights,
    }


def out_of_fold(records: list[dict], temperature: float, length_power: float, models: dict | None = None) -> list[tuple[dict, dict, int]]:
    """(record, probabilities, known features) for every real text, from a model that never saw its thread."""
    models = models if models is not None else {}
    results = []
    for k in range(FOLDS):
        if k not in models:
            models[k] = fit([r for r in records if fold_of(r["group"]) != k])
        model = {**models[k], "temperature": temperature, "length_power": length_power}
        for r in records:
            if r["real"] and fold_of(r["group"]) == k:
                probs, known = probabilities(r["features"], model)
                results.append((r, probs, known))
    return results


def choose_calibration(records: list[dict]) -> tuple[float, float, float]:
    models: dict = {}
    best = None
    for power in LENGTH_POWERS:
        for t in TEMPERATURES:
            loss = 0.0
            for r, probs, _known in out_of_fold(records, t, power, models):
                loss -= math.log(max(probs[r["category"]], 1e-9))
            if best is None or loss < best[0]:
                best = (loss, t, power)
    return best


def build() -> str:
    records = corpus()
    loss, temperature, power = choose_calibration(records)
    model = fit(records, temperature, power)
    body = ",\n".join(f"{json.dumps(f)}: {json.dumps(w)}" for f, w in sorted(model.pop("weights").items()))
    head = json.dumps(model)[:-1]
    return f'{head}, "weights": {{\n{body}\n}}}}\n'


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        same = MODEL_FILE.exists() and MODEL_FILE.read_text(encoding="utf-8") == text
        print("estimate model is current" if same else f"{MODEL_FILE} is out of date: run python tests/corpus/train_estimate.py")
        return 0 if same else 1
    MODEL_FILE.write_text(text, encoding="utf-8")
    model = json.loads(text)
    print(f"wrote {MODEL_FILE} ({len(text) // 1024} KiB, {len(model['weights'])} features, "
          f"temperature {model['temperature']}, length power {model['length_power']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
