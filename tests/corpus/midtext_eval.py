"""The proxy's JSON error body after other words (HOLDOUT_EVAL.md, thirty-fourth pass; issue #9).

    python tests/corpus/midtext_eval.py        # the table
    python tests/corpus/midtext_eval.py -v     # and every framed body whose rule, category or status moved
    python tests/corpus/midtext_eval.py --only=c-,f-   # only the sets whose name starts so

Two sets of bodies, each put after six framings of other words (a log line's words before it, loguru's, a line
above it, three log lines past the first 200 characters, a request payload logged first, an app's words around
it) and compared with the bare body (rule, category, status and the other facts):

- `conn500`: the proxy's raw 500 body around a status-less `APIConnectionError` (exceptions.py 1.103.0 :866;
  the twenty-ninth and thirty-first passes), built from every provider-labelled real text as variants.py's
  `proxy_500_body` builds the SDK's form, here as JSON (curl, a log). The last column counts the framed texts
  that report the wrapper's 500 as the status (the bare body reports none since the thirty-first pass).
- `corpus` / `lab` / `tpl`: the proxy bodies of the real texts, of the lab (1.103.0, 1.108.14) and LiteLLM's
  harvested proxy/HTTP bodies (admin_ui_eval.py's sets), against the bare body's answer.
- `r-conn500` / `r-corpus` / `r-lab` / `r-tpl` (thirty-sixth pass): the same bodies as the OpenAI SDK prints them,
  `Error code: N - {repr of the parsed body}` (openai/_base_client.py 1.x :435, `f"Error code: {response.status_code}
  - {body}"` with `body = json.loads(err_text)`), N the body's own `code` when it is a status (the lab's: the status
  it answered), bodies with neither left out. The `bare` row compares the bare SDK form with the bare JSON body;
  the framings compare with the bare SDK form.
- `c-*` (thirty-ninth pass): the SDK form with the OpenAI SDK's class for N before it, `openai.AuthenticationError:
  Error code: 401 - {...}` (openai/_client.py `_make_status_error`: 400 BadRequestError, 401 AuthenticationError, 403
  PermissionDeniedError, 404 NotFoundError, 409 ConflictError, 422 UnprocessableEntityError, 429 RateLimitError,
  >= 500 InternalServerError, else APIStatusError), as an app logs `f"{type(e).__module__}.{type(e).__name__}: {e}"`;
  the `bare` row compares it with the bare SDK form, the framings with the bare class form.
- `f-*` (thirty-ninth pass): FastAPI's HTTPException as `str()` prints it, `f"{status_code}: {detail}"`
  (starlette/exceptions.py `HTTPException.__str__`), with the parsed body as `detail` (the proxy raises
  `HTTPException(status_code=N, detail={"error": ...})` and logs `str(e)`): `400: {'error': {...}}`; the `bare` row
  compares it with the bare JSON body, the framings with the bare FastAPI form.
"""
import ast, json, sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
import variants, admin_ui_eval
from litellm_doctor.diagnosis import diagnose

KEYS = ("status", "exception", "error_type", "model_group", "provider")
LONG = ("2025-06-01 10:22:31,002 INFO httpx HTTP Request: POST http://litellm:4000/v1/chat/completions \"HTTP/1.1 200 OK\"\n"
        "2025-06-01 10:22:32,114 INFO app.agent step 3/10: calling the model gpt-4o with 12 messages, 4 tools\n"
        "2025-06-01 10:22:33,456 WARNING app.agent retrying after an error (attempt 2 of 3)\n")
def framings(bt):
    yield "log_line", f"ERROR 2025-06-01 10:22:33,456 chat.client request failed: {bt}"
    yield "loguru_line", f"2025-06-01 10:22:33.456 | ERROR    | app.llm:complete:88 - LLM request failed: {bt}"
    yield "prev_lines", "2025-06-01 10:22:34 ERROR Request failed, response body:\n" + bt
    yield "long_prev", LONG + "2025-06-01 10:22:34,001 ERROR app.agent request failed: " + bt
    yield "dict_before", ("2025-06-01 10:22:33 DEBUG request payload: {\"model\": \"gpt-4o\", \"stream\": false, \"max_tokens\": 512}\n"
                          "2025-06-01 10:22:34 ERROR request failed: " + bt)
    yield "after_text", f"Sorry, something went wrong: {bt}\nPlease try again later."

def status_of(src, rid, body):
    err = body.get("error") if isinstance(body, dict) else None
    code = str(err.get("code")) if isinstance(err, dict) else ""
    if code.isdigit() and 100 <= int(code) <= 599:
        return code
    return LAB_STATUS.get(rid) if src == "lab" else None

def sdk_form(src, rid, bt):
    """`Error code: N - {...}` with the body as the SDK's repr of its parsed JSON, or None."""
    try:
        body = json.loads(bt)
    except ValueError:
        try:
            body = ast.literal_eval(bt)  # a corpus body pasted as a repr already (test data, never the paste path)
        except (ValueError, SyntaxError):
            return None
    n = status_of(src, rid, body)
    return None if n is None else f"Error code: {n} - {body!r}"

