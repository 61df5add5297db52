"""wordwrap.wrap_words is textwrap.wrap with the options the text views use (formats/columns.py), without textwrap's
import: the same lines for every text, width and indent."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap

import pytest

from litellm_doctor.wordwrap import wrap_words

PIECES = ["a", "word", "litellm.RateLimitError:", "https://docs.litellm.ai/docs/proxy/reliability", " ", "  ", "\t",
          "\n", "\n\n", "\r\n", "\x0b", "\x0c", "\u00a0", "\u2003", "\u3000", "-", "--", "well-known", "é", "日本語",
          "`model: gpt-4o`", "x" * 45, "y" * 120, ".", ",", "'", "\u200b", " \t "]


def _texts(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 40)))


@pytest.mark.parametrize("seed", range(8))
def test_wrap_words_is_textwrap_wrap(seed):
    rng = random.Random(1000 + seed)
    indents = ["", " ", "   ", "Fix  ", "\t", "- ", "•  ", "x" * 30]
    for text in _texts(seed, 1500):
        width = rng.choice([1, 2, 5, 10, 20, 40, 60, 80, 100, 120])
        first, rest = rng.choice(indents), rng.choice(indents)
        expected = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                                 break_long_words=False, break_on_hyphens=False)
        assert wrap_words(text, width, first, rest) == expected, (text, width, first, rest)


def test_a_width_that_is_not_positive_is_refused_as_textwrap_refuses_it():
    for width in (0, -3):
        with pytest.raises(ValueError, match="invalid width"):
            wrap_words("a b", width)
        with pytest.raises(ValueError, match="invalid width"):
            textwrap.wrap("a b", width=width)


def test_a_pasted_error_s_text_output_does_not_import_textwrap():
    """~3.8 M instructions of a cold run (its regexes compiled at import), for a wrap at spaces."""
    code = (
        "import atexit, sys\n"
        "from litellm_doctor.launch import main\n"
        "atexit.register(lambda: print('LOADED', 'textwrap' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['litellm-doctor', 'diagnose', 'litellm.RateLimitError: RateLimitError: OpenAIException - Rate "
        "limit reached for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Used 29000, Requested "
        "2000. Please try again in 6.7s.']\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env={**os.environ, "COLUMNS": "60", "NO_COLOR": "1"})
    assert b"LOADED False" in proc.stderr, proc.stderr
    assert b"quota_rate" in proc.stdout
