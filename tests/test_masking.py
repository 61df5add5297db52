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


def _may_read_newline(items, flags: int) -> list[str]:
    """What in a parsed regex (re._parser's tree) could read a newline, or make a line's start or end differ from
    the text's: a newline matched by a literal, a class or `.` with DOTALL (look-arounds included), `\\A`/`\\Z`, or
    `^`/`$` without MULTILINE."""
    import re
    from re import _constants as C  # noqa: N812

    def in_class(members) -> bool:
        found, negate = False, False
        for op, av in members:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                found |= av == 10
            elif op is C.RANGE:
                found |= av[0] <= 10 <= av[1]
            elif op is C.CATEGORY:
                found |= av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD, C.CATEGORY_NOT_DIGIT, C.CATEGORY_LINEBREAK,
                                C.CATEGORY_UNI_SPACE, C.CATEGORY_UNI_NOT_WORD, C.CATEGORY_UNI_NOT_DIGIT, C.CATEGORY_UNI_LINEBREAK)
            else:
                return True  # unknown: assume the worst
        return found != negate

    bad: list[str] = []
    for op, av in items:
        if op is C.LITERAL and av == 10 or op is C.NOT_LITERAL and av != 10:
            bad.append(f"{op} {av}")
        elif op is C.ANY and flags & re.DOTALL:
            bad.append("'.' with DOTALL")
        elif op is C.IN and in_class(av):
            bad.append(f"class {av}")
        elif op is C.AT:
            if av in (C.AT_BEGINNING_STRING, C.AT_END_STRING) or (av in (C.AT_BEGINNING, C.AT_END) and not flags & re.MULTILINE):
                bad.append(f"anchor {av}")
        elif op is C.SUBPATTERN:
            bad += _may_read_newline(av[-1], (flags | av[1]) & ~av[2])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            bad += _may_read_newline(av[2], flags)
        elif op is C.ATOMIC_GROUP:
            bad += _may_read_newline(av, flags)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            bad += _may_read_newline(av[1], flags)
        elif op is C.BRANCH:
            for alt in av[1]:
                bad += _may_read_newline(alt, flags)
        elif op is C.GROUPREF_EXISTS:
            bad += _may_read_newline(av[1], flags) + (_may_read_newline(av[2], flags) if av[2] else [])
        elif op not in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN, C.GROUPREF):
            bad.append(f"unknown {op}")
    return bad


def test_the_line_shapes_stay_within_a_line():
    """Long texts are masked line by line for the shapes from `_LINE_SHAPES_FROM` on (masking._mask_shapes): exact only
    when none of them can read a newline, look-arounds included (then a newline reads as the text's start or end)."""
    import re
    from re import _parser

    from litellm_doctor import masking

    assert masking._LINE_SHAPES_FROM == 9
    for pattern, *_ in masking._PATTERNS[masking._LINE_SHAPES_FROM:]:
        parsed = _parser.parse(pattern.source, re.UNICODE)
        assert _may_read_newline(list(parsed), parsed.state.flags) == [], pattern.source
    # ... and the check finds what would break it (the nine shapes before them span lines)
    for pattern, *_ in masking._PATTERNS[: masking._LINE_SHAPES_FROM]:
        parsed = _parser.parse(pattern.source, re.UNICODE)
        assert _may_read_newline(list(parsed), parsed.state.flags), pattern.source
    for source in (r"a\nb", r"[^x]", r"\s", r"(?s).", r"^a", r"a\Z", r"(?<=\W)a", r"(?![\w-])x|y[\d\D]"):
        parsed = _parser.parse(source, re.UNICODE)
        assert _may_read_newline(list(parsed), parsed.state.flags), source
    for source in (r"(?m)^a$", r"[^\s]+", r"(?<![A-Za-z0-9_\-])x", r"\bx\w+", r"[^\r\n\"']{0,9}+"):
        parsed = _parser.parse(source, re.UNICODE)
        assert not _may_read_newline(list(parsed), parsed.state.flags), source


