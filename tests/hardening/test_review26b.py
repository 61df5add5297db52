"""Hardening review 26b (session 26's harden26b): each test failed before its fix."""

from __future__ import annotations

import pytest

from litellm_doctor.masking import mask

KEY = "Zq8abXy12345secretvalue9"  # no provider shape: only where it stands can mask it
KEY2 = "Wq7cdVz67890othervalue3"


@pytest.mark.parametrize("text", [
    f'"api_key": ["{KEY}"]',
    f"api_key: [{KEY}]",
    f'api_keys: ["{KEY}", "{KEY2}"]',
    f"'api_keys': ['{KEY}', '{KEY2}']",
    f'"Authorization": ["{KEY}"]',
    f"{{'authorization': ['Bearer {KEY}']}}",
    f'headers={{"x-api-key": ["{KEY}"]}}',
    f'{{\\"api_keys\\": [\\"{KEY}\\", \\"{KEY2}\\"]}}',
    f"password: [correct horse {KEY}]",
    f'"api_key": ["Zq8\\"{KEY}"]',
    f"api_keys=[{KEY}, {KEY2}]",
])
def test_a_secret_inside_a_list_under_a_secret_name_is_masked(text):
    out = mask(text)
    assert KEY not in out and KEY2 not in out and "Zq8" not in out, out
    assert out.count("[") == text.count("[") and out.count("]") == text.count("]"), out  # the list is kept


@pytest.mark.parametrize("text,expected", [
    ('"api_key": ["sk-abcdEFGH1234567890abcd"]', '"api_key": ["sk-****abcd"]'),
    ("api_key: [sk-abcdEFGH1234567890abcd]", "api_key: [sk-****abcd]"),  # was `api_key: ****]`
    (f'api_keys: ["{KEY}", "os.environ/OTHER_KEY"]', 'api_keys: ["****", "os.environ/OTHER_KEY"]'),
])
def test_a_list_element_keeps_its_own_shape_and_its_neighbours(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "api_key: [os.environ/OPENAI_API_KEY]",  # was masked: `api_key: ****]`
    'api_keys: ["sk-...", "$OPENAI_API_KEY", "os.environ/X"]',
    'api_key: [""]',
    "token: []",
    "max_tokens: [100000, 200000]",
    '"models": ["gpt-4o-mini-2024", "claude-3-5-sonnet"]',
    'fallbacks: [{"gpt-4": ["gpt-3.5-turbo"]}]',
    'credentials: ["/path/to/key.json"]',
])
def test_a_reference_or_a_harmless_list_is_not_masked(text):
    assert mask(text) == text


@pytest.mark.parametrize("text", [
    f'"config": "api_key:\\n  {KEY}"',
    f'"config": "model_list:\\n  - model_name: x\\n    litellm_params:\\n      api_key: |\\n        {KEY}\\n"',
    f'"config": "general_settings:\\n  master_key: >-\\n    {KEY}\\n    {KEY2}\\n  other: 1"',
    f'{{"yaml": "litellm_params:\\n  model: gpt-4o\\n  api_key:\\n    {KEY}\\n"}}',
])
def test_yaml_with_escaped_line_breaks_inside_a_json_string_is_masked(text):
    out = mask(text)
    assert KEY not in out and KEY2 not in out, out
    assert out.count("\\n") == text.count("\\n"), out


@pytest.mark.parametrize("text", [
    '"config": "api_key:\\n  os.environ/OPENAI_API_KEY"',
    '"config": "credentials:\\n  project: my-project\\n"',
    '"config": "model_list:\\n  - model_name: gpt-4o\\n    litellm_params:\\n      model: openai/gpt-4o\\n"',
    '"description": "token:\\n  Please set the token in the environment."',
])
def test_escaped_yaml_references_and_mappings_are_not_masked(text):
    assert mask(text) == text


@pytest.mark.parametrize("text", [
    f"litellm_params: {{model: x}}  api_key: |\n    {KEY}\n",
    f"ERROR config: api_key: |\n    {KEY}\n    {KEY2}\n",
    f"  - model_name: x  # then  master_key: >-\n      {KEY}\n",
])
def test_a_block_scalar_after_other_text_on_its_line_is_masked(text):
    out = mask(text)
    assert KEY not in out and KEY2 not in out, out
    assert out.count("\n") == text.count("\n")


