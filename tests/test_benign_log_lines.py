"""LiteLLM's INFO/DEBUG progress lines pasted alone, and pastes cut down to a log prefix (issue #9, HOLDOUT_EVAL.md
forty-first pass): neither shows a failure, so neither gets a failure category.

Each benign line is written as LiteLLM writes it (the file:line is 1.103.0's in /work/main/.venv; the same wordings are
in 1.108.14 and 1.110.2) and pasted three ways: bare, behind LiteLLM's log prefix (`HH:MM:SS - LiteLLM Proxy:INFO:
file.py:N - `) and as a `JSON_LOGS=True` record. Bare and prefixed they are log noise (LD-REQ-345 background health
check, LD-REQ-346 database / spend writer / key rotation, LD-REQ-347 settings loaded, LD-REQ-024 the set_verbose
notice); as a JSON record at INFO/DEBUG the reader already says "no error in these records" (unknown), or the rule
answers (a record whose message looks like an error; `rss_mb=412.7` no longer does since the forty-fourth pass,
tests/test_errorish_status.py). The failures on the same subjects keep a failure answer: none of the three rules
takes them."""

from __future__ import annotations

import json
import time

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import QUIET_NOTE
from litellm_doctor.diagnosis.estimate import prefix_only

NEW_RULES = {"LD-REQ-345", "LD-REQ-346", "LD-REQ-347"}

