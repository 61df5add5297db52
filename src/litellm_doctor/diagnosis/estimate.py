"""A best estimate of the category when no rule matched.

Rules are precise but only know the shapes someone wrote down; on a new error they say nothing. The text
still shows things that lean one way: the exception class, the status code, the error type, the
provider, and words (`quota`, `prisma`, `timed out`, `not found`), the first words of the message after
LiteLLM's `XxxException - ` apart. A logistic regression over exactly those
features, trained on the labelled corpora by `python tests/corpus/train_estimate.py`, turns them into a
probability per category. It is stored as a small JSON file beside this module (shipped in the wheel)
and read only when no rule matched, so the usual paste never pays for it.

Why logistic regression: the features are far from independent (`RateLimitError`, `429` and `rate` come
together), which naive Bayes double-counts; under the same grouped cross-validation the regression is
right on 82.1% of the real texts, naive Bayes on 79.0% (82.8% since words only LiteLLM's own proxy
templates show were given weights, HOLDOUT_EVAL.md "Third pass"; 86.6% since the message's own words, the
parts of snake_case codes and crude stems are features too, "Estimate, thirteenth pass"). The shape of a
refusal of the request's content (`must be`, `not supported`, `expected ...`, `maximum of N`) is a feature
too (`r:`), weighed in a stage of its own so that a text without one is estimated as before ("Estimate,
twenty-sixth pass": a bare message shows little else). So are concepts (`k:`, `_LEXICON`): a hand-kept lexicon of
the wordings of each kind of failure (`throttled`, `RESOURCE_EXHAUSTED`, `deadline exceeded`), one feature per
concept, so a wording the corpora never showed still leans as its concept does ("Seventy-fifth pass"). Training is a
fixed-order pure-Python loop (deterministic, no dependency), inference is one sum per category in pure Python, and one temperature
fitted under grouped cross-validation softens it; the probability reported is then mapped by a calibration map fitted on
out-of-fold answers to whole texts and their cuts (`calibrated`, "Estimate, forty-third pass"), so that a cut, which keeps
fewer features, is not claimed as surely as a whole text (`tests/corpus/calibration.py` and `reliability.py` print the tables).

The context pasted around the error (a config.yaml, an app's start-up banner, LiteLLM's debug dump of the
request) is set aside before the features are read (`error_features`, pastedcontext.py), in `diagnose` and
in training alike: its words describe the setup and the question, not the failure.

When the text shows nothing the model knows (no class, no status, fewer than two known words that are not
vague, `_VAGUE`), or no category is likely enough, the answer stays `unknown`. A short fragment that names its
failure, one known word and a concept (`Driver Not Loaded`, `Unauthenticated`), gets a thin estimate: capped as a
text of few features is (`shows_thinly`, HOLDOUT_EVAL.md "Eighty-ninth pass"). A paste that is a file or a command's
output (many lines, few or none that look like an error: `document_cut`) gets no estimate either ("Ninety-fourth pass"),
nor does a program's source with no traceback in it ("Ninety-seventh pass"); `guess` says so, and `diagnose` tells why.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import namedtuple
from functools import lru_cache

from . import facts as fact_reader
from ..model import CATEGORIES, Diagnosis, Finding
from .appcontext import ERRORISH, WARNING_FAILURE_WORDS, reports_no_failure
from .pastedcontext import set_aside
from ..regexcache import rx

# A str, not a pathlib.Path: importing pathlib cost the estimate path ~20M instructions (~4 ms);
# tools that want a Path get one from MODEL_FILE (module __getattr__ below).
_MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "estimate_model.json")
# Only the head and tail of a long paste are read: the first and last errors decide, and the cost stays flat.
_HEAD = 12_000
_TAIL = 4_000
_WORD = rx(r"[a-z][a-z0-9_]{2,30}")
# A status the standard facts miss because an app re-worded it: `External: 504, message='Gateway Timeout'`,
# `Error: 403 Forbidden`, `Request failed with status code 502`.
_WRAPPED_STATUS = rx(
    r"\b(?P<s>[45]\d\d)(?:,? message=)?[ :,'\"]{1,3}(?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|"
    r"Request Time-?out|Conflict|Payload Too Large|Request Entity Too Large|Unprocessable Entity|Too Many Requests|"
    r"Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b"
    r"|\bstatus(?: code)? (?P<t>[45]\d\d)\b",
    re.IGNORECASE,
)
_CLASS = rx(r"\b([A-Z][A-Za-z0-9_]{2,40}(?:Error|Exception|Timeout|Exceeded|Denied|NotFound))\b")
# LiteLLM's `<Provider>Exception - <message>` (and an app's `<Class>Error - <message>`): the message's first words.
_MESSAGE = rx(r"(?:Exception|Error) - (.{0,200})")
_MESSAGE_WORDS = 12
# Sentences printed whatever failed: Python's chained-exception separators, LiteLLM's debug hint and
# feedback link, httpx's documentation link (its status is read as a fact first). Their words lean towards
# whichever categories happened to print them in the corpora, and a paste cut to one of these lines (the
# last line of a traceback, the first line of LiteLLM's output) was estimated from them alone.
_BOILERPLATE = rx(
    r"During handling of the above exception, another exception occurred:?"
    r"|The above exception was the direct cause of the following exception:?"
    r"|(?:LiteLLM\.Info: )?If you need to debug this error, use `litellm\.(?:_turn_on_debug\(\)|set_verbose=True)['`]?\.?"
    r"|Give Feedback / Get Help: https://github\.com/BerriAI/litellm/issues/new"
    r"|For more information check: https://developer\.mozilla\.org/[\w-]+/docs/Web/HTTP/Status/\d{3}"
)
# The shape of a refusal of the request's own content (a parameter, a value, a count, a schema): the
# sentence forms providers use to say what the request must or must not carry. Each is a feature (`r:`, and
# `r:any` when one is shown); on a bare message (no class, no status, no provider) they are most of what is
# left. The trainer weighs them in a second stage, every other weight frozen (train_estimate.fit_shapes;
# HOLDOUT_EVAL.md "Estimate, twenty-sixth pass"; `required` and `invalid`: "thirty-second pass").
_REFUSAL = tuple(
    (name, rx(pattern, re.IGNORECASE))
    for name, pattern in (
        ("must", r"\bmust (?:not |only |also )?(?:be|equal|contain|match|have|include|specify|set|unset|provide|end|start|follow|precede)\b"),
        ("unsupported", r"\bnot (?:yet |currently )?supported\b|\bunsupported\b|\b(?:does|do)(?: not|n't) support\b|\bonly supports?\b"),
        ("expected", r"\bexpected (?:one of|an? |[`'\"]|type|value|string|object|array|integer|number|boolean)"),
        ("count", r"\b(?:maximum|minimum) of \d|\bat (?:most|least) \d|\b(?:is|are) allowed per\b|\bmust equal \d"),
        ("schema", r"\bunknown (?:variant|field|name|parameter|argument)\b|\bfield required\b|\bnot permitted\b|\binvalid (?:value|type|format|enum)\b"),
        # Thirty-second pass: two more wordings, each a shape of its own (`is invalid` read as `schema` did worse).
        # `is invalid` is mostly a credential's (`The security token included in the request is invalid.`):
        # its row leans as the texts that show it do.
        ("required", r"\b(?:is|are) required\b"),
        ("invalid", r"\b(?:is|are) invalid\b"),
    )
)
# Concepts (`k:`): a hand-kept lexicon of the wordings providers, SDKs and LiteLLM use for each kind of failure,
# one feature per concept, so that a wording the corpora never showed (`throttled`, `RESOURCE_EXHAUSTED`, `deadline
# exceeded`) still leans as the concept's other wordings taught the regression. Written from LiteLLM's exception
# mapping and the providers' documented error wordings, not from the texts the estimate is scored on
# (HOLDOUT_EVAL.md, seventy-fifth pass). An entry is one word or a phrase of the text's alphanumeric tokens
# (`_TOKEN`: snake_case and `x-api-key` split), `*` ends a prefix, `#` is any number.
_LEXICON = {
    "quota": (
        "quota*", "throttl*", "ratelimit*", "rate limit*", "rate limited", "too many requests", "resource exhausted",
        "exhausted", "overload*", "capacity", "insufficient quota", "insufficient balance", "insufficient credit*",
        "insufficient fund*", "credit balance", "out of credits", "tokens per minute", "tokens per min", "tokens per day",
        "requests per minute", "requests per min", "requests per second", "requests per day", "tpm", "rpm", "rpd",
        "tpd", "budget*", "billing", "usage limit*", "spend limit*", "spending limit*", "limit reached",
        "limit exceeded", "limits exceeded", "exceeded your current quota", "concurrency", "concurrent",
        "retry after", "try again in", "try again later", "slow down", "high demand", "payment required",
        "free tier", "paid plan",
    ),
    "auth": (
        "unauthori*", "unauthenticated", "forbidden", "permission*", "api key", "apikey", "credential*",
        "access denied", "accessdenied*", "not authorized", "not authorised", "authenticat*", "auth", "authorization",
        "bearer", "signature*", "incorrect api key", "invalid api key", "invalid key", "virtual key", "master key",
        "token expired", "token has expired", "key expired", "expired token", "not allowed to access",
        "not allowed to use", "does not have access", "do not have access", "doesn t have access", "no access",
        "iam", "oauth*", "jwt", "sso", "login", "secret*", "entitle*", "invalid token", "access token",
        "security token",
    ),
    "timeout": (
        "timed out", "timeout*", "time out", "timedout", "deadline*", "took too long", "too long to respond",
        "etimedout", "idle too long",
        # Apps' wordings of a timer that fired (eightieth pass): LiteLLM's proxy answers a 504 "MCP handler did not
        # respond in time" when its asyncio.wait_for runs out (proxy/proxy_server.py, in 1.103.0, 1.108.14, 1.110.2);
        # hermes-agent 0.19.0's stream watchdog logs "Stream stale for Ns ... no chunks received" and "waiting for
        # stream response (Ns, no chunks yet)" (agent/chat_completion_helpers.py:3655-3665).
        "respond in time", "responded in time", "no chunks received", "no chunks yet",
    ),
    "network": (
        "connection refused", "connection reset", "connection aborted", "connection error", "connection closed",
        "connection failed", "connection lost", "refused", "econnrefused", "econnreset", "econnaborted", "enotfound",
        "eai again", "getaddrinfo", "name or service not known", "name resolution", "dns", "socket hang up",
        "unreachable", "failed to establish", "max retries exceeded", "ssl*", "tls", "certificate*", "peer closed",
        "broken pipe", "remote end closed", "remoteprotocolerror", "disconnected", "no route to host",
        "fetch failed", "network*", "proxyerror", "connecterror", "connectionerror", "apiconnectionerror",
        "connect error", "incomplete chunked read", "unexpected eof",
    ),
    "server": (
        "internal server error", "internalservererror", "bad gateway", "service unavailable", "serviceunavailable*",
        "server error", "server had an error", "upstream", "backend", "crash*", "segfault", "out of memory", "oom",
        "unavailable", "something went wrong",
    ),
    "setup": (
        "environment variable*", "env var*", "environ", "not set", "is not defined", "no module named",
        "modulenotfound*", "importerror", "database", "prisma", "postgres*", "redis", "db", "api base", "apibase",
        "base url", "api version", "config*", "yaml", "docker", "container", "read only file system",
        "no such file", "disk", "install*", "dependency", "startup",
        # A self-hosted model server's own machine (eighty-sixth pass): by the corpus conventions a GPU, driver,
        # NCCL or model-load failure is the deployment's. Not `gguf` / `ggml`: model names carry them
        # ("model=...-GGUF" in LiteLLM's "LLM Provider NOT provided", a routing text). PyTorch 2.13.0
        # (torch/cuda/__init__.py, torch/cuda/_utils.py, torch/serialization.py, torch/distributed/distributed_c10d.py):
        # "CUDA error: ...", "Torch not compiled with CUDA enabled", "PyTorch was compiled without CUDA support",
        # "Cannot re-initialize CUDA in forked subprocess", "Can't initialize NVML", "Found GPU0 ... which is of
        # compute capability ...", "amdsmi driver can't be loaded, requires >=ROCm6.0", torch.cuda.OutOfMemoryError,
        # "NCCL support is not compiled".
        "cuda*", "gpu*", "nccl*", "nvml", "amdsmi", "rocm", "compute capability", "not compiled with",
        "compiled without", "forked subprocess", "outofmemoryerror",
        # nvidia-ml-py 13.615.71 (pynvml.py, NVMLError's strings): "Driver Not Loaded", "GPU is lost", "GPU requires
        # restart" (the last two by gpu*).
        "driver not loaded",
        # llama.cpp as vendored in llama-cpp-python 0.3.36 (src/llama.cpp, llama-model-loader.cpp, llama-kv-cache.cpp,
        # tools/server, examples/): "error loading model: ...", "failed to load model", "unable to load model", "failed
        # to allocate buffer for kv cache" and the other buffers. vLLM 0.34.0 (vllm/v1/engine/core.py, utils.py):
        # "EngineCore encountered a fatal error.", "Engine core initialization failed.".
        "error loading model", "failed to load model", "unable to load model", "failed to allocate", "enginecore",
        "engine core",
    ),
    "routing": (
        "no deployments", "no deployment", "model not found", "modelnotfound*", "unknown model", "does not exist",
        "not exist", "no such model", "invalid model", "not a valid model", "model name", "provider not provided",
        "llm provider", "model group", "fallback*", "cooldown*", "deploymentnotfound", "deployment not found",
        "no endpoints", "no endpoint", "decommission*", "no longer available", "no longer supported", "not found",
        "notfound*", "unmapped", "unknown provider", "alias*", "wildcard", "router",
    ),
    "request": (
        "invalid request", "invalidrequest*", "bad request", "badrequest*", "must be", "unsupported", "not supported",
        "only # is allowed", "only # are allowed", "only # allowed", "schema*", "validation error", "validationerror",
        "malformed", "missing required", "required parameter", "required field", "is required", "unexpected keyword",
        "extra inputs", "extra fields", "unrecognized", "unknown parameter", "unknown field", "unknown argument",
        "parameter*", "param", "params", "argument*", "invalid value", "invalid type", "serializ*", "unprocessable",
    ),
    "context": (
        "max tokens", "max completion tokens", "context length", "context window", "maximum context",
        "contextwindow*", "too long", "too large", "too many tokens", "token limit", "prompt is too long",
        "input length", "maximum length",
    ),
    "content": (
        "content policy", "content filter*", "content management", "contentpolicy*", "safety", "moderation",
        "flagged", "harmful", "responsible ai", "blocked",
    ),
}
_TOKEN = rx(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict, tuple, dict, tuple]:
    """(word -> concepts, (prefix, concept) pairs, first word -> [(the phrase's other words, concept)], the
    prefixes), built on the first estimate: a paste a rule answers never pays for it."""
    exact: dict[str, set[str]] = {}
    prefixes: list[tuple[str, str]] = []
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, entries in _LEXICON.items():
        for entry in entries:
            first, *rest = entry.split()
            if rest:
                phrases.setdefault(first, []).append((tuple(rest), name))
            elif first.endswith("*"):
                prefixes.append((first[:-1], name))
            else:
                exact.setdefault(first, set()).add(name)
    return exact, tuple(prefixes), phrases, tuple(p for p, _name in prefixes)


def _token_is(token: str, entry: str) -> bool:
    if entry == "#":
        return token.isdigit()
    return token.startswith(entry[:-1]) if entry.endswith("*") else token == entry


def lexicon_word(word: str) -> bool:
    """Whether a word (or a part of a snake_case word) is one of the lexicon's single words (training's dropout)."""
    exact, _prefixes, _phrases, heads = _lexicon()
    return any(part in exact or part.startswith(heads) for part in word.split("_") if part)


def concepts(lowered: str) -> set[str]:
    """The concepts (`_LEXICON`) the lower-cased text shows. Words are looked up in sets and one pass over the
    tokens checks the phrases: on a 16 KB paste this stays well under a millisecond, where one regex per concept
    took several."""
    exact, prefixes, phrases, heads = _lexicon()
    tokens = _TOKEN.findall(lowered)
    unique = set(tokens)
    found: set[str] = set()
    for word in unique.intersection(exact):
        found |= exact[word]
    for word in unique:
        if word.startswith(heads):
            found.update(name for prefix, name in prefixes if word.startswith(prefix))
    starts = unique.intersection(phrases)
    if starts:
        for i, word in enumerate(tokens):
            if word in starts:
                for rest, name in phrases[word]:
                    if name not in found and len(rest) <= len(tokens) - i - 1 and all(
                        _token_is(t, e) for t, e in zip(tokens[i + 1 : i + 1 + len(rest)], rest)
                    ):
                        found.add(name)
    return found


# Words that say nothing about the category (grammar, and the noise of every traceback).
_STOP = frozenset(
    "the and for with from that this was are not but you your have has had can will would could should into "
    "than then when what which while also its were been being there their they them our out all any one two "
    "file line self return raise none true false await async def call most recent last traceback".split()
)

# Words that show no failure of their own: a plea for help, a bare report that something went wrong. They
# keep their weights, but do not count towards showing enough for an estimate (`shows_enough`): `help please`,
# `errors happened again`, `it does not work` show nothing, while two words that name something (`Model is
# overloaded`, `unknown_parameter: 'thinking'`) do (HOLDOUT_EVAL.md, sixty-eighth pass).
_VAGUE = frozenset(
    "again above below anyone done error errors fail failed failure get got getting happen happened hello help "
    "issue issues just now please problem problems same see something still thank thanks try tried trying went "
    "why how work working works world wrong does doesn did didn".split()
)

# The category's general next steps, shown with an estimate (there is no rule to give precise ones).
CATEGORY_STEPS = {
    "auth": (
        "Check which credential reached the failing hop: the virtual key or master key sent to the proxy (`Authorization: Bearer sk-...`), or the provider key in the deployment's `litellm_params.api_key` / its `os.environ/` variable.",
        "Try the same credential directly: `curl -H \"Authorization: Bearer $LITELLM_API_KEY\" \"$PROXY_URL/v1/models\"` for the proxy, the provider's own endpoint for a provider key.",
        "For a key, team or user refused by the proxy, look it up with `GET /key/info?key=$KEY` and check its `models`, `expires`, `blocked` and team membership.",
    ),
    "quota_rate": (
        "Back off and retry (`num_retries: 3` in `router_settings` or per call); a `Retry-After` or `try again in` value says how long.",
        "Check the limit that was hit: the provider account's rate limit or billing, or the proxy's own `max_budget`, `tpm_limit`, `rpm_limit` on the key, user or team (`GET /key/info`).",
        "Spread load: add deployments of another account or region to the model group, or `router_settings.fallbacks`.",
    ),
    "routing": (
        "Check the model name sent in the request against `model_list[].model_name` in the proxy config (or `GET /v1/models`), and the provider prefix in `litellm_params.model` (`openai/`, `azure/`, `ollama_chat/`, ...).",
        "Check the provider knows the model name LiteLLM sends (the part after the prefix), in this region and for this key.",
        "If deployments are in cooldown, find the first error before the `No deployments available` lines: it is the cause.",
    ),
    "timeout": (
        "Find which limit fired: `timeout` / `stream_timeout` in the deployment's `litellm_params`, `router_settings.timeout`, `litellm_settings.request_timeout` (default 600 s), or a reverse proxy in front.",
        "Raise the limit that fired for slow models (e.g. `timeout: 300` on that deployment), or lower `max_tokens` so the call finishes sooner.",
        "Check the upstream is reachable and not overloaded: `curl -m 30 \"$API_BASE\"` (the deployment's `api_base`) from the proxy's host.",
    ),
    "deployment": (
        "Check the failing component named in the text (upstream `api_base`, the proxy's database `DATABASE_URL`, Redis, the container's file system or network) is reachable from the proxy's host: `curl -v \"$API_BASE\"`.",
        "Check the proxy's environment and config for that component: unset `os.environ/` variables, a wrong `api_base` or `api_version`, a missing dependency; run `litellm-doctor check config.yaml`.",
        "Read the proxy log around this line with `LITELLM_LOG=DEBUG`: the first error is usually the cause.",
    ),
    "other": (
        "Read the provider's or LiteLLM's message: it usually names the field of the request to change (message shape, a parameter, a tool schema, the prompt length).",
        "Log the exact request with `LITELLM_LOG=DEBUG` and replay it against the provider; `litellm_settings.drop_params: true` drops parameters the provider does not support.",
        "If the line is a warning or a background log error and requests get `200`, nothing failed for the caller.",
    ),
}
_TITLES = {
    "auth": "Estimate: most likely a credential or permission refusal (auth)",
    "quota_rate": "Estimate: most likely a rate, quota, budget or overload limit (quota_rate)",
    "routing": "Estimate: most likely the request could not be mapped to a working deployment or model (routing)",
    "timeout": "Estimate: most likely a time limit ran out (timeout)",
    "deployment": "Estimate: most likely a broken or misconfigured proxy, upstream or infrastructure piece (deployment)",
    "other": "Estimate: most likely a problem with the request itself, a LiteLLM bug, or log noise (other)",
}
ESTIMATE_ID = "estimate"


def features(text: str, facts: dict[str, str]) -> set[str]:
    """The hand-chosen features: class names, status (and its class), error type, provider, words."""
    if len(text) > _HEAD + _TAIL:
        text = text[:_HEAD] + "\n" + text[-_TAIL:]
    found: set[str] = set()
    exception = facts.get("exception")
    if exception:
        found.add("x:" + exception.rsplit(".", 1)[-1])
    status = facts.get("status")
    if not status and (m := _WRAPPED_STATUS.search(text)):
        status = m.group("s") or m.group("t")
    if status:
        found.add("s:" + status)
        found.add("s:" + status[0] + "xx")
    if facts.get("error_type"):
        found.add("t:" + facts["error_type"].lower())
    if facts.get("provider"):
        found.add("p:" + facts["provider"])
    # The provider's or LiteLLM's own message right after `XxxException - ` / `XxxError - ` (LiteLLM's
    # wrapping): its first words say what failed, apart from the words of the traceback around it.
    for m in _MESSAGE.finditer(text):
        found.update("m:" + word for word in _WORD.findall(m.group(1).lower())[:_MESSAGE_WORDS] if word not in _STOP)
    text = _BOILERPLATE.sub(" ", text)
    shapes = [name for name, pattern in _REFUSAL if pattern.search(text)]
    if shapes:
        found.update("r:" + name for name in shapes)
        found.add("r:any")
    found.update("c:" + name for name in _CLASS.findall(text))
    lowered = text.lower()
    found.update("k:" + name for name in concepts(lowered))
    for word in _WORD.findall(lowered):
        if word in _STOP:
            continue
        found.add("w:" + word)
        # `rate_limit_exceeded`, `budget_exceeded_error`: their parts are words too, so a code the corpora
        # never showed still leans like its parts; and an inflection (`limits`, `exceeded`) like its stem.
        if "_" in word:
            found.update("w:" + part for part in word.split("_") if len(part) >= 3 and part[0].isalpha() and part not in _STOP)
        found.add("w:" + _stem(word))
    return found


def _stem(word: str) -> str:
    """A crude stem (`limits` -> `limit`, `exceeded` -> `exceed`, `retrying` -> `retry`): only to let
    inflections share a weight; the whole word keeps its own."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def error_features(text: str, json_fields: dict[str, str] | None = None, facts: dict[str, str] | None = None) -> set[str]:
    """The features of an error text as the estimate reads it (in `diagnose` and in training alike): the
    context pasted around the error (a config, an app's banner, a request dump) is set aside first
    (pastedcontext.py: its words describe the setup, not the failure), and the facts are read from what
    is left. `facts` already read from the whole text are reused when there was nothing to set aside."""
    kept = set_aside(text)
    if facts is None or kept is not text:
        facts = fact_reader.extract(kept, json_fields)
    return features(kept, facts)


@lru_cache(maxsize=1)
def _model(path: "str | os.PathLike[str]" = _MODEL_PATH) -> dict | None:
    """The shipped model, or None if it is missing or unreadable (then there is no estimate, only `unknown`).

    Format 3 stores each feature's row as one string of numbers (`"0.384 -0.569 ..."`), read into floats only
    for the features a text shows (`row`): parsing 2,100 rows of six floats was most of the estimate's cost on
    the paste path (about 9 ms against 2 ms for the strings; HOLDOUT_EVAL.md, sixty-eighth pass). Format 2
    (rows as lists, the trainer's in-memory models) reads the same."""
    try:
        with open(path, encoding="utf-8") as handle:
            model = json.load(handle)
        return model if model.get("format") in (2, 3) else None
    except (OSError, ValueError, AttributeError):
        return None


def read_model(path: "str | os.PathLike[str]" = _MODEL_PATH) -> dict:
    """The model file with every row read as floats (for tools and tests that look at the weights)."""
    with open(path, encoding="utf-8") as handle:
        model = json.load(handle)
    model["weights"] = {f: row(w) for f, w in model["weights"].items()}
    return model


def row(weights: "list | str") -> list[float]:
    """A feature's weights as floats, whether stored as a list (format 2) or a string (format 3)."""
    return [float(x) for x in weights.split()] if isinstance(weights, str) else weights


def _row(weights: dict, feature: str) -> list[float]:
    """The feature's row, read once: a format-3 string is replaced by its floats in the loaded model."""
    stored = weights[feature]
    if isinstance(stored, str):
        stored = weights[feature] = [float(x) for x in stored.split()]
    return stored


_VAGUE_STEMS = frozenset(map(_stem, _VAGUE))


def _named_words(known: list[str]) -> set[str]:
    """The known words that are not vague, counted once: a message word (`m:`) is also a word, and `limits`
    also gives its stem `limit`."""
    return {_stem(f[2:]) for f in known if f.startswith("w:") and f[2:] not in _VAGUE} - _VAGUE_STEMS


def shows_enough(feats: set[str], model: dict) -> bool:
    """Whether the text shows anything to estimate from: a class, status, error type or provider the
    model knows, or at least `min_words` known words that are not vague (`_VAGUE`: `see above`, `help please`
    do not count)."""
    weights = model["weights"]
    known = [f for f in feats if f in weights]
    # A refusal's shape (`r:`) is words too: `it must be done` shows nothing more than its words.
    # A concept (`k:`) is words too: `quota` alone shows no more as a concept than as a word.
    if any(not f.startswith(("w:", "m:", "r:", "k:")) for f in known):
        return True
    return len(_named_words(known)) >= model["min_words"]


# Whether a concept may stand in for a word in `shows_thinly` (HOLDOUT_EVAL.md, eighty-ninth pass; a setting so that
# tests/corpus/gate_unknowns.py can measure the gate without it).
CONCEPT_COUNTS = True
# Concepts that do not stand in for a word: `request`'s entries are mostly the refusal shapes' own wordings (`must be`,
# `not supported`, `is required`, `parameter`), and a shape is words too (`it must be done` shows nothing).
_WORDY_CONCEPTS = frozenset({"k:request"})


def shows_thinly(feats: set[str], model: dict) -> bool:
    """Whether a text that does not show enough (`shows_enough`) still names its failure: a known word that is not
    vague AND a concept of the lexicon (`k:`), together `min_words`: `Driver Not Loaded`, `Unauthenticated`, `quota`,
    `Error: timeout`. Such a fragment gets a thin estimate (capped at `thin_max_probability`); a text whose
    only concept comes from vague words (`something went wrong`) or that names no concept stays `unknown`."""
    if not CONCEPT_COUNTS:
        return False
    weights = model["weights"]
    known = [f for f in feats if f in weights]
    named = len(_named_words(known))
    # At least one word of its own: a concept shown by vague words only (`something went wrong`) names nothing.
    return named >= 1 and named + sum(1 for f in known if f.startswith("k:") and f not in _WORDY_CONCEPTS) >= model["min_words"]


def probabilities(feats: set[str], model: dict) -> tuple[dict[str, float], int]:
    """Category -> probability, and how many of the features the model knows."""
    weights = model["weights"]  # feature -> [log p(f|c) - log p(f|not seen in c), ...] per category
    categories = model["categories"]
    scores = list(model["bias"])
    known = 0
    for f in feats:
        if f not in weights:
            continue
        known += 1
        for i, w in enumerate(_row(weights, f)):
            scores[i] += w
    # Long texts pile up evidence that is not independent: the features count known ** -length_power each
    # (as in training), then the temperature fitted under cross-validation softens the result.
    scale = max(1.0, known) ** -model["length_power"]
    scores = [b + (s - b) * scale for b, s in zip(model["bias"], scores)]
    temperature = model["temperature"]
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(categories, exps)}, known


