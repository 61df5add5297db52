"""Render every log fixture under tests/ and examples/ with every output format into a directory, to compare two
trees' outputs (eighty-second and eighty-fourth passes): run once per tree, then `diff -rq`.

    PYTHONPATH=<old tree>/src python tests/logs/render_all.py . /tmp/out-old
    PYTHONPATH=src python tests/logs/render_all.py . /tmp/out-new
    diff -rq /tmp/out-old /tmp/out-new

(`<old tree>`: e.g. `git archive main src rules | tar -x -C /tmp/old`: the rules are read next to the package.)
"""

from __future__ import annotations

import glob
import os
import sys

from litellm_doctor.formats import get_formatter
from litellm_doctor.formats.sanitize import clean_data
from litellm_doctor.logs import triage_log
from litellm_doctor.masking import mask_data

FORMATS = (("json", False), ("text", False), ("text", True), ("sarif", False), ("github", False), ("junit", False),
           ("markdown", False))


def fixtures(root: str) -> list[str]:
    files: list[str] = []
    for top in ("tests", "examples"):
        for ext in ("log", "txt", "jsonl", "json"):
            files += glob.glob(f"{root}/{top}/**/*.{ext}", recursive=True)
    keep = ("/logs/", "/examples/", "/fixtures/")
    return sorted(f for f in files if any(k in f for k in keep) and not f.endswith("manifest.json") and "/corpus/" not in f)


def main(root: str, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    files, n = fixtures(root), 0
    for f in files:
        name = os.path.relpath(f, root).replace("/", "__")
        try:
            report = triage_log(f)
        except Exception as e:  # noqa: BLE001 - a fixture that is no log: what it raised is its output
            with open(f"{out}/{name}.error", "w") as fh:
                fh.write(f"{type(e).__name__}: {e}")
            continue
        data = clean_data(mask_data(report))
        for fmt, verbose in FORMATS:
            with open(f"{out}/{name}.{fmt}{'-v' if verbose else ''}", "w") as fh:
                fh.write(get_formatter(fmt, color=False, width=100, verbose=verbose).render(data))
            n += 1
    print(len(files), "files,", n, "outputs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