OPENAI_CLASS = {400: "BadRequestError", 401: "AuthenticationError", 403: "PermissionDeniedError", 404: "NotFoundError",
                409: "ConflictError", 422: "UnprocessableEntityError", 429: "RateLimitError"}

def class_form(sdk):
    n = int(sdk[len("Error code: "):len("Error code: ") + 3])
    return f"openai.{OPENAI_CLASS.get(n, 'InternalServerError' if n >= 500 else 'APIStatusError')}: {sdk}"

def fastapi_form(src, rid, bt):
    """`N: {repr of the parsed body}` (HTTPException's str), or None."""
    sdk = sdk_form(src, rid, bt)
    return None if sdk is None else sdk[len("Error code: "):len("Error code: ") + 3] + ": " + sdk[len("Error code: NNN - "):]

def ans(t):
    d = diagnose(t)
    return d.category, d.diagnosis.rule_id if d.diagnosis else "-", {k: d.facts.get(k) for k in KEYS}

def conn_bodies():
    out = []
    for r in variants.load():
        got = variants._provider_answer(r["text"])
        if got is None:
            continue
        _s, label, inner = got
        body = {"error": {"message": "litellm.APIConnectionError: " + label + " - " + inner, "type": "internal_server_error", "param": None, "code": "500"}}
        out.append(("conn500", r["id"], json.dumps(body), r["category"]))
    return out

def bodies():
    out = []
    for r in variants.load():
        f = variants._ui_body(r["text"])
        if f and f[2] is not None:
            out.append(("corpus", r["id"], r["text"][f[0]:f[1]], r["category"]))
    for r in admin_ui_eval.lab_records():
        out.append(("lab", r["id"], r["text"], None))
    for r in admin_ui_eval.template_records():
        out.append(("tpl", r["id"], r["text"].strip(), None))
    return out

def lab_status():
    out = {}
    for path in sorted((admin_ui_eval.HERE.parent / "fixtures" / "lab").rglob("*.json")):
        version = path.parent.name if path.parent.name[0].isdigit() else "1.103.0"
        out[f"lab-{version}-{path.stem}"] = str(json.loads(path.read_text(encoding="utf-8")).get("status"))
    return out

LAB_STATUS = lab_status()
verbose = "-v" in sys.argv
tot = {}
plain = conn_bodies() + bodies()
reprs = [("r-" + src, rid, (bt, sdk), label) for src, rid, bt, label in plain if (sdk := sdk_form(src, rid, bt)) is not None]
classes = [("c-" + src[2:], rid, (sdk, class_form(sdk)), label) for src, rid, (bt, sdk), label in reprs]
fastapi = [("f-" + src, rid, (bt, f), label) for src, rid, bt, label in plain if (f := fastapi_form(src, rid, bt)) is not None]
only = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")), None)
for src, rid, bt, label in plain + reprs + classes + fastapi:
    if only and not src.startswith(tuple(only.split(","))):
        continue
    if src[:2] in ("r-", "c-", "f-"):
        json_bt, bt = bt
        c0, r0, f0 = ans(bt)
        cj, rj, fj = ans(json_bt)
        row = tot.setdefault((src, "bare"), [0] * 6)
        row[0] += 1; row[1] += c0 == (label or cj); row[2] += r0 == rj; row[3] += f0["status"] == fj["status"]; row[4] += f0 == fj
        row[5] += src.endswith("conn500") and f0["status"] == "500"
        if verbose and (c0 != cj or r0 != rj or f0["status"] != fj["status"]):
            print(f"MOVED {src} bare {rid}: {cj}/{rj}/{fj} -> {c0}/{r0}/{ {k: v for k, v in f0.items() if v != fj[k]} }")
    else:
        c0, r0, f0 = ans(bt)
    if src == "conn500":
        row = tot.setdefault((src, "bare"), [0] * 6)
        row[0] += 1; row[1] += c0 == label; row[2] += 1; row[3] += 1; row[4] += 1; row[5] += f0["status"] == "500"
    for fam, t in framings(bt):
        c, r, f = ans(t)
        row = tot.setdefault((src, fam), [0] * 6)
        row[0] += 1; row[1] += c == (label or c0); row[2] += r == r0; row[3] += f["status"] == f0["status"]; row[4] += f == f0
        row[5] += src.endswith("conn500") and f["status"] == "500"
        if verbose and (c != c0 or r != r0 or f["status"] != f0["status"]):
            print(f"MOVED {src} {fam} {rid}: {c0}/{r0}/{f0} -> {c}/{r}/{ {k: v for k, v in f.items() if v != f0[k]} }")
print(f"{'set':<10}{'framing':<13}{'n':>5}  {'category':<10}{'same rule':<10}{'status':<10}{'facts':<10}{'status 500 (wrapper)'}")
for (src, fam), row in tot.items():
    n = row[0]
    print(f"{src:<10}{fam:<13}{n:>5}  " + "".join(f"{x:>4}/{n:<5}" for x in row[1:6]))
