"""tie_to_config: a diagnosis tied to the model_list entries and the settings that govern it."""

from __future__ import annotations

import pytest

from cfg_helpers import write
from litellm_doctor.config import load_config, tie_to_config
from litellm_doctor.diagnosis import diagnose

CONFIG = """
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      timeout: 30
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet
      api_key: os.environ/ANTHROPIC_KEY
router_settings:
  timeout: 60
  num_retries: 3
  cooldown_time: 20
  fallbacks: [{gpt-4o: [claude]}]
"""


@pytest.fixture
def config(tmp_path):
    return load_config(write(tmp_path, CONFIG), environ={"OPENAI_API_KEY": "sk-x"})


def test_timeout_names_the_deployment_and_the_timeout_that_fired(config):
    report = diagnose("litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=30.0, time taken=30.01 seconds. Received Model Group=gpt-4o")
    tied = tie_to_config(report, config)
    steps = "\n".join(tied.findings[0].steps)
    assert tied.findings[0].location.line == 2
    assert "30 s from `model_list[0].litellm_params.timeout`" in steps and "config.yaml:6" in steps
    assert "matches the timeout in the error" in steps
    assert "Retries: 3 from `router_settings.num_retries`" in steps
    assert tied.facts["config_deployments"].endswith("config.yaml:2")
    assert any(f.severity == "info" and f.location.line == 2 for f in tied.findings[1:])


def test_cooldown_shows_cooldown_and_fallbacks(config):
    report = diagnose("litellm.RateLimitError: No deployments available for selected model, Try again in 20 seconds. All deployments for selected model are in cooldown. Passed model=claude. pre-call-checks=False, cooldown_list=['abc']")
    tied = tie_to_config(report, config)
    steps = "\n".join(tied.findings[0].steps)
    assert "`router_settings.cooldown_time: 20` at" in steps and "config.yaml:13" in steps
    assert "single deployment" in steps
    # the unset os.environ/ key of that deployment is attached as a check finding
    assert any(f.rule_id == "LD-CFG-040" and f.location.line == 10 for f in tied.findings)


def test_unknown_group_says_so(config):
    tied = tie_to_config(diagnose("litellm.BadRequestError: You passed in model=gpt-5. There are no healthy deployments for this model"), config)
    assert any("no deployment of `gpt-5`" in s for s in tied.findings[0].steps)


def test_unknown_text_keeps_report_usable(config):
    tied = tie_to_config(diagnose("something unrelated happened"), config)
    assert tied.facts["config"].endswith("config.yaml")


def test_the_last_deployment_ends_where_the_next_section_starts(tmp_path):
    """Review (2026-12-06): the last entry of model_list ran to the end of the file, so the warnings on the
    router_settings / general_settings under it counted as the involved deployment's own lines: a 401 of `claude`
    listed an unset REDIS_HOST, and with examples/config.yaml a refused Ollama connection had `redis_host` as its
    first-screen fix. A line of the deployment itself is still related."""
    text = CONFIG.replace("  num_retries: 3\n", "  num_retries: 3\n  redis_host: os.environ/LD_TEST_UNSET_REDIS_HOST\n")
    text = text.replace("      api_key: os.environ/ANTHROPIC_KEY\n", "      api_key: os.environ/ANTHROPIC_KEY\n      api_base: os.environ/LD_TEST_UNSET_BASE_TIE\n")
    config = load_config(write(tmp_path, text), environ={"OPENAI_API_KEY": "sk-x"})
    report = diagnose("litellm.AuthenticationError: AnthropicException - invalid x-api-key. Received Model Group=claude")
    messages = [f.message for f in tie_to_config(report, config).findings]
    assert not any("redis_host" in m for m in messages), messages
    assert any("LD_TEST_UNSET_BASE_TIE" in m for m in messages), messages


def test_another_deployments_error_is_not_this_failures():
    """An error flagged inside another deployment's entry is about that deployment: an Anthropic DNS failure (no
    Anthropic deployment in the file) was given mistral-vllm's `api_base` route suffix as its first-screen fix, a
    404's cause on an unrelated entry. A failure that names no place may still be tied to any error of its kind."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "configs" / "broken" / "api-base-shapes.yaml"
    config = load_config(str(path), environ={})
    dns = diagnose("litellm.APIConnectionError: AnthropicException - [Errno -2] Name or service not known "
                   "(api_base https://api.anthropic.com)")
    assert not any("mistral-vllm" in f.message for f in tie_to_config(dns, config).findings[1:])
    vllm = diagnose("litellm.NotFoundError: Hosted_vllmException - 404 page not found. Received Model Group=mistral-vllm")
    assert any("mistral-vllm" in f.message for f in tie_to_config(vllm, config).findings[1:])
