"""A fault-injecting OpenAI-compatible upstream for the lab (stdlib only: asyncio + ssl).

The model name picks the fault, so one server (plain HTTP and TLS on two loopback ports) can stand
behind every deployment of the lab's LiteLLM config:

| model                 | answer                                                                  |
|-----------------------|-------------------------------------------------------------------------|
| `healthy` (any other) | 200 chat completion (401 if the Bearer key is not the lab's good key)   |
| `auth-401`            | 401 `invalid_api_key`, whatever the key                                 |
| `rate-429`            | 429 `rate_limit_exceeded` with `Retry-After` and `x-ratelimit-*`        |
| `quota-429`           | 429 `insufficient_quota`                                                |
| `slow`                | sleeps `SLOW_SECONDS`, then 200                                         |
| `sleep-<s>`           | sleeps `<s>` seconds (float), then 200 (benchmarks)                     |
| `err-500`             | 500 `server_error`                                                      |
| `err-503`             | 503 service unavailable (maintenance)                                   |
| `missing-404`         | 404 `model_not_found`                                                   |
| `html-502`            | 502 with an nginx HTML error page (text/html)                           |
| `denied-403`          | 403 `model_access_denied` (the key may not use this model)              |
| `reset`               | sends headers and half a body, then resets the connection (RST)         |
| `tiny-context`        | 400 `context_length_exceeded` when the prompt is over 8 words, else 200 |

Every 200 carries OpenAI's rate-limit headers, so the probes can read the remaining budget.
The wording of each error body is OpenAI's own, as the OpenAI SDK and LiteLLM's mapper expect it.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import ipaddress
import json
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

GOOD_KEY = "sk-lab-upstream-good-key-0000000000000000"
SLOW_SECONDS = 3.0
RETRY_AFTER_SECONDS = 7
CONTEXT_WORDS = 8


def _error(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _completion(model: str) -> dict:
    return {
        "id": "chatcmpl-lab0001",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "length"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6},
    }


HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

RATE_HEADERS = {
    "x-ratelimit-limit-requests": "500",
    "x-ratelimit-limit-tokens": "30000",
    "x-ratelimit-remaining-requests": "499",
    "x-ratelimit-remaining-tokens": "29994",
    "x-ratelimit-reset-requests": "120ms",
    "x-ratelimit-reset-tokens": "12ms",
}


@dataclass
class Reply:
    status: int
    body: dict | list | str | None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    reset: bool = False
    html: bool = False  # body is an HTML page (a gateway's error page), sent as text/html


def _prompt_words(payload: dict) -> int:
    words = 0
    for message in payload.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            words += len(content.split())
        elif isinstance(content, list):
            words += sum(len(str(part.get("text", "")).split()) for part in content if isinstance(part, dict))
    return words


def decide(method: str, path: str, headers: dict[str, str], payload: dict | None) -> Reply:
    """The whole fault table: a pure function of the request, so it is easy to read and to test."""
    path = path.split("?", 1)[0].rstrip("/")
    if method == "GET" and path.endswith("/models"):
        names = ["healthy", "auth-401", "rate-429", "quota-429", "slow", "err-500", "err-503", "reset", "tiny-context"]
        return Reply(200, {"object": "list", "data": [{"id": n, "object": "model", "created": 0, "owned_by": "lab"} for n in names]})
    if method != "POST" or not path.endswith("/chat/completions"):
        return Reply(404, _error(f"Unknown request URL: {method} {path}.", "invalid_request_error", "unknown_url"))
    if not isinstance(payload, dict):
        return Reply(400, _error("We could not parse the JSON body of your request.", "invalid_request_error", None))

    model = str(payload.get("model", ""))
    auth = headers.get("authorization", "")
    key = auth[7:] if auth.lower().startswith("bearer ") else ""

    if model == "auth-401" or key != GOOD_KEY:
        shown = f"{key[:3]}*****{key[-4:]}" if len(key) > 8 else key
        return Reply(
            401,
            _error(
                f"Incorrect API key provided: {shown}. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                "invalid_api_key",
            ),
        )
    if model == "rate-429":
        return Reply(
            429,
            _error(
                "Rate limit reached for gpt-4o-mini in organization org-lab on requests per min (RPM): Limit 3, Used 3, "
                f"Requested 1. Please try again in {RETRY_AFTER_SECONDS}s. Visit https://platform.openai.com/account/rate-limits to learn more.",
                "requests",
                "rate_limit_exceeded",
            ),
            {
                "retry-after": str(RETRY_AFTER_SECONDS),
                "x-ratelimit-limit-requests": "3",
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": f"{RETRY_AFTER_SECONDS}s",
            },
        )
    if model == "quota-429":
        return Reply(
            429,
            _error(
                "You exceeded your current quota, please check your plan and billing details. For more information on this "
                "error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
                "insufficient_quota",
                "insufficient_quota",
            ),
        )
    if model == "err-500":
        return Reply(
            500,
            _error(
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                None,
            ),
        )
    if model == "err-503":
        # A plain 5xx (not "overloaded", which the taxonomy files under quota_rate).
        return Reply(503, _error("Service Unavailable: the upstream is down for maintenance.", "server_error", None))
    if model == "missing-404":
        return Reply(
            404,
            _error(
                "The model `missing-404` does not exist or you do not have access to it.",
                "invalid_request_error",
                "model_not_found",
            ),
        )
    if model == "html-502":
        # What a gateway (nginx, a cloud load balancer) in front of the provider answers when it is down.
        return Reply(502, HTML_502, html=True)
    if model == "denied-403":
        return Reply(
            403,
            _error(
                "You are not allowed to sample from this model. Your project does not have access to `denied-403`.",
                "invalid_request_error",
                "model_access_denied",
            ),
        )
    if model == "reset":
        return Reply(200, _completion(model), RATE_HEADERS, reset=True)
    if model == "tiny-context" and _prompt_words(payload) > CONTEXT_WORDS:
        words = _prompt_words(payload)
        return Reply(
            400,
            _error(
                f"This model's maximum context length is {CONTEXT_WORDS} tokens. However, your messages resulted in {words} "
                "tokens. Please reduce the length of the messages.",
                "invalid_request_error",
                "context_length_exceeded",
                "messages",
            ),
        )
    delay = 0.0
    if model == "slow":
        delay = SLOW_SECONDS
    elif model.startswith("sleep-"):
        try:
            delay = float(model[6:])
        except ValueError:
            delay = 0.0
    return Reply(200, _completion(model), RATE_HEADERS, delay=delay)


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
_MAX_HEADER = 64 * 1024
_MAX_BODY = 4 * 1024 * 1024


def _hard_reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


class Upstream:
    """The fault server: one asyncio loop in a daemon thread, serving HTTP and (optionally) HTTPS."""

    def __init__(self, host: str = "127.0.0.1", *, tls_cert: Path | None = None, tls_key: Path | None = None) -> None:
        self.host = host
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.port = 0
        self.tls_port = 0
        self.requests: list[tuple[str, str]] = []  # (path, model) for assertions
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.base_events.Server] = []
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self) -> "Upstream":
        self._thread = threading.Thread(target=self._run, name="lab-upstream", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("lab upstream did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread:
            self._thread.join(5)

    def __enter__(self) -> "Upstream":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    @property
    def tls_base_url(self) -> str:
        return f"https://{self.host}:{self.tls_port}/v1"

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main())
        finally:
            loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, self.host, 0, backlog=256)
        self.port = server.sockets[0].getsockname()[1]
        self._servers.append(server)
        if self.tls_cert and self.tls_key:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(self.tls_cert), str(self.tls_key))
            tls_server = await asyncio.start_server(self._handle, self.host, 0, ssl=ctx, backlog=256)
            self.tls_port = tls_server.sockets[0].getsockname()[1]
            self._servers.append(tls_server)
        self._ready.set()
        await self._stop.wait()
        for s in self._servers:
            s.close()
        for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
            task.cancel()

    # -- HTTP/1.1 with keep-alive -----------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ssl.SSLError):
                    return
                if len(head) > _MAX_HEADER:
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, _version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length > _MAX_BODY:
                    return
                raw = await reader.readexactly(length) if length else b""
                payload = None
                if raw:
                    try:
                        payload = json.loads(raw)
                    except ValueError:
                        payload = None
                reply = decide(method, target, headers, payload)
                self.requests.append((target, str((payload or {}).get("model", "")) if isinstance(payload, dict) else ""))
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                body = str(reply.body).encode() if reply.html else json.dumps(reply.body).encode()
                out = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}",
                       f"content-type: {'text/html' if reply.html else 'application/json'}", f"content-length: {len(body)}",
                       "openai-processing-ms: 1", "x-request-id: req_lab"]
                out += [f"{k}: {v}" for k, v in reply.headers.items()]
                data = ("\r\n".join(out) + "\r\n\r\n").encode() + body
                if reply.reset:
                    writer.write(data[: len(data) - len(body) // 2])
                    await writer.drain()
                    await asyncio.sleep(0.05)
                    _hard_reset(writer)
                    return
                writer.write(data)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.CancelledError, ssl.SSLError):
            return
        finally:
            if not writer.is_closing():
                writer.close()


class SilentServer:
    """Accepts TCP connections and never answers: the overall deadline must still hold against it."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stopped.is_set():
            try:
                conn, _ = self.sock.accept()
                self._conns.append(conn)  # hold it open, read nothing, say nothing
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return

    def __enter__(self) -> "SilentServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join(2)
        for c in self._conns:
            c.close()
        self.sock.close()


def closed_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound then released; connection refused on loopback)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def make_self_signed(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for `host` (SAN IP + localhost), made with `cryptography`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "litellm-doctor lab")])
    now = _dt.datetime.now(_dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _dt.timedelta(minutes=5))
        .not_valid_after(now + _dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "lab-cert.pem", directory / "lab-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path
