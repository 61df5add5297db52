"""The Vercel AI SDK's `UnsupportedFunctionalityError` (@ai-sdk/provider: "'X' functionality not supported.", and the
throws with a message of their own): LD-REQ-770, `other/unsupported_params`. Mined batch 38 had eight such texts from
seven provider packages, all right only by the estimate (0.56-0.79); HOLDOUT_EVAL.md, hundred-and-forty-seventh pass."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose

BATCH_38 = Path(__file__).parent / "corpus" / "mined_errors_38.jsonl"
THROWN = [r for r in map(json.loads, BATCH_38.read_text(encoding="utf-8").splitlines())
          if "UnsupportedFunctionalityError" in r["text"]]


def test_batch_38_has_the_eight():
    assert len(THROWN) == 8 and {r["category"] for r in THROWN} == {"other"}


@pytest.mark.parametrize("record", THROWN, ids=lambda r: r["id"])
def test_the_ai_sdk_refusal_is_a_rule_answer(record):
    report = diagnose(record["text"])
    assert report.category == "other"
    assert report.diagnosis.rule_id == "LD-REQ-770" and report.diagnosis.confidence >= 0.8


@pytest.mark.parametrize("text", [
    # other AI SDK error classes keep their own answers
    'AI_UnsupportedModelVersionError: Unsupported model version v1 for provider "openai.chat" and model "gpt-4o-mini". '
    'AI SDK 5 only supports models that implement specification version "v2".',
    "AI_InvalidPromptError: Invalid prompt: DeepSeek assistant prefix completion requires the prefixed assistant message "
    "to be the final message.",
])
def test_other_ai_sdk_errors_are_not_it(text):
    d = diagnose(text).diagnosis
    assert d is None or d.rule_id != "LD-REQ-770"
