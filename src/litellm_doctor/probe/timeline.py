"""Where a probe run spends its time, for the speed benchmark: `LITELLM_DOCTOR_TIMELINE=FILE`.

With the variable set, `mark(event)` appends `event<TAB>wall-clock seconds<TAB>CPU seconds of the process` to FILE (the first time
each event happens); `benchmarks/probe_speed.py --timeline` reads it next to the time it started the
process and the time the process ended, so the critical path outside the upstream's wait
(interpreter and imports → first completion sent; last answer → exit) is measured, not guessed.
Without the variable `mark` only reads one global: nothing is written, nothing imported.
"""

from __future__ import annotations

import os
import time

_FILE = os.environ.get("LITELLM_DOCTOR_TIMELINE") or None
_seen: set[str] = set()


def mark(event: str) -> None:
    """Record the first time `event` happens in this process (no-op unless LITELLM_DOCTOR_TIMELINE is set)."""
    if _FILE is None or event in _seen:
        return
    _seen.add(event)
    try:
        with open(_FILE, "a", encoding="utf-8") as out:
            out.write(f"{event}\t{time.time():.6f}\t{time.process_time():.6f}\n")
    except OSError:
        pass  # a measuring aid must never break a run
