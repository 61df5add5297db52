"""The provider SDKs' own exceptions, read from their wheels, rendered as their code renders them, and how the
doctor answers them.

    python tests/corpus/sdk_surfaces.py --list            # every SDK read: its classes, statuses, message forms
    python tests/corpus/sdk_surfaces.py --write           # tests/corpus/sdk_surfaces.jsonl
    python tests/corpus/sdk_surfaces.py --score [--misses] # diagnose every rendering in the committed file
    python tests/corpus/sdk_surfaces.py --score --framed   # each one as the last line of a short traceback
    python tests/corpus/sdk_surfaces.py --variants [--misses] # variants.py's families applied to each one
    python tests/corpus/sdk_surfaces.py --wrapped [--misses]  # each one inside LiteLLM's and the apps' wrappers
    python tests/corpus/sdk_surfaces.py --app-forms        # the apps' wordings of --wrapped's app:* shapes, file:line
    python tests/corpus/sdk_surfaces.py --wrapped --frameworks [--misses]  # the agent frameworks' app:* shapes alone
    python tests/corpus/sdk_surfaces.py --variants --frameworks [--misses] # the same, pasted another way

Apps that embed LiteLLM (aider, crewAI, OpenHands, dspy, open-webui, ...) and users who call a provider's SDK
directly paste the SDK's exception, not LiteLLM's: `anthropic.RateLimitError: Error code: 429 - {...}`,
`google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {...}`, `botocore.errorfactory.ThrottlingException: An
error occurred (ThrottlingException) when calling the Converse operation: ...`. This script reads each SDK's wheel
(downloaded and unpacked once by harvest_templates.package_site; nothing is imported) with `ast` (and json for
botocore's service model):

* the status -> class table: the `if response.status_code == N: return X(...)` chain of the Stainless SDKs
  (openai, groq, together; anthropic's `ERROR_CLASSES` dict), google-api-core's `code = http.client.X` class
  attributes (inherited), cohere's `super().__init__(status_code=N, ...)`, the `error.httpStatusCode` of
  bedrock-runtime's exception shapes and the operations that raise them;
* the message form: each SDK's format string, found in its source (`f"Error code: {response.status_code} -
  {body}"`, `f'{self.code} {self.status}. {self.details}'`, botocore's `ClientError.MSG_TEMPLATE`, requests'
  and httpx's `raise_for_status` wordings, ...). The file and line are kept with each rendering; a release
  that drops a form makes the script fail rather than render a stale one.

Each class is rendered as a traceback's last line (`module.Class: message`) with a status-typical body: the
provider's JSON error for that status (OpenAI's `{'error': {'message', 'type', 'param', 'code'}}`, Google's
`{'error': {'code', 'message', 'status'}}`, ...), written here from the providers' documented and commonly
reported answers, plus the bodies the conventions single out (credit or balance exhausted -> quota_rate;
overloaded -> quota_rate; a model that does not exist -> routing; a prompt too long -> other). The category
follows tests/corpus/README.md's conventions, by the status's or the class's meaning, or by the body where
a convention says so; `basis` says which. Statuses whose category the conventions do not settle (409 from a
generic transport, Bedrock's 424 ModelErrorException, its 429 ModelNotReadyException, 499) are left out.

These are our renderings of the SDKs' code: they measure coverage of the forms, not accuracy on real pastes
(a user's paste adds a traceback, a request id, an app's framing, or cuts the message).
"""

from __future__ import annotations

import ast
import functools
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from http import HTTPStatus
from pathlib import Path

import coding_agents
import more_apps
from harvest_templates import corpus_file_parser, dump, npm_package, package_site

HERE = Path(__file__).resolve().parent
OUT = HERE / "sdk_surfaces.jsonl"

# (package, version): the newest release on the registry when this was written, and an older major where its
# message form or module differs (openai 1.x prints the whole body; huggingface_hub 0.x raises through requests;
# mistralai 1.x's SDKError lives in mistralai.models, and before 1.9 prints "Status N" and the body on a new line;
# cohere 5.x's ApiError printed no headers: "status_code: N, body: {...}").
SDKS = (("openai", "3.63.0"), ("openai", "1.109.1"), ("anthropic", "2.17.0"), ("groq", "1.7.0"),
        ("together", "3.1.1"), ("google-genai", "3.6.1"), ("google-api-core", "2.44.0"), ("botocore", "1.44.18"),
        ("huggingface_hub", "2.4.0"), ("huggingface_hub", "0.36.0"), ("mistralai", "3.7.0"), ("mistralai", "1.9.11"), ("mistralai", "1.2.6"), ("cohere", "7.3.1"), ("cohere", "5.11.4"),
        ("ollama", "0.6.3"), ("httpx", "0.29.0"), ("requests", "2.34.2"))

# --------------------------------------------------------------------------------------------- labels

# status -> (category, basis). 404 and 409 are decided per body or left out.
STATUS_LABEL = {
    400: ("other", "400: a request the provider refused (convention 7: bad_request)"),
    401: ("auth", "401: credentials refused (convention 5 / DESIGN: auth)"),
    402: ("quota_rate", "402 Payment Required: credits or balance exhausted (convention 1: credit balance -> quota_rate)"),
    403: ("auth", "403: not allowed (DESIGN: auth)"),
    408: ("timeout", "408: the request timed out (convention 6)"),
    413: ("other", "413: the request too large (convention 7: bad_request)"),
    422: ("other", "422: the request malformed (convention 7: bad_request)"),
    429: ("quota_rate", "429: rate or quota limit (DESIGN: quota_rate)"),
    498: ("auth", "498 (cohere InvalidTokenError): credentials refused"),
    500: ("deployment", "500: upstream server error (convention 2: upstream_5xx)"),
    501: ("deployment", "501: upstream server error (convention 2)"),
    502: ("deployment", "502 Bad Gateway (convention 2)"),
    503: ("deployment", "503 without 'overloaded': other upstream 5xx (convention 2)"),
    504: ("timeout", "504: gateway timeout (convention 6: gateway_timeout)"),
    529: ("quota_rate", "529 overloaded_error (convention 2: provider_overloaded)"),
}
LEFT_OUT = {409: "a conflict: the conventions do not settle it", 412: "precondition failed: not an LLM call's failure",
            431: "request headers too large: not settled", 499: "the client closed the request: not a provider failure",
            424: "Bedrock ModelErrorException: the model failed on the input, cause unclear (deployment or request)",
            405: "method not allowed: not settled", 416: "range not satisfiable: a Hub download, not an LLM call"}

# Bodies: (status, kind) -> (message, error type, code, category override or None, basis). `kind` picks among a
# status's typical bodies; the category is the status's unless the override says otherwise.
OPENAI_BODIES = {
    (400, "bad_request"): ("Invalid value for 'messages[1].role': 'tool'. A message with role 'tool' must be a response to a preceding message with 'tool_calls'.", "invalid_request_error", None, None, None),
    (400, "context"): ("This model's maximum context length is 128000 tokens. However, your messages resulted in 131245 tokens. Please reduce the length of the messages.", "invalid_request_error", "context_length_exceeded", None, "context window exceeded: other (convention 7)"),
    (401, "key"): ("Incorrect API key provided: sk-proj-****abcd. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key", None, None),
    (402, "balance"): ("Insufficient Balance", "unknown_error", "invalid_request_error", None, None),
    (403, "region"): ("Project `proj_abc123` does not have access to model `gpt-4o`", "invalid_request_error", "model_not_found", None, "403: the project not allowed the model (convention 5: auth)"),
    (404, "model"): ("The model `gpt-5-turbo` does not exist or you do not have access to it.", "invalid_request_error", "model_not_found", "routing", "404 naming a model that does not exist (DESIGN: routing/model_not_found)"),
    (422, "bad_request"): ("Unprocessable Entity: 'tools.0.function.parameters' is not a valid JSON schema", "invalid_request_error", None, None, None),
    (429, "rate"): ("Rate limit reached for gpt-4o in organization org-abc123 on tokens per min (TPM): Limit 30000, Used 29810, Requested 1200. Please try again in 2.02s.", "tokens", "rate_limit_exceeded", None, None),
    (429, "quota"): ("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota", None, "429 insufficient_quota: quota exhausted (quota_rate)"),
    (500, "server"): ("The server had an error while processing your request. Sorry about that!", "server_error", None, None, None),
    (502, "server"): ("Bad gateway.", "server_error", None, None, None),
    (503, "server"): ("The engine is currently overloaded, please try again later.", "server_error", None, "quota_rate", "503 'overloaded' (convention 2: provider_overloaded)"),
    (503, "unavailable"): ("Service Unavailable", "server_error", None, None, None),
}
ANTHROPIC_BODIES = {
    (400, "bad_request"): ("messages: text content blocks must be non-empty", "invalid_request_error", None, None, None),
    (400, "credit"): ("Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.", "invalid_request_error", None, "quota_rate", "credit balance too low (convention 1: quota_rate)"),
    (400, "context"): ("prompt is too long: 215332 tokens > 200000 maximum", "invalid_request_error", None, None, "context window exceeded: other (convention 7)"),
    (401, "key"): ("invalid x-api-key", "authentication_error", None, None, None),
    (402, "billing"): ("Your organization has run out of credits.", "billing_error", None, None, None),
    (403, "permission"): ("Your API key does not have permission to use the specified resource.", "permission_error", None, None, None),
    (404, "model"): ("model: claude-3-5-sonnet-20250101", "not_found_error", None, "routing", "404 naming a model that does not exist (DESIGN: routing/model_not_found)"),
    (413, "size"): ("Request exceeds the maximum allowed number of bytes.", "request_too_large", None, None, None),
    (429, "rate"): ("This request would exceed the rate limit for your organization (abc123) of 50,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.", "rate_limit_error", None, None, None),
    (500, "server"): ("Internal server error", "api_error", None, None, None),
    (504, "timeout"): ("Request timed out", "timeout_error", None, None, None),
    (529, "overloaded"): ("Overloaded", "overloaded_error", None, None, None),
}
GOOGLE_BODIES = {  # (status, kind) -> (message, google status, category override, basis)
    (400, "bad_request"): ("* GenerateContentRequest.contents: contents is not specified", "INVALID_ARGUMENT", None, None),
    (400, "key"): ("API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", "auth", "API key not valid: credentials refused (auth), though Google answers 400"),
    (403, "permission"): ("Permission denied on resource project my-project (or it may not exist).", "PERMISSION_DENIED", None, None),
    (404, "model"): ("models/gemini-1.5-pro-002 is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.", "NOT_FOUND", "routing", "404 naming a model that does not exist (DESIGN: routing/model_not_found)"),
    (429, "quota"): ("You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", "RESOURCE_EXHAUSTED", None, None),
    (429, "vertex"): ("Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.", "RESOURCE_EXHAUSTED", None, None),
    (500, "server"): ("An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", "INTERNAL", None, None),
    (503, "overloaded"): ("The model is overloaded. Please try again later.", "UNAVAILABLE", "quota_rate", "503 'The model is overloaded' (convention 2: provider_overloaded)"),
    (503, "unavailable"): ("The service is currently unavailable.", "UNAVAILABLE", None, None),
    (504, "deadline"): ("Deadline expired before operation could complete.", "DEADLINE_EXCEEDED", None, None),
}
BEDROCK_MESSAGES = {  # exception shape -> [(message, category override, basis)]
    "AccessDeniedException": [("You don't have access to the model with the specified model ID.", None, None),
                              ("User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0 because no identity-based policy allows the bedrock:InvokeModel action", None, None)],
    "ThrottlingException": [("Too many requests, please wait before trying again.", None, None),
                            ("Too many tokens, please wait before trying again.", None, None)],
    "ServiceQuotaExceededException": [("Your request exceeds the service quota for your account.", "quota_rate", "ServiceQuotaExceededException: a service quota (quota_rate), though Bedrock answers 400")],
    "ValidationException": [("Input is too long for requested model.", None, "context window exceeded: other (convention 7)"),
                            ("The provided model identifier is invalid.", "routing", "an invalid model id (DESIGN: routing/model_not_found)"),
                            ("A conversation must start with a user message. Try again with a conversation that starts with a user message.", None, None)],
    "ResourceNotFoundException": [("Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.", "auth", "model access not granted for the account (auth: not allowed)"),
                                  ("Could not resolve the foundation model from the provided model identifier.", "routing", "a model id Bedrock does not know (DESIGN: routing/model_not_found)"),
                                  ("This model version has reached the end of its life. Please refer to the AWS documentation for more details.", "routing", "a retired model (DESIGN: routing/model_not_found)")],
    "ModelTimeoutException": [("Model has timed out in processing the request. Try your request again.", None, None)],
    "InternalServerException": [("The system encountered an unexpected error during processing. Try your request again.", None, None)],
    "ServiceUnavailableException": [("Bedrock is unable to process your request.", None, None)],
}
HF_BODIES = {
    400: ("Model meta-llama/Llama-3.1-8B-Instruct is not supported by provider together.", "routing",
          "a model the chosen provider does not serve (as LD-ROUTE-011's 'not supported by any provider you have "
          "enabled': routing/model_not_found)"),
    401: ("Invalid credentials in Authorization header", None, None),
    402: ("You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.", None, None),
    403: ("This authentication method does not have sufficient permissions to call Inference Providers on behalf of user dev", None, None),
    404: ("Model meta-llama/Llama-3.3-70B-Instructt does not exist", "routing", "404 naming a model that does not exist (DESIGN: routing/model_not_found)"),
    429: ("Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan at https://huggingface.co/pricing to use the API at this rate", None, None),
    500: ("Internal Server Error", None, None),
    503: ("Service Temporarily Unavailable", None, None),
    504: ("Gateway Timeout", None, None),
}
MISTRAL_BODIES = {
    400: '{"object":"error","message":"Prompt contains 40321 tokens and 0 draft tokens, too large for model with 32768 maximum context length","type":"invalid_request_message_order","param":null,"code":"3051"}',
    401: '{"detail":"Unauthorized"}',
    404: '{"object":"error","message":"Invalid model: mistral-large-lates","type":"invalid_model","param":null,"code":"1500"}',
    429: '{"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}',
    500: '{"object":"error","message":"Service unavailable.","type":"internal_server_error","param":null,"code":"1000"}',
    503: '{"object":"error","message":"Service tier capacity exceeded for this model.","type":"service_tier_capacity_exceeded","param":null,"code":"3505"}',
}
MISTRAL_OVERRIDE = {404: ("routing", "404 invalid model (DESIGN: routing/model_not_found)"),
                    503: ("quota_rate", "503 capacity exceeded: an overloaded provider (convention 2: provider_overloaded)")}
