"""What a failure record says, once the parts that vary per request are taken out.

Two records with the same signature are the same failure: the signature is the core error message
(the proxy's wrapper and the router's debug suffixes removed) with numbers, ids, hashes, timestamps,
keys, URLs and model names replaced by placeholders. The model group and deployment are not part of
the signature: they are collected per group, so "the same 401 on three model groups" is one group
that names the three.
"""

from __future__ import annotations

import re

from ..regexcache import rx

MAX_SIGNATURE = 240

# Wrappers around the real error, and what follows it, in LiteLLM 1.103.0's log lines.
_PROXY = rx(r"Exception occured - (?:litellm_call_id=\S+ - )?")
# The Router's INFO line for a failed deployment call: `litellm.acompletion(model=%s)` and the other endpoints',
# `ageneric_api_call_with_fallbacks(model=%s)` (/v1/messages, /v1/responses) and `<handler>(model=%s)` (files, batches:
# some add `, <kwargs>`); then `Exception <the error>` (router.py in 1.103/1.108, router_rust/core.py in 1.110).
# (_router_call tries it only on a message with `Exception` in it: not on the Router's `... 200 OK` of every request.)
_ROUTER_CALL = rx(r"^(?:litellm\.)?\w+\(model=(?P<deployment>[^),]*)(?:, [^\n]*?)?\)\s*Exception\s+")
_FALLBACK_ECHO = "Error occurred while trying to do fallbacks - "
_SUFFIXES = (
    "No fallback model group found for",
    ". Received Model Group=",
    " Received Model Group=",
    "\nAvailable Model Group Fallbacks",
    "\nDebug Information",
    "\n\nDeployment Info:",
    "\nDeployment Info:",
    " (litellm_truncated",
    "\nRequester IP Address",
)

# (literal that must be present, regex): the literal test skips the regex on most records.
_MODEL_GROUP = (
    ("Received Model Group=", rx(r"Received Model Group=(?P<g>[^\s]+)")),
    ("Passed model=", rx(r"Passed model=(?P<g>[^\s,]+?)\.?(?:\s|,|$)")),
    ("lookup_groups=", rx(r"lookup_groups=(?P<g>[^\s,]+?)\.?(?:\s|$)")),
    ("model_group=", rx(r"model_group=(?P<g>[^\s,'\"]+?)[.,]?(?:\s|$)")),
    ("Invalid model name", rx(r"Invalid model name passed in model=(?P<g>[^\s,'\"]+?)\.?(?:\s|'|$)")),
    ("no healthy deployments", rx(r"model=(?P<g>[^\s,'\"]+?)\. There are no healthy deployments")),
    # LiteLLM 1.108's proxy writes no `Received Model Group=` but, under the error's first line,
    # `LiteLLM: model group 'bad-key' failed with the error above. No fallback was attempted.`
    ("model group '", rx(r"\bmodel group '(?P<g>[^'\s]+)' failed with the error above")),
)
_COOLDOWN_IDS = rx(r"cooldown_list=\[([^\]]*)\]")
_ID_IN_LIST = rx(r"'([^']+)'")

