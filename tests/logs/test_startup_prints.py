"""Hundred-and-fourth pass: LiteLLM 1.110.2's other boot-time prints end the record before them.

1.110.2 writes every `print_startup_message` without colour when stdout is no terminal (`_logging.terminal_text`), so
a print that follows a record (a start-up warning, an error) was joined to it, as `Proxy initialized with` was before
the ninety-sixth pass. The lines are the wheel's own (litellm-1.110.2, call sites in reader._STARTUP_PRINT's comment).
A record's own `LiteLLM: ...` lines stay on it.
"""

from __future__ import annotations

import io

import pytest

from litellm_doctor.logs.reader import LogReader

ERROR = "12:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:1 - Exception occured - litellm.RateLimitError: boom\n"
PRINTS = [
    "LiteLLM: Proxy initialized with Search Tools:\n    web-search (tavily)\n",
    "LiteLLM Proxy: Starting server on 0.0.0.0:4000 with 1 workers\n\n",
    "LiteLLM Proxy: Using SSL with certfile: /c.pem and keyfile: /k.pem\n\n",
    "\nSetting Cache on Proxy\n",
    "Alerting: Initializing Weekly/Monthly Spend Reports\n",
    "Using log_config: /app/log.yaml\n",
    'LiteLLM: Test your local proxy with: "litellm --test" This runs an openai.ChatCompletion request to your proxy '
    "[In a new terminal tab]\n\n",
    "LiteLLM: Curl Command Test for your local proxy\n curl --location 'http://0.0.0.0:4000/chat/completions' \n\n",
    "Docs: https://docs.litellm.ai/docs/simple_proxy\n\n",
    "See all Router/Swagger docs on http://0.0.0.0:4000 \n\n",
    "LiteLLM: Auto-created PROMETHEUS_MULTIPROC_DIR=/tmp/litellm_prometheus_multiproc\n",
    "LiteLLM: Serving Prometheus metrics on 0.0.0.0:9090/metrics (pid 12)\n",
    "LiteLLM: Setup complete. Skipping server startup as requested.\n",
]


def _records(data: str) -> list:
    return list(LogReader(io.BytesIO(data.encode())))


@pytest.mark.parametrize("text", PRINTS, ids=lambda t: t.strip().split("\n")[0][:40])
def test_a_startup_print_ends_the_record_before_it(text):
    (error, *_rest) = _records(ERROR + text + "12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:2 - ok\n")
    assert error.text().rstrip("\n") == ERROR.rstrip("\n")


def test_a_records_own_litellm_lines_are_not_prints():
    own = ("12:00:00 - LiteLLM Proxy:ERROR: common_request_processing.py:2164 - Exception occured - boom\n\n"
           "LiteLLM: model group 'x' failed with the error above. No fallback was attempted.\n")
    (record,) = _records(own)
    assert "model group 'x'" in record.text()


# Hundred-and-thirteenth pass: 1.110.2's start-up warnings (`print_startup_warning`, colour stripped). The CLI prints
# most before uvicorn starts, so in a restarted container's log they follow the last record of the run before. The
# lines are the wheel's (call sites in reader._STARTUP_WARNING's comments).
WARNINGS = [
    "LiteLLM Proxy: --max_requests_before_restart 50 with --num_workers 1 does not recycle a worker. After 50 requests, "
    "health probes included, uvicorn exits the process, so the container restarts.\n\n",
    "LiteLLM Proxy: --enforce_prisma_migration_check is deprecated and has no effect, because the proxy always exits "
    "when database setup fails at startup. You can safely remove it.\n",
    "LiteLLM Proxy: --max_requests_before_restart_jitter has no effect without --max_requests_before_restart\n\n",
    "LiteLLM Proxy: --max_requests_before_restart_jitter requires uvicorn>=0.41.0, but installed uvicorn==0.35.0. "
    "Ignoring the flag.\n",
    "LiteLLM Proxy: --timeout_worker_healthcheck requires uvicorn>=0.37.0, but installed uvicorn==0.35.0. Ignoring the "
    "flag.\n",
    "LiteLLM Proxy: --use_v2_migration_resolver is deprecated and has no effect, because the v2 migration resolver is "
    "now the default.\n",
    "LiteLLM Proxy: Using the legacy (v1) migration resolver. It performs the diff-and-force recovery\n",
    "LiteLLM Proxy: --reload with --num_workers>1 requires uvicorn>=0.50.0 and an OS other than Windows\n",
    "LiteLLM: --max_requests_before_restart is not supported by Granian (Granian uses workers_lifetime)\n\n",
    "LiteLLM: --ciphers is not applied when using --run_granian.\n\n",
    "\nWarning: No policy_attachments configured. Policies will not be applied to any requests.\n\n",
    "Skipping the migration diff: litellm-proxy-extras has no Prisma runner. Error: No module named 'x'\n",
    "Timed out after 120s generating the migration diff. Raise LITELLM_PRISMA_TIMEOUT if this database needs longer.\n",
    "Failed to generate migration diff. Error: P1001: Can't reach database server\n",
    "\nLiteLLM Policy Engine: Loaded 2 policies\n\n  - pii -> all\n",
    "Changes to DB Schema detected\nRequired SQL commands:\nALTER TABLE x ADD COLUMN y TEXT;\n",
]


@pytest.mark.parametrize("text", WARNINGS, ids=lambda t: t.strip().split("\n")[0][:40])
def test_a_startup_warning_ends_the_record_before_it(text):
    (error, *_rest) = _records(ERROR + text + "12:00:01 - LiteLLM Proxy:INFO: proxy_server.py:2 - ok\n")
    assert error.text().rstrip("\n") == ERROR.rstrip("\n")


@pytest.mark.parametrize("line", [
    # a record's own line that only begins like a warning: not one of the wheel's sentences
    "LiteLLM Proxy: --max_requests_before_restart was set\n",
    "Changes to DB Schema detected in the last run\n",
    "Warning: No policy matched the request\n",
])
def test_lines_like_a_warning_stay_on_the_record(line):
    (error,) = _records(ERROR + line)
    assert line.strip() in error.text()


def test_a_restarted_containers_warnings_do_not_join_the_failed_start_before_them():
    # tests/fixtures/logs/by-hand/litellm-1.110.2-restart-startup-warnings.log: LiteLLM 1.110.2 started by hand with
    # `--max_requests_before_restart 50 --enforce_prisma_migration_check` and a callback that cannot be imported (the
    # start fails: uvicorn's `ERROR:    Application startup failed. Exiting.`), then started again with the same
    # flags and a good config, its output appended (as `docker logs` shows a restarted container's).
    from .conftest import FIXTURES

    data = (FIXTURES / "by-hand" / "litellm-1.110.2-restart-startup-warnings.log").read_bytes()
    assert data.count(b"LiteLLM Proxy: --max_requests_before_restart 50 with --num_workers 1") == 2
    records = list(LogReader(io.BytesIO(data)))
    (failed,) = [r for r in records if r.message.startswith("Application startup failed")]
    assert failed.text().rstrip("\n").endswith("Application startup failed. Exiting.")
    assert not any("does not recycle a worker" in r.text() or "is deprecated and has no effect" in r.text()
                   for r in records)
