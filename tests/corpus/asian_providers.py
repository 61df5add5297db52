"""Asian providers' own error codes, rendered the ways a LiteLLM user sees them (fifty-third pass, issue #9).

    python tests/corpus/asian_providers.py --write [--sources DIR]   # build asian_providers.jsonl
    python tests/corpus/asian_providers.py --score [--half dev|held] [--misses]

Every code and message comes from a package on PyPI or npm (`pip download --no-deps` / `npm pack`, unpacked under
DIR, nothing installed or run); `where` names the file and line. `--write` stops when a cited string is gone from
its file. What each record is rendered as:

- `litellm`: LiteLLM's exception for an OpenAI-compatible provider (dashscope is one: litellm 1.110.2
  constants.py `openai_compatible_providers`, main.py `_complete_custom_openai`). The OpenAI SDK hands LiteLLM the
  body's `error` object, `get_error_message` keeps its `message`, and `_map_openai_exception` picks the class by
  status (400 BadRequestError, 401 AuthenticationError, 403 -> the fallback APIError, 404 NotFoundError, 429
  RateLimitError, 500 InternalServerError, 503 ServiceUnavailableError, 504 Timeout; any "rate limit" in the text
  -> RateLimitError), the label `Dashscope` + `Exception`.
- `litellm_proxy`: the same behind the proxy's router (litellm 1.103.0 router.py:7388 appends the model group).
- `dashscope_v2`: dashscope 2.0.2's own exception, `str(err)` (v2/errors.py:76-84), the class from `_CODE_MAP`
  (the wire code's crosswalk, v2/errors.py:236-259), and the traceback's last line.
- `dashscope_response`: the 1.x-style `DashScopeAPIResponse` printed (api_entities/dashscope_response.py:120-129),
  what `print(resp)` shows when `resp.status_code != 200`.
- `langchain_tongyi`: LangChain's Tongyi models (langchain-community 0.4.2 llms/tongyi.py:56-71 `check_response`,
  also used by chat_models/tongyi.py): ValueError for 400/401, requests' HTTPError otherwise.
- `tencentcloud`: tencentcloud-sdk-python-common's `TencentCloudSDKException` (tencent_cloud_sdk_exception.py:14)
  for Hunyuan's codes (hunyuan/v20230901/errorcodes.py), str and traceback line.

Messages: where a package quotes the server's words (DashScope's Arrearage, hardening.py:77-78) they are used;
otherwise the package's own words for that code: dashscope v2's catalog message (what its SDK prints when the body
has none, `_catalog_message`, with placeholders kept verbatim as it does) and Tencent's description of the code
(the comment above it in errorcodes.py, Chinese as shipped). `basis` says which on every record.

Halves, by source: dev = DashScope (the rules were written from it); held = Tencent Hunyuan (not read while
writing them).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "asian_providers.jsonl"
REQUEST_ID = "7c1f0e52-3a9d-9b8e-a4c1-5d2f6e8b9a01"

DASHSCOPE = "dashscope 2.0.2"
HUNYUAN = "tencentcloud-sdk-python-hunyuan 3.1.180"
COMMON = "tencentcloud-sdk-python-common 3.1.195"
LANGCHAIN = "langchain-community 0.4.2"
LANGCHAIN_WHERE = f"{LANGCHAIN} langchain_community/llms/tongyi.py:56-71"

# (package, file under DIR, line, the string that must be on that line)
ARREARAGE_MSG = "Access denied, please make sure your account is in good standing."
CATALOG = {  # dashscope/v2/_error_registry.py: key -> (status, class, message, line of the message)
    "invalid_request": (400, "BadRequestError", "The request is invalid. Please check the request and try again.", 57),
    "content_policy_violation": (400, "BadRequestError", "The request was rejected by content policy.", 74),
    "invalid_api_key": (401, "AuthenticationError", "Incorrect API key provided.", 109),
    "permission_denied": (403, "PermissionDeniedError", "You do not have permission to access this resource.", 117),
    "resource_not_found": (404, "NotFoundError", "The requested resource was not found: {resource}.", 125),
    "rate_limit_exceeded": (429, "RateLimitError", "Rate limit exceeded. Please slow down your requests.", 141),
    "internal_error": (500, "InternalServerError", "The server encountered an internal error. Please try again later.", 172),
    "service_unavailable": (503, "ServiceUnavailableError", "The service is temporarily unavailable. Please try again later.", 182),
    "request_timeout": (504, "GatewayTimeoutError", "The request timed out. Please try again later.", 191),
}

# DashScope's wire codes (v2/errors.py:41-53) and the catalog entry each is crosswalked to (v2/errors.py:240-254);
# the category by the corpus conventions.
DASHSCOPE_CODES = [
    # code, errors.py line of the code, catalog key, category, subcategory, message override (real server words)
    ("InvalidApiKey", 41, "invalid_api_key", "auth", "invalid_api_key", None),
    ("AccessDenied", 42, "permission_denied", "auth", "model_access_denied", None),
    ("AccessDenied.Unpurchased", 43, "permission_denied", "auth", "model_not_activated", None),
    ("InvalidParameter", 44, "invalid_request", "other", "bad_request", None),
    ("Model.NotExist", 45, "resource_not_found", "routing", "model_not_found", None),
    ("DataInspectionFailed", 46, "content_policy_violation", "other", "content_policy", None),
    ("Throttling", 47, "rate_limit_exceeded", "quota_rate", "rate_limited", None),
    ("Throttling.RateQuota", 48, "rate_limit_exceeded", "quota_rate", "rate_limited", None),
    ("Throttling.AllocationQuota", 49, "rate_limit_exceeded", "quota_rate", "quota_exhausted", None),
    ("InternalError", 50, "internal_error", "deployment", "upstream_5xx", None),
    ("ServiceUnavailable", 51, "service_unavailable", "deployment", "upstream_5xx", None),
    ("GatewayTimeout", 52, "request_timeout", "timeout", "gateway_timeout", None),
    ("Arrearage", 53, "permission_denied", "quota_rate", "billing_overdue", ARREARAGE_MSG),
]
# The class dashscope v2 raises for a wire code (_CODE_MAP: the refined class first, else the catalog's).
REFINED = {"DataInspectionFailed": "ContentFilterError"}

# LiteLLM's class and prefix for an OpenAI-compatible provider's status (_map_openai_exception, 1.110.2
# litellm_core_utils/exception_mapping_utils.py:499-608); 403 is not among them: the fallback APIError.
LITELLM_BY_STATUS = {
    400: ("BadRequestError", ""),
    401: ("AuthenticationError", "AuthenticationError: "),
    403: ("APIError", "APIError: "),
    404: ("NotFoundError", "NotFoundError: "),
    429: ("RateLimitError", "RateLimitError: "),
    500: ("InternalServerError", "InternalServerError: "),
    503: ("ServiceUnavailableError", "ServiceUnavailableError: "),
    504: ("Timeout", "Timeout Error: "),
}
DASHSCOPE_MODEL = "qwen-plus"

# Tencent Hunyuan's codes (hunyuan/v20230901/errorcodes.py: the comment line above each is its description).
HUNYUAN_CODES = [
    # constant's line, code, category, subcategory
    (27, "FailedOperation.EngineRequestTimeout", "timeout", "read_timeout"),
    (30, "FailedOperation.EngineServerError", "deployment", "upstream_5xx"),
    (33, "FailedOperation.EngineServerLimitExceeded", "quota_rate", "rate_limited"),
    (36, "FailedOperation.FreeResourcePackExhausted", "quota_rate", "billing_exhausted"),
    (51, "FailedOperation.ResourcePackExhausted", "quota_rate", "billing_exhausted"),
    (54, "FailedOperation.ServiceNotActivated", "auth", "model_not_activated"),
    (60, "FailedOperation.ServiceStopArrears", "quota_rate", "billing_overdue"),
    (69, "InternalError", "deployment", "upstream_5xx"),
    (90, "InvalidParameterValue.Model", "routing", "model_not_found"),
    (96, "LimitExceeded", "quota_rate", "quota_exhausted"),
    (102, "OperationDenied.TextIllegalDetected", "other", "content_policy"),
    (105, "ResourceInsufficient.ChargeResourceExhaust", "quota_rate", "billing_exhausted"),
    (111, "ResourceUnavailable.InArrears", "quota_rate", "billing_overdue"),
    (114, "ResourceUnavailable.LowBalance", "quota_rate", "billing_exhausted"),
]
HUNYUAN_FILE = "tencentcloud_sdk_python_hunyuan/tencentcloud/hunyuan/v20230901/errorcodes.py"
TENCENT_EXC = "tencentcloud.common.exception.tencent_cloud_sdk_exception.TencentCloudSDKException"

# (package, path under DIR, line, needle): every string a record rests on.
CITED: list[tuple[str, str, int, str]] = []


def _cite(pkg: str, rel: str, line: int, needle: str) -> str:
    CITED.append((pkg, rel, line, needle))
    return f"{pkg} {rel.split('/', 1)[1]}:{line}"


def _litellm_line(status: int, message: str, provider_label: str) -> str:
    cls, prefix = LITELLM_BY_STATUS[status]
    if "rate limit" in message.lower() and status != 429:  # is_error_str_rate_limit, before the status
        cls, prefix = "RateLimitError", "RateLimitError: "
    return f"litellm.{cls}: {prefix}{provider_label}Exception - {message}"


def _langchain_tongyi(status: int, code: str, message: str) -> str:
    """LangChain's Tongyi (DashScope) models: `check_response` raises ValueError for 400/401, else requests'
    HTTPError (retried by tenacity, `reraise=True`), the f-strings' `\\n` real line breaks."""
    _cite(LANGCHAIN, "lcc/langchain_community/llms/tongyi.py", 62, 'f"request_id: {resp[\'request_id\']} \\n "')
    _cite(LANGCHAIN, "lcc/langchain_community/llms/tongyi.py", 68, 'f"HTTP error occurred: status_code: {resp[\'status_code\']} \\n "')
    if status in (400, 401):
        return (f"ValueError: request_id: {REQUEST_ID} \n status_code: {status} \n code: {code} \n "
                f"message: {message}")
    return f"requests.exceptions.HTTPError: HTTP error occurred: status_code: {status} \n code: {code} \n message: {message}"


