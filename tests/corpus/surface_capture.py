"""Capture what real LiteLLM proxies answer on their newer surfaces (issue #9): proxy_surfaces.jsonl.

    python tests/corpus/surface_capture.py                  # every lab version, one proxy after another
    python tests/corpus/surface_capture.py --versions pinned --raw /tmp/raw.json   # one version only
    python tests/corpus/surface_capture.py --from-raw       # relabel the last raw capture (/tmp), no proxy
    python tests/corpus/surface_capture.py --score          # right / by a rule, per version and surface

Each version's proxy (tests/lab/lab.py: 1.103.0 in this interpreter, 1.108.14 and 1.110.2 from the venvs that
LITELLM_DOCTOR_LAB_NEW(EST)_LITELLM name, else /work/venvs/litellm-new(est)) is started once, without a database,
in front of the lab's fault upstream, with a config that turns the newer surfaces on wrongly: JWT auth without a
licence, a Redis cache on a closed port, MCP servers on a closed port and on a server without an MCP route, a
pre-call guardrail (presidio) whose API is a closed port, pass-through routes to a closed port and to a target
that answers 401. Then `CASES` sends the requests a user sends that fail (no database for keys, teams, users,
customers, budgets and spend; a virtual key that does not exist; a bad JWT; a guardrail name that is not set up;
Responses, batches, files and vector stores against a failing provider; the admin UI's login with a wrong
password), and records for each the request, the status, the response body exactly as the proxy sent it, and
the proxy's log lines written while it was answered. A second config per version (`CONFIGS["router"]`) puts the
router's Redis (`router_settings.redis_host` / `redis_port`) at a closed port and turns on OAuth2 auth without a
licence.

The set is written by us against real proxies: the request is ours, the words are the proxies'. Every body
with a status >= 400 is one record (`kind: body`); the log lines are another record (`kind: log`) when they
say more than the access line. Random ports are replaced by fixed ones, the lab's keys masked
(litellm_doctor.masking), site-packages paths shortened; nothing else is edited. A traceback longer than
LOG_LINES is cut, a line holding only `...` marking the cut (the corpus's convention). Labels (`LABELS`) follow
tests/corpus/README.md's conventions; they are keyed by case and kind, and a version that answers otherwise
gets its own entry.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lab"))
from lab import HOST, LAB_VERSIONS, MASTER_KEY, NEW, NEWEST, VERSION_ENV, Lab, Scenario  # noqa: E402
from upstream import Upstream, closed_port  # noqa: E402

OUT = HERE / "proxy_surfaces.jsonl"
LOG_LINES = 30
DEFAULT_VENVS = {NEW: "/work/venvs/litellm-new/bin/litellm", NEWEST: "/work/venvs/litellm-newest/bin/litellm"}
# A syntactically valid JWT (HS256) that no issuer signed: what a client with a stale or foreign token sends.
BAD_JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsYWItdXNlciIsImlzcyI6Imh0dHBzOi8vaWRwLmV4YW1wbGUuY29tIiwi"
           "ZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW5vdC12YWxpZC1mb3ItdGhpcy10b2tlbg")
UNKNOWN_VIRTUAL_KEY = "sk-lab-virtual-key-that-does-not-exist-0000"

# The model groups: a healthy one (for the guardrail and cache cases), a 500-ing one and a refused one.
SCENARIOS = (
    Scenario("healthy", "healthy"),
    Scenario("upstream-500", "err-500"),
    Scenario("refused", "healthy", base="refused"),
)


def config_parts(upstream: Upstream, closed: int) -> dict[str, tuple[str, ...]]:
    """The config lines beyond the lab's model list (Lab's litellm_settings, general_settings, sections)."""
    up = f"http://{HOST}:{upstream.port}"
    dead = f"http://{HOST}:{closed}"
    return {
        "litellm_settings": (
            "cache: true",
            "cache_params:",
            "  type: redis",
            f"  host: {HOST}",
            f"  port: {closed}",
        ),
        "general_settings": (
            "enable_jwt_auth: true",
            "pass_through_endpoints:",
            '  - path: "/closed-target"',
            f'    target: "{dead}/v1/chat/completions"',
            '  - path: "/unauth-target"',
            f'    target: "{up}/v1/chat/completions"',
            "    headers:",
            '      Authorization: "Bearer sk-lab-pass-through-wrong-key-0000"',
        ),
        "sections": (
            "mcp_servers:",
            "  closed_mcp:",
            f'    url: "{dead}/mcp"',
            '    transport: "http"',
            "  no_mcp_route:",
            f'    url: "{up}/mcp"',
            '    transport: "http"',
            "",
            "guardrails:",
            '  - guardrail_name: "presidio-pre"',
            "    litellm_params:",
            "      guardrail: presidio",
            '      mode: "pre_call"',
            f'      presidio_analyzer_api_base: "{dead}/"',
            f'      presidio_anonymizer_api_base: "{dead}/"',
            "",
        ),
    }


def _chat(model: str, **extra: object) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 1, **extra}


_MCP_ACCEPT = {"accept": "application/json, text/event-stream"}
_INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-03-26", "capabilities": {}, "clientInfo": {"name": "lab", "version": "1"}}}

# (case id, surface, method, path, JSON body or ("form", dict) or ("multipart", dict), key, extra headers)
CASES: tuple[tuple[str, str, str, str, object, str | None, dict], ...] = (
    ("key-generate-no-db", "virtual_keys", "POST", "/key/generate", {"models": ["healthy"]}, MASTER_KEY, {}),
    ("key-info-no-db", "virtual_keys", "GET", f"/key/info?key={UNKNOWN_VIRTUAL_KEY}", None, MASTER_KEY, {}),
    ("virtual-key-unknown-chat", "virtual_keys", "POST", "/chat/completions", _chat("healthy"), UNKNOWN_VIRTUAL_KEY, {}),
    ("team-new-no-db", "teams", "POST", "/team/new", {"team_alias": "lab-team"}, MASTER_KEY, {}),
    ("user-new-no-db", "users", "POST", "/user/new", {"user_email": "lab@example.com"}, MASTER_KEY, {}),
    ("customer-new-no-db", "end_users", "POST", "/customer/new", {"user_id": "lab-customer", "max_budget": 1}, MASTER_KEY, {}),
    ("budget-new-no-db", "budgets", "POST", "/budget/new", {"budget_id": "lab-budget", "max_budget": 1}, MASTER_KEY, {}),
    ("spend-logs-no-db", "spend", "GET", "/spend/logs", None, MASTER_KEY, {}),
    ("jwt-bad-token", "jwt", "POST", "/chat/completions", _chat("healthy"), BAD_JWT, {}),
    ("ui-login-wrong-password", "admin_ui", "POST", "/login", ("form", {"username": "admin", "password": "not-the-password"}), None, {}),
    ("sso-key-generate-unset", "admin_ui", "GET", "/sso/key/generate", None, None, {}),
    ("responses-upstream-500", "responses", "POST", "/v1/responses", {"model": "upstream-500", "input": "ping"}, MASTER_KEY, {}),
    ("responses-refused", "responses", "POST", "/v1/responses", {"model": "refused", "input": "ping"}, MASTER_KEY, {}),
    ("files-upload-no-provider-key", "files", "POST", "/v1/files",
     ("multipart", {"purpose": "batch", "file": ("batch.jsonl", b'{"custom_id": "1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "healthy", "messages": [{"role": "user", "content": "ping"}]}}\n')}),
     MASTER_KEY, {}),
    ("files-get-unknown", "files", "GET", "/v1/files/file-lab0000000000000000000000", None, MASTER_KEY, {}),
    ("batches-create-no-provider-key", "batches", "POST", "/v1/batches",
     {"input_file_id": "file-lab0000000000000000000000", "endpoint": "/v1/chat/completions", "completion_window": "24h"}, MASTER_KEY, {}),
    ("batches-list-no-provider-key", "batches", "GET", "/v1/batches?limit=2", None, MASTER_KEY, {}),
    ("vector-store-create", "vector_stores", "POST", "/v1/vector_stores", {"name": "lab-store"}, MASTER_KEY, {}),
    ("vector-store-search", "vector_stores", "POST", "/v1/vector_stores/vs_lab000000000000/search", {"query": "ping"}, MASTER_KEY, {}),
    ("mcp-rest-tools-list", "mcp", "GET", "/v1/mcp/tools", None, MASTER_KEY, {}),
    ("mcp-rest-tools-call", "mcp", "POST", "/mcp-rest/tools/call", {"name": "closed_mcp-echo", "arguments": {"text": "ping"}}, MASTER_KEY, {}),
    ("mcp-rest-tools-call-closed", "mcp", "POST", "/mcp-rest/tools/call",
     {"server_id": "closed_mcp", "name": "echo", "arguments": {"text": "ping"}}, MASTER_KEY, {}),
    ("mcp-initialize", "mcp", "POST", "/mcp/", _INIT, MASTER_KEY, _MCP_ACCEPT),
    ("mcp-server-closed-tools-list", "mcp", "POST", "/mcp/closed_mcp", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, MASTER_KEY, _MCP_ACCEPT),
    ("guardrail-not-configured", "guardrails", "POST", "/chat/completions", _chat("healthy", guardrails=["no-such-guardrail"]), MASTER_KEY, {}),
    ("guardrail-api-unreachable", "guardrails", "POST", "/chat/completions", _chat("healthy", guardrails=["presidio-pre"]), MASTER_KEY, {}),
    ("pass-through-closed-port", "pass_through", "POST", "/closed-target", _chat("healthy"), MASTER_KEY, {}),
    ("pass-through-target-401", "pass_through", "POST", "/unauth-target", _chat("healthy"), MASTER_KEY, {}),
    ("redis-cache-closed-chat", "redis", "POST", "/chat/completions", _chat("healthy", caching=True), MASTER_KEY, {}),
    ("redis-cache-ping", "redis", "GET", "/cache/ping", None, MASTER_KEY, {}),
)


def _encode(body: object) -> tuple[bytes | None, dict[str, str]]:
    if body is None:
        return None, {}
    if isinstance(body, tuple) and body[0] == "form":
        from urllib.parse import urlencode
        return urlencode(body[1]).encode(), {"content-type": "application/x-www-form-urlencoded"}
    if isinstance(body, tuple) and body[0] == "multipart":
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in body[1].items():
            if isinstance(value, tuple):
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{value[0]}"\r\n'
                             "Content-Type: application/octet-stream\r\n\r\n".encode() + value[1] + b"\r\n")
            else:
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        return b"".join(parts) + f"--{boundary}--\r\n".encode(), {"content-type": f"multipart/form-data; boundary={boundary}"}
    return json.dumps(body).encode(), {"content-type": "application/json"}


def send(lab: Lab, method: str, path: str, body: object, key: str | None, headers: dict) -> tuple[int, str, dict[str, str]]:
    data, hdrs = _encode(body)
    hdrs.update(headers)
    if key is not None:
        hdrs["authorization"] = f"Bearer {key}"
    conn = http.client.HTTPConnection(HOST, lab.port, timeout=60)
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace"), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


_ACCESS = re.compile(r'^INFO:\s+[\d.]+:\d+ - "')


def _cut(lines: list[str]) -> list[str]:
    if len(lines) <= LOG_LINES:
        return lines
    head = LOG_LINES // 3
    return [*lines[:head], "...", *lines[-(LOG_LINES - head - 1):]]


def capture(lab: Lab, cases=CASES) -> list[dict]:
    out = []
    for case, surface, method, path, body, key, headers in cases:
        before = lab.log_path.stat().st_size
        try:
            status, text, resp_headers = send(lab, method, path, body, key, headers)
        except OSError as exc:
            status, text, resp_headers = 0, f"{type(exc).__name__}: {exc}", {}
        time.sleep(1.0)  # the proxy logs a failure after it answers; give it a moment
        with open(lab.log_path, "rb") as f:
            f.seek(before)
            log = f.read().decode("utf-8", "replace").splitlines()
        shown_body = body if not isinstance(body, tuple) else {body[0]: {k: (v[0] if isinstance(v, tuple) else v) for k, v in body[1].items()}}
        out.append({
            "case": case, "surface": surface, "status": status, "body": text,
            "location": resp_headers.get("location"),
            "request": {"method": method, "path": path, "body": shown_body,
                        "auth": {None: "none", MASTER_KEY: "master key", UNKNOWN_VIRTUAL_KEY: "unknown virtual key", BAD_JWT: "unsigned JWT"}[key],
                        **({"headers": headers} if headers else {})},
            "log": [line for line in log if line.strip()],
        })
    return out


def startup_log(lab: Lab) -> list[str]:
    return [line for line in lab.log_path.read_text(errors="replace").splitlines() if line.strip()]


def normalise(text: str, ports: dict[int, str]) -> str:
    from litellm_doctor.masking import mask

    for port, fixed in ports.items():  # random 5-digit ports, also as `('127.0.0.1', port)` and after REDACTED:
        text = re.sub(rf"(?<![\d.]){port}\b", fixed, text)
    text = re.sub(r'(?<=INFO:     127\.0\.0\.1:)\d+', "50000", text)  # the client's ephemeral port
    text = re.sub(r"\b[0-9a-f]{64}\b", "0" * 63 + "1", text)
    text = re.sub(r'/[^\s"\']*?/site-packages/', "/usr/lib/python3/site-packages/", text)
    return mask(text)


def router_parts(upstream: Upstream, closed: int) -> dict[str, tuple[str, ...]]:
    """The second config: the router's Redis (usage, cooldowns) at a closed port and OAuth2 auth without a licence."""
    return {"router_extra": (f"redis_host: {HOST}", f"redis_port: {closed}"),
            "general_settings": ("enable_oauth2_auth: true",)}


