"""Where the doctor reads secrets, and what it registers with the redaction layer (`masking.register`).

A value is a secret because of where it was read, not because of what it looks like: the config's
secret keys at any depth (and their misspellings: `api_kye`, `master_ky`, `secert`), the values
`os.environ/` references resolve to, env-file and environment entries with a secret name, the key
given to `--key-env`, and the secret fields of credentials JSON (Vertex `private_key`, …). Registered
values are then removed by exact value from everything printed.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from .masking import register

# Names (lower-case, separators removed) whose value is a secret. `key` alone is too common a word.
_SECRET_WORDS = (
    "apikey", "masterkey", "secretkey", "secretaccesskey", "accesskey", "privatekey", "privatekeyid", "clientsecret",
    "secret", "password", "passwd", "token", "accesstoken", "authtoken", "sessiontoken", "refreshtoken",
    "bearertoken", "credential", "credentials", "saltkey", "subscriptionkey", "accountkey", "authorization",
    "databaseurl", "redisurl", "dsn", "webhookurl", "connectionstring", "signingkey", "encryptionkey",
)
_URL_NAMES = ("databaseurl", "redisurl", "dsn", "webhookurl", "connectionstring")
# Names that end in a secret word but are not secrets.
_NOT_SECRET = ("maxtokens", "tokens", "tokenizer", "tokencounter", "passthrough", "keyid", "accesskeyid")
_SEPARATORS = re.compile(r"[^a-z0-9]")


def _close(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1 (one typo: a letter added, dropped, changed or swapped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def is_secret_name(name: object) -> bool:
    """True for `api_key`, `AZURE_API_KEY`, `vertex_credentials`, `SecretAccessKey`, `api_kye`, …"""
    if not isinstance(name, str) or len(name) > 128:
        return False
    return _is_secret_name(name)


# A config repeats the same few key names per deployment (500 deployments: ~3,000 lookups of ~10 names),
# and the typo test costs ~0.3 ms a name: each distinct name is judged once per process.
@lru_cache(maxsize=4096)
def _is_secret_name(name: str) -> bool:
    norm = _SEPARATORS.sub("", name.lower())
    if not norm or norm.endswith(_NOT_SECRET):
        return False
    for word in _SECRET_WORDS:
        if norm.endswith(word):
            return True
        # A misspelling of the word at the end of the name (words of 6+ letters only: `pwd` has no typo).
        if len(word) >= 6:
            for size in (len(word) - 1, len(word), len(word) + 1):
                if len(norm) >= size and _close(norm[-size:], word):
                    return True
    return False


def _register_text(value: str, name: str = "") -> None:
    text = value.strip()
    if _SEPARATORS.sub("", name.lower()).endswith(_URL_NAMES) or "://" in text:
        try:
            password = urlsplit(text).password
        except ValueError:
            password = None
        if password:
            register(password)
    if text.startswith("{") and text.endswith("}"):
        try:
            register_tree(json.loads(text), secret=False)
        except (ValueError, RecursionError):
            pass
    register(value)


def register_tree(value: Any, *, secret: bool = False, depth: int = 0) -> None:
    """Register every string under a secret-named key, at any depth, and credentials JSON inside it."""
    if depth > 64:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            register_tree(item, secret=is_secret_name(key) and not _is_credentials_container(key), depth=depth + 1)
            if _is_credentials_container(key):
                _register_credentials(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            register_tree(item, secret=secret, depth=depth + 1)
    elif isinstance(value, str) and secret:
        _register_text(value)


def _is_credentials_container(key: object) -> bool:
    return isinstance(key, str) and _credentials_name(key)


@lru_cache(maxsize=4096)
def _credentials_name(key: str) -> bool:
    return _SEPARATORS.sub("", key.lower()).endswith(("credentials", "credential", "serviceaccount", "serviceaccountjson"))


def _register_credentials(value: Any, depth: int) -> None:
    """Credentials JSON (inline or as a string): its secret fields, not the project id or the email."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except (ValueError, RecursionError):
                register(value)  # an unreadable blob under a credentials key: the whole of it
                return
        else:
            if not text.startswith("os.environ/") and "/" not in text and not text.endswith(".json"):
                register(value)
            return
    register_tree(value, depth=depth)


def register_environment(values: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Environment and env-file entries with a secret name (OPENAI_API_KEY, LITELLM_MASTER_KEY, …)."""
    items = values.items() if isinstance(values, Mapping) else values
    for name, value in items:
        if isinstance(value, str) and is_secret_name(name):
            _register_text(value, name)