_SIGNAL_LABELS = {"k": "concept", "r": "refusal shape", "x": "exception", "c": "class", "s": "status", "t": "error type", "p": "provider", "m": "message word", "w": "word"}


def _signals(feats: set[str], category: str, model: dict, count: int = 4) -> tuple[str, ...]:
    """The features that pushed most towards `category`, as `status 403`, `word quota`."""
    i = model["categories"].index(category)
    weights = model["weights"]
    pushes = {f: _row(weights, f)[i] for f in feats if f in weights}
    ranked = sorted((f for f, w in pushes.items() if w > 0), key=lambda f: (-pushes[f], f))
    return tuple(f"{_SIGNAL_LABELS[f[0]]} {f[2:]}" for f in ranked[:count])


# The body_cut shapes that say the text is no error but a file or a command's output (document_cut): when the estimate
# then says nothing, `diagnose` says why (classify.DOCUMENT_NOTE).
NOT_AN_ERROR = frozenset({"document", "source", "sparse"})


# collections.namedtuple, not typing.NamedTuple: importing typing is ~12 M instructions of a pasted error's run (model.py).
class Guess(namedtuple("Guess", "answer cut")):
    """What the estimate read: `answer`, (category, probability, strongest signals) or None (`unknown`), and `cut`,
    where the paste stops or what it is (body_cut), which says why there is no answer when it is a document."""

    __slots__ = ()

    @property
    def not_an_error(self) -> bool:
        """Whether there is no answer because the text is a file or a command's output, not an error."""
        return self.answer is None and self.cut in NOT_AN_ERROR


