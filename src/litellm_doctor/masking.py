"""Secret masking: the one redaction layer every output path goes through.

Two mechanisms, applied in this order by `mask`:

1. Known secrets, removed by exact value. Every value the doctor reads from a secret-bearing place
   (a config key whose name is, or is close to, a secret name, at any depth; an `os.environ/` value or
   an env-file entry with a secret name; the key given to `--key-env`; credentials JSON) is
   `register`ed (see `secret_sources`), and replaced wherever it appears, whatever it looks like: a
   master key made by `openssl rand -hex 32` has no shape a pattern could know.
2. Shapes, for secrets the doctor has never seen: provider key prefixes, JWTs, PEM bodies, AWS and
   Azure keys, and credential notations (`key=value`, JSON, escaped JSON, YAML block scalars, URL
   userinfo, query strings, Authorization headers, `curl -u`).

Every pattern runs in linear time: a match can only start where a run of its characters starts
(a look-behind), and quantifiers are possessive or bounded, so no input makes the engine retry a
long run from each of its positions (1 MiB of `a-a-a-…` is masked in milliseconds, not minutes).

The CLI masks the report's data before a formatter lays it out (so wrapping or cutting can never
split a secret away from its mask) and masks the rendered text once more on its way out.
Masked values keep a recognisable prefix and, for long keys, the last four characters, which is how
LiteLLM itself shows keys (`sk-...4f48`) and is enough to tell two keys apart.
"""

from __future__ import annotations

import re

from .regexcache import rx

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import Any

MASK = "****"
# Known values shorter than this are not registered: "admin" or "1234" would mask ordinary words.
MIN_KNOWN_LENGTH = 8


def _a_word(candidate: str) -> bool:
    """A value of lower-case letters only (`postgres`, `changeme`, `password`): a docker-compose default, not a key.
    By value it would mask ordinary words everywhere (`postgres` in `postgresql://`, and then LD-DEPLOY-033 could not
    read a database error: tests/config/real/'s user = password URLs); where it stands (a URL's password, `password:
    ...`) its shape masks it."""
    return candidate.isalpha() and candidate.islower()


def _no_alphanumeric(candidate: str) -> bool:
    """A value without a letter or a digit (`        `, `********`, `--------`): a placeholder, not a key. By value it
    replaced every run of those characters: a report's indentation, so `--format json` and `sarif` were no JSON."""
    for c in candidate:
        if c.isalnum():
            return False
    return True

# At most this many values are registered (an env file with thousands of secret-named entries is not
# a real proxy's); each costs one substring test per masked text.
MAX_KNOWN = 4096

# A value of these characters only is written the same way percent-encoded or JSON-escaped.
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.~\-]*")

# What a JSON encoder writes as an escape: a quote, a backslash, a control character.
_JSON_ESCAPED = frozenset('"\\' + "".join(map(chr, range(32))) + "\x7f")

_known: set[str] = set()
_known_order: list[str] | None = None  # _known, longest first (built on first use)


def register(value: object) -> None:
    """Remember a secret value: from now on it is removed, by exact value, from everything printed."""
    global _known_order
    if not isinstance(value, str):
        return
    candidates = {value, value.strip()}
    if "\n" in value:
        # A PEM key or a multi-line token: each line is a secret on its own (output may wrap or cut).
        candidates.update(line.strip() for line in value.splitlines())
        candidates.add(value.replace("\n", "\\n"))  # as it appears inside JSON
    if not _PLAIN_VALUE.fullmatch(value):
        # The same value as a log or an error can write it: percent-encoded in a URL or a form body
        # (`Zq%2B8%2Fab%3D%3D`, `+` for a space or not; `/` kept, as `urllib.parse.quote` and `requests` keep it),
        # encoded twice (a query string that carries a URL: `%252B`), and with `/` escaped as some JSON encoders
        # write it (`\/`).
        from urllib.parse import quote, quote_plus

        # (a byte of an environment value that is not UTF-8 reaches Python as a lone surrogate: percent-encoded as
        # that byte, not a UnicodeEncodeError that ended every command started with it exported)
        for candidate in list(candidates):
            once = quote(candidate, safe="", errors="surrogateescape")
            candidates.update((once, quote(once, safe=""), quote(candidate, errors="surrogateescape"),
                               quote_plus(candidate, safe="", errors="surrogateescape"), candidate.replace("/", "\\/")))
    if not value.isascii() or any(c in value for c in _JSON_ESCAPED):
        # As a JSON body writes it (`"` as `\"`, `\` as `\\`, a tab as `\t`, `é` as `\u00e9` or as itself), that body
        # quoted again inside another JSON string (a log line's `"message"`), and as Python's repr() writes it: a
        # key holding a quote, a backslash or a control character was printed whole from any JSON it appeared in.
        import json

        for candidate in list(candidates):
            for once in {json.dumps(candidate)[1:-1], json.dumps(candidate, ensure_ascii=False)[1:-1]}:
                candidates.update((once, json.dumps(once)[1:-1]))
            candidates.add(repr(candidate)[1:-1])
    added = False
    for candidate in candidates:
        if len(_known) >= MAX_KNOWN:
            break
        if (len(candidate) >= MIN_KNOWN_LENGTH and not candidate.startswith("os.environ/") and candidate not in _known
                and not _a_word(candidate) and not _no_alphanumeric(candidate)):
            if candidate.startswith("-----") and candidate.endswith("-----"):
                continue  # a PEM header line is not secret (the shape pattern masks the body)
            _known.add(candidate)
            added = True
    if added:
        _known_order = None


def forget_all() -> None:
    """Tests only: drop every registered value."""
    global _known_order
    _known.clear()
    _known_order = None


def known_count() -> int:
    return len(_known)


def _known_sorted() -> list[str]:
    global _known_order
    if _known_order is None:
        # Longest first, so a secret that contains another is replaced whole.
        _known_order = sorted(_known, key=len, reverse=True)
    return _known_order


def _mask_known(text: str) -> str:
    """Replace every registered value. One C-speed substring test per value (a regex alternation
    of thousands of literals is tried branch by branch at every position: seconds per MiB)."""
    for value in _known_sorted():
        if value in text:
            text = text.replace(value, _known_replacement(value))
    if "%" in text or "\\" in text or "&#" in text:
        text = _mask_known_encoded(text)
    return text


