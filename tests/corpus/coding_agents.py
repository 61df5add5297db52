"""Coding agents in front of the proxy (forty-sixth pass, issue #9): how Claude Code, Gemini CLI and OpenAI's
Codex CLI print a failed call to the LiteLLM proxy, read from their npm releases (nothing run) and applied to
the same LiteLLM errors as the forty-second pass's `app:*` shapes (sdk_surfaces.py; `--app-forms` lists the
wordings with where they are, `--wrapped` scores them). Each wording is looked up in the release; a release
without it stops the script.

Claude Code 2.1.332 and Codex 0.171.0 ship a native binary (the npm package's optional dependency for the
platform: `@anthropic-ai/claude-code-linux-x64`, `@openai/codex@0.171.0-linux-x64`); Claude Code's is a Bun
executable that carries its JavaScript as text, Codex's a Rust one whose format strings are read as `strings`
would (their pieces). They are cited by byte offset (`file@offset`). Gemini CLI 0.61.0 ships a JS bundle, cited
by file:line.

What each prints for a failed call (the proxy's answer: status S, LiteLLM's exception `inner` as its message):

- Claude Code (ANTHROPIC_BASE_URL at the proxy, /v1/messages). LiteLLM 1.110.2 answers /v1/messages with the
  Anthropic envelope (proxy/anthropic_endpoints/endpoints.py `_anthropic_error_json_response` ->
  common_utils/anthropic_error_payload.py -> anthropic_interface/exceptions/exception_mapping_utils.py
  `create_error_response`: `{"type": "error", "error": {"type": <by status>, "message": inner}}`). The Anthropic
  SDK in the binary makes the error's message `${status} ${JSON.stringify(body)}` (class Ht, `makeMessage`);
  Claude Code's formatter (`irs`) then prints, with `Uae` taking `error.error.message` back out of the body
  (`jgt`) and putting the status before it:
  - any status without its own branch (400, 402, 408, ...): `API Error: S inner`;
  - 429 (API key, not a claude.ai login): `API Error: Request rejected (429) · inner` (the body's message);
  - 401/403 (interactive): `Please run /login · API Error: S inner`;
  - >= 500: `API Error: S inner. This is a server-side issue, usually temporary — try again in a moment. If it
    persists, check your inference gateway (localhost:4000).` (trailing `.!?…` of the message dropped first);
  - 404: `There's an issue with the selected model (M). It may not exist or you may not have access to it. Run
    /model to pick a different model.` (LiteLLM's message is not shown);
  - a message with a context-window phrase (`nyo`'s two; or the `_n` list for 400/413/422, less the `yn` vetoes):
    `Prompt is too long` alone; with `credit balance is too low`: `Credit balance is too low`; with `x-api-key`:
    `Invalid API key · Fix external API key` (LiteLLM's message dropped in these four).
- Claude Code 2.1.98 (`@anthropic-ai/claude-code` 2.1.98, the last release with cli.js; its formatter `xd8`): the
  same branches without the 5xx one, and the SDK's message printed whole: `API Error: 400 {"type":"error",...}`;
  for 429 the body's first `"message":"..."` (a regex, which stops at the first escaped quote).
- Gemini CLI (GOOGLE_GEMINI_BASE_URL at the proxy's generateContent route, which answers with LiteLLM's OpenAI
  envelope, `{"error": {"message": inner, "type": null, "param": null, "code": "S"}}`, serialized compact by
  Starlette's JSONResponse): @google/genai's `throwErrorIfNotOK` makes the error's message `JSON.stringify(body)`;
  the turn passes `{message, status}` on and `parseAndFormatApiError` prints `[API Error: {message}]`, with the
  AI Studio rate-limit sentence after it for a 429 (auth by GEMINI_API_KEY).
- Codex CLI (a model provider with base_url at the proxy): `unexpected status {status}: {body}`, the status
  as Rust's http crate prints it (`400 Bad Request`) and the body as the proxy sent it. Whether Codex takes the
  body's message out is code, not a string, and is not readable from the binary: the raw body is rendered.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from harvest_templates import npm_package

CLAUDE_CODE = ("@anthropic-ai/claude-code-linux-x64", "2.1.332", ("/claude",))
CLAUDE_CODE_JS = ("@anthropic-ai/claude-code", "2.1.98", ("/cli.js",))  # the last release that ships cli.js
CODEX = ("@openai/codex", "0.171.0-linux-x64", ("/bin/codex",))
GEMINI_CLI = ("@google/gemini-cli", "0.61.0", (".js",))
_CC_BINARY = "claude"
_CODEX_BINARY = "vendor/x86_64-unknown-linux-musl/bin/codex"
_GEMINI_CHUNK = "bundle/chunk-Y2J3C62M.js"
_GATEWAY = "localhost:4000"  # ANTHROPIC_BASE_URL=http://localhost:4000: Cps() names its host
_CC_MODEL = "claude-sonnet-4-5"
# Rust's http crate StatusCode Display: "{code} {canonical_reason}" (none for 529: "<unknown status code>").
_HTTP_REASON = {400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
                404: "Not Found", 408: "Request Timeout", 413: "Payload Too Large", 422: "Unprocessable Entity",
                429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
                503: "Service Unavailable", 504: "Gateway Timeout"}
_ANTHROPIC_TYPE = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                   404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error", 500: "api_error",
                   529: "overloaded_error"}  # LiteLLM 1.110.2 ANTHROPIC_ERROR_TYPE_MAP (else api_error)

SHAPES = ("app:claude_code", "app:claude_code_2_1_98", "app:gemini_cli", "app:codex")


def sites() -> dict[str, Path]:
    return {"claude-code": npm_package(*CLAUDE_CODE), "codex": npm_package(*CODEX),
            "gemini-cli": npm_package(*GEMINI_CLI), "claude-code-2.1.98": npm_package(*CLAUDE_CODE_JS)}


def present() -> bool:
    from harvest_templates import WHEELS

    return all((WHEELS / f"npm-{p.replace('/', '__')}-{v}" / "package").is_dir() for p, v, _ in
               (CLAUDE_CODE, CODEX, GEMINI_CLI, CLAUDE_CODE_JS))


@functools.lru_cache(maxsize=2)
def _binary(path: Path) -> bytes:
    return path.read_bytes()


def _bytes_at(site: Path, rel: str, needle: bytes) -> str:
    """`rel@offset` of `needle` in a binary; fails if the release lacks it."""
    data = _binary(site / rel)
    at = data.find(needle)
    if at < 0:
        raise SystemExit(f"{site}: {rel} holds no {needle!r}: the app changed its wording")
    return f"{rel}@{at}"


def _line_of(site: Path, rel: str, needle: str) -> str:
    for i, line in enumerate((site / rel).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return f"{rel}:{i}" + (f":{line.index(needle) + 1}" if len(line) > 2000 else "")  # a minified line: its column
    raise SystemExit(f"{site}: {rel} has no line holding {needle!r}: the app changed its wording")


_CONTEXT: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def context_phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Claude Code 2.1.332's context-window phrases (`nyo`'s two, then the `_n` list) and the phrases that
    veto the list (`yn`), read from the binary."""
    global _CONTEXT
    if not _CONTEXT[0]:
        data = _binary(sites()["claude-code"] / _CC_BINARY)
        m = re.search(rb'var _n=\[("maximum context length"[^\]]*)\],ot=\[([^\]]*)\],yn=\[\.\.\.ot,([^\]]*)\]', data)
        if not m:
            raise SystemExit("claude-code: the context-window phrase lists are gone")
        listed = tuple(json.loads(b"[" + m.group(1) + b"]"))
        veto = tuple(json.loads(b"[" + m.group(2) + b"]")) + tuple(json.loads(b"[" + m.group(3) + b"]"))
        _CONTEXT = (("prompt is too long", "input is too long for requested model") + listed, veto)
    return _CONTEXT