def guess(
    text: str, facts: dict[str, str], model: dict | None = None, json_fields: dict[str, str] | None = None
) -> Guess:
    """The best estimate and where the paste stops (`Guess`). `facts` are the whole text's; `json_fields`
    (textinput's) let them be read again without the pasted context."""
    cut = body_cut(text)
    model = model or _model()
    if model is None:
        return Guess(None, cut)
    feats = error_features(text, json_fields, facts)
    answer = gate(feats, model, cut=cut)
    if answer is None:
        return Guess(None, cut)
    category, p = answer
    return Guess((category, p, _signals(feats, category, model)), cut)


def estimate(
    text: str, facts: dict[str, str], model: dict | None = None, json_fields: dict[str, str] | None = None
) -> tuple[str, float, tuple[str, ...]] | None:
    """(category, probability, strongest signals) of the best estimate, or None when the text shows too
    little (`guess`'s answer)."""
    return guess(text, facts, model, json_fields).answer


# The cap of an estimate on a paste cut inside its error body (`body_cut` "inside"): part of the message is
# shown, so more than the thin cap, but out-of-fold on the dev cuts of the real texts (cuts.py's families, a
# first line cut at a width, the first / last two lines) such estimates were right 49 % of the time, and
# 0.5 minimised their Brier score there (HOLDOUT_EVAL.md, thirty-seventh pass).
CUT_INSIDE_MAX = 0.5


