"""A rule answer at >= 0.8 promises 95 % right (issue #9). On mined batches scored untouched, such answers were right
225/244 = 92.2 %; two properties of a match, together, separated the wrong ones out of sample (HOLDOUT_EVAL.md,
hundred-and-fifty-eighth pass; tests/corpus/confident_wrong.py), and classify._unconfirmed caps an answer under 0.8
when either holds:
- the rule's positive patterns match labelled texts of another category (the estimate model's `shared_shapes`, counted
  by train_estimate.py) and the text shows no sign of the LLM request;
- the estimate, reading the whole text, gives the rule's category less than ESTIMATE_DISAGREES."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import CONFIDENT, ESTIMATE_DISAGREES, UNSIGNED_MAX
from litellm_doctor.diagnosis.estimate import read_model
from litellm_doctor.diagnosis.rulebook import load_rules


def test_the_shared_shapes_are_counted_from_the_labelled_texts_not_listed():
    shared = read_model()["shared_shapes"]
    ids = {r.id for r in load_rules()}
    assert shared and set(shared) <= ids
    assert all(other >= 1 for _same, other in shared.values())
    # the generic transport rules are among them by measurement (they are `bare` by hand too)
    assert {"LD-DEPLOY-009", "LD-DEPLOY-010"} <= set(shared)


@pytest.mark.parametrize("text, rule", [
    # LD-DEPLOY-013 (connection reset) is not `bare`; its words matched a labelled time-out text
    ("ClientOSError: [Errno 104] Connection reset by peer", "LD-DEPLOY-013"),
    # LiteLLM's guardrail wrapper with no sign of the LLM request: a tracer's or an app's guardrail says the same
    ("Guardrail raised an exception, Guardrail: acme, Message: content blocked: prompt injection detected", "LD-REQ-015"),
])
def test_a_shared_shape_without_a_sign_of_the_llm_request_is_not_confident(text, rule):
    d = diagnose(text).diagnosis
    assert d.rule_id == rule and d.confidence <= UNSIGNED_MAX < CONFIDENT


@pytest.mark.parametrize("text, rule", [
    ("litellm.APIConnectionError: OpenAIException - Connection reset by peer", "LD-DEPLOY-013"),
    ("litellm.proxy: Guardrail raised an exception, Guardrail: acme, Message: content blocked: prompt injection detected",
     "LD-REQ-015"),
])
def test_with_a_sign_of_the_llm_request_a_shared_shape_keeps_its_confidence(text, rule):
    d = diagnose(text).diagnosis
    assert d.rule_id == rule and d.confidence >= CONFIDENT


def test_the_estimate_disagreeing_with_the_rule_takes_it_under_0_8():
    """Batch 46's shape: LiteLLM's guardrail wrapper around the guardrail's own failure (a package not installed). The
    text names LiteLLM, so the shape's check passes; the estimate, reading the message, says deployment."""
    text = ("litellm.proxy: Guardrail raised an exception, Guardrail: acme, Message: Acme guardrail unavailable: install "
            "the acme-guard package, which is not installed")
    d = diagnose(text).diagnosis
    assert d.rule_id == "LD-REQ-015" and d.confidence <= UNSIGNED_MAX
    assert ESTIMATE_DISAGREES < 0.5
