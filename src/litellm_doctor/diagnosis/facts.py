"""Facts read once from an error text and used everywhere: in rule steps, config ties and reports.

Each fact has a fixed name (the JSON `facts` keys). Extraction is regex-only and bounded, so it is
safe on any input. Rules may add their own named captures; those are merged over these.
"""

from __future__ import annotations

import re

from ..providers import HOST_PROVIDERS, LABEL_ALIASES, PROVIDERS
from ..regexcache import rx
from .litellm_classes import CLASS_STATUS
from .unwrap import quoted_in_other_error

FACT_LABELS = {
    "exception": "exception class",
    "status": "HTTP status",
    "error_type": "error type",
    "provider": "provider",
    "model_group": "model group",
    "model": "model",
    "deployment_id": "deployment id",
    "api_base": "api_base",
    "retry_after": "retry after (s)",
    "timeout": "timeout value (s)",
    "time_taken": "time taken (s)",
    "limit": "limit",
    "limit_value": "limit value",
    "spend": "spend so far",
    "env_var": "env var",
    "litellm_version": "litellm version",
    "retries": "retries",
    "fallbacks": "fallbacks",
    # added by --config and --proxy
    "deployment_timeout": "deployment timeout (s)",
    "config": "config",
    "config_file": "config",
    "config_deployments": "config lines",
    "proxy_url": "proxy",
    "database": "proxy database",
}

# The class LiteLLM raised. LiteLLM prefixes the specific class on some (`litellm.ContextWindowExceededError:
# litellm.BadRequestError:`) and the generic one on others (`litellm.BadRequestError: litellm.ContentPolicyViolationError:`),
# so a specific subclass anywhere in the chain wins over its generic base.
_EXCEPTION = rx(
    r"\blitellm\.(?:exceptions\.)?(?P<name>Timeout|[A-Z]\w*(?:Error|Timeout|Exception))\b"
    r"|\b(?P<other>(?:openai|httpx|httpcore|aiohttp|requests|botocore|anthropic)\.(?:[a-z_]+\.)*[A-Z]\w*(?:Error|Timeout|Exception))\b"
    # the provider SDKs' own classes (tests/corpus/sdk_surfaces.py): google-api-core's have no Error suffix
    r"|\b(?P<sdk>(?:groq|together|cohere|mistralai|ollama|huggingface_hub|google\.genai|google\.api_core|dashscope|tencentcloud)\.(?:[a-z_][a-z0-9_]*\.)*[A-Z]\w+)"
    # (seventieth pass) or the class and its colon alone at a line's end, the message on the next line (Python prints a
    # message that starts with a line break so: huggingface_hub's `BadRequestError: \n\nBad request:`; a paste or a
    # console's wrap drops the trailing space)
    r"(?=:(?: |\s*$|\n))"
)
_SPECIFIC_EXCEPTIONS = rx(
    r"\blitellm\.(?:exceptions\.)?(?P<name>ContextWindowExceededError|ContentPolicyViolationError|UnsupportedParamsError|"
    r"RejectedRequestError|MidStreamFallbackError|JSONSchemaValidationError|BudgetExceededError)\b"
)
# httpx's `raise_for_status` message ends with `For more information check: https://developer.mozilla.org/
# en-US/docs/Web/HTTP/Status/503`: a paste of only the last line of a traceback still shows the status there.
_STATUS = rx(
    r"(?:Error code:|status[_ ]code(?:[\"']?[=:])?|\"code\":|'code':|\bcode=|HTTP/\d(?:\.\d)?\"?|Server error '|Client error '|"
    r"developer\.mozilla\.org/[\w-]+/docs/Web/HTTP/Status/|\bhttp|\bstatus:?)\s*[\"']?(?P<s>[1-5]\d\d)\b(?!\.\d)",
    re.IGNORECASE,
)
# A status that starts a line or follows an app's `: `: FastAPI's HTTPException as str() prints it (`400: {'error':
# ...}`, `status: detail`), google-api-core's `503 The service is currently unavailable.` (`{code} {message}`).
# The message may be Chinese, Japanese or Korean (Zhipu's `429 已达到 5 小时的使用上限。…`, mined_errors_6).
_STATUS_PREFIX = rx(r"(?:^|\n|: )\s*(?P<s>[45]\d\d)(?::| [A-Z][a-z]| [\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])")
_CLASS_NEXT = rx(r"\s*[A-Za-z_][\w.]*(?:Error|Exception|Timeout)\b")
# The status right after a provider SDK's class (tests/corpus/sdk_surfaces.py): requests' and huggingface_hub
# 0.x's `HTTPError: 402 Client Error: ...`, google-api-core's `ResourceExhausted: 429 Quota exceeded ...`.
_SDK_STATUS = rx(
    r"\b(?:HTTPError|HfHubHTTPError|google\.api_core\.exceptions\.[A-Z]\w+): (?P<s>[45]\d\d)(?= [A-Z*])")
