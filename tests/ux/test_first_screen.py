"""Issue 12: the first screen answers; no template holes or reprs; layout fits the terminal; every
usage error is one line + exit 2; every help example runs as printed."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import fill
from litellm_doctor.diagnosis.facts import FACT_LABELS
from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.formats import FORMATS, get_formatter

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
ERRORS = sorted((ROOT / "examples" / "errors").iterdir())
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cli(*args: str, cwd: Path = ROOT, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "litellm_doctor", *args], cwd=cwd, input=stdin, capture_output=True, env=full, timeout=120)


def on_terminal(columns: int, *args: str) -> tuple[int, str]:
    """Run the CLI on a real pseudo-terminal of `columns` columns (what a user sees)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(PYTHONPATH=str(SRC), NO_COLOR="1", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "litellm_doctor", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait(timeout=60)
    os.close(master)
    return code, ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


# -- the first screen ---------------------------------------------------------------------------
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("error", ERRORS, ids=lambda p: p.name)
def test_first_screen_fits_the_terminal(columns, error):
    code, out = on_terminal(columns, "diagnose", "--config", "examples/config.yaml", "--error-file", str(error.relative_to(ROOT)))
    assert code in (0, 1), out
    lines = out.rstrip("\n").split("\n")
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    assert lines[0][:1] in "✗!i?", lines[0]
    assert any(line.startswith("Fix") for line in lines) or lines[0].startswith("?")
    assert "--verbose" in out


@pytest.mark.parametrize("error", ERRORS, ids=lambda p: p.name)
def test_typical_error_is_at_most_25_lines_at_100_columns(error):
    code, out = on_terminal(100, "diagnose", "--config", "examples/config.yaml", "--error-file", str(error.relative_to(ROOT)))
    assert len(out.rstrip("\n").split("\n")) <= 25, out


def test_a_pasted_log_is_the_log_report_on_a_terminal():
    """A whole log given as an error file is answered as `--log` answers it (issue #9, seventy-second pass): on a
    terminal of 80 columns, the same screen, within the width, with one note that says it was read as a log."""
    log = "tests/fixtures/logs/proxy-default.log"
    code, out = on_terminal(80, "diagnose", "--error-file", log)
    want_code, want = on_terminal(80, "diagnose", "--log", log)
    assert code == want_code == 1
    assert out == want.rstrip("\n") + "\nnote: read as a log (1291 lines); --log FILE does the same for a file\n"
    assert out.startswith("✗ 27 failures in 15 groups") and all(len(line) <= 80 for line in out.split("\n"))


def test_readme_example_puts_the_config_line_first():
    """The README's command: the unset key at its config line is the fix, before anything else."""
    code, out = on_terminal(100, "diagnose", "--config", "examples/config.yaml", "--error-file", "examples/errors/cooldown_after_401.log")
    assert code == 1
    lines = out.split("\n")
    fix = next(i for i, line in enumerate(lines) if line.startswith("Fix"))
    assert "examples/config.yaml:22" in lines[fix] and "ANTHROPIC_API_KEY" in out
    assert any(line.strip().startswith("cause: Anthropic refused the API key") for line in lines[:fix])
    verbose = cli("diagnose", "--config", "examples/config.yaml", "--error-file", "examples/errors/cooldown_after_401.log", "--verbose").stdout.decode()
    assert "What it means" in verbose and "How to fix" in verbose and "Docs" in verbose
    assert "the default `router_settings.cooldown_time` is 5 s" not in verbose  # the config sets 30
    assert "`router_settings.cooldown_time: 30` (already set at examples/config.yaml:34)" in " ".join(verbose.split())


ANTHROPIC_401 = ('litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":'
                 '"authentication_error","message":"invalid x-api-key"}}. Received Model Group=claude-sonnet')


def _claude_config(tmp_path: Path, api_key: str) -> Path:
    """A deployment whose api_base the checks flag (`/messages`: a 404 shape) and whose key is `api_key`."""
    config = tmp_path / "config.yaml"
    config.write_text("model_list:\n  - model_name: claude-sonnet\n    litellm_params:\n"
                      "      model: anthropic/claude-sonnet-4-5\n      api_base: https://api.anthropic.com/v1/messages\n"
                      f"      api_key: {api_key}\n")
    return config


def _fix_line(out: str) -> str:
    lines = out.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Fix"))
    return " ".join(lines[start:start + 2])


def test_a_flagged_config_line_that_cannot_cause_the_failure_is_not_its_fix(tmp_path):
    """A 401's fix is the key, not the config's `api_base` shape (a 404's cause) nor its plaintext secret
    (hygiene): both stay under --verbose."""
    config = _claude_config(tmp_path, "sk-ant-api03-" + "abcdefghij" * 4)
    out = cli("diagnose", "--config", str(config), ANTHROPIC_401).stdout.decode()
    assert _fix_line(out).startswith("Fix  Check which key reaches LiteLLM"), out
    assert "/messages/messages" not in out.split("--verbose")[0]
    verbose = cli("diagnose", "--config", str(config), ANTHROPIC_401, "--verbose").stdout.decode()
    assert "/messages/messages" in verbose and "plain text" in verbose


def test_an_unset_key_reference_is_the_fix_of_a_401(tmp_path):
    """An `os.environ/` reference to an unset variable is the fix of a failure its setting can cause: the key's of
    a 401."""
    config = _claude_config(tmp_path, "os.environ/LD_TEST_UNSET_ANTHROPIC_KEY_FS")
    out = cli("diagnose", "--config", str(config), ANTHROPIC_401).stdout.decode()
    assert _fix_line(out).startswith(f"Fix  {config}:6"), out


# The same deployment, two failures (eighty-first pass): a refused connection and a 404 on the URL path.
REFUSED = ("litellm.InternalServerError: InternalServerError: OpenAIException - Connection error.. "
           "Received Model Group=local-llama\nAvailable Model Group Fallbacks=None")
PATH_404 = ("litellm.NotFoundError: NotFoundError: OpenAIException - Error code: 404. "
            "Received Model Group=local-llama\nAvailable Model Group Fallbacks=None")


def _fix_words(out: str) -> str:
    return " ".join(_fix_line(out).split())


def _local_config(tmp_path: Path, api_base: str, api_key: str = "none", container: bool = True) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text("model_list:\n  - model_name: local-llama\n    litellm_params:\n      model: openai/llama-3.1-8b\n"
                      f"      api_base: {api_base}\n      api_key: {api_key}\n")
    if container:
        (tmp_path / "Dockerfile").write_text("FROM ghcr.io/berriai/litellm:main-stable\n")
    return config


def test_the_fix_is_the_check_that_can_cause_the_failures_shape(tmp_path):
    """One line flagged twice: `localhost` inside a container (a refused connection's cause) and no `/v1` (a 404's
    cause). A 404's fix was the container's `localhost` ("Connection refused") under a printed HTTP 404: both are
    deployment checks, and the choice was by category."""
    config = _local_config(tmp_path, "http://localhost:8000")
    refused = cli("diagnose", "--config", str(config), REFUSED).stdout.decode()
    assert _fix_words(refused).startswith(f"Fix {config}:5 local-llama: `api_base` points at localhost"), refused
    not_found = cli("diagnose", "--config", str(config), PATH_404).stdout.decode()
    assert _fix_words(not_found).startswith(f"Fix {config}:5 local-llama: `http://localhost:8000` has no path"), not_found
    assert "Connection refused" not in not_found.split("Config ")[0]


def test_a_path_check_is_not_the_fix_of_a_refused_connection(tmp_path):
    """The lab's case: an `api_base` without `/v1` flagged, the connection refused. The first screen's fix is the
    rule's first step (check the upstream from the proxy's host), not the path (a 404's cause)."""
    config = _local_config(tmp_path, "http://127.0.0.1:14003", container=False)
    out = cli("diagnose", "--config", str(config), REFUSED).stdout.decode()
    assert _fix_words(out).startswith("Fix From the machine or container the proxy runs in"), out
    # A pathless base with no sign of a /v1 server is only `info` since tests/config/real/ (many servers answer at the
    # root), and a refused connection does not confirm it: not listed either. A 404 on the path does (the test above).
    assert "has no path" not in cli("diagnose", "--config", str(config), REFUSED, "--verbose").stdout.decode()


def test_a_confirmed_suspicion_drops_checks_hedge(tmp_path):
    """A pathless base with no sign of a /v1 server is only suspected by `check`, whose text ends "(fine if this
    server answers at the root)". A diagnosed 404 on the path confirms it: the first screen's fix kept that hedge
    under the 404 that answered it. `check` keeps its own wording."""
    config = _local_config(tmp_path, "http://127.0.0.1:14003", container=False)
    hedge = "(fine if this server answers at the root)"
    out = cli("diagnose", "--config", str(config), PATH_404).stdout.decode()
    fix = " ".join(out[out.index("\nFix"):out.index("\nConfig ")].split())
    assert fix.startswith(f"Fix {config}:5 local-llama: `http://127.0.0.1:14003` has no path"), out
    assert "serve the OpenAI API under `/v1` → Set `api_base: http://127.0.0.1:14003/v1`" in fix, out
    assert hedge not in out
    assert hedge not in cli("diagnose", "--config", str(config), PATH_404, "--format", "json").stdout.decode()
    checked = " ".join(cli("check", str(config)).stdout.decode().split())
    assert f"OpenAI API under `/v1` {hedge}" in checked, checked


def test_an_unset_reference_is_the_fix_only_of_what_its_setting_can_cause(tmp_path):
    """An unset api_key cannot refuse a connection; an unset api_base can (LiteLLM calls the default host)."""
    unset_key = _local_config(tmp_path, "http://127.0.0.1:14003/v1", "os.environ/LD_TEST_UNSET_KEY_FS81", container=False)
    out = cli("diagnose", "--config", str(unset_key), REFUSED).stdout.decode()
    assert _fix_words(out).startswith("Fix From the machine or container the proxy runs in"), out
    unset_base = _local_config(tmp_path, "os.environ/LD_TEST_UNSET_BASE_FS81", container=False)
    out = cli("diagnose", "--config", str(unset_base), REFUSED).stdout.decode()
    assert _fix_words(out).startswith(f"Fix {unset_base}:5 `model_list[0].litellm_params.api_base:"), out


# -- no template holes, no Python reprs, in any format --------------------------------------------
def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.jsonl")):
        if path.name.startswith("mined_second_labels"):  # labels only (id, category, reason), no texts
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for rule in load_rules():
        texts += [e.text for e in rule.examples if e.expect == "match"]
    return texts


# What an unfilled template looked like: `{model_group}`, or the old fallback `<model group>` (not curl's `%{http_code}`, `%25{http_code}` in a GitHub annotation).
HOLE = re.compile(r"(?<!%)(?<!%25)\{[a-z][a-z0-9_]*\}|<(?:" + "|".join(re.escape(v) for v in set(FACT_LABELS.values()) if " " in v) + r")>")
# A placeholder for the reader to fill by guessing: `<model>`, `<other group>`, `<team id from the message>`.
# The library writes a fact, a NAME the step explains (`$CONTAINER` in a command) or words instead.
PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+){0,4}>")
REPR = re.compile(r"(?:^|[\s:=(`])(?:None|True|False)(?=$|[\s,.;)`])|\[\s*'[^']*'(?:\s*,\s*'[^']*')*\s*\]")