# (id, logger, level, file:line in 1.103.0, message, the rule)   logger None: a print (no prefix, no JSON record)
BENIGN = [
    ("hc-manager-init", "LiteLLM Proxy", "INFO", "proxy_server.py:4183", "Initialized shared health check manager", "LD-REQ-345"),
    ("hc-loop-started", "LiteLLM Proxy", "INFO", "proxy_server.py:4162", "background_health_check_loop_started interval_seconds=300 max_concurrency=None shared=False details=True thread_count=14 rss_mb=412.7", "LD-REQ-345"),
    ("hc-config", "LiteLLM Proxy", "INFO", "proxy_server.py:6381", "background_health_check_config enabled=True shared=False interval_seconds=300 max_concurrency=None details=True health_check_routing=False model_groups=None", "LD-REQ-345"),
    ("hc-cycle-start", "LiteLLM Proxy", "DEBUG", "proxy_server.py:4211", "background_health_check_cycle_start cycle_id=bg-3 model_count_total=4 model_count_enabled=4 interval_seconds=300 max_concurrency=None expected_peak_in_flight=4 shared=False thread_count=14 rss_mb=415.2", "LD-REQ-345"),
    ("hc-cycle-complete-0", "LiteLLM Proxy", "DEBUG", "proxy_server.py:4281", "background_health_check_cycle_complete cycle_id=bg-3 model_count_enabled=4 healthy_count=4 unhealthy_count=0 duration_ms=812.44 interval_seconds=300 thread_count=14 rss_mb=415.9", "LD-REQ-345"),
    ("hc-lock-acquired", "LiteLLM Proxy", "INFO", "shared_health_check_manager.py:83", "Pod litellm-7d9f6c-x2k4p acquired health check lock", "LD-REQ-345"),
    ("hc-pod-waited", "LiteLLM Proxy", "INFO", "shared_health_check_manager.py:281", "Pod litellm-7d9f6c-x2k4p using cached health check results after waiting 10s", "LD-REQ-345"),
    ("hc-cached-0", "LiteLLM Proxy", "INFO", "shared_health_check_manager.py:178", "Cached health check results for 4 healthy and 0 unhealthy endpoints", "LD-REQ-345"),
    ("router-strategy", "LiteLLM Router", "INFO", "router.py:1403", "Routing strategy: simple-shuffle", "LD-REQ-347"),
    ("router-alerting", "LiteLLM Router", "INFO", "router.py:14370", "\x1b[94m\nInitialized Alerting for litellm.Router\x1b[0m\n", "LD-REQ-347"),
    ("router-model-list", "LiteLLM Router", "DEBUG", "router.py:9374", "\nInitialized Model List ['gpt-4o', 'claude-sonnet-4']", "LD-REQ-347"),
    ("prisma-created", "LiteLLM Proxy", "DEBUG", "utils.py:4339", "Success - Created Prisma Client", "LD-REQ-346"),
    ("prisma-connect-called", "LiteLLM Proxy", "DEBUG", "utils.py:5506", "PrismaClient: connect() called Attempting to Connect to DB", "LD-REQ-346"),
    ("db-writer-connected", "LiteLLM Proxy", "INFO", "routing_prisma_wrapper.py:180", "[writer] DB connected", "LD-REQ-346"),
    ("spend-log-write", "LiteLLM Proxy", "DEBUG", "db_spend_update_writer.py:1316", "Writing spend log to db - request_id: chatcmpl-9f1c2a, spend: 0.000231", "LD-REQ-346"),
    ("spend-commit", "LiteLLM Proxy", "INFO", "db_spend_update_writer.py:1424", "Spend tracking - committing spend updates from Redis to DB: keys=3, users=1, teams=1, orgs=0, end_users=0, team_members=1, org_members=0, projects=0, tags=0, agents=0, model_access_groups=0", "LD-REQ-346"),
    ("spend-all-tables", "LiteLLM Proxy", "DEBUG", "db_spend_update_writer.py:443", "Runs spend update on all tables", "LD-REQ-346"),
    ("spend-lock", "LiteLLM Proxy", "DEBUG", "db_spend_update_writer.py:1397", "acquired lock for spend updates", "LD-REQ-346"),
    ("redis-config", "LiteLLM", "INFO", "_redis.py:1030", "Redis configuration: {'host': 'redis', 'port': 6379, 'password': '****'}", "LD-REQ-347"),
    ("cache-on-proxy", None, None, "proxy_server.py:5833", "\x1b[94m\nSetting Cache on Proxy", "LD-REQ-347"),
    ("success-callbacks", None, None, "proxy_server.py:6025", "\x1b[94m Initialized Success Callbacks - ['langfuse', 'prometheus'] \x1b[0m", "LD-REQ-347"),
    ("failure-callbacks", None, None, "proxy_server.py:6044", "\x1b[94m Initialized Failure Callbacks - ['sentry'] \x1b[0m", "LD-REQ-347"),
    ("search-tools", None, None, "proxy_server.py:5665", "\x1b[32mLiteLLM: Proxy initialized with Search Tools:\x1b[0m\n\x1b[32m    web-search (tavily)\x1b[0m", "LD-REQ-347"),
    ("session-reuse", "LiteLLM Proxy", "INFO", "proxy_server.py:1109", "SESSION REUSE: Created shared aiohttp session for connection pooling (ID: 140213377541200, limit=1000, limit_per_host=0)", "LD-REQ-347"),
    ("cost-map-scheduled", "LiteLLM Proxy", "INFO", "proxy_server.py:18619", "Model cost map reload scheduled for every 6 hours", "LD-REQ-347"),
    ("set-verbose-deprecated", "LiteLLM", "WARNING", "utils.py:894", "`litellm.set_verbose` is deprecated. Please set `os.environ['LITELLM_LOG'] = 'DEBUG'` for debug logs.", "LD-REQ-024"),
    ("key-rotation-start", "LiteLLM Proxy", "INFO", "key_rotation_manager.py:80", "Starting scheduled key rotation check...", "LD-REQ-346"),
    ("key-rotation-none", "LiteLLM Proxy", "DEBUG", "key_rotation_manager.py:89", "No keys are due for rotation at this time", "LD-REQ-346"),
    ("key-rotation-found", "LiteLLM Proxy", "INFO", "key_rotation_manager.py:92", "Found 2 keys due for rotation", "LD-REQ-346"),
    ("jwt-oidc-fetch", "LiteLLM Proxy", "DEBUG", "handle_jwt.py:891", "JWT Auth: Fetching OIDC discovery document from https://login.example.com/.well-known/openid-configuration", "LD-REQ-347"),
    ("jwt-oidc-resolved", "LiteLLM Proxy", "DEBUG", "handle_jwt.py:906", "JWT Auth: Resolved OIDC discovery https://login.example.com/.well-known/openid-configuration -> jwks_uri=https://login.example.com/keys", "LD-REQ-347"),
]