# One escaped character as a URL, a C / Python string, a JSON encoder or an HTML / XML writer writes it: `%2B`
# (`%252B` encoded twice, any case), `\x2b`, `\u002B`, `\/`, `&#43;`, `&#x2B;`, and a JSON or Python string's own
# escapes (`\"`, `\\`, `\'`, `\t`, `\n`…: a secret holding a quote or a backslash, written in a JSON body). A `\\` is
# read as one backslash first, so `\\x3d` is a backslash then `x3d`.
# A numeric HTML / XML entity of a printable ASCII character (`&#43;`, `&#x2B;`), without its `&` and `;`.
_NUMERIC_ENTITY = r"#(?:0{0,4}+(?:3[2-9]|[4-9][0-9]|1[01][0-9]|12[0-6])|[xX]0{0,4}+(?:[2-6][0-9A-Fa-f]|7[0-9A-Ea-e]))"
_ESCAPED_CHAR = (r"%(?:25)*+[0-9A-Fa-f]{2}|\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|[/\"'\\bfnrt])|&" + _NUMERIC_ENTITY + ";")
_SHORT_ESCAPES = {"/": "/", '"': '"', "'": "'", "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescaped(m: re.Match[str]) -> str:
    escape = m.group()
    if escape[0] == "&":
        return _html_char(m)
    if escape[0] == "\\" and len(escape) == 2:
        return _SHORT_ESCAPES[escape[1]]
    return chr(int(escape[-2:] if escape[0] == "%" else escape[2:], 16))


def _mask_known_encoded(text: str) -> str:
    """A known secret written with some of its characters escaped, as no encoder writes it whole (`Zq%2B8/ab==`, a
    lower-case `%2b`, `\\x2b`, `\\u002B` beside `\\/`): found in the text as a reader decodes it; its own span is masked,
    the rest keeps its encoding (the values `register` adds cover each encoder's own way, this the mixtures)."""
    escapes = rx(_ESCAPED_CHAR)
    decoded = escapes.sub(_unescaped, text)
    if decoded == text:
        return text
    found = [value for value in _known_sorted() if value in decoded]
    if not found:
        return text
    # where each character of `decoded` starts in `text` (and, last, the text's end)
    origin: list[int] = []
    pos = 0
    for m in escapes.finditer(text):
        origin.extend(range(pos, m.start()))
        origin.append(m.start())
        pos = m.end()
    origin.extend(range(pos, len(text) + 1))
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(decoded)
    for value in found:  # longest first: a secret holding another is masked whole
        start = decoded.find(value)
        while start >= 0:
            end = start + len(value)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(value)
                spans.append((origin[start], origin[end], _known_replacement(value)))
            start = decoded.find(value, end)
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


class _Lazy:
    """A regex compiled the first time it is used: most texts never need most patterns, and
    compiling them all would cost the paste-an-error path milliseconds it does not have."""

    __slots__ = ("source", "_rx")

    def __init__(self, source: str) -> None:
        self.source = source
        self._rx: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._rx is None:
            self._rx = rx(self.source)
        return self._rx

    def sub(self, repl: Any, text: str) -> str:
        return self.compiled().sub(repl, text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled().fullmatch(text)


class _Scan(_Lazy):
    """A shape whose replacement may decline a match (returns None): the search then resumes right after the match's
    `head` group, so a key the declined match's body took in (the next line's) is still tried on its own."""

    __slots__ = ()

    def sub(self, repl: Any, text: str) -> str:
        pattern, out, pos, done = self.compiled(), [], 0, 0
        while True:
            m = pattern.search(text, pos)
            if m is None:
                break
            replaced = repl(m)
            if replaced is None:
                pos = max(m.end("head"), m.start() + 1)
                continue
            out.append(text[done:m.start()])
            out.append(replaced)
            done = pos = m.end() if m.end() > m.start() else m.end() + 1
        if not out:
            return text
        out.append(text[done:])
        return "".join(out)


def _keep_tail(prefix: str, secret: str) -> str:
    tail = secret[-4:] if len(secret) >= 16 else ""
    return f"{prefix}{MASK}{tail}"


_SHAPED_WHOLE = _Lazy(r"[A-Za-z0-9_.\-]{0,16}\*{4}[A-Za-z0-9_\-]{0,4}")


def _known_replacement(value: str) -> str:
    """A known secret keeps its provider prefix when it has one (`sk-proj-****CdEf`), else `****`."""
    shaped = _mask_shapes(value)
    if _SHAPED_WHOLE.fullmatch(shaped):
        return shaped
    return _keep_tail("", value) if len(value) >= 24 else MASK


def _prefixed(m: re.Match[str]) -> str:
    return _keep_tail(m.group("prefix"), m.group("secret"))


def _value(m: re.Match[str]) -> str:
    return f"{m.group('head')}{MASK}"


def _tokenish(token: str) -> bool:
    """A URL's user that is a credential: letters and digits mixed (`x-access-token` or `first.last` is a name)."""
    return any(c.isdigit() for c in token) and sum(c.isalpha() for c in token) >= 4 and "." not in token


def _mixed_token(m: re.Match[str]) -> str:
    """A long token of letters and digits is a key only when it mixes upper, lower and digits."""
    token = m.group(0)
    if any(c.isupper() for c in token) and any(c.islower() for c in token) and any(c.isdigit() for c in token):
        return MASK
    return token


def _yaml_block(m: re.Match[str]) -> str:
    if not _SECRET_NAME.search(m.group("name")):
        return m.group(0)
    body = re.sub(r"(?m)^([ \t]+)\S[^\n]*", lambda b: f"{b.group(1)}{MASK}", m.group("body"))
    return m.group("head") + body


# Where a token may start: not inside a run of token characters (what keeps every pattern linear),
# or right after a percent-escape (`key%3Dgsk_…`) or a backslash escape (`…\ngsk_…` in escaped JSON).
_AFTER_ESCAPE = r"(?<=%[0-9A-Fa-f]{2})|(?<=\\[nrt])"
_T = rf"(?:(?<![A-Za-z0-9_\-])|{_AFTER_ESCAPE})"

# Secret-bearing key names, including the common misspellings (`api_kye`, `secert`, `passowrd`).
_KEY = r"(?:k(?:ey|ye|e|y))"
_SECRET_WORD = r"(?:secret|secert|sercet|scret|secrt)"
_NAMES = (
    rf"(?:ap?i[_\-]?{_KEY}s?|master[_\-]?{_KEY}|{_SECRET_WORD}[_\-]?access[_\-]?{_KEY}|access[_\-]?{_KEY}[_\-]?id(?!\w)"
    rf"|access[_\-]?{_KEY}|private[_\-]?{_KEY}|account[_\-]?{_KEY}|subscription[_\-]?{_KEY}|salt[_\-]?{_KEY}|client[_\-]?{_SECRET_WORD}"
    rf"|{_SECRET_WORD}(?:[_\-]?{_KEY})?|pass(?:word|wd|owrd|wrod|word)|pasword|pwd|(?:access|auth|session|refresh|id|bearer)[_\-]?(?:token|toekn|tokn)"
    rf"|token|x-api-key|api-key|credentials?"
    # (a custom auth header's value, `extra_headers: {X-Custom-Auth: …}`, `X-Auth-Key`, Azure Functions' key, signing keys)
    # (not `auth` alone: `auth=Bearer%20…&x=1` is a query's, masked by its own shapes, and `auth: jwt` is a mode)
    rf"|(?<=[_.\-])auth|auth[_\-]?(?:{_KEY}|header)|(?:signing|encryption|functions?|hmac)[_\-]?{_KEY})"
)

_SECRET_NAME = _Lazy(rf"(?i)(?:^|[_.\-]|(?<=[a-z])){_NAMES}$")
# Every name `_NAMES` matches holds one of these, whatever its case (tests/test_masking.py spells out the names and
# checks). A shape whose replacement is the text itself unless its name is a secret's (`_secret_pair`, `_flag_value`)
# is not run on a text that holds none of them, lowered: most lines of a report (`"first_seen": "00:00:05"`).
_NAME_WORDS = ("ik", "i_k", "i-k", "master", "secret", "secert", "sercet", "scret", "secrt", "access", "private",
               "account", "subscription", "salt", "pass", "pasword", "pwd", "tok", "toekn", "credential", "auth", "signing",
               "encryption", "function", "hmac")


def _secret_pair(m: re.Match[str], depth: int = 0) -> str:
    following = m.group("next") or ""
    if _SECRET_NAME.search(m.group("name")) and _quoted_whole(m):
        return f"{m.group('head')}{MASK}{_pairs_in(following, depth)}"
    # A pair's value is a run of characters the name's characters and `=` / `%3D` belong to: `data=api_key=…`,
    # `"detail": "password=…"` or `body=password%3D…` is one match under a name that is no secret's, and the
    # secret pair inside it is never tried on its own; nor is the one its value is the head of (`client =
    # OpenAI(api_key=` then `"…"`). Its value and what follows it are masked as a text of their own, a few levels deep.
    return m.group("head") + _pairs_in(m.group(0)[m.end("head") - m.start():], depth)


def _quoted_whole(m: re.Match[str]) -> bool:
    """False for a name closed by a backtick whose code span holds more than a name: the tail of a config line
    quoted in prose, not a quoted name (`` `litellm_params.api_key: os.environ/ANTHROPIC_API_KEY`: ANTHROPIC_API_KEY
    is not set `` names a variable; `` `api_key`: `…` `` and `` `creds.api_key`: … `` are pairs)."""
    end, start, text = m.end("name"), m.start("name"), m.string
    if text[end:end + 1] != "`" and text[end:end + 2] != "\\`":
        return True
    opened = text.rfind("`", max(0, start - 200), start)
    return opened >= 0 and not any(c.isspace() for c in text[opened + 1:start])


def _json_string(m: re.Match[str], depth: int = 0) -> str:
    """A secret's quoted value masked whole; another name's value read for the pairs inside it (`"message": "bad
    request: {\"api_key\": \"…\"}"` is one match under `message`, and the pair inside it is never tried on its own)."""
    if _json_secret(m):
        return m.group("head") + MASK
    value = m.group("value")
    if depth < 4 and _has_name_word(value):
        value = _JSON_STRING.compiled().sub(lambda inner: _json_string(inner, depth + 1), value)
    return m.group("head") + value


# Values that name where a secret is, not the secret: a LiteLLM `os.environ/X` or `oidc/...` reference, a shell
# `$X`, Python's `os.environ["X"]` / `os.getenv("X")`, Node's `process.env.X`. (The rule library's own steps write
# them; masked, `api_key=os.environ["OPENAI_API_KEY"]` printed as `api_key=****"OPENAI_API_KEY"]`.)
_REFERENCES = ("os.environ/", "os.environ[", "os.environ.", "os.getenv(", "process.env.", "oidc/", "$")
_NOT_A_REFERENCE = "(?!" + "|".join(map(re.escape, _REFERENCES)) + ")"
# A stub that shows a key's form and no key (`sk-...`, `hf_...`, `oidc/...`), a credentials file's path
# (`/path/to/key.json`: the file is the secret, its name is not), a decimal (`input_cost_per_token: 0.0000025`,
# `2.4e-06`): not masked as a JSON string's value (_PLACEHOLDER) nor as a pair's (the same sources, in _PAIR's
# lookaheads); a stub not as a bearer token either.
_STUB = r"(?:[a-z]++[-_/])++\.\.\."
_PLACEHOLDER_SOURCE = _STUB + r"|(?:~|\.{1,2}+)?/(?:[\w.\-]++/)*+[\w.\-]+?\.(?:json|pem|crt|key|p12)|(?:0|[1-9][0-9]{0,2}+)(?:\.[0-9]{1,12}+(?:[eE][-+]?[0-9]{1,3}+)?|[eE][-+]?[0-9]{1,3}+)"
_PLACEHOLDER = _Lazy(_PLACEHOLDER_SOURCE)


def _json_secret(m: re.Match[str]) -> bool:
    """The quoted value of a secret's name (the JSON string shape) that the pair shape would mask (`_secret_value`;
    a value with an escape in it counts however short: its escape is part of what it hides)."""
    return bool(_SECRET_NAME.search(m.group("name"))) and _secret_value(m.group("value"), escaped=True)


def _pairs_in(text: str, depth: int) -> str:
    if depth < 4 and ("=" in text or "%3" in text or ":" in text) and _has_name_word(text):
        return _PAIR.compiled().sub(lambda inner: _secret_pair(inner, depth + 1), text)
    return text


def _has_name_word(text: str) -> bool:
    lowered = text.lower()
    for word in _NAME_WORDS:
        if word in lowered:
            return True
    return False


def _own_shape_or_mask(value: str) -> str:
    """A value known to be a secret: masked by its own shape when it has one (`sk-****7890` tells keys apart), else whole."""
    shaped = _shaped(value, _PATTERNS[_LINE_SHAPES_FROM:])
    return shaped if _SHAPED_WHOLE.fullmatch(shaped) else MASK


# An element of a one-line list: a quoted string (a quote inside it escaped, or of the other kind), the same escaped
# inside a JSON string (`\"…\"`), or a YAML flow scalar (words up to a comma).
_LIST_ITEM = _Lazy(
    r"(?P<q>[\"'])(?P<quoted>(?:[^\"'\\\n]|\\[^\n]|(?!(?P=q))[\"'])*+)(?P=q)"
    r"|(?P<eq>\\{1,15}+[\"'])(?P<equoted>(?:[^\"'\\\n]|\\(?!\\*+[\"']))*+)(?P=eq)"
    r"|(?P<bare>[^\s,\"'\\]++(?:[ \t]++[^\s,\"'\\]++)*+)"
)
_LIST_GAP = _Lazy(r"[\s,]*+")


def _list_items(items: str) -> str:
    """The elements of a secret's list, each masked unless it names where a secret is or shows a key's form. A list
    that does not read as elements and commas is masked whole (no part of an element it misread is printed)."""
    out, pos = [], 0
    for m in _LIST_ITEM.compiled().finditer(items):
        if not _LIST_GAP.fullmatch(items[pos:m.start()]):
            return MASK
        out.append(items[pos:m.start()])
        pos = m.end()
        quote = m.group("q") or m.group("eq") or ""
        value = m.group("quoted") if m.group("q") else m.group("equoted") if m.group("eq") else m.group("bare")
        out.append(quote + _own_shape_or_mask(value) + quote if _secret_value(value) else m.group(0))
    if not _LIST_GAP.fullmatch(items[pos:]):
        return MASK
    out.append(items[pos:])
    return "".join(out)


def _secret_value(value: str, escaped: bool = False) -> bool:
    """A value under a secret's name that is one: not a reference (`os.environ/X`, `$X`), a stub (`sk-...`), a path,
    a number, null or a boolean, nor already masked; six characters or more, or with a space (or, `escaped`, with a
    backslash)."""
    if not value or MASK in value or value.startswith(_REFERENCES):
        return False
    if value in ("None", "null", "Null", "NULL", "true", "false", "~") or _PLACEHOLDER.compiled().fullmatch(value):
        return False
    return len(value) >= 6 or " " in value or (escaped and "\\" in value)


_SEQUENCE_ITEM = _Lazy(r"(?m)^(?P<pre>[ \t]*+-[ \t]++)(?P<item>[^\n]*?)(?P<post>(?:[ \t]++#[^\n]*+)?[ \t]*+\r?)$")


def _yaml_sequence(m: re.Match[str]) -> str | None:
    if not _SECRET_NAME.search(m.group("name")):
        return None

    def item(line: re.Match[str]) -> str:
        text = line.group("item")
        quote = text[:1] if text[:1] in "\"'" and len(text) > 1 and text[-1] == text[0] else ""
        value = text[1:-1] if quote else text
        if (not quote and (text[:1] in "[{&*!|>%@`\"'" or ": " in text or text.endswith(":"))) or not _secret_value(value):
            return line.group(0)
        return line.group("pre") + quote + _own_shape_or_mask(value) + quote + line.group("post")

    return m.group("head") + _SEQUENCE_ITEM.compiled().sub(item, m.group("body"))


def _escaped_yaml(m: re.Match[str]) -> str | None:
    if not _SECRET_NAME.search(m.group("name")):
        return None
    body = m.group("body")
    lines = body.split("\\n")
    if m.group("block") is not None:
        out = []
        for line in lines:
            content = line.lstrip(" \t")
            out.append(line[:len(line) - len(content)] + MASK if content else line)
        return m.group("head") + "\\n".join(out)
    # A plain value on the line after its key: its first line only, as `_yaml_next_line` reads it.
    first = lines[0]
    value = first.lstrip(" \t")
    kept = value.rstrip()
    if (not kept or kept[0] in "-#[{&*!|>%@`\"'\\" or ": " in kept or kept.endswith(":") or " #" in kept
            or not _secret_value(kept) or _is_sentence(kept)):
        return None
    return (m.group("head") + first[:len(first) - len(value)] + _own_shape_or_mask(kept) + value[len(kept):]
            + body[len(first):])


def _yaml_next_line(m: re.Match[str]) -> str:
    if not _SECRET_NAME.search(m.group("name")):
        return m.group(0)
    value = m.group("value")
    kept = value.rstrip()
    if _is_sentence(kept):
        return m.group(0)
    return m.group("head") + _own_shape_or_mask(kept) + value[len(kept):] + (m.group("comment") or "")


_TOKEN_LIKE = _Lazy(r"(?=[^ ]{0,63}[0-9])(?=[^ ]{0,63}[A-Za-z])[^ ]{12,}")


def _is_sentence(value: str) -> bool:
    """An unquoted value under a `token:` / `password:` heading that reads as prose, not a passphrase: three words or
    more ending in `.`, `?` or `!`, or six words or more, none of them token-like (letters and digits, 12 or more)."""
    words = value.split()
    if len(words) < 3 or value[0] in "\"'" or _TOKEN_LIKE.search(value):
        return False
    return len(words) >= 6 or value[-1] in ".?!"


_DATE_OR_TIME = _Lazy(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}")


def _token_rest(rest: str, after: str) -> bool:
    """The start of a line after a token cut at the previous line's end reads as that token's rest: not a word of
    prose (`Traceback`, `then`; a capitalised one, `ERROR` or `INFO`, only before a space or a `:`), a status
    (`401`), a date or a time, nor a pair (`user_id=7`: `=` only as padding). `after`: the character after it."""
    if rest.isdigit() and len(rest) <= 5 or _DATE_OR_TIME.compiled().match(rest):
        return False
    if "=" in rest.rstrip("="):
        return False
    if rest.isalpha() and len(rest) < 16 and (rest.islower() or rest.istitle()):
        return False
    return not (rest.isalpha() and rest.isupper() and len(rest) <= 8 and after in (" ", ":"))


def _wrapped_token(token: str) -> str:
    if len(token) >= 24 or any(c.isdigit() for c in token):
        return _own_shape_or_mask(token)
    return token


def _flag_value(m: re.Match[str]) -> str:
    name = m.group("name")
    return f"{m.group('head')}{MASK}" if m.group("netrc") or _SECRET_NAME.search(name) else m.group(0)


_PROVIDER_PREFIXES = (
    "pplx-", "nvapi-", "r8_", "csk-", "dapi", "fw_", "xox", "xapp-", "gh", "github_pat_", "gsk_", "xai-", "hf_", "glpat-",
    "lsv2_", "tvly-", "k_live_", "k_test_", "AIza", "ya29.", "esecret_", "ABSK",
)

# The last shapes below all need 32 characters of this class in a row. Most text has no such run, and
# one plain search for it costs a fifth of running those three (a probe's 22 KB JSON report: 0.7 ms
# instead of 4.9).
_LONG_RUN = _Lazy(r"[A-Za-z0-9/+]{32}")

# Order matters: specific shapes first, so `sk-ant-…` keeps its `sk-ant-` prefix. The third item, when
# present, is what the text must hold for the shape to be tried: one of these literals, or a run
# `_LONG_RUN` finds; the fourth, when present, one of these literals in the text lowered as well.
_PATTERNS: tuple[tuple[Any, ...], ...] = (
    # PEM private keys (vertex_credentials' private_key, a pasted key file): the base64 body.
    (_Lazy(r"(?P<head>-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----)[^\-]{1,65536}+(?:-----END [A-Z ]{0,40}PRIVATE KEY-----)?"), _value, ("-----BEGIN",)),
    # YAML block scalars under a secret name (`api_key: |` then indented lines).
    (
        _Lazy(
            r"(?m)^(?P<head>(?P<ind>[ \t]*+)(?:-[ \t]+)?(?:[^\n]{0,256}?(?<=[ \t{,]))?[\"']?(?P<name>[A-Za-z0-9_.\-]{1,80}+)[\"']?[ \t]*:[ \t]*[|>][\-+0-9]{0,3}(?:[ \t]++#[^\n]*+|[ \t]*+)\r?\n)"
            r"(?P<body>(?:(?P=ind)[ \t]+[^\n]*(?:\n|$))+)"  # lines indented deeper than the key
        ),
        _yaml_block,
        ("|", ">"),
    ),
    # A YAML plain or quoted scalar on the line after its secret-named key (`password:` then an indented value, as a
    # pasted config fragment or a re-flowed one writes it): the value of the key, as YAML reads it. Not a mapping
    # (`credentials:` then `project: x`, whose own pairs are masked by their names), a list, a comment or a reference.
    (
        _Lazy(
            r"(?m)^(?P<head>(?P<ind>[ \t]*+)(?:-[ \t]+)?[\"']?(?P<name>[A-Za-z0-9_.\-]{1,80}+)[\"']?[ \t]*:(?:[ \t]{1,8}+#[^\n]*+|[ \t]?+)\r?\n"
            r"(?P=ind)[ \t]++)(?![\-#\[{&*!|>%@`])(?![\"']?os\.environ/)(?![\"']?\$)(?!\*{4})(?!(?:None|null|Null|NULL|true|false|~)[ \t]*(?:$|#))"
            r"(?P<value>(?:[^\n:#]|:(?![ \t\n])|(?<! )#){1,512}+(?<!:))(?P<comment>(?<=[ \t])#[^\n]*+)?$"
        ),
        _yaml_next_line,
        # (a `:` at a line's end, literally, or a comment after it: most texts have `:` everywhere)
        (":\n", ": \n", ":\t\n", ":\r\n", ": \r\n", ":\t\r\n", " #", "\t#"),
        _NAME_WORDS,
    ),
    # A quoted value on the line after its secret's name, as JSON, a Python call or a YAML flow re-flowed by a formatter
    # or a log writes it (`"api_key":` then `"…"` on the next line, at any indentation or none; `api_key=` then `"…"`;
    # the same with an escaped `\n` inside a JSON string): the quoted string is read as the JSON string shape below
    # reads it, which looks only on the name's own line, as the pair shape does (the YAML shape above wants the value
    # indented deeper than its key).
    (
        _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_.\-\\])(?:\\{0,15}+[\"'])?(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?:\\{0,15}+[\"'])?[ \t]*+[:=][ \t]*+"
            r"(?:\r?\n|\\r\\n|\\n)[ \t]*+(?P<vbs>\\{0,15}+)(?P<vq>[\"']))"
            r"(?P<value>(?:[^\"'\\\n]|\\++[^\"'\\\n]|(?!(?:(?P=vbs)(?P=vbs)\\\\)*+(?P=vbs)(?P=vq))\\*+[\"']){1,2048}+"
            r"(?:(?P=vbs)(?P=vbs)\\\\)*+)(?=(?P=vbs)(?P=vq))"
        ),
        lambda m: m.group("head") + MASK if _json_secret(m) else m.group(0),
        # (the name's `:` or `=` at a line's end, literally, or before an escaped line break)
        (":\n", ": \n", ":\t\n", ":\r\n", ": \r\n", "=\n", "= \n", "=\r\n", ":\\n", ": \\n", "=\\n", ":\\r", ": \\r", "=\\r"),
        _NAME_WORDS,
    ),
    # A credential wrapped onto the line after its scheme (`Authorization: Bearer` or a bare `Bearer` / `Basic` at a
    # line's end; a curl command or a log line cut by a terminal's width): the token alone on that line, masked by its
    # own shape when it has one (`sk-****7890`), else whole when it looks like a token (a digit, or 24 characters),
    # not a word of prose.
    (
        _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_\-])(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \t]?+(?:\r?\n|\\n)[ \t]*+\\?[\"']?)"
            r"(?P<token>[A-Za-z0-9._~+/=\-]{12,1024}+)(?=\\?[\"']|[ \t]*+,?[ \t]*+(?:\r?\n|\\n|\Z))"
        ),
        lambda m: m.group("head") + _wrapped_token(m.group("token")),
        # (the scheme at a line's end, literally, in the text lowered: the regex has no prefix the engine could scan
        # for, and run on every text with a `Bearer` it cost 3 ms per 50 KB log)
        ("earer", "EARER", "asic", "ASIC"),
        tuple(f"{scheme}{space}{newline}" for scheme in ("earer", "asic") for space in ("", " ", "\t")
              for newline in ("\n", "\r\n", "\\n")),
    ),
    # A credential a wrap cut inside its token (a terminal's or a log viewer's width): `Bearer <token>` ran to the line's
    # end and the token's rest starts the next line (after a few spaces, or after an escaped `\n` in JSON). Both parts
    # are masked when the rest reads as a token's (`_token_rest`: not a word, a timestamp, a status or a pair);
    # otherwise the match is left to the shapes below, which mask the first part.
    (
        _Lazy(
            r"(?P<head>(?:(?<![A-Za-z0-9_\-])(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \t]++|(?i:(?<![A-Za-z0-9_\-])(?:proxy-)?authorization)"
            r"\\?[\"']?[ \t]*+[:=][ \t]*+\\?[\"']?(?!(?i:bearer|basic)[ \t])))"
            r"(?P<first>[A-Za-z0-9._~+/=\-]{6,1024}+)(?P<brk>\r?\n|\\n)(?P<ind>[ \t]{0,16}+)(?P<rest>[A-Za-z0-9._~+/=\-]{1,1024}+)"
            r"(?=\\?[\"'`]|[ \t\r,;)]|\n|\\n|\Z)"
        ),
        lambda m: (m.group("head") + _own_shape_or_mask(m.group("first")) + m.group("brk") + m.group("ind") + MASK
                   if _token_rest(m.group("rest"), m.string[m.end():m.end() + 1]) else m.group(0)),
        ("earer", "EARER", "asic", "ASIC", "uthorization", "UTHORIZATION"),
        ("\n", "\\n"),  # (a real line break, or an escaped one in JSON)
    ),
    # An environment entry written as a name and a value (a Kubernetes container's `env:`, an ECS task definition's
    # `environment`, a Docker or CI API's dump): `- name: OPENAI_API_KEY` then `value: …` on the next line, or
    # `{"name": "LITELLM_MASTER_KEY", "value": "…"}`. The value is the secret-named entry's, though no pair names it.
    (
        _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_\-])(?P<q>\\?[\"']?)name(?P=q)[ \t]*+:[ \t]*+(?P<q2>\\?[\"']?)(?P<name>[A-Za-z0-9_.\-]{1,128}+)(?P=q2)"
            r"[ \t]*+(?:,[ \t]*+|\r?\n[ \t]*+(?:-[ \t]++)?)(?P=q)value(?P=q)[ \t]*+:[ \t]*+(?P<q3>\\?[\"']?))"
            r"(?!\*{4})(?!\$)(?P<value>(?<=[\"'])[^\"'\\\n]{1,512}+(?=\\?[\"'])|(?<![\"'])[^\s\"'\\,}\]]{1,512}+)"
        ),
        lambda m: m.group("head") + _own_shape_or_mask(m.group("value")) if _SECRET_NAME.search(m.group("name")) else m.group(0),
        ("value",),
        _NAME_WORDS,
    ),
    # A list under a secret's name over several lines: pretty-printed JSON or a YAML flow list (`"api_keys": [` then one
    # element a line, then `]`), each element as the one-line list shape below reads it.
    (
        _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_.\-])(?:\\{0,15}+[\"'])?(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?:\\{0,15}+[\"'])?[ \t]*+[:=][ \t]*+\[)"
            r"(?=[ \t]*+\r?\n)(?P<items>[^\[\]{}]{1,8192}+)(?=\])"
        ),
        lambda m: m.group("head") + _list_items(m.group("items"))
        if _SECRET_NAME.search(m.group("name")) or m.group("name").lower().endswith("authorization") else m.group(0),
        ("[\n", "[\r\n", "[ \n", "[\t\n"),
        _NAME_WORDS,
    ),
    # A YAML block sequence under a secret's name (`api_keys:` then `- …` lines): each item that is a scalar, not a
    # reference, a stub or a mapping.
    (
        _Scan(
            r"(?m)^(?P<head>(?P<ind>[ \t]*+)(?:-[ \t]+)?[\"']?(?P<name>[A-Za-z0-9_.\-]{1,80}+)[\"']?[ \t]*:(?:[ \t]++#[^\n]*+|[ \t]*+)\r?\n)"
            r"(?P<body>(?:(?P=ind)[ \t]*+-[ \t]++[^\n]*+(?:\n|$))++)"
        ),
        _yaml_sequence,
        (":\n", ": \n", ":\t\n", ":\r\n", ": \r\n", " #", "\t#"),
        _NAME_WORDS,
    ),
    # Keys with a provider prefix: OpenAI/LiteLLM (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-api03-),
    # OpenRouter (sk-or-v1-), Langfuse (sk-lf-, pk-lf-).
    (
        _Lazy(rf"(?:(?<![A-Za-z0-9_])|{_AFTER_ESCAPE})(?P<prefix>(?:sk|pk)-(?>(?:ant-(?:api\d\d-|admin\d\d-)?|proj-|svcacct-|or-v1-|lf-)?))(?P<secret>[A-Za-z0-9_\-]{{4,}}+)"),
        _prefixed,
        ("sk-", "pk-"),
    ),
    # Other providers' prefixes, with a long enough body that words do not match: Perplexity, NVIDIA,
    # Replicate, Cerebras, Databricks, Fireworks, Slack, GitHub, Groq, xAI, Hugging Face, GitLab,
    # LangSmith, Tavily, Stripe, Google.
    (
        _Lazy(
            rf"{_T}(?P<prefix>pplx-|nvapi-|r8_|csk-|dapi|fw_|xox[abposr]-|xapp-|gh[psour]_|github_pat_|gsk_|xai-|hf_|glpat-|lsv2_(?:pt|sk)_|tvly-|[sr]k_(?:live|test)_|AIza|ya29\.|esecret_|ABSK)"
            r"(?P<secret>[A-Za-z0-9_\-.]{16,}+)"
        ),
        _prefixed,
        _PROVIDER_PREFIXES,
    ),
    # `sk_` + a long body of letters and digits (ElevenLabs, Novita; `sk_live_` is Stripe's, above).
    (_Lazy(rf"{_T}(?P<prefix>sk_)(?P<secret>[A-Za-z0-9]{{32,}}+)(?![A-Za-z0-9_\-])"), _prefixed, ("sk_",)),
    # npm access tokens (`npm_` + 36 letters and digits; not `npm_config_user_agent` and npm's other variables).
    (_Lazy(rf"{_T}(?P<prefix>npm_)(?P<secret>[A-Za-z0-9]{{36}})(?![A-Za-z0-9_\-])"), _prefixed, ("npm_",)),
    # AWS STS session tokens (what `aws_session_token` / `X-Amz-Security-Token` hold; printed bare by botocore's
    # ExpiredToken errors and by credential dumps): base64 of a fixed binary header, `IQoJb3JpZ2luX2Vj` today,
    # `FwoGZXIvYXdzE` / `FQoGZXIvYXdzE` in older ones, then hundreds of characters.
    (_Lazy(rf"(?:(?<![A-Za-z0-9/+=])|{_AFTER_ESCAPE})(?:IQoJb3JpZ2luX2Vj|F[wQ]oGZXIvYXdzE)[A-Za-z0-9/+=%]{{40,}}+"), MASK,
     ("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE")),
    # Incoming-webhook URLs, whose path is the credential (LiteLLM's Slack and Discord alerting, MS Teams): the part
    # after the fixed prefix.
    (
        _Lazy(r"(?P<head>(?i:hooks\.slack\.com/(?:services|workflows|triggers)/|discord(?:app)?\.com/api/webhooks/[0-9]{1,32}+/|"
              r"webhook\.office\.com/webhookb2/))(?!\*{4})[A-Za-z0-9_\-/@.]{8,}+"),
        _value,
        ("hooks.slack.com", "/api/webhooks/", "webhook.office.com", "HOOKS.SLACK.COM"),
    ),
    # Microsoft Entra (Azure AD) client secrets: 3 characters, a digit, `Q~`, then 31 to 34 more.
    (_Lazy(rf"(?:(?<![A-Za-z0-9_~.\-])|{_AFTER_ESCAPE})[A-Za-z0-9_~.\-]{{3}}\dQ~[A-Za-z0-9_~.\-]{{31,34}}(?![A-Za-z0-9_~.\-])"), MASK, ("Q~",)),
    # AWS access key ids.
    (_Lazy(rf"(?:(?<![A-Z0-9])|{_AFTER_ESCAPE})(?P<prefix>AKIA|ASIA)(?P<secret>[A-Z0-9]{{16}})(?![A-Z0-9])"), _prefixed, ("AKIA", "ASIA")),
    # JSON Web Tokens (three base64url parts).
    # (glued to what stands before it, `\x3deyJ…`, `token_eyJ…`, `abceyJ…`: its payload and signature, found by the
    # payload, JSON as the header is, so starting `eyJ` after a dot and 17 characters of a header or more; before,
    # another shape took the header and printed payload and signature; `.` percent-encoded, `%2E`, too. From the
    # payload, not the header: a header found anywhere in a long run was a quadratic scan)
    (_Lazy(rf"(?:{_T}eyJ[A-Za-z0-9_\-]{{5,}}+(?:\.|%2[Ee])|(?<=[A-Za-z0-9_\-]{{17}}\.)(?=eyJ)|(?<=[A-Za-z0-9_\-]{{17}}%2[Ee])(?=eyJ))"
            r"[A-Za-z0-9_\-]{5,}+(?:\.|%2[Ee])[A-Za-z0-9_\-]*+"), MASK, ("eyJ",)),
    # Authorization headers, whatever the scheme (Bearer, Token, Basic, ApiKey, none).
    (
        _Lazy(
            r"(?P<head>(?i:(?<![A-Za-z0-9_\-])(?:proxy-)?authorization)\\?[\"']?[ \t]*(?:[:=]|%3[AaDd])(?:[ \t]|%20)*\\?[\"']?(?>(?:[A-Za-z]{1,16}(?:[ \t]+|%20))?))"
            # (not the scheme's own name: `Authorization: Bearer` at a line's end, where a wrap left the token on
            # the next line, or in a step's prose, is not a credential)
            # (base64's `+` and `/` percent-encoded, `%2B` / `%2F`, are the token's: a header logged URL-encoded)
            r"(?!\*{4})(?!os\.environ/)(?!" + _STUB + r"(?![A-Za-z0-9._~+/=\-]))(?!(?i:bearer|basic|token|apikey|digest)(?![A-Za-z0-9._~+/=\-]))(?:[A-Za-z0-9._~+/=\-]|%2[BbFf]){6,}+"
        ),
        _value,
        ("uthorization", "UTHORIZATION"),
    ),
    # Bearer / Basic credentials anywhere, whatever the token looks like.
    (_Lazy(r"(?P<head>(?<![A-Za-z0-9_\-])(?:[Bb]earer|BEARER|[Bb]asic)(?:[ \t]+|%20))(?!\*{4})(?!os\.environ/)(?!" + _STUB + r"(?![A-Za-z0-9._~+/=\-]))(?:[A-Za-z0-9._~+/=\-]|%2[BbFf]){6,}+"), _value, ("earer", "EARER", "asic")),
    # curl -u user:password / --user user:password
    (_Lazy(r"(?P<head>(?<![\w\-])(?:-u|--user)(?:[ \t]+|=)[\"']?[^\s:\"']{1,256}+:)(?!\*{4})(?!\$\{?[A-Z_][A-Z0-9_]++\}?(?![^\s\"']))[^\s\"']{1,512}+"), _value, ("-u", "--user")),
    # Passwords in URLs: scheme://user:password@host (a `/` in the password too; a raw `@` too, up to the last `@` before
    # the host: `postgres://u:p@ss@db/x`, which PostgreSQL's and SQLAlchemy's parsers read the same way).
    (
        _Lazy(r"(?P<head>(?<![A-Za-z0-9+.\-])[a-zA-Z][a-zA-Z0-9+.\-]{0,31}+:(?://|\\/\\/)[^\s:/@'\"\\]{0,256}+:)(?!\*{4}@)(?!\$\{?[A-Z_][A-Z0-9_]++\}?@)[^\s@'\"<>]{1,128}+(?:@[^\s@'\"<>/]{1,128}+(?=@))*+(?=@)"),
        _value,
        ("://", ":\\/\\/"),
    ),
    # The same URL percent-encoded whole (`http%3A%2F%2Fuser%3Apassword%40host`: a URL logged as a query parameter).
    (
        _Lazy(r"(?P<head>(?<![A-Za-z0-9+.\-])[a-zA-Z][a-zA-Z0-9+.\-]{0,31}+(?i:%3A%2F%2F)(?:(?!(?i:%3A|%40|%2F))[^\s:/@'\"&?#<>]){0,256}+(?i:%3A))"
              r"(?!\*{4})(?:(?!(?i:%40))[^\s@'\"<>&?#/]){1,256}+(?=(?i:%40))"),
        _value,
        ("%3A%2F%2F", "%3a%2f%2f", "%3A%2f%2f", "%3a%2F%2F"),
    ),
    # A token alone as a URL's user (`https://<token>@github.com/o/r.git`, `https://<key>@proxy/v1`: git and HTTP
    # clients send it as Basic credentials): masked by its own shape when it has one, else whole when it mixes letters
    # and digits over 16 characters or more (`https://git@host`, `https://first.last@host` are names).
    (
        _Lazy(r"(?P<head>(?<![A-Za-z0-9+.\-])[a-zA-Z][a-zA-Z0-9+.\-]{0,31}+:(?://|\\/\\/))(?!\*{4})(?P<token>[A-Za-z0-9_\-~.]{16,256}+)(?=@[A-Za-z0-9\[])"),
        lambda m: m.group("head") + (_own_shape_or_mask(m.group("token")) if _tokenish(m.group("token")) else m.group("token")),
        ("://", ":\\/\\/"),
    ),
    # A database or broker URL's password written with a raw space (`postgres://user:pa ss@host`: libpq and SQLAlchemy
    # read it up to the `@`). Not a web URL's (`http://example.com:8080 and mail me@x.com` is prose), nor a port then
    # words (`redis://localhost:6379 (ask ops@example.com)`); a few words, no `/`, then a host.
    (
        _Lazy(r"(?P<head>(?<![A-Za-z0-9+.\-])(?!(?i:https?|wss?|ftps?)://)[a-zA-Z][a-zA-Z0-9+.\-]{0,31}+://[^\s:/@'\"]{0,256}+:)"
              r"(?!\*{4}@)(?![0-9]{1,5}+ )[^\s@'\"<>/]{1,64}+(?: [^\s@'\"<>/]{1,64}+){1,7}+(?=@[A-Za-z0-9\[])"),
        _value,
        ("://",),
    ),
    # A password-named query parameter whose value holds raw spaces (`?password=correct horse battery staple`, a form's
    # GET logged before it was encoded): its words up to the next parameter, a quote, the line's end, the request
    # line's ` HTTP/1.1` or a `name=` pair after it; at most eight words (else the one-word shape below takes the first).
    (
        _Lazy(
            r"(?m)(?P<head>(?:[?&;]|%3[Ff]|%26)(?i:password|passwd|passphrase|pwd|pw|pass)(?:=|%3[Dd]))(?!\*{4})(?!\$)"
            r"[^&\s#\"'<>\\]{1,256}+(?: (?!HTTP/)(?![^&\s#\"'<>\\=]{1,80}+=)[^&\s#\"'<>\\]{1,64}+){1,7}"
            r"(?=[&#\"'<>]| HTTP/| [^&\s#\"'<>\\=]{1,80}+=|[ \t\r]*+$)"
        ),
        _value,
        ("=", "%3"),
        ("passw", "pwd", "pw=", "pw%3", "pass=", "pass%3", "passphrase"),
    ),
    # Secrets in query strings: ?code=…, &sig=…, &token=…, ?key=… (Google), X-Amz-Signature=…, session ids (?sid=…)
    (
        _Lazy(
            r"(?P<head>(?:[?&;]|%3[Ff]|%26)(?i:code|sig|signature|token|access_token|id_token|refresh_token|api_key|apikey|api-key|key|secret|"
            r"client_secret|password|passwd|passphrase|pwd|pw|pass|auth|access_key|session|sessionid|session_id|session-id|session_token|sess_id|sessid|sid|jsessionid|phpsessid|x-amz-signature|x-goog-signature|x-amz-credential|x-amz-security-token|sv|se)(?:=|%3[Dd]))(?!\*{4})(?!\$)[^&\s#\"'<>\\]{4,}+"
        ),
        _value,
        ("=", "%3"),
    ),
    # A list under a secret's name, on one line (`"api_key": ["sk-…"]`, `api_key: [sk-…]`, `api_keys: ["k1", "k2"]`,
    # `"Authorization": ["Bearer …"]` as some SDKs print headers, escaped inside a JSON string too): every element that
    # is not a reference, a stub or null is masked, by its own shape when it has one. (The pair shape took `[` for the
    # start of a value: `api_key: [sk-…]` printed `****]`, a quoted element was never read, and `[os.environ/X]` was masked.)
    (
        _SECRET_LIST := _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_.\-])(?:\\{0,15}+[\"'])?(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?:\\{0,15}+[\"'])?[ \t]*+[:=][ \t]*+\[)"
            r"(?P<items>[^\[\]{}\n]{1,4096}+)(?=\])"
        ),
        lambda m: m.group("head") + _list_items(m.group("items"))
        if _SECRET_NAME.search(m.group("name")) or m.group("name").lower().endswith("authorization") else m.group(0),
        ("[",),
        _NAME_WORDS,
    ),
    # YAML inside a JSON string, its line breaks written `\n` (`"config": "api_key: |\n  …"`, `"api_key:\n  …"`): a block
    # scalar's lines and a plain value on the line after its key, read as the spanning YAML shapes read them with real
    # line breaks. A line ends at an escaped `\n` or at the string's closing quote.
    (
        _Scan(
            r"(?P<head>(?:(?<=\\n)|(?<=[\"']))(?P<ind>[ \t]*+)(?:-[ \t]++)?(?:[^\\\n\"']{0,256}?(?<=[ \t{,]))?(?P<name>[A-Za-z0-9_.\-]{1,80}+)"
            r"[ \t]*+:[ \t]*+(?P<block>[|>][\-+0-9]{0,3}+[ \t]*+)?\\n)"
            r"(?P<body>(?:(?P=ind)[ \t]++(?:[^\\\n\"]|\\[^n\n])++(?:\\n|(?=\\?\")|(?![^\n])))++)"
        ),
        _escaped_yaml,
        ("\\n",),
        _NAME_WORDS,
    ),
    # A quoted string under a secret's name, read to its own closing quote as a JSON or Python reader reads it, at any
    # level of escaping: `"password": "pa\"ss,w}rd"`, `{\"api_key\": \"…\"}` inside a JSON string, `{\\\"api_key\\\": …}`
    # two levels down, `'api_key': 'a\'b'`, a value with `\u00e9`, `\t` or `\\` in it. The pair below ends a value at a
    # backslash, a comma or a brace (what keeps an unquoted one from taking the rest of a line): it printed the value's
    # rest after its first escape, or all of it when the escape came within its first six characters. A quote opened
    # after a run of b backslashes (level L: b = 2^L - 1) closes at a run of b + k(2b + 2) backslashes before the same
    # quote; any other run before a quote is an escaped quote inside the value.
    (
        _JSON_STRING := _Lazy(
            r"(?P<head>(?<![A-Za-z0-9_.\-\\])(?:\\{0,15}+[\"'])?(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?:\\{0,15}+[\"'])?[ \t]*+[:=][ \t]*+"
            r"(?P<vbs>\\{0,15}+)(?P<vq>[\"']))"
            r"(?P<value>(?:[^\"'\\\n]|\\++[^\"'\\\n]|(?!(?:(?P=vbs)(?P=vbs)\\\\)*+(?P=vbs)(?P=vq))\\*+[\"']){1,2048}+"
            r"(?:(?P=vbs)(?P=vbs)\\\\)*+)(?=(?P=vbs)(?P=vq))"
        ),
        _json_string,
        ("\"", "'"),
        _NAME_WORDS,
    ),
    # key = value / "key": "value" / {\"key\": \"value\"} for secret-looking names (and misspellings);
    # os.environ/ and $SHELL references are not secrets, and a backslash ends the value so escaped
    # JSON stays valid. The name is a whole run of name characters, checked by `_secret_pair`.
    (
        _PAIR := _Lazy(
            r"(?P<head>(?:(?<![A-Za-z0-9_.\-])|(?<=%[0-9A-Fa-f]{2}))(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?:\\?[\"'`])?[ \t]*(?:(?:[:=]|%3[DdAa])[ \t]*(?:[bB]?\\?[\"'`])?(?:[|>][\-+]?[ \t]+)?|\|[ \t]*+))"
            + _NOT_A_REFERENCE + r"(?!\*{4})(?!=[0-9])(?!\[[^\[\]{}\n]{1,4096}+\])(?!(?:None|null|true|false|\||>)(?![^\s\"'`\\,}\]]))"
            r"(?!(?i:bearer|basic)[ \t])(?!(?:" + _PLACEHOLDER_SOURCE + r")(?![^\s\"'`\\,}\]]))"
            # (`google-auth==2.63.1`, a pip pin, is a package's version, not an `auth` pair's value)
            # (a quoted value with a space in it, `password: "correct horse battery"`, up to its closing quote on the
            # line: a value ends at a space, which printed a passphrase's other words, or all of them when the first
            # was short; else a run of value characters)
            # (a value does not end in `:`: `ValueError: api_key:` or `litellm_params: api_key:` is a pair's head, and
            # taken for a value it hid the pair after it; one that ends in `=` may be one too, `client = OpenAI(api_key=`
            # then `"…"`: what follows it is taken with it, for `_secret_pair` to mask as a text of its own)
            # (a backtick quotes as a quote does, `` `api_key`: `…` ``, but not a value with spaces: Markdown's
            # ``token: `api_key: os.environ/X` `` is a code span after a word, not a passphrase)
            # (nor is a word followed by ` = ` a value: `TypeError:    api_key = '…'` is a message then a pair, and taken
            # for the message's value, `api_key` hid the pair)
            r"(?:(?<=[\"'])(?=[^\"'`\\\n ]{0,512}+ )[^\"'`\\\n]{1,512}+(?=[\"'`\\])|[^\s\"'`\\,}\]]{6,}+(?<!:)(?![ \t]++=))"
            r"(?P<next>(?<==)(?![ \t]*+[|>])[ \t]*+[bB]?\\?[\"'`]?(?:(?<=[\"'`])[^\"'`\\\n]{1,512}+(?:\\?[\"'`])?|[^\s\"'`\\,}\]]{1,512}+)(?<![:=]))?"
        ),
        _secret_pair,
        (":", "=", "|", "%3"),
        _NAME_WORDS,
    ),
    # A header or a setting as a Python pair (`(b'x-api-key', b'…')`: httpx's and h11's raw header lists in a debug log or
    # a traceback, `('api_key', '…')` in a list of items): the value of a secret's name or of an Authorization header.
    (
        _Lazy(
            r"(?P<head>\([ \t]*+[bB]?(?P<q>[\"'])(?P<name>[A-Za-z0-9_.\-]{1,80}+)(?P=q)[ \t]*+,[ \t]*+[bB]?(?P<q2>[\"']))"
            r"(?!\*{4})(?P<value>[^\"'\\\n]{1,1024}+)(?=(?P=q2)[ \t]*+\))"
        ),
        lambda m: m.group("head") + _own_shape_or_mask(m.group("value"))
        if _SECRET_NAME.search(m.group("name")) or m.group("name").lower().endswith("authorization") else m.group(0),
        ("(",),
        _NAME_WORDS,  # (`authorization` holds `auth`)
    ),
    # An XML element under a secret's name (`<api_key>…</api_key>`, a SOAP or an XML config's).
    (
        _Lazy(r"(?P<head><(?P<name>[A-Za-z_][A-Za-z0-9_.\-:]{0,80}+)(?:[ \t][^<>\n]{0,256}+)?>)(?!\*{4}<)(?P<value>[^<>\n]{1,1024}+)(?=</(?P=name)[ \t]*>)"),
        lambda m: m.group("head") + _own_shape_or_mask(m.group("value"))
        if _SECRET_NAME.search(m.group("name").rpartition(":")[2]) else m.group(0),
        ("</",),
        _NAME_WORDS,
    ),
    # A secret-named command-line flag and its value: `--api-key VALUE`, `--master_key VALUE`, and
    # .netrc's `login USER password VALUE` (a bare "password through …" is prose).
    (
        _Lazy(
            r"(?P<head>(?<![\w\-])(?:--?(?P<name>[A-Za-z][A-Za-z0-9_\-]{1,40}+)|(?P<netrc>login[ \t]++[^\s]{1,256}+[ \t]++(?:password|passwd)))[ \t]++)"
            r"(?![\-\\\"'])(?!\*{4})(?!\$)(?!os\.environ/)[^\s\"'\\,}\]]{6,}+"
        ),
        _flag_value,
        ("-", "passw"),
        _NAME_WORDS,  # (`password` and `passwd`, the netrc form's, hold `pass`)
    ),
    # Cookie headers: every value in them is a session.
    (_Lazy(r"(?P<head>(?i:(?<![\w\-])(?:set-)?cookie)[ \t]*+:[ \t]*+)(?!\*{4})[^\s\"'][^\r\n\"']{0,4095}+"), _value, ("ookie", "OOKIE")),
    # AWS secret access keys (40 chars of base64 with mixed case) wherever they stand.
    (_Lazy(rf"(?:(?<![A-Za-z0-9/+=])|{_AFTER_ESCAPE})(?=[A-Za-z0-9/+]{{0,39}}[A-Z])(?=[A-Za-z0-9/+]{{0,39}}[a-z])(?=[A-Za-z0-9/+]{{0,39}}[0-9])[A-Za-z0-9/+]{{40}}(?![A-Za-z0-9/+=])"), MASK, _LONG_RUN),
    # Azure OpenAI keys: exactly 32 hex characters (longer hashes such as sha256 key hashes are kept).
    (_Lazy(rf"(?:(?<![0-9A-Za-z])|{_AFTER_ESCAPE})[0-9a-fA-F]{{32}}(?![0-9A-Za-z])"), MASK, _LONG_RUN),
    # Long mixed-case alphanumeric tokens (84-character Azure keys, Mistral, Cohere, …).
    (_Lazy(r"(?<![A-Za-z0-9_\-])[A-Za-z0-9]{32,128}+(?![A-Za-z0-9_\-])"), _mixed_token, _LONG_RUN),
)


