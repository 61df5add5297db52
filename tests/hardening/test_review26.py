"""Hardening review 26 (session 26's harden26): each test failed before its fix."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET

import pytest

from hardening_helpers import run_cli
from hostile_servers import HostileServer

FORMATS = ["text", "json", "markdown", "github", "sarif", "junit"]

# A config value that tries every way out of a code span: a backtick (ends the span), an HTML tag, a line break and a
# Markdown heading (a new line, a new block), an escape sequence and a bidi override.
HOSTILE = "x`</code><img src=x onerror=alert(1)>\n## Injected heading\n\x1b[31mRED\u202e`y"
# Words of HOSTILE that must only ever be read inside a code span.
MARKERS = ("onerror", "Injected")


def _hostile_config(tmp_path):
    v = HOSTILE
    config = {
        "model_list": [{"model_name": "g" + v, "litellm_params": {
            "model": "openaii/gpt" + v, "api_base": "ftp://h" + v, "api_key": "os.environ/K", "timeout": "abc" + v}}],
        "router_settings": {"fallbacks": [{"g": ["nope" + v]}], "model_group_alias": {"a" + v: "zz" + v}},
        "litellm_settings": {"callbacks": ["langfusee" + v], "drop_params": "yes" + v},
        "environment_variables": {"E" + v: None},
        "bogus" + v: 1,
    }
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return path


def _outside_code_spans(text: str) -> str:
    """`text` without its code spans, paired as CommonMark pairs them (a run of n backticks closes at the next run of
    exactly n; an unclosed run is literal)."""
    runs = list(re.finditer(r"`+", text))
    out, pos, i = [], 0, 0
    while i < len(runs):
        opening = runs[i]
        closing = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opening.group())), None)
        if closing is None:
            i += 1
            continue
        out.append(text[pos:opening.start()])
        pos = runs[closing].end()
        i = closing + 1
    out.append(text[pos:])
    return "".join(out)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _texts(fmt: str, out: str) -> list[str]:
    """The pieces of prose a reader (or a program) takes from `out`, each read as Markdown would read it."""
    if fmt in ("json", "sarif"):
        return list(_strings(json.loads(out)))
    if fmt == "junit":
        root = ET.fromstring(out)
        return [t for e in root.iter() for t in (e.text or "", *e.attrib.values())]
    if fmt == "github":
        return [line.split("::", 2)[-1].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
                for line in out.splitlines() if line.startswith("::")]
    if fmt == "markdown":
        return out.split("\n\n")  # a paragraph, a heading, a list item each
    # text: a finding's message and steps are wrapped over lines; joined, a span is whole again
    return [" ".join(line.strip() for line in block.splitlines()) for block in out.split("\n\n")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_config_value_never_leaves_its_code_span_in_any_format(tmp_path, fmt):
    """`check`'s messages and steps put the config's own keys, names and values raw between backticks (about 150
    f-strings under config/, and config/checks' `fill` put a fact into a catalog step's span as it was): a backtick
    in a model group name ended its span, so `<img …>`, the line break and `## Injected heading` after it were
    Markdown (a heading of their own in --format markdown, a new line in text, in a JSON message a program renders).
    Now every such span is quoted in one place (config/checks/util.code: sanitize.markdown_code) and a name in prose
    that would not read as itself is a code span too (util.named)."""
    config = _hostile_config(tmp_path)
    run = run_cli(["check", str(config), "-f", fmt])
    assert run.returncode == 1, run.output
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    texts = _texts(fmt, run.stdout)
    assert any("onerror" in t for t in texts)  # the values are shown…
    outside = [t for t in texts if any(m in _outside_code_spans(t) for m in MARKERS)]
    assert not outside, outside[:3]  # …but only inside code spans
    if fmt != "text":  # (the text format wraps lines itself)
        broken = [t for t in texts if "\n## Injected" in t or "\nRED" in t]
        assert not broken, broken[:3]


# The sources under test, for a run whose working directory is elsewhere (a relative PYTHONPATH=src would not reach them).
_SRC = os.pathsep.join(p for p in (os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src")),
                                   os.environ.get("PYTHONPATH", "")) if p)


def _direct_config(tmp_path, upstream_url: str, extra: str) -> "object":
    config = tmp_path / "config.yaml"
    config.write_text(
        "model_list:\n"
        "  - model_name: vx\n"
        f"    litellm_params: {{model: vertex_ai/gemini-1.5-pro, vertex_project: p, vertex_location: us-central1, "
        f"api_base: {upstream_url}, {extra}}}\n",
        encoding="utf-8",
    )
    return config


def _direct_result(run) -> dict:
    report = json.loads(run.stdout)
    return next(p for p in report["probes"] if p["id"] == "direct.completion")


@pytest.mark.parametrize("key", ["vertex_credentials", "ssl_verify"])
def test_direct_reads_a_file_the_config_names_bounded(tmp_path, key):
    """`--direct` gave litellm the deployment's params as they were, and litellm opened the files they name itself
    (`vertex_credentials`: json.load of the whole file; `ssl_verify`: a CA bundle): a FIFO named there held the run
    (and a 10 GB file or /dev/zero grew without bound). Now the file is read through the bounded reader first, and a
    file that is not a regular one skips that group's direct call with one line."""
    fifo = tmp_path / "named.pipe"
    os.mkfifo(fifo)
    with HostileServer("record") as upstream, HostileServer("record") as proxy:
        config = _direct_config(tmp_path, upstream.url, f"{key}: {fifo}")
        # (an interactive run: under CI=true the file, outside the workspace, is refused before it is opened)
        run = run_cli(["probe", "--proxy", proxy.url, "--config", str(config), "--direct", "--timeout", "60",
                       "--format", "json"], timeout=120, env={"CI": "", "GITHUB_ACTIONS": ""})
    assert run.returncode in (0, 1), run.output[-2000:]
    direct = _direct_result(run)
    assert direct["status"] == "skip" and "not a file" in direct["detail"], direct


