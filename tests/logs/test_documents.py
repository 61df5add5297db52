"""Logs exported as one JSON document (logs/document.py): each export of the lab's real proxy log gives the same
failures as the log itself, and a document we cannot read is never called clean."""

from __future__ import annotations

import io
import json

import pytest

from litellm_doctor.logs import document, triage_stream

from . import shapes
from .conftest import failures_by_category


def _triage(text: str | bytes):
    return triage_stream(io.BytesIO(text if isinstance(text, bytes) else text.encode("utf-8")))


def _plain():
    return _triage(shapes.shape_log("plain")[0])


@pytest.mark.parametrize("name", [s[0] for s in shapes.DOCUMENT_SHAPES])
def test_each_export_counts_the_planted_failures_exactly(name, engine):
    text, expected = shapes.shape_log(name)
    report = _triage(text)
    assert failures_by_category(report) == dict(expected)
    assert report.facts.get("log_shape") != "unrecognised"
    assert report.facts["log_framing"].startswith("one JSON document of ")


@pytest.mark.parametrize("name", ["gcloud-json", "aws-insights", "loki-query-range"])
def test_a_newest_first_export_is_read_in_time_order(name):
    # The cooldown's cause comes before it, and each access line goes with the error above it, as in the log itself.
    plain, exported = _plain(), _triage(shapes.shape_log(name)[0])
    assert [(g.category, g.count, g.rule_id, g.model_groups, g.explains) for g in exported.groups] == \
        [(g.category, g.count, g.rule_id, g.model_groups, g.explains) for g in plain.groups]


def test_each_record_becomes_one_line():
    # Line by line, no line of a pretty-printed array is a record: the triage said "no failures".
    text = shapes.shape_log("gcloud-json")[0]
    stream, records = document.as_record_lines(io.BytesIO(text.encode()))
    assert records == len(shapes._lines("proxy-default"))
    assert all("textPayload" in json.loads(line) for line in stream.read().decode().splitlines())


def test_a_document_of_unknown_shape_is_not_a_clean_bill():
    lines = shapes._lines("proxy-default")
    report = _triage(json.dumps({"export": {"rows": [{"text": line} for line in lines]}}, indent=2))
    assert report.facts["log_shape"] == "unrecognised"
    assert "not a clean bill of health" in report.notes[0]


@pytest.mark.parametrize("text", [
    '{"message": "LiteLLM: Proxy initialized", "level": "INFO", "timestamp": "2026-12-05T10:00:00"}\n',  # one record
    '[2026-12-05 10:00:01] INFO: proxy started\n[2026-12-05 10:00:02] INFO: ready\n',  # a log led by its time
    '{"message": "a", "level": "INFO"}\n{"message": "b", "level": "INFO"}\n',  # JSON lines
    '[pod/litellm-0/litellm] 10:00:01 - LiteLLM:INFO: x.py:1 - ready\n',
])
def test_logs_that_are_not_documents_are_read_as_lines(text):
    stream, records = document.as_record_lines(io.BytesIO(text.encode()))
    assert records is None and stream.read() == text.encode()
    assert _triage(text).facts.get("log_shape") != "unrecognised"


def test_a_document_over_the_bound_is_read_as_lines_and_proves_nothing(monkeypatch):
    monkeypatch.setattr(document, "MAX_DOCUMENT", 2000)
    text = shapes.shape_log("aws-log-events")[0]
    stream, records = document.as_record_lines(io.BytesIO(text.encode()))
    assert records == 0 and stream.read() == text.encode()  # nothing lost, nothing read twice


def test_a_byte_order_mark_is_no_obstacle():
    text, expected = shapes.shape_log("gcloud-json")
    assert failures_by_category(_triage(b"\xef\xbb\xbf" + text.encode())) == dict(expected)


@pytest.mark.parametrize("document_value", [[], {"events": []}, [1, "two"], {"hits": {"hits": [{"_id": 1}]}}])
def test_exports_without_records_hold_none(document_value):
    assert document.records_of(document_value) == []


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
@pytest.mark.parametrize("name", ["plain", "gcloud-json"])
def test_a_utf16_log_is_read_as_text(name, encoding, bom):
    # Windows PowerShell 5's `kubectl logs ... > proxy.log`: UTF-16 with a byte-order mark, refused as binary before.
    text, expected = shapes.shape_log(name)
    assert failures_by_category(_triage(bom + text.encode(encoding))) == dict(expected)


def test_utf16_decoding_survives_reads_that_split_a_character():
    text = "10:14:02 - LiteLLM Proxy:ERROR: x.py:1 - café ☕ 𝄞 done\n" * 50
    stream = document.as_utf8(io.BytesIO(b"\xff\xfe" + text.encode("utf-16-le")))
    out = b""
    while chunk := stream.read(7):  # odd sizes: half code units and half surrogate pairs at every cut
        out += chunk
    assert out.decode("utf-8") == text


@pytest.mark.parametrize("name", ["gcloud-json", "aws-log-events", "plain"])
def test_progress_ends_at_the_files_size(name):
    """The progress bar's end is the file's size: an export's records are counted as the file's bytes read, not as
    the (shorter) record lines made from them."""
    data = shapes.shape_log(name)[0].encode("utf-8")
    seen: list[int] = []
    triage_stream(io.BytesIO(data), on_progress=seen.append)
    assert seen and seen[-1] == len(data)
    assert seen == sorted(seen)
