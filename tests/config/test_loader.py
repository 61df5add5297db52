"""load_config: LiteLLM's load pipeline with file:line for every value, and its clear one-line errors."""

from __future__ import annotations

import pytest

from cfg_helpers import write
from litellm_doctor.config import load_config
from litellm_doctor.errors import InputError

BASE = """
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: os.environ/AZURE_API_BASE
    model_info:
      id: az-1
router_settings:
  timeout: 30
  fallbacks: [{gpt-4o: [mini]}]
general_settings:
  master_key: os.environ/LITELLM_MASTER_KEY
"""


def test_deployments_locations_and_resolution(tmp_path):
    cfg = load_config(write(tmp_path, BASE), environ={"OPENAI_API_KEY": "sk-x", "LITELLM_MASTER_KEY": "sk-m"})
    assert [d.location.line for d in cfg.deployments] == [2, 6]
    first, second = cfg.deployments
    assert first.litellm_params["api_key"] == "sk-x" and first.raw_params["api_key"] == "os.environ/OPENAI_API_KEY"
    assert second.litellm_params["api_base"] is None and second.id == "az-1"
    assert first.provider == "openai" and second.provider == "azure" and second.api_base is None
    assert cfg.model_groups == ("gpt-4o",)
    assert cfg.master_key == "sk-m"
    assert cfg.location_of("router_settings.timeout").line == 13
    assert cfg.location_of("model_list[1].litellm_params.api_base").line == 9
    assert cfg.location_of("router_settings.fallbacks[0]").line == 14
    assert cfg.location_of("router_settings.nope") is None
    assert cfg.section("router_settings")["timeout"] == 30 and cfg.section("missing") == {}
    unset = [r.name for r in cfg.env_refs if not r.is_set]
    assert unset == ["AZURE_API_BASE"]


def test_true_false_env_values_become_booleans(tmp_path):
    cfg = load_config(write(tmp_path, "litellm_settings:\n  drop_params: os.environ/DROP\n"), environ={"DROP": " True "})
    assert cfg.section("litellm_settings")["drop_params"] is True


def test_env_refs_inside_lists_are_not_resolved(tmp_path):
    text = "general_settings:\n  allowed_routes: [os.environ/R]\n  items: [{x: os.environ/R}]\n"
    cfg = load_config(write(tmp_path, text), environ={"R": "v"})
    assert cfg.section("general_settings")["allowed_routes"] == ["os.environ/R"]
    assert cfg.section("general_settings")["items"] == [{"x": "v"}]


def test_environment_variables_are_exported_after_resolution(tmp_path):
    text = "environment_variables:\n  MY_KEY: abc\n  EMPTY:\n  PATH: /x\nmodel_list:\n  - model_name: m\n    litellm_params: {model: openai/x, api_key: os.environ/MY_KEY}\n"
    cfg = load_config(write(tmp_path, text), environ={})
    assert cfg.deployments[0].litellm_params["api_key"] is None
    ref = cfg.env_refs[0]
    assert ref.name == "MY_KEY" and ref.defined_in_environment_variables and not ref.is_set
    assert cfg.env.effective("MY_KEY") == "abc" and cfg.env.effective("EMPTY") == "None"
    assert cfg.env.effective("PATH") is None  # blocked


def test_dotenv_beside_the_config(tmp_path):
    write(tmp_path, "# comment\nexport OPENAI_API_KEY='sk-from-dotenv'\nOTHER=1 # trailing\n", ".env")
    cfg = load_config(write(tmp_path, BASE), environ={})
    assert cfg.deployments[0].litellm_params["api_key"] == "sk-from-dotenv"
    assert cfg.env.get("OTHER") == "1"
    cfg = load_config(write(tmp_path, BASE), environ={"OPENAI_API_KEY": "sk-env"})
    assert cfg.deployments[0].litellm_params["api_key"] == "sk-env"  # the process env wins, as with dotenv
    cfg = load_config(write(tmp_path, BASE), environ={}, use_dotenv=False)
    assert cfg.deployments[0].litellm_params["api_key"] is None


def test_env_file_wins(tmp_path):
    env_file = write(tmp_path, "OPENAI_API_KEY=sk-prod\n", "prod.env")
    cfg = load_config(write(tmp_path, BASE), environ={"OPENAI_API_KEY": "sk-local"}, env_files=(env_file,))
    assert cfg.deployments[0].litellm_params["api_key"] == "sk-prod" and cfg.env.explicit


