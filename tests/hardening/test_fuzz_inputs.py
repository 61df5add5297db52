"""Property-based tests over the log reader and the config loader (issue 6, part 1).

Whatever the input (arbitrary text, bytes, YAML, deeply nested structures, anchors and aliases, log
lines cut anywhere), the only exception that may escape is the project's own DoctorError, and time
and memory stay bounded: every example has a hypothesis deadline, and the peak RSS of the whole
session may not grow by more than MEMORY_GROWTH_MB. Inputs too big for an in-process example (a
100 000-level nesting that crashed libyaml, an alias bomb, a 64 MiB line) run through the real CLI
in a subprocess with a timeout and a peak-RSS measurement.

A longer fuzzing session (bigger budgets and bigger inputs):

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py tests/hardening/test_fuzz_inputs.py
"""

from __future__ import annotations

import io
import json
import resource
from pathlib import Path

import fuzz_profiles
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardening_helpers import run_cli
from litellm_doctor.config.checks import Options
from litellm_doctor.config.engine import run_checks
from litellm_doctor.config.loader import load_config
from litellm_doctor.errors import DoctorError
from litellm_doctor.formats import FORMATS, get_formatter
from litellm_doctor.logs import triage_stream
from litellm_doctor.logs.reader import LogReader
from litellm_doctor.logs.triage import Triage
from litellm_doctor.masking import mask

LONG = fuzz_profiles.LONG
ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LOGS = ROOT / "tests" / "fixtures" / "logs"
MEMORY_GROWTH_MB = 250  # over the whole module, for every example together
SIZE = 4 if LONG else 1  # input size multiplier in a fuzzing session


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@pytest.fixture(scope="module", autouse=True)
def bounded_memory():
    before = _peak_mb()
    yield
    grown = _peak_mb() - before
    assert grown < MEMORY_GROWTH_MB, f"peak RSS grew by {grown:.0f} MB while fuzzing"


# -- the log reader ---------------------------------------------------------------------------------
def _fixture_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(FIXTURE_LOGS.glob("*.log")):
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
        lines += [line for line in text if line.strip()][::7][:60]
    return lines


LOG_FRAGMENTS = _fixture_lines() + [
    "12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:3500 - litellm.proxy.proxy_server.chat_completion(): Exception occured - ",
    "2024-05-01 12:00:00,123 - LiteLLM Router:INFO: router.py:1000 - litellm.acompletion(model=gpt-4o)\x1b[31m Exception ",
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached. Received Model Group=gpt-4o",
    "No deployments available for selected model, Try again in 5 seconds. cooldown_list=['abc']",
    'INFO:     127.0.0.1:5000 - "POST /chat/completions HTTP/1.1" 429 Too Many Requests',
    "ERROR:    Exception in ASGI application",
    "Traceback (most recent call last):",
    '  File "/app/litellm/main.py", line 10, in completion',
    '{"message": "litellm.AuthenticationError: Incorrect API key provided: sk-abc", "level": "ERROR", "timestamp": "2024"}',
    '{"message": {"nested": [1, 2]}, "level": 5, "stacktrace": null}',
    '{"message": "truncated', '{"', "{", "\x1b[", "\x1b[32m", "\\u001b[0m", "\x00\x00\x00", "\r", "\t", "\ufffd",
    "Authorization: Bearer sk-1234567890abcdef", "postgresql://u:p@h/db",
]
log_lines = st.one_of(st.sampled_from(LOG_FRAGMENTS), st.text(max_size=60 * SIZE))
log_texts = st.lists(log_lines, max_size=40 * SIZE).map("\n".join)
encodings = st.sampled_from(["utf-8", "latin-1", "utf-16"])


def _triage(data: bytes):
    try:
        return triage_stream(io.BytesIO(data), engine="python")
    except DoctorError:
        return None


def _render_all(report) -> None:
    for name in FORMATS:
        out = mask(get_formatter(name).render(report))
        if name == "json":
            json.loads(out)


@settings(max_examples=fuzz_profiles.examples(120))
@given(log_texts, encodings)
def test_any_log_text_is_triaged_or_refused_cleanly(text, encoding):
    report = _triage(text.encode(encoding, errors="replace"))
    if report is not None:
        assert report.category in ("auth", "quota_rate", "routing", "timeout", "deployment", "other", "unknown")
        _render_all(report)


