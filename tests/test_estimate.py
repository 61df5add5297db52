"""The estimate given when no rule matches (diagnosis/estimate.py, issue #9)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from corpus_scripts import load

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis import estimate as est
from litellm_doctor.formats.base import report_dict
from litellm_doctor.formats.markdown import MarkdownFormatter
from litellm_doctor.formats.text import TextFormatter

ROOT = Path(__file__).parents[1]
SCHEMA = json.loads((ROOT / "src" / "litellm_doctor" / "schemas" / "report.schema.json").read_text())
# No rule of the library matches these (checked below), but they show a class, a status and words.
UNRULED_5XX = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"
RULED = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000"


def test_an_unruled_text_gets_a_marked_estimate_with_general_steps():
    report = diagnose(UNRULED_5XX)
    assert report.answer == "estimate"
    d = report.diagnosis
    assert d.kind == "estimate" and d.rule_id == "estimate"
    assert report.category == d.category == "deployment"
    model = json.loads(est.MODEL_FILE.read_text())
    assert model["min_probability"] <= d.confidence <= model["max_probability"]
    assert "estimate" in d.why and f"{round(d.confidence * 100)}%" in d.why
    assert report.findings[0].steps == est.CATEGORY_STEPS["deployment"]


def test_json_says_which_kind_of_answer_and_follows_the_schema():
    for text, answer in ((UNRULED_5XX, "estimate"), (RULED, "rule"), ("hello world", "unknown")):
        data = report_dict(diagnose(text))
        jsonschema.validate(data, SCHEMA)
        assert data["answer"] == answer
        if answer == "unknown":
            assert data["category"] == "unknown" and data["diagnosis"] is None
        else:
            assert data["diagnosis"]["kind"] == answer


def test_text_that_shows_nothing_stays_unknown():
    for text in ("hello world", "see above", "it does not work", "???", "help me please"):
        report = diagnose(text)
        assert report.answer == "unknown" and report.category == "unknown", text


def test_text_and_markdown_mark_an_estimate_visibly():
    report = diagnose(UNRULED_5XX)
    text = TextFormatter().render(report)
    assert "ESTIMATE, not a rule" in text and "probability" in text
    assert "Estimate, not a rule" in MarkdownFormatter().render(report)
    assert "ESTIMATE" not in TextFormatter().render(diagnose(RULED))


def test_the_estimate_is_not_loaded_when_a_rule_answers_under_0_8():
    """(hundred-and-fifty-eighth pass) A rule answer at >= 0.8 reads the estimate's model (classify._unconfirmed: its
    shared shapes, its reading of the whole text); one under it does not."""
    code = (
        "import sys; from litellm_doctor.diagnosis import diagnose;"
        "r = diagnose('httpx.ConnectError: [Errno 111] Connection refused');"
        "assert r.answer == 'rule' and r.diagnosis.confidence < 0.8, r.diagnosis;"
        "assert 'litellm_doctor.diagnosis.estimate' not in sys.modules, 'estimate imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})


def test_probabilities_sum_to_one_and_unknown_features_count_nothing():
    model = {"categories": ["auth", "quota_rate", "routing", "timeout", "deployment", "other"],
             "bias": [0.0] * 6, "temperature": 1.0, "length_power": 0.0,
             "min_words": 2, "min_probability": 0.3, "max_probability": 0.79,
             "weights": {"s:429": [0, 3, 0, 0, 0, 0], "w:quota": [0, 2, 0, 0, 0, 0]}}
    probs, known = est.probabilities({"s:429", "w:quota", "w:unseen"}, model)
    assert known == 2 and abs(sum(probs.values()) - 1) < 1e-9 and max(probs, key=probs.get) == "quota_rate"
    assert est.estimate("Error code: 429 quota", {"status": "429"}, model)[:2] == ("quota_rate", 0.79)
    assert est.estimate("quota", {}, model) is None  # one known word is too little
    assert est.estimate("Error 429", {"status": "429"}, model)[0] == "quota_rate"  # one status is enough


def test_the_shipped_model_is_what_the_training_command_builds():
    """Deterministic and current: `python tests/corpus/train_estimate.py` regenerates it byte for byte."""
    trainer = load("train_estimate")
    assert trainer.build() == est.MODEL_FILE.read_text(encoding="utf-8")


def test_confidence_at_or_above_0_8_is_right_95_percent_of_the_time():
    """The reliability table (tests/corpus/reliability.py), estimates scored out-of-fold by thread."""
    reliability = load("reliability")
    rows, _alone = reliability.answers()
    high = [r for r in rows if r[3] >= reliability.BAR_CONFIDENCE]
    right = sum(rec["category"] == cat for rec, _, cat, _ in high)
    assert right / len(high) >= reliability.BAR_SHARE, f"{right}/{len(high)}"
    unknown = sum(kind == "unknown" for _, kind, _, _ in rows)
    assert unknown / len(rows) <= 0.05


def test_a_missing_or_broken_model_file_means_unknown_not_a_crash(tmp_path):
    est._model.cache_clear()
    try:
        assert est._model(tmp_path / "absent.json") is None
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        assert est._model(bad) is None
    finally:
        est._model.cache_clear()


def test_an_estimate_from_few_known_features_claims_little():
    """A paste cut to one line leaves a handful of features: the probability is capped at
    `thin_max_probability` (cuts.py measured such estimates right about a third of the time)."""
    model = {"categories": ["auth", "quota_rate", "routing", "timeout", "deployment", "other"],
             "bias": [0.0] * 6, "temperature": 1.0, "length_power": 0.0, "min_words": 2,
             "min_probability": 0.3, "max_probability": 0.79, "thin_known": 2, "thin_max_probability": 0.4,
             "weights": {"s:429": [0, 3, 0, 0, 0, 0], "w:quota": [0, 2, 0, 0, 0, 0], "w:limit": [0, 2, 0, 0, 0, 0]}}
    assert est.gate({"s:429", "w:quota"}, model) == ("quota_rate", 0.4)
    assert est.gate({"s:429", "w:quota", "w:limit"}, model) == ("quota_rate", 0.79)
    # a paste that stops right after opening its error body shows the class, not the message that decides
    assert est.gate({"s:429", "w:quota", "w:limit"}, model, cut=True) == ("quota_rate", 0.4)
    assert est.body_cut("litellm.NotFoundError: GeminiException - {\n") and est.body_cut("BadRequestError - [{")
    assert not est.body_cut('litellm.NotFoundError: GeminiException - {"error": {"code": 404}}')
    # cut further in: a line cut at a width, the first lines of a pretty-printed body (thirty-seventh pass)
    assert est.body_cut("litellm.NotFoundError: OpenAIException - Error code: 404 - {'error': {'message': 'The model `gpt-4o-20")
    assert est.body_cut('litellm.BadRequestError: Vertex_aiException - {\n  "error": {\n    "code": 400,')
    assert not est.body_cut('litellm.NotFoundError: GeminiException - {\n  "error": {\n    "code": 404\n  }\n}\n')
    assert not est.body_cut("ValueError: list index out of range")
    assert est.body_cut("BadRequestError - [{") == "opened" and est.body_cut("Error code: 404 - {'e") == "inside"
    # cut inside the body: part of the message is shown, capped at CUT_INSIDE_MAX rather than the thin cap
    assert est.gate({"s:429", "w:quota", "w:limit"}, model, cut="inside") == ("quota_rate", est.CUT_INSIDE_MAX)
    shipped = json.loads(est.MODEL_FILE.read_text())
    assert shipped["thin_max_probability"] < shipped["max_probability"] and shipped["thin_known"] >= 1


def test_lines_every_traceback_prints_are_not_read_as_evidence():
    """Python's chained-exception separators and LiteLLM's debug hint, pasted alone (the last or first
    line of a long paste), show nothing about the failure: unknown, not an estimate from their words."""
    for text in ("During handling of the above exception, another exception occurred:",
                 "The above exception was the direct cause of the following exception:",
                 "LiteLLM.Info: If you need to debug this error, use `litellm._turn_on_debug()'."):
        assert diagnose(text).answer == "unknown", text
    # httpx's documentation link still gives its status (a fact), and the rule for that status answers
    report = diagnose("For more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/429")
    assert report.answer == "rule" and report.category == "quota_rate"


def test_message_words_code_parts_and_inflections_are_features():
    """Thirteenth pass: the words right after LiteLLM's `XxxException - ` are read apart (`m:`), a snake_case
    code gives its parts as words, and an inflected word also counts as its crude stem."""
    feats = est.features("litellm.BadRequestError: OpenAIException - Invalid schema for tools. code: rate_limit_exceeded, limits reached", {})
    assert {"m:invalid", "m:schema", "m:tools"} <= feats
    assert {"w:rate_limit_exceeded", "w:rate", "w:limit", "w:exceeded", "w:rate_limit_exceed"} <= feats
    assert {"w:limits", "w:limit", "w:reached", "w:reach"} <= feats
    assert "m:the" not in est.features("FooError - the end", {})  # stop words stay out of the message too
    assert est._stem("tools") == "tool" and est._stem("was") == "was" and est._stem("retrying") == "retry"


def test_every_kind_of_feature_can_be_shown_as_a_signal():
    """The strongest signals name each feature's kind; a kind without a label would crash the estimate."""
    model = json.loads(est.MODEL_FILE.read_text())
    assert {f[0] for f in model["weights"]} <= set(est._SIGNAL_LABELS)
    assert all(f[1] == ":" for f in model["weights"])
    guess = est.estimate("litellm.APIError: APIError: Hosted_vllmException - engine overloaded while retrying requests", {})
    assert guess is not None and guess[2]
    assert all(s.startswith(tuple(label + " " for label in est._SIGNAL_LABELS.values())) for s in guess[2])


