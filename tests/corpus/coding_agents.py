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
  - a 400 whose message holds a context-window phrase (`nyo`, or `aee` with the phrase list `_n`): `Prompt is too
    long` alone.
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

import json
import re
from pathlib import Path

from harvest_templates import npm_package

CLAUDE_CODE = ("@anthropic-ai/claude-code-linux-x64", "2.1.332", ("/claude",))
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

SHAPES = ("app:claude_code", "app:gemini_cli", "app:codex")


def sites() -> dict[str, Path]:
    return {"claude-code": npm_package(*CLAUDE_CODE), "codex": npm_package(*CODEX),
            "gemini-cli": npm_package(*GEMINI_CLI)}


def present() -> bool:
    from harvest_templates import WHEELS

    return all((WHEELS / f"npm-{p.replace('/', '__')}-{v}" / "package").is_dir() for p, v, _ in
               (CLAUDE_CODE, CODEX, GEMINI_CLI))


def _bytes_at(site: Path, rel: str, needle: bytes) -> str:
    """`rel@offset` of `needle` in a binary; fails if the release lacks it."""
    data = (site / rel).read_bytes()
    at = data.find(needle)
    if at < 0:
        raise SystemExit(f"{site}: {rel} holds no {needle!r}: the app changed its wording")
    return f"{rel}@{at}"


def _line_of(site: Path, rel: str, needle: str) -> str:
    for i, line in enumerate((site / rel).read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return f"{rel}:{i}"
    raise SystemExit(f"{site}: {rel} has no line holding {needle!r}: the app changed its wording")


_CONTEXT_PHRASES: tuple[str, ...] = ()


def context_phrases() -> tuple[str, ...]:
    """Claude Code's context-window phrases (`nyo`'s two and the `_n` list), read from the binary."""
    global _CONTEXT_PHRASES
    if not _CONTEXT_PHRASES:
        data = (sites()["claude-code"] / _CC_BINARY).read_bytes()
        m = re.search(rb'var _n=\[("maximum context length"[^\]]*)\]', data)
        if not m:
            raise SystemExit("claude-code: the context-window phrase list is gone")
        _CONTEXT_PHRASES = ("prompt is too long", "input is too long for requested model",
                            *json.loads(b"[" + m.group(1) + b"]"))
    return _CONTEXT_PHRASES


def forms() -> dict[str, str]:
    """Every wording the shapes use -> where it is in the release."""
    s = sites()
    cc, cx, gm = s["claude-code"], s["codex"], s["gemini-cli"]
    v_cc, v_cx, v_gm = f"claude-code {CLAUDE_CODE[1]} ", f"codex {CODEX[1]} ", f"gemini-cli {GEMINI_CLI[1]} "
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
        "gemini-cli API Error": v_gm + _line_of(gm, _GEMINI_CHUNK, "let text = `[API Error: ${error40.message}]`;"),
        "gemini-cli 429 sentence": v_gm + _line_of(gm, _GEMINI_CHUNK, 'var RATE_LIMIT_ERROR_MESSAGE_USE_GEMINI = "\\nPlease wait and try again later.'),
        "gemini-cli genai message": v_gm + _line_of(gm, _GEMINI_CHUNK, "const errorMessage = JSON.stringify(errorBody);"),
        "codex unexpected status": v_cx + _bytes_at(cx, _CODEX_BINARY, b"unexpected status "),
        "codex reconnecting": v_cx + _bytes_at(cx, _CODEX_BINARY, b"Reconnecting... "),
    }


def _rate_sentence() -> str:
    return ("\nPlease wait and try again later. To increase your limits, request a quota increase through AI "
            "Studio, or switch to another /auth method")


def shapes(status: int, inner: str) -> list[tuple[str, str]]:
    """(shape, text) for the three agents, from the proxy's status and LiteLLM's exception (module doc)."""
    low = inner.lower()
    if status == 404:
        cc = (f"There's an issue with the selected model ({_CC_MODEL}). It may not exist or you may not have access "
              "to it. Run /model to pick a different model.")
    elif status in (400, 413) and any(p in low for p in context_phrases()):
        cc = "Prompt is too long"
    elif status == 429:
        cc = f"API Error: Request rejected (429) · {inner}"
    elif status in (401, 403):
        cc = f"Please run /login · API Error: {status} {inner}"
    elif status >= 500:
        cc = (f"API Error: {status} {re.sub(r'[.!?…]+$', '', inner)}. This is a server-side issue, usually "
              f"temporary — try again in a moment. If it persists, check your inference gateway ({_GATEWAY}).")
    else:
        cc = f"API Error: {status} {inner}"
    openai_body = json.dumps({"error": {"message": inner, "type": None, "param": None, "code": str(status)}},
                             ensure_ascii=False, separators=(",", ":"))
    gemini = f"[API Error: {openai_body}]" + (_rate_sentence() if status == 429 else "")
    reason = _HTTP_REASON.get(status, "<unknown status code>")
    codex = f"unexpected status {status} {reason}: {openai_body}"
    return [("app:claude_code", cc), ("app:gemini_cli", gemini), ("app:codex", codex)]