ROUTER_CASES: tuple[tuple[str, str, str, str, object, str | None, dict], ...] = (
    ("oauth2-chat-master-key", "oauth2", "POST", "/chat/completions", _chat("healthy"), MASTER_KEY, {}),
)
# config name -> (its config lines, its requests, the prefix of its start-up records)
CONFIGS = {"surfaces": (config_parts, CASES, ""), "router": (router_parts, ROUTER_CASES, "router-")}


def run_version(which: str) -> list[dict]:
    if which in VERSION_ENV and not os.environ.get(VERSION_ENV[which]):
        os.environ[VERSION_ENV[which]] = DEFAULT_VENVS[which]
    runs = []
    for name, (parts_of, cases_of, prefix) in CONFIGS.items():
        closed = closed_port(HOST)
        with Upstream(HOST) as upstream:
            lab = Lab(scenarios=SCENARIOS, which=which, shared_upstream=upstream, start_timeout=240, **parts_of(upstream, closed))
            with lab:
                ports = {upstream.port: "18080", closed: "18009", lab.refused_port: "18010", lab.port: "14000"}
                start = startup_log(lab)
                cases = capture(lab, cases_of)
                version = lab.litellm_version
                config = lab.config_path.read_text()
        runs.append({"version": version, "which": which, "config_name": name, "startup_prefix": prefix,
                     "config": normalise(config, ports),
                     "startup_log": [normalise(line, ports) for line in start],
                     "cases": [{**c, "body": normalise(c["body"], ports), "log": [normalise(line, ports) for line in c["log"]]}
                               for c in cases]})
    return runs