def test_a_word_counts_once_when_deciding_whether_the_text_shows_enough():
    """A message word is also a word and an inflection also gives its stem: neither makes a text of one or
    two plain words show enough for an estimate."""
    for text in ("SomeError - please help", "FooError - it does not work", "errors happened again"):
        assert diagnose(text).answer == "unknown", text
    model = json.loads(est.MODEL_FILE.read_text())
    assert not est.shows_enough({"w:please", "m:please", "w:help", "m:help"}, {**model, "weights": {
        f: [0.0] * 6 for f in ("w:please", "m:please", "w:help", "m:help")}, "min_words": 3})


def test_an_estimate_from_a_whole_text_reports_its_probability_raised_then_capped():
    """Out-of-fold, the regression is under-confident below the cap on whole texts (HOLDOUT_EVAL.md,
    "Estimate, fourteenth pass"): a whole text's probability is reported as p ** confidence_power, still
    capped below 0.8; a thin text's is not raised; and `unknown` still reads the regression's own p."""
    model = {"categories": ["auth", "quota_rate", "routing", "timeout", "deployment", "other"],
             "bias": [0.0] * 6, "temperature": 1.0, "length_power": 0.0, "min_words": 2,
             "min_probability": 0.3, "max_probability": 0.79, "thin_known": 1, "thin_max_probability": 0.35,
             "confidence_power": 0.6, "weights": {"w:quota": [0, 1.5, 0, 0, 0, 0], "w:limit": [0, 0, 0, 0, 1, 0]}}
    feats = {"w:quota", "w:limit", "w:other"}
    model["weights"]["w:other"] = [0, 0, 0, 0, 0, 0]
    probs, _known = est.probabilities(feats, model)
    category, p = est.gate(feats, model)
    assert category == "quota_rate" and 0.3 < probs["quota_rate"] < 0.45
    assert p == probs["quota_rate"] ** 0.6 and p > probs["quota_rate"]
    assert est.gate(feats, model, cut=True) == ("quota_rate", 0.35)
    assert est.gate(feats, {**model, "min_probability": 0.45}) is None  # the raised p does not pass the gate
    sure = {"s:429": [0, 9, 0, 0, 0, 0], **model["weights"]}
    assert est.gate({"s:429", "w:quota"}, {**model, "weights": sure}) == ("quota_rate", 0.79)
    shipped = json.loads(est.MODEL_FILE.read_text())
    assert 0 < shipped["confidence_power"] <= 1 and shipped["max_probability"] < 0.8