# A log line's prefix, piece by piece (forty-first pass): a time (`10:18:37`, `2025-04-21 15:11:27,020`,
# `2026-02-03T11:22:33.123Z`, bracketed or not), a level (`ERROR`, `[INFO]`, `ERROR:`), a logger with its level
# (LiteLLM's `LiteLLM Proxy:ERROR:`, `openhands:ERROR:`; Python's basic `ERROR:root:`), a logger name before a
# separator (`LiteLLM Proxy - `), a source file (`proxy_server.py:4276`, `llm.py-llm:187`), a process id, and the
# separators (`-`, `|`); a docker compose service (`litellm-1  | `) before it.
_LEVEL = r"(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)"
_LEVEL_WORD = rx(_LEVEL)
# One piece per match, consumed left to right without backtracking (a loop, not a repeated group: the pieces
# overlap, and a repeated group of them backtracks exponentially on a long run of digits).
_PREFIX_PIECE = rx(
    r"(?:\[?(?:\d{4}-\d\d-\d\d[T ])?\d{1,2}:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\]?"
    r"|\[?" + _LEVEL + r"\]?:?"
    r"|[A-Za-z][\w.]*(?: (?:Proxy|Router))?:" + _LEVEL + r":"
    r"|" + _LEVEL + r":[\w.]+:"
    r"|(?:LiteLLM(?: Proxy| Router)?|root|uvicorn(?:\.error|\.access)?|httpx)(?=[ \t]*[-:|])"
    r"|[\w.-]+\.py(?:[-:][\w.-]+)*:?"
    r"|\d+(?=[ \t]+-[ \t])|[-|])[ \t]*"
)
_COMPOSE = rx(r"[ \t]*(?:\x1b?\[\d+m)?(?:[\w.-]+ +\| +)?")
_PREFIX_SIGN = rx(r"\d:\d\d:\d\d|\b" + _LEVEL + r"\b")
# What a one-word rest may still show: a class, a status.
_REST_SHOWS = rx(r"[A-Za-z]\w*(?:Error|Exception|Timeout)\b|\b[45]\d\d\b")
_TRACEBACK_HEADER = ("Traceback (most recent call last):", "Traceback (most recent call last)")


