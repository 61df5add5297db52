"""Hardening review 25 (session 25's harden25): each test failed before its fix."""

from __future__ import annotations

import json

import pytest

from hardening_helpers import run_cli

FORMATS = ["text", "json", "markdown", "github", "sarif", "junit"]

# A secret's value written in JSON syntax, as a pasted body carries it: with an escaped quote, a backslash, a comma
# and a brace inside; inside a JSON string (escaped once) and two levels down; with `\u` escapes.
SHAPED = {
    "QuoteInside-7f3a": '{"password": "pa\\"ss,w}rd-QuoteInside-7f3a"}',
    "BackslashIn-51c2": '{"api_key": "C:\\\\keys\\\\BackslashIn-51c2"}',
    "EscapedOnce-9d0e": '{"message": "bad request: {\\"api_key\\": \\"ab\\\\\\"EscapedOnce-9d0e\\"}"}',
    "TwoLevels-2b8c": '"{\\\\\\"master_key\\\\\\": \\\\\\"TwoLevels-2b8c-0123456\\\\\\"}"',
    "UEscapes-4e61": '{"api_key": "\\u00e9t\\u00e9-UEscapes-4e61"}',
    "Quote0022-8a7b": '{"api_key": "abcdef\\u0022Quote0022-8a7b"}',
    "PyRepr-6c5d": "{'api_key': 'it\\'s-PyRepr-6c5d'}",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_json_value_under_a_secret_name_is_masked_whole_in_every_format(fmt):
    """The pair shape ended a value at a backslash, a comma or a brace (masking.py): `"password": "pa\\"ss,w}rd…"`,
    `{\\"api_key\\": \\"ab\\\\\\"…\\"}` or `"api_key": "\\u00e9…"` printed the value's rest, or the whole value when the
    escape came in its first six characters; escaped JSON two levels down was not read at all."""
    text = "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: " + \
        " ".join(SHAPED.values())
    run = run_cli(["diagnose", "-", "-f", fmt, "-v"], stdin=text.encode())
    assert run.returncode in (0, 1), run.output
    leaked = [marker for marker in SHAPED if marker in run.output]
    assert not leaked, (leaked, run.stdout)


KNOWN = 'Zq"8\\ab\tKnown-Secret-93e1/+=='


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_known_secret_with_a_quote_or_a_backslash_is_masked_as_json_writes_it(fmt):
    """A key read from the environment (or a config) holding `"`, `\\` or a tab was masked only as written raw: in a
    pasted JSON body it is `Zq\\"8\\\\ab\\tKnown…` (or escaped again inside a log line's JSON string, or as Python's
    repr() writes it), and it was printed whole."""
    once = json.dumps(KNOWN)[1:-1]
    text = ("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: "
            f'{{"error": {{"message": "bad key {once}"}}}} '
            f'{{"log": {json.dumps(json.dumps({"key": KNOWN}))}}} '
            f"headers={{'x-api-token': {KNOWN!r}}}\n")
    run = run_cli(["diagnose", "-", "-f", fmt, "-v"], stdin=text.encode(), env={"OPENAI_API_KEY": KNOWN})
    assert run.returncode in (0, 1), run.output
    assert "Known-Secret-93e1" not in run.output, run.stdout


def test_a_confined_block_ending_in_one_thread_leaves_another_threads_reads_confined(tmp_path, monkeypatch):
    """`probe` reads the deployment files beside the config in its background thread (`also_load`, inside its own
    `confined_reads()`), while other work goes on. Each block saved boundedio.CONFINED_TO and put the saved value
    back on leaving: when a block in one thread ended while another thread's block was still reading, that thread's
    reads were no longer confined (a `docker-compose.yml -> ~/.docker/config.json` planted in a pull request was
    read and its lines shown). Now the reads stay confined until the last open block ends."""
    import threading

    from litellm_doctor import boundedio
    from litellm_doctor.config.confine import OutsideWorkspace, confined_reads
    from litellm_doctor.errors import InputError

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "secret.json").write_text('{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNzd29yZA=="}}}')
    (repo / "docker-compose.yml").symlink_to(tmp_path / "secret.json")
    monkeypatch.chdir(repo)
    for name in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CI", "true")
    entered, left, outcome = threading.Event(), threading.Event(), []

    def background() -> None:
        with confined_reads():
            entered.set()
            left.wait(10)  # the other thread's block ends first
            try:
                outcome.append(boundedio.read_text(repo / "docker-compose.yml", "deployment file", 1 << 20))
            except InputError as exc:
                outcome.append(exc)

    thread = threading.Thread(target=background)
    with confined_reads():
        thread.start()
        entered.wait(10)
    left.set()
    thread.join(10)
    assert isinstance(outcome[0], OutsideWorkspace), outcome
    assert boundedio.CONFINED_TO is None  # the last block restored the value from before the first


def test_probe_skips_a_deployment_file_linked_outside_the_workspace_in_its_background_thread(tmp_path):
    """(A guard, not a failure before.) `probe --config` reads the deployment files found beside the config in the
    background thread that loads the rules while the requests are in flight: in CI, a linked one is skipped with a
    note there too, and nothing of it is printed."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "compose.yml").write_text("services:\n  litellm:\n    image: ghcr.io/berriai/litellm:main-v1.70.0\n"
                                          "    environment:\n      RUNNER_TOKEN: ghp_NotForThePullRequest0123456789abcd\n")
    (repo / "config.yaml").write_text("model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/gpt-4o\n")
    (repo / "docker-compose.yml").symlink_to(tmp_path / "compose.yml")
    env = {"CI": "true", "GITHUB_ACTIONS": "", "GITHUB_WORKSPACE": "", "CI_PROJECT_DIR": ""}
    run = run_cli(["probe", "--proxy", "http://127.0.0.1:9", "--config", "config.yaml", "--timeout", "2"], cwd=str(repo), env=env)
    assert run.returncode in (0, 1), run.output
    assert "docker-compose.yml (deployment file) resolves to a file outside the workspace" in run.output, run.output
    assert "NotForThePullRequest" not in run.output and "1.70.0" not in run.output