def test_the_stored_calibration_map_is_present_and_current():
    """Forty-third pass: the probability of an answer that is not thin comes from the calibration map stored
    in the model file (estimate.calibrated). It must be there (else gate falls back to p ** confidence_power,
    which was over-confident on cuts) and be what train_estimate.fit_calibration fits today from the same
    corpora and fold models: a stale map fails here even where the weights did not change."""
    shipped = json.loads(est.MODEL_FILE.read_text())
    calibration = shipped.get("calibration")
    assert calibration and calibration["form"] == est.CALIBRATION_FORM and len(calibration["coef"]) == 4
    trainer = load("train_estimate")
    records = trainer.corpus()
    models: dict = {}
    _loss, temperature, power = trainer.choose_calibration_with(records, models)
    assert (temperature, power) == (shipped["temperature"], shipped["length_power"])
    assert trainer.fit_calibration(records, models, temperature, power) == calibration
    # the map rises with p at every count the map is used for (a thin answer is capped, not mapped)
    for known in range(shipped["thin_known"] + 1, 80):
        ps = [est.calibrated(p / 100, known, calibration["coef"]) for p in range(30, 100, 5)]
        assert ps == sorted(ps), known


def test_an_answer_that_is_not_thin_reports_the_calibrated_probability_then_the_caps():
    """The map replaces p ** confidence_power when the model has one; the caps still apply after it (0.79,
    CUT_INSIDE_MAX for a cut inside a body), a thin answer is capped and not mapped, and `unknown` still
    reads the regression's own p."""
    model = {"categories": ["auth", "quota_rate", "routing", "timeout", "deployment", "other"],
             "bias": [0.0] * 6, "temperature": 1.0, "length_power": 0.0, "min_words": 2,
             "min_probability": 0.3, "max_probability": 0.79, "thin_known": 1, "thin_max_probability": 0.35,
             "confidence_power": 0.6, "weights": {"w:quota": [0, 1.5, 0, 0, 0, 0], "w:limit": [0, 0, 0, 0, 1, 0],
                                                  "w:other": [0] * 6}}
    feats = {"w:quota", "w:limit", "w:other"}
    probs, known = est.probabilities(feats, model)
    p = probs["quota_rate"]
    coef = [-0.5, 0.2, 0.1, 0.3]
    mapped = {**model, "calibration": {"form": est.CALIBRATION_FORM, "coef": coef}}
    assert est.gate(feats, mapped) == ("quota_rate", est.calibrated(p, known, coef))
    assert est.gate(feats, mapped) != est.gate(feats, model)  # without a map: p ** 0.6
    assert est.gate(feats, {**mapped, "calibration": {"form": "another", "coef": coef}}) == est.gate(feats, model)
    assert est.gate(feats, mapped, cut=True) == ("quota_rate", min(p, 0.35))
    high = {**mapped, "calibration": {"form": est.CALIBRATION_FORM, "coef": [9.0, 0, 0, 0]}}
    assert est.gate(feats, high) == ("quota_rate", 0.79)
    assert est.gate(feats, high, cut="inside") == ("quota_rate", est.CUT_INSIDE_MAX)
    assert est.gate(feats, {**high, "min_probability": p + 0.01}) is None
    assert est.calibrated(1.0, 10, coef) < 1 and est.calibrated(0.0, 10, coef) > 0  # no logit of 0 or 1


