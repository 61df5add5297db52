"""Take a LiteLLM proxy's error out of the words LibreChat or Continue put around it.

Both apps call the proxy with a TypeScript client, which turns the proxy's error body into a message of its
own, and then add their own words. Each shape is what their code prints (tests/fixtures/app_framings/
generate_js_apps.mjs runs it on the lab's real LiteLLM error bodies; js_apps.json is its output):

- openai-node (LibreChat through LangChain, Continue's `cn` through @continuedev/openai-adapters) makes
  `${status} ${error.message}` of the body (core/error.ts `APIError.makeMessage`): the body's `code` and
  `type` are gone, the HTTP status is the message's first word (`403 litellm.BadRequestError: ...`).
- LangChain (@langchain/openai 1.5.8 utils/client.cjs:22-25, as @librechat/agents pins it) appends
  `\\n\\nTroubleshooting URL: https://docs.langchain.com/.../errors/MODEL_AUTHENTICATION/\\n` for a 401, 404,
  429 or a 400 about tool calls: LangChain's page for the status, not the failure's (and not an api_base).
- LibreChat stores and shows `An error occurred while processing the request: ${err.message}` (an
  error content part), and its logger (@librechat/data-schemas src/config/winston.ts) prints
  `YYYY-MM-DD HH:mm:ss error: [where] words ${err.message}` (JSON records are logrecords.py's).
- Continue's IDE extension (@continuedev/core llm/index.ts:429 BaseLLM.fetch) throws
  `HTTP ${status} ${statusText} from ${url}\\n\\n${body}`: the proxy's own body, after the URL it called
  (the proxy's address, not a deployment's api_base).
- Continue's `cn` (@continuedev/cli 1.5.47) shows `Error: ${message}` (util/formatError.ts), warns
  `Retrying LLM API call (attempt 1/4) after 1000ms delay. Error: ${message}` and `LLM API call failed
  after 4 attempts. Last error: ${message}` (util/exponentialBackoff.ts:222-240), and logs
  `YYYY-MM-DD HH:mm:ss.SSS [session] [error]: Non-retryable LLM API error {"status":..,"message":..}` with
  the stack under it (util/logger.ts:73-115).

`peel` gives the text back as it would be pasted bare: the app's words removed, and an openai-node
message turned back into the body it was made from (`{"error": {"message": ..., "code": "403"}}`), so the
rules, the facts (status, model group) and the estimate read the same thing as for the proxy's answer.
"""

from __future__ import annotations

import json

from .. import safejson
from .pastedconfig import rx

# The apps' wordings, written once. Plain ASCII pattern strings: this module compiles them as `str` regexes (a
# paste), logs/applines.py as `bytes` regexes (`.encode()`: the lines of a log file). They live here, not in a
# module of their own, because `diagnose`'s paste path imports this module anyway (one more module is one more
# import on every paste).
#
# winston's header, as LibreChat's console prints it (@librechat/data-schemas src/config/winston.ts:
# `YYYY-MM-DD HH:mm:ss level: `) and Continue's cn.log (@continuedev/cli 1.5.47 src/util/logger.ts:73-115:
# `YYYY-MM-DD HH:mm:ss.SSS [session] [level]: `).
WINSTON_DATE = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
CN_MILLIS = r"\.\d{3}"
# winston's npm levels, all of them: what the log reader reads (applines.LEVELS). A paste is peeled at four of
# them only (_PASTE_LEVELS).
WINSTON_LEVELS = r"(?:error|warn|info|http|verbose|debug|silly)"
# LibreChat's error content part: what it stores and shows for a failed request.
LIBRECHAT_ERROR_PART = r"An error occurred while processing the request: "
# Continue's cn on stderr (@continuedev/cli 1.5.47 src/util/exponentialBackoff.ts:222-240, console.warn /
# console.error): a retry, the last error after every attempt failed; the streaming call's own loop (1.5.47's
# bundle) words them its way; in headless mode a non-retryable error. Each is followed by openai-node's message.
CN_RETRY = r"Retrying LLM API call \(attempt \d+/\d+\) "
CN_RETRY_DELAY = r"after \d+ms delay\. Error: "  # (the rest of CN_RETRY's line, up to the message)
CN_LAST_ERROR = r"LLM API call failed after \d+ attempts\. Last error: "
CN_STREAM_RETRY = r"Retrying request \(\d+/\d+\)\. Error: "
CN_STREAM_LAST_ERROR = r"Failed after \d+ attempts\. Last error: "
CN_NON_RETRYABLE = r"Non-retryable LLM API error: "
# The JS stack winston prints under a record (cn.log): the error's first line, the message's other lines, then
# `    at ...` frames, the first of them within this many lines of the first line. Skipped twice, in two ways
# (_drop_stack here, applines.stack_end for a log): see _drop_stack.
STACK_FRAME_WITHIN = 20

