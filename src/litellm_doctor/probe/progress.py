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

    def __enter__(self) -> "ProbeProgress":
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=not self._color)
        self._progress = Progress(
            SpinnerColumn(), TextColumn("[bold]probing[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
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

    def on_result(self, result: ProbeResult) -> None:
        if self._progress is None:
            return
        if result.status == "fail":
            self._failed += 1
        mark = {"pass": "✓", "fail": "✗", "skip": "-"}.get(result.status, "?")
        failed = f" · {self._failed} failed" if self._failed else ""
        # The display is an exit too: through the one masking function (targets are masked already).
        # Sanitised for the terminal, and rich markup in a model id (`[link=…]`) escaped.
        from rich.markup import escape

        from ..formats.sanitize import terminal

        text = escape(terminal(mask(f"{result.id} {result.target[:40]}{failed}")))
        self._progress.update(self._task, advance=1, description=f"{mark} {text}")
