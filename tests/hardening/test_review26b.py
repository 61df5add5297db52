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
