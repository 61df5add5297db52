"""The lab's real proxy logs re-framed the ways logs reach people, and an application's SDK log.

    text, expected = mixed_log(seed=3, copies=1)   # every shape, concatenated; expected failures/category

Each shape takes the real log lines captured from the lab (tests/fixtures/logs/*.log) and frames them as
a collector would: ANSI colours and level prefixes stripped, docker compose and kubectl prefixes,
journald (`-o cat`, `-o json`), docker json-file, Loki, Datadog, CloudWatch, OpenTelemetry, `docker`/`podman
logs -t`, a GitHub Actions job log; PREFIX_SHAPES are the text prefixes the reader learns from the log
(stern, `logcli query`, `aws logs tail`, journalctl, syslog files, heroku, fly, `gh run view --log`: prefixes.py). The SDK
shape is an application that calls LiteLLM and logs the exceptions it gets (Python logging formats,
bare prints, `logger.exception` tracebacks) among its own lines, including its own non-LiteLLM errors.
What was planted is known exactly, so a test (and benchmarks/log_triage.py) can check the counts.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_LITELLM_HEADER = re.compile(r"^\d\d:\d\d:\d\d - [^:\n]{1,60}:[A-Z]+: \S+ - ")
_UVICORN = re.compile(r"^(?:INFO|WARNING|ERROR|DEBUG|CRITICAL):\s+")


def _lines(name: str) -> list[str]:
    return (FIXTURES / f"{name}.log").read_text(encoding="utf-8").splitlines()


def _iso(second: int) -> str:
    return f"2026-12-05T{(second // 3600) % 24:02d}:{(second // 60) % 60:02d}:{second % 60:02d}.{second % 997:06d}Z"


def stripped(lines: list[str]) -> list[str]:
    """A shipper that removed the colours and the level prefixes (LiteLLM's and uvicorn's)."""
    return [_UVICORN.sub("", _LITELLM_HEADER.sub("", _ANSI.sub("", line))) for line in lines]


def compose(lines: list[str]) -> list[str]:
    return [f"litellm-1  | {line}" for line in lines]


def swarm(lines: list[str]) -> list[str]:
    """`docker service logs`: the Swarm task (service.slot.task-id@node) in a column, as compose's."""
    return [f"litellm_litellm.1.x8k2p0q9r7s6t5u4v3w2y1z0a@node-1    | {line}" for line in lines]


def kubectl(lines: list[str]) -> list[str]:
    """`kubectl logs --prefix --timestamps`."""
    return [f"[pod/litellm-7d9f8b6c4-x2lqp/litellm] {_iso(i)} {line}" for i, line in enumerate(lines)]


def journald_json(lines: list[str]) -> list[str]:
    return [json.dumps({"__REALTIME_TIMESTAMP": str(1_764_900_000_000_000 + i * 1000), "_SYSTEMD_UNIT": "litellm.service",
                        "_PID": "812", "MESSAGE": line}) for i, line in enumerate(lines)]


def docker_json(lines: list[str]) -> list[str]:
    return [json.dumps({"log": line + "\n", "stream": "stderr", "time": _iso(i)}) for i, line in enumerate(lines)]


def loki(lines: list[str]) -> list[str]:
    return [json.dumps({"labels": {"app": "litellm"}, "timestamp": _iso(i), "line": line}) for i, line in enumerate(lines)]


def datadog(lines: list[str]) -> list[str]:
    return [json.dumps({"service": "litellm", "status": "info", "host": "h1", "message": line, "date": _iso(i)})
            for i, line in enumerate(lines)]


def cloudwatch(lines: list[str]) -> list[str]:
    return [json.dumps({"timestamp": 1_764_900_000_000 + i, "logStreamName": "litellm/abc", "message": line})
            for i, line in enumerate(lines)]


def otel(lines: list[str]) -> list[str]:
    return [json.dumps({"timeUnixNano": str(1_764_900_000_000_000_000 + i), "severityText": "INFO",
                        "body": {"stringValue": line}, "attributes": []}) for i, line in enumerate(lines)]


def azure_containerapp(lines: list[str]) -> list[str]:
    """`az containerapp logs show --format json`: one object a line, the line in `Log`."""
    return [json.dumps({"TimeStamp": _iso(i).replace("Z", "+00:00"), "Log": line}) for i, line in enumerate(lines)]


def datadog_around_json_logs(lines: list[str]) -> list[str]:
    """A shipper around the proxy's `json_logs: true` output: the message field is LiteLLM's JSON line."""
    return [json.dumps({"service": "litellm", "message": line}) if line.startswith("{") else line for line in lines]