def dashscope_records(root: Path | None) -> list[dict]:
    out = []
    for code, line, key, category, sub, override in DASHSCOPE_CODES:
        status, catalog_cls, catalog_msg, msg_line = CATALOG[key]
        code_where = _cite(DASHSCOPE, "dashscope/dashscope/v2/errors.py", line, f'"{code}"')
        if override:
            message = override
            msg_where = _cite(DASHSCOPE, "dashscope/dashscope/acli/providers/hardening.py", 77, "Access denied, please make sure your")
            basis = "message: the server's words as the package quotes them"
        else:
            message = catalog_msg
            msg_where = _cite(DASHSCOPE, "dashscope/dashscope/v2/_error_registry.py", msg_line, catalog_msg.split(".")[0][-30:])
            basis = "message: dashscope v2's catalog message for the code (what the SDK prints when the body has none)"
        cls = REFINED.get(code, catalog_cls)
        common = {"provider": "dashscope", "category": category, "subcategory": sub, "code": code, "status": status,
                  "half": "dev", "basis": basis, "where": [code_where, msg_where]}
        sdk = f"<{cls}> {message} | code={code} | status_code={status} | request_id={REQUEST_ID}"
        out.append({**common, "id": f"dashscope-v2-{code.lower()}", "form": "dashscope_v2", "text": sdk,
                    "facts": {"status": str(status)}})
        out.append({**common, "id": f"dashscope-v2-traceback-{code.lower()}", "form": "dashscope_v2",
                    "text": f"Traceback (most recent call last):\n  File \"app.py\", line 12, in <module>\n"
                            f"    resp = client.chat.completions.create(model=\"{DASHSCOPE_MODEL}\", messages=messages)\n"
                            f"dashscope.v2.errors.{cls}: {sdk}",
                    "facts": {"status": str(status), "provider": "dashscope", "exception": f"dashscope.v2.errors.{cls}"}})
        resp = json.dumps({"status_code": status, "request_id": REQUEST_ID, "code": code, "message": message,
                           "output": None, "usage": None}, ensure_ascii=False)
        out.append({**common, "id": f"dashscope-response-{code.lower()}", "form": "dashscope_response", "text": resp,
                    "facts": {"status": str(status)}})
        out.append({**common, "id": f"langchain-tongyi-{code.lower()}", "form": "langchain_tongyi", "where": common["where"] + [LANGCHAIN_WHERE],
                    "text": _langchain_tongyi(status, code, message), "facts": {"status": str(status)}})
        line_ = _litellm_line(status, message, "Dashscope")
        out.append({**common, "id": f"litellm-dashscope-{code.lower()}", "form": "litellm", "text": line_,
                    "facts": {"provider": "dashscope"}})
        out.append({**common, "id": f"litellm-proxy-dashscope-{code.lower()}", "form": "litellm_proxy",
                    "text": f"{line_}. Received Model Group={DASHSCOPE_MODEL}\nAvailable Model Group Fallbacks=None",
                    "facts": {"provider": "dashscope", "model_group": DASHSCOPE_MODEL}})
    # qwen-code's test for DashScope's free-tier quota: 429, code insufficient_quota, the message's words.
    where = _cite("@qwen-code/qwen-code 0.15.10", "qwen-code-qwen-code-0.15.10/package/cli.js", 173824,
                  'code2 === "insufficient_quota" && typeof message === "string" && message.toLowerCase().includes("free allocated quota exceeded")')
    message = "Free allocated quota exceeded."
    common = {"provider": "dashscope", "category": "quota_rate", "subcategory": "quota_exhausted",
              "code": "insufficient_quota", "status": 429, "half": "dev", "where": [where],
              "basis": "message: the words qwen-code tests for (case-folded there), capitalised and ended with a stop"}
    out.append({**common, "id": "litellm-dashscope-free-quota", "form": "litellm",
                "text": _litellm_line(429, message, "Dashscope"), "facts": {"provider": "dashscope"}})
    out.append({**common, "id": "langchain-tongyi-free-quota", "form": "langchain_tongyi", "where": [where, LANGCHAIN_WHERE],
                "text": _langchain_tongyi(429, "insufficient_quota", message), "facts": {"status": "429"}})
    out.append({**common, "id": "dashscope-response-free-quota", "form": "dashscope_response",
                "text": json.dumps({"status_code": 429, "request_id": REQUEST_ID, "code": "insufficient_quota",
                                    "message": message, "output": None, "usage": None}), "facts": {"status": "429"}})
    return out