# The provider an SDK's own class names (not openai's: its SDK calls any OpenAI-compatible server and the proxy).
_SDK_PROVIDER = (("anthropic.", "anthropic"), ("groq.", "groq"), ("together.", "together_ai"),
                 ("cohere.errors.", "cohere"), ("mistralai.", "mistral"), ("ollama.", "ollama"),
                 ("huggingface_hub.", "huggingface"), ("google.genai.", "gemini"), ("google.api_core.", "vertex_ai"),
                 # (fifty-third pass) DashScope's SDK and Tencent Cloud's (Hunyuan: LiteLLM's `tencent`)
                 ("dashscope.", "dashscope"), ("tencentcloud.", "tencent"))
# botocore's ClientError names the operation: bedrock-runtime's (its service-2.json) say the provider.
# (fiftieth pass) the spaces between words may be a console's word wrap (`\s`)
_BEDROCK_OPERATION = rx(r"when\scalling\sthe\s(?:Converse|ConverseStream|InvokeModel|InvokeModelWithResponseStream|"
                                r"InvokeModelWithBidirectionalStream|ApplyGuardrail|CountTokens)\soperation")
_SDK_CLASS = rx(r"(?:^|[\s(\[])(?P<mod>(?:anthropic|groq|together|cohere\.errors|mistralai|ollama|huggingface_hub|"
                        r"google\.genai|google\.api_core|dashscope|tencentcloud)\.(?:[a-z_][a-z0-9_]*\.)*)[A-Z]\w+:(?: |\s*$|\n)")