def _report_texts(report) -> list[str]:
    """What a reader sees of a report: every fact, title, message and step."""
    out = [shown for shown in (f.title for f in report.findings)]
    out += [f.message for f in report.findings] + [s for f in report.findings for s in f.steps]
    if report.diagnosis:
        out += [report.diagnosis.title, report.diagnosis.why]
    return out


def test_no_template_hole_or_python_repr_over_every_corpus_text_in_every_format():
    texts = _corpus_texts()
    assert len(texts) > 1000
    holes, reprs = [], []
    for text in texts:
        report = diagnose(text)
        for name in FORMATS:
            out = get_formatter(name, verbose=True).render(report)
            if name == "json":  # `evidence` quotes the input itself (LiteLLM's own f-strings may be in it)
                data = json.loads(out)
                for f in data["findings"]:
                    f.pop("evidence", None)
                out = json.dumps(data)
            if HOLE.search(out):
                holes.append((name, HOLE.search(out).group(0), text[:80]))
        # Reprs are judged on what the doctor writes (facts and steps), not on quoted error text.
        facts = get_formatter("text", verbose=True).render(report).split("What it means")[0]
        if REPR.search(facts.split("\n", 2)[-1]):
            reprs.append((REPR.search(facts).group(0), text[:80]))
        data = json.loads(get_formatter("json").render(report))
        assert all(v not in ("None", "null") for v in data["facts"].values() if isinstance(v, str)), data["facts"]
    assert not holes, holes[:10]
    assert not reprs, reprs[:10]



