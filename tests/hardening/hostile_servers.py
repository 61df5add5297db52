"""Hostile HTTP(S) servers on loopback, for the probe's safety tests (stdlib + `cryptography`).

`HostileServer(mode)` answers every request the way `mode` says:

| mode          | behaviour                                                                          |
|---------------|------------------------------------------------------------------------------------|
| `silent`      | accepts the connection, reads nothing, never answers                              |
| `drip`        | answers one byte a second (status line included), forever                         |
| `reset`       | sends the headers and half the body, then resets the connection (RST)              |
| `huge`        | a 200 MB body (generated on the fly: the server holds 64 KiB)                      |
| `badjson`     | 200 with `content-type: application/json` and a body that is not JSON             |
| `endless`     | 200, chunked, a body that never ends (sent as fast as the client reads)            |
| `gzipbomb`    | 200, `content-encoding: gzip, gzip`: ~1 KB on the wire, 512 MiB once decoded        |
| `nested`      | 200 with a JSON body nested 400 000 deep (1 MB of `[`, then `]`)                    |
| `redirect`    | 307 to the same path on `redirect_to` (another host), on every request            |
| `retry-after` | health and /v1/models fine; a completion gets 429 with `retry-after: 999999`      |
| `echo`        | health fine; everything else 401 echoing the key it got and `echo` texts (body, headers) |
| `record`      | 200 `{"data": []}` to anything; records every request's headers (redirect target) |

`tls=(cert, key)` serves HTTPS; `make_cert(dir, expired=...)` makes a self-signed certificate for
127.0.0.1 that is valid, or expired since yesterday.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import json
import socket
import ssl
import struct
import threading
import time
from pathlib import Path

HUGE_BYTES = 200 * 1024 * 1024
RETRY_AFTER = "999999"


class HostileServer:
    def __init__(self, mode: str, *, host: str = "127.0.0.1", tls: tuple[Path, Path] | None = None,
                 redirect_to: str = "", echo: list[str] | None = None) -> None:
        self.mode = mode
        self.host = host
        self.redirect_to = redirect_to
        self.echo = echo or []  # texts with secrets in them, repeated back in error bodies and headers
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
        self._ctx: ssl.SSLContext | None = None
        if tls is not None:
            self._ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._ctx.load_cert_chain(str(tls[0]), str(tls[1]))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self._stopped = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self._ctx else 'http'}://{self.host}:{self.port}"

    def __enter__(self) -> "HostileServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._thread.join(2)
        for c in list(self._conns):
            try:
                c.close()
            except OSError:
                pass
        self.sock.close()

    # -- serving ------------------------------------------------------------------------------------
    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self._ctx is not None:
                conn.settimeout(5)
                conn = self._ctx.wrap_socket(conn, server_side=True)  # a refused certificate ends here
                self._conns.append(conn)
            conn.settimeout(None)
            if self.mode == "silent":
                self._stopped.wait()
                return
            while not self._stopped.is_set():
                request = self._read_request(conn)
                if request is None:
                    return
                self.requests.append(request)
                if not self._answer(conn, *request):
                    return
        except (OSError, ssl.SSLError, ValueError):
            return
        finally:
            try:
                conn.close()
            except OSError:
                pass

    @staticmethod
    def _read_request(conn: socket.socket) -> tuple[str, str, dict[str, str]] | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
            if len(data) > 1 << 20:
                return None
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length") or 0)
        while len(rest) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            rest += chunk
        return method, path, headers

    def _send(self, conn: socket.socket, status: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        out = [f"HTTP/1.1 {status}", "content-type: application/json", f"content-length: {len(body)}"]
        out += [f"{k}: {v}" for k, v in (headers or {}).items()]
        conn.sendall(("\r\n".join(out) + "\r\n\r\n").encode() + body)

    def _answer(self, conn: socket.socket, method: str, path: str, headers: dict[str, str]) -> bool:
        """Answer one request; False closes the connection."""
        mode = self.mode
        if mode == "drip":
            for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n" + b"x" * 100000:
                if self._stopped.wait(1.0):
                    return False
                conn.sendall(bytes([byte]))
            return False
        if mode == "reset":
            body = json.dumps({"data": [{"id": "gpt-4o"}] * 200}).encode()
            conn.sendall(f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n".encode()
                         + body[: len(body) // 2])
            time.sleep(0.05)
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            return False
        if mode == "huge":
            conn.sendall(f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {HUGE_BYTES}\r\n\r\n".encode())
            block = (b'{"data": [' + b'{"id": "m"}, ' * 5000)[:65536]
            sent = 0
            while sent < HUGE_BYTES and not self._stopped.is_set():
                piece = block[: HUGE_BYTES - sent]
                conn.sendall(piece)
                sent += len(piece)
            return False
        if mode == "endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            piece = b'{"choices": [' + b'{"index": 0}, ' * 4000
            chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            while not self._stopped.is_set():
                conn.sendall(chunk)
            return False
        if mode == "gzipbomb":
            self._send(conn, "200 OK", gzip_bomb(), {"content-encoding": "gzip, gzip"})
            return True
        if mode == "nested":
            self._send(conn, "200 OK", b"[" * 400_000 + b"]" * 400_000)
            return True
        if mode == "badjson":
            self._send(conn, "200 OK", b'{"data": [{"id": "gpt-4o"}, <html>Bad Gateway</html>')
            return True
        if mode == "redirect":
            self._send(conn, "307 Temporary Redirect", b"", {"location": f"{self.redirect_to}{path}"})
            return True
        if mode == "record":
            self._send(conn, "200 OK", b'{"data": [], "status": "healthy"}')
            return True
        if mode in ("retry-after", "echo"):
            if path.startswith("/health"):
                self._send(conn, "200 OK", b'{"status": "healthy", "db": "Not connected", "litellm_version": "1.103.0"}')
                return True
            if mode == "retry-after":
                if path.startswith("/v1/models") or path.startswith("/models"):
                    self._send(conn, "200 OK", b'{"object": "list", "data": [{"id": "gpt-4o"}]}')
                    return True
                body = {"error": {"message": "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit "
                                  "reached for gpt-4o on requests per min (RPM): Limit 3, Used 3, Requested 1. "
                                  f"Please try again in {RETRY_AFTER}s.", "type": "throttling_error", "param": None, "code": "429"}}
                self._send(conn, "429 Too Many Requests", json.dumps(body).encode(),
                           {"retry-after": RETRY_AFTER, "llm_provider-retry-after": RETRY_AFTER})
                return True
            # echo: the upstream repeats the key it got, and every text it was given, in its body and headers.
            got = headers.get("authorization", "")
            body = {"error": {"message": f"Authentication Error, Invalid proxy server token passed. Received API Key = "
                              f"{got[7:] if got.lower().startswith('bearer ') else got}. Seen: " + " | ".join(self.echo),
                              "type": "auth_error", "param": "None", "code": "401"}}
            echoed = {f"x-echo-{n}": text.replace("\n", " ")[:2000] for n, text in enumerate(self.echo)}
            echoed["www-authenticate"] = got or "Bearer"
            self._send(conn, "401 Unauthorized", json.dumps(body).encode(), echoed)
            return True
        raise ValueError(f"unknown mode {mode!r}")


_BOMB: list[bytes] = []


def gzip_bomb(decoded: int = 1 << 29) -> bytes:
    """`decoded` zero bytes gzipped twice (computed once: ~2 s for 512 MiB)."""
    import zlib

    if not _BOMB:
        inner = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        block = bytes(1 << 20)
        once = b"".join(inner.compress(block) for _ in range(decoded >> 20)) + inner.flush()
        outer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        _BOMB.append(outer.compress(once) + outer.flush())
    return _BOMB[0]


def make_cert(directory: Path, *, expired: bool = False, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed CA certificate for `host` (also usable as its own --ca-bundle); expired if asked."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"litellm-doctor hostile {'expired' if expired else 'self-signed'}")])
    now = _dt.datetime.now(_dt.timezone.utc)
    start, end = (now - _dt.timedelta(days=30), now - _dt.timedelta(days=1)) if expired else (now - _dt.timedelta(minutes=5), now + _dt.timedelta(days=2))
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    stem = "expired" if expired else "selfsigned"
    cert_path, key_path = directory / f"{stem}-cert.pem", directory / f"{stem}-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def other_loopback_host() -> str:
    """A second loopback address (another host as far as URLs go); 'localhost' where 127.0.0.2 is not bindable."""
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.2", 0))
        return "127.0.0.2"
    except OSError:
        return "localhost"
