"""Install one of the lab's newer real LiteLLMs into its own venv: 1.108.14 (the newest 1.108.x, the
long-term-support line) or 1.110.2 (the newest release).

`pip install "litellm[proxy]==X"` cannot resolve in this registry for either: each release pins builds of
`litellm-proxy-extras` and `litellm-enterprise` that were never published, and 1.110 also requires
`litellm-proxy`, a package the registry does not have (the proxy's code is still inside the `litellm` wheel:
`litellm/proxy/`, and its `litellm` console script runs it). So the wheel goes in without dependencies, then
its own dependency list (base + the `proxy` extra, read from the wheel's METADATA) is installed with those
pins replaced by the nearest published builds, and `litellm-proxy` left out.

Usage: python tests/lab/new_litellm.py VENV_DIR [VERSION]   (default 1.108.14; prints the path of the venv's
`litellm` executable). The lab reads LITELLM_DOCTOR_LAB_NEW_LITELLM (1.108.14) and
LITELLM_DOCTOR_LAB_NEWEST_LITELLM (1.110.2) to find those executables.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import zipfile

DEFAULT_VERSION = "1.108.14"
# Per release: its pins that are missing from the registry -> the nearest published builds (same minor
# line), and the requirements left out (None).
REPLACED_PINS: dict[str, dict[str, str | None]] = {
    "1.108.14": {
        "litellm-proxy-extras": "litellm-proxy-extras==0.4.110",  # pinned 0.4.110.post1
        "litellm-enterprise": "litellm-enterprise==0.1.79.post1",  # pinned 0.1.79.post3
    },
    "1.110.2": {
        "litellm-proxy-extras": "litellm-proxy-extras==0.4.110",  # pinned 0.4.114.post1 (newest published)
        "litellm-enterprise": "litellm-enterprise==0.1.83",  # pinned 0.1.83.post1
        "litellm-proxy": None,  # not published here; its code ships in the litellm wheel
    },
}
EXTRAS = ("", "proxy")


def _requirements(metadata: str, version: str) -> list[str]:
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
        replaced = REPLACED_PINS[version]
        if name in replaced:
            if replaced[name] is not None:
                out.append(replaced[name])
            continue
        req.marker = None
        out.append(str(req))
    return sorted(set(out))


def install(venv: str, version: str = DEFAULT_VERSION) -> str:
    exe = os.path.join(venv, "bin", "litellm")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([py, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "-d", tmp, f"litellm=={version}"], check=True)
        (wheel,) = glob.glob(os.path.join(tmp, f"litellm-{version}-*.whl"))
        with zipfile.ZipFile(wheel) as zf:
            metadata = zf.read(f"litellm-{version}.dist-info/METADATA").decode()
        subprocess.run(pip + _requirements(metadata, version), check=True)
        subprocess.run(pip + ["--no-deps", wheel], check=True)
    return exe


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] not in REPLACED_PINS):
        sys.exit(f"usage: python tests/lab/new_litellm.py VENV_DIR [{' | '.join(REPLACED_PINS)}]")
    print(install(os.path.abspath(sys.argv[1]), *sys.argv[2:]))