def _library_words(report) -> list[str]:
    """What the library itself wrote in a report (titles, messages, steps, the diagnosis), with every
    value it took from the input (facts, evidence) cut out: only that is held to "no placeholder"."""
    taken = {str(v) for v in report.facts.values() if v not in (None, "")}
    taken |= {f.evidence for f in report.findings if getattr(f, "evidence", None)}
    out = []
    for text in _report_texts(report):
        for value in sorted(taken, key=len, reverse=True):
            text = text.replace(value, " ")
        out.append(text)
    return out


def test_no_angle_bracket_placeholder_over_every_corpus_text_in_every_format():
    """Every corpus text and every rule example, in every format: no `<word>` placeholder the library wrote.
    One that also stands in the input (an HTML error page's `<title>`) is a quote, not a placeholder."""
    texts = _corpus_texts() + [e.text for rule in load_rules() for e in rule.examples if e.expect != "match"]
    assert len(texts) > 1000
    found = []
    for text in texts:
        report = diagnose(text)
        written = " ".join(_library_words(report))
        found += [(m, text[:80]) for m in PLACEHOLDER.findall(written) if m not in text]
        for name in FORMATS:
            out = get_formatter(name, verbose=True).render(report)
            found += [(name, m, text[:80]) for m in PLACEHOLDER.findall(out) if m not in text and m in written]
    assert not found, found[:10]


