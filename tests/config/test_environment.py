"""os.environ/ references, environment_variables and LiteLLM's env vars (LD-CFG-040..048)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test"}
BASE = """
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
"""

CASES = [
    ("LD-CFG-040", BASE.replace("OPENAI_API_KEY", "OPENAI_KEY"), BASE),
    ("LD-CFG-041", BASE.replace("OPENAI_API_KEY", "MY_KEY") + "environment_variables:\n  MY_KEY: abc\n",
     BASE + "environment_variables:\n  LANGFUSE_HOST: https://cloud.langfuse.com\n"),
    ("LD-CFG-042", BASE + "general_settings:\n  allowed_routes: [os.environ/ROUTE]\n",
     BASE + "general_settings:\n  allowed_routes: [/chat/completions]\n"),
    ("LD-CFG-043", BASE.replace("os.environ/OPENAI_API_KEY", '"${OPENAI_API_KEY}"'), BASE),
    ("LD-CFG-044", BASE.replace("os.environ/OPENAI_API_KEY", "sk-proj-abcdefghijklmnop1234"), BASE),
    ("LD-CFG-045", BASE + "environment_variables:\n  PATH: /opt/bin\n", BASE + "environment_variables:\n  LITELLM_LOG: INFO\n"),
    ("LD-CFG-046", BASE + "environment_variables:\n  LANGFUSE_HOST:\n", BASE + "environment_variables:\n  LANGFUSE_HOST: https://x\n"),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


def test_invalid_litellm_log(tmp_path):
    assert findings(tmp_path, BASE, "LD-CFG-047", {**ENV, "LITELLM_LOG": "verbose"})
    assert not findings(tmp_path, BASE, "LD-CFG-047", {**ENV, "LITELLM_LOG": "info"})


def test_config_file_path_ignored(tmp_path):
    assert findings(tmp_path, BASE, "LD-CFG-048", {**ENV, "CONFIG_FILE_PATH": "/etc/litellm/config.json"})
    real = tmp_path / "real.yaml"
    real.write_text("model_list: []\n")
    assert not findings(tmp_path, BASE, "LD-CFG-048", {**ENV, "CONFIG_FILE_PATH": str(real)})


def test_unset_reference_escalates_with_strict_env(tmp_path):
    found = findings(tmp_path, BASE, "LD-CFG-040", {}, strict_env=True)
    assert found[0].severity == "error"


def test_secret_manager_makes_it_info(tmp_path):
    text = BASE + "general_settings:\n  key_management_system: aws_secret_manager\n"
    assert findings(tmp_path, text, "LD-CFG-040", {})[0].severity == "info"


@pytest.mark.parametrize("value", ['"os.environ[\'OPENAI_API_KEY\']"', "os.env/OPENAI_API_KEY", "$OPENAI_API_KEY", '"os.environ/ OPENAI_API_KEY"'])
def test_malformed_references(tmp_path, value):
    found = findings(tmp_path, BASE.replace("os.environ/OPENAI_API_KEY", value), "LD-CFG-043", ENV)
    assert found and "os.environ/OPENAI_API_KEY" in found[0].steps[0]


@pytest.mark.parametrize("value", ["none", "EMPTY", "fake-key", "http://x/y"])
def test_placeholders_are_not_secrets(tmp_path, value):
    assert not findings(tmp_path, BASE.replace("os.environ/OPENAI_API_KEY", value), "LD-CFG-044", ENV)


def test_master_key_in_plain_text_and_db_password(tmp_path):
    text = BASE + "general_settings:\n  master_key: sk-1234\n  database_url: postgresql://u:hunter2@db/litellm\n"
    found = findings(tmp_path, text, "LD-CFG-044", ENV)
    assert {f.location.line for f in found} == {7, 8}
    assert all("sk-1234" not in f.message + "".join(f.steps) and "hunter2" not in f.message for f in found)


def test_offered_command_quotes_the_config_path(tmp_path):
    """The step's `litellm-doctor check PATH --env-file FILE` is copied into a shell: a directory named
    `my configs` or `x;touch pwned` must stay one argument."""
    import shlex

    found = findings(tmp_path / "my configs; touch pwned", BASE, "LD-CFG-040", {})
    command = found[0].steps[0].split("`")[1]
    words = shlex.split(command)
    assert words[:2] == ["litellm-doctor", "check"]
    assert words[2].endswith("my configs; touch pwned/config.yaml")
    assert words[3:] == ["--env-file", "FILE"]