def test_the_compact_rows_read_as_the_full_ones():
    """Format 3 (sixty-eighth pass): a row is stored as one string of numbers and read as floats only for the
    features a text shows; every estimate is the same as from the rows read in full (est.read_model)."""
    lazy = json.loads(est.MODEL_FILE.read_text(encoding="utf-8"))
    full = est.read_model()
    assert lazy["format"] == 3 and all(isinstance(w, str) for w in lazy["weights"].values())
    assert all(isinstance(w, list) and len(w) == len(full["categories"]) for w in full["weights"].values())
    for text in (UNRULED_5XX, RULED, "structured_outputs not supported in your workspace", "Model is overloaded"):
        assert est.estimate(text, {}, model=lazy) == est.estimate(text, {}, model=full), text


def test_concepts_read_wordings_by_word_prefix_and_phrase():
    # A word, a prefix and a snake_case code split into a phrase: each names its concept.
    assert est.concepts("request throttled by the provider") == {"quota"}
    assert est.concepts("status: resource_exhausted") == {"quota"}
    assert est.concepts("deadline exceeded while waiting") == {"timeout"}
    assert est.concepts("getaddrinfo enotfound api.example.com") == {"network"}
    # `#` is any number; the phrase must be whole and in order.
    assert "request" in est.concepts("only 1 is allowed for this model")
    assert "request" not in est.concepts("only one model here is allowed")
    assert est.concepts("the model went on") == set()
    # Case is the caller's: features() passes the lower-cased text.
    assert "k:quota" in est.features("Error: Insufficient quota detected", {})
    assert not any(f.startswith("k:") for f in est.features("Error: something odd happened", {}))


