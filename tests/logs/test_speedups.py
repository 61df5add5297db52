"""The speed-ups of the log reader change no result: each is checked against the plain form it replaces."""

from __future__ import annotations

import re

from litellm_doctor.logs import reader, signature

from . import shapes

# The collector-prefix column as it was before its word runs were made possessive.
_PLAIN_PREFIX = (
    rb"(?:\[pod/[^\]\n]{1,250}\] |[\w.\-]{1,80}(?: [\w.\-]{1,80})? *\| ?)?"
    rb"(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)? )?"
)


def _plain(rx: re.Pattern[bytes]) -> re.Pattern[bytes]:
    assert reader._PREFIX in rx.pattern
    return re.compile(rx.pattern.replace(reader._PREFIX, _PLAIN_PREFIX))


def _log() -> bytes:
    text, _expected = shapes.mixed_log(seed=3, copies=2)
    unwrapped = reader.Unwrapper().unwrap(text.encode("utf-8"))
    # Lines that test the column: long dotted names, names with `|` late, a compose column, no column.
    extra = (b"litellm.exceptions.NotFoundError: litellm.NotFoundError: x\n"
             + b"a" * 79 + b" b | 10:00:00 - LiteLLM:ERROR: x.py:1 - y\n"
             + b"a" * 81 + b" | 10:00:00 - LiteLLM:ERROR: x.py:1 - y\n"
             + b"web.1 worker-2   | ERROR:    Exception in ASGI application\n"
             + b"x.y z.w q | INFO:     1.2.3.4:5 - \"GET / HTTP/1.1\" 200 OK\n")
    return unwrapped + extra


def test_possessive_prefix_matches_what_the_plain_prefix_matches():
    data = _log()
    for rx in (reader.PREFIX, reader.HEADER, reader.NEXT):
        plain = _plain(rx)
        assert [m.span() for m in rx.finditer(data)] == [m.span() for m in plain.finditer(data)]
    starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]
    for pos in starts:
        a, b = reader.HEADER.match(data, pos), _plain(reader.HEADER).match(data, pos)
        assert (a and a.groupdict()) == (b and b.groupdict())


def test_signature_memo_gives_the_computed_signature():
    cores = ["litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o in 20s",
             "litellm.Timeout: APITimeoutError - Request timed out. - timeout value=30.0, time taken=30.5 seconds",
             "No deployments available for selected model, Try again in 60 seconds. Passed model=claude-3."]
    for core in cores:
        expected = signature._normalise(signature.cut_suffixes(core).split("\n", 1)[0].strip()[:720])
        assert signature.signature(core) == expected
        assert signature.signature(core) == expected  # the memoised answer


def test_names_memo_gives_what_the_whole_head_gives():
    heads = [
        "10:00:00 - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - litellm.proxy.proxy_server."
        "_handle_llm_api_exception(): Exception occured - litellm_call_id=ab-12 - litellm.NotFoundError: x. "
        "Received Model Group=model-404\nAvailable Model Group Fallbacks=None",
        "_handle_llm_api_exception(): Exception occured - No deployments available for selected model, Try again "
        "in 60 seconds. Passed model=claude-3. pre-call-checks=False, cooldown_list=['d1', 'd2']",
        # A name in the wrapper itself: not memoised on the tail, still found.
        "model_group=early - x(): Exception occured - litellm_call_id=model=odd - litellm.Timeout: y model_group=g1",
        "no wrapper: Received Model Group=m1 cooldown_list=['z']",
    ]
    for head in heads * 2:
        assert signature.names(head) == (tuple(signature.model_groups(head)), tuple(signature.cooldown_ids(head)))
