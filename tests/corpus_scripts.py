"""Load a script of tests/corpus/ as a module, for the tests that check it (one place for the importlib dance).

Each call executes the script afresh, under `name` (default: the script's own name), so a test that sets a
script's module-level switch (train_estimate.ORDER_PREFIX, ...) does not leak it into another test file. The
folder is put on sys.path first: the scripts import each other by name (`from honest_estimate import ...`).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def load(script: str, name: str | None = None):
    if str(CORPUS) not in sys.path:
        sys.path.insert(0, str(CORPUS))
    spec = importlib.util.spec_from_file_location(name or script, CORPUS / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