def hunyuan_records(root: Path | None) -> list[dict]:
    out = []
    exc_where = _cite(COMMON, "tencentcloud_sdk_python_common/tencentcloud/common/exception/tencent_cloud_sdk_exception.py",
                      14, '"[TencentCloudSDKException] code:%s message:%s requestId:%s"')
    lines = None
    if root is not None:
        lines = (root / HUNYUAN_FILE).read_text(encoding="utf-8").split("\n")
    for line, code, category, sub in HUNYUAN_CODES:
        const_where = _cite(HUNYUAN, HUNYUAN_FILE, line, f"'{code}'")
        desc = HUNYUAN_DESCRIPTIONS[code]
        _cite(HUNYUAN, HUNYUAN_FILE, line - 1, desc)
        if lines is not None and lines[line - 2] != f"# {desc}":
            raise SystemExit(f"{HUNYUAN_FILE}:{line - 1}: expected '# {desc}', found {lines[line - 2]!r}")
        text = f"[TencentCloudSDKException] code:{code} message:{desc} requestId:{REQUEST_ID}"
        common = {"provider": "tencent", "category": category, "subcategory": sub, "code": code, "status": None,
                  "half": "held", "where": [const_where, exc_where],
                  "basis": "message: Tencent's description of the code (the comment above it in errorcodes.py)"}
        out.append({**common, "id": f"tencentcloud-{code.lower()}", "form": "tencentcloud", "text": text, "facts": {}})
        out.append({**common, "id": f"tencentcloud-traceback-{code.lower()}", "form": "tencentcloud",
                    "text": f"Traceback (most recent call last):\n  File \"app.py\", line 20, in <module>\n"
                            f"    resp = client.ChatCompletions(req)\n{TENCENT_EXC}: {text}",
                    "facts": {"provider": "tencent", "exception": TENCENT_EXC}})
    return out


