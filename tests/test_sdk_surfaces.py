"""The provider SDKs' own exceptions (tests/corpus/sdk_surfaces.jsonl, thirty-fifth pass in HOLDOUT_EVAL.md):
each SDK's classes rendered as its code renders them, labelled by the corpus conventions. The score may not
fall under the pass's final figure, and no rendering may be answered wrongly by a rule or at confidence
>= 0.8, alone or as the last line of a short traceback (`sdk_surfaces.py --framed`). These are renderings of the SDKs' code (coverage of the forms), not real pastes."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from corpus_scripts import load
from litellm_doctor.diagnosis import diagnose

RECORDS = [json.loads(line) for line in
           (Path(__file__).parent / "corpus" / "sdk_surfaces.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
# The thirty-fifth pass's final figure (231/231; untouched 212/231 at e829ed1, 165/177 before the bodyless forms and
# mistralai 1.x were added); the thirty-eighth pass added cohere 5.11.4's form without headers (10/10 untouched).
FLOOR = 241


def test_the_file_is_whole():
    assert len(RECORDS) >= 241
    assert {r["category"] for r in RECORDS} == {"auth", "quota_rate", "routing", "timeout", "deployment", "other"}
    for r in RECORDS:
        assert r["basis"] and r["where"] and r["text"].startswith(r["class"] + ": ")
    assert len({r["sdk"] for r in RECORDS}) >= 13


@pytest.mark.parametrize("framed", [False, True], ids=["line", "traceback"])
def test_score_holds_its_floor(framed):
    frame = load("sdk_surfaces").framed
    right, wrong = load("score").right_and_confident_wrong(RECORDS, frame if framed else None)
    assert not wrong, wrong
    assert right >= FLOOR, f"{right}/{len(RECORDS)} right, floor {FLOOR}"


def test_variants_keep_their_category():
    """variants.py's families (app wrappers, prefixes, wraps, cuts) applied to every rendering: 7039/7094 =
    99.2% at the thirty-fifth pass's end (untouched 90.9%); 7373/7394 = 99.7% at the thirty-eighth's (untouched
    7337/7394 with cohere 5.11.4); the floor leaves 0.2 points for other passes' rules."""
    right, n = load("variants").kept_category(RECORDS, diagnose)
    assert right / n >= 0.995, f"{right}/{n}"


def test_wrapped_keep_their_category():
    """`sdk_surfaces.py --wrapped` (thirty-eighth pass): each SDK message inside LiteLLM's exception and the
    wrappers around it, the SDK's str(exc) inside the apps' wrappers, and crewAI's native providers' wording.
    4738/4746 = 99.8% at the pass's end (untouched 4463/4574 = 97.6% before the crewAI shapes, which were
    170/172 when added); no rule answer wrong and nothing wrong at >= 0.8. The forty-second pass's app:* shapes
    (seven more apps, read from their releases: only when they are unpacked) 4763/4774 untouched, 4774/4774 after;
    with the forty-seventh pass's agent frameworks when their releases are unpacked."""
    module = load("sdk_surfaces")
    native = module.crewai_wheel_present()  # crewAI's shapes are read from its wheel: only when it is unpacked
    apps = module.apps_present()
    frameworks = module.frameworks_present()  # the forty-seventh pass's agent frameworks, likewise
    n = right = 0
    wrong = []
    labels: dict[str, Counter] = defaultdict(Counter)
    for r in RECORDS:
        for shape, text in module.wrapped(r, native, apps, frameworks):
            report = diagnose(text)
            n += 1
            labels[text][r["category"]] += 1
            if report.category == r["category"]:
                right += 1
            elif report.answer == "rule" or (report.diagnosis and report.diagnosis.confidence >= 0.8):
                wrong.append((shape, r["id"], r["category"], report.diagnosis.rule_id, report.category,
                              report.diagnosis.confidence, text))
    assert not _beyond_one_text_many_labels(wrong, labels), wrong
    assert right / n >= 0.995, f"{right}/{n}"


# (fifty-sixth pass; seventieth pass) A shape that drops the message can render records of different labels as one
# and the same text: Claude Code's sentence for any 404 (`There's an issue with the selected model (M). ...`) is one
# string for all 20 records the proxy answers 404, 17 routing, a Bedrock model whose use case form is not submitted
# (auth) and httpx's and requests' bare 404 (deployment). No reading of the text can be right for all of them. Such
# a text is held to its most common label (LD-ROUTE-357, routing at 0.7), under 0.8; its other labels are not
# counted as a rule's false alarm. Any text that is not one string under several labels is held as before.
def _beyond_one_text_many_labels(wrong: list[tuple], labels: dict[str, Counter]) -> list[tuple]:
    def excused(w: tuple) -> bool:
        *_, got, confidence, text = w
        counts = labels[text]
        if len(counts) < 2 or confidence >= 0.8:
            return False
        top = max(counts.values())
        return [c for c, k in counts.items() if k == top] == [got]
    return [w for w in wrong if not excused(w)]


