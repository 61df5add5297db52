"""Self-hosted OpenAI-compatible servers' error responses, as the server sends them and as LiteLLM shows them.

    python tests/corpus/selfhosted_bodies.py --list                 # every source response: server, status, file:line
    python tests/corpus/selfhosted_bodies.py --write [--python P]   # tests/corpus/selfhosted_bodies.jsonl
    python tests/corpus/selfhosted_bodies.py --score [--misses]     # diagnose every text in the committed file

Users put vLLM, SGLang or llama.cpp's llama-server behind LiteLLM; when the server refuses a request the user
sees the server's HTTP error body, wrapped by LiteLLM (`litellm.NotFoundError: Hosted_vllmException - The model
`llama3` does not exist. ...`), or the bare body when they paste what the server returned. SOURCES below holds,
for each refusal a client can get, the status and the JSON body the server's own code builds (file:line of the
release read, HOLDOUT_EVAL.md eighty-eighth pass; the example values -- model names, token counts -- are ours).

`--write` serves each body from a local stdlib HTTP server and calls it through the real LiteLLM SDK (the
interpreter given by `--python`, default the repo's pinned .venv; `--python` may be repeated to add another
release) with the provider prefixes users use for that server, records `str(exception)` and its class, and adds
the bare body (compact JSON, as the server serialises it). Texts that two LiteLLM releases render the same are
kept once, with both versions. The category follows tests/corpus/README.md's conventions; `basis` says why.

These are texts generated from the servers' source, not real pastes: they flatter rules (no traceback, no app's
framing, no cut), so their figure measures coverage of the shapes, not accuracy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "selfhosted_bodies.jsonl"
PINNED = "/work/main/.venv/bin/python"
MARK = "@selfhosted@ "

VLLM = ("vllm", "0.34.0")
SGLANG = ("sglang", "0.5.23")
LLAMACPP = ("llama.cpp server (llama-cpp-python 0.3.36 vendor/llama.cpp)", "0.3.36")

# The prefixes users give LiteLLM for each server (LiteLLM's docs: hosted_vllm/ for vLLM, openai/ with an
# api_base for any OpenAI-compatible server).
PREFIXES = {"vllm": ("hosted_vllm/", "openai/"), "sglang": ("openai/", "hosted_vllm/"), "llama.cpp": ("openai/",)}


def _vllm(message, err_type, code, param=None):
    # vllm/entrypoints/serve/engine/protocol.py:79-87 ErrorResponse(error=ErrorInfo(message, type, param, code)),
    # dumped by starlette's JSONResponse (compact, key order of the model).
    return {"error": {"message": message, "type": err_type, "param": param, "code": code}}


def _sglang(message, err_type, code, param=None):
    # sglang/srt/entrypoints/openai/protocol.py:106-111: a flat ErrorResponse, no "error" wrapper
    # (serving_base.py:205-221 create_error_response).
    return {"object": "error", "message": message, "type": err_type, "param": param, "code": code}


def _llamacpp(message, err_type, code, **extra):
    # tools/server/server-common.cpp:36-78 format_error_response {code, message, type}, wrapped as {"error": ...}
    # (server.cpp:78, server-http.cpp:842); nlohmann::json orders keys alphabetically.
    return {"error": dict(sorted({"code": code, "message": message, "type": err_type, **extra}.items()))}


def _src(server, where, status, body, category, subcategory, basis, endpoint="chat", notes=""):
    return {"server": server, "where": where, "status": status, "body": body, "category": category,
            "subcategory": subcategory, "basis": basis, "endpoint": endpoint, "notes": notes}


SOURCES = {
    # --- vLLM 0.34.0 ---------------------------------------------------------------------------------------
    "vllm-model-does-not-exist": _src(
        VLLM, "vllm/entrypoints/serve/engine/serving.py:75-84 (_check_model)", 404,
        _vllm("The model `llama3` does not exist. Valid aliases: meta-llama/Llama-3.1-8B-Instruct.",
              "NotFoundError", 404, "model"),
        "routing", "model_not_found", "the model name sent is not one the server serves (--served-model-name)"),
    "vllm-prompt-tokens-over-context": _src(
        VLLM, "vllm/renderers/params.py:543-551 (_token_len_check)", 400,
        _vllm("This model's maximum context length is 4096 tokens. However, your prompt contains 5000 input "
              "tokens, which exceeds this limit even without any output tokens. Please reduce the length of the "
              "input prompt. (parameter=input_tokens, value=5000)", "BadRequestError", 400, "input_tokens"),
        "other", "context_window_exceeded", "convention 7: the prompt is longer than the context window"),
    "vllm-prompt-chars-over-context": _src(
        VLLM, "vllm/renderers/params.py:404-413 (_text_len_check)", 400,
        _vllm("This model's maximum context length is 4096 tokens. However, your prompt contains 40000 "
              "characters (more than 32768 characters, which is the upper bound for 4096 input tokens). Please "
              "reduce the length of the input prompt. (parameter=input_text, value=40000)",
              "BadRequestError", 400, "input_text"),
        "other", "context_window_exceeded", "convention 7: the prompt is longer than the context window"),
    "vllm-max-tokens-over-max-model-len": _src(
        VLLM, "vllm/renderers/params.py:277-284 (__post_init__), params named at "
              "entrypoints/openai/chat_completion/protocol.py:689-702", 400,
        _vllm("max_tokens=8192 cannot be greater than max_model_len=4096. Please request fewer output tokens. "
              "(parameter=max_tokens, value=8192)", "BadRequestError", 400, "max_tokens"),
        "other", "context_window_exceeded", "convention 7: the requested output does not fit the context window"),
    "vllm-decoder-prompt-longer-than-max-model-len": _src(
        VLLM, "vllm/v1/engine/input_processor.py:583-596 (_validate_prompt_len)", 400,
        _vllm("The decoder prompt (length 5000) is longer than the maximum model length of 4096. Make sure that "
              "`max_model_len` is no smaller than the number of text tokens.", "BadRequestError", 400),
        "other", "context_window_exceeded", "convention 7: the prompt is longer than the context window"),
    "vllm-decoder-prompt-plus-output-at-max-model-len": _src(
        VLLM, "vllm/v1/engine/input_processor.py:593-603", 400,
        _vllm("The decoder prompt (length 4096) plus the number of requested output tokens (at least 1) is "
              "longer than the maximum model length of 4096. Make sure that `max_model_len` is no smaller than "
              "the number of text tokens (prompt + requested output tokens).", "BadRequestError", 400),
        "other", "context_window_exceeded", "convention 7: the prompt fills the context window"),
    "vllm-auto-tool-choice-needs-flags": _src(
        VLLM, "vllm/renderers/online_renderer.py:276-282", 400,
        _vllm('"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
              "BadRequestError", 400),
        "other", "unsupported_params",
        "as blind_eval_2's b2-other-vllm-auto-tool-choice-flags: a request feature the server refuses",
        notes="the fix is a vLLM start flag; the precedent labels the refusal, not the flag"),
    "vllm-required-tool-choice-needs-parser": _src(
        VLLM, "vllm/renderers/online_renderer.py:283-292", 400,
        _vllm('tool_choice="required" requires --tool-call-parser to be set', "BadRequestError", 400),
        "other", "unsupported_params", "as b2-other-vllm-auto-tool-choice-flags: a request feature the server refuses"),
    "vllm-no-chat-template": _src(
        VLLM, "vllm/renderers/hf.py:891-896 (ChatTemplateResolutionError, a VLLMClientError: 400)", 400,
        _vllm("As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat "
              "template if the tokenizer does not define one.", "BadRequestError", 400),
        "other", "bad_request", "as blind_eval_3's b3-hosted-vllm-no-chat-template",
        notes="the fix is vLLM's --chat-template (or /v1/completions for a base model); labelled as the precedent"),
    "vllm-lora-found-not-loaded": _src(
        VLLM, "vllm/entrypoints/openai/models/serving.py:351-358 (resolve_lora, reached from _check_model "
              "serve/engine/serving.py:62-73 with VLLM_ALLOW_RUNTIME_LORA_UPDATING)", 400,
        _vllm("LoRA adapter 'sql-lora' was found but could not be loaded.", "BadRequestError", 400),
        "deployment", "lora_load_failed", "the server found the adapter but failed to load it (its files, rank "
        "or target modules do not fit the base model or --max-lora-rank)", notes="medium"),
    "vllm-temperature-out-of-range": _src(
        VLLM, "vllm/sampling_params.py:672-677 (_verify_args)", 400,
        _vllm("temperature must be in [0, 2], got 3.0. (parameter=temperature, value=3.0)",
              "BadRequestError", 400, "temperature"),
        "other", "bad_request", "convention 7: a parameter value the server refuses"),
    "vllm-top-p-out-of-range": _src(
        VLLM, "vllm/sampling_params.py:678-683", 400,
        _vllm("top_p must be in (0, 1], got 1.5. (parameter=top_p, value=1.5)", "BadRequestError", 400, "top_p"),
        "other", "bad_request", "convention 7: a parameter value the server refuses"),
    "vllm-logprobs-over-max": _src(
        VLLM, "vllm/sampling_params.py:935-941 (--max-logprobs)", 400,
        _vllm("Requested sample logprobs of 25, which is greater than max allowed: 20 "
              "(parameter=logprobs, value=25)", "BadRequestError", 400, "logprobs"),
        "other", "bad_request", "convention 7: a parameter value over the server's limit"),
    "vllm-json-schema-not-supported-by-xgrammar": _src(
        VLLM, "vllm/v1/structured_output/backend_xgrammar.py:533-536", 400,
        _vllm("The provided JSON schema contains features not supported by xgrammar.", "BadRequestError", 400),
        "other", "invalid_response_format", "convention 7: a response_format the server cannot follow"),
    "vllm-queue-overflow-503": _src(
        VLLM, "vllm/exceptions.py:162-174 (QueueOverflowError; type = HTTPStatus(503).phrase, "
              "serve/exception_handling/error_response.py:39-42)", 503,
        _vllm("The engine is currently busy and cannot accept new requests. Please try again later or on a "
              "different instance.", "Service Unavailable", 503),
        "quota_rate", "provider_overloaded", "convention 2: the server is overloaded; back off, retry, fall back"),
    "vllm-max-queued-tokens-503": _src(
        VLLM, "vllm/exceptions.py:177-189 (MaxQueuedTokensError)", 503,
        _vllm("The engine has reached its prefill token backlog limit. Please try again later or on a different "
              "instance.", "Service Unavailable", 503),
        "quota_rate", "provider_overloaded", "convention 2: the server is overloaded; back off, retry, fall back"),
    "vllm-engine-dead-500": _src(
        VLLM, "vllm/v1/engine/exceptions.py:22 (EngineDeadError.CLIENT_MESSAGE; error_response.py:68-72)", 500,
        _vllm("The server had an error while processing your request.", "InternalServerError", 500),
        "deployment", "upstream_5xx", "convention 2: another upstream 5xx"),
    "vllm-embeddings-not-supported-501": _src(
        VLLM, "vllm/entrypoints/pooling/embed/api_router.py:24 (NotImplementedError -> 501, error_response.py:84-87)",
        501, _vllm("The model does not support Embeddings API", "NotImplementedError", 501),
        "routing", "wrong_endpoint_for_model", "addendum A: this model is not served on the endpoint called",
        endpoint="embedding"),
    # --- SGLang 0.5.23 -------------------------------------------------------------------------------------
    "sglang-input-over-context": _src(
        SGLANG, "sglang/srt/managers/tokenizer_manager.py:1347-1351 (ValueError -> 400, "
                "entrypoints/openai/serving_base.py:123-128)", 400,
        _sglang("The input (5000 tokens) is longer than the model's context length (4096 tokens).",
                "BadRequest", 400),
        "other", "context_window_exceeded", "convention 7: the prompt is longer than the context window"),
    "sglang-total-tokens-over-context": _src(
        SGLANG, "sglang/srt/managers/tokenizer_manager.py:1369-1378", 400,
        _sglang("Requested token count exceeds the model's maximum context length of 4096 tokens. You requested "
                "a total of 5000 tokens: 3000 tokens from the input messages and 2000 tokens for the completion. "
                "Please reduce the number of tokens in the input messages or the completion to fit within the "
                "limit.", "BadRequest", 400),
        "other", "context_window_exceeded", "convention 7: prompt + max_tokens over the context window"),
    "sglang-request-queue-full-503": _src(
        SGLANG, "sglang/srt/managers/scheduler.py:3562-3585 (abort 503) -> tokenizer_manager.py:1919 "
                "HTTPException -> serving_base.py:119-121 (type = str(status))", 503,
        _sglang("The request queue is full.", "503", 503),
        "quota_rate", "provider_overloaded", "convention 2: the server's queue is full (--max-queued-requests)"),
    "sglang-lora-not-enabled": _src(
        SGLANG, "sglang/srt/managers/tokenizer_manager.py:3736-3740; a model 'base:name' is read as a LoRA "
                "adapter (entrypoints/openai/serving_base.py:40-60)", 400,
        _sglang("LoRA adapter '8b' was requested, but LoRA is not enabled. Please launch the server with "
                "--enable-lora flag and preload adapters using --lora-paths or /load_lora_adapter endpoint.",
                "BadRequest", 400),
        "other", "unsupported_params",
        "as b2-other-vllm-auto-tool-choice-flags: a request feature (a LoRA adapter) the server refuses",
        notes="medium: a model name with a colon (Ollama-style 'llama3:8b') sent to SGLang gives this too"),
    "sglang-lora-never-loaded": _src(
        SGLANG, "sglang/srt/managers/tokenizer_manager.py:3768-3772", 400,
        _sglang("Got LoRA adapter that has never been loaded: sql-lora\nAll loaded adapters: "
                "dict_keys(['math-lora']).", "BadRequest", 400),
        "routing", "model_not_found", "the adapter named is not one the server serves"),
    "sglang-messages-empty": _src(
        SGLANG, "sglang/srt/entrypoints/openai/serving_chat.py:1105-1106 (serving_base.py:90-92)", 400,
        _sglang("Messages cannot be empty.", "BadRequestError", 400),
        "other", "bad_request", "convention 7: a malformed request"),
    # --- llama.cpp's llama-server (vendored in llama-cpp-python 0.3.36) -------------------------------------
    "llamacpp-request-exceeds-context-size": _src(
        LLAMACPP, "tools/server/server-context.cpp:3186-3191; server-task.cpp:1502-1507 adds n_prompt_tokens, n_ctx",
        400, _llamacpp("request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it",
                       "exceed_context_size_error", 400, n_ctx=4096, n_prompt_tokens=5000),
        "other", "context_window_exceeded", "convention 7: the prompt is longer than the context (--ctx-size)"),
    "llamacpp-input-larger-than-max-context": _src(
        LLAMACPP, "tools/server/server-context.cpp:3175-3181 (non-causal: embeddings)", 400,
        _llamacpp("input (5000 tokens) is larger than the max context size (4096 tokens). skipping",
                  "exceed_context_size_error", 400, n_ctx=4096, n_prompt_tokens=5000),
        "other", "context_window_exceeded", "convention 7: the input is longer than the context", endpoint="embedding"),
    "llamacpp-router-model-not-found": _src(
        LLAMACPP, "tools/server/server-models.cpp:1864-1867 (router mode)", 400,
        _llamacpp("model 'llama3' not found", "invalid_request_error", 400),
        "routing", "model_not_found", "the model name sent is not one the router serves"),
    "llamacpp-router-model-not-loaded": _src(
        LLAMACPP, "tools/server/server-models.cpp:1870-1873 (router mode, --no-models-autoload)", 400,
        _llamacpp("model is not loaded", "invalid_request_error", 400),
        "deployment", "model_not_loaded", "the server knows the model but has not loaded it (autoload off)",
        notes="medium: load it on the router or start with autoload"),
    "llamacpp-loading-model-503": _src(
        LLAMACPP, "tools/server/server-http.cpp:311-324 (middleware_server_state)", 503,
        _llamacpp("Loading model", "unavailable_error", 503),
        "deployment", "model_loading", "as train2's d2-openhands-llamacpp-loading-model-503"),
    "llamacpp-invalid-api-key-401": _src(
        LLAMACPP, "tools/server/server-http.cpp:289-300 (--api-key set, another key sent)", 401,
        _llamacpp("Invalid API Key", "authentication_error", 401),
        "auth", "invalid_api_key", "convention 5's neighbour: the server refused the key LiteLLM sent"),
    "llamacpp-file-not-found-404": _src(
        LLAMACPP, "tools/server/server-http.cpp:199-210 (httplib error handler, a path the server has not)", 404,
        _llamacpp("File Not Found", "not_found_error", 404),
        "deployment", "wrong_api_base", "addendum B: the server has no such path (api_base's path is wrong)"),
    "llamacpp-tools-need-jinja-500": _src(
        LLAMACPP, "tools/server/server-common.cpp:1237-1238 (std::runtime_error -> 500 server_error, server.cpp:64-67)",
        500, _llamacpp("tools param requires --jinja flag", "server_error", 500),
        "other", "unsupported_params", "as b2-other-vllm-auto-tool-choice-flags: a request feature the server refuses"),
    "llamacpp-image-input-needs-mmproj-500": _src(
        LLAMACPP, "tools/server/server-common.cpp:1155-1156 (runtime_error -> 500)", 500,
        _llamacpp("image input is not supported - hint: if this is unexpected, you may need to provide the mmproj",
                  "server_error", 500),
        "other", "unsupported_params", "a request feature (image input) the server refuses, as the tool refusals",
        notes="medium: the hint names the server's --mmproj; or the model is not multimodal"),
    "llamacpp-embeddings-not-enabled-501": _src(
        LLAMACPP, "tools/server/server-context.cpp:5374", 501,
        _llamacpp("This server does not support embeddings. Start it with `--embeddings`", "not_supported_error", 501),
        "deployment", "server_feature_disabled", "convention 1: the server was started without --embeddings",
        endpoint="embedding"),
}


def _family(server: tuple[str, str]) -> str:
    return "llama.cpp" if server[0].startswith("llama.cpp") else server[0]


def _bare(body: dict) -> str:
    # The bytes the server sends: compact JSON (starlette / orjson / nlohmann all write without spaces).
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


# ---- --emit: runs under an interpreter that has litellm; prints one JSON line per (source, prefix) ----------

def emit() -> None:
    import http.server
    import threading

    import litellm

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("content-length") or 0))
            source = SOURCES[self.path.strip("/").split("/")[0]]
            data = _bare(source["body"]).encode()
            self.send_response(source["status"])
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    version = litellm.__version__ if hasattr(litellm, "__version__") else _dist_version()
    for sid, source in SOURCES.items():
        for prefix in PREFIXES[_family(source["server"])]:
            kwargs = dict(model=prefix + "my-model", api_base=f"http://127.0.0.1:{port}/{sid}/v1",
                          api_key="sk-local", max_retries=0, num_retries=0)
            try:
                if source["endpoint"] == "embedding":
                    litellm.embedding(input=["hello"], **kwargs)
                else:
                    litellm.completion(messages=[{"role": "user", "content": "hello"}], **kwargs)
                text, cls = None, None
            except Exception as exc:  # the point: what LiteLLM raises
                text, cls = str(exc), f"{type(exc).__module__}.{type(exc).__name__}"
            # LiteLLM prints its own lines to stdout ("Give Feedback / Get Help"): ours carry a marker.
            print(MARK + json.dumps({"source": sid, "prefix": prefix, "litellm": version, "class": cls, "text": text}))
    server.shutdown()


def _dist_version() -> str:
    from importlib.metadata import version
    return version("litellm")


# ---- --write: the committed file ---------------------------------------------------------------------------

def write(pythons: list[str]) -> None:
    renders: dict[tuple, dict] = {}
    for python in pythons:
        out = subprocess.run([python, __file__, "--emit"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if not line.startswith(MARK):
                continue
            row = json.loads(line[len(MARK):])
            if row["text"] is None:
                raise SystemExit(f"{row['source']} via {row['prefix']}: LiteLLM raised nothing")
            key = (row["source"], row["prefix"], row["text"])
            if key in renders:
                renders[key]["litellm"].append(row["litellm"])
            else:
                renders[key] = {**row, "litellm": [row["litellm"]]}
    records = []
    for sid, source in SOURCES.items():
        label = {k: source[k] for k in ("category", "subcategory", "basis", "status", "where")}
        label.update(server=source["server"][0], version=source["server"][1])
        if source["notes"]:
            label["notes"] = source["notes"]
        records.append({"id": f"{sid}-bare", "form": "bare", "text": _bare(source["body"]), **label})
        for (rsid, prefix, _), row in renders.items():
            if rsid != sid:
                continue
            n = sum(1 for r in records if r["id"].startswith(f"{sid}-{prefix.rstrip('/')}"))
            rid = f"{sid}-{prefix.rstrip('/')}" + (f"-{n + 1}" if n else "")
            records.append({"id": rid, "form": "litellm", "prefix": prefix, "litellm": row["litellm"],
                            "class": row["class"], "text": row["text"], **label})
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} texts to {OUT.name}")


# ---- --score -----------------------------------------------------------------------------------------------

def load_records() -> list[dict]:
    return [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]


def answer(text: str) -> tuple[str, str, float]:
    """(category, how, confidence): how is the rule id, 'estimate' or 'unknown'."""
    from litellm_doctor.diagnosis import diagnose

    report = diagnose(text)
    if report.diagnosis is None or report.category == "unknown":
        return "unknown", "unknown", 0.0
    how = report.diagnosis.rule_id if report.answer == "rule" else "estimate"
    return report.category, how, report.diagnosis.confidence


def score(misses: bool) -> int:
    records = load_records()
    right, by_form, by_server, by_how = 0, Counter(), Counter(), Counter()
    lines = []
    for r in records:
        got, how, conf = answer(r["text"])
        ok = got == r["category"]
        right += ok
        by_form[(r["form"], ok)] += 1
        by_server[(r["server"].split(" ")[0], ok)] += 1
        by_how[("rule" if how not in ("estimate", "unknown") else how, ok)] += 1
        if not ok:
            lines.append(f"  MISS {r['id']}: want {r['category']}/{r['subcategory']}, got {got} ({how} {conf:.2f})\n"
                         f"       {r['text'][:160]}")
    n = len(records)
    print(f"{OUT.name}: {right}/{n} = {right / n:.1%} right")
    for name, counter in (("form", by_form), ("server", by_server), ("answered by", by_how)):
        keys = sorted({k for k, _ in counter})
        print(f"  by {name}: " + ", ".join(f"{k} {counter[(k, True)]}/{counter[(k, True)] + counter[(k, False)]}"
                                            for k in keys))
    if misses:
        print("\n".join(lines))
    return 0


def main(argv: list[str]) -> int:
    if "--emit" in argv:
        emit()
        return 0
    if "--list" in argv:
        for sid, s in SOURCES.items():
            print(f"{s['server'][0]:<10.10} {s['status']} {s['category']:<10} {sid:<48} {s['where']}")
        return 0
    if "--write" in argv:
        pythons = [argv[i + 1] for i, a in enumerate(argv) if a == "--python"] or [PINNED]
        write(pythons)
        return 0
    if "--score" in argv:
        return score("--misses" in argv)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
