"""Text that is not an error, given to `diagnose` (issue #9; HOLDOUT_EVAL.md "Ninety-fourth pass").

    python tests/corpus/not_errors.py            # each text of not_errors.jsonl: kind, category, confidence
    python tests/corpus/not_errors.py --live     # also this machine's own files and commands (/etc, ps, ...),
                                                 # measured only: their text is not kept
    python tests/corpus/not_errors.py --build    # rebuild not_errors.jsonl from its sources (SOURCES below)

A user who feeds the wrong file (`--error-file /etc/passwd`, the project's pyproject.toml) or a CI step that pipes
the wrong output should not get a confident-looking category. Every text here was written by someone else for
another purpose: the repo's own files, Python's standard library (PSF licence), a package's data (numpy, BSD),
pyenv's GitHub workflow (MIT), and healthy lines of the repo's recorded proxy logs. `expect` is `unknown` for a
text that shows no error, `thin` for one that holds an error-looking fragment (a class name in source code, a
status table): an estimate then, if any, must not claim more than the thin cap; `quoted` for one that quotes a
real error message (the README's example output, a docstring's `is not JSON serializable`, http.HTTPStatus's
`Request timed out`): a rule may read the quote, which is not counted as dishonest (listed, "quoted").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from litellm_doctor.diagnosis import diagnose  # noqa: E402

DATA = HERE / "not_errors.jsonl"
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SITE = Path(sysconfig.get_paths()["purelib"])

# (id, path, first line, last line (None: to the end, at most 120 lines), expect, a filter of lines or None)
SOURCES = (
    ("repo-pyproject", ROOT / "pyproject.toml", 1, None, "unknown", None),
    ("repo-readme-install", ROOT / "README.md", 1, 40, "quoted", None),
    ("repo-compose", ROOT / "examples/configs/correct/docker-compose.yml", 1, None, "unknown", None),
    ("repo-k8s-deployment", ROOT / "examples/deploy/k8s/deployment.yaml", 1, None, "unknown", None),
    ("repo-k8s-postgres", ROOT / "examples/deploy/k8s/postgres.yaml", 1, None, "unknown", None),
    ("repo-logs-manifest", ROOT / "tests/fixtures/logs/manifest.json", 1, 60, "quoted", None),
    ("repo-proxy-healthy-info", ROOT / "tests/fixtures/logs/proxy-info-fallbacks.log", 1, None, "unknown", "healthy"),
    ("stdlib-this", STDLIB / "this.py", 1, None, "unknown", None),
    ("stdlib-textwrap", STDLIB / "textwrap.py", 1, 60, "unknown", None),
    ("stdlib-csv", STDLIB / "csv.py", 1, 60, "thin", None),
    ("stdlib-json-init", STDLIB / "json/__init__.py", 1, 100, "quoted", None),
    ("stdlib-json-decoder", STDLIB / "json/decoder.py", 1, 60, "thin", None),
    ("stdlib-http-status", STDLIB / "http/__init__.py", 1, 120, "quoted", None),
    ("stdlib-logging-config-doc", STDLIB / "logging/config.py", 1, 40, "unknown", None),
    ("stdlib-license", STDLIB / "LICENSE.txt", 1, 50, "unknown", None),
    ("numpy-csv", SITE / "numpy/random/tests/data/pcg64-testset-1.csv", 1, 40, "unknown", None),
    ("pyenv-workflow", Path("/root/.pyenv/.github/workflows/ubuntu_build.yml"), 1, None, "unknown", None),
)


def _healthy(lines: list[str]) -> list[str]:
    """The proxy log's lines at INFO that report no failure (no exception, no error word, no 4xx/5xx)."""
    import re

    bad = re.compile(r"(?i)error|exception|fail|refused|denied|traceback|timeout|\b[45]\d\d\b|cooldown|fallback")
    return [line for line in lines if "INFO" in line and not bad.search(line)][:40]