COHERE_BODIES = {
    400: {"message": "invalid request: message must be at least 1 token long or tool results must be specified."},
    401: {"message": "invalid api token"},
    403: {"message": "You are not authorized to access this resource"},
    404: {"message": "model 'command-r-plus-08-2025' not found, make sure the correct model ID was used and that you have access to the model."},
    422: {"message": "invalid request: unknown field: parameter 'chat_history' is not a valid field"},
    429: {"message": "You are using a Trial key, which is limited to 10 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'. Contact us on 'https://discord.gg/XW44jPfYJu' or email us at support@cohere.com with any questions"},
    498: {"message": "invalid api token"},
    500: {"message": "internal server error, this has been reported to our developers. id 5b1c5a0e1e"},
    501: {"message": "not implemented"},
    503: {"message": "service unavailable"},
    504: {"message": "gateway timeout"},
}
COHERE_OVERRIDE = {404: ("routing", "404 naming a model that does not exist (DESIGN: routing/model_not_found)")}
OLLAMA_BODIES = {
    400: ('{"error":"registry.ollama.ai/library/llama3:latest does not support tools"}', None, None),
    404: ('{"error":"model \\"llama3.3\\" not found, try pulling it first"}', "routing", "a model not pulled (DESIGN: routing/model_not_found; corpus: ollama model not found)"),
    500: ('{"error":"model requires more system memory (11.2 GiB) than is available (7.6 GiB)"}', None, None),
    500.1: ('{"error":"llama runner process has terminated: exit status 2"}', None, None),
}
# Transport exceptions (httpx, requests): status -> the URL of an LLM API call (no body in the message).
TRANSPORT_URL = "https://api.openai.com/v1/chat/completions"
TRANSPORT_STATUSES = (400, 401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504)
TRANSPORT_404 = ("deployment", "a 404 for the API URL: the wrong endpoint or base (corpus: deployment/wrong_endpoint)")


# -------------------------------------------------------------------------------------------- reading


def _tree(site: Path, rel: str) -> ast.Module:
    return ast.parse((site / rel).read_text(encoding="utf-8"), filename=rel)


def _find_string(site: Path, rel: str, needle: str) -> str:
    """`rel:line` of the string constant or f-string piece holding `needle`: the form the rendering uses. Fails
    if the release lacks it."""
    for node in ast.walk(_tree(site, rel)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and needle in node.value:
            return f"{rel}:{node.lineno}"
        if isinstance(node, ast.JoinedStr):
            pieces = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                             for v in node.values)
            if needle in pieces:
                return f"{rel}:{node.lineno}"
    raise SystemExit(f"{site}: {rel} has no string holding {needle!r}: the SDK changed its message form")