def test_includes_shallow_merge_with_locations(tmp_path):
    write(tmp_path, "model_list:\n  - model_name: included\n    litellm_params: {model: openai/x}\nrouter_settings:\n  num_retries: 5\ninclude: [sub/more.yaml]\n", "models.yaml")
    write(tmp_path, "model_list:\n  - model_name: nested\n    litellm_params: {model: openai/y}\n", "sub/more.yaml")
    root = write(tmp_path, "include:\n  - models.yaml\nmodel_list:\n  - model_name: root\n    litellm_params: {model: openai/z}\nrouter_settings:\n  timeout: 30\n")
    cfg = load_config(root, environ={})
    assert [d.model_name for d in cfg.deployments] == ["root", "included", "nested"]
    assert [(d.location.file.split("/")[-1], d.location.line) for d in cfg.deployments] == [
        ("config.yaml", 4), ("models.yaml", 2), ("more.yaml", 2)]
    # router_settings replaced wholesale by the included file's (LiteLLM's shallow merge)
    assert cfg.section("router_settings") == {"num_retries": 5}
    assert cfg.location_of("router_settings.num_retries").file.endswith("models.yaml")
    assert cfg.location_of("router_settings.timeout") is None
    assert "include" not in cfg.raw and len(cfg.files) == 3


def test_include_cycle_is_skipped(tmp_path):
    write(tmp_path, "include: [config.yaml]\nmodel_list: []\n", "a.yaml")
    cfg = load_config(write(tmp_path, "include: [a.yaml]\nmodel_list:\n  - model_name: m\n    litellm_params: {model: openai/x}\n"), environ={})
    assert len(cfg.deployments) == 1


def test_merge_keys_and_anchors(tmp_path):
    text = """
defaults: &defaults
  api_key: os.environ/K
  timeout: 30
model_list:
  - model_name: a
    litellm_params:
      <<: *defaults
      model: openai/a
      timeout: 60
"""
    cfg = load_config(write(tmp_path, text), environ={"K": "v"})
    params = cfg.deployments[0].litellm_params
    assert params == {"api_key": "v", "timeout": 60, "model": "openai/a"}
    assert cfg.location_of("model_list[0].litellm_params.timeout").line == 9


@pytest.mark.parametrize(
    "text,expected",
    [
        ("model_list:\n  - model_name: a\n   bad: [\n", ":3: malformed YAML"),
        ("", ":1: the config is empty"),
        ("- a\n- b\n", ":1: the top level is a list"),
        ("model_list: !!python/object:os.system x\n", ":1: unsupported YAML tag"),
        ("include: models.yaml\n", ":1: 'include' must be a list"),
        ("a: 1\ninclude:\n  - missing.yaml\n", ":3: included file not found: missing.yaml"),
        ("a: &a [1]\nb: *zz\n", "malformed YAML"),
    ],
)
def test_errors_are_one_line_with_file_and_line(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_config(path, environ={})
    message = str(info.value)
    assert "\n" not in message and expected in message and "config.yaml" in message


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_config(tmp_path)


def test_included_file_not_a_mapping(tmp_path):
    write(tmp_path, "- a\n", "inc.yaml")
    with pytest.raises(InputError, match=r"inc.yaml:1: included config is not a YAML mapping"):
        load_config(write(tmp_path, "include: [inc.yaml]\n"), environ={})


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i-1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    import time

    start = time.perf_counter()
    with pytest.raises(InputError, match="alias bomb"):
        load_config(path, environ={})
    assert time.perf_counter() - start < 10


def test_recursive_alias_is_refused(tmp_path):
    path = write(tmp_path, "a: &a\n  b: *a\n")
    with pytest.raises(InputError, match="recursive alias|malformed"):
        load_config(path, environ={})


def test_same_values_as_safe_load(tmp_path):
    import yaml

    text = "a: 1\nb: 1.5\nc: yes\nd: ~\ne: 2024-01-01\nf: 0x10\ng: '600'\nh: [1, {x: y}]\n"
    cfg = load_config(write(tmp_path, text), environ={})
    assert cfg.raw == yaml.safe_load(text)


def test_an_alias_bomb_is_refused_on_its_repeated_values_not_the_whole_budget(tmp_path):
    """The bomb is refused once 200,000 values were built again from nodes already built, long before the
    1,000,000-value budget (review19: 6 s and 190 MB for 10 lines); a config whose anchors repeat less loads."""
    from litellm_doctor.config import yamlnodes

    bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"a{i}: &a{i} [{','.join([f'*a{i-1}'] * 9)}]" for i in range(1, 10)]
    budget = yamlnodes.Budget()
    with pytest.raises(InputError, match="200,000 values repeated"):
        yamlnodes.load_document("bomb.yaml", "\n".join(bomb) + "\n", budget)
    assert budget.used < 300_000
    merged = "defaults: &d {a: 1, b: 2, c: 3, d: 4, e: 5}\nmodel_list:\n" + "".join(
        f"  - model_name: m{i}\n    litellm_params:\n      <<: *d\n      model: openai/m{i}\n" for i in range(2000))
    assert len(yamlnodes.load_document("merged.yaml", merged).value["model_list"]) == 2000