def test_self_hosted_servers_failure_words_are_the_setup_concept():
    # PyTorch's, NVML's, llama.cpp's and vLLM's own wordings (HOLDOUT_EVAL.md, eighty-sixth pass).
    for text in ("runtimeerror: cuda error: an illegal memory access was encountered",
                 "pynvml.nvmlerror_drivernotloaded: driver not loaded",
                 "llama_init_from_model: failed to allocate buffer for kv cache",
                 "runtimeerror: engine core initialization failed. see root cause above.",
                 "torch.outofmemoryerror: tried to allocate 2.00 gib"):
        assert "setup" in est.concepts(text), text
    # A model's name is not its server's failure: GGUF / GGML files are named in routing errors.
    assert "setup" not in est.concepts("you passed model=thebloke/llama-2-7b-gguf")
    assert "setup" not in est.concepts("model ggml-org/gemma-3-1b-it-gguf")

def test_a_concept_alone_is_not_enough_to_estimate():
    # `quota` read as a word and as a concept is still one known word: `shows_enough` needs min_words of them.
    model = est.read_model()
    feats = {f for f in est.features("quota", {}) if f in model["weights"]}
    assert "k:quota" in feats
    assert not est.shows_enough(feats, model)
    # A concept shown only by vague words names nothing (`something went wrong` is the server concept's).
    vague = est.features("something went wrong", {})
    assert "k:server" in vague and not est.shows_thinly(vague, model)
    assert diagnose("something went wrong").answer == "unknown"


def test_a_short_fragment_naming_its_failure_gets_a_thin_estimate():
    """A known word that is not vague and a concept (`shows_thinly`, eighty-ninth pass): the fragment is
    estimated, but claims no more than a thin text (`thin_max_probability`); with the concept not counted
    (CONCEPT_COUNTS off, the gate of before) the same fragments are `unknown`."""
    model = json.loads(est.MODEL_FILE.read_text())
    cases = {"pynvml.NVMLError_DriverNotLoaded: Driver Not Loaded": "deployment", "Unauthenticated": "auth",
             "quota": "quota_rate", "Error: timeout": "timeout"}
    for text, category in cases.items():
        feats = est.features(text, {})
        assert not est.shows_enough(feats, est.read_model()), text
        report = diagnose(text)
        assert report.answer == "estimate" and report.category == category, text
        assert report.diagnosis.confidence <= model["thin_max_probability"], text
    try:
        est.CONCEPT_COUNTS = False
        assert all(diagnose(text).answer == "unknown" for text in cases)
    finally:
        est.CONCEPT_COUNTS = True


def test_lexicon_word_knows_single_words_and_prefixes_not_phrases():
    assert est.lexicon_word("throttled") and est.lexicon_word("insufficient_quota")
    assert not est.lexicon_word("limit")  # only in phrases (`rate limit`, `limit exceeded`)
    assert not est.lexicon_word("engine")
