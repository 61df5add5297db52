"""Hardening review 25 (session 25's harden25): each test failed before its fix."""

from __future__ import annotations

import json

import pytest

from hardening_helpers import run_cli

FORMATS = ["text", "json", "markdown", "github", "sarif", "junit"]

# A secret's value written in JSON syntax, as a pasted body carries it: with an escaped quote, a backslash, a comma
# and a brace inside; inside a JSON string (escaped once) and two levels down; with `\u` escapes.
SHAPED = {
    "QuoteInside-7f3a": '{"password": "pa\\"ss,w}rd-QuoteInside-7f3a"}',
    "BackslashIn-51c2": '{"api_key": "C:\\\\keys\\\\BackslashIn-51c2"}',
    "EscapedOnce-9d0e": '{"message": "bad request: {\\"api_key\\": \\"ab\\\\\\"EscapedOnce-9d0e\\"}"}',
    "TwoLevels-2b8c": '"{\\\\\\"master_key\\\\\\": \\\\\\"TwoLevels-2b8c-0123456\\\\\\"}"',
    "UEscapes-4e61": '{"api_key": "\\u00e9t\\u00e9-UEscapes-4e61"}',
    "Quote0022-8a7b": '{"api_key": "abcdef\\u0022Quote0022-8a7b"}',
    "PyRepr-6c5d": "{'api_key': 'it\\'s-PyRepr-6c5d'}",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_json_value_under_a_secret_name_is_masked_whole_in_every_format(fmt):
    """The pair shape ended a value at a backslash, a comma or a brace (masking.py): `"password": "pa\\"ss,w}rd…"`,
    `{\\"api_key\\": \\"ab\\\\\\"…\\"}` or `"api_key": "\\u00e9…"` printed the value's rest, or the whole value when the
    escape came in its first six characters; escaped JSON two levels down was not read at all."""
    text = "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: " + \
        " ".join(SHAPED.values())
    run = run_cli(["diagnose", "-", "-f", fmt, "-v"], stdin=text.encode())
    assert run.returncode in (0, 1), run.output
    leaked = [marker for marker in SHAPED if marker in run.output]
    assert not leaked, (leaked, run.stdout)


KNOWN = 'Zq"8\\ab\tKnown-Secret-93e1/+=='


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_known_secret_with_a_quote_or_a_backslash_is_masked_as_json_writes_it(fmt):
    """A key read from the environment (or a config) holding `"`, `\\` or a tab was masked only as written raw: in a
    pasted JSON body it is `Zq\\"8\\\\ab\\tKnown…` (or escaped again inside a log line's JSON string, or as Python's
    repr() writes it), and it was printed whole."""
    once = json.dumps(KNOWN)[1:-1]
    text = ("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: "
            f'{{"error": {{"message": "bad key {once}"}}}} '
            f'{{"log": {json.dumps(json.dumps({"key": KNOWN}))}}} '
            f"headers={{'x-api-token': {KNOWN!r}}}\n")
    run = run_cli(["diagnose", "-", "-f", fmt, "-v"], stdin=text.encode(), env={"OPENAI_API_KEY": KNOWN})
    assert run.returncode in (0, 1), run.output
    assert "Known-Secret-93e1" not in run.output, run.stdout
