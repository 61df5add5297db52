"""A repeated record read by its shape (LogReader.items, Triage.repeat) is counted as its Record would be.

Each log here is triaged twice: as `watch` reads it (every record a Record, Triage.add) and as `diagnose --log`
does (triage_stream: the repeats of a shape the triage read once come as their shape); the reports must be the same,
and the second way must have read repeats (or none, where a record must not be read by its shape).
"""

from __future__ import annotations

import io
import json
import random

import pytest

from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.formats.base import report_dict
from litellm_doctor.logs import build_report, triage_stream
from litellm_doctor.logs.reader import MAX_RECORD, LogReader
from litellm_doctor.logs.triage import Triage

from . import shapes
from .conftest import FIXTURES, engines

RULES = load_rules(None, details=False)


def _record_by_record(data: bytes, engine: str) -> str:
    reader = LogReader(io.BytesIO(data), engine=engine)
    triage = Triage(RULES)
    for record in reader:
        triage.add(record)
    return json.dumps(report_dict(build_report(triage, reader.stats, "x")), sort_keys=True)


def _by_shape(data: bytes, engine: str) -> tuple[str, int]:
    repeats = 0
    original = LogReader.items

    def counting(self):
        nonlocal repeats
        for item in original(self):
            repeats += item.__class__ is tuple
            yield item

    LogReader.items = counting
    try:
        report = triage_stream(io.BytesIO(data), engine=engine, name="x")
    finally:
        LogReader.items = original
    return json.dumps(report_dict(report), sort_keys=True), repeats


def _failure(rng: random.Random, error: str, *, time: str | None = None, call_id: str | None = None,
             status: str = "404", tail: str = "") -> str:
    time = time or f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    call_id = call_id or f"{rng.getrandbits(64):016x}-1111-2222-{rng.getrandbits(32):08x}"
    port = rng.randrange(1024, 65536)
    return (f"{time} - LiteLLM Proxy:ERROR: common_request_processing.py:1545 - litellm.proxy.proxy_server."
            f"_handle_llm_api_exception(): Exception occured - litellm_call_id={call_id} - {error}{tail}\n"
            "Available Model Group Fallbacks=None\n"
            "Traceback (most recent call last):\n"
            '  File "<site-packages>/litellm/main.py", line 702, in acompletion\n'
            "    raise exception_type(\n"
            f"{error.split(' - ')[0]}\n"
            f'INFO:     127.0.0.1:{port} - "POST /chat/completions HTTP/1.1" {status} Not Found\n'
            f"{time} - LiteLLM Router:INFO: router.py:3671 - litellm.acompletion(model=openai/healthy) 200 OK\n"
            f'INFO:     127.0.0.1:{port + 1 if port < 65535 else 1024} - "POST /chat/completions HTTP/1.1" 200 OK\n')


_ERRORS = (
    "litellm.NotFoundError: OpenAIException - The model `missing-404` does not exist. Received Model Group=model-404",
    "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-abc***xyz. "
    "Received Model Group=bad-key",
    "litellm.RateLimitError: No deployments available for selected model, Try again in 60 seconds. Passed model=bad-key. "
    "pre-call-checks=False, cooldown_list=[('1f2e3d', {'Exception Received': 'x'})]",
)