@settings(max_examples=fuzz_profiles.examples(100))
@given(st.binary(max_size=4000 * SIZE))
def test_any_log_bytes_are_triaged_or_refused_cleanly(data):
    _triage(data)


@settings(max_examples=fuzz_profiles.examples(60))
@given(st.lists(st.one_of(st.sampled_from([f.encode() for f in LOG_FRAGMENTS]), st.binary(max_size=50)), max_size=30 * SIZE),
       st.sampled_from([b"\n", b"\r\n", b""]))
def test_log_bytes_cut_anywhere_are_triaged_or_refused_cleanly(pieces, sep):
    _triage(sep.join(pieces))


@settings(max_examples=fuzz_profiles.examples(60), suppress_health_check=[HealthCheck.too_slow])
@given(log_texts, st.integers(min_value=1, max_value=300), st.integers(min_value=8, max_value=400))
def test_log_reader_with_tiny_chunks_and_lines_stays_clean(text, chunk, max_line):
    """Chunk and line boundaries anywhere: the reader's carry/skip logic must never raise."""
    reader = LogReader(io.BytesIO(text.encode("utf-8")), engine="python", chunk_size=chunk, max_line=max_line)
    triage = Triage(_rules())
    try:
        for record in reader:
            assert isinstance(record.text(), str)
            triage.add(record)
    except DoctorError:
        return
    triage.groups()


def _rules():
    from litellm_doctor.diagnosis.rulebook import load_rules

    return load_rules()


# -- the config loader -----------------------------------------------------------------------------
KEYS = [
    "model_list", "model_name", "litellm_params", "model_info", "model", "api_base", "api_key", "api_version",
    "timeout", "stream_timeout", "rpm", "tpm", "router_settings", "litellm_settings", "general_settings",
    "environment_variables", "include", "fallbacks", "context_window_fallbacks", "num_retries", "cooldown_time",
    "allowed_fails", "routing_strategy", "master_key", "database_url", "redis_host", "id", "<<",
    "model_group_alias", "callbacks", "drop_params", "request_timeout", "aws_region_name", "vertex_project",
]
SCALARS = [
    "openai/gpt-4o", "azure/gpt-4", "anthropic/claude-3", "bedrock/x", "ollama/llama3", "gpt-4o", "os.environ/OPENAI_API_KEY",
    "os.environ/UNSET_VAR", "http://localhost:11434", "http://[zz", "https://h:99999/v1", "", "600s", "simple-shuffle",
    "sk-1234567890abcdef1234", "postgresql://u:p@db/x", "mysql://x", "null", "~", "true", "0", "-1", "1e309", ".nan",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.sampled_from(SCALARS), st.text(max_size=20))
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
values = st.recursive(
    scalars,
    lambda c: st.one_of(st.lists(c, max_size=5), st.dictionaries(keys, c, max_size=6)),
    max_leaves=40 * SIZE,
)
configs = st.dictionaries(st.sampled_from(KEYS[:1] + KEYS[14:18] + KEYS[:3]), values, max_size=5)


def _check(path: Path) -> None:
    """What `check` and `diagnose --config` do with a config: load, run every check, render every format."""
    try:
        config = load_config(path, environ={"OPENAI_API_KEY": "sk-test-0123456789abcdef"}, use_dotenv=False)
    except DoctorError:
        return
    report = run_checks(config, options=Options())
    _render_all(report)


@pytest.fixture(scope="module")
def cfg_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzzcfg")


@settings(max_examples=fuzz_profiles.examples(80))
@given(configs, st.sampled_from(["block", "flow"]))
def test_any_yaml_config_loads_and_checks_or_is_refused_cleanly(cfg_dir, config, style):
    text = yaml.safe_dump(config, default_flow_style=style == "flow", allow_unicode=True)
    path = cfg_dir / "config.yaml"
    path.write_text(text, encoding="utf-8")
    _check(path)


@settings(max_examples=fuzz_profiles.examples(80))
@given(st.text(max_size=400 * SIZE))
def test_any_text_as_config_is_loaded_or_refused_cleanly(cfg_dir, text):
    path = cfg_dir / "text.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


