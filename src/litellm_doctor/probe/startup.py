"""What keeps `litellm-doctor probe` quick as a new process: a light httpx import, work in the background.

A `probe --deep` mostly waits (every completion takes the upstream's latency), but before its first
request a new process pays its imports, and after the last answer it classifies and renders. Two tools
shorten that critical path:

- `light_httpx()`: `import httpx` imports httpx's own command-line tool (click, rich, pygments:
  ~50 ms of a ~150 ms import here), and httpcore imports `h2` for HTTP/2 when it is installed (it is
  wherever litellm[proxy] is: h2, hpack, hyperframe, ~15 ms), neither of which the probes use (they
  speak HTTP/1.1). Both libraries treat those modules as optional (`except ImportError`), so they are
  skipped for this one import (httpx and httpcore, which httpx would import at the first client).
  Only the CLI process calls it: a program that imports `litellm_doctor.probe` as a library keeps
  its httpx whole.
- `Background`: work whose result is needed only after the requests are answered (the rule library,
  the classifier, the formatter) runs in a daemon thread started once the requests are in flight and
  the proxy has passed them on (the engine's `on_waiting`).
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

# Optional modules of httpx and httpcore the probes never use (see the module docstring).
_UNUSED_EXTRAS = ("httpx._main", "h2")


def light_httpx() -> None:
    """Import httpx and httpcore without httpx's command-line tool and HTTP/2 (the CLI process only; see above)."""
    if "httpx" in sys.modules:
        return
    blocked = [name for name in _UNUSED_EXTRAS if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import httpx  # noqa: F401
        import httpcore  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]  # an explicit later import of them works as usual


class Background:
    """`work()` run once in a daemon thread; `result()` waits for it (running it first if never started)."""

    def __init__(self, work: Callable[[], Any], name: str = "litellm-doctor-preload") -> None:
        self._work = work
        self._name = name
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._value: Any = None
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # noqa: BLE001 - re-raised by result() in the caller's thread
            self._error = exc

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()

    def result(self) -> Any:
        self.start()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def chain(*hooks: Callable[[], None] | None) -> Callable[[], None] | None:
    """One callback calling each of `hooks` (None when there is none)."""
    present = [h for h in hooks if h is not None]
    if not present:
        return None

    def call() -> None:
        for hook in present:
            hook()

    return call
