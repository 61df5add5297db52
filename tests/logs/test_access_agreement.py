"""The triage's counts agree with the proxy's own access lines, on both LiteLLM versions the lab runs.

The 1.103.0 logs are tests/fixtures/logs/*.log; the 1.108.14 ones (tests/fixtures/logs/litellm-1.108.14/)
were captured the same way with `capture_logs.py --litellm`. With LITELLM_DOCTOR_LAB_NEW_LITELLM (1.108.14) or
LITELLM_DOCTOR_LAB_NEWEST_LITELLM (1.110.2) set to another LiteLLM's `litellm` script, a fresh capture from it is
checked too (a real lab run, ~1 minute each).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from litellm_doctor.logs import triage_log

from .conftest import FIXTURES, failures_by_category

NEW = FIXTURES / "litellm-1.108.14"
_ACCESS = re.compile(r'"POST /chat/completions HTTP/1\.1\\?" (\d{3})')


def _cases(directory: Path):
    manifest = json.loads((directory / "manifest.json").read_text())
    return [(directory / f"{name}.log", entry) for name, entry in sorted(manifest.items())]


def _check(path: Path, entry: dict) -> None:
    text = path.read_text(encoding="utf-8")
    access = Counter(s for s in _ACCESS.findall(text) if s >= "400")
    report = triage_log(str(path))
    assert failures_by_category(report) == entry["failures_by_category"]
    # As many failures as the proxy answered with an error status, and each status linked to one.
    assert sum(failures_by_category(report).values()) == sum(access.values())
    linked: Counter = Counter()
    for g in report.groups:
        linked.update(dict(g.statuses))
    assert linked == access


@pytest.mark.parametrize("path,entry", _cases(FIXTURES) + _cases(NEW), ids=lambda v: getattr(v, "name", "") or "")
def test_counts_agree_with_the_access_lines(path, entry):
    _check(path, entry)


@pytest.mark.parametrize("variable", ["LITELLM_DOCTOR_LAB_NEW_LITELLM", "LITELLM_DOCTOR_LAB_NEWEST_LITELLM"])
def test_a_fresh_capture_from_a_newer_litellm(tmp_path, variable):
    from . import capture_logs

    if not os.environ.get(variable):
        pytest.skip(f"{variable} not set")
    for name in ("proxy-default", "proxy-json"):
        text, entry = capture_logs.capture(name, os.environ[variable])
        path = tmp_path / f"{name}.log"
        path.write_text(text)
        _check(path, entry)
