"""LiteLLM's WARNING lines that report no failed request (issue #9, HOLDOUT_EVAL.md forty-eighth pass).

Each line is LiteLLM's own wording (file:line of 1.103.0 in /work/main/.venv; the same in 1.108.14 and 1.110.2 unless
said), pasted behind LiteLLM's log prefix or as a JSON_LOGS record. A warning with no error word says what LiteLLM did
instead (a fallback, a default, a skipped step): no estimate is made of it (estimate.quiet_lines, logrecords.calm), and
the note says what to paste instead. Log-noise rules answer the wordings they name; the actionable warnings whose cause
and fix are clear get a rule (LD-DEPLOY-348, -349, -369..-377 in the sixtieth and sixty-first passes, -380..-382 in the sixty-fourth); a warning above a request's error never takes its diagnosis."""

from __future__ import annotations

import json

import pytest

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.diagnosis.classify import QUIET_LINES_NOTE, QUIET_NOTE


def prefixed(where, message, logger="LiteLLM Proxy"):
    return f"14:02:11 - {logger}:WARNING: {where} - {message}"


def record(message, level="WARNING"):
    return json.dumps({"message": message, "level": level, "timestamp": "2026-12-06T01:02:03.456789"})


# (file:line, message): no error word; before this pass each got an estimate (the category it got, untouched)
CALM = [
    ("anthropic_passthrough_logging_handler.py:1193", "Router not available, using model name: gpt-4o"),  # routing 0.35
    ("prompt_shield.py:270", "Azure Prompt Shield: No user prompt found"),  # other 0.7
    ("logging_worker.py:140", "LoggingWorker: event loop changed; carried 3 pending and revived 1 dequeued logging task(s) onto the new loop"),  # other 0.79
    ("core_helpers.py:255", "Unmapped finish_reason 'end_turn', defaulting to 'stop'"),  # other 0.71
    ("proxy_server.py:2071", "UI at /app/ui has content but is not properly restructured. Will attempt to restructure in place."),  # other 0.54
    ("ui_sso.py:4150", "Userinfo endpoint returned 200 (body: {}), falling back to id_token"),  # auth 0.75
]


@pytest.mark.parametrize(("where", "message"), CALM)
def test_a_warning_that_reports_no_failure_gets_no_estimate(where, message):
    report = diagnose(prefixed(where, message))
    assert (report.answer, report.category) == ("unknown", "unknown")
    assert QUIET_LINES_NOTE in report.notes and "litellm-doctor diagnose --log" in QUIET_LINES_NOTE


@pytest.mark.parametrize(("where", "message"), CALM[:3])
def test_a_json_warning_record_that_reports_no_failure_gets_no_estimate(where, message):
    report = diagnose(record(message))
    assert (report.answer, report.category) == ("unknown", "unknown")
    assert QUIET_LINES_NOTE in report.notes


def test_a_quiet_json_record_says_what_to_paste_instead():
    report = diagnose(record("Initialized Model List ['gpt-4o']", level="INFO"))
    assert report.category == "unknown" and QUIET_NOTE in report.notes
    assert "ERROR line or traceback" in QUIET_NOTE and "diagnose --log FILE" in QUIET_NOTE


@pytest.mark.parametrize(("text", "rule"), [
    # get_model_cost_map.py:300 and :670: the cost-map fetch's retry and integrity fallback
    (prefixed("get_model_cost_map.py:300", "LiteLLM: model cost map fetch attempt 1/3 failed (ConnectTimeout); retrying in 2.0s", "LiteLLM"), "LD-REQ-014"),
    (record("LiteLLM: Fetched model cost map failed integrity check. Using local backup instead. url=https://example.com/m.json"), "LD-REQ-014"),
    # main.py:4065: the legacy client's credentials are still used
    (prefixed("main.py:4065", "'aws_bedrock_client' is a deprecated param. Please move to another auth method - https://docs.litellm.ai/docs/providers/bedrock#boto3---authentication.", "LiteLLM"), "LD-REQ-024"),
    # warnings.warn in noma.py:123, as Python prints it
    ("/usr/local/lib/python3.11/site-packages/litellm/proxy/guardrails/guardrail_hooks/noma/noma.py:123: DeprecationWarning: "
     "Guardrail provider 'noma' is deprecated. Please migrate to 'noma_v2'.\n  warnings.warn(", "LD-REQ-024"),
])
def test_a_noise_warning_a_rule_names_is_log_noise(text, rule):
    report = diagnose(text)
    assert (report.category, report.diagnosis.rule_id) == ("other", rule)