def _prefix_and_rest(line: str) -> tuple[str, str]:
    start = pos = _COMPOSE.match(line).end()
    while (m := _PREFIX_PIECE.match(line, pos)) and m.end() > pos:
        pos = m.end()
    return line[start:pos], line[pos:].strip()


def prefix_only(text: str) -> bool:
    """Whether the paste keeps only log prefixes: every line a log line's prefix (with a time or a level) followed
    by nothing, by one word (a cut: `proxy_server.py:4276 - litel`, `utils.py:1900 - PrismaClient`) that names no
    class or status, or by `Traceback (most recent call last):` alone; or that header alone. Such a paste shows
    nothing of the failure (HOLDOUT_EVAL.md, forty-first pass): the source file name and the logger's words
    (`user_api_key_auth.py`) are as often another category's as the one they suggest."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or len(lines) > 3:
        return False
    for line in lines:
        if line.strip() in _TRACEBACK_HEADER:
            continue
        prefix, rest = _prefix_and_rest(line)
        if rest in _TRACEBACK_HEADER:
            rest = ""
        if not _PREFIX_SIGN.search(prefix) or len(rest.split()) > 1 or _REST_SHOWS.search(rest):
            return False
    return True


# The levels of a line that reports no failure unless its words show one. WARNING too (forty-eighth pass): of
# LiteLLM's own warnings with no error word, most say what it did instead (a fallback, a default, a skipped
# step, a deprecation that still works); the estimate, trained on failures, called 34 of 144 such texts a
# failure. A warning that names a failure says so in an error word, and the rules read every line first.
_CALM_LEVELS = frozenset({"INFO", "DEBUG", "WARNING", "WARN"})


def quiet_lines(text: str) -> bool:
    """Whether every line of the paste is a log line at INFO, DEBUG or WARNING (its prefix says so,
    `_prefix_and_rest`) whose message has no error word (appcontext.ERRORISH): a process reporting its own
    progress (`12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:4183 - Recorded heuristic-v1 tuning baseline`) or
    what it did instead of failing (`LiteLLM Proxy:WARNING: ... Router not available, using model name: gpt-4o`).
    Such a paste shows no failure, so it gets no estimate, as JSON records of the same lines do not
    (logrecords.quiet, logrecords.calm); the rules read it first, and the log-noise rules answer the wordings
    they know with their steps."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or len(lines) > 40:
        return False
    for line in lines:
        prefix, rest = _prefix_and_rest(line)
        levels = set(_LEVEL_WORD.findall(prefix))
        warning = bool(levels & {"WARNING", "WARN"})
        if not levels or not levels <= _CALM_LEVELS or not reports_no_failure(rest, warning=warning):
            return False
    return True


