"""A log exported as one JSON document instead of one record per line, turned into one JSON line per record.

The line reader (reader.py) and the collectors' framings (framing.py) read a log line by line. Some exports are a
single, usually pretty-printed, JSON document holding the records; read line by line, none of their lines is a
record, and a log full of failures came out as "no failures". The documents read here:

| export                                                  | the records                                       |
|---------------------------------------------------------|---------------------------------------------------|
| `gcloud logging read --format=json`, `az monitor log-analytics query`, any JSON array | the array's objects |
| `aws logs filter-log-events` / `get-log-events`         | `events`                                          |
| Google's `entries.list` API                             | `entries`                                         |
| Datadog's logs API (`/api/v2/logs/events`)              | `data[].attributes`                               |
| Elasticsearch / OpenSearch search (Kibana "Inspect")    | `hits.hits[]._source`                             |
| CloudWatch Logs Insights `get-query-results`            | `results`: lists of `{"field", "value"}`          |
| Loki's query API (`/loki/api/v1/query_range`)           | `data.result[].values`: `[time in ns, line]`      |

Each record becomes one compact JSON line, which framing.py then reads like any shipper's line (its message field,
its time). When every record carries a time, they are put in time order: `gcloud logging read` lists the newest
first, and the triage needs the error before the cooldown it caused. A document is read whole, so only up to
MAX_DOCUMENT bytes (such exports are small: CloudWatch pages hold 1 MB); a bigger or malformed one is read line
by line as before.
"""

from __future__ import annotations

import codecs
import io
import json
from typing import Any, BinaryIO

from .. import safejson
from ..boundedio import UTF16_BOMS, Chain  # noqa: F401 - Chain: used here, and by order.py and __init__
from .framing import message_of, stamp_of

MAX_DOCUMENT = 16 * 1024 * 1024
_HEAD = 64 * 1024


class Utf16AsUtf8:
    """A UTF-16 stream (its byte-order mark read already) read as UTF-8, decoded as it streams: Windows PowerShell 5
    writes `kubectl logs ... > proxy.log` as UTF-16, whose every other byte is a NUL, refused as binary before."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._pending = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self._pending) < n:
            raw = self._stream.read(n if n > 0 else -1)
            self._pending += self._decoder.decode(raw, final=not raw).encode("utf-8")
            if not raw or n < 0:
                break
        cut = len(self._pending) if n < 0 else n
        out, self._pending = self._pending[:cut], self._pending[cut:]
        return out


def as_utf8(stream: BinaryIO) -> BinaryIO:
    """The stream itself, or read as UTF-8 when it starts with a UTF-16 byte-order mark; a UTF-8 byte-order mark
    (a Windows editor's save, a downloaded GitHub Actions job log) is left out of the first line."""
    head = stream.read(2)
    if head == b"\xef\xbb":
        head += stream.read(1)
        if head == b"\xef\xbb\xbf":
            head = b""
    encoding = UTF16_BOMS.get(head)
    return Utf16AsUtf8(stream, encoding) if encoding else Chain(head, stream)


def as_record_lines(stream: BinaryIO) -> tuple[BinaryIO, int | None]:
    """(a stream of the log's lines, how many records it held as one JSON document). None: it is not one (text,
    JSON lines); 0: it looks like one, but is malformed, bigger than MAX_DOCUMENT or holds no records we know, so
    it is read line by line and finding nothing in it proves nothing."""
    head = stream.read(_HEAD)
    if not _may_be_document(head):
        return Chain(head, stream), None
    parts = [head]
    size = len(head)
    while size <= MAX_DOCUMENT:
        chunk = stream.read(min(1024 * 1024, MAX_DOCUMENT + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    data = b"".join(parts)
    if size > MAX_DOCUMENT:
        return Chain(data, stream), _unless_lines(head)
    try:
        document = safejson.loads(data.decode("utf-8-sig", "replace"))
    except ValueError:
        return Chain(data, stream), _unless_lines(head)
    records = records_of(document)
    if not records:
        # One log record alone (a JSON-lines log of one line) is a log, not an export we failed to read.
        return Chain(data, stream), None if isinstance(document, dict) and message_of(document) is not None else 0
    stamps = [stamp_of(r) for r in records]
    if all(stamps):
        if stamps[0] > stamps[-1]:
            records.reverse()  # newest first (gcloud): reversed first, so records of one instant keep their order
            stamps.reverse()
        records = [r for _, r in sorted(zip(stamps, records), key=lambda pair: pair[0])]
    lines = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    return io.BytesIO(lines.encode("utf-8", "replace")), len(records)


def _may_be_document(head: bytes) -> bool:
    """A JSON array of objects, or a JSON object that is not the first of several JSON lines: pretty-printed (its
    first line is not a whole object), or one line alone (an API's compact answer). A log line led by
    `[2025-06-01 ...]` or `[pod/x]` is not an array."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"["):
        return text[1:].lstrip()[:1] in (b"{", b"]")
    if not text.startswith(b"{"):
        return False
    first, _, rest = text.partition(b"\n")
    try:
        whole = isinstance(safejson.loads(first.decode("utf-8", "replace")), dict)
    except ValueError:
        whole = False
    return not whole or not rest.strip()


def _unless_lines(head: bytes) -> int | None:
    """A document that could not be read: 0 (see as_record_lines), unless its start is JSON lines after all (a first
    line longer than the head, or a log of one JSON line per record whose second line is cut)."""
    lines = [line for line in head.split(b"\n")[:-1] if line.strip()]
    try:
        return None if len(lines) >= 2 and all(isinstance(safejson.loads(line), dict) for line in lines[:2]) else 0
    except ValueError:
        return 0


def records_of(document: Any) -> list[dict]:
    """The log records a JSON document holds (see the module docstring); [] when it holds none we know."""
    if isinstance(document, list):
        return [r for r in document if isinstance(r, dict)]
    if not isinstance(document, dict):
        return []
    for key in ("events", "entries", "logs", "records"):
        if isinstance(document.get(key), list):
            return [r for r in document[key] if isinstance(r, dict)]
    data = document.get("data")
    if isinstance(data, list):  # Datadog: the record is in `attributes`
        return [r.get("attributes") if isinstance(r.get("attributes"), dict) else r for r in data if isinstance(r, dict)]
    if isinstance(data, dict) and isinstance(data.get("result"), list):  # Loki
        return [{"line": value[1], "timestamp": value[0]}
                for stream in data["result"] if isinstance(stream, dict) and isinstance(stream.get("values"), list)
                for value in stream["values"]
                if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)]
    hits = document.get("hits")
    if isinstance(hits, dict) and isinstance(hits.get("hits"), list):  # Elasticsearch / OpenSearch
        return [h["_source"] for h in hits["hits"] if isinstance(h, dict) and isinstance(h.get("_source"), dict)]
    results = document.get("results")
    if isinstance(results, list):  # CloudWatch Logs Insights: each row a list of {"field", "value"}
        return [{f["field"]: f.get("value") for f in row if isinstance(f, dict) and isinstance(f.get("field"), str)}
                for row in results if isinstance(row, list)]
    return []