def _nocolor(lines: list[str]) -> list[str]:
    return [_ANSI.sub("", line) for line in lines]


def _at(second: int, digits: int = 6) -> tuple[str, str]:
    """(date, time with `digits` fractional digits) of the i-th line."""
    frac = f"{second * 7919 % 10**9:09d}"[:digits]
    return "2026-12-05", f"{(second // 3600) % 24:02d}:{(second // 60) % 60:02d}:{second % 60:02d}" + (f".{frac}" if digits else "")


# Collectors that write a text prefix before each line (issue #9). Each is written as the tool writes it, from its
# source or documentation where it could be had (see tests/corpus/HOLDOUT_EVAL.md, "Fifty-fourth pass").
_POD = "litellm-7d9f8b6c4-x2lqp"


def stern(lines: list[str]) -> list[str]:
    """stern's default template without colour (piped): `{{.PodName}} {{.ContainerName}} {{.Message}}`."""
    return [f"{_POD} litellm {line}" for line in lines]


def stern_color(lines: list[str]) -> list[str]:
    """stern with colour (a terminal, `--color always`): fatih/color's hi-cyan pod, cyan container."""
    return [f"\x1b[96m{_POD}\x1b[0m \x1b[36mlitellm\x1b[0m {line}" for line in lines]


def stern_namespaces(lines: list[str]) -> list[str]:
    """stern over several namespaces (`-A`, `-n a -n b`): the namespace first."""
    return [f"ai-gateway {_POD} litellm {line}" for line in lines]


def logcli(lines: list[str]) -> list[str]:
    """`logcli query --forward '{app="litellm"}'`, default output: RFC3339 time, the stream's labels, the line
    trimmed (strings.TrimSpace)."""
    labels = '{app="litellm", container="litellm", namespace="ai-gateway", pod="' + _POD + '"}'
    return [f"{'T'.join(_at(i, 0))}Z {labels} {line.strip()}" for i, line in enumerate(lines)]


def aws_logs_tail(lines: list[str]) -> list[str]:
    """`aws logs tail GROUP` (format detailed, the default; awscli/customizations/logs/tail.py): the event time
    (`isoformat(timespec='microseconds')`, UTC), the stream name, the message, right-stripped."""
    return [f"{'T'.join(_at(i))}+00:00 litellm/litellm/0a1b2c3d4e5f67890a1b2c3d4e5f6789 {line}".rstrip()
            for i, line in enumerate(lines)]


def aws_logs_tail_color(lines: list[str]) -> list[str]:
    """The same with `--color on`: colorama's green time and cyan stream, each reset."""
    return [f"\x1b[32m{'T'.join(_at(i))}+00:00\x1b[0m \x1b[36mlitellm/litellm/0a1b2c3d4e5f67890a1b2c3d4e5f6789\x1b[0m "
            f"{line}".rstrip() for i, line in enumerate(lines)]


_MON = "Dec"


def journalctl_short(lines: list[str]) -> list[str]:
    """`journalctl -u litellm` (short, the default; systemd 252 `%b %d %H:%M:%S`): the service's own output with
    its colours off (journalctl shows a message with control characters as `[N B blob data]` without `--all`)."""
    return [f"{_MON} 05 {_at(i, 0)[1]} lab-host litellm[812]: {line}" for i, line in enumerate(_nocolor(lines))]


def journalctl_short_precise(lines: list[str]) -> list[str]:
    """`journalctl -o short-precise`: the classic time with microseconds."""
    return [f"{_MON} 05 {_at(i)[1]} lab-host litellm[812]: {line}" for i, line in enumerate(_nocolor(lines))]


def journalctl_short_iso(lines: list[str]) -> list[str]:
    """`journalctl -o short-iso` (systemd 252: `%Y-%m-%dT%H:%M:%S%z`, an offset without a colon)."""
    return [f"{'T'.join(_at(i, 0))}+0000 lab-host litellm[812]: {line}" for i, line in enumerate(_nocolor(lines))]


def journalctl_short_iso_precise(lines: list[str]) -> list[str]:
    """`journalctl -o short-iso-precise`: microseconds, and a local offset."""
    return [f"{'T'.join(_at(i))}+0100 lab-host litellm[812]: {line}" for i, line in enumerate(_nocolor(lines))]


def _rsyslog_escape(line: str) -> str:
    # rsyslog's $EscapeControlCharactersOnReceive (on by default): a control character becomes # and its octal code.
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", lambda m: f"#{ord(m.group()):03o}", line).replace("\t", "#011")


