""""Probed in N s" counts the whole run, up to the output: probing, classifying, masking, rendering.

The probe's report says how long it took when it is built (probe/verdict.py), before the CLI masks
and lays it out; quadratic masking once made a `--timeout 5` run take 58 s while saying "probed in
5.9 s". So the CLI keeps the note's number open while it renders (`pending`: a placeholder that
masking, sanitising and every formatter leave alone) and writes the time last (`fill`), once the text
that is printed is final. A run that is already past its deadline when the report is laid out says so.
"""

from __future__ import annotations

import time
from .frozen import replace
from .regexcache import rx

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

# Lowercase letters only: no secret shape, no escaping in any format, never split by wrapping.
PLACEHOLDER = "xelapsedx"
_NOTE = rx(r"^Probed in \d+(?:\.\d+)? s \(deadline (?P<deadline>[^ ]+) s")


def pending(report: Any, started: float | None) -> Any:
    """`report` with the number of its "Probed in N s" note left open (and "past the deadline" said
    when the run already is). Unchanged when there is no such note or no start time."""
    if started is None or not any(_NOTE.match(n) for n in report.notes):
        return report
    elapsed = time.monotonic() - started
    notes = []
    for note in report.notes:
        match = _NOTE.match(note)
        if match:
            note = note.replace(note[len("Probed in "):note.index(" s (deadline")], PLACEHOLDER, 1)
            try:
                late = elapsed > float(match.group("deadline"))
            except ValueError:
                late = False
            if late and note.endswith(")."):
                note = note[:-2] + "; the report was made after the deadline)."
        notes.append(note)
    return replace(report, notes=tuple(notes))


def fill(text: str, started: float | None) -> str:
    """The rendered output with the run's time written in: measured now, when nothing is left to do."""
    if started is None or PLACEHOLDER not in text:
        return text
    return text.replace(PLACEHOLDER, f"{time.monotonic() - started:.1f}")