FAIL_CLOSED = ("general_settings.fail_closed_rate_limit_enforcement is enabled but no Redis is configured, so rate limits are enforced per "
               "pod from memory and the setting rejects nothing. Configure general_settings.coordination_redis (or "
               "REDIS_HOST/REDIS_PORT/REDIS_PASSWORD) to share the counters across pods and make the setting effective.")
FREE_TIER = "apply_search_free_tier is on but the proxy has no Redis, grounding is billed at full price"
AUDIT = "'audit_log_callbacks' is configured but audit logging is not enabled. Audit log callbacks will not fire."
# fifty-eighth pass: 1.103.0 _experimental/mcp_server/oauth_utils.py:120 (1.110.2 mcp_server/oauth_utils.py:149), and 1.110.2
# response_api_endpoints/endpoints.py:1996 (1.108.14 :1749)
BASE_URL = ("PROXY_BASE_URL='litellm.example.com' is not a valid http(s) URL (missing scheme or host) and will be ignored for MCP "
            "OAuth origin resolution. Set it to a full URL like https://litellm.example.com.")
WS_LIMIT = ("invalid general_settings.responses_websocket_session_limit_seconds='2h' (1 validation error for ConfigGeneralSettings); "
            "using default 3600.0s")


@pytest.mark.parametrize(("text", "rule"), [
    (prefixed("proxy_server.py:6257", "GENERIC_CLIENT_USE_PKCE=true but Redis is not configured for LiteLLM caching. PKCE verifiers will not be shared across instances — callbacks may land on a different pod than the login request and fail silently."), "LD-DEPLOY-348"),
    (record("Running 4 workers but Redis is not configured. Failed Admin UI sign-in attempts are counted per worker, so the effective limits are 4 times the configured values. Configure Redis to share one count across workers."), "LD-DEPLOY-348"),
    (prefixed("proxy_server.py:9620", "A proxy-wide budget (litellm.max_budget=100.0) is configured but no database is connected, so the budget will NOT be enforced and requests will never be blocked."), "LD-DEPLOY-349"),
    # fifty-first pass: 1.108.14 proxy_server.py:10383, search_free_tier.py:107; 1.103.0 proxy_server.py:6072 (and 1.98.1's wording)
    (prefixed("proxy_server.py:10383", FAIL_CLOSED), "LD-DEPLOY-358"),
    (record(FAIL_CLOSED), "LD-DEPLOY-358"),
    (prefixed("search_free_tier.py:107", FREE_TIER), "LD-DEPLOY-359"),
    (record(FREE_TIER), "LD-DEPLOY-359"),
    (prefixed("proxy_server.py:6072", AUDIT), "LD-DEPLOY-362"),
    (record("'audit_log_callbacks' is configured but 'store_audit_logs' is not enabled. Audit log callbacks will not fire until 'store_audit_logs: true' is added to litellm_settings."), "LD-DEPLOY-362"),
    (prefixed("oauth_utils.py:120", BASE_URL, "LiteLLM"), "LD-DEPLOY-366"),
    (record(BASE_URL), "LD-DEPLOY-366"),
    (prefixed("endpoints.py:1996", WS_LIMIT), "LD-DEPLOY-180"),
    (record(WS_LIMIT), "LD-DEPLOY-180"),
])
def test_an_actionable_warning_gets_its_rule(text, rule):
    report = diagnose(text)
    assert (report.category, report.diagnosis.rule_id) == ("deployment", rule)


@pytest.mark.parametrize("text", [
    prefixed("coordination_redis_endpoints.py:234", "Failed to write coordination-redis-settings audit log: Can't reach database server at `db:5432`"),  # an error word
    prefixed("token_exchange_provider.py:85", "MCP token exchange rejected as invalid_client (HTTP 401); check the gateway client credentials"),  # a status
    # no error word, but a failure word of the log-noise rules' vetoes (appcontext.WARNING_FAILURE_WORDS)
    prefixed("prisma_client.py:970", "Attempt 2 timed out after 30s"),
    prefixed("model_max_budget_limiter.py:136", "Ignoring unusable model_max_budget entry for gpt-4o; it cannot be enforced or tracked"),
    record("Ignoring unusable model_max_budget entry for gpt-4o; it cannot be enforced or tracked"),
    prefixed("proxy_server.py:2071", "UI at /app/ui has content but is not properly restructured.") + "\nlitellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached for gpt-4o",  # not a log line
])
def test_a_warning_that_shows_a_failure_is_still_read(text):
    report = diagnose(text)
    assert QUIET_LINES_NOTE not in report.notes and report.answer in ("rule", "estimate")