def forms() -> dict[str, str]:
    """Every wording the shapes use -> where it is in the release."""
    s = sites()
    cc, cx, gm, cc98 = s["claude-code"], s["codex"], s["gemini-cli"], s["claude-code-2.1.98"]
    v_cc, v_cx, v_gm = f"claude-code {CLAUDE_CODE[1]} ", f"codex {CODEX[1]} ", f"gemini-cli {GEMINI_CLI[1]} "
    v_cc98 = f"claude-code {CLAUDE_CODE_JS[1]} "
    return {
        "claude-code prefix": v_cc + _bytes_at(cc, _CC_BINARY, b'cu="API Error"'),
        "claude-code sdk message": v_cc + _bytes_at(cc, _CC_BINARY, b'if(n&&r)return`${n} ${r}`'),
        "claude-code body message": v_cc + _bytes_at(cc, _CC_BINARY, b"if(e.message.includes('{\"')){let n=jgt(e);if(n)return e.status?`${e.status} ${n}`:n}"),
        "claude-code generic": v_cc + _bytes_at(cc, _CC_BINARY, b'if(e instanceof Ht)return _i({content:`${cu}: ${Uae(e)}`,error:"unknown"})'),
        "claude-code 429": v_cc + _bytes_at(cc, _CC_BINARY, b'Ze=H?zos:"Request rejected (429)"'),
        "claude-code 401/403": v_cc + _bytes_at(cc, _CC_BINARY, b'`Please run /login \\xB7 ${cu}: ${H}`'),
        "claude-code 5xx": v_cc + _bytes_at(cc, _CC_BINARY, b'. This is a server-side issue, usually temporary \\u2014 try again in a moment.${y}'),
        "claude-code gateway": v_cc + _bytes_at(cc, _CC_BINARY, b' If it persists, check your inference gateway ('),
        "claude-code 404": v_cc + _bytes_at(cc, _CC_BINARY, b"`There's an issue with the selected model (${n}). It may not exist or you may not have access to it.${H?` Run ${H} to pick a different model.`"),
        "claude-code context": v_cc + _bytes_at(cc, _CC_BINARY, b'Dz="Prompt is too long"'),
        "claude-code context list": v_cc + _bytes_at(cc, _CC_BINARY, b'var _n=["maximum context length"'),
        "claude-code context test": v_cc + _bytes_at(cc, _CC_BINARY, b'return n.includes("prompt is too long")||n.includes("input is too long for requested model")'),
        "claude-code credit": v_cc + _bytes_at(cc, _CC_BINARY, b'e.message.toLowerCase().includes("credit balance is too low")'),
        "claude-code x-api-key": v_cc + _bytes_at(cc, _CC_BINARY, b'e.message.toLowerCase().includes("x-api-key")'),
        "claude-code invalid key": v_cc + _bytes_at(cc, _CC_BINARY, b'V$n="Invalid API key \\xB7 Fix external API key"'),
        "claude-code 2.1.98 generic": v_cc98 + _line_of(cc98, "cli.js", "if(q instanceof Error)return c9({content:`${KW}: ${q.message}`,error:\"unknown\"})"),
        "claude-code 2.1.98 429": v_cc98 + _line_of(cc98, "cli.js", 'w=A.match(/"message"\\s*:\\s*"([^"]*)"/)?.[1]||A'),
        "claude-code 2.1.98 401/403": v_cc98 + _line_of(cc98, "cli.js", "`Please run /login \u00b7 ${KW}: ${q.message}`"),
        "claude-code 2.1.98 404": v_cc98 + _line_of(cc98, "cli.js", "`There's an issue with the selected model (${K}). It may not exist or you may not have access to it. Run ${z} to pick a different model.`"),
        "claude-code 2.1.98 context": v_cc98 + _line_of(cc98, "cli.js", 'q.message.toLowerCase().includes("prompt is too long"))return c9({content:aF'),
        "claude-code 2.1.98 sdk message": v_cc98 + _line_of(cc98, "cli.js", "super(`${aq.makeMessage(q,K,_)}`)"),
        "gemini-cli API Error": v_gm + _line_of(gm, _GEMINI_CHUNK, "let text = `[API Error: ${error40.message}]`;"),
        "gemini-cli 429 sentence": v_gm + _line_of(gm, _GEMINI_CHUNK, 'var RATE_LIMIT_ERROR_MESSAGE_USE_GEMINI = "\\nPlease wait and try again later.'),
        "gemini-cli genai message": v_gm + _line_of(gm, _GEMINI_CHUNK, "const errorMessage = JSON.stringify(errorBody);"),
        "codex unexpected status": v_cx + _bytes_at(cx, _CODEX_BINARY, b"unexpected status "),
        "codex reconnecting": v_cx + _bytes_at(cx, _CODEX_BINARY, b"Reconnecting... "),
    }