_STEP_BLANK = re.compile(r"<(?:your|the|a|an) [^<>\n]{1,60}>|<[a-z_]+(?::[a-z_]+)+>|<[a-z_]+(?:\|[a-z_.]+)+>")
# HTML a rule may quote from an error page (the page's own tags), not a placeholder.
_HTML_TAGS = {"<html>", "<head>", "<body>", "<title>", "<center>", "<h1>", "<h2>", "<hr>", "<br>", "<pre>"}


def test_no_placeholder_in_any_rule_check_or_verdict():
    """The catalogs themselves: every text rule, config check, probe verdict and version check says what to
    type (a fact, a NAME the step explains, or words), never `<container>` / `<other group>`."""
    from litellm_doctor.rules_view import every_rule

    found = []
    for rule in every_rule():
        for text in (rule.title, rule.why, *rule.steps):
            found += [(rule.id, m) for m in PLACEHOLDER.findall(text or "") if m not in _HTML_TAGS]
            found += [(rule.id, m) for m in PLACEHOLDER.findall(fill(text or "", {})) if m not in _HTML_TAGS]
    assert not found, found[:20]
    assert PLACEHOLDER.search("docker logs <container>") and PLACEHOLDER.search("[\"<other group>\"]")
    # in a step, also a blank in words or a form to fill (`<your account's real TPM>`, `<name:tag>`, `<chat|embedding>`)
    found = [(rule.id, m) for rule in every_rule() for step in rule.steps for m in _STEP_BLANK.findall(step)]
    assert not found, found[:20]
    assert not PLACEHOLDER.search("$PROXY/key/info?key=$KEY") and not PLACEHOLDER.search("a < b > c")


def test_config_findings_name_no_placeholder(tmp_path):
    """Config checks write their own messages and steps from facts: an unknown fallback target with no close
    name gets words, not `<an existing model_name>`."""
    from litellm_doctor.config import load_config, run_checks

    path = tmp_path / "config.yaml"
    path.write_text(
        "model_list:\n"
        "  - model_name: gpt-4o\n"
        "    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}\n"
        "router_settings:\n"
        "  fallbacks: [{gpt-4o: [zzzzqqq]}]\n"
        "  model_group_alias: {fast: qqqqzzzz}\n",
        encoding="utf-8",
    )
    report = run_checks(load_config(path, environ={"OPENAI_API_KEY": "sk-test"}))
    ids = {f.rule_id for f in report.findings}
    assert {"LD-CFG-073", "LD-CFG-074"} <= ids, ids
    for finding in report.findings:
        for text in (finding.title, finding.message, *finding.steps):
            assert not PLACEHOLDER.search(text) and not HOLE.search(text), (finding.rule_id, text)
    steps = " ".join(s for f in report.findings if f.rule_id in ("LD-CFG-073", "LD-CFG-074") for s in f.steps)
    assert "an existing model group" in steps, steps


