"""The trainer's handling of the mined texts as training data (train_estimate.py MINED_WEIGHT,
HOLDOUT_EVAL.md "Estimate, twenty-third pass"): off in the shipped model, grouped by source package,
training-only, and kept away from the fold of a real text they copy."""

from __future__ import annotations

from corpus_scripts import load

te = load("train_estimate")


def test_the_shipped_model_does_not_train_on_the_mined_texts():
    # Twenty-third pass: they cost grouped-CV accuracy on the real texts at every weight tried.
    assert te.MINED_WEIGHT == 0
    assert te.MINED_STAGE == "main"


def test_mined_records_are_training_only_and_grouped_by_source_package():
    records = te.mined_records(0.5)
    assert len(records) == sum(len(te._load(name)) for name in te.MINED)
    assert all(not r["real"] and r["weight"] == 0.5 and r["group"].startswith(te.MINED_GROUP) for r in records)
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
