from __future__ import annotations

import pytest

from litellm_doctor.masking import mask
from secrets_planted import PLANTED, texts_with_secrets


@pytest.mark.parametrize("text", texts_with_secrets())
def test_every_planted_secret_is_masked(text):
    masked = mask(text)
    for secret in PLANTED.values():
        assert secret not in masked


def test_mask_keeps_what_is_needed_to_diagnose():
    text = "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000"
    assert mask(text) == text
    # sha256 key hashes and deployment ids stay (they are not secrets and users grep logs for them)
    sha = "3dfdf3fc7bce8b4337b0c174251a6cff311d9f85b7afb2d3214bdbdfecd3b907"
    assert sha in mask(f"cooldown_list=['{sha}']")
    assert "os.environ/OPENAI_API_KEY" in mask("api_key: os.environ/OPENAI_API_KEY")
    assert "max_tokens: 500" in mask("max_tokens: 500")


def test_masked_keys_keep_prefix_and_last_four():
    out = mask(f"key {PLANTED['openai']}")
    assert "sk-****GHIJ" in out
    assert mask("sk-1234") == "sk-****"
    assert mask("postgresql://user:pass1234@host/db") == "postgresql://user:****@host/db"


def test_mask_is_idempotent():
    for text in texts_with_secrets():
        once = mask(text)
        assert mask(once) == once


def test_key_value_masking_stays_on_its_line():
    text = "see https://docs.litellm.ai/docs/secret\n::warning file=config.yaml,line=3::plain text here"
    assert mask(text) == text