def _find_code(site: Path, rel: str, needle: str) -> str:
    """`rel:line` of the source line holding `needle` (code, not a string). Fails if the release lacks it."""
    for i, line in enumerate((site / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{rel}:{i}"
    raise SystemExit(f"{site}: {rel} has no line holding {needle!r}: the SDK changed")


def _status_chain(site: Path, rel: str, func: str) -> dict[int, str]:
    """The `if response.status_code == N: return _exceptions.X(...)` chain (`>= 500` kept as 500) of `func`."""
    table: dict[int, str] = {}
    for fn in ast.walk(_tree(site, rel)):
        if not (isinstance(fn, ast.FunctionDef) and fn.name == func):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) \
                    and isinstance(node.test.comparators[0], ast.Constant) \
                    and ast.unparse(node.test.left).endswith("status_code"):
                ret = node.body[0]
                if isinstance(ret, (ast.Return, ast.Raise)):
                    call = ret.value if isinstance(ret, ast.Return) else ret.exc
                    if isinstance(call, ast.Call):
                        table.setdefault(node.test.comparators[0].value, ast.unparse(call.func).split(".")[-1])
    return table


def _anthropic_table(site: Path) -> dict[int, str]:
    for node in ast.walk(_tree(site, "anthropic/_error_classes.py")):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "ERROR_CLASSES":
            return {k.elts[0].value: v.id for k, v in zip(node.value.keys, node.value.values)
                    if isinstance(k, ast.Tuple) and isinstance(k.elts[1], ast.Constant) and k.elts[1].value is None}
    raise SystemExit("anthropic: no ERROR_CLASSES")


def stainless(pkg: str, version: str, site: Path) -> list[dict]:
    client = f"{pkg}/_client.py"
    if pkg == "anthropic":
        table = _anthropic_table(site)
        table.setdefault(500, "InternalServerError")
    else:
        table = _status_chain(site, client, "_make_status_error")
    base = f"{pkg}/_base_client.py"
    try:
        where = _find_string(site, base, "Error code: {response.status_code} - {body}")
        form = "body"
    except SystemExit:
        where = _find_string(site, base, " - {message}")
        form = "message"
    bodies = ANTHROPIC_BODIES if pkg == "anthropic" else OPENAI_BODIES
    out = []
    for (status, kind), (msg, etype, code, override, basis) in bodies.items():
        # no class of its own: `>= 500` -> InternalServerError, else the chain's fallback APIStatusError
        cls = table.get(status) or (table.get(500) if status >= 500 else "APIStatusError")
        if pkg == "anthropic":
            body = {"type": "error", "error": {"type": etype, "message": msg}, "request_id": "req_011CUabc123"}
        else:
            body = {"error": {"message": msg, "type": etype, "param": None, "code": code}}
        text = f"Error code: {status} - {body}" if form == "body" else f"Error code: {status} - {msg}"
        out.append(_rec(pkg, version, f"{pkg}.{cls}", status, kind, text, where, override, basis))
    # every class of the table with no body to show: the response closed before it was read, or an empty body
    # (`err_msg = f"Error code: {response.status_code}"`, the same line in every release read)
    bare_where = _find_string(site, base, "Error code: {response.status_code}")
    for status, cls in sorted(table.items()):
        out.append(_rec(pkg, version, f"{pkg}.{cls}", status, "bodyless", f"Error code: {status}", bare_where,
                        None, None))
    # the connection and timeout classes: their default messages
    exc = f"{pkg}/_exceptions.py"
    for cls, needle, cat, basis in (
            ("APIConnectionError", "Connection error.", "deployment", "the connection failed (convention 2: connection error)"),
            ("APITimeoutError", "Request timed out.", "timeout", "the client's timeout (convention 6: read_timeout)")):
        try:
            where = _find_string(site, exc, needle)
            out.append(_rec(pkg, version, f"{pkg}.{cls}", None, "transport", needle, where, cat, basis))
        except SystemExit:
            pass
    if pkg == "anthropic":
        where = _find_string(site, base, " timed out{after}")
        out.append(_rec(pkg, version, "anthropic.APITimeoutError", None, "transport",
                        "Request to api.anthropic.com timed out after 600s", where, "timeout",
                        "the client's timeout (convention 6: read_timeout)"))
        where = _find_string(site, base, "{connection} failed: {reason}")
        out.append(_rec(pkg, version, "anthropic.APIConnectionError", None, "transport",
                        "Connection to api.anthropic.com failed: [Errno 111] Connection refused", where, "deployment",
                        "the connection refused (convention 2: deployment)"))
    return out


def google_genai(pkg: str, version: str, site: Path) -> list[dict]:
    where = _find_string(site, "google/genai/errors.py", "{self.code} {self.status}. {self.details}")
    out = []
    for (status, kind), (msg, gstatus, override, basis) in GOOGLE_BODIES.items():
        cls = "ClientError" if 400 <= status < 500 else "ServerError"
        details = {"error": {"code": status, "message": msg, "status": gstatus}}
        out.append(_rec(pkg, version, f"google.genai.errors.{cls}", status, kind, f"{status} {gstatus}. {details}",
                        where, override, basis))
    return out


def google_api_core(pkg: str, version: str, site: Path) -> list[dict]:
    rel = "google/api_core/exceptions.py"
    where = _find_string(site, rel, "{} {}")
    codes: dict[str, int | None] = {}
    parents: dict[str, str] = {}
    grpc_class: dict[str, str] = {}  # INVALID_ARGUMENT -> InvalidArgument
    for node in _tree(site, rel).body:
        if isinstance(node, ast.ClassDef):
            parents[node.name] = node.bases[0].id if node.bases and isinstance(node.bases[0], ast.Name) else ""
            for stmt in node.body:
                if not isinstance(stmt, ast.Assign):
                    continue
                target, v = getattr(stmt.targets[0], "id", ""), stmt.value
                if target == "code":
                    if isinstance(v, ast.Constant):
                        codes[node.name] = v.value
                    elif isinstance(v, ast.Attribute):
                        codes[node.name] = int(getattr(HTTPStatus, v.attr))
                elif target == "grpc_status_code":
                    found = re.search(r"StatusCode\.([A-Z_]+)", ast.unparse(v))
                    if found:
                        grpc_class[found.group(1)] = node.name

    def code_of(name: str) -> int | None:
        while name and name not in codes:
            name = parents.get(name, "")
        return codes.get(name)

    # each body: the class the HTTP status maps to (its own `code`) and the one its gRPC status names
    http_class = {status: name for name, status in codes.items() if status and status >= 400
                  and codes.get(parents.get(name, "")) != status}
    out = []
    for (status, kind), (msg, gstatus, override, basis) in GOOGLE_BODIES.items():
        classes = [c for c in (http_class.get(status), grpc_class.get(gstatus)) if c and code_of(c) == status]
        for cls in dict.fromkeys(classes):
            out.append(_rec(pkg, version, f"google.api_core.exceptions.{cls}", status, kind, f"{status} {msg}", where,
                            override, basis))
    return out


def botocore(pkg: str, version: str, site: Path) -> list[dict]:
    where = _find_string(site, "botocore/exceptions.py", "An error occurred ({error_code}) when calling the {operation_name} ")
    models = sorted((site / "botocore/data/bedrock-runtime").glob("*/service-2.json*"))
    model_path = models[-1]
    raw = model_path.read_bytes()
    model = json.loads(gzip.decompress(raw) if model_path.suffix == ".gz" else raw)
    ops = ("Converse", "InvokeModel", "ConverseStream", "InvokeModelWithResponseStream")
    out = []
    for shape, messages in BEDROCK_MESSAGES.items():
        spec = model["shapes"][shape]
        status = spec["error"]["httpStatusCode"]
        raisers = [op for op in ops if shape in [e["shape"] for e in model["operations"][op].get("errors", [])]]
        for i, (msg, override, basis) in enumerate(messages):
            op = raisers[i % len(raisers)]
            text = f"An error occurred ({shape}) when calling the {op} operation: {msg}"
            basis = basis or f"{shape} (HTTP {status} in bedrock-runtime's service model)"
            out.append(_rec(pkg, version, f"botocore.errorfactory.{shape}", status, f"{op}-{i}", text,
                            f"{where}; {model_path.relative_to(site)}", override, basis))
    return out


def huggingface(pkg: str, version: str, site: Path) -> list[dict]:
    """hf_raise_for_status: 400 -> BadRequestError "Bad request:", 403 "403 Forbidden: ...", 429 (2.x) "429 Too
    Many Requests for url", else the transport's own wording (httpx in 1.x on, requests before) with the
    server's message appended after a blank line (`_format`)."""
    rel = "huggingface_hub/utils/_http.py"
    source = (site / rel).read_text(encoding="utf-8")
    uses_httpx = "import httpx" in source
    has_429 = "429 Too Many Requests for url: {response.url}." in source
    url = "https://router.huggingface.co/v1/chat/completions"
    out = []
    for status, (msg, override, basis) in HF_BODIES.items():
        phrase = HTTPStatus(status).phrase
        cls = "huggingface_hub.errors.HfHubHTTPError"
        if status == 400:
            where = _find_string(site, rel, "Bad request:")
            text = f"\n\nBad request:\n{msg}"
            cls = "huggingface_hub.errors.BadRequestError"
        elif status == 403:
            where = _find_string(site, rel, "Make sure your token has the correct permissions.")
            text = (f"\n\n403 Forbidden: {msg}.\nCannot access content at: {url}.\n"
                    "Make sure your token has the correct permissions.")
        elif status == 429 and has_429:
            where = _find_string(site, rel, "429 Too Many Requests for url: {response.url}.")
            text = f"\n\n429 Too Many Requests for url: {url}.\n{msg}"
        elif uses_httpx:
            where = f"{_find_code(site, rel, 'raise _format(HfHubHTTPError, str(e), response)')} (httpx's wording)"
            kind = "Client error" if status < 500 else "Server error"
            text = (f"{kind} '{status} {phrase}' for url '{url}'\nFor more information check: "
                    f"https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{status}\n\n{msg}")
        else:
            where = f"{_find_code(site, rel, 'raise _format(HfHubHTTPError, str(e), response)')} (requests' wording)"
            kind = "Client Error" if status < 500 else "Server Error"
            text = f"{status} {kind}: {phrase} for url: {url}\n\n{msg}"
        out.append(_rec(pkg, version, cls, status, "status", text, where, override, basis))
        # the generic path with no server message (a body that is empty or HTML); 404 left out: the router's
        # 404 is a model it does not serve as often as a wrong url
        if status not in (400, 403, 404, 429) or (status == 429 and not has_429):
            bare = text[: text.index("\n\n")] if "\n\n" in text else text
            out.append(_rec(pkg, version, cls, status, "bodyless", bare, where, None, None))
    return out


def mistral(pkg: str, version: str, site: Path) -> list[dict]:
    """SDKError: 2.x on in mistralai/client/errors/, 1.x in mistralai/models/; "API error occurred: Status N. Body:
    {body}" (1.9 on) or, from the dataclass's __str__ before, "API error occurred: Status N" and the body on the
    next line."""
    rel = next(r for r in ("mistralai/client/errors/sdkerror.py", "mistralai/models/sdkerror.py") if (site / r).is_file())
    module = rel[:-3].replace("/", ".")
    try:
        where, old = _find_string(site, rel, ". Body: {body_display}"), False
    except SystemExit:
        where, old = _find_string(site, rel, "{self.message}: Status {self.status_code}{body}"), True
    chat = "mistralai/client/chat.py" if (site / "mistralai/client/chat.py").is_file() else "mistralai/chat.py"
    _find_string(site, chat, "API error occurred")
    out = []
    for status, body in MISTRAL_BODIES.items():
        override, basis = MISTRAL_OVERRIDE.get(status, (None, None))
        text = f"API error occurred: Status {status}\n{body}" if old else f"API error occurred: Status {status}. Body: {body}"
        out.append(_rec(pkg, version, f"{module}.SDKError", status, "status", text, where, override, basis))
    return out


def cohere(pkg: str, version: str, site: Path) -> list[dict]:
    """ApiError.__str__: "headers: {...}, status_code: N, body: {...}" (the headers from 5.x's later releases on),
    "status_code: N, body: {...}" before."""
    try:
        where, old = _find_string(site, "cohere/core/api_error.py", "headers: {self.headers}, status_code: {self.status_code}"), False
    except SystemExit:
        where, old = _find_string(site, "cohere/core/api_error.py", "status_code: {self.status_code}, body: {self.body}"), True
    out = []
    for path in sorted((site / "cohere/errors").glob("*_error.py")):
        status = cls = None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                cls = node.name
            if isinstance(node, ast.keyword) and node.arg == "status_code" and isinstance(node.value, ast.Constant):
                status = node.value.value
        if status in COHERE_BODIES and cls:
            override, basis = COHERE_OVERRIDE.get(status, (None, None))
            headers = {"content-type": "application/json", "x-debug-trace-id": "3f1c0d9e8b7a6c5d"}
            text = (f"status_code: {status}, body: {COHERE_BODIES[status]}" if old else
                    f"headers: {headers}, status_code: {status}, body: {COHERE_BODIES[status]}")
            out.append(_rec(pkg, version, f"cohere.errors.{path.stem}.{cls}", status, "status", text, where,
                            override, basis))
    return out


def ollama(pkg: str, version: str, site: Path) -> list[dict]:
    where = _find_string(site, "ollama/_types.py", " (status code: {self.status_code})")
    out = []
    for status, (body, override, basis) in OLLAMA_BODIES.items():
        status = int(status)
        error = json.loads(body)["error"]
        out.append(_rec(pkg, version, "ollama._types.ResponseError", status, "status",
                        f"{error} (status code: {status})", where, override, basis))
    msg_where = _find_string(site, "ollama/_client.py", "Failed to connect to Ollama.")
    out.append(_rec(pkg, version, "ConnectionError", None, "transport",
                    "Failed to connect to Ollama. Please check that Ollama is downloaded, running and accessible. "
                    "https://ollama.com/download", msg_where, "deployment",
                    "the Ollama server not reachable (convention 2: connection refused)"))
    return out


def transport(pkg: str, version: str, site: Path) -> list[dict]:
    out = []
    for status in TRANSPORT_STATUSES:
        phrase = HTTPStatus(status).phrase
        override, basis = TRANSPORT_404 if status == 404 else (None, None)
        if pkg == "httpx":
            where = _find_string(site, "httpx/_models.py", "{error_type} '{0.status_code} {0.reason_phrase}' for url '{0.url}'")
            kind = "Client error" if status < 500 else "Server error"
            text = (f"{kind} '{status} {phrase}' for url '{TRANSPORT_URL}'\nFor more information check: "
                    f"https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{status}")
            cls = "httpx.HTTPStatusError"
        else:
            kind = "Client Error" if status < 500 else "Server Error"
            where = _find_string(site, "requests/models.py", f"{kind}: {{reason}} for url: {{self.url}}")
            text = f"{status} {kind}: {phrase} for url: {TRANSPORT_URL}"
            cls = "requests.exceptions.HTTPError"
        out.append(_rec(pkg, version, cls, status, "status", text, where, override, basis))
    return out


READERS = {"openai": stainless, "anthropic": stainless, "groq": stainless, "together": stainless,
           "google-genai": google_genai, "google-api-core": google_api_core, "botocore": botocore,
           "huggingface_hub": huggingface, "mistralai": mistral, "cohere": cohere, "ollama": ollama,
           "httpx": transport, "requests": transport}


def _rec(pkg, version, cls, status, kind, message, where, override, basis) -> dict:
    if override:
        category = override
    elif status in STATUS_LABEL:
        category, basis2 = STATUS_LABEL[status]
        basis = basis or basis2
    else:
        category = None
    if basis is None and status in LEFT_OUT:
        basis = LEFT_OUT[status]
    slug = re.sub(r"[^a-z0-9]+", "-", f"{pkg}-{version}-{cls.split('.')[-1]}-{status}-{kind}".lower()).strip("-")
    return {"id": slug, "sdk": pkg, "version": version, "class": cls, "status": status, "kind": kind,
            "message": message, "text": f"{cls}: {message}", "category": category, "basis": basis, "where": where}


def collect() -> list[dict]:
    out: list[dict] = []
    for pkg, version in SDKS:
        site = package_site(pkg, version)
        out += READERS[pkg](pkg, version, site)
    seen: set[str] = set()
    kept = []
    for r in out:
        if r["category"] is None or r["text"] in seen:
            continue
        seen.add(r["text"])
        kept.append(r)
    # Two messages of one class, status and kind (Anthropic's two APIConnectionError texts, Ollama's two 500 bodies)
    # would share a slug: the second and later ones get -2, -3, ... (ids are unique across the corpus files).
    count: Counter = Counter()
    for r in kept:
        count[r["id"]] += 1
        if count[r["id"]] > 1:
            r["id"] = f"{r['id']}-{count[r['id']]}"
    return kept


# ------------------------------------------------------------------------------------------- scoring


# --framed: the rendering as the last line of a short traceback through the SDK's raising frame (an app's
# frame first), as a paste of the whole exception shows it.
_FRAMED = ('Traceback (most recent call last):\n  File "/app/agent/llm.py", line 88, in complete\n'
           '    response = client.create(model=model, messages=messages)\n'
           '  File "/usr/local/lib/python3.11/site-packages/{package}/_client.py", line 1047, in request\n'
           '    raise error from None\n{text}')


def framed(rec: dict) -> str:
    return _FRAMED.format(package=rec["class"].split(".")[0], text=rec["text"])


def tally(t: Counter, report, want: str) -> bool:
    """Count one answer into `t` (n, right, per answer kind and kind right, wrong, wrong >= 0.8); True if right."""
    d = report.diagnosis
    ok = report.category == want
    kind = report.answer
    t["n"] += 1
    t["right"] += ok
    t[kind] += 1
    t[f"{kind} right"] += ok
    if not ok and kind != "unknown":
        t["wrong"] += 1
        if d and d.confidence >= 0.8:
            t["wrong >= 0.8"] += 1
    return ok


def miss(rec: dict, report) -> tuple:
    """A miss as the scorers list it: (record, category given, answer kind, rule, confidence)."""
    d = report.diagnosis
    return (rec, report.category, report.answer, d.rule_id if d else "-", d.confidence if d else 0)


def score(records: list[dict], show_misses: bool, frame: bool = False) -> dict:
    from litellm_doctor.diagnosis import diagnose

    t = Counter()
    per_sdk = defaultdict(Counter)
    misses = []
    for rec in records:
        report = diagnose(framed(rec) if frame else rec["text"])
        ok = tally(t, report, rec["category"])
        per_sdk[rec["sdk"]]["n"] += 1
        per_sdk[rec["sdk"]]["right"] += ok
        if not ok:
            misses.append(miss(rec, report))
    print(f"{t['right']}/{t['n']} right, {t['wrong']} wrong ({t['wrong >= 0.8']} at confidence >= 0.8), "
          f"{t['unknown']} unknown | rule {t['rule right']}/{t['rule']} | estimate {t['estimate right']}/{t['estimate']}")
    print("by SDK: " + ", ".join(f"{s} {c['right']}/{c['n']}" for s, c in sorted(per_sdk.items())))
    if show_misses:
        for rec, got, kind, rule, conf in misses:
            print(f"MISS want {rec['category']:<10} got {str(got):<10} ({kind} {rule} {conf:.2f}) "
                  f"{rec['text'][:150]!r}")
    return t


def score_variants(records: list[dict], show_misses: bool) -> None:
    """variants.py's families (the same error pasted another way: app wrappers, prefixes, wraps, cuts) applied to
    every rendering: the share that keeps its category, per family."""
    from variants import variants

    from litellm_doctor.diagnosis import diagnose

    per = defaultdict(Counter)
    misses = Counter()
    for rec in records:
        for family, text in variants(rec):
            report = diagnose(text)
            ok = report.category == rec["category"]
            per[family]["n"] += 1
            per[family]["right"] += ok
            if not ok:
                misses[(family, rec["id"], rec["category"], report.category, report.answer)] += 1
    n, right = sum(c["n"] for c in per.values()), sum(c["right"] for c in per.values())
    print(f"variants that keep the category: {right}/{n} = {right / n:.1%}")
    for family, c in sorted(per.items(), key=lambda kv: (kv[1]["right"] / kv[1]["n"], kv[0])):
        if c["right"] < c["n"]:
            print(f"  {family:<24} {c['right']}/{c['n']}")
    if show_misses:
        for (family, rid, want, got, kind), k in sorted(misses.items()):
            print(f"MISS [{family}] {rid}: want {want}, got {got} ({kind})")


# How the agent frameworks' shapes were pasted (forty-seventh pass): variants.py's families that change only the way
# of pasting, not the words.
_PASTE_FAMILIES = ("ansi", "crlf", "docker_compose", "kubectl_timestamps", "quoted", "hard_wrap", "word_wrap")


def score_framework_variants(records: list[dict], show_misses: bool) -> None:
    """Each agent framework's shape pasted another way (_PASTE_FAMILIES): the share that keeps the category and
    LiteLLM's status and provider, and how many of the misses LiteLLM's bare exception (for a `+proxy` shape, the
    OpenAI client's line) has too under that family."""
    import variants

    from litellm_doctor.diagnosis import diagnose

    def kept(report, want: str, ref: dict) -> bool:
        return report.category == want and all(report.facts.get(k) == ref.get(k) for k in _KEPT_FACTS)

    t, per, misses = Counter(), defaultdict(Counter), []
    for rec in records:
        inner = litellm_wrapped(rec)
        ref, proxy = diagnose(inner).facts, diagnose(proxy_reference(rec)).facts
        sdk = proxy_reference(rec)
        bare = {f: kept(diagnose(getattr(variants, f)(inner)), rec["category"], ref) for f in _PASTE_FAMILIES}
        bare_proxy = {f: kept(diagnose(getattr(variants, f)(sdk)), rec["category"], proxy) for f in _PASTE_FAMILIES}
        for shape, text in frameworks_in_front(rec):
            for family in _PASTE_FAMILIES:
                pasted = getattr(variants, family)(text)
                # (a log file or `docker logs` keeps the ANSI codes, and neither wraps the lines)
                if pasted == text or (shape == "app:adk_plugin_ansi" and family.endswith("wrap")):
                    continue
                report = diagnose(pasted)
                ok = kept(report, rec["category"], ref) or (shape in PROXY_APP_SHAPES and kept(report, rec["category"], proxy))
                t["n"] += 1
                t["ok"] += ok
                per[family]["n"] += 1
                per[family]["ok"] += ok
                if not ok:
                    per[family]["bare too"] += not (bare_proxy if shape in PROXY_APP_SHAPES else bare)[family]
                    misses.append((shape, family, rec["id"], rec["category"], report.category,
                                   {k: report.facts.get(k) for k in _KEPT_FACTS}))
    print(f"framework shapes pasted another way: {t['ok']}/{t['n']} keep the category, status and provider")
    for family, c in per.items():
        print(f"  {family:<20} {c['ok']}/{c['n']} ({c['n'] - c['ok'] - c['bare too']} misses of the framing's own, "
              f"{c['bare too']} that LiteLLM's bare exception has too)")
    if show_misses:
        for shape, family, rid, want, got, facts in misses:
            print(f"MISS [{shape} {family}] {rid}: want {want}, got {got} {facts}")


# --wrapped: the SDK's message inside LiteLLM's own exception, then inside the wrappers around that. LiteLLM's
# handlers that call a provider through its SDK (the OpenAI client for openai, azure and the OpenAI-compatible
# providers) raise `{Label}Exception` with the SDK exception's message (`Error code: 400 - {...}`), which the mapper
# prefixes `litellm.{class for the status}: ` (litellm_classes.status_class; a message without a status falls
# through to `litellm.APIConnectionError: `). The labels are LiteLLM's for the provider the SDK serves (the
# transports' under OpenAI's). The wrappers around it are variants.py's own functions, not copies: the
# mapper's fall-through, the proxy's 500 body as the OpenAI client prints it, the LiteLLM SDK calling that proxy
# (variants.rewrap_connection, proxy_500_body, sdk_via_proxy), and the apps' (aider's retry line, crewAI's
# `LiteLLM call failed:`, its unknown-error lines and its `LLM Error` panel, open-webui's `External:` and its
# JSON detail, dspy's parallelizer, OpenHands' agent controller). These are shapes, not captured pastes: only
# the OpenAI-compatible SDKs' messages reach LiteLLM's exception this way in LiteLLM itself (the corpus has
# `litellm.NotFoundError: OpenAIException - Error code: 404 - ...`); for the others it is an app's wrapper of
# the SDK's exception, with LiteLLM's wording. Last, what an app that calls the SDK itself prints: `str(exc)`,
# the SDK's message without its class (`Error code: 400 - {...}`), inside the same apps' wrappers (`str:` shapes),
# and crewAI's native providers' own wording (below).
_LITELLM_LABEL = {"openai": "OpenAI", "anthropic": "Anthropic", "groq": "Groq", "together": "Together_ai",
                  "google-genai": "VertexAI", "google-api-core": "VertexAI", "botocore": "Bedrock",
                  "huggingface_hub": "Huggingface", "mistralai": "Mistral", "cohere": "Cohere", "ollama": "Ollama",
                  "httpx": "OpenAI", "requests": "OpenAI"}
APP_WRAPPERS = ("crewai", "crewai_unknown", "crewai_error_panel", "openwebui_external", "openwebui_detail_json",
                "dspy_parallel_error", "openhands")
WRAPPERS = ("rewrap_connection", "proxy_500_body", "sdk_via_proxy", "aider") + APP_WRAPPERS


# crewAI 1.x's native providers call four of these SDKs themselves (crewai/llms/providers/*/completion.py, read
# from the crewai 1.15.30 wheel) and put the SDK's message in their own words: `logging.error(error_msg)` and the
# `LLM Call Failed` panel (`_emit_call_failed_event(error=error_msg)`, variants.crewai_error_panel) with
# `OpenAI API call failed: {e!s}`, `Anthropic API call failed: {e!s}`, `Google Gemini API error: {e.code} -
# {e.message}` (google-genai's APIError); Bedrock logs `AWS Bedrock ClientError ({error_code}): {error_msg}` and
# raises its own exception per error code (`if error_code == "X": raise Y(f"...: {error_msg}")`, read with ast),
# which ends the traceback. `crewai_native:*` shapes, for those four SDKs only.
CREWAI = ("crewai", "1.15.30")
_CREWAI_FORMS = {"openai": ("crewai/llms/providers/openai/completion.py", "OpenAI API call failed: {e}"),
                 "anthropic": ("crewai/llms/providers/anthropic/completion.py", "Anthropic API call failed: {e}"),
                 "google-genai": ("crewai/llms/providers/gemini/completion.py", "Google Gemini API error: {e.code} - {e.message}"),
                 "botocore": ("crewai/llms/providers/bedrock/completion.py", "AWS Bedrock ClientError ({error_code}): {error_msg}")}
_BEDROCK_MODEL_ID = "anthropic.claude-3-5-sonnet-20240620-v1:0"


def _crewai_bedrock_raises(site: Path) -> dict[str, tuple[str, str]]:
    """error code -> (exception class, its f-string with {error_msg} and {self.model_id}): the last raise under each
    `if error_code == "X":` of the ClientError handler, and the fall-through's under "*"."""
    out = {}
    for node in ast.walk(_tree(site, _CREWAI_FORMS["botocore"][0])):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and isinstance(node.test.left, ast.Name) \
                and node.test.left.id == "error_code" and isinstance(node.test.comparators[0], ast.Constant):
            raises = [n for n in node.body if isinstance(n, ast.Raise)]
            call = raises[-1].exc if raises else None
            if isinstance(call, ast.Call) and isinstance(call.args[0], ast.JoinedStr):
                pieces = "".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"
                                 for v in call.args[0].values)
                out.setdefault(node.test.comparators[0].value, (call.func.id, pieces))
    if not out:
        raise SystemExit("crewai's bedrock provider changed: no `if error_code == ...: raise` found")
    return out