# A paste of this many lines or more is read as a document when few of its lines look like an error (`body_cut`).
DOCUMENT_LINES = 6
# At most one line in this many may look like an error in a "sparse" document (one error word in a config's comment).
SPARSE_EVERY = 8


_OPENS_WITH_ERROR = r"[ \t]*(?:[A-Z]\w*(?:Error|Exception)\b|(?i:error|fatal|fail(?:ed|ure)?|exception|panic)\b(?!-))"


def _error_lines(lines: list[str]) -> int:
    """How many lines look like an error: a class, a traceback, a status, an error or failure word (appcontext's
    ERRORISH, and WARNING_FAILURE_WORDS: `timed out`, `invalid`, `not found`, `could not`, ...)."""
    errorish, failure = rx(ERRORISH), rx(WARNING_FAILURE_WORDS)
    return sum(1 for line in lines if errorish.search(line) or failure.search(line))


# Python source (ninety-seventh pass): a line that defines (`def`, `class`, `import`) and, more widely, a statement
# that opens a line (those, a block's keyword, a decorator, an assignment). A traceback pastes code lines too, one under
# each `File "...", line N`, so `_source` asks for none of a traceback's marks and none of an error's own lines besides.
_DEFINING = r"(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(|class[ \t]+\w+[ \t]*[(:]|import[ \t]+\w|from[ \t]+[\w.]+[ \t]+import\b"
_DEFINES = r"[ \t]*(?:" + _DEFINING + ")"
_CODE_LINE = (
    r"[ \t]*(?:" + _DEFINING + r"|return\b|raise\b|try:|except\b[^:\n]*:|finally:|else:|elif\b|if\b.*:[ \t]*(?:#.*)?$"
    r"|for\b.* in .*:[ \t]*$|while\b.*:[ \t]*$|with\b.*:[ \t]*$|@\w[\w.]*|self\.\w+[ \t]*=|pass$|\w+[ \t]*=[ \t]*\S)"
)
# At least one line in this many a statement (`_CODE_LINE`): a module's docstrings and wrapped lists fill the rest.
CODE_EVERY = 3
# And at least this many that define (`_DEFINES`): a TOML or INI file is all assignments.
CODE_DEFINES = 2
# A traceback's marks: its header, a frame (`File "/app/x.py", line 3`; IPython's `File ~/x.py:3, in f` and
# `----> 3 f()`), with or without rich's `│` border.
_TRACEBACK_MARK = r"Traceback \(most recent call last\)|^[ \t│|]*File (?:\"|~|/|[A-Za-z]:\\)|^[ \t│|]*-+> *\d+"
# A line that opens with an error the way an error's own line does (`_OPENS_WITH_ERROR`), but not code that names a
# class (`ValueError.__init__(self, msg)`, `Exception.__init__(self, *args)`, `JSONDecodeError(msg, s, end)`).
_ERROR_OPENS = (r"[ \t]*(?:[\w.]*[A-Z]\w*(?:Error|Exception)|(?i:error|fatal|fail(?:ed|ure)?|exception|panic))\b"
                r"(?![-(]|\.\w)")


