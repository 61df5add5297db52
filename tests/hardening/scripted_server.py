"""A tiny HTTP server for hardening tests whose answers a test scripts with a function.

    def handler(method, path, headers, body) -> (status, headers, body)
    with ScriptedServer(handler) as server: ... server.url ...

Binds 127.0.0.1 on a free port; answers until the `with` block ends.
"""

from __future__ import annotations

import http.server
import threading
from typing import Callable


class ScriptedServer:
    def __init__(self, handler: Callable[..., tuple[int, dict[str, str], bytes | str]]) -> None:
        self.handler = handler
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                outer.requests.append((self.command, self.path, headers))
                status, out_headers, out = outer.handler(self.command, self.path, headers, body)
                data = out.encode() if isinstance(out, str) else out
                self.send_response(status)
                for name, value in out_headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
