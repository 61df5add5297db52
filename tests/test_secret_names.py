"""`is_secret_name`'s typo tables answer exactly as comparing a name's ending with every secret word."""

from __future__ import annotations

import json
import os
import random
import string
from pathlib import Path

from litellm_doctor import secret_sources
from litellm_doctor.secret_sources import _NOT_SECRET, _SECRET_WORDS, _SEPARATORS, _is_secret_name


def _close(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1: the definition the tables implement."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _by_definition(name: str) -> bool:
    norm = _SEPARATORS.sub("", name.lower())
    if not norm or norm.endswith(_NOT_SECRET):
        return False
    for word in _SECRET_WORDS:
        if norm.endswith(word):
            return True
        if len(word) >= 6:
            for size in (len(word) - 1, len(word), len(word) + 1):
                if len(norm) >= size and _close(norm[-size:], word):
                    return True
    return False


def _one_typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    letter = rng.choice(string.ascii_lowercase)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + letter + word[i:]
    if kind == 2:
        return word[:i] + letter + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _names() -> list[str]:
    rng = random.Random(7)
    names = list(os.environ) + list(_SECRET_WORDS) + list(_NOT_SECRET)
    for word in _SECRET_WORDS:
        for _ in range(60):
            typo = _one_typo(word, rng)
            names += [typo, f"AZURE_{typo.upper()}", f"x{typo}", f"my_{typo}_v2", _one_typo(typo, rng)]
    corpus = Path(__file__).parent / "corpus"
    for name in ("real_errors_train.jsonl", "real_errors_train2.jsonl"):
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                names += [w for w in json.loads(line)["text"].replace('"', " ").replace(":", " ").split() if len(w) < 60]
    names += ["".join(rng.choice("aeiknoprstwy_") for _ in range(rng.randrange(1, 20))) for _ in range(3000)]
    return names


def test_the_typo_tables_answer_as_the_definition():
    names = _names()
    assert len(names) > 10_000
    secret = 0
    for name in names:
        expected = _by_definition(name)
        assert _is_secret_name.__wrapped__(name) is expected, name
        secret += expected
    assert 1_000 < secret < len(names) - 1_000  # both answers are exercised


def test_misspellings_are_secret_names():
    for name in ("api_kye", "master_ky", "secert", "passowrd", "clinet_secret", "acess_token", "AZURE_API_KYE"):
        assert secret_sources.is_secret_name(name), name
    for name in ("max_tokens", "model_name", "api_base", "timeout", "tokenizer", "access_key_id"):
        assert not secret_sources.is_secret_name(name), name


def test_credential_headers_of_a_config_are_registered(tmp_path):
    """A header a deployment or a pass-through endpoint sends is a credential when its name ends in `auth` or
    `key` (`X-Custom-Auth`, Azure Functions' `x-functions-key`), whatever the value looks like; other headers
    (`anthropic-version`, `HTTP-Referer`) are not secrets and stay readable."""
    from litellm_doctor.config import load_config
    from litellm_doctor.masking import mask

    path = tmp_path / "config.yaml"
    path.write_text(
        "model_list:\n  - model_name: a\n    litellm_params:\n      model: openai/x\n      extra_headers:\n"
        "        X-Custom-Auth: headersecretvalue1\n        anthropic-version: 2023-06-01\n"
        "        HTTP-Referer: https://myapp.example\n"
        "general_settings:\n  pass_through_endpoints:\n    - path: /fn\n      target: https://fn.example\n"
        "      headers:\n        x-functions-key: functionskeyvalue2\n",
        encoding="utf-8",
    )
    load_config(path, environ={}, use_dotenv=False)
    shown = mask("sent headersecretvalue1 and functionskeyvalue2 with 2023-06-01 from https://myapp.example")
    assert "headersecretvalue1" not in shown and "functionskeyvalue2" not in shown
    assert "2023-06-01" in shown and "https://myapp.example" in shown