def _rate_sentence() -> str:
    return ("\nPlease wait and try again later. To increase your limits, request a quota increase through AI "
            "Studio, or switch to another /auth method")


def _claude_code(status: int, inner: str) -> str:
    """Claude Code 2.1.332's `irs`, the branches a LiteLLM answer reaches (API key from ANTHROPIC_API_KEY)."""
    low = inner.lower()
    phrases, veto = context_phrases()
    if status == 429:
        return f"API Error: Request rejected (429) · {inner}"
    if any(p in low for p in phrases[:2]) or (status in (400, 413, 422) and any(p in low for p in phrases[2:])
                                               and not any(v in low for v in veto)):
        return "Prompt is too long"
    if "credit balance is too low" in low:
        return "Credit balance is too low"
    if "x-api-key" in low:
        return "Invalid API key · Fix external API key"
    if status in (401, 403):
        return f"Please run /login · API Error: {status} {inner}"
    if status == 404:
        return (f"There's an issue with the selected model ({_CC_MODEL}). It may not exist or you may not have "
                "access to it. Run /model to pick a different model.")
    if status >= 500:
        return (f"API Error: {status} {re.sub(r'[.!?…]+$', '', inner)}. This is a server-side issue, usually "
                f"temporary — try again in a moment. If it persists, check your inference gateway ({_GATEWAY}).")
    return f"API Error: {status} {inner}"


