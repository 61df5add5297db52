"""Shared helpers for the log triage tests: the lab's captured logs and what was planted in them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
LOGS = sorted(MANIFEST)


def engines() -> list[str]:
    out = ["python"]
    try:
        import hyperscan  # noqa: F401

        out.append("hyperscan")
    except ImportError:
        pass
    return out


def failures_by_category(report) -> dict[str, int]:
    counts: Counter = Counter()
    for g in report.groups:
        if g.kind in ("request", "log", "http"):
            counts[g.category] += g.count
    return dict(counts)


@pytest.fixture(params=engines())
def engine(request, monkeypatch):
    monkeypatch.setenv("LITELLM_DOCTOR_LOG_ENGINE", request.param)
    return request.param


@pytest.fixture
def small_chunks(monkeypatch):
    """`small_chunks(n)`: from then on every LogReader reads n bytes at a time, so records are cut across
    reads (a count must not depend on where a read ends)."""
    from litellm_doctor.logs.reader import LogReader

    def use(size: int) -> None:
        orig = LogReader.__init__

        def small(self, stream, **kw):
            kw["chunk_size"] = size
            orig(self, stream, **kw)

        monkeypatch.setattr(LogReader, "__init__", small)

    return use
