"""Untrusted text per output kind (issue 15): terminal, GitHub workflow commands, XML, Markdown."""

from __future__ import annotations

import pytest

import json
import re
from xml.etree import ElementTree as ET

from hardening_helpers import run_cli
from litellm_doctor.formats import sanitize

HOSTILE = (
    "litellm.NotFoundError: model \x1b]0;pwned-title\x07 not found \x1b[2K\r\u2713 accepted \x1b[31mred\x1b[0m "
    "\x9b2J \u202eevil\u202c \x00\x01\x7f [click](https://evil.example/x) <img src=x onerror=alert(1)> "
    "\n::error file=a::injected\n::add-mask::foo\n%0A::warning::x"
)


def test_terminal_removes_every_escape_and_control():
    out = sanitize.terminal(HOSTILE)
    assert "\x1b" not in out and "\r" not in out and "\x9b" not in out and "\u202e" not in out and "\x00" not in out
    assert "pwned-title" not in out  # an OSC window title goes whole
    assert "accepted" in out and "\n" in out  # text and newlines stay


@pytest.mark.parametrize("command", ["::add-mask::x", "  ::error file=a::x", "::STOP-COMMANDS::tok", "##vso[task.setvariable variable=A]1",
                                     "##[error]x", "##teamcity[buildStatus text='x']", "::group::x"])
def test_ci_runner_commands_are_broken_in_every_value(command):
    """A runner reads workflow/logging commands in any output (text, JSON, Markdown), and a wrapped value
    can start a line: `::cmd` and `##vso[` / `##[` / `##teamcity[` never survive in a value."""
    import re

    out = sanitize.value(command)
    assert sanitize.terminal(command) == command  # the rendered text keeps --format github's own commands
    assert not re.search(r"(?i)::(add-mask|error|stop-commands|group)|##(vso)?\[|##teamcity", out), out
    assert sanitize.value("http://[::1]:4000 fe80::abcd:1 std::vector") == "http://[::1]:4000 fe80::abcd:1 std::vector"


def test_github_escaping_keeps_every_value_on_its_line():
    out = sanitize.github_data(HOSTILE)
    assert "\n" not in out and "\r" not in out and "%0A::error" in out and "%250A" in out
    assert sanitize.github_property("a:b,c\n") == "a%3Ab%2Cc%0A"


def test_xml_drops_invalid_characters():
    ET.fromstring(f"<a>{sanitize.xml(HOSTILE.replace('<', '').replace('>', '').replace('&', ''))}</a>")


def test_markdown_has_no_live_html_or_link_outside_code():
    out = sanitize.markdown("see [click](https://evil.example) and <b>bold</b> but `keep [x](y) <b>` here")
    assert "[click](" not in out and "<b>" not in out.split("`")[0]
    assert "`keep [x](y) <b>`" in out  # inside a code span nothing renders: kept as written
    assert sanitize.markdown_code("a`b") == "`` a`b ``"


def _hostile_config(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "model_list:\n"
        f"  - model_name: {json.dumps(HOSTILE)}\n"
        f"    litellm_params: {{model: {json.dumps('openai/' + HOSTILE)}, api_key: os.environ/OPENAI_API_KEY}}\n"
        "router_settings: {fallbacks: [{" + json.dumps(HOSTILE) + ": [nope]}]}\n",
        encoding="utf-8",
    )
    return cfg


def test_no_command_prints_hostile_sequences_in_any_format(tmp_path):
    err = tmp_path / "error.txt"
    err.write_text(HOSTILE, encoding="utf-8")
    log = tmp_path / "proxy.log"
    log.write_text("".join(f"12:00:0{i} - LiteLLM Proxy:ERROR: proxy_server.py:1 - {line}\n" for i, line in enumerate(HOSTILE.split("\n"))),
                   encoding="utf-8")
    cfg = _hostile_config(tmp_path)
    for fmt in ("text", "json", "markdown", "sarif", "github", "junit"):
        for args in (["diagnose", "--error-file", str(err)], ["diagnose", "--log", str(log)], ["check", str(cfg)]):
            result = run_cli([*args, "--format", fmt], env={"FORCE_COLOR": "1"} if fmt == "text" else None)
            assert result.returncode in (0, 1), result.stderr
            out = result.stdout
            assert "\x07" not in out and "\x1b]" not in out and "\x1b[2K" not in out and "\r" not in out and "\x9b" not in out, (fmt, args)
            assert "\u202e" not in out and "\x00" not in out
            if fmt == "github":
                assert not any(line.startswith(("::add-mask::", "::error file=a")) for line in out.splitlines()), out
            if fmt == "junit":
                ET.fromstring(out.split("\n", 1)[1])
            if fmt == "markdown":
                prose = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", out, flags=re.S)  # code spans render nothing
                assert "<img" not in prose and "[click](" not in prose, prose
    result = run_cli(["diagnose", "--error-file", str(err), "--no-color"])
    assert "\x1b" not in result.stdout