def _claude_code_2_1_98(status: int, inner: str) -> str:
    """Claude Code 2.1.98's formatter (cli.js `xd8`): the SDK's message, `${status} ${JSON.stringify(body)}`,
    printed whole after `API Error: `."""
    body = json.dumps({"type": "error", "error": {"type": _ANTHROPIC_TYPE.get(status, "api_error"), "message": inner}},
                      ensure_ascii=False, separators=(",", ":"))
    message = f"{status} {body}"
    low = message.lower()
    if status == 429:
        m = re.search(r'"message"\s*:\s*"([^"]*)"', body)
        return f"API Error: Request rejected (429) · {m.group(1) if m and m.group(1) else body}"
    if "prompt is too long" in low:
        return "Prompt is too long"
    if "Your credit balance is too low" in message:
        return "Credit balance is too low"
    if "x-api-key" in low:
        return "Invalid API key · Fix external API key"
    if status in (401, 403):
        return f"Please run /login · API Error: {message}"
    if status == 404:
        return (f"There's an issue with the selected model ({_CC_MODEL}). It may not exist or you may not have "
                "access to it. Run /model to pick a different model.")
    return f"API Error: {message}"


def shapes(status: int, inner: str) -> list[tuple[str, str]]:
    """(shape, text) for the agents, from the proxy's status and LiteLLM's exception (module doc)."""
    openai_body = json.dumps({"error": {"message": inner, "type": None, "param": None, "code": str(status)}},
                             ensure_ascii=False, separators=(",", ":"))
    gemini = f"[API Error: {openai_body}]" + (_rate_sentence() if status == 429 else "")
    reason = _HTTP_REASON.get(status, "<unknown status code>")
    codex = f"unexpected status {status} {reason}: {openai_body}"
    return [("app:claude_code", _claude_code(status, inner)),
            ("app:claude_code_2_1_98", _claude_code_2_1_98(status, inner)),
            ("app:gemini_cli", gemini), ("app:codex", codex)]


