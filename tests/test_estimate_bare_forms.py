"""The trainer's bare forms of the real texts (train_estimate.py BARE_WEIGHT, HOLDOUT_EVAL.md "Estimate,
twenty-sixth pass: bare fragments") and the measure's refusal-shape features (sweep_bare_forms.py): off in
the shipped model, training-only, in their source thread's fold, and never a held-out text's."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def _module(name: str):
    sys.path.insert(0, str(CORPUS))
    spec = importlib.util.spec_from_file_location(name, CORPUS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


te = _module("train_estimate")
FULL = 'litellm.BadRequestError: AnthropicException - {"type":"error","error":{"type":"invalid_request_error","message":"A maximum of 4 blocks with cache_control may be provided. Found 5."}}'


def test_the_shipped_model_does_not_train_on_bare_forms():
    # Twenty-sixth pass: at every weight tried they cost grouped-CV accuracy on the full real texts.
    assert te.BARE_WEIGHT == 0 and te.BARE_BLIND is False


def test_bare_forms_are_the_message_and_the_body_message():
    forms = te.bare_forms(FULL)
    assert forms[0].startswith('{"type":"error"')  # the classes and provider label removed
    assert "A maximum of 4 blocks with cache_control may be provided. Found 5." in forms
    assert len(forms) == len(set(forms)) and FULL not in forms
    assert te.bare_forms("A maximum of 4 blocks with cache_control may be provided") == []  # bare already


def test_bare_records_are_training_only_in_their_thread():
    real = {"id": "r1", "text": FULL, "category": "other", "group": "thread-1", "real": True, "weight": 1.0}
    blind = {**real, "id": "b1", "real": False, "weight": 0.5, "group": "blind_eval.jsonl:b1"}
    assert te.bare_records([real, blind], 0.0) == []
    out = te.bare_records([real, blind], 0.5)
    assert out and all(r["bare_of"] == "r1" and r["group"] == "thread-1" and not r["real"] and r["weight"] == 0.5 for r in out)
    # a bare form of a thread is never trained on in that thread's fold
    k = te.fold_of("thread-1")
    assert not any(te.training_in_fold(r, k) for r in out)


def test_the_refusal_shapes_of_the_measure():
    sb = _module("sweep_bare_forms")
    shapes = lambda text: {f for f in sb.features_with_shapes(text, {}) if f.startswith("r:")}  # noqa: E731
    assert shapes("A maximum of 4 blocks with cache_control may be provided") == {"r:count", "r:any"}
    assert shapes("unknown variant `image_url`, expected `text`") == {"r:schema", "r:expected", "r:any"}
    assert shapes("Store must be set to false") == {"r:must", "r:any"}
    assert shapes("'none' is not supported with the 'gpt-6-astra' model") == {"r:unsupported", "r:any"}
    assert shapes("Connection refused") == set()
