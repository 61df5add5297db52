"""A paste's run in a fresh interpreter, watching which modules it imports (tests of what the cold paste path loads:
test_launch.py, test_frozen.py). An exit handler prints `LOADED [...]` (the watched modules it found imported) to
stderr, since main() ends the process."""

from __future__ import annotations

import subprocess
import sys


def run_watching(args: list[str], watched: tuple[str, ...], entry: str = "litellm_doctor.launch") -> subprocess.CompletedProcess:
    code = (
        "import atexit, sys\n"
        f"from {entry} import main\n"
        f"atexit.register(lambda: print('LOADED', sorted(m for m in {tuple(watched)!r} if m in sys.modules), file=sys.stderr))\n"
        f"sys.argv = ['litellm-doctor', 'diagnose', *{list(args)!r}]\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