# ---------------------------------------------------------------------------------------------------------------
# Fifty-second pass (issue #9): more coding agents, and their retry lines. Read from their npm releases as above
# (nothing run; byte offsets in the native binaries, `file@offset`, or file:line).
#
# - Cline CLI 3.0.65 (npm `cline`, whose binary is the optional dependency `@cline/cli-linux-x64` 3.0.65, a Bun
#   executable carrying its JavaScript as text). Its headless output (`cline -y "task"`, not JSON) prints a status
#   notice as `\n[status] {message}\n` and a failed run as `error: {message}` on stderr (the colour codes a copy
#   drops). The message is the AI SDK error's, taken apart by `wZ` (the body's `error.message` first): LiteLLM's
#   exception. A provider error the AI SDK calls retryable (APICallError.isRetryable: 408, 409, 429, >= 500) is
#   retried 3 times (`EO=3`), each announced `provider error — retrying (attempt n/3)`; 401/403 ("auth") and a
#   context-window error are not. A context-window error (the status 400, 413 or 422, a `Bc` phrase and no `Gc`
#   rate-limit phrase, read from the binary) is announced `context window exceeded — compacting and retrying`; a
#   fresh task has no history to compact, so it ends as `The request exceeds the model's context window and there
#   is no conversation history to compact — ... (provider reported: {message})` (`Eq0`, class eZ).
# - Claude Code 2.1.98 (cli.js): its own retry loop (`d6z`: 401, 408, 409, 429 for an API key, >= 500; 10 tries,
#   `C6z=10`, backoff 500 ms * 2^(n-1)) yields an `api_error` system message per retry, which the REPL shows from
#   the 4th on (`$=Y<4`): `  ⎿ {message}` (`⎿`, a space and a no-break space; the SDK's `${status} ${JSON.stringify(body)}`, cut at 1000 characters
#   with `…` unless verbose) and under it `Retrying in 4 seconds… (attempt 4/10)`. Claude Code 2.1.332 no longer
#   shows these messages in the transcript (`if(l.subtype==="api_error"){return null}`); its spinner says only
#   `API error · retrying in 4s · attempt 4/10` (no message: not a shape). Gemini CLI 0.61.0's retry is a loading
#   phrase, `Trying to reach {model} (Attempt n/m)` (interactiveCli-F3TDVF3E.js), with no message either; its
#   `Attempt n failed with status S. Retrying with backoff...` is a debug log line. Neither is a shape.
# - opencode 1.18.33 (`opencode-linux-x64`, Bun): `opencode run` prints a session error as `Error: {message}`,
#   the message `d9`'s (the AI SDK's message, LiteLLM's exception, unless it is the bare status text). Its TUI shows
#   a retry (SessionRetry `ga`: the AI SDK's isRetryable, a status >= 500, or the message or body matching one of
#   the `Rd` patterns, read from the binary) as `{message}[ (click to expand)] [retrying in 1s attempt #1]`, the
#   message cut at 80 characters with `…` (`(click to expand)` when longer than 120), `Provider is overloaded` when
#   it says `Overloaded`.
# - Kilo Code's CLI 7.7.9 (`@kilocode/cli-linux-x64` 7.7.9; `@kilocode/cli` 7.8.1's own platform package is not on
#   the registry), an opencode fork: the same `Error: {message}` for `kilo run` (so no shape of its own) and the
#   same retry line, cut with `...` instead of `…`, its retry patterns (`o22`) with `\b` around the statuses.
#   Roo Code has no release on npm that prints its errors (its CLI is not published there): not read.
CLINE = ("@cline/cli-linux-x64", "3.0.65", ("/bin/cline",))
KILO = ("@kilocode/cli-linux-x64", "7.7.9", ("/bin/kilo",))
_KILO_BINARY = "bin/kilo"
OPENCODE = ("opencode-linux-x64", "1.18.33", ("/bin/opencode",))
_CLINE_BINARY = "bin/cline"
_OPENCODE_BINARY = "bin/opencode"
_CLINE_RETRIES = 3  # EO=3
_CC_RETRIES = 10  # C6z=10
MORE_SHAPES = ("app:cline", "app:claude_code_2_1_98_retry", "app:opencode_run", "app:opencode_retry", "app:kilo_retry")
# The retry lines that cut the message at 80 characters: lossy cuts (as tests/corpus/cuts.py's), whose words may not
# decide; `sdk_surfaces.py --wrapped` takes them only when `--only` names them (its whole-text shapes are held to
# "no rule answer wrong", which a cut cannot be).
CUT_SHAPES = ("app:opencode_retry", "app:kilo_retry")


def more_sites() -> dict[str, Path]:
    return {"cline": npm_package(*CLINE), "opencode": npm_package(*OPENCODE), "kilo": npm_package(*KILO)}


def more_present() -> bool:
    from harvest_templates import WHEELS

    return present() and all((WHEELS / f"npm-{p.replace('/', '__')}-{v}" / "package").is_dir()
                             for p, v, _ in (CLINE, OPENCODE, KILO))