def _repeats_log(seed: int, variants: bool) -> bytes:
    rng = random.Random(seed)
    parts = []
    for n in range(300):
        error = _ERRORS[n % len(_ERRORS)]
        if not variants or n % 7:
            parts.append(_failure(rng, error))
            continue
        case = n // 7 % 9
        if case == 0:  # a date before the time, and a fraction: other time lengths
            parts.append(_failure(rng, error, time=f"2026-12-05 10:00:{n % 60:02d},{n:03d}"))
        elif case == 1:  # call ids of other lengths, and with characters the shape does not take
            parts.append(_failure(rng, error, call_id="x" * (n % 40 + 1)))
            parts.append(_failure(rng, error, call_id=f"model=grp-{n}"))
        elif case == 2:  # a first line longer than the 2048 bytes the triage reads of a record
            parts.append(_failure(rng, error, tail=" " + "y" * 2100 + " model_group=late"))
        elif case == 3:  # colours
            parts.append(_failure(rng, error).replace("LiteLLM Proxy:ERROR", "LiteLLM Proxy:\x1b[31mERROR\x1b[0m", 1))
        elif case == 4:  # an access line that answers no error record: an HTTP group, then its repeats
            parts.append(f'INFO:     10.0.0.{n % 250}:{rng.randrange(1024, 65536)} - "GET /v1/models HTTP/1.1" 401 Unauthorized\n')
        elif case == 5:  # a crash in an endpoint answered with a 500
            parts.append("10:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:1 - Exception in ASGI application\n"
                         f'INFO:     127.0.0.1:{rng.randrange(1024, 65536)} - "POST /chat/completions HTTP/1.1" 500 Internal Server Error\n')
        elif case == 6:  # a fallback after the failure, and the echo of it
            parts.append(_failure(rng, error))
            parts.append("10:00:01 - LiteLLM Router:INFO: router.py:2 - Falling back to model_group = backup\n")
        elif case == 7:  # a non-UTF-8 byte after the call id, a backslash in the error
            parts.append(_failure(rng, error + " caf\xe9"))
            parts.append(_failure(rng, error + " a\\b"))
        else:  # the wrapper's words where the names are read
            parts.append(_failure(rng, error, call_id=f"abc-{n}").replace("litellm.proxy.proxy_server.", "model_group=inwrapper ", 1))
    if variants:  # an access line that a record keeps whole, then its repeat with a longer client, which it cuts
        path = "/v1/" + "p" * (MAX_RECORD - 56)  # the line is MAX_RECORD bytes with the first client, 52 more with the third
        for client in ("1.2.3.4:5", "1.2.3.4:5", "1" + "0" * 60):
            line = f'INFO:     {client} - "GET {path} HTTP/1.1" 404 Not Found\n'
            parts.append(line)
    text = "".join(parts)
    return text.encode("latin-1") if variants else text.encode()


@pytest.mark.parametrize("engine", engines())
@pytest.mark.parametrize("variants", [False, True])
def test_a_log_of_repeats_reads_the_same_by_shape(engine, variants):
    data = _repeats_log(3, variants)
    by_shape, repeats = _by_shape(data, engine)
    assert by_shape == _record_by_record(data, engine)
    assert repeats > 300  # most records were read by their shape


@pytest.mark.parametrize("engine", engines())
def test_the_lab_logs_and_every_framing_read_the_same_by_shape(engine):
    logs = [path.read_bytes() for path in sorted(FIXTURES.glob("*.log"))]
    logs.append(shapes.mixed_log(seed=3, copies=2)[0].encode())
    logs += [shapes.shape_log(name)[0].encode() for name, _fixture, _frame in shapes.PREFIX_SHAPES]
    for data in logs:
        assert _by_shape(data, engine)[0] == _record_by_record(data, engine)


def test_a_record_whose_call_id_holds_other_characters_has_no_shape():
    rng = random.Random(1)
    data = "".join(_failure(rng, _ERRORS[0], call_id=f"model=x{n}") for n in range(20)).encode()
    by_shape, repeats = _by_shape(data, "python")
    assert by_shape == _record_by_record(data, "python")
    assert repeats == 19  # the access lines only: each error record was read as a Record


