"""LiteLLM's and uvicorn's start-up INFO lines pasted alone (issue #9, HOLDOUT_EVAL.md thirty-sixth pass): nothing
failed, so they are log noise (rule LD-REQ-312, other/benign_log_noise), as LD-REQ-310 answers the INFO lines that
report success. Each line is written as the source writes it (LiteLLM 1.103.0 in /work/main/.venv, 1.110.2 in
/work/venvs/litellm-newest, uvicorn 0.55.0 in both); with anything else in the text the rule stands back."""

from __future__ import annotations

import pytest

from litellm_doctor.diagnosis import diagnose

UVICORN = "  "  # uvicorn's default formatter pads `INFO:` to `INFO:     `
STARTUP_LINES = [
    # uvicorn 0.55.0 server.py:101 "Started server process [%d]"
    pytest.param("INFO:     Started server process [1]", id="uvicorn-started-process"),
    # uvicorn lifespan/on.py:48
    pytest.param("INFO:     Waiting for application startup.", id="uvicorn-waiting-startup"),
    # uvicorn lifespan/on.py:62
    pytest.param("INFO:     Application startup complete.", id="uvicorn-startup-complete"),
    # uvicorn config.py:607 / server.py:232 f"Uvicorn running on {addr_format} (Press CTRL+C to quit)"
    pytest.param("INFO:     Uvicorn running on http://0.0.0.0:4000 (Press CTRL+C to quit)", id="uvicorn-running-on"),
    # uvicorn server.py: "Uvicorn running on unix socket %s (Press CTRL+C to quit)"
    pytest.param("INFO:     Uvicorn running on unix socket /tmp/litellm.sock (Press CTRL+C to quit)", id="uvicorn-unix-socket"),
    # LiteLLM 1.103.0 proxy/proxy_server.py:6426, 1.110.2 :7501 (a print, green, then one line per model name :6443)
    pytest.param("LiteLLM: Proxy initialized with Config, Set models:\n    gpt-4o\n    claude-sonnet-4", id="litellm-initialized-with-config"),
    # LiteLLM 1.103.0 proxy/proxy_cli.py:553, 1.110.2 :757
    pytest.param("LiteLLM Proxy: Starting server on 0.0.0.0:4000 with 1 workers", id="litellm-starting-server-workers"),
    # LiteLLM 1.103.0 proxy/proxy_cli.py:418, 1.110.2 :608
    pytest.param("LiteLLM Proxy: Starting server on 0.0.0.0:4000 using Hypercorn", id="litellm-starting-server-hypercorn"),
    # uvicorn's and LiteLLM's colours kept (and LiteLLM's with the ESC byte lost in a copy), kubectl --timestamps
    pytest.param("\x1b[32mINFO\x1b[0m:     Uvicorn running on \x1b[1mhttp://0.0.0.0:4000\x1b[0m (Press CTRL+C to quit)", id="ansi-colours"),
    pytest.param("[32mLiteLLM: Proxy initialized with Config, Set models:[0m\n[32m    gpt-4o[0m", id="ansi-esc-lost"),
    pytest.param("2026-02-03T11:22:33.123456789Z INFO:     Application startup complete.\n"
                 "2026-02-03T11:22:33.223456789Z INFO:     Uvicorn running on http://0.0.0.0:4000 (Press CTRL+C to quit)", id="kubectl-timestamps"),
    # the whole start-up as `docker compose up` shows it (prefixes stripped by the reader), 1.103.0
    pytest.param("litellm-1  | INFO:     Started server process [1]\nlitellm-1  | INFO:     Waiting for application startup.\n"
                 "litellm-1  | LiteLLM: Proxy initialized with Config, Set models:\nlitellm-1  |     gpt-4o\n"
                 "litellm-1  | INFO:     Application startup complete.\n"
                 "litellm-1  | INFO:     Uvicorn running on http://0.0.0.0:4000 (Press CTRL+C to quit)", id="compose-startup"),
]


def _answer(text):
    report = diagnose(text)
    return report.category, report.diagnosis.rule_id if report.diagnosis else "estimate"


@pytest.mark.parametrize("text", STARTUP_LINES)
def test_a_startup_line_pasted_alone_is_log_noise(text):
    assert _answer(text) == ("other", "LD-REQ-312")


NOT_ALONE = [
    # the start-up did not complete (uvicorn lifespan/on.py: "Application startup failed. Exiting.")
    pytest.param("INFO:     Waiting for application startup.\nERROR:    Application startup failed. Exiting.", id="startup-failed"),
    # a real error after the start-up lines
    pytest.param("INFO:     Application startup complete.\nlitellm.AuthenticationError: AuthenticationError: OpenAIException - "
                 "Incorrect API key provided", id="error-after"),
    # uvicorn's access line for a refused request
    pytest.param("INFO:     Uvicorn running on http://0.0.0.0:4000 (Press CTRL+C to quit)\n"
                 "INFO:     172.18.0.1:51234 - \"POST /v1/chat/completions HTTP/1.1\" 401 Unauthorized", id="access-401"),
    # the port is taken (uvicorn: "[Errno 98] error while attempting to bind on address ...")
    pytest.param("INFO:     Started server process [1]\nERROR:    [Errno 98] error while attempting to bind on address "
                 "('0.0.0.0', 4000): address already in use", id="port-taken"),
    # a sentence, not the line
    pytest.param("After 'Application startup complete.' every request hangs", id="sentence"),
]


@pytest.mark.parametrize("text", NOT_ALONE)
def test_a_startup_line_with_anything_else_is_not_taken(text):
    assert _answer(text)[1] != "LD-REQ-312"