_LABEL = rx(r"\b(?P<label>[A-Z]?[A-Za-z][A-Za-z0-9_]*?)(?:Exception|Error)\b(?:\s-|:|\sAPIError|\s\w+Error\s-|\sInvalid)")
_MODEL_PREFIX = rx(r"\bmodel\s*[=:]\s*['\"`]?(?P<p>[A-Za-z0-9_\-]+)/")
_MODEL_GROUP = rx(r"(?:Received\sModel\sGroup|model_group)\s*[=:]\s*['\"]?(?P<g>[^\s'\",]+?)['\"]?(?=[\s,]|\.?\s*$|\\n)", re.MULTILINE)
_PASSED_MODEL = rx(r"(?:Passed\smodel|You\spassed(?:\sin)?\smodel|Invalid model name passed in model|requested model)\s*[=: ]\s*['\"`]?(?P<m>[^\s'\"`,]+?)['\"`]?(?=[\s,]|\.(?:\s|$)|$)", re.MULTILINE | re.IGNORECASE)
# The provider's own model name, as it appears in provider wordings (not a proxy model group).
_PROVIDER_MODEL = rx(r"(?:Rate limit reached for|Request too large for|Tried to access)\s+[`'\"]?(?P<m>[\w.:/\-]+?)[`'\"]?(?=[\s,]|\.\s|$)", re.MULTILINE)
_DEPLOYMENT_ID = rx(r"(?:cooldown_list=\[\(?['\"]|model_id[=:]\s*['\"]?|deployment_id=|Deployment model_group=\S+, id=|\bid=)(?P<d>[0-9a-f]{16,64}|[\w\-]{3,64})")
_API_BASE = rx(r"(?:api_base|base_url|azure_endpoint)['\"]?\s*[=:]\s*['\"]?(?P<u>https?://[^\s'\",)]+)")
_URL = rx(r"\bhttps?://(?P<host>[^\s'\",)<>/?#]+)(?P<path>[^\s'\",)<>]*)")
# A URL in an error that is a page for people, not the address a request went to: a docs, console, dashboard,
# status or sales page the message links to ("see https://ai.google.dev/gemini-api/docs/rate-limits", Cohere's
# "https://dashboard.cohere.com/api-keys", Prisma's "https://pris.ly/d/..."), a notebook's output frame, a spec.
# Printed as the `api_base` fact (and filled into `curl {api_base}/models`) it told users to check a docs site.
_PAGE_HOST = rx(
    r"(?:^|\.)(?:docs|developers?|console|dashboard|status|help|support|learn|enterprise|platform|errors)\."
    r"|(?:^|\.)(?:github\.com|aka\.ms|go\.microsoft\.com|cloud\.google\.com|ai\.google\.dev|cloud\.ibm\.com|pris\.ly"
    r"|vercel\.com|readthedocs\.io|ietf\.org|json\.org|w3\.org|googleusercontent\.com|console\.aws\.amazon\.com"
    r"|boto3\.amazonaws\.com|unsplash\.com|www\.litellm\.ai|discord\.gg|discord\.com)(?::\d+)?$"
)
_PAGE_PATH = rx(
    r"^/(?:download|(?:[^?#]*/)?(?:docs?|apidocs|guides?|troubleshooting|contact-sales|forms|account|api-keys|settings"
    r"|overview))(?:[/#?.]|$)|\.html?(?:[#?]|$)"
)
# `... audience is incorrect (https://cognitiveservices.azure.com)`: Azure's token audience, not the endpoint called.
_AUDIENCE = rx(r"audience[^\n]{0,20}$")
# `host='litellm'` (urllib3's pool) may be a bare name; after `host ` in prose the word must look like a host name
# ("host is not within the bfl.ai domain", "between the host and model endianness" are not hosts).
_HOST = rx(
    r"(?:host='?|Cannot connect to host |Failed to resolve '"
    r"|host (?=localhost\b|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+|[A-Za-z0-9.\-]+:\d))(?P<h>[A-Za-z0-9.\-]+(?::\d+)?)"
)
_RETRY_AFTER = rx(
    r"(?:Try again in|try again in|retry[-_ ]after[\"']?[:=]?)\s*(?P<r>\d+(?:\.\d+)?)\s*(?:s\b|sec|seconds)?",
    re.IGNORECASE,
)
# The value that fired (`timeout value=`, `Timeout passed=`, `timed out after`) before any configured one;
# the router's `Deployment Info: request_timeout: None\ntimeout: 300.0` suffix must not read as None.
_TIMEOUT_FIRED = rx(r"(?:timeout value|Timeout passed|timed out after)\s*[=:]?\s*(?P<t>\d+(?:\.\d+)?|None)\b", re.IGNORECASE)
_TIMEOUT = rx(r"(?<![\w.])timeout\s*[=:]\s*(?P<t>\d+(?:\.\d+)?)\b", re.IGNORECASE)
_TIME_TAKEN = rx(r"time taken\s*=\s*(?P<t>\d+(?:\.\d+)?)")
_LIMIT = rx(
    r"(?P<tpm>tokens per min(?:ute)?|\bTPM\b|tokens_usage_based per min|input tokens per minute|Limit type: tokens|Too many tokens)"
    r"|(?P<rpm>requests per min(?:ute)?|\bRPM\b|Limit type: requests|Too many requests|Request rate)"
    r"|(?P<parallel>max_parallel_requests|Max parallel request)"
    # not the thinking budget of a reasoning model (`thinking.budget_tokens`, Gemini's `thinkingBudget`): a request field
    r"|(?P<budget>(?<![Tt]hinking)(?<![Tt]hinking_)[Bb]udget(?!_?[Tt]okens))"
)
_LIMIT_VALUE = rx(r"(?:\bLimit|limit=|Current limit:|Max budget:|Budget=|max_budget_per_session: \$?|rpm limit:|tpm limit:)\s*\$?(?P<v>[\d,.]+)")
_SPEND = rx(r"(?:Current cost:|Spend=|current spend: \$?|Current spend: \$?)\s*(?P<v>[\d.]+)")
_ENV_VAR = rx(r"os\.environ/(?P<e>[A-Za-z_][A-Za-z0-9_]*)|`(?P<b>[A-Z][A-Z0-9_]*_(?:API_KEY|KEY|TOKEN|URL|BASE|VERSION|ENDPOINT|PROJECT|LOCATION|CREDENTIALS|LICENSE|REGION_NAME))`|\b(?P<c>(?:[A-Z][A-Z0-9]*_)+(?:API_KEY|API_BASE|API_VERSION|ACCESS_KEY_ID|SECRET_ACCESS_KEY|REGION_NAME|APPLICATION_CREDENTIALS|MASTER_KEY|SALT_KEY|LICENSE))\b|\b(?P<d>DATABASE_URL|REDIS_URL|REDIS_HOST|SSL_CERT_FILE|SSL_VERIFY|VERTEXAI_PROJECT|VERTEXAI_LOCATION)\b")
_VERSION = rx(r"(?:litellm(?:[ =_-]{1,3}v?|\s+version\s+)|x-litellm-version:\s*)(?P<v>1\.\d{1,3}\.\d{1,3}(?:\.\w+)?)\b", re.IGNORECASE)
_RETRIES = rx(r"LiteLLM Retried: (?P<r>\d+) times?")
_FALLBACKS = rx(r"Available Model Group Fallbacks=(?P<f>None|\[[^\]\n]*\])")
# LiteLLM >= 1.108 ends a router error with `LiteLLM: model group 'X' failed with the error above.` and one of
# `No fallback was attempted.` / `... and no fallback model group was found for it` / `Fallback model group(s)
# configured: a, b.` / `Fallback to a, b also failed: …` (router_utils/common_utils.py) instead of 1.103's
# `Received Model Group=X\nAvailable Model Group Fallbacks=[...]`. Both read as the same facts.
_MODEL_GROUP_SENTENCE = rx(r"LiteLLM: model group '(?P<g>[^'\n]{1,200})' failed with the error above")
_NO_FALLBACK_SENTENCE = rx(
    r"failed with the error above\.? (?:No fallback was attempted|and no fallback model group was found)"
)
_FALLBACK_TARGETS = rx(
    r"failed with the error above\. (?:Fallback model group\(s\) configured: (?P<c>[^\n]{1,300}?)\.(?:\s|$|\\n|\")"
    r"|Fallback to (?P<a>[^\n]{1,300}?) (?:also failed:|was skipped because))"
)
_ERROR_TYPE = rx(r"[\"']type[\"']\s*:\s*[\"'](?P<t>[a-z_]{3,40})[\"']")