# The failures on the same subjects (1.103.0 file:line): no new rule takes them.
FAILURES = [
    ("hc-cycle-complete-unhealthy", "LiteLLM Proxy", "DEBUG", "proxy_server.py:4281", "background_health_check_cycle_complete cycle_id=bg-3 model_count_enabled=4 healthy_count=2 unhealthy_count=2 duration_ms=812.44 interval_seconds=300 thread_count=14 rss_mb=415.9"),
    ("hc-cached-unhealthy", "LiteLLM Proxy", "INFO", "shared_health_check_manager.py:178", "Cached health check results for 1 healthy and 3 unhealthy endpoints"),
    ("hc-save-failed", "LiteLLM Proxy", "WARNING", "_health_endpoints.py:899", "Failed to save background health checks to database: Can't reach database server at `db:5432`"),
    ("redis-connect-error", "LiteLLM", "ERROR", "redis_cache.py:671", "Error connecting to Sync Redis client"),
    ("prisma-not-connected", "LiteLLM Proxy", "DEBUG", "utils.py:5508", "PrismaClient: DB not connected, Attempting to Connect to DB"),
    ("jwt-no-public-key", "LiteLLM Proxy", "DEBUG", "handle_jwt.py:964", "JWT Auth: No matching public key found at https://login.example.com/keys: kid not in JWKS"),
    ("jwt-jwks-unreachable", "LiteLLM Proxy", "ERROR", "handle_jwt.py:966", "JWT Auth: JWKS endpoint https://login.example.com/keys unreachable: ConnectError"),
    ("key-rotation-setup-failed", "LiteLLM Proxy", "WARNING", "proxy_server.py:10538", "Failed to setup key rotation job: 'NoneType' object has no attribute 'db'"),
    ("key-rotation-no-prisma", "LiteLLM Proxy", "WARNING", "proxy_server.py:10536", "Key rotation enabled but prisma_client not available"),
    ("redis-ping-exception", "LiteLLM", "ERROR", "redis_cache.py:1728", "LiteLLM Redis Cache PING: - Got exception from REDIS : Error 111 connecting to redis:6379. Connection refused."),
    ("redis-connection-test-failed", "LiteLLM", "ERROR", "redis_cache.py:1822", "Redis connection test failed: Timeout connecting to server"),
    # the corpus's shape (proxy-prisma-could-not-connect-query-engine): the connect attempt, then its failure
    ("prisma-connect-then-failure", "LiteLLM Proxy", "DEBUG", "utils.py:5506", "PrismaClient: connect() called Attempting to Connect to DB\n14:52:58 - LiteLLM Proxy:DEBUG: utils.py:77 - LiteLLM Prisma Client Exception connect(): Could not connect to the query engine"),
    ("prisma-get-data-exception", "LiteLLM Proxy", "ERROR", "utils.py:4552", "LiteLLM Prisma Client Exception get_generic_data: Can't reach database server at `db:5432`"),
    ("cost-map-retry-failed", "LiteLLM", "WARNING", "get_model_cost_map.py:598", "LiteLLM: Background model cost map retry failed: ConnectTimeout"),
]


def forms(logger, level, where, message):
    """bare; LiteLLM's plain log prefix; LiteLLM's JSON_LOGS record (_logging.py JsonFormatter). A print has only the
    bare form."""
    if logger is None:
        return [("bare", message)]
    record = {"message": message, "level": level, "timestamp": "2026-12-06 01:02:03,456", "component": logger, "logger": where}
    return [("bare", message.strip("\n")), ("prefix", f"14:02:11 - {logger}:{level}: {where} - {message}"),
            ("json", json.dumps(record))]


def _cases(rows):
    return [pytest.param(form, text, *rest, id=f"{row[0]}-{form}")
            for row in rows for form, text in forms(*row[1:5]) for rest in [row[5:]]]


def _answer(text):
    report = diagnose(text)
    return report, report.category, report.diagnosis.rule_id if report.diagnosis else None


