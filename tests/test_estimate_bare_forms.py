"""The estimate on bare fragments (HOLDOUT_EVAL.md "Estimate, twenty-sixth pass: bare fragments"): the
refusal-shape features (`r:`, estimate.features) and their second stage in the trainer (fit_shapes: every
other weight frozen, so a text without a shape is estimated as before), and the trainer's bare forms of the
real texts (BARE_WEIGHT: off in the shipped model, training-only, in their source thread's fold)."""

from __future__ import annotations


from corpus_scripts import load

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis import estimate as est

te = load("train_estimate")
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


def test_the_refusal_shapes_are_features():
    shapes = lambda text: {f for f in est.features(text, {}) if f.startswith("r:")}  # noqa: E731
    assert shapes("A maximum of 4 blocks with cache_control may be provided") == {"r:count", "r:any"}
    assert shapes("unknown variant `image_url`, expected `text`") == {"r:schema", "r:expected", "r:any"}
    assert shapes("Store must be set to false") == {"r:must", "r:any"}
    assert shapes("'none' is not supported with the 'gpt-6-astra' model") == {"r:unsupported", "r:any"}
    assert shapes("Connection refused") == set()
    # thirty-second pass: `is required` and `is invalid`, each a shape of its own
    assert shapes("at least one contents field is required") == {"r:required", "r:any"}
    assert shapes("The security token included in the request is invalid.") == {"r:invalid", "r:any"}
    assert shapes("the request exceeds the available context size") == set()  # measured, not kept


def test_the_thin_cap_counts_the_shapes_as_known_features():
    # thirty-second pass: counting the shapes (the shipped `count`) against `skip` / `one` and THIN_KNOWN 3-9
    # (the experiment's modes live in sweep_bare_forms; the shipped gate counts every known feature)
    model = est.read_model()
    assert "thin_shapes" not in model and model["thin_known"] == 6
    sb = load("sweep_bare_forms")
    feats = est.features("contents.parts must not be empty", {})
    known = sum(1 for f in feats if f in model["weights"])
    assert sb.thin_count(feats, model, "count") == known
    assert sb.thin_count(feats, model, "skip") == known - 2
    assert sb.thin_count(feats, model, "one") == known - 1
    probs, _ = est.probabilities(feats, model)
    for k in range(3, 10):  # the sweep's `count` is the shipped gate at that THIN_KNOWN
        assert sb.gate_thin(feats, model, probs, False, "count", k) == est.gate(feats, {**model, "thin_known": k}, probs)


def test_the_measure_reads_the_same_shapes():
    sb = load("sweep_bare_forms")
    text = "unknown variant `image_url`, expected `text`"
    assert sb.features_with_shapes(text, {}) == est.features(text, {})
    assert sb.shaped([{"features": est.features(text, {})}], "off")[0]["features"] == {f for f in est.features(text, {}) if not f.startswith("r:")}


def test_a_shape_is_words_not_a_class_or_status():
    # `shows_enough`: a shape alone does not make a text worth an estimate
    assert diagnose("it must be done").answer == "unknown"
    model = est.read_model()
    assert not est.shows_enough({"r:must", "r:any", "w:done"}, model)


def test_the_shipped_model_weighs_the_shapes_in_a_second_stage():
    assert te.SHAPE_STAGE == "second" and te.SHAPE_TEMPLATE_WEIGHT == 0.3
    model = est.read_model()
    shapes = {f for f in model["weights"] if f.startswith("r:")}
    assert {"r:any", "r:must", "r:expected", "r:schema"} <= shapes
    other = model["categories"].index("other")
    assert all(model["weights"][f][other] == max(model["weights"][f]) for f in ("r:any", "r:must", "r:schema"))
    # (hundred-and-sixty-sixth pass) `r:expected` sits on a knife edge between other and routing: at main 23b5017
    # other 1.209, routing 1.176; retrained with mined batch 55 other 1.186, routing 1.213 (no batch-55 text shows
    # an `r:` shape; the frozen-base second stage moved with the main fit). Other stays within 0.05 of the top, and
    # the fragments below still lean to other.
    expected = model["weights"]["r:expected"]
    assert expected[other] >= max(expected) - 0.05
    # a bare refusal fragment no rule knows leans to `other` through its shapes
    category, _p, signals = est.estimate("unknown variant `audio_url`, expected `text`", {})
    assert category == "other" and any(s.startswith("refusal shape") for s in signals)


def test_fit_shapes_moves_only_the_shapes():
    n = len(te.CATEGORIES)
    model = {"weights": {"w:must": [0.0] * n, "w:store": [0.1] * n}, "bias": [0.0] * n, "length_power": 0.5}
    other = te.CATEGORIES.index("other")
    records = [{"id": f"t{i}", "group": f"thread-{i}", "weight": 1.0, "category": "other", "features": {"w:must", "r:must", "r:any"}}
               for i in range(3)] + [{"id": "lone", "group": "thread-9", "weight": 1.0, "category": "auth", "features": {"w:store", "r:count"}}]
    out = te.fit_shapes(model, records, template_weight=0)
    assert out["weights"]["w:must"] == model["weights"]["w:must"] and out["weights"]["w:store"] == model["weights"]["w:store"]
    assert out["bias"] == model["bias"]
    assert "r:count" not in out["weights"]  # one thread only (MIN_GROUPS)
    assert max(range(n), key=lambda i: out["weights"]["r:must"][i]) == other