def crewai_native(rec: dict) -> list[tuple[str, str]]:
    import variants

    if rec["sdk"] not in _CREWAI_FORMS:
        return []
    site = package_site(*CREWAI)
    rel, form = _CREWAI_FORMS[rec["sdk"]]
    _find_string(site, rel, form)
    if rec["sdk"] in ("openai", "anthropic"):
        msg = form.replace("{e}", rec["message"])
    elif rec["sdk"] == "google-genai":
        m = re.search(r"'message': '((?:[^'\\]|\\.)*)'", rec["message"])
        if not m or not rec["status"]:
            return []
        msg = form.replace("{e.code}", str(rec["status"])).replace("{e.message}", m.group(1))
    else:
        code = rec["class"].rsplit(".", 1)[-1]
        error_msg = rec["message"].split(" operation: ", 1)[-1]
        msg = form.replace("{error_code}", code).replace("{error_msg}", error_msg)
        cls, raised = _crewai_bedrock_raises(site).get(code, (None, None))
        if cls is None:
            return []
        raised = raised.replace("{error_msg}", error_msg).replace("{self.model_id}", _BEDROCK_MODEL_ID)
        return [("crewai_native:log+raise", f"ERROR:root:{msg}\nTraceback (most recent call last):\n"
                 f'  File "/usr/local/lib/python3.11/site-packages/{rel}", line 1, in _handle_converse\n{rec["text"]}\n\nThe above exception '
                 f"was the direct cause of the following exception:\n\n{cls}: {raised}"),
                ("crewai_native:raised", f"{cls}: {raised}")]
    return [("crewai_native:log", f"ERROR:root:{msg}"), ("crewai_native:panel", variants.crewai_error_panel(msg))]