@pytest.mark.parametrize(("form", "text", "rule"), _cases(BENIGN))
def test_a_benign_line_pasted_alone_is_not_a_failure(form, text, rule):
    report, category, rule_id = _answer(text)
    if form == "json" and category == "unknown":
        assert rule_id is None and QUIET_NOTE in report.notes  # the reader's own "no error in these records"
    else:
        assert (category, rule_id) == ("other", rule)


@pytest.mark.parametrize(("form", "text"), _cases(FAILURES))
def test_a_failure_on_the_same_subject_is_not_log_noise(form, text):
    assert _answer(text)[2] not in NEW_RULES


@pytest.mark.parametrize(("text", "rule"), [
    # a benign line above the real error: the error's rule
    ("14:02:11 - LiteLLM Proxy:INFO: proxy_server.py:4183 - Initialized shared health check manager\n"
     "litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided", "LD-AUTH-001"),
    ("14:02:11 - LiteLLM Proxy:INFO: proxy_server.py:4183 - Initialized shared health check manager\n"
     "14:07:11 - LiteLLM Proxy:WARNING: _health_endpoints.py:899 - Failed to save background health checks to database: "
     "Can't reach database server at `db:5432`", "LD-DEPLOY-036"),
])
def test_a_benign_line_beside_a_failure_keeps_the_failure(text, rule):
    assert _answer(text)[2] == rule


# Pastes cut down to a log prefix (dev cuts of tests/corpus/cuts.py --more, and the header alone): unknown.
PREFIX_ONLY = [
    "10:18:37 - LiteLLM Proxy:DEBUG: user_api_key_auth.py:1698 - ",
    "16:39:17 - LiteLLM Proxy:DEBUG: common_request_processing.py",
    "8:08:37 - LiteLLM Proxy:ERROR: common_request_processing.py:",
    "10:11:30 - LiteLLM Proxy:ERROR: proxy_server.py:4276 - litel",
    "14:52:43 - LiteLLM Proxy:DEBUG: utils.py:1900 - PrismaClient",
    "03:39:18 - openhands:ERROR: agent_controller.py:242 - [Agent",
    "litellm-1  | 03:19:14 - LiteLLM Proxy:ERROR: common_request_",
    "2025-01-19 22:14:51,453 - 4920 - llm.py-llm:187 - ERROR: Lit",
    "2026-01-02 10:00:00,123 - LiteLLM Proxy - ERROR - ",
    "Traceback (most recent call last):",
    "12:00:01 - LiteLLM Proxy:ERROR: proxy_server.py:3001 - Traceback (most recent call last):",
    "12:00:01 - LiteLLM Proxy:ERROR: proxy_server.py:3001 - \nTraceback (most recent call last):",
]


@pytest.mark.parametrize("text", PREFIX_ONLY)
def test_a_paste_that_keeps_only_a_log_prefix_is_unknown(text):
    assert prefix_only(text)
    report, category, rule_id = _answer(text)
    assert (category, rule_id) == ("unknown", None)


@pytest.mark.parametrize("text", [
    # a class, a status, two words of the message: something is shown
    "12:00:01 - LiteLLM:ERROR: x.py:1 - litellm.RateLimitError",
    "12:00:01 - LiteLLM:ERROR: x.py:1 - 429",
    "09:55:31 - LiteLLM Proxy:ERROR: proxy_server.py:1103 - Error while restructuring",
    "ERROR:root:LiteLLM call failed: litellm.APIConnectionError:",
    # not a log prefix (no time, no level)
    "foo.py:12 - x",
    "PrismaClient",
    # a traceback header with a frame
    "Traceback (most recent call last):\n  File \"/app/main.py\", line 3, in <module>\n    raise RateLimitError()",
    # IPython's header names the class
    "ValueError                                Traceback (most recent call last)",
])
def test_a_prefix_with_something_after_it_is_read(text):
    assert not prefix_only(text)


def test_prefix_only_does_not_backtrack():
    start = time.perf_counter()
    for text in ("12:00:01 - " + "1" * 380, "1 " * 190 + "x y", "12:00:01 " + "- " * 190 + "a b"):
        prefix_only(text)
    assert time.perf_counter() - start < 0.05
