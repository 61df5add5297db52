"""Checks on model_list entries (LD-CFG-010..030)."""

from __future__ import annotations

import pytest

from cfg_helpers import findings

ENV = {"OPENAI_API_KEY": "sk-test", "AZURE_API_KEY": "k", "ANTHROPIC_API_KEY": "k"}


def one(params: str, name: str = "gpt-4o", info: str = "") -> str:
    text = f"model_list:\n  - model_name: {name}\n    litellm_params:\n"
    text += "".join(f"      {line}\n" for line in params.strip().splitlines())
    if info:
        text += "    model_info:\n" + "".join(f"      {line}\n" for line in info.strip().splitlines())
    return text


OPENAI = "model: openai/gpt-4o\napi_key: os.environ/OPENAI_API_KEY"
AZURE = "model: azure/gpt-4o-prod\napi_base: https://r.openai.azure.com\napi_key: os.environ/AZURE_API_KEY\napi_version: '2024-10-21'"

CASES = [
    ("LD-CFG-010", "model_list:\n  - model_name: x\n", one(OPENAI)),
    ("LD-CFG-011", one("model: anthropc/claude-3-5-sonnet\napi_key: os.environ/ANTHROPIC_API_KEY"),
     one("model: anthropic/claude-3-5-sonnet\napi_key: os.environ/ANTHROPIC_API_KEY")),
    ("LD-CFG-012", one(OPENAI) + "    model-info: {id: a}\n", one(OPENAI) + "    model_info: {id: a}\n"),
    ("LD-CFG-013", one(OPENAI + "\napi_bse: http://x:8000"), one(OPENAI + "\napi_base: http://x:8000\ntemperature: 0.2")),
    ("LD-CFG-014", one(OPENAI, info="base_modle: gpt-4o"), one(OPENAI, info="base_model: gpt-4o")),
    ("LD-CFG-015", one("model: groq/llama-3.1-8b-instant"), one("model: groq/llama-3.1-8b-instant\napi_key: os.environ/OPENAI_API_KEY")),
    ("LD-CFG-016", one("model: azure/gpt-4o-prod\napi_key: os.environ/AZURE_API_KEY\napi_version: '2024-10-21'"), one(AZURE)),
    ("LD-CFG-017", one("model: azure/gpt-4o-prod\napi_base: https://r.openai.azure.com\napi_key: os.environ/AZURE_API_KEY"), one(AZURE)),
    ("LD-CFG-018", one("model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"),
     one("model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0\naws_region_name: us-east-1")),
    ("LD-CFG-019", one("model: vertex_ai/gemini-1.5-pro"),
     one("model: vertex_ai/gemini-1.5-pro\nvertex_project: p\nvertex_location: europe-west4")),
    ("LD-CFG-020", one("model: hosted_vllm/llama\napi_base: vllm:8000/v1"), one("model: hosted_vllm/llama\napi_base: http://vllm:8000/v1")),
    ("LD-CFG-021", one("model: ollama/llama3"), one("model: ollama/llama3\napi_base: http://host.docker.internal:11434")),
    ("LD-CFG-023", one(OPENAI, info="id: a") + one(OPENAI.replace("gpt-4o", "gpt-4o-mini"), name="mini", info="id: a").replace("model_list:\n", ""),
     one(OPENAI, info="id: a") + one(OPENAI, name="mini", info="id: b").replace("model_list:\n", "")),
    ("LD-CFG-024", one(OPENAI) + one(OPENAI).replace("model_list:\n", ""), one(OPENAI) + one(OPENAI + "\nrpm: 10").replace("model_list:\n", "")),
    ("LD-CFG-025", one(OPENAI + "\norder: 1") + one(OPENAI + "\napi_base: https://b").replace("model_list:\n", ""),
     one(OPENAI + "\norder: 1") + one(OPENAI + "\napi_base: https://b\norder: 2").replace("model_list:\n", "")),
    ("LD-CFG-027", one("model: azure/my-prod-deployment\napi_base: https://r.openai.azure.com\napi_key: os.environ/AZURE_API_KEY\napi_version: '2024-10-21'"),
     one("model: azure/my-prod-deployment\napi_base: https://r.openai.azure.com\napi_key: os.environ/AZURE_API_KEY\napi_version: '2024-10-21'", info="base_model: azure/gpt-4o")),
    ("LD-CFG-028", one("model: openai/*\napi_key: os.environ/OPENAI_API_KEY", name="all-openai"),
     one("model: openai/*\napi_key: os.environ/OPENAI_API_KEY", name='"openai/*"')),
    ("LD-CFG-029", one(OPENAI + "\nmax_retries: 3"), one(OPENAI + "\nmax_retries: 0")),
    ("LD-CFG-030", one(OPENAI, info="mode: chats"), one(OPENAI, info="mode: chat")),
]