def test_direct_in_ci_refuses_a_credentials_file_linked_outside_the_workspace(tmp_path):
    """In CI, a pull request's config naming `vertex_credentials: creds.json`, committed as a link to a runner's
    file, had litellm read that file and sign a request with it for the `api_base` the same config names. Now, as
    every file a config names in CI, it must be inside the workspace."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    outside = tmp_path / "runner-creds.json"
    outside.write_text(json.dumps({"type": "service_account", "project_id": "p", "private_key_id": "k",
                                   "client_email": "a@p.iam.gserviceaccount.com", "token_uri": "http://127.0.0.1:9/token",
                                   "private_key": "not-a-key-OutsideRunner-77d1"}), encoding="utf-8")
    (repo / "creds.json").symlink_to(outside)
    with HostileServer("record") as upstream, HostileServer("record") as proxy:
        _direct_config(repo, upstream.url, "vertex_credentials: creds.json")
        run = run_cli(["probe", "--proxy", proxy.url, "--config", "config.yaml", "--direct", "--timeout", "60",
                       "--format", "json"], timeout=120, cwd=str(repo),
                      env={"CI": "true", "GITHUB_ACTIONS": "", "GITHUB_WORKSPACE": "", "CI_PROJECT_DIR": "", "PYTHONPATH": _SRC})
    assert run.returncode in (0, 1), run.output[-2000:]
    direct = _direct_result(run)
    assert direct["status"] == "skip" and "outside the workspace" in direct["detail"], (direct["detail"], run.stderr[-1500:])


NEXT_LINE_SECRET = "Zx9Qw7Lp2Mn4Rt6Yv8Bc-NextLine"
NEXT_LINE_SHAPES = {
    "json, the value at the key's indentation": '{\n  "api_key":\n  "%s"\n}',
    "json, no indentation": '{"api_key":\n"%s"}',
    "json, an escaped line break": '{"log": "{\\"api_key\\":\\n  \\"%s\\"}"}',
    "a log's JSON body": 'ERROR body={"password":\n      "%s"}',
    "a python keyword": 'client = OpenAI(api_key=\n    "%s")',
    "a yaml flow": '{master_key:\n  "%s"}',
    "a yaml block scalar with a comment": 'api_key: >- # the key\n  %s\n',
    "a yaml literal block, CRLF": 'api_key: |\r\n  %s\r\n',
}


@pytest.mark.parametrize("shape", list(NEXT_LINE_SHAPES))
def test_a_secret_on_the_line_after_its_name_is_masked_by_shape(shape):
    """A secret whose value a formatter or a log put on the line after its name (`"api_key":` then `"…"`) was masked
    only when it stood indented deeper than its key and unquoted (masking's YAML next-line shape): the JSON string and
    pair shapes look on the name's own line. A block scalar's indicator followed by a comment (`api_key: >- # …`) or a
    CRLF was not read as one either."""
    from litellm_doctor.masking import mask

    text = NEXT_LINE_SHAPES[shape] % NEXT_LINE_SECRET
    assert "Zx9Qw7Lp2Mn4" not in mask(text), mask(text)


def test_a_reference_on_the_line_after_its_name_is_not_masked():
    """(A guard.) `"api_key":` then `"os.environ/OPENAI_API_KEY"` names where the key is: the YAML next-line shape took
    the quote for the value's start and masked the reference."""
    from litellm_doctor.masking import mask

    text = '"api_key":\n  "os.environ/OPENAI_API_KEY"'
    assert mask(text) == text


def _read_within(stream, seconds: float = 5.0) -> bytes:
    """One read1 of a followed log, or b"" when nothing came within `seconds` (read1 waits for more)."""
    import threading

    pending = _PENDING.pop(id(stream), None)  # a read that timed out before is still waiting: its answer is this one
    if pending is None:
        got: list[bytes] = []
        thread = threading.Thread(target=lambda: got.append(stream.read1(65536)), daemon=True)
        thread.start()
        pending = (thread, got)
    thread, got = pending
    thread.join(seconds)
    if thread.is_alive():
        _PENDING[id(stream)] = pending
        return b""
    return got[0] if got else b""


_PENDING: dict[int, tuple] = {}


def test_watch_follows_a_log_truncated_in_place(tmp_path):
    """`watch FILE` said it follows the file "like tail -F", but a log truncated in place (logrotate's copytruncate,
    `> proxy.log`) left its descriptor past the file's new end: every read was empty from then on, and the errors
    written after it were never seen. Now the file is read again from its start."""
    from litellm_doctor.logs.watch import FollowFile, follow

    log = tmp_path / "proxy.log"
    log.write_bytes(b"2026-12-08 00:00:01 ERROR litellm.RateLimitError: before the rotation, a long first line\n")
    stream = follow(str(log))
    assert isinstance(stream, FollowFile)
    stream._poll = 0.05
    assert b"before the rotation" in _read_within(stream)
    with open(log, "r+b") as fh:  # copytruncate: the same file, emptied, then written again
        fh.truncate(0)
    with open(log, "ab") as fh:
        fh.write(b"ERROR after\n")
    assert b"ERROR after" in _read_within(stream)
    stream.close()


def test_watch_follows_a_log_renamed_away_to_the_new_file_under_its_name(tmp_path):
    """logrotate's default (and a container runtime's) rotation renames the log and creates a new one under its name:
    `watch` kept reading the renamed file, which nobody writes to any more. Now it reads the old file to its end, then
    the new one from its start."""
    from litellm_doctor.logs.watch import follow

    log = tmp_path / "proxy.log"
    log.write_bytes(b"ERROR first\n")
    stream = follow(str(log))
    stream._poll = 0.05
    assert b"ERROR first" in _read_within(stream)
    with open(log, "ab") as fh:
        fh.write(b"ERROR last words of the old file\n")
    log.rename(tmp_path / "proxy.log.1")
    log.write_bytes(b"ERROR in the new file\n")
    seen = _read_within(stream) + _read_within(stream, 2)
    assert b"last words of the old file" in seen and b"in the new file" in seen, seen
    stream.close()


def test_watch_does_not_follow_its_name_to_a_fifo_or_a_link_out_of_the_workspace(tmp_path, monkeypatch):
    """(A guard.) The new file is opened as the first one was: a name replaced by a FIFO is not followed (opening it
    would wait for a writer), nor, in CI, a link to a file outside the workspace; the old file is read on."""
    import os

    from litellm_doctor import boundedio
    from litellm_doctor.logs.watch import follow

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    log = repo / "proxy.log"
    log.write_bytes(b"ERROR first\n")
    stream = follow(str(log))
    stream._poll = 0.05
    assert b"ERROR first" in _read_within(stream)
    log.rename(repo / "proxy.log.1")
    os.mkfifo(log)
    assert _read_within(stream, 1) == b""
    log.unlink()
    (tmp_path / "secret.txt").write_bytes(b"runner secret\n")
    log.symlink_to(tmp_path / "secret.txt")
    monkeypatch.setattr(boundedio, "CONFINED_TO", str(repo))
    assert _read_within(stream, 1) == b""
    with open(repo / "proxy.log.1", "ab") as fh:  # the old file is still the one read
        fh.write(b"ERROR old file again\n")
    assert b"old file again" in _read_within(stream)
    stream.close()