def mask(text: str) -> str:
    """Return `text` with every known secret and every credential-shaped substring replaced."""
    if not text:
        return text
    if "\\u00" in text:
        # `\u0067\u0073\u006b_…` is `gsk_…` to whoever reads it: printable ASCII escapes are decoded
        # first, so neither a known value nor a shape can hide behind them.
        # (`\u0022` and `\u005c` stay escaped, as `\"` and `\\`: read as a bare quote, `"abc\u0022def"` ended the
        # string at `abc` for the shapes, and printed `def`)
        text = _ASCII_ESCAPE.sub(_ascii_char, text)
    if _known:
        text = _mask_known(text)
    masked = _mask_shapes(text)
    folded = text
    if "\\x" in text:
        # `api_key\x3dsk-…`, `\x22token\x22: …`: a C or Python string's escapes of printable ASCII (not after a
        # backslash) read as what they stand for. Unlike `\u00XX` above, kept only when that reading masks more:
        # a Windows path's `Lib\x64\` or a regex's `\x3d` stays as written.
        # (a known secret behind such escapes is already masked: `_mask_known_encoded`)
        folded = _HEX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), folded)
    if "&" in text and _HTML_ENTITY.search(folded):
        # `&#115;k-proj-…`, `api_key&#61;…`, `&quot;api_key&quot;: &quot;…&quot;` (an HTML error page, an XML log): read
        # as a browser shows them, kept only when that reading masks more (`&#39;gpt-4o&#39;` stays as written).
        folded = _HTML_ENTITY.sub(_html_char, folded)
    if not text.isascii() and _FOLDABLE.search(text):
        # A secret's name or separator written with characters that read as ASCII ones: a zero-width space or a soft
        # hyphen inside the name (`api\u200b_key=`), full-width letters (`ａｐｉ_ｋｅｙ=`, an IME's), a no-break space
        # after the `:`. The shapes are tried on the text with those read as what they show; that reading is kept only
        # when it masks more (a text without such a secret keeps its own characters, full-width punctuation included).
        folded = folded.translate(_FOLD)
    if folded != text:
        masked_folded = _mask_shapes(folded)
        if masked_folded.count(MASK) - folded.count(MASK) > masked.count(MASK) - text.count(MASK):
            return masked_folded
    return masked


