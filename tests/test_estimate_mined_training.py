"""The trainer's handling of the mined texts as training data (train_estimate.py MINED_WEIGHT,
HOLDOUT_EVAL.md "Estimate, twenty-third pass", "Hundred-and-second pass"): in the shipped model every batch, in the
order mined, at weight 1 and validated like the corpora (MINED_REAL), grouped by source package; training-only mined
texts (an experiment's) are kept away from the fold of a real text they copy."""

from __future__ import annotations

from corpus_scripts import load

te = load("train_estimate")


def test_the_shipped_model_trains_on_every_mined_batch_validated():
    # Hundred-and-second pass: time-ordered, the batches before k help batch k; they fit the calibration map too.
    assert te.MINED_WEIGHT == 1.0 and te.MINED_REAL
    assert te.MINED_STAGE == "main"


def test_every_mined_batch_in_the_order_mined():
    names = sorted(p.name for p in te.HERE.glob("mined_errors*.jsonl"))
    assert sorted(te.MINED) == names and te.MINED[0] == "mined_errors.jsonl"
    # increasing, without a repeat; not necessarily contiguous: batches mined at the same time by several helpers
    # land one branch at a time (batch 21 before batch 20, HOLDOUT_EVAL.md hundred-and-tenth pass)
    numbers = [te.mined_number(n) for n in te.MINED]
    assert numbers[0] == 1 and numbers == sorted(set(numbers)) and len(numbers) == len(names)


def test_validated_mined_texts_choose_the_temperature_but_are_not_corpus_rows(monkeypatch):
    monkeypatch.setattr(te, "MINED_REAL", True)
    record = te.mined_records(1.0, ("mined_errors.jsonl",))[0]
    assert te.validated(record) and not record["real"]
    assert te.validated({"real": True}) and not te.validated({"real": False})


def test_mined_records_are_grouped_by_source_package():
    records = te.mined_records(0.5)
    assert len(records) == sum(len(te._load(name)) for name in te.MINED)
    assert all(not r["real"] and te.validated(r) == te.MINED_REAL and r["weight"] == 0.5 and r["group"].startswith(te.MINED_GROUP) for r in records)
    groups = {r["group"] for r in records}
    # the package, without its version; the third and fourth batches carry it in `group`
    assert te.MINED_GROUP + "aider-chat" in groups and te.MINED_GROUP + "npm:openai" in groups
    assert te.MINED_GROUP + "pi-ai" in groups
    assert not any("==" in g for g in groups)


def test_a_mined_text_never_trains_the_fold_whose_text_it_copies():
    text = {"group": te.MINED_GROUP + "pkg", "near": {"thread-1"}}
    fold = te.fold_of("thread-1")
    assert not te.training_in_fold(text, fold)
    assert all(te.training_in_fold(text, k) for k in range(te.FOLDS) if k != fold)
    marked = [{"group": te.MINED_GROUP + "pkg", "text": "litellm.RateLimitError: quota exceeded for this project today"}]
    assert te.mark_near(marked, [{"group": "thread-1", "text": "Error: litellm.RateLimitError: quota exceeded for this project today, retry"}]) == 1
    assert marked[0]["near"] == {"thread-1"}