# Apps in front (forty-second pass, issue #9): more apps that call LiteLLM (its SDK, or the proxy through an
# OpenAI-compatible client) and print or re-raise its error in their own words. Each wording is read from the
# app's release (package_site / npm_package; the script fails if a wording is gone) and cited by file:line in
# `app_forms()`. `inner` is LiteLLM's exception as str() prints it (litellm_wrapped); apps that call the proxy
# get the proxy's answer to it instead, `{"error": {"message": inner, "type": None, "param": None, "code":
# "<status>"}}` (the status LiteLLM's class carries; 500 for the fall-through APIConnectionError), as their
# client reads it. Shapes (`app:*`):
#
# - smolagents 1.26.0 (LiteLLMModel): agents.py:1700 CodeAgent `raise AgentGenerationError(f"Error in generating
#   model output:\n{e}", ...)`, :1325 ToolCallingAgent `f"Error while generating output:\n{e}"`; the class is
#   smolagents.utils.AgentGenerationError (utils.py:134).
# - pydantic-ai 2.78.0 (LiteLLMProvider: the OpenAI client against the proxy): exceptions.py:1159
#   `f'status_code: {status_code}, model_name: {model_name}, body: {body}'` with openai's `e.body` (the error
#   object), raised as the class of its category (`_CategorizedHTTPError.__init_subclass__` takes the category's
#   name; `_model_errors.openai_compatible_category` -> `http_status_category`, _model_errors.py:48-74, the
#   context-window phrases :107); 1.x raised the same message as `ModelHTTPError`.
# - browser-use 0.13.14 (ChatLiteLLM): llm/litellm/chat.py:156-185 re-raises as ModelRateLimitError(str(e)),
#   ModelProviderError(f'Request timed out: {e}') or ModelProviderError(str(e)); the agent logs it
#   (agent/service.py:1299-1311) `❌ Result failed {n}/{max} times: {error}` through `%(levelname)-8s [%(name)s]
#   %(message)s` (logging_config.py:131 and :303, the Agent logger's name shortened to `Agent`).
# - instructor 1.17.0 (from_litellm): v2/core/retry.py:308 `API call failed on attempt {n}: {e}`, :426
#   `Max retries exceeded. Total attempts: {n}, Last error: {e}`, :434 `raise InstructorRetryException(str(e),
#   ...)` (v2/core/errors.py:188; with no failed parse attempts its str() is the message alone, :71-74).
# - mini-swe-agent 2.4.6 (LitellmModel): models/litellm_model.py:72-74 appends " You can permanently set your
#   API key with `mini-extra config set KEY VALUE`." to an AuthenticationError; every class not in its abort list
#   (:50-58) is retried by tenacity (models/utils/retry.py:19-25), whose before_sleep_log (tenacity 9.2.1
#   before_sleep.py:47-55) logs `Retrying <unknown> in 4 seconds as it raised {Class}: {e}.`
# - agno 3.1.10 (models.litellm.LiteLLM): agent/_run.py:735 `Attempt {n}/{m} failed. Retrying in {d}s...: {e}`
#   and :746 `Error in Agent run: {e}`, through `%(levelname)-7s %(message)s` (utils/log.py:105).
# - Vercel AI SDK (`ai` 7.0.185 with @ai-sdk/openai-compatible 3.0.97 against the proxy): the message is the
#   body's `error.message` (openai-compatible-error.ts:28 `errorToMessage: data => data.error.message`), the
#   error `AI_APICallError` (@ai-sdk/provider 4.0.39 errors/api-call-error.ts:3), retried when 408, 409, 429 or
#   >= 500 (:29-32) and then `AI_RetryError` (retry-error.ts:3) `Failed after ${tryNumber} attempts. Last error:
#   ${errorMessage}` (@ai-sdk/provider-utils 5.0.86 retry-with-exponential-backoff.ts:103).
APPS = {"smolagents": ("smolagents", "1.26.0"), "pydantic-ai": ("pydantic-ai-slim", "2.78.0"),
        "browser-use": ("browser-use", "0.13.14"), "instructor": ("instructor", "1.17.0"),
        "mini-swe-agent": ("mini-swe-agent", "2.4.6"), "tenacity": ("tenacity", "9.2.1"), "agno": ("agno", "3.1.10")}
NPM_APPS = {"@ai-sdk/provider": "4.0.39", "@ai-sdk/openai-compatible": "3.0.97", "@ai-sdk/provider-utils": "5.0.86",
            "ai": "7.0.185"}
_APP_MODEL = "gpt-4o"
_CLASS_STATUS = {"AuthenticationError": 401, "PaymentRequiredError": 402, "PermissionDeniedError": 403,
                 "NotFoundError": 404, "Timeout": 408, "RateLimitError": 429, "InternalServerError": 500,
                 "BadGatewayError": 502, "ServiceUnavailableError": 503, "BadRequestError": 400,
                 "APIConnectionError": 500}
_PYDANTIC_CATEGORY = {408: "ModelTimeoutError", 401: "ModelAuthenticationError", 403: "ModelAuthenticationError",
                      404: "ModelNotFoundError", 400: "ModelRequestRejectedError", 413: "ModelRequestRejectedError",
                      422: "ModelRequestRejectedError", 402: "ModelQuotaExceededError", 429: "ModelRateLimitError",
                      529: "ModelOverloadedError"}


