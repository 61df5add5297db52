"""LibreChat's and Continue's log lines: where the reader finds a LiteLLM proxy error the app logged in its words.

The paste path already takes the proxy's error out of these apps' words (diagnosis/jsframings.py); this module
is what `--log` needs on top, for the logs the apps' own loggers write (tests/fixtures/app_logs/, made by
generate_app_logs.mjs with the apps' real code):

- LibreChat's console (@librechat/data-schemas src/config/winston.ts): `YYYY-MM-DD HH:mm:ss error: [where]
  words ${err.message}`, the level coloured (`\\x1b[31merror\\x1b[39m: `) and every line of the message too;
  its CONSOLE_JSON and `error-%DATE%.log` records are JSON (`{"level":"error","message":...}`), read as JSON.
- Continue's `cn.log` (@continuedev/cli 1.5.47 src/util/logger.ts): `YYYY-MM-DD HH:mm:ss.SSS [session]
  [error]: Non-retryable LLM API error {"status":400,"message":"400 No connected db.",...}` with the error's
  stack under it (its first line, the message again, then `    at ...` frames).
- `cn`'s stderr (src/util/exponentialBackoff.ts:222-240, console.warn / console.error): one line per retry,
  `Retrying LLM API call (attempt 1/4) after 1000ms delay. Error: ${message}`, then, if every attempt
  failed, `LLM API call failed after 4 attempts. Last error: ${message}`; the streaming call's own loop words
  them `Retrying request (1/9). Error: ${message}` and `Failed after 11 attempts. Last error: ${message}`
  (1.5.47's bundle, its defaults: 10 retries, the first 2 not shown); in headless mode a non-retryable error as
  `Non-retryable LLM API error: ${message}`.

The message is openai-node's `${status} ${body message}`: for the proxy's own errors (`429 No deployments
available ...`, `400 No connected db.`) it has no `litellm` word, which is how the triage told a LiteLLM
failure from the app's own. `proxy_error` says whether a record carries one (what jsframings.peel turns
back into the proxy's body), its message, and whether it is a retry (one attempt of a request that may
still succeed: counted as a failed call, not a failed request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..regexcache import rx
from .. import safejson
from ..diagnosis import jsframings

# The apps' wordings are jsframings' (written once there, as str patterns), compiled here as bytes patterns.
_WINSTON_LEVELS = jsframings.WINSTON_LEVELS.encode()
# A winston header at a line start: LibreChat's console (the level maybe coloured) and cn.log's (its session
# in brackets, then the level in brackets). Alternatives of reader.APP (group names `wdate`, `wlevel`) and of
# reader.NEXT (where a record starts). (jsframings peels a pasted record with narrower ones of its own: a session
# of `\w+`, no colour, four levels. Both kept as they were: making them one would change what one side reads.)
_WINSTON_DATE = jsframings.WINSTON_DATE.encode() + rb"(?:" + jsframings.CN_MILLIS.encode() + rb")?"
_WINSTON_BEFORE_LEVEL = rb" (?:\[[\w\-]{1,40}\] \[|(?:\x1b\[\d{1,2}m)?)"
_WINSTON_AFTER_LEVEL = rb"(?:\]|\x1b\[\d{1,2}m)?: "
WINSTON = (rb"(?P<wdate>" + _WINSTON_DATE + rb")" + _WINSTON_BEFORE_LEVEL
           + rb"(?P<wlevel>" + _WINSTON_LEVELS + rb")" + _WINSTON_AFTER_LEVEL)
WINSTON_NEXT = _WINSTON_DATE + _WINSTON_BEFORE_LEVEL + _WINSTON_LEVELS + _WINSTON_AFTER_LEVEL
# winston's colorize wraps every line of a message (`\x1b[31mAvailable Model Group Fallbacks=None\x1b[39m`): a
# line that starts with a colour and ends with colors' foreground reset is a continuation, not LiteLLM's coloured
# print (which ends with `\x1b[0m`). Used in reader.NEXT's look-ahead after `\x1b[`.
NOT_WINSTON_LINE = rb"(?![^\n]{0,4000}\x1b\[39m\r?\n)"
# cn's stderr lines (BARE alternatives in the reader: no header of their own). A retry's start is enough here.
CN_BARE = rb"(?P<app>" + "|".join((jsframings.CN_RETRY, jsframings.CN_LAST_ERROR, jsframings.CN_STREAM_RETRY,
                                   jsframings.CN_STREAM_LAST_ERROR, jsframings.CN_NON_RETRYABLE)).encode() + rb")"
# openai-node's message starts with the HTTP status; in cn.log it is inside the JSON (`"message":"400 ...`).
_STATUS = rx(r'(?:^|[\s:"])[1-5]\d\d ')
# A line of these apps' logs at its start (after a collector's prefix): the reader then looks for their levels too.
APP_LINE = rx(WINSTON + rb"|" + CN_BARE + rb'|\{"level":"' + _WINSTON_LEVELS + rb'"')
_RETRY = rx(jsframings.CN_RETRY + jsframings.CN_RETRY_DELAY + "|" + jsframings.CN_STREAM_RETRY)
# The stack winston prints under a record: the error's first line (`Name: message`), the message's other lines,
# then `    at ...` frames.
_STACK_HEAD = rx(rb"[A-Z]\w{0,80}: ")
_FRAME = rx(rb"[ \t]+at \S")
_ANSI = rx(r"\x1b\[[0-9;]*m")
LEVELS = {b"error": "ERROR", b"warn": "WARNING", b"info": "INFO", b"http": "INFO", b"verbose": "DEBUG",
          b"debug": "DEBUG", b"silly": "DEBUG"}


@dataclass(frozen=True, slots=True)
class ProxyError:
    """The proxy's error in an app's log record: openai-node's `${status} ${message}` and the role it plays."""

    message: str  # `429 No deployments available ...` (the proxy's words after the status)
    retry: bool  # a retry warning (a failed attempt), not the request's end


