"""Install the lab's second real LiteLLM (the newest 1.108.x, the long-term-support line) into its own venv.

`pip install "litellm[proxy]==1.108.14"` cannot resolve in this registry: the release pins builds of
`litellm-proxy-extras` (0.4.110.post1) and `litellm-enterprise` (0.1.79.post3) that were never published.
So the wheel goes in without dependencies, then its own dependency list (base + the `proxy` extra, read
from the wheel's METADATA) is installed with those two pins replaced by the nearest published builds.

Usage: python tests/lab/new_litellm.py VENV_DIR   (prints the path of the venv's `litellm` executable)
The lab reads LITELLM_DOCTOR_LAB_NEW_LITELLM to find that executable.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.108.14"
# The pins of 1.108.14 that are missing from the registry -> nearest published builds (same minor line).
REPLACED_PINS = {
    "litellm-proxy-extras": "litellm-proxy-extras==0.4.110",
    "litellm-enterprise": "litellm-enterprise==0.1.79.post1",
}
EXTRAS = ("", "proxy")


def _requirements(metadata: str) -> list[str]:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    out: list[str] = []
    for line in metadata.splitlines():
        if not line.startswith("Requires-Dist:"):
            continue
        req = Requirement(line.split(":", 1)[1].strip())
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in EXTRAS):
            continue
        name = canonicalize_name(req.name)
        if name in REPLACED_PINS:
            out.append(REPLACED_PINS[name])
            continue
        req.marker = None
        out.append(str(req))
    return sorted(set(out))


def install(venv: str) -> str:
    exe = os.path.join(venv, "bin", "litellm")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([py, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "-d", tmp, f"litellm=={VERSION}"], check=True)
        (wheel,) = glob.glob(os.path.join(tmp, f"litellm-{VERSION}-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            metadata = zf.read(f"litellm-{VERSION}.dist-info/METADATA").decode()
        subprocess.run(pip + _requirements(metadata), check=True)
        subprocess.run(pip + ["--no-deps", wheel], check=True)
    return exe


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/lab/new_litellm.py VENV_DIR")
    print(install(os.path.abspath(sys.argv[1])))
