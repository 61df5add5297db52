"""The speed-ups of the log reader change no result: each is checked against the plain form it replaces."""

from __future__ import annotations

import io
import re

from litellm_doctor.logs import reader, signature

from . import shapes

# The collector-prefix column as it was before its word runs were made possessive.
_PLAIN_PREFIX = (
    rb"(?:\[pod/[^\]\n]{1,250}\] |[\w.\-@]{1,80}(?: [\w.\-]{1,80})? *\| ?)?"
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


def _failure_blocks() -> list[bytes]:
    """The proxy's own failure records from the lab (header, traceback, suffixes), each with the access
    line that follows it."""
    blocks, current = [], None
    for line in (shapes.FIXTURES / "proxy-default.log").read_bytes().splitlines(keepends=True):
        if b":ERROR: " in line:
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith(b"INFO:     127.0.0.1"):
                blocks.append(b"".join(current))
                current = None
    assert len(blocks) >= 3
    return blocks


def test_record_end_memo_ends_records_where_the_search_does():
    """`LogReader._record_end` remembers a record's continuation lines; a record whose lines come back
    byte for byte ends where `NEXT.search` ends it, also when the same lines are followed by one more
    continuation line, cut short, or differ in their last byte."""
    blocks = _failure_blocks()
    variants = []
    for n, block in enumerate(blocks):
        head, rest = block.split(b"\n", 1)
        body, access = rest.rsplit(b"INFO:     127.0.0.1", 1)
        access = b"INFO:     127.0.0.1" + access
        stamp = f"{n % 60:02d}".encode()
        variants += [
            block,
            head.replace(b":ERROR:", stamp + b" :ERROR:", 0) + b"\n" + body + access,  # the same again
            head + b"\n" + body + b"  one more indented line\n" + access,  # the lines go on
            head + b"\n" + body + b"Available Model Group Fallbacks=x\n" + access,  # a known suffix after them
            head + b"\n" + body[: len(body) // 2] + b"\n" + access,  # cut short
            head + b"\n" + body[:-2] + b"!\n" + access,  # the last byte differs
            head + b"\n" + body + b"10:00:00 - LiteLLM Router:INFO: router.py:1 - next\n" + access,
        ]
    data = b"".join(variants * 3)
    r = reader.LogReader(io.BytesIO(b""))
    checked = remembered = 0
    for m in re.finditer(rb"(?m)^", data):
        ls = m.start()
        header = reader.HEADER.match(data, ls)
        if header is None or header.group("json") or header.group("uvlevel") == b"INFO":
            continue
        eol = data.find(b"\n", ls)
        if eol < 0:
            continue
        nxt = reader.NEXT.search(data, eol, len(data))
        expected = nxt.start() + 1 if nxt else len(data)
        assert r._record_end(data, ls, eol, len(data)) == expected, data[ls:eol]
        checked += 1
        remembered = max(remembered, len(r._ends))
    assert checked > 50 and remembered > 0


def test_python_probes_find_each_literal_and_nothing_less():
    """The grouped pure-Python probes (look-behinds, shared prefixes) hit a line exactly when one of
    LITERALS is in it, including near misses."""
    from litellm_doctor.logs.scan import LITERALS, LiteralScanner

    near = [b"WARNIN", b"ARNING", b"CRITICA", b"RITICAL", b"Error:x", b"errors: ", b"rror: ", b"error ]: ", b"error\x1b[0m: ", b'"level":"Error"', b'"level": "error"',
            b"litellm.Timeou", b"litellm Timeout",
            b"Trace back (most recent call last)", b"back (most recent call last)", b"Falling back to model",
            b"falling back to model_group", b"fallback b/w models", b"Successful fallback b/w model", b'"4', b'" 3',
            b"Exception occurred", b"ERRO", b"RROR"]
    lines = [b"x " + lit + b" y" for lit in LITERALS] + [b"x " + n + b" y" for n in near]
    data = b"\n".join(lines) + b"\n"

    def hit_lines(positions):
        return {data.count(b"\n", 0, p) for p in positions}

    expected = set(range(len(LITERALS)))
    assert hit_lines(LiteralScanner(LITERALS).hits(data, len(data))) == expected
    assert hit_lines(LiteralScanner().hits(data, len(data))) == expected


def _records(data: bytes, split: bool, **kw) -> tuple[list[tuple], int]:
    """Every record the reader yields, as comparable tuples, and how many reads were pieces of their
    own (`LogReader._split`); with split=False every read is joined to what is carried, as before."""
    r = reader.LogReader(io.BytesIO(data), **kw)
    own = 0
    if not split:
        r._split = lambda data, nl: None  # type: ignore[method-assign]
    pieces = r._pieces

    def counted():
        nonlocal own
        for buf, start, end in pieces():
            own += start > 0
            yield buf, start, end

    r._pieces = counted  # type: ignore[method-assign]
    out = [(x.kind, x.level, x.message, x.time, x.component, x.raw, x.offset, x.fields,
            x.access.groupdict() if x.access else None) for x in r]
    return out, own


def test_a_read_read_as_its_own_piece_gives_the_same_records(engine):
    """A read is a piece by itself from its first record start on (no copy of it joined to what is
    carried): the records, their offsets and the stats are those of the joined read, with JSON
    collector lines (which turn the split off) and without, whatever the chunk size."""
    text, _expected = shapes.mixed_log(seed=4, copies=1)
    plain = _failure_blocks() * 200  # the proxy's own text framing: no collector JSON anywhere
    for data in (text.encode("utf-8"), b"".join(plain)):
        for chunk in (777, 64 * 1024, reader.CHUNK):
            joined, own_joined = _records(data, split=False, chunk_size=chunk)
            split, own = _records(data, split=True, chunk_size=chunk)
            assert own_joined == 0
            assert split == joined, chunk
            if len(data) > reader.SAMPLE_BYTES + 2 * chunk:
                assert own > 0, chunk  # the split was taken