def syslog_rfc3339(lines: list[str]) -> list[str]:
    """/var/log/syslog as Debian's rsyslog writes it (RSYSLOG_FileFormat: RFC 3339 time with microseconds, host,
    tag, message), control characters escaped."""
    return [f"{'T'.join(_at(i))}+00:00 lab-host litellm[812]: {_rsyslog_escape(line)}" for i, line in enumerate(lines)]


def syslog_traditional(lines: list[str]) -> list[str]:
    """RSYSLOG_TraditionalFileFormat (classic syslog files: `%TIMESTAMP% %HOSTNAME% %syslogtag%%msg%`, the day of
    month padded with a space)."""
    return [f"{_MON}  5 {_at(i, 0)[1]} lab-host litellm[812]: {_rsyslog_escape(line)}" for i, line in enumerate(lines)]


def docker_timestamps(lines: list[str]) -> list[str]:
    """`docker logs -t` (RFC3339NanoFixed, UTC: nine digits always)."""
    return [f"{'T'.join(_at(i, 9))}Z {line}" for i, line in enumerate(lines)]


def podman_timestamps(lines: list[str]) -> list[str]:
    """`podman logs -t` (RFC3339Nano in local time: trailing zeros dropped, an offset)."""
    return [f"{'T'.join(_at(i, 9)).rstrip('0').rstrip('.')}+01:00 {line}" for i, line in enumerate(lines)]


def podman_multi(lines: list[str]) -> list[str]:
    """`podman logs -t C1 C2`: each line led by its container's 12-character id."""
    return [f"3f4e5d6c7b8a {'T'.join(_at(i, 9)).rstrip('0').rstrip('.')}+01:00 {line}" for i, line in enumerate(lines)]


def heroku(lines: list[str]) -> list[str]:
    """`heroku logs`: Logplex's `time source[dyno]: line`; the CLI's colorize() trims each body (piped too)."""
    return [f"{'T'.join(_at(i))}+00:00 app[web.1]: {line.strip()}" for i, line in enumerate(lines)]


def fly(lines: list[str]) -> list[str]:
    """`fly logs`: time, `app[machine id]`, region, `[level]` and the message."""
    return [f"{'T'.join(_at(i, 0))}Z app[784e903f2d76e8] ams [info]{line}" for i, line in enumerate(lines)]


def github_actions(lines: list[str]) -> list[str]:
    """A GitHub Actions job log (downloaded, or the web view's raw log): each line led by a 7-digit UTC time."""
    return [f"{'T'.join(_at(i, 7))}Z {line}" for i, line in enumerate(lines)]


def gh_run_log(lines: list[str]) -> list[str]:
    """`gh run view --log`: the job and step names, tab-separated, before each line of the job's log."""
    return [f"smoke\tRun the proxy\t{'T'.join(_at(i, 7))}Z {line}" for i, line in enumerate(lines)]


# (shape name, fixture log it frames, framing function)
PROXY_SHAPES = (
    ("plain", "proxy-default", lambda lines: lines),
    ("stripped", "proxy-default", stripped),
    ("compose", "proxy-default", compose),
    ("swarm", "proxy-default", swarm),
    ("kubectl", "proxy-default", kubectl),
    ("journald-cat", "proxy-default", stripped),  # `journalctl -o cat` of a service whose colours were off
    ("journald-json", "proxy-default", journald_json),
    ("docker-json", "proxy-default", docker_json),
    ("loki", "proxy-default", loki),
    ("datadog", "proxy-default", datadog),
    ("cloudwatch", "proxy-default", cloudwatch),
    ("otel", "proxy-default", otel),
    ("azure-containerapp", "proxy-default", azure_containerapp),
    ("json-logs", "proxy-json", lambda lines: lines),
    ("datadog-json-logs", "proxy-json", datadog_around_json_logs),
    ("info-fallbacks-stripped", "proxy-info-fallbacks", stripped),
    # Collectors' prefixes the reader's line-start pattern knows by their shape (a leading ISO time, kubectl's column).
    ("kubectl-fallbacks", "proxy-info-fallbacks", kubectl),
    ("docker-timestamps", "proxy-default", docker_timestamps),
    ("docker-timestamps-fallbacks", "proxy-info-fallbacks", docker_timestamps),
    ("podman", "proxy-default", podman_timestamps),
    ("github-actions", "proxy-default", github_actions),
)