# The levels a pasted LibreChat console line or cn.log record is peeled at (as first written; winston's other
# three, `http`, `verbose`, `silly`, are not: widening it would change what a paste reads).
_PASTE_LEVELS = r"(?:error|warn|info|debug)"
# LangChain's link, on a line of its own after a blank line (older releases: js.langchain.com/docs/troubleshooting).
# A JSON log may cut it (LibreChat's CONSOLE_JSON truncates long strings with "...").
_TROUBLESHOOTING = r"(?m)\n*^Troubleshooting URL: https://(?:docs|js|python)\.langchain\.com/\S*[ \t]*$\n?"
# The apps' words before a client's message, at a line start.
_APP_PREFIX = (
    r"^(?:" + LIBRECHAT_ERROR_PART  # LibreChat's error content part
    + r"|" + WINSTON_DATE + r" " + _PASTE_LEVELS + r": (?:\[[^\]\n]{1,200}\][^\n]{0,120}? )?"  # LibreChat's console
    + r"|" + CN_RETRY + CN_RETRY_DELAY  # cn
    + r"|" + CN_LAST_ERROR  # cn
    + r"|" + CN_STREAM_RETRY + r"|" + CN_STREAM_LAST_ERROR  # cn's streaming call
    + r"|" + CN_NON_RETRYABLE  # cn's stderr in headless mode
    + r"|Error: )"  # cn's chat line
)
# openai-node's `${status} ${message}` (optionally after the class name a TypeScript app prints first).
_SDK_MESSAGE = r"(?:[A-Z]\w*(?:Error|Exception): )?(?P<s>[1-5]\d\d) (?P<m>\S[^\n]*)$"
_FRAMED_SDK = _APP_PREFIX + _SDK_MESSAGE
# Without the apps' words, only a message LiteLLM writes: its exceptions', and the proxy's own (LiteLLM 1.103.0
# router.py "No deployments available", proxy/auth "Authentication Error, ...", proxy_server.py "Invalid model
# name passed in", "No connected db.", "Budget has been exceeded!").
_BARE_SDK = (
    r"^(?:[A-Z]\w*(?:Error|Exception): )?(?P<s>[1-5]\d\d) (?P<m>(?:litellm\.|No deployments available|Authentication Error, "
    r"|/[\w/.]+: Invalid model name passed in|No connected db\.|Budget has been exceeded!)[^\n]*)$"
)
# Continue's IDE: the header line before the proxy's body.
_IDE_HEADER = r"^HTTP (?P<s>[1-5]\d\d) (?P<reason>[^\n]*?) from https?://\S+\s*$"
# cn's log record and the stack winston prints under it.
_CN_RECORD = r"^" + WINSTON_DATE + CN_MILLIS + r" \[\w+\] \[" + _PASTE_LEVELS + r"\]: (?P<msg>[^{\n]*?) ?(?P<meta>\{.*\})\s*$"
_STACK_FRAME = r"^\s+at \S"
_QUICK = ("Troubleshooting URL: ", "An error occurred while processing", "Error: ", " from http", "LLM API call",
          "] [error]: ", " error: ")
# A line that starts with an openai-node message (LangChain's, pasted with no app words).
_QUICK_SDK = r"(?m)^(?:[A-Z]\w*(?:Error|Exception): )?[1-5]\d\d (?:litellm\.|No |Authentication Error|/|Budget )"


# (sixty-third pass) Node's printout of an openai-node error (util.inspect, as console.error or an uncaught rejection
# shows it: `Class: 500 message`, the stack, then the error's own fields `{ status: 500, headers: ..., error: {
# message: '...', type: null, param: null, code: '500' }, code: '500', ... }`, openai core/error.js's APIError).
# When the body it carries (`error:`) is the proxy's answer to a status-less `APIConnectionError` (code 500,
# unwrap.connection_error_span's reading), the `status: 500` field is that wrapper's too: it is dropped, as the
# `500` of the first line is once the body is read as its message. Only the field before that body, within the
# fields a client prints ahead of it (status, headers, request id). Tried only when both substrings are in the text.
_NODE_WRAPPER_BODY = (
    r"(?<![\w'\"])error: \{\s*message: (?:'litellm\.APIConnectionError: (?:[^'\\]|\\.)*'"
    r"|\"litellm\.APIConnectionError: (?:[^\"\\]|\\.)*\"|`litellm\.APIConnectionError: (?:[^`\\]|\\.)*`)"
    r"[^{}]*?,\s*code: (?:'500'|500)\s*\}"
)
_NODE_STATUS_FIELD = r"(?m)^[ \t]*status: 500,[ \t]*\n|(?<=\{ )status: 500, |(?<=, )status: 500, "
_NODE_FIELDS_BEFORE_BODY = 4000  # characters between the field and the body: a client's headers may be printed whole