def _find_text(site: Path, rel: str, needle: str) -> str:
    """`rel:line` of the first line of a (JS/TS) source file holding `needle`; fails if the release lacks it."""
    for i, line in enumerate((site / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{rel}:{i}"
    raise SystemExit(f"{site}: {rel} has no line holding {needle!r}: the app changed its wording")


def app_forms() -> dict[str, str]:
    """Every app wording the `app:*` shapes use -> where it is (file:line), checked in the releases read."""
    sites = {k: package_site(*v) for k, v in APPS.items()}
    js = {k: npm_package(k, v) for k, v in NPM_APPS.items()}
    return {
        "smolagents code": "smolagents 1.26.0 " + _find_string(sites["smolagents"], "smolagents/agents.py", "Error in generating model output:\n{e}"),
        "smolagents toolcalling": "smolagents 1.26.0 " + _find_string(sites["smolagents"], "smolagents/agents.py", "Error while generating output:\n{e}"),
        "smolagents class": "smolagents 1.26.0 " + _find_code(sites["smolagents"], "smolagents/utils.py", "class AgentGenerationError(AgentError):"),
        "pydantic-ai message": "pydantic-ai-slim 2.78.0 " + _find_string(sites["pydantic-ai"], "pydantic_ai/exceptions.py", "status_code: {status_code}, model_name: {model_name}, body: {body}"),
        "pydantic-ai category name": "pydantic-ai-slim 2.78.0 " + _find_code(sites["pydantic-ai"], "pydantic_ai/exceptions.py", "cls.__name__ = cls.category.__name__"),
        "pydantic-ai status category": "pydantic-ai-slim 2.78.0 " + _find_code(sites["pydantic-ai"], "pydantic_ai/_model_errors.py", "def http_status_category("),
        "pydantic-ai context phrases": "pydantic-ai-slim 2.78.0 " + _find_string(sites["pydantic-ai"], "pydantic_ai/_model_errors.py", "reduce the length of the messages"),
        "browser-use rate": "browser-use 0.13.14 " + _find_code(sites["browser-use"], "browser_use/llm/litellm/chat.py", "raise ModelRateLimitError("),
        "browser-use timeout": "browser-use 0.13.14 " + _find_string(sites["browser-use"], "browser_use/llm/litellm/chat.py", "Request timed out: {e}"),
        "browser-use log": "browser-use 0.13.14 " + _find_string(sites["browser-use"], "browser_use/agent/service.py", "❌ Result failed {self.state.consecutive_failures + 1}/{max_total_failures} times: "),
        "browser-use format": "browser-use 0.13.14 " + _find_string(sites["browser-use"], "browser_use/logging_config.py", "%(levelname)-8s [%(name)s] %(message)s"),
        "instructor attempt": "instructor 1.17.0 " + _find_string(sites["instructor"], "instructor/v2/core/retry.py", "API call failed on attempt {attempt_number}: {e}"),
        "instructor max": "instructor 1.17.0 " + _find_string(sites["instructor"], "instructor/v2/core/retry.py", "Max retries exceeded. Total attempts: {last_attempt_number}, "),
        "instructor class": "instructor 1.17.0 " + _find_code(sites["instructor"], "instructor/v2/core/errors.py", "class InstructorRetryException(InstructorError):"),
        "mini-swe-agent auth": "mini-swe-agent 2.4.6 " + _find_string(sites["mini-swe-agent"], "minisweagent/models/litellm_model.py", " You can permanently set your API key with `mini-extra config set KEY VALUE`."),
        "mini-swe-agent retry": "mini-swe-agent 2.4.6 " + _find_code(sites["mini-swe-agent"], "minisweagent/models/utils/retry.py", "before_sleep=before_sleep_log(logger, logging.WARNING)"),
        "tenacity before_sleep": "tenacity 9.2.1 " + _find_string(sites["tenacity"], "tenacity/before_sleep.py", "in {sec_format % retry_state.next_action.sleep} seconds as it {verb} {value}."),
        "agno retry": "agno 3.1.10 " + _find_string(sites["agno"], "agno/agent/_run.py", "Attempt {attempt + 1}/{num_attempts} failed. Retrying in {delay}s...: {str(e)}"),
        "agno error": "agno 3.1.10 " + _find_string(sites["agno"], "agno/agent/_run.py", "Error in Agent run: {str(e)}"),
        "agno format": "agno 3.1.10 " + _find_string(sites["agno"], "agno/utils/log.py", "%(levelname)-7s %(message)s"),
        "agno openai rate": "agno 3.1.10 " + _find_string(sites["agno"], "agno/models/openai/chat.py", "Rate limit error from OpenAI API: {str(e)}"),
        "agno openai status": "agno 3.1.10 " + _find_string(sites["agno"], "agno/models/openai/chat.py", "API status error from OpenAI API: {str(e)}"),
        "browser-use openai": "browser-use 0.13.14 " + _find_code(sites["browser-use"], "browser_use/llm/openai/chat.py", "raise ModelProviderError(message=e.message, status_code=e.status_code"),
        "ai-sdk message": "@ai-sdk/openai-compatible 3.0.97 " + _find_text(js["@ai-sdk/openai-compatible"], "src/openai-compatible-error.ts", "errorToMessage: data => data.error.message"),
        "ai-sdk APICallError": "@ai-sdk/provider 4.0.39 " + _find_text(js["@ai-sdk/provider"], "src/errors/api-call-error.ts", "const name = 'AI_APICallError';"),
        "ai-sdk retryable": "@ai-sdk/provider 4.0.39 " + _find_text(js["@ai-sdk/provider"], "src/errors/api-call-error.ts", "statusCode === 429"),
        "ai-sdk RetryError": "ai 7.0.185 " + _find_text(js["ai"], "src/util/retry-error.ts", "const name = 'AI_RetryError';"),
        "ai-sdk retry message": "@ai-sdk/provider-utils 5.0.86 " + _find_text(js["@ai-sdk/provider-utils"], "src/retry-with-exponential-backoff.ts", "message: `Failed after ${tryNumber} attempts. Last error: ${errorMessage}`"),
        **coding_agents.forms(),  # forty-sixth pass: the coding agents (coding_agents.py)
        **coding_agents.more_forms(),  # fifty-second pass: Cline, opencode, the retry lines (coding_agents.py)
        **more_apps.forms(),  # fifty-ninth pass: n8n, Semantic Kernel, Haystack, LangChain.js, AutoGen (more_apps.py)
    }


def apps_present() -> bool:
    """Whether the apps' releases are already unpacked (the tests do not download them)."""
    from harvest_templates import WHEELS

    return all((WHEELS / f"{p}-{v}" / "site").is_dir() for p, v in APPS.values()) and all(
        (WHEELS / f"npm-{p.replace('/', '__')}-{v}" / "package").is_dir() for p, v in NPM_APPS.items())


# The app:* shapes of apps that call the proxy (not LiteLLM's SDK): their facts may be LiteLLM's exception's (the
# upstream's status, which the message states) or those of the OpenAI client's rendering of the same answer
# (proxy_reference: the proxy's status, the one the app saw); the other app:* shapes', LiteLLM's exception's.
PROXY_APP_SHAPES = ("app:pydantic_ai", "app:pydantic_ai_1x", "app:ai_sdk", "app:ai_sdk_retry", "app:ai_sdk_console",
                    "app:smolagents_code+proxy", "app:browser_use_log+proxy", "app:instructor_raised+proxy",
                    "app:agno_openai+proxy") + coding_agents.SHAPES + coding_agents.MORE_SHAPES + more_apps.SHAPES
_OPENAI_CLASS = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError",
                 409: "ConflictError", 422: "UnprocessableEntityError", 429: "RateLimitError"}


def proxy_answer(rec: dict) -> tuple[int, dict]:
    """(status, error object) of the proxy's answer to the record's LiteLLM exception: the status of LiteLLM's
    class (litellm/exceptions.py: 400 for every BadRequestError, 408 for Timeout, 500 for APIConnectionError;
    APIError keeps the provider's), the message its str()."""
    from litellm_doctor.diagnosis.litellm_classes import status_class

    cls = status_class(rec["status"]) if rec["status"] else "APIConnectionError"
    status = _CLASS_STATUS.get(cls, rec["status"] or 500)
    return status, {"message": litellm_wrapped(rec), "type": None, "param": None, "code": str(status)}


def proxy_reference(rec: dict) -> str:
    """The same answer as the OpenAI client prints it (openai/_client.py _make_status_error, _base_client.py)."""
    status, body = proxy_answer(rec)
    cls = _OPENAI_CLASS.get(status) or ("InternalServerError" if status >= 500 else "APIStatusError")
    return f"openai.{cls}: Error code: {status} - {({'error': body})}"


def apps_in_front(rec: dict, cuts: bool = False) -> list[tuple[str, str]]:
    """(shape, text) for the apps above, from the record's LiteLLM exception (module comment above APPS)."""
    from litellm_doctor.diagnosis.litellm_classes import status_class

    status = rec["status"]
    cls = status_class(status) if status else "APIConnectionError"
    inner = litellm_wrapped(rec)
    proxy_status, body = proxy_answer(rec)
    low = inner.lower()
    if any(p in low for p in ("maximum context length", "reduce the length of the messages", "exceeded max context length")):
        category = "ModelContextWindowExceededError"
    elif proxy_status == 503:
        category = "ModelOverloadedError" if ("overloaded" in low or "over capacity" in low) else "ModelUnavailableError"
    else:
        category = _PYDANTIC_CATEGORY.get(proxy_status) or ("ModelServerError" if proxy_status >= 500 else "ModelHTTPError")
    pyd = f"status_code: {proxy_status}, model_name: {_APP_MODEL}, body: {body}"
    if cls == "RateLimitError":
        bu_cls, bu_msg = "ModelRateLimitError", inner
    elif cls == "Timeout":
        bu_cls, bu_msg = "ModelProviderError", f"Request timed out: {inner}"
    else:
        bu_cls, bu_msg = "ModelProviderError", inner
    out = [
        ("app:smolagents_code", f"smolagents.utils.AgentGenerationError: Error in generating model output:\n{inner}"),
        ("app:smolagents_toolcalling", f"smolagents.utils.AgentGenerationError: Error while generating output:\n{inner}"),
        ("app:pydantic_ai", f"pydantic_ai.exceptions.{category}: {pyd}"),
        ("app:pydantic_ai_1x", f"pydantic_ai.exceptions.ModelHTTPError: {pyd}"),
        ("app:browser_use_log", f"WARNING  [Agent] ❌ Result failed 1/4 times: {bu_msg}"),
        ("app:browser_use_raised", f"browser_use.llm.exceptions.{bu_cls}: {bu_msg}"),
        ("app:instructor_log", f"API call failed on attempt 1: {inner}\nMax retries exceeded. Total attempts: 1, "
                               f"Last error: {inner}"),
        ("app:instructor_raised", f"instructor.v2.core.errors.InstructorRetryException: {inner}"),
        ("app:agno_retry", f"WARNING Attempt 1/3 failed. Retrying in 1s...: {inner}"),
        ("app:agno_error", f"ERROR   Error in Agent run: {inner}"),
    ]
    # mini-swe-agent aborts on these classes (litellm_model.py:50-58) and retries every other one.
    if cls == "AuthenticationError":
        out.append(("app:mini_swe_agent_auth", f"litellm.exceptions.AuthenticationError: {inner} You can permanently "
                                               "set your API key with `mini-extra config set KEY VALUE`."))
    elif cls not in ("NotFoundError", "PermissionDeniedError") and category != "ModelContextWindowExceededError":
        out.append(("app:mini_swe_agent_retry", f"Retrying <unknown> in 4 seconds as it raised {cls}: {inner}."))
    # The same apps with their OpenAI-client model against the proxy (`+proxy` shapes): the OpenAI client's str(e),
    # `Error code: N - {'error': {...}}` (proxy_reference without the class), in the app's words; agno's OpenAIChat
    # logs it (models/openai/chat.py:434 `Rate limit error from OpenAI API: {str(e)}`, :454 `API status error from
    # OpenAI API: {str(e)}`) and re-raises the body's message alone, `ModelProviderError(message=error_message)`
    # (:444, :470), which the agent then logs as above (`Error in Agent run: {e}`); browser-use's ChatOpenAI raises
    # `ModelProviderError(message=e.message)` (llm/openai/chat.py:314, :320), openai's message being its str().
    sdk_str = proxy_reference(rec).split(": ", 1)[1]
    agno_head = "Rate limit error" if proxy_status == 429 else "API status error"
    out += [
        ("app:smolagents_code+proxy", f"smolagents.utils.AgentGenerationError: Error in generating model output:\n{sdk_str}"),
        ("app:browser_use_log+proxy", f"WARNING  [Agent] ❌ Result failed 1/4 times: {sdk_str}"),
        ("app:instructor_raised+proxy", f"instructor.v2.core.errors.InstructorRetryException: {sdk_str}"),
        ("app:agno_openai+proxy", f"ERROR   {agno_head} from OpenAI API: {sdk_str}\nERROR   Error in Agent run: {inner}"),
    ]
    # As pasted from a terminal: smolagents' chained traceback (`raise AgentGenerationError(...) from e`: LiteLLM's
    # exception, its class path first, then the app's), and agno's rich handler on a terminal (utils/log.py:93-100,
    # RichHandler without time or path: the level column, 9 characters, then the message word-wrapped at 80 columns,
    # continuation lines indented to the message's column).
    out.append(("app:smolagents_traceback", _SMOLAGENTS_TRACEBACK.format(cls=cls, inner=inner)))
    out.append(("app:agno_rich", _rich_log("ERROR", f"Error in Agent run: {inner}")))
    # instructor with an earlier parse failure: its str() is the failed_attempts template (v2/core/errors.py:76-100,
    # jinja2 without trim_blocks: the `{% %}` lines leave blank lines), the API error as the last exception.
    out.append(("app:instructor_attempts", _INSTRUCTOR_ATTEMPTS.format(inner=inner)))
    retried = proxy_status in (408, 409, 429) or proxy_status >= 500
    if retried:
        out.append(("app:ai_sdk_retry", f"AI_RetryError: Failed after 3 attempts. Last error: {inner}"))
    else:
        out.append(("app:ai_sdk", f"AI_APICallError: {inner}"))
    # Node's console.error(error): the stack, then the error's own fields (APICallError's constructor,
    # api-call-error.ts: url, requestBodyValues, statusCode, responseHeaders, responseBody, isRetryable, data).
    response_body = json.dumps({"error": body}, separators=(",", ":"))
    out.append(("app:ai_sdk_console", _AI_SDK_CONSOLE.format(
        message=inner, status=proxy_status, body=_js_string(response_body), retryable=str(retried).lower(),
        data_message=_js_string(inner), code=_js_string(str(proxy_status)))))
    # The coding agents in front of the proxy (forty-sixth pass, coding_agents.py), when their releases are there.
    if coding_agents.present():
        out += coding_agents.shapes(proxy_status, inner)
    # More coding agents and their retry lines (fifty-second pass, coding_agents.py), when their releases are there.
    # (`cuts`: also the retry lines that cut the message at 80 characters, coding_agents.CUT_SHAPES.)
    if coding_agents.more_present():
        out += coding_agents.more_shapes(proxy_status, inner, cuts=cuts)
    # n8n, Semantic Kernel, Haystack, LangChain.js, AutoGen in front of the proxy (fifty-ninth pass, more_apps.py).
    if more_apps.present():
        out += more_apps.shapes(rec)
    return out


_SMOLAGENTS_TRACEBACK = """Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/smolagents/agents.py", line 1680, in _step_stream
    chat_message: ChatMessage = self.model.generate(
  File "/usr/local/lib/python3.12/site-packages/smolagents/models.py", line 1145, in generate
    response = self.client.completion(**completion_kwargs)
  File "/usr/local/lib/python3.12/site-packages/litellm/utils.py", line 1343, in wrapper
    raise e
litellm.exceptions.{cls}: {inner}

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/run_agent.py", line 14, in <module>
    agent.run("Summarise the open issues")
  File "/usr/local/lib/python3.12/site-packages/smolagents/agents.py", line 1700, in _step_stream
    raise AgentGenerationError(f"Error in generating model output:\\n{{e}}", self.logger) from e
smolagents.utils.AgentGenerationError: Error in generating model output:
{inner}"""


def _rich_log(level: str, message: str, width: int = 80) -> str:
    import textwrap

    lines = textwrap.wrap(message, width - 9, break_long_words=True, break_on_hyphens=False) or [""]
    return "\n".join((f"{level:<8} " if i == 0 else " " * 9) + line for i, line in enumerate(lines))


_INSTRUCTOR_ATTEMPTS = """<failed_attempts>

<generation number="1">
<exception>
    1 validation error for UserDetail
age
  Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='twenty', input_type=str]
    For further information visit https://errors.pydantic.dev/2.11/v/int_parsing
</exception>
<completion>
    ModelResponse(id='chatcmpl-9f3c2a', created=1764990000, model='gpt-4o', object='chat.completion', choices=[Choices(finish_reason='stop', index=0, message=Message(content='{{"name": "Jason", "age": "twenty"}}', role='assistant'))])
</completion>
</generation>

</failed_attempts>

<last_exception>
    {inner}
</last_exception>"""
_AI_SDK_CONSOLE = """AI_APICallError: {message}
    at file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:1007:14
    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)
    at async postToApi (file:///app/node_modules/@ai-sdk/provider-utils/dist/index.mjs:880:28)
    at async OpenAICompatibleChatLanguageModel.doGenerate (file:///app/node_modules/@ai-sdk/openai-compatible/dist/index.mjs:402:50) {{
  cause: undefined,
  url: 'http://localhost:4000/v1/chat/completions',
  requestBodyValues: {{
    model: 'gpt-4o',
    messages: [ [Object] ],
    max_tokens: undefined,
    temperature: undefined
  }},
  statusCode: {status},
  responseHeaders: {{
    'content-type': 'application/json',
    date: 'Sun, 06 Dec 2026 02:10:00 GMT',
    server: 'uvicorn'
  }},
  responseBody: {body},
  isRetryable: {retryable},
  data: {{
    error: {{
      message: {data_message},
      type: null,
      param: null,
      code: {code}
    }}
  }},
  [Symbol(vercel.ai.error)]: true,
  [Symbol(vercel.ai.error.AI_APICallError)]: true
}}"""


def _js_string(value: str) -> str:
    """A string as Node's util.inspect prints it: single quotes, or double quotes when it holds a single quote
    and no double quote, else backticks; escapes only what the chosen quote needs."""
    if "'" not in value:
        return "'" + value.replace("\\", "\\\\").replace("\n", "\\n") + "'"
    if '"' not in value:
        return '"' + value.replace("\\", "\\\\").replace("\n", "\\n") + '"'
    if "`" not in value:
        return "`" + value.replace("\\", "\\\\").replace("\n", "\\n") + "`"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


# Agent frameworks in front (forty-seventh pass, issue #9): the agent frameworks with a LiteLLM integration that
# the forty-second pass did not read, from their latest releases on PyPI (package_site; nothing imported or run).
# How a LiteLLM exception reaches the user in each (the wordings are cited by file:line in `framework_forms()`,
# which fails if one is gone):
#
# - Google ADK 2.13.0 (google.adk.models.lite_llm.LiteLlm): the model calls `acompletion` with no handler
#   (models/lite_llm.py:4631); the flow hands the error to the `on_model_error_callback`s and re-raises it unchanged
#   when none answers (flows/llm_flows/core/_finalizer.py:429). Its API server (`adk web`, `adk api_server`) logs it,
#   `logger.exception("Error in event_generator: %s", e)` (cli/api_server.py:2335) through its
#   `'%(asctime)s - %(levelname)s - %(filename)s:%(lineno)d - %(message)s'` (cli/utils/logs.py:26), and sends the
#   browser `data: {json.dumps({'error': f'{type(e).__name__}: {e}', 'error_details': {...}})}` (:2350), the
#   details' `error_type`, `error_message` (str(e)) and `timestamp` (:2336-2340). Its LoggingPlugin prints
#   `[logging_plugin] 🧠 LLM ERROR` / `   Agent: ...` / `   Error: {error}` (plugins/logging_plugin.py:352-354,
#   `_log` :387 `[{self.name}] {message}` in grey ANSI codes, which a terminal copy drops). `adk run AGENT QUERY`
#   (run_once_cli) prints `Error: {e}` in red on stderr (cli/cli.py:805).
# - Strands Agents 1.62.0 (strands.models.litellm.LiteLLMModel): every LiteLLM error but ContextWindowExceededError
#   leaves the model unchanged (models/litellm.py:356 catches only that one) and the event loop re-raises it as
#   `EventLoopException(e) from e` (event_loop/event_loop.py:425), whose str() is str(e) (types/exceptions.py:17),
#   after `logger.error("exception=<%s> | event loop cycle failed", type(e).__name__)` (:423, :731; no message); shown
#   here as the chained traceback's end and as the raised line. (A ContextWindowExceededError becomes
#   ContextWindowOverflowException(e) (models/litellm.py:358), which the conversation manager handles; not
#   rendered: the records' LiteLLM class is the status's, never ContextWindowExceededError.)
# - mem0ai 2.2.1 (mem0.llms.litellm): Memory.add's extraction call logs `LLM extraction failed: {e}` at ERROR
#   (memory/main.py:970, logger `mem0.memory.main`) and raises `LLMError(f"LLM extraction failed: {e}") from e`
#   (:971; LLMError's str() is its message, exceptions.py:80).
# - llama-index-llms-litellm 0.8.0: `completion_with_retry` retries Timeout, APIError, APIConnectionError,
#   RateLimitError and ServiceUnavailableError (llama_index/llms/litellm/utils.py:51-55; max_retries defaults to
#   10, base.py:129) with tenacity's before_sleep_log at WARNING (:57): `Retrying {fn} in 4 seconds as it raised
#   {Class}: {e}.` (tenacity 9.2.1 before_sleep.py:54; the first wait is wait_exponential's min, 4), then re-raises
#   LiteLLM's exception unchanged.
# - langchain-litellm 0.11.2 (ChatLiteLLM): the same retry line for Timeout, APIError, APIConnectionError and
#   RateLimitError (chat_models/litellm.py:987-991) through langchain-core 1.8.4's create_base_retry_decorator
#   (language_models/llms.py:95, logger `langchain_core.language_models.llms`) when `max_retries` >= 2 (default
#   1, :1502: no retry, the exception unchanged); `ChatLiteLLMException` (:951) is raised nowhere.
# The log lines use logging's default format (`%(levelname)s:%(name)s:%(message)s`, basicConfig with no format):
# these libraries configure none. Not rendered, because the error reaches the user unchanged: the OpenAI Agents SDK
# 0.24.0 (agents/extensions/models/litellm_model.py calls litellm with no handler; its retry line is DEBUG and
# names no error, run_internal/model_retry.py:669), deepeval 4.3.1 (`LITELLM_ERROR_POLICY = None`,
# models/retry_policy.py:966: no retry, no log), and ADK without its API server or plugin.
FRAMEWORKS = {"google-adk": ("google-adk", "2.13.0"), "strands": ("strands-agents", "1.62.0"),
              "mem0": ("mem0ai", "2.2.1"), "llama-index": ("llama-index-llms-litellm", "0.8.0"),
              "langchain-litellm": ("langchain-litellm", "0.11.2"), "langchain-core": ("langchain-core", "1.8.4"),
              "openai-agents": ("openai-agents", "0.24.0"), "deepeval": ("deepeval", "4.3.1")}
_LLAMA_INDEX_RETRIED = ("Timeout", "APIError", "APIConnectionError", "RateLimitError", "ServiceUnavailableError")
_LANGCHAIN_RETRIED = ("Timeout", "APIError", "APIConnectionError", "RateLimitError")


@functools.lru_cache(maxsize=1)
def framework_forms() -> dict[str, str]:
    """Every wording the agent frameworks' `app:*` shapes use -> where it is (file:line), checked in the releases."""
    s = {k: package_site(*v) for k, v in FRAMEWORKS.items()}

    def at(key: str, where: str) -> str:
        return f"{FRAMEWORKS[key][0]} {FRAMEWORKS[key][1]} {where}"

    adk, strands = "google/adk/", "strands/"
    return {
        "adk call": at("google-adk", _find_code(s["google-adk"], adk + "models/lite_llm.py", "response = await self.llm_client.acompletion(**completion_args)")),
        "adk re-raise": at("google-adk", _find_code(s["google-adk"], adk + "flows/llm_flows/core/_finalizer.py", "raise model_error")),
        "adk server log": at("google-adk", _find_string(s["google-adk"], adk + "cli/api_server.py", "Error in event_generator: %s")),
        "adk server sse": at("google-adk", _find_string(s["google-adk"], adk + "cli/api_server.py", "{json.dumps({'error': f'{type(original_exc).__name__}: {original_exc}', 'error_details': error_details})}")),
        "adk server details": at("google-adk", _find_string(s["google-adk"], adk + "cli/api_server.py", "error_message")),
        "adk run once": at("google-adk", _find_string(s["google-adk"], adk + "cli/cli.py", "Error: {e}")),
        "adk log format": at("google-adk", _find_string(s["google-adk"], adk + "cli/utils/logs.py", "%(asctime)s - %(levelname)s - %(filename)s:%(lineno)d - %(message)s")),
        "adk plugin error": at("google-adk", _find_string(s["google-adk"], adk + "plugins/logging_plugin.py", "🧠 LLM ERROR")),
        "adk plugin line": at("google-adk", _find_string(s["google-adk"], adk + "plugins/logging_plugin.py", "   Error: {error}")),
        "adk plugin prefix": at("google-adk", _find_string(s["google-adk"], adk + "plugins/logging_plugin.py", "[{self.name}] {message}")),
        "strands catch": at("strands", _find_code(s["strands"], strands + "models/litellm.py", "except ContextWindowExceededError as e:")),
        "strands call": at("strands", _find_code(s["strands"], strands + "models/litellm.py", "async for chunk in self._handle_non_streaming_response(litellm_request):")),
        "strands log": at("strands", _find_string(s["strands"], strands + "event_loop/event_loop.py", "exception=<%s> | event loop cycle failed")),
        "strands raise": at("strands", _find_code(s["strands"], strands + "event_loop/event_loop.py", "raise EventLoopException(e, invocation_state[\"request_state\"]) from e")),
        "strands openai throttled": at("strands", _find_code(s["strands"], strands + "models/openai.py", "raise ModelThrottledException(str(error)) from error")),
        "strands overflow phrases": at("strands", _find_string(s["strands"], strands + "models/_openai_errors.py", "input length and `max_tokens` exceed context limit")),
        "strands str": at("strands", _find_code(s["strands"], strands + "types/exceptions.py", "super().__init__(str(original_exception))")),
        "mem0 log+raise": at("mem0", _find_string(s["mem0"], "mem0/memory/main.py", "LLM extraction failed: {e}")),
        "mem0 openai call": at("mem0", _find_code(s["mem0"], "mem0/llms/openai.py", "response = self.client.chat.completions.create(**params)")),
        "adk sse stacktrace": at("google-adk", _find_string(s["google-adk"], adk + "cli/api_server.py", "stacktrace")),
        "mem0 class": at("mem0", _find_code(s["mem0"], "mem0/exceptions.py", "class LLMError(MemoryError):")),
        "llama-index retried": at("llama-index", _find_code(s["llama-index"], "llama_index/llms/litellm/utils.py", "retry_if_exception_type(litellm.exceptions.ServiceUnavailableError)")),
        "llama-index log": at("llama-index", _find_code(s["llama-index"], "llama_index/llms/litellm/utils.py", "before_sleep=before_sleep_log(logger, logging.WARNING)")),
        "llama-index default": at("llama-index", _find_code(s["llama-index"], "llama_index/llms/litellm/base.py", "max_retries: int = 10,")),
        "langchain-litellm retried": at("langchain-litellm", _find_code(s["langchain-litellm"], "langchain_litellm/chat_models/litellm.py", "litellm.RateLimitError,")),
        "langchain-litellm default": at("langchain-litellm", _find_code(s["langchain-litellm"], "langchain_litellm/chat_models/litellm.py", "max_retries: int = 1")),
        "langchain-core retry log": at("langchain-core", _find_code(s["langchain-core"], "langchain_core/language_models/llms.py", "logging_ = before_sleep_log(logger, logging.WARNING)")),
        "openai-agents no handler": at("openai-agents", _find_code(s["openai-agents"], "agents/extensions/models/litellm_model.py", "return get_openai_retry_advice(request)")),
        "openai-agents retry log": at("openai-agents", _find_string(s["openai-agents"], "agents/run_internal/model_retry.py", "Retrying failed model request in %ss (attempt %s/%s).")),
        "deepeval no policy": at("deepeval", _find_code(s["deepeval"], "deepeval/models/retry_policy.py", "LITELLM_ERROR_POLICY = None")),
    }


def frameworks_present() -> bool:
    """Whether the frameworks' releases are already unpacked (the tests do not download them)."""
    from harvest_templates import WHEELS

    return all((WHEELS / f"{p}-{v}" / "site").is_dir() for p, v in FRAMEWORKS.values())


def _line_of(form: str) -> str:
    return form.rsplit(":", 1)[1]


def frameworks_in_front(rec: dict) -> list[tuple[str, str]]:
    """(shape, text) for the agent frameworks above, from the record's LiteLLM exception."""
    from litellm_doctor.diagnosis.litellm_classes import status_class

    forms = framework_forms()
    cls = status_class(rec["status"]) if rec["status"] else "APIConnectionError"
    inner = litellm_wrapped(rec)
    details = {"error_type": cls, "error_message": inner, "timestamp": 1796523000.123456}
    sse = json.dumps({"error": f"{cls}: {inner}", "error_details": details})
    out = [
        ("app:adk_server_log", _ADK_SERVER_LOG.format(line=_line_of(forms["adk server log"]), inner=inner, cls=cls,
                                                      call=_line_of(forms["adk call"]))),
        ("app:adk_sse", f"data: {sse}"),
        ("app:adk_run_once", f"Error: {inner}"),  # `adk run AGENT QUERY` (run_once_cli), red on stderr
        ("app:adk_plugin", f"[logging_plugin] 🧠 LLM ERROR\n[logging_plugin]    Agent: root_agent\n"
                           f"[logging_plugin]    Error: {inner}"),
        # the same as a log file or `docker logs` keeps it: each line in `_log`'s grey (`\033[90m...\033[0m`)
        ("app:adk_plugin_ansi", "\n".join(f"\033[90m[logging_plugin] {m}\033[0m" for m in (
            "🧠 LLM ERROR", "   Agent: root_agent", f"   Error: {inner}"))),
        ("app:strands_traceback", _STRANDS_TRACEBACK.format(cls=cls, inner=inner,
                                                            line=_line_of(forms["strands raise"]),
                                                            call=_line_of(forms["strands call"]))),
        ("app:strands_raised", f"strands.types.exceptions.EventLoopException: {inner}"),
        ("app:mem0_log", f"ERROR:mem0.memory.main:LLM extraction failed: {inner}"),
        ("app:mem0_raised", f"mem0.exceptions.LLMError: LLM extraction failed: {inner}"),
    ]
    # At DEBUG the details carry the traceback too (api_server.py:2341-2348, traceback.format_exception).
    debug = dict(details, stacktrace=_ADK_SERVER_LOG.format(line="", call=_line_of(forms["adk call"]), inner=inner,
                                                            cls=cls).split("\n", 1)[1] + "\n")
    out.append(("app:adk_sse_debug", "data: " + json.dumps({"error": f"{cls}: {inner}", "error_details": debug})))
    # Against the proxy (`+proxy`): mem0's OpenAI LLM (llms/openai.py:141, OPENAI_BASE_URL the proxy's) lets the
    # OpenAI client's error through to the same log line and LLMError; Strands' OpenAIModel re-raises a 429 or a
    # rate-limit message as ModelThrottledException(str(error)) (models/openai.py:815), retried and then, like any
    # other error but a context overflow (:818, not rendered), re-raised as EventLoopException (str() the same).
    sdk_str = proxy_reference(rec).split(": ", 1)[1]
    out += [("app:mem0_log+proxy", f"ERROR:mem0.memory.main:LLM extraction failed: {sdk_str}"),
            ("app:mem0_raised+proxy", f"mem0.exceptions.LLMError: LLM extraction failed: {sdk_str}")]
    if not _strands_context_overflow(sdk_str):
        out.append(("app:strands_raised+proxy", f"strands.types.exceptions.EventLoopException: {sdk_str}"))
    if cls in _LLAMA_INDEX_RETRIED:
        out.append(("app:llama_index_retry", "WARNING:llama_index.llms.litellm.utils:Retrying llama_index.llms.litellm."
                    f"utils.completion_with_retry.<locals>._completion_with_retry in 4 seconds as it raised {cls}: {inner}."))
    if cls in _LANGCHAIN_RETRIED:
        out.append(("app:langchain_litellm_retry", "WARNING:langchain_core.language_models.llms:Retrying langchain_litellm."
                    "chat_models.litellm.ChatLiteLLM.completion_with_retry.<locals>._completion_with_retry in 4 seconds "
                    f"as it raised {cls}: {inner}."))
    return out


def _strands_context_overflow(message: str) -> bool:
    """Strands' classify_openai_error (models/_openai_errors.py:39-44) on the proxy's answer: a context overflow."""
    low = message.lower()
    return any(p in low for p in _STRANDS_OVERFLOW) or re.search(r"exceed(?:s|ed)?(?: customer)? model maximum", low) is not None


_STRANDS_OVERFLOW = ("maximum context length", "context_length_exceeded", "too many tokens", "context length",
                     "input is too long for requested model", "input length and `max_tokens` exceed context limit",
                     "too many total text bytes", "exceeds the max_model_len")
PROXY_APP_SHAPES = PROXY_APP_SHAPES + ("app:mem0_log+proxy", "app:mem0_raised+proxy", "app:strands_raised+proxy")
_ADK_SERVER_LOG = """2026-12-06 02:10:00,123 - ERROR - api_server.py:{line} - Error in event_generator: {inner}
Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/google/adk/models/lite_llm.py", line {call}, in generate_content_async
    response = await self.llm_client.acompletion(**completion_args)
  File "/usr/local/lib/python3.12/site-packages/litellm/utils.py", line 1343, in wrapper_async
    raise e
litellm.exceptions.{cls}: {inner}"""
_STRANDS_TRACEBACK = """ERROR:strands.event_loop.event_loop:exception=<{cls}> | event loop cycle failed
Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/strands/models/litellm.py", line {call}, in stream
    async for chunk in self._handle_non_streaming_response(litellm_request):
  File "/usr/local/lib/python3.12/site-packages/litellm/utils.py", line 1343, in wrapper_async
    raise e
litellm.exceptions.{cls}: {inner}

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/agent.py", line 9, in <module>
    agent("Summarise the open issues")
  File "/usr/local/lib/python3.12/site-packages/strands/event_loop/event_loop.py", line {line}, in event_loop_cycle
    raise EventLoopException(e, invocation_state["request_state"]) from e
strands.types.exceptions.EventLoopException: {inner}"""


def litellm_wrapped(rec: dict) -> str:
    """The SDK's message as LiteLLM's exception carries it."""
    from litellm_doctor.diagnosis.litellm_classes import status_class

    cls = status_class(rec["status"]) if rec["status"] else "APIConnectionError"
    return f"litellm.{cls}: {_LITELLM_LABEL[rec['sdk']]}Exception - {rec['message']}"


def wrapped(rec: dict, native: bool = True, apps: bool = True, frameworks: bool | None = None,
            cuts: bool = False) -> list[tuple[str, str]]:
    """(shape, text): LiteLLM's exception alone, then each wrapper around it; then the SDK's `str(exc)` inside
    the apps' wrappers; then (`native`) crewAI's native providers' wording, which needs the crewai wheel; then
    (`apps`) the apps in front of the forty-second pass and (`frameworks`, as `apps` when not given) the agent
    frameworks of the forty-seventh (`app:*`), which need their releases; with `cuts`, the fifty-second pass's retry
    lines that cut the message (coding_agents.CUT_SHAPES), scored only when named."""
    import variants

    inner = litellm_wrapped(rec)
    out, seen = [("litellm", inner)], {inner}
    for name, base in [(n, inner) for n in WRAPPERS] + [(n, rec["message"]) for n in APP_WRAPPERS]:
        text = getattr(variants, name)(base)
        shape = name if base is inner else f"str:{name}"
        if text not in seen:
            seen.add(text)
            out.append((shape, text))
    return (out + (crewai_native(rec) if native else []) + (apps_in_front(rec, cuts) if apps else [])
            + (frameworks_in_front(rec) if (apps if frameworks is None else frameworks) else []))


def crewai_wheel_present() -> bool:
    """Whether crewAI's wheel is already unpacked (the tests do not download it)."""
    from harvest_templates import WHEELS

    return (WHEELS / f"{CREWAI[0]}-{CREWAI[1]}" / "site").is_dir()


_KEPT_FACTS = ("status", "provider")


def score_wrapped(records: list[dict], show_misses: bool, only: tuple[str, ...] = (), frameworks_only: bool = False) -> None:
    """`only`: score those shapes alone (the facts still compared with LiteLLM's own exception's); `frameworks_only`:
    LiteLLM's exception and the agent frameworks' shapes alone (forty-seventh pass)."""
    from litellm_doctor.diagnosis import diagnose

    per, misses, t = defaultdict(Counter), [], Counter()
    fact_misses = []
    for rec in records:
        ref = {k: diagnose(litellm_wrapped(rec)).facts.get(k) for k in _KEPT_FACTS} if only else None
        proxy_ref = {k: diagnose(proxy_reference(rec)).facts.get(k) for k in _KEPT_FACTS}
        shapes = ([("litellm", litellm_wrapped(rec))] + frameworks_in_front(rec)) if frameworks_only \
            else wrapped(rec, native=not only, apps=True, cuts=any(s in coding_agents.CUT_SHAPES for s in only))
        for shape, text in shapes:
            if only and shape not in only:
                continue
            report = diagnose(text)
            d = report.diagnosis
            ok = report.category == rec["category"]
            per[shape]["n"] += 1
            per[shape]["right"] += ok
            # the status and provider facts LiteLLM's own exception gives (the first shape), kept under the wrapper
            kept = {k: report.facts.get(k) for k in _KEPT_FACTS}
            if ref is None:
                ref = kept
            if shape.startswith("app:"):  # (the str: and crewai_native: shapes drop LiteLLM's label by design)
                same = kept == ref or (shape in PROXY_APP_SHAPES and kept == proxy_ref)
                per[shape]["facts"] += same
                t["facts"] += same
                t["facts n"] += 1
                if not same:
                    fact_misses.append((shape, rec["id"], proxy_ref if shape in PROXY_APP_SHAPES else ref, kept))
            t["n"] += 1
            t["right"] += ok
            if not ok and report.answer != "unknown":
                t["wrong"] += 1
                t["wrong rule"] += report.answer == "rule"
                t["wrong >= 0.8"] += bool(d and d.confidence >= 0.8)
            t["unknown"] += report.answer == "unknown"
            if not ok:
                misses.append((shape, rec, report.category, report.answer, d.rule_id if d else "-",
                               d.confidence if d else 0))
    print(f"wrapped: {t['right']}/{t['n']} = {t['right'] / t['n']:.1%} keep the category, {t['wrong']} wrong "
          f"({t['wrong rule']} by a rule, {t['wrong >= 0.8']} at confidence >= 0.8), {t['unknown']} unknown")
    print("by shape: " + ", ".join(f"{s} {c['right']}/{c['n']}" for s, c in per.items()))
    apps = {s: c for s, c in per.items() if s.startswith("app:")}
    if apps:
        right = sum(c["right"] for c in apps.values())
        print(f"app:* shapes: category {right}/{t['facts n']}, facts (status, provider) kept {t['facts']}/{t['facts n']}; facts by shape: "
              + ", ".join(f"{s} {c['facts']}/{c['n']}" for s, c in apps.items()))
    if show_misses:
        for shape, rec, got, kind, rule, conf in misses:
            print(f"MISS [{shape}] {rec['id']}: want {rec['category']}, got {got} ({kind} {rule} {conf:.2f})")
        for shape, rid, ref, kept in fact_misses:
            print(f"FACTS [{shape}] {rid}: want {ref}, got {kept}")


def main(argv: list[str]) -> int:
    ap = corpus_file_parser()
    ap.add_argument("--framed", action="store_true", help="with --score: each rendering under a short traceback")
    ap.add_argument("--variants", action="store_true", help="variants.py's families applied to every rendering")
    ap.add_argument("--wrapped", action="store_true", help="each rendering inside LiteLLM's and the apps' wrappers")
    ap.add_argument("--app-forms", action="store_true", help="the apps' wordings the app:* shapes use, with file:line")
    ap.add_argument("--only", default="", help="with --wrapped: these shapes alone (comma-separated, e.g. "
                    "app:claude_code,app:gemini_cli,app:codex)")
    ap.add_argument("--frameworks", action="store_true",
                    help="with --wrapped: LiteLLM's exception and the agent frameworks' app:* shapes alone; with "
                         "--variants: those shapes pasted another way")
    args = ap.parse_args(argv)
    if args.app_forms:
        for name, where in {**app_forms(), **framework_forms()}.items():
            print(f"{name:<28} {where}")
        return 0
    if args.wrapped:
        records = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
        score_wrapped(records, args.misses, tuple(x for x in args.only.split(",") if x), args.frameworks)
        return 0
    if args.variants and args.frameworks:
        records = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
        score_framework_variants(records, args.misses)
        return 0
    if args.variants:
        records = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
        score_variants(records, args.misses)
        return 0
    if args.score and not (args.write or args.list):
        records = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
        score(records, args.misses, args.framed)
        return 0
    records = collect()
    print(f"{len(records)} renderings from {len(SDKS)} SDK releases; by category: " + ", ".join(
        f"{c} {n}" for c, n in sorted(Counter(r['category'] for r in records).items())))
    if args.list:
        for r in records:
            print(f"{r['category']:<10} {r['sdk']}-{r['version']:<8} {r['status'] or '-'} {r['text'][:110]!r}  "
                  f"[{r['where']}] {r['basis']}")
    if args.write:
        OUT.write_text(dump(records), encoding="utf-8")
        print(f"wrote {OUT.relative_to(HERE.parents[1])}")
    if args.score:
        score(records, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
