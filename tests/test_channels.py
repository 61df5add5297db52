"""What the channel a paste went through did to its characters is undone before the rules read it (issue #9,
HOLDOUT_EVAL.md, fifty-seventh pass): HTML entities, curly quotes, non-breaking and zero-width characters and
their escapes, cp1252 mojibake, GitHub Actions' markers, `^M`, a quote of a quote, IPython's traceback."""

from __future__ import annotations

import dataclasses
import json

import pytest
from corpus_scripts import load

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.channels import clean, notebook

variants = load("variants", "corpus_variants")

NO_DEPLOYMENTS = ("No deployments available for selected model, Try again in 5 seconds. Passed model=gpt-4o. "
                  "pre-call-checks=False, allowed_model_region=n/a, cooldown_list=[]")


def answer(text: str):
    report = diagnose(text)
    return report.diagnosis.rule_id if report.diagnosis else report.answer, report.facts


def shown(text: str) -> str:
    return json.dumps(dataclasses.asdict(diagnose(text)), default=str, ensure_ascii=False)


def test_ascii_text_without_markers_is_returned_as_is():
    text = "litellm.RateLimitError: RateLimitError: OpenAIException - Error code: 429"
    assert clean(text) is text
    assert notebook(text) is text


def test_a_json_body_with_an_escaped_nbsp_reads_as_with_a_space():
    # The lead's example (a body inside another string, so its quotes are escaped too).
    body = json.dumps({"error": {"message": NO_DEPLOYMENTS, "type": "None", "param": "None", "code": "429"}},
                      separators=(",", ":")).replace('"', '\\"')
    nbsp = body.replace("deployments available", "deployments\\u00a0available")
    assert answer(nbsp) == answer(body)
    assert answer(nbsp)[0] == "LD-ROUTE-002"


@pytest.mark.parametrize("escape", ["\\u00a0", "\\\\u00a0", "\\xa0", "\\xc2\\xa0", "\\u202F", "\\u200b"])
def test_escapes_of_spaces_and_invisible_characters(escape):
    out = clean(f"No deployments{escape}available")
    assert out in ("No deployments available", "No deploymentsavailable")


def test_utf8_bytes_of_other_characters_and_a_double_quote_escape_are_kept():
    assert clean("caf\\xc3\\xa9 \\u201c") == "caf\\xc3\\xa9 \\u201c"
    assert clean("isn\\xe2\\x80\\x99t") == "isn't"


def test_characters_a_chat_app_or_autocorrect_puts():
    assert clean("“gpt\u20114o” isn’t\u00a0here\u202f5\u200bs") == "\"gpt-4o\" isn't here 5s"


def test_html_entities_and_a_body_behind_them():
    body = '{"error": {"message": "litellm.AuthenticationError: Invalid proxy server token passed. Received API Key = sk-...abcd", "type": "auth_error", "param": "None", "code": "401"}}'
    escaped = body.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
    assert clean(escaped) == body
    assert answer(escaped) == answer(body)
    assert clean("&amp;quot; &#x27; &#0; &bogus;") == "&quot; ' &#0; &bogus;"


def test_mojibake_of_curly_quotes_and_nbsp():
    assert clean("â€œgpt-4oâ€\x9d isnâ€™t\u00c2\u00a0here") == '"gpt-4o" isn\'t here'
    # the `”` whose last byte a decoder dropped
    assert clean("â€œxâ€ y") == '"x" y'
    assert clean("café déjà") == "café déjà"


def test_a_key_spelt_with_a_non_breaking_hyphen_or_cut_by_a_zero_width_space_is_masked():
    key = "sk-1i__lVz3qAAR3IVbLrsvSgXy"
    for text in (f"Invalid proxy server token passed. Received API Key = {key.replace('-', chr(0x2011))}",
                 f"Authentication Error, Invalid API key: {key[:10]}\u200b{key[10:]}"):
        out = shown(text)
        assert key[3:15] not in out.replace("\u200b", "").replace("\u2011", "-")


def test_github_actions_markers_and_the_runner_exit_line():
    log = ("2025-11-03T10:22:41.5512345Z ##[error]litellm.NotFoundError: NotFoundError: OpenAIException - The model `gpt-5x` does not exist\n"
           "2025-11-03T10:22:41.5514076Z ##[error]Process completed with exit code 1.")
    assert clean(log) == "2025-11-03T10:22:41.5512345Z litellm.NotFoundError: NotFoundError: OpenAIException - The model `gpt-5x` does not exist\n"
    assert answer(log) == answer("litellm.NotFoundError: NotFoundError: OpenAIException - The model `gpt-5x` does not exist")


def test_caret_m_line_ends_and_caret_escape():
    assert clean("a^M\nb^M") == "a\nb"
    assert clean("^[[31mred^[[0m") == "\x1b[31mred\x1b[0m"
    assert clean("x^My") == "x^My"