ERRORS = [
    ("litellm.AuthenticationError: AuthenticationError: OpenAIException - Incorrect API key provided: sk-proj-****abcd.", "LD-AUTH-001"),
    ("litellm.Timeout: Connection timed out after 600.0 seconds.", "LD-TIME-003"),
]
ABOVE = [
    prefixed("get_model_cost_map.py:655", "LiteLLM: Failed to fetch remote model cost map from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json: ConnectTimeout. Falling back to local backup.", "LiteLLM"),  # was: LD-REQ-014 took the diagnosis
    "LiteLLM: Parsed RSS feed has no valid posts. Falling back to local backup.",  # get_blog_posts.py:117, the same
    prefixed("bedrock_guardrails.py:1098", "Bedrock Guardrail: ApplyGuardrail rejected 3 content item(s) as too large; splitting into 2 + 1 and retrying each"),  # was: LD-REQ-015
    prefixed("anthropic_passthrough_logging_handler.py:1193", "Router not available, using model name: gpt-4o"),
]


@pytest.mark.parametrize("noise", ABOVE)
@pytest.mark.parametrize(("error", "rule"), ERRORS)
def test_a_warning_above_a_real_error_keeps_the_error_s_diagnosis(noise, error, rule):
    assert diagnose(error).diagnosis.rule_id == rule
    assert diagnose(noise + "\n" + error).diagnosis.rule_id == rule


@pytest.mark.parametrize(("where", "message"), [("proxy_server.py:10383", FAIL_CLOSED), ("search_free_tier.py:107", FREE_TIER),
                                                ("proxy_server.py:6072", AUDIT), ("oauth_utils.py:120", BASE_URL),
                                                ("endpoints.py:1996", WS_LIMIT)])
@pytest.mark.parametrize(("error", "rule"), ERRORS)
def test_an_actionable_warning_above_a_real_error_keeps_the_error_s_diagnosis(where, message, error, rule):
    assert diagnose(prefixed(where, message) + "\n" + error).diagnosis.rule_id == rule


# sixtieth pass: warnings that name a setting to change (dev half of the split by source module). File:line of the
# warning call in 1.103.0 / 1.108.14 / 1.110.2.
ROOT_PATHS = ("Both SERVER_ROOT_PATH='/litellm' and SERVER_ROOT_PATHS=('/api/llm', '/gateway') are set. A request matching a "
              "SERVER_ROOT_PATHS prefix overrides the scalar root_path for that request; unmatched requests keep SERVER_ROOT_PATH. "
              "Configure one mechanism or the other.")  # proxy_server.py:19207 / :21019 / :22592
SEMANTIC = "semantic-router not installed. Install with: pip install 'litellm[semantic-router]'. Error: No module named 'semantic_router'"  # hook.py:530 / :530 / :541
ZSCALER_INT = "ZSCALER_AI_GUARD_POLICY_ID env var is not a valid integer: policy-42"  # zscaler_ai_guard.py:113
ZSCALER_UNSET = ("Using /execute-policy endpoint without a valid policy_id. Ensure ZSCALER_AI_GUARD_POLICY_ID environment variable is set, "
                 "or provide policy_id via request/key/team metadata.")  # zscaler_ai_guard.py:124
QUEUE = ("Misconfigured queue thresholds: MAX_SIZE_IN_MEMORY_QUEUE (2000) >= LITELLM_ASYNCIO_QUEUE_MAXSIZE (1000). The spend aggregation "
         "check will never trigger because the asyncio.Queue blocks at 1000 items. Set MAX_SIZE_IN_MEMORY_QUEUE to a value less than "
         "LITELLM_ASYNCIO_QUEUE_MAXSIZE (recommended: 80% of it).")  # base_update_queue.py:27
SIXTIETH = [("proxy_server.py:22592", ROOT_PATHS, "LD-DEPLOY-369"), ("hook.py:541", SEMANTIC, "LD-DEPLOY-370"),
            ("zscaler_ai_guard.py:113", ZSCALER_INT, "LD-DEPLOY-371"), ("zscaler_ai_guard.py:124", ZSCALER_UNSET, "LD-DEPLOY-371"),
            ("base_update_queue.py:27", QUEUE, "LD-DEPLOY-372")]