@pytest.mark.parametrize("check_id,failing,passing", CASES, ids=[c[0] for c in CASES])
def test_case(case, check_id, failing, passing):
    case(check_id, failing, passing, env=ENV)


def test_localhost_in_container(tmp_path):
    text = one("model: ollama/llama3\napi_base: http://localhost:11434")
    assert not findings(tmp_path, text, "LD-CFG-022", ENV)  # no sign of a container: say nothing
    (tmp_path / "docker-compose.yml").write_text("services: {}\n")
    found = findings(tmp_path, text, "LD-CFG-022", ENV)
    assert found and "host.docker.internal" in found[0].steps[0]
    assert not findings(tmp_path, one("model: ollama/llama3\napi_base: http://ollama:11434"), "LD-CFG-022", ENV)


def test_unknown_provider_with_api_base_is_a_warning(tmp_path):
    found = findings(tmp_path, one("model: myvllm/llama\napi_base: http://x:8000/v1"), "LD-CFG-011", ENV)
    assert found[0].severity == "warning"


def test_bare_model_names(tmp_path):
    assert not findings(tmp_path, one("model: gpt-4o\napi_key: os.environ/OPENAI_API_KEY"), "LD-CFG-011", ENV)
    found = findings(tmp_path, one("model: my-unknown-model"), "LD-CFG-011", ENV)
    assert found[0].severity == "warning"


def test_api_key_from_env_and_strict(tmp_path):
    text = one("model: anthropic/claude-3-5-sonnet")
    assert not findings(tmp_path, text, "LD-CFG-015", ENV)
    found = findings(tmp_path, text, "LD-CFG-015", {}, strict_env=True)
    assert found[0].severity == "error" and "ANTHROPIC_API_KEY" in found[0].steps[0]


def test_local_openai_compatible_server_needs_no_key(tmp_path):
    assert not findings(tmp_path, one("model: openai/llama\napi_base: http://vllm:8000/v1"), "LD-CFG-015", {})


def test_route_in_api_base(tmp_path):
    found = findings(tmp_path, one("model: openai/x\napi_key: k12345678\napi_base: http://h:8000/v1/chat/completions"), "LD-CFG-020", ENV)
    assert found[0].severity == "error" and "http://h:8000/v1" in found[0].steps[0]


def test_missing_model_name_and_model(tmp_path):
    found = findings(tmp_path, "model_list:\n  - litellm_params: {api_key: x}\n", "LD-CFG-010", ENV)
    assert {"model_name" in f.message for f in found} == {True, False}


def test_a_provider_of_a_newer_release_is_known_on_that_release(tmp_path):
    """`cortecs/` exists from the 1.108/1.110 data on: unknown on 1.103.0, known when the config runs on 1.110.2."""

    text = """
        model_list:
          - model_name: x
            litellm_params: {model: cortecs/some-model, api_key: k}
    """
    assert any(f.rule_id == "LD-CFG-011" for f in findings(tmp_path / "old", text, "LD-CFG-011", litellm_version="1.103.0"))
    assert not any(f.rule_id == "LD-CFG-011" for f in findings(tmp_path / "new", text, "LD-CFG-011", litellm_version="1.110.2"))


