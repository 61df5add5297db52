"""Hardening review 22 (session 22's harden22): each test failed before its fix."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from hardening_helpers import run_cli

CONFIG = ("model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n"
          "      api_key: os.environ/OPENAI_API_KEY\n")
AZURE_NAME = "##vso[task.setvariable variable=x]y.yaml"
RAW_COMMAND = re.compile(r"(?i)##(vso|teamcity)?\[")


def test_json_and_sarif_keep_a_name_holding_an_azure_command_exactly_and_print_it_inert(tmp_path):
    """A config named `##vso[…]y.yaml` was `# #vso[…]y.yaml` in JSON's `config` / `file` and in the SARIF URI: a
    location naming no file. JSON and SARIF are data: the name is kept exactly, and the serialiser writes its `#` as
    `\\u0023`, so the bytes printed (an Azure agent reads `##vso[` anywhere in a line) hold no command. Text, GitHub
    annotations, JUnit and Markdown still break it."""
    (tmp_path / AZURE_NAME).write_text(CONFIG)
    (tmp_path / "b.yaml").write_text(CONFIG)
    run = run_cli(["check", AZURE_NAME, "-f", "json"], cwd=str(tmp_path))
    assert run.returncode == 0, run.output
    assert not RAW_COMMAND.search(run.stdout)
    data = json.loads(run.stdout)
    assert data["facts"]["config"] == AZURE_NAME
    assert {f["location"]["file"] for f in data["findings"] if f.get("location")} == {AZURE_NAME}

    run = run_cli(["check", AZURE_NAME, "-f", "sarif"], cwd=str(tmp_path))
    assert not RAW_COMMAND.search(run.stdout)
    results = json.loads(run.stdout)["runs"][0]["results"]
    assert {unquote(loc["physicalLocation"]["artifactLocation"]["uri"]) for r in results for loc in r["locations"]} == {AZURE_NAME}

    run = run_cli(["check", AZURE_NAME, "b.yaml", "-f", "json"], cwd=str(tmp_path))
    assert not RAW_COMMAND.search(run.stdout)
    assert [c["path"] for c in json.loads(run.stdout)["configs"]] == [AZURE_NAME, "b.yaml"]
    run = run_cli(["check", AZURE_NAME, "b.yaml", "-f", "sarif"], cwd=str(tmp_path))
    assert not RAW_COMMAND.search(run.stdout)
    assert json.loads(run.stdout)["runs"][0]["properties"]["facts"]["configs"] == [AZURE_NAME, "b.yaml"]

    for fmt in ("text", "github", "junit", "markdown"):
        for args in ([AZURE_NAME], [AZURE_NAME, "b.yaml"]):
            run = run_cli(["check", *args, "-f", fmt], cwd=str(tmp_path))
            assert not RAW_COMMAND.search(run.stdout), (fmt, run.stdout)


def test_json_writes_a_name_holding_bidi_and_c1_characters_as_escapes(tmp_path):
    """A name is kept exactly in JSON; a bidi override or an 8-bit CSI in it is written `\\u202e` / `\\u009b`, so
    `cat report.json` on a terminal neither reorders the line nor starts an escape sequence."""
    name = "a\u202eb\u009b2Jc.yaml"
    (tmp_path / name).write_text(CONFIG)
    run = run_cli(["check", name, "-f", "json"], cwd=str(tmp_path))
    assert "\u202e" not in run.stdout and "\u009b" not in run.stdout
    assert json.loads(run.stdout)["facts"]["config"] == name


def test_an_endless_binary_stdin_is_refused_from_its_start():
    """`diagnose - < /dev/zero` (or `cat /dev/urandom | litellm-doctor diagnose`) read the stream to its end, which
    never comes, before the binary check on the text: a hang. `--log -` refused it from its start; the paste path now
    does too (the same check, on the sniffed start: the text it would have decided on begins with it)."""
    import subprocess
    import sys

    from hardening_helpers import cli_env

    for device in ("/dev/zero", "/dev/urandom"):
        for args in (["diagnose", "-"], ["diagnose"], ["diagnose", "--error-file", "-"]):
            with open(device, "rb") as endless:
                try:
                    run = subprocess.run([sys.executable, "-m", "litellm_doctor", *args], stdin=endless,
                                         capture_output=True, text=True, timeout=30, env=cli_env())
                except subprocess.TimeoutExpired:
                    raise AssertionError(f"{args} < {device}: still reading after 30 s") from None
            assert run.returncode == 2, (args, device, run.stderr)
            assert run.stderr.count("\n") == 1 and "binary" in run.stderr and "Traceback" not in run.stderr


def test_a_config_name_that_is_not_utf8_is_shown_escaped_and_kept_exact_in_json_and_sarif(tmp_path):
    """A file name holding bytes that are not UTF-8 (`c\\x9b2Jd.yaml`: Python reads it as `c\\udc9b2Jd.yaml`) was an
    internal error (exit 3, UnicodeEncodeError) in SARIF always, and in every format but JUnit on a UTF-8 terminal
    (stdout strict); on a C locale its raw 0x9b byte (the 8-bit CSI) reached the terminal and JSON was not UTF-8.
    Now: text formats show the byte as `\\x9b`; JSON and SARIF keep the name exactly (`\\udc9b`, what Python's
    os.fsencode turns back into the byte; the SARIF URI percent-encodes the byte itself)."""
    import os
    from urllib.parse import unquote_to_bytes

    raw = b"c\x9b2Jd.yaml"
    with open(os.path.join(os.fsencode(tmp_path), raw), "w") as fh:
        fh.write(CONFIG)
    name = os.fsdecode(raw)
    for io in ("utf-8:strict", "utf-8:surrogateescape"):
        for fmt in ("text", "json", "sarif", "github", "markdown", "junit"):
            run = run_cli(["check", name, "-f", fmt], cwd=str(tmp_path), env={"PYTHONIOENCODING": io})
            assert run.returncode == 0 and "internal error" not in run.stderr, (io, fmt, run.stderr)
            assert "\ufffd" not in run.stdout, (io, fmt)  # valid UTF-8 (run_cli decodes with "replace"): no raw byte
            stdout = run.stdout
            if fmt == "json":
                assert json.loads(stdout)["facts"]["config"] == name
            elif fmt == "sarif":
                results = json.loads(stdout)["runs"][0]["results"]
                assert {unquote_to_bytes(loc["physicalLocation"]["artifactLocation"]["uri"])
                        for r in results for loc in r["locations"]} == {raw}
            elif fmt != "junit":
                assert "c\\x9b2Jd.yaml" in run.stdout, (fmt, run.stdout)


def test_an_options_file_that_is_a_device_or_a_symlink_loop_says_what_it_is(tmp_path):
    """`--settings /dev/zero` said "settings file not found" and `--deploy LOOP` (a symlink loop) "no such file or
    directory": both exist. They now say what the path is, as --env-file, the config and the error file do."""
    (tmp_path / "config.yaml").write_text(CONFIG)
    (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
    for option, path, says in (("--settings", "/dev/zero", "a device"), ("--settings", "loop1.yaml", "symlink loop"),
                               ("--deploy", "loop1.yaml", "symlink loop")):
        run = run_cli(["check", "config.yaml", option, path], cwd=str(tmp_path))
        assert run.returncode == 2 and run.stderr.count("\n") == 1, run.output
        assert says in run.stderr and "not found" not in run.stderr and "no such file" not in run.stderr, run.stderr
    run = run_cli(["check", "config.yaml", "--settings", "missing.yaml"], cwd=str(tmp_path))
    assert run.returncode == 2 and "missing.yaml: settings file not found" in run.stderr, run.stderr
