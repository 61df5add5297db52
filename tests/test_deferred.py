"""The paste path defers `inspect` (deferred.py): a pasted error's run never imports it, and a module that reads
from the stand-in gets the real module's attributes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": SRC, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_a_pasted_error_s_run_does_not_import_inspect():
    out = _run(
        "import os, sys\n"
        "from litellm_doctor.launch import main\n"
        "sys.argv = ['litellm-doctor', 'diagnose', 'litellm.RateLimitError: Rate limit reached for gpt-4o', '--fail-on', 'never']\n"
        "real_exit = os._exit\n"
        "def leave(code):\n"
        "    print('inspect imported:', 'ast' in sys.modules or type(sys.modules.get('inspect')).__name__ == 'module')\n"
        "    real_exit(code)\n"
        "os._exit = leave\n"
        "main()\n"
    )
    assert "quota_rate" in out or "rate" in out.lower()
    assert out.strip().endswith("inspect imported: False")


def test_the_stand_in_reads_from_the_real_module():
    out = _run(
        "import sys\n"
        "from litellm_doctor.deferred import defer\n"
        "defer('inspect')\n"
        "import inspect\n"
        "from dataclasses import dataclass\n"
        "@dataclass\n"
        "class NoDoc:\n"
        "    x: int\n"
        "print(NoDoc.__doc__, inspect.isfunction(len), type(sys.modules['inspect']).__name__)\n"
        "from inspect import signature\n"
        "print(signature(lambda a, b=1: a))\n"
    )
    assert out.splitlines() == ["NoDoc(x: int) False module", "(a, b=1)"]