def _deploy_runs(tmp_path: Path) -> list[tuple[Path, tuple]]:
    """(config, deployment paths) for every fixture of deployment files: as found beside the config, and built by each
    of its kustomizations; and the Service fixtures again with no namespace written (kubectl apply -n)."""
    configs = [*sorted((ROOT / "tests" / "config" / "deploy").glob("*/config.yaml")), ROOT / "examples" / "deploy" / "config.yaml"]
    for config in [c for c in configs if c.parent.name.startswith("service-")]:
        copy = tmp_path / config.parent.name
        shutil.copytree(config.parent, copy)
        for manifest in copy.rglob("*.yaml"):
            manifest.write_text(re.sub(r"(?m)^ *namespace: \S+\n", "", manifest.read_text()))
        configs.append(copy / "config.yaml")
    return [(c, deploy) for c in configs for deploy in [(), *((k.parent,) for k in sorted(c.parent.rglob("kustomization.yaml")))]]


def test_deploy_findings_name_no_placeholder(tmp_path):
    """Findings read from deployment files (Services and their pods, replicas, kustomize builds) in every fixture: no
    `<namespace>` where the files name none, no `{hole}`."""
    from litellm_doctor.config import load_config, run_checks
    from litellm_doctor.config.checks import Options
    from litellm_doctor.config.deployshape import read_shape

    runs = _deploy_runs(tmp_path)
    assert len(runs) > 30
    found, services = [], set()
    for config, deploy in runs:
        shape = read_shape(config, deploy)
        report = run_checks(load_config(config, environ={}, use_dotenv=False), options=Options(**shape.check_options(None, None)))
        services |= {f.rule_id for f in report.findings if f.rule_id in ("LD-CFG-152", "LD-CFG-153", "LD-CFG-154", "LD-CFG-155")}
        for text in (*(t for f in report.findings for t in (f.title, f.message, *f.steps)), *shape.report_notes()):
            found += [(str(config), m.group(0)) for m in (PLACEHOLDER.search(text), HOLE.search(text)) if m]
    assert not found, found[:10]
    assert services == {"LD-CFG-152", "LD-CFG-153", "LD-CFG-154", "LD-CFG-155"}


def test_json_facts_are_typed():
    report = diagnose("litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached. Please try again in 3.5s. "
                      "Received Model Group=gpt-4o\nAvailable Model Group Fallbacks=None")
    facts = json.loads(get_formatter("json").render(report))["facts"]
    assert facts["status"] == 429 and facts["retry_after"] == 3.5 and facts["fallbacks"] is None
    report = diagnose("litellm.RateLimitError: x Received Model Group=gpt-4o\nAvailable Model Group Fallbacks=['claude', 'gpt-4o-mini']")
    assert json.loads(get_formatter("json").render(report))["facts"]["fallbacks"] == ["claude", "gpt-4o-mini"]
    text = get_formatter("text", verbose=True).render(report)
    assert "claude, gpt-4o-mini" in text and "['claude'" not in text


def test_fill_never_leaves_a_hole():
    for rule in load_rules():
        for template in (rule.title, rule.why, *rule.steps):
            out = fill(template, {})
            assert not HOLE.search(out), (rule.id, out)
            assert " the the " not in out and "group the model group" not in out, (rule.id, out)
    assert fill("key for model group `{model_group}`", {}) == "key for the model group named in the error"
    assert fill("`curl \"$PROXY/health?model={model_group}\"`", {}) == "`curl \"$PROXY/health?model=$MODEL_GROUP\"`"
    assert fill("timeout (here: {deployment_timeout})", {"deployment_timeout": "None"}) == "timeout"


def test_fill_keeps_a_format_directive():
    # curl's `-w '%{http_code}'` is a format the reader types as is, not a fact to fill: it printed
    # `-w '%$HTTP_CODE'` (LD-DEPLOY-181, LD-TIME-515, LD-TIME-760, LD-TIME-844).
    assert fill("`curl -s -o /dev/null -w '%{http_code}' {api_base}`", {"api_base": "http://x:4000"}) == (
        "`curl -s -o /dev/null -w '%{http_code}' http://x:4000`")
    assert fill("(`curl -w '%{time_total}' ...`)", {}) == "(`curl -w '%{time_total}' ...`)"


def test_rules_and_checks_views_show_no_template():
    for args in (("rules", "list"), ("rules", "show", "LD-ROUTE-001"), ("check", "--explain", "LD-CFG-076"), ("check", "--list")):
        out = cli(*args).stdout.decode()
        assert not HOLE.search(out), (args, HOLE.search(out).group(0))