_NO_DB = ("deployment", "database_not_connected")
_PRISMA_NOTE = ("the body is the proxy's generic 500: its handler of the real error imports `prisma`, which the lab's "
                "`pip install litellm[proxy]` lacks (the Docker image has it); the cause (no database) is in the log record")
# (category, subcategory, note) by (case, kind); kind is `body`, `log` or `startup`. The conventions of
# tests/corpus/README.md: no database behind a management route = deployment/database_not_connected (precedent
# proxy-key-list-database-not-connected); "No connected db." to a virtual key = auth (r2-db-no-connected-db-placeholder-url);
# the enterprise refusal = other/enterprise_feature_required (convention 5); a server with no such path =
# deployment/wrong_endpoint (addendum B).
LABELS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("key-generate-no-db", "body"): (*_NO_DB, _PRISMA_NOTE),
    ("key-generate-no-db", "log"): (*_NO_DB, ""),
    ("key-info-no-db", "body"): (*_NO_DB, _PRISMA_NOTE),
    ("key-info-no-db", "log"): (*_NO_DB, ""),
    ("virtual-key-unknown-chat", "body"): ("auth", "database_not_connected", "a virtual key the proxy cannot look up: no database"),
    ("virtual-key-unknown-chat", "log"): ("auth", "database_not_connected", ""),
    ("team-new-no-db", "body"): (*_NO_DB, _PRISMA_NOTE),
    ("team-new-no-db", "log"): (*_NO_DB, ""),
    ("user-new-no-db", "body"): (*_NO_DB, _PRISMA_NOTE),
    ("user-new-no-db", "log"): (*_NO_DB, ""),
    ("customer-new-no-db", "body"): (*_NO_DB, ""),
    ("budget-new-no-db", "body"): (*_NO_DB, _PRISMA_NOTE),
    ("budget-new-no-db", "log"): (*_NO_DB, "the log shows only the ModuleNotFoundError for prisma that the no-database error raised"),
    ("spend-logs-no-db", "body"): (*_NO_DB, ""),
    ("jwt-bad-token", "body"): ("other", "enterprise_feature_required", "enable_jwt_auth without LITELLM_LICENSE: the token is never checked"),
    ("jwt-bad-token", "log"): ("other", "enterprise_feature_required", ""),
    ("ui-login-wrong-password", "body"): ("auth", "invalid_ui_credentials", ""),
    ("ui-login-wrong-password", "log"): ("deployment", "redis_connection_refused",
                                         "the log of the failed login says only that Redis (cache_params at a closed port) is down"),
    ("responses-upstream-500", "body"): ("deployment", "wrong_endpoint", "the upstream serves no /v1/responses"),
    ("responses-upstream-500", "log"): ("deployment", "wrong_endpoint", ""),
    ("responses-refused", "body"): ("deployment", "connection_refused", ""),
    ("responses-refused", "log"): ("deployment", "connection_refused", ""),
    ("files-upload-no-provider-key", "body"): ("deployment", "files_settings_not_set", ""),
    ("files-upload-no-provider-key", "log"): ("deployment", "files_settings_not_set", ""),
    ("files-get-unknown", "body"): ("deployment", "wrong_endpoint", "the files route went to the lab's upstream, which has no /v1/files"),
    ("files-get-unknown", "log"): ("deployment", "wrong_endpoint", ""),
    ("batches-create-no-provider-key", "body"): ("deployment", "wrong_endpoint", _PRISMA_NOTE.replace("(no database)", "(the upstream has no /v1/batches)")),
    ("batches-create-no-provider-key", "log"): ("deployment", "wrong_endpoint", ""),
    ("batches-list-no-provider-key", "body"): ("deployment", "wrong_endpoint", _PRISMA_NOTE.replace("(no database)", "(the upstream has no /v1/batches)")),
    ("batches-list-no-provider-key", "log"): ("deployment", "wrong_endpoint", ""),
    ("vector-store-create", "body"): ("deployment", "dns_resolution", "no model given: the default OpenAI host, unresolvable from the lab"),
    ("vector-store-create", "log"): ("deployment", "dns_resolution", ""),
    ("vector-store-search", "body"): ("deployment", "dns_resolution", "no model given: the default OpenAI host, unresolvable from the lab"),
    ("vector-store-search", "log"): ("deployment", "dns_resolution", ""),
    ("mcp-rest-tools-list", "log"): ("deployment", "mcp_server_unreachable", ""),
    ("mcp-rest-tools-call", "body"): ("other", "bad_request", "the REST tool call needs server_id in its body"),
    ("mcp-rest-tools-call", "log"): ("other", "bad_request", ""),
    ("mcp-rest-tools-call-closed", "body"): ("deployment", "mcp_server_unreachable",
                                             "the tool is not found because its server (closed port) could not be listed; the body alone says only that"),
    ("mcp-rest-tools-call-closed", "log"): ("deployment", "mcp_server_unreachable", ""),
    ("mcp-initialize", "log"): ("deployment", "mcp_server_unreachable", ""),
    ("mcp-server-closed-tools-list", "body"): ("deployment", "mcp_server_unreachable", ""),
    ("mcp-server-closed-tools-list", "log"): ("deployment", "mcp_server_unreachable", ""),
    ("guardrail-api-unreachable", "body"): ("deployment", "guardrail_unreachable", "a pre-call presidio guardrail whose analyzer API is a closed port"),
    ("guardrail-api-unreachable", "log"): ("deployment", "guardrail_unreachable", ""),
    ("pass-through-closed-port", "body"): ("deployment", "connection_refused", ""),
    ("pass-through-closed-port", "log"): ("deployment", "connection_refused", ""),
    ("pass-through-target-401", "body"): ("auth", "invalid_api_key", "the pass-through route's configured header carries a key the target refuses"),
    ("pass-through-target-401", "log"): ("auth", "invalid_api_key", ""),
    ("redis-cache-ping", "body"): ("deployment", "redis_connection_refused", ""),
    ("redis-cache-ping", "log"): ("deployment", "redis_connection_refused", ""),
    ("startup-redis", "startup"): ("deployment", "redis_connection_refused", ""),
    ("router-startup-redis", "startup"): ("deployment", "redis_connection_refused", "router_settings redis_host/redis_port at a closed port"),
    ("oauth2-chat-master-key", "body"): ("other", "enterprise_feature_required",
                                         "enable_oauth2_auth without LITELLM_LICENSE refuses every LLM route, the master key's too"),
    ("oauth2-chat-master-key", "log"): ("other", "enterprise_feature_required", ""),
    ("startup-mcp", "startup"): ("deployment", "mcp_server_unreachable", ""),
}
# The start-up log's lines of one surface, as a user pastes them from `docker logs` (traceback frames left out).
STARTUP = {"startup-redis": re.compile(r"(?i)redis"), "startup-mcp": re.compile(r"mcp_server_manager")}
_ERROR_200 = re.compile(r'"error"\s*:\s*\{')  # a JSON-RPC error in a 200 (MCP's streamable HTTP)