def _source(text: str, lines: list[str]) -> bool:
    """Whether the lines are a program's source, not an error: one in `CODE_EVERY` or more a statement, `CODE_DEFINES`
    or more a `def`, `class` or `import`, and no traceback mark (`_TRACEBACK_MARK`), no line that opens with an error
    (`_ERROR_OPENS`), no status (`_WRAPPED_STATUS`).
    Python's csv.py and json/decoder.py, given as the error, were estimated `deployment` 0.79 and `other` 0.50 from
    the class names their code raises (HOLDOUT_EVAL.md, ninety-seventh pass: no labelled text of the corpora is
    source so)."""
    if sum(1 for line in lines if rx(_CODE_LINE).match(line)) * CODE_EVERY < len(lines):
        return False
    if sum(1 for line in lines if rx(_DEFINES).match(line)) < CODE_DEFINES:
        return False
    if rx(_TRACEBACK_MARK, re.MULTILINE).search(text) or _WRAPPED_STATUS.search(text):
        return False
    return not any(rx(_ERROR_OPENS).match(line) for line in lines)


def document_cut(text: str) -> str:
    """"document" when the text is a file or a command's output, not an error: `DOCUMENT_LINES` lines or more and none
    looks like an error (/etc/passwd, a docker-compose file, `pip list`); "source" when it is a program's source
    (`_source`: Python's csv.py, whose code raises `TypeError`); "sparse" when at most one line in `SPARSE_EVERY` looks
    like an error (a pyproject.toml whose one comment says `error`, a GitHub workflow's `fail-fast`); "" otherwise.
    The context pasted around an error (pastedcontext.set_aside: a config, a banner) is not counted. (HOLDOUT_EVAL.md,
    ninety-fourth pass: every labelled text of the corpora with so many lines has more error lines, or a class, a
    status or an error type that `gate` reads.)"""
    kept = set_aside(text)
    lines = [line for line in kept.splitlines() if line.strip()]
    if len(lines) < DOCUMENT_LINES:
        return ""
    shown = _error_lines(lines)
    if not shown:
        return "document"
    if _source(kept, lines):
        return "source"
    # A line that opens with the error (`Error: Can't write to`, `Failed to ...`, `ValueError: ...`) is the error
    # itself, not a word in a document's prose: a real paste (r2-non-root-image-prisma-engines-not-writable, 1 line of 8).
    if shown * SPARSE_EVERY > len(lines) or any(rx(_OPENS_WITH_ERROR).match(line) for line in lines):
        return ""
    return "sparse"