_FOLDABLE = rx("[\u00ad\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\uff01-\uff5e]")
# Invisible characters removed, Unicode spaces read as a space, full-width ASCII (U+FF01-FF5E) as ASCII.
_FOLD: dict[int, Any] = {
    **dict.fromkeys((0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)),
    **dict.fromkeys((0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000), " "),
    **{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
}


_ASCII_ESCAPE = rx(r"\\u00([2-7][0-9A-Fa-f])")


def _ascii_char(m: re.Match[str]) -> str:
    char = chr(int(m.group(1), 16))
    return "\\" + char if char in "\"\\" else char


_HTML_ENTITY = rx(r"&(?:" + _NUMERIC_ENTITY + r"|quot|apos|amp|lt|gt);")
_HTML_NAMED = {"&quot;": '"', "&apos;": "'", "&amp;": "&", "&lt;": "<", "&gt;": ">"}


def _html_char(m: re.Match[str]) -> str:
    entity = m.group()
    if entity[1] != "#":
        return _HTML_NAMED[entity]
    return chr(int(entity[3:-1], 16) if entity[2] in "xX" else int(entity[2:-1]))  # (printable ASCII only)


_HEX_ESCAPE = rx(r"(?<!\\)\\x([2-6][0-9A-Fa-f]|7[0-9A-Ea-e])")


def compile_all() -> None:
    """Compile every shape now (a probe does it while it waits: the report is masked right after the last
    answer, ~2 ms sooner)."""
    _LONG_RUN.compiled()
    for pattern, *_ in _PATTERNS:
        pattern.compiled()


# The shapes from this one on match within a line: none consumes a newline, and every look-around of theirs reads a
# newline as it reads the text's start or end (a newline is no token, name, hex or base64 character, nor `%`, `@`,
# a quote or a backslash). The nine before them (PEM bodies, YAML block scalars, a YAML value on the line after its
# key, a quoted value on the line after its name, a token on the line after its scheme, a token a wrap cut in two, an environment entry's name then its value, a list over several lines, a YAML block sequence)
# span lines. Their replacements add or remove no newline. (tests/test_masking.py checks both.)
_LINE_SHAPES_FROM = 9
# A text of this many characters or more, of several lines, is masked line by line for the line shapes, each distinct
# line once: the regexes then run on the few lines that hold their trigger literals, not over the whole text (a log
# triage's 54 KB JSON report, masked again on its way out: 45 ms whole, 11 ms by line; 319 distinct lines of 811).
_BY_LINE_MIN = 2048


def _mask_shapes(text: str) -> str:
    if len(text) < _BY_LINE_MIN or "\n" not in text:
        return _shaped(text, _PATTERNS)
    text = _shaped(text, _PATTERNS[:_LINE_SHAPES_FROM])
    line_shapes = _PATTERNS[_LINE_SHAPES_FROM:]
    done: dict[str, str] = {}
    out = []
    for line in text.split("\n"):
        masked = done.get(line)
        if masked is None:
            masked = done[line] = _shaped(line, line_shapes)
        out.append(masked)
    return "\n".join(out)


def _shaped(text: str, shapes: tuple[tuple[Any, ...], ...]) -> str:
    """`text` with these shapes masked, in their order."""
    long_run: bool | None = None  # searched once, at the first shape that needs it
    for pattern, repl, *triggers in shapes:
        # A pattern whose literal cannot occur is not run (most text has no `://` or PEM header).
        if triggers:
            if triggers[0] is _LONG_RUN:
                if long_run is None:
                    long_run = _LONG_RUN.search(text) is not None
                if not long_run:
                    continue  # (a mask only puts `*` in text: it never makes such a run)
            else:
                for literal in triggers[0]:  # (a loop: `any()` over a generator costs twice as much)
                    if literal in text:
                        break
                else:
                    continue
            if len(triggers) > 1:
                lowered = text.lower()  # (of the text as the shapes before left it)
                for literal in triggers[1]:
                    if literal in lowered:
                        break
                else:
                    continue
        text = pattern.sub(repl, text)  # type: ignore[arg-type]
    return text


def mask_data(value: Any) -> Any:
    """`value` (a Report, or any dataclass / tuple / list / dict of strings) with every string masked.

    Masking the data before a formatter lays it out means no wrapping, cutting or escaping can move a
    secret out of reach of the mask.
    """
    from .datamap import map_strings

    # A report repeats many of its strings (a group's steps and title in its finding, the same example
    # in several places: 213 distinct of 385 in a log triage's report): each is masked once.
    done: dict[str, str] = {}

    def once(text: str) -> str:
        out = done.get(text)
        if out is None:
            out = done[text] = mask(text)
        return out

    return map_strings(value, once)