def test_agent_frameworks_keep_category_and_facts():
    """The forty-seventh pass's agent frameworks in front (google-adk, strands-agents, mem0ai, llama-index-llms-litellm,
    langchain-litellm; `sdk_surfaces.py --wrapped --frameworks`): every shape keeps the category and LiteLLM's
    status and provider (the `+proxy` ones, the OpenAI client's rendering of the proxy's answer): 3275/3275 untouched,
    no reading added. Read from the releases: only when they are unpacked (the test does not download them)."""
    module = load("sdk_surfaces")
    if not module.frameworks_present():
        pytest.skip("the frameworks' releases are not unpacked (python tests/corpus/sdk_surfaces.py --app-forms)")
    lost = []
    for r in RECORDS:
        bare = diagnose(module.litellm_wrapped(r)).facts
        proxy = diagnose(module.proxy_reference(r)).facts
        for shape, text in module.frameworks_in_front(r):
            report = diagnose(text)
            facts = {k: report.facts.get(k) for k in ("status", "provider")}
            ref = proxy if shape in module.PROXY_APP_SHAPES else bare
            if report.category != r["category"] or facts != {k: ref.get(k) for k in ("status", "provider")}:
                lost.append((shape, r["id"], report.category, facts))
    assert not lost, lost


@pytest.mark.parametrize("text, provider, status", [
    ("anthropic.OverloadedError: Error code: 529", "anthropic", "529"),
    ("groq.RateLimitError: Error code: 429", "groq", "429"),
    ("cohere.errors.too_many_requests_error.TooManyRequestsError: headers: {}, status_code: 429, body: {}", "cohere", "429"),
    ("google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for aiplatform.googleapis.com", "vertex_ai", "429"),
    ("google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429}}", "gemini", "429"),
    ("huggingface_hub.errors.HfHubHTTPError: 402 Client Error: Payment Required for url: https://example.test/v1", "huggingface", "402"),
    ("requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://example.test/v1", None, "503"),
    ("botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the Converse operation: Too many requests", "bedrock", None),
    ("openai.RateLimitError: Error code: 429", None, "429"),  # the openai SDK calls any OpenAI-compatible server
])
def test_sdk_class_facts(text, provider, status):
    facts = diagnose(text).facts
    assert facts.get("provider") == provider and facts.get("status") == status, facts


def test_coding_agents_keep_the_category_and_facts():
    """The forty-sixth pass's coding agents in front of the proxy (tests/corpus/coding_agents.py: Claude Code
    2.1.332 and 2.1.98, Gemini CLI 0.61.0, Codex 0.171.0, read from their npm releases; only when unpacked):
    untouched (08c525e) category 943/964 with 15 wrong by a rule (Claude Code 2.1.98's `API Error: 504
    {"type":"error","error":{"type":"api_error",...}}` read as an upstream 5xx), facts 900/964; after 958/964 and
    910/964. What is left is Claude Code's own sentences that drop LiteLLM's message (the 404 one, `Prompt is too
    long`, `Credit balance is too low`, `Invalid API key ...`): no status or provider in the text to keep."""
    module = load("sdk_surfaces")
    agents = load("coding_agents")
    if not agents.present():
        pytest.skip("the coding agents' releases are not unpacked (sdk_surfaces.py --app-forms downloads them)")
    n = right = kept = 0
    wrong = []
    labels: dict[str, Counter] = defaultdict(Counter)
    for r in RECORDS:
        status, _body = module.proxy_answer(r)
        inner = module.litellm_wrapped(r)
        ref = {k: diagnose(inner).facts.get(k) for k in ("status", "provider")}
        proxy_ref = {k: diagnose(module.proxy_reference(r)).facts.get(k) for k in ("status", "provider")}
        for shape, text in agents.shapes(status, inner):
            report = diagnose(text)
            n += 1
            labels[text][r["category"]] += 1
            right += report.category == r["category"]
            got = {k: report.facts.get(k) for k in ("status", "provider")}
            kept += got in (ref, proxy_ref)
            if report.category != r["category"] and (
                    report.answer == "rule" or (report.diagnosis and report.diagnosis.confidence >= 0.8)):
                wrong.append((shape, r["id"], r["category"], report.diagnosis.rule_id, report.category,
                              report.diagnosis.confidence, text))
    assert not _beyond_one_text_many_labels(wrong, labels), wrong
    assert right >= 958 and kept >= 910, (right, kept, n)