def test_huggingface_is_not_read_from_litellm_boilerplate():
    text = ("litellm.BadRequestError: LLM Provider NOT provided. Pass in the LLM provider you are trying to call. You passed model=foo\n"
            " Pass model as E.g. For 'Huggingface' inference endpoints pass in `completion(model='huggingface/starcoder',..)` "
            "Learn more: https://docs.litellm.ai/docs/providers")
    assert "provider" not in diagnose(text).facts


def test_curl_steps_quote_the_key_so_the_shell_expands_it():
    for rule in load_rules():
        for step in rule.steps:
            assert not re.search(r"'Authorization: Bearer \$", step), (rule.id, step)


# -- layout ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("rules", "list"), ("check", "--list")])
def test_lists_are_one_record_per_line_when_piped(args):
    out = cli(*args).stdout.decode().rstrip("\n").split("\n")
    assert all(re.match(r"^LD-[A-Z]+-\d{3}\s", line) for line in out), [l for l in out if not l.startswith("LD-")][:3]


@pytest.mark.parametrize("args", [("rules", "list"), ("check", "--list"), ("rules", "show", "LD-AUTH-001"), ("check", "--explain", "LD-CFG-040")])
def test_views_fit_80_columns_on_a_terminal(args):
    code, out = on_terminal(80, *args)
    assert code == 0
    long = [l for l in out.split("\n") if len(l) > 80 and not l.lstrip().startswith(("any of:", "all of:", "none of:", "[match]", "[no_match]"))]
    assert not long, long[:3]


# -- usage errors and help ------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("diagnose", "--format", "bogus", "x"),
    ("diagnose", "--nope"),
    ("bogus",),
    ("rules", "show"),
    ("report", "--config", "nope.yaml"),
    ("diagnose", "--deep", "x"),
    ("diagnose", "--direct", "x"),
    ("check", "--workers", "0", "examples/config.yaml"),
])
def test_every_usage_error_is_one_line_and_exit_2(args):
    proc = cli(*args)
    assert proc.returncode == 2, proc
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("litellm-doctor: error: "), err