def proxy_error(text: str) -> ProxyError | None:
    """The LiteLLM proxy error a LibreChat / Continue record carries (module docstring), or None."""
    first = _ANSI.sub("", text.split("\n", 1)[0]) if "\x1b" in text else text.split("\n", 1)[0]
    if _STATUS.search(first) is None:
        return None  # no `${status} ` in it: not openai-node's message (a Python app's bare SDK line, most often)
    retry = _RETRY.match(first) is not None
    # The first line only: cn.log keeps the whole message in the line's JSON metadata, and a console record's
    # other lines are the rest of the message (LangChain's troubleshooting URL), which the group does not need.
    peeled = jsframings.peel(first)
    if not peeled or not peeled.startswith('{"error"'):
        return None
    head, _, rest = peeled.partition("\n")
    try:
        body = safejson.loads(head)["error"]
        message = f"{body['code']} {body['message']}"
    except (ValueError, KeyError, TypeError):
        return None
    if rest and not rest.startswith("{"):
        message += "\n" + rest  # the message's other lines (cn.log keeps them in its JSON)
    return ProxyError(message=message, retry=retry)


def stack_end(buf: bytes, pos: int, limit: int) -> int:
    """Where the JS stack that winston printed at buf[pos:] ends (after its last `    at ...` frame), or `pos`
    when no stack starts there. Its first line is `Name: message`; the message may take a few lines. (The
    paste path walks the same stack apart, for another end: jsframings._drop_stack says why.)"""
    if not _STACK_HEAD.match(buf, pos):
        return pos
    p = pos
    for _ in range(jsframings.STACK_FRAME_WITHIN):  # the message's lines before the first frame
        eol = buf.find(b"\n", p, limit)
        if eol < 0:
            return pos
        p = eol + 1
        if _FRAME.match(buf, p):
            break
    else:
        return pos
    while p < limit and _FRAME.match(buf, p):
        eol = buf.find(b"\n", p, limit)
        p = eol + 1 if eol >= 0 else limit
    return p


def level_of(app: re.Match[bytes]) -> str | None:
    """The level of a winston header matched by reader.APP, or None when the match is another app's header."""
    wlevel = app.group("wlevel") if "wlevel" in app.re.groupindex else None
    return LEVELS.get(wlevel) if wlevel else None




_QUIET = (b"info", b"http", b"verbose", b"debug", b"silly")
_MESSAGE_START = rx(rb"(?:\x1b\[[0-9;]*m|[ :\-|\]])*")


def quiet(app: re.Match[bytes], buf: bytes, ls: int, limit: int) -> bool:
    """Is the winston record matched at buf[ls:] an INFO/DEBUG line that is no failure? The triage counts an app's
    INFO record only when its message starts with the SDK's exception (`litellm.RateLimitError: ...`, a shipper
    that lost the level); skipping the others here saves building a record for every INFO line that mentions
    `error: `."""
    if "wlevel" not in app.re.groupindex or app.group("wlevel") not in _QUIET:
        return False
    return not buf.startswith(b"litellm.", _MESSAGE_START.match(buf, app.end(), limit).end())
