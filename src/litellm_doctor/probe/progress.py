"""The progress display of a probe run: a rich spinner and counter on stderr, only on a terminal.

Used by the CLI (the core never prints): pass `display.on_plan` / `display.on_result` to
ProbeOptions and wrap the run in `with display:`. Off a terminal it does nothing at all.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ..masking import mask
from ..model import ProbeResult


class ProbeProgress:
    def __init__(self, enabled: bool | None = None, color: bool = True) -> None:
        if enabled is None:
            try:
                enabled = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
            except (AttributeError, ValueError):
                enabled = False
        self.enabled = bool(enabled)
        self._progress: Any = None
        self._task: Any = None
        self._color = color
        self._failed = 0
        # index -> "id target" of the probes still running: the line shows these, not the last done.
        self._running: dict[int, str] = {}
        self._done: set[str] = set()

    def __enter__(self) -> "ProbeProgress":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=not self._color)
        self._progress = Progress(
            SpinnerColumn(), TextColumn("probing {task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=console, transient=True,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
            self._progress = None

    def on_plan(self, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total)

    def on_start(self, index: int, probe_id: str, target: str) -> None:
        self._running[index] = f"{probe_id} {target[:40]}"
        self._show()

    def on_result(self, result: ProbeResult) -> None:
        if result.status == "fail":
            self._failed += 1
        # A result does not carry its index: close the oldest running probe with the same id and target.
        label = f"{result.id} {result.target[:40]}"
        for index, running in list(self._running.items()):
            if running == label:
                del self._running[index]
                break
        if self._progress is not None:
            self._progress.update(self._task, advance=1)
        self._show()

    def in_flight(self) -> str:
        """`waiting for proxy.key http://…, group.deep gpt-4o (+3 more)`, or the failures so far."""
        failed = f" · {self._failed} failed" if self._failed else ""
        if not self._running:
            return f"finishing{failed}"
        labels = list(self._running.values())
        more = f" (+{len(labels) - 2} more)" if len(labels) > 2 else ""
        return f"waiting for {', '.join(labels[:2])}{more}{failed}"

    def _show(self) -> None:
        if self._progress is None:
            return
        # The display is an exit too: through the one masking function (targets are masked already).
        self._progress.update(self._task, description=mask(self.in_flight()))
