"""Where the doctor reads secrets, and what it registers with the redaction layer (`masking.register`).

A value is a secret because of where it was read, not because of what it looks like: the config's
secret keys at any depth (and their misspellings: `api_kye`, `master_ky`, `secert`), the values
`os.environ/` references resolve to, env-file and environment entries with a secret name, the key
given to `--key-env`, and the secret fields of credentials JSON (Vertex `private_key`, …). Registered
values are then removed by exact value from everything printed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .masking import register

# (no `typing`, `json` or `urllib.parse` at import: a pasted error registers the environment's secrets through this
# module, `register_process_environment`, and those imports cost it ~10 ms; json and urlsplit are imported where a
# value needs them)
TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

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


@lru_cache(maxsize=1)
def _typos() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[int, str]], tuple[int, ...], dict]:
    """Every one-typo form of the secret words of 6+ letters, as tables `_is_secret_name` looks names up in:
    the words, the words with a letter dropped or two neighbours swapped, the words with one position
    cut out (position, rest: a name cut at the same position matches after a changed letter), and the
    lengths a misspelled ending can have. The same answers as comparing the ending with every word
    (optimal string alignment distance <= 1), in a tenth of the time: a probe judges every environment
    variable's name before its first request."""
    words = [w for w in _SECRET_WORDS if len(w) >= 6]
    exact = frozenset(words)
    dropped_or_swapped = frozenset(
        {w[:i] + w[i + 1 :] for w in words for i in range(len(w))}
        | {w[:i] + w[i + 1] + w[i] + w[i + 2 :] for w in words for i in range(len(w) - 1)}
    )
    changed = frozenset((i, w[:i] + w[i + 1 :]) for w in words for i in range(len(w)))
    sizes = tuple(sorted({n for w in words for n in (len(w) - 1, len(w), len(w) + 1)}))
    # One typo in a word of 6+ letters keeps its first two letters or its last two (a letter added, dropped or changed
    # at position 0 or 1, or those two swapped, leaves the last two; anywhere else, the first two): an ending of
    # `size` letters that has neither of any word of that size +-1 is no typo of one (most names: an environment's
    # ~100 names are judged in ~1 ms, not ~10, on a pasted error's path).
    ends = {size: (frozenset(w[:2] for w in words if abs(len(w) - size) <= 1),
                   frozenset(w[-2:] for w in words if abs(len(w) - size) <= 1)) for size in sizes}
    return exact, dropped_or_swapped, changed, sizes, ends


def _misspelled_ending(norm: str) -> bool:
    """`norm` ends in a secret word of 6+ letters with one typo: a letter added, dropped, changed, or two swapped."""
    exact, dropped_or_swapped, changed, sizes, ends = _typos()
    for size in sizes:
        if len(norm) < size:
            break
        tail = norm[-size:]
        firsts, lasts = ends[size]
        if tail[:2] not in firsts and tail[-2:] not in lasts:
            continue
        if tail in dropped_or_swapped:
            return True
        for i in range(size):
            cut = tail[:i] + tail[i + 1 :]
            if cut in exact or (i, cut) in changed:  # a letter added / a letter changed
                return True
    return False


def is_secret_name(name: object) -> bool:
    """True for `api_key`, `AZURE_API_KEY`, `vertex_credentials`, `SecretAccessKey`, `api_kye`, …"""
    if not isinstance(name, str) or len(name) > 128:
        return False
    return _is_secret_name(name)


# A config repeats the same few key names per deployment (500 deployments: ~3,000 lookups of ~10 names):
# each distinct name is judged once per process.
@lru_cache(maxsize=4096)
def _is_secret_name(name: str) -> bool:
    norm = _SEPARATORS.sub("", name.lower())
    if not norm or norm.endswith(_NOT_SECRET):
        return False
    # A secret word at the end of the name, or a misspelling of one (words of 6+ letters only: `pwd`
    # has no typo).
    return norm.endswith(_SECRET_WORDS) or _misspelled_ending(norm)


def _register_text(value: str, name: str = "") -> None:
    text = value.strip()
    if "@" in text and (_SEPARATORS.sub("", name.lower()).endswith(_URL_NAMES) or "://" in text):  # (userinfo's `@`)
        from urllib.parse import urlsplit

        try:
            password = urlsplit(text).password
        except ValueError:
            password = None
        if password:
            register(password)
    if text.startswith("{") and text.endswith("}"):
        import json

        try:
            register_tree(json.loads(text), secret=False)
        except (ValueError, RecursionError):
            pass
    register(value)


def register_tree(value: Any, *, secret: bool = False, depth: int = 0, headers: bool = False) -> None:
    """Register every string under a secret-named key, at any depth, and credentials JSON inside it.
    `headers`: `value` is a mapping of HTTP headers, whose credential headers are secret too."""
    if depth > 64:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            named = is_secret_name(key) or (headers and _is_credential_header(key))
            register_tree(item, secret=named and not _is_credentials_container(key), depth=depth + 1,
                          headers=_is_header_container(key))
            if _is_credentials_container(key):
                _register_credentials(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            register_tree(item, secret=secret, depth=depth + 1)
    elif isinstance(value, str) and secret:
        _register_text(value)


# Mappings of HTTP headers: a deployment's `extra_headers` / `headers`, a pass-through endpoint's `headers`.
# A header named `…auth` or `…key` carries a credential (`X-Custom-Auth`, Azure Functions' `x-functions-key`)
# though its name holds no secret word; the others (`anthropic-version`, `HTTP-Referer`) are not secrets, and
# registering them would mask a date or a URL everywhere.
_HEADER_CONTAINERS = frozenset({"headers", "extraheaders", "defaultheaders"})


def _is_header_container(key: object) -> bool:
    return isinstance(key, str) and _SEPARATORS.sub("", key.lower()) in _HEADER_CONTAINERS


def _is_credential_header(name: object) -> bool:
    return isinstance(name, str) and len(name) <= 128 and _SEPARATORS.sub("", name.lower()).endswith(("auth", "key"))


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
            import json

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
        if isinstance(value, str) and is_secret_name(name) and not _credentials_file(name, value):
            _register_text(value, name)


def _credentials_file(name: str, value: str) -> bool:
    """GOOGLE_APPLICATION_CREDENTIALS=/home/me/sa.json names the credentials' file, which is no secret (as a config's
    `vertex_credentials: path.json` is not, `_register_credentials`): masked, it hid the path an error names."""
    text = value.strip()
    return _credentials_name(name) and not text.startswith("{") and ("/" in text or "\\" in text or text.endswith(".json"))


def register_process_environment() -> None:
    """This process's environment entries with a secret name, whatever command runs: a pasted error or a log holds
    the same OPENAI_API_KEY / AZURE_API_KEY / LITELLM_MASTER_KEY the shell exported (`AZURE_API_KEY=shortkey1` in a
    paste, a key with no shape the masks know), and without a config nothing else read them. Short and word-like
    values are not registered (masking.MIN_KNOWN_LENGTH, `_a_word`): `true`, `1`, `abc`, `postgres` stay printed."""
    register_environment(os.environ)
