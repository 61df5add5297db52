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


def test_an_authorization_scheme_alone_is_not_a_credential():
    """A wrap can leave `Authorization: Bearer` at a line's end, its token on the next line (masked there by its
    own shape); the scheme's name is not the secret. A token after it still is, whatever it looks like."""
    for text in ("Authorization: Bearer", 'curl -H "Authorization: Bearer', "authorization=Token",
                 "send `Authorization: Basic`"):
        assert mask(text) == text
    assert mask("Authorization: Bearer abcdefghijkl") == "Authorization: Bearer ****"
    assert mask("Authorization: BearerXYZ123456") == "Authorization: ****"
    assert mask("Authorization: Bearer\n  sk-abcdef1234567890") == "Authorization: Bearer\n  sk-****7890"


def _shapes_ungated(text: str) -> str:
    """Every shape run on every text: what `_mask_shapes` must equal (its gates only skip no-ops)."""
    from litellm_doctor import masking

    for pattern, repl, *_ in masking._PATTERNS:
        text = pattern.sub(repl, text)
    return text


def test_the_long_run_gate_never_changes_a_result():
    import json
    from pathlib import Path

    from litellm_doctor import masking

    corpus = Path(__file__).parent / "corpus"
    texts = [json.loads(line)["text"] for name in ("real_errors_train.jsonl", "real_errors_train2.jsonl")
             for line in (corpus / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += texts_with_secrets()
    texts += [
        "x" * 31 + " A1b2" * 7,  # runs of 31 and of 4: no shape can match
        "AKIAABCDEFGHIJKLMNOP/" + "aB3" * 14,  # a 42-character run right after another shape
        "%3D" + "0123456789abcdef" * 2 + "\\n" + "Zz9" * 11,  # runs after an escape
    ]
    gated = 0
    for text in texts:
        assert masking._mask_shapes(text) == _shapes_ungated(text), text[:120]
        gated += masking._LONG_RUN.search(text) is None
    assert gated > len(texts) // 4  # the gate is exercised, not only the long path