_NORMALISE = (
    (rx(r"\bsk-[\w*.\-]*|\*{3,}\w*"), "<key>"),
    (rx(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<id>"),
    (rx(r"\b(?:chatcmpl|req|call|msg|run|resp)[-_][A-Za-z0-9]{6,}\b"), "<id>"),
    (rx(r"\b[0-9a-fA-F]{16,}\b"), "<hex>"),
    (rx(r"\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (rx(r"\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b"), "<time>"),
    (rx(r"\b[a-z][a-z0-9+.\-]*://[^\s'\"<>)\]]+"), "<url>"),
    (rx(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"), "<ip>"),
    (rx(r"(?P<k>(?:Passed model|lookup_groups|model_group|model|Model)=)[^\s,'\")]+"), r"\g<k><model>"),
    (rx(r"`[^`\n]{1,120}`"), "`<name>`"),
    (rx(r"\b\d+(?:\.\d+)?"), "<n>"),
    (rx(r"\s+"), " "),
)


# A traceback's last line repeats the class before LiteLLM's own text:
# `litellm.exceptions.Timeout: litellm.Timeout: ...` is the same failure as `litellm.Timeout: ...`.
_QUALIFIED = rx(r"^(?:[\w.]*\.)?\w+: (?=litellm\.)")
# An SDK exception, anywhere in a line: what makes an application's log line a LiteLLM failure.
SDK_EXCEPTION = rx(r"(?<!['\"])\blitellm\.(?:exceptions\.)?(?:[A-Z]\w*(?:Error|Exception)|Timeout)\b")
_LITELLM_MARK = rx(r"(?i)litellm|proxy_cli\.py|proxy_server\.py")


def mentions_litellm(text: str) -> bool:
    """Is this record about LiteLLM at all (an application's own errors are not LiteLLM failures)?"""
    return _LITELLM_MARK.search(text) is not None


def core_message(message: str) -> tuple[str, str]:
    """(role hint, the error itself) of a record's first line / message."""
    m = _PROXY.search(message)
    if m:
        return "request", message[m.end():]
    m = _router_call(message)
    if m:
        return "call", message[m.end():]
    i = message.find(_FALLBACK_ECHO)
    if i >= 0:
        return "echo", message[i + len(_FALLBACK_ECHO):]
    m = SDK_EXCEPTION.search(message)
    if m:
        # The SDK's exception (bare, or after an application's own words): the error starts there.
        q = _QUALIFIED.match(message[m.start():])
        return "sdk", message[m.start() + (q.end() if q else 0):]
    return "log", message


def cut_suffixes(text: str) -> str:
    for suffix in _SUFFIXES:
        i = text.find(suffix)
        if i > 0:
            text = text[:i]
    return text


_DIGITS = str.maketrans("0123456789", "0000000000")
_CACHE: dict[str, str] = {}
_CACHE_MAX = 20000


_EXACT: dict[str, str] = {}


def signature(core: str) -> str:
    # A failure that recurs often recurs word for word (the proxy's call id is not part of `core`):
    # one dict lookup instead of the suffix cuts and the digit-blind key.
    found = _EXACT.get(core)
    if found is not None:
        return found
    result = _signature(core)
    if len(_EXACT) < 4096 and len(core) <= 1024:  # bounded: at most ~4 MB
        _EXACT[core] = result
    return result


def _signature(core: str) -> str:
    text = cut_suffixes(core)
    first = text.split("\n", 1)[0].strip() or text.strip()
    first = first[: MAX_SIGNATURE * 3]
    # Most failures repeat with other numbers only: remember the signature of the digit-blind text.
    key = first.translate(_DIGITS)
    found = _CACHE.get(key)
    if found is not None:
        return found
    result = _normalise(first)
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[key] = result
    return result


def _normalise(first: str) -> str:
    for pattern, repl in _NORMALISE:
        first = pattern.sub(repl, first)
    first = first.strip(" .")
    return first[:MAX_SIGNATURE]


def model_groups(text: str) -> list[str]:
    found: list[str] = []
    for literal, pattern in _MODEL_GROUP:
        if literal not in text:
            continue
        for m in pattern.finditer(text):
            g = m.group("g").strip(".'\"`,;:")
            if g and g not in found and g not in ("None", "<model>"):
                found.append(g)
    return found


def _router_call(message: str) -> re.Match[str] | None:
    return _ROUTER_CALL.match(message) if "Exception" in message else None


def router_deployment(message: str) -> str | None:
    m = _router_call(message)
    return m.group("deployment") if m and m.group("deployment") not in ("None", "") else None


def cooldown_ids(text: str) -> list[str]:
    if "cooldown_list=" not in text:
        return []
    m = _COOLDOWN_IDS.search(text)
    return _ID_IN_LIST.findall(m.group(1)) if m else []


# What a model-group or cooldown regex needs to find a match that starts in a text: if the proxy's
# wrapper before the error (`HH:MM:SS - ...(): Exception occured - litellm_call_id=<id> - `) holds none of
# these, every match lies in the error after it (a literal cannot straddle the wrapper's closing ` - `:
# none starts with a space or `-`), and the error repeats word for word from one failure to the next.
_NAME_LITERALS = tuple(literal for literal, _rx in _MODEL_GROUP) + ("model=", "cooldown_list=")
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {}


_NAME_RARE = tuple(literal for literal in _NAME_LITERALS if "odel" not in literal)


def _has_name_literal(wrapper: str) -> bool:
    """Does the proxy's wrapper hold one of _NAME_LITERALS? Five of them contain `odel`: one test
    for those, and loops rather than any(<generator>): this runs once per failure."""
    if "odel" in wrapper:
        for literal in _NAME_LITERALS:
            if literal in wrapper:
                return True
        return False
    for literal in _NAME_RARE:
        if literal in wrapper:
            return True
    return False


def names(head: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(model_groups(head), cooldown_ids(head)) of a record's message, memoised on the part after the
    proxy's wrapper (its call id and time differ on every request)."""
    return names_read(head)[:2]


def names_read(head: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """names(head), and whether they were read in the part after the proxy's wrapper only (so that another
    record with the same part, whatever its wrapper's time and call id, has the same: Triage.repeat)."""
    m = _PROXY.search(head, 0, 2048)
    if m is None or _has_name_literal(head[: m.end()]):
        return tuple(model_groups(head)), tuple(cooldown_ids(head)), False
    tail = head[m.end():]
    found = _NAMES.get(tail)
    if found is None:
        found = (tuple(model_groups(tail)), tuple(cooldown_ids(tail)), True)
        if len(_NAMES) < 4096:  # bounded: a head is at most 2 KB
            _NAMES[tail] = found
    return found


# The OpenAI SDK's `Connection error.` (its APIConnectionError, which LiteLLM wraps as a 500) is the same words for a
# refused port, a failed DNS lookup, a TLS failure and a connection reset: the proxy logs one message for four causes,
# and only the exception it chains, the traceback's first exception (Python prints a chain oldest first), says which.
_HIDES_CAUSE = rx(r"(?:^|[-:] )Connection error\.?(?:\.|\s|$)")
_TRACEBACK_HEAD = "Traceback (most recent call last):"
CAUSE_MARK = " (cause: "
TRUNCATED = "(litellm_truncated skipped"  # LiteLLM's marker where it cut a record's middle (_logging.py, 1.103-1.110)
CUT_CAUSE = "litellm_truncated cut the cause"
_SKIPPED = rx(r"\(litellm_truncated skipped \d+ chars\.")
_FRAME_FUNCTION = rx(r", line \d+, in (\w+)\s*$")


def _cut_here(line: str) -> bool:
    """Is this traceback line where LiteLLM's truncation cut it, in a frame (`  File ... (litellm_truncated`) or
    between two (`... (litellm_truncated`)? An exception line cut in its words (`httpcore.ConnectError: [SSL:
    CERTIFICATE_VERIFY_FAILED] certif... (litellm_truncated`) still names its cause."""
    i = line.find(TRUNCATED)
    return i >= 0 and (line.startswith((" ", "\t")) or not line[:i].strip(" ."))


def is_cut_cause(wording: str) -> bool:
    """Is a group's cause wording (with_cause's suffix) chained_cause's for a traceback cut before its cause?"""
    return CUT_CAUSE in wording


def hides_cause(core: str) -> bool:
    """Is the error's first line a wrapper that names no cause (`... - Connection error.`)?"""
    if "Connection error" not in core:
        return False
    first = core.split("\n", 1)[0]
    return _HIDES_CAUSE.search(first) is not None


def chained_cause(text: str, prefix: re.Pattern[str] | None = None) -> str | None:
    """The first exception line of a record's traceback (`socket.gaierror: [Errno -2] Name or service not known`):
    the root of the chain. None when the record has no traceback, or when its first exception is the same
    wrapper again (a traceback cut before the root shows no cause). `prefix`: what a collector left before each
    line (a record of a `--timestamps` log keeps each line's time), taken off each line first."""
    i = text.find(_TRACEBACK_HEAD)
    if i < 0:
        return None
    lines = text[i + len(_TRACEBACK_HEAD):].split("\n")
    unprefix = (lambda line: prefix.sub("", line, count=1)) if prefix is not None else (lambda line: line)
    frame = None
    for n, line in enumerate(lines):
        line = unprefix(line)
        if _cut_here(line):
            # LiteLLM cut the record's middle before the first exception: the cause is in the skipped part, and the
            # deepest frame that survived says where the call failed (`connect_tcp`: opening the connection).
            return f"{CUT_CAUSE} (last frame: {frame})" if frame else None
        if line.startswith("  File ") and "/contextlib.py" not in line:  # (a `with` block's exit: no place of its own)
            m = _FRAME_FUNCTION.search(line)
            frame = m.group(1) if m else frame
        if not line.strip() or line.startswith((" ", "\t")):
            continue  # the frames and their source lines
        if hides_cause(line) or line.startswith("Traceback"):
            return None
        if frame and _PLACELESS.match(line):
            # A reset with no words of where: the frame it was raised in is part of the cause (a TLS handshake
            # reset in aiohttp's connect is not a reset mid-response).
            return f"{line.strip()} (in {frame})"
        # An exception's message may go on over indented lines (aiohttp's `ContentLengthError: 400, message:`):
        # up to the blank line that ends it.
        words = [line.strip()]
        for more in lines[n + 1: n + 6]:
            more = unprefix(more)
            if not more.strip() or not more.startswith((" ", "\t")):
                break
            words.append(more.strip())
        return " ".join(words)
    return None


# OS errors whose words do not say where the connection broke (aiohttp and uvloop raise them bare): the root's frames do.
_PLACELESS = rx(r"(?:ConnectionResetError|ConnectionAbortedError|BrokenPipeError): ")


def root_frames(text: str, prefix: re.Pattern[str] | None = None) -> str | None:
    """The innermost frame lines (`  File ..., in create_connection`, without their source lines) above the first
    exception of a record's traceback, with that exception, when it is an OS error that says nothing of where it
    happened (_PLACELESS): aiohttp's TLS handshake that the other end reset is a bare `ConnectionResetError` under
    `_wrap_create_connection` (LiteLLM 1.103-1.110, uvloop), and LiteLLM's truncation usually cuts aiohttp's
    `ClientConnectorError` line after it. The rules read records without their frames (triage._without_frames): these
    lines are the evidence of the place (LD-DEPLOY-478). None otherwise. `prefix`: as chained_cause's."""
    i = text.find(_TRACEBACK_HEAD)
    if i < 0 or "Error: " not in text:
        return None
    lines = text[i + len(_TRACEBACK_HEAD):].split("\n")
    if prefix is not None:
        lines = [prefix.sub("", line, count=1) for line in lines]
    frames: list[str] = []
    for line in lines:
        if _cut_here(line):
            return None
        if line.startswith("  File "):
            frames.append(line)
            continue
        if not line.strip() or line.startswith((" ", "\t")):
            continue
        return "\n".join(frames[-4:] + [line.strip()]) if frames and _PLACELESS.match(line) else None
    return None


def cut_before_cause(text: str, prefix: re.Pattern[str] | None = None) -> str | None:
    """The traceback's last lines up to LiteLLM's truncation marker, from the deepest frame that survived, when the
    marker cut the traceback before its first exception (LiteLLM keeps the first and last ~2 KB of a record: an httpx
    connection failure's frames fill the first part, so `httpcore.ConnectError: [Errno -2] Name or service not known`
    is skipped). The rules read records without their frames (triage._without_frames): these few lines are the
    only evidence left of where the call failed (LD-DEPLOY-475). None when the marker is not there or an exception
    line precedes it. `prefix`: as chained_cause's."""
    if TRUNCATED not in text:
        return None
    i = text.find(_TRACEBACK_HEAD)
    if i < 0:
        return None
    lines = text[i + len(_TRACEBACK_HEAD):].split("\n")
    if prefix is not None:
        lines = [prefix.sub("", line, count=1) for line in lines]
    for n, line in enumerate(lines):
        if _cut_here(line):
            first = min((k for k in range(max(0, n - 10), n) if lines[k].startswith("  File ")), default=n)
            m = _SKIPPED.search(line)
            return "\n".join(lines[first:n] + [line[: m.end() if m else line.find(TRUNCATED) + len(TRUNCATED)]])
        if line.strip() and not line.startswith((" ", "\t")):
            return None  # an exception line survived: it is the cause (chained_cause)
    return None


def with_cause(signature_text: str, cause: str | None) -> str:
    """A signature with the normalised cause the record chains (the groups of `Connection error.` split by cause)."""
    if not cause:
        return signature_text
    return f"{signature_text}{CAUSE_MARK}{_normalise(cause[: MAX_SIGNATURE * 3])})"