# A line that says something failed: a 2xx status on a line without any of these reports a request that worked.
_FAILURE_LINE = r"(?i)error|exception|fail|traceback|refused|denied|invalid|unauthori|forbidden|timed? ?out|exceeded"


def _line_of(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1: len(text) if end < 0 else end]


def _stated_status(text: str) -> tuple[str | None, str | None]:
    """(the first error status the text states, a 2xx stated before it on a line that reports success).

    Statuses inside a body quoted in another error stated before it are skipped (a fallback's answer after a
    rate limit: unwrap.quoted_in_other_error): they are not the text's. A 2xx on a line that says nothing failed
    (`INFO httpx HTTP Request: POST ... "HTTP/1.1 200 OK"`, an access line) reports a request that worked: an
    earlier one's, or the same call's when what failed came after the answer (a 200 whose body LiteLLM could not
    read, owui-openai-compatible-invalid-response-object). It is not the failure's (thirty-ninth pass: after it,
    `openai.AuthenticationError: Error code: 401 - {...}` is; fortieth: nor when the failure states no status,
    see extract)."""
    success = None
    for m in _STATUS.finditer(text):
        body = max(text.rfind('{"error"', 0, m.start()), text.rfind("{'error'", 0, m.start()))
        # (forty-second pass) only a body still open at the status holds it: one closed before (a wrapped line's
        # body, then the joined paragraph appended after it, unwrap.unwrapped) is another's
        if body > 0 and text.count("{", body, m.start()) > text.count("}", body, m.start()) \
                and quoted_in_other_error(text, body):
            continue
        # The SDK's `Error code: N - {...}` is the status of the body after it: quoted with it when that is.
        if text.startswith(" - {", m.end()) and quoted_in_other_error(text, m.end() + 3):
            continue
        if m.group("s")[0] == "2" and not re.search(_FAILURE_LINE, _line_of(text, m.start())):
            success = success or m.group("s")
            continue
        return m.group("s"), success
    return None, success


