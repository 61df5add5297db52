"""Secret masking: the one function every output path goes through.

The input is masked as soon as it is read (so facts and evidence never hold a secret) and every
formatter's output is masked again on its way out, so a secret can only leak if both passes miss it.
Masked values keep a recognisable prefix and, for long keys, the last four characters, which is how
LiteLLM itself shows keys (`sk-...4f48`) and is enough to tell two keys apart.
"""

from __future__ import annotations

import re

MASK = "****"


def _keep_tail(prefix: str, secret: str) -> str:
    tail = secret[-4:] if len(secret) >= 16 else ""
    return f"{prefix}{MASK}{tail}"


def _prefixed(m: re.Match[str]) -> str:
    return _keep_tail(m.group("prefix"), m.group("secret"))


def _value(m: re.Match[str]) -> str:
    return f"{m.group('head')}{MASK}"


# Order matters: specific shapes first, so `sk-ant-…` keeps its `sk-ant-` prefix.
_PATTERNS: tuple[tuple[re.Pattern[str], object], ...] = (
    # OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-api03-), LiteLLM master/virtual keys (sk-).
    (
        re.compile(r"(?P<prefix>\bsk-(?:ant-(?:api\d\d-|admin\d\d-)?|proj-|svcacct-|or-v1-)?)(?P<secret>[A-Za-z0-9_\-]{4,})(?![A-Za-z0-9_\-*])"),
        _prefixed,
    ),
    # Google API keys.
    (re.compile(r"(?P<prefix>\bAIza)(?P<secret>[0-9A-Za-z_\-]{30,})(?![0-9A-Za-z_\-*])"), _prefixed),
    # Groq, xAI, OpenRouter, Hugging Face, GitHub tokens.
    (re.compile(r"(?P<prefix>\b(?:gsk_|xai-|hf_|ghp_|gho_|github_pat_))(?P<secret>[A-Za-z0-9_]{16,})(?![A-Za-z0-9_*])"), _prefixed),
    # AWS access key ids.
    (re.compile(r"(?P<prefix>\b(?:AKIA|ASIA))(?P<secret>[A-Z0-9]{16})\b"), _prefixed),
    # JSON Web Tokens (three base64url parts).
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*"), MASK),
    # Bearer / Basic credentials in headers, whatever the token looks like.
    (re.compile(r"(?P<head>\b(?:[Bb]earer|BEARER|[Bb]asic)\s+)(?!\*{4})[A-Za-z0-9._~+/=\-]{6,}"), _value),
    # Passwords in URLs: scheme://user:password@host
    (re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@'\"]*:)(?!\*{4}@)[^\s@/'\"]+(?=@)"), _value),
    # key = value / "key": "value" for secret-looking names; os.environ/ and $SHELL references are not
    # secrets, and a backslash ends the value so escaped JSON stays valid.
    (
        re.compile(
            r"(?P<head>(?i:\b(?:[a-z0-9]+[_\-])*(?:api[_\-]?key|master[_\-]?key|secret(?:[_\-]access)?[_\-]?key|"
            r"client[_\-]secret|password|passwd|access[_\-]token|auth[_\-]token|session[_\-]token|subscription[_\-]key|"
            r"salt[_\-]key|x-api-key|api-key|secret))[\"']?[ \t]*[:=][ \t]*[\"']?)"
            r"(?!os\.environ/)(?!\*{4})(?!\$)(?!None\b|null\b|true\b|false\b)[^\s\"'\\,}\]]{6,}"
        ),
        _value,
    ),
    # AWS secret access keys (40 chars of base64 with mixed case) wherever they stand.
    (re.compile(r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"), MASK),
    # Azure OpenAI keys: exactly 32 hex characters (longer hashes such as sha256 key hashes are kept).
    (re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{32}(?![0-9A-Za-z])"), MASK),
)


def mask(text: str) -> str:
    """Return `text` with every credential-shaped substring replaced."""
    if not text:
        return text
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)  # type: ignore[arg-type]
    return text