def more_forms() -> dict[str, str]:
    """Every wording the fifty-second pass's shapes use -> where it is in the release (fails if one is gone)."""
    s = {**sites(), **more_sites()}
    cl, oc, cc98, kl = s["cline"], s["opencode"], s["claude-code-2.1.98"], s["kilo"]
    v_kl = f"kilo {KILO[1]} "
    cc = s["claude-code"]
    v_cl, v_oc = f"cline {CLINE[1]} ", f"opencode {OPENCODE[1]} "
    v_cc98, v_cc = f"claude-code {CLAUDE_CODE_JS[1]} ", f"claude-code {CLAUDE_CODE[1]} "
    return {
        "cline status line": v_cl + _bytes_at(cl, _CLINE_BINARY, b'[status]${Q.reset} ${U}\n`)'),
        "cline error line": v_cl + _bytes_at(cl, _CLINE_BINARY, b'console.error(`${X.red}error:${X.reset} ${q}`)'),
        "cline error event": v_cl + _bytes_at(cl, _CLINE_BINARY, b'case"error":if($(),!q.recoverable||Y.verbose)g(L(q.error,{modelId:Y.modelId}));break;'),
        "cline error text": v_cl + _bytes_at(cl, _CLINE_BINARY, b'if(_(b,c?.modelId))return U();if(b instanceof Error)return b.message;return String(b)}'),
        "cline body message": v_cl + _bytes_at(cl, _CLINE_BINARY, b'if(K.error&&typeof K.error==="object"&&typeof K.error.message==="string"&&K.error.message.trim())return K.error.message;'),
        "cline retry notice": v_cl + _bytes_at(cl, _CLINE_BINARY, b'message:`provider error \\u2014 retrying (attempt ${Q}/${EO})`'),
        "cline retries": v_cl + _bytes_at(cl, _CLINE_BINARY, b'EO=3,Rq0=1000,Pq0=15000'),
        "cline retryable": v_cl + _bytes_at(cl, _CLINE_BINARY, b'isRetryable:q=W!=null&&(W===408||W===409||W===429||W>=500)'),
        "cline not retried": v_cl + _bytes_at(cl, _CLINE_BINARY, b'if($==="auth"||$==="context_window_exceeded")return!1;return this.state.lastErrorRetryable===!0'),
        "cline context class": v_cl + _bytes_at(cl, _CLINE_BINARY, b'if($!==void 0&&AB.has($))return"auth";if($!==void 0&&!XO.has($))return"unknown";'),
        "cline context phrases": v_cl + _bytes_at(cl, _CLINE_BINARY, b"Bc=[/\\bcontext\\s*(?:length|window|limit)\\b/i"),
        "cline context notice": v_cl + _bytes_at(cl, _CLINE_BINARY, b'message:"context window exceeded \\u2014 compacting and retrying"'),
        "cline no history": v_cl + _bytes_at(cl, _CLINE_BINARY, b"Eq0=\"The request exceeds the model's context window and there is no conversation history to compact"),
        "cline provider reported": v_cl + _bytes_at(cl, _CLINE_BINARY, b'super(Q?.trim()?`${Z} (provider reported: ${Q.trim()})`:Z)'),
        "claude-code 2.1.98 retry line": v_cc98 + _line_of(cc98, "cli.js", '"Retrying in ",P," ",E,"\u2026 (attempt"," ",Y,"/",w,")"'),
        "claude-code 2.1.98 retry from 4": v_cc98 + _line_of(cc98, "cli.js", "retryAttempt:Y,error:A,retryInMs:O,maxRetries:w}=_,$=Y<4"),
        "claude-code 2.1.98 retry cut": v_cc98 + _line_of(cc98, "cli.js", "v=!z&&F.length>cXK"),
        "claude-code 2.1.98 retry prefix": v_cc98 + _line_of(cc98, "cli.js", '"  ","\u23bf \u00a0"'),
        "claude-code 2.1.98 retried": v_cc98 + _line_of(cc98, "cli.js", "if(q.status===408)return!0;if(q.status===409)return!0;if(q.status===429)return!m7()||sV6();if(q.status===401)return pi6(),!0;"),
        "claude-code 2.1.98 tries": v_cc98 + _line_of(cc98, "cli.js", "C6z=10"),
        "claude-code 2.1.98 backoff": v_cc98 + _line_of(cc98, "cli.js", "I6z=500"),
        "claude-code api_error hidden": v_cc + _bytes_at(cc, _CC_BINARY, b'if(l.subtype==="api_error"){return null}'),
        "claude-code spinner retry": v_cc + _bytes_at(cc, _CC_BINARY, b'` \\xB7 retrying in ${R}s`,F=` \\xB7 attempt ${m.retryAttempt}/${m.maxRetries}`'),
        "opencode run error": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'function w(r){if(r.startsWith("Error: "))r=r.slice(7);E(T.TEXT_DANGER_BOLD+"Error: "+T.TEXT_NORMAL+r)}'),
        "opencode run session.error": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'if("data"in J.error&&J.error.data&&"message"in J.error.data)M=String(J.error.data.message);'),
        "opencode message": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'if(!$.responseBody||$.statusCode&&K!==c8[$.statusCode])return K;'),
        "opencode retryable": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'if(!e.data.isRetryable&&!(h!==void 0&&h>=500)&&!Dn(e.data.message)&&!Dn(e.data.responseBody))return;'),
        "opencode overloaded": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'return{message:e.data.message.includes("Overloaded")?"Provider is overloaded":e.data.message}'),
        "opencode retry patterns": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b"Rd=[/429|500|502|503|504|524/i,"),
        "opencode retry line": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'n0=` [retrying ${$f?`in ${$f} `:""}attempt #${nn.attempt}]`'),
        "opencode retry cut": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'if(nn.message.length>80)return nn.message.slice(0,80)+"\\u2026"'),
        "opencode retry expand": v_oc + _bytes_at(oc, _OPENCODE_BINARY, b'return nn.message.length>120}'),
        "gemini-cli retry phrase": f"gemini-cli {GEMINI_CLI[1]} " + _line_of(s["gemini-cli"], "bundle/interactiveCli-F3TDVF3E.js", "`Trying to reach ${getDisplayString(retryStatus.model)} (Attempt ${retryStatus.attempt + 1}/${retryStatus.maxAttempts})`"),
        "gemini-cli retry debug": f"gemini-cli {GEMINI_CLI[1]} " + _line_of(s["gemini-cli"], _GEMINI_CHUNK, "message = `Attempt ${attempt} failed with status ${errorStatus}. Retrying with backoff...`;"),
        "kilo run error": v_kl + _bytes_at(kl, _KILO_BINARY, b'function de6(H){if(H.startsWith("Error: "))H=H.slice(7);el$(ZW0.TEXT_DANGER_BOLD+"Error: "+ZW0.TEXT_NORMAL+H)}'),
        "kilo retryable": v_kl + _bytes_at(kl, _KILO_BINARY, b'if(!H.data.isRetryable&&!(D!==void 0&&D>=500)&&!$p1(H.data.message)&&!$p1(H.data.responseBody))return;'),
        "kilo overloaded": v_kl + _bytes_at(kl, _KILO_BINARY, b'return{message:H.data.message.includes("Overloaded")?"Provider is overloaded":H.data.message}'),
        "kilo retry patterns": v_kl + _bytes_at(kl, _KILO_BINARY, b"o22=[/\\b(?:429|500|502|503|504|524)\\b/i,"),
        "kilo retry line": v_kl + _bytes_at(kl, _KILO_BINARY, b'x1=` [retrying ${b0?`in ${b0} `:""}attempt #${dI.attempt}]`'),
        "kilo retry cut": v_kl + _bytes_at(kl, _KILO_BINARY, b'if(dI.message.length>80)return dI.message.slice(0,80)+"...";'),
        "kilo retry expand": v_kl + _bytes_at(kl, _KILO_BINARY, b'return dI.message.length>120}'),
    }


