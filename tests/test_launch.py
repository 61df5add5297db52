"""launch.py: a pasted error's usual command lines are parsed without typer, and give exactly what the
typer app gives for them; every other command line goes to the typer app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from litellm_doctor.launch import paste_args
from pasted_run import run_watching

RATE = (
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in organization "
    "org-x on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 6s."
)
AUTH = "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-abc***"
TYPER_APP = "import sys; from litellm_doctor.cli import main; main()"
LOG = Path(__file__).resolve().parent / "fixtures" / "logs" / "proxy-default.log"


def _both(args: list[str], stdin: bytes = b"") -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """The command as installed (launch.main) and the typer app alone, on the same input."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    run = lambda cmd: subprocess.run(cmd, input=stdin, capture_output=True, env=env, timeout=60)  # noqa: E731
    return run([sys.executable, "-m", "litellm_doctor", *args]), run([sys.executable, "-c", TYPER_APP, *args])


@pytest.fixture()
def error_file(tmp_path: Path) -> str:
    path = tmp_path / "error.txt"
    path.write_text(AUTH + "\n")
    return str(path)


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["diagnose", RATE], b""),
        (["diagnose", RATE, "-f", "json"], b""),
        (["diagnose", "--format=JSON", "--verbose", RATE], b""),
        (["diagnose", "-v", "--no-color", "--offline", RATE, "--fail-on", "never"], b""),
        (["diagnose", "--fail-on=warning", "-f", "markdown", RATE], b""),
        (["diagnose", "-f", "sarif", "-f", "github", RATE], b""),  # the last of a repeated option wins
        (["diagnose", "-e", "{file}"], b""),
        (["diagnose", "--error-file", "{file}", "-f", "junit"], b""),
        (["diagnose", "--error-file={file}//", "-v"], b""),  # trailing slashes: dropped as typer's Path type does
        (["diagnose", "-"], RATE.encode()),
        (["diagnose"], AUTH.encode()),
        (["diagnose", "-e", "-", "-f", "json"], RATE.encode()),
        (["diagnose", "--", "-not an option: " + RATE], b""),
        (["diagnose", "-e", "{file}.missing"], b""),  # exit 2, one line
        (["diagnose", "-e", "{file}", RATE], b""),  # both: exit 2, one line
        (["diagnose", "-e", "-", RATE], b""),
        (["diagnose", "x" * 300], b""),
        (["diagnose", ""], b""),
        # a log: the fast path runs the same triage (pasted.triage) as the typer app's --log
        (["diagnose", "--log", "{log}"], b""),
        (["diagnose", "-l", "{log}", "-f", "json", "--fail-on", "never"], b""),
        (["diagnose", "--log={log}", "--verbose", "--no-color", "-f", "markdown"], b""),
        (["diagnose", "--log", "-", "-f", "sarif"], LOG.read_bytes()),
        (["diagnose", "--log", "{file}.missing"], b""),  # exit 2, one line
    ],
)
def test_the_paste_path_answers_as_the_typer_app_does(args, stdin, error_file):
    args = [a.replace("{file}", error_file).replace("{log}", str(LOG)) for a in args]
    assert paste_args(args) is not None, "this form is meant to take the paste path"
    fast, typer_app = _both(args, stdin)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typer_app.returncode, typer_app.stdout, typer_app.stderr)
    assert fast.returncode in (0, 1, 2) and b"Traceback" not in fast.stderr


@pytest.mark.parametrize(
    "args",
    [
        [], ["--help"], ["--version"], ["rules", "list"], ["diagnose", "--help"], ["diagnose", "-h"],
        ["diagnose", RATE, "extra"], ["diagnose", "-f", "yaml", RATE], ["diagnose", "-vf", "json", RATE],
        ["diagnose", "-fjson", RATE], ["diagnose", "-e"], ["diagnose", "-e", ""], ["diagnose", "-e=x"],
        ["diagnose", "--log", "x.log", RATE], ["diagnose", "--log", "x.log", "-e", "e.txt"], ["diagnose", "--log", "x.log", "--since", "1h"],
        ["diagnose", "--log", "x.log", "--follow"], ["diagnose", "--log"], ["diagnose", RATE, "--config", "c.yaml"], ["diagnose", RATE, "--proxy", "http://x"],
        ["diagnose", "-f", "--verbose", RATE], ["diagnose", "--unknown", RATE], ["diagnoze", RATE],
    ],
)
def test_other_command_lines_go_to_the_typer_app(args):
    assert paste_args(args) is None


@pytest.mark.parametrize("args", [["diagnose", "-f", "yaml", RATE], ["diagnose", RATE, "extra"], ["diagnose", "-e"]])
def test_usage_errors_of_paste_forms_are_typer_s_one_line(args):
    fast, typer_app = _both(args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (typer_app.returncode, typer_app.stdout, typer_app.stderr)
    assert fast.returncode == 2 and fast.stderr.count(b"\n") == 1


@pytest.mark.parametrize(
    "entry, light",
    [
        ("litellm_doctor.launch", ("typer", "click", "litellm", "httpx", "openai", "yaml")),  # the console script
        ("litellm_doctor.cli", ("litellm", "httpx", "openai", "yaml")),  # the typer app, e.g. with --config
    ],
)
def test_pasting_imports_no_heavy_library(entry, light):
    proc = run_watching([RATE, "-f", "json"], light, entry)
    assert b"LOADED []" in proc.stderr, proc.stderr
    assert b'"quota_rate"' in proc.stdout


UNKNOWN = "litellm.APIError: APIError: Hosted_vllmException - something odd happened in the engine, status 502"


@pytest.mark.parametrize("how", ["rule", "estimate", "error-file"])
def test_a_pasted_error_s_run_imports_neither_typing_nor_pathlib(how, error_file):
    """Each is ~12-16 M instructions of a cold run, and the paste path needs neither: its modules name typing's types
    in annotations only (TYPE_CHECKING), and an --error-file's name is normalised as pathlib would (launch.path_name)."""
    args = {"rule": [RATE], "estimate": [UNKNOWN], "error-file": ["--error-file", error_file]}[how]
    proc = run_watching([*args, "-f", "json"], ("typing", "pathlib"))
    assert b"LOADED []" in proc.stderr, proc.stderr
    assert b'"category"' in proc.stdout


@pytest.mark.parametrize(
    "name",
    ["a", "/a", "//a", "///a", "a/", "a//b", "./a", "a/./b", "a/../b", ".", "..", "/", "//", "///", "./", "~/x",
     "a b/ c", "é/ü", "a\\b", "//a//./b/", ".a/.b"],
)
def test_an_error_file_s_name_is_the_one_pathlib_gives(name):
    from litellm_doctor.launch import path_name

    assert path_name(name) == str(Path(name))
    assert paste_args(["diagnose", "--error-file", name]).error_file == str(Path(name))