SHORT_LOG = ("14:02:09 - LiteLLM Proxy:INFO: proxy_server.py:3012 - Initialized Model List ['gpt-4o']\n{}\n"
             "INFO:     Uvicorn running on http://0.0.0.0:4000 (Press CTRL+C to quit)")


@pytest.mark.parametrize(("where", "message", "rule"), SIXTIETH)
def test_a_warning_naming_its_setting_gets_its_rule(where, message, rule):
    for text in (message, prefixed(where, message), record(message), SHORT_LOG.format(prefixed(where, message))):
        report = diagnose(text)
        assert (report.category, report.diagnosis.rule_id) == ("deployment", rule)
        assert any("`" in step for step in report.findings[0].steps) and report.findings[0].rule_id == rule


@pytest.mark.parametrize(("where", "message", "rule"), SIXTIETH)
@pytest.mark.parametrize(("error", "error_rule"), ERRORS)
def test_a_sixtieth_pass_warning_above_a_real_error_keeps_the_error_s_diagnosis(where, message, rule, error, error_rule):
    assert diagnose(prefixed(where, message) + "\n" + error).diagnosis.rule_id == error_rule


def test_the_zscaler_policy_id_traceback_gets_the_rule():
    # ZscalerAIGuard.__init__ (1.110.2 zscaler_ai_guard.py:62) on ZSCALER_AI_GUARD_POLICY_ID=policy-42, as Python prints it
    text = ('  File "/usr/local/lib/python3.11/site-packages/litellm/proxy/guardrails/guardrail_hooks/zscaler_ai_guard/zscaler_ai_guard.py", line 62, in __init__\n'
            '    self.policy_id = policy_id if policy_id is not None else int(os.getenv("ZSCALER_AI_GUARD_POLICY_ID", -1))\n'
            '                                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n'
            "ValueError: invalid literal for int() with base 10: 'policy-42'")
    assert diagnose(text).diagnosis.rule_id == "LD-DEPLOY-371"


@pytest.mark.parametrize("text", [
    # MCP sampling's missing package (sampling_handler.py:59): not the semantic filter's
    prefixed("sampling_handler.py:59", "MCP sampling disabled: failed to import required types from mcp.types — No module named 'mcp'. This usually means the 'mcp' package is not installed or is an older version that does not support sampling. Install/upgrade with: pip install 'mcp>=1.1'", "LiteLLM"),
    # the resolve endpoint's warning (zscaler_ai_guard.py:131): another setting
    prefixed("zscaler_ai_guard.py:131", "Using /resolve-and-execute-policy endpoint without send_user_api_key_alias=true. The endpoint requires user-api-key-alias header to resolve the policy. Set send_user_api_key_alias to true or ensure the header is sent via other means."),
    "ValueError: invalid literal for int() with base 10: '10m'",
])
def test_the_sixtieth_pass_rules_stay_off_their_neighbours(text):
    rule = diagnose(text).diagnosis
    assert rule is None or rule.rule_id not in {"LD-DEPLOY-369", "LD-DEPLOY-370", "LD-DEPLOY-371", "LD-DEPLOY-372"}


# sixty-first pass: the sixtieth pass's held warnings, folded in (tuned, not a held-out figure). File:line of the warning
# call in 1.103.0 / 1.108.14 / 1.110.2; the SigNoz preset is in 1.108.14 and 1.110.2 only.
SIGNOZ_HOST = ("SigNoz: not exporting to key/team endpoint 'https://ingest.eu.signoz.cloud:443/v1/traces'. Add its host to "
               "litellm_settings.provider_url_destination_allowed_hosts to permit it")  # signoz.py - / :56 / :56
SIGNOZ_KEY = ("SigNoz: not exporting to key/team endpoint 'https://ingest.eu.signoz.cloud:443/v1/traces'. Set signoz_ingestion_key "
              "alongside it; a keyless collector needs the global callback")  # signoz.py - / :65 / :65
LANGFUSE_HOST = ("OTel V2: not exporting to key/team Langfuse host 'langfuse.internal.example.com'. Add it to "
                 "litellm_settings.provider_url_destination_allowed_hosts to permit it")  # destinations.py:28 / :28 / :28