_JS_REGEX = rb"/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\[\n])+)/i"


def _js_regex_list(data: bytes, name: bytes) -> tuple[re.Pattern[str], ...]:
    """The case-insensitive regex literals of the JS array `name=[/.../i,...]` in a binary."""
    at = data.find(name + b"=[/")
    if at < 0:
        raise SystemExit(f"the release holds no {name!r} pattern list: the app changed its wording")
    pos, out = at + len(name) + 2, []
    while True:
        m = re.compile(_JS_REGEX).match(data, pos)
        if m is None:
            break
        out.append(re.compile(m.group(1).decode("utf-8"), re.I))
        pos = m.end()
        if data[pos:pos + 1] != b",":
            break
        pos += 1
    if data[pos:pos + 1] != b"]" or not out:
        raise SystemExit(f"{name!r}: the pattern list could not be read")
    return tuple(out)


@functools.lru_cache(maxsize=1)
def cline_patterns() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """Cline's context-window phrases (`Bc`) and the rate-limit ones that veto them (`Gc`)."""
    data = _binary(more_sites()["cline"] / _CLINE_BINARY)
    return _js_regex_list(data, b"Bc"), _js_regex_list(data, b"Gc")


@functools.lru_cache(maxsize=1)
def opencode_patterns() -> tuple[re.Pattern[str], ...]:
    """opencode's retryable-message patterns (`Rd`)."""
    return _js_regex_list(_binary(more_sites()["opencode"] / _OPENCODE_BINARY), b"Rd")