def _informative(lines: list[str]) -> bool:
    return any(not _ACCESS.match(line) for line in lines)


def records(raw: list[dict]) -> list[dict]:
    rows = []

    def add(case: str, kind: str, version: str, text: str, request: dict | None, status: int | None, surface: str) -> None:
        category, subcategory, note = LABELS[(case, kind)]  # a KeyError: a new answer to label
        rows.append({"id": f"ps-{version}-{case}-{kind}", "case": case, "kind": kind, "surface": surface,
                     "version": version, "request": request, "status": status, "text": text,
                     "category": category, "subcategory": subcategory, "provider": "litellm_proxy",
                     "source": f"litellm {version} proxy, tests/corpus/surface_capture.py", "confidence": "high",
                     **({"notes": note} if note else {})})

    for run in raw:
        version = run["version"]
        for name, pattern in STARTUP.items():
            lines = [line for line in run["startup_log"] if pattern.search(line) and not line.startswith((" ", "Traceback"))]
            if lines:
                prefix = run.get("startup_prefix", "")
                add(prefix + name, "startup", version, "\n".join(_cut(lines)), None, None, name.split("-", 1)[1])
        for c in run["cases"]:
            if c["status"] >= 400 or (c["status"] == 200 and _ERROR_200.search(c["body"])):
                add(c["case"], "body", version, c["body"].strip(), c["request"], c["status"], c["surface"])
            if _informative(c["log"]):
                add(c["case"], "log", version, "\n".join(_cut(c["log"])), c["request"], c["status"], c["surface"])
    return rows