@pytest.mark.parametrize("model, hosts_first", [
    ("mistralai/mistral-7b-instruct", "`openrouter`, `together_ai`, `deepinfra`"),  # the model map's openrouter/mistralai/…
    ("meta-llama/Llama-3.1-8B-Instruct", "`openrouter`, `together_ai`, `deepinfra`"),  # not meta_llama's API
    ("Qwen/Qwen2.5-7B-Instruct", "`openrouter`, `together_ai`, `deepinfra`"),  # an organisation in either case
])
def test_an_organisation_prefix_is_not_a_misspelled_provider(tmp_path, model, hosts_first):
    """`mistralai/…` was given "did you mean `mistral`?" and a --fix to `mistral/…` (Mistral's own API, whose model
    names are its own): the prefix is the organisation of an `org/model` id, which goes after a provider whole."""
    found = findings(tmp_path, one(f"model: {model}\napi_key: k"), "LD-CFG-011", ENV)
    assert len(found) == 1 and found[0].severity == "error"
    f = found[0]
    prefix = model.split("/")[0]
    assert f"`{prefix}/` is not a LiteLLM provider prefix but the organisation of a model id, as in the model ids of {hosts_first}" in f.message
    assert "did you mean" not in f.message
    assert f"`model: openrouter/{model}`" in f.steps[0] and f"`huggingface/{model}`" in f.steps[0]
    assert f"`model: hosted_vllm/{model}`" in f.steps[1]
    assert not any(f"`model: mistral/{model.split('/', 1)[1]}`" in s for s in f.steps)


def test_an_organisation_prefix_with_an_api_base_is_most_likely_ones_own_server(tmp_path):
    found = findings(tmp_path, one("model: mistralai/Mistral-7B-Instruct-v0.3\napi_base: http://vllm:8000/v1"), "LD-CFG-011", ENV)
    assert found[0].severity == "warning" and found[0].steps[0].startswith("For your own OpenAI-compatible server")
    # the alias some mean (Mistral's own API) is the last step, without claiming this id is one of its models
    assert found[0].steps[-1].startswith("If you meant mistral's own API instead, write `model: mistral/MODEL`")


def test_an_organisation_prefix_gets_no_fix(tmp_path):
    from litellm_doctor.config import load_config
    from litellm_doctor.config.engine import run_checks

    path = tmp_path / "config.yaml"
    path.write_text(one("model: mistralai/mistral-7b-instruct\napi_key: k") + one("model: anthropc/claude-3-5-sonnet\napi_key: k", name="c").replace("model_list:\n", ""))
    fixes: list = []
    run_checks(load_config(str(path), environ=ENV, use_dotenv=False), select=["LD-CFG-011"], fixes=fixes)
    assert [fix for _, fix in fixes] == [("value", ("model_list", 1, "litellm_params", "model"), "anthropic/claude-3-5-sonnet")]


@pytest.mark.parametrize("model, suggestion", [
    ("anthropc/claude-3-5-sonnet", "anthropic"),  # a misspelled provider: no model id has `anthropc/`
    ("togetherai/llama", "together_ai"),  # an alias, no organisation
])
def test_a_misspelled_provider_keeps_its_suggestion(tmp_path, model, suggestion):
    found = findings(tmp_path, one(f"model: {model}\napi_key: k"), "LD-CFG-011", ENV)
    assert f"(did you mean `{suggestion}`?)" in found[0].message and "organisation" not in found[0].message
    assert found[0].steps[0].startswith(f"Write `model: {suggestion}/")
    # an unknown prefix no model id has is no organisation either (nothing invented)
    other = findings(tmp_path, one("model: sentence-transformers/all-MiniLM-L6-v2\napi_key: k"), "LD-CFG-011", ENV)
    assert "organisation" not in other[0].message