def body_cut(text: str) -> str:
    """Where the paste stops in an error body: "prefix" when it stops in a log line's prefix, before the error
    (`prefix_only`: no estimate then, the text shows nothing); what `document_cut` says when the text is no error
    body but a file, a command's output or a program's source ("document", "source", "sparse"); "opened" when it stops right after opening one
    (`NotFoundError: GeminiException - {`, the first line of a pretty-printed error; textinput's joined
    copy of cut lines ends the same way): the class is shown, the message that decides is not; "inside"
    when it stops further in (`Error code: 404 - {'error': {'message': 'The model `gpt-4o-20`, a line
    cut at a width, the first lines of a pretty-printed body): it opens more `{` or `[` than it closes,
    and the message is shown at most in part; "" otherwise. (No whole text of the corpora that the
    estimate answers is unbalanced so: HOLDOUT_EVAL.md, thirty-seventh pass.)"""
    text = text.rstrip()
    if len(text) <= 400 and prefix_only(text):
        return "prefix"
    if shape := document_cut(text):
        return shape
    if text.endswith(("{", "[")):
        return "opened"
    if text.count("{") > text.count("}") or text.count("[") > text.count("]"):
        return "inside"
    return ""


def gate(
    feats: set[str], model: dict, probs: dict[str, float] | None = None, *, cut: bool | str = False
) -> tuple[str, float] | None:
    """(category, probability) the estimate answers for these features, or None (`unknown`) when the text
    shows too little or no category is likely enough. `probs` (from another model, as cross-validation
    scores) default to this model's. A text that shows only a word and a concept (`shows_thinly`) is answered
    as a thin one.

    The probability is mapped by the model's `calibration` (`calibrated`; without one, raised to
    `confidence_power`) and capped: at `max_probability` always, and at `thin_max_probability` (not raised) when the model
    knows at most `thin_known` of the features or the text is `cut` (body_cut: True or "opened"; "inside"
    caps at CUT_INSIDE_MAX, after the map). A paste cut to one line
    (`ValueError  Traceback (most recent call last)`, `raise HTTPException(`, a JSON body's closing
    `"code": "400"`) leaves two to six features, and the regression, trained on whole texts, was as sure of
    them as of a whole error; out-of-fold on the cuts of the real texts such estimates were right about a
    third of the time (tests/corpus/cuts.py)."""
    if cut in ("prefix", "document", "source"):
        return None
    if cut == "sparse":
        # A document with an error word in a line or two: unless it shows a class, status or error type of its own,
        # an answer would come from its common words (pyproject.toml read as `other` at 0.79).
        if not any(f.startswith(("x:", "s:", "t:", "c:")) for f in feats):
            return None
        cut = ""
    enough = shows_enough(feats, model)
    if not enough and not shows_thinly(feats, model):
        return None
    if probs is None:
        probs, known = probabilities(feats, model)
    else:
        known = sum(1 for f in feats if f in model["weights"])
    category = max(probs, key=lambda c: (probs[c], -CATEGORIES.index(c)))
    p = probs[category]
    if p < model["min_probability"]:
        return None
    if not enough or (cut and cut != "inside") or known <= model.get("thin_known", 0):
        return category, min(p, model.get("thin_max_probability", model["max_probability"]))
    cap = min(model["max_probability"], CUT_INSIDE_MAX) if cut == "inside" else model["max_probability"]
    calibration = model.get("calibration")
    if calibration and calibration.get("form") == CALIBRATION_FORM:
        return category, min(calibrated(p, known, calibration["coef"]), cap)
    # A model without a calibration map (an experiment's): p ** confidence_power, still capped (HOLDOUT_EVAL.md
    # "Estimate, fourteenth pass": below the cap the regression is under-confident on whole texts).
    return category, min(p ** model.get("confidence_power", 1.0), cap)


# The calibration map of an answer that is not thin (HOLDOUT_EVAL.md "Estimate, forty-third pass"): a logistic
# (Platt) map of the regression's top probability whose slope depends on how many features the model knew,
#   reported = sigmoid(a + b * logit(p) + c * ln(known) + d * logit(p) * ln(known)), then the caps.
# Why this form: the same p means less on a cut than on a whole text (out-of-fold on the dev cuts, estimates
# given 0.7-0.8 were right 53-69 % of the time, whole texts at 0.79 92 %), and what tells them apart at
# inference is how much the model could read: a cut keeps about 11 known features, a whole text about 27. A
# global power or plain Platt map can only move every answer alike; a table per band and per count has too few
# points. Fitted by train_estimate.fit_calibration on out-of-fold answers (folds by source thread) on the dev
# threads' whole texts and all their cuts; the grouped CV of the map chose this form over a power, plain Platt,
# Platt + ln(known), + the body-cut flag, + the margin, + count tiers (Brier and log loss).
CALIBRATION_FORM = "logit_p*ln_known"


def calibrated(p: float, known: int, coef: list[float]) -> float:
    """The calibrated probability of an answer with top probability `p` from `known` known features."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    z = math.log(p / (1 - p))
    k = math.log(max(known, 1))
    s = coef[0] + coef[1] * z + coef[2] * k + coef[3] * z * k
    return 1.0 / (1.0 + math.exp(-s)) if s > -50 else 0.0


def estimate_diagnosis(category: str, probability: float, signals: tuple[str, ...], evidence: str | None) -> tuple[Diagnosis, Finding]:
    """The diagnosis and finding of an estimate: marked as such, with the category's general steps."""
    percent = round(probability * 100)
    shown = f" (strongest signals: {', '.join(f'`{s}`' for s in signals)})" if signals else ""
    why = (
        f"No rule of the library matched this text, so this is a statistical estimate: from the exception "
        f"class, status, error type, provider and words it shows{shown}, errors like it were `{category}` "
        f"with a probability of about {percent}%. The steps below are the general ones for that category; "
        "they do not come from a rule written for this error."
    )
    title = _TITLES[category]
    diagnosis = Diagnosis(
        rule_id=ESTIMATE_ID, name=ESTIMATE_ID, title=title, category=category,
        confidence=round(probability, 2), why=why, kind="estimate",
    )
    finding = Finding(
        rule_id=ESTIMATE_ID, category=category, severity="error", title=title,
        message=f"{title} (probability {percent}%)", steps=CATEGORY_STEPS[category], evidence=evidence,
        docs=("https://docs.litellm.ai/docs/exception_mapping",),
    )
    return diagnosis, finding


def __getattr__(name: str):
    """`MODEL_FILE`, the model's path as a pathlib.Path, for the tools that read or write it (train_estimate.py)."""
    if name == "MODEL_FILE":
        from pathlib import Path

        return Path(_MODEL_PATH)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
