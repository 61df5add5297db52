"""A progress bar for long logs: rich, on stderr, only when stderr is a terminal (never in a pipe or CI)."""

from __future__ import annotations

import os
import sys
import time


class LogProgress:
    """`with LogProgress(total) as p: triage_log(..., on_progress=p.update)`; a no-op off a terminal."""

    def __init__(self, total: int | None, *, label: str = "reading log", enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = _stderr_is_terminal() and not os.environ.get("LITELLM_DOCTOR_NO_PROGRESS")
        self.total = total
        self.label = label
        self.enabled = enabled
        self._progress = None
        self._task = None
        self._last = 0.0

    def __enter__(self) -> "LogProgress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self

    def update(self, done: int) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            self._progress.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