def _wrapper_status_dropped(text: str) -> str | None:
    """The text without Node's `status: 500` field of an error whose body is the proxy's status-less
    `APIConnectionError` (above); None when there is none."""
    body = rx(_NODE_WRAPPER_BODY).search(text)
    if body is None:
        return None
    lo = max(0, body.start() - _NODE_FIELDS_BEFORE_BODY)
    fields = [m for m in rx(_NODE_STATUS_FIELD).finditer(text, lo, body.start())]
    if not fields:
        return None
    m = fields[-1]
    return text[:m.start()] + text[m.end():]


def _body(status: str, message: str) -> str:
    """The proxy's error body an openai-node message was made from (its `type` and `param` are not in it)."""
    # (Non-ASCII kept as it is: the rules read words, not `\\u` escapes.)
    return json.dumps({"error": {"message": message, "code": status}}, ensure_ascii=False)


def _sdk_line(line: str) -> str | None:
    """A line of the apps' words around an openai-node message, as the proxy's body; None if not one."""
    m = rx(_FRAMED_SDK).match(line) or rx(_BARE_SDK).match(line)
    if m is None or m.group("m").startswith("status code (no body)"):
        return None
    return _body(m.group("s"), m.group("m"))


def _cn_record(line: str) -> str | None:
    """cn's log record: the body of the client's message in its metadata."""
    m = rx(_CN_RECORD).match(line)
    if m is None:
        return None
    try:
        meta = safejson.loads(m.group("meta"))
    except ValueError:
        return None
    message = meta.get("message") if isinstance(meta, dict) else None
    if not isinstance(message, str):
        return None
    inner = rx(_SDK_MESSAGE).match(message.split("\n", 1)[0])
    if inner is None:
        return m.group("msg") + "\n" + message
    rest = message.split("\n", 1)[1:] if "\n" in message else []
    return "\n".join([_body(inner.group("s"), inner.group("m")), *rest])


def _drop_stack(lines: list[str], j: int) -> None:
    """Remove the stack winston printed under cn's record at lines[j:]: the error's message again (its first
    line `Class: 401 ...` and the lines of a multi-line message), then the `    at ...` frames.

    The log reader walks the same stack (logs/applines.stack_end), on purpose apart from this walk: it does
    another thing with it. This removes lines from what the user pasted, so a stack goes only when its first
    line is openai-node's message of a LiteLLM error (_BARE_SDK: the record's message again); any other first
    line may be the failure itself. The reader only finds where a record ends (the stack stays in the record),
    so any `Name: message` first line will do, and it walks offsets in a bytes buffer cut at a read's `limit`,
    decoding and copying nothing (it runs at every line under an app's record). The frame's indentation
    differs too: `\\s` here (any white space of a str line, a no-break space too), spaces and tabs there."""
    if j >= len(lines) or not rx(_BARE_SDK).match(lines[j]):
        return
    k = j + 1
    while k < len(lines) and k - j < STACK_FRAME_WITHIN and not rx(_STACK_FRAME).match(lines[k]):
        k += 1
    if k < len(lines) and rx(_STACK_FRAME).match(lines[k]):
        while k < len(lines) and rx(_STACK_FRAME).match(lines[k]):
            k += 1
        del lines[j:k]


def peel(text: str) -> str | None:
    """The text with LibreChat's and Continue's framings undone (module docstring), or None when it has none."""
    did = False
    if "status: 500" in text and "litellm.APIConnectionError: " in text and (
            dropped := _wrapper_status_dropped(text)) is not None:
        text, did = dropped, True
    if not any(word in text for word in _QUICK) and not rx(_QUICK_SDK).search(text):
        return text.strip("\n") if did else None
    if "Troubleshooting URL: " in text:
        cut = rx(_TROUBLESHOOTING).sub("\n", text)
        did = cut != text
        text = cut
    lines = text.split("\n")
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        ide = rx(_IDE_HEADER).match(line)
        if ide and i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].lstrip().startswith("{"):
            i += 2  # the body follows the blank line: it is what was pasted bare
            did = True
            continue
        if ide:
            out.append(f"HTTP {ide.group('s')} {ide.group('reason')}")
            i += 1
            did = True
            continue
        body = _sdk_line(line) if (line[:1].isdigit() or line[:1].isupper()) else None
        if body is None and "] [" in line:
            body = _cn_record(line)
            if body is not None:
                _drop_stack(lines, i + 1)
        if body is not None:
            did = True
            if body not in seen:  # cn's retries repeat the same message
                seen.add(body)
                out.append(body)
            i += 1
            continue
        out.append(line)
        i += 1
    if not did:
        return None
    rest = "\n".join(out).strip("\n")
    return rest if rest.strip() else None