# Collectors' text prefixes that the reader learns from the log (logs/prefixes.py; issue #9), each over the log with
# tracebacks or the one with rescued calls. A learned prefix holds for the whole file, so these are not mixed into
# one file with the other shapes (mixed_log): a real file comes from one collector.
PREFIX_SHAPES = (
    ("stern", "proxy-default", stern),
    ("stern-fallbacks", "proxy-info-fallbacks", stern_color),
    ("stern-namespaces", "proxy-info-fallbacks", stern_namespaces),
    ("logcli", "proxy-default", logcli),
    ("logcli-fallbacks", "proxy-info-fallbacks", logcli),
    ("aws-logs-tail", "proxy-default", aws_logs_tail),
    ("aws-logs-tail-fallbacks", "proxy-info-fallbacks", aws_logs_tail_color),
    ("journalctl", "proxy-default", journalctl_short),
    ("journalctl-fallbacks", "proxy-info-fallbacks", journalctl_short_precise),
    ("journalctl-iso", "proxy-default", journalctl_short_iso),
    ("journalctl-iso-fallbacks", "proxy-info-fallbacks", journalctl_short_iso_precise),
    ("syslog", "proxy-default", syslog_rfc3339),
    ("syslog-fallbacks", "proxy-info-fallbacks", syslog_rfc3339),
    ("syslog-traditional", "proxy-default", syslog_traditional),
    ("syslog-traditional-fallbacks", "proxy-info-fallbacks", syslog_traditional),
    ("podman-fallbacks", "proxy-info-fallbacks", podman_multi),
    ("heroku", "proxy-default", heroku),
    ("heroku-fallbacks", "proxy-info-fallbacks", heroku),
    ("fly", "proxy-default", fly),
    ("fly-fallbacks", "proxy-info-fallbacks", fly),
    ("gh-run-log-fallbacks", "proxy-info-fallbacks", gh_run_log),
)

# Exports that are one JSON document (logs/document.py), each as its tool or API writes it: pretty-printed by the
# CLIs, compact from an API; newest first where the tool lists it so. One element: the whole document.
def gcloud_json(lines: list[str]) -> list[str]:
    """`gcloud logging read --format=json`: an array of LogEntry objects, newest first."""
    entries = [{"insertId": f"x{i:06d}", "logName": "projects/p/logs/stderr", "receiveTimestamp": _iso(i + 1),
                "resource": {"type": "k8s_container", "labels": {"container_name": "litellm"}},
                "severity": "ERROR", "textPayload": line, "timestamp": _iso(i)} for i, line in enumerate(lines)]
    return [json.dumps(entries[::-1], indent=2)]


def aws_log_events(lines: list[str]) -> list[str]:
    """`aws logs filter-log-events` (its JSON output): `events`, oldest first."""
    events = [{"logStreamName": "litellm/abc", "timestamp": 1_764_900_000_000 + i, "message": line,
               "ingestionTime": 1_764_900_001_000 + i, "eventId": str(i)} for i, line in enumerate(lines)]
    return [json.dumps({"events": events, "searchedLogStreams": []}, indent=4)]


def insights_results(lines: list[str]) -> list[str]:
    """`aws logs get-query-results` of a Logs Insights query (`fields @timestamp, @message | sort @timestamp desc`)."""
    rows = [[{"field": "@timestamp", "value": _iso(i)[:-4].replace("T", " ")}, {"field": "@message", "value": line},
             {"field": "@ptr", "value": f"p{i}"}] for i, line in enumerate(lines)]
    return [json.dumps({"results": rows[::-1], "statistics": {"recordsMatched": len(rows)}, "status": "Complete"}, indent=4)]


def elasticsearch(lines: list[str]) -> list[str]:
    """An Elasticsearch / OpenSearch `_search` answer (Filebeat's documents), compact as curl gets it."""
    hits = [{"_index": "filebeat-8", "_id": str(i), "_score": None, "_source": {"@timestamp": _iso(i), "message": line,
             "kubernetes": {"container": {"name": "litellm"}}}} for i, line in enumerate(lines)]
    return [json.dumps({"took": 4, "timed_out": False, "hits": {"total": {"value": len(hits)}, "hits": hits}})]


def datadog_api(lines: list[str]) -> list[str]:
    """Datadog's `/api/v2/logs/events` answer: each record's fields in `attributes`."""
    data = [{"id": f"AQ{i}", "type": "log", "attributes": {"timestamp": _iso(i), "message": line, "service": "litellm",
             "status": "info"}} for i, line in enumerate(lines)]
    return [json.dumps({"data": data, "meta": {"page": {}}, "links": {}})]