HUNYUAN_DESCRIPTIONS = {
    "FailedOperation.EngineRequestTimeout": "引擎层请求超时；请稍后重试。",
    "FailedOperation.EngineServerError": "引擎层内部错误；请稍后重试。",
    "FailedOperation.EngineServerLimitExceeded": "引擎层请求超过限额；请稍后重试。",
    "FailedOperation.FreeResourcePackExhausted": "免费资源包余量已用尽，请购买资源包或开通后付费。",
    "FailedOperation.ResourcePackExhausted": "资源包余量已用尽，请购买资源包或开通后付费。",
    "FailedOperation.ServiceNotActivated": "服务未开通，请前往控制台申请试用。",
    "FailedOperation.ServiceStopArrears": "欠费停服。",
    "InternalError": "内部错误。",
    "InvalidParameterValue.Model": "模型不存在。",
    "LimitExceeded": "超过配额限制。",
    "OperationDenied.TextIllegalDetected": "文本包含违法违规信息，审核不通过。",
    "ResourceInsufficient.ChargeResourceExhaust": "计费资源已耗尽。",
    "ResourceUnavailable.InArrears": "账号已欠费。",
    "ResourceUnavailable.LowBalance": "余额不足。",
}


def check_sources(root: Path) -> None:
    for pkg, rel, line, needle in CITED:
        path = root / rel
        if not path.exists():
            raise SystemExit(f"{pkg}: {rel} not found under {root}")
        text = path.read_text(encoding="utf-8", errors="replace").split("\n")
        if needle not in text[line - 1]:
            raise SystemExit(f"{pkg} {rel}:{line}: {needle!r} is not on that line: {text[line - 1][:200]!r}")


