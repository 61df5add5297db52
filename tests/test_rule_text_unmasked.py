"""The masker must leave the rule library's own words alone (every output is masked on its way out).

Forty-two rule texts printed broken: `Generate a secret: `**** create-secret``, `api_key=****"OPENAI_API_KEY"]`,
`x-litellm-api-key: **** $LITELLM_API_KEY`, `GOOGLE_APPLICATION_CREDENTIALS=****`, `input_cost_per_token: ****`.
References (`os.environ["X"]`, `process.env.X`, `oidc/...`, `$X` as a URL's password or `curl -u`'s), a stub that
shows a key's form (`sk-...`), a credentials file's path and a decimal are not secrets; the rest was reworded.
"""

from __future__ import annotations

import pytest

from litellm_doctor import masking
from litellm_doctor.diagnosis import rulebook
from litellm_doctor.diagnosis.estimate import CATEGORY_STEPS
from litellm_doctor.probe.verdict import PROBE_RULES


def _texts(rule) -> list[str]:
    out = []
    for attr in ("title", "why", "steps"):
        value = getattr(rule, attr, None)
        out += [value] if isinstance(value, str) else [v for v in (value or ()) if isinstance(v, str)]
    return out


def test_no_rule_text_is_changed_by_the_masker():
    changed = [(rule.id, text) for rule in rulebook.load_rules() for text in _texts(rule) if masking.mask(text) != text]
    assert changed == []


def test_no_estimate_or_probe_step_is_changed_by_the_masker():
    # (the estimate's auth step printed `GET /key/info?key=**** and check…`: the query shape took the closing backtick)
    texts = [t for steps in CATEGORY_STEPS.values() for t in steps]
    texts += [t for rule in PROBE_RULES.values() for t in (rule.title, *rule.steps)]
    assert [t for t in texts if masking.mask(t) != t] == []


@pytest.mark.parametrize("text", [
    'litellm.completion(..., api_key=os.environ["OPENAI_API_KEY"])',
    "Anthropic(api_key=os.getenv('ANTHROPIC_API_KEY'))",
    "createOpenAI({ apiKey: process.env.OPENAI_API_KEY })",
    "litellm_params: {api_key: oidc/google/https://example.com}",
    "DATABASE_URL=postgresql://DB_USER:$DB_PASSWORD@HOST:5432/DB",
    "curl -u $OAUTH_CLIENT_ID:$OAUTH_CLIENT_SECRET -d token=$TOKEN",
    "x-litellm-api-key: Bearer $LITELLM_API_KEY",
    'headers: {Authorization: "bearer os.environ/COHERE_API_KEY"}',
    "export HF_TOKEN=hf_...",
    'Anthropic(base_url="http://litellm:4000", api_key="sk-...")',
    "Authorization: Bearer sk-...",
    "GOOGLE_APPLICATION_CREDENTIALS=/path/to/service-account.json",
    '"GOOGLE_APPLICATION_CREDENTIALS": "/secrets/sa.json"',
    "model_info: {input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001}",
    '{"input_cost_per_token": 6e-07, "output_cost_per_token": 2.4e-06}',   # a price in Python's float notation
])
def test_a_reference_a_stub_a_path_or_a_price_is_not_masked(text):
    assert masking.mask(text) == text


@pytest.mark.parametrize("text, secret", [
    ("postgres://u:$ecret99x@db/litellm", "$ecret99x"),          # a password that starts with `$`, not a variable
    ("curl -u admin:$pw9secret -d x", "$pw9secret"),
    ("Authorization: Bearer sk-abc123def456ghi", "abc123def456ghi"),
    ("Authorization: Bearer sk-...abc123def456", "abc123def456"),  # a key cut in the middle still has its tail
    ('"api_key": "sk-abc..."', "sk-abc"),
    ("password: 123456.78", "123456.78"),
    ('"access_token": "2e5fa9c1b3d4e6f7a8"', "2e5fa9c1b3d4e6f7a8"),  # starts like a float, is a token
    ("token: 3e-07abcdef", "3e-07abcdef"),
    ("token=/etc/secret/tok", "/etc/secret/tok"),                 # a path, but not a credentials file's
    ('api_key="os.environ/"', None),                              # (nothing to find: kept as it was)
])
def test_secrets_that_look_like_those_are_still_masked(text, secret):
    out = masking.mask(text)
    if secret is None:
        assert out == text
    else:
        assert secret not in out