def test_a_quote_of_a_quote():
    text = f"litellm.RateLimitError: {NO_DEPLOYMENTS}\nReceived Model Group=gpt-4o"
    for prefix in (">> ", "> > "):
        assert answer("\n".join(prefix + line for line in text.split("\n"))) == answer(text)


IPYTHON = """---------------------------------------------------------------------------
RateLimitError                            Traceback (most recent call last)
Cell In[3], line 5
      2 from litellm import completion
      4 messages = [{"role": "user", "content": "hi"}]
----> 5 response = completion(model="gpt-4", messages=messages)

File ~/.venv/lib/python3.11/site-packages/litellm/utils.py:1330, in client.<locals>.wrapper(*args, **kwargs)
   1326     if (
   1327         liteDebuggerClient and liteDebuggerClient.dashboard_url != None
   1328     ):  # make it easy to get to the debugger logs if you've initialized it
   1329         e.message += f"\\n Check the log in your dashboard - {liteDebuggerClient.dashboard_url}"
-> 1330 raise e

RateLimitError: OpenAIException - Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4 in organization org-abc on tokens per min (TPM): Limit 10000, Used 6353, Requested 4265. Please try again in 3.708s.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}"""


def test_ipython_traceback_reads_as_pythons():
    read = notebook(IPYTHON)
    assert read.startswith("Traceback (most recent call last):\n  File \"<ipython-input>\", line 5, in <module>\n")
    assert '  File "~/.venv/lib/python3.11/site-packages/litellm/utils.py", line 1330, in client.<locals>.wrapper\n    raise e\n' in read
    assert "liteDebuggerClient" not in read
    # the class's module, dropped by IPython, written back: the last frame is LiteLLM's
    assert read.splitlines()[-1].startswith("litellm.exceptions.RateLimitError: OpenAIException - ")
    rule, facts = answer(IPYTHON)
    assert facts.get("exception") == "litellm.RateLimitError" and facts.get("status") == "429"
    # not LiteLLM's frame: the class is left as IPython shows it
    other = IPYTHON.replace("litellm/utils.py", "openai/_base_client.py")
    assert notebook(other).splitlines()[-1].startswith("RateLimitError: OpenAIException")


@pytest.fixture(scope="module")
def channel_rows():
    channels_eval = load("channels_eval")
    rows = []
    for record in variants.load():
        base = answer(record["text"])
        for family in channels_eval.CHANNELS:
            text = variants.FAMILIES[family](record["text"])
            if text != record["text"]:
                ref = answer(channels_eval.REFERENCE[family](text)) if family in channels_eval.REFERENCE else base
                rows.append((family, ref[0], answer(text)[0]))
    return rows


def test_the_channel_families_keep_the_rule(channel_rows):
    # Measured (HOLDOUT_EVAL.md, fifty-seventh pass): 81.2% of the channel variants kept the bare text's rule
    # before channels.py (3105/3809), 100% after (3809/3809).
    same = sum(1 for _f, want, got in channel_rows if want == got)
    assert same / len(channel_rows) >= 0.995, f"{same}/{len(channel_rows)}"


@pytest.mark.parametrize("text", [
    "\\" * 200_000 + "q",
    ("\\xa0" + "\\" * 50) * 5000,
    "&" * 200_000 + ";",
    "\u00c3" * 200_000,
    "\u00e2\u20ac" * 100_000,
    "-" * 75 + "\nX  Traceback (most recent call last)\n" + "File a:1, in f(x) junk:1" * 600,
    "```" * 100_000,
    "<details" * 50_000 + "<summary>",
    "^M^[##[" * 50_000,
])
def test_hostile_input_is_cleaned_in_bounded_time(text):
    import time

    start = time.perf_counter()
    notebook(clean(text))
    assert time.perf_counter() - start < 2.0


COLAB = """---------------------------------------------------------------------------
KeyError                                  Traceback (most recent call last)
<ipython-input-3-5a4f3d2f1e1b> in <cell line: 5>()
      3 messages = [{"role": "user", "content": "hi"}]
----> 5 response = completion(model="together_ai/mistral", messages=messages, functions=functions)

/usr/local/lib/python3.10/dist-packages/litellm/utils.py in get_optional_params(model, functions, **kwargs)
   3271         if "functions" in non_default_params:
   3272             optional_params["tools"] = (
-> 3273                 "tools", non_default_params.pop("functions")
   3274             )

KeyError: 'functions'"""


def test_ipython_7_traceback_as_colab_shows_it():
    read = notebook(COLAB)
    assert read == ('Traceback (most recent call last):\n'
                    '  File "<ipython-input>", line 5, in <module>\n'
                    '    response = completion(model="together_ai/mistral", messages=messages, functions=functions)\n'
                    '  File "/usr/local/lib/python3.10/dist-packages/litellm/utils.py", line 3273, in get_optional_params\n'
                    '    "tools", non_default_params.pop("functions")\n'
                    "KeyError: 'functions'")
    assert answer(COLAB)[0] == "LD-REQ-108"
