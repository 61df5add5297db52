"""The diagnosis must not depend on how a failure was pasted (issue #9): tests/corpus/variants.py writes,
for every real corpus text, the variants a user pastes for the same failure (other names, ids, numbers,
URLs; wrapped by open-webui, aider, OpenHands, crewAI, dspy; Python repr, escaped JSON, log prefixes,
ANSI, CRLF, terminal wraps; cut), and the category must hold."""

from __future__ import annotations


import pytest
from corpus_scripts import load

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.unwrap import strip_line_prefixes, unwrapped

variants = load("variants", "corpus_variants")

# Measured (HOLDOUT_EVAL.md, fourth pass): 99.2% before the fixes (6031/6082), 99.6% after; worst family
# before: a config pasted above the error, 91.2% (fails FAMILY_BAR), after 97.7%. Lossy cuts: 86.4%.
STRICT_BAR = 0.99
LOSSY_BAR = 0.82
FAMILY_BAR = 0.97


@pytest.fixture(scope="module")
def scored():
    return variants.summary(variants.score(variants.load()))


def test_variants_keep_the_category(scored):
    right, n = scored["strict"]
    assert n > 6000
    worst = sorted(((r / t, f) for f, (r, t) in scored["families"].items() if f not in variants.LOSSY))[:3]
    assert right / n >= STRICT_BAR, f"{right}/{n}; worst families {worst}"
    # A family of its own falling is a rule that depends on that detail (a model name, a wrapper, ...).
    assert worst[0][0] >= FAMILY_BAR, f"worst families {worst}"


def test_cut_variants_mostly_keep_the_category(scored):
    right, n = scored["lossy"]
    assert n > 300 and right / n >= LOSSY_BAR, f"{right}/{n}"


def test_every_family_changes_some_text():
    records = variants.load()[:80]
    seen = {family for r in records for family, _ in variants.variants(r)}
    assert {"openwebui_external", "python_repr", "json_escaped", "hard_wrap", "numbers"} <= seen


def test_generator_is_deterministic():
    record = variants.load()[5]
    assert variants.variants(record) == variants.variants(record)


def test_compose_kubectl_and_quote_prefixes_are_stripped():
    compose = "litellm-1  | litellm.BadRequestError: OpenAIException - This model is not supported in the\nlitellm-1  | v1/chat/completions endpoint."
    assert strip_line_prefixes(compose) == "litellm.BadRequestError: OpenAIException - This model is not supported in the\nv1/chat/completions endpoint."
    kubectl = "2026-02-03T11:22:00.123456789Z first line\n2026-02-03T11:22:01.123456789Z second line"
    assert strip_line_prefixes(kubectl) == "first line\nsecond line"
    assert strip_line_prefixes("> a\n> b") == "a\nb"


def test_prefixes_of_one_line_or_a_minority_are_kept():
    assert strip_line_prefixes("> Hello") == "> Hello"
    mixed = "aider --model x\n> Hello\n\nlitellm.APIConnectionError: boom\nRetrying in 0.2 seconds...\nmore text"
    assert strip_line_prefixes(mixed) == mixed


def test_terminal_wrap_is_joined_and_appended():
    line = "litellm.RateLimitError: litellm.RateLimitError: No deployments available for selected model. Passed model=gpt-5."
    wrapped = "\n".join(line[i:i + 80] for i in range(0, len(line), 80))
    assert "No deployments available for selected" in read_error_text(wrapped).text
    words = 'litellm.BadRequestError: DeepseekException - {"error":{"message":"Insufficient\nBalance","type":"unknown_error"}}'
    assert "Insufficient Balance" in unwrapped(words)


def test_lines_that_end_a_sentence_or_start_a_record_are_not_joined():
    text = ("litellm.exceptions.APIConnectionError: something failed while talking to the upstream server.\n"
            "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>")
    assert unwrapped(text) is None
    assert unwrapped("short line\nanother") is None


def test_wrapped_paste_gets_the_same_category():
    text = ("litellm.exceptions.RateLimitError: litellm.RateLimitError: No deployments available for selected model. "
            "Passed model=gpt-5. Deployments={'cf17': {'current_tpm': None, 'tpm_limit': 5000000}}")
    wrapped = "\n".join(text[i:i + 80] for i in range(0, len(text), 80))
    assert diagnose(wrapped).category == diagnose(text).category == "routing"


def test_a_key_cut_by_a_terminal_wrap_is_masked_once_joined():
    key = "sk-proj-" + "A1b2C3d4E5f6G7h8" * 4
    line = f"litellm.AuthenticationError: OpenAIException - Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com/account/api-keys."
    wrapped = "\n".join(line[i:i + 80] for i in range(0, len(line), 80))
    text = read_error_text(wrapped).text
    assert key not in text and key[-20:] not in text.replace("\n", "")


def test_the_apps_progress_output_does_not_move_the_estimate():
    # Measured (HOLDOUT_EVAL.md, eighth pass): before appcontext.py, OpenHands' INFO records moved the
    # estimate of 64 of 262 texts and LiteLLM's routine DEBUG records 86; after, one text in all (the
    # success-path log noise of d2-ai-alliance-ollama-litellm-info-stdout, read next to other output).
    rows = variants.estimate_alone(variants.load(), families=variants.APP_CONTEXT)
    assert {family for _r, family, _b, _g in rows} == variants.APP_CONTEXT
    moved = [(family, record["id"]) for record, family, base, got in rows if got != base]
    assert len(moved) <= len(variants.APP_CONTEXT), moved