RESOURCE_NO_URL = ("MCP server github-mcp sets upstream_resource=auto but has no url to derive a resource identifier from; omitting "
                   "the RFC 8707 resource parameter. Set upstream_resource to the exact resource identifier the authorization server "
                   "expects instead.")  # oauth_utils.py:714 / :849 / :811
RESOURCE_RELATIVE = ("MCP server github-mcp sets upstream_resource=auto but its url is not an absolute URI, so no RFC 8707 resource "
                     "identifier could be derived; omitting the resource parameter")  # oauth_utils.py:723 / :858 / :820
DROP_PARAMS = "LITELLM_DROP_PARAMS='yes please' is not a flag value, treating it as on. Set it to true or false"  # core_helpers.py:78 / :141 / :251
XFF_INVALID = ("Invalid mcp_xff_num_trusted_hops value 'two'; failing closed for MCP client IP resolution. Set it to a positive integer, "
               "or remove the setting to restore the legacy X-Forwarded-For path")  # ip_address_utils.py:262 / :265 / :265
XFF_BELOW = ("mcp_xff_num_trusted_hops=0 is below the minimum of 1; failing closed for MCP client IP resolution. Set it to a positive "
             "integer, or remove the setting to restore the legacy X-Forwarded-For path")  # ip_address_utils.py:270 / :273 / :273
SIXTY_FIRST = [("signoz.py:56", SIGNOZ_HOST, "LD-DEPLOY-373", "LiteLLM"), ("signoz.py:65", SIGNOZ_KEY, "LD-DEPLOY-373", "LiteLLM"),
               ("destinations.py:28", LANGFUSE_HOST, "LD-DEPLOY-374", "LiteLLM"),
               ("oauth_utils.py:811", RESOURCE_NO_URL, "LD-DEPLOY-375", "LiteLLM"), ("oauth_utils.py:723", RESOURCE_RELATIVE, "LD-DEPLOY-375", "LiteLLM"),
               ("core_helpers.py:251", DROP_PARAMS, "LD-DEPLOY-376", "LiteLLM"),
               ("ip_address_utils.py:265", XFF_INVALID, "LD-DEPLOY-377", "LiteLLM Proxy"), ("ip_address_utils.py:273", XFF_BELOW, "LD-DEPLOY-377", "LiteLLM Proxy")]
SIXTY_FIRST_RULES = {"LD-DEPLOY-373", "LD-DEPLOY-374", "LD-DEPLOY-375", "LD-DEPLOY-376", "LD-DEPLOY-377"}


@pytest.mark.parametrize(("where", "message", "rule", "logger"), SIXTY_FIRST)
def test_a_held_warning_naming_its_setting_gets_its_rule(where, message, rule, logger):
    line = prefixed(where, message, logger)
    for text in (message, line, record(message), SHORT_LOG.format(line)):
        report = diagnose(text)
        assert (report.category, report.diagnosis.rule_id) == ("deployment", rule)
        assert report.findings[0].rule_id == rule and any("`" in step for step in report.findings[0].steps)


@pytest.mark.parametrize(("where", "message", "rule", "logger"), SIXTY_FIRST)
@pytest.mark.parametrize(("error", "error_rule"), ERRORS)
def test_a_sixty_first_pass_warning_above_a_real_error_keeps_the_error_s_diagnosis(where, message, rule, logger, error, error_rule):
    assert diagnose(prefixed(where, message, logger) + "\n" + error).diagnosis.rule_id == error_rule


@pytest.mark.parametrize("text", [
    # a model's or a request's drop_params (router.py:9392, core_helpers.py:65 in 1.103.0): not the environment variable
    prefixed("router.py:9392", "model=gpt-4o drop_params='sometimes' is not a flag value, treating it as unset", "LiteLLM"),
    prefixed("core_helpers.py:65", "drop_params='maybe' is not a flag value, treating it as off", "LiteLLM"),
    # neighbours in ip_address_utils.py (1.110.2 :349, :99) and oauth_utils.py (:585), and New Relic's region fallback (newrelic.py:104)
    prefixed("ip_address_utils.py:349", "XFF header from untrusted IP 203.0.113.7, ignoring"),
    prefixed("ip_address_utils.py:99", "Invalid CIDR in mcp_trusted_proxy_ranges: 10.0.0.0/33, skipping"),
    prefixed("oauth_utils.py:585", "validate_trusted_redirect_uri: could not determine proxy origin, falling back to loopback + allowlist. error=missing Host header", "LiteLLM"),
    prefixed("newrelic.py:104", "New Relic: unknown newrelic_region 'apac'; supported regions: eu, us. Using the default (US) endpoint.", "LiteLLM"),
    # the settings named in an INFO or DEBUG line, nothing wrong
    "14:02:09 - LiteLLM:DEBUG: langfuse_otel.py:461 - Using Langfuse OTEL endpoint from host: https://langfuse.internal.example.com/api/public/otel",
])
def test_the_sixty_first_pass_rules_stay_off_their_neighbours(text):
    rule = diagnose(text).diagnosis
    assert rule is None or rule.rule_id not in SIXTY_FIRST_RULES