# (3) The config's and the manifests' own text in messages: one code span each, through config/checks/util.py.
HOSTILE_NAME = "x`</code><img src=x onerror=alert(1)>`y"


def _spans_hold(text: str, value: str) -> None:
    from litellm_doctor.formats.sanitize import markdown_code

    fenced = markdown_code(value)
    assert fenced != f"`{value}`" and fenced in text, text
    assert "onerror" not in text.replace(fenced, ""), text


def test_fixer_move_error_quotes_the_section_as_code():
    from litellm_doctor.config import fixer

    text = f"general_settings:\n  master_key: os.environ/K\n'{HOSTILE_NAME}': 5\n"
    with pytest.raises(ValueError) as raised:
        fixer._move(text, fixer._parse(text), ("general_settings", "master_key"), HOSTILE_NAME)
    _spans_hold(str(raised.value), HOSTILE_NAME)


def test_loader_missing_config_quotes_litellms_message_as_code(tmp_path):
    from litellm_doctor.config.loader import load_config
    from litellm_doctor.errors import InputError

    with pytest.raises(InputError) as raised:
        load_config(str(tmp_path / "a`b.yaml"), environ={})
    from litellm_doctor.config import loader

    _spans_hold(str(raised.value), "Config file not found: " + loader.display_path(tmp_path / "a`b.yaml"))


@pytest.mark.parametrize("data", [{HOSTILE_NAME: 1}])
def test_settings_unknown_key_is_quoted_as_code(tmp_path, data):
    from litellm_doctor.config.settings import parse_settings
    from litellm_doctor.errors import InputError

    with pytest.raises(InputError) as raised:
        parse_settings(tmp_path / "s.toml", data)
    _spans_hold(str(raised.value), HOSTILE_NAME)


def test_check_detail_quotes_the_ignore_comment_as_code():
    import dataclasses

    from litellm_doctor.config.checks import catalog
    from litellm_doctor.config.view import check_detail

    info = dataclasses.replace(catalog()[0], name=HOSTILE_NAME)
    silence = check_detail(info, width=10_000).split("Silence one line with ", 1)[1]
    _spans_hold(silence, "--ignore " + HOSTILE_NAME)


def test_fleet_prose_quotes_a_service_name_that_is_not_plain():
    from types import SimpleNamespace

    from litellm_doctor.config.checks import fleet

    miss = SimpleNamespace(service="Service " + HOSTILE_NAME, namespace="ns`<b>", selector="app: litellm",
                           where="k8s/svc.yaml:3", why="the pods are labelled app: proxy", nearest="the nearest is x")
    ctx = SimpleNamespace(options=SimpleNamespace(service_misses=[miss]))
    (hit,) = list(fleet.service_selects_no_litellm_pod(ctx))
    _spans_hold(hit.message, HOSTILE_NAME)
    from litellm_doctor.formats.sanitize import markdown_code

    assert markdown_code("ns`<b>") in hit.message, hit.message
    from litellm_doctor.config.checks.util import unit

    assert unit("Service litellm") == "Service litellm" and unit("Deployment litellm-next") == "Deployment litellm-next"


@pytest.mark.parametrize("text", [
    f'"api_keys": [\n  "{KEY}",\n  "{KEY2}"\n]',
    f"api_keys:\n  - {KEY}\n  - \"{KEY2}\"  # the second\n  - os.environ/X\nmodel: x\n",
    f"model_list:\n  - litellm_params:\n      api_keys:\n        - {KEY}\n        - {KEY2}\n",
])
def test_a_list_under_a_secret_name_over_several_lines_is_masked(text):
    out = mask(text)
    assert KEY not in out and KEY2 not in out, out
    assert out.count("\n") == text.count("\n") and "os.environ/X" in out or "os.environ" not in text, out


@pytest.mark.parametrize("text", [
    "api_keys:\n  - os.environ/A\n  - sk-...\n  - $B\n",
    "credentials:\n  - project: my-project-name\n",
    "models:\n  - gpt-4o-mini-2024\n  - claude-3-5-sonnet\n",
    '"fallbacks": [\n  "gpt-4o-mini-2024"\n]',
])
def test_a_reference_or_harmless_list_over_several_lines_is_not_masked(text):
    assert mask(text) == text
