"""`diagnose --log` on LibreChat's and Continue's own logs (logs/applines.py, issue #9).

The logs are written by the apps' real loggers around the lab's real LiteLLM 1.103.0 error bodies
(tests/fixtures/app_logs/generate_app_logs.mjs), with successes and INFO noise between the failures; the
manifest says what was planted. Each failure is counted once, in the category its text has when pasted.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.logs import triage_log, triage_stream

HERE = Path(__file__).resolve().parents[1] / "fixtures"
LOGS_DIR = HERE / "app_logs"
MANIFEST = json.loads((LOGS_DIR / "manifest.json").read_text(encoding="utf-8"))
LOGS = sorted(MANIFEST["logs"])
FAILURE_KINDS = ("request", "log", "http")


def _by_category(report) -> dict[str, int]:
    out: Counter = Counter()
    for g in report.groups:
        if g.kind in FAILURE_KINDS:
            out[g.category] += g.count
    return dict(sorted(out.items()))


@pytest.mark.parametrize("name", LOGS)
def test_every_planted_failure_is_counted_once_in_its_category(name, engine):
    report = triage_log(str(LOGS_DIR / f"{name}.log"), engine=engine)
    expected = MANIFEST["logs"][name]
    assert _by_category(report) == expected["failures_by_category"]
    assert int(report.facts["log_failures"]) == len(expected["planted"])
    # Each failure's group is the one its scenario's text has: one group per distinct error.
    assert sorted(g.count for g in report.groups if g.kind in FAILURE_KINDS) == sorted(Counter(expected["planted"]).values())
    assert not any("does not know" in n for n in report.notes)


@pytest.mark.parametrize("scenario", sorted(MANIFEST["category"]))
def test_the_manifests_category_is_the_pasted_bodys(scenario):
    body = json.loads((HERE / "lab" / f"{scenario}.json").read_text(encoding="utf-8"))["body"]
    assert diagnose(json.dumps(body)).category == MANIFEST["category"][scenario]


@pytest.mark.parametrize("name", LOGS)
def test_small_chunks_give_the_same_groups(name, small_chunks):
    whole = triage_log(str(LOGS_DIR / f"{name}.log"))
    small_chunks(700)
    chunked = triage_stream(io.BytesIO((LOGS_DIR / f"{name}.log").read_bytes()))
    assert [(g.signature, g.count) for g in chunked.groups] == [(g.signature, g.count) for g in whole.groups]


def test_librechat_console_quotes_only_the_proxys_words():
    # `429 No deployments available ...` and `400 No connected db.` carry no `litellm`, under a lowercase
    # coloured `error` level: each is found, and read as pasted.
    report = triage_log(str(LOGS_DIR / "librechat-console.log"))
    cooldown = next(g for g in report.groups if g.rule_id == "LD-ROUTE-001")
    assert cooldown.count == 2 and cooldown.model_groups == ("cooldown-401",)
    assert "[api/server" not in cooldown.signature and "Unhandled error" not in cooldown.signature
    nodb = next(g for g in report.groups if "No connected db" in g.signature)
    assert nodb.count == 2 and nodb.category == diagnose("400 No connected db.").category


def test_cn_retries_are_attempts_and_the_last_error_the_failure():
    report = triage_log(str(LOGS_DIR / "cn-stderr.log"))
    expected = MANIFEST["logs"]["cn-stderr"]
    assert sum(g.failed_calls for g in report.groups) == expected["retried_attempts"]
    cooldown = next(g for g in report.groups if g.rule_id == "LD-ROUTE-001")
    # Two non-streaming sequences (3 retries each) and one streaming (8 shown): 3 failures, 14 attempts.
    assert (cooldown.kind, cooldown.count, cooldown.failed_calls) == ("log", 3, 14)
    assert any("14 failed attempt(s) retried" in n for n in cooldown.notes)
    # The request whose retry succeeded adds an attempt to its group, not a failure.
    rate = next(g for g in report.groups if g.rule_id == "LD-RATE-002")
    assert (rate.count, rate.failed_calls) == (1, 4)


@pytest.mark.parametrize("words", ["Retrying LLM API call (attempt 1/4) after 1000ms delay. Error: 429 ",
                                   "Retrying request (1/9). Error: 503 "])
def test_a_retry_that_succeeded_is_no_failure(words):
    lines = (LOGS_DIR / "cn-stderr.log").read_text(encoding="utf-8").split("\n")
    i = max(n for n, line in enumerate(lines) if line.startswith(words))
    # The retry went through: no next attempt, no last error after it.
    assert not lines[i + 2].startswith(("Retrying LLM API call (attempt 2/", "LLM API call failed", "Retrying request (2/", "Failed after"))
    report = triage_stream(io.BytesIO(("\n".join(lines[i:i + 2]) + "\n").encode()))
    assert report.facts["log_failures"] == "0"
    assert [(g.kind, g.failed_calls) for g in report.groups] == [("call", 1)]


def test_cn_log_model_group_is_unescaped_and_the_stack_is_the_records():
    report = triage_log(str(LOGS_DIR / "cn.log"))
    auth = next(g for g in report.groups if g.rule_id == "LD-AUTH-001")
    assert auth.count == 3 and auth.model_groups == ("bad-key",)
    assert all("\\n" not in m for g in report.groups for m in g.model_groups)


def test_info_lines_that_mention_an_error_are_not_failures():
    lines = [
        "2026-12-05 16:42:48 \x1b[32minfo\x1b[39m: \x1b[32m[ModelService] proxy reachable again after error: "
        "429 No deployments available for selected model\x1b[39m",
        "2026-12-05 16:42:48 \x1b[33mwarn\x1b[39m: \x1b[33m[getBalanceConfig] error: balance is not enabled\x1b[39m",
        "2026-12-05 16:42:48 info: retry after error: 400 No connected db.",
        '{"level":"info","message":"after error: 429 No deployments available for selected model"}',
        '2026-12-05 16:20:04.125 [3f9c2a71] [info]: Tool call finished {"output":"error: 400 No connected db."}',
    ]
    report = triage_stream(io.BytesIO(("\n".join(lines) + "\n").encode()))
    assert report.facts["log_failures"] == "0" and not report.groups


def test_the_app_probes_hit_exactly_their_literals():
    from litellm_doctor.logs.scan import APP_LITERALS, APP_PROBES, LITERALS, PY_PROBES, LiteralScanner

    near = [b"errors: ", b"rror: ", b"error ]: ", b"error\x1b[0m: ", b'"level":"Error"', b'"level": "error"', b"[error] :"]
    lines = [b"x " + lit + b" y" for lit in LITERALS + APP_LITERALS] + [b"x " + n + b" y" for n in near]
    data = b"\n".join(lines) + b"\n"
    hit = {data.count(b"\n", 0, p) for p in LiteralScanner(PY_PROBES + APP_PROBES).hits(data, len(data))}
    assert hit == set(range(len(LITERALS) + len(APP_LITERALS)))


def test_a_proxy_log_is_scanned_without_the_app_literals():
    # The common case pays nothing for them: they are looked for only when the log's start shows these apps' lines
    # (OpenHands' `ErrorObservation` among them).
    from litellm_doctor.logs.reader import LogReader

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    for path, apps in ((fixtures / "logs" / "proxy-default.log", False), (LOGS_DIR / "librechat-console.log", True),
                       (LOGS_DIR / "cn-stderr.log", True), (LOGS_DIR / "cn.log", True),
                       (fixtures / "app_framings" / "openhands_console.log", True)):
        with path.open("rb") as fh:
            reader = LogReader(fh)
            list(reader)
        assert reader.scanner.apps is apps, path.name


APPS = json.loads((HERE / "app_framings" / "js_apps.json").read_text(encoding="utf-8"))["apps"]


@pytest.mark.parametrize("scenario", sorted(APPS))
def test_cns_streaming_retry_words_paste_as_the_bare_body(scenario):
    # cn 1.5.47's streaming loop words its retries `Retrying request (n/9). Error: ...` and its end `Failed after 11
    # attempts. Last error: ...` (its bundle): pasted, they read as the proxy's body, as the other cn lines do.
    message = APPS[scenario]["continue_cli"].removeprefix("Error: ")
    text = f"Retrying request (1/9). Error: {message}\nFailed after 11 attempts. Last error: {message}"
    body = json.loads((HERE / "lab" / f"{scenario}.json").read_text(encoding="utf-8"))["body"]
    bare, pasted = diagnose(json.dumps(body)), diagnose(text)
    assert (pasted.category, pasted.diagnosis and pasted.diagnosis.rule_id) == (bare.category, bare.diagnosis and bare.diagnosis.rule_id)
    assert pasted.facts.get("status") == bare.facts.get("status")
