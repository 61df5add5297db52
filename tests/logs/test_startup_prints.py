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