def score() -> int:
    """Right answers (category) and right answers by a rule, per version and per surface, and every miss."""
    from collections import Counter

    from litellm_doctor.diagnosis import diagnose

    rows = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    n, right, by_rule = Counter(), Counter(), Counter()
    for r in rows:
        report = diagnose(r["text"])
        ok = report.category == r["category"]
        for key in (f"version {r['version']}", f"surface {r['surface']}"):
            n[key] += 1
            right[key] += ok
            by_rule[key] += ok and report.answer == "rule"
        if not ok:
            rule = report.diagnosis.rule_id if report.diagnosis else "-"
            print(f"MISS {r['id']}: want {r['category']}/{r['subcategory']}, got {report.category} ({rule})")
    print(f"all: {sum(right[k] for k in n if k.startswith('version'))}/{len(rows)} right, "
          f"{sum(by_rule[k] for k in n if k.startswith('version'))} of them by a rule")
    for key in sorted(n):
        print(f"  {key:<28} {right[key]:>3}/{n[key]:<3} right, {by_rule[key]:>3} by a rule")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default=",".join(LAB_VERSIONS), help="which lab versions (pinned,new,newest)")
    parser.add_argument("--raw", type=Path, default=Path("/tmp/proxy_surfaces_raw.json"), help="where the raw capture goes (not kept in the repo)")
    parser.add_argument("--from-raw", action="store_true", help="do not start proxies: rebuild the .jsonl from --raw")
    parser.add_argument("--score", action="store_true", help="do not start proxies: score proxy_surfaces.jsonl")
    args = parser.parse_args(argv)
    if args.score:
        return score()
    if not args.from_raw:
        raw = [run for w in args.versions.split(",") if w.strip() for run in run_version(w.strip())]
        args.raw.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n")
    raw = json.loads(args.raw.read_text())
    rows = records(raw)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows))
    print(f"{len(rows)} records from {len(raw)} proxies -> {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