def build() -> int:
    rows = []
    for ident, path, first, last, expect, keep in SOURCES:
        if not path.is_file():
            print(f"skip {ident}: {path} missing", file=sys.stderr)
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        lines = lines[first - 1 : last if last else first - 1 + 120]
        if keep == "healthy":
            lines = _healthy(lines)
        source = str(path).replace(str(ROOT) + "/", "repo:").replace(str(STDLIB), "stdlib").replace(str(SITE), "site-packages")
        rows.append({"id": ident, "source": f"{source}:{first}-{last or ''}", "expect": expect, "text": "\n".join(lines) + "\n"})
    rows += _commands(keep_text=True)
    with DATA.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} texts -> {DATA.relative_to(ROOT)}")
    return 0


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=ROOT).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _commands(keep_text: bool) -> list[dict]:
    """Shell output of the sort a CI step pipes by mistake. Kept: `ls -l` of the repo's src and `pip list` (no
    one's prose); measured only: `ps`, `df`, `env`-free `uname -a`."""
    kept = [
        ("shell-ls-l", ["ls", "-l", "src/litellm_doctor/diagnosis"], 40),
        ("shell-pip-list", [sys.executable, "-m", "pip", "list", "--disable-pip-version-check"], 60),
        ("shell-git-log", ["git", "log", "--stat", "-3", "--format=commit %h%nAuthor: dev%n%n    %s%n", "05fd529"], 60),
    ]
    live = [
        ("shell-ps", ["ps", "-eo", "pid,user,stat,etime,comm"], 40),
        ("shell-df", ["df", "-h"], 40),
        ("shell-uname", ["uname", "-a"], 5),
    ]
    rows = []
    for ident, args, limit in kept if keep_text else live:
        out = "\n".join(_run(args).splitlines()[:limit])
        if out:
            rows.append({"id": ident, "source": "$ " + " ".join(args[-4:]), "expect": "unknown", "text": out + "\n"})
    return rows


LIVE_FILES = ("/etc/passwd", "/etc/group", "/etc/os-release", "/etc/adduser.conf", "/etc/debconf.conf",
              "/etc/gai.conf", "/etc/ld.so.conf", "/etc/host.conf", "/etc/ca-certificates.conf", "/etc/hosts",
              "/etc/nsswitch.conf", "/etc/login.defs")


def live_rows() -> list[dict]:
    rows = []
    for name in LIVE_FILES:
        if os.path.isfile(name):
            text = "\n".join(Path(name).read_text(errors="replace").splitlines()[:120]) + "\n"
            rows.append({"id": "etc-" + name.rsplit("/", 1)[-1], "source": name, "expect": "unknown", "text": text})
    return rows + _commands(keep_text=False)


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def answer(text: str) -> tuple[str, str, float | None]:
    """(kind, category, confidence) of `diagnose` on the text: kind `rule`, `noise` (a rule saying nothing failed:
    severity info, as the proxy's start-up lines), `estimate`, `unknown` or `refused` (the input is refused with a
    one-line error, as a whole LiteLLM config is)."""

    try:
        report = diagnose(text)
    except Exception as exc:  # a refusal (NotAnErrorText and the like) is an answer too
        return "refused", type(exc).__name__, None
    d = report.diagnosis
    if d is None:
        return "unknown", report.category, None
    if d.kind == "estimate":
        return "estimate", d.category, d.confidence
    return ("noise" if report.findings and report.findings[0].severity == "info" else "rule"), d.category, d.confidence


def ok(row: dict, kind: str, confidence: float | None, thin_cap: float) -> bool:
    """Whether the answer is an honest one for a text that is no error."""
    if kind in ("unknown", "refused", "noise") or row["expect"] == "quoted":
        return True
    return row["expect"] == "thin" and kind == "estimate" and confidence is not None and confidence <= thin_cap


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--live", action="store_true", help="also this machine's /etc files and commands (not kept)")
    parser.add_argument("--build", action="store_true", help="rebuild not_errors.jsonl from its sources")
    args = parser.parse_args(argv)
    if args.build:
        return build()
    from litellm_doctor.diagnosis.estimate import _model

    thin_cap = _model()["thin_max_probability"]
    rows = load() + (live_rows() if args.live else [])
    honest = 0
    for row in rows:
        kind, category, confidence = answer(row["text"])
        good = ok(row, kind, confidence, thin_cap)
        honest += good
        shown = "" if confidence is None else f" {confidence:.2f}"
        mark = "quoted" if row["expect"] == "quoted" and kind not in ("unknown", "noise") else ("ok " if good else "BAD")
        print(f"{mark:<6} {row['id']:<28} {row['expect']:<7} -> {kind} {category}{shown}")
    print(f"honest {honest}/{len(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