@functools.lru_cache(maxsize=1)
def kilo_patterns() -> tuple[re.Pattern[str], ...]:
    """Kilo's retryable-message patterns (`o22`)."""
    return _js_regex_list(_binary(more_sites()["kilo"] / _KILO_BINARY), b"o22")


def _ai_sdk_retryable(status: int) -> bool:
    return status in (408, 409, 429) or status >= 500


def _cline(status: int, inner: str) -> str:
    """Cline CLI 3.0.65, headless, a fresh task: the notices, then the error (module comment above)."""
    context, rate = cline_patterns()
    if status in (401, 403):
        return f"error: {inner}"
    if status in (400, 413, 422) and not any(p.search(inner) for p in rate) and any(p.search(inner) for p in context):
        return ("\n[status] context window exceeded — compacting and retrying\n"
                "error: The request exceeds the model's context window and there is no conversation history to "
                "compact — the system prompt, tools, and current input alone are too large. Reduce attached content "
                f"or switch to a model with a larger context window. (provider reported: {inner.strip()})")
    if _ai_sdk_retryable(status):
        notices = "".join(f"\n[status] provider error — retrying (attempt {n}/{_CLINE_RETRIES})\n"
                          for n in range(1, _CLINE_RETRIES + 1))
        return f"{notices}error: {inner}"
    return f"error: {inner}"


def _claude_code_2_1_98_retry(status: int, inner: str) -> str | None:
    """Claude Code 2.1.98's REPL while it retries (the 4th try, after 500 ms * 2^3): the SDK's message and the line."""
    if not (status in (401, 408, 409, 429) or status >= 500):
        return None
    body = json.dumps({"type": "error", "error": {"type": _ANTHROPIC_TYPE.get(status, "api_error"), "message": inner}},
                      ensure_ascii=False, separators=(",", ":"))
    message = f"{status} {body}"
    if len(message) > 1000:
        message = message[:1000] + "…"
    return f"  ⎿ \u00a0{message}\n     Retrying in 4 seconds… (attempt 4/{_CC_RETRIES})"


def _opencode_retry(status: int, inner: str, response_body: str, patterns=None, ellipsis: str = "…") -> str | None:
    """opencode 1.18.33's TUI retry line (the first retry, a second in); Kilo's with its patterns and `...`."""
    patterns = opencode_patterns() if patterns is None else patterns
    if not (_ai_sdk_retryable(status) or any(p.search(inner) for p in patterns)
            or any(p.search(response_body) for p in patterns)):
        return None
    message = "Provider is overloaded" if "Overloaded" in inner else inner
    shown = message[:80] + ellipsis if len(message) > 80 else message
    return shown + (" (click to expand)" if len(message) > 120 else "") + " [retrying in 1s attempt #1]"


def more_shapes(status: int, inner: str, cuts: bool = True) -> list[tuple[str, str]]:
    """(shape, text) for the fifty-second pass's agents and retry lines (module comment above); the lines that cut
    the message (CUT_SHAPES) only with `cuts`."""
    response_body = json.dumps({"error": {"message": inner, "type": None, "param": None, "code": str(status)}},
                               ensure_ascii=False, separators=(",", ":"))
    out = [("app:cline", _cline(status, inner)), ("app:opencode_run", f"Error: {inner}")]
    if (text := _claude_code_2_1_98_retry(status, inner)) is not None:
        out.append(("app:claude_code_2_1_98_retry", text))
    if cuts and (text := _opencode_retry(status, inner, response_body)) is not None:
        out.append(("app:opencode_retry", text))
    if cuts and (text := _opencode_retry(status, inner, response_body, kilo_patterns(), "...")) is not None:
        out.append(("app:kilo_retry", text))
    return out
