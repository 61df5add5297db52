"""Property test of the whole command line (issue 15): any option, any input kind, hostile values.

Hypothesis picks a command, a set of its options and, for each, a hostile value: a number (nan,
inf, 401 digits), a string (escape sequences, secrets, format strings), or a file of a hostile kind
(a device, a FIFO, a symlink loop, a directory, deep nesting, a huge integer, binary, a fake rules
index). The real CLI runs in a subprocess; the exit code must be 0, 1 or 2, with no traceback and
no internal error, in bounded time and memory.

CI runs the short default profile (30 examples in all). The long run is bounded in wall time:

    HYPOTHESIS_PROFILE=long python -m pytest tests/hardening/test_cli_hostile_property.py -q -s

It runs each command on its own (6 tests) with up to LONG_EXAMPLES examples each, and stops
generating new ones when that command's LITELLM_DOCTOR_FUZZ_MINUTES (default 4) are spent: about 25
minutes in all on a 2-core machine (a CLI run is 0.3 to 3 s). Once an example fails, the budget no
longer applies, so hypothesis can shrink it. The README's Safety section has the last result.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import fuzz_profiles
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardening_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]
MAX_SECONDS = 45
MAX_RSS_MB = 400
LONG_EXAMPLES = 400
MINUTES_PER_COMMAND = float(os.environ.get("LITELLM_DOCTOR_FUZZ_MINUTES") or 4)

NUMBERS = ["nan", "inf", "-inf", "-1", "0", "1e400", "9" * 401, "0x10", "1_0", " 5", "", "½"]
STRINGS = [
    "\x1b]0;title\x07", "\x1b[2K\r✓ accepted", "::error::x", "::add-mask::y", "%0A::warning::z", "{}", "%s%n",
    "sk-proj-Qw3rTy5uIo7pAs9dFg1hJk3lZx5cVb7nMq9wEr1tYu3i", "a" * 5000, "../../../../etc/passwd", "-", "--help",
    "LD-AUTH-001", "LD-", "auth", "http://user:pw@127.0.0.1:9", "ftp://x", "http://[::1", "http://127.0.0.1:9/\x1b[31m",
]
FILE_KINDS = ["dev_zero", "dev_urandom", "fifo", "loop", "dir", "missing", "long_name", "deep_yaml", "big_int", "binary",
              "empty", "bom", "huge_line", "include_loop", "fake_index_dir", "rule_overflow", "not_utf8", "config_ok", "error_ok",
              "socket", "proc_environ", "dev_stdin", "utf16", "alias_bomb", "link_to_dev_zero", "no_read", "nul_name",
              "odd_types"]
# Environment variables the doctor reads, with hostile values (drawn per example).
ENV_VARS = ["LITELLM_DOCTOR_STDIN_TIMEOUT", "COLUMNS", "LITELLM_DOCTOR_LOG_ENGINE", "CONFIG_FILE_PATH", "NO_COLOR", "TERM"]

COMMANDS = {
    # option -> kind of value
    "diagnose": {"--error-file": "file", "--format": "format", "--fail-on": "failon", "--rules-dir": "file", "--log": "file",
                 "--config": "file", "--env-file": "file", "--no-color": "flag", "--offline": "flag",
                 "--since": "string", "--until": "string", "--verbose": "flag"},
    "check": {"": "file", "--format": "format", "--fail-on": "failon", "--select": "string", "--ignore": "string",
              "--env-file": "file", "--workers": "number", "--client-timeout": "number", "--settings": "file",
              "--no-dotenv": "flag", "--strict-env": "flag", "--explain": "string", "--db-max-connections": "number",
              "--litellm-version": "string", "--upgrade-to": "string", "--diff": "flag"},
    "report": {"--config": "file", "--log": "file", "--rules-dir": "file", "--timeout": "number", "--offline": "flag"},
    "probe": {"--proxy": "url", "--config": "file", "--timeout": "number", "--ca-bundle": "file", "--key-env": "string",
              "--format": "format", "--deep": "flag"},
    "rules list": {"--category": "string", "--format": "rformat", "--rules-dir": "file"},
    "rules show": {"": "string", "--rules-dir": "file", "--format": "rformat"},
}


_KEEP: list = []


def _file(kind: str, d: Path) -> str:
    """A path of the given hostile kind, created under `d`."""
    p = d / kind
    if kind == "dev_zero":
        return "/dev/zero"
    if kind == "dev_urandom":
        return "/dev/urandom"
    if kind == "proc_environ":
        return "/proc/self/environ"  # st_size 0, yet it has content
    if kind == "dev_stdin":
        return "/dev/stdin"
    if kind == "nul_name":
        return str(d / "a\x00b")  # never reaches argv intact: the CLI sees the name cut at the NUL
    if p.exists() or p.is_symlink():
        return str(p)
    if kind == "fifo":
        os.mkfifo(p)
    elif kind == "loop":
        p.symlink_to(p)
    elif kind == "dir":
        p.mkdir()
    elif kind == "missing":
        return str(d / "nope" / "x.yaml")
    elif kind == "long_name":
        return str(d / ("n" * 300))
    elif kind == "deep_yaml":
        p.write_text("model_list: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    elif kind == "big_int":
        p.write_text(f"model_list:\n  - model_name: g\n    litellm_params: {{model: openai/x, rpm: {'9' * 401}, timeout: .inf}}\n"
                     f"router_settings: {{num_retries: {'9' * 401}}}\n", encoding="utf-8")
    elif kind == "binary":
        p.write_bytes(bytes(range(256)) * 64)
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "bom":
        p.write_bytes(b"\xef\xbb\xbfmodel_list: []\n")
    elif kind == "huge_line":
        p.write_bytes(b"litellm.Timeout: " + b"x" * (3 * 1024 * 1024) + b"\n")
    elif kind == "include_loop":
        p.write_text(f"include: [{kind}]\nmodel_list: []\n", encoding="utf-8")
    elif kind == "fake_index_dir":
        p.mkdir()
        (p / "_index.json").write_text('{"key": "x", "rules": [{"id": 1}]}', encoding="utf-8")
        (p / "LD-USER-001.yaml").write_text("id: LD-USER-001\n" + "a: [" * 100 + "\n", encoding="utf-8")
    elif kind == "rule_overflow":
        p.mkdir()
        (p / "LD-USER-001.yaml").write_text(
            "id: LD-USER-001\nname: x\ncategory: auth\ntitle: t\nwhy: w\nmatch:\n  any: ['a{4294967296}']\nsteps: [s]\n"
            "docs: [https://x]\nexamples: [{expect: match, text: a}]\n", encoding="utf-8")
    elif kind == "not_utf8":
        p.write_bytes(b"model_list: [\xff\xfe]\n")
    elif kind == "socket":
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(p))  # left bound and open: a listening-less socket file
        _KEEP.append(sock)
    elif kind == "utf16":
        p.write_bytes("model_list: []\n".encode("utf-16"))
    elif kind == "alias_bomb":
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
        p.write_text("\n".join(lines) + "\nmodel_list: *a8\n", encoding="utf-8")
    elif kind == "link_to_dev_zero":
        p.symlink_to("/dev/zero")
    elif kind == "no_read":
        p.write_text("model_list: []\n", encoding="utf-8")
        p.chmod(0)
    elif kind == "odd_types":  # every value of the wrong type: numbers for names, text for numbers, nan, lists
        p.write_text("model_list:\n  - model_name: .nan\n    litellm_params: {model: .inf, api_base: 5, api_key: [1], rpm: abc, "
                     "timeout: {a: 1}, custom_llm_provider: 7, api_version: 2024}\n    model_info: {id: [x]}\n"
                     "  - model_name: g\n    litellm_params: {model: -1, stream_timeout: .nan}\n"
                     "router_settings: {routing_strategy: 5, fallbacks: x, num_retries: -.inf, cooldown_time: '1e400', retry_policy: 3}\n"
                     "general_settings: {master_key: 12345678901234567890, database_url: [1]}\n"
                     "litellm_settings: {callbacks: 5, cache_params: {ttl: .nan}, request_timeout: 'x'}\n"
                     "environment_variables: [a, b]\n", encoding="utf-8")
    elif kind == "config_ok":
        p.write_text((ROOT / "examples" / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    elif kind == "error_ok":
        p.write_text("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached\n", encoding="utf-8")
    return str(p)


def _value(kind: str, draw, d: Path) -> list[str]:
    if kind == "flag":
        return []
    if kind == "file":
        return [_file(draw(st.sampled_from(FILE_KINDS)), d)]
    if kind == "number":
        return [draw(st.sampled_from(NUMBERS) | st.floats(allow_nan=True).map(repr))]
    if kind == "format":
        return [draw(st.sampled_from(["text", "json", "markdown", "sarif", "github", "junit", "TEXT", "xml", ""]))]
    if kind == "rformat":
        return [draw(st.sampled_from(["text", "json", "yaml"]))]
    if kind == "failon":
        return [draw(st.sampled_from(["error", "warning", "info", "never", "fatal"]))]
    if kind == "url":
        return [draw(st.sampled_from(["http://127.0.0.1:9", "http://127.0.0.1:9/\x1b]0;x\x07", "https://user:pw@127.0.0.1:9",
                                       "file:///etc/passwd", "http://", "127.0.0.1:9", "http://[::1]:9"]))]
    # No lone surrogates: argv cannot carry them (bytes that are not UTF-8 arrive surrogate-escaped, tried by hand).
    text = draw(st.sampled_from(STRINGS) | st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40))
    return [text]


@st.composite
def invocations(draw, d: Path, command: str):
    options = COMMANDS[command]
    chosen = draw(st.lists(st.sampled_from(sorted(options)), unique=True, max_size=len(options)))
    args = command.split()
    for name in chosen:
        value = _value(options[name], draw, d)
        args += ([name] if name else []) + value
    if command == "diagnose" and "--error-file" not in chosen and "--log" not in chosen:
        args.insert(1, draw(st.sampled_from(STRINGS[:8] + ["litellm.Timeout: x"])))
    if command == "probe" and "--timeout" not in chosen:
        args += ["--timeout", "1"]
    if command == "report" and "--timeout" not in chosen:
        args += ["--timeout", "1"]
    stdin = draw(st.sampled_from([b"", b"litellm.Timeout: x\n", b"\x1b[31m\x00" * 100]))
    env = {name: draw(st.sampled_from(NUMBERS + STRINGS[:6] + ["/dev/zero", _file("fifo", d)]))
           for name in draw(st.lists(st.sampled_from(ENV_VARS), unique=True, max_size=2))}
    return args, stdin, {k: v.replace("\x00", "") for k, v in env.items()}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_any_option_with_any_hostile_value_exits_cleanly(hostile_dir, command):
    started = time.monotonic()
    stop_at = started + MINUTES_PER_COMMAND * 60
    failed: list[bool] = []
    ran: list[int] = []

    @settings(max_examples=fuzz_profiles.examples(5, LONG_EXAMPLES), deadline=None, derandomize=not fuzz_profiles.LONG,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(invocations(hostile_dir, command))
    def run(invocation):
        if fuzz_profiles.LONG and not failed and time.monotonic() > stop_at:
            return  # this command's time is spent: the remaining examples are only generated
        args, stdin, env = invocation
        ran.append(1)
        try:
            result = run_cli([a.replace("\x00", "") for a in args], stdin=stdin, timeout=MAX_SECONDS + 15, cwd=str(hostile_dir),
                             env={"LITELLM_DOCTOR_STDIN_TIMEOUT": "3", "XDG_CACHE_HOME": str(hostile_dir / "cache"), **env})
            shown = [a[:60] for a in args] + [f"{k}={v[:40]}" for k, v in env.items()]
            assert result.returncode in (0, 1, 2), (shown, result.returncode, result.stderr[-800:])
            assert "Traceback (most recent" not in result.stderr and "internal error" not in result.stderr, (shown, result.stderr[-800:])
            assert result.elapsed < MAX_SECONDS, (shown, result.elapsed)
            assert result.peak_rss_mb < MAX_RSS_MB, (shown, result.peak_rss_mb)
        except AssertionError:
            failed.append(True)  # from now on every example runs, so the failure can be shrunk
            raise

    run()
    # With -s, the long run says what it did per command (the README quotes it).
    print(f"\n{command}: {len(ran)} CLI runs in {time.monotonic() - started:.0f} s, all exit 0/1/2, no traceback")