def loki_query_range(lines: list[str]) -> list[str]:
    """Loki's `/loki/api/v1/query_range` answer: `[time in ns, line]` pairs, newest first (its default direction)."""
    values = [[str(1_764_900_000_000_000_000 + i * 1_000_000), line] for i, line in enumerate(lines)]
    return [json.dumps({"status": "success", "data": {"resultType": "streams", "result": [
        {"stream": {"app": "litellm"}, "values": values[::-1]}]}})]


DOCUMENT_SHAPES = (
    ("gcloud-json", "proxy-default", gcloud_json),
    ("aws-log-events", "proxy-default", aws_log_events),
    ("aws-insights", "proxy-default", insights_results),
    ("elasticsearch", "proxy-default", elasticsearch),
    ("datadog-api", "proxy-default", datadog_api),
    ("loki-query-range", "proxy-default", loki_query_range),
)

# Real LiteLLM 1.103 exception texts (the last line of the lab's tracebacks, and the examples).
SDK_ERRORS = (
    ("auth", "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-*****9999. "
             "You can find your API key at https://platform.openai.com/account/api-keys."),
    ("quota_rate", "litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o-mini in "
                   "organization org-lab on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s."),
    ("timeout", "litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=30.0, "
                "time taken=30.5 seconds"),
    ("routing", "litellm.NotFoundError: NotFoundError: OpenAIException - The model `missing-404` does not exist or you do "
                "not have access to it."),
    ("deployment", "litellm.InternalServerError: InternalServerError: OpenAIException - Connection error."),
)


def sdk_app_log(rng: random.Random, failures: int) -> tuple[list[str], Counter]:
    """An application using the SDK: its own INFO lines, its own non-LiteLLM errors, and `failures`
    LiteLLM exceptions logged five ways."""
    out: list[str] = []
    planted: Counter = Counter()
    for n in range(failures * 4):
        stamp = f"2026-12-05 04:{(n // 60) % 60:02d}:{n % 60:02d},{n % 1000:03d}"
        out.append(f"{stamp} - myapp.worker - INFO - calling litellm.acompletion(model=gpt-4o) for job {n}")
        if n % 7 == 3:
            out.append(f"{stamp} - myapp.db - ERROR - could not save job {n}: connection pool exhausted")  # not LiteLLM
        if n % 4:
            continue
        category, text = SDK_ERRORS[rng.randrange(len(SDK_ERRORS))]
        planted[category] += 1
        way = rng.randrange(5)
        if way == 0:
            out.append(text)  # print(e)
        elif way == 1:
            out.append(f"{stamp} - myapp.worker - ERROR - completion failed: {text}")
        elif way == 2:
            out.append(f"ERROR:myapp.worker:{text}")
        elif way == 3:  # logger.exception: one failure, however many lines
            cls = text.split(":", 1)[0].replace("litellm.", "litellm.exceptions.")
            out += [
                f"{stamp} - myapp.worker - ERROR - completion failed",
                "Traceback (most recent call last):",
                '  File "/app/worker.py", line 41, in run',
                "    response = await litellm.acompletion(model=model, messages=messages)",
                '  File "/venv/lib/python3.12/site-packages/litellm/main.py", line 702, in acompletion',
                "    raise exception_type(",
                f"{cls}: {text}",
            ]
        else:  # traceback.print_exc(): a bare traceback
            cls = text.split(":", 1)[0].replace("litellm.", "litellm.exceptions.")
            out += [
                "Traceback (most recent call last):",
                '  File "/app/worker.py", line 41, in run',
                "    response = litellm.completion(model=model, messages=messages)",
                f"{cls}: {text}",
            ]
    return out, planted


def mixed_log(seed: int = 3, copies: int = 1, sdk_failures: int = 40) -> tuple[str, Counter]:
    """Every shape, concatenated `copies` times; (text, failures planted per category)."""
    rng = random.Random(seed)
    parts: list[str] = []
    expected: Counter = Counter()
    for _ in range(copies):
        for _name, fixture, frame in PROXY_SHAPES:
            parts.extend(frame(_lines(fixture)))
            expected.update(MANIFEST[fixture]["failures_by_category"])
        lines, planted = sdk_app_log(rng, sdk_failures)
        parts.extend(lines)
        expected.update(planted)
    return "\n".join(parts) + "\n", expected


def shape_log(name: str) -> tuple[str, Counter]:
    """One proxy shape alone."""
    for shape, fixture, frame in PROXY_SHAPES + PREFIX_SHAPES + DOCUMENT_SHAPES:
        if shape == name:
            return "\n".join(frame(_lines(fixture))) + "\n", Counter(MANIFEST[fixture]["failures_by_category"])
    raise KeyError(name)
