"""Property-based tests: no input can make the paste path raise anything but a clean InputError.

A longer fuzzing session: `HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py tests/hardening/test_fuzz_inputs.py`
(profiles in tests/fuzz_profiles.py; the log reader and config loader are fuzzed in tests/hardening/).
"""

from __future__ import annotations

import json

import fuzz_profiles  # noqa: F401 - registers and loads the `default` / `long` profiles
from hypothesis import given
from hypothesis import strategies as st

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.errors import InputError
from litellm_doctor.formats import FORMATS, get_formatter
from litellm_doctor.masking import mask


# Fragments of real LiteLLM errors, so generated texts reach deep into the rules, not just miss them.
FRAGMENTS = [
    "litellm.RateLimitError: ", "RateLimitError: OpenAIException - ", "No deployments available for selected model",
    ", Try again in 5 seconds. ", "cooldown_list=['", "litellm.AuthenticationError: ", "Incorrect API key provided: ",
    "Received Model Group=", "\nAvailable Model Group Fallbacks=None", "timeout value=", "time taken=",
    '{"error": {"message": "', '", "code": "429"}}', "Connection error.", "Missing credentials", "os.environ/",
    "\x1b[31m", "\\n", "sk-", "Bearer ", "postgresql://u:p@h/db", "Budget has been exceeded!", "\x00", "\ufffd",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=25).map("".join)


def _diagnose_or_input_error(data):
    try:
        return diagnose(data)
    except InputError:
        return None


@given(texts)
def test_any_text_diagnoses_or_is_refused_cleanly(text):
    report = _diagnose_or_input_error(text)
    if report is not None:
        assert report.category in ("auth", "quota_rate", "routing", "timeout", "deployment", "other", "unknown")
        for name in FORMATS:
            out = get_formatter(name).render(report)
            if name == "json":
                json.loads(mask(out))  # still valid JSON after the exit masking


@given(st.binary(max_size=2000))
def test_any_bytes_diagnose_or_are_refused_cleanly(data):
    _diagnose_or_input_error(data)


@given(texts)
def test_masking_is_idempotent_and_total(text):
    once = mask(text)
    assert mask(once) == once


@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                    lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(st.text(max_size=8), c, max_size=4)),
                    max_leaves=30))
def test_any_json_body_is_handled(value):
    _diagnose_or_input_error(json.dumps({"error": value}))