def _prefix_status(text: str) -> str | None:
    """The first `_STATUS_PREFIX` status, skipping FastAPI's `N: {...}` when its body is quoted in another error, and
    an app's `: N: ` before an exception class (open-webui's `Image generation failed: 500: litellm.AuthenticationError:
    ...`, b5-owui-azure-dalle-access-denied): that status is the app's answer, the class states the failure's."""
    for m in _STATUS_PREFIX.finditer(text):
        if text.startswith(" {", m.end()) and quoted_in_other_error(text, m.end() + 1):
            continue
        if m.group(0).startswith(":") and _CLASS_NEXT.match(text, m.end()):
            continue
        return m.group("s")
    return None


def _first(pattern: re.Pattern[str], text: str, *groups: str) -> str | None:
    m = pattern.search(text)
    if not m:
        return None
    for g in groups:
        if m.group(g):
            return m.group(g)
    return None


def _first_whole(pattern: re.Pattern[str], text: str, group: str) -> str | None:
    """The first match's value, or a later match's that goes on past it when the first ends at a line end: a terminal
    cut the value there (`Received Model Group=mist` / `ral-large`), and the joined paragraph appended after the
    lines (unwrap.unwrapped) holds it whole (fiftieth pass)."""
    first = None
    for m in pattern.finditer(text):
        value = m.group(group)
        if first is None:
            first = value
            if not text.startswith("\n", m.end(group)):
                return value
        elif len(value) > len(first) and value.startswith(first):
            return value
    return first


def provider_from_label(label: str) -> str | None:
    key = label.lower()
    key = LABEL_ALIASES.get(key, key)
    if key in PROVIDERS or key in LABEL_ALIASES.values():
        return key
    return None


# LiteLLM's `LLM Provider NOT provided` ends with an example naming Huggingface on every occurrence:
# boilerplate, not the provider of the failed call.
# (fiftieth pass) A terminal's cut or a console's wrap may break it anywhere: a line break is allowed between any two
# of its characters, and its spaces may be line breaks.
_PROVIDER_BOILERPLATE = rx(
    "(?:" + "|".join("\n?".join(r"\s+" if c == " " else re.escape(c) + ("?" if c == "'" else "") for c in phrase)
             for phrase in ("E.g. For 'Huggingface' inference endpoints", "completion(model='huggingface/starcoder'"))
    + r")[^\n]*", re.IGNORECASE)


def provider_of(text: str) -> str | None:
    text = _PROVIDER_BOILERPLATE.sub("", text)
    # The model prefix is the most specific (the OpenAI label also covers groq, mistral, vllm, …).
    for m in _MODEL_PREFIX.finditer(text):
        if m.group("p").lower() in PROVIDERS:
            return m.group("p").lower()
    for m in _LABEL.finditer(text):
        label = m.group("label")
        # (fiftieth pass) a label at a line start right after a word the line before ends on: a terminal cut the
        # label there (`Verte` / `xAIException - 503`), and the whole word is the label when it is one
        if m.start() > 1 and text[m.start() - 1] == "\n" and (cut := re.search(r"\w+$", text[max(0, m.start() - 64): m.start() - 1])):
            if p := provider_from_label(cut.group() + label):
                return p
        if label in ("litellm", "Litellm", "API", "APIConnection", "Internal", "Proxy", "Router", "RateLimit"):
            continue
        p = provider_from_label(label)
        if p:
            return p
    if m := _SDK_CLASS.search(text):
        for prefix, provider in _SDK_PROVIDER:
            if m.group("mod").startswith(prefix):
                return provider
    if _BEDROCK_OPERATION.search(text):
        return "bedrock"
    lowered = text.lower()
    for marker, provider in HOST_PROVIDERS:
        if marker in lowered:
            return provider
    return None


def _called_url(text: str) -> str | None:
    """The first URL in the text that a request could have gone to (not a page for people, not a token audience)."""
    for m in _URL.finditer(text):
        host, path = m.group("host").lower(), m.group("path")
        if _PAGE_HOST.search(host) or _PAGE_PATH.search(path) or _AUDIENCE.search(text, max(0, m.start() - 40), m.start()):
            continue
        return m.group(0)
    return None