def test_a_noise_line_in_a_pasted_log_leaves_the_answer_to_the_line_with_a_fix():
    # LiteLLM 1.110.2's start-up lines on an offline host (sixty-first pass): the cost-map line is noise whose rule
    # outranks the DNS error it quotes; the drop_params warning below it is the answer, at its own confidence.
    pasted = (
        "08:32:34 - LiteLLM:WARNING: get_model_cost_map.py:794 - LiteLLM: Failed to fetch remote model cost map "
        "from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json: "
        "ConnectError fetching https://raw.githubusercontent.com/BerriAI/litellm/main/"
        "model_prices_and_context_window.json: [Errno -2] Name or service not known. Falling back to local backup.\n"
        "08:32:34 - LiteLLM:WARNING: core_helpers.py:251 - LITELLM_DROP_PARAMS='yes please' is not a flag value, "
        "treating it as on. Set it to true or false\n"
    )
    report = diagnose(pasted)
    assert report.diagnosis.rule_id == "LD-DEPLOY-376"
    # (hundred-and-fifty-eighth pass) 0.75, no longer 0.9: the estimate reads this paste as `other` (an unsupported
    # parameter's words) and classify._unconfirmed keeps a rule it disagrees with under 0.8
    assert report.diagnosis.confidence == 0.75
    assert "LD-REQ-014" in [f.rule_id for f in report.findings]
    # alone, the noise line is still noise
    assert diagnose(pasted.splitlines()[0]).diagnosis.rule_id == "LD-REQ-014"


# sixty-fourth pass: the last warnings with a fix. File:line of the warning call in 1.103.0 / 1.108.14 / 1.110.2.
JWT_UNSCOPED = ("JWT auth is enabled but neither JWT_AUDIENCE nor JWT_ISSUER is configured. Tokens minted by any application that "
                "shares the same IdP signing keys will be accepted. Set JWT_AUDIENCE (and ideally JWT_ISSUER) to scope this proxy.")  # handle_jwt.py:1079 / :1114 / :1114
SAMPLING = ("MCP sampling disabled: failed to import required types from mcp.types — {}. This usually means the 'mcp' package is not "
            "installed or is an older version that does not support sampling. Install/upgrade with: pip install 'mcp>=1.1'")  # sampling_handler.py:59 x3
SAMPLING_NO_MCP = SAMPLING.format("No module named 'mcp'")
SAMPLING_OLD_MCP = SAMPLING.format("cannot import name 'ToolUseContent' from 'mcp.types' (/usr/local/lib/python3.11/site-packages/mcp/types.py)")
DROP_MODEL = "model=gpt-4o drop_params='sometimes' is not a flag value, treating it as unset"  # router.py:9391 / router.py:10443 / registry.py:1129
DROP_VALUE = "drop_params=2 is not a flag value, treating it as unset"  # types/router.py:431 / :628 / :742 (logged as router.py)
DROP_SETTINGS = "litellm_settings.drop_params='maybe' is not a flag value, treating it as off"  # core_helpers.py:65 / :128 / :238
SIXTY_FOURTH = [("handle_jwt.py:1114", JWT_UNSCOPED, "LD-DEPLOY-380", "LiteLLM Proxy"),
                ("sampling_handler.py:59", SAMPLING_NO_MCP, "LD-DEPLOY-381", "LiteLLM"),
                ("sampling_handler.py:59", SAMPLING_OLD_MCP, "LD-DEPLOY-381", "LiteLLM"),
                ("registry.py:1129", DROP_MODEL, "LD-DEPLOY-382", "LiteLLM Router"),
                ("router.py:742", DROP_VALUE, "LD-DEPLOY-382", "LiteLLM"),
                ("core_helpers.py:238", DROP_SETTINGS, "LD-DEPLOY-382", "LiteLLM Proxy")]