@settings(max_examples=fuzz_profiles.examples(60))
@given(st.binary(max_size=400 * SIZE))
def test_any_bytes_as_config_are_loaded_or_refused_cleanly(cfg_dir, data):
    path = cfg_dir / "bytes.yaml"
    path.write_bytes(data)
    _check(path)


YAML_TOKENS = [
    "model_list:", "- model_name: a", "  litellm_params:", "    model: openai/x", "    api_key: *k", "&k", "*k", "&a", "*a",
    "<<: *a", "<<: [*a, *k]", "? ", ": ", "- ", "[", "]", "{", "}", ",", "!!str", "!!int", "!!binary", "!!python/name:os",
    "&k {a: 1}", "&a [1, 2]", "|", ">-", "'", '"', "#", "---", "...", "%YAML 1.1", "\n", "\n  ", "\n    ", "\t",
    "include: [other.yaml]", "router_settings: {fallbacks: [*a]}", "os.environ/X",
]


@settings(max_examples=fuzz_profiles.examples(120))
@given(st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=6)), max_size=60 * SIZE).map(" ".join))
def test_yaml_with_anchors_aliases_and_tags_is_loaded_or_refused_cleanly(cfg_dir, text):
    path = cfg_dir / "tokens.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    (cfg_dir / "other.yaml").write_text("model_list: [{model_name: b}]\n", encoding="utf-8")
    _check(path)


@settings(max_examples=fuzz_profiles.examples(40))
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["[", "{a: ", "- ", "block", "alias"]))
def test_deep_nesting_is_loaded_or_refused_cleanly(cfg_dir, depth, kind):
    if kind == "[":
        text = "model_list: " + "[" * depth + "]" * depth
    elif kind == "{a: ":
        text = "model_list: " + "{a: " * depth + "1" + "}" * depth
    elif kind == "- ":
        text = "model_list:\n" + "- " * depth + "x\n"
    elif kind == "block":
        text = "model_list:\n" + "".join("  " * i + "- a:\n" for i in range(min(depth, 400))) + "  " * min(depth, 400) + "b: 1\n"
    else:  # each anchor wraps the previous one: the nesting only exists once the aliases are expanded
        text = "x0: &x0 [1]\n" + "".join(f"x{i}: &x{i} [*x{i - 1}]\n" for i in range(1, min(depth, 500)))
    path = cfg_dir / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    _check(path)


# -- inputs too big for an in-process example: the real CLI, with a timeout and a peak-RSS bound ------
BIG_CASES = {
    # libyaml's composer recursed in C and crashed the interpreter (SIGSEGV) before the depth check.
    "nested-100k-flow": ("config", lambda: "model_list: " + "[" * 100_000 + "]" * 100_000),
    "nested-100k-block": ("config", lambda: "model_list:\n" + "- " * 100_000 + "x\n"),
    "alias-bomb": ("config", lambda: "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))),
    "config-19MiB-one-line": ("config", lambda: "model_list: [" + "1," * (9 * 1024 * 1024) + "1]\n"),
    "log-64MiB-one-line": ("log", lambda: "x" * (64 * 1024 * 1024)),
    # json.loads raises RecursionError (not ValueError) on deep arrays: it escaped as an internal error.
    "log-deep-json": ("log", lambda: "\n".join(['{"message": ' + "[" * 50_000 + "]" * 50_000 + ', "level": "ERROR"}'] * 3)),
    "paste-deep-json": ("error", lambda: '{"error": ' + "[" * 100_000 + "]" * 100_000 + "}"),
}


@pytest.mark.parametrize("name", sorted(BIG_CASES))
def test_huge_and_hostile_inputs_through_the_cli(tmp_path, name):
    kind, make = BIG_CASES[name]
    path = tmp_path / {"config": "config.yaml", "log": "proxy.log", "error": "error.txt"}[kind]
    path.write_text(make(), encoding="utf-8")
    args = {"config": ["check", str(path)], "log": ["diagnose", "--log", str(path)],
            "error": ["diagnose", "--error-file", str(path)]}[kind]
    result = run_cli(args, timeout=60)
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-2000:]
    if result.returncode == 2:
        assert result.stderr.startswith("litellm-doctor: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert result.peak_rss_mb < 300, f"{name}: peak RSS {result.peak_rss_mb:.0f} MB"
    assert result.elapsed < 30, f"{name}: {result.elapsed:.1f} s"