def extract(text: str, json_fields: dict[str, str] | None = None) -> dict[str, str]:
    """Read the standard facts from `text` (already normalised and masked)."""
    facts: dict[str, str] = {}
    json_fields = json_fields or {}

    m = _SPECIFIC_EXCEPTIONS.search(text) or _EXCEPTION.search(text)
    if m:
        facts["exception"] = f"litellm.{m.group('name')}" if m.group("name") else (m.group("other") or m.group("sdk"))

    status = success = None
    for code in (json_fields.get("code", ""), json_fields.get("http_status", "")):
        if code.isdigit() and 100 <= int(code) <= 599:
            status = code
            break
    if not status:
        stated, success = _stated_status(text)
        status = stated or _prefix_status(text) or _first(_SDK_STATUS, text, "s")
    # No error status stated: the one LiteLLM's class carries, which is what the proxy answers with for it
    # (litellm_classes.CLASS_STATUS; none for APIConnectionError). It is reported as the plain `status` fact, as it
    # has been since the first pass: the JSON contract types `status` as a number and has no mark for a derived
    # value, and the class's status is the failure's own (LiteLLM sets it on the exception it raised).
    if not status and m and m.group("name"):
        status = CLASS_STATUS.get(m.group("name"))
    # A 2xx on a line that reports success is that line's request's status (fortieth pass): never the status of
    # a failure the text describes elsewhere (an earlier request's `"HTTP/1.1 200 OK"` above a status-less
    # `litellm.APIConnectionError`), since the text cannot tell an earlier request's line from the same call's.
    # It stands only when nothing in the text reports a failure (a pasted access line alone).
    if not status and success and not re.search(_FAILURE_LINE, text):
        status = success
    if status:
        facts["status"] = status

    error_type = json_fields.get("type") or _first(_ERROR_TYPE, text, "t")
    if error_type and error_type not in ("None", "null"):
        facts["error_type"] = error_type

    provider = provider_of(text)
    if provider:
        facts["provider"] = provider

    group = _first_whole(_MODEL_GROUP, text, "g") or _first(_MODEL_GROUP_SENTENCE, text, "g")
    if group:
        facts["model_group"] = group.rstrip(".")
    passed = _first_whole(_PASSED_MODEL, text, "m")
    if passed and passed != "None":
        passed = passed.rstrip(".")
        facts.setdefault("model_group", passed)
    model = _first(_PROVIDER_MODEL, text, "m")
    if model and model != facts.get("model_group"):
        facts["model"] = model

    for key, pattern, group_name in (
        ("deployment_id", _DEPLOYMENT_ID, "d"),
        ("retry_after", _RETRY_AFTER, "r"),
        ("time_taken", _TIME_TAKEN, "t"),
        ("limit_value", _LIMIT_VALUE, "v"),
        ("spend", _SPEND, "v"),
        ("litellm_version", _VERSION, "v"),
        ("retries", _RETRIES, "r"),
        ("fallbacks", _FALLBACKS, "f"),
    ):
        value = _first(pattern, text, group_name)
        if value:
            facts[key] = value.rstrip(",.")

    if "fallbacks" not in facts:
        fallbacks = _fallbacks_sentence(text)
        if fallbacks:
            facts["fallbacks"] = fallbacks

    timeout = _first(_TIMEOUT_FIRED, text, "t") or _first(_TIMEOUT, text, "t")
    if timeout:
        facts["timeout"] = timeout

    api_base = _first(_API_BASE, text, "u") or _called_url(text)
    if api_base:
        facts["api_base"] = api_base.rstrip(".:")
    else:
        host = _first(_HOST, text, "h")
        if host:
            facts["api_base"] = host

    lm = _LIMIT.search(text)
    if lm:
        facts["limit"] = next(k for k in ("tpm", "rpm", "parallel", "budget") if lm.group(k))

    env = _ENV_VAR.search(text)
    if env:
        facts["env_var"] = next(v for v in env.groups() if v)
    return facts


def _fallbacks_sentence(text: str) -> str | None:
    """The fallbacks of the >= 1.108 sentence, written like 1.103's `Available Model Group Fallbacks=`
    (`None`, or a Python list of group names) so that both versions give the same fact."""
    if _NO_FALLBACK_SENTENCE.search(text):
        return "None"
    m = _FALLBACK_TARGETS.search(text)
    if not m:
        return None
    names = [n.strip().strip("'\"") for n in (m.group("c") or m.group("a")).split(",") if n.strip()]
    return repr(names) if names else None
