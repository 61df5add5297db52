"""The provider wordings LiteLLM's exception mapping tests (tests/corpus/mapping_phrases.jsonl, twenty-eighth
pass in HOLDOUT_EVAL.md): every kept phrase, as LiteLLM renders it, gets its category; the bare phrases the pass
tuned keep theirs. A later rule change that breaks one is caught here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose

PHRASES = [json.loads(line) for line in
           (Path(__file__).parent / "corpus" / "mapping_phrases.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]

# Bare phrases no rule answers (HOLDOUT_EVAL.md, twenty-eighth and thirtieth passes): fragments, one word, or words that fit more
# than one category alone, left to the estimate (which may be right or wrong) or to `unknown`. Every other bare
# phrase is answered by a rule, with its category.
BARE_NOT_RULE = {
    "429", "AccessDenied", "Authentication error", "BadRequestError.__init__() missing 1 required positional argument: 'param'",
    "Client error '400 Bad Request'", "Connection closed", "expected maxLength:", "input tokens, limit is", "input too long:",
    "Input validation error: `best_of` must be > 0 and <= 2", "invalid type: parameter", "INVALID_ARGUMENT",
    "length limit exceeded", "Malformed input request", "maximum input length is", "Mistral API raised a streaming error",
    "must have required property", "prompt: length", "prompt: length: 1..", "Request too large",
    "string too long. Expected a string with maximum length", "The model produced invalid content", "too many tokens",
    "Unexpected server error", "value is not a valid",
}


def test_the_phrase_file_is_whole():
    assert len(PHRASES) >= 100
    assert {r["category"] for r in PHRASES} == {"auth", "quota_rate", "routing", "timeout", "deployment", "other"}
    for r in PHRASES:
        assert r["where"] and r["versions"] and r["rendered"].startswith("litellm.")


@pytest.mark.parametrize("record", PHRASES, ids=[r["phrase"][:50] for r in PHRASES])
def test_rendered_phrase_gets_its_category(record):
    report = diagnose(record["rendered"])
    assert report.category == record["category"], (record["rendered"], report.diagnosis)


@pytest.mark.parametrize("record", PHRASES, ids=[r["phrase"][:50] for r in PHRASES])
def test_bare_phrase_gets_its_category(record):
    report = diagnose(record["phrase"])
    if record["phrase"] in BARE_NOT_RULE:
        # not tuned: only a rule that answers it wrongly is a regression
        assert report.answer != "rule" or report.category == record["category"], (record["phrase"], report.diagnosis)
    else:
        assert (report.answer, report.category) == ("rule", record["category"]), (record["phrase"], report.diagnosis)