SIXTY_FOURTH_RULES = {"LD-DEPLOY-380", "LD-DEPLOY-381", "LD-DEPLOY-382"}


@pytest.mark.parametrize(("where", "message", "rule", "logger"), SIXTY_FOURTH)
def test_a_last_warning_with_a_fix_gets_its_rule(where, message, rule, logger):
    line = prefixed(where, message, logger)
    for text in (message, line, record(message), SHORT_LOG.format(line)):
        report = diagnose(text)
        assert (report.category, report.diagnosis.rule_id) == ("deployment", rule)
        assert report.findings[0].rule_id == rule and report.findings[0].severity == "warning"
        assert any("`" in step for step in report.findings[0].steps)


@pytest.mark.parametrize(("where", "message", "rule", "logger"), SIXTY_FOURTH)
@pytest.mark.parametrize(("error", "error_rule"), ERRORS)
def test_a_sixty_fourth_pass_warning_above_a_real_error_keeps_the_error_s_diagnosis(where, message, rule, logger, error, error_rule):
    # before this pass MCP sampling's "No module named 'mcp'" took LD-DEPLOY-029 (severity error, "the proxy cannot
    # start") and with it the diagnosis of the 401 or the Timeout below it
    assert diagnose(prefixed(where, message, logger) + "\n" + error).diagnosis.rule_id == error_rule


def test_mcp_sampling_s_missing_package_is_not_the_proxy_extras():
    report = diagnose(prefixed("sampling_handler.py:59", SAMPLING_NO_MCP, "LiteLLM"))
    assert "LD-DEPLOY-029" not in [f.rule_id for f in report.findings]
    # the proxy's own missing mcp module is still LD-DEPLOY-029
    assert diagnose("ModuleNotFoundError: No module named 'mcp'").diagnosis.rule_id == "LD-DEPLOY-029"


@pytest.mark.parametrize(("text", "not_rule"), [
    # the SigNoz and the Langfuse allow-list warnings do not take each other's rule
    (prefixed("signoz.py:56", SIGNOZ_HOST, "LiteLLM"), "LD-DEPLOY-374"),
    (prefixed("destinations.py:28", LANGFUSE_HOST, "LiteLLM"), "LD-DEPLOY-373"),
    # the drop_params environment variable (treated as on) and the settings (ignored) keep their own rules
    (prefixed("core_helpers.py:251", DROP_PARAMS, "LiteLLM"), "LD-DEPLOY-382"),
    (prefixed("core_helpers.py:238", DROP_SETTINGS), "LD-DEPLOY-376"),
    (prefixed("registry.py:1129", DROP_MODEL, "LiteLLM Router"), "LD-DEPLOY-376"),
])
def test_sibling_warnings_stay_apart(text, not_rule):
    rule = diagnose(text).diagnosis
    assert rule is None or rule.rule_id != not_rule


@pytest.mark.parametrize("text", [
    # neighbours: sampling's request-time checks (sampling_handler.py:894, :937), a JWT refused (a real 401), the
    # UnsupportedParamsError that drop_params would have avoided (a failed request, its own rule)
    prefixed("sampling_handler.py:894", "MCP sampling: model access denied for model=gpt-4o: key not allowed", "LiteLLM"),
    prefixed("sampling_handler.py:937", "MCP sampling: budget check imports unavailable: No module named 'prisma'", "LiteLLM"),
    "litellm.proxy._types.ProxyException: Authentication Error - Invalid audience",
    "litellm.UnsupportedParamsError: openai does not support parameters: ['logit_bias'], for model=o1. To drop these, set "
    "`litellm.drop_params=True` or for proxy: `litellm_settings: drop_params: true`.",
    # the settings named in INFO / DEBUG lines, nothing wrong
    "14:02:09 - LiteLLM Proxy:DEBUG: handle_jwt.py:1130 - JWT decode kwargs: audience=api://litellm issuer=None",
    "14:02:09 - LiteLLM Proxy:INFO: proxy_server.py:7176 - litellm_settings.drop_params=True",
])
def test_the_sixty_fourth_pass_rules_stay_off_their_neighbours(text):
    rule = diagnose(text).diagnosis
    assert rule is None or rule.rule_id not in SIXTY_FOURTH_RULES