def _long_texts() -> list[str]:
    """Texts past masking._BY_LINE_MIN, of many lines, with secrets at line starts and ends, in escaped JSON, in a
    PEM key and a YAML block scalar (the shapes that span lines), and lines that repeat."""
    from litellm_doctor import masking

    p = PLANTED
    lines = texts_with_secrets() + [
        f"{p['openai']}", f"api_key: {p['db_password']}", f'  "api_key": "{p["azure"]}",', f"\\n{p['google']}",
        f"%3D{p['aws_secret']}", "Authorization: Bearer", f"  {p['bearer_opaque']}", "password:", f"    {p['db_password']}",
        "-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAx" + "a1B2" * 16, "-----END RSA PRIVATE KEY-----",
        "master_key: |", f"  {p['litellm_master']}", "  second-line-of-it", "done: yes", "", "\r", "plain words here",
        "login bob password", f"hunter2hunter2 {p['jwt']}", "https://u:", "p4ssw0rd@host/x?sig=abcdef012345&x=1",
    ]
    texts = []
    for shift in range(0, len(lines), 5):
        body = "\n".join(lines[shift:] + lines[:shift])
        texts.append((body + "\n") * (masking._BY_LINE_MIN // len(body) + 2))
    return texts


def test_masking_by_line_equals_masking_the_whole_text():
    import json
    from pathlib import Path

    from litellm_doctor import masking

    here = Path(__file__).parent
    texts = [json.loads(line).get("text") or "" for path in sorted((here / "corpus").glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [t for t in texts if len(t) >= masking._BY_LINE_MIN and "\n" in t]
    texts += [path.read_text(encoding="utf-8", errors="replace")[:65536] for path in sorted((here / "fixtures" / "logs").glob("*.log"))]
    assert len(texts) >= 50
    texts += _long_texts()
    for text in texts:
        assert masking._mask_shapes(text) == masking._shaped(text, masking._PATTERNS), text[:120]


def _language(items) -> set[str]:
    """Every string a regex without unbounded repeats matches (re._parser's tree; look-arounds match the empty string)."""
    from re import _constants as C  # noqa: N812

    out = {""}
    for op, av in items:
        if op is C.LITERAL:
            options = {chr(av)}
        elif op is C.IN:
            assert all(o is C.LITERAL for o, _ in av), av
            options = {chr(a) for _, a in av}
        elif op is C.BRANCH:
            options = set().union(*(_language(alt) for alt in av[1]))
        elif op is C.SUBPATTERN:
            options = _language(av[-1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, body = av
            assert high <= 3, "unbounded"
            once, options, grown = _language(body), set(), {""}
            for n in range(high + 1):
                if n >= low:
                    options |= grown
                grown = {a + b for a in grown for b in once}
        elif op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            options = {""}
        else:
            raise AssertionError(f"unexpected {op}")
        out = {a + b for a in out for b in options}
    return out


def test_every_secret_name_holds_a_name_word():
    """The gate of the two shapes that only mask a secret's name (masking._NAME_WORDS) never skips one."""
    import re
    from re import _parser

    from litellm_doctor import masking

    names = _language(list(_parser.parse(masking._NAMES, re.UNICODE)))
    assert len(names) > 200 and {"api_key", "x-api-key", "passwd", "client_secret", "session-tokn"} <= names
    for name in names:
        assert any(word in name.lower() for word in masking._NAME_WORDS), name
    # the shapes' names are ASCII, whose lowered letters are the text's lowered letters
    assert masking.mask("API_KEY=abcdef123456") == "API_KEY=****" and masking.mask("--Master-Key abcdef123456") == "--Master-Key ****"


def test_a_secret_pair_inside_another_pairs_value_is_masked():
    """`data=api_key=…` or `"detail": "password=…"` is one pair under a name that is no secret's; the pair inside
    its value is a secret's all the same (review19)."""
    assert mask("data=api_key=plainvalue99") == "data=api_key=****"
    assert mask('"detail": "api_key=plainvalue99"') == '"detail": "api_key=****"'
    assert mask("body=password%3Dhunter22%26user%3Dbob") == "body=password%3D****"
    # a pair inside a value whose names are no secret's stays as it is
    assert mask("data=model=gpt-4o-mini") == "data=model=gpt-4o-mini"
    assert mask('"first_seen": "00:00:05"') == '"first_seen": "00:00:05"'


def test_a_secret_in_a_python_bytes_repr_is_masked():
    """`api_key=b'…'` (a Python repr of bytes): the `b` before the quote is not the value (review19)."""
    assert mask("api_key=b'plainvalue99'") == "api_key=b'****'"
    assert mask("{'api_key': b\"plainvalue99\"}") == "{'api_key': b\"****\"}"
    assert mask("model=b'gpt-4o-mini'") == "model=b'gpt-4o-mini'"


def test_a_url_encoded_authorization_is_masked():
    """`Bearer%20…` / `Authorization%3A%20Basic%20…` (a header logged URL-encoded): `%20` is the space (review19)."""
    assert mask("authorization=Bearer%20plainvalue99") == "authorization=Bearer%20****"
    assert mask("Authorization%3A%20Bearer%20plainvalue99") == "Authorization%3A%20Bearer%20****"
    assert mask("h=Basic%20dXNlcjpwYXNzd29yZA%3D%3D") == "h=Basic%20****%3D%3D"
    assert mask("Authorization%3A%20Bearer") == "Authorization%3A%20Bearer"


def test_an_incoming_webhook_url_is_masked():
    """A Slack, Discord or Teams incoming webhook's path is its credential (LiteLLM's alerting posts to them; a
    failed post logs the URL) (review19)."""
    assert mask("POST https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopqrstuvwx failed") == (
        "POST https://hooks.slack.com/services/**** failed")
    assert mask("https://discord.com/api/webhooks/123456789/abcdefghijklmnopqrstuvwxyz0123") == (
        "https://discord.com/api/webhooks/123456789/****")
    assert mask("see https://api.slack.com/messaging/webhooks") == "see https://api.slack.com/messaging/webhooks"


def test_a_quoted_passphrase_under_a_secret_name_is_masked_whole():
    """`password: "correct horse battery"`: a quoted value with spaces is masked up to its closing quote, not to its
    first space (review19: the words after the first, or all of them when the first was short, were printed)."""
    assert mask('redis_password: "correct horse battery"') == 'redis_password: "****"'
    assert mask("{'api_key': 'my key'}") == "{'api_key': '****'}"
    assert mask('\\"master_key\\": \\"a b c\\"') == '\\"master_key\\": \\"****\\"'
    assert mask('"detail": "api_key is missing here"') == '"detail": "api_key is missing here"'
    assert mask("api_key: 'os.environ/X Y'") == "api_key: 'os.environ/X Y'"


def test_a_known_secret_is_masked_percent_encoded_and_json_escaped_too():
    """A secret read from the config is removed by value also as a URL or a form body writes it (`%2B`, `%2F`, `%3D`)
    and as a JSON encoder that escapes `/` writes it (review19: only the value as written was)."""
    from litellm_doctor import masking

    masking.forget_all()  # what earlier tests of the same process registered is not counted below
    try:
        masking.register("Zq+8/shape==less")
        for text in ("key Zq%2B8%2Fshape%3D%3Dless rejected", "key Zq+8\\/shape==less rejected", "key Zq+8/shape==less",
                     "?u=Zq%2B8/shape%3D%3Dless", "redirect=https%3A%2F%2Fx%3Fk%3DZq%252B8%252Fshape%253D%253Dless"):
            assert "shape" not in mask(text), text
        masking.register("plain_value-1234")
        # the first as written, percent-encoded (quote_plus's agrees), encoded twice, with its `/` kept (urllib's
        # `quote` default, requests'), with `\/`; the second as written
        assert masking.known_count() == 6
    finally:
        masking.forget_all()


def test_a_pair_whose_head_ends_another_pairs_value_is_masked():
    """`client = OpenAI(api_key="…")` (a traceback's source line) and `ValueError: api_key: …`: the pair before took
    `OpenAI(api_key=` or `api_key:` for its value, and the secret after it was never looked at (review19)."""
    assert mask('client = Anthropic(api_key="plainvalue99")') == 'client = Anthropic(api_key="****")'
    assert mask("ValueError: api_key: plainvalue99") == "ValueError: api_key: ****"
    assert mask('x = f(password="a b c", model="gpt")') == 'x = f(password="****", model="gpt")'
    assert mask("api_key: abcd1234==") == "api_key: ****"
    assert mask("litellm_params:   api_key: |     Vq7-Lm3.Zr9_Tn2   model: gpt-4o") == (
        "litellm_params:   api_key: |     ****   model: gpt-4o")
    assert mask('client = OpenAI(base_url="http://x")') == 'client = OpenAI(base_url="http://x")'


def test_a_known_secret_encoded_twice_or_with_its_slash_kept_is_masked():
    """review20: a query string that carries a URL encodes the secret twice (`%252B`), and `urllib.parse.quote` keeps
    `/` by default: both were printed (the last review's leftover)."""
    from litellm_doctor import masking

    masking.forget_all()
    try:
        masking.register("Zq+8/ab==Kx3vPq7RtY2mN9bL")
        assert mask("next=%2Fcb%3Fkey%3DZq%252B8%252Fab%253D%253DKx3vPq7RtY2mN9bL") == "next=%2Fcb%3Fkey%3D****N9bL"
        assert mask("GET /v1?key=Zq%2B8/ab%3D%3DKx3vPq7RtY2mN9bL") == "GET /v1?key=****N9bL"
    finally:
        masking.forget_all()


def test_a_credential_on_the_line_after_its_scheme_is_masked():
    """review20: a wrap (a terminal's width, a re-flowed curl command) left the token on the line after
    `Authorization: Bearer` or a bare `Bearer`; it is masked there by its own shape, else whole when it looks like a
    token (a digit, or 24 characters). A word of prose on the next line is not."""
    assert mask("Authorization: Bearer\n  Zq8wKx3vPq7RtY2mN9bL") == "Authorization: Bearer\n  ****"
    assert mask('curl -H "Authorization: Bearer\nopaque.token-value_123456" http://x') == (
        'curl -H "Authorization: Bearer\n****" http://x')
    assert mask('{"authorization": "Bearer \\nZq8wKx3vPq7RtY2mN9bL"}') == '{"authorization": "Bearer \\n****"}'
    assert mask("token_type: Bearer\n  abcdefghijklmnopqrstuvwxyz01") == "token_type: Bearer\n  ****"
    assert mask("Authorization: Bearer\n  sk-abcdef1234567890") == "Authorization: Bearer\n  sk-****7890"
    for text in ("Authorization: Bearer\nUnauthorized", "send Authorization: Bearer\n  then retry the request",
                 "Authorization: Bearer\n  <your-key>", "the scheme is Basic\nauthentication_failed"):
        assert mask(text) == text


def test_a_yaml_value_on_the_line_after_its_secret_key_is_masked():
    """review20: `password:` then the value indented on the next line (valid YAML: the key's value) was printed from a
    pasted config fragment. A mapping, a list, a comment or a reference under the key is not a value."""
    assert mask("litellm_params:\n  password:\n    hunter2hunter2\n") == "litellm_params:\n  password:\n    ****\n"
    assert mask("- api_key:  # the prod key\n    Zq8wKx3vPq7RtY2mN9bL") == "- api_key:  # the prod key\n    ****"
    assert mask("master_key:\n  sk-abcdef1234567890 # rotate") == "master_key:\n  sk-****7890 # rotate"
    assert mask('client_secret:\n  "two words"') == "client_secret:\n  ****"
    for text in ("credentials:\n  project: my-proj\n", "api_key:\n  - os.environ/A\n", "api_key:\n  os.environ/KEY",
                 "password:\n  null", "api_key:\n# next\nmodel: x", "model:\n  gpt-4o-mini-2024",
                 "api_key:\nmodel_name: gpt-4o", "password:\n  $DB_PASSWORD"):
        assert mask(text) == text, text


def test_a_secret_name_with_invisible_or_full_width_characters_is_masked():
    """review20: a zero-width space or a soft hyphen inside the name, full-width letters, a no-break space after the
    `:` hid the pair from every shape. Text with such characters and no secret keeps them."""
    assert mask("api\u200b_key=Zq8wKx3vPq7RtY2mN9bL") == "api_key=****"
    assert mask("pass\u00adword: hunter2hunter2") == "password: ****"
    assert mask("\uff41\uff50\uff49_\uff4b\uff45\uff59=Zq8wKx3vPq7RtY2mN9bL") == "api_key=****"
    assert mask("api_key:\u00a0hunter2hunter2") == "api_key: ****"
    for text in ("\u6a21\u578b\uff1agpt-4o\uff08\u8d85\u65f6\uff09", "zero\u200bwidth joiner", "caf\u00e9 au lait\u00a0ok"):
        assert mask(text) == text


def test_xml_elements_and_backtick_quoted_pairs_under_a_secret_name_are_masked():
    """review20: `<api_key>…</api_key>` and Markdown's `` `api_key`: `…` `` were printed; the backticks are kept so
    the Markdown still pairs them."""
    assert mask("<Credentials><api_key>Zq8wKx3vPq7RtY2mN9bL</api_key></Credentials>") == (
        "<Credentials><api_key>****</api_key></Credentials>")
    assert mask('<ns:password type="s">hunter2 hunter2</ns:password>') == '<ns:password type="s">****</ns:password>'
    assert mask("`api_key`: `Zq8wKx3vPq7RtY2mN9bL`") == "`api_key`: `****`"
    assert mask("set api_key=`Zq8wKx3vPq7RtY2mN9bL` then") == "set api_key=`****` then"
    for text in ("<model>gpt-4o</model>", "<token_count>1234567</token_count>x", "use `api_key` in `litellm_params`",
                 "<api_key></api_key>", "`model`: `gpt-4o-mini`"):
        assert mask(text) == text, text


def test_a_code_span_ending_in_a_secret_name_is_no_quoted_name():
    """A config line quoted in prose ends its code span with the variable's name: what follows the span is prose
    naming that variable, not its value (the README's first screen printed `: **** is not set` after review20's
    backtick pairs); a span that holds only a (dotted) name is still a quoted name."""
    text = "`model_list[2].litellm_params.api_key: os.environ/ANTHROPIC_API_KEY`: ANTHROPIC_API_KEY is not set"
    assert mask(text) == text
    assert mask("see `creds.api_key`: Zq8wKx3vPq7RtY2mN9bL") == "see `creds.api_key`: ****"


def test_a_url_password_with_a_raw_at_sign_is_masked_whole():
    """review20: `postgres://u:p@ss@db/x` printed `ss` (the password ended at its first `@`); an `@` in the path is
    not the userinfo's."""
    assert mask("postgres://u:p@ssw0rd@db:5432/x") == "postgres://u:****@db:5432/x"
    assert mask("redis://default:a@b@c@cache:6379") == "redis://default:****@cache:6379"
    assert mask("https://u:pass1234@host/path@v2") == "https://u:****@host/path@v2"
    assert mask("see https://host/@user and mailto:a@b.c") == "see https://host/@user and mailto:a@b.c"


def test_a_url_password_with_a_raw_space_is_masked_whole():
    """review21: `postgres://user:pa ss@host` printed the password (it ended at its space, and `pa` was no userinfo).
    A database URL's password, written unencoded, is read up to the `@` before the host; a port then prose before an
    e-mail address is not a password, nor is a web URL's text."""
    assert mask("postgres://user:pa ss@host/db") == "postgres://user:****@host/db"
    assert mask("redis://:my secret pass@redis:6379") == "redis://:****@redis:6379"
    assert mask("could not connect to mysql://root:correct horse@db.internal:3306/x") == (
        "could not connect to mysql://root:****@db.internal:3306/x")
    for text in ("see http://example.com:8080 and mail me@x.com", "redis://localhost:6379 (ask ops@example.com)",
                 "at https://proxy:port or admin@example.com", "postgres://db:5432 then user@host"):
        assert mask(text) == text, text


def test_a_known_secret_partly_encoded_is_masked():
    """review21: a known secret written with some of its characters escaped as no encoder writes them all (`+`
    percent-encoded and `=` not, lower-case hex, `\\x2b`, `\\u002B` with `\\/`) was printed. It is found in the text as
    a reader decodes it, and only its own span is masked (the rest of the text keeps its encoding)."""
    from litellm_doctor import masking

    masking.forget_all()
    try:
        masking.register("Zq+8/ab==Kx3vPq7RtY2mN9bL")
        for text in ("x Zq%2B8/ab==Kx3vPq7RtY2mN9bL y", "Zq%2b8%2fab%3d%3dKx3vPq7RtY2mN9bL", "Zq+8%2Fab%3D%3DKx3vPq7RtY2mN9bL",
                     "k=Zq\\x2b8/ab\\x3d=Kx3vPq7RtY2mN9bL", "k=Zq\\u002B8\\/ab\\u003d=Kx3vPq7RtY2mN9bL",
                     "u=Zq%252b8/ab%3D=Kx3vPq7RtY2mN9bL"):
            out = mask(text)
            assert "Kx3v" not in out and "8/ab" not in out and "8%2" not in out, (text, out)
        assert mask("GET /a%20b?k=Zq%2B8/ab==Kx3vPq7RtY2mN9bL&q=x%2By") == "GET /a%20b?k=****N9bL&q=x%2By"
    finally:
        masking.forget_all()


def test_a_hex_escaped_separator_hides_no_secret():
    """review21: `api_key\\x3d…` (a C or Python byte-string escape of `=`) hid the pair and even a provider key's shape.
    The text is also read with its printable `\\xNN` escapes decoded, and that reading kept when it masks more; a
    Windows path's `\\x64` is kept."""
    assert mask("api_key\\x3dsk-abcdefghijklmnop1234") == "api_key=****"
    assert mask("model\\x3dsk-abcdefghijklmnop1234") == "model=sk-****1234"
    assert mask("b'password\\x3dhunter2hunter2'") == "b'password=****'"
    assert mask("\\x22token\\x22: \\x22Zq8wKx3vPq7RtY2mN9bL\\x22") == '"token": "****"'
    for text in ("C:\\Program Files\\Lib\\x64\\api.dll", "regex \\x3d matches =", "b'\\x00\\x1b[31m'"):
        assert mask(text) == text, text


def test_indented_prose_under_a_token_key_is_kept():
    """review21: the YAML next-line shape read any deeper-indented scalar under a secret-named key as its value, so a
    `token:` heading followed by an indented sentence was masked. A sentence (several words ending in `.`, `?` or `!`,
    or six words or more, none of them token-like) is kept; a one- to five-word value, or one holding a token-like
    word, is still masked."""
    for text in ("token:\n  The token you were given by your admin.\n",
                 "Missing token:\n    set LITELLM_MASTER_KEY in the proxy's environment and restart the container\n",
                 "password:\n  Use the one from the vault, not the default?\n"):
        assert mask(text) == text, text
    assert mask("password:\n  correct horse battery staple\n") == "password:\n  ****\n"
    assert mask("token:\n  my token is Zq8wKx3vPq7RtY2mN9bL here.\n") == "token:\n  ****\n"
    assert mask("litellm_params:\n  password:\n    hunter2hunter2\n") == "litellm_params:\n  password:\n    ****\n"


def test_a_signed_url_and_an_access_key_are_masked():
    """review21: a Google Cloud Storage V4 signed URL's `X-Goog-Signature` (a Vertex / Gemini file's URL in an error or
    a probe's api_base) and an `access_key` pair (secret_sources reads `access_key` as a secret's name; masking's
    shapes did not) were printed."""
    assert mask("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0a1b2c3d4e5f60718293"
                "&X-Goog-Date=20261207T000000Z") == (
        "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=****"
        "&X-Goog-Date=20261207T000000Z")
    assert mask("access_key: Vq7aLm3bZr9cTn2dXy") == "access_key: ****"
    assert mask("?a=1&access_key=Vq7aLm3bZr9cTn2dXy&b=2") == "?a=1&access_key=****&b=2"
    assert mask("volc_access_key=Vq7aLm3bZr9cTn2dXy") == "volc_access_key=****"


def test_a_session_id_in_a_query_string_is_masked():
    """review21: a probe's redirect to a login page printed `…&session=SessCookieVal123` (the cookie the same answer set
    was masked): a session id in a URL is a credential too."""
    assert mask("https://login.example/cb?code=x1234&state=st&session=SessCookieVal123") == (
        "https://login.example/cb?code=****&state=st&session=****")
    assert mask("/app;jsessionid=0A1B2C3D4E5F") == "/app;jsessionid=****"
    assert mask("GET /x?PHPSESSID=abcdef123456&sessionid=qwerty98765") == "GET /x?PHPSESSID=****&sessionid=****"
    assert mask("session_id: 7b2f-trace") == "session_id: 7b2f-trace"  # (a Langfuse session's id, not in a URL)


def test_a_lowercase_word_read_as_a_secret_is_masked_by_shape_not_everywhere():
    """A docker-compose default password (`postgresql://postgres:postgres@db:5432/litellm`, tests/config/real/) was
    registered by value, so every `postgres` was masked: `postgresql://` became `****ql://` and LD-DEPLOY-033 no longer
    read the proxy's database error (and the rule catalog's example failed after any test that loaded such a config).
    A value of lower-case letters only is masked where it stands, by its shape."""
    from litellm_doctor import masking
    from litellm_doctor.diagnosis import diagnose

    masking.forget_all()
    try:
        masking.register("postgres")
        masking.register("changemenow")
        assert masking.known_count() == 0
        assert mask("the URL must start with the protocol `postgresql://` or `postgres://`") == (
            "the URL must start with the protocol `postgresql://` or `postgres://`")
        assert mask("postgresql://postgres:postgres@db:5432/litellm") == "postgresql://postgres:****@db:5432/litellm"
        assert mask("password: changemenow") == "password: ****"
        text = ("Error code: P1012\nerror: Error validating datasource `client`: the URL must start with the protocol "
                "`postgresql://` or `postgres://`.")
        assert diagnose(text).diagnosis.rule_id == "LD-DEPLOY-033"
        masking.register("postgres1")  # a digit: not a word, registered
        assert masking.known_count() == 1
    finally:
        masking.forget_all()


def test_a_passphrase_in_a_query_string_is_masked_whole():
    """harden22: `?password=correct horse battery staple` (a form's GET, logged before it was encoded) printed
    `password=**** horse battery staple`: a password-named query parameter's value runs over its spaces to the next
    parameter, a quote or the line's end (not the request line's `HTTP/1.1`, nor a `name=` pair after it). `pw=` and
    `pass=` were not masked at all."""
    assert mask("GET /login?user=bob&password=correct horse battery staple HTTP/1.1") == (
        "GET /login?user=bob&password=**** HTTP/1.1")
    assert mask("redirect to https://x.example/cb?pwd=correct horse battery staple") == (
        "redirect to https://x.example/cb?pwd=****")
    assert mask('"GET /cb?passwd=correct horse battery&next=/ HTTP/1.1" 302') == '"GET /cb?passwd=****&next=/ HTTP/1.1" 302'
    assert mask("/cb?user=bob&pw=Tr0ub4dor3xyz&next=/") == "/cb?user=bob&pw=****&next=/"
    assert mask("/cb?user=bob&pass=Tr0ub4dor3xyz&next=/") == "/cb?user=bob&pass=****&next=/"
    assert mask("/cb?password=correct horse battery staple user=bob") == "/cb?password=**** user=bob"
    for text in ("/cb?pw=1&x=2", "https://x.example/cb?passenger=someone else", "is the pw=abc ok"):
        assert mask(text) == text


def test_a_sid_or_session_id_in_a_query_string_is_masked():
    """harden22: `?sid=s%3AabcDEF123456.xyz` (an express-session id in a redirect) and `&session_id=…` printed as
    they were; only `session=` / `sessionid=` were masked (review21)."""
    assert mask("GET /api?SID=s%3AabcDEF123456.xyz&x=1") == "GET /api?SID=****&x=1"
    assert mask("https://app.example/x?sid=Zq8vK2pL9xW4&session_id=Zq8vK2pL9xW4mN7b") == (
        "https://app.example/x?sid=****&session_id=****")
    assert mask("/x?session-id=abcdef12&sess_id=abcdef12") == "/x?session-id=****&sess_id=****"
    for text in ("the sid=abcd1234 of the run", "/x?sid=1", "/x?side=left1234"):
        assert mask(text) == text


def test_a_secret_written_with_html_entities_is_masked():
    """harden22: an HTML error page or an XML log writes `&#115;k-proj-…` or `api_key&#61;…` / `&quot;api_key&quot;:
    &quot;…&quot;`: the shapes missed them (the text is read as a browser shows it), and a known secret with one
    character written as an entity was not found by value."""
    from litellm_doctor import masking

    body = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    for text in (f"Incorrect API key provided: &#115;k-proj-{body}", f"key: &#x73;&#x6B;-proj-{body}",
                 "api_key&#61;Zq8vK2pL9xW4mN7bT3cR6yH1", "&quot;api_key&quot;: &quot;Zq8vK2pL9xW4mN7bT3cR6yH1&quot;",
                 "api_key&#x3D;&#x22;Zq8vK2pL9xW4mN7bT3cR6yH1&#x22;"):
        shown = mask(text)
        assert body[4:16] not in shown and "Zq8vK2pL9xW4mN7b" not in shown, (text, shown)
    masking.forget_all()
    try:
        masking.register("q8vK2pL9xW4mN7bT3cR6")
        assert "q8vK2pL9xW4mN7bT3cR6"[4:] not in mask("key was &#113;8vK2pL9xW4mN7bT3cR6 (rejected)")
    finally:
        masking.forget_all()
    for text in ("The model &#39;gpt-4o&#39; does not exist", "&lt;html&gt;&lt;title&gt;502 Bad Gateway&lt;/title&gt;",
                 "a &amp; b &#8212; c"):
        assert mask(text) == text


def test_a_percent_encoded_basic_or_bearer_credential_is_masked_whole():
    """harden22: base64's `+` and `/` written `%2B` / `%2F` (a header logged URL-encoded) ended the token there:
    `Basic%20****%2BYXNzd29yZDEyMw%3D%3D` printed the rest of `user:password`."""
    assert mask("Authorization%3A%20Basic%20dXNlcjpw%2BYXNzd29yZDEyMw%3D%3D") == "Authorization%3A%20Basic%20****%3D%3D"
    assert mask("h=Basic%20dXNl%2Fcjpw%2bYXNzd29yZA") == "h=Basic%20****"
    assert mask("auth=Bearer%20abc%2Fdef123456%2Bxyz&x=1") == "auth=Bearer%20****&x=1"


def test_a_token_a_wrap_cut_in_two_is_masked_on_both_lines():
    """harden22: a terminal's width (or a log viewer's) cut `Bearer <token>` inside the token: the part on the next
    line was printed (`Bearer ****` then `6yH1aBcDeFgHiJkLmN`). The rest of a token that ran to the line's end is masked
    where it starts the next line, when it reads as a token's rest (not a word, a timestamp or a status)."""
    assert mask("curl -H 'Authorization: Bearer Zq8vK2pL9xW4mN7bT3cR\n6yH1aBcDeFgHiJkLmN' http://x") == (
        "curl -H 'Authorization: Bearer ****\n****' http://x")
    jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jV"
    assert mask(f"Authorization: Bearer {jwt}\nmNHl0w5N_XgL0n3I9PlFUP0THsR8U") == "Authorization: Bearer ****\n****"
    shown = mask("Authorization: Bearer sk-abcdefghijklmnop\nqrstuvwxyz0123456789ABCD 401 Unauthorized")
    assert "qrstuvwxyz" not in shown and shown.endswith("\n**** 401 Unauthorized"), shown
    assert mask('{"headers": {"Authorization": "Bearer Zq8vK2pL9xW4mN7bT3cR\\n6yH1aBcDeFgHiJkLmN"}}') == (
        '{"headers": {"Authorization": "Bearer ****\\n****"}}')
    assert mask("Authorization: Basic dXNlcjpwYXNzd29y\n  ZDEyMw==\n") == "Authorization: Basic ****\n  ****\n"
    for rest in ("Traceback (most recent call last):", "2026-12-07 10:00:00 ERROR retry", "401 Unauthorized",
                 "Unauthorized", "then the proxy answered 401", "INFO: 127.0.0.1:5000 - POST /v1/chat"):
        assert mask(f"Authorization: Bearer Zq8vK2pL9xW4mN7bT3cR\n{rest}") == f"Authorization: Bearer ****\n{rest}", rest


def test_a_url_password_with_escaped_slashes_or_percent_encoded_whole_is_masked():
    """harden23: `https:\\/\\/admin:pw@host` (a URL in escaped JSON) and `http%3A%2F%2Fadmin%3Apw%40host` (a URL
    logged as a query parameter) showed the password in `diagnose -f json`'s evidence."""
    assert mask('{"api_base": "https:\\/\\/admin:Sup3rS3cretPw@host\\/v1"}') == '{"api_base": "https:\\/\\/admin:****@host\\/v1"}'
    assert mask("host http%3A%2F%2Fadmin%3ASup3rS3cretPw%40ollama%3A11434") == "host http%3A%2F%2Fadmin%3A****%40ollama%3A11434"
    assert mask("u=https%3a%2f%2fadmin%3aS3cr%21t9%40db%2fx") == "u=https%3a%2f%2fadmin%3a****%40db%2fx"
    for kept in ("http%3A%2F%2Flocalhost%3A4000%2Fv1", "https:\\/\\/api.openai.com\\/v1", "http%3A%2F%2Flocalhost%3A4000%2Fv1%3Fa%3Db"):
        assert mask(kept) == kept


def test_a_token_alone_as_a_urls_user_is_masked():
    """harden23: `https://<token>@proxy.example.com/v1` (git's and HTTP clients' token-as-user form) was printed in the
    facts' api_base and the evidence of every format. Names (`git@`, `first.last2024@`) are kept."""
    assert mask("https://Sup3rS3cretTok3nAbCdEf0123@proxy.example.com/v1") == "https://****@proxy.example.com/v1"
    assert mask("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r.git") == "https://ghp_****6789@github.com/o/r.git"
    assert mask("https:\\/\\/0123456789abcdef0123456789abcdef01234567@github.com") == "https:\\/\\/****@github.com"
    for kept in ("ssh://git@github.com/o/r", "https://john.smith2024@example.com", "https://x-access-token@github.com",
                 "postgres://litellm_proxy_user@db:5432/x", "mailto://support@example.com"):
        assert mask(kept) == kept, kept


def test_an_aws_session_token_standing_alone_is_masked():
    """harden23: botocore's ExpiredToken error and credential dumps print an STS session token with no name before it
    (`… is expired IQoJb3JpZ2luX2Vj…`): `diagnose -f json` showed it. Its fixed base64 header is its shape."""
    token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexampleexampleAiAexampleexample"
    assert mask(f"The security token included in the request is expired {token}") == (
        "The security token included in the request is expired ****")
    assert mask(f"token%3D{token.replace('/', '%2F')}&x=1").startswith("token%3D****")
    old = "FwoGZXIvYXdzEBYaDExampleExampleExampleExampleExampleExample+/=="
    assert mask(f"creds {old} end") == "creds **** end"
    assert mask("IQoJb3JpZ2luX2Vj is the header") == "IQoJb3JpZ2luX2Vj is the header"


def test_an_npm_token_is_masked_and_npm_variables_are_not():
    """harden23: `npm_` + 36 letters and digits (an npm access token, in an .npmrc pasted with an error) was printed."""
    assert mask("//registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789") .endswith("****")
    assert mask("token npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 here") == "token npm_****6789 here"
    for kept in ("npm_config_user_agent_abcdefghijklmnopqrstuvw", "npm_package_json", "npm_lifecycle_event=test"):
        assert mask(kept) == kept


def test_a_custom_auth_headers_value_is_masked_and_a_pip_pin_is_not():
    """harden23: `report --config` printed `extra_headers: {X-Custom-Auth: "…"}` in the bug report meant for pasting in
    public: a name ending in `auth` (`X-Auth`, `Proxy-Auth`, `auth_header`), `X-Auth-Key`, Azure Functions'
    `x-functions-key` and signing / encryption / HMAC keys are secret names now. `google-auth==2.63.1` stays, and so
    does `auth` alone (`auth: jwt` is a mode; `auth=Bearer%20…` is masked by its own shape)."""
    for name in ("X-Custom-Auth", "X-Auth", "Proxy-Auth", "X-Auth-Key", "auth_header", "x-functions-key",
                 "signing_key", "encryption-key", "hmac_key"):
        assert mask(f"{name}: zzsecretheaderval") == f"{name}: ****", name
    assert mask('extra_headers: {X-Custom-Auth: "zzsecretheaderval"}') == 'extra_headers: {X-Custom-Auth: "****"}'
    for kept in ("google-auth==2.63.1", "npm:opencode-antigravity-auth==1.6.0", "auth: true", "auth: os.environ/X_AUTH",
                 "litellm.AuthenticationError: AuthenticationError: OpenAIException - 401"):
        assert mask(kept) == kept, kept


def test_a_jwt_glued_to_what_stands_before_it_is_masked_whole():
    """harden23: `\\x3deyJ…`, `abceyJ…` (the long-token shape took the header and printed payload and signature: the
    token again, its standard header being guessable), `_eyJ…`, `-eyJ…` (not masked at all), and a JWT with its dots
    percent-encoded. Glued, its payload and signature are found by the payload (JSON, as the header: `eyJ` after a
    dot and a header's length); the header, `{"alg": …}`, is no secret."""
    jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
    payload, signature = jwt.split(".")[1:]
    for before in ("x\\x3d", "abc", "_", "-", "token_"):
        shown = mask(before + jwt)
        assert payload not in shown and signature[:12] not in shown and shown.endswith("****"), shown
    shown = mask("t=" + jwt.replace(".", "%2E"))
    assert payload not in shown and signature[:12] not in shown, shown
    for kept in ("heyJohnny.fooba.r", "monkeyJumpingJacksFlashGordon.example.com"):
        assert mask(kept) == kept


def test_an_environment_entry_written_as_name_then_value_is_masked():
    """(session 24) A Kubernetes `env:` list, an ECS task definition's `environment`: the value of a secret-named entry
    was printed, no pair naming it (`- name: OPENAI_API_KEY` / `value: …`). Other entries and `valueFrom` are kept."""
    for text in ('{"name": "OPENAI_API_KEY", "value": "NameValKey0123456"}',
                 '[{\\"name\\": \\"LITELLM_MASTER_KEY\\", \\"value\\": \\"NameValKey0123456\\"}]',
                 "env:\n  - name: LITELLM_MASTER_KEY\n    value: NameValKey0123456\n",
                 "- name: AZURE_API_KEY\n  value: 'NameValKey0123456'"):
        assert "NameValKey0123456" not in mask(text), text
    for text in ('{"name": "OPENAI_API_BASE", "value": "https://example.com/v1"}',
                 "- name: OPENAI_API_KEY\n  valueFrom:\n    secretKeyRef: {name: openai, key: api-key}",
                 "- name: LOG_LEVEL\n  value: DEBUG_VERBOSE"):
        assert mask(text) == text, text


def test_a_pair_after_a_message_with_spaces_around_its_equals_is_masked():
    """(session 24) `TypeError:    api_key = '…'`: the message's `:` took `api_key` for its value and the pair was never
    tried; a word followed by ` = ` is the next pair's name."""
    for text in ("error:     api_key = 'TbLocal0123456789' end", "ValueError: password = hunter2hunter2"):
        assert "TbLocal0123456789" not in mask(text) and "hunter2hunter2" not in mask(text), text
    assert mask("status: running = true") == "status: running = true"


def test_a_header_as_a_python_pair_is_masked():
    """(session 24) httpx's raw header list in a debug log: `(b'x-api-key', b'…')` printed a key with no shape."""
    for text in ("[(b'Host', b'api.x.com'), (b'x-api-key', b'BytesKey0123456789')]", "(b'Authorization', b'rawtoken0123456789')",
                 "('api_key', 'TupKey0123456789')"):
        masked = mask(text)
        assert "0123456789" not in masked and "****" in masked, masked
    for text in ("(b'anthropic-version', b'2023-06-01')", "('model', 'gpt-4o-2024-08-06')"):
        assert mask(text) == text
