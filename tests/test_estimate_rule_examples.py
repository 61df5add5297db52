"""The trainer's handling of the rule library's match examples as training data (train_estimate.py,
HOLDOUT_EVAL.md "Estimate, eighteenth pass"): read, labelled, and kept away from the texts they copy."""

from __future__ import annotations


import train_estimate as te  # noqa: E402  (tests/corpus is on the path: tests/conftest.py)


def test_rule_examples_are_the_match_examples_labelled_by_the_rule_category(tmp_path):
    (tmp_path / "LD-RATE-900.yaml").write_text(
        "id: LD-RATE-900\ncategory: quota_rate\nexamples:\n"
        "  - {expect: match, text: 'RateLimitError: quota exceeded for project'}\n"
        "  - {expect: no-match, text: 'BadRequestError: bad'}\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a rule", encoding="utf-8")
    examples = te.rule_examples(tmp_path)
    assert [(e["id"], e["category"], e["text"]) for e in examples] == [
        ("LD-RATE-900#0", "quota_rate", "RateLimitError: quota exceeded for project")]


def test_near_copy_catches_copies_and_excerpts_not_strangers():
    text = ("litellm.BadRequestError: AnthropicException - messages.7: tool_use ids were found without "
            "tool_result blocks immediately after: toolu_017j. Each tool_use block must have a result")
    sh = te._shingles
    assert te.near_copy(sh(text), sh(text.upper()))                       # same words
    assert te.near_copy(sh(text[:120]), sh(text))                          # an excerpt of it
    assert te.near_copy(sh("tool_use ids"), sh(text))                      # a short text inside it
    assert not te.near_copy(sh("litellm.RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min"), sh(text))
    assert not te.near_copy(sh(""), sh(text))


def test_a_rule_example_never_trains_the_fold_whose_text_it_copies():
    example = {"group": te.RULE_GROUP + "LD-X-1", "near": {"thread-1"}}
    fold = te.fold_of("thread-1")
    assert not te.training_in_fold(example, fold)
    assert all(te.training_in_fold(example, k) for k in range(te.FOLDS) if k != fold)
    assert all(te.training_in_fold({"group": te.RULE_GROUP + "LD-X-2", "near": set()}, k) for k in range(te.FOLDS))


def test_at_weight_zero_the_rule_examples_add_nothing(tmp_path):
    records, total, left_out = te.add_rule_examples([{"real": True, "group": "g", "text": "x"}], tmp_path, [], weight=0)
    assert (len(records), total, left_out) == (1, 0, 0)