def _review_log(seed: int) -> bytes:
    """Review (2026-12-06): near-repeats that differ only where the shape must not look away (the access line's
    status, the model group, the api_base on a continuation line), CRLF and tabs, two workers' records interleaved
    (the access lines answer out of order), time going backwards, and a repeat first seen at INFO."""
    rng = random.Random(seed)
    parts = []
    for n in range(240):
        error = _ERRORS[rng.randrange(len(_ERRORS))]
        case = n % 6
        if case == 0:
            parts.append(_failure(rng, error, status=rng.choice(["404", "401", "500", "429", "200"])))
        elif case == 1:
            parts.append(_failure(rng, error.replace("model-404", rng.choice(["grp-a", "grp-b"]))))
        elif case == 2:
            parts.append(_failure(rng, error, time=f"{23 - n // 12:02d}:00:00").replace("\n", "\r\n"))
        elif case == 3:
            parts.append(_failure(rng, error + "\tmodel_group=tab").replace(
                "Available Model Group Fallbacks=None", f"API Base: http://10.0.0.{rng.randrange(3)}:8000"))
        elif case == 4:  # two workers: both error records, then both access lines
            first, second = _failure(rng, error).split("INFO:", 1), _failure(rng, _ERRORS[0]).split("INFO:", 1)
            parts.append(first[0] + second[0] + "INFO:" + second[1] + "INFO:" + first[1])
        else:
            parts.append(_failure(rng, error).replace("LiteLLM Proxy:ERROR", rng.choice(["LiteLLM Proxy:INFO", "LiteLLM Proxy:ERROR"]), 1))
    return "".join(parts).encode()


def test_the_shapes_kept_are_bounded_in_bytes(monkeypatch):
    """Review (2026-12-06): a shape keeps its record's first line; a log whose every failure has a new 30 KB first
    line (an id in the error) kept one per failure, up to MAX_SHAPES of them (90 MB for a 91 MB log)."""
    from litellm_doctor import logs
    from litellm_doctor.logs.triage import MAX_SHAPE_BYTES

    made = []

    class Kept(Triage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(logs, "Triage", Kept)
    data = "".join(f"10:00:00 - LiteLLM Proxy:ERROR: x.py:1 - litellm.proxy.proxy_server._handle_llm_api_exception(): "
                   f"Exception occured - litellm_call_id=c{n} - {_ERRORS[0]} req_{n:06d} {'z' * 30000}\n"
                   f'INFO:     127.0.0.1:{1024 + n} - "POST /chat/completions HTTP/1.1" 404 Not Found\n'
                   for n in range(200)).encode()
    triage_stream(io.BytesIO(data), engine="python", name="x")
    kept = sum(len(part) for shape in made[0].shapes for part in shape[:-1] if isinstance(part, bytes))
    assert 0 < kept <= MAX_SHAPE_BYTES


def _edges_log(seed: int) -> bytes:
    """Ninety-third pass: the request shape's refusals, tested in a new order on `buf` (reader._request_shape): a call id
    ending at the 2048th byte of the first line, one before and one after; `Exception occured - ` twice, and in
    the header (before the message) where the first one is not the message's."""
    rng = random.Random(seed)
    parts = []
    head = len(_failure(rng, _ERRORS[0], call_id="c").split("litellm_call_id=")[0]) + len("litellm_call_id=")
    for n in range(30):
        error = _ERRORS[n % len(_ERRORS)]
        for length in range(2048 - head - 3 - 2, 2048 - head - 3 + 3):  # the id's ` - ` ends at bytes 2046..2050
            parts.append(_failure(rng, error, call_id="c" * length, time=f"10:00:{n:02d}"))
        parts.append(_failure(rng, "Exception occured - " + error))
        parts.append(_failure(rng, error).replace("common_request_processing.py:1545 - ", "Exception occured - ", 1))
        parts.append(_failure(rng, error).replace("LiteLLM Proxy:ERROR", "Exception occured - x:ERROR", 1))
    return "".join(parts).encode()


# The review's near repeats (CRLF, tabs, interleaved workers) and the ninety-third pass's request-shape edges: each log
# read by shape as record by record, with enough repeats that the shapes were used.
@pytest.mark.parametrize("log", [lambda: _review_log(5), lambda: _edges_log(11)], ids=["near-repeats", "request-shape-edges"])
@pytest.mark.parametrize("engine", engines())
def test_tricky_logs_read_the_same_by_shape(log, engine):
    data = log()
    by_shape, repeats = _by_shape(data, engine)
    assert by_shape == _record_by_record(data, engine)
    assert repeats > 100