@pytest.mark.parametrize("args, listed", [((), "diagnose"), (("rules",), "show")])
def test_a_command_alone_prints_its_help_as_written(args, listed):
    proc = cli(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.startswith("Usage: litellm-doctor")
    assert "\nCommands:\n" in err and f"\n  {listed} " in err, err


def test_utf16_with_bom_is_text(tmp_path):
    path = tmp_path / "error.txt"
    path.write_bytes("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided\r\n".encode("utf-16"))
    proc = cli("diagnose", "--error-file", str(path), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["category"] == "auth"


_EXAMPLE = re.compile(r"^\s+(?:[A-Z][\w ]+:\s{2,})?((?:cat \S+ \| )?litellm-doctor (?!\[)\S.*)$")


def _help_examples() -> list[str]:
    examples = []
    for command in ((), ("diagnose",), ("probe",), ("check",), ("report",), ("rules",), ("schema",)):
        out = cli(*command, "--help").stdout.decode()
        for line in out.split("\n"):
            m = _EXAMPLE.match(line)
            if m and not line.lstrip().startswith("Usage"):
                examples.append(m.group(1).strip())
    return examples


def test_help_names_only_files_that_exist():
    for example in _help_examples():
        for word in shlex.split(example):
            if word.startswith("examples/"):
                assert (ROOT / word).exists(), (example, word)


@pytest.mark.parametrize("example", _help_examples())
def test_every_help_example_runs_as_printed(example, tmp_path):
    """Each example, run by a shell in a copy of the repository's examples: no usage error."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    command = re.sub(r"(?<![\w./-])litellm-doctor(?= )", f"{shlex.quote(sys.executable)} -m litellm_doctor", example)
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1", "LITELLM_MASTER_KEY": "sk-help-example"}
    proc = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode in (0, 1), (example, proc.stderr.decode()[-500:])
    assert b"Traceback" not in proc.stderr


# -- steps agree with the facts and the config ------------------------------------------------------
RATE_WITH_FALLBACK = (
    "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min (TPM): "
    "Limit 30000. Please try again in 6.7s. Received Model Group=gpt-4o\nAvailable Model Group Fallbacks=['claude-sonnet']"
)


def test_a_fallback_the_error_shows_is_not_recommended_as_new():
    steps = " ".join(diagnose(RATE_WITH_FALLBACK).findings[0].steps)
    assert "already falls back to `claude-sonnet`" in steps


def test_steps_never_recommend_what_the_config_already_sets(tmp_path):
    from litellm_doctor.config import load_config, tie_to_config

    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n"
        "router_settings:\n  num_retries: 0\n  cooldown_time: 30\n  fallbacks: [{\"gpt-4o\": [\"claude\"]}]\n"
    )
    loaded = load_config(str(config))
    report = tie_to_config(diagnose((ROOT / "examples/errors/rate_limit_tpm.txt").read_text()), loaded)
    steps = " ".join(report.findings[0].steps)
    assert "keep `router_settings.num_retries: 3`" not in steps
    assert f"set `router_settings.num_retries: 3` (your config has `0` at {config}:6)" in steps
    assert "`gpt-4o` already falls back to claude" in steps
    assert "[{'gpt-4o'" not in steps  # config values as YAML/JSON, never a Python repr
    # Made to agree twice (a probe's finding, then `diagnose --proxy` ties the merged report): said once.
    from litellm_doctor.config.reconcile import reconcile_report

    assert reconcile_report(report, loaded).findings[0].steps == report.findings[0].steps
    cooldown = tie_to_config(diagnose((ROOT / "examples/errors/cooldown_after_401.log").read_text()), loaded)
    text = " ".join(cooldown.findings[0].steps)
    assert "the default `router_settings.cooldown_time` is 5 s" not in text
    assert f"`router_settings.cooldown_time` is 30 in your config ({config}:7)" in text


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("args", [
    ("check", "examples/configs/broken"),
    ("diagnose", "--log", "examples/errors/cooldown_after_401.log"),
    ("diagnose", "--verbose", "--config", "examples/config.yaml", "--error-file", "examples/errors/cooldown_after_401.log"),
    ("rules", "show", "LD-ROUTE-001"),
], ids=["check", "log", "verbose", "rules-show"])
def test_other_views_fit_the_terminal(columns, args):
    if args[0] == "check":
        broken = sorted((ROOT / "examples" / "configs" / "broken").glob("*.yaml"))
        args = ("check", str(broken[0].relative_to(ROOT)))
    code, out = on_terminal(columns, *args)
    assert code in (0, 1), out
    # A regex of `rules show` is printed whole (wrapping would change it); everything else fits.
    long = [l for l in out.split("\n") if len(l) > columns and not l.lstrip().startswith(("any of:", "all of:", "none of:"))]
    assert not long, long[:3]


# -- snapshots of the first screen (UPDATE_SNAPSHOTS=1 rewrites them after an intended change) --------
SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name,args", [
    ("readme", ("diagnose", "--config", "examples/config.yaml", "--error-file", "examples/errors/cooldown_after_401.log")),
    ("timeout", ("diagnose", "--error-file", "examples/errors/timeout_408.json")),
])
def test_first_screen_snapshot(columns, name, args):
    _, out = on_terminal(columns, *args)
    path = SNAPSHOTS / f"{name}-{columns}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_a_path_after_api_base_goes_on_the_root_not_on_the_endpoint():
    """The api_base fact read from a URL in the text is often the whole endpoint (an access log's
    `POST http://host:4001/v1/chat/completions`): a step that appends a path must not double it."""
    endpoint = {"api_base": "http://172.16.185.252:4001/v1/chat/completions"}
    assert fill("`curl -s {api_base}/chat/completions`", endpoint) == "`curl -s http://172.16.185.252:4001/v1/chat/completions`"
    assert fill("`curl -s {api_base}/models`", endpoint) == "`curl -s http://172.16.185.252:4001/v1/models`"
    assert fill("`curl -s {api_base}/models`", {"api_base": "http://h:8000/v1"}) == "`curl -s http://h:8000/v1/models`"
    assert fill("`api_base` ({api_base})", endpoint) == "`api_base` (http://172.16.185.252:4001/v1/chat/completions)"
    text = ('INFO:httpx:HTTP Request: POST http://172.16.185.252:4001/v1/chat/completions "HTTP/1.1 200 OK"\n'
            "litellm.APIError: APIError: OpenAIException - Invalid response object Traceback (most recent call last):\n"
            "TypeError: 'NoneType' object is not iterable")
    curl = [s for f in diagnose(text).findings for s in f.steps if "curl -s http://172.16.185.252:4001/v1/chat/completions " in s]
    assert curl and not any("/chat/completions/chat/completions" in s for s in curl)
