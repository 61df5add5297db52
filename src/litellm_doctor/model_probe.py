"""The parts of a `Report` (model.py) only `probe` makes: probe results and the fleet table. Apart from
model_more.py, which a log's triage imports (for LogGroup), since making a dataclass costs ~1 ms of every run.
Imported through model.py (`from .model import ProbeResult`) on first use. Same JSON contract as model.py."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProbeResult:
    id: str
    target: str
    status: str  # pass | fail | skip
    latency_ms: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class FleetCell:
    status: str  # pass | fail | skip: ✓ / ✗ / - in the fleet table
    value: str = ""


@dataclass(frozen=True)
class FleetRow:
    replica: str  # host:port
    cells: tuple[FleetCell, ...] = ()


@dataclass(frozen=True)
class FleetView:
    """`probe --proxy A --proxy B …`: one row per replica, one column per check (probe/fleet.py)."""

    checks: tuple[str, ...]
    rows: tuple[FleetRow, ...] = ()