def collect(root: Path | None) -> list[dict]:
    CITED.clear()
    records = dashscope_records(root) + hunyuan_records(root)
    if root is not None:
        check_sources(root)
    ids = Counter(r["id"] for r in records)
    assert all(n == 1 for n in ids.values()), [i for i, n in ids.items() if n > 1]
    return records


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(records: list[dict], show_misses: bool) -> Counter:
    from litellm_doctor.diagnosis import diagnose
    from sdk_surfaces import miss, tally

    t = Counter()
    per = defaultdict(Counter)
    misses, fact_misses = [], []
    for rec in records:
        report = diagnose(rec["text"])
        ok = tally(t, report, rec["category"])
        per[rec["form"]]["n"] += 1
        per[rec["form"]]["right"] += ok
        if not ok:
            misses.append(miss(rec, report))
        got = {k: report.facts.get(k) for k in rec["facts"]}
        want = {k: v for k, v in rec["facts"].items()}
        t["facts n"] += 1
        if {k: str(v) if v is not None else None for k, v in got.items()} == want:
            t["facts ok"] += 1
        else:
            fact_misses.append((rec, want, got))
    print(f"{t['right']}/{t['n']} right, {t['wrong']} wrong ({t['wrong >= 0.8']} at confidence >= 0.8), "
          f"{t['unknown']} unknown | rule {t['rule right']}/{t['rule']} | estimate {t['estimate right']}/{t['estimate']}"
          f" | facts {t['facts ok']}/{t['facts n']}")
    print("by form: " + ", ".join(f"{s} {c['right']}/{c['n']}" for s, c in sorted(per.items())))
    if show_misses:
        for rec, got, kind, rule, conf in misses:
            print(f"MISS {rec['id']}: want {rec['category']}/{rec['subcategory']}, got {got} ({kind} {rule} {conf:.2f})")
        for rec, want, got in fact_misses:
            print(f"FACTS {rec['id']}: want {want}, got {got}")
    return t


def main(argv: list[str]) -> int:
    if "--write" in argv:
        root = Path(argv[argv.index("--sources") + 1]) if "--sources" in argv else None
        if root is None:
            raise SystemExit("--write needs --sources DIR (the packages unpacked: see the module's doc)")
        records = collect(root)
        DATA.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        by = Counter(r["category"] for r in records)
        print(f"{len(records)} records ({', '.join(f'{k} {v}' for k, v in sorted(by.items()))}); "
              f"{len(CITED)} cited strings found; wrote {DATA.relative_to(HERE.parent.parent)}")
        return 0
    if "--score" in argv:
        records = load()
        if "--half" in argv:
            half = argv[argv.index("--half") + 1]
            records = [r for r in records if r["half"] == half]
        score(records, "--misses" in argv)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
