"""The fifty-third pass's Asian-provider renderings (tests/corpus/asian_providers.jsonl): no rule answer wrong,
nothing wrong at confidence >= 0.8, the category floor per half, and the facts each record names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose

DATA = Path(__file__).resolve().parent / "corpus" / "asian_providers.jsonl"
RECORDS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
FLOOR = {"dev": 79, "held": 28}  # dev 73 until the seventieth pass


@pytest.fixture(scope="module")
def answers():
    return {r["id"]: diagnose(r["text"]) for r in RECORDS}


def test_no_rule_answer_wrong(answers):
    wrong = [(r["id"], answers[r["id"]].category) for r in RECORDS
             if answers[r["id"]].answer == "rule" and answers[r["id"]].category != r["category"]]
    assert wrong == []


def test_nothing_wrong_at_high_confidence(answers):
    wrong = [r["id"] for r in RECORDS if answers[r["id"]].category != r["category"]
             and answers[r["id"]].diagnosis and answers[r["id"]].diagnosis.confidence >= 0.8]
    assert wrong == []


@pytest.mark.parametrize("half", sorted(FLOOR))
def test_floor(answers, half):
    right = sum(answers[r["id"]].category == r["category"] for r in RECORDS if r["half"] == half)
    assert right >= FLOOR[half]


def test_facts(answers):
    bad = [(r["id"], {k: answers[r["id"]].facts.get(k) for k in r["facts"]}) for r in RECORDS
           if any(str(answers[r["id"]].facts.get(k)) != v for k, v in r["facts"].items())]
    assert bad == []


@pytest.mark.parametrize("text, rule", [
    ("litellm.APIError: APIError: DashscopeException - Access denied, please make sure your account is in good standing.",
     "LD-RATE-350"),
    ("[TencentCloudSDKException] code:ResourceUnavailable.InArrears message:账号已欠费。 requestId:7c1f0e52", "LD-RATE-350"),
    ("<PermissionDeniedError> You do not have permission to access this resource. | code=AccessDenied.Unpurchased | "
     "status_code=403 | request_id=7c1f0e52", "LD-AUTH-351"),
    ("[TencentCloudSDKException] code:LimitExceeded message:超过配额限制。 requestId:7c1f0e52", "LD-RATE-352"),
    # sixty-second pass: Tencent's timeout, server-error and content codes, folded into existing rules
    ("[TencentCloudSDKException] code:FailedOperation.EngineRequestTimeout message:引擎层请求超时；请稍后重试。 requestId:7c1f0e52",
     "LD-TIME-010"),
    ("[TencentCloudSDKException] code:InternalError message:内部错误。 requestId:7c1f0e52", "LD-DEPLOY-014"),
    ("[TencentCloudSDKException] code:OperationDenied.TextIllegalDetected message:文本包含违法违规信息，审核不通过。 requestId:7c1f0e52",
     "LD-REQ-008"),
    # seventieth pass: the dev half's estimates that a code or the provider's sentence answers
    ("litellm.APIError: APIError: DashscopeException - You do not have permission to access this resource.. Received "
     "Model Group=qwen-plus\nAvailable Model Group Fallbacks=None", "LD-AUTH-017"),
    ("ValueError: request_id: 7c1f0e52 \n status_code: 400 \n code: InvalidParameter \n message: The request is invalid. "
     "Please check the request and try again.", "LD-REQ-023"),
    ('{"status_code": 503, "request_id": "7c1f0e52", "code": "ServiceUnavailable", "message": "The service is '
     'temporarily unavailable. Please try again later.", "output": null, "usage": null}', "LD-DEPLOY-015"),
])
def test_rules(text, rule):
    assert diagnose(text).diagnosis.rule_id == rule
